//! Registering the demo's residents, managers and auditor, with profiles and grants.

use chrono::{DateTime, Utc};
use linli_domain::sealed::Sealed;
use linli_domain::user::{
    GrantRole, PhoneNumber, Profile, RegisterUser, UpdateProfile, User, UserCommand, UserError,
};
use linli_domain::{Actor, JurisdictionCode, Role, StreamName, UserId};
use linli_engine::EngineError;

use super::county::Person;
use super::{meta, Demo, DemoError};

/// What to do for one person.
#[derive(Debug, Clone)]
pub struct Enrolment {
    /// Who.
    pub person: Person,
    /// A made-up mobile number (residents only).
    pub phone: Option<String>,
    /// Whether the profile names a home grid (residents), or the person only works there.
    pub home: Home,
    /// A role to grant, with its scope.
    pub grant: Option<(Role, Vec<JurisdictionCode>)>,
}

/// Whether `Person::home` goes into the profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Home {
    /// The profile's home grid.
    Lives,
    /// Only where they work: not in the profile.
    Works,
}

/// Registers (if needed), fills the profile and grants the role, all as the system.
pub async fn enrol(
    demo: &Demo,
    enrolment: &Enrolment,
    at: DateTime<Utc>,
) -> Result<UserId, DemoError> {
    let person = &enrolment.person;
    let user = UserId::from_openid(&person.openid);
    let failed = |step: &str, e: EngineError<UserError>| DemoError::Step {
        step: format!("{step} {}", person.openid),
        reason: e.to_string(),
    };
    let register = UserCommand::Register(RegisterUser {
        user,
        openid: person.openid.clone(),
        by: Actor::System,
        at,
    });
    match demo
        .engine
        .execute::<User>(
            StreamName::User(user),
            register,
            meta(&Actor::System, &format!("{user}:register")),
        )
        .await
    {
        Ok(_) | Err(EngineError::Rejected(UserError::AlreadyExists)) => {}
        Err(e) => return Err(failed("registering", e)),
    }
    // Sealed like any resident's number: only ciphertext reaches the log.
    let phone = match enrolment.phone.as_deref().map(str::parse::<PhoneNumber>) {
        Some(Ok(phone)) => Some(seal(demo, user, "phone", phone.as_str())?),
        _ => None,
    };
    let profile = UserCommand::UpdateProfile(UpdateProfile {
        profile: Profile {
            display_name: Some(person.name.clone()),
            phone,
            id_card: None,
            home_address: None,
            home_grid: match enrolment.home {
                Home::Lives => person.home,
                Home::Works => None,
            },
        },
        by: Actor::System,
        at,
    });
    demo.engine
        .execute::<User>(
            StreamName::User(user),
            profile,
            meta(&Actor::System, &format!("{user}:profile")),
        )
        .await
        .map_err(|e| failed("profile of", e))?;
    if let Some((role, scope)) = &enrolment.grant {
        let grant = UserCommand::GrantRole(GrantRole {
            role: *role,
            scope: scope.clone(),
            by: Actor::System,
            at,
        });
        demo.engine
            .execute::<User>(
                StreamName::User(user),
                grant,
                meta(&Actor::System, &format!("{user}:grant")),
            )
            .await
            .map_err(|e| failed("granting", e))?;
    }
    Ok(user)
}

/// Seals a demo resident's phone under their own key.
/// Seals a resident's personal value (`what` names it in errors) under their own key, as
/// the API does for real residents.
pub(super) fn seal(
    demo: &Demo,
    user: UserId,
    what: &str,
    plaintext: &str,
) -> Result<Sealed, DemoError> {
    demo.vault
        .seal(user, plaintext.as_bytes())
        .map_err(|e| DemoError::Step {
            step: format!("sealing the {what} of {user}"),
            reason: e.to_string(),
        })
}
