//! Payment notifications: verify, decrypt, parse, check against the expected order, and
//! answer WeChat.
//!
//! Everything here is a pure function of (headers, body bytes, now): no clock, no I/O. A
//! real notification and a sandbox one take exactly the same path; only the registered
//! verifier keys differ.

use chrono::{DateTime, FixedOffset};
use http::HeaderMap;
use serde::{Deserialize, Serialize};

use crate::aead;
use crate::config::ApiV3Key;
use crate::error::{NotifyError, OrderMismatch};
use crate::ids::{AppId, Currency, Fen, MchId, OpenId, OutTradeNo, TransactionId, UnixTime};
use crate::verify::{PlatformSerial, PlatformVerifiers};

/// What a notification is about (`event_type`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum EventType {
    /// `TRANSACTION.SUCCESS`: a payment succeeded.
    TransactionSuccess,
    /// `REFUND.SUCCESS`: a refund reached the payer.
    RefundSuccess,
    /// `REFUND.ABNORMAL`: the refund failed (e.g. the payer's card was cancelled).
    RefundAbnormal,
    /// `REFUND.CLOSED`: the refund was closed.
    RefundClosed,
    /// Any other event, verbatim.
    Other(String),
}

impl EventType {
    /// Maps WeChat's event type string.
    pub fn from_wire(value: &str) -> Self {
        match value {
            "TRANSACTION.SUCCESS" => Self::TransactionSuccess,
            "REFUND.SUCCESS" => Self::RefundSuccess,
            "REFUND.ABNORMAL" => Self::RefundAbnormal,
            "REFUND.CLOSED" => Self::RefundClosed,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The string WeChat sends.
    pub fn as_str(&self) -> &str {
        match self {
            Self::TransactionSuccess => "TRANSACTION.SUCCESS",
            Self::RefundSuccess => "REFUND.SUCCESS",
            Self::RefundAbnormal => "REFUND.ABNORMAL",
            Self::RefundClosed => "REFUND.CLOSED",
            Self::Other(other) => other,
        }
    }

    /// Whether this is one of the refund events.
    pub fn is_refund(&self) -> bool {
        matches!(
            self,
            Self::RefundSuccess | Self::RefundAbnormal | Self::RefundClosed
        )
    }
}

/// The JSON envelope of a notification (the part that is signed but not encrypted).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Envelope {
    /// Notification id; stable across WeChat's retries, so usable for de-duplication.
    pub id: String,
    /// When WeChat created the notification (RFC 3339).
    pub create_time: String,
    /// `encrypt-resource`.
    pub resource_type: String,
    /// See [`EventType`].
    pub event_type: String,
    /// Human-readable summary, e.g. 支付成功.
    #[serde(default)]
    pub summary: String,
    /// The encrypted payload.
    pub resource: EncryptedResource,
}

/// The encrypted part of a notification.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EncryptedResource {
    /// Always `AEAD_AES_256_GCM`.
    pub algorithm: String,
    /// Base64 of ciphertext ‖ tag.
    pub ciphertext: String,
    /// 12-character AES-GCM nonce.
    pub nonce: String,
    /// Additional authenticated data (`transaction`, `refund`, or empty).
    #[serde(default)]
    pub associated_data: String,
    /// Type of the decrypted object (`transaction`, `refund`).
    #[serde(default)]
    pub original_type: String,
}

/// A notification whose signature verified and whose resource decrypted.
#[derive(Clone, Debug)]
pub struct OpenedNotification {
    /// Notification id (for de-duplication of retries).
    pub id: String,
    /// What happened.
    pub event_type: EventType,
    /// WeChat's creation time, as sent.
    pub create_time: String,
    /// The serial of the key that verified, to log which key is in use during a switch-over.
    pub verified_by: PlatformSerial,
    /// The decrypted resource JSON.
    pub plaintext: Vec<u8>,
}

/// Verifies and decrypts notifications with the accepted platform keys and the APIv3 key.
#[derive(Clone, Debug)]
pub struct NotificationVerifier {
    /// Accepted WeChat Pay keys (certificates, public key ids, the sandbox's).
    pub verifiers: PlatformVerifiers,
    /// The merchant's APIv3 key.
    pub api_v3_key: ApiV3Key,
}

impl NotificationVerifier {
    /// A verifier for one merchant.
    pub fn new(verifiers: PlatformVerifiers, api_v3_key: ApiV3Key) -> Self {
        Self {
            verifiers,
            api_v3_key,
        }
    }

