//! The operator's view of the projections' checkpoints, for `linli verify`: every
//! registered build's checkpoint must name a position the log has, and the hash stored with
//! it must be the hash of the log's record there. A checkpoint ahead of the log head (a log
//! restored from an older backup under newer read models) or on a record with another hash
//! (a log rewritten or replaced under them) means the read models describe a history that
//! is not this log's.

use linli_eventlog::{EventLog, Hash, Position};

use super::id::{tree_name, Build, ProjectionId};
use super::projector::REGISTRY_TREE;
use super::staged::read_checkpoint_with_hash;
use crate::error::ProjectionError;

/// One registered build's checkpoint as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCheckpoint {
    /// Which projection.
    pub id: ProjectionId,
    /// The build serving queries.
    pub build: Build,
    /// The last applied position (0: nothing yet).
    pub position: Position,
    /// The hash of the record at `position`, when the checkpoint was written with one.
    pub hash: Option<Hash>,
}

/// A checkpoint that does not fit the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointMismatch {
    /// The checkpoint.
    pub checkpoint: StoredCheckpoint,
    /// What is wrong, in words.
    pub problem: String,
}

/// Every registered build's checkpoint, in projection id order. A store without
/// projections (never served) has none.
pub fn stored_checkpoints(db: &sled::Db) -> Result<Vec<StoredCheckpoint>, ProjectionError> {
    let exists = |name: &str| {
        db.tree_names()
            .iter()
            .any(|n| n.as_ref() == name.as_bytes())
    };
    if !exists(REGISTRY_TREE) {
        return Ok(Vec::new());
    }
    let registry = db.open_tree(REGISTRY_TREE)?;
    let mut found = Vec::new();
    for entry in registry.iter() {
        let (key, value) = entry?;
        let id = ProjectionId::new(String::from_utf8_lossy(&key).into_owned());
        let build = Build::from_bytes(&value)
            .ok_or_else(|| ProjectionError::corrupt(&registry, "bad registry entry"))?;
        let name = tree_name(&id, build);
        let (position, hash) = if exists(&name) {
            read_checkpoint_with_hash(&db.open_tree(&name)?)?
        } else {
            (Position(0), None)
        };
        found.push(StoredCheckpoint {
            id,
            build,
            position,
            hash,
        });
    }
    Ok(found)
}

/// Checks every stored checkpoint against `log`; the first misfit (by projection id), or
/// how many checkpoints were checked.
pub fn check_checkpoints(
    log: &EventLog,
) -> Result<Result<usize, CheckpointMismatch>, ProjectionError> {
    // Checkpoints first: on a live store they only move towards the head, so a head read
    // afterwards is never behind a checkpoint it should cover.
    let checkpoints = stored_checkpoints(log.database())?;
    let head = log.head().position;
    let count = checkpoints.len();
    for checkpoint in checkpoints {
        if checkpoint.position.0 == 0 {
            continue;
        }
        if checkpoint.position > head {
            let problem = format!(
                "projection {} ({:?}) has applied up to position {}, beyond the log head {head}",
                checkpoint.id, checkpoint.build, checkpoint.position
            );
            return Ok(Err(CheckpointMismatch {
                checkpoint,
                problem,
            }));
        }
        let Some(expected) = checkpoint.hash else {
            continue;
        };
        let problem = match log.read_at(checkpoint.position) {
            Ok(record) if record.hash == expected => continue,
            Ok(record) => format!(
                "projection {} checkpoint names hash {expected} at position {}, the log has {}",
                checkpoint.id, checkpoint.position, record.hash
            ),
            Err(e) => format!(
                "projection {} checkpoint at position {}: the record cannot be read: {e}",
                checkpoint.id, checkpoint.position
            ),
        };
        return Ok(Err(CheckpointMismatch {
            checkpoint,
            problem,
        }));
    }
    Ok(Ok(count))
}

/// Test support: overwrites a build's stored checkpoint (position and hash) on a closed
/// store, as damage or a restore under stale read models would leave it.
pub fn overwrite_checkpoint(
    db: &sled::Db,
    id: &ProjectionId,
    build: Build,
    position: Position,
    hash: Hash,
) -> Result<(), ProjectionError> {
    let tree = db.open_tree(tree_name(id, build))?;
    let mut value = [0u8; 40];
    value[..8].copy_from_slice(&position.0.to_be_bytes());
    value[8..].copy_from_slice(&hash.0);
    tree.insert(super::staged::CHECKPOINT_KEY, &value[..])?;
    db.flush()?;
    Ok(())
}

/// How far a rebuild of `id` (the build after `serving`) has got, while it runs: its
/// checkpoint, or `None` if no such build has written one yet.
pub fn rebuild_checkpoint(
    db: &sled::Db,
    id: &ProjectionId,
    serving: Build,
    version: super::id::ProjectionVersion,
) -> Option<Position> {
    let candidate = Build {
        version,
        generation: super::id::Generation(serving.generation.0 + 1),
    };
    let name = tree_name(id, candidate);
    if !db
        .tree_names()
        .iter()
        .any(|n| n.as_ref() == name.as_bytes())
    {
        return None;
    }
    let tree = db.open_tree(&name).ok()?;
    read_checkpoint_with_hash(&tree)
        .ok()
        .map(|(position, _)| position)
}
