//! Filing, routing and accepting.

use super::*;

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
