//! Record, outcome and chain-head encodings.

use bincode::{Decode, Encode};
use uuid::Uuid;

use super::FORMAT_V1;
use crate::error::ReadError;
use crate::types::{
    AppendOutcome, ChainHead, Hash, Metadata, Position, RecordedEvent, Replay, StreamId,
    StreamVersion,
};

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

/// The hashed fields of a record, borrowed for encoding without copies.
#[derive(Encode)]
struct BodyRef<'a> {
    position: u64,
    stream: &'a str,
    version: u64,
    event_type: &'a str,
    schema_version: u16,
    recorded_at_micros: i64,
    correlation_id: Option<[u8; 16]>,
    causation_id: Option<[u8; 16]>,
    actor: Option<&'a str>,
    idempotency_key: Option<&'a str>,
    tenant: Option<&'a str>,
    payload: &'a [u8],
}

/// The same fields, owned, as decoded. Field order and types must match [`BodyRef`].
#[derive(Decode)]
struct BodyOwned {
    position: u64,
    stream: String,
    version: u64,
    event_type: String,
    schema_version: u16,
    recorded_at_micros: i64,
    correlation_id: Option<[u8; 16]>,
    causation_id: Option<[u8; 16]>,
    actor: Option<String>,
    idempotency_key: Option<String>,
    tenant: Option<String>,
    payload: Vec<u8>,
}

/// The fields of a record before it has hashes.
#[derive(Debug)]
pub(crate) struct EncodedRecord {
    /// `FORMAT_V1 ‖ body ‖ prev_hash ‖ hash`, ready to store.
    pub bytes: Vec<u8>,
    /// The record's own hash, the next record's `prev_hash`.
    pub hash: Hash,
}

/// BLAKE3 over the previous hash and the encoded body.
pub(crate) fn hash_of(prev_hash: &Hash, body: &[u8]) -> Hash {
    let mut hasher = blake3::Hasher::new();
    hasher.update(&prev_hash.0);
    hasher.update(body);
    Hash(*hasher.finalize().as_bytes())
}

/// Encodes and hashes one record. Fields come from the writer (or from an import line).
#[allow(clippy::too_many_arguments)]
pub(crate) fn encode_record(
    position: Position,
    stream: &StreamId,
    version: StreamVersion,
    event_type: &str,
    schema_version: u16,
    recorded_at_micros: i64,
    metadata: &Metadata,
    payload: &[u8],
    prev_hash: &Hash,
) -> EncodedRecord {
    let body = BodyRef {
        position: position.0,
        stream: stream.as_str(),
        version: version.0,
        event_type,
        schema_version,
        recorded_at_micros,
        correlation_id: metadata.correlation_id.map(|u| *u.as_bytes()),
        causation_id: metadata.causation_id.map(|u| *u.as_bytes()),
        actor: metadata.actor.as_deref(),
        idempotency_key: metadata.idempotency_key.as_deref(),
        tenant: metadata.tenant.as_deref(),
        payload,
    };
    let mut bytes = Vec::with_capacity(payload.len() + 160);
    bytes.push(FORMAT_V1);
    // Encoding into a Vec cannot fail: every field type is infallible to encode.
    bincode::encode_into_std_write(&body, &mut bytes, config())
        .expect("encoding into a Vec never fails");
    let hash = hash_of(prev_hash, &bytes[1..]);
    bytes.extend_from_slice(&prev_hash.0);
    bytes.extend_from_slice(&hash.0);
    EncodedRecord { bytes, hash }
}

