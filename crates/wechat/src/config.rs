//! Configuration: base URLs, app credentials, merchant credentials and HTTP timeouts.
//!
//! Secrets (app secret, APIv3 key, private key) have redacted `Debug` and are wiped on drop,
//! so a config can be logged with `{:?}` without leaking them.

use std::fmt;
use std::time::Duration;

use reqwest::Url;
use zeroize::Zeroizing;

use crate::error::{IdError, KeyError};
use crate::ids::{AppId, MchId, MerchantSerial};
use crate::keys::PrivateKey;

/// Production base URL of the mini program server API (code2Session).
pub const WECHAT_API_BASE: &str = "https://api.weixin.qq.com";
/// Production base URL of WeChat Pay API v3.
pub const WECHAT_PAY_BASE: &str = "https://api.mch.weixin.qq.com";

/// An absolute http(s) base URL without trailing slash. Configurable everywhere so tests
/// (and a sandbox proxy) can point the clients at a loopback server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl(Url);

impl BaseUrl {
    /// Parses and validates a base URL such as `https://api.mch.weixin.qq.com`.
    pub fn parse(value: &str) -> Result<Self, IdError> {
        let trimmed = value.trim_end_matches('/');
        let url = Url::parse(trimmed).map_err(|_| IdError::BaseUrl(value.to_owned()))?;
        if !matches!(url.scheme(), "http" | "https")
            || url.cannot_be_a_base()
            || url.query().is_some()
        {
            return Err(IdError::BaseUrl(value.to_owned()));
        }
        Ok(Self(url))
    }

    /// The base URL joined with an absolute API path such as `/v3/pay/transactions/jsapi`.
    pub(crate) fn join(&self, path: &str) -> Url {
        let mut url = self.0.clone();
        let base_path = url.path().trim_end_matches('/').to_owned();
        url.set_path(&format!("{base_path}{path}"));
        url
    }

    /// The URL as text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// A mini program's AppSecret. Only code2Session needs it.
#[derive(Clone)]
pub struct AppSecret(Zeroizing<String>);

impl AppSecret {
    /// Wraps the secret from configuration.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(Zeroizing::new(secret.into()))
    }

    /// The secret, for the one place that sends it.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AppSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AppSecret(<redacted>)")
    }
}

/// The merchant's APIv3 key: 32 bytes, used as the AES-256-GCM key for notification
/// resources.
#[derive(Clone)]
pub struct ApiV3Key(Zeroizing<[u8; 32]>);

impl ApiV3Key {
    /// Wraps exactly 32 bytes (the console shows it as 32 ASCII characters).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
        let array: [u8; 32] = bytes
            .try_into()
            .map_err(|_| KeyError::ApiV3KeyLength { len: bytes.len() })?;
        Ok(Self(Zeroizing::new(array)))
    }

    /// The raw key bytes, for the AEAD module only.
    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for ApiV3Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiV3Key(<redacted>)")
    }
}

/// Everything code2Session needs.
#[derive(Clone, Debug)]
pub struct MiniProgramConfig {
    /// The mini program's AppID.
    pub appid: AppId,
    /// The mini program's AppSecret.
    pub secret: AppSecret,
    /// Base URL of the server API, normally [`WECHAT_API_BASE`].
    pub base_url: BaseUrl,
}

/// A WeChat Pay merchant's identity and keys.
#[derive(Clone, Debug)]
pub struct MerchantConfig {
    /// Merchant number (商户号).
    pub mchid: MchId,
    /// The AppID orders are placed for (the mini program's).
    pub appid: AppId,
    /// Serial number of the merchant API certificate whose key is `private_key`.
    pub serial: MerchantSerial,
    /// The merchant API private key (`apiclient_key.pem`).
    pub private_key: PrivateKey,
    /// The APIv3 key that encrypts notification resources.
    pub api_v3_key: ApiV3Key,
    /// Where WeChat Pay posts payment and refund notifications (must be https in
    /// production; WeChat refuses URLs with query strings).
    pub notify_url: String,
}

/// Timeouts for the outgoing HTTP client. WeChat answers in well under a second when
/// healthy; a stuck request must not hold a resident's order page open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HttpConfig {
    /// Time allowed to establish the TCP+TLS connection.
    pub connect_timeout: Duration,
    /// Time allowed for the whole request, from sending to the last byte of the answer.
    pub request_timeout: Duration,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(10),
        }
    }
}

impl HttpConfig {
    /// Builds a reqwest client (rustls, no OpenSSL) with these timeouts.
    pub fn client(&self) -> Result<reqwest::Client, reqwest::Error> {
        reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.request_timeout)
            .user_agent(concat!("linli-wechat/", env!("CARGO_PKG_VERSION")))
            .build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_joins_paths_with_and_without_prefix() {
        let base = BaseUrl::parse("http://127.0.0.1:8080/").unwrap();
        assert_eq!(
            base.join("/v3/pay/transactions/jsapi").as_str(),
            "http://127.0.0.1:8080/v3/pay/transactions/jsapi"
        );
        let prefixed = BaseUrl::parse("http://127.0.0.1:8080/wx").unwrap();
        assert_eq!(
            prefixed.join("/sns/jscode2session").as_str(),
            "http://127.0.0.1:8080/wx/sns/jscode2session"
        );
    }

    #[test]
    fn base_url_rejects_non_http_schemes_and_queries() {
        assert!(BaseUrl::parse("ftp://example.com").is_err());
        assert!(BaseUrl::parse("not a url").is_err());
        assert!(BaseUrl::parse("https://example.com/?a=b").is_err());
    }

    #[test]
    fn api_v3_key_must_be_thirty_two_bytes() {
        assert!(ApiV3Key::from_bytes(&[0u8; 32]).is_ok());
        assert!(matches!(
            ApiV3Key::from_bytes(&[0u8; 31]),
            Err(KeyError::ApiV3KeyLength { len: 31 })
        ));
    }

    #[test]
    fn secrets_are_redacted_in_debug_output() {
        let secret = AppSecret::new("topsecret");
        let key = ApiV3Key::from_bytes(b"0123456789abcdef0123456789abcdef").unwrap();
        assert!(!format!("{secret:?}").contains("topsecret"));
        assert!(!format!("{key:?}").contains("0123"));
    }
}
