//! Dashboard counters: what each complaint contributes, and the keys the sums live under.
//!
//! Every counter is a sum of per-complaint contributions (plus one per encouragement). On
//! each event the complaint's old contributions are taken away and its new ones added, so
//! the counters always equal a fresh sum over the current records; a counter that reaches
//! zero is deleted, so an incremental build and a rebuild hold identical keys.

use bincode::{Decode, Encode};
use chrono::Datelike;
use chrono::NaiveDate;
use linli_domain::complaint::ComplaintStatus;

use crate::models::common::{status, StoredCode};

/// `[1][complaint]` → [`DashRec`].
pub(crate) const RECORD: u8 = 1;
/// `[2][counter]` → i64 big-endian.
pub(crate) const COUNTER: u8 = 2;

/// What the dashboard remembers of one complaint.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub(crate) struct DashRec {
    /// Category byte.
    pub(crate) category: u8,
    /// Filing time, µs.
    pub(crate) filed_at: i64,
    /// China day of filing, days from the common era.
    pub(crate) filed_day: i32,
    /// Status byte.
    pub(crate) status: u8,
    /// The node whose queue holds it; `None` until routed.
    pub(crate) jurisdiction: Option<StoredCode>,
    /// Assigned to a cadre (not only a triage queue) at least once.
    pub(crate) assigned_to_cadre: bool,
    /// Accepted (or resolved, which accepts) at least once.
    pub(crate) responded: bool,
    /// When first resolved.
    pub(crate) first_resolved_at: Option<i64>,
    /// China day of the first resolution.
    pub(crate) first_resolved_day: Option<i32>,
    /// The cadre of the latest resolution.
    pub(crate) resolver: Option<u128>,
    /// Every cadre it was assigned to, in order, each once.
    pub(crate) holders: Vec<u128>,
    /// The filer's score.
    pub(crate) rating: Option<u8>,
    /// The response deadline of the current assignment was marked overdue.
    pub(crate) response_overdue: bool,
    /// The resolution deadline of the current assignment was marked overdue.
    pub(crate) resolution_overdue: bool,
}

/// One counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Counter {
    /// Complaints filed.
    Filed,
    /// Filed in a category.
    Category(u8),
    /// Filed on a China day.
    FiledOn(i32),
    /// First resolved on a China day.
    ResolvedOn(i32),
    /// In a status now.
    Status(u8),
    /// Complaints at a node now; `None` = not routed yet.
    Node(Option<StoredCode>),
    /// Assigned to a cadre at least once (response-rate denominator).
    AssignedToCadre,
    /// Accepted at least once (response-rate numerator).
    Responded,
    /// Complaints that count for the resolution rate (not withdrawn, not merged).
    ResolutionBase,
    /// Resolved or closed now.
    ResolvedNow,
    /// Rated.
    Rated,
    /// Rated 4 or 5.
    Satisfied,
    /// Resolved once, with this many whole minutes from filing to first resolution.
    HandlingMinutes(u32),
    /// Unresolved and marked overdue under the current assignment.
    Overdue,
    /// Ever assigned to this cadre.
    CadreHeld(u128),
    /// Resolved (now) by this cadre's latest resolution.
    CadreHandled(u128),
    /// Rated, on complaints this cadre resolved.
    CadreRated(u128),
    /// Sum of those scores.
    CadreScoreSum(u128),
    /// Rated 4 or 5, on complaints this cadre resolved.
    CadreSatisfied(u128),
    /// Encouragements posted for this cadre.
    CadreEncouragements(u128),
}

const SATISFIED_FROM: u8 = 4;

impl Counter {
    /// The counter's key in the tree, after the table tag.
    pub(crate) fn key(self) -> Vec<u8> {
        let mut k = vec![COUNTER];
        let mut tag = |t: u8, rest: &[u8]| {
            k.push(t);
            k.extend_from_slice(rest);
        };
        match self {
            Counter::Filed => tag(1, &[]),
            Counter::Category(c) => tag(2, &[c]),
            Counter::FiledOn(d) => tag(3, &d.to_be_bytes()),
            Counter::ResolvedOn(d) => tag(4, &d.to_be_bytes()),
            Counter::Status(s) => tag(5, &[s]),
            Counter::Node(None) => tag(6, &[]),
            Counter::Node(Some(c)) => {
                let mut b = c.0.to_be_bytes().to_vec();
                b.extend_from_slice(&c.1.to_be_bytes());
                tag(6, &b)
            }
            Counter::AssignedToCadre => tag(7, &[]),
            Counter::Responded => tag(8, &[]),
            Counter::ResolutionBase => tag(9, &[]),
            Counter::ResolvedNow => tag(10, &[]),
            Counter::Rated => tag(11, &[]),
            Counter::Satisfied => tag(12, &[]),
            Counter::HandlingMinutes(m) => tag(13, &m.to_be_bytes()),
            Counter::Overdue => tag(14, &[]),
            Counter::CadreHeld(c) => tag(20, &c.to_be_bytes()),
            Counter::CadreHandled(c) => tag(21, &c.to_be_bytes()),
            Counter::CadreRated(c) => tag(22, &c.to_be_bytes()),
            Counter::CadreScoreSum(c) => tag(23, &c.to_be_bytes()),
            Counter::CadreSatisfied(c) => tag(24, &c.to_be_bytes()),
            Counter::CadreEncouragements(c) => tag(25, &c.to_be_bytes()),
        }
        k
    }

