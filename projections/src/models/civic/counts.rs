//! Dashboard counts of the community services: how many announcements, applications,
//! errands and feedback stand in each status, per jurisdiction (feedback has none), so a
//! manager's dashboard sums the places their scope covers.
//!
//! Each item's current (activity, status, place) is remembered so a status change moves
//! one count from the old status to the new one.

use std::collections::BTreeMap;

use linli_domain::civic::announcement::AnnouncementEvent;
use linli_domain::civic::application::{ApplicationEvent, ApplicationStatus};
use linli_domain::civic::errand::{ErrandEvent, ErrandStatus};
use linli_domain::civic::feedback::FeedbackEvent;
use linli_domain::JurisdictionCode;
use linli_engine::codec::CivicEvent;
use linli_engine::AnyEvent;
use serde::{Deserialize, Serialize};

use super::{staged_item, to_json};
use crate::error::ProjectionError;
use crate::runtime::{Envelope, Projection, Serving, Staged};

/// The projection's id.
pub const ID: &str = "civic_counts";
/// Bump when the stored layout or the fold changes.
pub const VERSION: u32 = 1;

/// `[1][activity]\0[status]\0[place]` → u64 big-endian count.
const COUNT: u8 = 1;
/// `[2][stream name]` → JSON [`Standing`].
const STANDING: u8 = 2;

/// Where one item is counted now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Standing {
    activity: String,
    status: String,
    place: String,
}

fn count_key(s: &Standing) -> Vec<u8> {
    let mut key = vec![COUNT];
    for part in [&s.activity, &s.status] {
        key.extend_from_slice(part.as_bytes());
        key.push(0);
    }
    key.extend_from_slice(s.place.as_bytes());
    key
}

fn add(staged: &mut Staged<'_>, s: &Standing, delta: i64) -> Result<(), ProjectionError> {
    let key = count_key(s);
    let now = staged
        .get(&key)?
        .and_then(|b| <[u8; 8]>::try_from(b.as_slice()).ok())
        .map_or(0, u64::from_be_bytes);
    let next = now.saturating_add_signed(delta);
    if next == 0 {
        staged.remove(key);
    } else {
        staged.insert(key, next.to_be_bytes().to_vec());
    }
    Ok(())
}

/// Folds status changes into counts.
#[derive(Debug, Default)]
pub struct CivicCountsProjection;

/// What an event means for the counts: the item's activity, new status and (for the first
/// event) its place.
fn standing_of(event: &CivicEvent) -> Option<(&'static str, &'static str, Option<String>)> {
    Some(match event {
        CivicEvent::Announcement(_, e) => match e {
            AnnouncementEvent::Published(p) => (
                "announcements",
                "published",
                Some(p.jurisdiction.to_string()),
            ),
            AnnouncementEvent::Withdrawn(_) => ("announcements", "withdrawn", None),
            _ => return None,
        },
        CivicEvent::Application(_, e) => {
            let status = match e {
                ApplicationEvent::Submitted(s) => {
                    return Some((
                        "applications",
                        ApplicationStatus::UnderReview.as_str(),
                        Some(s.jurisdiction.to_string()),
                    ))
                }
                ApplicationEvent::MaterialsRequested(_) => ApplicationStatus::MaterialsRequested,
                ApplicationEvent::MaterialsSupplied(_) => ApplicationStatus::UnderReview,
                ApplicationEvent::Approved(_) => ApplicationStatus::Approved,
                ApplicationEvent::Rejected(_) => ApplicationStatus::Rejected,
                ApplicationEvent::Withdrawn(_) => ApplicationStatus::Withdrawn,
            };
            ("applications", status.as_str(), None)
        }
        CivicEvent::Errand(_, e) => {
            let status = match e {
                ErrandEvent::Requested(r) => {
                    return Some((
                        "errands",
                        ErrandStatus::Requested.as_str(),
                        Some(r.jurisdiction.to_string()),
                    ))
                }
                ErrandEvent::AgentAssigned(_) => ErrandStatus::AwaitingDocuments,
                ErrandEvent::DocumentsSubmitted(_) => ErrandStatus::DocumentsSubmitted,
                ErrandEvent::DocumentsRejected(_) => ErrandStatus::DocumentsRejected,
                ErrandEvent::DocumentsVerified(_) => ErrandStatus::InProgress,
                ErrandEvent::ProgressNoted(_) => return None,
                ErrandEvent::Completed(_) => ErrandStatus::Completed,
                ErrandEvent::Cancelled(_) => ErrandStatus::Cancelled,
            };
            ("errands", status.as_str(), None)
        }
        CivicEvent::Feedback(_, e) => match e {
            FeedbackEvent::Submitted(_) => ("feedback", "open", Some(String::new())),
            FeedbackEvent::Closed(_) => ("feedback", "closed", None),
            FeedbackEvent::Replied(_) => return None,
        },
        CivicEvent::Guide(..) => return None,
    })
}

