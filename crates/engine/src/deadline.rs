//! Response and resolution deadlines in working time.
//!
//! A category's limits are working minutes ([`linli_domain::directory::TimeLimits`]); the
//! due times are that much working time after the assignment, by the directory's calendar
//! (weekends, statutory holidays, make-up working days, working hours; China time).

use chrono::{DateTime, Utc};
use linli_domain::calendar::add_working_minutes;
use linli_domain::complaint::Category;
use linli_domain::directory::{DirectoryState, TimeLimits};

/// Used for a category whose limits the directory has not set, so filing never fails for a
/// missing setting: respond within one working day (7 working hours with the default hours)
/// and resolve within five.
pub const FALLBACK_LIMITS: TimeLimits = TimeLimits {
    response_minutes: 7 * 60,
    resolution_minutes: 5 * 7 * 60,
};

/// When an assignment made at some instant must be responded to and resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueTimes {
    /// Accept by.
    pub response: DateTime<Utc>,
    /// Resolve by.
    pub resolution: DateTime<Utc>,
}

/// The limits that apply to a category: its own, else [`FALLBACK_LIMITS`].
pub fn limits_for(category: Category, directory: &DirectoryState) -> TimeLimits {
    directory.time_limits(category).unwrap_or(FALLBACK_LIMITS)
}

/// Due times for a complaint of `category` assigned at `from`.
pub fn due_times(category: Category, from: DateTime<Utc>, directory: &DirectoryState) -> DueTimes {
    let limits = limits_for(category, directory);
    let calendar = directory.work_calendar();
    DueTimes {
        response: add_working_minutes(from, limits.response_minutes, calendar),
        resolution: add_working_minutes(from, limits.resolution_minutes, calendar),
    }
}
