//! Handling guides and applications: the guide catalogue, each application whole with its
//! timeline, an index per applicant ("my applications") and one newest-first index for
//! staff, who see only their scope (filtered by the caller).

use chrono::{DateTime, Utc};
use linli_domain::civic::application::{ApplicationEvent, ApplicationStatus, Material};
use linli_domain::civic::guide::GuideEvent;
use linli_domain::{ApplicationId, DomainEvent, GuideId, MediaId, UserId};
use linli_engine::codec::CivicEvent;
use linli_engine::AnyEvent;
use serde::{Deserialize, Serialize};

use super::{item, page_of_items, staged_item, to_json, TimelineEntry};
use crate::error::ProjectionError;
use crate::models::common::{micros, uid, Key, Page, PageOf};
use crate::runtime::{Envelope, Projection, Serving, Staged};

/// The projection's id.
pub const ID: &str = "applications";
/// Bump when the stored layout or the fold changes.
pub const VERSION: u32 = 1;

/// `[1][application]` → JSON [`ApplicationView`].
const ITEM: u8 = 1;
/// `[2][applicant][submitted desc][application]` → empty.
const BY_APPLICANT: u8 = 2;
/// `[3][submitted desc][application]` → empty.
const ALL: u8 = 3;
/// `[4][guide]` → JSON [`GuideView`].
const GUIDE: u8 = 4;

/// An application type as residents choose it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GuideView {
    /// The guide.
    pub id: GuideId,
    /// Its name, e.g. 居住证办理.
    pub name: String,
    /// How to apply.
    pub text: String,
    /// The materials an application must carry.
    pub materials: Vec<String>,
    /// Takes no new applications.
    pub retired: bool,
    /// When defined.
    pub defined_at: DateTime<Utc>,
    /// When last revised.
    pub revised_at: Option<DateTime<Utc>>,
}

/// An application as its applicant and reviewers see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationView {
    /// The application.
    pub id: ApplicationId,
    /// The guide it was filed under.
    pub guide_id: GuideId,
    /// The guide's name when filed.
    pub guide_name: String,
    /// The resident.
    pub applicant: UserId,
    /// Where it is handled.
    pub jurisdiction: String,
    /// Where it stands.
    pub status: ApplicationStatus,
    /// Every material handed in (first submission, then supplements).
    pub materials: Vec<Material>,
    /// What the open request for more materials asks for.
    pub requested: Vec<String>,
    /// The applicant's note.
    pub note: Option<String>,
    /// The approval note or the rejection reason.
    pub decision: Option<String>,
    /// When submitted.
    pub submitted_at: DateTime<Utc>,
    /// When anything last happened.
    pub updated_at: DateTime<Utc>,
    /// Every step, oldest first.
    pub timeline: Vec<TimelineEntry>,
}

impl ApplicationView {
    /// Whether the application carries this file.
    pub fn carries(&self, media: &MediaId) -> bool {
        self.materials.iter().any(|m| m.media.contains(media))
    }
}

fn item_key(id: u128) -> Vec<u8> {
    Key::new(ITEM).id(id).build()
}

fn guide_key(id: u128) -> Vec<u8> {
    Key::new(GUIDE).id(id).build()
}

/// Folds guide and application events.
#[derive(Debug, Default)]
pub struct ApplicationProjection;

impl Projection<AnyEvent> for ApplicationProjection {
    fn apply(
        &mut self,
        envelope: &Envelope<AnyEvent>,
        staged: &mut Staged<'_>,
    ) -> Result<(), ProjectionError> {
        match &envelope.event {
            AnyEvent::Civic(CivicEvent::Guide(id, event)) => apply_guide(*id, event, staged),
            AnyEvent::Civic(CivicEvent::Application(id, event)) => {
                apply_application(*id, event, staged)
            }
            _ => Ok(()),
        }
    }
}

fn apply_guide(
    id: GuideId,
    event: &GuideEvent,
    staged: &mut Staged<'_>,
) -> Result<(), ProjectionError> {
    let key = guide_key(id.as_uuid().as_u128());
    let view = match event {
        GuideEvent::Defined(e) => GuideView {
            id,
            name: e.content.name.clone(),
            text: e.content.text.clone(),
            materials: e.content.materials.clone(),
            retired: false,
            defined_at: e.at,
            revised_at: None,
        },
        GuideEvent::Revised(e) => {
            let Some(mut view) = staged_item::<GuideView>(staged, &key)? else {
                return Ok(());
            };
            view.name = e.content.name.clone();
            view.text = e.content.text.clone();
            view.materials = e.content.materials.clone();
            view.revised_at = Some(e.at);
            view
        }
        GuideEvent::Retired(_) => {
            let Some(mut view) = staged_item::<GuideView>(staged, &key)? else {
                return Ok(());
            };
            view.retired = true;
            view
        }
    };
    staged.insert(key, to_json(&view));
    Ok(())
}

