//! Once the documents are verified: the agent reports progress and completes; the requester
//! or the verifier may call it off while it is open.

use super::*;

#[test]
fn the_agent_notes_progress_and_the_errand_stays_in_progress() {
    let record = given::<Errand>(history_in_progress())
        .when(note_progress(agent(), " 已到镇政府窗口排队 "))
        .then([ErrandProgressNoted {
            text: "已到镇政府窗口排队".into(),
            by: AGENT,
            at: t(14, 0),
        }
        .into()])
        .unwrap();
    assert_eq!(record.status, ErrandStatus::InProgress);
}

#[test]
fn the_agent_completes_the_errand() {
    let record = given::<Errand>(history_in_progress())
        .when(complete(agent(), " 认证已办结 "))
        .then([completed()])
        .unwrap();
    assert_eq!(record.status, ErrandStatus::Completed);
}

#[test]
fn a_volunteer_agent_acts_as_a_resident() {
    let history = vec![
        requested(),
        ErrandAgentAssigned {
            agent: OTHER_RESIDENT,
            kind: AgentKind::Volunteer,
            verifier: CADRE,
            at: t(10, 0),
        }
        .into(),
        documents_submitted(),
        verified(),
    ];
    given::<Errand>(history)
        .when(complete(other_resident(), "认证已办结"))
        .then([ErrandCompleted {
            text: "认证已办结".into(),
            by: OTHER_RESIDENT,
            at: t(15, 0),
        }
        .into()]);
}

#[test]
fn only_the_agent_notes_progress_or_completes_and_never_as_an_auditor() {
    let not_the_agent = [
        resident(),
        cadre(),
        Actor::cadre(VILLAGE_CADRE),
        manager(),
        Actor::User {
            user: AGENT,
            role: linli_domain::Role::Auditor,
        },
        Actor::System,
    ];
    for by in not_the_agent {
        given::<Errand>(history_in_progress())
            .when(note_progress(by, "已出发"))
            .then_error(not_allowed(S, by, "only the agent"));
        given::<Errand>(history_in_progress())
            .when(complete(by, "已办结"))
            .then_error(not_allowed(S, by, "only the agent"));
    }
}

#[test]
fn progress_and_completion_notes_are_required_and_at_most_five_hundred_characters() {
    given::<Errand>(history_in_progress())
        .when(note_progress(agent(), " "))
        .then_error(empty(S, "text"));
    given::<Errand>(history_in_progress())
        .when(complete(agent(), ""))
        .then_error(empty(S, "text"));
    given::<Errand>(history_in_progress())
        .when(note_progress(agent(), &chars(MAX_NOTE + 1)))
        .then_error(too_long(S, "text", 501, 500));
    given::<Errand>(history_in_progress())
        .when(complete(agent(), &chars(MAX_NOTE + 1)))
        .then_error(too_long(S, "text", 501, 500));
}

#[test]
fn the_requester_calls_off_an_open_errand_at_any_stage() {
    let mut rejected = history_submitted();
    rejected.push(documents_rejected());
    for history in [
        vec![requested()],
        history_assigned(),
        history_submitted(),
        rejected,
        history_in_progress(),
    ] {
        let record = given::<Errand>(history)
            .when(cancel(resident(), " 家人已代办 "))
            .then([cancelled()])
            .unwrap();
        assert_eq!(record.status, ErrandStatus::Cancelled);
    }
}

#[test]
fn the_verifier_may_call_off_an_errand_they_assigned() {
    given::<Errand>(history_in_progress())
        .when(cancel(cadre(), "老人住院，暂缓办理"))
        .then([ErrandCancelled {
            reason: "老人住院，暂缓办理".into(),
            by: cadre(),
            at: t(16, 0),
        }
        .into()]);
}

#[test]
fn nobody_but_the_requester_or_the_verifier_calls_off_an_errand() {
    let others = [
        agent(),
        other_resident(),
        Actor::cadre(VILLAGE_CADRE),
        manager(),
        Actor::cadre(RESIDENT),
        Actor::System,
    ];
    for by in others {
        given::<Errand>(history_in_progress())
            .when(cancel(by, "不需要了"))
            .then_error(not_allowed(S, by, "only the requester or the verifier"));
    }
}

#[test]
fn before_an_agent_is_assigned_no_cadre_can_call_off_the_errand() {
    // There is no verifier yet, so only the requester may.
    given::<Errand>([requested()])
        .when(cancel(cadre(), "无人可派"))
        .then_error(not_allowed(
            S,
            cadre(),
            "only the requester or the verifier",
        ));
}

#[test]
fn calling_off_needs_a_reason_within_bounds() {
    given::<Errand>(history_assigned())
        .when(cancel(resident(), "  "))
        .then_error(empty(S, "reason"));
    given::<Errand>(history_assigned())
        .when(cancel(resident(), &chars(MAX_NOTE + 1)))
        .then_error(too_long(S, "reason", 501, 500));
}

#[test]
fn nothing_more_happens_to_a_completed_or_cancelled_errand() {
    let mut done = history_in_progress();
    done.push(completed());
    let mut off = history_in_progress();
    off.push(cancelled());
    for (history, from) in [(done, "completed"), (off, "cancelled")] {
        assert!(status_after(history.clone()).is_final());
        let refusals = [
            (
                assign(
                    Actor::cadre(VILLAGE_CADRE),
                    OTHER_RESIDENT,
                    AgentKind::Volunteer,
                ),
                "assign an agent to",
            ),
            (submit_documents(agent()), "submit documents for"),
            (verify(cadre()), "verify documents of"),
            (reject_documents(cadre(), "不清晰"), "reject documents of"),
            (note_progress(agent(), "补充"), "note progress on"),
            (complete(agent(), "已办结"), "complete"),
            (cancel(resident(), "不需要了"), "cancel"),
        ];
        for (command, name) in refusals {
            given::<Errand>(history.clone())
                .when(command)
                .then_error(cannot(S, name, from));
        }
    }
}
