//! Signing: the exact strings WeChat Pay v3 signs, the `Authorization` header, and the
//! `wx.requestPayment` parameters.
//!
//! The string layouts are pure functions so a golden test can pin them byte for byte: a
//! stray or missing `\n` would make every request fail with `SIGN_ERROR` in production.

use serde::Serialize;

use crate::config::MerchantConfig;
use crate::error::SignError;
use crate::ids::{AppId, MchId, MerchantSerial, Nonce, PrepayId, UnixTime};
use crate::keys::PrivateKey;

/// The authorization scheme of WeChat Pay v3.
pub const AUTH_SCHEME: &str = "WECHATPAY2-SHA256-RSA2048";

/// The string signed for a request: `METHOD\nPATH_AND_QUERY\nTIMESTAMP\nNONCE\nBODY\n`.
/// `BODY` is empty for GET, but its trailing newline is still there.
pub fn request_message(
    method: &str,
    path_and_query: &str,
    timestamp: UnixTime,
    nonce: &Nonce,
    body: &[u8],
) -> Vec<u8> {
    let mut message = format!(
        "{method}\n{path_and_query}\n{}\n{}\n",
        timestamp.secs(),
        nonce.as_str()
    )
    .into_bytes();
    message.extend_from_slice(body);
    message.push(b'\n');
    message
}

/// The string WeChat Pay signs in responses and notifications: `TIMESTAMP\nNONCE\nBODY\n`.
/// Timestamp and nonce are taken verbatim from the headers: re-formatting them could turn
/// a valid signature into a mismatch.
pub fn response_message(timestamp: &str, nonce: &str, body: &[u8]) -> Vec<u8> {
    let mut message = format!("{timestamp}\n{nonce}\n").into_bytes();
    message.extend_from_slice(body);
    message.push(b'\n');
    message
}

/// The string signed for `paySign`: `appId\ntimeStamp\nnonceStr\npackage\n`.
pub fn pay_sign_message(
    appid: &AppId,
    timestamp: UnixTime,
    nonce: &Nonce,
    package: &str,
) -> Vec<u8> {
    format!(
        "{}\n{}\n{}\n{package}\n",
        appid.as_str(),
        timestamp.secs(),
        nonce.as_str()
    )
    .into_bytes()
}

/// The parts of a request signature, in the order they appear in the header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authorization {
    /// The merchant number that signed.
    pub mchid: MchId,
    /// The request nonce.
    pub nonce: Nonce,
    /// Base64 SHA256withRSA signature over [`request_message`].
    pub signature: String,
    /// Seconds since the epoch when the request was signed.
    pub timestamp: UnixTime,
    /// Serial of the merchant certificate whose key signed.
    pub serial: MerchantSerial,
}

impl Authorization {
    /// Signs a request. The arguments are the header's fields plus the signed request
    /// parts, one to one; [`Self::sign_for`] is the short form for a configured merchant.
    #[allow(clippy::too_many_arguments)]
    pub fn sign(
        mchid: &MchId,
        serial: &MerchantSerial,
        key: &PrivateKey,
        method: &str,
        path_and_query: &str,
        timestamp: UnixTime,
        nonce: &Nonce,
        body: &[u8],
    ) -> Result<Self, SignError> {
        let message = request_message(method, path_and_query, timestamp, nonce, body);
        Ok(Self {
            mchid: mchid.clone(),
            nonce: nonce.clone(),
            signature: key.sign_base64(&message)?,
            timestamp,
            serial: serial.clone(),
        })
    }

    /// Signs a request with a merchant's identity and key.
    pub fn sign_for(
        merchant: &MerchantConfig,
        method: &str,
        path_and_query: &str,
        timestamp: UnixTime,
        nonce: &Nonce,
        body: &[u8],
    ) -> Result<Self, SignError> {
        Self::sign(
            &merchant.mchid,
            &merchant.serial,
            &merchant.private_key,
            method,
            path_and_query,
            timestamp,
            nonce,
            body,
        )
    }

