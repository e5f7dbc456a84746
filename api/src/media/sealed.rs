//! Documents encrypted under a data subject's key (errand documents: an ID-card copy, a
//! power of attorney).

use chrono::{DateTime, Utc};
use linli_domain::{MediaId, UserId};
use linli_vault::{Vault, VaultError};
use sha2::{Digest, Sha256};

use super::kind::sniff;
use super::store::{MediaError, MediaMeta, MediaStore};

impl MediaStore {
    /// Stores `bytes` encrypted (AES-256-GCM) under `subject`'s key from the [`Vault`]:
    /// what an errand's documents must use, since an ID-card copy is personal data.
    ///
    /// - `subject` is the resident the document is about (whose key seals it, and whose
    ///   `linli forget` destroys it); `uploader` is who sent it (the resident or their agent).
    /// - The type is sniffed from the plaintext and limited per kind as for [`MediaStore::put`].
    /// - Only ciphertext reaches the disk. The id is the SHA-256 of the *ciphertext*, so the
    ///   id reveals nothing about the content, and the same document uploaded twice is two
    ///   files (each encryption uses a fresh nonce).
    /// - The key is durable before this returns, so the id may go into an event at once.
    /// - [`MediaStore::read`] refuses such a file ([`MediaError::Sealed`], 403), so
    ///   `GET /api/v1/media/{id}` never serves it; serve it through its errand with
    ///   [`MediaStore::read_sealed`] after checking who may see it.
    ///
    /// Blocking I/O: call from `spawn_blocking`.
    pub fn put_sealed(
        &self,
        vault: &Vault,
        subject: UserId,
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
        let sealed = vault.seal_blob(subject, bytes).map_err(vault_error)?;
        let id: MediaId = hex::encode(Sha256::digest(&sealed))
            .parse()
            .map_err(|e| MediaError::Storage(format!("{e}")))?;
        self.write_durably(&id, &sealed)?;
        let meta = MediaMeta {
            id,
            kind: sniffed.kind,
            mime: sniffed.mime.to_owned(),
            size: bytes.len() as u64,
            uploader,
            uploaded_at: now,
            sealed_for: Some(subject),
        };
        self.record(&meta)?;
        Ok(meta)
    }

    /// Reads a document stored with [`MediaStore::put_sealed`] and decrypts it. The caller
    /// decides who may see it. [`MediaError::Forgotten`] (410) once its subject was
    /// forgotten, [`MediaError::Gone`] (410) once purged, [`MediaError::NotFound`] for an
    /// ordinary (unsealed) file. Blocking I/O.
    pub fn read_sealed(
        &self,
        vault: &Vault,
        id: &MediaId,
    ) -> Result<(MediaMeta, Vec<u8>), MediaError> {
        let meta = self.available(id)?;
        let subject = meta.sealed_for.ok_or(MediaError::NotFound)?;
        let sealed =
            std::fs::read(self.path_of(id)).map_err(|e| MediaError::Storage(e.to_string()))?;
        let bytes = vault.open_blob(subject, &sealed).map_err(vault_error)?;
        Ok((meta, bytes))
    }
}

fn vault_error(e: VaultError) -> MediaError {
    match e {
        VaultError::Forgotten(_) => MediaError::Forgotten,
        other => MediaError::Storage(other.to_string()),
    }
}
