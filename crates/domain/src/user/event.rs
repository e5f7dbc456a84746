//! The facts a user stream records.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::phone::PhoneNumber;
use crate::actor::{Actor, Role};
use crate::event::domain_events;
use crate::ids::{JurisdictionCode, OpenId, UserId};

domain_events! {
    /// Every fact about a user.
    pub enum UserEvent {
        /// First login.
        Registered(UserRegistered) = ("user.registered", 1),
        /// New profile.
        ProfileUpdated(ProfileUpdated) = ("user.profile_updated", 1),
        /// A role was granted or re-scoped.
        RoleGranted(RoleGranted) = ("user.role_granted", 1),
        /// A role was taken away.
        RoleRevoked(RoleRevoked) = ("user.role_revoked", 1),
    }
}

/// `user.registered` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRegistered {
    /// The user's id, repeated from the stream name.
    pub user: UserId,
    /// The WeChat openid, to find the user again at login.
    pub openid: OpenId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `user.profile_updated` v1: the whole new profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileUpdated {
    /// The name shown to cadres and in comments (trimmed, 1–32 characters).
    pub display_name: Option<String>,
    /// **Personal data** (to be encrypted): for a cadre to call back.
    pub phone: Option<PhoneNumber>,
    /// The village or grid the resident lives in; the fourth routing fallback.
    pub home_grid: Option<JurisdictionCode>,
    /// When.
    pub at: DateTime<Utc>,
}

/// `user.role_granted` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleGranted {
    /// Which role.
    pub role: Role,
    /// The nodes it covers, sorted; replaces the role's earlier scope.
    pub scope: Vec<JurisdictionCode>,
    /// Who granted it.
    pub by: Actor,
    /// When.
    pub at: DateTime<Utc>,
}

/// `user.role_revoked` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleRevoked {
    /// Which role.
    pub role: Role,
    /// Who revoked it.
    pub by: Actor,
    /// When.
    pub at: DateTime<Utc>,
}
