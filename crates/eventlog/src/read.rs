//! Reads. Every read is bounded by the committed head, so nobody ever sees an event that
//! was not yet durable and acknowledged, and every record handed out has passed its hash
//! check; sequential scans also check the chain links and that positions have no gaps.

use crate::codec::decode_record;
use crate::codec::keys;
use crate::error::ReadError;
use crate::types::{Hash, Position, RecordedEvent, StreamId, StreamVersion};

/// Reads one record by position, checking its own hash.
pub(crate) fn record_at(tree: &sled::Tree, position: Position) -> Result<RecordedEvent, ReadError> {
    match tree.get(keys::record_key(position))? {
        Some(bytes) => decode_record(position, &bytes),
        None => Err(ReadError::Corruption {
            position,
            problem: "record missing".into(),
        }),
    }
}

/// The stored hash of the record at `position`, without decoding it (the last 32 bytes).
pub(crate) fn stored_hash_at(tree: &sled::Tree, position: Position) -> Result<Hash, ReadError> {
    let bytes = tree
        .get(keys::record_key(position))?
        .ok_or_else(|| ReadError::Corruption {
            position,
            problem: "record missing".into(),
        })?;
    if bytes.len() < 65 {
        return Err(ReadError::Corruption {
            position,
            problem: "record shorter than its hashes".into(),
        });
    }
    Ok(Hash(
        bytes[bytes.len() - 32..].try_into().expect("32 bytes"),
    ))
}

/// A forward scan of the whole log from a position up to a fixed bound.
///
/// Checks, for each record: it is stored under the expected (gapless) position, its hash
/// is right, and its `prev_hash` is the previous record's hash. Stops after the first
/// error.
pub struct Scan {
    iter: sled::Iter,
    expected: Position,
    last: Position,
    prev_hash: Option<Hash>,
    failed: bool,
}

impl std::fmt::Debug for Scan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scan")
            .field("expected", &self.expected)
            .field("last", &self.last)
            .finish_non_exhaustive()
    }
}

impl Scan {
    pub(crate) fn new(tree: &sled::Tree, from: Position, last: Position) -> Scan {
        let from = from.max(Position::FIRST);
        let prev_hash = if from.0 > last.0 {
            None
        } else if from == Position::FIRST {
            Some(Hash::GENESIS)
        } else {
            // Checked lazily on the first record: a missing predecessor is reported there.
            stored_hash_at(tree, Position(from.0 - 1)).ok()
        };
        Scan {
            iter: tree.range(keys::record_key(from)..=keys::record_key(last)),
            expected: from,
            last,
            prev_hash,
            failed: from.0 > last.0,
        }
    }

    fn fail(
        &mut self,
        position: Position,
        problem: impl Into<String>,
    ) -> Option<Result<RecordedEvent, ReadError>> {
        self.failed = true;
        Some(Err(ReadError::Corruption {
            position,
            problem: problem.into(),
        }))
    }
}

impl Iterator for Scan {
    type Item = Result<RecordedEvent, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let Some(entry) = self.iter.next() else {
            if self.expected.0 <= self.last.0 {
                let missing = self.expected;
                return self.fail(missing, "record missing");
            }
            return None;
        };
        let (key, value) = match entry {
            Ok(kv) => kv,
            Err(e) => {
                self.failed = true;
                return Some(Err(e.into()));
            }
        };
        let expected = self.expected;
        match keys::position_of_record_key(&key) {
            Some(position) if position == expected => {}
            Some(position) if position > expected => return self.fail(expected, "record missing"),
            _ => return self.fail(expected, "malformed record key"),
        }
        let record = match decode_record(expected, &value) {
            Ok(record) => record,
            Err(e) => {
                self.failed = true;
                return Some(Err(e));
            }
        };
        match self.prev_hash {
            Some(prev) if prev == record.prev_hash => {}
            Some(_) => {
                return self.fail(
                    expected,
                    "chain broken: prev_hash differs from the previous record's hash",
                )
            }
            None => return self.fail(Position(expected.0 - 1), "record missing"),
        }
        self.prev_hash = Some(record.hash);
        self.expected = expected.next();
        Some(Ok(record))
    }
}

