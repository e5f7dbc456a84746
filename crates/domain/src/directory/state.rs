//! The directory folded into queryable maps: what the router, the deadline scheduler and the
//! directory projection ask of it.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::event::{DirectoryEvent, NodeDefined, NodeUpdated};
use super::types::{CadreRole, TimeLimits};
use crate::calendar::{WorkCalendar, YearCalendar};
use crate::complaint::Category;
use crate::geo::Polygon;
use crate::ids::{JurisdictionCode, Level, UserId};

/// One node of the jurisdiction tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Its code.
    pub code: JurisdictionCode,
    /// Official name.
    pub name: String,
    /// Its level (from the code).
    pub level: Level,
    /// Its parent's code (from the code), defined or not.
    pub parent: Option<JurisdictionCode>,
    /// Names used in addresses, for address-text routing.
    pub aliases: Vec<String>,
    /// Its boundary, for point-in-polygon routing.
    pub polygon: Option<Polygon>,
}

/// Who should handle a category at a place: the rule's role and the nearest node (the place
/// or an ancestor) where cadres hold that role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handlers {
    /// The role the routing rule names.
    pub role: CadreRole,
    /// The node the cadres are posted to.
    pub node: JurisdictionCode,
    /// The cadres, in id order; the engine balances among them by open items.
    pub cadres: Vec<UserId>,
}

/// The whole directory.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DirectoryState {
    /// Defined nodes by code.
    nodes: BTreeMap<JurisdictionCode, Node>,
    /// Defined nodes by their parent's code, so a subtree can be listed.
    children: BTreeMap<JurisdictionCode, BTreeSet<JurisdictionCode>>,
    /// Cadres posted to each node, with their post.
    cadres: BTreeMap<JurisdictionCode, BTreeMap<UserId, CadreRole>>,
    /// Routing rules by node and category (`None` = any category).
    rules: BTreeMap<(JurisdictionCode, Option<Category>), CadreRole>,
    /// Time limits by category.
    limits: BTreeMap<Category, TimeLimits>,
    /// Working days and hours.
    calendar: WorkCalendar,
}

impl DirectoryState {
    /// A defined node.
    pub fn node(&self, code: &JurisdictionCode) -> Option<&Node> {
        self.nodes.get(code)
    }

