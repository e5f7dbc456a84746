//! Errands: a resident entrusts a task; a cadre assigns an agent and becomes the verifier;
//! the agent's ID-card copy and the power of attorney are verified before the agent acts.
//! One file per stage: entrusting and assigning here, then the documents, then the work.

mod documents;
mod work;

use chrono::DateTime;
use chrono::Utc;
use linli_domain::civic::errand::*;
use linli_domain::civic::{CivicError, Subject};
use linli_domain::testing::given;
use linli_domain::validate::ValidationError;
use linli_domain::{Actor, ErrandId, Role, UserId};

use super::{cannot, chars, empty, invalid, not_allowed, too_long};
use crate::fixtures::*;

const S: Subject = Subject::Errand;
const ERRAND: ErrandId = ErrandId::from_u128(730);
/// The agent in most scenarios: another cadre than the one who assigns.
const AGENT: UserId = OTHER_CADRE;

fn agent() -> Actor {
    Actor::cadre(AGENT)
}

fn request_by(by: Actor, task: &str, deadline: DateTime<Utc>) -> ErrandCommand {
    ErrandCommand::Request(RequestErrand {
        errand_id: ERRAND,
        jurisdiction: grid(),
        task: task.into(),
        deadline,
        by,
        at: t(9, 0),
    })
}

fn request(by: Actor) -> ErrandCommand {
    request_by(by, "  代办养老金资格认证 ", day(7, 9, 0))
}

fn requested() -> ErrandEvent {
    ErrandRequested {
        errand_id: ERRAND,
        requester: RESIDENT,
        jurisdiction: grid(),
        task: "代办养老金资格认证".into(),
        deadline: day(7, 9, 0),
        at: t(9, 0),
    }
    .into()
}

fn assign(by: Actor, agent: UserId, kind: AgentKind) -> ErrandCommand {
    ErrandCommand::AssignAgent(AssignAgent {
        agent,
        kind,
        by,
        at: t(10, 0),
    })
}

fn assigned() -> ErrandEvent {
    ErrandAgentAssigned {
        agent: AGENT,
        kind: AgentKind::Cadre,
        verifier: CADRE,
        at: t(10, 0),
    }
    .into()
}

fn submit_documents(by: Actor) -> ErrandCommand {
    ErrandCommand::SubmitDocuments(SubmitDocuments {
        id_card_copy: media(11),
        power_of_attorney: media(12),
        by,
        at: t(11, 0),
    })
}

fn documents_submitted() -> ErrandEvent {
    ErrandDocumentsSubmitted {
        id_card_copy: media(11),
        power_of_attorney: media(12),
        by: AGENT,
        at: t(11, 0),
    }
    .into()
}

fn verify(by: Actor) -> ErrandCommand {
    ErrandCommand::VerifyDocuments(ErrandStep { by, at: t(12, 0) })
}

fn verified() -> ErrandEvent {
    ErrandDocumentsVerified {
        by: CADRE,
        at: t(12, 0),
    }
    .into()
}

fn reject_documents(by: Actor, reason: &str) -> ErrandCommand {
    ErrandCommand::RejectDocuments(ErrandReason {
        reason: reason.into(),
        by,
        at: t(12, 0),
    })
}

fn documents_rejected() -> ErrandEvent {
    ErrandDocumentsRejected {
        reason: "委托书缺少签名".into(),
        by: CADRE,
        at: t(12, 0),
    }
    .into()
}

fn note_progress(by: Actor, text: &str) -> ErrandCommand {
    ErrandCommand::NoteProgress(ErrandNote {
        text: text.into(),
        by,
        at: t(14, 0),
    })
}

fn complete(by: Actor, text: &str) -> ErrandCommand {
    ErrandCommand::Complete(ErrandNote {
        text: text.into(),
        by,
        at: t(15, 0),
    })
}

fn completed() -> ErrandEvent {
    ErrandCompleted {
        text: "认证已办结".into(),
        by: AGENT,
        at: t(15, 0),
    }
    .into()
}

fn cancel(by: Actor, reason: &str) -> ErrandCommand {
    ErrandCommand::Cancel(ErrandReason {
        reason: reason.into(),
        by,
        at: t(16, 0),
    })
}

fn cancelled() -> ErrandEvent {
    ErrandCancelled {
        reason: "家人已代办".into(),
        by: resident(),
        at: t(16, 0),
    }
    .into()
}

/// Requested, an agent assigned by CADRE.
fn history_assigned() -> Vec<ErrandEvent> {
    vec![requested(), assigned()]
}

/// Assigned and the documents handed in.
fn history_submitted() -> Vec<ErrandEvent> {
    vec![requested(), assigned(), documents_submitted()]
}

/// Documents verified: the agent may act.
fn history_in_progress() -> Vec<ErrandEvent> {
    vec![requested(), assigned(), documents_submitted(), verified()]
}

fn status_after(history: Vec<ErrandEvent>) -> ErrandStatus {
    given::<Errand>(history).state().unwrap().status
}

