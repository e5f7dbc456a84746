//! Bearer tokens: 32 random bytes from the OS, shown once to the client, stored only as a
//! SHA-256 digest so a leaked store does not leak live sessions.

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Prefix that makes a linli token recognisable in logs and secret scanners.
const PREFIX: &str = "lnl_";

/// A bearer token as the client holds it.
#[derive(Clone, PartialEq, Eq)]
pub struct BearerToken(String);

impl BearerToken {
    /// A fresh token from the operating system's CSPRNG.
    pub fn generate() -> BearerToken {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        BearerToken(format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// Accepts what a client sent, if it has a token's shape.
    pub fn parse(text: &str) -> Option<BearerToken> {
        let body = text.strip_prefix(PREFIX)?;
        (body.len() == 43
            && body
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        .then(|| BearerToken(text.to_owned()))
    }

    /// The token text, to hand to the client exactly once.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The digest under which the session is stored.
    pub fn digest(&self) -> [u8; 32] {
        Sha256::digest(self.0.as_bytes()).into()
    }
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerToken(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_tokens_parse_back_and_differ() {
        let a = BearerToken::generate();
        let b = BearerToken::generate();
        assert_ne!(a, b);
        assert_eq!(BearerToken::parse(a.expose()), Some(a.clone()));
        assert_ne!(a.digest(), b.digest());
    }

    #[test]
    fn malformed_tokens_are_refused() {
        for text in [
            "",
            "lnl_",
            "lnl_short",
            "Bearer x",
            "lnl_!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        ] {
            assert!(BearerToken::parse(text).is_none(), "{text}");
        }
    }

    #[test]
    fn debug_output_never_shows_the_token() {
        let token = BearerToken::generate();
        assert!(!format!("{token:?}").contains(&token.expose()[4..]));
    }
}
