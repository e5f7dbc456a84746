//! Who issues a command. Authentication happens outside; the domain only checks that the
//! (already authenticated) actor may make the transition it asks for.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::UserId;

/// The role a person acts in for one command. A person may hold several roles (granted on
/// their user stream); the API picks the one the request is made in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    /// 居民 — files complaints, encourages cadres, rates.
    Resident,
    /// 基层干部 — grid worker, village or township staff; handles assigned complaints.
    Cadre,
    /// 乡镇管理员 — assigns, transfers, escalates, tunes the directory.
    Manager,
    /// 服务商 — lists services and fulfils orders.
    Provider,
    /// 审计员 — reads everything, writes nothing.
    Auditor,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 5] = [
        Role::Resident,
        Role::Cadre,
        Role::Manager,
        Role::Provider,
        Role::Auditor,
    ];

    /// The stable lowercase name, as in JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::Cadre => "cadre",
            Role::Manager => "manager",
            Role::Provider => "provider",
            Role::Auditor => "auditor",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who issues a command, and who the resulting event says acted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Actor {
    /// A signed-in person acting in one role.
    User {
        /// Which person, so "only the resident who filed" can be checked.
        user: UserId,
        /// The role the person acts in for this command.
        role: Role,
    },
    /// linli itself: the router right after filing, and the deadline scheduler.
    System,
}

impl Actor {
    /// A person acting as a resident.
    pub const fn resident(user: UserId) -> Actor {
        Actor::User {
            user,
            role: Role::Resident,
        }
    }

    /// A person acting as a cadre.
    pub const fn cadre(user: UserId) -> Actor {
        Actor::User {
            user,
            role: Role::Cadre,
        }
    }

    /// A person acting as a manager.
    pub const fn manager(user: UserId) -> Actor {
        Actor::User {
            user,
            role: Role::Manager,
        }
    }

    /// The person, unless this is the system.
    pub const fn user(&self) -> Option<UserId> {
        match self {
            Actor::User { user, .. } => Some(*user),
            Actor::System => None,
        }
    }

    /// The role, unless this is the system.
    pub const fn role(&self) -> Option<Role> {
        match self {
            Actor::User { role, .. } => Some(*role),
            Actor::System => None,
        }
    }

    /// Whether this is the system actor.
    pub const fn is_system(&self) -> bool {
        matches!(self, Actor::System)
    }

    /// Whether this is `user` acting in `role`.
    pub fn is(&self, user: UserId, role: Role) -> bool {
        *self == Actor::User { user, role }
    }

    /// Whether this is a person acting in `role` (any person).
    pub fn has_role(&self, role: Role) -> bool {
        self.role() == Some(role)
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::User { user, role } => write!(f, "{role} {user}"),
            Actor::System => f.write_str("system"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_json_is_tagged() {
        let a = Actor::cadre(UserId::from_u128(7));
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"kind":"user","user":"00000000-0000-0000-0000-000000000007","role":"cadre"}"#
        );
        assert_eq!(
            serde_json::to_string(&Actor::System).unwrap(),
            r#"{"kind":"system"}"#
        );
    }
}
