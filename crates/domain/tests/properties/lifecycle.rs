//! Random command sequences against a complaint: `decide` never panics, is deterministic,
//! and the state it leads to always keeps the complaint's invariants.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use linli_domain::complaint::*;
use linli_domain::{Actor, Aggregate, ComplaintId, DomainEvent, JurisdictionCode, Role, UserId};
use proptest::prelude::*;

const ID: ComplaintId = ComplaintId::from_u128(100);

/// Mostly the people who may act, sometimes strangers.
fn actor() -> impl Strategy<Value = Actor> {
    prop_oneof![
        3 => Just(Actor::System),
        3 => Just(Actor::resident(UserId::from_u128(1))),
        1 => Just(Actor::resident(UserId::from_u128(2))),
        4 => Just(Actor::cadre(UserId::from_u128(10))),
        1 => Just(Actor::cadre(UserId::from_u128(11))),
        2 => Just(Actor::manager(UserId::from_u128(20))),
        1 => Just(Actor::User {
            user: UserId::from_u128(30),
            role: Role::Auditor,
        }),
    ]
}

fn at() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..20 * 24)
        .prop_map(|h| Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap() + TimeDelta::hours(h))
}

fn place() -> impl Strategy<Value = JurisdictionCode> {
    prop::sample::select(
        [
            "330106001001-G003",
            "330106001001",
            "330106001000",
            "330106000000",
            "330106001002",
        ]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect::<Vec<JurisdictionCode>>(),
    )
}

fn assignment() -> impl Strategy<Value = Assignment> {
    (
        prop::option::of(prop::sample::select(vec![
            UserId::from_u128(10),
            UserId::from_u128(11),
        ])),
        place(),
        at(),
        0i64..48,
    )
        .prop_map(|(cadre, jurisdiction, due, extra)| Assignment {
            cadre,
            jurisdiction,
            basis: RoutingBasis::Manual,
            response_due_at: due,
            resolution_due_at: due + TimeDelta::hours(extra),
        })
}

fn command() -> impl Strategy<Value = ComplaintCommand> {
    let file = (actor(), at()).prop_map(|(by, at)| {
        ComplaintCommand::File(FileComplaint {
            complaint_id: ID,
            by,
            category: Category::Environment,
            occurred_at: at - TimeDelta::hours(1),
            address: "村口".into(),
            point: None,
            jurisdiction: None,
            description: "垃圾没人收".into(),
            media: vec![],
            voice_note: None,
            anonymity: Anonymity::Anonymous,
            visibility: Visibility::Private,
            at,
        })
    });
    prop_oneof![
        1 => file,
        4 => (assignment(), actor(), at()).prop_map(|(assignment, by, at)| ComplaintCommand::Assign(
            AssignComplaint { assignment, by, at }
        )),
        4 => (actor(), at()).prop_map(|(by, at)| ComplaintCommand::Accept(AcceptComplaint { by, at })),
        2 => (actor(), at(), any::<bool>()).prop_map(|(by, at, internal)| ComplaintCommand::AddNote(
            AddNote {
                text: "进展".into(),
                media: vec![],
                visibility: if internal {
                    NoteVisibility::Internal
                } else {
                    NoteVisibility::Shared
                },
                by,
                at,
            }
        )),
        2 => (assignment(), actor(), at()).prop_map(|(assignment, by, at)| ComplaintCommand::Transfer(
            TransferComplaint {
                assignment,
                reason: "转".into(),
                by,
                at,
            }
        )),
        2 => (actor(), at()).prop_map(|(by, at)| ComplaintCommand::RejectNotResponsible(
            RejectNotResponsible {
                reason: "不归我".into(),
                by,
                at,
            }
        )),
        4 => (actor(), at()).prop_map(|(by, at)| ComplaintCommand::Resolve(ResolveComplaint {
            resolution: "已处理".into(),
            media: vec![],
            by,
            at,
        })),
        2 => (actor(), at())
            .prop_map(|(by, at)| ComplaintCommand::Confirm(ConfirmResolution { by, at })),
        3 => (actor(), at(), 0i64..200).prop_map(|(by, at, window)| ComplaintCommand::Reopen(
            ReopenComplaint {
                reason: "没修好".into(),
                window: TimeDelta::hours(window),
                resolution_due_at: at + TimeDelta::hours(24),
                by,
                at,
            }
        )),
        3 => (actor(), at(), 1u8..=5).prop_map(|(by, at, s)| ComplaintCommand::Rate(RateComplaint {
            score: Score::new(s).unwrap(),
            tags: vec![],
            comment: None,
            by,
            at,
        })),
        3 => (actor(), at(), any::<bool>()).prop_map(
            |(by, at, response)| ComplaintCommand::MarkOverdue(MarkOverdue {
                deadline: if response {
                    DeadlineKind::Response
                } else {
                    DeadlineKind::Resolution
                },
                by,
                at,
            })
        ),
        3 => (assignment(), actor(), at(), 0u8..3).prop_map(|(assignment, by, at, r)| {
            ComplaintCommand::Escalate(EscalateComplaint {
                assignment,
                reason: [
                    EscalationReason::ResponseOverdue,
                    EscalationReason::ResolutionOverdue,
                    EscalationReason::Manual,
                ][usize::from(r)],
                by,
                at,
            })
        }),
        1 => (actor(), at()).prop_map(|(by, at)| ComplaintCommand::Withdraw(WithdrawComplaint {
            reason: None,
            by,
            at
        })),
        1 => (actor(), at(), any::<bool>()).prop_map(|(by, at, itself)| {
            ComplaintCommand::MergeAsDuplicate(MergeAsDuplicate {
                into: if itself {
                    ID
                } else {
                    ComplaintId::from_u128(101)
                },
                by,
                at,
            })
        }),
    ]
}

