//! Chain checkpoints as auditors handle them: read the recorded ones from the `checkpoint`
//! stream, check each against the log, and check checkpoints held outside (a file an
//! outside party kept) against the log, which proves the history up to each was not
//! rewritten since.

use std::io::BufRead;

use linli_domain::checkpoint::{CheckpointEvent, CHECKPOINT_STREAM};
use linli_engine::AnyEvent;
use linli_eventlog::{EventLog, Hash, Position, StreamId, StreamVersion, VerifyError};
use serde::{Deserialize, Serialize};

/// One chain checkpoint: the head it pins, and where in the log it was recorded. This is
/// also the line format of `linli checkpoints` and of `linli verify --against FILE`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ChainCheckpointView {
    /// The position of the last record pinned.
    pub position: u64,
    /// That record's hash (hex).
    pub hash: String,
    /// When the head was read (RFC 3339); absent in hand-made files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// The position of the `chain.checkpointed` event itself; absent in hand-made files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at_position: Option<u64>,
}

fn damage(position: Position, problem: impl Into<String>) -> VerifyError {
    VerifyError {
        position,
        problem: problem.into(),
    }
}

fn checkpoint_stream() -> StreamId {
    // A constant, valid name.
    StreamId::new(CHECKPOINT_STREAM).unwrap_or_else(|_| unreachable!("valid stream id"))
}

/// The recorded checkpoints from the `from`-th (1 = the first), at most `max`, oldest first.
pub fn recorded(
    log: &EventLog,
    from: u64,
    max: usize,
) -> Result<Vec<ChainCheckpointView>, VerifyError> {
    let records = log
        .read_stream(&checkpoint_stream(), StreamVersion(from.max(1)), max)
        .map_err(|e| damage(Position(0), format!("reading the checkpoint stream: {e}")))?;
    records
        .iter()
        .map(|record| match linli_engine::decode(record) {
            Ok(AnyEvent::Checkpoint(CheckpointEvent::Checkpointed(c))) => Ok(ChainCheckpointView {
                position: c.position,
                hash: c.hash,
                at: Some(c.at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)),
                recorded_at_position: Some(record.position.0),
            }),
            Ok(other) => Err(damage(
                record.position,
                format!("unexpected {} in the checkpoint stream", other.event_type()),
            )),
            Err(e) => Err(damage(
                record.position,
                format!("undecodable chain checkpoint: {e}"),
            )),
        })
        .collect()
}

/// Checks one checkpoint against the log: the record it names exists and has its hash.
pub fn check_one(log: &EventLog, checkpoint: &ChainCheckpointView) -> Result<(), VerifyError> {
    let position = Position(checkpoint.position);
    let hash = Hash::from_hex(&checkpoint.hash)
        .map_err(|e| damage(position, format!("checkpoint hash is malformed: {e}")))?;
    let head = log.head().position;
    if position.0 == 0 || position > head {
        return Err(damage(
            position,
            format!(
                "a checkpoint pins position {position}, but the log ends at {head}: history was truncated"
            ),
        ));
    }
    if let Some(at) = checkpoint.recorded_at_position {
        if at <= position.0 {
            return Err(damage(
                Position(at),
                format!(
                    "the checkpoint recorded at position {at} claims the later position {position}"
                ),
            ));
        }
    }
    let record = log.read_at(position).map_err(|e| {
        damage(
            position,
            format!("the checkpointed record cannot be read: {e}"),
        )
    })?;
    if record.hash != hash {
        return Err(damage(
            position,
            format!(
                "chain checkpoint says hash {hash} at position {position}, the log has {}: the history up to here was rewritten",
                record.hash
            ),
        ));
    }
    Ok(())
}

/// Checks every recorded checkpoint; how many there were.
pub fn check_recorded(log: &EventLog) -> Result<u64, VerifyError> {
    let mut count = 0;
    const PAGE: usize = 1_000;
    loop {
        let page = recorded(log, count + 1, PAGE)?;
        for checkpoint in &page {
            check_one(log, checkpoint)?;
        }
        count += page.len() as u64;
        if page.len() < PAGE {
            return Ok(count);
        }
    }
}

/// Reads checkpoints held outside: NDJSON lines of [`ChainCheckpointView`] (at least
/// `position` and `hash`); blank lines are skipped.
pub fn read_external(input: &mut dyn BufRead) -> Result<Vec<ChainCheckpointView>, String> {
    let mut found = Vec::new();
    for (number, line) in input.lines().enumerate() {
        let line = line.map_err(|e| e.to_string())?;
        if line.trim().is_empty() {
            continue;
        }
        let checkpoint = serde_json::from_str::<ChainCheckpointView>(&line)
            .map_err(|e| format!("line {}: {e}", number + 1))?;
        found.push(checkpoint);
    }
    Ok(found)
}

/// Checks checkpoints held outside against the log. Only the pinned position and hash
/// matter: where the log says it recorded the checkpoint is the log's claim, not the
/// holder's.
pub fn check_external(
    log: &EventLog,
    checkpoints: &[ChainCheckpointView],
) -> Result<u64, VerifyError> {
    for checkpoint in checkpoints {
        let pinned = ChainCheckpointView {
            recorded_at_position: None,
            ..checkpoint.clone()
        };
        check_one(log, &pinned)?;
    }
    Ok(checkpoints.len() as u64)
}
