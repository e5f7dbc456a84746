//! Sandbox pay, for the demo and development: plays WeChat Pay's side locally.
//!
//! The sandbox owns a locally generated RSA-2048 "platform" key with a
//! `PUB_KEY_ID_SANDBOX…` serial and the merchant's APIv3 key. It answers order placement
//! without network and produces payment and refund notifications that are signed and
//! encrypted exactly like WeChat's. The server registers the sandbox's public key as one
//! more accepted verifier, so those notifications go through the very same verification
//! code as real ones: nothing in the notification path knows the sandbox exists. It must
//! only be enabled by an explicit server flag, because anyone holding the sandbox key can
//! mint "payments".

use chrono::{DateTime, FixedOffset, Utc};
use http::{HeaderMap, HeaderValue};
use rsa::rand_core::{OsRng, RngCore};
use serde::Serialize;

use crate::aead;
use crate::config::ApiV3Key;
use crate::error::SandboxError;
use crate::ids::{
    hex_upper, AppId, Currency, MchId, Nonce, OpenId, OutTradeNo, PrepayId, RefundId,
    TransactionId, UnixTime,
};
use crate::keys::{PrivateKey, PublicKey};
use crate::notify::{
    EncryptedResource, Envelope, EventType, Payer, TradeState, Transaction, TransactionAmount,
};
use crate::pay::JsapiOrder;
use crate::refund::{Refund, RefundAmount, RefundRequest, RefundStatus};
use crate::sign::response_message;
use crate::verify::{
    PlatformSerial, HEADER_NONCE, HEADER_SERIAL, HEADER_SIGNATURE, HEADER_TIMESTAMP,
    PUB_KEY_ID_PREFIX,
};

/// Prefix of sandbox serials, so logs show at a glance which key verified a notification.
pub const SANDBOX_SERIAL_PREFIX: &str = "PUB_KEY_ID_SANDBOX";

/// A notification as WeChat would post it: headers and exact body bytes.
#[derive(Clone, Debug)]
pub struct SignedNotification {
    /// `Wechatpay-Timestamp`, `-Nonce`, `-Signature`, `-Serial` and `Content-Type`.
    pub headers: HeaderMap,
    /// The JSON envelope bytes that were signed.
    pub body: Vec<u8>,
}

/// Signs and encrypts notifications like WeChat Pay does, with any key and serial. The
/// sandbox uses it with its own key; tests use it to impersonate WeChat's certificate and
/// public-key serials.
#[derive(Clone, Debug)]
pub struct NotificationSigner {
    /// The "platform" private key.
    key: PrivateKey,
    /// The serial announced in `Wechatpay-Serial`.
    serial: PlatformSerial,
    /// The merchant's APIv3 key, to encrypt resources.
    api_v3_key: ApiV3Key,
}

impl NotificationSigner {
    /// A signer with the given key, serial and APIv3 key.
    pub fn new(key: PrivateKey, serial: PlatformSerial, api_v3_key: ApiV3Key) -> Self {
        Self {
            key,
            serial,
            api_v3_key,
        }
    }

    /// The serial this signer announces.
    pub fn serial(&self) -> &PlatformSerial {
        &self.serial
    }

    /// The public key a verifier must register under [`Self::serial`].
    pub fn public_key(&self) -> &PublicKey {
        self.key.public_key()
    }

    /// Signature headers for arbitrary body bytes, as WeChat computes them.
    pub fn sign_body(
        &self,
        body: &[u8],
        at: UnixTime,
        nonce: &Nonce,
    ) -> Result<HeaderMap, SandboxError> {
        let timestamp = at.secs().to_string();
        let signature =
            self.key
                .sign_base64(&response_message(&timestamp, nonce.as_str(), body))?;
        let mut headers = HeaderMap::new();
        headers.insert(HEADER_TIMESTAMP, header_value(&timestamp)?);
        headers.insert(HEADER_NONCE, header_value(nonce.as_str())?);
        headers.insert(HEADER_SIGNATURE, header_value(&signature)?);
        headers.insert(HEADER_SERIAL, header_value(self.serial.as_str())?);
        headers.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        Ok(headers)
    }

    /// Builds a complete notification: encrypts `resource` (with a fresh random nonce),
    /// wraps it in the envelope, and signs the envelope bytes.
    pub fn notification(
        &self,
        event_type: &EventType,
        summary: &str,
        original_type: &str,
        resource: &impl Serialize,
        at: UnixTime,
    ) -> Result<SignedNotification, SandboxError> {
        let plaintext =
            serde_json::to_vec(resource).map_err(|e| SandboxError::Encode(e.to_string()))?;
        // 12 hex characters = 12 ASCII bytes, the AES-GCM nonce length WeChat uses.
        let resource_nonce = random_hex(6);
        let ciphertext =
            aead::encrypt(&self.api_v3_key, &resource_nonce, original_type, &plaintext)
                .map_err(|e| SandboxError::Encode(e.to_string()))?;
        let envelope = Envelope {
            id: format!("EV-{}", random_hex(12)),
            create_time: china_time(at)?.to_rfc3339(),
            resource_type: "encrypt-resource".to_owned(),
            event_type: event_type.as_str().to_owned(),
            summary: summary.to_owned(),
            resource: EncryptedResource {
                algorithm: aead::ALGORITHM.to_owned(),
                ciphertext,
                nonce: resource_nonce,
                associated_data: original_type.to_owned(),
                original_type: original_type.to_owned(),
            },
        };
        let body =
            serde_json::to_vec(&envelope).map_err(|e| SandboxError::Encode(e.to_string()))?;
        let headers = self.sign_body(&body, at, &Nonce::random())?;
        Ok(SignedNotification { headers, body })
    }
}

