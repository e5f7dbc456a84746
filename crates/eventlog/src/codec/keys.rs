//! Key layout of the single `log` tree. One tree, so that a whole group commit is one
//! atomic `apply_batch` (sled's multi-tree transactions are much slower).
//!
//! | tag | key                                   | value                          |
//! |-----|---------------------------------------|--------------------------------|
//! | `L` | position (u64 BE)                     | the record                     |
//! | `S` | stream len (u16 BE) ‖ stream ‖ version (u64 BE) | position (u64 BE)    |
//! | `H` | stream                                | head version (u64 BE)          |
//! | `I` | idempotency key                       | encoded [`AppendOutcome`](crate::AppendOutcome) |
//! | `M` | `chain`                               | chain head (position ‖ hash)   |
//!
//! The length prefix in `S` keys makes one stream's prefix never a prefix of another's
//! (`a` vs `ab`), so a prefix scan returns exactly one stream, in version order.

use crate::types::{Position, StreamId, StreamVersion};

pub(crate) const TAG_RECORD: u8 = b'L';
pub(crate) const TAG_INDEX: u8 = b'S';
pub(crate) const TAG_HEAD: u8 = b'H';
pub(crate) const TAG_IDEMPOTENCY: u8 = b'I';
pub(crate) const CHAIN_HEAD_KEY: &[u8] = b"Mchain";

pub(crate) fn record_key(position: Position) -> [u8; 9] {
    let mut key = [0u8; 9];
    key[0] = TAG_RECORD;
    key[1..].copy_from_slice(&position.0.to_be_bytes());
    key
}

/// The position a record key names, if it is one.
pub(crate) fn position_of_record_key(key: &[u8]) -> Option<Position> {
    if key.len() == 9 && key[0] == TAG_RECORD {
        Some(Position(u64::from_be_bytes(key[1..].try_into().ok()?)))
    } else {
        None
    }
}

pub(crate) fn index_prefix(stream: &StreamId) -> Vec<u8> {
    let bytes = stream.as_str().as_bytes();
    let mut key = Vec::with_capacity(3 + bytes.len() + 8);
    key.push(TAG_INDEX);
    // Stream ids are at most MAX_STREAM_ID_LEN (200) bytes, so this never truncates.
    key.extend_from_slice(&(bytes.len() as u16).to_be_bytes());
    key.extend_from_slice(bytes);
    key
}

pub(crate) fn index_key(stream: &StreamId, version: StreamVersion) -> Vec<u8> {
    let mut key = index_prefix(stream);
    key.extend_from_slice(&version.0.to_be_bytes());
    key
}

/// Splits an index key back into stream and version.
pub(crate) fn parse_index_key(key: &[u8]) -> Option<(String, StreamVersion)> {
    if key.len() < 11 || key[0] != TAG_INDEX {
        return None;
    }
    let len = u16::from_be_bytes([key[1], key[2]]) as usize;
    if key.len() != 3 + len + 8 {
        return None;
    }
    let stream = std::str::from_utf8(&key[3..3 + len]).ok()?.to_owned();
    let version = u64::from_be_bytes(key[3 + len..].try_into().ok()?);
    Some((stream, StreamVersion(version)))
}

pub(crate) fn head_key(stream: &StreamId) -> Vec<u8> {
    let bytes = stream.as_str().as_bytes();
    let mut key = Vec::with_capacity(1 + bytes.len());
    key.push(TAG_HEAD);
    key.extend_from_slice(bytes);
    key
}

pub(crate) fn idempotency_key(idempotency_key: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(1 + idempotency_key.len());
    key.push(TAG_IDEMPOTENCY);
    key.extend_from_slice(idempotency_key.as_bytes());
    key
}

pub(crate) fn encode_u64(value: u64) -> [u8; 8] {
    value.to_be_bytes()
}

pub(crate) fn decode_u64(bytes: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(bytes.try_into().ok()?))
}
