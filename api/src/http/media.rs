//! `POST /api/v1/media` (multipart, as `wx.uploadFile` sends) and `GET /api/v1/media/{id}`.
//!
//! Who may fetch a file is derived from the log, not from extra state: the uploader and
//! auditors always; anyone else names the complaint they are looking at
//! (`?complaint=<id>`), which they must be allowed to read and whose events must reference
//! the file. Everyone else gets 404, so ids cannot be probed.

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use linli_domain::complaint::ComplaintEvent;
use linli_domain::{ComplaintId, MediaId, Role, StreamName};
use linli_engine::AnyEvent;
use linli_eventlog::{StreamId, StreamVersion};
use serde::Deserialize;
use tower_http::limit::RequestBodyLimitLayer;

use super::error::ApiError;
use super::path::ApiPath;
use super::query::ApiQuery;
use super::AppState;
use crate::auth::Principal;
use crate::media::{MediaError, MediaKind, MediaMeta};

/// Largest multipart body: the largest file kind plus form overhead.
const UPLOAD_LIMIT: usize = 51 * 1024 * 1024;

/// The media routes, with their own body limit (the JSON routes keep 64 KiB).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/media", post(upload))
        .route("/api/v1/media/{id}", get(download))
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(UPLOAD_LIMIT))
}

impl From<MediaError> for ApiError {
    fn from(e: MediaError) -> ApiError {
        let (status, code) = match &e {
            MediaError::UnsupportedType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "media.unsupported_type")
            }
            MediaError::TooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, "media.too_large"),
            MediaError::NotFound => (StatusCode::NOT_FOUND, "media.not_found"),
            MediaError::Gone { .. } => (StatusCode::GONE, "media.purged"),
            MediaError::Sealed => (StatusCode::FORBIDDEN, "media.sealed"),
            MediaError::Forgotten => (StatusCode::GONE, "media.forgotten"),
            MediaError::Storage(_) => return ApiError::internal(&e),
        };
        ApiError {
            status,
            code,
            message: e.to_string(),
            details: serde_json::Value::Null,
        }
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/media",
    tag = "media",
    request_body(content = inline(UploadForm), content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored (or already stored: same content, same id)", body = crate::media::MediaMeta),
        (status = 400, description = "Not a multipart form with a `file` field", body = crate::http::openapi::ErrorBody),
        (status = 403, description = "Auditors never write", body = crate::http::openapi::ErrorBody),
        (status = 413, description = "Larger than the kind allows", body = crate::http::openapi::ErrorBody),
        (status = 415, description = "Not a photo, video or voice note (sniffed from the bytes)", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// Stores the multipart field named `file` (the `name` `wx.uploadFile` is given).
pub async fn upload(
    State(state): State<AppState>,
    principal: Principal,
    mut multipart: Multipart,
) -> Result<(StatusCode, Json<MediaMeta>), ApiError> {
    principal.act_as(&[Role::Resident, Role::Cadre, Role::Manager, Role::Provider])?;
    let mut bytes = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| ApiError::bad_request("media.malformed_upload", e.body_text()))?
    {
        if field.name() == Some("file") {
            let data = field.bytes().await.map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::from(MediaError::TooLarge {
                        kind: MediaKind::Video,
                        size: UPLOAD_LIMIT,
                        limit: MediaKind::Video.max_bytes(),
                    })
                } else {
                    ApiError::bad_request("media.malformed_upload", e.body_text())
                }
            })?;
            bytes = Some(data);
            break;
        }
    }
    let bytes = bytes.ok_or_else(|| {
        ApiError::bad_request(
            "media.missing_file",
            "send the file in a multipart field named `file`",
        )
    })?;
    let store = state.media.clone();
    let now = state.clock.now();
    let user = principal.user;
    let meta = tokio::task::spawn_blocking(move || store.put(&bytes, user, now))
        .await
        .map_err(|e| ApiError::internal(&e))??;
    Ok((StatusCode::CREATED, Json(meta)))
}

/// The multipart form of an upload (documentation only: the handler reads the stream).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct UploadForm {
    /// The file: a photo, a short video or a voice note (the type is sniffed from the bytes).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// The context a file is viewed in.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Context {
    /// The complaint whose photo or voice note this is.
    complaint: Option<ComplaintId>,
    /// The application whose material this is (its applicant, staff of its place, auditors).
    application: Option<linli_domain::ApplicationId>,
}

#[utoipa::path(
    get,
    path = "/api/v1/media/{id}",
    tag = "media",
    params(("id" = MediaId, Path, description = "The content hash."), Context),
    responses(
        (status = 200, description = "The file, served with its sniffed type", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 403, description = "A sealed document: served only through its errand", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such file, or not yours to see", body = crate::http::openapi::ErrorBody),
        (status = 410, description = "Removed by the retention policy (media.purged)", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn download(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(id): ApiPath<MediaId>,
    ApiQuery(context): ApiQuery<Context>,
) -> Result<Response, ApiError> {
    let meta = state.media.available(&id)?;
    let allowed = meta.uploader == principal.user
        || principal.has(Role::Auditor)
        || match context.complaint {
            Some(complaint) => complaint_shows(&state, &principal, complaint, &id).await?,
            None => false,
        }
        || match context.application {
            Some(application) => {
                super::civic::applications::application_shows(&state, &principal, application, &id)?
            }
            None => false,
        };
    if !allowed {
        return Err(MediaError::NotFound.into());
    }
    let store = state.media.clone();
    let (meta, bytes) = tokio::task::spawn_blocking(move || store.read(&id))
        .await
        .map_err(|e| ApiError::internal(&e))??;
    Ok((
        [
            (header::CONTENT_TYPE, meta.mime.clone()),
            (
                header::CACHE_CONTROL,
                "private, max-age=86400, immutable".to_owned(),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        Body::from(bytes),
    )
        .into_response())
}

/// May the principal read the complaint, and does the complaint reference the file?
async fn complaint_shows(
    state: &AppState,
    principal: &Principal,
    complaint: ComplaintId,
    media: &MediaId,
) -> Result<bool, ApiError> {
    if !super::complaints::may_read(state, principal, complaint)? {
        return Ok(false);
    }
    Ok(referenced_media(state, complaint)?.contains(media))
}

/// Every media id the complaint's events mention.
pub fn referenced_media(
    state: &AppState,
    complaint: ComplaintId,
) -> Result<Vec<MediaId>, ApiError> {
    let stream = StreamId::new(StreamName::Complaint(complaint).to_string())
        .map_err(|e| ApiError::internal(&e))?;
    let records = state
        .log
        .read_stream(&stream, StreamVersion(1), usize::MAX)
        .map_err(|e| ApiError::internal(&e))?;
    let mut found = Vec::new();
    for record in &records {
        if let Ok(AnyEvent::Complaint(_, event)) = linli_engine::decode(record) {
            match event {
                ComplaintEvent::Filed(e) => {
                    found.extend(e.media.iter().cloned());
                    found.extend(e.voice_note.iter().cloned());
                }
                ComplaintEvent::NoteAdded(e) => found.extend(e.media.iter().cloned()),
                ComplaintEvent::Resolved(e) => found.extend(e.media.iter().cloned()),
                _ => {}
            }
        }
    }
    Ok(found)
}
