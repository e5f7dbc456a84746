//! Identifier and value newtypes.
//!
//! Ids that WeChat hands us (openid, transaction id, prepay id, ...) are accepted as they
//! come: WeChat is the authority on their format and rejecting one would only lose a fact.
//! Ids that *we* mint and send (out_trade_no, out_refund_no, nonces) are validated up front
//! so a bad one fails here, with a typed error, instead of as a remote `PARAM_ERROR`.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use rsa::rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};

use crate::error::IdError;

/// Defines a string newtype for an id issued by WeChat (not validated, see module docs).
macro_rules! wechat_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps a value as received from WeChat or configuration.
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            /// The id as sent on the wire.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }
    };
}

wechat_id!(
    /// A mini program's or official account's AppID (`wx…`).
    AppId
);
wechat_id!(
    /// A WeChat Pay merchant number (商户号).
    MchId
);
wechat_id!(
    /// A user's id within one AppID.
    OpenId
);
wechat_id!(
    /// A user's id across all apps of one WeChat Open Platform account.
    UnionId
);
wechat_id!(
    /// The pre-payment session id returned by JSAPI order placement (valid two hours).
    PrepayId
);
wechat_id!(
    /// WeChat Pay's own id of a transaction (微信支付订单号).
    TransactionId
);
wechat_id!(
    /// WeChat Pay's own id of a refund (微信支付退款单号).
    RefundId
);
wechat_id!(
    /// The serial number of the merchant's API certificate, sent as `serial_no` so WeChat
    /// knows which of the merchant's keys signed a request.
    MerchantSerial
);

/// Characters WeChat allows in `out_trade_no` (and, plus `@`, in `out_refund_no`).
fn is_merchant_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '|' | '*')
}

/// Our order number as sent to WeChat Pay: 6–32 characters of `[0-9A-Za-z_-|*]`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OutTradeNo(String);

impl OutTradeNo {
    /// Validates and wraps an order number.
    pub fn parse(value: impl Into<String>) -> Result<Self, IdError> {
        let value = value.into();
        let len = value.chars().count();
        if !(6..=32).contains(&len) || !value.chars().all(is_merchant_id_char) {
            return Err(IdError::OutTradeNo(value));
        }
        Ok(Self(value))
    }

    /// The order number as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Our refund number as sent to WeChat Pay: 1–64 characters of `[0-9A-Za-z_-|*@]`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OutRefundNo(String);

impl OutRefundNo {
    /// Validates and wraps a refund number.
    pub fn parse(value: impl Into<String>) -> Result<Self, IdError> {
        let value = value.into();
        let len = value.chars().count();
        if !(1..=64).contains(&len) || !value.chars().all(|c| is_merchant_id_char(c) || c == '@') {
            return Err(IdError::OutRefundNo(value));
        }
        Ok(Self(value))
    }

    /// The refund number as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! validated_string_impls {
    ($name:ident) => {
        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(value: String) -> Result<Self, IdError> {
                Self::parse(value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }
    };
}

validated_string_impls!(OutTradeNo);
validated_string_impls!(OutRefundNo);
validated_string_impls!(Nonce);

/// An amount of money in fen (分, 0.01 CNY). WeChat Pay only speaks integer fen, so there is
/// no floating point anywhere near money.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Fen(u64);

impl Fen {
    /// Wraps an amount in fen.
    pub const fn new(fen: u64) -> Self {
        Self(fen)
    }

    /// The amount in fen.
    pub const fn value(self) -> u64 {
        self.0
    }
}

impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} fen", self.0)
    }
}

/// An ISO 4217 currency code. Orders are always placed in CNY; notifications carry whatever
/// WeChat reports so a mismatch can be seen rather than parsed away.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Currency(String);

impl Currency {
    /// Renminbi, the only currency this crate places orders in.
    pub fn cny() -> Self {
        Self("CNY".to_owned())
    }

    /// Wraps a currency code as received.
    pub fn new(code: impl Into<String>) -> Self {
        Self(code.into())
    }

    /// The code as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A point in time as whole seconds since the Unix epoch, the unit of every WeChat
/// timestamp. Functions that judge freshness take one as an argument instead of reading the
/// clock, so tests (and replays) decide what "now" is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnixTime(i64);

impl UnixTime {
    /// Wraps seconds since the epoch.
    pub const fn from_secs(secs: i64) -> Self {
        Self(secs)
    }

    /// Converts a system time; times before the epoch clamp to zero.
    pub fn from_system(time: SystemTime) -> Self {
        let secs = time
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        Self(secs)
    }

    /// Seconds since the epoch.
    pub const fn secs(self) -> i64 {
        self.0
    }
}

impl fmt::Display for UnixTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A signing nonce: 1–32 ASCII letters and digits. Restricting the alphabet keeps it safe
/// to embed in the quoted `Authorization` header and in the `paySign` string.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Nonce(String);

impl Nonce {
    /// Validates and wraps a nonce.
    pub fn parse(value: impl Into<String>) -> Result<Self, IdError> {
        let value = value.into();
        if value.is_empty() || value.len() > 32 || !value.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return Err(IdError::Nonce(value));
        }
        Ok(Self(value))
    }

    /// 32 upper-case hex characters (128 bits) from the operating system's CSPRNG.
    pub fn random() -> Self {
        let mut bytes = [0u8; 16];
        OsRng.fill_bytes(&mut bytes);
        Self(hex_upper(&bytes))
    }

    /// The nonce as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Upper-case hex, as WeChat prints serials and nonces.
pub(crate) fn hex_upper(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_trade_no_accepts_the_documented_alphabet_and_lengths() {
        assert!(OutTradeNo::parse("ab_-|*").is_ok());
        assert!(OutTradeNo::parse("A".repeat(32)).is_ok());
        assert!(OutTradeNo::parse("short").is_err());
        assert!(OutTradeNo::parse("A".repeat(33)).is_err());
        assert!(OutTradeNo::parse("order 123").is_err());
        assert!(OutTradeNo::parse("订单号123456").is_err());
    }

    #[test]
    fn out_trade_no_deserialization_validates() {
        assert!(serde_json::from_str::<OutTradeNo>("\"ORDER-0001\"").is_ok());
        assert!(serde_json::from_str::<OutTradeNo>("\"bad\"").is_err());
    }

    #[test]
    fn out_refund_no_allows_at_sign_and_one_to_sixty_four_chars() {
        assert!(OutRefundNo::parse("R@1").is_ok());
        assert!(OutRefundNo::parse("").is_err());
        assert!(OutRefundNo::parse("R".repeat(65)).is_err());
    }

    #[test]
    fn random_nonces_are_thirty_two_hex_chars_and_differ() {
        let a = Nonce::random();
        let b = Nonce::random();
        assert_eq!(a.as_str().len(), 32);
        assert!(Nonce::parse(a.as_str()).is_ok());
        assert_ne!(a, b);
    }

    #[test]
    fn nonces_with_quotes_or_commas_are_refused() {
        assert!(Nonce::parse("abc\"def").is_err());
        assert!(Nonce::parse("abc,def").is_err());
        assert!(Nonce::parse("").is_err());
    }
}
