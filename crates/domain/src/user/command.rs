//! What callers may ask of a user.

use chrono::{DateTime, Utc};

use super::state::Profile;
use crate::actor::{Actor, Role};
use crate::ids::{JurisdictionCode, OpenId, UserId};

/// A command for one user stream.
#[derive(Debug, Clone, PartialEq)]
pub enum UserCommand {
    /// First login. Who: the system (the login flow).
    Register(RegisterUser),
    /// Replace the profile. Who: the user themself, or the system.
    UpdateProfile(UpdateProfile),
    /// Grant a role scoped to nodes. Who: a manager or the system.
    GrantRole(GrantRole),
    /// Take a role away. Who: a manager or the system.
    RevokeRole(RevokeRole),
    /// Crypto-shred the user's personal data (the caller destroys the key). Who: a manager
    /// or the system (`linli forget`).
    Forget(ForgetUser),
}

impl UserCommand {
    /// Who issues the command; the engine also records it in the log's metadata.
    pub fn by(&self) -> &Actor {
        match self {
            UserCommand::Register(c) => &c.by,
            UserCommand::UpdateProfile(c) => &c.by,
            UserCommand::GrantRole(c) => &c.by,
            UserCommand::RevokeRole(c) => &c.by,
            UserCommand::Forget(c) => &c.by,
        }
    }

    /// The time the command is decided at.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            UserCommand::Register(c) => c.at,
            UserCommand::UpdateProfile(c) => c.at,
            UserCommand::GrantRole(c) => c.at,
            UserCommand::RevokeRole(c) => c.at,
            UserCommand::Forget(c) => c.at,
        }
    }
}

/// Register a user into an empty stream.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterUser {
    /// The id; callers should use [`UserId::from_openid`] so one openid is one user.
    pub user: UserId,
    /// The WeChat openid from code2Session.
    pub openid: OpenId,
    /// The system.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Replace the whole profile (the API merges a partial update with the current profile).
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateProfile {
    /// The new profile.
    pub profile: Profile,
    /// The user themself, or the system.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Grant (or re-scope) a role.
#[derive(Debug, Clone, PartialEq)]
pub struct GrantRole {
    /// Which role.
    pub role: Role,
    /// The nodes it covers (their subtrees included); required for cadres and managers,
    /// at most 64. Replaces any earlier scope of the same role.
    pub scope: Vec<JurisdictionCode>,
    /// A manager or the system.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Revoke a role.
#[derive(Debug, Clone, PartialEq)]
pub struct RevokeRole {
    /// Which role.
    pub role: Role,
    /// A manager or the system.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Forget a user: record that their key is destroyed.
#[derive(Debug, Clone, PartialEq)]
pub struct ForgetUser {
    /// Why (1–200 characters).
    pub reason: String,
    /// A manager or the system.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}
