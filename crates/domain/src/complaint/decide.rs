//! Who may do what to a complaint, and when.
//!
//! Checks run in a fixed order so refusals are predictable: existence, then status (is the
//! command meaningful now?), then the actor (may this person do it?), then the fields.

use super::command::*;
use super::error::ComplaintError;
use super::event::*;
use super::state::{ComplaintRecord, ComplaintState};
use super::types::{ComplaintStatus, DeadlineKind, EscalationReason, NoteVisibility};
use crate::actor::{Actor, Role};
use crate::ids::Level;
use crate::validate::{self, ValidationError};

type Decision = Result<Vec<ComplaintEvent>, ComplaintError>;

const MAX_ADDRESS: usize = 200;
const MAX_DESCRIPTION: usize = 2000;
const MAX_NOTE: usize = 1000;
const MAX_REASON: usize = 500;
const MAX_RESOLUTION: usize = 2000;
const MAX_COMMENT: usize = 500;
const MAX_TAGS: usize = 5;
const MAX_TAG_CHARS: usize = 16;

pub(crate) fn decide(command: &ComplaintCommand, state: &ComplaintState) -> Decision {
    if let ComplaintCommand::File(cmd) = command {
        return match state {
            Some(_) => Err(ComplaintError::AlreadyExists),
            None => file(cmd),
        };
    }
    let c = state.as_ref().ok_or(ComplaintError::NotFound)?;
    match command {
        ComplaintCommand::File(_) => Err(ComplaintError::AlreadyExists),
        ComplaintCommand::Assign(cmd) => assign(cmd, c),
        ComplaintCommand::Accept(cmd) => accept(cmd, c),
        ComplaintCommand::AddNote(cmd) => add_note(cmd, c),
        ComplaintCommand::Transfer(cmd) => transfer(cmd, c),
        ComplaintCommand::RejectNotResponsible(cmd) => reject(cmd, c),
        ComplaintCommand::Resolve(cmd) => resolve(cmd, c),
        ComplaintCommand::Confirm(cmd) => confirm(cmd, c),
        ComplaintCommand::Reopen(cmd) => reopen(cmd, c),
        ComplaintCommand::Rate(cmd) => rate(cmd, c),
        ComplaintCommand::MarkOverdue(cmd) => mark_overdue(cmd, c),
        ComplaintCommand::Escalate(cmd) => escalate(cmd, c),
        ComplaintCommand::Withdraw(cmd) => withdraw(cmd, c),
        ComplaintCommand::MergeAsDuplicate(cmd) => merge(cmd, c),
    }
}

fn require_status(
    c: &ComplaintRecord,
    allowed: &[ComplaintStatus],
    command: ComplaintCommandKind,
) -> Result<(), ComplaintError> {
    if allowed.contains(&c.status) {
        Ok(())
    } else {
        Err(ComplaintError::InvalidTransition {
            from: c.status,
            command,
        })
    }
}

fn allow(ok: bool, actor: &Actor, reason: &'static str) -> Result<(), ComplaintError> {
    if ok {
        Ok(())
    } else {
        Err(ComplaintError::NotAllowed {
            actor: *actor,
            reason,
        })
    }
}

fn is_filer(c: &ComplaintRecord, actor: &Actor) -> bool {
    actor.is(c.resident, Role::Resident)
}

fn is_assigned_cadre(c: &ComplaintRecord, actor: &Actor) -> bool {
    c.cadre().is_some_and(|cadre| actor.is(cadre, Role::Cadre))
}

fn unresolved() -> &'static [ComplaintStatus] {
    &[
        ComplaintStatus::Filed,
        ComplaintStatus::Triage,
        ComplaintStatus::Assigned,
        ComplaintStatus::InProgress,
    ]
}

fn routed_unresolved() -> &'static [ComplaintStatus] {
    &[
        ComplaintStatus::Triage,
        ComplaintStatus::Assigned,
        ComplaintStatus::InProgress,
    ]
}

