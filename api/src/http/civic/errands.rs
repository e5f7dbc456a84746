//! 委托代办: a resident entrusts a task with a deadline; a cadre whose scope covers the place
//! assigns an agent (another cadre, or a resident volunteer) and becomes the errand's
//! verifier; the agent's ID-card copy and the power of attorney are submitted and checked by
//! the verifier before the agent may act; it ends completed or cancelled.
//!
//! Who sees what:
//! * the errand and its timeline — the requester, the agent, the verifier, staff covering
//!   its place (who need it to assign an agent) and auditors; anyone else gets 404;
//! * the documents — only the requester, the agent and the verifier: their ids on
//!   `GET /api/v1/errands/{id}/documents`, the files (stored sealed, see [`super::errand_files`])
//!   on `GET /api/v1/errands/{id}/documents/files/{media}`. The general media download
//!   refuses sealed files to everyone, auditors and uploaders included.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use linli_domain::civic::errand::{
    AgentKind, AssignAgent, Errand, ErrandCommand, ErrandNote, ErrandReason, ErrandRecord,
    ErrandStep, RequestErrand, SubmitDocuments,
};
use linli_domain::user::User;
use linli_domain::{Actor, ErrandId, JurisdictionCode, MediaId, Role, StreamName, UserId};
use linli_projections::models::civic::errands::{ErrandDocuments, ErrandView};
use linli_projections::PageOf;
use serde::Deserialize;

use super::announcements::{oversees, staff_only};
use super::{check_media_of, not_found, place_of, written, ListQuery, Written};
use crate::auth::{scope, Principal};
use crate::http::consistency::After;
use crate::http::error::ApiError;
use crate::http::idempotency::IdempotencyKey;
use crate::http::json::ApiJson;
use crate::http::path::ApiPath;
use crate::http::query::{ApiQuery, Paging};
use crate::http::AppState;

/// The errand routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/errands", post(request).get(list))
        .route("/api/v1/me/errands", get(mine))
        .route("/api/v1/errands/{id}", get(one))
        .route("/api/v1/errands/{id}/assign", post(assign))
        .route(
            "/api/v1/errands/{id}/documents",
            post(submit_documents).get(documents),
        )
        .route("/api/v1/errands/{id}/documents/verify", post(verify))
        .route(
            "/api/v1/errands/{id}/documents/reject",
            post(reject_documents),
        )
        .route("/api/v1/errands/{id}/progress", post(progress))
        .route("/api/v1/errands/{id}/complete", post(complete))
        .route("/api/v1/errands/{id}/cancel", post(cancel))
}

/// `POST /api/v1/errands`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestBody {
    /// What is to be done (1–1000 characters).
    task: String,
    /// By when; must be in the future.
    deadline: DateTime<Utc>,
    /// Where it is handled; defaults to the requester's home grid.
    #[serde(default)]
    jurisdiction: Option<JurisdictionCode>,
}

/// `POST …/assign`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignBody {
    /// The agent: another cadre, or a registered resident volunteering.
    agent: UserId,
}

/// `POST …/documents`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentsBody {
    /// The agent's ID-card copy, uploaded by the agent or the requester.
    id_card_copy: MediaId,
    /// The signed power of attorney, uploaded by the agent or the requester.
    power_of_attorney: MediaId,
}

/// A step that needs words.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TextBody {
    /// What happened (1–500 characters).
    text: String,
}

