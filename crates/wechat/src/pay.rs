//! WeChat Pay v3 client: signed requests, JSAPI order placement, error mapping and response
//! signature checks. Refunds are in [`crate::refund`] on the same client.

use std::time::SystemTime;

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::config::{BaseUrl, HttpConfig, MerchantConfig};
use crate::error::{IdError, PayError, PayErrorCode};
use crate::ids::{AppId, Currency, Fen, MchId, Nonce, OpenId, OutTradeNo, PrepayId, UnixTime};
use crate::sign::Authorization;
use crate::verify::{has_signature, PlatformVerifiers};

/// Path of JSAPI (mini program) order placement.
pub const JSAPI_PATH: &str = "/v3/pay/transactions/jsapi";

/// A mini program order to place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsapiOrder {
    /// What is bought, shown to the payer (1–127 characters).
    pub description: String,
    /// Our order number; WeChat treats repeats idempotently.
    pub out_trade_no: OutTradeNo,
    /// Order total; must be at least 1 fen.
    pub total: Fen,
    /// The payer's openid under the merchant's AppID.
    pub payer: OpenId,
}

impl JsapiOrder {
    fn validate(&self) -> Result<(), IdError> {
        let len = self.description.chars().count();
        if !(1..=127).contains(&len) {
            return Err(IdError::Description);
        }
        if self.total.value() == 0 {
            return Err(IdError::Amount {
                refund: 0,
                total: 0,
            });
        }
        Ok(())
    }
}

/// Body of a JSAPI order request, field for field as WeChat documents it.
#[derive(Clone, Debug, Serialize)]
pub struct JsapiRequestBody<'a> {
    /// AppID.
    pub appid: &'a AppId,
    /// Merchant number.
    pub mchid: &'a MchId,
    /// Order description.
    pub description: &'a str,
    /// Our order number.
    pub out_trade_no: &'a OutTradeNo,
    /// Where the payment notification goes.
    pub notify_url: &'a str,
    /// Amount.
    pub amount: OrderAmount,
    /// Payer.
    pub payer: PayerRef<'a>,
}

/// Order amount of a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderAmount {
    /// Total in fen.
    pub total: Fen,
    /// Always CNY.
    pub currency: Currency,
}

/// The payer of an order request.
#[derive(Clone, Debug, Serialize)]
pub struct PayerRef<'a> {
    /// Payer's openid.
    pub openid: &'a OpenId,
}

#[derive(Deserialize)]
struct PrepayAnswer {
    /// The prepay id for `wx.requestPayment`.
    prepay_id: PrepayId,
}

/// WeChat Pay's error body.
#[derive(Deserialize)]
struct ErrorAnswer {
    /// Machine-readable code, e.g. `PARAM_ERROR`.
    code: String,
    /// Human-readable explanation.
    #[serde(default)]
    message: String,
}

/// A WeChat Pay v3 client for one merchant.
#[derive(Clone, Debug)]
pub struct PayClient {
    /// HTTP client with timeouts.
    http: reqwest::Client,
    /// Base URL, normally [`crate::config::WECHAT_PAY_BASE`].
    base: BaseUrl,
    /// The merchant's identity and keys.
    merchant: MerchantConfig,
    /// Keys accepted on response signatures.
    verifiers: PlatformVerifiers,
}

impl PayClient {
    /// Builds a client.
    pub fn new(
        merchant: MerchantConfig,
        verifiers: PlatformVerifiers,
        base: BaseUrl,
        http: &HttpConfig,
    ) -> Result<Self, PayError> {
        Ok(Self {
            http: http.client()?,
            base,
            merchant,
            verifiers,
        })
    }

    /// The merchant this client acts for.
    pub fn merchant(&self) -> &MerchantConfig {
        &self.merchant
    }

    /// Places a JSAPI order and returns its prepay id.
    pub async fn place_jsapi_order(&self, order: &JsapiOrder) -> Result<PrepayId, PayError> {
        order.validate()?;
        let body = JsapiRequestBody {
            appid: &self.merchant.appid,
            mchid: &self.merchant.mchid,
            description: &order.description,
            out_trade_no: &order.out_trade_no,
            notify_url: &self.merchant.notify_url,
            amount: OrderAmount {
                total: order.total,
                currency: Currency::cny(),
            },
            payer: PayerRef {
                openid: &order.payer,
            },
        };
        let answer: PrepayAnswer = self.send(Method::POST, JSAPI_PATH, &body).await?;
        Ok(answer.prepay_id)
    }

    /// Signs and sends a JSON request, maps `{code, message}` errors, verifies the answer's
    /// signature when present, and decodes the 2xx body.
    pub(crate) async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: &impl Serialize,
    ) -> Result<T, PayError> {
        let url = self.base.join(path);
        // Signing covers the exact bytes sent, so serialise once and send those bytes.
        let body = serde_json::to_vec(body).map_err(|e| PayError::Decode(e.to_string()))?;
        let path_and_query = match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        };
        // The request clock is read here, at the edge; everything below is pure.
        let now = UnixTime::from_system(SystemTime::now());
        let authorization = Authorization::sign_for(
            &self.merchant,
            method.as_str(),
            &path_and_query,
            now,
            &Nonce::random(),
            &body,
        )?;
        let response = self
            .http
            .request(method, url)
            .header(AUTHORIZATION, authorization.header_value())
            .header(ACCEPT, "application/json")
            .header(CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await?;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await?;

        if !status.is_success() {
            let (code, message) = match serde_json::from_slice::<ErrorAnswer>(&bytes) {
                Ok(answer) => (PayErrorCode::from_code(&answer.code), answer.message),
                Err(_) => (
                    PayErrorCode::Other(String::new()),
                    String::from_utf8_lossy(&bytes).chars().take(256).collect(),
                ),
            };
            return Err(PayError::Api {
                status: status.as_u16(),
                code,
                message,
            });
        }
        // WeChat signs every answer; a proxy or an attacker in the path might strip the
        // headers, but can never forge them. Verify whenever they are there.
        if has_signature(&headers) {
            let now = UnixTime::from_system(SystemTime::now());
            self.verifiers.verify(&headers, &bytes, now)?;
        }
        serde_json::from_slice(&bytes).map_err(|e| PayError::Decode(e.to_string()))
    }
}
