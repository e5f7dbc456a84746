//! Every complaint transition, allowed and refused.

use chrono::TimeDelta;
use linli_domain::complaint::*;
use linli_domain::testing::given;
use linli_domain::validate::ValidationError;
use linli_domain::{Actor, ErrorKind};

use crate::fixtures::*;

fn not_allowed(actor: Actor, reason: &'static str) -> ComplaintError {
    ComplaintError::NotAllowed { actor, reason }
}

fn invalid(from: ComplaintStatus, command: ComplaintCommandKind) -> ComplaintError {
    ComplaintError::InvalidTransition { from, command }
}

fn accept(by: Actor) -> ComplaintCommand {
    ComplaintCommand::Accept(AcceptComplaint { by, at: t(9, 0) })
}

fn assign(by: Actor, assignment: Assignment) -> ComplaintCommand {
    ComplaintCommand::Assign(AssignComplaint {
        assignment,
        by,
        at: t(8, 1),
    })
}

fn note(by: Actor, visibility: NoteVisibility) -> ComplaintCommand {
    ComplaintCommand::AddNote(AddNote {
        text: " 已到现场查看 ".into(),
        media: vec![],
        visibility,
        by,
        at: t(9, 30),
    })
}

fn transfer(by: Actor, to: Option<linli_domain::UserId>) -> ComplaintCommand {
    ComplaintCommand::Transfer(TransferComplaint {
        assignment: assignment_to(to, grid()),
        reason: "电线归另一网格".into(),
        by,
        at: t(9, 40),
    })
}

fn reject(by: Actor) -> ComplaintCommand {
    ComplaintCommand::RejectNotResponsible(RejectNotResponsible {
        reason: "不属于本网格".into(),
        by,
        at: t(8, 30),
    })
}

fn resolve(by: Actor) -> ComplaintCommand {
    ComplaintCommand::Resolve(ResolveComplaint {
        resolution: "已联系电力公司包好电线".into(),
        media: vec![media(4)],
        by,
        at: t(15, 0),
    })
}

fn confirm(by: Actor) -> ComplaintCommand {
    ComplaintCommand::Confirm(ConfirmResolution { by, at: t(16, 0) })
}

fn reopen(by: Actor, at: chrono::DateTime<chrono::Utc>) -> ComplaintCommand {
    ComplaintCommand::Reopen(ReopenComplaint {
        reason: "电线又掉下来了".into(),
        window: TimeDelta::days(7),
        resolution_due_at: day(8, 18, 0),
        by,
        at,
    })
}

fn rate(by: Actor, score: u8) -> ComplaintCommand {
    ComplaintCommand::Rate(RateComplaint {
        score: Score::new(score).unwrap(),
        tags: vec!["快".into(), "态度好".into()],
        comment: Some("谢谢".into()),
        by,
        at: t(16, 30),
    })
}

fn rated_event(score: u8) -> ComplaintEvent {
    ComplaintRated {
        score: Score::new(score).unwrap(),
        tags: vec!["快".into(), "态度好".into()],
        comment: Some("谢谢".into()),
        at: t(16, 30),
    }
    .into()
}

fn mark_overdue(
    by: Actor,
    deadline: DeadlineKind,
    at: chrono::DateTime<chrono::Utc>,
) -> ComplaintCommand {
    ComplaintCommand::MarkOverdue(MarkOverdue { deadline, by, at })
}

