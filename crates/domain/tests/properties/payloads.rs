//! Every event survives `to_payload` / `from_payload` unchanged, under its own name and the
//! version its enum declares.

use std::collections::BTreeSet;
use std::fmt::Debug;

use linli_domain::complaint::*;
use linli_domain::directory::*;
use linli_domain::encouragement::*;
use linli_domain::user::*;
use linli_domain::{DomainEvent, PayloadError};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

use crate::strategies::*;

fn complaint_event() -> impl Strategy<Value = ComplaintEvent> {
    let filed = (
        (complaint_id(), user(), category(), time(), text()),
        (prop::option::of(point()), prop::option::of(code()), text()),
        (
            media_list(),
            prop::option::of(media()),
            anonymity(),
            visibility(),
            time(),
        ),
    )
        .prop_map(
            |(
                (complaint_id, resident, category, occurred_at, address),
                (point, jurisdiction, description),
                (media, voice_note, anonymity, visibility, filed_at),
            )| {
                ComplaintEvent::Filed(ComplaintFiled {
                    complaint_id,
                    resident,
                    category,
                    occurred_at,
                    address,
                    point,
                    jurisdiction,
                    description,
                    media,
                    voice_note,
                    anonymity,
                    visibility,
                    filed_at,
                })
            },
        );
    prop_oneof![
        filed,
        (assignment(), actor(), time()).prop_map(|(assignment, by, at)| ComplaintAssigned {
            assignment,
            by,
            at
        }
        .into()),
        (user(), time()).prop_map(|(cadre, at)| ComplaintAccepted { cadre, at }.into()),
        (
            any::<u32>(),
            actor(),
            text(),
            media_list(),
            note_visibility(),
            time()
        )
            .prop_map(|(number, author, text, media, visibility, at)| NoteAdded {
                number,
                author,
                text,
                media,
                visibility,
                at
            }
            .into()),
        (
            prop::option::of(user()),
            code(),
            assignment(),
            text(),
            actor(),
            time()
        )
            .prop_map(
                |(from_cadre, from_jurisdiction, assignment, reason, by, at)| {
                    ComplaintTransferred {
                        from_cadre,
                        from_jurisdiction,
                        assignment,
                        reason,
                        by,
                        at,
                    }
                    .into()
                }
            ),
        (user(), code(), code(), text(), time()).prop_map(
            |(cadre, from_jurisdiction, triage_jurisdiction, reason, at)| RejectedNotResponsible {
                cadre,
                from_jurisdiction,
                triage_jurisdiction,
                reason,
                at
            }
            .into()
        ),
        (user(), text(), media_list(), time()).prop_map(|(cadre, resolution, media, at)| {
            ComplaintResolved {
                cadre,
                resolution,
                media,
                at,
            }
            .into()
        }),
        (actor(), time()).prop_map(|(by, at)| ResolutionConfirmed { by, at }.into()),
        (text(), time(), time()).prop_map(|(reason, resolution_due_at, at)| ComplaintReopened {
            reason,
            resolution_due_at,
            at
        }
        .into()),
        (score(), texts(), prop::option::of(text()), time()).prop_map(
            |(score, tags, comment, at)| ComplaintRated {
                score,
                tags,
                comment,
                at
            }
            .into()
        ),
        (deadline(), time(), time()).prop_map(|(deadline, due_at, at)| MarkedOverdue {
            deadline,
            due_at,
            at
        }
        .into()),
        (
            code(),
            assignment(),
            any::<u8>(),
            escalation_reason(),
            actor(),
            time()
        )
            .prop_map(|(from_jurisdiction, assignment, level, reason, by, at)| {
                ComplaintEscalated {
                    from_jurisdiction,
                    assignment,
                    level,
                    reason,
                    by,
                    at,
                }
                .into()
            }),
        (prop::option::of(text()), time()).prop_map(|(reason, at)| ComplaintWithdrawn {
            reason,
            at
        }
        .into()),
        (complaint_id(), actor(), time()).prop_map(|(into, by, at)| MergedAsDuplicate {
            into,
            by,
            at
        }
        .into()),
    ]
}

