//! Complaint commands: `POST /api/v1/complaints` and `POST /api/v1/complaints/{id}/<action>`.
//!
//! Each handler: who may do it (roles), what it needs looked up (routing, due times), the
//! domain command, the engine. The domain decides whether the transition is legal and
//! whether this actor may make it; scope (a manager only within their jurisdictions) is
//! checked here through `auth::scope`.
//!
//! This module holds what every command shares; `filing` files, `handling` holds what the
//! assigned cadre or a manager does, `filer` what the resident who filed does.

mod filer;
mod filing;
mod handling;

pub use filer::*;
pub use filing::*;
pub use handling::*;

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
