#![forbid(unsafe_code)]
#![warn(missing_docs)]
//! linli's key store: one random AES-256-GCM key per data subject (a resident's
//! [`UserId`]), kept in a directory of its own, apart from the event log.
//!
//! Personal data (phone numbers, ID-card numbers, home addresses, errand documents) is
//! sealed with its subject's key before it reaches the log or the media store; the log only
//! ever holds [`Sealed`] ciphertext. [`Vault::forget`] destroys the key, which makes every
//! copy of that subject's sealed data unreadable — in the live store, in exports and in
//! backups — without touching the log's hash chain (crypto-shredding). See
//! `docs/adr/0007-per-subject-keys-outside-the-log.md` and the threat model in
//! `docs/operations.md`.
//!
//! # On disk
//!
//! ```text
//! <keys>/<subject uuid>.key        format byte 1 ‖ key version (u32 BE) ‖ 32 key bytes
//! <keys>/<subject uuid>.forgotten  tombstone: the subject was forgotten; no key is ever made again
//! ```
//!
//! A key file is written to a temporary file, fsynced, linked into place without replacing
//! an existing one, and the directory is fsynced, all before [`Vault::seal`] returns: a key
//! is durable before any value sealed with it can be appended to the log.

mod files;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::Aes256Gcm;
use linli_domain::sealed::{SealAlgorithm, Sealed, SealedError, NONCE_LEN, TAG_LEN};
use linli_domain::UserId;
use thiserror::Error;

use files::{KeyFile, KeyState};

/// The key version new keys get. Versions exist so keys can be rotated later without
/// changing the sealed format.
pub const CURRENT_KEY_VERSION: u32 = 1;

/// Why sealing or opening failed.
#[derive(Debug, Error)]
pub enum VaultError {
    /// The subject was forgotten: their key is destroyed and their data unreadable for good.
    #[error("the data subject {0} was forgotten; their personal data is destroyed")]
    Forgotten(UserId),
    /// No key for the subject and no tombstone: the key store is not the one this log was
    /// written with (a restored log without its keys, or a wrong `--keys`).
    #[error("no key for data subject {0}: is this the key store that belongs to this log?")]
    NoKey(UserId),
    /// The sealed value names a key version the store does not hold.
    #[error("data subject {subject} has key version {held}, the value needs {wanted}")]
    KeyVersion {
        /// Whose.
        subject: UserId,
        /// The version on disk.
        held: u32,
        /// The version the value was sealed with.
        wanted: u32,
    },
    /// Authentication failed: the ciphertext, nonce or subject was altered, or the value was
    /// sealed under a different key.
    #[error(
        "sealed value of {0} failed authentication (altered, or not sealed by this key store)"
    )]
    Tampered(UserId),
    /// The plaintext is too large to seal into an event.
    #[error(transparent)]
    Malformed(#[from] SealedError),
    /// The key directory could not be read or written.
    #[error("key store I/O failed at {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// A key file is not in the expected format.
    #[error("key file {0} is damaged")]
    Damaged(PathBuf),
}

/// What [`Vault::forget`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forgetting {
    /// The key existed and is now destroyed.
    Destroyed,
    /// The subject had never had a key (nothing was ever sealed for them); the tombstone
    /// still makes sure none is made.
    NoKeyExisted,
    /// Already forgotten earlier.
    AlreadyForgotten,
}

/// A subject's key version and its ready cipher.
type CachedKey = (u32, Arc<Aes256Gcm>);

/// The key store. Cheap to clone; clones share the key cache.
#[derive(Clone)]
pub struct Vault {
    files: KeyFile,
    /// Keys read or made so far. Forgetting removes the entry before it deletes the file.
    cache: Arc<Mutex<HashMap<UserId, CachedKey>>>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("dir", &self.files.dir())
            .finish_non_exhaustive()
    }
}

impl Vault {
    /// Opens (creating, owner-only) the key directory.
    pub fn open_dir(dir: &Path) -> Result<Vault, VaultError> {
        Ok(Vault {
            files: KeyFile::open(dir)?,
            cache: Arc::default(),
        })
    }

    /// The key directory.
    pub fn dir(&self) -> &Path {
        self.files.dir()
    }

    /// Encrypts `plaintext` under `subject`'s key, making (and durably storing) the key on
    /// first use. Refuses a forgotten subject. Blocking I/O on first use of a subject.
    pub fn seal(&self, subject: UserId, plaintext: &[u8]) -> Result<Sealed, VaultError> {
        let (version, nonce, ciphertext) = self.encrypt(subject, plaintext)?;
        Ok(Sealed::new(
            subject,
            SealAlgorithm::Aes256Gcm,
            version,
            nonce,
            ciphertext,
        )?)
    }

    /// Decrypts a sealed value. [`VaultError::Forgotten`] once its subject was forgotten.
    pub fn open(&self, sealed: &Sealed) -> Result<Vec<u8>, VaultError> {
        match sealed.alg() {
            SealAlgorithm::Aes256Gcm => self.decrypt(
                sealed.subject(),
                sealed.key_version(),
                sealed.nonce(),
                sealed.ciphertext(),
            ),
        }
    }

