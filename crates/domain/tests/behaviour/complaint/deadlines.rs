//! Deadlines passing, and escalation.

use super::*;

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
