//! The backup format and restore.
//!
//! A backup is a directory:
//!
//! | file           | what                                                         |
//! |----------------|--------------------------------------------------------------|
//! | `log.ndjson`   | the log from position 1 to the head, as `linli export` writes it |
//! | `media.ndjson` | one media record (id, kind, uploader, …) per line            |
//! | `media/<id>`   | each media file's bytes; the id is their SHA-256              |
//! | `manifest.json`| written last: the head, the counts, when                     |
//!
//! It holds no session tokens (users sign in again) and no encryption keys: keys live in
//! their own key store, so data whose key was destroyed stays unreadable in every backup.

use std::fs::{self, File};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use linli_domain::MediaId;
use linli_eventlog::{import_ndjson, EventLog, LogConfig, Position, TransferError};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::media::{MediaError, MediaMeta, MediaStore};

/// The backup format's version, in the manifest.
pub const BACKUP_FORMAT: u32 = 1;

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`BACKUP_FORMAT`].
    pub linli_backup: u32,
    /// The last position in `log.ndjson`.
    pub head_position: u64,
    /// Its hash.
    pub head_hash: String,
    /// Events in `log.ndjson`.
    pub events: u64,
    /// Media files.
    pub media: u64,
    /// When the backup finished (RFC 3339).
    pub created_at: String,
}

/// Why a backup or restore stopped.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The source or target is not usable as it is (not empty, no manifest, …).
    #[error("{0}")]
    Refused(String),
    /// The backup's content does not check out (hashes, counts, media bytes).
    #[error("the backup is damaged: {0}")]
    Damaged(String),
    /// Disk or store failure.
    #[error("{0}")]
    Io(String),
}

impl From<std::io::Error> for BackupError {
    fn from(e: std::io::Error) -> BackupError {
        BackupError::Io(e.to_string())
    }
}

/// The paths of a backup directory.
#[derive(Debug, Clone)]
pub struct Layout {
    root: PathBuf,
}

impl Layout {
    /// A backup at `root`.
    pub fn new(root: &Path) -> Layout {
        Layout {
            root: root.to_path_buf(),
        }
    }
    /// `log.ndjson`.
    pub fn log(&self) -> PathBuf {
        self.root.join("log.ndjson")
    }
    /// `media.ndjson`.
    pub fn media_index(&self) -> PathBuf {
        self.root.join("media.ndjson")
    }
    /// `media/<id>`.
    pub fn media_file(&self, id: &MediaId) -> PathBuf {
        self.root.join("media").join(id.as_str())
    }
    /// `manifest.json`.
    pub fn manifest(&self) -> PathBuf {
        self.root.join("manifest.json")
    }

    /// Creates the directory, refusing one that already holds anything: a backup never
    /// mixes with another.
    pub fn create(&self) -> Result<(), BackupError> {
        if self.root.exists() && fs::read_dir(&self.root)?.next().is_some() {
            return Err(BackupError::Refused(format!(
                "{} is not empty",
                self.root.display()
            )));
        }
        fs::create_dir_all(self.root.join("media"))?;
        Ok(())
    }

    /// Writes one media file and returns its record line's bytes.
    pub fn write_media(&self, meta: &MediaMeta, bytes: &[u8]) -> Result<(), BackupError> {
        fs::write(self.media_file(&meta.id), bytes)?;
        Ok(())
    }

    /// Writes `media.ndjson` and then `manifest.json`, and syncs both: the manifest marks
    /// a complete backup.
    pub fn finish(
        &self,
        media: &[MediaMeta],
        mut manifest: Manifest,
    ) -> Result<Manifest, BackupError> {
        let mut index = BufWriter::new(File::create(self.media_index())?);
        for meta in media {
            serde_json::to_writer(&mut index, meta).map_err(|e| BackupError::Io(e.to_string()))?;
            index.write_all(b"\n")?;
        }
        index.flush()?;
        index.get_ref().sync_all()?;
        manifest.media = media.len() as u64;
        let file = File::create(self.manifest())?;
        serde_json::to_writer_pretty(&file, &manifest)
            .map_err(|e| BackupError::Io(e.to_string()))?;
        file.sync_all()?;
        File::open(self.log())?.sync_all()?;
        Ok(manifest)
    }
}