    /// Verifies the signature headers over the exact body bytes, then decrypts the
    /// resource. The body is parsed only after the signature verified, so unauthenticated
    /// input never reaches the JSON parser beyond what the signature vouches for.
    pub fn open(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: UnixTime,
    ) -> Result<OpenedNotification, NotifyError> {
        let verified_by = self.verifiers.verify(headers, body, now)?;
        let envelope: Envelope =
            serde_json::from_slice(body).map_err(|e| NotifyError::Envelope(e.to_string()))?;
        let resource = &envelope.resource;
        if resource.algorithm != aead::ALGORITHM {
            return Err(NotifyError::UnsupportedAlgorithm(
                resource.algorithm.clone(),
            ));
        }
        let plaintext = aead::decrypt(
            &self.api_v3_key,
            &resource.nonce,
            &resource.associated_data,
            &resource.ciphertext,
        )?;
        Ok(OpenedNotification {
            id: envelope.id,
            event_type: EventType::from_wire(&envelope.event_type),
            create_time: envelope.create_time,
            verified_by,
            plaintext,
        })
    }

    /// Handles a payment notification: verify, decrypt, parse the transaction.
    pub fn payment(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: UnixTime,
    ) -> Result<PaymentNotification, NotifyError> {
        let opened = self.open(headers, body, now)?;
        if opened.event_type != EventType::TransactionSuccess {
            return Err(NotifyError::UnexpectedEvent(
                opened.event_type.as_str().to_owned(),
            ));
        }
        let transaction: Transaction = serde_json::from_slice(&opened.plaintext)
            .map_err(|e| NotifyError::Resource(e.to_string()))?;
        Ok(PaymentNotification {
            id: opened.id,
            verified_by: opened.verified_by,
            transaction,
        })
    }
}

/// A verified payment notification.
#[derive(Clone, Debug)]
pub struct PaymentNotification {
    /// Notification id (stable across retries).
    pub id: String,
    /// Serial of the key that verified.
    pub verified_by: PlatformSerial,
    /// The decrypted transaction.
    pub transaction: Transaction,
}

/// State of a transaction (`trade_state`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum TradeState {
    /// `SUCCESS`: paid.
    Success,
    /// `REFUND`: (partly) refunded.
    Refund,
    /// `NOTPAY`: not paid yet.
    NotPay,
    /// `CLOSED`: closed.
    Closed,
    /// `REVOKED`: revoked (card payments).
    Revoked,
    /// `USERPAYING`: waiting for the payer (password entry).
    UserPaying,
    /// `PAYERROR`: payment failed.
    PayError,
    /// Any other state, verbatim.
    Other(String),
}

impl From<String> for TradeState {
    fn from(value: String) -> Self {
        match value.as_str() {
            "SUCCESS" => Self::Success,
            "REFUND" => Self::Refund,
            "NOTPAY" => Self::NotPay,
            "CLOSED" => Self::Closed,
            "REVOKED" => Self::Revoked,
            "USERPAYING" => Self::UserPaying,
            "PAYERROR" => Self::PayError,
            _ => Self::Other(value),
        }
    }
}

impl From<TradeState> for String {
    fn from(value: TradeState) -> String {
        match value {
            TradeState::Success => "SUCCESS".to_owned(),
            TradeState::Refund => "REFUND".to_owned(),
            TradeState::NotPay => "NOTPAY".to_owned(),
            TradeState::Closed => "CLOSED".to_owned(),
            TradeState::Revoked => "REVOKED".to_owned(),
            TradeState::UserPaying => "USERPAYING".to_owned(),
            TradeState::PayError => "PAYERROR".to_owned(),
            TradeState::Other(other) => other,
        }
    }
}

/// A decrypted transaction (the `transaction` resource).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transaction {
    /// Merchant that was paid.
    pub mchid: MchId,
    /// App the order was placed through.
    pub appid: AppId,
    /// Our order number.
    pub out_trade_no: OutTradeNo,
    /// WeChat Pay's transaction id.
    pub transaction_id: TransactionId,
    /// Payment state.
    pub trade_state: TradeState,
    /// Human-readable state description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trade_state_desc: Option<String>,
    /// Amounts.
    pub amount: TransactionAmount,
    /// Who paid.
    pub payer: Payer,
    /// When the payment completed (RFC 3339, China time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_time: Option<DateTime<FixedOffset>>,
}

/// Amounts of a transaction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransactionAmount {
    /// Order total, what we asked for.
    pub total: Fen,
    /// What the payer actually paid (less with coupons). Absent in some states.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer_total: Option<Fen>,
    /// Order currency.
    pub currency: Currency,
}

/// The payer of a transaction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payer {
    /// The payer's openid under the order's AppID.
    pub openid: OpenId,
}

