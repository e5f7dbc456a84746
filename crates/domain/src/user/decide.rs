//! Who may register users, edit profiles and grant roles.

use std::collections::BTreeSet;

use super::command::*;
use super::error::UserError;
use super::event::*;
use super::state::{UserRecord, UserState};
use crate::actor::{Actor, Role};
use crate::ids::Level;
use crate::validate::{self, ValidationError};

type Decision = Result<Vec<UserEvent>, UserError>;

const MAX_DISPLAY_NAME: usize = 32;
const MAX_SCOPE: usize = 64;

pub(crate) fn decide(command: &UserCommand, state: &UserState) -> Decision {
    match (command, state) {
        (UserCommand::Register(_), Some(_)) => Err(UserError::AlreadyExists),
        (UserCommand::Register(cmd), None) => {
            allow(
                cmd.by.is_system(),
                &cmd.by,
                "only the login flow registers users",
            )?;
            Ok(vec![UserRegistered {
                user: cmd.user,
                openid: cmd.openid.clone(),
                at: cmd.at,
            }
            .into()])
        }
        (_, None) => Err(UserError::NotFound),
        (UserCommand::UpdateProfile(cmd), Some(u)) => update_profile(cmd, u),
        (UserCommand::GrantRole(cmd), Some(u)) => grant(cmd, u),
        (UserCommand::Forget(cmd), Some(u)) => forget(cmd, u),
        (UserCommand::RevokeRole(cmd), Some(u)) => {
            may_grant(&cmd.by)?;
            if !u.roles.contains_key(&cmd.role) {
                return Err(UserError::RoleNotHeld(cmd.role));
            }
            Ok(vec![RoleRevoked {
                role: cmd.role,
                by: cmd.by,
                at: cmd.at,
            }
            .into()])
        }
    }
}

fn allow(ok: bool, actor: &Actor, reason: &'static str) -> Result<(), UserError> {
    if ok {
        Ok(())
    } else {
        Err(UserError::NotAllowed {
            actor: *actor,
            reason,
        })
    }
}

fn may_grant(by: &Actor) -> Result<(), UserError> {
    allow(
        by.is_system() || by.has_role(Role::Manager),
        by,
        "only a manager or the system grants and revokes roles",
    )
}

fn update_profile(cmd: &UpdateProfile, u: &UserRecord) -> Decision {
    allow(
        cmd.by.is_system() || cmd.by.user() == Some(u.id),
        &cmd.by,
        "only the user edits their own profile",
    )?;
    let display_name = validate::optional_text(
        "display_name",
        cmd.profile.display_name.as_deref(),
        MAX_DISPLAY_NAME,
    )?;
    if let Some(grid) = cmd.profile.home_grid {
        if grid.level() < Level::Village {
            return Err(ValidationError::Invalid {
                field: "home_grid",
                reason: "must be a village or grid code",
            }
            .into());
        }
    }
    let personal = [
        &cmd.profile.phone,
        &cmd.profile.id_card,
        &cmd.profile.home_address,
    ];
    for sealed in personal.into_iter().flatten() {
        if u.forgotten_at.is_some() {
            return Err(UserError::Forgotten);
        }
        // Sealed under the user's own key, so forgetting them reaches every copy.
        if sealed.subject() != u.id {
            return Err(ValidationError::Invalid {
                field: "profile",
                reason: "personal data must be sealed under the user's own key",
            }
            .into());
        }
    }
    Ok(vec![ProfileUpdated {
        display_name,
        phone: cmd.profile.phone.clone(),
        id_card: cmd.profile.id_card.clone(),
        home_address: cmd.profile.home_address.clone(),
        home_grid: cmd.profile.home_grid,
        legacy_phone: None,
        at: cmd.at,
    }
    .into()])
}

const MAX_REASON: usize = 200;

fn forget(cmd: &ForgetUser, u: &UserRecord) -> Decision {
    allow(
        cmd.by.is_system() || cmd.by.has_role(Role::Manager),
        &cmd.by,
        "only a manager or the operator forgets a user",
    )?;
    let reason = validate::text("reason", &cmd.reason, MAX_REASON)?;
    if u.forgotten_at.is_some() {
        // Forgetting twice records nothing: a retried `linli forget` only finishes
        // destroying the key.
        return Ok(vec![]);
    }
    Ok(vec![UserForgotten {
        by: cmd.by,
        reason,
        at: cmd.at,
    }
    .into()])
}

fn grant(cmd: &GrantRole, u: &UserRecord) -> Decision {
    may_grant(&cmd.by)?;
    validate::unique_list("scope", &cmd.scope, MAX_SCOPE)?;
    if cmd.scope.is_empty() && matches!(cmd.role, Role::Cadre | Role::Manager) {
        return Err(UserError::ScopeRequired(cmd.role));
    }
    let scope: BTreeSet<_> = cmd.scope.iter().copied().collect();
    if u.roles.get(&cmd.role) == Some(&scope) {
        // Granting what is already held records nothing, so retries are harmless.
        return Ok(vec![]);
    }
    Ok(vec![RoleGranted {
        role: cmd.role,
        scope: scope.into_iter().collect(),
        by: cmd.by,
        at: cmd.at,
    }
    .into()])
}
