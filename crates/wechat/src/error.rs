//! One error enum per boundary: id validation, key loading, signing, signature verification,
//! notification handling, order checks, the pay API and the login API. Callers match on the
//! enum of the boundary they crossed and never on strings.

use thiserror::Error;

use crate::ids::{AppId, Currency, Fen, MchId, OutTradeNo};

/// A value we mint failed WeChat's format rules.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IdError {
    /// `out_trade_no` must be 6–32 characters of `[0-9A-Za-z_-|*]`.
    #[error("out_trade_no must be 6-32 characters of [0-9A-Za-z_-|*], got {0:?}")]
    OutTradeNo(String),
    /// `out_refund_no` must be 1–64 characters of `[0-9A-Za-z_-|*@]`.
    #[error("out_refund_no must be 1-64 characters of [0-9A-Za-z_-|*@], got {0:?}")]
    OutRefundNo(String),
    /// Nonces must be 1–32 ASCII letters or digits.
    #[error("nonce must be 1-32 ASCII letters or digits, got {0:?}")]
    Nonce(String),
    /// A platform serial is either hex (certificate) or `PUB_KEY_ID_…`.
    #[error("platform serial must be hex or start with PUB_KEY_ID_, got {0:?}")]
    PlatformSerial(String),
    /// A base URL must be an absolute http(s) URL.
    #[error("invalid base URL {0:?}")]
    BaseUrl(String),
    /// An order description must be 1–127 characters (WeChat's limit).
    #[error("description must be 1-127 characters")]
    Description,
    /// Orders and refunds must be for at least 1 fen, and a refund at most the order total.
    #[error("invalid amount: {refund} fen of {total} fen")]
    Amount {
        /// The amount to charge or refund.
        refund: u64,
        /// The order total.
        total: u64,
    },
}

/// Loading or generating key material failed.
#[derive(Debug, Error)]
pub enum KeyError {
    /// The PEM was not a PKCS#8 RSA private key.
    #[error("not a PKCS#8 PEM RSA private key: {0}")]
    PrivateKeyPem(String),
    /// The PEM was not an SPKI (`PUBLIC KEY`) RSA public key.
    #[error("not an SPKI PEM RSA public key: {0}")]
    PublicKeyPem(String),
    /// WeChat Pay requires RSA keys of at least 2048 bits.
    #[error("RSA key has {bits} bits, at least 2048 are required")]
    KeyTooSmall {
        /// Size of the rejected key in bits.
        bits: usize,
    },
    /// The APIv3 key is exactly 32 bytes (32 ASCII characters in the merchant console).
    #[error("APIv3 key must be exactly 32 bytes, got {len}")]
    ApiV3KeyLength {
        /// Length of the rejected key in bytes.
        len: usize,
    },
    /// Generating or encoding a key failed.
    #[error("key generation or encoding failed: {0}")]
    Generation(String),
}

/// Producing an RSA signature failed (practically only on a broken RNG).
#[derive(Debug, Error)]
#[error("RSA signing failed: {0}")]
pub struct SignError(pub String);

/// A signature from WeChat Pay (response or notification) was not acceptable. Each refusal
/// reason is its own variant so logs and tests can tell them apart.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum VerifyError {
    /// One of the `Wechatpay-*` headers is absent or not valid UTF-8.
    #[error("missing or unreadable header {0}")]
    MissingHeader(&'static str),
    /// WeChat sends probe notifications whose signature starts with `WECHATPAY/SIGNTEST/`
    /// to check that merchants really verify; they must be refused.
    #[error("signature is a WECHATPAY/SIGNTEST/ probe")]
    SignatureProbe,
    /// `Wechatpay-Timestamp` is not an integer.
    #[error("timestamp header is not an integer: {0:?}")]
    MalformedTimestamp(String),
    /// The message is older than the allowed skew (replay protection).
    #[error("timestamp is {skew_secs}s in the past, more than the allowed skew")]
    TimestampTooOld {
        /// How far behind `now` the timestamp is, in seconds.
        skew_secs: i64,
    },
    /// The message claims to come from the future beyond the allowed skew.
    #[error("timestamp is {skew_secs}s in the future, more than the allowed skew")]
    TimestampInFuture {
        /// How far ahead of `now` the timestamp is, in seconds.
        skew_secs: i64,
    },
    /// `Wechatpay-Serial` names no key we accept.
    #[error("unknown platform serial {0:?}")]
    UnknownSerial(String),
    /// The signature is not base64 or has the wrong length for the key.
    #[error("signature is not valid base64 of the right length")]
    MalformedSignature,
    /// The signature is well formed but does not match the message under the named key.
    #[error("signature does not match the message")]
    SignatureMismatch,
}

