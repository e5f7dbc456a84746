//! Residents' personal data: sealing it on the way in, revealing it to the people allowed to
//! see it, forgetting a resident (crypto-shredding) and the media retention policy.
//!
//! The domain only ever holds [`linli_domain::sealed::Sealed`] values; the keys live in the
//! [`linli_vault::Vault`], apart from the log. The threat model is in docs/operations.md.

pub mod forget;
pub mod orders;
pub mod retention;
pub mod reveal;

use linli_domain::sealed::Sealed;
use linli_domain::UserId;
use linli_vault::{Vault, VaultError};

/// Seals one value under `subject`'s key, off the async runtime (the first seal of a
/// subject writes and fsyncs their key file).
pub async fn seal(vault: &Vault, subject: UserId, plaintext: String) -> Result<Sealed, VaultError> {
    let path = vault.dir().to_owned();
    let vault = vault.clone();
    tokio::task::spawn_blocking(move || vault.seal(subject, plaintext.as_bytes()))
        .await
        .map_err(|e| VaultError::Io {
            path,
            source: std::io::Error::other(e.to_string()),
        })?
}
