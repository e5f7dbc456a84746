//! Errands: each one whole with its timeline, indexes per requester, per agent and for
//! staff, and — kept apart from the errand so no list or detail can leak them by accident —
//! the private documents (ID-card copy, power of attorney).

use chrono::{DateTime, Utc};
use linli_domain::civic::errand::{AgentKind, ErrandEvent, ErrandStatus};
use linli_domain::{DomainEvent, ErrandId, MediaId, UserId};
use linli_engine::codec::CivicEvent;
use linli_engine::AnyEvent;
use serde::{Deserialize, Serialize};

use super::{item, page_of_items, staged_item, to_json, TimelineEntry};
use crate::error::ProjectionError;
use crate::models::common::{micros, uid, Key, Page, PageOf};
use crate::runtime::{Envelope, Projection, Serving, Staged};

/// The projection's id.
pub const ID: &str = "errands";
/// Bump when the stored layout or the fold changes.
pub const VERSION: u32 = 1;

/// `[1][errand]` → JSON [`ErrandView`].
const ITEM: u8 = 1;
/// `[2][requester][requested desc][errand]` → empty.
const BY_REQUESTER: u8 = 2;
/// `[3][agent][requested desc][errand]` → empty.
const BY_AGENT: u8 = 3;
/// `[4][requested desc][errand]` → empty.
const ALL: u8 = 4;
/// `[5][errand]` → JSON [`ErrandDocuments`].
const DOCUMENTS: u8 = 5;

/// An errand as its parties and the staff responsible see it (never the documents).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrandView {
    /// The errand.
    pub id: ErrandId,
    /// The resident who entrusted it.
    pub requester: UserId,
    /// Where it is handled.
    pub jurisdiction: String,
    /// What is to be done.
    pub task: String,
    /// By when.
    pub deadline: DateTime<Utc>,
    /// Where it stands.
    pub status: ErrandStatus,
    /// The agent, once assigned.
    pub agent: Option<UserId>,
    /// Cadre or volunteer.
    pub agent_kind: Option<AgentKind>,
    /// The cadre who assigned the agent and verifies the documents.
    pub verifier: Option<UserId>,
    /// When requested.
    pub requested_at: DateTime<Utc>,
    /// When anything last happened.
    pub updated_at: DateTime<Utc>,
    /// Every step, oldest first (document steps without the files).
    pub timeline: Vec<TimelineEntry>,
}

impl ErrandView {
    /// Requester, agent or verifier: the only people who see the documents.
    pub fn is_party(&self, user: UserId) -> bool {
        user == self.requester || Some(user) == self.agent || Some(user) == self.verifier
    }
}

/// The private documents of an errand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrandDocuments {
    /// The errand.
    pub errand: ErrandId,
    /// The agent's ID-card copy.
    pub id_card_copy: MediaId,
    /// The power of attorney.
    pub power_of_attorney: MediaId,
    /// Who handed them in.
    pub submitted_by: UserId,
    /// When.
    pub submitted_at: DateTime<Utc>,
    /// When the verifier accepted them.
    pub verified_at: Option<DateTime<Utc>>,
    /// Why the verifier refused them, if so.
    pub rejection: Option<String>,
}

fn item_key(id: u128) -> Vec<u8> {
    Key::new(ITEM).id(id).build()
}

fn documents_key(id: u128) -> Vec<u8> {
    Key::new(DOCUMENTS).id(id).build()
}

/// Folds errand events.
#[derive(Debug, Default)]
pub struct ErrandProjection;

