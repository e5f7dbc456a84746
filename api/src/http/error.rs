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
