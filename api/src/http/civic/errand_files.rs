//! The errand documents' files: uploaded sealed under the key of the person each document is
//! about (the agent for the ID-card copy, the requester for the power of attorney), and
//! served decrypted only to the errand's requester, agent and verifier.
//!
//! `MediaStore::put_sealed` is called from exactly one place, [`upload`]; the general
//! `GET /api/v1/media/{id}` refuses sealed files, so [`download`] is the only way out.

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use linli_domain::civic::errand::Errand;
use linli_domain::{ErrandId, MediaId, StreamName, UserId};
use serde::Deserialize;
use tower_http::limit::RequestBodyLimitLayer;

use super::not_found;
use crate::auth::Principal;
use crate::http::error::ApiError;
use crate::http::path::ApiPath;
use crate::http::AppState;
use crate::media::{MediaError, MediaMeta};

/// A scan or photo of a document (the image limit, 10 MiB), plus form overhead.
const UPLOAD_LIMIT: usize = 10 * 1024 * 1024 + 64 * 1024;

/// The file routes, outside the JSON body limit.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/errands/{id}/documents/files", post(upload))
        .route(
            "/api/v1/errands/{id}/documents/files/{media}",
            get(download),
        )
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(UPLOAD_LIMIT))
}

/// Which document a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// The agent's ID card: sealed under the agent's key.
    IdCardCopy,
    /// The requester's power of attorney: sealed under the requester's key.
    PowerOfAttorney,
}

/// The multipart form (documentation only: the handler reads the stream).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct DocumentForm {
    /// `id_card_copy` or `power_of_attorney`.
    kind: DocumentKind,
    /// The scan or photo.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

#[utoipa::path(
    post,
    path = "/api/v1/errands/{id}/documents/files",
    tag = "errands",
    params(("id" = ErrandId, Path, description = "The errand.")),
    request_body(content = inline(DocumentForm), content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored sealed; submit its id with POST /api/v1/errands/{id}/documents", body = crate::media::MediaMeta),
        (status = 400, description = "Not a multipart form with `kind` and `file`", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such errand, or you are not its requester or agent", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "No agent assigned yet", body = crate::http::openapi::ErrorBody),
        (status = 413, description = "Too large", body = crate::http::openapi::ErrorBody),
        (status = 415, description = "Not a photo or scan", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// Uploads one errand document, sealed.
pub async fn upload(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(id): ApiPath<ErrandId>,
    mut multipart: Multipart,
) -> Result<(StatusCode, Json<MediaMeta>), ApiError> {
    let record = state
        .engine
        .load::<Errand>(StreamName::Errand(id))?
        .state
        .filter(|r| r.requester == principal.user || r.agent == Some(principal.user))
        .ok_or_else(|| not_found("errand.not_found", "errand"))?;
    principal.act_as(&[linli_domain::Role::Resident])?;
    let malformed = |e: axum::extract::multipart::MultipartError| {
        ApiError::bad_request("media.malformed_upload", e.body_text())
    };
    let (mut kind, mut bytes) = (None, None);
    while let Some(field) = multipart.next_field().await.map_err(malformed)? {
        match field.name() {
            Some("kind") => {
                let text = field.text().await.map_err(malformed)?;
                kind = Some(
                    serde_json::from_value::<DocumentKind>(serde_json::Value::String(text))
                        .map_err(|_| {
                            ApiError::bad_request(
                                "errand.unknown_document_kind",
                                "kind is id_card_copy or power_of_attorney",
                            )
                        })?,
                );
            }
            Some("file") => bytes = Some(field.bytes().await.map_err(malformed)?),
            _ => {}
        }
    }
    let (Some(kind), Some(bytes)) = (kind, bytes) else {
        return Err(ApiError::bad_request(
            "media.missing_file",
            "send the fields `kind` and `file`",
        ));
    };
    let subject: UserId = match kind {
        DocumentKind::PowerOfAttorney => record.requester,
        DocumentKind::IdCardCopy => record.agent.ok_or_else(|| ApiError {
            status: StatusCode::CONFLICT,
            code: "errand.no_agent",
            message: "the ID-card copy is the agent's; wait until an agent is assigned".into(),
            details: serde_json::Value::Null,
        })?,
    };
    let (store, vault, now, uploader) = (
        state.media.clone(),
        state.vault.clone(),
        state.clock.now(),
        principal.user,
    );
    let meta = tokio::task::spawn_blocking(move || {
        store.put_sealed(&vault, subject, &bytes, uploader, now)
    })
    .await
    .map_err(|e| ApiError::internal(&e))??;
    Ok((StatusCode::CREATED, Json(meta)))
}

#[utoipa::path(
    get,
    path = "/api/v1/errands/{id}/documents/files/{media}",
    tag = "errands",
    params(
        ("id" = ErrandId, Path, description = "The errand."),
        ("media" = MediaId, Path, description = "One of its submitted documents."),
    ),
    responses(
        (status = 200, description = "The document, decrypted: requester, agent and verifier only", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 404, description = "Not one of this errand's documents, or not yours to see", body = crate::http::openapi::ErrorBody),
        (status = 410, description = "Its subject was forgotten, or it was purged", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// Serves one submitted errand document to its parties.
pub async fn download(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath((id, media)): ApiPath<(ErrandId, MediaId)>,
) -> Result<Response, ApiError> {
    let hidden = || not_found("errand.documents_not_found", "errand document");
    let errands = &state.read.civic.errands;
    let view = errands.errand(id)?.ok_or_else(hidden)?;
    let documents = errands.documents(id)?.ok_or_else(hidden)?;
    if !view.is_party(principal.user)
        || (documents.id_card_copy != media && documents.power_of_attorney != media)
    {
        return Err(hidden());
    }
    let (store, vault) = (state.media.clone(), state.vault.clone());
    let (meta, bytes) = tokio::task::spawn_blocking(move || store.read_sealed(&vault, &media))
        .await
        .map_err(|e| ApiError::internal(&e))?
        .map_err(|e| match e {
            MediaError::NotFound => hidden(),
            other => other.into(),
        })?;
    Ok((
        [
            (header::CONTENT_TYPE, meta.mime.clone()),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        Body::from(bytes),
    )
        .into_response())
}