fn escalate_to(
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

fn withdraw(by: Actor) -> ComplaintCommand {
    ComplaintCommand::Withdraw(WithdrawComplaint {
        reason: Some("自己修好了".into()),
        by,
        at: t(9, 10),
    })
}

fn merge(by: Actor, into: linli_domain::ComplaintId) -> ComplaintCommand {
    ComplaintCommand::MergeAsDuplicate(MergeAsDuplicate {
        into,
        by,
        at: t(9, 20),
    })
}

// ---- file ----

#[test]
fn resident_can_file_a_complaint_and_its_text_is_trimmed() {
    let state = given::<Complaint>([])
        .when(ComplaintCommand::File(file_command()))
        .then([filed()]);
    let c = state.unwrap();
    assert_eq!(c.status, ComplaintStatus::Filed);
    assert_eq!(c.resident, RESIDENT);
    assert_eq!(c.assignment, None);
}

#[test]
fn cadre_cannot_file_a_complaint() {
    let mut cmd = file_command();
    cmd.by = cadre();
    given::<Complaint>([])
        .when(ComplaintCommand::File(cmd))
        .then_error(not_allowed(cadre(), "only a resident can file a complaint"));
}

#[test]
fn system_cannot_file_a_complaint() {
    let mut cmd = file_command();
    cmd.by = Actor::System;
    let err = given::<Complaint>([])
        .when(ComplaintCommand::File(cmd))
        .then_any_error();
    assert!(matches!(err, ComplaintError::NotAllowed { .. }));
}

#[test]
fn filing_into_an_existing_stream_is_refused() {
    given::<Complaint>([filed()])
        .when(ComplaintCommand::File(file_command()))
        .then_error(ComplaintError::AlreadyExists);
}

#[test]
fn filing_a_blank_description_is_refused() {
    let mut cmd = file_command();
    cmd.description = "   ".into();
    given::<Complaint>([])
        .when(ComplaintCommand::File(cmd))
        .then_error(
            ValidationError::Empty {
                field: "description",
            }
            .into(),
        );
}

#[test]
fn filing_an_overlong_description_is_refused() {
    let mut cmd = file_command();
    cmd.description = "字".repeat(2001);
    given::<Complaint>([])
        .when(ComplaintCommand::File(cmd))
        .then_error(
            ValidationError::TooLong {
                field: "description",
                len: 2001,
                max: 2000,
            }
            .into(),
        );
}

#[test]
fn filing_ten_photos_is_refused() {
    let mut cmd = file_command();
    cmd.media = (0..10).map(media).collect();
    given::<Complaint>([])
        .when(ComplaintCommand::File(cmd))
        .then_error(
            ValidationError::TooMany {
                field: "media",
                len: 10,
                max: 9,
            }
            .into(),
        );
}

#[test]
fn complaint_cannot_have_occurred_after_it_was_filed() {
    let mut cmd = file_command();
    cmd.occurred_at = t(9, 0);
    let err = given::<Complaint>([])
        .when(ComplaintCommand::File(cmd))
        .then_any_error();
    assert!(matches!(
        err,
        ComplaintError::Validation(ValidationError::Invalid {
            field: "occurred_at",
            ..
        })
    ));
}

#[test]
fn commands_on_an_unfiled_complaint_are_not_found() {
    given::<Complaint>([])
        .when(accept(cadre()))
        .then_error(ComplaintError::NotFound);
    assert_eq!(ComplaintError::NotFound.code(), "complaint.not_found");
    assert_eq!(ComplaintError::NotFound.kind(), ErrorKind::NotFound);
}

// ---- assign ----

#[test]
fn system_assigns_a_filed_complaint_to_a_cadre() {
    let state = given::<Complaint>([filed()])
        .when(assign(Actor::System, assignment_to(Some(CADRE), grid())))
        .then([assigned()]);
    let c = state.unwrap();
    assert_eq!(c.status, ComplaintStatus::Assigned);
    assert_eq!(c.cadre(), Some(CADRE));
    assert_eq!(c.jurisdiction(), Some(grid()));
    assert_eq!(c.due_at(DeadlineKind::Response), Some(t(10, 0)));
}

#[test]
fn assignment_without_a_cadre_puts_the_complaint_in_triage() {
    let state = given::<Complaint>([filed()])
        .when(assign(Actor::System, assignment_to(None, township())))
        .then([assigned_to_triage()]);
    assert_eq!(state.unwrap().status, ComplaintStatus::Triage);
}

#[test]
fn manager_assigns_a_complaint_out_of_triage() {
    let state = given::<Complaint>([filed(), assigned_to_triage()])
        .when(assign(manager(), assignment_to(Some(CADRE), grid())))
        .then([ComplaintAssigned {
            assignment: assignment_to(Some(CADRE), grid()),
            by: manager(),
            at: t(8, 1),
        }
        .into()]);
    assert_eq!(state.unwrap().status, ComplaintStatus::Assigned);
}

#[test]
fn resident_cannot_assign_a_complaint() {
    given::<Complaint>([filed()])
        .when(assign(resident(), assignment_to(Some(CADRE), grid())))
        .then_error(not_allowed(
            resident(),
            "only the router or a manager assigns",
        ));
}

#[test]
fn cadre_cannot_assign_a_complaint() {
    given::<Complaint>([filed()])
        .when(assign(cadre(), assignment_to(Some(CADRE), grid())))
        .then_error(not_allowed(cadre(), "only the router or a manager assigns"));
}

#[test]
fn an_assigned_complaint_cannot_be_assigned_again() {
    given::<Complaint>(history_assigned())
        .when(assign(
            Actor::System,
            assignment_to(Some(OTHER_CADRE), grid()),
        ))
        .then_error(invalid(
            ComplaintStatus::Assigned,
            ComplaintCommandKind::Assign,
        ));
}

#[test]
fn assignment_with_response_due_after_resolution_is_refused() {
    let mut a = assignment_to(Some(CADRE), grid());
    a.response_due_at = t(19, 0);
    let err = given::<Complaint>([filed()])
        .when(assign(Actor::System, a))
        .then_any_error();
    assert!(matches!(err, ComplaintError::Validation(_)));
}

// ---- accept ----

#[test]
fn assigned_cadre_accepts_the_complaint() {
    let state = given::<Complaint>(history_assigned())
        .when(accept(cadre()))
        .then([accepted()]);
    let c = state.unwrap();
    assert_eq!(c.status, ComplaintStatus::InProgress);
    assert_eq!(c.accepted_at, Some(t(9, 0)));
}

#[test]
fn another_cadre_cannot_accept_the_complaint() {
    given::<Complaint>(history_assigned())
        .when(accept(other_cadre()))
        .then_error(not_allowed(
            other_cadre(),
            "only the assigned cadre handles the complaint",
        ));
}

#[test]
fn assigned_cadre_acting_as_resident_cannot_accept() {
    given::<Complaint>(history_assigned())
        .when(accept(Actor::resident(CADRE)))
        .then_error(not_allowed(
            Actor::resident(CADRE),
            "only the assigned cadre handles the complaint",
        ));
}

#[test]
fn cadre_cannot_accept_twice() {
    given::<Complaint>(history_in_progress())
        .when(accept(cadre()))
        .then_error(invalid(
            ComplaintStatus::InProgress,
            ComplaintCommandKind::Accept,
        ));
}

#[test]
fn nobody_accepts_a_complaint_in_triage() {
    given::<Complaint>([filed(), assigned_to_triage()])
        .when(accept(cadre()))
        .then_error(invalid(
            ComplaintStatus::Triage,
            ComplaintCommandKind::Accept,
        ));
}

// ---- add note ----

fn note_event(number: u32, author: Actor, visibility: NoteVisibility) -> ComplaintEvent {
    NoteAdded {
        number,
        author,
        text: "已到现场查看".into(),
        media: vec![],
        visibility,
        at: t(9, 30),
    }
    .into()
}

#[test]
fn assigned_cadre_adds_an_internal_note() {
    let state = given::<Complaint>(history_in_progress())
        .when(note(cadre(), NoteVisibility::Internal))
        .then([note_event(1, cadre(), NoteVisibility::Internal)]);
    assert_eq!(state.unwrap().note_count, 1);
}

#[test]
fn notes_are_numbered_in_order() {
    let mut history = history_in_progress();
    history.push(note_event(1, cadre(), NoteVisibility::Internal));
    given::<Complaint>(history)
        .when(note(manager(), NoteVisibility::Shared))
        .then([note_event(2, manager(), NoteVisibility::Shared)]);
}

#[test]
fn filer_adds_a_shared_note_even_before_routing() {
    given::<Complaint>([filed()])
        .when(note(resident(), NoteVisibility::Shared))
        .then([note_event(1, resident(), NoteVisibility::Shared)]);
}

#[test]
fn filer_cannot_add_an_internal_note() {
    given::<Complaint>(history_assigned())
        .when(note(resident(), NoteVisibility::Internal))
        .then_error(not_allowed(
            resident(),
            "residents' notes are always shared",
        ));
}

#[test]
fn another_resident_cannot_add_a_note() {
    given::<Complaint>(history_assigned())
        .when(note(other_resident(), NoteVisibility::Shared))
        .then_error(not_allowed(
            other_resident(),
            "only the filer, the assigned cadre or a manager adds notes",
        ));
}

#[test]
fn another_cadre_cannot_add_a_note() {
    let err = given::<Complaint>(history_assigned())
        .when(note(other_cadre(), NoteVisibility::Internal))
        .then_any_error();
    assert!(matches!(err, ComplaintError::NotAllowed { .. }));
}

#[test]
fn nobody_adds_a_note_to_a_closed_complaint() {
    given::<Complaint>(history_closed())
        .when(note(cadre(), NoteVisibility::Internal))
        .then_error(invalid(
            ComplaintStatus::Closed,
            ComplaintCommandKind::AddNote,
        ));
}

// ---- transfer ----

fn transferred(by: Actor, from_cadre: linli_domain::UserId) -> ComplaintEvent {
    ComplaintTransferred {
        from_cadre: Some(from_cadre),
        from_jurisdiction: grid(),
        assignment: assignment_to(Some(OTHER_CADRE), grid()),
        reason: "电线归另一网格".into(),
        by,
        at: t(9, 40),
    }
    .into()
}

#[test]
fn assigned_cadre_transfers_to_another_cadre() {
    let state = given::<Complaint>(history_assigned())
        .when(transfer(cadre(), Some(OTHER_CADRE)))
        .then([transferred(cadre(), CADRE)]);
    let c = state.unwrap();
    assert_eq!(c.status, ComplaintStatus::Assigned);
    assert_eq!(c.cadre(), Some(OTHER_CADRE));
    assert_eq!(c.transfer_count, 1);
}

#[test]
fn manager_transfers_an_accepted_complaint_and_the_new_cadre_must_accept() {
    let state = given::<Complaint>(history_in_progress())
        .when(transfer(manager(), Some(OTHER_CADRE)))
        .then([transferred(manager(), CADRE)]);
    let c = state.unwrap();
    assert_eq!(c.status, ComplaintStatus::Assigned);
    assert_eq!(c.accepted_at, None);
}

#[test]
fn resident_cannot_transfer_a_complaint() {
    given::<Complaint>(history_assigned())
        .when(transfer(resident(), Some(OTHER_CADRE)))
        .then_error(not_allowed(
            resident(),
            "only the assigned cadre or a manager transfers",
        ));
}

#[test]
fn another_cadre_cannot_transfer_a_complaint() {
    let err = given::<Complaint>(history_assigned())
        .when(transfer(other_cadre(), Some(OTHER_CADRE)))
        .then_any_error();
    assert!(matches!(err, ComplaintError::NotAllowed { .. }));
}

#[test]
fn transfer_to_the_same_cadre_is_refused() {
    given::<Complaint>(history_assigned())
        .when(transfer(cadre(), Some(CADRE)))
        .then_error(ComplaintError::SameAssignee);
}

#[test]
fn transfer_without_a_cadre_is_refused() {
    let err = given::<Complaint>(history_assigned())
        .when(transfer(cadre(), None))
        .then_any_error();
    assert!(matches!(
        err,
        ComplaintError::Validation(ValidationError::Invalid {
            field: "assignment.cadre",
            ..
        })
    ));
}

#[test]
fn a_complaint_in_triage_cannot_be_transferred() {
    given::<Complaint>([filed(), assigned_to_triage()])
        .when(transfer(manager(), Some(OTHER_CADRE)))
        .then_error(invalid(
            ComplaintStatus::Triage,
            ComplaintCommandKind::Transfer,
        ));
}

#[test]
fn a_resolved_complaint_cannot_be_transferred() {
    given::<Complaint>(history_resolved())
        .when(transfer(cadre(), Some(OTHER_CADRE)))
        .then_error(invalid(
            ComplaintStatus::Resolved,
            ComplaintCommandKind::Transfer,
        ));
}

// ---- reject as not responsible ----

#[test]
fn assigned_cadre_rejects_back_to_the_township_triage_queue() {
    let state = given::<Complaint>(history_assigned())
        .when(reject(cadre()))
        .then([RejectedNotResponsible {
            cadre: CADRE,
            from_jurisdiction: grid(),
            triage_jurisdiction: township(),
            reason: "不属于本网格".into(),
            at: t(8, 30),
        }
        .into()]);
    let c = state.unwrap();
    assert_eq!(c.status, ComplaintStatus::Triage);
    assert_eq!(c.cadre(), None);
    assert_eq!(c.jurisdiction(), Some(township()));
    // The resident's wait does not reset.
    assert_eq!(c.due_at(DeadlineKind::Resolution), Some(t(18, 0)));
}

#[test]
fn another_cadre_cannot_reject_the_complaint() {
    given::<Complaint>(history_assigned())
        .when(reject(other_cadre()))
        .then_error(not_allowed(
            other_cadre(),
            "only the assigned cadre handles the complaint",
        ));
}

#[test]
fn cadre_cannot_reject_after_accepting() {
    given::<Complaint>(history_in_progress())
        .when(reject(cadre()))
        .then_error(invalid(
            ComplaintStatus::InProgress,
            ComplaintCommandKind::RejectNotResponsible,
        ));
}

#[test]
fn rejection_needs_a_reason() {
    given::<Complaint>(history_assigned())
        .when(ComplaintCommand::RejectNotResponsible(
            RejectNotResponsible {
                reason: " ".into(),
                by: cadre(),
                at: t(8, 30),
            },
        ))
        .then_error(ValidationError::Empty { field: "reason" }.into());
}

// ---- resolve ----

#[test]
fn assigned_cadre_resolves_an_accepted_complaint() {
    let state = given::<Complaint>(history_in_progress())
        .when(resolve(cadre()))
        .then([resolved()]);
    let c = state.unwrap();
    assert_eq!(c.status, ComplaintStatus::Resolved);
    assert_eq!(c.resolved_at, Some(t(15, 0)));
}

#[test]
fn resolving_an_unaccepted_complaint_also_records_the_acceptance() {
    given::<Complaint>(history_assigned())
        .when(resolve(cadre()))
        .then([
            ComplaintAccepted {
                cadre: CADRE,
                at: t(15, 0),
            }
            .into(),
            resolved(),
        ]);
}

#[test]
fn another_cadre_cannot_resolve_the_complaint() {
    let err = given::<Complaint>(history_in_progress())
        .when(resolve(other_cadre()))
        .then_any_error();
    assert!(matches!(err, ComplaintError::NotAllowed { .. }));
}

#[test]
fn manager_cannot_resolve_the_complaint() {
    given::<Complaint>(history_in_progress())
        .when(resolve(manager()))
        .then_error(not_allowed(
            manager(),
            "only the assigned cadre handles the complaint",
        ));
}

#[test]
fn cadre_cannot_resolve_twice() {
    given::<Complaint>(history_resolved())
        .when(resolve(cadre()))
        .then_error(invalid(
            ComplaintStatus::Resolved,
            ComplaintCommandKind::Resolve,
        ));
}

#[test]
fn a_complaint_in_triage_cannot_be_resolved() {
    given::<Complaint>([filed(), assigned_to_triage()])
        .when(resolve(cadre()))
        .then_error(invalid(
            ComplaintStatus::Triage,
            ComplaintCommandKind::Resolve,
        ));
}

// ---- confirm ----

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

// ---- reopen ----

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

// ---- rate ----

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

// ---- mark overdue ----

#[test]
fn system_marks_the_response_overdue_after_its_deadline() {
    let state = given::<Complaint>(history_assigned())
        .when(mark_overdue(
            Actor::System,
            DeadlineKind::Response,
            t(10, 0),
        ))
        .then([MarkedOverdue {
            deadline: DeadlineKind::Response,
            due_at: t(10, 0),
            at: t(10, 0),
        }
        .into()]);
    assert!(state.unwrap().overdue.response);
}

#[test]
fn marking_the_same_deadline_overdue_again_records_nothing() {
    let mut history = history_assigned();
    history.push(
        MarkedOverdue {
            deadline: DeadlineKind::Response,
            due_at: t(10, 0),
            at: t(10, 0),
        }
        .into(),
    );
    given::<Complaint>(history)
        .when(mark_overdue(
            Actor::System,
            DeadlineKind::Response,
            t(10, 5),
        ))
        .then([]);
}

#[test]
fn system_cannot_mark_overdue_before_the_deadline() {
    given::<Complaint>(history_assigned())
        .when(mark_overdue(
            Actor::System,
            DeadlineKind::Response,
            t(9, 59),
        ))
        .then_error(ComplaintError::NotYetDue {
            deadline: DeadlineKind::Response,
            due_at: t(10, 0),
        });
}

#[test]
fn manager_cannot_mark_overdue() {
    given::<Complaint>(history_assigned())
        .when(mark_overdue(manager(), DeadlineKind::Response, t(11, 0)))
        .then_error(not_allowed(
            manager(),
            "only the deadline scheduler marks overdue",
        ));
}

#[test]
fn response_cannot_be_overdue_once_accepted() {
    given::<Complaint>(history_in_progress())
        .when(mark_overdue(
            Actor::System,
            DeadlineKind::Response,
            t(11, 0),
        ))
        .then_error(invalid(
            ComplaintStatus::InProgress,
            ComplaintCommandKind::MarkOverdue,
        ));
}

#[test]
fn system_marks_the_resolution_overdue_on_an_accepted_complaint() {
    let state = given::<Complaint>(history_in_progress())
        .when(mark_overdue(
            Actor::System,
            DeadlineKind::Resolution,
            t(18, 30),
        ))
        .then([MarkedOverdue {
            deadline: DeadlineKind::Resolution,
            due_at: t(18, 0),
            at: t(18, 30),
        }
        .into()]);
    assert!(state.unwrap().overdue.resolution);
}

#[test]
fn an_unrouted_complaint_cannot_be_overdue() {
    given::<Complaint>([filed()])
        .when(mark_overdue(
            Actor::System,
            DeadlineKind::Resolution,
            t(23, 0),
        ))
        .then_error(invalid(
            ComplaintStatus::Filed,
            ComplaintCommandKind::MarkOverdue,
        ));
}

// ---- escalate ----

fn escalated_event(
    by: Actor,
    reason: EscalationReason,
    from: linli_domain::JurisdictionCode,
    to: linli_domain::JurisdictionCode,
    level: u8,
    at: chrono::DateTime<chrono::Utc>,
) -> ComplaintEvent {
    ComplaintEscalated {
        from_jurisdiction: from,
        assignment: Assignment {
            cadre: Some(VILLAGE_CADRE),
            jurisdiction: to,
            basis: RoutingBasis::Manual,
            response_due_at: at + TimeDelta::hours(1),
            resolution_due_at: at + TimeDelta::hours(8),
        },
        level,
        reason,
        by,
        at,
    }
    .into()
}

#[test]
fn system_escalates_an_unanswered_complaint_to_the_village() {
    let state = given::<Complaint>(history_assigned())
        .when(escalate_to(
            Actor::System,
            EscalationReason::ResponseOverdue,
            village(),
            t(10, 0),
        ))
        .then([escalated_event(
            Actor::System,
            EscalationReason::ResponseOverdue,
            grid(),
            village(),
            1,
            t(10, 0),
        )]);
    let c = state.unwrap();
    assert_eq!(c.escalation_level, 1);
    assert_eq!(c.status, ComplaintStatus::Assigned);
    assert_eq!(c.cadre(), Some(VILLAGE_CADRE));
    assert_eq!(c.overdue, OverdueFlags::default());
}

#[test]
fn a_second_escalation_is_level_two() {
    let mut history = history_assigned();
    history.push(escalated_event(
        Actor::System,
        EscalationReason::ResponseOverdue,
        grid(),
        village(),
        1,
        t(10, 0),
    ));
    given::<Complaint>(history)
        .when(escalate_to(
            Actor::System,
            EscalationReason::ResponseOverdue,
            township(),
            t(11, 0),
        ))
        .then([escalated_event(
            Actor::System,
            EscalationReason::ResponseOverdue,
            village(),
            township(),
            2,
            t(11, 0),
        )]);
}

#[test]
fn manager_escalates_by_hand_at_any_time() {
    given::<Complaint>(history_in_progress())
        .when(escalate_to(
            manager(),
            EscalationReason::Manual,
            county(),
            t(9, 30),
        ))
        .then([escalated_event(
            manager(),
            EscalationReason::Manual,
            grid(),
            county(),
            1,
            t(9, 30),
        )]);
}

#[test]
fn system_cannot_escalate_without_a_passed_deadline() {
    given::<Complaint>(history_assigned())
        .when(escalate_to(
            Actor::System,
            EscalationReason::Manual,
            village(),
            t(9, 0),
        ))
        .then_error(not_allowed(
            Actor::System,
            "the system escalates only for a passed deadline",
        ));
}

#[test]
fn system_cannot_escalate_before_the_deadline() {
    given::<Complaint>(history_in_progress())
        .when(escalate_to(
            Actor::System,
            EscalationReason::ResolutionOverdue,
            village(),
            t(17, 0),
        ))
        .then_error(ComplaintError::NotYetDue {
            deadline: DeadlineKind::Resolution,
            due_at: t(18, 0),
        });
}

#[test]
fn cadre_cannot_escalate() {
    given::<Complaint>(history_assigned())
        .when(escalate_to(
            cadre(),
            EscalationReason::Manual,
            village(),
            t(9, 0),
        ))
        .then_error(not_allowed(
            cadre(),
            "only the scheduler or a manager escalates",
        ));
}

#[test]
fn resident_cannot_escalate() {
    let err = given::<Complaint>(history_assigned())
        .when(escalate_to(
            resident(),
            EscalationReason::Manual,
            village(),
            t(9, 0),
        ))
        .then_any_error();
    assert!(matches!(err, ComplaintError::NotAllowed { .. }));
}

#[test]
fn escalation_must_go_up_the_tree() {
    given::<Complaint>(history_assigned())
        .when(escalate_to(
            manager(),
            EscalationReason::Manual,
            code("330106001002"),
            t(9, 0),
        ))
        .then_error(ComplaintError::NotAnEscalation {
            from: grid(),
            to: code("330106001002"),
        });
    given::<Complaint>(history_assigned())
        .when(escalate_to(
            manager(),
            EscalationReason::Manual,
            grid(),
            t(9, 0),
        ))
        .then_error(ComplaintError::NotAnEscalation {
            from: grid(),
            to: grid(),
        });
}

#[test]
fn a_resolved_complaint_cannot_be_escalated() {
    given::<Complaint>(history_resolved())
        .when(escalate_to(
            manager(),
            EscalationReason::Manual,
            village(),
            t(16, 0),
        ))
        .then_error(invalid(
            ComplaintStatus::Resolved,
            ComplaintCommandKind::Escalate,
        ));
}

#[test]
fn an_accepted_complaint_is_not_escalated_for_a_late_response() {
    given::<Complaint>(history_in_progress())
        .when(escalate_to(
            Actor::System,
            EscalationReason::ResponseOverdue,
            village(),
            t(11, 0),
        ))
        .then_error(invalid(
            ComplaintStatus::InProgress,
            ComplaintCommandKind::Escalate,
        ));
}

// ---- withdraw ----

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

// ---- merge ----

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

// ---- whole life ----

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