/// A valid filing by resident 1 at the start of the period.
fn filing() -> ComplaintCommand {
    ComplaintCommand::File(FileComplaint {
        complaint_id: ID,
        by: Actor::resident(UserId::from_u128(1)),
        category: Category::Environment,
        occurred_at: Utc.with_ymd_and_hms(2026, 5, 31, 0, 0, 0).unwrap(),
        address: "村口".into(),
        point: None,
        jurisdiction: None,
        description: "垃圾没人收".into(),
        media: vec![],
        voice_note: None,
        anonymity: Anonymity::Anonymous,
        visibility: Visibility::Private,
        at: Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap(),
    })
}

fn check_invariants(state: &ComplaintState) -> Result<(), TestCaseError> {
    let Some(c) = state else { return Ok(()) };
    match c.status {
        ComplaintStatus::Filed => prop_assert!(c.assignment.is_none()),
        ComplaintStatus::Triage => prop_assert!(c.assignment.is_some() && c.cadre().is_none()),
        ComplaintStatus::Assigned => {
            prop_assert!(c.cadre().is_some());
            prop_assert!(c.accepted_at.is_none());
        }
        ComplaintStatus::InProgress => {
            prop_assert!(c.cadre().is_some());
            prop_assert!(c.accepted_at.is_some());
        }
        ComplaintStatus::Resolved => prop_assert!(c.resolved_at.is_some()),
        ComplaintStatus::Closed | ComplaintStatus::Withdrawn => prop_assert!(c.closed_at.is_some()),
        ComplaintStatus::Merged => prop_assert!(c.merged_into.is_some_and(|m| m != c.id)),
    }
    if c.rating.is_some() {
        prop_assert!(matches!(
            c.status,
            ComplaintStatus::Resolved | ComplaintStatus::Closed | ComplaintStatus::InProgress
        ));
    }
    if let Some(a) = &c.assignment {
        prop_assert!(a.response_due_at <= a.resolution_due_at || c.reopen_count > 0);
    }
    Ok(())
}

proptest! {
    #[test]
    fn any_command_sequence_keeps_the_complaint_consistent(commands in prop::collection::vec(command(), 0..40)) {
        let mut state: ComplaintState = None;
        let mut history = Vec::new();
        for cmd in std::iter::once(&filing()).chain(&commands) {
            let first = Complaint::decide(cmd, &state);
            prop_assert_eq!(&first, &Complaint::decide(cmd, &state), "decide is deterministic");
            if let Ok(events) = first {
                for e in &events {
                    state = Complaint::evolve(state, e);
                    history.push(e.clone());
                }
                check_invariants(&state)?;
            }
        }
        prop_assert_eq!(Complaint::fold(history.iter()), state, "replay yields the same state");
    }
}

/// Guards the property above: the random sequences really reach every kind of event, so
/// the invariants are checked in every status.
#[test]
fn random_sequences_reach_every_complaint_event() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..1000 {
        let commands = prop::collection::vec(command(), 0..40)
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let mut state: ComplaintState = None;
        for cmd in std::iter::once(&filing()).chain(&commands) {
            if let Ok(events) = Complaint::decide(cmd, &state) {
                for e in &events {
                    seen.insert(e.event_type());
                    state = Complaint::evolve(state, e);
                }
            }
        }
    }
    let declared: std::collections::BTreeSet<_> =
        ComplaintEvent::TYPES.iter().map(|t| t.name).collect();
    assert_eq!(seen, declared);
}