fn encouragement_event() -> impl Strategy<Value = EncouragementEvent> {
    prop_oneof![
        (
            encouragement_id(),
            user(),
            user(),
            text(),
            media_list(),
            time()
        )
            .prop_map(|(encouragement_id, author, cadre, text, media, at)| {
                EncouragementPosted {
                    encouragement_id,
                    author,
                    cadre,
                    text,
                    media,
                    at,
                }
                .into()
            }),
        (user(), time()).prop_map(|(user, at)| EncouragementLiked { user, at }.into()),
        (any::<u32>(), actor(), text(), time()).prop_map(|(number, author, text, at)| {
            EncouragementCommented {
                number,
                author,
                text,
                at,
            }
            .into()
        }),
    ]
}

fn user_event() -> impl Strategy<Value = UserEvent> {
    prop_oneof![
        (user(), openid(), time()).prop_map(|(user, openid, at)| UserRegistered {
            user,
            openid,
            at
        }
        .into()),
        (
            prop::option::of(text()),
            prop::option::of(sealed()),
            prop::option::of(sealed()),
            prop::option::of(code()),
            prop::option::of(phone()),
            time()
        )
            .prop_map(
                |(display_name, phone, home_address, home_grid, legacy_phone, at)| {
                    ProfileUpdated {
                        display_name,
                        id_card: phone.clone(),
                        phone,
                        home_address,
                        home_grid,
                        legacy_phone,
                        at,
                    }
                    .into()
                }
            ),
        (role(), prop::collection::vec(code(), 0..4), actor(), time()).prop_map(
            |(role, scope, by, at)| RoleGranted {
                role,
                scope,
                by,
                at
            }
            .into()
        ),
        (role(), actor(), time()).prop_map(|(role, by, at)| RoleRevoked { role, by, at }.into()),
        (actor(), text(), time())
            .prop_map(|(by, reason, at)| UserForgotten { by, reason, at }.into()),
    ]
}

fn node_defined() -> impl Strategy<Value = NodeDefined> {
    (
        code(),
        text(),
        texts(),
        prop::option::of(polygon()),
        actor(),
        time(),
    )
        .prop_map(|(code, name, aliases, polygon, by, at)| NodeDefined {
            code,
            name,
            level: code.level(),
            parent: code.parent(),
            aliases,
            polygon,
            by,
            at,
        })
}

fn directory_event() -> impl Strategy<Value = DirectoryEvent> {
    prop_oneof![
        node_defined().prop_map(DirectoryEvent::NodeDefined),
        node_defined().prop_map(|n| DirectoryEvent::NodeUpdated(NodeUpdated(n))),
        (user(), code(), cadre_role(), actor(), time()).prop_map(|(cadre, node, role, by, at)| {
            CadrePosted {
                cadre,
                node,
                role,
                by,
                at,
            }
            .into()
        }),
        (user(), code(), actor(), time()).prop_map(|(cadre, node, by, at)| CadreUnposted {
            cadre,
            node,
            by,
            at
        }
        .into()),
        (
            code(),
            prop::option::of(category()),
            cadre_role(),
            actor(),
            time()
        )
            .prop_map(|(node, category, role, by, at)| RoutingRuleSet {
                node,
                category,
                role,
                by,
                at
            }
            .into()),
        (category(), any::<u32>(), any::<u32>(), actor(), time()).prop_map(
            |(category, response_minutes, resolution_minutes, by, at)| TimeLimitsSet {
                category,
                response_minutes,
                resolution_minutes,
                by,
                at
            }
            .into()
        ),
        (
            any::<i32>(),
            prop::collection::vec(date(), 0..10),
            prop::collection::vec(date(), 0..4),
            actor(),
            time()
        )
            .prop_map(
                |(year, holidays, makeup_workdays, by, at)| HolidayCalendarSet {
                    year,
                    holidays,
                    makeup_workdays,
                    by,
                    at
                }
                .into()
            ),
        (working_hours(), actor(), time()).prop_map(|(hours, by, at)| WorkingHoursSet {
            hours,
            by,
            at
        }
        .into()),
    ]
}

