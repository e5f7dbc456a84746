//! Working on a complaint: notes, transfers, rejection, resolution.

use super::*;

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
