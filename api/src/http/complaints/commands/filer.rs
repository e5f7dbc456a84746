//! What the resident who filed does: confirm, reopen, rate, withdraw.

use super::*;

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
