//! Export and import as NDJSON: one header line, one line per event with its hashes, and
//! a trailer line with the count and the final hash, so that a truncated file is refused
//! as surely as an edited one.
//!
//! Payloads that are UTF-8 (the JSON payloads linli writes) are exported as text in
//! `payload`, anything else as base64 in `payload_base64`: exact bytes either way, because
//! the hashes cover the exact bytes.

use std::collections::HashMap;
use std::io::{BufRead, Write};

use base64::Engine as _;
use chrono::SecondsFormat;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::codec::keys;
use crate::codec::{encode_chain_head, encode_outcome, encode_record};
use crate::config::LogConfig;
use crate::durability::Durability;
use crate::error::TransferError;
use crate::log::EventLog;
use crate::types::{
    AppendOutcome, ChainHead, Hash, Metadata, Position, RecordedEvent, Replay, StreamId,
    StreamVersion,
};

/// The export format's version, in the header line.
const EXPORT_FORMAT: u32 = 1;
/// Records written to sled per batch during import.
const IMPORT_BATCH: usize = 4096;

#[derive(Serialize, Deserialize)]
struct Header {
    linli_export: u32,
    from_position: u64,
}

#[derive(Serialize, Deserialize)]
struct Trailer {
    linli_export_end: TrailerBody,
}

#[derive(Serialize, Deserialize)]
struct TrailerBody {
    events: u64,
    last_position: u64,
    last_hash: String,
}

/// One event line.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Line {
    position: u64,
    stream: String,
    version: u64,
    event_type: String,
    schema_version: u16,
    /// RFC 3339, UTC, microseconds: exactly the precision stored.
    recorded_at: String,
    metadata: LineMetadata,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    payload: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    payload_base64: Option<String>,
    prev_hash: String,
    hash: String,
}

#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct LineMetadata {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    correlation_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    causation_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    actor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    idempotency_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tenant: Option<String>,
}