fn file(cmd: &FileComplaint) -> Decision {
    let resident = match cmd.by {
        Actor::User {
            user,
            role: Role::Resident,
        } => user,
        _ => {
            return Err(ComplaintError::NotAllowed {
                actor: cmd.by,
                reason: "only a resident can file a complaint",
            })
        }
    };
    let address = validate::text("address", &cmd.address, MAX_ADDRESS)?;
    let description = validate::text("description", &cmd.description, MAX_DESCRIPTION)?;
    validate::media("media", &cmd.media)?;
    if cmd.occurred_at > cmd.at {
        return Err(ValidationError::Invalid {
            field: "occurred_at",
            reason: "must not be after the filing time",
        }
        .into());
    }
    Ok(vec![ComplaintFiled {
        complaint_id: cmd.complaint_id,
        resident,
        category: cmd.category,
        occurred_at: cmd.occurred_at,
        address,
        point: cmd.point,
        jurisdiction: cmd.jurisdiction,
        description,
        media: cmd.media.clone(),
        voice_note: cmd.voice_note.clone(),
        anonymity: cmd.anonymity,
        visibility: cmd.visibility,
        filed_at: cmd.at,
    }
    .into()])
}

fn assign(cmd: &AssignComplaint, c: &ComplaintRecord) -> Decision {
    require_status(
        c,
        &[ComplaintStatus::Filed, ComplaintStatus::Triage],
        ComplaintCommandKind::Assign,
    )?;
    allow(
        cmd.by.is_system() || cmd.by.has_role(Role::Manager),
        &cmd.by,
        "only the router or a manager assigns",
    )?;
    cmd.assignment.validate()?;
    Ok(vec![ComplaintAssigned {
        assignment: cmd.assignment.clone(),
        by: cmd.by,
        at: cmd.at,
    }
    .into()])
}

fn accept(cmd: &AcceptComplaint, c: &ComplaintRecord) -> Decision {
    require_status(
        c,
        &[ComplaintStatus::Assigned],
        ComplaintCommandKind::Accept,
    )?;
    let cadre = accepting_cadre(c, &cmd.by)?;
    Ok(vec![ComplaintAccepted { cadre, at: cmd.at }.into()])
}

fn accepting_cadre(c: &ComplaintRecord, by: &Actor) -> Result<crate::ids::UserId, ComplaintError> {
    match (c.cadre(), by.user()) {
        (Some(cadre), Some(_)) if is_assigned_cadre(c, by) => Ok(cadre),
        _ => Err(ComplaintError::NotAllowed {
            actor: *by,
            reason: "only the assigned cadre handles the complaint",
        }),
    }
}

fn add_note(cmd: &AddNote, c: &ComplaintRecord) -> Decision {
    if c.status.is_terminal() {
        return Err(ComplaintError::InvalidTransition {
            from: c.status,
            command: ComplaintCommandKind::AddNote,
        });
    }
    let filer = is_filer(c, &cmd.by);
    allow(
        filer || is_assigned_cadre(c, &cmd.by) || cmd.by.has_role(Role::Manager),
        &cmd.by,
        "only the filer, the assigned cadre or a manager adds notes",
    )?;
    allow(
        !(filer && cmd.visibility == NoteVisibility::Internal),
        &cmd.by,
        "residents' notes are always shared",
    )?;
    let text = validate::text("text", &cmd.text, MAX_NOTE)?;
    validate::media("media", &cmd.media)?;
    Ok(vec![NoteAdded {
        number: c.note_count.saturating_add(1),
        author: cmd.by,
        text,
        media: cmd.media.clone(),
        visibility: cmd.visibility,
        at: cmd.at,
    }
    .into()])
}

fn transfer(cmd: &TransferComplaint, c: &ComplaintRecord) -> Decision {
    require_status(
        c,
        &[ComplaintStatus::Assigned, ComplaintStatus::InProgress],
        ComplaintCommandKind::Transfer,
    )?;
    allow(
        is_assigned_cadre(c, &cmd.by) || cmd.by.has_role(Role::Manager),
        &cmd.by,
        "only the assigned cadre or a manager transfers",
    )?;
    let Some(new_cadre) = cmd.assignment.cadre else {
        return Err(ValidationError::Invalid {
            field: "assignment.cadre",
            reason: "a transfer names a cadre; to return to triage, reject instead",
        }
        .into());
    };
    if c.cadre() == Some(new_cadre) {
        return Err(ComplaintError::SameAssignee);
    }
    cmd.assignment.validate()?;
    let reason = validate::text("reason", &cmd.reason, MAX_REASON)?;
    let (from_cadre, from_jurisdiction) = current(c, ComplaintCommandKind::Transfer)?;
    Ok(vec![ComplaintTransferred {
        from_cadre,
        from_jurisdiction,
        assignment: cmd.assignment.clone(),
        reason,
        by: cmd.by,
        at: cmd.at,
    }
    .into()])
}

