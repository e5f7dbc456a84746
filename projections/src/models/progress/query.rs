//! Queries on complaint progress.

use chrono::{DateTime, Utc};
use linli_domain::complaint::{Category, ComplaintEvent, ComplaintStatus};
use linli_domain::{ComplaintId, DomainEvent, UserId};
use serde::Serialize;
use uuid::Uuid;

use super::stored::*;
use crate::error::ProjectionError;
use crate::models::common::{
    category, decode, page_through, status, time, user, Key, Page, PageOf,
};
use crate::runtime::Serving;

/// A complaint as a list or detail view shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplaintView {
    /// The complaint.
    pub id: ComplaintId,
    /// The filer; `None` in handler views of an anonymous complaint.
    pub resident: Option<UserId>,
    /// Kind of problem.
    pub category: Category,
    /// Where it stands.
    pub status: ComplaintStatus,
    /// Whether handlers see the filer.
    pub anonymous: bool,
    /// Whether other residents may read it.
    pub public: bool,
    /// When filed.
    pub filed_at: DateTime<Utc>,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// Where, in the resident's words.
    pub address: String,
    /// What happened.
    pub description: String,
    /// The code the resident picked, if any.
    pub reported_jurisdiction: Option<String>,
    /// The node whose queue holds it now (once routed).
    pub jurisdiction: Option<String>,
    /// The cadre handling it now.
    pub cadre: Option<UserId>,
    /// Accept by then.
    pub response_due_at: Option<DateTime<Utc>>,
    /// Resolve by then.
    pub resolution_due_at: Option<DateTime<Utc>>,
    /// When the current handler accepted.
    pub accepted_at: Option<DateTime<Utc>>,
    /// When last resolved.
    pub resolved_at: Option<DateTime<Utc>>,
    /// When it reached a terminal status.
    pub closed_at: Option<DateTime<Utc>>,
    /// The response deadline of the current assignment was marked overdue.
    pub response_overdue: bool,
    /// The resolution deadline of the current assignment was marked overdue.
    pub resolution_overdue: bool,
    /// The filer's score, 1–5.
    pub rating: Option<u8>,
    /// Escalations so far.
    pub escalation_level: u8,
    /// The complaint it was merged into.
    pub merged_into: Option<ComplaintId>,
    /// Business time of its latest event.
    pub updated_at: DateTime<Utc>,
}

/// Who reads a view: the filer sees shared entries only; handlers see everything except an
/// anonymous filer's identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The resident who filed it.
    Filer,
    /// Cadres, managers, auditors.
    Handler,
}

/// One entry of a complaint's timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    /// 0, 1, … within the complaint.
    pub seq: u32,
    /// The event's log position.
    pub position: u64,
    /// Business time of the event.
    pub at: DateTime<Utc>,
    /// The role the actor acted in; `None` for the system.
    pub actor_role: Option<linli_domain::Role>,
    /// The acting person; `None` for the system, and for an anonymous filer in handler views.
    pub actor: Option<UserId>,
    /// The event kind: `filed`, `assigned`, `note_added`, … (the event name without
    /// `complaint.`).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "filed"))]
    pub kind: &'static str,
    /// The words: description, note, reason, resolution, rating comment, or a short
    /// description of the change.
    pub text: String,
    /// Handlers only (an internal note); never in filer views.
    pub internal: bool,
}

/// Filters for a resident's own list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResidentFilter {
    /// Only this status.
    pub status: Option<ComplaintStatus>,
    /// Only this category.
    pub category: Option<Category>,
}

/// A manager's search. Every field narrows it; results are newest filed first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComplaintSearch {
    /// Filed at or after.
    pub filed_from: Option<DateTime<Utc>>,
    /// Filed before.
    pub filed_before: Option<DateTime<Utc>>,
    /// Only this category.
    pub category: Option<Category>,
    /// Only this status.
    pub status: Option<ComplaintStatus>,
    /// Only complaints whose current node's code starts with this (e.g. `330106` for a
    /// county's subtree); before routing, the code the resident picked counts.
    pub jurisdiction_prefix: Option<String>,
}

/// Reads the complaint-progress projection.
#[derive(Debug, Clone)]
pub struct ComplaintProgress {
    /// The serving tree.
    serving: Serving,
}

impl ComplaintView {
    /// The view as `audience` may see it: handlers never learn who filed an anonymous
    /// complaint. The one place that rule lives.
    pub fn seen_by(mut self, audience: Audience) -> ComplaintView {
        if audience == Audience::Handler && self.anonymous {
            self.resident = None;
        }
        self
    }
}

fn view(s: SummaryRec, audience: Audience) -> ComplaintView {
    ComplaintView {
        id: ComplaintId::from_uuid(Uuid::from_u128(s.id)),
        resident: Some(user(s.resident)),
        category: category(s.category),
        status: status(s.status),
        anonymous: s.anonymous,
        public: s.public,
        filed_at: time(s.filed_at),
        occurred_at: time(s.occurred_at),
        address: s.address,
        description: s.description,
        reported_jurisdiction: s.reported_jurisdiction.map(|c| c.text()),
        jurisdiction: s.jurisdiction.map(|c| c.text()),
        cadre: s.cadre.map(user),
        response_due_at: s.response_due_at.map(time),
        resolution_due_at: s.resolution_due_at.map(time),
        accepted_at: s.accepted_at.map(time),
        resolved_at: s.resolved_at.map(time),
        closed_at: s.closed_at.map(time),
        response_overdue: s.response_overdue,
        resolution_overdue: s.resolution_overdue,
        rating: s.rating,
        escalation_level: s.escalation_level,
        merged_into: s
            .merged_into
            .map(|m| ComplaintId::from_uuid(Uuid::from_u128(m))),
        updated_at: time(s.updated_at),
    }
    .seen_by(audience)
}

