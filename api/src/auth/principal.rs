//! Who is calling: resolved from the bearer token on every request.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use linli_domain::user::{User, UserRecord};
use linli_domain::{Actor, Role, StreamName, UserId};

use super::sessions::Lookup;
use super::token::BearerToken;
use crate::http::AppState;

/// A signed-in user with their current roles.
#[derive(Debug, Clone)]
pub struct Principal {
    /// The user's id.
    pub user: UserId,
    /// The user as folded from their stream: profile and role grants with scopes.
    pub record: UserRecord,
}

/// Why a request is not allowed; mapped to 401/403 in `http::error`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// No `Authorization: Bearer` header.
    #[error("sign in first: no bearer token was sent")]
    MissingToken,
    /// The token is malformed or unknown.
    #[error("the bearer token is not valid; sign in again")]
    InvalidToken,
    /// The token has expired.
    #[error("the session has expired; sign in again")]
    Expired,
    /// Signed in, but not allowed to do this.
    #[error("not allowed: {0}")]
    Forbidden(String),
}

impl Principal {
    /// Whether the user holds `role` (everyone is a resident).
    pub fn has(&self, role: Role) -> bool {
        self.record.may_act_as(role)
    }

    /// The actor for a command that one of `roles` may issue, the first role held winning.
    /// Auditors read everything and write nothing: any command by an auditor is refused.
    pub fn act_as(&self, roles: &[Role]) -> Result<Actor, AuthError> {
        if self.record.roles.contains_key(&Role::Auditor) {
            return Err(AuthError::Forbidden("auditors read and never write".into()));
        }
        roles
            .iter()
            .find(|role| self.has(**role))
            .map(|role| Actor::User {
                user: self.user,
                role: *role,
            })
            .ok_or_else(|| {
                AuthError::Forbidden(format!(
                    "this needs one of the roles {}",
                    roles
                        .iter()
                        .map(|r| format!("{r:?}").to_lowercase())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })
    }
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = crate::http::error::ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .ok_or(AuthError::MissingToken)?
            .to_str()
            .map_err(|_| AuthError::InvalidToken)?;
        let text = header
            .strip_prefix("Bearer ")
            .or_else(|| header.strip_prefix("bearer "))
            .ok_or(AuthError::InvalidToken)?;
        let token = BearerToken::parse(text.trim()).ok_or(AuthError::InvalidToken)?;
        resolve(state, &token).await
    }
}

/// A principal for server-sent-event routes: browsers' `EventSource` cannot send headers,
/// so these routes (and only these) also accept `?access_token=`.
#[derive(Debug, Clone)]
pub struct StreamPrincipal(pub Principal);

impl FromRequestParts<AppState> for StreamPrincipal {
    type Rejection = crate::http::error::ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if parts.headers.contains_key(AUTHORIZATION) {
            return Principal::from_request_parts(parts, state)
                .await
                .map(StreamPrincipal);
        }
        let query = parts.uri.query().unwrap_or("");
        let token = serde_urlencoded::from_str::<Vec<(String, String)>>(query)
            .unwrap_or_default()
            .into_iter()
            .find(|(name, _)| name == "access_token")
            .map(|(_, value)| value)
            .ok_or(AuthError::MissingToken)?;
        let token = BearerToken::parse(&token).ok_or(AuthError::InvalidToken)?;
        resolve(state, &token).await.map(StreamPrincipal)
    }
}

/// The live session behind a token, and the user's current roles.
async fn resolve(
    state: &AppState,
    token: &BearerToken,
) -> Result<Principal, crate::http::error::ApiError> {
    let session = match state.sessions.resolve(token, state.clock.now()) {
        Ok(Ok(session)) => session,
        Ok(Err(Lookup::Unknown)) => return Err(AuthError::InvalidToken.into()),
        Ok(Err(Lookup::Expired)) => return Err(AuthError::Expired.into()),
        Err(e) => return Err(crate::http::error::ApiError::internal(&e)),
    };
    let loaded = state
        .engine
        .load::<User>(StreamName::User(session.user))
        .map_err(|e| crate::http::error::ApiError::internal(&e))?;
    let record = loaded.state.ok_or(AuthError::InvalidToken)?;
    Ok(Principal {
        user: session.user,
        record,
    })
}
