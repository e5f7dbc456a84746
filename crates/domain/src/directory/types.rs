//! Value types of the directory.

use serde::{Deserialize, Serialize};

use crate::validate::ValidationError;

/// The post a cadre holds at a node; routing rules name one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CadreRole {
    /// 网格员 — serves one grid, the first to go and look.
    GridWorker,
    /// 村（社区）干部 — village or community committee staff.
    VillageStaff,
    /// 乡镇（街道）干部 — township staff, also triage.
    TownshipStaff,
    /// 县级部门 — county-level department staff, the top of escalation.
    CountyStaff,
}

/// How long handlers have for one category, in working minutes (see [`crate::calendar`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeLimits {
    /// From assignment to acceptance.
    pub response_minutes: u32,
    /// From assignment to resolution.
    pub resolution_minutes: u32,
}

impl TimeLimits {
    /// About a year of working days: anything longer is a typo.
    pub const MAX_MINUTES: u32 = 250 * 7 * 60;

    pub(crate) fn validate(&self) -> Result<(), ValidationError> {
        let invalid = |reason| ValidationError::Invalid {
            field: "time_limits",
            reason,
        };
        if self.response_minutes == 0 {
            return Err(invalid("response limit must be positive"));
        }
        if self.resolution_minutes < self.response_minutes {
            return Err(invalid("resolution limit must not be below response limit"));
        }
        if self.resolution_minutes > Self::MAX_MINUTES {
            return Err(invalid("resolution limit is longer than a working year"));
        }
        Ok(())
    }
}
