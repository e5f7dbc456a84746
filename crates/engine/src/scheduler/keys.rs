//! Deterministic idempotency keys for the scheduler's commands.
//!
//! A key names the complaint, the deadline kind and the exact due time it acts on. Each
//! assignment brings new due times, so each missed deadline gets its own keys; a repeated
//! tick (or two schedulers racing) reuses them, and the log writes each command once.

use chrono::{DateTime, SecondsFormat, Utc};
use linli_domain::complaint::DeadlineKind;
use linli_domain::ComplaintId;

fn kind_name(kind: DeadlineKind) -> &'static str {
    match kind {
        DeadlineKind::Response => "response",
        DeadlineKind::Resolution => "resolution",
    }
}

/// `overdue:<id>:<kind>:<due>`: the key of the MarkOverdue command.
pub fn overdue_key(complaint: ComplaintId, kind: DeadlineKind, due: DateTime<Utc>) -> String {
    format!(
        "overdue:{complaint}:{}:{}",
        kind_name(kind),
        due.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    )
}

/// `overdue:<id>:<kind>:<due>:escalate`: the key of the escalation that follows.
pub fn escalate_key(complaint: ComplaintId, kind: DeadlineKind, due: DateTime<Utc>) -> String {
    format!("{}:escalate", overdue_key(complaint, kind, due))
}
