//! Retention: removing blobs while remembering that (and why) they were removed, so a read
//! answers 410 Gone instead of 404. The `media.purged` event in the log is the record an
//! auditor reads; this tree is the store's own fast answer.

use chrono::{DateTime, Utc};
use linli_domain::MediaId;
use serde::{Deserialize, Serialize};

use super::store::{MediaError, MediaMeta, MediaStore};

/// Tree holding one [`PurgedRecord`] per removed file.
pub const PURGED_TREE: &str = "media.purged";

/// When and why a file was removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurgedRecord {
    /// When.
    pub purged_at: DateTime<Utc>,
    /// The rule, as in the `media.purged` event.
    pub rule: String,
}

fn storage(e: impl std::fmt::Display) -> MediaError {
    MediaError::Storage(e.to_string())
}

impl MediaStore {
    /// The record of a file that may be served: [`MediaError::Gone`] if it was purged,
    /// [`MediaError::NotFound`] if it never existed.
    pub fn available(&self, id: &MediaId) -> Result<MediaMeta, MediaError> {
        if let Some(record) = self.purged(id)? {
            return Err(MediaError::Gone {
                purged_at: record.purged_at,
                rule: record.rule,
            });
        }
        self.meta(id)?.ok_or(MediaError::NotFound)
    }

    /// Whether (and when, and why) a file was purged.
    pub fn purged(&self, id: &MediaId) -> Result<Option<PurgedRecord>, MediaError> {
        let bytes = self.purged.get(id.as_str().as_bytes()).map_err(storage)?;
        Ok(bytes.and_then(|b| serde_json::from_slice(&b).ok()))
    }

    /// Every stored file's record (ids in order), for the retention planner.
    pub fn stored(&self) -> Result<Vec<MediaMeta>, MediaError> {
        self.meta
            .iter()
            .values()
            .map(|value| {
                let value = value.map_err(storage)?;
                serde_json::from_slice(&value).map_err(storage)
            })
            .collect()
    }

    /// Removes a file (blocking I/O): first marks it purged and drops its record (flushed),
    /// then deletes the bytes. Call only after the `media.purged` event naming it is in the
    /// log. Idempotent: an already removed file is fine.
    pub fn purge(&self, id: &MediaId, record: &PurgedRecord) -> Result<(), MediaError> {
        let key = id.as_str().as_bytes();
        let value = serde_json::to_vec(record).expect("purge record serializes");
        self.purged.insert(key, value).map_err(storage)?;
        self.meta.remove(key).map_err(storage)?;
        self.purged.flush().map_err(storage)?;
        self.meta.flush().map_err(storage)?;
        let path = self.path_of(id);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(storage(e)),
        }
        if let Some(dir) = path.parent() {
            std::fs::File::open(dir)
                .and_then(|d| d.sync_all())
                .map_err(storage)?;
        }
        Ok(())
    }
}
