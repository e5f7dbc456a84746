//! What callers may ask of the directory. Every command: a manager or the system.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};

use super::types::{CadreRole, TimeLimits};
use crate::actor::Actor;
use crate::calendar::WorkingHours;
use crate::complaint::Category;
use crate::geo::Polygon;
use crate::ids::{JurisdictionCode, UserId};

/// A command for the directory stream.
#[derive(Debug, Clone, PartialEq)]
pub enum DirectoryCommand {
    /// Define a node, or update one already defined.
    DefineNode(DefineNode),
    /// Post a cadre to a node.
    PostCadre(PostCadre),
    /// Remove a cadre from a node.
    UnpostCadre(UnpostCadre),
    /// Say which cadre role handles a category at a node (and below).
    SetRoutingRule(SetRoutingRule),
    /// Set a category's response and resolution limits.
    SetTimeLimits(SetTimeLimits),
    /// Set one year's holidays and make-up working days.
    SetHolidayCalendar(SetHolidayCalendar),
    /// Set the working hours of a working day.
    SetWorkingHours(SetWorkingHours),
}

impl DirectoryCommand {
    /// Who issues the command; the engine also records it in the log's metadata.
    pub fn by(&self) -> &Actor {
        match self {
            DirectoryCommand::DefineNode(c) => &c.by,
            DirectoryCommand::PostCadre(c) => &c.by,
            DirectoryCommand::UnpostCadre(c) => &c.by,
            DirectoryCommand::SetRoutingRule(c) => &c.by,
            DirectoryCommand::SetTimeLimits(c) => &c.by,
            DirectoryCommand::SetHolidayCalendar(c) => &c.by,
            DirectoryCommand::SetWorkingHours(c) => &c.by,
        }
    }

    /// The time the command is decided at.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            DirectoryCommand::DefineNode(c) => c.at,
            DirectoryCommand::PostCadre(c) => c.at,
            DirectoryCommand::UnpostCadre(c) => c.at,
            DirectoryCommand::SetRoutingRule(c) => c.at,
            DirectoryCommand::SetTimeLimits(c) => c.at,
            DirectoryCommand::SetHolidayCalendar(c) => c.at,
            DirectoryCommand::SetWorkingHours(c) => c.at,
        }
    }
}

/// Define or update a node. Its parent must be defined, unless no ancestor is defined at all
/// (then it is a root: a deployment may cover one county without defining its province).
#[derive(Debug, Clone, PartialEq)]
pub struct DefineNode {
    /// The code; level and parent are read from it.
    pub code: JurisdictionCode,
    /// Official name, e.g. "翠苑街道" (1–64 characters).
    pub name: String,
    /// Other names residents use in addresses ("翠苑", "翠苑一区"), at most 32 of 1–64 characters.
    pub aliases: Vec<String>,
    /// The boundary, for point-in-polygon routing.
    pub polygon: Option<Polygon>,
    /// A manager or the system.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Post a cadre to a node (or change their role there).
#[derive(Debug, Clone, PartialEq)]
pub struct PostCadre {
    /// The cadre.
    pub cadre: UserId,
    /// A defined node.
    pub node: JurisdictionCode,
    /// The post.
    pub role: CadreRole,
    /// A manager or the system.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Remove a cadre from a node.
#[derive(Debug, Clone, PartialEq)]
pub struct UnpostCadre {
    /// The cadre.
    pub cadre: UserId,
    /// The node they are posted to.
    pub node: JurisdictionCode,
    /// A manager or the system.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Set a routing rule.
#[derive(Debug, Clone, PartialEq)]
pub struct SetRoutingRule {
    /// A defined node; the rule holds there and below, unless overridden lower down.
    pub node: JurisdictionCode,
    /// The category, or `None` for every category without its own rule at this node.
    pub category: Option<Category>,
    /// The cadre role that handles it.
    pub role: CadreRole,
    /// A manager or the system.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Set time limits for a category.
#[derive(Debug, Clone, PartialEq)]
pub struct SetTimeLimits {
    /// The category.
    pub category: Category,
    /// The limits, in working minutes.
    pub limits: TimeLimits,
    /// A manager or the system.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Set one year's holiday calendar, replacing any earlier one for that year.
#[derive(Debug, Clone, PartialEq)]
pub struct SetHolidayCalendar {
    /// The year.
    pub year: i32,
    /// Statutory holidays (all in `year`).
    pub holidays: BTreeSet<NaiveDate>,
    /// Make-up working days (all in `year`, all Saturdays or Sundays).
    pub makeup_workdays: BTreeSet<NaiveDate>,
    /// A manager or the system.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Set the working hours.
#[derive(Debug, Clone, PartialEq)]
pub struct SetWorkingHours {
    /// The intervals, already validated by their type.
    pub hours: WorkingHours,
    /// A manager or the system.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}
