//! Value types of a complaint.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{JurisdictionCode, UserId};
use crate::validate::ValidationError;

/// What kind of problem the resident reports; drives routing rules and time limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Category {
    /// 盗窃 — something was stolen.
    Theft,
    /// 安全隐患 — a danger that has not hurt anyone yet (loose cable, broken railing).
    SecurityHazard,
    /// 失物 — something was lost or found.
    LostItem,
    /// 邻里纠纷 — a dispute between neighbours.
    NeighbourConflict,
    /// 环境 — rubbish, noise, pollution.
    Environment,
    /// 基础设施 — roads, street lights, water, drains.
    Infrastructure,
    /// 其他 — anything else.
    Other,
}

impl Category {
    /// Every category.
    pub const ALL: [Category; 7] = [
        Category::Theft,
        Category::SecurityHazard,
        Category::LostItem,
        Category::NeighbourConflict,
        Category::Environment,
        Category::Infrastructure,
        Category::Other,
    ];

    /// The stable snake_case name, as in JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            Category::Theft => "theft",
            Category::SecurityHazard => "security_hazard",
            Category::LostItem => "lost_item",
            Category::NeighbourConflict => "neighbour_conflict",
            Category::Environment => "environment",
            Category::Infrastructure => "infrastructure",
            Category::Other => "other",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Category {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or(ValidationError::Invalid {
                field: "category",
                reason: "unknown category",
            })
    }
}

/// Whether handlers see who filed. The system always knows (to let the filer follow, rate
/// and withdraw); anonymity only hides the name from cadres and from public views.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Anonymity {
    /// Handlers may see the filer's name and phone to call back.
    Named,
    /// Handlers see no name; used for sensitive reports about neighbours.
    Anonymous,
}

/// Who may read the complaint besides the filer and its handlers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Visibility {
    /// Only the filer and the handlers.
    Private,
    /// Also other residents (e.g. a broken street light everyone can follow).
    Public,
}

/// Which rule placed the complaint, in the order routing tries them; recorded so
/// dashboards can tell how well places are being resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RoutingBasis {
    /// The resident (or a handler) gave the jurisdiction code.
    ExplicitCode,
    /// The reported point fell inside a grid polygon (the smallest containing one).
    PointInPolygon,
    /// The address text named a known place (the deepest match).
    AddressText,
    /// The resident's registered home grid.
    HomeGrid,
    /// Nothing matched: the township triage queue, or a handler sent it back there.
    Triage,
    /// A manager or the escalation scheduler chose the place by hand or by rule.
    Manual,
}

/// Who handles the complaint now, where, and by when; decided outside the domain (routing
/// and working-time arithmetic) and recorded whole so a replay never re-decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// The responsible cadre; `None` means the jurisdiction's triage queue.
    pub cadre: Option<UserId>,
    /// The node whose queue holds the complaint.
    pub jurisdiction: JurisdictionCode,
    /// How the node was found.
    pub basis: RoutingBasis,
    /// When the handler must have accepted (responded) by.
    pub response_due_at: DateTime<Utc>,
    /// When the complaint must be resolved by.
    pub resolution_due_at: DateTime<Utc>,
}

impl Assignment {
    pub(crate) fn validate(&self) -> Result<(), ValidationError> {
        if self.response_due_at > self.resolution_due_at {
            return Err(ValidationError::Invalid {
                field: "assignment",
                reason: "response is due after resolution",
            });
        }
        Ok(())
    }
}

/// A satisfaction score, 1 (very unsatisfied) to 5 (very satisfied).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Score(u8);

impl Score {
    /// A checked score.
    pub fn new(value: u8) -> Result<Score, ValidationError> {
        if (1..=5).contains(&value) {
            Ok(Score(value))
        } else {
            Err(ValidationError::Invalid {
                field: "score",
                reason: "must be 1 to 5",
            })
        }
    }

    /// 1–5.
    pub const fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Score {
    type Error = ValidationError;

    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Score::new(value)
    }
}

impl From<Score> for u8 {
    fn from(s: Score) -> Self {
        s.0
    }
}

/// Which time limit was missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DeadlineKind {
    /// Nobody accepted in time.
    Response,
    /// Not resolved in time.
    Resolution,
}

/// Why a complaint moved up a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EscalationReason {
    /// Not accepted by its response deadline.
    ResponseOverdue,
    /// Not resolved by its resolution deadline.
    ResolutionOverdue,
    /// A manager decided (e.g. it turned out to be serious); only managers may give it.
    Manual,
}

/// Who may read a note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum NoteVisibility {
    /// Handlers only (cadres and managers), e.g. "called the landlord, no answer".
    Internal,
    /// Also the filer; shown in the resident's progress timeline.
    Shared,
}

/// Where a complaint is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ComplaintStatus {
    /// Filed, waiting for routing.
    Filed,
    /// In a jurisdiction's triage queue, no cadre yet.
    Triage,
    /// Assigned to a cadre who has not accepted yet.
    Assigned,
    /// Accepted and being worked on (also after a reopen).
    InProgress,
    /// The cadre says it is resolved; the filer may confirm, reopen or rate.
    Resolved,
    /// The resolution was confirmed. Terminal.
    Closed,
    /// The filer withdrew it before resolution. Terminal.
    Withdrawn,
    /// Merged into another complaint as a duplicate. Terminal.
    Merged,
}

impl ComplaintStatus {
    /// The stable snake_case name, as in JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            ComplaintStatus::Filed => "filed",
            ComplaintStatus::Triage => "triage",
            ComplaintStatus::Assigned => "assigned",
            ComplaintStatus::InProgress => "in_progress",
            ComplaintStatus::Resolved => "resolved",
            ComplaintStatus::Closed => "closed",
            ComplaintStatus::Withdrawn => "withdrawn",
            ComplaintStatus::Merged => "merged",
        }
    }

    /// Whether nothing more can happen except reading.
    pub const fn is_terminal(self) -> bool {
        matches!(
            self,
            ComplaintStatus::Closed | ComplaintStatus::Withdrawn | ComplaintStatus::Merged
        )
    }

    /// Whether someone still has to act before the complaint can be called resolved.
    pub const fn is_unresolved(self) -> bool {
        matches!(
            self,
            ComplaintStatus::Filed
                | ComplaintStatus::Triage
                | ComplaintStatus::Assigned
                | ComplaintStatus::InProgress
        )
    }
}

impl fmt::Display for ComplaintStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
