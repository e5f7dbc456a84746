//! The managers' dashboard (数据大屏): counts by category, status, jurisdiction and China
//! day; response, resolution and satisfaction rates; handling-time percentiles; overdue
//! count; cadre ranking with a minimum sample. Definitions: [`DashboardView`].

mod counters;
mod projection;
mod query;

pub use projection::DashboardProjection;
pub use query::{
    CadreRanking, CadreStats, CategoryCount, Dashboard, DashboardView, DayCount, HandlingTime,
    JurisdictionCount, MinSample, Rate, StatusCount,
};

/// The projection's id.
pub const ID: &str = "dashboard";
/// Bump when the stored layout or the fold changes.
pub const VERSION: u32 = 1;
