//! Personal data: sealed profile fields, forgetting, the access log and media retention.

use linli_domain::privacy::*;
use linli_domain::sealed::{SealAlgorithm, Sealed};
use linli_domain::testing::given;
use linli_domain::user::*;
use linli_domain::{Actor, MediaId, UserId};

use crate::fixtures::*;

const RESIDENT: UserId = UserId::from_u128(0xabc);

fn sealed(subject: UserId) -> Sealed {
    Sealed::new(subject, SealAlgorithm::Aes256Gcm, 1, [1; 12], vec![2; 27]).unwrap()
}

fn registered() -> UserEvent {
    UserRegistered {
        user: RESIDENT,
        openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o".parse().unwrap(),
        at: t(8, 0),
    }
    .into()
}

fn forgotten() -> UserEvent {
    UserForgotten {
        by: Actor::System,
        reason: "erasure request".into(),
        at: t(9, 0),
    }
    .into()
}

fn profile_with(phone: Sealed) -> UserCommand {
    UserCommand::UpdateProfile(UpdateProfile {
        profile: Profile {
            display_name: None,
            phone: Some(phone),
            id_card: Some(sealed(RESIDENT)),
            home_address: Some(sealed(RESIDENT)),
            home_grid: None,
        },
        by: Actor::resident(RESIDENT),
        at: t(10, 0),
    })
}

fn forget(by: Actor) -> UserCommand {
    UserCommand::Forget(ForgetUser {
        reason: " erasure request ".into(),
        by,
        at: t(9, 0),
    })
}

#[test]
fn a_profile_carries_personal_data_sealed_under_the_users_own_key() {
    let state = given::<User>([registered()])
        .when(profile_with(sealed(RESIDENT)))
        .then_events();
    let [UserEvent::ProfileUpdated(e)] = state.as_slice() else {
        panic!("{state:?}");
    };
    assert_eq!(e.phone, Some(sealed(RESIDENT)));
    assert_eq!(e.id_card, Some(sealed(RESIDENT)));
    assert_eq!(e.legacy_phone, None, "v2 never writes a plain phone");
}

#[test]
fn personal_data_sealed_under_another_subjects_key_is_refused() {
    let err = given::<User>([registered()])
        .when(profile_with(sealed(UserId::from_u128(1))))
        .then_any_error();
    assert_eq!(err.code(), "user.invalid");
}

#[test]
fn a_manager_or_the_operator_forgets_a_user_once() {
    given::<User>([registered()])
        .when(forget(Actor::System))
        .then([forgotten()]);
    given::<User>([registered(), forgotten()])
        .when(forget(manager()))
        .then([]);
}

#[test]
fn a_resident_cannot_forget_anyone() {
    let err = given::<User>([registered()])
        .when(forget(Actor::resident(RESIDENT)))
        .then_any_error();
    assert_eq!(err.code(), "user.not_allowed");
}

#[test]
fn forgetting_drops_the_personal_fields_and_refuses_new_ones() {
    let state = given::<User>([registered()])
        .when(profile_with(sealed(RESIDENT)))
        .then_events();
    let mut history = vec![registered()];
    history.extend(state);
    history.push(forgotten());
    let user = given::<User>(history.clone()).state().unwrap();
    assert_eq!(user.profile.phone, None);
    assert_eq!(user.profile.id_card, None);
    assert_eq!(user.forgotten_at, Some(t(9, 0)));
    given::<User>(history)
        .when(profile_with(sealed(RESIDENT)))
        .then_error(UserError::Forgotten);
}

fn access(by: Actor, fields: Vec<PersonalField>) -> RecordAccess {
    RecordAccess {
        subject: RESIDENT,
        fields,
        purpose: "回访核实".into(),
        route: "GET /api/v1/users/{id}/personal".into(),
        by,
        at: t(11, 0),
    }
}

#[test]
fn a_managers_or_auditors_read_is_recorded_with_sorted_fields() {
    for by in [manager(), auditor()] {
        given::<PersonalDataAccess>([])
            .when(access(
                by,
                vec![PersonalField::HomeAddress, PersonalField::Phone],
            ))
            .then([PersonalDataAccessed {
                subject: RESIDENT,
                by,
                fields: vec![PersonalField::Phone, PersonalField::HomeAddress],
                purpose: "回访核实".into(),
                route: "GET /api/v1/users/{id}/personal".into(),
                at: t(11, 0),
            }
            .into()]);
    }
}

#[test]
fn a_cadre_cannot_read_anothers_personal_data_and_a_purpose_is_required() {
    let err = given::<PersonalDataAccess>([])
        .when(access(cadre(), vec![PersonalField::Phone]))
        .then_any_error();
    assert_eq!(err.code(), "privacy.not_allowed");
    let mut blank = access(auditor(), vec![PersonalField::Phone]);
    blank.purpose = "  ".into();
    let err = given::<PersonalDataAccess>([]).when(blank).then_any_error();
    assert_eq!(err.code(), "privacy.invalid");
}

fn media(n: u8) -> MediaId {
    format!("{:064x}", n).parse().unwrap()
}

fn purge(items: Vec<MediaId>) -> PurgeMedia {
    PurgeMedia {
        media: items,
        rule: "complaint closed more than 180 days ago".into(),
        by: Actor::System,
        at: t(12, 0),
    }
}

#[test]
fn a_purge_records_each_blob_once() {
    let first = MediaPurged {
        media: vec![media(1), media(2)],
        rule: "complaint closed more than 180 days ago".into(),
        by: Actor::System,
        at: t(12, 0),
    };
    given::<Retention>([])
        .when(purge(vec![media(2), media(1)]))
        .then([first.clone().into()]);
    given::<Retention>([first.clone().into()])
        .when(purge(vec![media(1), media(3)]))
        .then([MediaPurged {
            media: vec![media(3)],
            ..first.clone()
        }
        .into()]);
    given::<Retention>([first.into()])
        .when(purge(vec![media(2)]))
        .then([]);
}

#[test]
fn only_the_operator_purges() {
    let mut by_manager = purge(vec![media(1)]);
    by_manager.by = manager();
    let err = given::<Retention>([]).when(by_manager).then_any_error();
    assert_eq!(err.code(), "privacy.not_allowed");
}
