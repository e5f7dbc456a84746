//! The server's clock: the system clock plus an offset. The offset is zero unless the server
//! was started with `--dev-clock`, which exposes a route to move time forward, so black-box
//! tests can make deadlines pass without waiting days.

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, TimeDelta, Utc};

/// System time shifted by an adjustable offset.
#[derive(Debug, Default)]
pub struct OffsetClock {
    /// Microseconds added to the system clock.
    offset_micros: AtomicI64,
}

impl OffsetClock {
    /// Moves time forward (never backward: the log's time must not run backwards).
    pub fn advance(&self, by: TimeDelta) {
        let micros = by.num_microseconds().unwrap_or(0).max(0);
        self.offset_micros.fetch_add(micros, Ordering::SeqCst);
    }
}

impl linli_engine::Clock for OffsetClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + TimeDelta::microseconds(self.offset_micros.load(Ordering::SeqCst))
    }
}
