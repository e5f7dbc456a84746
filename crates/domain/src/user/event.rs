//! The facts a user stream records.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::phone::PhoneNumber;
use crate::actor::{Actor, Role};
use crate::event::domain_events;
use crate::ids::{JurisdictionCode, OpenId, UserId};
use crate::sealed::Sealed;

domain_events! {
    /// Every fact about a user.
    pub enum UserEvent {
        /// First login.
        Registered(UserRegistered) = ("user.registered", 1),
        /// New profile. v2 seals the personal fields; v1 (plain phone) is upcast.
        ProfileUpdated(ProfileUpdated) = ("user.profile_updated", 2),
        /// A role was granted or re-scoped.
        RoleGranted(RoleGranted) = ("user.role_granted", 1),
        /// A role was taken away.
        RoleRevoked(RoleRevoked) = ("user.role_revoked", 1),
        /// The user's personal data was crypto-shredded (their key destroyed).
        Forgotten(UserForgotten) = ("user.forgotten", 1),
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

/// `user.profile_updated` v2: the whole new profile, personal fields sealed under the
/// user's own key.
///
/// v1 carried `phone` in plain text; its upcaster moves that value to `legacy_phone` (never
/// written by v2 itself), since a pure upcaster cannot encrypt and the log cannot be
/// rewritten.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileUpdated {
    /// The name shown to cadres and in comments (trimmed, 1–32 characters).
    pub display_name: Option<String>,
    /// **Personal data**, sealed: a number for call-backs.
    pub phone: Option<Sealed>,
    /// **Personal data**, sealed: the resident identity card number.
    pub id_card: Option<Sealed>,
    /// **Personal data**, sealed: the exact home address.
    pub home_address: Option<Sealed>,
    /// The village or grid the resident lives in; the fourth routing fallback.
    pub home_grid: Option<JurisdictionCode>,
    /// A phone number from a v1 record, in plain text as it was written. Only upcasting
    /// sets it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_phone: Option<PhoneNumber>,
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

/// `user.forgotten` v1: the user's key was destroyed; every sealed value of theirs in the
/// log, exports and backups is unreadable from now on. The events stay (the chain forbids
/// removing them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserForgotten {
    /// The operator (`linli forget`) or a manager.
    pub by: Actor,
    /// Why, in words (a resident's erasure request, a retention rule…), 1–200 characters.
    pub reason: String,
    /// When.
    pub at: DateTime<Utc>,
}
