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
    pub(crate) summary: SummaryRec,
    pub(crate) timeline: Vec<EntryRec>,
}

/// A complaint as the progress views show it.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub(crate) struct SummaryRec {
    pub(crate) id: u128,
    pub(crate) resident: u128,
    pub(crate) category: u8,
    pub(crate) status: u8,
    pub(crate) anonymous: bool,
    pub(crate) public: bool,
    pub(crate) filed_at: i64,
    pub(crate) occurred_at: i64,
    pub(crate) address: String,
    pub(crate) description: String,
    pub(crate) reported_jurisdiction: Option<StoredCode>,
    /// The node whose queue holds it now.
    pub(crate) jurisdiction: Option<StoredCode>,
    pub(crate) cadre: Option<u128>,
    pub(crate) response_due_at: Option<i64>,
    pub(crate) resolution_due_at: Option<i64>,
    pub(crate) accepted_at: Option<i64>,
    pub(crate) resolved_at: Option<i64>,
    pub(crate) closed_at: Option<i64>,
    pub(crate) response_overdue: bool,
    pub(crate) resolution_overdue: bool,
    pub(crate) rating: Option<u8>,
    pub(crate) escalation_level: u8,
    pub(crate) merged_into: Option<u128>,
    /// Business time of the last event.
    pub(crate) updated_at: i64,
}

/// One timeline entry.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub(crate) struct EntryRec {
    pub(crate) position: u64,
    pub(crate) at: i64,
    pub(crate) actor: StoredActor,
    /// Index into `ComplaintEvent::TYPES`.
    pub(crate) kind: u8,
    pub(crate) text: String,
    /// Handlers only (an internal note).
    pub(crate) internal: bool,
}