fn round_trips<E: DomainEvent + PartialEq + Debug>(event: &E) -> Result<(), TestCaseError> {
    let payload = event
        .to_payload()
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let back = E::from_payload(event.event_type(), &payload)
        .map_err(|e| TestCaseError::fail(format!("{e}: {}", String::from_utf8_lossy(&payload))))?;
    prop_assert_eq!(&back, event);
    prop_assert_eq!(
        E::current_version(event.event_type()),
        Some(event.schema_version())
    );
    Ok(())
}

proptest! {
    #[test]
    fn complaint_events_round_trip(e in complaint_event()) {
        round_trips(&e)?;
    }

    #[test]
    fn encouragement_events_round_trip(e in encouragement_event()) {
        round_trips(&e)?;
    }

    #[test]
    fn user_events_round_trip(e in user_event()) {
        round_trips(&e)?;
    }

    #[test]
    fn directory_events_round_trip(e in directory_event()) {
        round_trips(&e)?;
    }
}

/// The generators above reach every event type the enums declare, so the round-trip
/// properties really cover every event.
fn covers_every_type<E: DomainEvent>(strategy: impl Strategy<Value = E>) {
    let mut runner = TestRunner::deterministic();
    let mut seen = BTreeSet::new();
    for _ in 0..2000 {
        let e = strategy.new_tree(&mut runner).unwrap().current();
        seen.insert(e.event_type());
    }
    let declared: BTreeSet<_> = E::TYPES.iter().map(|t| t.name).collect();
    assert_eq!(seen, declared);
    assert_eq!(declared.len(), E::TYPES.len(), "event names are unique");
}

#[test]
fn generators_cover_every_declared_event_type() {
    covers_every_type(complaint_event());
    covers_every_type(encouragement_event());
    covers_every_type(user_event());
    covers_every_type(directory_event());
}

#[test]
fn unknown_names_and_bad_payloads_are_typed_errors() {
    assert!(matches!(
        ComplaintEvent::from_payload("complaint.teleported", b"{}"),
        Err(PayloadError::UnknownEventType(name)) if name == "complaint.teleported"
    ));
    assert!(matches!(
        ComplaintEvent::from_payload("complaint.accepted", b"{\"cadre\":\"nope\"}"),
        Err(PayloadError::Decode {
            event_type: "complaint.accepted",
            ..
        })
    ));
    // A payload that is valid JSON but breaks a validated type is refused too.
    assert!(matches!(
        UserEvent::from_payload(
            "user.registered",
            br#"{"user":"00000000-0000-0000-0000-000000000001","openid":"","at":"2026-06-01T08:00:00Z"}"#
        ),
        Err(PayloadError::Decode { .. })
    ));
}

#[test]
fn event_names_are_stable() {
    let names: Vec<_> = ComplaintEvent::TYPES
        .iter()
        .map(|t| (t.name, t.version))
        .collect();
    assert_eq!(
        names,
        [
            ("complaint.filed", 1),
            ("complaint.assigned", 1),
            ("complaint.accepted", 1),
            ("complaint.note_added", 1),
            ("complaint.transferred", 1),
            ("complaint.rejected_not_responsible", 1),
            ("complaint.resolved", 1),
            ("complaint.confirmed", 1),
            ("complaint.reopened", 1),
            ("complaint.rated", 1),
            ("complaint.marked_overdue", 1),
            ("complaint.escalated", 1),
            ("complaint.withdrawn", 1),
            ("complaint.merged_as_duplicate", 1),
        ]
    );
}

#[test]
fn payload_json_is_the_variant_data_with_rfc3339_times() {
    let e: ComplaintEvent = ComplaintAccepted {
        cadre: linli_domain::UserId::from_u128(10),
        at: chrono::DateTime::parse_from_rfc3339("2026-06-01T09:00:00Z")
            .unwrap()
            .to_utc(),
    }
    .into();
    assert_eq!(
        String::from_utf8(e.to_payload().unwrap()).unwrap(),
        r#"{"cadre":"00000000-0000-0000-0000-00000000000a","at":"2026-06-01T09:00:00Z"}"#
    );
}