/// The order a payment is expected to settle, as recorded when it was placed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedOrder {
    /// Our merchant number.
    pub mchid: MchId,
    /// Our AppID.
    pub appid: AppId,
    /// The order number we placed.
    pub out_trade_no: OutTradeNo,
    /// The order total we placed.
    pub total: Fen,
}

/// Compares a verified transaction with the order we placed. A valid signature only proves
/// the message is from WeChat; this proves it is about *this* order, for *this* amount (an
/// attacker could otherwise pay 1 fen on another order and replay it here).
pub fn check_order(expected: &ExpectedOrder, actual: &Transaction) -> Result<(), OrderMismatch> {
    if actual.mchid != expected.mchid {
        return Err(OrderMismatch::MchId {
            expected: expected.mchid.clone(),
            actual: actual.mchid.clone(),
        });
    }
    if actual.appid != expected.appid {
        return Err(OrderMismatch::AppId {
            expected: expected.appid.clone(),
            actual: actual.appid.clone(),
        });
    }
    if actual.out_trade_no != expected.out_trade_no {
        return Err(OrderMismatch::OutTradeNo {
            expected: expected.out_trade_no.clone(),
            actual: actual.out_trade_no.clone(),
        });
    }
    if actual.amount.total != expected.total {
        return Err(OrderMismatch::Amount {
            expected: expected.total,
            actual: actual.amount.total,
        });
    }
    if actual.amount.currency != Currency::cny() {
        return Err(OrderMismatch::Currency {
            actual: actual.amount.currency.clone(),
        });
    }
    Ok(())
}

/// The HTTP answer to a notification, so the server maps it without knowing WeChat's rules:
/// 2xx with an empty body means "received, stop retrying"; 4xx/5xx with
/// `{"code":"FAIL","message":…}` means "retry later".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotifyReply {
    /// HTTP status code.
    pub status: u16,
    /// Response body (empty on success).
    pub body: String,
    /// Why it was refused (`None` on success), the `message` of the body.
    message: Option<String>,
}

impl NotifyReply {
    /// Content type of a failure body.
    pub const FAILURE_CONTENT_TYPE: &'static str = "application/json";

    /// Acknowledges the notification: 200 with an empty body (WeChat stops retrying).
    pub fn success() -> Self {
        Self {
            status: 200,
            body: String::new(),
            message: None,
        }
    }

    /// Refuses the notification; WeChat retries with back-off (15s, 15s, 30s, 3m, … up to
    /// 24h). `status` must be 4xx or 5xx; anything else is coerced to 500 so a caller cannot
    /// accidentally acknowledge.
    pub fn failure(status: u16, message: &str) -> Self {
        let status = if (400..=599).contains(&status) {
            status
        } else {
            500
        };
        let body = serde_json::json!({ "code": "FAIL", "message": message }).to_string();
        Self {
            status,
            body,
            message: Some(message.to_owned()),
        }
    }

    /// Why the notification was refused, for a server that writes the failure body with its
    /// own serializer; `None` when it was acknowledged.
    pub fn failure_message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Whether this reply acknowledges the notification.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The content type to send with the body, if any.
    pub fn content_type(&self) -> Option<&'static str> {
        if self.body.is_empty() {
            None
        } else {
            Some(Self::FAILURE_CONTENT_TYPE)
        }
    }
}

impl NotifyError {
    /// The reply for this failure. Messages are fixed strings: details go to our logs, not
    /// to whoever posted the request.
    pub fn reply(&self) -> NotifyReply {
        match self {
            NotifyError::Verify(_) => NotifyReply::failure(401, "signature verification failed"),
            NotifyError::Envelope(_) | NotifyError::UnsupportedAlgorithm(_) => {
                NotifyReply::failure(400, "malformed notification")
            }
            NotifyError::UnexpectedEvent(_) => NotifyReply::failure(400, "unexpected event type"),
            // A verified message we cannot decrypt or read is our fault (wrong APIv3 key,
            // outdated parser): answer 500 so WeChat retries after we fix it.
            NotifyError::ResourceNonce(_)
            | NotifyError::CiphertextEncoding
            | NotifyError::Decrypt
            | NotifyError::Resource(_) => NotifyReply::failure(500, "cannot process resource"),
        }
    }
}

impl OrderMismatch {
    /// The reply for a mismatch. 500 keeps WeChat retrying while an operator investigates;
    /// the payment itself is real and must not be silently dropped.
    pub fn reply(&self) -> NotifyReply {
        NotifyReply::failure(500, "order mismatch")
    }
}
