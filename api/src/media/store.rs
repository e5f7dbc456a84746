//! The store: files under `<data>/media/ab/cdef…`, metadata in a sled tree.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use linli_domain::{MediaId, UserId};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::kind::{sniff, MediaKind};

/// Tree holding one [`MediaMeta`] per stored file.
const TREE: &str = "media.meta";

/// What is known about a stored file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MediaMeta {
    /// Its content hash.
    pub id: MediaId,
    /// Photo, video or voice note.
    pub kind: MediaKind,
    /// Served as this Content-Type.
    pub mime: String,
    /// Size in bytes.
    pub size: u64,
    /// Who first uploaded it: they may always read it back.
    pub uploader: UserId,
    /// When it was first uploaded.
    pub uploaded_at: DateTime<Utc>,
    /// Set for a document stored encrypted under this data subject's key
    /// ([`MediaStore::put_sealed`]); absent for ordinary photos and voice notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed_for: Option<UserId>,
}

/// Why an upload or read failed.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// Not a photo, video or voice note we accept (by its bytes).
    #[error("this file type is not accepted; send a photo (JPEG, PNG, WebP, GIF, HEIF), a video (MP4, MOV) or a voice note (AAC, M4A, MP3, WAV)")]
    UnsupportedType,
    /// Over the limit for its kind.
    #[error("the {kind:?} is {size} bytes; the limit is {limit}")]
    TooLarge {
        /// The sniffed kind.
        kind: MediaKind,
        /// Its size.
        size: usize,
        /// The limit for that kind.
        limit: usize,
    },
    /// No such file.
    #[error("no such media")]
    NotFound,
    /// The file was removed by the retention policy (`linli purge`, a `media.purged` event).
    #[error("this file was removed on {purged_at} under the retention rule: {rule}")]
    Gone {
        /// When.
        purged_at: DateTime<Utc>,
        /// Which rule.
        rule: String,
    },
    /// An encrypted document: it is only served, decrypted, through what it belongs to.
    #[error("this document is sealed; it is shown only through the errand it belongs to")]
    Sealed,
    /// An encrypted document whose data subject was forgotten: unreadable for good.
    #[error("this document's owner was forgotten; it can no longer be read")]
    Forgotten,
    /// Disk or sled failed.
    #[error("storage failure: {0}")]
    Storage(String),
}

/// The content-addressed media store.
#[derive(Debug, Clone)]
pub struct MediaStore {
    pub(super) root: PathBuf,
    pub(super) meta: sled::Tree,
    /// Ids the retention policy removed, with when and why (so reads answer 410).
    pub(super) purged: sled::Tree,
}

impl MediaStore {
    /// Opens (creating) the store under `<data>/media`.
    pub fn open(data_dir: &Path, db: &sled::Db) -> Result<MediaStore, MediaError> {
        let root = data_dir.join("media");
        std::fs::create_dir_all(&root).map_err(|e| MediaError::Storage(e.to_string()))?;
        let meta = db
            .open_tree(TREE)
            .map_err(|e| MediaError::Storage(e.to_string()))?;
        let purged = db
            .open_tree(super::purge::PURGED_TREE)
            .map_err(|e| MediaError::Storage(e.to_string()))?;
        Ok(MediaStore { root, meta, purged })
    }

    pub(super) fn path_of(&self, id: &MediaId) -> PathBuf {
        let hex = id.as_str();
        self.root.join(&hex[..2]).join(&hex[2..])
    }

    /// Stores `bytes` (blocking I/O: call from `spawn_blocking`). Returns the existing
    /// record if the same content was stored before.
    pub fn put(
        &self,
        bytes: &[u8],
        uploader: UserId,
        now: DateTime<Utc>,
    ) -> Result<MediaMeta, MediaError> {
        let sniffed = sniff(bytes).ok_or(MediaError::UnsupportedType)?;
        let limit = sniffed.kind.max_bytes();
        if bytes.len() > limit {
            return Err(MediaError::TooLarge {
                kind: sniffed.kind,
                size: bytes.len(),
                limit,
            });
        }
        let id: MediaId = hex::encode(Sha256::digest(bytes))
            .parse()
            .map_err(|e| MediaError::Storage(format!("{e}")))?;
        if let Some(existing) = self.meta(&id)? {
            return Ok(existing);
        }
        self.write_durably(&id, bytes)?;
        let meta = MediaMeta {
            id,
            kind: sniffed.kind,
            mime: sniffed.mime.to_owned(),
            size: bytes.len() as u64,
            uploader,
            uploaded_at: now,
            sealed_for: None,
        };
        self.record(&meta)?;
        Ok(meta)
    }

