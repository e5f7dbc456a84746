//! The writes of one batch, applied to a projection's tree in one atomic `apply_batch`
//! together with the new checkpoint.

use std::collections::HashMap;

use linli_eventlog::{Hash, Position};

use crate::error::ProjectionError;

/// The key under which a projection tree stores its checkpoint (the last applied position).
/// It starts with `0x00`; read-model tables use tags from `0x01` up, so the two never meet.
pub const CHECKPOINT_KEY: &[u8] = b"\x00checkpoint";

/// Reads a tree's checkpoint; 0 (nothing applied) for a fresh tree.
pub fn read_checkpoint(tree: &sled::Tree) -> Result<Position, ProjectionError> {
    read_checkpoint_with_hash(tree).map(|(position, _)| position)
}

/// Reads a tree's checkpoint with the hash of the log record it names, so `linli verify`
/// can tell a read model built from a different history. Checkpoints are stored as
/// `position (u64 BE) ‖ hash (32 bytes)`; trees written before the hash was kept hold the
/// position alone, and answer `None` for the hash.
pub fn read_checkpoint_with_hash(
    tree: &sled::Tree,
) -> Result<(Position, Option<Hash>), ProjectionError> {
    let Some(bytes) = tree.get(CHECKPOINT_KEY)? else {
        return Ok((Position(0), None));
    };
    let malformed = || ProjectionError::corrupt(tree, "checkpoint is neither 8 nor 40 bytes");
    if bytes.len() != 8 && bytes.len() != 40 {
        return Err(malformed());
    }
    let position: [u8; 8] = bytes[..8].try_into().map_err(|_| malformed())?;
    let hash = match bytes.get(8..) {
        Some(rest) if rest.len() == 32 => Some(Hash(rest.try_into().map_err(|_| malformed())?)),
        _ => None,
    };
    Ok((Position(u64::from_be_bytes(position)), hash))
}

/// One pending write.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Write {
    /// The new value; `None` removes the key.
    value: Option<Vec<u8>>,
    /// The key is absent from the tree and was created by this batch, so removing it again
    /// needs no write at all.
    created: bool,
}

/// Pending writes to one projection tree. Reads see the pending writes first, so a
/// projection can read back what an earlier event of the same batch wrote.
///
/// sled's `apply_batch` costs microseconds per key, which dominates rebuild time, so the
/// batch coalesces: repeated writes to a key become one, and a key created and removed
/// within the batch (an item that entered and left a queue) is never written.
#[derive(Debug)]
pub struct Staged<'t> {
    /// The tree the batch will be applied to; read through for keys not written yet.
    tree: &'t sled::Tree,
    /// Key → pending write.
    writes: HashMap<Vec<u8>, Write>,
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
            Some(pending) => Ok(pending.value.clone()),
            None => Ok(self.tree.get(key)?.map(|v| v.to_vec())),
        }
    }

    /// Sets `key` to `value`.
    pub fn insert(&mut self, key: Vec<u8>, value: Vec<u8>) {
        match self.writes.get_mut(&key) {
            Some(pending) => pending.value = Some(value),
            None => {
                self.writes.insert(
                    key,
                    Write {
                        value: Some(value),
                        created: false,
                    },
                );
            }
        }
    }

    /// Sets `key`, which the caller knows is absent as of the batch so far (not in the tree,
    /// or removed earlier in this batch). If it is removed again in this batch, nothing is
    /// written for it.
    pub fn insert_new(&mut self, key: Vec<u8>, value: Vec<u8>) {
        // A pending removal means the key is in the tree: this is an ordinary overwrite.
        let created = !self.writes.contains_key(&key);
        self.writes.insert(
            key,
            Write {
                value: Some(value),
                created,
            },
        );
    }

    /// Removes `key`.
    pub fn remove(&mut self, key: Vec<u8>) {
        match self.writes.get(&key) {
            Some(pending) if pending.created => {
                self.writes.remove(&key);
            }
            _ => {
                self.writes.insert(
                    key,
                    Write {
                        value: None,
                        created: false,
                    },
                );
            }
        }
    }

    /// The keys starting with `prefix` as they will be after the batch so far, in key
    /// order. Walks every pending write, so it is for rare events (an announcement finding
    /// its readers), not for every event of a rebuild.
    pub fn keys_with_prefix(&self, prefix: &[u8]) -> Result<Vec<Vec<u8>>, ProjectionError> {
        let mut keys = std::collections::BTreeSet::new();
        for kv in self.tree.scan_prefix(prefix) {
            let (key, _) = kv?;
            if self
                .writes
                .get(key.as_ref())
                .is_none_or(|w| w.value.is_some())
            {
                keys.insert(key.to_vec());
            }
        }
        for (key, write) in &self.writes {
            if key.starts_with(prefix) && write.value.is_some() {
                keys.insert(key.clone());
            }
        }
        Ok(keys.into_iter().collect())
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
    pub(crate) fn commit(self, checkpoint: Position, hash: Hash) -> Result<(), ProjectionError> {
        let mut batch = sled::Batch::default();
        for (key, write) in self.writes {
            match write.value {
                Some(value) => batch.insert(key, value),
                None => batch.remove(key),
            }
        }
        let mut value = [0u8; 40];
        value[..8].copy_from_slice(&checkpoint.0.to_be_bytes());
        value[8..].copy_from_slice(&hash.0);
        batch.insert(CHECKPOINT_KEY, &value[..]);
        self.tree.apply_batch(batch)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_created_and_removed_in_one_batch_is_never_written_but_an_existing_one_is_removed() {
        let db = sled::Config::new().temporary(true).open().unwrap();
        let tree = db.open_tree("t").unwrap();
        tree.insert(b"old", b"1").unwrap();
        let mut staged = Staged::new(&tree);
        staged.insert_new(b"fresh".to_vec(), b"x".to_vec());
        staged.remove(b"fresh".to_vec());
        assert!(staged.is_empty(), "created then removed: nothing to write");
        staged.remove(b"old".to_vec());
        staged.insert_new(b"old".to_vec(), b"2".to_vec());
        staged.remove(b"old".to_vec());
        assert_eq!(staged.len(), 1, "the tree's key must still be removed");
        assert_eq!(staged.get(b"old").unwrap(), None);
        staged.commit(Position(9), Hash([7; 32])).unwrap();
        assert_eq!(tree.get(b"old").unwrap(), None);
        assert_eq!(tree.get(b"fresh").unwrap(), None);
        assert_eq!(read_checkpoint(&tree).unwrap(), Position(9));
        assert_eq!(
            read_checkpoint_with_hash(&tree).unwrap(),
            (Position(9), Some(Hash([7; 32])))
        );
    }

    #[test]
    fn a_prefix_scan_sees_the_batch_writes_over_the_tree() {
        let db = sled::Config::new().temporary(true).open().unwrap();
        let tree = db.open_tree("t").unwrap();
        tree.insert(b"p-kept", b"1").unwrap();
        tree.insert(b"p-gone", b"1").unwrap();
        tree.insert(b"q-other", b"1").unwrap();
        let mut staged = Staged::new(&tree);
        staged.remove(b"p-gone".to_vec());
        staged.insert(b"p-new".to_vec(), b"2".to_vec());
        assert_eq!(
            staged.keys_with_prefix(b"p-").unwrap(),
            vec![b"p-kept".to_vec(), b"p-new".to_vec()]
        );
    }
}
