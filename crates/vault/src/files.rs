//! The key directory: one file per subject, written durably, destroyed with a tombstone.

use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use aes_gcm::{Aes256Gcm, Key};
use linli_domain::UserId;

use crate::{Forgetting, VaultError};

/// The format byte of a key file.
const KEY_FORMAT: u8 = 1;
/// Format byte, version, key.
const KEY_FILE_LEN: usize = 1 + 4 + 32;

/// What the directory holds for one subject.
pub(crate) enum KeyState {
    /// A live key.
    Present { version: u32, key: Key<Aes256Gcm> },
    /// A tombstone: forgotten.
    Forgotten,
    /// Nothing.
    Missing,
}

/// The directory of key files.
#[derive(Debug, Clone)]
pub(crate) struct KeyFile {
    dir: PathBuf,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> VaultError + '_ {
    move |source| VaultError::Io {
        path: path.to_owned(),
        source,
    }
}

impl KeyFile {
    pub(crate) fn open(dir: &Path) -> Result<KeyFile, VaultError> {
        fs::create_dir_all(dir).map_err(io(dir))?;
        // Owner-only: keys are the one thing an attacker holding a copy of the data
        // directory must not get.
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(io(dir))?;
        if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
            sync_dir(parent)?;
        }
        Ok(KeyFile {
            dir: dir.to_owned(),
        })
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    fn key_path(&self, subject: UserId) -> PathBuf {
        self.dir.join(format!("{subject}.key"))
    }

    fn tombstone_path(&self, subject: UserId) -> PathBuf {
        self.dir.join(format!("{subject}.forgotten"))
    }

    pub(crate) fn state(&self, subject: UserId) -> Result<KeyState, VaultError> {
        let tombstone = self.tombstone_path(subject);
        if tombstone.try_exists().map_err(io(&tombstone))? {
            return Ok(KeyState::Forgotten);
        }
        let path = self.key_path(subject);
        let mut bytes = Vec::with_capacity(KEY_FILE_LEN);
        match File::open(&path) {
            Ok(mut file) => file.read_to_end(&mut bytes).map_err(io(&path))?,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(KeyState::Missing),
            Err(e) => return Err(io(&path)(e)),
        };
        if bytes.len() != KEY_FILE_LEN || bytes[0] != KEY_FORMAT {
            return Err(VaultError::Damaged(path));
        }
        let version = u32::from_be_bytes(bytes[1..5].try_into().expect("4 bytes"));
        let key = *Key::<Aes256Gcm>::from_slice(&bytes[5..]);
        Ok(KeyState::Present { version, key })
    }

    /// Stores a new key durably; if another process made one first, that one wins and is
    /// returned.
    pub(crate) fn create(
        &self,
        subject: UserId,
        version: u32,
        key: &Key<Aes256Gcm>,
    ) -> Result<(u32, Key<Aes256Gcm>), VaultError> {
        let path = self.key_path(subject);
        let mut bytes = Vec::with_capacity(KEY_FILE_LEN);
        bytes.push(KEY_FORMAT);
        bytes.extend_from_slice(&version.to_be_bytes());
        bytes.extend_from_slice(key);
        let mut temp = tempfile::Builder::new()
            .prefix(".new-key")
            .permissions(fs::Permissions::from_mode(0o600))
            .tempfile_in(&self.dir)
            .map_err(io(&self.dir))?;
        temp.write_all(&bytes).map_err(io(&path))?;
        temp.as_file().sync_all().map_err(io(&path))?;
        match temp.persist_noclobber(&path) {
            Ok(_) => {}
            Err(e) if e.error.kind() == ErrorKind::AlreadyExists => {
                return match self.state(subject)? {
                    KeyState::Present { version, key } => Ok((version, key)),
                    KeyState::Forgotten => Err(VaultError::Forgotten(subject)),
                    KeyState::Missing => Err(VaultError::NoKey(subject)),
                };
            }
            Err(e) => return Err(io(&path)(e.error)),
        }
        sync_dir(&self.dir)?;
        Ok((version, *key))
    }

    pub(crate) fn forget(&self, subject: UserId) -> Result<Forgetting, VaultError> {
        let tombstone = self.tombstone_path(subject);
        let already = tombstone.try_exists().map_err(io(&tombstone))?;
        if !already {
            // The tombstone first: from this moment no key is ever made or read again, even
            // if the steps below are interrupted.
            let file = OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .mode(0o600)
                .open(&tombstone)
                .map_err(io(&tombstone))?;
            file.sync_all().map_err(io(&tombstone))?;
            sync_dir(&self.dir)?;
        }
        let path = self.key_path(subject);
        match OpenOptions::new().write(true).open(&path) {
            Ok(mut file) => {
                // Overwrite before unlinking, so the key bytes do not linger in freed blocks
                // on filesystems that write in place (no promise on SSDs or copy-on-write
                // filesystems: see docs/operations.md).
                file.write_all(&[0u8; KEY_FILE_LEN]).map_err(io(&path))?;
                file.sync_all().map_err(io(&path))?;
                drop(file);
                fs::remove_file(&path).map_err(io(&path))?;
                sync_dir(&self.dir)?;
                Ok(Forgetting::Destroyed)
            }
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(if already {
                Forgetting::AlreadyForgotten
            } else {
                Forgetting::NoKeyExisted
            }),
            Err(e) => Err(io(&path)(e)),
        }
    }
}

fn sync_dir(dir: &Path) -> Result<(), VaultError> {
    File::open(dir).and_then(|d| d.sync_all()).map_err(io(dir))
}
