//! Where a replay starts: the log's `recorded_at` never goes backwards along the log, so
//! the first event at or after a moment is found by bisection, in O(log n) reads.

use chrono::{DateTime, Utc};
use linli_eventlog::{EventLog, Position, ReadError};

/// The first position recorded at or after `since`; the head's next position if none.
pub fn first_position_since(log: &EventLog, since: DateTime<Utc>) -> Result<Position, ReadError> {
    let target = since.timestamp_micros();
    let (mut low, mut high) = (1u64, log.head().position.0 + 1);
    // Invariant: every position below `low` is earlier than `since`; `high` is at or
    // after it (or one past the head).
    while low < high {
        let mid = low + (high - low) / 2;
        if log.read_at(Position(mid))?.recorded_at_micros < target {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    Ok(Position(low))
}
