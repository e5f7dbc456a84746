//! A path-parameter extractor whose rejections use the one error shape: axum's own `Path`
//! answers `/complaints/not-a-uuid` with a plain-text 400, which no client can parse as an
//! error and which contradicts the OpenAPI document.

use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::error::ApiError;

/// Like `axum::extract::Path`, with a 400 `request.invalid_path` in the error shape.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(ApiPath(value)),
            Err(rejection) => Err(rejection_to_error(rejection)),
        }
    }
}

fn rejection_to_error(rejection: PathRejection) -> ApiError {
    ApiError::bad_request("request.invalid_path", rejection.body_text())
}
