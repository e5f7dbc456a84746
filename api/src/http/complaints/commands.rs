//! Complaint commands: `POST /api/v1/complaints` and `POST /api/v1/complaints/{id}/<action>`.
//!
//! Each handler: who may do it (roles), what it needs looked up (routing, due times), the
//! domain command, the engine. The domain decides whether the transition is legal and
//! whether this actor may make it; scope (a manager only within their jurisdictions) is
//! checked here through `auth::scope`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use linli_domain::complaint::{
    AcceptComplaint, AddNote, Anonymity, Complaint, ComplaintCommand, ComplaintError,
    ComplaintRecord, ConfirmResolution, EscalateComplaint, EscalationReason, FileComplaint,
    MergeAsDuplicate, NoteVisibility, RateComplaint, RejectNotResponsible, ReopenComplaint,
    ResolveComplaint, Score, TransferComplaint, Visibility, WithdrawComplaint,
};
use linli_domain::{Actor, ComplaintId, Role, StreamName};
use linli_engine::CommandOutcome;

use super::bodies::*;
use crate::auth::{scope, Principal};
use crate::http::error::ApiError;
use crate::http::idempotency::IdempotencyKey;
use crate::http::json::ApiJson;
use crate::http::path::ApiPath;
use crate::http::AppState;

fn accepted<E>(id: ComplaintId, outcome: &CommandOutcome<E>) -> Json<Accepted> {
    Json(Accepted {
        id,
        position: outcome.position.0,
        replay: crate::http::idempotency::replay_label(outcome.replay),
    })
}

