//! After resolution, and the ways a complaint ends.

use super::*;

#[test]
fn filer_confirms_the_resolution_and_the_complaint_closes() {
    let state = given::<Complaint>(history_resolved())
        .when(confirm(resident()))
        .then([confirmed()]);
    let c = state.unwrap();
    assert_eq!(c.status, ComplaintStatus::Closed);
    assert_eq!(c.closed_at, Some(t(16, 0)));
}

#[test]
fn system_confirms_after_the_reopen_window() {
    given::<Complaint>(history_resolved())
        .when(confirm(Actor::System))
        .then([ResolutionConfirmed {
            by: Actor::System,
            at: t(16, 0),
        }
        .into()]);
}

#[test]
fn cadre_cannot_confirm_their_own_resolution() {
    given::<Complaint>(history_resolved())
        .when(confirm(cadre()))
        .then_error(not_allowed(
            cadre(),
            "only the filer confirms (or the system after the reopen window)",
        ));
}

#[test]
fn another_resident_cannot_confirm() {
    let err = given::<Complaint>(history_resolved())
        .when(confirm(other_resident()))
        .then_any_error();
    assert!(matches!(err, ComplaintError::NotAllowed { .. }));
}

#[test]
fn filer_cannot_confirm_before_resolution() {
    given::<Complaint>(history_in_progress())
        .when(confirm(resident()))
        .then_error(invalid(
            ComplaintStatus::InProgress,
            ComplaintCommandKind::Confirm,
        ));
}

#[test]
fn filer_reopens_within_the_window() {
    let state = given::<Complaint>(history_resolved())
        .when(reopen(resident(), day(2, 9, 0)))
        .then([ComplaintReopened {
            reason: "电线又掉下来了".into(),
            resolution_due_at: day(8, 18, 0),
            at: day(2, 9, 0),
        }
        .into()]);
    let c = state.unwrap();
    assert_eq!(c.status, ComplaintStatus::InProgress);
    assert_eq!(c.reopen_count, 1);
    assert_eq!(c.resolved_at, None);
    assert_eq!(c.cadre(), Some(CADRE));
    assert_eq!(c.due_at(DeadlineKind::Resolution), Some(day(8, 18, 0)));
}

#[test]
fn filer_may_reopen_at_the_last_moment_of_the_window() {
    let events = given::<Complaint>(history_resolved())
        .when(reopen(resident(), day(7, 15, 0)))
        .then_events();
    assert_eq!(events.len(), 1);
}

#[test]
fn filer_cannot_reopen_after_the_window() {
    given::<Complaint>(history_resolved())
        .when(reopen(resident(), day(7, 15, 1)))
        .then_error(ComplaintError::ReopenWindowClosed {
            resolved_at: t(15, 0),
            closed_at: day(7, 15, 0),
        });
}

#[test]
fn cadre_cannot_reopen_a_complaint() {
    given::<Complaint>(history_resolved())
        .when(reopen(cadre(), day(1, 9, 0)))
        .then_error(not_allowed(cadre(), "only the filer reopens"));
}

#[test]
fn a_confirmed_complaint_cannot_be_reopened() {
    given::<Complaint>(history_closed())
        .when(reopen(resident(), day(1, 9, 0)))
        .then_error(invalid(
            ComplaintStatus::Closed,
            ComplaintCommandKind::Reopen,
        ));
}

#[test]
fn an_unresolved_complaint_cannot_be_reopened() {
    given::<Complaint>(history_in_progress())
        .when(reopen(resident(), day(1, 9, 0)))
        .then_error(invalid(
            ComplaintStatus::InProgress,
            ComplaintCommandKind::Reopen,
        ));
}

#[test]
fn a_reopened_complaint_can_be_resolved_again() {
    let mut history = history_resolved();
    history.push(
        ComplaintReopened {
            reason: "电线又掉下来了".into(),
            resolution_due_at: day(8, 18, 0),
            at: day(2, 9, 0),
        }
        .into(),
    );
    given::<Complaint>(history)
        .when(resolve(cadre()))
        .then([resolved()]);
}

#[test]
fn filer_rates_a_resolved_complaint() {
    let state = given::<Complaint>(history_resolved())
        .when(rate(resident(), 5))
        .then([rated_event(5)]);
    assert_eq!(state.unwrap().rating, Some(Score::new(5).unwrap()));
}

#[test]
fn filer_rates_a_closed_complaint() {
    given::<Complaint>(history_closed())
        .when(rate(resident(), 4))
        .then([rated_event(4)]);
}

#[test]
fn resident_cannot_rate_before_resolution() {
    given::<Complaint>(history_in_progress())
        .when(rate(resident(), 5))
        .then_error(invalid(
            ComplaintStatus::InProgress,
            ComplaintCommandKind::Rate,
        ));
}

#[test]
fn filer_cannot_rate_twice() {
    let mut history = history_resolved();
    history.push(rated_event(2));
    given::<Complaint>(history)
        .when(rate(resident(), 5))
        .then_error(ComplaintError::AlreadyRated);
}

#[test]
fn another_resident_cannot_rate() {
    given::<Complaint>(history_resolved())
        .when(rate(other_resident(), 1))
        .then_error(not_allowed(other_resident(), "only the filer rates"));
}

#[test]
fn cadre_cannot_rate_their_own_work() {
    given::<Complaint>(history_resolved())
        .when(rate(cadre(), 5))
        .then_error(not_allowed(cadre(), "only the filer rates"));
}

