//! What a principal may see, decided here and only here.
//!
//! * A resident sees their own items and public ones.
//! * A cadre sees items in the jurisdictions they are scoped to (a scope covers its subtree).
//! * A manager sees items in their scoped jurisdictions.
//! * An auditor sees everything (and writes nothing, see [`Principal::act_as`]).

use linli_domain::{JurisdictionCode, Role, UserId};

use super::Principal;

/// The facts about an item that decide who may see it.
#[derive(Debug, Clone, Copy)]
pub struct ItemScope<'a> {
    /// The resident who owns the item (filed it, booked it).
    pub owner: UserId,
    /// Whether the owner made it public.
    pub public: Visibility,
    /// Where the item is handled, if routed.
    pub jurisdiction: Option<&'a JurisdictionCode>,
    /// The cadre it is assigned to, if any.
    pub assignee: Option<UserId>,
}

/// Whether an item is visible to every resident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// Only the owner and the staff responsible.
    Private,
    /// Every signed-in user.
    Public,
}

/// May this principal read this item?
pub fn may_read(principal: &Principal, item: &ItemScope<'_>) -> bool {
    if principal.user == item.owner || item.public == Visibility::Public {
        return true;
    }
    if principal.has(Role::Auditor) {
        return true;
    }
    if item.assignee == Some(principal.user) {
        return true;
    }
    staff_covers(principal, item.jurisdiction)
}

/// Does a cadre or manager scope of this principal cover the jurisdiction?
pub fn staff_covers(principal: &Principal, jurisdiction: Option<&JurisdictionCode>) -> bool {
    let Some(node) = jurisdiction else {
        return false;
    };
    [Role::Cadre, Role::Manager]
        .into_iter()
        .any(|role| principal.record.covers(role, node))
}

/// May this principal see every item of a jurisdiction (queues, dashboards)?
pub fn may_oversee(principal: &Principal, jurisdiction: &JurisdictionCode) -> bool {
    principal.has(Role::Auditor) || staff_covers(principal, Some(jurisdiction))
}
