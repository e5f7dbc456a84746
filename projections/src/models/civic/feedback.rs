//! Feedback: each piece whole with its replies, an index per author, and one newest-first
//! index for managers.

use chrono::{DateTime, Utc};
use linli_domain::civic::feedback::{FeedbackEvent, FeedbackKind};
use linli_domain::{FeedbackId, MediaId, UserId};
use linli_engine::codec::CivicEvent;
use linli_engine::AnyEvent;
use serde::{Deserialize, Serialize};

use super::{item, page_of_items, staged_item, to_json};
use crate::error::ProjectionError;
use crate::models::common::{micros, uid, Key, Page, PageOf};
use crate::runtime::{Envelope, Projection, Serving, Staged};

/// The projection's id.
pub const ID: &str = "feedback";
/// Bump when the stored layout or the fold changes.
pub const VERSION: u32 = 1;

/// `[1][feedback]` → JSON [`FeedbackView`].
const ITEM: u8 = 1;
/// `[2][author][submitted desc][feedback]` → empty.
const BY_AUTHOR: u8 = 2;
/// `[3][submitted desc][feedback]` → empty.
const ALL: u8 = 3;

/// Open or closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FeedbackStatus {
    /// Waiting for (more) answers.
    Open,
    /// A manager closed it.
    Closed,
}

/// A manager's reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackReply {
    /// The answer.
    pub text: String,
    /// The manager.
    pub by: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// A piece of feedback with its replies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackView {
    /// The feedback.
    pub id: FeedbackId,
    /// What kind.
    pub kind: FeedbackKind,
    /// What the resident said.
    pub text: String,
    /// Screenshots.
    pub media: Vec<MediaId>,
    /// The resident.
    pub author: UserId,
    /// Open or closed.
    pub status: FeedbackStatus,
    /// The managers' replies, oldest first.
    pub replies: Vec<FeedbackReply>,
    /// When submitted.
    pub submitted_at: DateTime<Utc>,
    /// When closed.
    pub closed_at: Option<DateTime<Utc>>,
}

fn item_key(id: u128) -> Vec<u8> {
    Key::new(ITEM).id(id).build()
}

/// Folds feedback events.
#[derive(Debug, Default)]
pub struct FeedbackProjection;

impl Projection<AnyEvent> for FeedbackProjection {
    fn apply(
        &mut self,
        envelope: &Envelope<AnyEvent>,
        staged: &mut Staged<'_>,
    ) -> Result<(), ProjectionError> {
        let AnyEvent::Civic(CivicEvent::Feedback(id, event)) = &envelope.event else {
            return Ok(());
        };
        let raw = id.as_uuid().as_u128();
        let view = match event {
            FeedbackEvent::Submitted(e) => {
                let at = micros(e.at);
                staged.insert(
                    Key::new(BY_AUTHOR)
                        .id(uid(e.author))
                        .time_desc(at)
                        .id(raw)
                        .build(),
                    Vec::new(),
                );
                staged.insert(Key::new(ALL).time_desc(at).id(raw).build(), Vec::new());
                FeedbackView {
                    id: *id,
                    kind: e.kind,
                    text: e.text.clone(),
                    media: e.media.clone(),
                    author: e.author,
                    status: FeedbackStatus::Open,
                    replies: Vec::new(),
                    submitted_at: e.at,
                    closed_at: None,
                }
            }
            FeedbackEvent::Replied(e) => {
                let Some(mut view) = staged_item::<FeedbackView>(staged, &item_key(raw))? else {
                    return Ok(());
                };
                view.replies.push(FeedbackReply {
                    text: e.text.clone(),
                    by: e.by,
                    at: e.at,
                });
                view
            }
            FeedbackEvent::Closed(e) => {
                let Some(mut view) = staged_item::<FeedbackView>(staged, &item_key(raw))? else {
                    return Ok(());
                };
                view.status = FeedbackStatus::Closed;
                view.closed_at = Some(e.at);
                view
            }
        };
        staged.insert(item_key(raw), to_json(&view));
        Ok(())
    }
}

/// Reads feedback.
#[derive(Debug, Clone)]
pub struct FeedbackBox {
    /// The serving tree.
    serving: Serving,
}

impl FeedbackBox {
    /// A reader over the serving build.
    pub fn new(serving: Serving) -> Self {
        FeedbackBox { serving }
    }

    /// The projection handle (for `wait_for`).
    pub fn serving(&self) -> &Serving {
        &self.serving
    }

    /// One piece of feedback.
    pub fn feedback(&self, id: FeedbackId) -> Result<Option<FeedbackView>, ProjectionError> {
        item(&self.serving.tree(), &item_key(id.as_uuid().as_u128()))
    }

    /// A resident's feedback, newest first.
    pub fn of_author(
        &self,
        author: UserId,
        page: &Page,
        keep: &dyn Fn(&FeedbackView) -> bool,
    ) -> Result<PageOf<FeedbackView>, ProjectionError> {
        let prefix = Key::new(BY_AUTHOR).id(uid(author)).build();
        page_of_items(&self.serving.tree(), &prefix, ITEM, page, keep)
    }

    /// All feedback newest first, those `keep` accepts (a kind, a status).
    pub fn all(
        &self,
        page: &Page,
        keep: &dyn Fn(&FeedbackView) -> bool,
    ) -> Result<PageOf<FeedbackView>, ProjectionError> {
        page_of_items(&self.serving.tree(), &[ALL], ITEM, page, keep)
    }
}