/// A step that needs a reason.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonBody {
    /// Why (1–500 characters).
    reason: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/errands",
    tag = "errands",
    request_body = RequestBody,
    responses(
        (status = 201, description = "Requested", body = Written),
        (status = 403, description = "Only residents entrust errands", body = crate::http::openapi::ErrorBody),
        (status = 422, description = "Deadline passed, empty task, no place", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// Entrusts an errand.
pub async fn request(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<RequestBody>,
) -> Result<(StatusCode, Json<Written>), ApiError> {
    let actor = principal.act_as(&[Role::Resident])?;
    let place = place_of(&state, &principal, body.jurisdiction, "errand.no_place")?;
    let id = ErrandId::from_uuid(key.new_id(principal.user, "errand"));
    let command = ErrandCommand::Request(RequestErrand {
        errand_id: id,
        jurisdiction: place,
        task: body.task,
        deadline: body.deadline,
        by: actor,
        at: state.clock.now(),
    });
    let outcome = state
        .engine
        .execute::<Errand>(
            StreamName::Errand(id),
            command,
            key.meta(&actor, principal.user, "errand"),
        )
        .await?;
    Ok((StatusCode::CREATED, written(*id.as_uuid(), &outcome)))
}

/// Requester, agent or verifier.
fn is_party(record: &ErrandRecord, user: UserId) -> bool {
    user == record.requester || Some(user) == record.agent || Some(user) == record.verifier
}

/// The errand as the log has it, if the principal may see it; 404 otherwise.
fn readable(
    state: &AppState,
    principal: &Principal,
    id: ErrandId,
) -> Result<ErrandRecord, ApiError> {
    state
        .engine
        .load::<Errand>(StreamName::Errand(id))?
        .state
        .filter(|r| {
            is_party(r, principal.user)
                || principal.has(Role::Auditor)
                || scope::staff_covers(principal, Some(&r.jurisdiction))
        })
        .ok_or_else(|| not_found("errand.not_found", "errand"))
}

async fn run(
    state: &AppState,
    principal: &Principal,
    key: &IdempotencyKey,
    id: ErrandId,
    step: &str,
    roles: &[Role],
    command: impl FnOnce(Actor, DateTime<Utc>) -> ErrandCommand,
) -> Result<Json<Written>, ApiError> {
    readable(state, principal, id)?;
    let actor = principal.act_as(roles)?;
    let outcome = state
        .engine
        .execute::<Errand>(
            StreamName::Errand(id),
            command(actor, state.clock.now()),
            key.meta(&actor, principal.user, step),
        )
        .await?;
    Ok(written(*id.as_uuid(), &outcome))
}

#[utoipa::path(
    post,
    path = "/api/v1/errands/{id}/assign",
    tag = "errands",
    params(("id" = ErrandId, Path, description = "The errand.")),
    request_body = AssignBody,
    responses(
        (status = 200, description = "Assigned; the caller is now the verifier", body = Written),
        (status = 403, description = "Not a cadre of its place", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such errand, or not yours to see", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Already assigned, or over", body = crate::http::openapi::ErrorBody),
        (status = 422, description = "Unknown agent, or the requester or the caller themself", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// A cadre of the errand's place assigns the agent and becomes the verifier.
pub async fn assign(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ErrandId>,
    ApiJson(body): ApiJson<AssignBody>,
) -> Result<Json<Written>, ApiError> {
    let record = readable(&state, &principal, id)?;
    principal.act_as(&[Role::Cadre])?;
    if !principal.record.covers(Role::Cadre, &record.jurisdiction) {
        return Err(ApiError::forbidden(
            "only a cadre of the errand's place assigns its agent",
        ));
    }
    let agent = state
        .engine
        .load::<User>(StreamName::User(body.agent))?
        .state
        .ok_or_else(|| ApiError::invalid("errand.unknown_agent", "no such user to be the agent"))?;
    let kind = if agent.may_act_as(Role::Cadre) {
        AgentKind::Cadre
    } else {
        AgentKind::Volunteer
    };
    run(
        &state,
        &principal,
        &key,
        id,
        "assign",
        &[Role::Cadre],
        |by, at| {
            ErrandCommand::AssignAgent(AssignAgent {
                agent: body.agent,
                kind,
                by,
                at,
            })
        },
    )
    .await
}

#[utoipa::path(
    post,
    path = "/api/v1/errands/{id}/documents",
    tag = "errands",
    params(("id" = ErrandId, Path, description = "The errand.")),
    request_body = DocumentsBody,
    responses(
        (status = 200, description = "Submitted; waiting for the verifier", body = Written),
        (status = 403, description = "Not the agent or the requester", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such errand, or not yours to see", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "No agent yet, or already submitted or verified", body = crate::http::openapi::ErrorBody),
        (status = 422, description = "Files unknown, not uploaded by the parties, or the same file twice", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// The agent (or the requester) hands in the ID-card copy and the power of attorney.
pub async fn submit_documents(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ErrandId>,
    ApiJson(body): ApiJson<DocumentsBody>,
) -> Result<Json<Written>, ApiError> {
    let record = readable(&state, &principal, id)?;
    let owners: Vec<UserId> = std::iter::once(record.requester)
        .chain(record.agent)
        .collect();
    check_media_of(
        &state,
        &[&body.id_card_copy, &body.power_of_attorney],
        &owners,
    )?;
    // Documents are personal data: only files uploaded sealed (through
    // `POST …/documents/files`) are accepted, so the plain media download can never serve them.
    for media in [&body.id_card_copy, &body.power_of_attorney] {
        if state
            .media
            .meta(media)?
            .is_some_and(|m| m.sealed_for.is_none())
        {
            return Err(ApiError::invalid(
                "errand.document_not_sealed",
                format!(
                    "{media} was not uploaded through POST /api/v1/errands/{id}/documents/files"
                ),
            ));
        }
    }
    let roles = [Role::Resident, Role::Cadre, Role::Manager];
    run(
        &state,
        &principal,
        &key,
        id,
        "documents",
        &roles,
        |by, at| {
            // The domain checks that `by` is the agent or the requester; the role only records
            // in which capacity they acted (a cadre agent acts as a cadre).
            let by = match by {
                Actor::User { user, .. } if Some(user) == record.agent => Actor::User {
                    user,
                    role: agent_role(&principal),
                },
                other => other,
            };
            ErrandCommand::SubmitDocuments(SubmitDocuments {
                id_card_copy: body.id_card_copy,
                power_of_attorney: body.power_of_attorney,
                by,
                at,
            })
        },
    )
    .await
}

/// The role an agent acts in: cadre if they hold it, else resident (a volunteer).
fn agent_role(principal: &Principal) -> Role {
    if principal.has(Role::Cadre) {
        Role::Cadre
    } else {
        Role::Resident
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/errands/{id}/documents/verify",
    tag = "errands",
    params(("id" = ErrandId, Path, description = "The errand.")),
    responses(
        (status = 200, description = "Verified: the agent may act", body = Written),
        (status = 403, description = "Not the verifier", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such errand, or not yours to see", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "No documents waiting", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// The verifier accepts the documents.
pub async fn verify(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ErrandId>,
) -> Result<Json<Written>, ApiError> {
    run(
        &state,
        &principal,
        &key,
        id,
        "verify",
        &[Role::Cadre],
        |by, at| ErrandCommand::VerifyDocuments(ErrandStep { by, at }),
    )
    .await
}

#[utoipa::path(
    post,
    path = "/api/v1/errands/{id}/documents/reject",
    tag = "errands",
    params(("id" = ErrandId, Path, description = "The errand.")),
    request_body = ReasonBody,
    responses(
        (status = 200, description = "Refused: new documents are needed", body = Written),
        (status = 403, description = "Not the verifier", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such errand, or not yours to see", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "No documents waiting", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// The verifier refuses the documents with a reason.
pub async fn reject_documents(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ErrandId>,
    ApiJson(body): ApiJson<ReasonBody>,
) -> Result<Json<Written>, ApiError> {
    run(
        &state,
        &principal,
        &key,
        id,
        "reject-documents",
        &[Role::Cadre],
        |by, at| {
            ErrandCommand::RejectDocuments(ErrandReason {
                reason: body.reason,
                by,
                at,
            })
        },
    )
    .await
}

#[utoipa::path(
    post,
    path = "/api/v1/errands/{id}/progress",
    tag = "errands",
    params(("id" = ErrandId, Path, description = "The errand.")),
    request_body = TextBody,
    responses(
        (status = 200, description = "Noted", body = Written),
        (status = 403, description = "Not the agent", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such errand, or not yours to see", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Documents not verified yet, or over", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// The agent reports progress.
pub async fn progress(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ErrandId>,
    ApiJson(body): ApiJson<TextBody>,
) -> Result<Json<Written>, ApiError> {
    let role = agent_role(&principal);
    run(
        &state,
        &principal,
        &key,
        id,
        "progress",
        &[role],
        |by, at| {
            ErrandCommand::NoteProgress(ErrandNote {
                text: body.text,
                by,
                at,
            })
        },
    )
    .await
}

#[utoipa::path(
    post,
    path = "/api/v1/errands/{id}/complete",
    tag = "errands",
    params(("id" = ErrandId, Path, description = "The errand.")),
    request_body = TextBody,
    responses(
        (status = 200, description = "Completed", body = Written),
        (status = 403, description = "Not the agent", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such errand, or not yours to see", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Documents not verified yet, or over", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// The agent finishes the errand.
pub async fn complete(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ErrandId>,
    ApiJson(body): ApiJson<TextBody>,
) -> Result<Json<Written>, ApiError> {
    let role = agent_role(&principal);
    run(
        &state,
        &principal,
        &key,
        id,
        "complete",
        &[role],
        |by, at| {
            ErrandCommand::Complete(ErrandNote {
                text: body.text,
                by,
                at,
            })
        },
    )
    .await
}

#[utoipa::path(
    post,
    path = "/api/v1/errands/{id}/cancel",
    tag = "errands",
    params(("id" = ErrandId, Path, description = "The errand.")),
    request_body = ReasonBody,
    responses(
        (status = 200, description = "Cancelled", body = Written),
        (status = 403, description = "Not the requester or the verifier", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such errand, or not yours to see", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Already over", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// The requester or the verifier calls the errand off.
pub async fn cancel(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ErrandId>,
    ApiJson(body): ApiJson<ReasonBody>,
) -> Result<Json<Written>, ApiError> {
    let record = readable(&state, &principal, id)?;
    // The requester cancels as a resident, the verifier as a cadre.
    let role = if record.requester == principal.user {
        Role::Resident
    } else {
        Role::Cadre
    };
    run(&state, &principal, &key, id, "cancel", &[role], |by, at| {
        ErrandCommand::Cancel(ErrandReason {
            reason: body.reason,
            by,
            at,
        })
    })
    .await
}

/// The errand's view, if the principal may see it; 404 otherwise.
fn readable_view(
    state: &AppState,
    principal: &Principal,
    id: ErrandId,
) -> Result<ErrandView, ApiError> {
    state
        .read
        .civic
        .errands
        .errand(id)?
        .filter(|v| v.is_party(principal.user) || oversees(principal, &v.jurisdiction))
        .ok_or_else(|| not_found("errand.not_found", "errand"))
}

#[utoipa::path(
    get,
    path = "/api/v1/errands/{id}",
    tag = "errands",
    params(("id" = ErrandId, Path, description = "The errand."), After),
    responses(
        (status = 200, description = "The errand and its timeline (never the documents)", body = ErrandView),
        (status = 404, description = "No such errand, or not yours to see", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// One errand: its parties, staff of its place, auditors.
pub async fn one(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(id): ApiPath<ErrandId>,
    ApiQuery(after): ApiQuery<After>,
) -> Result<Json<ErrandView>, ApiError> {
    after.wait(&state).await?;
    readable_view(&state, &principal, id).map(Json)
}

#[utoipa::path(
    get,
    path = "/api/v1/errands/{id}/documents",
    tag = "errands",
    params(("id" = ErrandId, Path, description = "The errand."), After),
    responses(
        (status = 200, description = "The ID-card copy and power of attorney: requester, agent and verifier only", body = ErrandDocuments),
        (status = 404, description = "No such errand, no documents yet, or not yours to see", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// The errand's private documents.
pub async fn documents(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(id): ApiPath<ErrandId>,
    ApiQuery(after): ApiQuery<After>,
) -> Result<Json<ErrandDocuments>, ApiError> {
    after.wait(&state).await?;
    let hidden = || not_found("errand.documents_not_found", "errand documents");
    let view = state.read.civic.errands.errand(id)?.ok_or_else(hidden)?;
    if !view.is_party(principal.user) {
        return Err(hidden());
    }
    state
        .read
        .civic
        .errands
        .documents(id)?
        .map(Json)
        .ok_or_else(hidden)
}

/// Which of my errands.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MineQuery {
    /// `requester` (default): the errands I entrusted; `agent`: those I run.
    #[serde(default)]
    #[param(value_type = Option<String>, pattern = "^(requester|agent)$")]
    role: Option<MyRole>,
    /// Read-your-writes, status and paging as in every list.
    #[serde(flatten)]
    #[param(ignore)]
    list: ListQuery,
}

/// My part in an errand.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MyRole {
    /// I entrusted it.
    Requester,
    /// I run it.
    Agent,
}

#[utoipa::path(
    get,
    path = "/api/v1/me/errands",
    tag = "errands",
    params(MineQuery, ListQuery, Paging),
    responses(
        (status = 200, description = "My errands, newest first", body = PageOf<ErrandView>),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// The errands I entrusted, or those I run as the agent.
pub async fn mine(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<MineQuery>,
) -> Result<Json<PageOf<ErrandView>>, ApiError> {
    query.list.wait(&state).await?;
    let keep = |v: &ErrandView| query.list.status_matches(&v.status);
    let page = query.list.paging.page();
    let errands = &state.read.civic.errands;
    Ok(Json(match query.role.unwrap_or(MyRole::Requester) {
        MyRole::Requester => errands.of_requester(principal.user, &page, &keep)?,
        MyRole::Agent => errands.of_agent(principal.user, &page, &keep)?,
    }))
}

#[utoipa::path(
    get,
    path = "/api/v1/errands",
    tag = "errands",
    params(ListQuery, Paging),
    responses(
        (status = 200, description = "Staff: the errands of the places they oversee, newest first", body = PageOf<ErrandView>),
        (status = 403, description = "Residents list theirs at /api/v1/me/errands", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
/// The errands of the places the caller oversees.
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<PageOf<ErrandView>>, ApiError> {
    staff_only(&principal)?;
    query.wait(&state).await?;
    let keep =
        |v: &ErrandView| query.status_matches(&v.status) && oversees(&principal, &v.jurisdiction);
    Ok(Json(
        state.read.civic.errands.all(&query.paging.page(), &keep)?,
    ))
}