    /// The `Authorization` header value.
    pub fn header_value(&self) -> String {
        format!(
            "{AUTH_SCHEME} mchid=\"{}\",nonce_str=\"{}\",signature=\"{}\",timestamp=\"{}\",serial_no=\"{}\"",
            self.mchid.as_str(),
            self.nonce.as_str(),
            self.signature,
            self.timestamp.secs(),
            self.serial.as_str()
        )
    }

    /// Parses a header value back (the fake server does this to check our requests, as
    /// WeChat does). Accepts the parameters in any order.
    pub fn parse(header: &str) -> Option<Self> {
        let params = header.strip_prefix(AUTH_SCHEME)?.strip_prefix(' ')?;
        let mut mchid = None;
        let mut nonce = None;
        let mut signature = None;
        let mut timestamp = None;
        let mut serial = None;
        for part in params.split(',') {
            let (name, value) = part.trim().split_once('=')?;
            let value = value.strip_prefix('"')?.strip_suffix('"')?;
            let slot = match name {
                "mchid" => &mut mchid,
                "nonce_str" => &mut nonce,
                "signature" => &mut signature,
                "timestamp" => &mut timestamp,
                "serial_no" => &mut serial,
                _ => return None,
            };
            if slot.replace(value.to_owned()).is_some() {
                return None;
            }
        }
        Some(Self {
            mchid: MchId::new(mchid?),
            nonce: Nonce::parse(nonce?).ok()?,
            signature: signature?,
            timestamp: UnixTime::from_secs(timestamp?.parse().ok()?),
            serial: MerchantSerial::new(serial?),
        })
    }

    /// The message this authorization claims to sign, for a given request.
    pub fn message(&self, method: &str, path_and_query: &str, body: &[u8]) -> Vec<u8> {
        request_message(method, path_and_query, self.timestamp, &self.nonce, body)
    }
}

/// The object handed to `wx.requestPayment` in the mini program. It carries no secret: the
/// signature is bound to this prepay id and nonce only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequestPayment {
    /// The AppID the order was placed for.
    #[serde(rename = "appId")]
    pub app_id: AppId,
    /// Seconds since the epoch, as a string (WeChat insists).
    #[serde(rename = "timeStamp")]
    pub time_stamp: String,
    /// Random string.
    #[serde(rename = "nonceStr")]
    pub nonce_str: String,
    /// `prepay_id=…`.
    pub package: String,
    /// Always `RSA` for API v3.
    #[serde(rename = "signType")]
    pub sign_type: &'static str,
    /// Base64 SHA256withRSA over [`pay_sign_message`].
    #[serde(rename = "paySign")]
    pub pay_sign: String,
}

impl RequestPayment {
    /// Signs the `wx.requestPayment` parameters for a prepay id. `now` and `nonce` are
    /// arguments so the result is reproducible in tests.
    pub fn sign(
        merchant: &MerchantConfig,
        prepay_id: &PrepayId,
        now: UnixTime,
        nonce: &Nonce,
    ) -> Result<Self, SignError> {
        let package = format!("prepay_id={}", prepay_id.as_str());
        let message = pay_sign_message(&merchant.appid, now, nonce, &package);
        Ok(Self {
            app_id: merchant.appid.clone(),
            time_stamp: now.secs().to_string(),
            nonce_str: nonce.as_str().to_owned(),
            package,
            sign_type: "RSA",
            pay_sign: merchant.private_key.sign_base64(&message)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_message_keeps_trailing_newline_for_empty_body() {
        let nonce = Nonce::parse("N1").unwrap();
        let message = request_message(
            "GET",
            "/v3/certificates",
            UnixTime::from_secs(1),
            &nonce,
            b"",
        );
        assert_eq!(message, b"GET\n/v3/certificates\n1\nN1\n\n");
    }

    #[test]
    fn authorization_parse_rejects_other_schemes_and_duplicates() {
        assert!(Authorization::parse("Bearer abc").is_none());
        let dup = format!(
            "{AUTH_SCHEME} mchid=\"1\",mchid=\"2\",nonce_str=\"N\",signature=\"s\",timestamp=\"1\",serial_no=\"S\""
        );
        assert!(Authorization::parse(&dup).is_none());
    }
}
