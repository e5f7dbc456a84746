//! Request body limits that answer in the one error shape and let the client read the
//! answer.
//!
//! A server that rejects an oversized body and closes the connection with the body still
//! unread makes the kernel reset the connection, which can destroy the 413 before the client
//! reads it: the mini program would see "network error" instead of "too large". So a body
//! whose declared length is over the limit is read and discarded, up to a bound, before the
//! 413 is sent. Bodies without a declared length are cut at the limit by axum's
//! `DefaultBodyLimit`, which the extractors already answer with 413 `request.too_large`.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::header::CONTENT_LENGTH;
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use http_body_util::BodyExt;

use super::error::ApiError;

/// Most bytes read and discarded from an oversized body before answering.
const DRAIN_CAP: usize = 1024 * 1024;
/// Longest time spent draining.
const DRAIN_TIME: Duration = Duration::from_secs(2);

/// Applies a body limit of `limit` bytes to every route of `router`.
pub fn limited<S: Clone + Send + Sync + 'static>(router: Router<S>, limit: usize) -> Router<S> {
    router
        .layer(DefaultBodyLimit::max(limit))
        .layer(middleware::from_fn(move |request: Request, next: Next| {
            check(request, next, limit)
        }))
}

async fn check(request: Request, next: Next, limit: usize) -> Response {
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(length) if length > limit as u64 => {
            if length <= DRAIN_CAP as u64 {
                drain(request.into_body()).await;
            }
            too_large(limit)
        }
        _ => next.run(request).await,
    }
}

async fn drain(mut body: Body) {
    let _ = tokio::time::timeout(DRAIN_TIME, async {
        let mut read = 0usize;
        while let Some(Ok(frame)) = body.frame().await {
            read += frame.data_ref().map_or(0, |d| d.len());
            if read > DRAIN_CAP {
                break;
            }
        }
    })
    .await;
}

fn too_large(limit: usize) -> Response {
    ApiError {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        code: "request.too_large",
        message: format!("the request body is larger than {limit} bytes"),
        details: serde_json::Value::Null,
    }
    .into_response()
}
