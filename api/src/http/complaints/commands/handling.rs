//! What the assigned cadre or a manager does: accept, note, transfer, reject, resolve,
//! escalate, merge.

use super::*;

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