impl From<&RecordedEvent> for Line {
    fn from(record: &RecordedEvent) -> Line {
        let (payload, payload_base64) = match std::str::from_utf8(&record.payload) {
            Ok(text) => (Some(text.to_owned()), None),
            Err(_) => (
                None,
                Some(base64::engine::general_purpose::STANDARD.encode(&record.payload)),
            ),
        };
        Line {
            position: record.position.0,
            stream: record.stream.to_string(),
            version: record.version.0,
            event_type: record.event_type.clone(),
            schema_version: record.schema_version,
            recorded_at: record
                .recorded_at()
                .to_rfc3339_opts(SecondsFormat::Micros, true),
            metadata: LineMetadata {
                correlation_id: record.metadata.correlation_id,
                causation_id: record.metadata.causation_id,
                actor: record.metadata.actor.clone(),
                idempotency_key: record.metadata.idempotency_key.clone(),
                tenant: record.metadata.tenant.clone(),
            },
            payload,
            payload_base64,
            prev_hash: record.prev_hash.to_hex(),
            hash: record.hash.to_hex(),
        }
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportReport {
    /// Event lines written.
    pub events: u64,
    /// The last position exported and its hash.
    pub head: ChainHead,
}

/// What an import loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    /// Events imported.
    pub events: u64,
    /// Streams created.
    pub streams: u64,
    /// The imported chain head; it equals the exporting store's head.
    pub head: ChainHead,
}

impl EventLog {
    /// Writes every event from `from` to the current head as NDJSON. Every record is
    /// checked on the way out, so a damaged store cannot produce a "valid" export.
    pub fn export_ndjson(
        &self,
        from: Position,
        out: &mut dyn Write,
        progress: &mut dyn FnMut(u64),
    ) -> Result<ExportReport, TransferError> {
        let from = from.max(Position::FIRST);
        let header = Header {
            linli_export: EXPORT_FORMAT,
            from_position: from.0,
        };
        serde_json::to_writer(&mut *out, &header).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        let mut events = 0u64;
        let mut head = ChainHead {
            position: Position(from.0 - 1),
            hash: Hash::GENESIS,
        };
        for record in self.scan(from) {
            let record = record?;
            serde_json::to_writer(&mut *out, &Line::from(&record)).map_err(std::io::Error::from)?;
            out.write_all(b"\n")?;
            head = ChainHead {
                position: record.position,
                hash: record.hash,
            };
            events += 1;
            if events % 10_000 == 0 {
                progress(events);
            }
        }
        let trailer = Trailer {
            linli_export_end: TrailerBody {
                events,
                last_position: head.position.0,
                last_hash: head.hash.to_hex(),
            },
        };
        serde_json::to_writer(&mut *out, &trailer).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        out.flush()?;
        progress(events);
        Ok(ExportReport { events, head })
    }
}

fn refused(line: u64, problem: impl Into<String>) -> TransferError {
    TransferError::Refused {
        line,
        problem: problem.into(),
    }
}

/// Loads an export into an empty store, re-verifying every hash and chain link and
/// every stream's version sequence. On any problem nothing stays imported: the store is
/// left empty again.
pub fn import_ndjson(
    config: &LogConfig,
    input: &mut dyn BufRead,
    progress: &mut dyn FnMut(u64),
) -> Result<ImportReport, TransferError> {
    // The same sled settings and tree as a normal open, without a writer.
    let log = EventLog::open_without_writer(config.clone())
        .map_err(|e| TransferError::Storage(e.to_string()))?;
    let tree = log.tree().clone();
    if let Some(entry) = tree.iter().next() {
        let (key, _) = entry.map_err(|e| TransferError::Storage(e.to_string()))?;
        return Err(TransferError::NotEmpty(
            keys::position_of_record_key(&key).unwrap_or(Position(0)),
        ));
    }
    let result = import_into(&tree, input, progress);
    match result {
        Ok(report) => {
            let mut durability = Durability::open(log.database().clone(), &config.path)
                .map_err(|e| TransferError::Storage(e.to_string()))?;
            durability
                .sync()
                .map_err(|e| TransferError::Storage(e.to_string()))?;
            Ok(report)
        }
        Err(e) => {
            // Leave the store as we found it: empty.
            tree.clear()
                .map_err(|c| TransferError::Storage(c.to_string()))?;
            let _ = log.database().flush();
            Err(e)
        }
    }
}

fn import_into(
    tree: &sled::Tree,
    input: &mut dyn BufRead,
    progress: &mut dyn FnMut(u64),
) -> Result<ImportReport, TransferError> {
    let storage = |e: sled::Error| TransferError::Storage(e.to_string());
    let mut lines = input.lines();
    let header_line = lines.next().ok_or_else(|| refused(1, "empty file"))??;
    let header: Header =
        serde_json::from_str(&header_line).map_err(|e| refused(1, format!("bad header: {e}")))?;
    if header.linli_export != EXPORT_FORMAT {
        return Err(refused(
            1,
            format!("unknown export format {}", header.linli_export),
        ));
    }
    if header.from_position != 1 {
        return Err(refused(
            1,
            "a partial export (not from position 1) cannot seed a store: its chain has no start",
        ));
    }

    let mut heads: HashMap<StreamId, StreamVersion> = HashMap::new();
    let mut chain = Hash::GENESIS;
    let mut next = Position::FIRST;
    let mut batch = sled::Batch::default();
    let mut in_batch = 0usize;
    // The append an idempotency key belongs to: consecutive records of one stream with
    // the same key were one append.
    let mut open_append: Option<(String, StreamId, AppendOutcome)> = None;
    let mut line_number = 1u64;
    let mut trailer: Option<TrailerBody> = None;

    for text in lines {
        let text = text?;
        line_number += 1;
        if trailer.is_some() {
            return Err(refused(line_number, "content after the trailer"));
        }
        if text.starts_with("{\"linli_export_end\"") {
            let t: Trailer = serde_json::from_str(&text)
                .map_err(|e| refused(line_number, format!("bad trailer: {e}")))?;
            trailer = Some(t.linli_export_end);
            continue;
        }
        let line: Line = serde_json::from_str(&text)
            .map_err(|e| refused(line_number, format!("not an event line: {e}")))?;
        let record =
            check_line(&line, next, &chain, &heads).map_err(|p| refused(line_number, p))?;
        batch.insert(&keys::record_key(next)[..], record.bytes);
        let stream =
            StreamId::new(line.stream.clone()).map_err(|e| refused(line_number, e.to_string()))?;
        let version = StreamVersion(line.version);
        batch.insert(
            keys::index_key(&stream, version),
            &keys::encode_u64(next.0)[..],
        );
        heads.insert(stream.clone(), version);

        match (&mut open_append, &line.metadata.idempotency_key) {
            (Some((key, s, outcome)), Some(k))
                if key == k && *s == stream && outcome.last_position.next() == next =>
            {
                outcome.last_position = next;
                outcome.stream_version = version;
            }
            (_, key) => {
                if let Some((key, _, outcome)) = open_append.take() {
                    batch.insert(keys::idempotency_key(&key), encode_outcome(&outcome));
                }
                if let Some(key) = key {
                    open_append = Some((
                        key.clone(),
                        stream.clone(),
                        AppendOutcome {
                            first_position: next,
                            last_position: next,
                            stream_version: version,
                            replay: Replay::Fresh,
                        },
                    ));
                }
            }
        }

        chain = record.hash;
        next = next.next();
        in_batch += 1;
        if in_batch >= IMPORT_BATCH {
            tree.apply_batch(std::mem::take(&mut batch))
                .map_err(storage)?;
            in_batch = 0;
            progress(next.0 - 1);
        }
    }

    let events = next.0 - 1;
    let trailer =
        trailer.ok_or_else(|| refused(line_number, "no trailer: the file is truncated"))?;
    if trailer.events != events
        || trailer.last_position != events
        || trailer.last_hash != chain.to_hex()
    {
        return Err(refused(
            line_number,
            format!(
                "trailer says {} events ending in {}, the file holds {events} ending in {}",
                trailer.events,
                trailer.last_hash,
                chain.to_hex()
            ),
        ));
    }
    if let Some((key, _, outcome)) = open_append.take() {
        batch.insert(keys::idempotency_key(&key), encode_outcome(&outcome));
    }
    for (stream, version) in &heads {
        batch.insert(keys::head_key(stream), &keys::encode_u64(version.0)[..]);
    }
    let head = ChainHead {
        position: Position(events),
        hash: chain,
    };
    if events > 0 {
        batch.insert(keys::CHAIN_HEAD_KEY, encode_chain_head(&head));
    }
    tree.apply_batch(batch).map_err(storage)?;
    progress(events);
    Ok(ImportReport {
        events,
        streams: heads.len() as u64,
        head,
    })
}

/// Rebuilds one record from its line and checks position, chain link, stream version and
/// hash. Returns the encoded record to store.
fn check_line(
    line: &Line,
    expected: Position,
    chain: &Hash,
    heads: &HashMap<StreamId, StreamVersion>,
) -> Result<crate::codec::EncodedRecord, String> {
    if line.position != expected.0 {
        return Err(format!(
            "position {} where {expected} was expected",
            line.position
        ));
    }
    let stream = StreamId::new(line.stream.clone()).map_err(|e| e.to_string())?;
    let previous = heads.get(&stream).map(|v| v.0).unwrap_or(0);
    if line.version != previous + 1 {
        return Err(format!(
            "{}@{} follows version {previous}",
            line.stream, line.version
        ));
    }
    let prev_hash = Hash::from_hex(&line.prev_hash).map_err(|e| e.to_string())?;
    if prev_hash != *chain {
        return Err("prev_hash does not match the previous line's hash".into());
    }
    let recorded_at = chrono::DateTime::parse_from_rfc3339(&line.recorded_at)
        .map_err(|e| format!("recorded_at: {e}"))?
        .timestamp_micros();
    let payload = match (&line.payload, &line.payload_base64) {
        (Some(text), None) => text.as_bytes().to_vec(),
        (None, Some(b64)) => base64::engine::general_purpose::STANDARD
            .decode(b64)
            .map_err(|e| format!("payload_base64: {e}"))?,
        _ => return Err("exactly one of payload and payload_base64 is needed".into()),
    };
    let metadata = Metadata {
        correlation_id: line.metadata.correlation_id,
        causation_id: line.metadata.causation_id,
        actor: line.metadata.actor.clone(),
        idempotency_key: line.metadata.idempotency_key.clone(),
        tenant: line.metadata.tenant.clone(),
    };
    let record = encode_record(
        expected,
        &stream,
        StreamVersion(line.version),
        &line.event_type,
        line.schema_version,
        recorded_at,
        &metadata,
        &payload,
        chain,
    );
    let stated = Hash::from_hex(&line.hash).map_err(|e| e.to_string())?;
    if record.hash != stated {
        return Err("hash mismatch: the line was altered".into());
    }
    Ok(record)
}
