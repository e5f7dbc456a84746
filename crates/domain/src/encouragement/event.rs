//! The facts an encouragement stream records.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::actor::Actor;
use crate::event::domain_events;
use crate::ids::{EncouragementId, MediaId, UserId};

domain_events! {
    /// Every fact about an encouragement.
    pub enum EncouragementEvent {
        /// A resident thanked a cadre.
        Posted(EncouragementPosted) = ("encouragement.posted", 1),
        /// Someone liked it.
        Liked(EncouragementLiked) = ("encouragement.liked", 1),
        /// Someone commented.
        Commented(EncouragementCommented) = ("encouragement.commented", 1),
    }
}

/// `encouragement.posted` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EncouragementPosted {
    /// Its id, repeated from the stream name so the event stands alone in exports.
    pub encouragement_id: EncouragementId,
    /// The resident who posted it.
    pub author: UserId,
    /// The cadre thanked; what the cadre's praise count and the dashboard key on.
    pub cadre: UserId,
    /// The words (trimmed).
    pub text: String,
    /// Photos.
    pub media: Vec<MediaId>,
    /// When.
    pub at: DateTime<Utc>,
}

/// `encouragement.liked` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EncouragementLiked {
    /// Who liked it; each person once.
    pub user: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `encouragement.commented` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EncouragementCommented {
    /// 1 for the first comment, then 2, …: a stable handle for moderation.
    pub number: u32,
    /// Who commented, and in which role.
    pub author: Actor,
    /// The comment (trimmed).
    pub text: String,
    /// When.
    pub at: DateTime<Utc>,
}
