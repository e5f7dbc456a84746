//! Deliberate damage to a closed store, for tests that prove damage is detected.
//!
//! Each function opens the store's sled database directly (the log must not be open),
//! changes raw bytes as a disk fault or an attacker would, and flushes. Nothing here is
//! used by the log itself.

use std::path::Path;

use crate::codec::keys;
use crate::types::{Position, StreamId, StreamVersion};

fn open(path: &Path) -> sled::Result<(sled::Db, sled::Tree)> {
    let db = sled::Config::new().path(path).open()?;
    let tree = db.open_tree("log")?;
    Ok((db, tree))
}

/// Flips every bit of byte `offset` (counted from the end if negative) of the record
/// stored at `position`.
pub fn flip_record_byte(path: &Path, position: Position, offset: isize) -> sled::Result<()> {
    let (db, tree) = open(path)?;
    let key = keys::record_key(position);
    let mut bytes = tree.get(key)?.expect("record to damage exists").to_vec();
    let index = if offset < 0 {
        bytes.len() - offset.unsigned_abs()
    } else {
        offset as usize
    };
    bytes[index] ^= 0xFF;
    tree.insert(key, bytes)?;
    db.flush()?;
    Ok(())
}

/// Removes the record at `position`, leaving its index entries in place.
pub fn delete_record(path: &Path, position: Position) -> sled::Result<()> {
    let (db, tree) = open(path)?;
    tree.remove(keys::record_key(position))?;
    db.flush()?;
    Ok(())
}

/// Exchanges the stored records at two positions.
pub fn swap_records(path: &Path, a: Position, b: Position) -> sled::Result<()> {
    let (db, tree) = open(path)?;
    let ka = keys::record_key(a);
    let kb = keys::record_key(b);
    let va = tree.get(ka)?.expect("record a exists");
    let vb = tree.get(kb)?.expect("record b exists");
    tree.insert(ka, vb)?;
    tree.insert(kb, va)?;
    db.flush()?;
    Ok(())
}

/// Points the index entry of `stream@version` at `position` (creating it if absent).
pub fn set_index_entry(
    path: &Path,
    stream: &StreamId,
    version: StreamVersion,
    position: Position,
) -> sled::Result<()> {
    let (db, tree) = open(path)?;
    tree.insert(
        keys::index_key(stream, version),
        &keys::encode_u64(position.0)[..],
    )?;
    db.flush()?;
    Ok(())
}

/// Overwrites a stream's head entry.
pub fn set_stream_head(path: &Path, stream: &StreamId, version: StreamVersion) -> sled::Result<()> {
    let (db, tree) = open(path)?;
    tree.insert(keys::head_key(stream), &keys::encode_u64(version.0)[..])?;
    db.flush()?;
    Ok(())
}
