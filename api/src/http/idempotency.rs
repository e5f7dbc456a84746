//! `Idempotency-Key`: a retried command returns the first result instead of acting twice.
//!
//! The key a client sends is scoped to the signed-in user (two residents may pick the same
//! key) and, for multi-step commands, to the step. The engine finds an earlier command with
//! the same key in the stream's history and answers with its outcome.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use linli_domain::{Actor, UserId};
use linli_engine::CommandMeta;
use uuid::Uuid;

use super::error::ApiError;

/// Header name.
pub const HEADER: &str = "idempotency-key";

/// The client's key, if it sent one. Keys are 1–128 printable ASCII characters.
#[derive(Debug, Clone, Default)]
pub struct IdempotencyKey(Option<String>);

/// Namespace for ids derived from idempotency keys.
const ID_NAMESPACE: Uuid = Uuid::from_u128(0x6c696e6c_6900_4b65_7900_000000000001);

impl IdempotencyKey {
    /// The key scoped to a user and a step, as stored in event metadata.
    pub fn scoped(&self, user: UserId, step: &str) -> Option<String> {
        self.0.as_ref().map(|key| format!("{user}:{step}:{key}"))
    }

    /// Command metadata for `actor`, carrying the scoped key.
    pub fn meta(&self, actor: &Actor, user: UserId, step: &str) -> CommandMeta {
        let meta = CommandMeta::by(actor).with_correlation_id(Uuid::new_v4());
        match self.scoped(user, step) {
            Some(key) => meta.with_idempotency_key(key),
            None => meta,
        }
    }

    /// An id for a new aggregate: derived from the key when there is one, so a retried
    /// creation addresses the same stream; random otherwise.
    pub fn new_id(&self, user: UserId, kind: &str) -> Uuid {
        match self.scoped(user, kind) {
            Some(key) => Uuid::new_v5(&ID_NAMESPACE, key.as_bytes()),
            None => Uuid::new_v4(),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get(HEADER) else {
            return Ok(IdempotencyKey(None));
        };
        let text = value
            .to_str()
            .ok()
            .filter(|t| !t.is_empty() && t.len() <= 128 && t.bytes().all(|b| b.is_ascii_graphic()))
            .ok_or_else(|| {
                ApiError::bad_request(
                    "request.invalid_idempotency_key",
                    "Idempotency-Key must be 1–128 printable ASCII characters",
                )
            })?;
        Ok(IdempotencyKey(Some(text.to_owned())))
    }
}

/// How a command's answer names its replay status: `fresh` (written now), `duplicate` (a
/// retried Idempotency-Key; the first result) or `unchanged` (accepted, nothing to record).
pub fn replay_label(replay: linli_engine::Replay) -> &'static str {
    match replay {
        linli_engine::Replay::Fresh => "fresh",
        linli_engine::Replay::Duplicate => "duplicate",
        linli_engine::Replay::Unchanged => "unchanged",
    }
}
