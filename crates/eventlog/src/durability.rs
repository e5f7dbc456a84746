//! Making a written batch survive a crash.
//!
//! sled 0.34's `flush()` writes its IO buffers with `pwrite` and then calls
//! `sync_file_range(WAIT_BEFORE | WRITE | WAIT_AFTER)` on the `db` file. That starts and
//! waits for writeback of those pages, but it is not an fsync: it does not flush the
//! drive's volatile write cache and does not persist file metadata such as the size of a
//! growing file. Pages larger than sled's blob threshold go to files under `blobs/`, which
//! sled writes without any sync at all.
//!
//! So after every batch flush the writer also calls `fdatasync` on the `db` file (which
//! persists the data and the metadata needed to read it back, such as its length, and asks
//! the device to flush its cache), and `fsync`s every blob file it has not synced before
//! together with the `blobs/` directory entry that names it.

use std::collections::HashSet;
use std::ffi::OsString;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// The files of one sled store that must reach the disk before an append is acknowledged.
#[derive(Debug)]
pub(crate) struct Durability {
    /// Handle used only for `flush`.
    db: sled::Db,
    /// sled's single data file (`<dir>/db`); an fsync through any descriptor of a file
    /// flushes all of its dirty pages, whoever wrote them.
    data_file: File,
    /// `<dir>/blobs`, where oversize pages live in files of their own.
    blobs_dir: PathBuf,
    /// Blob files already fsynced; blob files are immutable once written.
    synced_blobs: HashSet<OsString>,
}

impl Durability {
    /// Opens the data file of the store at `dir` and makes the directory entries durable.
    pub(crate) fn open(db: sled::Db, dir: &Path) -> io::Result<Durability> {
        let data_path = dir.join("db");
        let data_file = File::open(&data_path)?;
        data_file.sync_all()?;
        File::open(dir)?.sync_all()?;
        let mut durability = Durability {
            db,
            data_file,
            blobs_dir: dir.join("blobs"),
            synced_blobs: HashSet::new(),
        };
        durability.sync_new_blobs()?;
        Ok(durability)
    }

    /// Flushes sled's buffers and fsyncs what sled's own flush does not.
    pub(crate) fn sync(&mut self) -> io::Result<()> {
        self.db.flush().map_err(io::Error::other)?;
        self.data_file.sync_data()?;
        self.sync_new_blobs()
    }

    fn sync_new_blobs(&mut self) -> io::Result<()> {
        let entries = match std::fs::read_dir(&self.blobs_dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        };
        let mut synced_any = false;
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name();
            if self.synced_blobs.contains(&name) {
                continue;
            }
            match File::open(entry.path()) {
                Ok(file) => file.sync_all()?,
                // sled deletes blobs it has rewritten; a vanished file needs no sync.
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            }
            self.synced_blobs.insert(name);
            synced_any = true;
        }
        if synced_any {
            File::open(&self.blobs_dir)?.sync_all()?;
        }
        Ok(())
    }
}