#[test]
fn a_resident_entrusts_a_task_with_a_deadline() {
    let record = given::<Errand>([])
        .when(request(resident()))
        .then([requested()])
        .unwrap();
    assert_eq!(record.requester, RESIDENT);
    assert_eq!(record.status, ErrandStatus::Requested);
    assert_eq!((record.agent, record.verifier), (None, None));
}

#[test]
fn only_a_resident_entrusts_an_errand() {
    for by in [cadre(), manager(), auditor(), Actor::System] {
        given::<Errand>([])
            .when(request(by))
            .then_error(not_allowed(S, by, "only a resident entrusts an errand"));
    }
}

#[test]
fn requesting_into_a_stream_that_holds_an_errand_is_refused() {
    given::<Errand>([requested()])
        .when(request(resident()))
        .then_error(CivicError::AlreadyExists(S));
}

#[test]
fn an_errand_deadline_must_be_after_the_request() {
    let past = invalid(
        S,
        ValidationError::Invalid {
            field: "deadline",
            reason: "must be in the future",
        },
    );
    for deadline in [t(8, 59), t(9, 0), day(-1, 9, 0)] {
        given::<Errand>([])
            .when(request_by(resident(), "代办", deadline))
            .then_error(past.clone());
    }
    let events = given::<Errand>([])
        .when(request_by(resident(), "代办", t(9, 1)))
        .then_events();
    assert_eq!(events.len(), 1);
}

#[test]
fn an_errand_task_is_required_and_at_most_a_thousand_characters() {
    given::<Errand>([])
        .when(request_by(resident(), "  ", day(1, 9, 0)))
        .then_error(empty(S, "task"));
    given::<Errand>([])
        .when(request_by(resident(), &chars(MAX_TASK + 1), day(1, 9, 0)))
        .then_error(too_long(S, "task", 1001, 1000));
}

#[test]
fn acting_on_an_errand_that_was_never_requested_finds_nothing() {
    for command in [
        assign(cadre(), AGENT, AgentKind::Cadre),
        submit_documents(agent()),
        verify(cadre()),
        reject_documents(cadre(), "不清晰"),
        note_progress(agent(), "已出发"),
        complete(agent(), "已办结"),
        cancel(resident(), "不需要了"),
    ] {
        given::<Errand>([])
            .when(command)
            .then_error(CivicError::NotFound(S));
    }
}

#[test]
fn a_cadre_assigns_another_cadre_as_agent_and_becomes_the_verifier() {
    let record = given::<Errand>([requested()])
        .when(assign(cadre(), AGENT, AgentKind::Cadre))
        .then([assigned()])
        .unwrap();
    assert_eq!(record.agent, Some(AGENT));
    assert_eq!(record.verifier, Some(CADRE));
    assert_eq!(record.status, ErrandStatus::AwaitingDocuments);
}

#[test]
fn a_cadre_may_assign_a_volunteer_resident_as_agent() {
    given::<Errand>([requested()])
        .when(assign(cadre(), OTHER_RESIDENT, AgentKind::Volunteer))
        .then([ErrandAgentAssigned {
            agent: OTHER_RESIDENT,
            kind: AgentKind::Volunteer,
            verifier: CADRE,
            at: t(10, 0),
        }
        .into()]);
}

#[test]
fn only_a_cadre_assigns_an_agent_not_a_manager() {
    for by in [resident(), manager(), auditor(), Actor::System] {
        given::<Errand>([requested()])
            .when(assign(by, AGENT, AgentKind::Cadre))
            .then_error(not_allowed(S, by, "only a cadre assigns an agent"));
    }
}

#[test]
fn the_requester_cannot_be_their_own_agent() {
    given::<Errand>([requested()])
        .when(assign(cadre(), RESIDENT, AgentKind::Volunteer))
        .then_error(invalid(
            S,
            ValidationError::Invalid {
                field: "agent",
                reason: "the requester cannot be their own agent",
            },
        ));
}

#[test]
fn the_assigning_cadre_cannot_make_themself_the_agent() {
    given::<Errand>([requested()])
        .when(assign(cadre(), CADRE, AgentKind::Cadre))
        .then_error(invalid(
            S,
            ValidationError::Invalid {
                field: "agent",
                reason: "the assigning cadre verifies the documents and cannot be the agent",
            },
        ));
}

#[test]
fn an_agent_is_assigned_once() {
    for (history, from) in [
        (history_assigned(), "awaiting_documents"),
        (history_submitted(), "documents_submitted"),
        (history_in_progress(), "in_progress"),
    ] {
        given::<Errand>(history)
            .when(assign(
                Actor::cadre(VILLAGE_CADRE),
                OTHER_RESIDENT,
                AgentKind::Volunteer,
            ))
            .then_error(cannot(S, "assign an agent to", from));
    }
}

#[test]
fn a_cadre_cannot_assign_the_agent_of_their_own_errand() {
    // The requester is also a cadre: assigning would make them the verifier of their own
    // power of attorney.
    let by = Actor::cadre(RESIDENT);
    given::<Errand>(vec![requested()])
        .when(assign(by, AGENT, AgentKind::Cadre))
        .then_error(not_allowed(
            S,
            by,
            "a cadre cannot assign the agent of their own errand",
        ));
}
