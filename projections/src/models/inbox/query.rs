//! Reads a user's inbox.

use chrono::{DateTime, Utc};
use linli_domain::UserId;
use serde::Serialize;

use super::messages::MessageKind;
use super::projection::{count_key, message_key, read_count, MessageRec, MESSAGE, UNREAD};
use crate::error::ProjectionError;
use crate::models::common::{decode, time, uid, Key, Page, PageOf};
use crate::runtime::Serving;

/// One message as its recipient sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageView {
    /// Stable id; ids grow with time, so "read up to" is a comparison.
    pub id: u64,
    /// What it is about.
    pub kind: MessageKind,
    /// The stream it is about, e.g. `order-{uuid}` or `complaint-{uuid}`.
    pub subject: String,
    /// Headline.
    pub title: String,
    /// Text.
    pub body: String,
    /// When the event that caused it was recorded.
    pub at: DateTime<Utc>,
    /// Whether the recipient marked it read.
    pub read: bool,
}

fn view(m: MessageRec) -> MessageView {
    MessageView {
        id: m.id,
        kind: MessageKind::ALL
            .get(m.kind as usize)
            .copied()
            .unwrap_or(MessageKind::OrderStatus),
        subject: m.subject,
        title: m.title,
        body: m.body,
        at: time(m.at),
        read: m.read,
    }
}

/// Reads inboxes.
#[derive(Debug, Clone)]
pub struct InboxView {
    serving: Serving,
}

impl InboxView {
    /// A reader over the serving build.
    pub fn new(serving: Serving) -> Self {
        InboxView { serving }
    }

    /// The projection handle.
    pub fn serving(&self) -> &Serving {
        &self.serving
    }

    /// How many messages the user has not read.
    pub fn unread_count(&self, owner: UserId) -> Result<u64, ProjectionError> {
        let tree = self.serving.tree();
        Ok(read_count(tree.get(count_key(uid(owner)))?.as_deref()))
    }

    /// The user's messages, newest first; only unread ones if asked.
    pub fn messages(
        &self,
        owner: UserId,
        unread_only: bool,
        page: &Page,
    ) -> Result<PageOf<MessageView>, ProjectionError> {
        let tree = self.serving.tree();
        let owner = uid(owner);
        if unread_only {
            let prefix = Key::new(UNREAD).id(owner).build();
            return crate::models::common::page_through(&tree, &prefix, page, true, |key, _| {
                let Some(id) = key.get(17..25).and_then(|b| b.try_into().ok()) else {
                    return Ok(None);
                };
                tree.get(message_key(owner, u64::from_be_bytes(id)))?
                    .map(|b| decode(&tree, &b).map(view))
                    .transpose()
            });
        }
        let prefix = Key::new(MESSAGE).id(owner).build();
        crate::models::common::page_through(&tree, &prefix, page, false, |_, value| {
            decode(&tree, value).map(view).map(Some)
        })
    }
}
