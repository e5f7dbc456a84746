//! Shared helpers for the event log's integration tests.
#![allow(dead_code)]

use linli_eventlog::{EventLog, ExpectedVersion, LogConfig, Metadata, NewEvent, StreamId};

/// A log in a fresh temporary directory. Keep the `TempDir` alive as long as the log.
pub fn temp_log() -> (tempfile::TempDir, EventLog) {
    let dir = tempfile::tempdir().expect("temp dir");
    let log = EventLog::open(config(dir.path())).expect("open log");
    (dir, log)
}

/// The config tests use: a small cache, as a reminder that nothing needs sled's 1 GiB.
pub fn config(path: &std::path::Path) -> LogConfig {
    LogConfig::new(path).with_cache_capacity(8 * 1024 * 1024)
}

pub fn stream(name: &str) -> StreamId {
    StreamId::new(name).expect("valid stream id")
}

pub fn event(payload: &str) -> NewEvent {
    NewEvent::new("test.happened", 1, payload.as_bytes().to_vec())
}

/// Appends `count` single-event appends to `name`, returning nothing; panics on failure.
pub async fn fill(log: &EventLog, name: &str, count: usize) {
    for i in 0..count {
        log.append(
            stream(name),
            ExpectedVersion::Any,
            vec![event(&format!("{{\"n\":{i}}}"))],
            Metadata::default(),
        )
        .await
        .expect("append");
    }
}
