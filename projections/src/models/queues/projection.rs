//! Folding complaint events into open-item queues per cadre, per node and by deadline.

use std::collections::HashMap;

use linli_domain::complaint::{Assignment, ComplaintEvent, ComplaintStatus, DeadlineKind};
use linli_engine::AnyEvent;

use super::stored::*;
use crate::error::ProjectionError;
use crate::models::common::{category_byte, decode, micros, status_byte, uid, StoredCode};
use crate::runtime::{Envelope, Projection, Staged};

/// Cadre queues: each event moves the complaint's index entries from where its old state
/// put them to where its new state puts them.
#[derive(Debug, Default)]
pub struct QueueProjection {
    /// Records touched in this batch, written in `finish_batch`.
    touched: HashMap<u128, QueueRec>,
    /// Open-item counts touched in this batch.
    counts: HashMap<u128, u32>,
}

impl QueueProjection {
    fn count(&mut self, staged: &Staged<'_>, cadre: u128) -> Result<&mut u32, ProjectionError> {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.counts.entry(cadre) {
            let n = match staged.get(&count_key(cadre))? {
                Some(bytes) => u32::from_be_bytes(
                    bytes
                        .as_slice()
                        .try_into()
                        .map_err(|_| ProjectionError::corrupt(staged.tree(), "bad count"))?,
                ),
                None => 0,
            };
            slot.insert(n);
        }
        Ok(self.counts.entry(cadre).or_default())
    }
}

impl Projection<AnyEvent> for QueueProjection {
    fn apply(
        &mut self,
        envelope: &Envelope<AnyEvent>,
        staged: &mut Staged<'_>,
    ) -> Result<(), ProjectionError> {
        let AnyEvent::Complaint(id, event) = &envelope.event else {
            return Ok(());
        };
        let id = id.as_uuid().as_u128();
        let in_batch = self.touched.contains_key(&id);
        let old = match self.touched.get(&id) {
            Some(rec) => Some(rec.clone()),
            None => staged
                .get(&item_key(id))?
                .map(|b| decode::<QueueRec>(staged.tree(), &b))
                .transpose()?,
        };
        let new = match (&old, event) {
            (None, ComplaintEvent::Filed(e)) => QueueRec {
                status: status_byte(ComplaintStatus::Filed),
                category: category_byte(e.category),
                filed_at: micros(e.filed_at),
                cadre: None,
                jurisdiction: None,
                response_due_at: None,
                resolution_due_at: None,
                response_overdue: false,
                resolution_overdue: false,
            },
            (None, _) => return Ok(()),
            (Some(old), _) => {
                let mut new = old.clone();
                evolve(&mut new, event);
                new
            }
        };
        let old_keys = old.as_ref().map(|o| o.index_keys(id)).unwrap_or_default();
        let new_keys = new.index_keys(id);
        for key in &old_keys {
            if !new_keys.contains(key) {
                staged.remove(key.clone());
            }
        }
        for key in new_keys {
            if !old_keys.contains(&key) {
                staged.insert_new(key, Vec::new());
            }
        }
        let before = old.as_ref().and_then(QueueRec::counted_cadre);
        let after = new.counted_cadre();
        if before != after {
            if let Some(c) = before {
                let n = self.count(staged, c)?;
                *n = n.saturating_sub(1);
            }
            if let Some(c) = after {
                *self.count(staged, c)? += 1;
            }
        }
        // Events that change nothing here (a note, a rating for the queues) write nothing.
        if in_batch || old.as_ref() != Some(&new) {
            self.touched.insert(id, new);
        }
        Ok(())
    }

    fn finish_batch(&mut self, staged: &mut Staged<'_>) -> Result<(), ProjectionError> {
        for (id, rec) in self.touched.drain() {
            staged.insert(item_key(id), crate::models::common::encode(&rec));
        }
        for (cadre, n) in self.counts.drain() {
            if n == 0 {
                staged.remove(count_key(cadre));
            } else {
                staged.insert(count_key(cadre), n.to_be_bytes().to_vec());
            }
        }
        Ok(())
    }
}

fn reassign(r: &mut QueueRec, a: &Assignment) {
    r.status = status_byte(if a.cadre.is_some() {
        ComplaintStatus::Assigned
    } else {
        ComplaintStatus::Triage
    });
    r.cadre = a.cadre.map(uid);
    r.jurisdiction = Some(StoredCode::of(&a.jurisdiction));
    r.response_due_at = Some(micros(a.response_due_at));
    r.resolution_due_at = Some(micros(a.resolution_due_at));
    r.response_overdue = false;
    r.resolution_overdue = false;
}

/// The domain's transitions, as far as queues care.
fn evolve(r: &mut QueueRec, event: &ComplaintEvent) {
    match event {
        ComplaintEvent::Filed(_) | ComplaintEvent::NoteAdded(_) | ComplaintEvent::Rated(_) => {}
        ComplaintEvent::Assigned(e) => reassign(r, &e.assignment),
        ComplaintEvent::Transferred(e) => reassign(r, &e.assignment),
        ComplaintEvent::Escalated(e) => reassign(r, &e.assignment),
        ComplaintEvent::Accepted(_) => r.status = status_byte(ComplaintStatus::InProgress),
        ComplaintEvent::RejectedNotResponsible(e) => {
            r.cadre = None;
            r.jurisdiction = Some(StoredCode::of(&e.triage_jurisdiction));
            r.status = status_byte(ComplaintStatus::Triage);
        }
        ComplaintEvent::Resolved(_) => r.status = status_byte(ComplaintStatus::Resolved),
        ComplaintEvent::Confirmed(_) => r.status = status_byte(ComplaintStatus::Closed),
        ComplaintEvent::Reopened(e) => {
            r.status = status_byte(ComplaintStatus::InProgress);
            r.resolution_due_at = Some(micros(e.resolution_due_at));
            r.resolution_overdue = false;
        }
        ComplaintEvent::MarkedOverdue(e) => match e.deadline {
            DeadlineKind::Response => r.response_overdue = true,
            DeadlineKind::Resolution => r.resolution_overdue = true,
        },
        ComplaintEvent::Withdrawn(_) => r.status = status_byte(ComplaintStatus::Withdrawn),
        ComplaintEvent::MergedAsDuplicate(_) => r.status = status_byte(ComplaintStatus::Merged),
    }
}
