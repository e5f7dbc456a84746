//! `media.purged`: the retention policy removed media blobs.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::PrivacyError;
use crate::actor::Actor;
use crate::aggregate::Aggregate;
use crate::event::domain_events;
use crate::ids::MediaId;
use crate::validate;

domain_events! {
    /// Every fact of the `retention` stream.
    pub enum RetentionEvent {
        /// Blobs were removed from the media store.
        MediaPurged(MediaPurged) = ("media.purged", 1),
    }
}

/// `media.purged` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaPurged {
    /// The removed blobs, sorted; never one that an earlier `media.purged` named.
    pub media: Vec<MediaId>,
    /// The rule that selected them, e.g. `complaint closed more than 180 days ago`.
    pub rule: String,
    /// The operator (`linli purge`).
    pub by: Actor,
    /// When.
    pub at: DateTime<Utc>,
}

/// Record that blobs are being removed under a rule.
#[derive(Debug, Clone, PartialEq)]
pub struct PurgeMedia {
    /// The blobs (at most [`PurgeMedia::MAX`] per command).
    pub media: Vec<MediaId>,
    /// The rule, in words (1–200 characters).
    pub rule: String,
    /// The operator.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

impl PurgeMedia {
    /// Blobs per event; a larger purge is several events.
    pub const MAX: usize = 500;
}

/// The blobs purged so far.
pub type RetentionState = BTreeSet<MediaId>;

/// The retention record.
#[derive(Debug, Clone, Copy, Default)]
pub struct Retention;

impl Aggregate for Retention {
    const NAME: &'static str = "retention";
    type Command = PurgeMedia;
    type Event = RetentionEvent;
    type State = RetentionState;
    type Error = PrivacyError;

    fn decide(
        cmd: &PurgeMedia,
        purged: &RetentionState,
    ) -> Result<Vec<RetentionEvent>, PrivacyError> {
        if !cmd.by.is_system() {
            return Err(PrivacyError::NotAllowed {
                actor: cmd.by,
                reason: "only the operator purges media",
            });
        }
        let rule = validate::text("rule", &cmd.rule, 200)?;
        validate::unique_list("media", &cmd.media, PurgeMedia::MAX)?;
        // A blob is purged once; naming it again (a retried run) records nothing more.
        let mut media: Vec<MediaId> = cmd
            .media
            .iter()
            .filter(|m| !purged.contains(*m))
            .cloned()
            .collect();
        if media.is_empty() {
            return Ok(vec![]);
        }
        media.sort();
        Ok(vec![MediaPurged {
            media,
            rule,
            by: cmd.by,
            at: cmd.at,
        }
        .into()])
    }

    fn evolve(mut purged: RetentionState, event: &RetentionEvent) -> RetentionState {
        match event {
            RetentionEvent::MediaPurged(e) => purged.extend(e.media.iter().cloned()),
        }
        purged
    }
}
