//! The facts the directory stream records.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::types::CadreRole;
use crate::actor::Actor;
use crate::calendar::WorkingHours;
use crate::complaint::Category;
use crate::event::domain_events;
use crate::geo::Polygon;
use crate::ids::{JurisdictionCode, Level, UserId};

domain_events! {
    /// Every fact about the directory.
    pub enum DirectoryEvent {
        /// A node was defined.
        NodeDefined(NodeDefined) = ("directory.node_defined", 1),
        /// A defined node changed name, aliases or polygon.
        NodeUpdated(NodeUpdated) = ("directory.node_updated", 1),
        /// A cadre was posted to a node.
        CadrePosted(CadrePosted) = ("directory.cadre_posted", 1),
        /// A cadre left a node.
        CadreUnposted(CadreUnposted) = ("directory.cadre_unposted", 1),
        /// A routing rule was set.
        RoutingRuleSet(RoutingRuleSet) = ("directory.routing_rule_set", 1),
        /// A category's time limits were set.
        TimeLimitsSet(TimeLimitsSet) = ("directory.time_limits_set", 1),
        /// A year's holiday calendar was set.
        HolidayCalendarSet(HolidayCalendarSet) = ("directory.holiday_calendar_set", 1),
        /// The working hours were set.
        WorkingHoursSet(WorkingHoursSet) = ("directory.working_hours_set", 1),
    }
}

/// `directory.node_defined` v1 and `directory.node_updated` v1 (same fields).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeDefined {
    /// The node's code.
    pub code: JurisdictionCode,
    /// Official name (trimmed).
    pub name: String,
    /// The level, read from the code; recorded so readers need not parse codes.
    pub level: Level,
    /// The parent code, read from the code; `None` for a province.
    pub parent: Option<JurisdictionCode>,
    /// Names used in addresses (trimmed, unique).
    pub aliases: Vec<String>,
    /// The boundary, GeoJSON polygon coordinates in GCJ-02.
    pub polygon: Option<Polygon>,
    /// Who defined it.
    pub by: Actor,
    /// When.
    pub at: DateTime<Utc>,
}

/// `directory.node_updated` v1: the node's new definition, same fields as
/// `directory.node_defined`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NodeUpdated(pub NodeDefined);

/// `directory.cadre_posted` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CadrePosted {
    /// The cadre.
    pub cadre: UserId,
    /// The node.
    pub node: JurisdictionCode,
    /// The post; replaces any earlier post of this cadre at this node.
    pub role: CadreRole,
    /// Who posted them.
    pub by: Actor,
    /// When.
    pub at: DateTime<Utc>,
}

/// `directory.cadre_unposted` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CadreUnposted {
    /// The cadre.
    pub cadre: UserId,
    /// The node they left.
    pub node: JurisdictionCode,
    /// Who removed them.
    pub by: Actor,
    /// When.
    pub at: DateTime<Utc>,
}

/// `directory.routing_rule_set` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoutingRuleSet {
    /// Where the rule holds (and below).
    pub node: JurisdictionCode,
    /// The category, or `null` for all categories without their own rule here.
    pub category: Option<Category>,
    /// The cadre role that handles it.
    pub role: CadreRole,
    /// Who set it.
    pub by: Actor,
    /// When.
    pub at: DateTime<Utc>,
}

/// `directory.time_limits_set` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeLimitsSet {
    /// The category.
    pub category: Category,
    /// Working minutes from assignment to acceptance.
    pub response_minutes: u32,
    /// Working minutes from assignment to resolution.
    pub resolution_minutes: u32,
    /// Who set them.
    pub by: Actor,
    /// When.
    pub at: DateTime<Utc>,
}

/// `directory.holiday_calendar_set` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HolidayCalendarSet {
    /// The year replaced.
    pub year: i32,
    /// Statutory holidays, ascending, `YYYY-MM-DD`.
    pub holidays: Vec<NaiveDate>,
    /// Make-up working days, ascending, `YYYY-MM-DD`.
    pub makeup_workdays: Vec<NaiveDate>,
    /// Who set it.
    pub by: Actor,
    /// When.
    pub at: DateTime<Utc>,
}

/// `directory.working_hours_set` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkingHoursSet {
    /// The intervals, `[{"start":"09:00","end":"12:00"}, …]`.
    pub hours: WorkingHours,
    /// Who set them.
    pub by: Actor,
    /// When.
    pub at: DateTime<Utc>,
}