/// Events of one stream from `from` (inclusive), at most `max`, oldest first.
pub(crate) fn stream_forward(
    tree: &sled::Tree,
    bound: Position,
    stream: &StreamId,
    from: StreamVersion,
    max: usize,
) -> Result<Vec<RecordedEvent>, ReadError> {
    let from = StreamVersion(from.0.max(1));
    let start = keys::index_key(stream, from);
    let end = keys::index_key(stream, StreamVersion(u64::MAX));
    let mut out = Vec::new();
    for entry in tree.range(start..=end) {
        if out.len() >= max {
            break;
        }
        let (key, value) = entry?;
        match resolve_index_entry(tree, bound, stream, &key, &value)? {
            Some(record) => out.push(record),
            None => break,
        }
    }
    Ok(out)
}

/// The last `count` events of one stream, newest first.
pub(crate) fn stream_backward(
    tree: &sled::Tree,
    bound: Position,
    stream: &StreamId,
    count: usize,
) -> Result<Vec<RecordedEvent>, ReadError> {
    let start = keys::index_key(stream, StreamVersion(0));
    let end = keys::index_key(stream, StreamVersion(u64::MAX));
    let mut out = Vec::new();
    for entry in tree.range(start..=end).rev() {
        if out.len() >= count {
            break;
        }
        let (key, value) = entry?;
        // Entries past the bound are being committed right now: skip, not stop.
        if let Some(record) = resolve_index_entry(tree, bound, stream, &key, &value)? {
            out.push(record);
        }
    }
    Ok(out)
}

/// Follows one index entry to its record and checks that they agree. `None` when the
/// entry points past the committed bound.
fn resolve_index_entry(
    tree: &sled::Tree,
    bound: Position,
    stream: &StreamId,
    key: &[u8],
    value: &[u8],
) -> Result<Option<RecordedEvent>, ReadError> {
    let position = keys::decode_u64(value)
        .map(Position)
        .ok_or_else(|| ReadError::Corruption {
            position: Position(0),
            problem: format!("undecodable index entry in stream {stream}"),
        })?;
    if position > bound {
        return Ok(None);
    }
    let (_, version) = keys::parse_index_key(key).ok_or_else(|| ReadError::Corruption {
        position,
        problem: "malformed index key".into(),
    })?;
    let record = record_at(tree, position)?;
    if &record.stream != stream || record.version != version {
        return Err(ReadError::Corruption {
            position,
            problem: format!(
                "index says {stream}@{version} but the record is {}@{}",
                record.stream, record.version
            ),
        });
    }
    Ok(Some(record))
}

/// The current version of a stream as committed (0 if it does not exist).
pub(crate) fn stream_version(
    tree: &sled::Tree,
    stream: &StreamId,
    bound: Position,
) -> Result<StreamVersion, ReadError> {
    // The head entry can be ahead of `bound` while a batch is being made durable, so walk
    // back from it through the index to the newest committed version.
    let Some(bytes) = tree.get(keys::head_key(stream))? else {
        return Ok(StreamVersion(0));
    };
    let head = keys::decode_u64(&bytes).ok_or_else(|| ReadError::Corruption {
        position: Position(0),
        problem: format!("undecodable head of stream {stream}"),
    })?;
    let start = keys::index_key(stream, StreamVersion(0));
    let end = keys::index_key(stream, StreamVersion(head));
    for entry in tree.range(start..=end).rev() {
        let (key, value) = entry?;
        let position = keys::decode_u64(&value)
            .map(Position)
            .unwrap_or(Position(u64::MAX));
        if position <= bound {
            let (_, version) =
                keys::parse_index_key(&key).ok_or_else(|| ReadError::Corruption {
                    position,
                    problem: "malformed index key".into(),
                })?;
            return Ok(version);
        }
    }
    Ok(StreamVersion(0))
}
