//! Mini program login: exchange a `wx.login` code for the user's openid through
//! `code2Session`.
//!
//! The answer also contains the `session_key`, which decrypts the user's encrypted data
//! (phone number etc.). It must never reach a client, so it lives in [`SessionKey`], which
//! cannot be serialised and prints as `<redacted>`.

use std::fmt;

use serde::Deserialize;
use zeroize::Zeroizing;

use crate::config::{HttpConfig, MiniProgramConfig};
use crate::error::Code2SessionError;
use crate::ids::{OpenId, UnionId};

/// Path of the code2Session API.
pub const CODE2SESSION_PATH: &str = "/sns/jscode2session";

/// A one-time login code from `wx.login` (valid 5 minutes, usable once).
#[derive(Clone, PartialEq, Eq)]
pub struct LoginCode(String);

impl LoginCode {
    /// Wraps a code from the mini program.
    pub fn new(code: impl Into<String>) -> Self {
        Self(code.into())
    }

    /// The code as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for LoginCode {
    // A code is a short-lived credential: keep it out of logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LoginCode(<redacted>)")
    }
}

/// The user's session key. Deliberately not `Serialize`, redacted in `Debug`, wiped on drop.
#[derive(Clone)]
pub struct SessionKey(Zeroizing<String>);

impl SessionKey {
    /// The base64 key, for server-side decryption of user data only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SessionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionKey(<redacted>)")
    }
}

/// A successful login. Not `Serialize` either, because it holds the session key: the API
/// layer copies out the openid/unionid it needs.
#[derive(Clone, Debug)]
pub struct Session {
    /// The user's id under this mini program.
    pub openid: OpenId,
    /// The user's id across the open platform account, when the app is bound to one.
    pub unionid: Option<UnionId>,
    /// The session key (server-side only).
    pub session_key: SessionKey,
}

/// The raw answer: success and error fields share one JSON object.
#[derive(Deserialize)]
struct Answer {
    /// The user's openid (success only).
    #[serde(default)]
    openid: Option<String>,
    /// The user's unionid, when the app is bound to an open platform account.
    #[serde(default)]
    unionid: Option<String>,
    /// The session key (success only).
    #[serde(default)]
    session_key: Option<String>,
    /// 0 or absent on success.
    #[serde(default)]
    errcode: Option<i64>,
    /// Explanation of a non-zero `errcode`.
    #[serde(default)]
    errmsg: Option<String>,
}

/// Client for the mini program login API.
#[derive(Clone, Debug)]
pub struct LoginClient {
    /// HTTP client with timeouts.
    http: reqwest::Client,
    /// AppID, secret and base URL.
    config: MiniProgramConfig,
}

impl LoginClient {
    /// Builds a client.
    pub fn new(config: MiniProgramConfig, http: &HttpConfig) -> Result<Self, Code2SessionError> {
        Ok(Self {
            http: http.client()?,
            config,
        })
    }

    /// Exchanges a login code for the user's identity.
    pub async fn code2session(&self, code: &LoginCode) -> Result<Session, Code2SessionError> {
        let url = self.config.base_url.join(CODE2SESSION_PATH);
        let response = self
            .http
            .get(url)
            .query(&[
                ("appid", self.config.appid.as_str()),
                ("secret", self.config.secret.expose()),
                ("js_code", code.as_str()),
                ("grant_type", "authorization_code"),
            ])
            .send()
            .await?;
        let status = response.status();
        if !status.is_success() {
            return Err(Code2SessionError::Http(status.as_u16()));
        }
        // WeChat labels this JSON `text/plain`, so parse the bytes rather than trusting the
        // content type.
        let bytes = response.bytes().await?;
        parse_answer(&bytes)
    }
}

/// Interprets a code2Session answer body.
fn parse_answer(bytes: &[u8]) -> Result<Session, Code2SessionError> {
    let answer: Answer =
        serde_json::from_slice(bytes).map_err(|e| Code2SessionError::Decode(e.to_string()))?;
    if let Some(errcode) = answer.errcode.filter(|code| *code != 0) {
        return Err(Code2SessionError::from_errcode(
            errcode,
            answer.errmsg.unwrap_or_default(),
        ));
    }
    let openid = answer
        .openid
        .filter(|id| !id.is_empty())
        .ok_or_else(|| Code2SessionError::Decode("answer has no openid".to_owned()))?;
    let session_key = answer
        .session_key
        .ok_or_else(|| Code2SessionError::Decode("answer has no session_key".to_owned()))?;
    Ok(Session {
        openid: OpenId::new(openid),
        unionid: answer.unionid.filter(|id| !id.is_empty()).map(UnionId::new),
        session_key: SessionKey(Zeroizing::new(session_key)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errcode_zero_with_openid_is_success() {
        let session = parse_answer(br#"{"errcode":0,"openid":"o1","session_key":"k"}"#).unwrap();
        assert_eq!(session.openid.as_str(), "o1");
        assert!(session.unionid.is_none());
    }

    #[test]
    fn session_key_never_appears_in_debug_output() {
        let session =
            parse_answer(br#"{"openid":"o1","session_key":"SECRETKEY","unionid":"u"}"#).unwrap();
        let printed = format!("{session:?}");
        assert!(!printed.contains("SECRETKEY"));
        assert!(printed.contains("<redacted>"));
    }

    #[test]
    fn answer_without_openid_is_a_decode_error() {
        assert!(matches!(
            parse_answer(br#"{"session_key":"k"}"#),
            Err(Code2SessionError::Decode(_))
        ));
    }

    #[test]
    fn unknown_errcodes_are_kept_verbatim() {
        match parse_answer(br#"{"errcode":40999,"errmsg":"odd"}"#) {
            Err(Code2SessionError::Other { errcode, errmsg }) => {
                assert_eq!(errcode, 40999);
                assert_eq!(errmsg, "odd");
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
