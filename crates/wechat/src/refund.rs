//! Refunds: the request (full or partial) and the refund notifications.

use chrono::{DateTime, FixedOffset};
use http::HeaderMap;
use reqwest::Method;
use serde::{Deserialize, Serialize};

use crate::error::{IdError, NotifyError, PayError};
use crate::ids::{
    Currency, Fen, MchId, OutRefundNo, OutTradeNo, RefundId, TransactionId, UnixTime,
};
use crate::notify::{EventType, NotificationVerifier};
use crate::pay::PayClient;
use crate::verify::PlatformSerial;

/// Path of domestic refunds.
pub const REFUND_PATH: &str = "/v3/refund/domestic/refunds";

/// A refund to request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefundRequest {
    /// The paid order to refund.
    pub out_trade_no: OutTradeNo,
    /// Our refund number; repeats are idempotent at WeChat.
    pub out_refund_no: OutRefundNo,
    /// Shown to the payer (up to 80 characters), e.g. "服务取消".
    pub reason: Option<String>,
    /// Amount to refund: the whole `total` or a part of it.
    pub refund: Fen,
    /// The order's original total.
    pub total: Fen,
}

/// Body of a refund request.
#[derive(Clone, Debug, Serialize)]
pub struct RefundRequestBody<'a> {
    /// The paid order.
    pub out_trade_no: &'a OutTradeNo,
    /// Our refund number.
    pub out_refund_no: &'a OutRefundNo,
    /// Reason shown to the payer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'a str>,
    /// Where the refund notification goes.
    pub notify_url: &'a str,
    /// Amounts.
    pub amount: RefundRequestAmount,
}

/// Amounts of a refund request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundRequestAmount {
    /// Amount to refund.
    pub refund: Fen,
    /// The order's total.
    pub total: Fen,
    /// Always CNY.
    pub currency: Currency,
}

/// State of a refund.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum RefundStatus {
    /// `SUCCESS`: the money reached the payer.
    Success,
    /// `CLOSED`: the refund was closed.
    Closed,
    /// `PROCESSING`: in progress; a notification follows.
    Processing,
    /// `ABNORMAL`: failed; needs manual handling in the merchant console.
    Abnormal,
    /// Any other status, verbatim.
    Other(String),
}

impl From<String> for RefundStatus {
    fn from(value: String) -> Self {
        match value.as_str() {
            "SUCCESS" => Self::Success,
            "CLOSED" => Self::Closed,
            "PROCESSING" => Self::Processing,
            "ABNORMAL" => Self::Abnormal,
            _ => Self::Other(value),
        }
    }
}

impl From<RefundStatus> for String {
    fn from(value: RefundStatus) -> String {
        match value {
            RefundStatus::Success => "SUCCESS".to_owned(),
            RefundStatus::Closed => "CLOSED".to_owned(),
            RefundStatus::Processing => "PROCESSING".to_owned(),
            RefundStatus::Abnormal => "ABNORMAL".to_owned(),
            RefundStatus::Other(other) => other,
        }
    }
}

/// WeChat's answer to a refund request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundReceipt {
    /// WeChat Pay's refund id.
    pub refund_id: RefundId,
    /// Our refund number.
    pub out_refund_no: OutRefundNo,
    /// WeChat Pay's transaction id of the refunded order.
    pub transaction_id: TransactionId,
    /// The refunded order.
    pub out_trade_no: OutTradeNo,
    /// Usually `PROCESSING` at this point.
    pub status: RefundStatus,
    /// Amounts.
    pub amount: RefundAmount,
}

/// Amounts reported for a refund.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundAmount {
    /// Amount refunded.
    pub refund: Fen,
    /// The order's total.
    pub total: Fen,
}

impl PayClient {
    /// Requests a (full or partial) refund.
    pub async fn refund(&self, request: &RefundRequest) -> Result<RefundReceipt, PayError> {
        if request.refund.value() == 0 || request.refund > request.total {
            return Err(PayError::InvalidRequest(IdError::Amount {
                refund: request.refund.value(),
                total: request.total.value(),
            }));
        }
        let body = RefundRequestBody {
            out_trade_no: &request.out_trade_no,
            out_refund_no: &request.out_refund_no,
            reason: request.reason.as_deref(),
            notify_url: &self.merchant().notify_url,
            amount: RefundRequestAmount {
                refund: request.refund,
                total: request.total,
                currency: Currency::cny(),
            },
        };
        self.send(Method::POST, REFUND_PATH, &body).await
    }
}

/// A decrypted refund resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refund {
    /// Merchant that refunded.
    pub mchid: MchId,
    /// The refunded order.
    pub out_trade_no: OutTradeNo,
    /// WeChat Pay's transaction id of the order.
    pub transaction_id: TransactionId,
    /// Our refund number.
    pub out_refund_no: OutRefundNo,
    /// WeChat Pay's refund id.
    pub refund_id: RefundId,
    /// Outcome.
    pub refund_status: RefundStatus,
    /// When the money reached the payer (only on success).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_time: Option<DateTime<FixedOffset>>,
    /// Amounts.
    pub amount: RefundAmount,
}

/// A verified refund notification.
#[derive(Clone, Debug)]
pub struct RefundNotification {
    /// Notification id (stable across retries).
    pub id: String,
    /// `REFUND.SUCCESS`, `REFUND.ABNORMAL` or `REFUND.CLOSED`.
    pub event_type: EventType,
    /// Serial of the key that verified.
    pub verified_by: PlatformSerial,
    /// The decrypted refund.
    pub refund: Refund,
}

impl NotificationVerifier {
    /// Handles a refund notification through the same verify-and-decrypt path as payments.
    pub fn refund(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: UnixTime,
    ) -> Result<RefundNotification, NotifyError> {
        let opened = self.open(headers, body, now)?;
        if !opened.event_type.is_refund() {
            return Err(NotifyError::UnexpectedEvent(
                opened.event_type.as_str().to_owned(),
            ));
        }
        let refund: Refund = serde_json::from_slice(&opened.plaintext)
            .map_err(|e| NotifyError::Resource(e.to_string()))?;
        Ok(RefundNotification {
            id: opened.id,
            event_type: opened.event_type,
            verified_by: opened.verified_by,
            refund,
        })
    }
}
