//! `/admin/v1/…`: what the `linli` CLI asks of a running server, which holds sled's lock
//! so the CLI cannot open the store itself (ADR 0008). Authenticated by the operator token
//! given to `linli serve --admin-token` (compared as SHA-256 digests, in constant time);
//! without a configured token every admin route answers 404, as if it did not exist.
//!
//! These routes are for the operator's tool, not for the mini program or partners, so
//! they are not in the OpenAPI document.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use linli_domain::MediaId;
use linli_eventlog::Position;
use serde::Serialize;
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;

use super::audit::VerifyRuns;
use super::error::ApiError;
use super::AppState;
use crate::media::MediaMeta;

/// Operator-side state: the admin token's digest and the audit API's verify runs.
#[derive(Debug, Clone, Default)]
pub struct Operator {
    /// SHA-256 of the admin token, if one was configured.
    token_digest: Option<[u8; 32]>,
    /// The latest whole-store verification (run on request, in the background).
    pub verify: Arc<VerifyRuns>,
}

impl Operator {
    /// With `token` as the admin token (`None`: admin routes are off).
    pub fn new(token: Option<&str>) -> Operator {
        Operator {
            token_digest: token
                .filter(|t| !t.is_empty())
                .map(|t| Sha256::digest(t.as_bytes()).into()),
            verify: Arc::default(),
        }
    }
}

/// Header carrying the head an export stops at, so the client can show progress.
pub const HEAD_HEADER: &str = "x-linli-head-position";

/// Proof that the request carries the admin token.
#[derive(Debug, Clone, Copy)]
pub struct Admin;

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Admin, ApiError> {
        let Some(expected) = state.operator.token_digest else {
            return Err(ApiError::not_found("no such route"));
        };
        let given = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        let digest: [u8; 32] = Sha256::digest(given.as_bytes()).into();
        // Constant time over the digests: no early exit on the first differing byte.
        let differs = digest
            .iter()
            .zip(expected.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b));
        if differs == 0 {
            Ok(Admin)
        } else {
            Err(ApiError {
                status: StatusCode::UNAUTHORIZED,
                code: "admin.unauthorized",
                message: "the admin token is missing or wrong".into(),
                details: serde_json::Value::Null,
            })
        }
    }
}

/// The admin routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/v1/status", get(status))
        .route("/admin/v1/backup/log", get(backup_log))
        .route("/admin/v1/backup/media", get(backup_media))
        .route("/admin/v1/backup/media/{id}", get(backup_media_file))
        .route("/admin/v1/rebuild", post(rebuild_all))
        .route("/admin/v1/rebuild/{projection}", post(rebuild_one))
}

/// One read model, for operators.
#[derive(Debug, Serialize)]
pub struct ProjectionState {
    /// Its id.
    pub id: String,
    /// Version and generation serving queries.
    pub build: String,
    /// Last applied position.
    pub checkpoint: u64,
    /// Why it stopped, if it did.
    pub failure: Option<String>,
}

/// `GET /admin/v1/status`.
#[derive(Debug, Serialize)]
pub struct Status {
    /// The durable head.
    pub head_position: u64,
    /// Its hash.
    pub head_hash: String,
    /// Every read model.
    pub projections: Vec<ProjectionState>,
}

fn projections(state: &AppState) -> Vec<ProjectionState> {
    state
        .projector
        .status()
        .into_iter()
        .map(|s| ProjectionState {
            id: s.id.to_string(),
            build: format!(
                "v{}/g{}",
                s.progress.build.version.0, s.progress.build.generation.0
            ),
            checkpoint: s.progress.checkpoint.0,
            failure: s.progress.failure,
        })
        .collect()
}

async fn status(State(state): State<AppState>, _: Admin) -> Json<Status> {
    let head = state.log.head();
    Json(Status {
        head_position: head.position.0,
        head_hash: head.hash.to_hex(),
        projections: projections(&state),
    })
}

/// Bytes written by the export thread, sent on as body chunks.
struct ChannelWriter {
    chunks: mpsc::Sender<Result<Bytes, std::io::Error>>,
    buffer: Vec<u8>,
}

impl ChannelWriter {
    const CHUNK: usize = 64 * 1024;

    fn send(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::take(&mut self.buffer));
        self.chunks
            .blocking_send(Ok(chunk))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client went away"))
    }
}