/// Decodes a stored record found under `position`'s key and checks its own hash.
/// Chain linkage (`prev_hash` equal to the previous record's hash) is the caller's check,
/// because only a sequential reader knows the previous record.
pub(crate) fn decode_record(position: Position, bytes: &[u8]) -> Result<RecordedEvent, ReadError> {
    let corrupt = |problem: &str| ReadError::Corruption {
        position,
        problem: problem.to_owned(),
    };
    let (&format, rest) = bytes.split_first().ok_or_else(|| corrupt("empty record"))?;
    if format != FORMAT_V1 {
        return Err(corrupt(&format!("unknown record format byte {format}")));
    }
    if rest.len() < 64 {
        return Err(corrupt("record shorter than its hashes"));
    }
    let (body, hashes) = rest.split_at(rest.len() - 64);
    let prev_hash = Hash(hashes[..32].try_into().expect("32 bytes"));
    let stored_hash = Hash(hashes[32..].try_into().expect("32 bytes"));
    if hash_of(&prev_hash, body) != stored_hash {
        return Err(corrupt("hash mismatch: the record was altered"));
    }
    let (decoded, used): (BodyOwned, usize) = bincode::decode_from_slice(body, config())
        .map_err(|e| corrupt(&format!("undecodable record: {e}")))?;
    if used != body.len() {
        return Err(corrupt("trailing bytes after the record body"));
    }
    if decoded.position != position.0 {
        return Err(corrupt(&format!(
            "record says position {} but is stored under {position}",
            decoded.position
        )));
    }
    let stream = StreamId::new(decoded.stream).map_err(|e| corrupt(&e.to_string()))?;
    Ok(RecordedEvent {
        position,
        stream,
        version: StreamVersion(decoded.version),
        event_type: decoded.event_type,
        schema_version: decoded.schema_version,
        recorded_at_micros: decoded.recorded_at_micros,
        metadata: Metadata {
            correlation_id: decoded.correlation_id.map(Uuid::from_bytes),
            causation_id: decoded.causation_id.map(Uuid::from_bytes),
            actor: decoded.actor,
            idempotency_key: decoded.idempotency_key,
            tenant: decoded.tenant,
        },
        payload: decoded.payload,
        prev_hash,
        hash: stored_hash,
    })
}

#[derive(Encode, Decode)]
struct OutcomeV1 {
    first_position: u64,
    last_position: u64,
    stream_version: u64,
}

/// Encodes the outcome stored under an idempotency key.
pub(crate) fn encode_outcome(outcome: &AppendOutcome) -> Vec<u8> {
    let mut bytes = vec![FORMAT_V1];
    let value = OutcomeV1 {
        first_position: outcome.first_position.0,
        last_position: outcome.last_position.0,
        stream_version: outcome.stream_version.0,
    };
    bincode::encode_into_std_write(&value, &mut bytes, config())
        .expect("encoding into a Vec never fails");
    bytes
}

/// Decodes an idempotency entry; a replayed append reports [`Replay::Duplicate`].
pub(crate) fn decode_outcome(bytes: &[u8]) -> Option<AppendOutcome> {
    let (&format, rest) = bytes.split_first()?;
    if format != FORMAT_V1 {
        return None;
    }
    let (value, _): (OutcomeV1, usize) = bincode::decode_from_slice(rest, config()).ok()?;
    Some(AppendOutcome {
        first_position: Position(value.first_position),
        last_position: Position(value.last_position),
        stream_version: StreamVersion(value.stream_version),
        replay: Replay::Duplicate,
    })
}

/// Chain head value: `FORMAT_V1 ‖ position (u64 BE) ‖ hash`.
pub(crate) fn encode_chain_head(head: &ChainHead) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(41);
    bytes.push(FORMAT_V1);
    bytes.extend_from_slice(&head.position.0.to_be_bytes());
    bytes.extend_from_slice(&head.hash.0);
    bytes
}

/// Parses a chain head value.
pub(crate) fn decode_chain_head(bytes: &[u8]) -> Option<ChainHead> {
    if bytes.len() != 41 || bytes[0] != FORMAT_V1 {
        return None;
    }
    Some(ChainHead {
        position: Position(u64::from_be_bytes(bytes[1..9].try_into().ok()?)),
        hash: Hash(bytes[9..41].try_into().ok()?),
    })
}
