//! Verification of WeChat Pay's signatures on responses and notifications.
//!
//! WeChat Pay identifies its signing key in `Wechatpay-Serial`. Older merchants verify with
//! platform certificates (hex serials); newer ones with a "WeChat Pay public key"
//! (`PUB_KEY_ID_…`). During a switch-over WeChat may sign with either, so the verifier set
//! holds both kinds at once and picks the key by serial.

use std::collections::HashMap;
use std::fmt;

use http::HeaderMap;

use crate::error::{IdError, VerifyError};
use crate::ids::UnixTime;
use crate::keys::PublicKey;
use crate::sign::response_message;

/// Header carrying the signing time (seconds since the epoch).
pub const HEADER_TIMESTAMP: &str = "Wechatpay-Timestamp";
/// Header carrying the signing nonce.
pub const HEADER_NONCE: &str = "Wechatpay-Nonce";
/// Header carrying the base64 signature.
pub const HEADER_SIGNATURE: &str = "Wechatpay-Signature";
/// Header naming the key that signed.
pub const HEADER_SERIAL: &str = "Wechatpay-Serial";

/// Prefix of the signatures of WeChat's probe notifications, which must be refused.
pub const SIGNTEST_PREFIX: &str = "WECHATPAY/SIGNTEST/";
/// Prefix of WeChat Pay public key ids.
pub const PUB_KEY_ID_PREFIX: &str = "PUB_KEY_ID_";
/// How far a signature's timestamp may be from `now`, either way (WeChat's recommendation).
pub const MAX_SKEW_SECS: i64 = 5 * 60;

/// The id of a WeChat Pay signing key.
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum PlatformSerial {
    /// A platform certificate serial, upper-case hex.
    Certificate(String),
    /// A WeChat Pay public key id, `PUB_KEY_ID_…`.
    PublicKeyId(String),
}

impl PlatformSerial {
    /// Classifies a serial. Certificate serials are normalised to upper case because
    /// WeChat's tools print them in both cases.
    pub fn parse(value: &str) -> Result<Self, IdError> {
        let value = value.trim();
        if let Some(rest) = value.strip_prefix(PUB_KEY_ID_PREFIX) {
            if !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Ok(Self::PublicKeyId(value.to_owned()));
            }
        } else if !value.is_empty() && value.chars().all(|c| c.is_ascii_hexdigit()) {
            return Ok(Self::Certificate(value.to_ascii_uppercase()));
        }
        Err(IdError::PlatformSerial(value.to_owned()))
    }

    /// The serial as it appears in `Wechatpay-Serial`.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Certificate(s) | Self::PublicKeyId(s) => s,
        }
    }
}

impl fmt::Display for PlatformSerial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for PlatformSerial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Certificate(s) => write!(f, "Certificate({s})"),
            Self::PublicKeyId(s) => write!(f, "PublicKeyId({s})"),
        }
    }
}

/// The WeChat Pay keys we accept, by serial.
#[derive(Clone, Debug, Default)]
pub struct PlatformVerifiers {
    /// Accepted keys; certificate serials and public key ids side by side.
    keys: HashMap<PlatformSerial, PublicKey>,
}

impl PlatformVerifiers {
    /// An empty set (accepts nothing).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) a key, builder style.
    pub fn with(mut self, serial: PlatformSerial, key: PublicKey) -> Self {
        self.insert(serial, key);
        self
    }

    /// Adds (or replaces) a key.
    pub fn insert(&mut self, serial: PlatformSerial, key: PublicKey) {
        self.keys.insert(serial, key);
    }

    /// Stops accepting a key (after a switch-over completes).
    pub fn remove(&mut self, serial: &PlatformSerial) -> Option<PublicKey> {
        self.keys.remove(serial)
    }

    /// The key for a serial, if accepted.
    pub fn key(&self, serial: &PlatformSerial) -> Option<&PublicKey> {
        self.keys.get(serial)
    }

    /// Number of accepted keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether no key is accepted.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Verifies WeChat Pay's signature headers over `body` at time `now`.
    ///
    /// Checks run cheapest first: header presence, the SIGNTEST probe, the time window
    /// (replay protection), the serial, and only then the RSA verification. Returns the
    /// serial of the key that verified.
    pub fn verify(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: UnixTime,
    ) -> Result<PlatformSerial, VerifyError> {
        let timestamp = header(headers, HEADER_TIMESTAMP)?;
        let nonce = header(headers, HEADER_NONCE)?;
        let signature = header(headers, HEADER_SIGNATURE)?;
        let serial_text = header(headers, HEADER_SERIAL)?;

        if signature.starts_with(SIGNTEST_PREFIX) {
            return Err(VerifyError::SignatureProbe);
        }

        let signed_at: i64 = timestamp
            .trim()
            .parse()
            .map_err(|_| VerifyError::MalformedTimestamp(timestamp.to_owned()))?;
        let skew = now.secs().saturating_sub(signed_at);
        if skew > MAX_SKEW_SECS {
            return Err(VerifyError::TimestampTooOld { skew_secs: skew });
        }
        if skew < -MAX_SKEW_SECS {
            return Err(VerifyError::TimestampInFuture {
                skew_secs: skew.saturating_neg(),
            });
        }

        let serial = PlatformSerial::parse(serial_text)
            .map_err(|_| VerifyError::UnknownSerial(serial_text.to_owned()))?;
        let key = self
            .key(&serial)
            .ok_or_else(|| VerifyError::UnknownSerial(serial_text.to_owned()))?;

        key.verify_base64(&response_message(timestamp, nonce, body), signature)?;
        Ok(serial)
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &'static str) -> Result<&'a str, VerifyError> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .ok_or(VerifyError::MissingHeader(name))
}

/// Whether a response carries WeChat Pay signature headers at all.
pub(crate) fn has_signature(headers: &HeaderMap) -> bool {
    headers.contains_key(HEADER_SIGNATURE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_are_classified_by_form() {
        assert_eq!(
            PlatformSerial::parse("5157f09efdc096de").unwrap(),
            PlatformSerial::Certificate("5157F09EFDC096DE".to_owned())
        );
        assert!(matches!(
            PlatformSerial::parse("PUB_KEY_ID_0114232134912410000000000000").unwrap(),
            PlatformSerial::PublicKeyId(_)
        ));
        assert!(PlatformSerial::parse("PUB_KEY_ID_").is_err());
        assert!(PlatformSerial::parse("not-hex").is_err());
        assert!(PlatformSerial::parse("").is_err());
    }

    #[test]
    fn missing_headers_are_named() {
        let verifiers = PlatformVerifiers::new();
        let err = verifiers
            .verify(&HeaderMap::new(), b"{}", UnixTime::from_secs(0))
            .unwrap_err();
        assert_eq!(err, VerifyError::MissingHeader(HEADER_TIMESTAMP));
    }
}
