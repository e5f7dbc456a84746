//! AEAD_AES_256_GCM, the encryption of notification resources (and of certificate
//! downloads): key = APIv3 key, nonce = the 12-character `nonce` string, AAD =
//! `associated_data`, ciphertext = base64(encrypted bytes ‖ 16-byte tag).

use aes_gcm::aead::{Aead, Payload};
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;

use crate::config::ApiV3Key;
use crate::error::NotifyError;

/// The only algorithm WeChat Pay v3 defines for resources.
pub const ALGORITHM: &str = "AEAD_AES_256_GCM";
/// AES-GCM nonce length in bytes.
pub const NONCE_LEN: usize = 12;

/// Decrypts a resource. Fails closed: any authentication failure is [`NotifyError::Decrypt`].
pub fn decrypt(
    key: &ApiV3Key,
    nonce: &str,
    associated_data: &str,
    ciphertext_b64: &str,
) -> Result<Vec<u8>, NotifyError> {
    let nonce = nonce.as_bytes();
    if nonce.len() != NONCE_LEN {
        return Err(NotifyError::ResourceNonce(nonce.len()));
    }
    let ciphertext = BASE64
        .decode(ciphertext_b64)
        .map_err(|_| NotifyError::CiphertextEncoding)?;
    cipher(key)
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: &ciphertext,
                aad: associated_data.as_bytes(),
            },
        )
        .map_err(|_| NotifyError::Decrypt)
}

/// Encrypts a resource (the sandbox and the fake server play WeChat with it). The caller
/// must never reuse a nonce with the same key.
pub fn encrypt(
    key: &ApiV3Key,
    nonce: &str,
    associated_data: &str,
    plaintext: &[u8],
) -> Result<String, NotifyError> {
    let nonce = nonce.as_bytes();
    if nonce.len() != NONCE_LEN {
        return Err(NotifyError::ResourceNonce(nonce.len()));
    }
    let ciphertext = cipher(key)
        .encrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: plaintext,
                aad: associated_data.as_bytes(),
            },
        )
        .map_err(|_| NotifyError::Decrypt)?;
    Ok(BASE64.encode(ciphertext))
}

fn cipher(key: &ApiV3Key) -> Aes256Gcm {
    Aes256Gcm::new(key.bytes().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Vector produced independently with Python's `cryptography` (OpenSSL's AES-GCM):
    /// `AESGCM(b"0123456789abcdef0123456789abcdef").encrypt(b"0123456789ab",
    /// b'{"ok":true}', b"transaction")`.
    const VECTOR_CIPHERTEXT: &str = "4ouIUWHw7GmAYF5w/qeBDuNTSrPAO/RZ9Vkp";

    fn key() -> ApiV3Key {
        ApiV3Key::from_bytes(b"0123456789abcdef0123456789abcdef").unwrap()
    }

    #[test]
    fn decrypts_a_vector_made_by_another_implementation() {
        let plain = decrypt(&key(), "0123456789ab", "transaction", VECTOR_CIPHERTEXT).unwrap();
        assert_eq!(plain, br#"{"ok":true}"#);
    }

    #[test]
    fn encryption_round_trips_and_matches_the_vector() {
        let ct = encrypt(&key(), "0123456789ab", "transaction", br#"{"ok":true}"#).unwrap();
        assert_eq!(ct, VECTOR_CIPHERTEXT);
    }

    #[test]
    fn wrong_associated_data_or_key_fails_closed() {
        assert!(matches!(
            decrypt(&key(), "0123456789ab", "refund", VECTOR_CIPHERTEXT),
            Err(NotifyError::Decrypt)
        ));
        let other = ApiV3Key::from_bytes(&[7u8; 32]).unwrap();
        assert!(matches!(
            decrypt(&other, "0123456789ab", "transaction", VECTOR_CIPHERTEXT),
            Err(NotifyError::Decrypt)
        ));
    }

    #[test]
    fn nonce_of_wrong_length_is_refused() {
        assert!(matches!(
            decrypt(&key(), "short", "", VECTOR_CIPHERTEXT),
            Err(NotifyError::ResourceNonce(5))
        ));
    }
}