    /// Every defined node, in code order (so each subtree is contiguous).
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.nodes.values()
    }

    /// Defined nodes whose parent is not defined: the tops of the deployed tree.
    pub fn roots(&self) -> impl Iterator<Item = &Node> {
        self.nodes
            .values()
            .filter(|n| n.parent.is_none_or(|p| !self.nodes.contains_key(&p)))
    }

    /// The defined children of a node.
    pub fn children(&self, code: &JurisdictionCode) -> impl Iterator<Item = &Node> {
        self.children
            .get(code)
            .into_iter()
            .flatten()
            .filter_map(|c| self.nodes.get(c))
    }

    /// The defined ancestors of a code, nearest first (the code itself excluded).
    pub fn parent_chain(&self, code: &JurisdictionCode) -> Vec<&Node> {
        code.ancestors()
            .filter_map(|c| self.nodes.get(&c))
            .collect()
    }

    /// The deepest defined node at or above `code`: where a complaint at `code` belongs when
    /// `code` itself is finer than the directory.
    pub fn nearest_defined(&self, code: &JurisdictionCode) -> Option<&Node> {
        code.self_and_ancestors().find_map(|c| self.nodes.get(&c))
    }

    /// Cadres posted at a node, with their posts.
    pub fn cadres_at(
        &self,
        code: &JurisdictionCode,
    ) -> impl Iterator<Item = (UserId, CadreRole)> + '_ {
        self.cadres
            .get(code)
            .into_iter()
            .flatten()
            .map(|(u, r)| (*u, *r))
    }

    /// Cadres holding `role` at a node, in id order.
    pub fn cadres_at_with_role(&self, code: &JurisdictionCode, role: CadreRole) -> Vec<UserId> {
        self.cadres_at(code)
            .filter(|(_, r)| *r == role)
            .map(|(u, _)| u)
            .collect()
    }

    /// Every post a cadre holds.
    pub fn posts_of(&self, cadre: UserId) -> Vec<(JurisdictionCode, CadreRole)> {
        self.cadres
            .iter()
            .filter_map(|(node, posted)| posted.get(&cadre).map(|r| (*node, *r)))
            .collect()
    }

    /// The routing rule for `category` at `code`: at each node from `code` up, a rule for the
    /// category wins over a rule for any category; the nearest node with a rule wins.
    /// Returns the node the rule was found at and the role it names.
    pub fn routing_rule(
        &self,
        code: &JurisdictionCode,
        category: Category,
    ) -> Option<(JurisdictionCode, CadreRole)> {
        code.self_and_ancestors().find_map(|c| {
            self.rules
                .get(&(c, Some(category)))
                .or_else(|| self.rules.get(&(c, None)))
                .map(|role| (c, *role))
        })
    }

    /// The cadres who should handle `category` at `code`: the routing rule's role, held at
    /// the nearest node from `code` upwards. `None` when no rule applies or nobody holds the
    /// role on the way up (the complaint then goes to triage).
    pub fn handlers(&self, code: &JurisdictionCode, category: Category) -> Option<Handlers> {
        let (_, role) = self.routing_rule(code, category)?;
        code.self_and_ancestors().find_map(|node| {
            let cadres = self.cadres_at_with_role(&node, role);
            (!cadres.is_empty()).then_some(Handlers { role, node, cadres })
        })
    }

    /// The time limits for a category, if set.
    pub fn time_limits(&self, category: Category) -> Option<TimeLimits> {
        self.limits.get(&category).copied()
    }

    /// Working days and hours, for deadline arithmetic.
    pub fn work_calendar(&self) -> &WorkCalendar {
        &self.calendar
    }

    fn define(&mut self, e: &NodeDefined) {
        if let Some(parent) = e.parent {
            self.children.entry(parent).or_default().insert(e.code);
        }
        self.nodes.insert(
            e.code,
            Node {
                code: e.code,
                name: e.name.clone(),
                level: e.level,
                parent: e.parent,
                aliases: e.aliases.clone(),
                polygon: e.polygon.clone(),
            },
        );
    }
}

pub(crate) fn evolve(mut state: DirectoryState, event: &DirectoryEvent) -> DirectoryState {
    match event {
        DirectoryEvent::NodeDefined(e) | DirectoryEvent::NodeUpdated(NodeUpdated(e)) => {
            state.define(e)
        }
        DirectoryEvent::CadrePosted(e) => {
            state
                .cadres
                .entry(e.node)
                .or_default()
                .insert(e.cadre, e.role);
        }
        DirectoryEvent::CadreUnposted(e) => {
            if let Some(posted) = state.cadres.get_mut(&e.node) {
                posted.remove(&e.cadre);
                if posted.is_empty() {
                    state.cadres.remove(&e.node);
                }
            }
        }
        DirectoryEvent::RoutingRuleSet(e) => {
            state.rules.insert((e.node, e.category), e.role);
        }
        DirectoryEvent::TimeLimitsSet(e) => {
            state.limits.insert(
                e.category,
                TimeLimits {
                    response_minutes: e.response_minutes,
                    resolution_minutes: e.resolution_minutes,
                },
            );
        }
        DirectoryEvent::HolidayCalendarSet(e) => {
            // decide validated the year; rebuilding it here cannot fail for logged events.
            if let Ok(year) = YearCalendar::new(
                e.year,
                e.holidays.iter().copied().collect(),
                e.makeup_workdays.iter().copied().collect(),
            ) {
                state.calendar.days.set_year(e.year, year);
            }
        }
        DirectoryEvent::WorkingHoursSet(e) => state.calendar.hours = e.hours.clone(),
    }
    state
}