/// A payment or refund notification could not be accepted.
#[derive(Debug, Error)]
pub enum NotifyError {
    /// The signature headers did not verify.
    #[error("notification signature refused: {0}")]
    Verify(#[from] VerifyError),
    /// The (verified) body is not the expected JSON envelope.
    #[error("notification body is not a valid envelope: {0}")]
    Envelope(String),
    /// Only `AEAD_AES_256_GCM` is defined by WeChat Pay v3.
    #[error("unsupported resource algorithm {0:?}")]
    UnsupportedAlgorithm(String),
    /// The resource nonce must be 12 bytes for AES-GCM.
    #[error("resource nonce must be 12 bytes, got {0}")]
    ResourceNonce(usize),
    /// The ciphertext is not base64.
    #[error("resource ciphertext is not base64")]
    CiphertextEncoding,
    /// AES-GCM authentication failed: wrong APIv3 key, or tampered ciphertext or associated
    /// data.
    #[error("resource decryption failed (wrong APIv3 key or tampered resource)")]
    Decrypt,
    /// The decrypted resource is not the expected JSON.
    #[error("decrypted resource is not valid: {0}")]
    Resource(String),
    /// The event type does not belong at this endpoint (for example a refund event delivered
    /// to the payment handler).
    #[error("unexpected event type {0:?}")]
    UnexpectedEvent(String),
}

/// A verified payment does not match the order we expected it for.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum OrderMismatch {
    /// Paid to another merchant.
    #[error("mchid mismatch: expected {expected}, got {actual}")]
    MchId {
        /// Our merchant number.
        expected: MchId,
        /// The one in the notification.
        actual: MchId,
    },
    /// Paid through another app.
    #[error("appid mismatch: expected {expected}, got {actual}")]
    AppId {
        /// Our AppID.
        expected: AppId,
        /// The one in the notification.
        actual: AppId,
    },
    /// The notification is for another order.
    #[error("out_trade_no mismatch: expected {expected}, got {actual}")]
    OutTradeNo {
        /// The order we looked up.
        expected: OutTradeNo,
        /// The one in the notification.
        actual: OutTradeNo,
    },
    /// The order total differs from what we asked for.
    #[error("amount mismatch: expected {expected}, got {actual}")]
    Amount {
        /// The order total we placed.
        expected: Fen,
        /// The total in the notification.
        actual: Fen,
    },
    /// The order was paid in another currency.
    #[error("currency mismatch: expected CNY, got {actual}")]
    Currency {
        /// The currency in the notification.
        actual: Currency,
    },
}

