//! Users: registration, profile, roles.

use linli_domain::testing::given;
use linli_domain::user::*;
use linli_domain::validate::ValidationError;
use linli_domain::{Actor, OpenId, Role, UserId};

use crate::fixtures::*;

fn openid() -> OpenId {
    "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o".parse().unwrap()
}

fn user() -> UserId {
    UserId::from_openid(&openid())
}

fn register(by: Actor) -> UserCommand {
    UserCommand::Register(RegisterUser {
        user: user(),
        openid: openid(),
        by,
        at: t(8, 0),
    })
}

fn registered() -> UserEvent {
    UserRegistered {
        user: user(),
        openid: openid(),
        at: t(8, 0),
    }
    .into()
}

/// A sealed value as the key store makes it; the domain never opens it.
pub fn sealed(subject: UserId) -> linli_domain::sealed::Sealed {
    linli_domain::sealed::Sealed::new(
        subject,
        linli_domain::sealed::SealAlgorithm::Aes256Gcm,
        1,
        [1; 12],
        vec![2; 27],
    )
    .unwrap()
}

fn profile() -> Profile {
    Profile {
        display_name: Some(" 王阿姨 ".into()),
        phone: Some(sealed(user())),
        id_card: None,
        home_address: None,
        home_grid: Some(grid()),
    }
}

fn update(by: Actor, profile: Profile) -> UserCommand {
    UserCommand::UpdateProfile(UpdateProfile {
        profile,
        by,
        at: t(9, 0),
    })
}

fn grant(by: Actor, role: Role, scope: Vec<linli_domain::JurisdictionCode>) -> UserCommand {
    UserCommand::GrantRole(GrantRole {
        role,
        scope,
        by,
        at: t(10, 0),
    })
}

fn granted(role: Role, scope: Vec<linli_domain::JurisdictionCode>) -> UserEvent {
    RoleGranted {
        role,
        scope,
        by: manager(),
        at: t(10, 0),
    }
    .into()
}

#[test]
fn the_login_flow_registers_a_user() {
    let state = given::<User>([])
        .when(register(Actor::System))
        .then([registered()]);
    let u = state.unwrap();
    assert_eq!(u.openid, openid());
    assert!(u.may_act_as(Role::Resident));
    assert!(!u.may_act_as(Role::Cadre));
}

#[test]
fn a_person_cannot_register_users() {
    given::<User>([])
        .when(register(manager()))
        .then_error(UserError::NotAllowed {
            actor: manager(),
            reason: "only the login flow registers users",
        });
}

#[test]
fn registering_twice_is_refused() {
    given::<User>([registered()])
        .when(register(Actor::System))
        .then_error(UserError::AlreadyExists);
}

#[test]
fn a_user_updates_their_own_profile() {
    let state = given::<User>([registered()])
        .when(update(Actor::resident(user()), profile()))
        .then([ProfileUpdated {
            display_name: Some("王阿姨".into()),
            phone: Some(sealed(user())),
            id_card: None,
            home_address: None,
            home_grid: Some(grid()),
            legacy_phone: None,
            at: t(9, 0),
        }
        .into()]);
    assert_eq!(state.unwrap().profile.home_grid, Some(grid()));
}

#[test]
fn another_person_cannot_update_a_profile() {
    given::<User>([registered()])
        .when(update(manager(), profile()))
        .then_error(UserError::NotAllowed {
            actor: manager(),
            reason: "only the user edits their own profile",
        });
}

#[test]
fn a_home_grid_above_village_level_is_refused() {
    let mut p = profile();
    p.home_grid = Some(township());
    let err = given::<User>([registered()])
        .when(update(Actor::resident(user()), p))
        .then_any_error();
    assert!(matches!(
        err,
        UserError::Validation(ValidationError::Invalid {
            field: "home_grid",
            ..
        })
    ));
}

#[test]
fn updating_an_unregistered_user_is_not_found() {
    given::<User>([])
        .when(update(Actor::System, profile()))
        .then_error(UserError::NotFound);
}

#[test]
fn manager_grants_a_cadre_role_scoped_to_nodes() {
    let state = given::<User>([registered()])
        .when(grant(manager(), Role::Cadre, vec![village(), grid()]))
        .then([granted(Role::Cadre, vec![village(), grid()])]);
    let u = state.unwrap();
    assert!(u.may_act_as(Role::Cadre));
    assert!(u.covers(Role::Cadre, &grid()));
    assert!(u.covers(Role::Cadre, &code("330106001001-G007")));
    assert!(!u.covers(Role::Cadre, &township()));
}

#[test]
fn the_system_grants_roles_too() {
    let events = given::<User>([registered()])
        .when(grant(Actor::System, Role::Auditor, vec![]))
        .then_events();
    assert_eq!(events.len(), 1);
}

#[test]
fn granting_the_same_role_and_scope_again_records_nothing() {
    given::<User>([registered(), granted(Role::Cadre, vec![grid()])])
        .when(grant(manager(), Role::Cadre, vec![grid()]))
        .then([]);
}

#[test]
fn a_cadre_cannot_grant_roles() {
    given::<User>([registered()])
        .when(grant(cadre(), Role::Cadre, vec![grid()]))
        .then_error(UserError::NotAllowed {
            actor: cadre(),
            reason: "only a manager or the system grants and revokes roles",
        });
}

#[test]
fn a_resident_cannot_grant_themselves_a_role() {
    let err = given::<User>([registered()])
        .when(grant(
            Actor::resident(user()),
            Role::Manager,
            vec![township()],
        ))
        .then_any_error();
    assert!(matches!(err, UserError::NotAllowed { .. }));
}

#[test]
fn a_cadre_role_needs_a_scope() {
    given::<User>([registered()])
        .when(grant(manager(), Role::Cadre, vec![]))
        .then_error(UserError::ScopeRequired(Role::Cadre));
}

#[test]
fn a_scope_naming_a_node_twice_is_refused() {
    given::<User>([registered()])
        .when(grant(manager(), Role::Cadre, vec![grid(), grid()]))
        .then_error(ValidationError::Duplicate { field: "scope" }.into());
}

#[test]
fn manager_revokes_a_held_role() {
    let state = given::<User>([registered(), granted(Role::Cadre, vec![grid()])])
        .when(UserCommand::RevokeRole(RevokeRole {
            role: Role::Cadre,
            by: manager(),
            at: t(11, 0),
        }))
        .then([RoleRevoked {
            role: Role::Cadre,
            by: manager(),
            at: t(11, 0),
        }
        .into()]);
    assert!(!state.unwrap().may_act_as(Role::Cadre));
}

#[test]
fn revoking_a_role_not_held_is_refused() {
    given::<User>([registered()])
        .when(UserCommand::RevokeRole(RevokeRole {
            role: Role::Manager,
            by: manager(),
            at: t(11, 0),
        }))
        .then_error(UserError::RoleNotHeld(Role::Manager));
}

#[test]
fn a_resident_cannot_revoke_roles() {
    let err = given::<User>([registered(), granted(Role::Cadre, vec![grid()])])
        .when(UserCommand::RevokeRole(RevokeRole {
            role: Role::Cadre,
            by: resident(),
            at: t(11, 0),
        }))
        .then_any_error();
    assert!(matches!(err, UserError::NotAllowed { .. }));
}