    /// Encrypts a file-sized blob (an errand document) under `subject`'s key. The result is
    /// `format byte ‖ key version (u32 BE) ‖ nonce ‖ ciphertext and tag`, for the media
    /// store; [`Vault::open_blob`] reads it.
    pub fn seal_blob(&self, subject: UserId, plaintext: &[u8]) -> Result<Vec<u8>, VaultError> {
        let (version, nonce, ciphertext) = self.encrypt(subject, plaintext)?;
        let mut out = Vec::with_capacity(BLOB_HEADER + ciphertext.len());
        out.push(BLOB_FORMAT);
        out.extend_from_slice(&version.to_be_bytes());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ciphertext);
        Ok(out)
    }

    /// Decrypts a blob made by [`Vault::seal_blob`] for `subject`.
    pub fn open_blob(&self, subject: UserId, blob: &[u8]) -> Result<Vec<u8>, VaultError> {
        if blob.len() < BLOB_HEADER + TAG_LEN || blob[0] != BLOB_FORMAT {
            return Err(VaultError::Tampered(subject));
        }
        let version = u32::from_be_bytes(blob[1..5].try_into().expect("4 bytes"));
        let nonce: [u8; NONCE_LEN] = blob[5..BLOB_HEADER].try_into().expect("12 bytes");
        self.decrypt(subject, version, &nonce, &blob[BLOB_HEADER..])
    }

    fn encrypt(
        &self,
        subject: UserId,
        plaintext: &[u8],
    ) -> Result<(u32, [u8; NONCE_LEN], Vec<u8>), VaultError> {
        let (version, cipher) = self.key(subject, Create::IfMissing)?;
        // 96-bit random nonces: with far fewer than 2^32 values per key (one resident's
        // profile edits and documents), a repeat is negligible.
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let ciphertext = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad: &aad(subject, version),
                },
            )
            .map_err(|_| VaultError::Malformed(SealedError::Ciphertext))?;
        Ok((version, nonce.into(), ciphertext))
    }

    fn decrypt(
        &self,
        subject: UserId,
        wanted: u32,
        nonce: &[u8; NONCE_LEN],
        ciphertext: &[u8],
    ) -> Result<Vec<u8>, VaultError> {
        let (version, cipher) = self.key(subject, Create::Never)?;
        if version != wanted {
            return Err(VaultError::KeyVersion {
                subject,
                held: version,
                wanted,
            });
        }
        cipher
            .decrypt(
                nonce.into(),
                Payload {
                    msg: ciphertext,
                    aad: &aad(subject, version),
                },
            )
            .map_err(|_| VaultError::Tampered(subject))
    }

    /// Destroys `subject`'s key for good: writes the tombstone (fsynced), overwrites the key
    /// file with zeros (fsynced), deletes it and fsyncs the directory. Idempotent.
    pub fn forget(&self, subject: UserId) -> Result<Forgetting, VaultError> {
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        cache.remove(&subject);
        self.files.forget(subject)
    }

    /// Whether `subject` was forgotten.
    pub fn is_forgotten(&self, subject: UserId) -> Result<bool, VaultError> {
        Ok(matches!(self.files.state(subject)?, KeyState::Forgotten))
    }

    fn key(&self, subject: UserId, create: Create) -> Result<(u32, Arc<Aes256Gcm>), VaultError> {
        // One lock for lookups and creation: two first seals of one subject never race to
        // make two keys (the no-clobber link guards against another process as well).
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((version, cipher)) = cache.get(&subject) {
            return Ok((*version, cipher.clone()));
        }
        let (version, key) = match (self.files.state(subject)?, create) {
            (KeyState::Present { version, key }, _) => (version, key),
            (KeyState::Forgotten, _) => return Err(VaultError::Forgotten(subject)),
            (KeyState::Missing, Create::Never) => return Err(VaultError::NoKey(subject)),
            (KeyState::Missing, Create::IfMissing) => {
                let key = Aes256Gcm::generate_key(&mut OsRng);
                self.files.create(subject, CURRENT_KEY_VERSION, &key)?
            }
        };
        let cipher = Arc::new(Aes256Gcm::new(&key));
        cache.insert(subject, (version, cipher.clone()));
        Ok((version, cipher))
    }
}

#[derive(Debug, Clone, Copy)]
enum Create {
    IfMissing,
    Never,
}

/// The format byte of a sealed blob.
const BLOB_FORMAT: u8 = 1;
/// Format byte, key version and nonce.
const BLOB_HEADER: usize = 1 + 4 + NONCE_LEN;

/// Associated data binds a ciphertext to its subject and key version: a sealed value copied
/// under another subject's name fails authentication even if the keys were equal.
fn aad(subject: UserId, version: u32) -> Vec<u8> {
    let mut aad = b"linli-vault/1/".to_vec();
    aad.extend_from_slice(subject.as_uuid().as_bytes());
    aad.extend_from_slice(&version.to_be_bytes());
    aad
}
