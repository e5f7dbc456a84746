//! Read models of the community services: announcements (feeds, pinned first), handling
//! guides and applications, errands (with their private documents kept apart), feedback,
//! and their dashboard counts.
//!
//! These items are few (hundreds to thousands per county, not millions like complaint
//! events), so each item is stored whole as JSON of its view and rewritten on every event,
//! instead of the compact bincode records the complaint models need for rebuild speed. The
//! index keys are the usual big-endian tagged keys.

pub mod announcements;
pub mod applications;
pub mod counts;
pub mod errands;
pub mod feedback;

use chrono::{DateTime, Utc};
use linli_domain::{Actor, Role, UserId};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::ProjectionError;
use crate::models::common::{page_through, Key, Page, PageOf};
use crate::runtime::Staged;

/// One step in an item's history, as residents and staff read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    /// The event's name, e.g. `application.materials_requested`.
    pub event: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Who acted (`None` for the system).
    pub by: Option<UserId>,
    /// In which role, when known.
    pub role: Option<Role>,
    /// What they said (note, reason, reply), if anything.
    pub text: Option<String>,
}

impl TimelineEntry {
    pub(crate) fn new(event: &str, at: DateTime<Utc>, by: Option<UserId>) -> TimelineEntry {
        TimelineEntry {
            event: event.to_owned(),
            at,
            by,
            role: None,
            text: None,
        }
    }

    pub(crate) fn by_actor(event: &str, at: DateTime<Utc>, actor: &Actor) -> TimelineEntry {
        TimelineEntry {
            role: actor.role(),
            ..TimelineEntry::new(event, at, actor.user())
        }
    }

    pub(crate) fn with_text(mut self, text: Option<&str>) -> TimelineEntry {
        self.text = text.map(str::to_owned);
        self
    }
}

/// A stored item as JSON.
pub(crate) fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    // Serializing plain views (strings, numbers, ids) into a Vec cannot fail.
    serde_json::to_vec(value).unwrap_or_default()
}

/// A stored item back, naming the tree if it is damaged.
pub(crate) fn from_json<T: DeserializeOwned>(
    tree: &sled::Tree,
    bytes: &[u8],
) -> Result<T, ProjectionError> {
    serde_json::from_slice(bytes).map_err(|e| ProjectionError::corrupt(tree, e))
}

/// The item at `key` as the batch so far left it.
pub(crate) fn staged_item<T: DeserializeOwned>(
    staged: &Staged<'_>,
    key: &[u8],
) -> Result<Option<T>, ProjectionError> {
    staged
        .get(key)?
        .map(|bytes| from_json(staged.tree(), &bytes))
        .transpose()
}

/// The item at `key` in the serving tree.
pub(crate) fn item<T: DeserializeOwned>(
    tree: &sled::Tree,
    key: &[u8],
) -> Result<Option<T>, ProjectionError> {
    tree.get(key)?
        .map(|bytes| from_json(tree, &bytes))
        .transpose()
}

/// Pages through an index whose keys end in a 16-byte item id, loading each item from
/// `[record_table][id]` and keeping those `keep` accepts.
pub(crate) fn page_of_items<T: DeserializeOwned>(
    tree: &sled::Tree,
    prefix: &[u8],
    record_table: u8,
    page: &Page,
    keep: &dyn Fn(&T) -> bool,
) -> Result<PageOf<T>, ProjectionError> {
    page_through(tree, prefix, page, false, |key, _| {
        let Some(id) = crate::models::common::id_at(key, key.len() - 16) else {
            return Ok(None);
        };
        let found: Option<T> = item(tree, &Key::new(record_table).id(id).build())?;
        Ok(found.filter(|v| keep(v)))
    })
}

/// The community-service projections.
pub fn specs() -> Vec<crate::runtime::ProjectionSpec<linli_engine::AnyEvent>> {
    use crate::runtime::ProjectionSpec;
    vec![
        ProjectionSpec::new(
            announcements::ID,
            announcements::VERSION,
            announcements::AnnouncementProjection::default,
        ),
        ProjectionSpec::new(
            applications::ID,
            applications::VERSION,
            applications::ApplicationProjection::default,
        ),
        ProjectionSpec::new(
            errands::ID,
            errands::VERSION,
            errands::ErrandProjection::default,
        ),
        ProjectionSpec::new(
            feedback::ID,
            feedback::VERSION,
            feedback::FeedbackProjection::default,
        ),
        ProjectionSpec::new(
            counts::ID,
            counts::VERSION,
            counts::CivicCountsProjection::default,
        ),
    ]
}

/// Readers of every community-service read model.
#[derive(Debug, Clone)]
pub struct CivicModels {
    /// Announcements and feeds.
    pub announcements: announcements::Announcements,
    /// Guides and applications.
    pub applications: applications::Applications,
    /// Errands and their documents.
    pub errands: errands::Errands,
    /// Feedback.
    pub feedback: feedback::FeedbackBox,
    /// Dashboard counts.
    pub counts: counts::CivicCountsView,
}

impl CivicModels {
    /// Readers over a runtime's serving builds.
    pub fn new(
        projector: &crate::runtime::Projector<crate::models::DomainDecoder>,
    ) -> Result<Self, ProjectionError> {
        Ok(CivicModels {
            announcements: announcements::Announcements::new(projector.serving(announcements::ID)?),
            applications: applications::Applications::new(projector.serving(applications::ID)?),
            errands: errands::Errands::new(projector.serving(errands::ID)?),
            feedback: feedback::FeedbackBox::new(projector.serving(feedback::ID)?),
            counts: counts::CivicCountsView::new(projector.serving(counts::ID)?),
        })
    }
}