impl ComplaintProgress {
    /// A reader over the serving build.
    pub fn new(serving: Serving) -> Self {
        ComplaintProgress { serving }
    }

    /// The projection handle (for `wait_for`).
    pub fn serving(&self) -> &Serving {
        &self.serving
    }

    fn doc(tree: &sled::Tree, id: u128) -> Result<Option<ComplaintDoc>, ProjectionError> {
        tree.get(summary_key(id))?
            .map(|bytes| decode(tree, &bytes))
            .transpose()
    }

    fn summary(tree: &sled::Tree, id: u128) -> Result<Option<SummaryRec>, ProjectionError> {
        Ok(Self::doc(tree, id)?.map(|d| d.summary))
    }

    /// One complaint.
    pub fn complaint(
        &self,
        id: ComplaintId,
        audience: Audience,
    ) -> Result<Option<ComplaintView>, ProjectionError> {
        let tree = self.serving.tree();
        Ok(Self::summary(&tree, id.as_uuid().as_u128())?.map(|s| view(s, audience)))
    }

    /// Every event of a complaint, oldest first (empty if unknown). Filers do not see
    /// internal notes; handlers do not see an anonymous filer's identity.
    pub fn timeline(
        &self,
        id: ComplaintId,
        audience: Audience,
    ) -> Result<Vec<TimelineEntry>, ProjectionError> {
        let tree = self.serving.tree();
        let id = id.as_uuid().as_u128();
        let Some(ComplaintDoc { summary, timeline }) = Self::doc(&tree, id)? else {
            return Ok(Vec::new());
        };
        let mut entries = Vec::new();
        for (seq, e) in timeline.into_iter().enumerate() {
            if e.internal && audience == Audience::Filer {
                continue;
            }
            let actor = e.actor.actor();
            let hide = audience == Audience::Handler
                && summary.anonymous
                && actor.user() == Some(user(summary.resident))
                && actor.role() == Some(linli_domain::Role::Resident);
            let name = ComplaintEvent::TYPES
                .get(e.kind as usize)
                .map(|t| t.name)
                .unwrap_or("complaint.unknown");
            entries.push(TimelineEntry {
                seq: seq as u32,
                position: e.position,
                at: time(e.at),
                actor_role: actor.role(),
                actor: if hide { None } else { actor.user() },
                kind: name.strip_prefix("complaint.").unwrap_or(name),
                text: if name == "complaint.filed" {
                    summary.description.clone()
                } else {
                    e.text
                },
                internal: e.internal,
            });
        }
        Ok(entries)
    }

    /// A resident's complaints, newest filed first.
    pub fn by_resident(
        &self,
        resident: UserId,
        filter: &ResidentFilter,
        page: &Page,
    ) -> Result<PageOf<ComplaintView>, ProjectionError> {
        let tree = self.serving.tree();
        let prefix = Key::new(BY_RESIDENT)
            .id(resident.as_uuid().as_u128())
            .build();
        page_through(&tree, &prefix, page, false, |key, _| {
            let Some(id) = complaint_of_index_key(key) else {
                return Ok(None);
            };
            let Some(s) = Self::summary(&tree, id)? else {
                return Ok(None);
            };
            let keep = filter.status.is_none_or(|st| status(s.status) == st)
                && filter.category.is_none_or(|c| category(s.category) == c);
            Ok(keep.then(|| view(s, Audience::Filer)))
        })
    }

    /// The managers' search, newest filed first.
    pub fn search(
        &self,
        search: &ComplaintSearch,
        page: &Page,
    ) -> Result<PageOf<ComplaintView>, ProjectionError> {
        let tree = self.serving.tree();
        let prefix = [BY_FILED];
        let from = search.filed_from.map(|t| t.timestamp_micros());
        let before = search.filed_before.map(|t| t.timestamp_micros());
        page_through(&tree, &prefix, page, true, |key, _| {
            let Some(id) = complaint_of_index_key(key) else {
                return Ok(None);
            };
            let Some(s) = Self::summary(&tree, id)? else {
                return Ok(None);
            };
            let code = s.jurisdiction.or(s.reported_jurisdiction).map(|c| c.text());
            let keep = from.is_none_or(|f| s.filed_at >= f)
                && before.is_none_or(|b| s.filed_at < b)
                && search.status.is_none_or(|st| status(s.status) == st)
                && search.category.is_none_or(|c| category(s.category) == c)
                && search
                    .jurisdiction_prefix
                    .as_ref()
                    .is_none_or(|p| code.as_ref().is_some_and(|c| c.starts_with(p.as_str())));
            Ok(keep.then(|| view(s, Audience::Handler)))
        })
    }
}
