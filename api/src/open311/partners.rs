//! Open311 `api_key`s. Each key belongs to a partner (a county platform, a city app) and maps
//! to a WeChat-style openid: filings with that key run as the resident account of that id,
//! registered on first use, and are routed like any complaint. Keys come from
//! `--open311-api-key KEY=openid` (repeatable) or `LINLI_OPEN311_API_KEYS=KEY=openid,…`.

use std::collections::HashMap;
use std::sync::Arc;

use linli_domain::{OpenId, UserId};

/// The configured keys.
#[derive(Debug, Clone, Default)]
pub struct Partners {
    /// api_key → the partner's account.
    keys: Arc<HashMap<String, OpenId>>,
}

impl Partners {
    /// Parses `KEY=openid` entries.
    pub fn parse(entries: &[String]) -> Result<Partners, String> {
        let mut keys = HashMap::new();
        for entry in entries {
            let (key, openid) = entry
                .split_once('=')
                .ok_or_else(|| format!("--open311-api-key wants KEY=openid, got {entry:?}"))?;
            if key.is_empty() {
                return Err("an Open311 api_key must not be empty".into());
            }
            let openid = OpenId::try_from(openid.to_owned())
                .map_err(|e| format!("Open311 partner openid for {key:?}: {e}"))?;
            keys.insert(key.to_owned(), openid);
        }
        Ok(Partners {
            keys: Arc::new(keys),
        })
    }

    /// The partner's account for a key, if the key is known.
    pub fn openid(&self, api_key: &str) -> Option<&OpenId> {
        self.keys.get(api_key)
    }

    /// The partner's user id for a key, if the key is known.
    pub fn user(&self, api_key: &str) -> Option<UserId> {
        self.openid(api_key).map(UserId::from_openid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_keys_and_refuses_malformed_entries() {
        let partners = Partners::parse(&["k1=county-platform".into()]).unwrap();
        assert!(partners.openid("k1").is_some());
        assert!(partners.openid("k2").is_none());
        assert!(Partners::parse(&["nokey".into()]).is_err());
        assert!(Partners::parse(&["=x".into()]).is_err());
    }
}