impl std::io::Write for ChannelWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= Self::CHUNK {
            self.send()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

/// `GET /admin/v1/backup/log`: the log from position 1 to the head as of the request, as
/// NDJSON with hashes, streamed while the server keeps serving. The log is append-only, so
/// a prefix ending at a committed head is a consistent snapshot however many appends run
/// meanwhile.
async fn backup_log(State(state): State<AppState>, _: Admin) -> Response {
    let head = state.log.head();
    let (chunks, body) = mpsc::channel(8);
    let log = state.log.clone();
    tokio::task::spawn_blocking(move || {
        let mut writer = ChannelWriter {
            chunks: chunks.clone(),
            buffer: Vec::with_capacity(ChannelWriter::CHUNK),
        };
        // The scan stops at the head read when the scan starts; a later head only adds.
        let result = log
            .export_ndjson(Position::FIRST, &mut writer, &mut |_| {})
            .map_err(|e| std::io::Error::other(e.to_string()))
            .and_then(|_| std::io::Write::flush(&mut writer));
        if let Err(e) = result {
            tracing::warn!(error = %e, "backup export stopped");
            // An error chunk aborts the body, so the client sees a broken transfer rather
            // than a short file that looks complete (the trailer would be missing anyway).
            let _ = chunks.blocking_send(Err(e));
        }
    });
    let stream = tokio_stream::wrappers::ReceiverStream::new(body);
    let mut response = Body::from_stream(stream).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-ndjson"),
    );
    if let Ok(value) = HeaderValue::from_str(&head.position.0.to_string()) {
        headers.insert(HEAD_HEADER, value);
    }
    response
}

/// `GET /admin/v1/backup/media`: every media record.
async fn backup_media(
    State(state): State<AppState>,
    _: Admin,
) -> Result<Json<Vec<MediaMeta>>, ApiError> {
    let media = state.media.clone();
    tokio::task::spawn_blocking(move || media.list())
        .await
        .map_err(|e| ApiError::internal(&e))?
        .map(Json)
        .map_err(|e| ApiError::internal(&e))
}

/// `GET /admin/v1/backup/media/{id}`: one media file's bytes.
async fn backup_media_file(
    State(state): State<AppState>,
    _: Admin,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id: MediaId = id
        .parse()
        .map_err(|_| ApiError::not_found("no such media"))?;
    let media = state.media.clone();
    let read = tokio::task::spawn_blocking(move || media.read(&id))
        .await
        .map_err(|e| ApiError::internal(&e))?;
    match read {
        Ok((_, bytes)) => {
            Ok(([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response())
        }
        Err(e @ crate::media::MediaError::Storage(_)) => Err(ApiError::internal(&e)),
        // Unknown, purged or forgotten: nothing to back up.
        Err(e) => Err(ApiError::not_found(e.to_string())),
    }
}

/// What a rebuild answers once every requested read model has swapped.
#[derive(Debug, Serialize)]
pub struct Rebuilt {
    /// The read models rebuilt.
    pub rebuilt: Vec<String>,
    /// Every read model afterwards.
    pub projections: Vec<ProjectionState>,
}

async fn rebuild(state: &AppState, ids: Vec<String>) -> Result<Json<Rebuilt>, ApiError> {
    // One at a time: each rebuild reads the whole log, and the machine serves meanwhile.
    for id in &ids {
        state.projector.rebuild(id).await?;
    }
    Ok(Json(Rebuilt {
        rebuilt: ids,
        projections: projections(state),
    }))
}

/// `POST /admin/v1/rebuild`: every read model, blue/green (the old build serves until the
/// new one has caught up and swapped in).
async fn rebuild_all(State(state): State<AppState>, _: Admin) -> Result<Json<Rebuilt>, ApiError> {
    let ids = state
        .projector
        .ids()
        .into_iter()
        .map(|id| id.to_string())
        .collect();
    rebuild(&state, ids).await
}

/// `POST /admin/v1/rebuild/{projection}`: one read model, blue/green.
async fn rebuild_one(
    State(state): State<AppState>,
    _: Admin,
    Path(projection): Path<String>,
) -> Result<Json<Rebuilt>, ApiError> {
    rebuild(&state, vec![projection]).await
}
