//! Complaint progress (诉求进度): a timeline per complaint, the list per resident, and the
//! managers' search by time, category, status and jurisdiction.

mod projection;
mod query;
mod stored;

pub use projection::ProgressProjection;
pub use query::{
    Audience, ComplaintProgress, ComplaintSearch, ComplaintView, ResidentFilter, TimelineEntry,
};

/// The projection's id.
pub const ID: &str = "complaint_progress";
/// Bump when the stored layout or the fold changes.
pub const VERSION: u32 = 1;