impl Projection<AnyEvent> for CivicCountsProjection {
    fn apply(
        &mut self,
        envelope: &Envelope<AnyEvent>,
        staged: &mut Staged<'_>,
    ) -> Result<(), ProjectionError> {
        let AnyEvent::Civic(event) = &envelope.event else {
            return Ok(());
        };
        let Some((activity, status, place)) = standing_of(event) else {
            return Ok(());
        };
        let mut key = vec![STANDING];
        key.extend_from_slice(event.stream().to_string().as_bytes());
        let before: Option<Standing> = staged_item(staged, &key)?;
        let place = match (place, &before) {
            (Some(place), _) => place,
            (None, Some(b)) => b.place.clone(),
            (None, None) => return Ok(()),
        };
        if let Some(b) = &before {
            add(staged, b, -1)?;
        }
        let now = Standing {
            activity: activity.to_owned(),
            status: status.to_owned(),
            place,
        };
        add(staged, &now, 1)?;
        staged.insert(key, to_json(&now));
        Ok(())
    }
}

/// Counts per activity and status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CivicCounts {
    /// `published`, `withdrawn`.
    pub announcements: BTreeMap<String, u64>,
    /// By application status.
    pub applications: BTreeMap<String, u64>,
    /// By errand status.
    pub errands: BTreeMap<String, u64>,
    /// `open`, `closed`.
    pub feedback: BTreeMap<String, u64>,
}

/// Reads the counts.
#[derive(Debug, Clone)]
pub struct CivicCountsView {
    /// The serving tree.
    serving: Serving,
}

impl CivicCountsView {
    /// A reader over the serving build.
    pub fn new(serving: Serving) -> Self {
        CivicCountsView { serving }
    }

    /// The projection handle (for `wait_for`).
    pub fn serving(&self) -> &Serving {
        &self.serving
    }

    /// The counts over the places `covers` accepts (`None` is feedback, which has no place).
    pub fn counts(
        &self,
        covers: &dyn Fn(Option<&JurisdictionCode>) -> bool,
    ) -> Result<CivicCounts, ProjectionError> {
        let tree = self.serving.tree();
        let mut counts = CivicCounts::default();
        for kv in tree.scan_prefix([COUNT]) {
            let (key, value) = kv?;
            let mut parts = key[1..].splitn(3, |b| *b == 0);
            let (Some(activity), Some(status), Some(place)) =
                (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let place = std::str::from_utf8(place).unwrap_or_default();
            let code = place.parse::<JurisdictionCode>().ok();
            let included = if place.is_empty() {
                covers(None)
            } else {
                code.as_ref().is_some_and(|c| covers(Some(c)))
            };
            if !included {
                continue;
            }
            let n = <[u8; 8]>::try_from(value.as_ref())
                .map(u64::from_be_bytes)
                .unwrap_or(0);
            let map = match activity {
                b"announcements" => &mut counts.announcements,
                b"applications" => &mut counts.applications,
                b"errands" => &mut counts.errands,
                b"feedback" => &mut counts.feedback,
                _ => continue,
            };
            *map.entry(String::from_utf8_lossy(status).into_owned())
                .or_default() += n;
        }
        Ok(counts)
    }
}