#[test]
fn rating_with_a_duplicate_tag_is_refused() {
    given::<Complaint>(history_resolved())
        .when(ComplaintCommand::Rate(RateComplaint {
            score: Score::new(3).unwrap(),
            tags: vec!["慢".into(), " 慢".into()],
            comment: None,
            by: resident(),
            at: t(16, 30),
        }))
        .then_error(ValidationError::Duplicate { field: "tags" }.into());
}

#[test]
fn scores_are_one_to_five() {
    assert!(Score::new(0).is_err());
    assert!(Score::new(6).is_err());
    assert_eq!(Score::new(1).unwrap().get(), 1);
    assert!(serde_json::from_str::<Score>("9").is_err());
}

#[test]
fn filer_withdraws_before_resolution() {
    let state = given::<Complaint>(history_in_progress())
        .when(withdraw(resident()))
        .then([ComplaintWithdrawn {
            reason: Some("自己修好了".into()),
            at: t(9, 10),
        }
        .into()]);
    let c = state.unwrap();
    assert_eq!(c.status, ComplaintStatus::Withdrawn);
    assert!(c.status.is_terminal());
}

#[test]
fn filer_cannot_withdraw_after_resolution() {
    given::<Complaint>(history_resolved())
        .when(withdraw(resident()))
        .then_error(invalid(
            ComplaintStatus::Resolved,
            ComplaintCommandKind::Withdraw,
        ));
}

#[test]
fn cadre_cannot_withdraw_a_complaint() {
    given::<Complaint>(history_assigned())
        .when(withdraw(cadre()))
        .then_error(not_allowed(cadre(), "only the filer withdraws"));
}

#[test]
fn a_withdrawn_complaint_accepts_nothing_more() {
    let mut history = history_assigned();
    history.push(
        ComplaintWithdrawn {
            reason: None,
            at: t(9, 10),
        }
        .into(),
    );
    given::<Complaint>(history)
        .when(accept(cadre()))
        .then_error(invalid(
            ComplaintStatus::Withdrawn,
            ComplaintCommandKind::Accept,
        ));
}

#[test]
fn manager_merges_a_duplicate() {
    let state = given::<Complaint>(history_assigned())
        .when(merge(manager(), OTHER_COMPLAINT))
        .then([MergedAsDuplicate {
            into: OTHER_COMPLAINT,
            by: manager(),
            at: t(9, 20),
        }
        .into()]);
    let c = state.unwrap();
    assert_eq!(c.status, ComplaintStatus::Merged);
    assert_eq!(c.merged_into, Some(OTHER_COMPLAINT));
}

#[test]
fn assigned_cadre_merges_a_duplicate() {
    let events = given::<Complaint>(history_in_progress())
        .when(merge(cadre(), OTHER_COMPLAINT))
        .then_events();
    assert_eq!(events.len(), 1);
}

#[test]
fn resident_cannot_merge_complaints() {
    given::<Complaint>(history_assigned())
        .when(merge(resident(), OTHER_COMPLAINT))
        .then_error(not_allowed(
            resident(),
            "only the assigned cadre or a manager merges",
        ));
}

#[test]
fn a_complaint_cannot_be_merged_into_itself() {
    given::<Complaint>(history_assigned())
        .when(merge(manager(), COMPLAINT))
        .then_error(ComplaintError::MergeIntoItself);
}

#[test]
fn a_resolved_complaint_cannot_be_merged() {
    given::<Complaint>(history_resolved())
        .when(merge(manager(), OTHER_COMPLAINT))
        .then_error(invalid(
            ComplaintStatus::Resolved,
            ComplaintCommandKind::MergeAsDuplicate,
        ));
}

#[test]
fn auditor_can_do_nothing_to_a_complaint() {
    let a = auditor();
    for cmd in [
        accept(a),
        note(a, NoteVisibility::Shared),
        transfer(a, Some(OTHER_CADRE)),
        reject(a),
        resolve(a),
        withdraw(a),
        merge(a, OTHER_COMPLAINT),
    ] {
        let err = given::<Complaint>(history_assigned())
            .when(cmd)
            .then_any_error();
        assert!(matches!(err, ComplaintError::NotAllowed { .. }), "{err:?}");
        assert_eq!(err.kind(), ErrorKind::Forbidden);
    }
}

#[test]
fn a_full_life_folds_to_a_closed_rated_complaint() {
    let mut history = history_closed();
    history.push(rated_event(5));
    let c = given::<Complaint>(history).state().unwrap();
    assert_eq!(c.status, ComplaintStatus::Closed);
    assert_eq!(c.rating, Some(Score::new(5).unwrap()));
    assert_eq!(c.accepted_at, Some(t(9, 0)));
    assert_eq!(c.resolved_at, Some(t(15, 0)));
}

#[test]
fn a_cadre_who_filed_and_handled_a_complaint_cannot_rate_it() {
    let mut filed_by_cadre = filed();
    if let ComplaintEvent::Filed(f) = &mut filed_by_cadre {
        f.resident = CADRE;
    }
    given::<Complaint>([filed_by_cadre, assigned(), accepted(), resolved()])
        .when(rate(Actor::resident(CADRE), 5))
        .then_error(not_allowed(
            Actor::resident(CADRE),
            "a cadre cannot rate a complaint they handled",
        ));
}
