//! The directory import document: a jurisdiction tree and its set-up in one JSON value.
//! Domain types validate while deserializing (codes, polygons, roles, categories, dates,
//! working hours), so a document that parses is already well-typed; what the domain decides
//! (names, parents, limits, calendars) is checked by a dry run in [`super::plan`].

use chrono::NaiveDate;
use linli_domain::calendar::WorkingHours;
use linli_domain::complaint::Category;
use linli_domain::directory::CadreRole;
use linli_domain::geo::Polygon;
use linli_domain::{JurisdictionCode, OpenId, UserId};
use serde::{Deserialize, Serialize};

/// A whole import. Every section is optional; entries are applied nodes first (parents
/// before children), then users, postings, rules, limits, calendars and working hours.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DirectoryDocument {
    /// Jurisdiction nodes, in any order.
    #[serde(default)]
    pub nodes: Vec<NodeEntry>,
    /// Cadre postings.
    #[serde(default)]
    pub cadres: Vec<CadreEntry>,
    /// Routing rules.
    #[serde(default)]
    pub routing_rules: Vec<RuleEntry>,
    /// Time limits per category.
    #[serde(default)]
    pub time_limits: Vec<LimitsEntry>,
    /// Holiday calendars, one per year.
    #[serde(default)]
    pub calendars: Vec<CalendarEntry>,
    /// The working hours of a working day, if they should change.
    #[serde(default)]
    pub working_hours: Option<WorkingHours>,
}

/// One node.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NodeEntry {
    /// 12-digit division code, or a grid code `PPCCDDTTTVVV-Gnnn`.
    pub code: JurisdictionCode,
    /// Official name (1–64 characters).
    #[schema(min_length = 1, max_length = 64)]
    pub name: String,
    /// The parent's code. Optional because the code already says it; when given it must agree.
    #[serde(default)]
    pub parent: Option<JurisdictionCode>,
    /// Names residents use in addresses.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// GeoJSON polygon `coordinates` (GCJ-02), for point routing.
    #[serde(default)]
    pub polygon: Option<Polygon>,
}

/// Who a posting is for: an existing user, or an openid (registered on import if new).
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CadreEntry {
    /// The node posted to.
    pub node: JurisdictionCode,
    /// A registered user's id…
    #[serde(default)]
    pub user: Option<UserId>,
    /// …or a WeChat openid (exactly one of the two).
    #[serde(default)]
    pub openid: Option<OpenId>,
    /// The post.
    pub role: CadreRole,
}

/// One routing rule.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleEntry {
    /// Where it holds (and below).
    pub node: JurisdictionCode,
    /// The category; absent or null for every category without its own rule here.
    #[serde(default)]
    pub category: Option<Category>,
    /// The post that handles it.
    pub role: CadreRole,
}

/// One category's time limits.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LimitsEntry {
    /// The category.
    pub category: Category,
    /// Working minutes from assignment to acceptance.
    pub response_minutes: u32,
    /// Working minutes from assignment to resolution.
    pub resolution_minutes: u32,
}

/// One year's holiday calendar.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarEntry {
    /// The year.
    pub year: i32,
    /// Statutory holidays (法定节假日).
    #[serde(default)]
    pub holidays: Vec<NaiveDate>,
    /// Weekend days worked instead (调休上班).
    #[serde(default)]
    pub makeup_workdays: Vec<NaiveDate>,
}

/// Why a document could not even be read, with the JSON path of the offending entry.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct DocumentError {
    /// Where, e.g. `nodes[3].code`.
    pub path: String,
    /// What is wrong there.
    pub reason: String,
}

impl DirectoryDocument {
    /// Parses a document, naming the path of the first bad value.
    pub fn from_json(value: serde_json::Value) -> Result<DirectoryDocument, DocumentError> {
        serde_path_to_error::deserialize(value).map_err(|e| DocumentError {
            path: e.path().to_string(),
            reason: e.into_inner().to_string(),
        })
    }
}
