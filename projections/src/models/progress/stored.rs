//! The complaint-progress tables and their stored records.

use bincode::{Decode, Encode};

use crate::models::common::{id_at, Key, StoredActor, StoredCode};

/// `[1][complaint]` → [`ComplaintDoc`]: the summary with its whole timeline. One key per
/// complaint rather than one per entry: sled writes cost microseconds per key, and a
/// complaint's handful of events then coalesce into one write per batch.
pub(crate) const SUMMARY: u8 = 1;
/// `[3][resident][filed_at desc][complaint]` → empty: a resident's complaints, newest first.
pub(crate) const BY_RESIDENT: u8 = 3;
/// `[4][filed_at asc][complaint]` → empty: every complaint by filing time (manager search).
pub(crate) const BY_FILED: u8 = 4;

pub(crate) fn summary_key(complaint: u128) -> Vec<u8> {
    Key::new(SUMMARY).id(complaint).build()
}

pub(crate) fn by_resident_key(resident: u128, filed_at: i64, complaint: u128) -> Vec<u8> {
    Key::new(BY_RESIDENT)
        .id(resident)
        .time_desc(filed_at)
        .id(complaint)
        .build()
}

pub(crate) fn by_filed_key(filed_at: i64, complaint: u128) -> Vec<u8> {
    Key::new(BY_FILED).time(filed_at).id(complaint).build()
}

/// The complaint id at the end of an index key (both indexes end with it).
pub(crate) fn complaint_of_index_key(key: &[u8]) -> Option<u128> {
    id_at(key, key.len().checked_sub(16)?)
}

/// One complaint: its summary and its timeline, oldest entry first.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub(crate) struct ComplaintDoc {
    /// Where the complaint stands.
    pub(crate) summary: SummaryRec,
    /// Every event, oldest first.
    pub(crate) timeline: Vec<EntryRec>,
}

/// A complaint as the progress views show it.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub(crate) struct SummaryRec {
    /// The complaint id.
    pub(crate) id: u128,
    /// The filer.
    pub(crate) resident: u128,
    /// Category byte (`common::category_byte`).
    pub(crate) category: u8,
    /// Status byte (`common::status_byte`).
    pub(crate) status: u8,
    /// Handlers do not see the filer.
    pub(crate) anonymous: bool,
    /// Other residents may read it.
    pub(crate) public: bool,
    /// Filing time, µs since the epoch.
    pub(crate) filed_at: i64,
    /// When it happened, µs.
    pub(crate) occurred_at: i64,
    /// Where, in the resident's words.
    pub(crate) address: String,
    /// What happened.
    pub(crate) description: String,
    /// The code the resident picked.
    pub(crate) reported_jurisdiction: Option<StoredCode>,
    /// The node whose queue holds it now.
    pub(crate) jurisdiction: Option<StoredCode>,
    /// The cadre holding it now.
    pub(crate) cadre: Option<u128>,
    /// Accept by then, µs.
    pub(crate) response_due_at: Option<i64>,
    /// Resolve by then, µs.
    pub(crate) resolution_due_at: Option<i64>,
    /// When the current holder accepted, µs.
    pub(crate) accepted_at: Option<i64>,
    /// When last resolved, µs.
    pub(crate) resolved_at: Option<i64>,
    /// When it reached a terminal status, µs.
    pub(crate) closed_at: Option<i64>,
    /// The current response deadline was marked overdue.
    pub(crate) response_overdue: bool,
    /// The current resolution deadline was marked overdue.
    pub(crate) resolution_overdue: bool,
    /// The filer's score.
    pub(crate) rating: Option<u8>,
    /// Escalations so far.
    pub(crate) escalation_level: u8,
    /// The complaint it was merged into.
    pub(crate) merged_into: Option<u128>,
    /// Business time of the last event.
    pub(crate) updated_at: i64,
}

/// One timeline entry.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub(crate) struct EntryRec {
    /// The event's log position.
    pub(crate) position: u64,
    /// Its business time, µs.
    pub(crate) at: i64,
    /// Who acted.
    pub(crate) actor: StoredActor,
    /// Index into `ComplaintEvent::TYPES`.
    pub(crate) kind: u8,
    /// The words shown.
    pub(crate) text: String,
    /// Handlers only (an internal note).
    pub(crate) internal: bool,
}