/// Files a complaint and routes it (the engine's intake: `filed`, then `assigned` with the
/// routing decision and due times; a retried Idempotency-Key replays both).
#[utoipa::path(
    post,
    path = "/api/v1/complaints",
    tag = "complaints",
    request_body = FileBody,
    responses(
        (status = 201, description = "Filed and routed", body = Accepted),
        (status = 403, description = "Only residents file (auditors never write)", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Contended", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Recorded but cannot be routed yet", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn file(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<FileBody>,
) -> Result<(StatusCode, Json<Accepted>), ApiError> {
    let actor = principal.act_as(&[Role::Resident])?;
    check_media(&state, &body.media, body.voice_note.as_ref())?;
    let id = ComplaintId::from_uuid(key.new_id(principal.user, "complaint"));
    let command = FileComplaint {
        complaint_id: id,
        by: actor,
        category: body.category,
        occurred_at: body.occurred_at,
        address: body.address,
        point: body.point,
        jurisdiction: body.jurisdiction_code,
        description: body.description,
        media: body.media,
        voice_note: body.voice_note,
        anonymity: if body.anonymous {
            Anonymity::Anonymous
        } else {
            Anonymity::Named
        },
        visibility: if body.public {
            Visibility::Public
        } else {
            Visibility::Private
        },
        at: state.clock.now(),
    };
    let intake = linli_engine::intake::file_and_route(
        &state.engine,
        &state.directory,
        &state.read.queues,
        command,
        principal.record.profile.home_grid,
        key.meta(&actor, principal.user, "file"),
    )
    .await
    .map_err(|e| match e {
        linli_engine::intake::IntakeError::Command(e) => ApiError::from(e),
        linli_engine::intake::IntakeError::Routing(e) => ApiError::unavailable(format!(
            "the complaint was recorded but cannot be routed yet: {e}"
        )),
        other => ApiError::internal(&other),
    })?;
    Ok((StatusCode::CREATED, accepted(id, &intake.assigned)))
}

/// Attached media must have been uploaded, and a voice note must be audio.
fn check_media(
    state: &AppState,
    media: &[linli_domain::MediaId],
    voice: Option<&linli_domain::MediaId>,
) -> Result<(), ApiError> {
    for id in media.iter().chain(voice) {
        let Some(meta) = state.media.meta(id)? else {
            return Err(ApiError::invalid(
                "media.unknown",
                format!("media {id} was not uploaded"),
            ));
        };
        if Some(id) == voice && meta.kind != crate::media::MediaKind::Audio {
            return Err(ApiError::invalid(
                "media.not_audio",
                "the voice note must be an audio file",
            ));
        }
    }
    Ok(())
}

/// The complaint's current state, for lookups and scope checks.
fn load(state: &AppState, id: ComplaintId) -> Result<Option<ComplaintRecord>, ApiError> {
    Ok(state
        .engine
        .load::<Complaint>(StreamName::Complaint(id))?
        .state)
}

fn existing(state: &AppState, id: ComplaintId) -> Result<ComplaintRecord, ApiError> {
    load(state, id)?
        .ok_or_else(|| ApiError::from(linli_domain::DomainError::from(ComplaintError::NotFound)))
}

/// Staff acting as managers must cover the complaint's jurisdiction; cadres are checked by
/// the domain (only the assigned cadre may handle it).
fn check_scope(
    principal: &Principal,
    actor: &Actor,
    record: &ComplaintRecord,
) -> Result<(), ApiError> {
    if actor.role() == Some(Role::Manager) {
        let node = record
            .assignment
            .as_ref()
            .map(|a| &a.jurisdiction)
            .or(record.reported_jurisdiction.as_ref());
        if !scope::staff_covers(principal, node) {
            return Err(ApiError::forbidden(
                "this complaint is outside your jurisdictions",
            ));
        }
    }
    Ok(())
}

/// The role a principal acts in for handling work: the assigned cadre as cadre, else a
/// manager as manager.
fn handler_actor(principal: &Principal, record: &ComplaintRecord) -> Result<Actor, ApiError> {
    let assigned = record.assignment.as_ref().and_then(|a| a.cadre) == Some(principal.user);
    let roles: &[Role] = if assigned {
        &[Role::Cadre, Role::Manager]
    } else {
        &[Role::Manager, Role::Cadre]
    };
    Ok(principal.act_as(roles)?)
}

/// Who is asking, with what key: what every command handler passes on.
struct Caller<'a> {
    state: &'a AppState,
    principal: &'a Principal,
    key: &'a IdempotencyKey,
}

/// Runs one command against an existing complaint.
async fn run(
    caller: Caller<'_>,
    id: ComplaintId,
    step: &str,
    actor: Actor,
    record: &ComplaintRecord,
    command: ComplaintCommand,
) -> Result<Json<Accepted>, ApiError> {
    let Caller {
        state,
        principal,
        key,
    } = caller;
    check_scope(principal, &actor, record)?;
    let outcome = state
        .engine
        .execute::<Complaint>(
            StreamName::Complaint(id),
            command,
            key.meta(&actor, principal.user, step),
        )
        .await?;
    Ok(accepted(id, &outcome))
}

#[utoipa::path(
    post,
    path = "/api/v1/complaints/{id}/accept",
    tag = "complaints",
    params(("id" = ComplaintId, Path, description = "The complaint.")),
    responses(
        (status = 200, description = "Done (or replayed: see `replay`)", body = Accepted),
        (status = 403, description = "Not allowed for this role or outside your jurisdictions", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such complaint", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Not possible in the complaint's current status, or contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn accept(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ComplaintId>,
) -> Result<Json<Accepted>, ApiError> {
    let record = existing(&state, id)?;
    let actor = handler_actor(&principal, &record)?;
    let command = ComplaintCommand::Accept(AcceptComplaint {
        by: actor,
        at: state.clock.now(),
    });
    run(
        Caller {
            state: &state,
            principal: &principal,
            key: &key,
        },
        id,
        "accept",
        actor,
        &record,
        command,
    )
    .await
}

#[utoipa::path(
    post,
    path = "/api/v1/complaints/{id}/notes",
    tag = "complaints",
    params(("id" = ComplaintId, Path, description = "The complaint.")),
    request_body = NoteBody,
    responses(
        (status = 200, description = "Done (or replayed: see `replay`)", body = Accepted),
        (status = 403, description = "Not allowed for this role or outside your jurisdictions", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such complaint", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Not possible in the complaint's current status, or contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn note(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ComplaintId>,
    ApiJson(body): ApiJson<NoteBody>,
) -> Result<Json<Accepted>, ApiError> {
    check_media(&state, &body.media, None)?;
    let record = existing(&state, id)?;
    let actor = if record.resident == principal.user {
        principal.act_as(&[Role::Resident])?
    } else {
        handler_actor(&principal, &record)?
    };
    let command = ComplaintCommand::AddNote(AddNote {
        text: body.text,
        media: body.media,
        visibility: if body.internal {
            NoteVisibility::Internal
        } else {
            NoteVisibility::Shared
        },
        by: actor,
        at: state.clock.now(),
    });
    run(
        Caller {
            state: &state,
            principal: &principal,
            key: &key,
        },
        id,
        "note",
        actor,
        &record,
        command,
    )
    .await
}

#[utoipa::path(
    post,
    path = "/api/v1/complaints/{id}/transfer",
    tag = "complaints",
    params(("id" = ComplaintId, Path, description = "The complaint.")),
    request_body = TransferBody,
    responses(
        (status = 200, description = "Done (or replayed: see `replay`)", body = Accepted),
        (status = 403, description = "Not allowed for this role or outside your jurisdictions", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such complaint", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Not possible in the complaint's current status, or contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn transfer(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ComplaintId>,
    ApiJson(body): ApiJson<TransferBody>,
) -> Result<Json<Accepted>, ApiError> {
    let record = existing(&state, id)?;
    let actor = handler_actor(&principal, &record)?;
    let now = state.clock.now();
    let router = state.directory.router()?;
    let current = record.assignment.as_ref().map(|a| a.jurisdiction);
    let node = body.to_jurisdiction.or(current).ok_or_else(|| {
        ApiError::invalid(
            "complaint.transfer_target_missing",
            "name a jurisdiction or a cadre to transfer to",
        )
    })?;
    if router.directory().node(&node).is_none() {
        return Err(ApiError::invalid(
            "directory.unknown_node",
            format!("{node} is not in the directory"),
        ));
    }
    let cadre = match body.to_cadre {
        Some(cadre) => Some(cadre),
        None => router
            .pick_cadre(&node, record.category, &state.read.queues)
            .map(|(c, _)| c),
    };
    let decision = linli_engine::RoutingDecision {
        jurisdiction: node,
        cadre,
        basis: linli_domain::complaint::RoutingBasis::Manual,
        handlers_node: None,
    };
    let assignment = router.assignment(&decision, record.category, now);
    let command = ComplaintCommand::Transfer(TransferComplaint {
        assignment,
        reason: body.reason,
        by: actor,
        at: now,
    });
    run(
        Caller {
            state: &state,
            principal: &principal,
            key: &key,
        },
        id,
        "transfer",
        actor,
        &record,
        command,
    )
    .await
}

#[utoipa::path(
    post,
    path = "/api/v1/complaints/{id}/reject",
    tag = "complaints",
    params(("id" = ComplaintId, Path, description = "The complaint.")),
    request_body = ReasonBody,
    responses(
        (status = 200, description = "Done (or replayed: see `replay`)", body = Accepted),
        (status = 403, description = "Not allowed for this role or outside your jurisdictions", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such complaint", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Not possible in the complaint's current status, or contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn reject(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ComplaintId>,
    ApiJson(body): ApiJson<ReasonBody>,
) -> Result<Json<Accepted>, ApiError> {
    let record = existing(&state, id)?;
    let actor = handler_actor(&principal, &record)?;
    let command = ComplaintCommand::RejectNotResponsible(RejectNotResponsible {
        reason: body.reason.unwrap_or_default(),
        by: actor,
        at: state.clock.now(),
    });
    run(
        Caller {
            state: &state,
            principal: &principal,
            key: &key,
        },
        id,
        "reject",
        actor,
        &record,
        command,
    )
    .await
}

#[utoipa::path(
    post,
    path = "/api/v1/complaints/{id}/resolve",
    tag = "complaints",
    params(("id" = ComplaintId, Path, description = "The complaint.")),
    request_body = ResolveBody,
    responses(
        (status = 200, description = "Done (or replayed: see `replay`)", body = Accepted),
        (status = 403, description = "Not allowed for this role or outside your jurisdictions", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such complaint", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Not possible in the complaint's current status, or contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn resolve(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ComplaintId>,
    ApiJson(body): ApiJson<ResolveBody>,
) -> Result<Json<Accepted>, ApiError> {
    check_media(&state, &body.media, None)?;
    let record = existing(&state, id)?;
    let actor = handler_actor(&principal, &record)?;
    let command = ComplaintCommand::Resolve(ResolveComplaint {
        resolution: body.resolution,
        media: body.media,
        by: actor,
        at: state.clock.now(),
    });
    run(
        Caller {
            state: &state,
            principal: &principal,
            key: &key,
        },
        id,
        "resolve",
        actor,
        &record,
        command,
    )
    .await
}

#[utoipa::path(
    post,
    path = "/api/v1/complaints/{id}/confirm",
    tag = "complaints",
    params(("id" = ComplaintId, Path, description = "The complaint.")),
    responses(
        (status = 200, description = "Done (or replayed: see `replay`)", body = Accepted),
        (status = 403, description = "Not allowed for this role or outside your jurisdictions", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such complaint", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Not possible in the complaint's current status, or contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn confirm(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ComplaintId>,
) -> Result<Json<Accepted>, ApiError> {
    let record = existing(&state, id)?;
    let actor = principal.act_as(&[Role::Resident])?;
    let command = ComplaintCommand::Confirm(ConfirmResolution {
        by: actor,
        at: state.clock.now(),
    });
    run(
        Caller {
            state: &state,
            principal: &principal,
            key: &key,
        },
        id,
        "confirm",
        actor,
        &record,
        command,
    )
    .await
}

#[utoipa::path(
    post,
    path = "/api/v1/complaints/{id}/reopen",
    tag = "complaints",
    params(("id" = ComplaintId, Path, description = "The complaint.")),
    request_body = ReasonBody,
    responses(
        (status = 200, description = "Done (or replayed: see `replay`)", body = Accepted),
        (status = 403, description = "Not allowed for this role or outside your jurisdictions", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such complaint", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Not possible in the complaint's current status, or contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn reopen(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ComplaintId>,
    ApiJson(body): ApiJson<ReasonBody>,
) -> Result<Json<Accepted>, ApiError> {
    let record = existing(&state, id)?;
    let actor = principal.act_as(&[Role::Resident])?;
    let now = state.clock.now();
    let router = state.directory.router()?;
    let due = linli_engine::due_times(record.category, now, router.directory());
    let command = ComplaintCommand::Reopen(ReopenComplaint {
        reason: body.reason.unwrap_or_default(),
        window: state.reopen_window,
        resolution_due_at: due.resolution,
        by: actor,
        at: now,
    });
    run(
        Caller {
            state: &state,
            principal: &principal,
            key: &key,
        },
        id,
        "reopen",
        actor,
        &record,
        command,
    )
    .await
}

#[utoipa::path(
    post,
    path = "/api/v1/complaints/{id}/rate",
    tag = "complaints",
    params(("id" = ComplaintId, Path, description = "The complaint.")),
    request_body = RateBody,
    responses(
        (status = 200, description = "Done (or replayed: see `replay`)", body = Accepted),
        (status = 403, description = "Not allowed for this role or outside your jurisdictions", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such complaint", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Not possible in the complaint's current status, or contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn rate(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ComplaintId>,
    ApiJson(body): ApiJson<RateBody>,
) -> Result<Json<Accepted>, ApiError> {
    let record = existing(&state, id)?;
    let actor = principal.act_as(&[Role::Resident])?;
    let score = Score::new(body.score)
        .map_err(|e| ApiError::invalid("complaint.invalid_score", e.to_string()))?;
    let command = ComplaintCommand::Rate(RateComplaint {
        score,
        tags: body.tags,
        comment: body.comment,
        by: actor,
        at: state.clock.now(),
    });
    run(
        Caller {
            state: &state,
            principal: &principal,
            key: &key,
        },
        id,
        "rate",
        actor,
        &record,
        command,
    )
    .await
}

#[utoipa::path(
    post,
    path = "/api/v1/complaints/{id}/escalate",
    tag = "complaints",
    params(("id" = ComplaintId, Path, description = "The complaint.")),
    request_body = ReasonBody,
    responses(
        (status = 200, description = "Done (or replayed: see `replay`)", body = Accepted),
        (status = 403, description = "Not allowed for this role or outside your jurisdictions", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such complaint", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Not possible in the complaint's current status, or contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn escalate(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ComplaintId>,
    ApiJson(_body): ApiJson<ReasonBody>,
) -> Result<Json<Accepted>, ApiError> {
    let record = existing(&state, id)?;
    let actor = principal.act_as(&[Role::Manager])?;
    let now = state.clock.now();
    let router = state.directory.router()?;
    let from = record
        .assignment
        .as_ref()
        .map(|a| a.jurisdiction)
        .ok_or_else(|| {
            ApiError::invalid(
                "complaint.not_routed",
                "the complaint has no jurisdiction to escalate from",
            )
        })?;
    let decision = router
        .escalation(&from, record.category, &state.read.queues)
        .ok_or_else(|| {
            ApiError::invalid("complaint.top_level", "there is no level above this one")
        })?;
    let assignment = router.assignment(&decision, record.category, now);
    let command = ComplaintCommand::Escalate(EscalateComplaint {
        assignment,
        reason: EscalationReason::Manual,
        by: actor,
        at: now,
    });
    run(
        Caller {
            state: &state,
            principal: &principal,
            key: &key,
        },
        id,
        "escalate",
        actor,
        &record,
        command,
    )
    .await
}

#[utoipa::path(
    post,
    path = "/api/v1/complaints/{id}/withdraw",
    tag = "complaints",
    params(("id" = ComplaintId, Path, description = "The complaint.")),
    request_body = ReasonBody,
    responses(
        (status = 200, description = "Done (or replayed: see `replay`)", body = Accepted),
        (status = 403, description = "Not allowed for this role or outside your jurisdictions", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such complaint", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Not possible in the complaint's current status, or contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn withdraw(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ComplaintId>,
    ApiJson(body): ApiJson<ReasonBody>,
) -> Result<Json<Accepted>, ApiError> {
    let record = existing(&state, id)?;
    let actor = principal.act_as(&[Role::Resident])?;
    let command = ComplaintCommand::Withdraw(WithdrawComplaint {
        reason: body.reason,
        by: actor,
        at: state.clock.now(),
    });
    run(
        Caller {
            state: &state,
            principal: &principal,
            key: &key,
        },
        id,
        "withdraw",
        actor,
        &record,
        command,
    )
    .await
}

#[utoipa::path(
    post,
    path = "/api/v1/complaints/{id}/merge",
    tag = "complaints",
    params(("id" = ComplaintId, Path, description = "The complaint.")),
    request_body = MergeBody,
    responses(
        (status = 200, description = "Done (or replayed: see `replay`)", body = Accepted),
        (status = 403, description = "Not allowed for this role or outside your jurisdictions", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such complaint", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Not possible in the complaint's current status, or contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn merge(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<ComplaintId>,
    ApiJson(body): ApiJson<MergeBody>,
) -> Result<Json<Accepted>, ApiError> {
    let record = existing(&state, id)?;
    let actor = handler_actor(&principal, &record)?;
    if body.into == id || load(&state, body.into)?.is_none() {
        return Err(ApiError::invalid(
            "complaint.merge_target_invalid",
            "merge into another existing complaint",
        ));
    }
    let command = ComplaintCommand::MergeAsDuplicate(MergeAsDuplicate {
        into: body.into,
        by: actor,
        at: state.clock.now(),
    });
    run(
        Caller {
            state: &state,
            principal: &principal,
            key: &key,
        },
        id,
        "merge",
        actor,
        &record,
        command,
    )
    .await
}