/// Backs up a store that this process has open (a stopped store opened read-only).
pub fn backup_local(
    log: &EventLog,
    media: Option<&MediaStore>,
    dest: &Path,
    progress: &mut dyn FnMut(u64),
) -> Result<Manifest, BackupError> {
    let layout = Layout::new(dest);
    layout.create()?;
    let mut out = BufWriter::new(File::create(layout.log())?);
    let report = log
        .export_ndjson(Position::FIRST, &mut out, progress)
        .map_err(|e| match e {
            TransferError::Read(e) => BackupError::Damaged(format!("the store is damaged: {e}")),
            other => BackupError::Io(other.to_string()),
        })?;
    out.flush()?;
    drop(out);
    let mut metas = Vec::new();
    if let Some(media) = media {
        for meta in media.list().map_err(|e| BackupError::Io(e.to_string()))? {
            match media.read(&meta.id) {
                Ok((meta, bytes)) => {
                    layout.write_media(&meta, &bytes)?;
                    metas.push(meta);
                }
                Err(MediaError::Storage(e)) => {
                    return Err(BackupError::Io(format!("media {}: {e}", meta.id.as_str())))
                }
                // Purged or forgotten files are not readable by design: not backed up.
                Err(e) => tracing::info!(media = meta.id.as_str(), reason = %e, "not backed up"),
            }
        }
    }
    layout.finish(
        &metas,
        Manifest {
            linli_backup: BACKUP_FORMAT,
            head_position: report.head.position.0,
            head_hash: report.head.hash.to_hex(),
            events: report.events,
            media: 0,
            created_at: chrono::Utc::now().to_rfc3339(),
        },
    )
}

/// What a restore produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// The backup's manifest.
    pub manifest: Manifest,
    /// Events verified in the restored store.
    pub events: u64,
}

/// Restores a backup into an empty data directory, then verifies the restored store: the
/// import re-derives every hash; the head must be the manifest's; every media file must
/// hash to its id.
pub fn restore(
    src: &Path,
    config: &LogConfig,
    data: &Path,
    progress: &mut dyn FnMut(u64),
) -> Result<Restored, BackupError> {
    let layout = Layout::new(src);
    let manifest: Manifest = serde_json::from_slice(&fs::read(layout.manifest()).map_err(|e| {
        BackupError::Refused(format!(
            "{} has no manifest.json (not a backup, or an unfinished one): {e}",
            src.display()
        ))
    })?)
    .map_err(|e| BackupError::Damaged(format!("manifest.json: {e}")))?;
    if manifest.linli_backup != BACKUP_FORMAT {
        return Err(BackupError::Refused(format!(
            "backup format {} is not {BACKUP_FORMAT}",
            manifest.linli_backup
        )));
    }
    if data.exists() && fs::read_dir(data)?.next().is_some() {
        return Err(BackupError::Refused(format!(
            "{} is not empty",
            data.display()
        )));
    }
    let mut input = BufReader::new(File::open(layout.log())?);
    let report = import_ndjson(config, &mut input, progress).map_err(|e| match e {
        TransferError::Refused { .. } => BackupError::Damaged(e.to_string()),
        TransferError::NotEmpty(_) => BackupError::Refused(e.to_string()),
        other => BackupError::Io(other.to_string()),
    })?;
    if report.head.position.0 != manifest.head_position
        || report.head.hash.to_hex() != manifest.head_hash
    {
        return Err(BackupError::Damaged(format!(
            "log.ndjson ends at {} {}, the manifest says {} {}",
            report.head.position, report.head.hash, manifest.head_position, manifest.head_hash
        )));
    }
    let log =
        EventLog::open_read_only(config.clone()).map_err(|e| BackupError::Io(e.to_string()))?;
    let media =
        MediaStore::open(data, log.database()).map_err(|e| BackupError::Io(e.to_string()))?;
    let mut restored_media = 0u64;
    for line in BufReader::new(File::open(layout.media_index())?).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let meta: MediaMeta = serde_json::from_str(&line)
            .map_err(|e| BackupError::Damaged(format!("media.ndjson: {e}")))?;
        let bytes = fs::read(layout.media_file(&meta.id))?;
        if hex::encode(Sha256::digest(&bytes)) != meta.id.as_str() {
            return Err(BackupError::Damaged(format!(
                "media {} does not hash to its id",
                meta.id.as_str()
            )));
        }
        media
            .put(&bytes, meta.uploader, meta.uploaded_at)
            .map_err(|e| BackupError::Io(format!("media {}: {e}", meta.id.as_str())))?;
        restored_media += 1;
    }
    if restored_media != manifest.media {
        return Err(BackupError::Damaged(format!(
            "{restored_media} media files for the manifest's {}",
            manifest.media
        )));
    }
    log.database()
        .flush()
        .map_err(|e| BackupError::Io(e.to_string()))?;
    let verified = log
        .verify()
        .map_err(|e| BackupError::Damaged(format!("the restored store does not verify: {e}")))?;
    Ok(Restored {
        manifest,
        events: verified.events,
    })
}
