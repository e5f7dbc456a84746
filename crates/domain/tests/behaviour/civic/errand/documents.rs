//! The ID-card copy and power of attorney: handed in by the agent or the requester, checked
//! by the verifier alone, and handed in again when refused.

use super::*;

const VERIFIER_ONLY: &str = "only the cadre who assigned the agent";

#[test]
fn the_agent_hands_in_the_id_card_copy_and_power_of_attorney() {
    let record = given::<Errand>(history_assigned())
        .when(submit_documents(agent()))
        .then([documents_submitted()])
        .unwrap();
    assert_eq!(record.status, ErrandStatus::DocumentsSubmitted);
}

#[test]
fn the_requester_may_hand_in_the_documents_instead() {
    given::<Errand>(history_assigned())
        .when(submit_documents(resident()))
        .then([ErrandDocumentsSubmitted {
            id_card_copy: media(11),
            power_of_attorney: media(12),
            by: RESIDENT,
            at: t(11, 0),
        }
        .into()]);
}

#[test]
fn only_the_agent_or_the_requester_hands_in_the_documents() {
    for by in [cadre(), other_resident(), manager(), Actor::System] {
        given::<Errand>(history_assigned())
            .when(submit_documents(by))
            .then_error(not_allowed(S, by, "only the agent or the requester"));
    }
}

#[test]
fn an_agent_signed_in_as_auditor_hands_in_nothing() {
    let by = Actor::User {
        user: AGENT,
        role: Role::Auditor,
    };
    given::<Errand>(history_assigned())
        .when(submit_documents(by))
        .then_error(not_allowed(S, by, "only the agent or the requester"));
}

#[test]
fn the_id_card_copy_and_power_of_attorney_are_two_different_files() {
    let ErrandCommand::SubmitDocuments(mut cmd) = submit_documents(agent()) else {
        unreachable!()
    };
    cmd.power_of_attorney = cmd.id_card_copy.clone();
    given::<Errand>(history_assigned())
        .when(ErrandCommand::SubmitDocuments(cmd))
        .then_error(invalid(
            S,
            ValidationError::Invalid {
                field: "power_of_attorney",
                reason: "the ID-card copy and the power of attorney are two different files",
            },
        ));
}

#[test]
fn documents_are_handed_in_only_while_they_are_awaited() {
    for (history, from) in [
        (vec![requested()], "requested"),
        (history_submitted(), "documents_submitted"),
        (history_in_progress(), "in_progress"),
    ] {
        given::<Errand>(history)
            .when(submit_documents(resident()))
            .then_error(cannot(S, "submit documents for", from));
    }
}

#[test]
fn the_verifier_accepts_the_documents_and_the_agent_may_act() {
    let record = given::<Errand>(history_submitted())
        .when(verify(cadre()))
        .then([verified()])
        .unwrap();
    assert_eq!(record.status, ErrandStatus::InProgress);
}

#[test]
fn only_the_cadre_who_assigned_the_agent_verifies_or_refuses_the_documents() {
    let not_the_verifier = [
        Actor::cadre(VILLAGE_CADRE),
        agent(),
        resident(),
        // The verifier's own person in another role is not the verifier.
        Actor::manager(CADRE),
        Actor::resident(CADRE),
        Actor::System,
    ];
    for by in not_the_verifier {
        given::<Errand>(history_submitted())
            .when(verify(by))
            .then_error(not_allowed(S, by, VERIFIER_ONLY));
        given::<Errand>(history_submitted())
            .when(reject_documents(by, "不清晰"))
            .then_error(not_allowed(S, by, VERIFIER_ONLY));
    }
}

#[test]
fn documents_are_verified_or_refused_only_once_handed_in() {
    let documents_rejected_history = {
        let mut h = history_submitted();
        h.push(documents_rejected());
        h
    };
    for (history, from) in [
        (history_assigned(), "awaiting_documents"),
        (documents_rejected_history, "documents_rejected"),
        (history_in_progress(), "in_progress"),
    ] {
        given::<Errand>(history.clone())
            .when(verify(cadre()))
            .then_error(cannot(S, "verify documents of", from));
        given::<Errand>(history)
            .when(reject_documents(cadre(), "不清晰"))
            .then_error(cannot(S, "reject documents of", from));
    }
}

#[test]
fn the_verifier_refuses_the_documents_with_a_reason() {
    let record = given::<Errand>(history_submitted())
        .when(reject_documents(cadre(), " 委托书缺少签名 "))
        .then([documents_rejected()])
        .unwrap();
    assert_eq!(record.status, ErrandStatus::DocumentsRejected);
}

#[test]
fn refusing_documents_needs_a_reason_within_bounds() {
    given::<Errand>(history_submitted())
        .when(reject_documents(cadre(), ""))
        .then_error(empty(S, "reason"));
    given::<Errand>(history_submitted())
        .when(reject_documents(cadre(), &chars(MAX_NOTE + 1)))
        .then_error(too_long(S, "reason", 501, 500));
}

#[test]
fn refused_documents_must_be_handed_in_again_before_the_agent_acts() {
    let mut history = history_submitted();
    history.push(documents_rejected());
    given::<Errand>(history.clone())
        .when(note_progress(agent(), "已出发"))
        .then_error(cannot(S, "note progress on", "documents_rejected"));
    given::<Errand>(history.clone())
        .when(complete(agent(), "已办结"))
        .then_error(cannot(S, "complete", "documents_rejected"));

    let resubmitted = given::<Errand>(history.clone())
        .when(submit_documents(agent()))
        .then_events();
    assert_eq!(resubmitted, vec![documents_submitted()]);
    history.extend(resubmitted);
    assert_eq!(
        status_after(history.clone()),
        ErrandStatus::DocumentsSubmitted
    );
    given::<Errand>(history)
        .when(verify(cadre()))
        .then([verified()]);
}

#[test]
fn the_agent_may_not_act_before_the_documents_are_verified() {
    for (history, from) in [
        (history_assigned(), "awaiting_documents"),
        (history_submitted(), "documents_submitted"),
    ] {
        given::<Errand>(history.clone())
            .when(note_progress(agent(), "已出发"))
            .then_error(cannot(S, "note progress on", from));
        given::<Errand>(history)
            .when(complete(agent(), "已办结"))
            .then_error(cannot(S, "complete", from));
    }
}

#[test]
fn before_an_agent_is_assigned_nobody_may_act_as_one() {
    for by in [agent(), resident(), cadre()] {
        given::<Errand>([requested()])
            .when(note_progress(by, "已出发"))
            .then_error(not_allowed(S, by, "only the agent"));
        given::<Errand>([requested()])
            .when(complete(by, "已办结"))
            .then_error(not_allowed(S, by, "only the agent"));
    }
}