    /// Writes a file under its id: temporary name, fsync, rename, fsync the directory.
    pub(super) fn write_durably(&self, id: &MediaId, bytes: &[u8]) -> Result<(), MediaError> {
        let path = self.path_of(id);
        let dir = path.parent().expect("media paths have a parent");
        let storage = |e: std::io::Error| MediaError::Storage(e.to_string());
        std::fs::create_dir_all(dir).map_err(storage)?;
        let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(storage)?;
        temp.write_all(bytes).map_err(storage)?;
        temp.as_file().sync_all().map_err(storage)?;
        temp.persist(&path).map_err(|e| storage(e.error))?;
        std::fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(storage)
    }

    /// Stores a file's record.
    pub(super) fn record(&self, meta: &MediaMeta) -> Result<(), MediaError> {
        let value = serde_json::to_vec(meta).expect("media meta serializes");
        self.meta
            .insert(meta.id.as_str().as_bytes(), value)
            .map_err(|e| MediaError::Storage(e.to_string()))?;
        Ok(())
    }

    /// The record of a stored file.
    pub fn meta(&self, id: &MediaId) -> Result<Option<MediaMeta>, MediaError> {
        let bytes = self
            .meta
            .get(id.as_str().as_bytes())
            .map_err(|e| MediaError::Storage(e.to_string()))?;
        Ok(bytes.and_then(|b| serde_json::from_slice(&b).ok()))
    }

    /// The file's bytes (blocking I/O). A purged file is [`MediaError::Gone`]; a sealed
    /// document is [`MediaError::Sealed`] (read it with [`MediaStore::read_sealed`]).
    pub fn read(&self, id: &MediaId) -> Result<(MediaMeta, Vec<u8>), MediaError> {
        let meta = self.available(id)?;
        if meta.sealed_for.is_some() {
            return Err(MediaError::Sealed);
        }
        let bytes =
            std::fs::read(self.path_of(id)).map_err(|e| MediaError::Storage(e.to_string()))?;
        Ok((meta, bytes))
    }

    /// Every stored file's record, in id order (for backups).
    pub fn list(&self) -> Result<Vec<MediaMeta>, MediaError> {
        self.meta
            .iter()
            .values()
            .map(|value| {
                let value = value.map_err(|e| MediaError::Storage(e.to_string()))?;
                serde_json::from_slice(&value).map_err(|e| MediaError::Storage(e.to_string()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, MediaStore) {
        let dir = tempfile::tempdir().unwrap();
        let db = sled::Config::new()
            .path(dir.path().join("db"))
            .open()
            .unwrap();
        let store = MediaStore::open(dir.path(), &db).unwrap();
        (dir, store)
    }

    fn png(extra: u8) -> Vec<u8> {
        let mut bytes = vec![
            0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R',
        ];
        bytes.extend(std::iter::repeat_n(extra, 100));
        bytes
    }

    #[test]
    fn the_same_content_is_stored_once_under_its_hash() {
        let (_dir, store) = store();
        let a = store
            .put(&png(1), UserId::from_u128(1), Utc::now())
            .unwrap();
        let b = store
            .put(&png(1), UserId::from_u128(2), Utc::now())
            .unwrap();
        assert_eq!(a, b, "the first uploader is kept");
        assert_eq!(a.id.as_str(), hex::encode(Sha256::digest(png(1))));
        let (meta, bytes) = store.read(&a.id).unwrap();
        assert_eq!(meta.mime, "image/png");
        assert_eq!(bytes, png(1));
    }

    #[test]
    fn an_html_file_named_like_a_photo_is_refused() {
        let (_dir, store) = store();
        let err = store.put(
            b"<html><body>not a photo</body></html>",
            UserId::from_u128(1),
            Utc::now(),
        );
        assert!(matches!(err, Err(MediaError::UnsupportedType)));
    }

    #[test]
    fn an_oversized_photo_is_refused() {
        let (_dir, store) = store();
        let mut big = png(0);
        big.resize(MediaKind::Image.max_bytes() + 1, 0);
        assert!(matches!(
            store.put(&big, UserId::from_u128(1), Utc::now()),
            Err(MediaError::TooLarge { .. })
        ));
    }
}
