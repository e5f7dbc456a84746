//! The one error shape: `{"error": {"code", "message", "details"}}`, with the status chosen
//! here and only here. A 500 never carries internals: they go to the log instead.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// An error on its way to the client.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable machine-readable code such as `complaint.not_found`.
    pub code: &'static str,
    /// Human-readable explanation, safe to show.
    pub message: String,
    /// Structured extra information (which field, which version), or null.
    pub details: Value,
}

impl ApiError {
    /// A 404 for an unknown route or resource.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            message: message.into(),
            details: Value::Null,
        }
    }

    /// A 400 with a specific code.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code,
            message: message.into(),
            details: Value::Null,
        }
    }

    /// A 403.
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::FORBIDDEN,
            code: "auth.forbidden",
            message: message.into(),
            details: Value::Null,
        }
    }

    /// A 422: the request is well-formed but a value is not acceptable.
    pub fn invalid(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code,
            message: message.into(),
            details: Value::Null,
        }
    }

    /// A 503: a feature this server was not configured for.
    pub fn unavailable(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            code: "service.unavailable",
            message: message.into(),
            details: Value::Null,
        }
    }

    /// Maps a failed code2Session exchange. The client sees whether to retry; WeChat's raw
    /// answer and our credentials stay in the server log.
    pub fn from_code2session(e: linli_wechat::Code2SessionError) -> ApiError {
        use linli_wechat::Code2SessionError as E;
        let (status, code, message) = match &e {
            E::InvalidCode | E::CodeUsed => (
                StatusCode::UNAUTHORIZED,
                "auth.invalid_code",
                "the login code was not accepted; call wx.login again",
            ),
            E::RiskyUser => (
                StatusCode::FORBIDDEN,
                "auth.blocked",
                "WeChat blocked this sign-in",
            ),
            E::RateLimited => (
                StatusCode::TOO_MANY_REQUESTS,
                "auth.rate_limited",
                "too many sign-ins right now; try again shortly",
            ),
            _ => {
                tracing::error!(error = %e, "code2Session failed");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "auth.wechat_unavailable",
                    "WeChat sign-in is unavailable right now; try again shortly",
                )
            }
        };
        ApiError {
            status,
            code,
            message: message.into(),
            details: Value::Null,
        }
    }

    /// A 500 whose cause is logged, never sent.
    pub fn internal(cause: &dyn std::fmt::Display) -> ApiError {
        tracing::error!(%cause, "internal error");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal",
            message: "something went wrong on our side; please try again".into(),
            details: Value::Null,
        }
    }
}

impl From<linli_vault::VaultError> for ApiError {
    fn from(e: linli_vault::VaultError) -> ApiError {
        match e {
            linli_vault::VaultError::Forgotten(_) => ApiError {
                status: StatusCode::CONFLICT,
                code: "personal_data.forgotten",
                message:
                    "this resident was forgotten; their personal data cannot be recorded again"
                        .into(),
                details: Value::Null,
            },
            other => ApiError::internal(&other),
        }
    }
}

impl From<crate::privacy::forget::ForgetError> for ApiError {
    fn from(e: crate::privacy::forget::ForgetError) -> ApiError {
        match e {
            crate::privacy::forget::ForgetError::Engine(e) => ApiError::from(e),
            crate::privacy::forget::ForgetError::Key(e) => ApiError::internal(&e),
        }
    }
}

impl From<crate::auth::AuthError> for ApiError {
    fn from(e: crate::auth::AuthError) -> ApiError {
        use crate::auth::AuthError;
        let (status, code) = match &e {
            AuthError::MissingToken => (StatusCode::UNAUTHORIZED, "auth.missing_token"),
            AuthError::InvalidToken => (StatusCode::UNAUTHORIZED, "auth.invalid_token"),
            AuthError::Expired => (StatusCode::UNAUTHORIZED, "auth.expired"),
            AuthError::Forbidden(_) => (StatusCode::FORBIDDEN, "auth.forbidden"),
        };
        ApiError {
            status,
            code,
            message: e.to_string(),
            details: Value::Null,
        }
    }
}

