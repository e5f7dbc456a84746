//! Folding complaint events into summaries, timelines and the two list indexes.

use std::collections::HashMap;

use linli_domain::complaint::{
    Assignment, ComplaintEvent, ComplaintStatus, DeadlineKind, EscalationReason, NoteVisibility,
};
use linli_domain::{Actor, DomainEvent};
use linli_engine::AnyEvent;

use super::stored::*;
use crate::error::ProjectionError;
use crate::models::common::{
    category_byte, decode, encode, micros, status_byte, uid, StoredActor, StoredCode,
};
use crate::runtime::{Envelope, Projection, Staged};

/// Complaint progress: a timeline per complaint, the list per resident, and a filing-time
/// index for the managers' search.
#[derive(Debug, Default)]
pub struct ProgressProjection {
    /// Complaints touched in this batch, written once in `finish_batch`.
    touched: HashMap<u128, ComplaintDoc>,
}

impl ProgressProjection {
    fn doc(
        &mut self,
        staged: &Staged<'_>,
        id: u128,
    ) -> Result<Option<&mut ComplaintDoc>, ProjectionError> {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.touched.entry(id) {
            let Some(bytes) = staged.get(&summary_key(id))? else {
                return Ok(None);
            };
            slot.insert(decode(staged.tree(), &bytes)?);
        }
        Ok(self.touched.get_mut(&id))
    }
}

impl Projection<AnyEvent> for ProgressProjection {
    fn apply(
        &mut self,
        envelope: &Envelope<AnyEvent>,
        staged: &mut Staged<'_>,
    ) -> Result<(), ProjectionError> {
        let AnyEvent::Complaint(id, event) = &envelope.event else {
            return Ok(());
        };
        let id = id.as_uuid().as_u128();
        if let ComplaintEvent::Filed(e) = event {
            let filed_at = micros(e.filed_at);
            let resident = uid(e.resident);
            staged.insert_new(by_resident_key(resident, filed_at, id), Vec::new());
            staged.insert_new(by_filed_key(filed_at, id), Vec::new());
            let summary = SummaryRec {
                id,
                resident,
                category: category_byte(e.category),
                status: status_byte(ComplaintStatus::Filed),
                anonymous: e.anonymity == linli_domain::complaint::Anonymity::Anonymous,
                public: e.visibility == linli_domain::complaint::Visibility::Public,
                filed_at,
                occurred_at: micros(e.occurred_at),
                address: e.address.clone(),
                description: e.description.clone(),
                reported_jurisdiction: e.jurisdiction.as_ref().map(StoredCode::of),
                jurisdiction: None,
                cadre: None,
                response_due_at: None,
                resolution_due_at: None,
                accepted_at: None,
                resolved_at: None,
                closed_at: None,
                response_overdue: false,
                resolution_overdue: false,
                rating: None,
                escalation_level: 0,
                merged_into: None,
                updated_at: filed_at,
            };
            self.touched.insert(
                id,
                ComplaintDoc {
                    summary,
                    timeline: Vec::new(),
                },
            );
        }
        let Some(doc) = self.doc(staged, id)? else {
            // An event for a complaint never filed: the domain never writes one, and a
            // read model has nothing to attach it to.
            tracing::warn!(position = %envelope.position, "complaint event before filing; ignored");
            return Ok(());
        };
        let (actor, text, internal) = describe(event, &doc.summary);
        evolve(&mut doc.summary, event);
        let kind = ComplaintEvent::TYPES
            .iter()
            .position(|t| t.name == event.event_type())
            .unwrap_or(0) as u8;
        let entry = EntryRec {
            position: envelope.position.0,
            at: micros(event_time(event)),
            actor,
            kind,
            text,
            internal,
        };
        doc.summary.updated_at = entry.at;
        doc.timeline.push(entry);
        Ok(())
    }

    fn finish_batch(&mut self, staged: &mut Staged<'_>) -> Result<(), ProjectionError> {
        for (id, doc) in self.touched.drain() {
            staged.insert(summary_key(id), encode(&doc));
        }
        Ok(())
    }
}

/// The business time an event carries.
pub(crate) fn event_time(event: &ComplaintEvent) -> chrono::DateTime<chrono::Utc> {
    match event {
        ComplaintEvent::Filed(e) => e.filed_at,
        ComplaintEvent::Assigned(e) => e.at,
        ComplaintEvent::Accepted(e) => e.at,
        ComplaintEvent::NoteAdded(e) => e.at,
        ComplaintEvent::Transferred(e) => e.at,
        ComplaintEvent::RejectedNotResponsible(e) => e.at,
        ComplaintEvent::Resolved(e) => e.at,
        ComplaintEvent::Confirmed(e) => e.at,
        ComplaintEvent::Reopened(e) => e.at,
        ComplaintEvent::Rated(e) => e.at,
        ComplaintEvent::MarkedOverdue(e) => e.at,
        ComplaintEvent::Escalated(e) => e.at,
        ComplaintEvent::Withdrawn(e) => e.at,
        ComplaintEvent::MergedAsDuplicate(e) => e.at,
    }
}

