//! Shared helpers for the projection tests: temporary logs and a toy projection over raw
//! records.
#![allow(dead_code)]

pub mod scenario;

use std::time::Duration;

use linli_eventlog::{
    EventLog, ExpectedVersion, LogConfig, Metadata, NewEvent, Position, RecordedEvent, StreamId,
};
use linli_projections::{Decoder, Envelope, Projection, ProjectionError, ProjectionSpec, Staged};

/// Generous: CI machines are slow, and a passing test never waits this long.
pub const WAIT: Duration = Duration::from_secs(30);

pub fn config(path: &std::path::Path) -> LogConfig {
    LogConfig::new(path).with_cache_capacity(16 * 1024 * 1024)
}

pub fn temp_log() -> (tempfile::TempDir, EventLog) {
    let dir = tempfile::tempdir().expect("temp dir");
    let log = EventLog::open(config(dir.path())).expect("open log");
    (dir, log)
}

/// Appends `count` raw events of type `kind` to `stream`; returns the last position.
pub async fn append_raw(log: &EventLog, stream: &str, kind: &str, count: usize) -> Position {
    let events = (0..count)
        .map(|i| NewEvent::new(kind, 1, format!("{{\"i\":{i}}}").into_bytes()))
        .collect();
    log.append(
        StreamId::new(stream).unwrap(),
        ExpectedVersion::Any,
        events,
        Metadata::default(),
    )
    .await
    .expect("append")
    .last_position
}

/// Hands records over as they are, refusing the event type `bad`.
#[derive(Debug, Clone, Copy, Default)]
pub struct PickyDecoder;

impl Decoder for PickyDecoder {
    type Event = RecordedEvent;

    fn decode(&self, record: &RecordedEvent) -> Result<RecordedEvent, String> {
        if record.event_type == "bad" {
            Err("the test refuses event type \"bad\"".into())
        } else {
            Ok(record.clone())
        }
    }
}

/// Counts events per stream (in sled, read-modify-write) and per event type (in memory,
/// written at the end of each batch and restored on start), and records every position it
/// applied, so a double application shows up as a wrong count.
#[derive(Debug, Default)]
pub struct Counter {
    /// Events per type: in memory, written each batch, restored on start.
    by_type: std::collections::BTreeMap<String, u64>,
}

pub const COUNTER_ID: &str = "toy_counter";

pub fn counter_spec(version: u32) -> ProjectionSpec<RecordedEvent> {
    ProjectionSpec::new(COUNTER_ID, version, Counter::default)
}

fn stream_key(stream: &str) -> Vec<u8> {
    let mut key = vec![1u8];
    key.extend_from_slice(stream.as_bytes());
    key
}

fn type_key(kind: &str) -> Vec<u8> {
    let mut key = vec![3u8];
    key.extend_from_slice(kind.as_bytes());
    key
}

impl Projection<RecordedEvent> for Counter {
    fn restore(&mut self, tree: &sled::Tree) -> Result<(), ProjectionError> {
        self.by_type.clear();
        for kv in tree.scan_prefix([3u8]) {
            let (k, v) = kv?;
            let kind = String::from_utf8_lossy(&k[1..]).into_owned();
            self.by_type
                .insert(kind, u64::from_be_bytes(v.as_ref().try_into().unwrap()));
        }
        Ok(())
    }

    fn apply(
        &mut self,
        envelope: &Envelope<RecordedEvent>,
        staged: &mut Staged<'_>,
    ) -> Result<(), ProjectionError> {
        let key = stream_key(envelope.event.stream.as_str());
        let count = staged
            .get(&key)?
            .map(|v| u64::from_be_bytes(v.as_slice().try_into().unwrap()))
            .unwrap_or(0);
        staged.insert(key, (count + 1).to_be_bytes().to_vec());
        let mut seen = vec![2u8];
        seen.extend_from_slice(&envelope.position.0.to_be_bytes());
        staged.insert(seen, envelope.event.event_type.as_bytes().to_vec());
        *self
            .by_type
            .entry(envelope.event.event_type.clone())
            .or_default() += 1;
        Ok(())
    }

    fn finish_batch(&mut self, staged: &mut Staged<'_>) -> Result<(), ProjectionError> {
        for (kind, count) in &self.by_type {
            staged.insert(type_key(kind), count.to_be_bytes().to_vec());
        }
        Ok(())
    }
}

/// Reads one stream's count from a toy counter tree.
pub fn stream_count(tree: &sled::Tree, stream: &str) -> u64 {
    tree.get(stream_key(stream))
        .unwrap()
        .map(|v| u64::from_be_bytes(v.as_ref().try_into().unwrap()))
        .unwrap_or(0)
}

/// Reads one event type's count from a toy counter tree.
pub fn type_count(tree: &sled::Tree, kind: &str) -> u64 {
    tree.get(type_key(kind))
        .unwrap()
        .map(|v| u64::from_be_bytes(v.as_ref().try_into().unwrap()))
        .unwrap_or(0)
}

/// Every read model's serving tree, by projection id.
pub fn dump_all<D: Decoder>(
    projector: &linli_projections::Projector<D>,
) -> std::collections::BTreeMap<String, linli_projections::TreeDump> {
    projector
        .ids()
        .into_iter()
        .map(|id| {
            let dump = projector.serving(id.as_str()).unwrap().dump().unwrap();
            (id.to_string(), dump)
        })
        .collect()
}