/// Calling a WeChat Pay API failed.
#[derive(Debug, Error)]
pub enum PayError {
    /// The request we were about to send is invalid.
    #[error("invalid request: {0}")]
    InvalidRequest(#[from] IdError),
    /// Signing the request failed.
    #[error(transparent)]
    Sign(#[from] SignError),
    /// Network, TLS or timeout failure.
    #[error("transport error: {0}")]
    Transport(#[from] reqwest::Error),
    /// WeChat Pay answered non-2xx with `{code, message}`.
    #[error("WeChat Pay refused ({status}): {code} {message}")]
    Api {
        /// HTTP status of the answer.
        status: u16,
        /// WeChat Pay's error code.
        code: PayErrorCode,
        /// WeChat Pay's human-readable explanation.
        message: String,
    },
    /// The answer carried a signature that did not verify: it may not come from WeChat.
    #[error("response signature refused: {0}")]
    ResponseSignature(#[from] VerifyError),
    /// A 2xx answer was not the expected JSON.
    #[error("unexpected response body: {0}")]
    Decode(String),
}

impl PayError {
    /// Whether retrying the same request later (with the same out_trade_no/out_refund_no,
    /// which WeChat treats idempotently) may succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            PayError::Transport(_) => true,
            PayError::Api { status, code, .. } => {
                *status >= 500
                    || matches!(
                        code,
                        PayErrorCode::SystemError | PayErrorCode::FrequencyLimited
                    )
            }
            _ => false,
        }
    }
}

/// WeChat Pay v3 error codes this crate distinguishes; anything else is kept verbatim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayErrorCode {
    /// `PARAM_ERROR`: a parameter is malformed.
    ParamError,
    /// `INVALID_REQUEST`: the request does not fit the rules (e.g. wrong trade type).
    InvalidRequest,
    /// `SIGN_ERROR`: WeChat could not verify our signature.
    SignError,
    /// `ORDERPAID`: the order has already been paid.
    OrderPaid,
    /// `ORDER_CLOSED`: the order has been closed.
    OrderClosed,
    /// `OUT_TRADE_NO_USED`: the order number was used with different parameters.
    OutTradeNoUsed,
    /// `APPID_MCHID_NOT_MATCH`: the appid is not bound to the merchant.
    AppIdMchIdNotMatch,
    /// `MCH_NOT_EXISTS`: unknown merchant.
    MchNotExists,
    /// `NO_AUTH`: the merchant lacks the permission.
    NoAuth,
    /// `NOT_ENOUGH`: insufficient balance for a refund.
    NotEnough,
    /// `RESOURCE_NOT_EXISTS`: the order or refund does not exist.
    ResourceNotExists,
    /// `USER_ACCOUNT_ABNORMAL`: the payer's account cannot receive the refund.
    UserAccountAbnormal,
    /// `FREQUENCY_LIMITED`: rate limited; retry later.
    FrequencyLimited,
    /// `SYSTEM_ERROR`: WeChat-side failure; retry with the same ids.
    SystemError,
    /// Any other code, verbatim.
    Other(String),
}

impl PayErrorCode {
    /// Maps WeChat Pay's code string.
    pub fn from_code(code: &str) -> Self {
        match code {
            "PARAM_ERROR" => Self::ParamError,
            "INVALID_REQUEST" => Self::InvalidRequest,
            "SIGN_ERROR" => Self::SignError,
            "ORDERPAID" => Self::OrderPaid,
            "ORDER_CLOSED" => Self::OrderClosed,
            "OUT_TRADE_NO_USED" => Self::OutTradeNoUsed,
            "APPID_MCHID_NOT_MATCH" => Self::AppIdMchIdNotMatch,
            "MCH_NOT_EXISTS" => Self::MchNotExists,
            "NO_AUTH" => Self::NoAuth,
            "NOT_ENOUGH" => Self::NotEnough,
            "RESOURCE_NOT_EXISTS" => Self::ResourceNotExists,
            "USER_ACCOUNT_ABNORMAL" => Self::UserAccountAbnormal,
            "FREQUENCY_LIMITED" => Self::FrequencyLimited,
            "SYSTEM_ERROR" => Self::SystemError,
            other => Self::Other(other.to_owned()),
        }
    }
}

impl std::fmt::Display for PayErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = match self {
            Self::ParamError => "PARAM_ERROR",
            Self::InvalidRequest => "INVALID_REQUEST",
            Self::SignError => "SIGN_ERROR",
            Self::OrderPaid => "ORDERPAID",
            Self::OrderClosed => "ORDER_CLOSED",
            Self::OutTradeNoUsed => "OUT_TRADE_NO_USED",
            Self::AppIdMchIdNotMatch => "APPID_MCHID_NOT_MATCH",
            Self::MchNotExists => "MCH_NOT_EXISTS",
            Self::NoAuth => "NO_AUTH",
            Self::NotEnough => "NOT_ENOUGH",
            Self::ResourceNotExists => "RESOURCE_NOT_EXISTS",
            Self::UserAccountAbnormal => "USER_ACCOUNT_ABNORMAL",
            Self::FrequencyLimited => "FREQUENCY_LIMITED",
            Self::SystemError => "SYSTEM_ERROR",
            Self::Other(code) => code,
        };
        f.write_str(s)
    }
}

