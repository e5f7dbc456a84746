//! What callers may ask of an encouragement.

use chrono::{DateTime, Utc};

use crate::actor::Actor;
use crate::ids::{EncouragementId, MediaId, UserId};

/// A command for one encouragement stream.
#[derive(Debug, Clone, PartialEq)]
pub enum EncouragementCommand {
    /// Thank a cadre. Who: a resident who is not that cadre.
    Post(PostEncouragement),
    /// Like it, once per person. Who: any signed-in person except an auditor and the praised cadre.
    Like(LikeEncouragement),
    /// Comment on it. Who: any signed-in person except an auditor.
    Comment(CommentOnEncouragement),
}

impl EncouragementCommand {
    /// Who issues the command; the engine also records it in the log's metadata.
    pub fn by(&self) -> &Actor {
        match self {
            EncouragementCommand::Post(c) => &c.by,
            EncouragementCommand::Like(c) => &c.by,
            EncouragementCommand::Comment(c) => &c.by,
        }
    }

    /// The time the command is decided at.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            EncouragementCommand::Post(c) => c.at,
            EncouragementCommand::Like(c) => c.at,
            EncouragementCommand::Comment(c) => c.at,
        }
    }
}

/// Post an encouragement into an empty stream.
#[derive(Debug, Clone, PartialEq)]
pub struct PostEncouragement {
    /// The id the caller generated; names the stream.
    pub encouragement_id: EncouragementId,
    /// The cadre being thanked.
    pub cadre: UserId,
    /// The words of thanks (1–500 characters).
    pub text: String,
    /// Photos (e.g. the repaired road), at most nine.
    pub media: Vec<MediaId>,
    /// A resident.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Like an encouragement.
#[derive(Debug, Clone, PartialEq)]
pub struct LikeEncouragement {
    /// Who likes it.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Comment on an encouragement.
#[derive(Debug, Clone, PartialEq)]
pub struct CommentOnEncouragement {
    /// The comment (1–300 characters).
    pub text: String,
    /// Who comments (the praised cadre may answer).
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}
