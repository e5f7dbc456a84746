//! Announcements: each one whole, an index per jurisdiction for residents' feeds (a
//! resident's feed is their home grid and every node above it, pinned first, then newest),
//! and one newest-first index for staff lists.

use chrono::{DateTime, Utc};
use linli_domain::civic::announcement::{AnnouncementEvent, Pinning};
use linli_domain::{AnnouncementId, JurisdictionCode, MediaId, UserId};
use linli_engine::codec::CivicEvent;
use linli_engine::AnyEvent;
use serde::{Deserialize, Serialize};

use super::{item, page_of_items, staged_item, to_json};
use crate::error::ProjectionError;
use crate::models::common::{micros, Cursor, Key, Page, PageOf, StoredCode};
use crate::runtime::{Envelope, Projection, Serving, Staged};

/// The projection's id.
pub const ID: &str = "announcements";
/// Bump when the stored layout or the fold changes.
pub const VERSION: u32 = 1;

/// `[1][id]` → JSON [`AnnouncementView`].
const ITEM: u8 = 1;
/// `[2][jurisdiction][published desc][id]` → empty.
const BY_PLACE: u8 = 2;
/// `[3][published desc][id]` → empty.
const ALL: u8 = 3;

/// Whether an announcement is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AnnouncementStatus {
    /// In the feeds.
    Published,
    /// Taken down.
    Withdrawn,
}

/// An announcement as feeds and detail pages show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnnouncementView {
    /// The announcement.
    pub id: AnnouncementId,
    /// Who it is for: this node and everything below it.
    pub jurisdiction: String,
    /// The headline.
    pub title: String,
    /// The text.
    pub body: String,
    /// Pictures.
    pub media: Vec<MediaId>,
    /// Shown above the others.
    pub pinned: bool,
    /// Published or withdrawn.
    pub status: AnnouncementStatus,
    /// The manager who published it.
    pub author: UserId,
    /// When published.
    pub published_at: DateTime<Utc>,
    /// When last edited.
    pub edited_at: Option<DateTime<Utc>>,
    /// When withdrawn.
    pub withdrawn_at: Option<DateTime<Utc>>,
    /// Why withdrawn.
    pub withdraw_reason: Option<String>,
}

fn item_key(id: u128) -> Vec<u8> {
    Key::new(ITEM).id(id).build()
}

/// Folds announcement events.
#[derive(Debug, Default)]
pub struct AnnouncementProjection;

impl Projection<AnyEvent> for AnnouncementProjection {
    fn apply(
        &mut self,
        envelope: &Envelope<AnyEvent>,
        staged: &mut Staged<'_>,
    ) -> Result<(), ProjectionError> {
        let AnyEvent::Civic(CivicEvent::Announcement(id, event)) = &envelope.event else {
            return Ok(());
        };
        let raw = id.as_uuid().as_u128();
        if let AnnouncementEvent::Published(e) = event {
            let published = micros(e.at);
            staged.insert(
                Key::new(BY_PLACE)
                    .code(StoredCode::of(&e.jurisdiction))
                    .time_desc(published)
                    .id(raw)
                    .build(),
                Vec::new(),
            );
            staged.insert(
                Key::new(ALL).time_desc(published).id(raw).build(),
                Vec::new(),
            );
            let view = AnnouncementView {
                id: *id,
                jurisdiction: e.jurisdiction.to_string(),
                title: e.title.clone(),
                body: e.body.clone(),
                media: e.media.clone(),
                pinned: e.pinned == Pinning::Pinned,
                status: AnnouncementStatus::Published,
                author: e.author,
                published_at: e.at,
                edited_at: None,
                withdrawn_at: None,
                withdraw_reason: None,
            };
            staged.insert(item_key(raw), to_json(&view));
            return Ok(());
        }
        let Some(mut view) = staged_item::<AnnouncementView>(staged, &item_key(raw))? else {
            return Ok(());
        };
        match event {
            AnnouncementEvent::Published(_) => {}
            AnnouncementEvent::Edited(e) => {
                view.title = e.title.clone();
                view.body = e.body.clone();
                view.media = e.media.clone();
                view.edited_at = Some(e.at);
            }
            AnnouncementEvent::Pinned(_) => view.pinned = true,
            AnnouncementEvent::Unpinned(_) => view.pinned = false,
            AnnouncementEvent::Withdrawn(e) => {
                view.status = AnnouncementStatus::Withdrawn;
                view.pinned = false;
                view.withdrawn_at = Some(e.at);
                view.withdraw_reason = e.reason.clone();
            }
        }
        staged.insert(item_key(raw), to_json(&view));
        Ok(())
    }
}

/// Reads announcements.
#[derive(Debug, Clone)]
pub struct Announcements {
    /// The serving tree.
    serving: Serving,
}

impl Announcements {
    /// A reader over the serving build.
    pub fn new(serving: Serving) -> Self {
        Announcements { serving }
    }

    /// The projection handle (for `wait_for`).
    pub fn serving(&self) -> &Serving {
        &self.serving
    }

    /// One announcement, published or withdrawn.
    pub fn announcement(
        &self,
        id: AnnouncementId,
    ) -> Result<Option<AnnouncementView>, ProjectionError> {
        item(&self.serving.tree(), &item_key(id.as_uuid().as_u128()))
    }

    /// Every announcement newest first (withdrawn ones too), those `keep` accepts: what
    /// staff list, filtered to their scope by the caller.
    pub fn all(
        &self,
        page: &Page,
        keep: &dyn Fn(&AnnouncementView) -> bool,
    ) -> Result<PageOf<AnnouncementView>, ProjectionError> {
        page_of_items(&self.serving.tree(), &[ALL], ITEM, page, keep)
    }

    /// The published announcements for these places (a resident's home grid and the nodes
    /// above it), pinned first, then newest first.
    ///
    /// A feed merges a handful of places, so it is gathered whole and sorted; the cursor is
    /// the sort key of the last item shown.
    pub fn feed(
        &self,
        places: &[JurisdictionCode],
        page: &Page,
    ) -> Result<PageOf<AnnouncementView>, ProjectionError> {
        let tree = self.serving.tree();
        let mut shown: Vec<(Vec<u8>, AnnouncementView)> = Vec::new();
        for place in places {
            let prefix = Key::new(BY_PLACE).code(StoredCode::of(place)).build();
            for kv in tree.scan_prefix(&prefix) {
                let (key, _) = kv?;
                let Some(id) = crate::models::common::id_at(&key, key.len() - 16) else {
                    continue;
                };
                let Some(view) = item::<AnnouncementView>(&tree, &item_key(id))? else {
                    continue;
                };
                if view.status == AnnouncementStatus::Published {
                    let sort = Key::new(u8::from(!view.pinned))
                        .time_desc(micros(view.published_at))
                        .id(id)
                        .build();
                    shown.push((sort, view));
                }
            }
        }
        shown.sort_by(|a, b| a.0.cmp(&b.0));
        let after = page.after.as_ref().map(Cursor::key).transpose()?;
        let limit = page.capped_limit();
        let mut rest = shown
            .into_iter()
            .filter(|(sort, _)| after.as_ref().is_none_or(|a| sort > a));
        let items: Vec<(Vec<u8>, AnnouncementView)> = rest.by_ref().take(limit).collect();
        let next = match (items.last(), rest.next()) {
            (Some((sort, _)), Some(_)) => Some(Cursor::from_key(sort)),
            _ => None,
        };
        Ok(PageOf {
            items: items.into_iter().map(|(_, v)| v).collect(),
            next,
        })
    }
}
