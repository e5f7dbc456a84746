//! How a log is opened: where, with how much cache, which clock, who watches commits.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Where "now" comes from when a record is committed. Injected so tests and demos control
/// time; the writer never lets `recorded_at` go backwards whatever the clock says.
pub trait Clock: Send + Sync + fmt::Debug {
    /// Microseconds since the Unix epoch, UTC.
    fn now_micros(&self) -> i64;
}

/// The wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_micros(&self) -> i64 {
        chrono::Utc::now().timestamp_micros()
    }
}

/// Told about every committed batch, for metrics (batch sizes, fsync time). Called on the
/// writer thread, so it must be cheap and must not block.
pub trait CommitObserver: Send + Sync + fmt::Debug {
    /// A batch of `requests` appends holding `events` events became durable; the
    /// flush-and-fsync step took `sync`.
    fn batch_committed(&self, requests: usize, events: usize, sync: Duration);
}

/// Ignores commits.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoObserver;

impl CommitObserver for NoObserver {
    fn batch_committed(&self, _requests: usize, _events: usize, _sync: Duration) {}
}

/// Settings for [`EventLog::open`](crate::EventLog::open).
#[derive(Debug, Clone)]
pub struct LogConfig {
    /// The sled data directory.
    pub path: PathBuf,
    /// sled's page cache in bytes. sled defaults to 1 GiB, far more than a county's log
    /// needs hot; 64 MiB keeps the server's footprint small.
    pub cache_capacity_bytes: u64,
    /// Upper bound on events in one group commit, so one huge burst cannot delay the
    /// acknowledgement of the first caller in it indefinitely.
    pub max_batch_events: usize,
    /// Appends that may wait for the writer before callers feel back-pressure.
    pub queue_depth: usize,
    /// Source of `recorded_at`.
    pub clock: Arc<dyn Clock>,
    /// Metrics hook.
    pub observer: Arc<dyn CommitObserver>,
}

impl LogConfig {
    /// Defaults: 64 MiB cache, 4096 events a batch, wall clock, no observer.
    pub fn new(path: impl Into<PathBuf>) -> LogConfig {
        LogConfig {
            path: path.into(),
            cache_capacity_bytes: 64 * 1024 * 1024,
            max_batch_events: 4096,
            queue_depth: 8192,
            clock: Arc::new(SystemClock),
            observer: Arc::new(NoObserver),
        }
    }

    /// Replaces the clock.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> LogConfig {
        self.clock = clock;
        self
    }

    /// Replaces the commit observer.
    pub fn with_observer(mut self, observer: Arc<dyn CommitObserver>) -> LogConfig {
        self.observer = observer;
        self
    }

    /// Sets sled's cache size.
    pub fn with_cache_capacity(mut self, bytes: u64) -> LogConfig {
        self.cache_capacity_bytes = bytes;
        self
    }
}
