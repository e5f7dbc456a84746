//! The writes of one batch, applied to a projection's tree in one atomic `apply_batch`
//! together with the new checkpoint.

use std::collections::HashMap;

use linli_eventlog::Position;

use crate::error::ProjectionError;

/// The key under which a projection tree stores its checkpoint (the last applied position).
/// It starts with `0x00`; read-model tables use tags from `0x01` up, so the two never meet.
pub const CHECKPOINT_KEY: &[u8] = b"\x00checkpoint";

/// Reads a tree's checkpoint; 0 (nothing applied) for a fresh tree.
pub fn read_checkpoint(tree: &sled::Tree) -> Result<Position, ProjectionError> {
    match tree.get(CHECKPOINT_KEY)? {
        None => Ok(Position(0)),
        Some(bytes) => {
            let bytes: [u8; 8] = bytes
                .as_ref()
                .try_into()
                .map_err(|_| ProjectionError::corrupt(tree, "checkpoint is not 8 bytes"))?;
            Ok(Position(u64::from_be_bytes(bytes)))
        }
    }
}

/// Pending writes to one projection tree. Reads see the pending writes first, so a
/// projection can read back what an earlier event of the same batch wrote.
#[derive(Debug)]
pub struct Staged<'t> {
    /// The tree the batch will be applied to; read through for keys not written yet.
    tree: &'t sled::Tree,
    /// Key → new value (`None` = remove). A map, so repeated writes to one key coalesce.
    writes: HashMap<Vec<u8>, Option<Vec<u8>>>,
}

impl<'t> Staged<'t> {
    /// An empty batch over `tree`.
    pub fn new(tree: &'t sled::Tree) -> Self {
        Staged {
            tree,
            writes: HashMap::new(),
        }
    }

    /// The tree, for reads that need no overlay (range scans of keys a batch never writes).
    pub fn tree(&self) -> &'t sled::Tree {
        self.tree
    }

    /// The value at `key` as it will be after the batch so far.
    pub fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, ProjectionError> {
        match self.writes.get(key) {
            Some(pending) => Ok(pending.clone()),
            None => Ok(self.tree.get(key)?.map(|v| v.to_vec())),
        }
    }

    /// Sets `key` to `value`.
    pub fn insert(&mut self, key: Vec<u8>, value: Vec<u8>) {
        self.writes.insert(key, Some(value));
    }

    /// Removes `key`.
    pub fn remove(&mut self, key: Vec<u8>) {
        self.writes.insert(key, None);
    }

    /// How many distinct keys the batch writes.
    pub fn len(&self) -> usize {
        self.writes.len()
    }

    /// Whether the batch writes nothing.
    pub fn is_empty(&self) -> bool {
        self.writes.is_empty()
    }

    /// Applies every write and the new checkpoint in one atomic sled batch: after a crash
    /// either all of them are there or none, so no event is ever applied twice.
    pub(crate) fn commit(self, checkpoint: Position) -> Result<(), ProjectionError> {
        let mut batch = sled::Batch::default();
        for (key, value) in self.writes {
            match value {
                Some(value) => batch.insert(key, value),
                None => batch.remove(key),
            }
        }
        batch.insert(CHECKPOINT_KEY, &checkpoint.0.to_be_bytes());
        self.tree.apply_batch(batch)?;
        Ok(())
    }
}