impl Projection<AnyEvent> for ErrandProjection {
    fn apply(
        &mut self,
        envelope: &Envelope<AnyEvent>,
        staged: &mut Staged<'_>,
    ) -> Result<(), ProjectionError> {
        let AnyEvent::Civic(CivicEvent::Errand(id, event)) = &envelope.event else {
            return Ok(());
        };
        let raw = id.as_uuid().as_u128();
        let name = event.event_type();
        if let ErrandEvent::Requested(e) = event {
            let at = micros(e.at);
            staged.insert(
                Key::new(BY_REQUESTER)
                    .id(uid(e.requester))
                    .time_desc(at)
                    .id(raw)
                    .build(),
                Vec::new(),
            );
            staged.insert(Key::new(ALL).time_desc(at).id(raw).build(), Vec::new());
            let view = ErrandView {
                id: *id,
                requester: e.requester,
                jurisdiction: e.jurisdiction.to_string(),
                task: e.task.clone(),
                deadline: e.deadline,
                status: ErrandStatus::Requested,
                agent: None,
                agent_kind: None,
                verifier: None,
                requested_at: e.at,
                updated_at: e.at,
                timeline: vec![TimelineEntry::new(name, e.at, Some(e.requester))],
            };
            staged.insert(item_key(raw), to_json(&view));
            return Ok(());
        }
        let Some(mut view) = staged_item::<ErrandView>(staged, &item_key(raw))? else {
            return Ok(());
        };
        let entry = match event {
            ErrandEvent::Requested(_) => return Ok(()),
            ErrandEvent::AgentAssigned(e) => {
                view.status = ErrandStatus::AwaitingDocuments;
                view.agent = Some(e.agent);
                view.agent_kind = Some(e.kind);
                view.verifier = Some(e.verifier);
                staged.insert(
                    Key::new(BY_AGENT)
                        .id(uid(e.agent))
                        .time_desc(micros(view.requested_at))
                        .id(raw)
                        .build(),
                    Vec::new(),
                );
                TimelineEntry::new(name, e.at, Some(e.verifier))
            }
            ErrandEvent::DocumentsSubmitted(e) => {
                view.status = ErrandStatus::DocumentsSubmitted;
                let documents = ErrandDocuments {
                    errand: *id,
                    id_card_copy: e.id_card_copy.clone(),
                    power_of_attorney: e.power_of_attorney.clone(),
                    submitted_by: e.by,
                    submitted_at: e.at,
                    verified_at: None,
                    rejection: None,
                };
                staged.insert(documents_key(raw), to_json(&documents));
                TimelineEntry::new(name, e.at, Some(e.by))
            }
            ErrandEvent::DocumentsVerified(e) => {
                view.status = ErrandStatus::InProgress;
                update_documents(staged, raw, |d| d.verified_at = Some(e.at))?;
                TimelineEntry::new(name, e.at, Some(e.by))
            }
            ErrandEvent::DocumentsRejected(e) => {
                view.status = ErrandStatus::DocumentsRejected;
                update_documents(staged, raw, |d| d.rejection = Some(e.reason.clone()))?;
                TimelineEntry::new(name, e.at, Some(e.by)).with_text(Some(&e.reason))
            }
            ErrandEvent::ProgressNoted(e) => {
                TimelineEntry::new(name, e.at, Some(e.by)).with_text(Some(&e.text))
            }
            ErrandEvent::Completed(e) => {
                view.status = ErrandStatus::Completed;
                TimelineEntry::new(name, e.at, Some(e.by)).with_text(Some(&e.text))
            }
            ErrandEvent::Cancelled(e) => {
                view.status = ErrandStatus::Cancelled;
                TimelineEntry::by_actor(name, e.at, &e.by).with_text(Some(&e.reason))
            }
        };
        view.updated_at = entry.at;
        view.timeline.push(entry);
        staged.insert(item_key(raw), to_json(&view));
        Ok(())
    }
}

fn update_documents(
    staged: &mut Staged<'_>,
    errand: u128,
    change: impl FnOnce(&mut ErrandDocuments),
) -> Result<(), ProjectionError> {
    let key = documents_key(errand);
    if let Some(mut documents) = staged_item::<ErrandDocuments>(staged, &key)? {
        change(&mut documents);
        staged.insert(key, to_json(&documents));
    }
    Ok(())
}

/// Reads errands.
#[derive(Debug, Clone)]
pub struct Errands {
    /// The serving tree.
    serving: Serving,
}

impl Errands {
    /// A reader over the serving build.
    pub fn new(serving: Serving) -> Self {
        Errands { serving }
    }

    /// The projection handle (for `wait_for`).
    pub fn serving(&self) -> &Serving {
        &self.serving
    }

    /// One errand, without its documents.
    pub fn errand(&self, id: ErrandId) -> Result<Option<ErrandView>, ProjectionError> {
        item(&self.serving.tree(), &item_key(id.as_uuid().as_u128()))
    }

    /// The documents of an errand. The caller must have checked that the reader is a
    /// party ([`ErrandView::is_party`]).
    pub fn documents(&self, id: ErrandId) -> Result<Option<ErrandDocuments>, ProjectionError> {
        item(&self.serving.tree(), &documents_key(id.as_uuid().as_u128()))
    }

    /// A resident's errands, newest first.
    pub fn of_requester(
        &self,
        requester: UserId,
        page: &Page,
        keep: &dyn Fn(&ErrandView) -> bool,
    ) -> Result<PageOf<ErrandView>, ProjectionError> {
        let prefix = Key::new(BY_REQUESTER).id(uid(requester)).build();
        page_of_items(&self.serving.tree(), &prefix, ITEM, page, keep)
    }

    /// The errands someone is the agent of, newest first.
    pub fn of_agent(
        &self,
        agent: UserId,
        page: &Page,
        keep: &dyn Fn(&ErrandView) -> bool,
    ) -> Result<PageOf<ErrandView>, ProjectionError> {
        let prefix = Key::new(BY_AGENT).id(uid(agent)).build();
        page_of_items(&self.serving.tree(), &prefix, ITEM, page, keep)
    }

    /// Every errand newest first, those `keep` accepts (the caller's scope, a status).
    pub fn all(
        &self,
        page: &Page,
        keep: &dyn Fn(&ErrandView) -> bool,
    ) -> Result<PageOf<ErrandView>, ProjectionError> {
        page_of_items(&self.serving.tree(), &[ALL], ITEM, page, keep)
    }
}