/// The current cadre and node; every routed status has an assignment.
fn current(
    c: &ComplaintRecord,
    command: ComplaintCommandKind,
) -> Result<(Option<crate::ids::UserId>, crate::ids::JurisdictionCode), ComplaintError> {
    c.assignment
        .as_ref()
        .map(|a| (a.cadre, a.jurisdiction))
        .ok_or(ComplaintError::InvalidTransition {
            from: c.status,
            command,
        })
}

fn reject(cmd: &RejectNotResponsible, c: &ComplaintRecord) -> Decision {
    require_status(
        c,
        &[ComplaintStatus::Assigned],
        ComplaintCommandKind::RejectNotResponsible,
    )?;
    let cadre = accepting_cadre(c, &cmd.by)?;
    let reason = validate::text("reason", &cmd.reason, MAX_REASON)?;
    let (_, from) = current(c, ComplaintCommandKind::RejectNotResponsible)?;
    let triage = from.at_level(Level::Township).unwrap_or(from);
    Ok(vec![RejectedNotResponsible {
        cadre,
        from_jurisdiction: from,
        triage_jurisdiction: triage,
        reason,
        at: cmd.at,
    }
    .into()])
}

fn resolve(cmd: &ResolveComplaint, c: &ComplaintRecord) -> Decision {
    require_status(
        c,
        &[ComplaintStatus::Assigned, ComplaintStatus::InProgress],
        ComplaintCommandKind::Resolve,
    )?;
    let cadre = accepting_cadre(c, &cmd.by)?;
    let resolution = validate::text("resolution", &cmd.resolution, MAX_RESOLUTION)?;
    validate::media("media", &cmd.media)?;
    let mut events = Vec::with_capacity(2);
    if c.status == ComplaintStatus::Assigned {
        // Resolving on the spot is also the response; record it so response times stay true.
        events.push(ComplaintAccepted { cadre, at: cmd.at }.into());
    }
    events.push(
        ComplaintResolved {
            cadre,
            resolution,
            media: cmd.media.clone(),
            at: cmd.at,
        }
        .into(),
    );
    Ok(events)
}

fn confirm(cmd: &ConfirmResolution, c: &ComplaintRecord) -> Decision {
    require_status(
        c,
        &[ComplaintStatus::Resolved],
        ComplaintCommandKind::Confirm,
    )?;
    allow(
        is_filer(c, &cmd.by) || cmd.by.is_system(),
        &cmd.by,
        "only the filer confirms (or the system after the reopen window)",
    )?;
    Ok(vec![ResolutionConfirmed {
        by: cmd.by,
        at: cmd.at,
    }
    .into()])
}

fn reopen(cmd: &ReopenComplaint, c: &ComplaintRecord) -> Decision {
    require_status(
        c,
        &[ComplaintStatus::Resolved],
        ComplaintCommandKind::Reopen,
    )?;
    allow(is_filer(c, &cmd.by), &cmd.by, "only the filer reopens")?;
    if let Some(resolved_at) = c.resolved_at {
        // A window too large to add is no limit at all.
        let closed_at = resolved_at
            .checked_add_signed(cmd.window)
            .unwrap_or(chrono::DateTime::<chrono::Utc>::MAX_UTC);
        if cmd.at > closed_at {
            return Err(ComplaintError::ReopenWindowClosed {
                resolved_at,
                closed_at,
            });
        }
    }
    let reason = validate::text("reason", &cmd.reason, MAX_REASON)?;
    if cmd.resolution_due_at < cmd.at {
        return Err(ValidationError::Invalid {
            field: "resolution_due_at",
            reason: "must not be before the reopening",
        }
        .into());
    }
    Ok(vec![ComplaintReopened {
        reason,
        resolution_due_at: cmd.resolution_due_at,
        at: cmd.at,
    }
    .into()])
}

fn rate(cmd: &RateComplaint, c: &ComplaintRecord) -> Decision {
    require_status(
        c,
        &[ComplaintStatus::Resolved, ComplaintStatus::Closed],
        ComplaintCommandKind::Rate,
    )?;
    allow(is_filer(c, &cmd.by), &cmd.by, "only the filer rates")?;
    // A cadre who filed as a resident and handled it themself would be grading their own work.
    allow(
        c.cadre() != Some(c.resident),
        &cmd.by,
        "a cadre cannot rate a complaint they handled",
    )?;
    if c.rating.is_some() {
        return Err(ComplaintError::AlreadyRated);
    }
    let tags = validate::text_list("tags", &cmd.tags, MAX_TAGS, MAX_TAG_CHARS)?;
    let comment = validate::optional_text("comment", cmd.comment.as_deref(), MAX_COMMENT)?;
    Ok(vec![ComplaintRated {
        score: cmd.score,
        tags,
        comment,
        at: cmd.at,
    }
    .into()])
}

