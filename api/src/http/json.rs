//! A JSON body extractor whose every rejection is in the one error shape: axum's own
//! `Json` answers malformed bodies in plain text.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::json;

use super::error::ApiError;

/// Like `axum::Json`, but a bad body is a 400 (unparseable) or 422 (wrong shape) with the
/// error body every client already handles.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        // Two steps, because serde_json reports some wrong types (a number where an enum
        // string belongs) as syntax errors: first the text must be JSON (else 400), then
        // the value must have the right shape (else 422, naming the field).
        let value = match axum::Json::<serde_json::Value>::from_request(request, state).await {
            Ok(axum::Json(value)) => value,
            Err(rejection) => return Err(rejection_to_error(rejection)),
        };
        serde_path_to_error::deserialize(value)
            .map(ApiJson)
            .map_err(|e| {
                let path = e.path().to_string();
                ApiError {
                    status: StatusCode::UNPROCESSABLE_ENTITY,
                    code: "request.invalid_fields",
                    message: format!("{path}: {}", e.inner()),
                    details: json!({"field": path}),
                }
            })
    }
}

fn rejection_to_error(rejection: JsonRejection) -> ApiError {
    let (status, code) = match &rejection {
        JsonRejection::JsonDataError(_) => {
            (StatusCode::UNPROCESSABLE_ENTITY, "request.invalid_fields")
        }
        JsonRejection::JsonSyntaxError(_) => (StatusCode::BAD_REQUEST, "request.malformed_json"),
        JsonRejection::MissingJsonContentType(_) => (StatusCode::BAD_REQUEST, "request.not_json"),
        JsonRejection::BytesRejection(_) => (StatusCode::PAYLOAD_TOO_LARGE, "request.too_large"),
        _ => (StatusCode::BAD_REQUEST, "request.unreadable"),
    };
    ApiError {
        status,
        code,
        message: rejection.body_text(),
        details: json!(null),
    }
}
