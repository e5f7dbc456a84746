//! Errands (委托代办): a resident (often elderly) entrusts a task to an agent, e.g. renewing
//! a pension certification at the township hall.
//!
//! A cadre responsible for the place assigns the agent: themself is not allowed — the
//! assigning cadre becomes the errand's *verifier*, and nobody verifies their own papers —
//! so the agent is another cadre or a volunteer resident the cadre accepted. Before the
//! agent may act (note progress, complete), the agent's ID-card copy and the requester's
//! power of attorney are submitted and the verifier checks them. Those two documents are
//! seen only by the requester, the agent and the verifier (enforced by the API and the
//! media download).
//!
//! ```text
//! requested ─assign─▶ awaiting_documents ─submit─▶ documents_submitted ─verify─▶ in_progress ─▶ completed
//!                            ▲                          │ reject
//!                            └──── documents_rejected ◀─┘                (cancelled from any open state)
//! ```

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{acting, CivicError, Subject};
use crate::actor::{Actor, Role};
use crate::aggregate::Aggregate;
use crate::event::domain_events;
use crate::ids::{ErrandId, JurisdictionCode, MediaId, UserId};
use crate::validate::{self, ValidationError};

const S: Subject = Subject::Errand;
/// Longest task description.
pub const MAX_TASK: usize = 1000;
/// Longest note or reason.
pub const MAX_NOTE: usize = 500;

/// Where an errand stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ErrandStatus {
    /// Waiting for a cadre to assign an agent.
    Requested,
    /// An agent is assigned; the documents are not in yet.
    AwaitingDocuments,
    /// The documents are in; waiting for the verifier.
    DocumentsSubmitted,
    /// The verifier refused the documents; new ones are needed.
    DocumentsRejected,
    /// Documents verified: the agent may act.
    InProgress,
    /// Done.
    Completed,
    /// Called off.
    Cancelled,
}

impl ErrandStatus {
    /// Every status.
    pub const ALL: [ErrandStatus; 7] = [
        ErrandStatus::Requested,
        ErrandStatus::AwaitingDocuments,
        ErrandStatus::DocumentsSubmitted,
        ErrandStatus::DocumentsRejected,
        ErrandStatus::InProgress,
        ErrandStatus::Completed,
        ErrandStatus::Cancelled,
    ];

    /// The stable snake_case name, as in JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrandStatus::Requested => "requested",
            ErrandStatus::AwaitingDocuments => "awaiting_documents",
            ErrandStatus::DocumentsSubmitted => "documents_submitted",
            ErrandStatus::DocumentsRejected => "documents_rejected",
            ErrandStatus::InProgress => "in_progress",
            ErrandStatus::Completed => "completed",
            ErrandStatus::Cancelled => "cancelled",
        }
    }

    /// Completed or cancelled.
    pub const fn is_final(self) -> bool {
        matches!(self, ErrandStatus::Completed | ErrandStatus::Cancelled)
    }
}

/// Who the agent is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AgentKind {
    /// Another cadre.
    Cadre,
    /// A resident volunteer the assigning cadre accepted.
    Volunteer,
}

/// A command for one errand stream.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrandCommand {
    /// Entrust a task. Who: a resident.
    Request(RequestErrand),
    /// Assign the agent; the assigning cadre becomes the verifier. Who: a cadre.
    AssignAgent(AssignAgent),
    /// Hand in the ID-card copy and power of attorney. Who: the agent or the requester.
    SubmitDocuments(SubmitDocuments),
    /// Accept the documents. Who: the verifier.
    VerifyDocuments(ErrandStep),
    /// Refuse the documents with a reason. Who: the verifier.
    RejectDocuments(ErrandReason),
    /// Tell the requester how it is going. Who: the agent, once verified.
    NoteProgress(ErrandNote),
    /// Done. Who: the agent, once verified.
    Complete(ErrandNote),
    /// Call it off with a reason. Who: the requester or the verifier.
    Cancel(ErrandReason),
}

