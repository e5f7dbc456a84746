//! A user as they stand.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::event::UserEvent;
use super::phone::PhoneNumber;
use crate::actor::Role;
use crate::ids::{JurisdictionCode, OpenId, UserId};
use crate::sealed::Sealed;

/// The state of a user stream: `None` until registered.
pub type UserState = Option<UserRecord>;

/// What a user tells about themself. Every field is optional: many elderly residents never
/// fill a profile in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// The name shown to cadres and in comments (1–32 characters).
    pub display_name: Option<String>,
    /// **Personal data**, sealed under the user's key: for a cadre to call back.
    pub phone: Option<Sealed>,
    /// **Personal data**, sealed: the resident identity card number.
    pub id_card: Option<Sealed>,
    /// **Personal data**, sealed: the exact home address.
    pub home_address: Option<Sealed>,
    /// The village or grid the resident lives in; routing's fourth fallback.
    pub home_grid: Option<JurisdictionCode>,
}

/// A registered user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRecord {
    /// The id.
    pub id: UserId,
    /// The WeChat openid, to find the user at login.
    pub openid: OpenId,
    /// When first seen.
    pub registered_at: DateTime<Utc>,
    /// The current profile.
    pub profile: Profile,
    /// Granted roles and the nodes each covers; residents need no grant.
    pub roles: BTreeMap<Role, BTreeSet<JurisdictionCode>>,
    /// A phone number from before personal data was sealed (a `user.profile_updated` v1
    /// record), plain as written; replaced by the next profile update.
    pub legacy_phone: Option<PhoneNumber>,
    /// When the user was forgotten (`user.forgotten`): their personal data is gone.
    pub forgotten_at: Option<DateTime<Utc>>,
}

impl UserRecord {
    /// Whether the user may act in `role` at all (every user may act as a resident).
    pub fn may_act_as(&self, role: Role) -> bool {
        role == Role::Resident || self.roles.contains_key(&role)
    }

    /// Whether the user holds `role` for `node` (the node is inside one of its scope nodes).
    pub fn covers(&self, role: Role, node: &JurisdictionCode) -> bool {
        self.roles
            .get(&role)
            .is_some_and(|scope| scope.iter().any(|s| s.covers(node)))
    }
}

pub(crate) fn evolve(state: UserState, event: &UserEvent) -> UserState {
    match (state, event) {
        (None, UserEvent::Registered(e)) => Some(UserRecord {
            id: e.user,
            openid: e.openid.clone(),
            registered_at: e.at,
            profile: Profile::default(),
            roles: BTreeMap::new(),
            legacy_phone: None,
            forgotten_at: None,
        }),
        (Some(mut u), UserEvent::ProfileUpdated(e)) => {
            u.profile = Profile {
                display_name: e.display_name.clone(),
                phone: e.phone.clone(),
                id_card: e.id_card.clone(),
                home_address: e.home_address.clone(),
                home_grid: e.home_grid,
            };
            u.legacy_phone = e.legacy_phone.clone();
            Some(u)
        }
        (Some(mut u), UserEvent::RoleGranted(e)) => {
            u.roles.insert(e.role, e.scope.iter().copied().collect());
            Some(u)
        }
        (Some(mut u), UserEvent::RoleRevoked(e)) => {
            u.roles.remove(&e.role);
            Some(u)
        }
        (Some(mut u), UserEvent::Forgotten(e)) => {
            // The sealed values are unreadable now; the state drops them, and the plain
            // legacy phone too, so nothing reads them back into a new event.
            u.profile.phone = None;
            u.profile.id_card = None;
            u.profile.home_address = None;
            u.legacy_phone = None;
            u.forgotten_at = Some(e.at);
            Some(u)
        }
        (state, _) => state,
    }
}
