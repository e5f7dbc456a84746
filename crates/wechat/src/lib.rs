//! WeChat integration for linli: mini program login (`code2Session`) and WeChat Pay API v3
//! (JSAPI orders, `wx.requestPayment` signing, refunds, signed and encrypted notifications),
//! plus a sandbox payer for demos and a loopback fake WeChat for tests (feature `testing`).
//!
//! The crate is a library of clients and pure functions; the HTTP endpoints that receive
//! notifications live in the API crate, which calls [`notify::NotificationVerifier`] and
//! sends back the [`notify::NotifyReply`] it is given.
//!
//! Crypto is RustCrypto (`rsa`, `sha2`, `aes-gcm`); see docs/adr/0003-wechat-crypto.md.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod aead;
pub mod code2session;
pub mod config;
pub mod error;
pub mod ids;
pub mod keys;
pub mod notify;
pub mod pay;
pub mod refund;
pub mod sandbox;
pub mod sign;
#[cfg(feature = "testing")]
pub mod testing;
pub mod verify;

pub use code2session::{LoginClient, LoginCode, Session, SessionKey};
pub use config::{ApiV3Key, AppSecret, BaseUrl, HttpConfig, MerchantConfig, MiniProgramConfig};
pub use error::{
    Code2SessionError, IdError, KeyError, NotifyError, OrderMismatch, PayError, PayErrorCode,
    SandboxError, SignError, VerifyError,
};
pub use ids::{
    AppId, Currency, Fen, MchId, MerchantSerial, Nonce, OpenId, OutRefundNo, OutTradeNo, PrepayId,
    RefundId, TransactionId, UnionId, UnixTime,
};
pub use keys::{PrivateKey, PublicKey};
pub use notify::{
    check_order, ExpectedOrder, NotificationVerifier, NotifyReply, PaymentNotification, Transaction,
};
pub use pay::{JsapiOrder, PayClient};
pub use refund::{RefundNotification, RefundReceipt, RefundRequest, RefundStatus};
pub use sandbox::{NotificationSigner, RefundOutcome, SandboxPayer, SignedNotification};
pub use sign::{Authorization, RequestPayment};
pub use verify::{PlatformSerial, PlatformVerifiers};