/// Who acted, the entry's text, and whether only handlers may read it.
fn describe(event: &ComplaintEvent, summary: &SummaryRec) -> (StoredActor, String, bool) {
    let filer = StoredActor::of(&Actor::resident(crate::models::common::user(
        summary.resident,
    )));
    let cadre = |u| StoredActor::of(&Actor::cadre(u));
    let to = |a: &Assignment| match a.cadre {
        Some(c) => format!("{} ({c})", a.jurisdiction),
        None => format!("{} (triage)", a.jurisdiction),
    };
    match event {
        // The description is already in the summary; the reader fills it in rather than
        // storing it twice in the document.
        ComplaintEvent::Filed(_) => (filer, String::new(), false),
        ComplaintEvent::Assigned(e) => (
            StoredActor::of(&e.by),
            format!("assigned to {}", to(&e.assignment)),
            false,
        ),
        ComplaintEvent::Accepted(e) => (cadre(e.cadre), String::new(), false),
        ComplaintEvent::NoteAdded(e) => (
            StoredActor::of(&e.author),
            e.text.clone(),
            e.visibility == NoteVisibility::Internal,
        ),
        ComplaintEvent::Transferred(e) => (
            StoredActor::of(&e.by),
            format!("transferred to {}: {}", to(&e.assignment), e.reason),
            false,
        ),
        ComplaintEvent::RejectedNotResponsible(e) => (
            cadre(e.cadre),
            format!(
                "returned to triage at {}: {}",
                e.triage_jurisdiction, e.reason
            ),
            false,
        ),
        ComplaintEvent::Resolved(e) => (cadre(e.cadre), e.resolution.clone(), false),
        ComplaintEvent::Confirmed(e) => (StoredActor::of(&e.by), String::new(), false),
        ComplaintEvent::Reopened(e) => (filer, e.reason.clone(), false),
        ComplaintEvent::Rated(e) => {
            let mut text = format!("{}/5", e.score.get());
            if !e.tags.is_empty() {
                text.push_str(&format!(" [{}]", e.tags.join(", ")));
            }
            if let Some(comment) = &e.comment {
                text.push(' ');
                text.push_str(comment);
            }
            (filer, text, false)
        }
        ComplaintEvent::MarkedOverdue(e) => (
            StoredActor(None),
            match e.deadline {
                DeadlineKind::Response => format!("response overdue (due {})", e.due_at),
                DeadlineKind::Resolution => format!("resolution overdue (due {})", e.due_at),
            },
            false,
        ),
        ComplaintEvent::Escalated(e) => (
            StoredActor::of(&e.by),
            format!(
                "escalated to {} ({})",
                to(&e.assignment),
                match e.reason {
                    EscalationReason::ResponseOverdue => "response overdue",
                    EscalationReason::ResolutionOverdue => "resolution overdue",
                    EscalationReason::Manual => "manual",
                }
            ),
            false,
        ),
        ComplaintEvent::Withdrawn(e) => (filer, e.reason.clone().unwrap_or_default(), false),
        ComplaintEvent::MergedAsDuplicate(e) => (
            StoredActor::of(&e.by),
            format!("merged into {}", e.into),
            false,
        ),
    }
}

fn reassign(s: &mut SummaryRec, a: &Assignment) {
    s.status = status_byte(if a.cadre.is_some() {
        ComplaintStatus::Assigned
    } else {
        ComplaintStatus::Triage
    });
    s.cadre = a.cadre.map(uid);
    s.jurisdiction = Some(StoredCode::of(&a.jurisdiction));
    s.response_due_at = Some(micros(a.response_due_at));
    s.resolution_due_at = Some(micros(a.resolution_due_at));
    s.accepted_at = None;
    s.response_overdue = false;
    s.resolution_overdue = false;
}

/// The same transitions as the domain's `evolve`, on the stored summary.
fn evolve(s: &mut SummaryRec, event: &ComplaintEvent) {
    match event {
        ComplaintEvent::Filed(_) => {}
        ComplaintEvent::Assigned(e) => reassign(s, &e.assignment),
        ComplaintEvent::Accepted(e) => {
            s.status = status_byte(ComplaintStatus::InProgress);
            s.accepted_at = Some(micros(e.at));
        }
        ComplaintEvent::NoteAdded(_) => {}
        ComplaintEvent::Transferred(e) => reassign(s, &e.assignment),
        ComplaintEvent::RejectedNotResponsible(e) => {
            s.cadre = None;
            s.jurisdiction = Some(StoredCode::of(&e.triage_jurisdiction));
            s.status = status_byte(ComplaintStatus::Triage);
            s.accepted_at = None;
        }
        ComplaintEvent::Resolved(e) => {
            s.status = status_byte(ComplaintStatus::Resolved);
            s.resolved_at = Some(micros(e.at));
        }
        ComplaintEvent::Confirmed(e) => {
            s.status = status_byte(ComplaintStatus::Closed);
            s.closed_at = Some(micros(e.at));
        }
        ComplaintEvent::Reopened(e) => {
            s.status = status_byte(ComplaintStatus::InProgress);
            s.resolved_at = None;
            s.resolution_due_at = Some(micros(e.resolution_due_at));
            s.resolution_overdue = false;
        }
        ComplaintEvent::Rated(e) => s.rating = Some(e.score.get()),
        ComplaintEvent::MarkedOverdue(e) => match e.deadline {
            DeadlineKind::Response => s.response_overdue = true,
            DeadlineKind::Resolution => s.resolution_overdue = true,
        },
        ComplaintEvent::Escalated(e) => {
            reassign(s, &e.assignment);
            s.escalation_level = e.level;
        }
        ComplaintEvent::Withdrawn(e) => {
            s.status = status_byte(ComplaintStatus::Withdrawn);
            s.closed_at = Some(micros(e.at));
        }
        ComplaintEvent::MergedAsDuplicate(e) => {
            s.status = status_byte(ComplaintStatus::Merged);
            s.merged_into = Some(e.into.as_uuid().as_u128());
            s.closed_at = Some(micros(e.at));
        }
    }
}
