//! Filing: `POST /api/v1/complaints`.

use super::*;

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
