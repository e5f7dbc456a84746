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
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(rejection_to_error(rejection)),
        }
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