/// `code2Session` failed. WeChat reports these with HTTP 200 and `errcode`/`errmsg`.
#[derive(Debug, Error)]
pub enum Code2SessionError {
    /// 40029: the code is invalid (malformed, expired after 5 minutes, or for another app).
    #[error("invalid login code (40029)")]
    InvalidCode,
    /// 40163: the code has already been exchanged.
    #[error("login code already used (40163)")]
    CodeUsed,
    /// 45011: too many calls; at most 100 per minute per user.
    #[error("rate limited by WeChat (45011)")]
    RateLimited,
    /// -1: WeChat is busy; retry shortly.
    #[error("WeChat system busy (-1)")]
    SystemBusy,
    /// 40226: WeChat blocked the login of a high-risk user.
    #[error("high-risk user blocked by WeChat (40226)")]
    RiskyUser,
    /// 40013/40125/41002/41004: our appid or secret is wrong: a deployment problem, not
    /// the user's.
    #[error("WeChat rejected our app credentials ({errcode}): {errmsg}")]
    InvalidCredentials {
        /// WeChat's error code.
        errcode: i64,
        /// WeChat's message.
        errmsg: String,
    },
    /// Any other error code, verbatim.
    #[error("WeChat error {errcode}: {errmsg}")]
    Other {
        /// WeChat's error code.
        errcode: i64,
        /// WeChat's message.
        errmsg: String,
    },
    /// WeChat answered with a non-2xx HTTP status.
    #[error("WeChat answered HTTP {0}")]
    Http(u16),
    /// Network, TLS or timeout failure.
    #[error("transport error: {0}")]
    Transport(#[from] reqwest::Error),
    /// The answer was not the documented JSON.
    #[error("unexpected response body: {0}")]
    Decode(String),
}

impl Code2SessionError {
    /// Maps a non-zero `errcode` to its typed error.
    pub fn from_errcode(errcode: i64, errmsg: String) -> Self {
        match errcode {
            40029 => Self::InvalidCode,
            40163 => Self::CodeUsed,
            45011 => Self::RateLimited,
            -1 => Self::SystemBusy,
            40226 => Self::RiskyUser,
            40013 | 40125 | 41002 | 41004 => Self::InvalidCredentials { errcode, errmsg },
            _ => Self::Other { errcode, errmsg },
        }
    }

    /// Whether the same request may succeed if retried. A login code is single-use, so only
    /// failures that happened before WeChat consumed it qualify.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::SystemBusy | Self::RateLimited | Self::Transport(_) => true,
            Self::Http(status) => *status >= 500,
            _ => false,
        }
    }
}

/// The sandbox could not produce a notification.
#[derive(Debug, Error)]
pub enum SandboxError {
    /// Generating the sandbox key failed.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// Signing failed.
    #[error(transparent)]
    Sign(#[from] SignError),
    /// Encrypting or encoding the resource failed.
    #[error("cannot build the notification: {0}")]
    Encode(String),
}
