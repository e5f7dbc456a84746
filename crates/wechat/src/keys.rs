//! RSA key material: the merchant's private key (signs requests and `paySign`) and WeChat
//! Pay platform public keys (verify responses and notifications).
//!
//! Every RSA operation of the crate lives in this file, so the choice of library (see
//! docs/adr/0003-wechat-crypto.md) can be revisited by changing one module.

use std::fmt;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::pkcs8::{
    DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey, LineEnding,
};
use rsa::rand_core::OsRng;
use rsa::signature::{RandomizedSigner, SignatureEncoding, Verifier};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::error::{KeyError, SignError, VerifyError};

/// WeChat Pay v3 only uses RSA-2048 and larger.
const MIN_BITS: usize = 2048;

/// An RSA private key that signs with PKCS#1 v1.5 / SHA-256 (`SHA256withRSA`).
///
/// Debug never prints key material.
#[derive(Clone)]
pub struct PrivateKey {
    /// The key wrapped for SHA-256 PKCS#1 v1.5 signing.
    signing: SigningKey<Sha256>,
    /// The matching public key, kept for `public_key()` without recomputation.
    public: PublicKey,
}

impl PrivateKey {
    /// Loads a PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), the format of the merchant
    /// console's `apiclient_key.pem`.
    pub fn from_pkcs8_pem(pem: &str) -> Result<Self, KeyError> {
        let key = RsaPrivateKey::from_pkcs8_pem(pem.trim())
            .map_err(|e| KeyError::PrivateKeyPem(e.to_string()))?;
        Self::from_rsa(key)
    }

    /// Generates a fresh RSA-2048 key (sandbox platform key, tests). Slow in unoptimised
    /// builds: generate once and reuse.
    pub fn generate_2048() -> Result<Self, KeyError> {
        let key = RsaPrivateKey::new(&mut OsRng, MIN_BITS)
            .map_err(|e| KeyError::Generation(e.to_string()))?;
        Self::from_rsa(key)
    }

    fn from_rsa(key: RsaPrivateKey) -> Result<Self, KeyError> {
        let bits = key.size() * 8;
        if bits < MIN_BITS {
            return Err(KeyError::KeyTooSmall { bits });
        }
        let public = PublicKey::from_rsa(RsaPublicKey::from(&key));
        Ok(Self {
            signing: SigningKey::<Sha256>::new(key),
            public,
        })
    }

    /// Encodes the key as PKCS#8 PEM; the buffer is wiped when dropped.
    pub fn to_pkcs8_pem(&self) -> Result<Zeroizing<String>, KeyError> {
        self.signing
            .as_ref()
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|e| KeyError::Generation(e.to_string()))
    }

    /// The matching public key.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// Signs `message` with SHA256withRSA and returns the signature in standard base64.
    ///
    /// Always the randomised (blinded) path: `rsa` applies RSA blinding only when given an
    /// RNG, and blinding is our main mitigation for the timing side channel of
    /// RUSTSEC-2023-0071. PKCS#1 v1.5 signatures stay deterministic: blinding changes the
    /// computation, not the result.
    pub fn sign_base64(&self, message: &[u8]) -> Result<String, SignError> {
        let signature = self
            .signing
            .try_sign_with_rng(&mut OsRng, message)
            .map_err(|e| SignError(e.to_string()))?;
        Ok(BASE64.encode(signature.to_bytes()))
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("bits", &self.public.bits())
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// An RSA public key that verifies SHA256withRSA signatures.
#[derive(Clone)]
pub struct PublicKey {
    /// The key wrapped for SHA-256 PKCS#1 v1.5 verification.
    verifying: VerifyingKey<Sha256>,
}

impl PublicKey {
    /// Loads an SPKI PEM (`-----BEGIN PUBLIC KEY-----`), the format of the WeChat Pay public
    /// key downloaded from the merchant console.
    pub fn from_spki_pem(pem: &str) -> Result<Self, KeyError> {
        let key = RsaPublicKey::from_public_key_pem(pem.trim())
            .map_err(|e| KeyError::PublicKeyPem(e.to_string()))?;
        let bits = key.size() * 8;
        if bits < MIN_BITS {
            return Err(KeyError::KeyTooSmall { bits });
        }
        Ok(Self::from_rsa(key))
    }

    fn from_rsa(key: RsaPublicKey) -> Self {
        Self {
            verifying: VerifyingKey::<Sha256>::new(key),
        }
    }

    /// Encodes the key as SPKI PEM, the form a server configuration stores.
    pub fn to_spki_pem(&self) -> Result<String, KeyError> {
        self.verifying
            .as_ref()
            .to_public_key_pem(LineEnding::LF)
            .map_err(|e| KeyError::Generation(e.to_string()))
    }

    /// Key size in bits.
    pub fn bits(&self) -> usize {
        self.verifying.as_ref().size() * 8
    }

    /// Verifies a base64 SHA256withRSA signature over `message`.
    pub fn verify_base64(&self, message: &[u8], signature_b64: &str) -> Result<(), VerifyError> {
        let bytes = BASE64
            .decode(signature_b64.trim())
            .map_err(|_| VerifyError::MalformedSignature)?;
        // A PKCS#1 v1.5 signature is exactly as long as the modulus; anything else is garbage,
        // not a forgery attempt worth distinguishing.
        if bytes.len() != self.verifying.as_ref().size() {
            return Err(VerifyError::MalformedSignature);
        }
        let signature =
            Signature::try_from(bytes.as_slice()).map_err(|_| VerifyError::MalformedSignature)?;
        self.verifying
            .verify(message, &signature)
            .map_err(|_| VerifyError::SignatureMismatch)
    }
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        self.verifying.as_ref() == other.verifying.as_ref()
    }
}

impl Eq for PublicKey {}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicKey")
            .field("bits", &self.bits())
            .finish_non_exhaustive()
    }
}
