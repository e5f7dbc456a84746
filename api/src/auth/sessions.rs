//! Sessions: token digest → (user, expiry), in the server's sled database but outside the
//! event log. A login is not a domain fact worth auditing forever, and tokens expire.

use chrono::{DateTime, Duration, Utc};
use linli_domain::UserId;
use serde::{Deserialize, Serialize};

use super::token::BearerToken;

/// Tree holding the sessions.
const TREE: &str = "auth.sessions";

/// One signed-in session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Who signed in.
    pub user: UserId,
    /// When the token was issued.
    pub issued_at: DateTime<Utc>,
    /// After this the token is refused with 401 and the client logs in again.
    pub expires_at: DateTime<Utc>,
}

/// Why a token was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// No session has this token.
    Unknown,
    /// The session existed but has expired (and is now removed).
    Expired,
}

/// The session table.
#[derive(Debug, Clone)]
pub struct SessionStore {
    tree: sled::Tree,
    /// How long a new session lasts.
    ttl: Duration,
}

impl SessionStore {
    /// Opens the session tree in the server's database.
    pub fn open(db: &sled::Db, ttl: Duration) -> sled::Result<SessionStore> {
        Ok(SessionStore {
            tree: db.open_tree(TREE)?,
            ttl,
        })
    }

    /// Starts a session for `user` and returns its token (the only time it is visible).
    pub fn issue(&self, user: UserId, now: DateTime<Utc>) -> sled::Result<(BearerToken, Session)> {
        let token = BearerToken::generate();
        let session = Session {
            user,
            issued_at: now,
            expires_at: now + self.ttl,
        };
        let value = serde_json::to_vec(&session).expect("a session always serializes");
        self.tree.insert(token.digest(), value)?;
        Ok((token, session))
    }

    /// The live session behind a token.
    pub fn resolve(
        &self,
        token: &BearerToken,
        now: DateTime<Utc>,
    ) -> sled::Result<Result<Session, Lookup>> {
        let digest = token.digest();
        let Some(bytes) = self.tree.get(digest)? else {
            return Ok(Err(Lookup::Unknown));
        };
        let Ok(session) = serde_json::from_slice::<Session>(&bytes) else {
            return Ok(Err(Lookup::Unknown));
        };
        if session.expires_at <= now {
            self.tree.remove(digest)?;
            return Ok(Err(Lookup::Expired));
        }
        Ok(Ok(session))
    }

    /// Ends a session (logout).
    pub fn revoke(&self, token: &BearerToken) -> sled::Result<()> {
        self.tree.remove(token.digest())?;
        Ok(())
    }

    /// Removes every expired session; returns how many.
    pub fn sweep(&self, now: DateTime<Utc>) -> sled::Result<usize> {
        let mut removed = 0;
        for entry in self.tree.iter() {
            let (key, value) = entry?;
            let expired =
                serde_json::from_slice::<Session>(&value).map_or(true, |s| s.expires_at <= now);
            if expired {
                self.tree.remove(key)?;
                removed += 1;
            }
        }
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(ttl_minutes: i64) -> (tempfile::TempDir, SessionStore) {
        let dir = tempfile::tempdir().unwrap();
        let db = sled::Config::new().path(dir.path()).open().unwrap();
        (
            dir,
            SessionStore::open(&db, Duration::minutes(ttl_minutes)).unwrap(),
        )
    }

    #[test]
    fn an_issued_token_resolves_to_its_user_until_it_expires() {
        let (_dir, store) = store(60);
        let now = Utc::now();
        let user = UserId::from_u128(7);
        let (token, _) = store.issue(user, now).unwrap();
        assert_eq!(store.resolve(&token, now).unwrap().unwrap().user, user);
        assert_eq!(
            store.resolve(&token, now + Duration::minutes(61)).unwrap(),
            Err(Lookup::Expired)
        );
        assert_eq!(
            store.resolve(&token, now).unwrap(),
            Err(Lookup::Unknown),
            "expired sessions are removed"
        );
    }

    #[test]
    fn only_the_digest_is_stored() {
        let (_dir, store) = store(60);
        let (token, _) = store.issue(UserId::from_u128(1), Utc::now()).unwrap();
        for entry in store.tree.iter() {
            let (key, value) = entry.unwrap();
            let raw = token.expose().as_bytes();
            assert!(!key.windows(raw.len()).any(|w| w == raw));
            assert!(!value.windows(raw.len()).any(|w| w == raw));
        }
    }

    #[test]
    fn revoked_and_swept_sessions_are_gone() {
        let (_dir, store) = store(1);
        let now = Utc::now();
        let (a, _) = store.issue(UserId::from_u128(1), now).unwrap();
        let (b, _) = store.issue(UserId::from_u128(2), now).unwrap();
        store.revoke(&a).unwrap();
        assert_eq!(store.resolve(&a, now).unwrap(), Err(Lookup::Unknown));
        assert_eq!(store.sweep(now + Duration::minutes(2)).unwrap(), 1);
        assert_eq!(store.resolve(&b, now).unwrap(), Err(Lookup::Unknown));
    }
}
