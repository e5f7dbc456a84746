//! Every complaint transition, allowed and refused, one file per stage of a complaint's life.

mod closing;
mod deadlines;
mod handling;
mod intake;

use chrono::TimeDelta;
use linli_domain::complaint::*;
use linli_domain::testing::given;
use linli_domain::validate::ValidationError;
use linli_domain::{Actor, ErrorKind};

use crate::fixtures::*;

pub fn not_allowed(actor: Actor, reason: &'static str) -> ComplaintError {
    ComplaintError::NotAllowed { actor, reason }
}

pub fn invalid(from: ComplaintStatus, command: ComplaintCommandKind) -> ComplaintError {
    ComplaintError::InvalidTransition { from, command }
}

pub fn accept(by: Actor) -> ComplaintCommand {
    ComplaintCommand::Accept(AcceptComplaint { by, at: t(9, 0) })
}

pub fn assign(by: Actor, assignment: Assignment) -> ComplaintCommand {
    ComplaintCommand::Assign(AssignComplaint {
        assignment,
        by,
        at: t(8, 1),
    })
}

pub fn note(by: Actor, visibility: NoteVisibility) -> ComplaintCommand {
    ComplaintCommand::AddNote(AddNote {
        text: " 已到现场查看 ".into(),
        media: vec![],
        visibility,
        by,
        at: t(9, 30),
    })
}

pub fn transfer(by: Actor, to: Option<linli_domain::UserId>) -> ComplaintCommand {
    ComplaintCommand::Transfer(TransferComplaint {
        assignment: assignment_to(to, grid()),
        reason: "电线归另一网格".into(),
        by,
        at: t(9, 40),
    })
}

pub fn reject(by: Actor) -> ComplaintCommand {
    ComplaintCommand::RejectNotResponsible(RejectNotResponsible {
        reason: "不属于本网格".into(),
        by,
        at: t(8, 30),
    })
}

pub fn resolve(by: Actor) -> ComplaintCommand {
    ComplaintCommand::Resolve(ResolveComplaint {
        resolution: "已联系电力公司包好电线".into(),
        media: vec![media(4)],
        by,
        at: t(15, 0),
    })
}

pub fn confirm(by: Actor) -> ComplaintCommand {
    ComplaintCommand::Confirm(ConfirmResolution { by, at: t(16, 0) })
}

pub fn reopen(by: Actor, at: chrono::DateTime<chrono::Utc>) -> ComplaintCommand {
    ComplaintCommand::Reopen(ReopenComplaint {
        reason: "电线又掉下来了".into(),
        window: TimeDelta::days(7),
        resolution_due_at: day(8, 18, 0),
        by,
        at,
    })
}

pub fn rate(by: Actor, score: u8) -> ComplaintCommand {
    ComplaintCommand::Rate(RateComplaint {
        score: Score::new(score).unwrap(),
        tags: vec!["快".into(), "态度好".into()],
        comment: Some("谢谢".into()),
        by,
        at: t(16, 30),
    })
}

pub fn rated_event(score: u8) -> ComplaintEvent {
    ComplaintRated {
        score: Score::new(score).unwrap(),
        tags: vec!["快".into(), "态度好".into()],
        comment: Some("谢谢".into()),
        at: t(16, 30),
    }
    .into()
}

pub fn mark_overdue(
    by: Actor,
    deadline: DeadlineKind,
    at: chrono::DateTime<chrono::Utc>,
) -> ComplaintCommand {
    ComplaintCommand::MarkOverdue(MarkOverdue { deadline, by, at })
}

pub fn escalate_to(
    by: Actor,
    reason: EscalationReason,
    jurisdiction: linli_domain::JurisdictionCode,
    at: chrono::DateTime<chrono::Utc>,
) -> ComplaintCommand {
    ComplaintCommand::Escalate(EscalateComplaint {
        assignment: Assignment {
            cadre: Some(VILLAGE_CADRE),
            jurisdiction,
            basis: RoutingBasis::Manual,
            response_due_at: at + TimeDelta::hours(1),
            resolution_due_at: at + TimeDelta::hours(8),
        },
        reason,
        by,
        at,
    })
}

pub fn withdraw(by: Actor) -> ComplaintCommand {
    ComplaintCommand::Withdraw(WithdrawComplaint {
        reason: Some("自己修好了".into()),
        by,
        at: t(9, 10),
    })
}

pub fn merge(by: Actor, into: linli_domain::ComplaintId) -> ComplaintCommand {
    ComplaintCommand::MergeAsDuplicate(MergeAsDuplicate {
        into,
        by,
        at: t(9, 20),
    })
}