/// Entrust a task.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestErrand {
    /// The id the caller generated.
    pub errand_id: ErrandId,
    /// Where it is handled (the requester's home grid, or a place they name).
    pub jurisdiction: JurisdictionCode,
    /// What is to be done.
    pub task: String,
    /// By when.
    pub deadline: DateTime<Utc>,
    /// A resident.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Assign the agent.
#[derive(Debug, Clone, PartialEq)]
pub struct AssignAgent {
    /// The agent.
    pub agent: UserId,
    /// Cadre or volunteer (looked up by the caller from the agent's roles).
    pub kind: AgentKind,
    /// A cadre.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Submit the documents.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmitDocuments {
    /// A copy of the agent's ID card.
    pub id_card_copy: MediaId,
    /// The requester's signed power of attorney.
    pub power_of_attorney: MediaId,
    /// The agent or the requester.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// A step with nothing to say.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrandStep {
    /// Who.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// A step that needs a reason.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrandReason {
    /// Why.
    pub reason: String,
    /// Who.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// A step with a note.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrandNote {
    /// What happened.
    pub text: String,
    /// Who.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

domain_events! {
    /// Every fact about an errand.
    pub enum ErrandEvent {
        /// A resident entrusted a task.
        Requested(ErrandRequested) = ("errand.requested", 1),
        /// A cadre assigned the agent and became the verifier.
        AgentAssigned(ErrandAgentAssigned) = ("errand.agent_assigned", 1),
        /// The ID-card copy and power of attorney were handed in.
        DocumentsSubmitted(ErrandDocumentsSubmitted) = ("errand.documents_submitted", 1),
        /// The verifier accepted them.
        DocumentsVerified(ErrandDocumentsVerified) = ("errand.documents_verified", 1),
        /// The verifier refused them.
        DocumentsRejected(ErrandDocumentsRejected) = ("errand.documents_rejected", 1),
        /// The agent reported progress.
        ProgressNoted(ErrandProgressNoted) = ("errand.progress_noted", 1),
        /// The agent finished.
        Completed(ErrandCompleted) = ("errand.completed", 1),
        /// It was called off.
        Cancelled(ErrandCancelled) = ("errand.cancelled", 1),
    }
}

/// `errand.requested` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrandRequested {
    /// Its id.
    pub errand_id: ErrandId,
    /// The resident.
    pub requester: UserId,
    /// Where it is handled.
    pub jurisdiction: JurisdictionCode,
    /// What is to be done.
    pub task: String,
    /// By when.
    pub deadline: DateTime<Utc>,
    /// When.
    pub at: DateTime<Utc>,
}