/// How a sandbox refund ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefundOutcome {
    /// `REFUND.SUCCESS`.
    Success,
    /// `REFUND.ABNORMAL`.
    Abnormal,
    /// `REFUND.CLOSED`.
    Closed,
}

/// Local stand-in for WeChat Pay (see module docs).
#[derive(Clone, Debug)]
pub struct SandboxPayer {
    /// Signs and encrypts like WeChat, with the sandbox key.
    signer: NotificationSigner,
    /// Merchant the sandbox "pays".
    mchid: MchId,
    /// AppID orders are placed for.
    appid: AppId,
}

impl SandboxPayer {
    /// Generates a fresh RSA-2048 platform key and a random `PUB_KEY_ID_SANDBOX…` serial.
    pub fn generate(
        mchid: MchId,
        appid: AppId,
        api_v3_key: ApiV3Key,
    ) -> Result<Self, SandboxError> {
        Ok(Self::with_key(
            PrivateKey::generate_2048()?,
            mchid,
            appid,
            api_v3_key,
        ))
    }

    /// A sandbox around an existing key (tests reuse a cached one; a server could persist
    /// one so the demo survives restarts).
    pub fn with_key(key: PrivateKey, mchid: MchId, appid: AppId, api_v3_key: ApiV3Key) -> Self {
        let serial =
            PlatformSerial::PublicKeyId(format!("{SANDBOX_SERIAL_PREFIX}{}", random_hex(8)));
        debug_assert!(serial.as_str().starts_with(PUB_KEY_ID_PREFIX));
        Self {
            signer: NotificationSigner::new(key, serial, api_v3_key),
            mchid,
            appid,
        }
    }

    /// The serial to register the sandbox's public key under.
    pub fn serial(&self) -> &PlatformSerial {
        self.signer.serial()
    }

    /// The public key to register as an accepted verifier.
    pub fn public_key(&self) -> &PublicKey {
        self.signer.public_key()
    }

    /// The underlying signer.
    pub fn signer(&self) -> &NotificationSigner {
        &self.signer
    }

    /// Answers order placement without network. The prepay id is derived from the order
    /// number, as WeChat returns the same prepay id for a repeated order.
    pub fn place_jsapi_order(&self, order: &JsapiOrder) -> PrepayId {
        PrepayId::new(format!("wx_sandbox_{}", order.out_trade_no.as_str()))
    }

    /// The transaction id the sandbox reports for an order.
    pub fn transaction_id(&self, out_trade_no: &OutTradeNo) -> TransactionId {
        TransactionId::new(format!("SANDBOX{}", out_trade_no.as_str()))
    }

    /// A `TRANSACTION.SUCCESS` notification paying `order` in full at `at`.
    pub fn payment_notification(
        &self,
        order: &JsapiOrder,
        at: UnixTime,
    ) -> Result<SignedNotification, SandboxError> {
        let transaction = Transaction {
            mchid: self.mchid.clone(),
            appid: self.appid.clone(),
            out_trade_no: order.out_trade_no.clone(),
            transaction_id: self.transaction_id(&order.out_trade_no),
            trade_state: TradeState::Success,
            trade_state_desc: Some("支付成功".to_owned()),
            amount: TransactionAmount {
                total: order.total,
                payer_total: Some(order.total),
                currency: Currency::cny(),
            },
            payer: Payer {
                openid: OpenId::new(order.payer.as_str()),
            },
            success_time: Some(china_time(at)?),
        };
        self.signer.notification(
            &EventType::TransactionSuccess,
            "支付成功",
            "transaction",
            &transaction,
            at,
        )
    }

    /// A refund notification for `request` with the given outcome at `at`.
    pub fn refund_notification(
        &self,
        request: &RefundRequest,
        outcome: RefundOutcome,
        at: UnixTime,
    ) -> Result<SignedNotification, SandboxError> {
        let (event_type, status, summary) = match outcome {
            RefundOutcome::Success => (EventType::RefundSuccess, RefundStatus::Success, "退款成功"),
            RefundOutcome::Abnormal => (
                EventType::RefundAbnormal,
                RefundStatus::Abnormal,
                "退款异常",
            ),
            RefundOutcome::Closed => (EventType::RefundClosed, RefundStatus::Closed, "退款关闭"),
        };
        let refund = Refund {
            mchid: self.mchid.clone(),
            out_trade_no: request.out_trade_no.clone(),
            transaction_id: self.transaction_id(&request.out_trade_no),
            out_refund_no: request.out_refund_no.clone(),
            refund_id: RefundId::new(format!("SANDBOXR{}", request.out_refund_no.as_str())),
            refund_status: status,
            success_time: match outcome {
                RefundOutcome::Success => Some(china_time(at)?),
                RefundOutcome::Abnormal | RefundOutcome::Closed => None,
            },
            amount: RefundAmount {
                refund: request.refund,
                total: request.total,
            },
        };
        self.signer
            .notification(&event_type, summary, "refund", &refund, at)
    }
}

/// `at` in China Standard Time, the zone WeChat writes its times in.
fn china_time(at: UnixTime) -> Result<DateTime<FixedOffset>, SandboxError> {
    let offset = FixedOffset::east_opt(8 * 3600)
        .ok_or_else(|| SandboxError::Encode("invalid offset".to_owned()))?;
    DateTime::<Utc>::from_timestamp(at.secs(), 0)
        .map(|utc| utc.with_timezone(&offset))
        .ok_or_else(|| SandboxError::Encode(format!("timestamp {at} out of range")))
}

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    OsRng.fill_bytes(&mut buf);
    hex_upper(&buf)
}

fn header_value(value: &str) -> Result<HeaderValue, SandboxError> {
    HeaderValue::from_str(value).map_err(|e| SandboxError::Encode(e.to_string()))
}