    /// Reads a key written by [`Counter::key`].
    pub(crate) fn parse(key: &[u8]) -> Option<Counter> {
        let (&table, rest) = key.split_first()?;
        if table != COUNTER {
            return None;
        }
        let (&t, b) = rest.split_first()?;
        let id = || b.try_into().ok().map(u128::from_be_bytes);
        let day = || b.try_into().ok().map(i32::from_be_bytes);
        Some(match t {
            1 => Counter::Filed,
            2 => Counter::Category(*b.first()?),
            3 => Counter::FiledOn(day()?),
            4 => Counter::ResolvedOn(day()?),
            5 => Counter::Status(*b.first()?),
            6 if b.is_empty() => Counter::Node(None),
            6 => Counter::Node(Some(StoredCode(
                u64::from_be_bytes(b.get(..8)?.try_into().ok()?),
                u16::from_be_bytes(b.get(8..10)?.try_into().ok()?),
            ))),
            7 => Counter::AssignedToCadre,
            8 => Counter::Responded,
            9 => Counter::ResolutionBase,
            10 => Counter::ResolvedNow,
            11 => Counter::Rated,
            12 => Counter::Satisfied,
            13 => Counter::HandlingMinutes(u32::from_be_bytes(b.try_into().ok()?)),
            14 => Counter::Overdue,
            20 => Counter::CadreHeld(id()?),
            21 => Counter::CadreHandled(id()?),
            22 => Counter::CadreRated(id()?),
            23 => Counter::CadreScoreSum(id()?),
            24 => Counter::CadreSatisfied(id()?),
            25 => Counter::CadreEncouragements(id()?),
            _ => return None,
        })
    }
}

/// A China day as days from the common era.
pub(crate) fn day_number(day: NaiveDate) -> i32 {
    day.num_days_from_ce()
}

/// A day number back as a date.
pub(crate) fn day_of(number: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(number)
}

/// Everything one complaint adds to the counters.
pub(crate) fn contributions(r: &DashRec) -> Vec<(Counter, i64)> {
    let st = status(r.status);
    let resolved_now = matches!(st, ComplaintStatus::Resolved | ComplaintStatus::Closed);
    let mut out = vec![
        (Counter::Filed, 1),
        (Counter::Category(r.category), 1),
        (Counter::FiledOn(r.filed_day), 1),
        (Counter::Status(r.status), 1),
        (Counter::Node(r.jurisdiction), 1),
    ];
    if r.assigned_to_cadre {
        out.push((Counter::AssignedToCadre, 1));
    }
    if r.responded {
        out.push((Counter::Responded, 1));
    }
    if !matches!(st, ComplaintStatus::Withdrawn | ComplaintStatus::Merged) {
        out.push((Counter::ResolutionBase, 1));
    }
    if resolved_now {
        out.push((Counter::ResolvedNow, 1));
    }
    if let (Some(at), Some(day)) = (r.first_resolved_at, r.first_resolved_day) {
        let minutes = ((at - r.filed_at).max(0) / 60_000_000).min(u32::MAX as i64) as u32;
        out.push((Counter::HandlingMinutes(minutes), 1));
        out.push((Counter::ResolvedOn(day), 1));
    }
    if let Some(score) = r.rating {
        out.push((Counter::Rated, 1));
        if score >= SATISFIED_FROM {
            out.push((Counter::Satisfied, 1));
        }
    }
    if (r.response_overdue || r.resolution_overdue) && st.is_unresolved() {
        out.push((Counter::Overdue, 1));
    }
    for cadre in &r.holders {
        out.push((Counter::CadreHeld(*cadre), 1));
    }
    if let (Some(cadre), true) = (r.resolver, resolved_now) {
        out.push((Counter::CadreHandled(cadre), 1));
    }
    if let (Some(cadre), Some(score)) = (r.resolver, r.rating) {
        out.push((Counter::CadreRated(cadre), 1));
        out.push((Counter::CadreScoreSum(cadre), i64::from(score)));
        if score >= SATISFIED_FROM {
            out.push((Counter::CadreSatisfied(cadre), 1));
        }
    }
    out
}