fn apply_application(
    id: ApplicationId,
    event: &ApplicationEvent,
    staged: &mut Staged<'_>,
) -> Result<(), ProjectionError> {
    let raw = id.as_uuid().as_u128();
    let name = event.event_type();
    if let ApplicationEvent::Submitted(e) = event {
        let at = micros(e.at);
        staged.insert(
            Key::new(BY_APPLICANT)
                .id(uid(e.applicant))
                .time_desc(at)
                .id(raw)
                .build(),
            Vec::new(),
        );
        staged.insert(Key::new(ALL).time_desc(at).id(raw).build(), Vec::new());
        let view = ApplicationView {
            id,
            guide_id: e.guide_id,
            guide_name: e.guide_name.clone(),
            applicant: e.applicant,
            jurisdiction: e.jurisdiction.to_string(),
            status: ApplicationStatus::UnderReview,
            materials: e.materials.clone(),
            requested: Vec::new(),
            note: e.note.clone(),
            decision: None,
            submitted_at: e.at,
            updated_at: e.at,
            timeline: vec![
                TimelineEntry::new(name, e.at, Some(e.applicant)).with_text(e.note.as_deref())
            ],
        };
        staged.insert(item_key(raw), to_json(&view));
        return Ok(());
    }
    let Some(mut view) = staged_item::<ApplicationView>(staged, &item_key(raw))? else {
        return Ok(());
    };
    let entry = match event {
        ApplicationEvent::Submitted(_) => return Ok(()),
        ApplicationEvent::MaterialsRequested(e) => {
            view.status = ApplicationStatus::MaterialsRequested;
            view.requested = e.materials.clone();
            let text = format!("{}（{}）", e.reason, e.materials.join("、"));
            TimelineEntry::by_actor(name, e.at, &e.by).with_text(Some(&text))
        }
        ApplicationEvent::MaterialsSupplied(e) => {
            view.status = ApplicationStatus::UnderReview;
            view.requested.clear();
            view.materials.extend(e.materials.iter().cloned());
            TimelineEntry::new(name, e.at, Some(view.applicant)).with_text(e.note.as_deref())
        }
        ApplicationEvent::Approved(e) => {
            view.status = ApplicationStatus::Approved;
            view.decision = e.note.clone();
            TimelineEntry::by_actor(name, e.at, &e.by).with_text(e.note.as_deref())
        }
        ApplicationEvent::Rejected(e) => {
            view.status = ApplicationStatus::Rejected;
            view.decision = Some(e.reason.clone());
            TimelineEntry::by_actor(name, e.at, &e.by).with_text(Some(&e.reason))
        }
        ApplicationEvent::Withdrawn(e) => {
            view.status = ApplicationStatus::Withdrawn;
            TimelineEntry::new(name, e.at, Some(view.applicant))
        }
    };
    view.updated_at = entry.at;
    view.timeline.push(entry);
    staged.insert(item_key(raw), to_json(&view));
    Ok(())
}

/// Reads guides and applications.
#[derive(Debug, Clone)]
pub struct Applications {
    /// The serving tree.
    serving: Serving,
}

impl Applications {
    /// A reader over the serving build.
    pub fn new(serving: Serving) -> Self {
        Applications { serving }
    }

    /// The projection handle (for `wait_for`).
    pub fn serving(&self) -> &Serving {
        &self.serving
    }

    /// One guide.
    pub fn guide(&self, id: GuideId) -> Result<Option<GuideView>, ProjectionError> {
        item(&self.serving.tree(), &guide_key(id.as_uuid().as_u128()))
    }

    /// Guides, those `keep` accepts (e.g. not retired).
    pub fn guides(
        &self,
        page: &Page,
        keep: &dyn Fn(&GuideView) -> bool,
    ) -> Result<PageOf<GuideView>, ProjectionError> {
        let tree = self.serving.tree();
        crate::models::common::page_through(&tree, &[GUIDE], page, false, |_, value| {
            let view: GuideView = super::from_json(&tree, value)?;
            Ok(keep(&view).then_some(view))
        })
    }

    /// One application.
    pub fn application(
        &self,
        id: ApplicationId,
    ) -> Result<Option<ApplicationView>, ProjectionError> {
        item(&self.serving.tree(), &item_key(id.as_uuid().as_u128()))
    }

    /// A resident's applications, newest first.
    pub fn of_applicant(
        &self,
        applicant: UserId,
        page: &Page,
        keep: &dyn Fn(&ApplicationView) -> bool,
    ) -> Result<PageOf<ApplicationView>, ProjectionError> {
        let prefix = Key::new(BY_APPLICANT).id(uid(applicant)).build();
        page_of_items(&self.serving.tree(), &prefix, ITEM, page, keep)
    }

    /// Every application newest first, those `keep` accepts (the caller's scope, a status).
    pub fn all(
        &self,
        page: &Page,
        keep: &dyn Fn(&ApplicationView) -> bool,
    ) -> Result<PageOf<ApplicationView>, ProjectionError> {
        page_of_items(&self.serving.tree(), &[ALL], ITEM, page, keep)
    }
}