/// Statuses in which a deadline can still be missed.
fn open_for(deadline: DeadlineKind) -> &'static [ComplaintStatus] {
    match deadline {
        DeadlineKind::Response => &[ComplaintStatus::Triage, ComplaintStatus::Assigned],
        DeadlineKind::Resolution => routed_unresolved(),
    }
}

fn passed_due(
    c: &ComplaintRecord,
    deadline: DeadlineKind,
    at: chrono::DateTime<chrono::Utc>,
    command: ComplaintCommandKind,
) -> Result<chrono::DateTime<chrono::Utc>, ComplaintError> {
    let due_at = c
        .due_at(deadline)
        .ok_or(ComplaintError::InvalidTransition {
            from: c.status,
            command,
        })?;
    if at < due_at {
        return Err(ComplaintError::NotYetDue { deadline, due_at });
    }
    Ok(due_at)
}

fn mark_overdue(cmd: &MarkOverdue, c: &ComplaintRecord) -> Decision {
    require_status(c, open_for(cmd.deadline), ComplaintCommandKind::MarkOverdue)?;
    allow(
        cmd.by.is_system(),
        &cmd.by,
        "only the deadline scheduler marks overdue",
    )?;
    let due_at = passed_due(c, cmd.deadline, cmd.at, ComplaintCommandKind::MarkOverdue)?;
    if c.overdue.get(cmd.deadline) {
        // The scheduler may retry; the fact is already recorded.
        return Ok(vec![]);
    }
    Ok(vec![MarkedOverdue {
        deadline: cmd.deadline,
        due_at,
        at: cmd.at,
    }
    .into()])
}

fn escalate(cmd: &EscalateComplaint, c: &ComplaintRecord) -> Decision {
    let overdue_kind = match cmd.reason {
        EscalationReason::ResponseOverdue => Some(DeadlineKind::Response),
        EscalationReason::ResolutionOverdue => Some(DeadlineKind::Resolution),
        EscalationReason::Manual => None,
    };
    let allowed = overdue_kind.map_or(routed_unresolved(), open_for);
    require_status(c, allowed, ComplaintCommandKind::Escalate)?;
    if cmd.by.is_system() {
        let Some(kind) = overdue_kind else {
            return Err(ComplaintError::NotAllowed {
                actor: cmd.by,
                reason: "the system escalates only for a passed deadline",
            });
        };
        passed_due(c, kind, cmd.at, ComplaintCommandKind::Escalate)?;
    } else {
        allow(
            cmd.by.has_role(Role::Manager),
            &cmd.by,
            "only the scheduler or a manager escalates",
        )?;
    }
    let (_, from) = current(c, ComplaintCommandKind::Escalate)?;
    let to = cmd.assignment.jurisdiction;
    if !to.is_ancestor_of(&from) {
        return Err(ComplaintError::NotAnEscalation { from, to });
    }
    cmd.assignment.validate()?;
    Ok(vec![ComplaintEscalated {
        from_jurisdiction: from,
        assignment: cmd.assignment.clone(),
        level: c.escalation_level.saturating_add(1),
        reason: cmd.reason,
        by: cmd.by,
        at: cmd.at,
    }
    .into()])
}

fn withdraw(cmd: &WithdrawComplaint, c: &ComplaintRecord) -> Decision {
    require_status(c, unresolved(), ComplaintCommandKind::Withdraw)?;
    allow(is_filer(c, &cmd.by), &cmd.by, "only the filer withdraws")?;
    let reason = validate::optional_text("reason", cmd.reason.as_deref(), MAX_REASON)?;
    Ok(vec![ComplaintWithdrawn { reason, at: cmd.at }.into()])
}

fn merge(cmd: &MergeAsDuplicate, c: &ComplaintRecord) -> Decision {
    require_status(c, unresolved(), ComplaintCommandKind::MergeAsDuplicate)?;
    allow(
        is_assigned_cadre(c, &cmd.by) || cmd.by.has_role(Role::Manager),
        &cmd.by,
        "only the assigned cadre or a manager merges",
    )?;
    if cmd.into == c.id {
        return Err(ComplaintError::MergeIntoItself);
    }
    Ok(vec![MergedAsDuplicate {
        into: cmd.into,
        by: cmd.by,
        at: cmd.at,
    }
    .into()])
}
