//! `POST /api/v1/directory/import`.

use axum::extract::State;
use axum::Json;
use linli_domain::Role;

use crate::auth::Principal;
use crate::directory::{self, Authority, DirectoryDocument, ImportReport};
use crate::http::error::ApiError;
use crate::http::idempotency::IdempotencyKey;
use crate::http::json::ApiJson;
use crate::http::AppState;

#[utoipa::path(
    post,
    path = "/api/v1/directory/import",
    tag = "directory",
    request_body = crate::directory::DirectoryDocument,
    responses(
        (status = 200, description = "Applied (entries already in the directory are unchanged)", body = crate::directory::ImportReport),
        (status = 403, description = "Not a manager (auditors never write), or an entry outside your scope", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Contended; try again", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// Imports a whole document (see `docs/api.md`): 200 with the position and counts, 422
/// naming the first bad entry, 403 naming an entry outside the manager's scope.
pub async fn import(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> Result<Json<ImportReport>, ApiError> {
    let document = DirectoryDocument::from_json(body)?;
    run(&state, &principal, &key, &document).await.map(Json)
}

/// Runs a document as the principal, a manager.
pub(super) async fn run(
    state: &AppState,
    principal: &Principal,
    key: &IdempotencyKey,
    document: &DirectoryDocument,
) -> Result<ImportReport, ApiError> {
    principal.act_as(&[Role::Manager])?;
    let user = principal.user;
    let meta_for = |actor: &linli_domain::Actor, change: &str| {
        key.meta(actor, user, &directory::step_name(change))
    };
    Ok(directory::import(
        &state.engine,
        document,
        Authority::Manager(&principal.record),
        state.clock.now(),
        &meta_for,
    )
    .await?)
}
