//! `verify`: walk the whole chain and every index and report the first inconsistency.

use crate::codec::{self, keys};
use crate::error::VerifyError;
use crate::log::EventLog;
use crate::read;
use crate::types::{ChainHead, Hash, Position, StreamId, StreamVersion};

/// What a successful verification covered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    /// Records checked (hash, chain link, gapless position, index entry).
    pub events: u64,
    /// Distinct streams, each with a correct head.
    pub streams: u64,
    /// Idempotency entries checked.
    pub idempotency_keys: u64,
    /// The head the chain ends in.
    pub head: ChainHead,
}

fn problem(position: Position, text: impl Into<String>) -> VerifyError {
    VerifyError {
        position,
        problem: text.into(),
    }
}

impl EventLog {
    /// Verifies the store; see [`EventLog::verify_with_progress`].
    pub fn verify(&self) -> Result<VerifyReport, VerifyError> {
        self.verify_with_progress(&mut |_| {})
    }

    /// Checks, in order:
    /// 1. every record from position 1 to the head: present (no gaps), its hash right, its
    ///    `prev_hash` equal to the previous record's hash, its index entry pointing back at
    ///    it, and its stream version one more than the previous event of its stream;
    /// 2. no index entry beyond those (no stale or extra entries);
    /// 3. every stream head names its stream's last version;
    /// 4. the stored chain head equals the last record;
    /// 5. every idempotency entry names committed positions.
    ///
    /// `progress` is told how many records have been checked, every 10,000.
    pub fn verify_with_progress(
        &self,
        progress: &mut dyn FnMut(u64),
    ) -> Result<VerifyReport, VerifyError> {
        let tree = self.tree();
        let head = self.head();
        let mut events = 0u64;
        let mut streams = 0u64;
        let mut last_hash = Hash::GENESIS;
        let storage = |e: sled::Error| problem(Position(0), format!("storage failure: {e}"));

        for record in self.scan(Position::FIRST) {
            let record = record.map_err(|e| match e {
                crate::ReadError::Corruption {
                    position,
                    problem: p,
                } => problem(position, p),
                other => problem(Position(events + 1), other.to_string()),
            })?;
            let position = record.position;
            let indexed = tree
                .get(keys::index_key(&record.stream, record.version))
                .map_err(storage)?
                .and_then(|v| keys::decode_u64(&v));
            if indexed != Some(position.0) {
                return Err(problem(
                    position,
                    format!(
                        "index entry for {}@{} is {indexed:?}, expected this position",
                        record.stream, record.version
                    ),
                ));
            }
            if record.version.0 == 1 {
                streams += 1;
                if tree
                    .get(keys::head_key(&record.stream))
                    .map_err(storage)?
                    .is_none()
                {
                    return Err(problem(
                        position,
                        format!("stream {} has no head entry", record.stream),
                    ));
                }
            } else {
                let previous = tree
                    .get(keys::index_key(
                        &record.stream,
                        StreamVersion(record.version.0 - 1),
                    ))
                    .map_err(storage)?
                    .and_then(|v| keys::decode_u64(&v));
                match previous {
                    Some(p) if p < position.0 => {}
                    _ => {
                        return Err(problem(
                            position,
                            format!(
                                "{}@{} has no earlier version {} in the log",
                                record.stream,
                                record.version,
                                record.version.0 - 1
                            ),
                        ))
                    }
                }
            }
            last_hash = record.hash;
            events += 1;
            if events % 10_000 == 0 {
                progress(events);
            }
        }
        progress(events);

        // Records beyond the head would be invisible to every reader. On a live log they
        // are a batch being made durable right now, so only a store at rest is checked.
        let live = self.is_live();
        if live {
            // Entries written by an in-flight batch point past `head`; they are judged
            // by the next verification, not this one.
        } else if let Some(entry) = tree
            .range(keys::record_key(head.position.next())..=keys::record_key(Position(u64::MAX)))
            .next()
        {
            let (key, _) = entry.map_err(storage)?;
            let position = keys::position_of_record_key(&key).unwrap_or(Position(0));
            return Err(problem(position, "record beyond the chain head"));
        }

        // Every record has its own index entry (checked above); equal counts mean there
        // is nothing else in the index. If not, find the stray entry to name it.
        let mut index_entries = 0u64;
        for entry in tree.scan_prefix([keys::TAG_INDEX]) {
            let (_, value) = entry.map_err(storage)?;
            let position = keys::decode_u64(&value).unwrap_or(0);
            if !(live && position > head.position.0) {
                index_entries += 1;
            }
        }
        if index_entries != events {
            for entry in tree.scan_prefix([keys::TAG_INDEX]) {
                let (key, value) = entry.map_err(storage)?;
                let (stream, version) = keys::parse_index_key(&key)
                    .ok_or_else(|| problem(Position(0), "malformed index key"))?;
                let position = keys::decode_u64(&value)
                    .map(Position)
                    .unwrap_or(Position(0));
                if live && position > head.position {
                    continue;
                }
                let ok = position.0 >= 1
                    && position <= head.position
                    && read::record_at(tree, position)
                        .map(|r| r.stream.as_str() == stream && r.version == version)
                        .unwrap_or(false);
                if !ok {
                    return Err(problem(
                        position,
                        format!(
                            "stale index entry {stream}@{version} points at position {position}"
                        ),
                    ));
                }
            }
            return Err(problem(
                head.position,
                format!("{index_entries} index entries for {events} records"),
            ));
        }

        let mut heads = 0u64;
        for entry in tree.scan_prefix([keys::TAG_HEAD]) {
            let (key, value) = entry.map_err(storage)?;
            heads += 1;
            let name = String::from_utf8_lossy(&key[1..]).into_owned();
            let stream = StreamId::new(name.clone())
                .map_err(|_| problem(Position(0), format!("malformed head key {name:?}")))?;
            let version = keys::decode_u64(&value)
                .ok_or_else(|| problem(Position(0), format!("undecodable head of {name}")))?;
            let at = tree
                .get(keys::index_key(&stream, StreamVersion(version)))
                .map_err(storage)?
                .and_then(|v| keys::decode_u64(&v));
            let beyond = tree
                .get(keys::index_key(&stream, StreamVersion(version + 1)))
                .map_err(storage)?
                .and_then(|v| keys::decode_u64(&v));
            if live && at.is_some_and(|p| p > head.position.0) {
                // Moved by an in-flight batch: it counts if the stream existed before.
                let first = tree
                    .get(keys::index_key(&stream, StreamVersion(1)))
                    .map_err(storage)?
                    .and_then(|v| keys::decode_u64(&v));
                if first.is_none_or(|p| p > head.position.0) {
                    heads -= 1;
                }
                continue;
            }
            match (at, beyond) {
                (Some(_), None) => {}
                (at, _) => {
                    return Err(problem(
                        Position(at.unwrap_or(0)),
                        format!("head of {name} says version {version}, which is not its last"),
                    ))
                }
            }
        }
        if heads != streams {
            return Err(problem(
                head.position,
                format!("{heads} stream heads for {streams} streams"),
            ));
        }

        let stored = tree
            .get(keys::CHAIN_HEAD_KEY)
            .map_err(storage)?
            .and_then(|b| codec::decode_chain_head(&b));
        let actual = ChainHead {
            position: Position(events),
            hash: last_hash,
        };
        let in_flight = live && stored.is_some_and(|s| s.position > actual.position);
        if events > 0 && stored != Some(actual) && !in_flight {
            return Err(problem(
                actual.position,
                format!("stored chain head {stored:?} differs from the last record"),
            ));
        }

        let mut idempotency_keys = 0u64;
        for entry in tree.scan_prefix([keys::TAG_IDEMPOTENCY]) {
            let (key, value) = entry.map_err(storage)?;
            idempotency_keys += 1;
            let outcome = codec::decode_outcome(&value).ok_or_else(|| {
                problem(
                    Position(0),
                    format!(
                        "undecodable idempotency entry {:?}",
                        String::from_utf8_lossy(&key[1..])
                    ),
                )
            })?;
            if outcome.first_position.0 == 0
                || outcome.first_position > outcome.last_position
                || (outcome.last_position > actual.position && !live)
            {
                return Err(problem(
                    outcome.first_position,
                    "idempotency entry names positions outside the log",
                ));
            }
        }

        Ok(VerifyReport {
            events,
            streams,
            idempotency_keys,
            head: actual,
        })
    }
}
