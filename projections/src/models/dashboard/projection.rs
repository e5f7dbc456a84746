//! Folding events into the dashboard's counters.

use std::collections::{HashMap, HashSet};

use linli_domain::complaint::{Assignment, ComplaintEvent, ComplaintStatus, DeadlineKind};
use linli_domain::encouragement::EncouragementEvent;
use linli_engine::AnyEvent;

use super::counters::*;
use crate::error::ProjectionError;
use crate::models::common::{
    category_byte, china_day, decode, encode, micros, status_byte, uid, Key, StoredCode,
};
use crate::runtime::{Envelope, Projection, Staged};

/// The dashboard. Counters live in memory (restored on start) and every counter a batch
/// changed is written with that batch's checkpoint, so memory and tree agree at every
/// committed position.
#[derive(Debug, Default)]
pub struct DashboardProjection {
    /// Every non-zero counter.
    counters: HashMap<Counter, i64>,
    /// Counters changed in this batch.
    dirty: HashSet<Counter>,
    /// Complaint records touched in this batch.
    touched: HashMap<u128, DashRec>,
}

impl DashboardProjection {
    fn add(&mut self, counter: Counter, delta: i64) {
        let value = self.counters.entry(counter).or_default();
        *value += delta;
        if *value == 0 {
            self.counters.remove(&counter);
        }
        self.dirty.insert(counter);
    }
}

fn record_key(id: u128) -> Vec<u8> {
    Key::new(RECORD).id(id).build()
}

impl Projection<AnyEvent> for DashboardProjection {
    fn restore(&mut self, tree: &sled::Tree) -> Result<(), ProjectionError> {
        self.counters.clear();
        self.dirty.clear();
        self.touched.clear();
        for kv in tree.scan_prefix([COUNTER]) {
            let (key, value) = kv?;
            let counter = Counter::parse(&key)
                .ok_or_else(|| ProjectionError::corrupt(tree, "bad counter"))?;
            let value: [u8; 8] = value
                .as_ref()
                .try_into()
                .map_err(|_| ProjectionError::corrupt(tree, "bad counter value"))?;
            self.counters.insert(counter, i64::from_be_bytes(value));
        }
        Ok(())
    }

    fn apply(
        &mut self,
        envelope: &Envelope<AnyEvent>,
        staged: &mut Staged<'_>,
    ) -> Result<(), ProjectionError> {
        let (id, event) = match &envelope.event {
            AnyEvent::Complaint(id, event) => (id.as_uuid().as_u128(), event),
            AnyEvent::Encouragement(_, EncouragementEvent::Posted(e)) => {
                self.add(Counter::CadreEncouragements(uid(e.cadre)), 1);
                return Ok(());
            }
            _ => return Ok(()),
        };
        let in_batch = self.touched.contains_key(&id);
        let old = match self.touched.get(&id) {
            Some(r) => Some(r.clone()),
            None => staged
                .get(&record_key(id))?
                .map(|b| decode::<DashRec>(staged.tree(), &b))
                .transpose()?,
        };
        let new = match (&old, event) {
            (None, ComplaintEvent::Filed(e)) => DashRec {
                category: category_byte(e.category),
                filed_at: micros(e.filed_at),
                filed_day: day_number(china_day(e.filed_at)),
                status: status_byte(ComplaintStatus::Filed),
                jurisdiction: None,
                assigned_to_cadre: false,
                responded: false,
                first_resolved_at: None,
                first_resolved_day: None,
                resolver: None,
                holders: Vec::new(),
                rating: None,
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
        if old.as_ref() == Some(&new) {
            return Ok(());
        }
        if let Some(old) = &old {
            for (counter, delta) in contributions(old) {
                self.add(counter, -delta);
            }
        }
        for (counter, delta) in contributions(&new) {
            self.add(counter, delta);
        }
        // Events that change nothing here (a note, a rating for the queues) write nothing.
        if in_batch || old.as_ref() != Some(&new) {
            self.touched.insert(id, new);
        }
        Ok(())
    }

    fn finish_batch(&mut self, staged: &mut Staged<'_>) -> Result<(), ProjectionError> {
        for (id, rec) in self.touched.drain() {
            staged.insert(record_key(id), encode(&rec));
        }
        for counter in self.dirty.drain() {
            match self.counters.get(&counter) {
                Some(value) => staged.insert(counter.key(), value.to_be_bytes().to_vec()),
                None => staged.remove(counter.key()),
            }
        }
        Ok(())
    }
}

fn reassign(r: &mut DashRec, a: &Assignment) {
    r.status = status_byte(if a.cadre.is_some() {
        ComplaintStatus::Assigned
    } else {
        ComplaintStatus::Triage
    });
    r.jurisdiction = Some(StoredCode::of(&a.jurisdiction));
    r.response_overdue = false;
    r.resolution_overdue = false;
    if let Some(cadre) = a.cadre {
        r.assigned_to_cadre = true;
        let cadre = uid(cadre);
        if !r.holders.contains(&cadre) {
            r.holders.push(cadre);
        }
    }
}

fn evolve(r: &mut DashRec, event: &ComplaintEvent) {
    match event {
        ComplaintEvent::Filed(_) | ComplaintEvent::NoteAdded(_) => {}
        ComplaintEvent::Assigned(e) => reassign(r, &e.assignment),
        ComplaintEvent::Transferred(e) => reassign(r, &e.assignment),
        ComplaintEvent::Escalated(e) => reassign(r, &e.assignment),
        ComplaintEvent::Accepted(_) => {
            r.status = status_byte(ComplaintStatus::InProgress);
            r.responded = true;
        }
        ComplaintEvent::RejectedNotResponsible(e) => {
            r.status = status_byte(ComplaintStatus::Triage);
            r.jurisdiction = Some(StoredCode::of(&e.triage_jurisdiction));
        }
        ComplaintEvent::Resolved(e) => {
            r.status = status_byte(ComplaintStatus::Resolved);
            r.responded = true;
            r.resolver = Some(uid(e.cadre));
            if r.first_resolved_at.is_none() {
                r.first_resolved_at = Some(micros(e.at));
                r.first_resolved_day = Some(day_number(china_day(e.at)));
            }
        }
        ComplaintEvent::Confirmed(_) => r.status = status_byte(ComplaintStatus::Closed),
        ComplaintEvent::Reopened(_) => {
            // As in the domain: a reopen brings a new resolution deadline only.
            r.status = status_byte(ComplaintStatus::InProgress);
            r.resolution_overdue = false;
        }
        ComplaintEvent::Rated(e) => r.rating = Some(e.score.get()),
        ComplaintEvent::MarkedOverdue(e) => match e.deadline {
            DeadlineKind::Response => r.response_overdue = true,
            DeadlineKind::Resolution => r.resolution_overdue = true,
        },
        ComplaintEvent::Withdrawn(_) => r.status = status_byte(ComplaintStatus::Withdrawn),
        ComplaintEvent::MergedAsDuplicate(_) => r.status = status_byte(ComplaintStatus::Merged),
    }
}
