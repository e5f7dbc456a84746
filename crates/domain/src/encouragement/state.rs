//! An encouragement as it stands.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::event::EncouragementEvent;
use crate::ids::{EncouragementId, UserId};

/// The state of an encouragement stream: `None` until posted.
pub type EncouragementState = Option<EncouragementRecord>;

/// A posted encouragement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EncouragementRecord {
    /// Its id.
    pub id: EncouragementId,
    /// The resident who posted it.
    pub author: UserId,
    /// The cadre thanked, so the cadre cannot like their own praise.
    pub cadre: UserId,
    /// When posted.
    pub posted_at: DateTime<Utc>,
    /// Who liked it, so each person likes once; its size is the like count.
    pub likes: BTreeSet<UserId>,
    /// How many comments; the next comment's number is one more.
    pub comment_count: u32,
}

pub(crate) fn evolve(state: EncouragementState, event: &EncouragementEvent) -> EncouragementState {
    match (state, event) {
        (None, EncouragementEvent::Posted(e)) => Some(EncouragementRecord {
            id: e.encouragement_id,
            author: e.author,
            cadre: e.cadre,
            posted_at: e.at,
            likes: BTreeSet::new(),
            comment_count: 0,
        }),
        (Some(mut r), EncouragementEvent::Liked(e)) => {
            r.likes.insert(e.user);
            Some(r)
        }
        (Some(mut r), EncouragementEvent::Commented(e)) => {
            r.comment_count = r.comment_count.max(e.number);
            Some(r)
        }
        (state, _) => state,
    }
}