impl From<linli_domain::DomainError> for ApiError {
    fn from(e: linli_domain::DomainError) -> ApiError {
        use linli_domain::ErrorKind;
        let status = match e.kind() {
            ErrorKind::NotFound => StatusCode::NOT_FOUND,
            ErrorKind::Forbidden => StatusCode::FORBIDDEN,
            ErrorKind::Conflict => StatusCode::CONFLICT,
            ErrorKind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
        };
        ApiError {
            status,
            code: e.code(),
            message: e.to_string(),
            details: Value::Null,
        }
    }
}

impl<E> From<linli_engine::EngineError<E>> for ApiError
where
    E: Into<linli_domain::DomainError> + std::fmt::Display,
{
    fn from(e: linli_engine::EngineError<E>) -> ApiError {
        match e {
            linli_engine::EngineError::Rejected(rejection) => ApiError::from(rejection.into()),
            linli_engine::EngineError::Contended { .. } => ApiError {
                status: StatusCode::CONFLICT,
                code: "request.contended",
                message: "this item is being changed by others right now; please try again".into(),
                details: Value::Null,
            },
            linli_engine::EngineError::IdempotencyKeyReused { .. } => ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "request.idempotency_key_reused",
                message:
                    "this Idempotency-Key was already used for a different request; use a fresh key"
                        .into(),
                details: Value::Null,
            },
            other => ApiError::internal(&other),
        }
    }
}

impl From<linli_projections::ProjectionError> for ApiError {
    fn from(e: linli_projections::ProjectionError) -> ApiError {
        use linli_projections::ProjectionError as P;
        match e {
            P::InvalidQuery(message) => ApiError::bad_request("request.invalid_query", message),
            P::Timeout { .. } => ApiError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                code: "read_model.lagging",
                message: "the read models are catching up; try again in a moment".into(),
                details: Value::Null,
            },
            P::UnknownProjection(id) => ApiError {
                status: StatusCode::NOT_FOUND,
                code: "projection.unknown",
                message: format!("no read model is called {id:?}"),
                details: Value::Null,
            },
            P::RebuildInProgress(id) => ApiError {
                status: StatusCode::CONFLICT,
                code: "projection.rebuild_in_progress",
                message: format!("a rebuild of {id} is already running"),
                details: Value::Null,
            },
            other => ApiError::internal(&other),
        }
    }
}

impl From<linli_engine::LoadError> for ApiError {
    fn from(e: linli_engine::LoadError) -> ApiError {
        ApiError::internal(&e)
    }
}

impl From<linli_wechat::PayError> for ApiError {
    /// WeChat Pay refused or could not be reached when placing an order or a refund: the
    /// client may retry; the details stay in the server log.
    fn from(e: linli_wechat::PayError) -> ApiError {
        tracing::error!(error = %e, "WeChat Pay request failed");
        let status = if e.is_retryable() {
            StatusCode::SERVICE_UNAVAILABLE
        } else {
            StatusCode::BAD_GATEWAY
        };
        ApiError {
            status,
            code: "pay.unavailable",
            message: "WeChat Pay could not take the order right now; please try again".into(),
            details: Value::Null,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body =
            json!({"error": {"code": self.code, "message": self.message, "details": self.details}});
        (self.status, Json(body)).into_response()
    }
}

/// Fallback for unknown routes, in the one error shape.
pub async fn not_found() -> ApiError {
    ApiError::not_found("no such route")
}

/// A known route called with a method it does not offer, in the one error shape (axum
/// keeps the `Allow` header).
pub async fn method_not_allowed() -> ApiError {
    ApiError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        code: "method_not_allowed",
        message: "this route does not offer that method".into(),
        details: Value::Null,
    }
}