/// `errand.agent_assigned` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrandAgentAssigned {
    /// The agent.
    pub agent: UserId,
    /// Cadre or volunteer.
    pub kind: AgentKind,
    /// The cadre who assigned the agent and alone verifies the documents.
    pub verifier: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `errand.documents_submitted` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrandDocumentsSubmitted {
    /// A copy of the agent's ID card (**personal data**).
    pub id_card_copy: MediaId,
    /// The power of attorney (**personal data**).
    pub power_of_attorney: MediaId,
    /// Who handed them in.
    pub by: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `errand.documents_verified` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrandDocumentsVerified {
    /// The verifier.
    pub by: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `errand.documents_rejected` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrandDocumentsRejected {
    /// Why.
    pub reason: String,
    /// The verifier.
    pub by: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `errand.progress_noted` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrandProgressNoted {
    /// What happened.
    pub text: String,
    /// The agent.
    pub by: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `errand.completed` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrandCompleted {
    /// How it ended.
    pub text: String,
    /// The agent.
    pub by: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `errand.cancelled` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrandCancelled {
    /// Why.
    pub reason: String,
    /// The requester or the verifier, and their role.
    pub by: Actor,
    /// When.
    pub at: DateTime<Utc>,
}

/// `None` until requested.
pub type ErrandState = Option<ErrandRecord>;

/// What decisions need of an errand.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ErrandRecord {
    /// The resident.
    pub requester: UserId,
    /// Where it is handled.
    pub jurisdiction: JurisdictionCode,
    /// Where it stands.
    pub status: ErrandStatus,
    /// The agent, once assigned.
    pub agent: Option<UserId>,
    /// The cadre who assigned the agent.
    pub verifier: Option<UserId>,
}

/// The errand aggregate; one stream `errand-{uuid}` each.
#[derive(Debug, Clone, Copy, Default)]
pub struct Errand;

impl Aggregate for Errand {
    const NAME: &'static str = "errand";
    type Command = ErrandCommand;
    type Event = ErrandEvent;
    type State = ErrandState;
    type Error = CivicError;

    fn decide(
        command: &ErrandCommand,
        state: &ErrandState,
    ) -> Result<Vec<ErrandEvent>, CivicError> {
        decide(command, state)
    }

    fn evolve(state: ErrandState, event: &ErrandEvent) -> ErrandState {
        let mut r = match (state, event) {
            (None, ErrandEvent::Requested(e)) => {
                return Some(ErrandRecord {
                    requester: e.requester,
                    jurisdiction: e.jurisdiction,
                    status: ErrandStatus::Requested,
                    agent: None,
                    verifier: None,
                })
            }
            (Some(r), _) => r,
            (None, _) => return None,
        };
        match event {
            ErrandEvent::Requested(_) | ErrandEvent::ProgressNoted(_) => {}
            ErrandEvent::AgentAssigned(e) => {
                r.agent = Some(e.agent);
                r.verifier = Some(e.verifier);
                r.status = ErrandStatus::AwaitingDocuments;
            }
            ErrandEvent::DocumentsSubmitted(_) => r.status = ErrandStatus::DocumentsSubmitted,
            ErrandEvent::DocumentsVerified(_) => r.status = ErrandStatus::InProgress,
            ErrandEvent::DocumentsRejected(_) => r.status = ErrandStatus::DocumentsRejected,
            ErrandEvent::Completed(_) => r.status = ErrandStatus::Completed,
            ErrandEvent::Cancelled(_) => r.status = ErrandStatus::Cancelled,
        }
        Some(r)
    }
}

fn decide(command: &ErrandCommand, state: &ErrandState) -> Result<Vec<ErrandEvent>, CivicError> {
    let invalid = CivicError::invalid(S);
    let r = match (command, state) {
        (ErrandCommand::Request(c), None) => return request(c),
        (ErrandCommand::Request(_), Some(_)) => return Err(CivicError::AlreadyExists(S)),
        (_, None) => return Err(CivicError::NotFound(S)),
        (_, Some(r)) => r,
    };
    let refuse = |command: &'static str| CivicError::InvalidTransition {
        subject: S,
        from: r.status.as_str(),
        command,
    };
    let not_allowed = |by: &Actor, reason: &'static str| CivicError::NotAllowed {
        subject: S,
        actor: *by,
        reason,
    };
    let verifier = |by: &Actor| match by {
        Actor::User {
            user,
            role: Role::Cadre,
        } if Some(*user) == r.verifier => Ok(*user),
        _ => Err(not_allowed(by, "only the cadre who assigned the agent")),
    };
    let agent = |by: &Actor| match by.user() {
        Some(user) if Some(user) == r.agent && !by.has_role(Role::Auditor) => Ok(user),
        _ => Err(not_allowed(by, "only the agent")),
    };
    match command {
        ErrandCommand::Request(_) => Err(CivicError::AlreadyExists(S)),
        ErrandCommand::AssignAgent(c) => {
            let by = acting(S, &c.by, &[Role::Cadre], "only a cadre assigns an agent")?;
            // The assigning cadre becomes the verifier of the power of attorney: a cadre who
            // entrusted this errand as a resident would be checking their own papers.
            if by == r.requester {
                return Err(not_allowed(
                    &c.by,
                    "a cadre cannot assign the agent of their own errand",
                ));
            }
            if r.status != ErrandStatus::Requested {
                return Err(refuse("assign an agent to"));
            }
            if c.agent == r.requester {
                return Err(invalid(ValidationError::Invalid {
                    field: "agent",
                    reason: "the requester cannot be their own agent",
                }));
            }
            if c.agent == by {
                return Err(invalid(ValidationError::Invalid {
                    field: "agent",
                    reason: "the assigning cadre verifies the documents and cannot be the agent",
                }));
            }
            Ok(vec![ErrandAgentAssigned {
                agent: c.agent,
                kind: c.kind,
                verifier: by,
                at: c.at,
            }
            .into()])
        }
        ErrandCommand::SubmitDocuments(c) => {
            let by = match c.by.user() {
                // Auditors read everything and write nothing, whoever they are otherwise.
                Some(u)
                    if (Some(u) == r.agent || u == r.requester)
                        && !c.by.is_system()
                        && !c.by.has_role(Role::Auditor) =>
                {
                    u
                }
                _ => return Err(not_allowed(&c.by, "only the agent or the requester")),
            };
            if !matches!(
                r.status,
                ErrandStatus::AwaitingDocuments | ErrandStatus::DocumentsRejected
            ) {
                return Err(refuse("submit documents for"));
            }
            if c.id_card_copy == c.power_of_attorney {
                return Err(invalid(ValidationError::Invalid {
                    field: "power_of_attorney",
                    reason: "the ID-card copy and the power of attorney are two different files",
                }));
            }
            Ok(vec![ErrandDocumentsSubmitted {
                id_card_copy: c.id_card_copy.clone(),
                power_of_attorney: c.power_of_attorney.clone(),
                by,
                at: c.at,
            }
            .into()])
        }
        ErrandCommand::VerifyDocuments(c) => {
            let by = verifier(&c.by)?;
            if r.status != ErrandStatus::DocumentsSubmitted {
                return Err(refuse("verify documents of"));
            }
            Ok(vec![ErrandDocumentsVerified { by, at: c.at }.into()])
        }
        ErrandCommand::RejectDocuments(c) => {
            let by = verifier(&c.by)?;
            if r.status != ErrandStatus::DocumentsSubmitted {
                return Err(refuse("reject documents of"));
            }
            Ok(vec![ErrandDocumentsRejected {
                reason: validate::text("reason", &c.reason, MAX_NOTE).map_err(&invalid)?,
                by,
                at: c.at,
            }
            .into()])
        }
        ErrandCommand::NoteProgress(c) => {
            let by = agent(&c.by)?;
            if r.status != ErrandStatus::InProgress {
                return Err(refuse("note progress on"));
            }
            Ok(vec![ErrandProgressNoted {
                text: validate::text("text", &c.text, MAX_NOTE).map_err(&invalid)?,
                by,
                at: c.at,
            }
            .into()])
        }
        ErrandCommand::Complete(c) => {
            let by = agent(&c.by)?;
            if r.status != ErrandStatus::InProgress {
                return Err(refuse("complete"));
            }
            Ok(vec![ErrandCompleted {
                text: validate::text("text", &c.text, MAX_NOTE).map_err(&invalid)?,
                by,
                at: c.at,
            }
            .into()])
        }
        ErrandCommand::Cancel(c) => {
            let allowed = c.by.is(r.requester, Role::Resident) || verifier(&c.by).is_ok();
            if !allowed {
                return Err(not_allowed(&c.by, "only the requester or the verifier"));
            }
            if r.status.is_final() {
                return Err(refuse("cancel"));
            }
            Ok(vec![ErrandCancelled {
                reason: validate::text("reason", &c.reason, MAX_NOTE).map_err(&invalid)?,
                by: c.by,
                at: c.at,
            }
            .into()])
        }
    }
}

fn request(c: &RequestErrand) -> Result<Vec<ErrandEvent>, CivicError> {
    let invalid = CivicError::invalid(S);
    let requester = acting(
        S,
        &c.by,
        &[Role::Resident],
        "only a resident entrusts an errand",
    )?;
    if c.deadline <= c.at {
        return Err(invalid(ValidationError::Invalid {
            field: "deadline",
            reason: "must be in the future",
        }));
    }
    Ok(vec![ErrandRequested {
        errand_id: c.errand_id,
        requester,
        jurisdiction: c.jurisdiction,
        task: validate::text("task", &c.task, MAX_TASK).map_err(&invalid)?,
        deadline: c.deadline,
        at: c.at,
    }
    .into()])
}
