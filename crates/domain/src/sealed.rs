//! Sealed personal data: a value encrypted under its data subject's key.
//!
//! The domain never encrypts or decrypts — that needs keys and randomness, and the domain
//! has neither. It only carries what the API layer sealed through the key store
//! (`linli-vault`): whose key (the subject), which algorithm and key version, the nonce and
//! the ciphertext (with its authentication tag). In the log a sealed value is JSON with the
//! bytes in base64:
//!
//! ```json
//! {"subject": "…uuid…", "alg": "A256GCM", "key_version": 1,
//!  "nonce": "base64 of 12 bytes", "ciphertext": "base64 of the ciphertext and 16-byte tag"}
//! ```
//!
//! Destroying the subject's key (`linli forget`) makes every sealed value of that subject
//! unreadable wherever a copy of the log travels (exports, backups), while the log's hash
//! chain is untouched: crypto-shredding.

use std::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::ids::UserId;

/// Length of an AES-GCM nonce.
pub const NONCE_LEN: usize = 12;
/// Length of an AES-GCM authentication tag, appended to the ciphertext.
pub const TAG_LEN: usize = 16;
/// The largest ciphertext a sealed value may carry in an event (sealed files live in the
/// media store, not in events).
pub const MAX_SEALED_LEN: usize = 4096;

/// The cipher a value was sealed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SealAlgorithm {
    /// AES-256 in Galois/Counter Mode, 96-bit random nonce, 128-bit tag.
    #[serde(rename = "A256GCM")]
    Aes256Gcm,
}

/// A value sealed under one data subject's key. `Debug` shows whose it is and its length,
/// never the bytes.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "SealedJson", into = "SealedJson")]
pub struct Sealed {
    subject: UserId,
    alg: SealAlgorithm,
    key_version: u32,
    nonce: [u8; NONCE_LEN],
    ciphertext: Vec<u8>,
}

/// Why bytes are not a well-formed sealed value.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SealedError {
    /// The nonce is not base64 of 12 bytes.
    #[error("a sealed value's nonce must be base64 of {NONCE_LEN} bytes")]
    Nonce,
    /// The ciphertext is not base64, shorter than a tag, or too long.
    #[error("a sealed value's ciphertext must be base64 of {TAG_LEN}..={MAX_SEALED_LEN} bytes")]
    Ciphertext,
}

impl Sealed {
    /// Assembles a sealed value (what the key store does after encrypting).
    pub fn new(
        subject: UserId,
        alg: SealAlgorithm,
        key_version: u32,
        nonce: [u8; NONCE_LEN],
        ciphertext: Vec<u8>,
    ) -> Result<Sealed, SealedError> {
        if !(TAG_LEN..=MAX_SEALED_LEN).contains(&ciphertext.len()) {
            return Err(SealedError::Ciphertext);
        }
        Ok(Sealed {
            subject,
            alg,
            key_version,
            nonce,
            ciphertext,
        })
    }

    /// Whose key sealed it.
    pub fn subject(&self) -> UserId {
        self.subject
    }

    /// The cipher.
    pub fn alg(&self) -> SealAlgorithm {
        self.alg
    }

    /// Which of the subject's keys (keys are versioned so they can be rotated).
    pub fn key_version(&self) -> u32 {
        self.key_version
    }

    /// The nonce.
    pub fn nonce(&self) -> &[u8; NONCE_LEN] {
        &self.nonce
    }

    /// The ciphertext with its tag.
    pub fn ciphertext(&self) -> &[u8] {
        &self.ciphertext
    }
}

impl fmt::Debug for Sealed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Sealed({} k{} {} bytes)",
            self.subject,
            self.key_version,
            self.ciphertext.len()
        )
    }
}

/// The JSON form: bytes as standard base64.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SealedJson {
    subject: UserId,
    alg: SealAlgorithm,
    key_version: u32,
    nonce: String,
    ciphertext: String,
}

impl TryFrom<SealedJson> for Sealed {
    type Error = SealedError;

    fn try_from(json: SealedJson) -> Result<Self, Self::Error> {
        let nonce: [u8; NONCE_LEN] = STANDARD
            .decode(json.nonce.as_bytes())
            .ok()
            .and_then(|n| n.try_into().ok())
            .ok_or(SealedError::Nonce)?;
        // A base64 text longer than the largest valid ciphertext is refused before decoding.
        if json.ciphertext.len() > MAX_SEALED_LEN.div_ceil(3) * 4 {
            return Err(SealedError::Ciphertext);
        }
        let ciphertext = STANDARD
            .decode(json.ciphertext.as_bytes())
            .map_err(|_| SealedError::Ciphertext)?;
        Sealed::new(json.subject, json.alg, json.key_version, nonce, ciphertext)
    }
}

impl From<Sealed> for SealedJson {
    fn from(s: Sealed) -> Self {
        SealedJson {
            subject: s.subject,
            alg: s.alg,
            key_version: s.key_version,
            nonce: STANDARD.encode(s.nonce),
            ciphertext: STANDARD.encode(&s.ciphertext),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Sealed {
        Sealed::new(
            UserId::from_u128(7),
            SealAlgorithm::Aes256Gcm,
            1,
            [1; NONCE_LEN],
            vec![9; 27],
        )
        .unwrap()
    }

    #[test]
    fn a_sealed_value_travels_as_base64_json_and_reads_back() {
        let json = serde_json::to_value(sample()).unwrap();
        assert_eq!(json["alg"], "A256GCM");
        assert_eq!(json["nonce"], STANDARD.encode([1u8; NONCE_LEN]));
        let back: Sealed = serde_json::from_value(json).unwrap();
        assert_eq!(back, sample());
    }

    #[test]
    fn malformed_nonces_and_ciphertexts_are_refused() {
        let mut json = serde_json::to_value(sample()).unwrap();
        json["nonce"] = STANDARD.encode([1u8; 8]).into();
        assert!(serde_json::from_value::<Sealed>(json.clone()).is_err());
        json["nonce"] = STANDARD.encode([1u8; NONCE_LEN]).into();
        json["ciphertext"] = STANDARD.encode([1u8; 4]).into();
        assert!(serde_json::from_value::<Sealed>(json.clone()).is_err());
        json["ciphertext"] = "not base64!".into();
        assert!(serde_json::from_value::<Sealed>(json).is_err());
    }

    #[test]
    fn debug_never_shows_the_bytes() {
        let shown = format!("{:?}", sample());
        assert!(shown.starts_with("Sealed(00000000-0000-0000-0000-000000000007 k1 27 bytes"));
    }
}
