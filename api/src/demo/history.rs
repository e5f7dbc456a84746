//! Planning the demo's past: who filed what, where, when, and how it ended. Every choice is
//! drawn here from the seeded RNG, in a fixed order, so the demo is the same on every load
//! (times are relative to "now", so the dashboard always shows the last six weeks).

use chrono::{DateTime, TimeDelta, Timelike, Utc};
use linli_domain::complaint::Category;
use linli_domain::geo::GeoPoint;
use linli_domain::{ComplaintId, JurisdictionCode, UserId};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;

use super::county::{point_in, County, VillagePlace};
use super::places::{LANDMARKS, UNKNOWN_PLACES};
use super::texts;

/// How a complaint's story ends (as of now).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// Nobody knows where it is: in a township triage queue.
    Triage,
    /// Routed, not yet accepted.
    Assigned,
    /// Accepted, being worked on.
    InProgress,
    /// Resolved, waiting for the resident.
    Resolved,
    /// Resolved and confirmed (usually rated).
    Closed,
    /// Resolved, then reopened by the resident (sometimes resolved again).
    Reopened,
    /// Taken back by the resident.
    Withdrawn,
    /// A duplicate of an earlier complaint.
    Merged(ComplaintId),
    /// The response deadline passed, marked overdue but not escalated yet.
    Overdue,
    /// Nobody accepted in time: escalated one level up.
    EscalatedUnanswered,
    /// Accepted but not resolved in time: escalated one level up.
    EscalatedUnresolved,
}

/// Where the resident said it happened, which decides the routing basis.
#[derive(Debug, Clone)]
pub struct Place {
    /// Address text.
    pub address: String,
    /// A map point, when the resident shared their location.
    pub point: Option<GeoPoint>,
    /// A code, when the resident picked the place from the tree.
    pub code: Option<JurisdictionCode>,
}

/// One complaint to play out.
#[derive(Debug, Clone)]
pub struct Story {
    /// The complaint's id.
    pub id: ComplaintId,
    /// The filer.
    pub resident: UserId,
    /// The filer's registered home grid.
    pub home_grid: Option<JurisdictionCode>,
    /// What kind of problem.
    pub category: Category,
    /// What the resident wrote.
    pub description: String,
    /// Where.
    pub place: Place,
    /// When filed.
    pub filed_at: DateTime<Utc>,
    /// Filed anonymously.
    pub anonymous: bool,
    /// Visible to every resident.
    pub public: bool,
    /// How it ends.
    pub fate: Fate,
    /// Seeds the story's own choices (texts, delays, scores) so stories can run
    /// concurrently and still come out the same.
    pub seed: u64,
}

/// A random id from the seeded RNG (UUID v4 layout).
pub fn id_from(rng: &mut StdRng) -> uuid::Uuid {
    uuid::Builder::from_random_bytes(rng.gen()).into_uuid()
}

/// A time `days_ago` (fractional) before `now`, moved into the daytime (China time 7:00–21:00).
fn daytime(now: DateTime<Utc>, rng: &mut StdRng, max_days: f64, min_days: f64) -> DateTime<Utc> {
    let ago = rng.gen_range(min_days..max_days);
    let mut t = now - TimeDelta::seconds((ago * 86_400.0) as i64);
    // China time is UTC+8: 23:00–13:00 UTC is 7:00–21:00 there.
    let hour = t.hour();
    if (13..23).contains(&hour) {
        t -= TimeDelta::hours(i64::from(hour) - 12 + rng.gen_range(0..6));
    }
    t.min(now - TimeDelta::minutes(30))
}

/// Picks a fate and an age consistent with it.
fn fate_and_age(rng: &mut StdRng) -> (Fate, f64, f64) {
    let roll = rng.gen_range(0..100);
    match roll {
        0..=6 => (Fate::Assigned, 0.25, 0.02),
        7..=17 => (Fate::InProgress, 4.0, 0.3),
        18..=25 => (Fate::Resolved, 5.0, 1.5),
        26..=64 => (Fate::Closed, 42.0, 3.0),
        65..=69 => (Fate::Reopened, 20.0, 6.0),
        70..=74 => (Fate::Withdrawn, 42.0, 1.0),
        75..=78 => (Fate::Overdue, 12.0, 6.0),
        79..=88 => (Fate::EscalatedUnanswered, 42.0, 7.0),
        _ => (Fate::EscalatedUnresolved, 42.0, 21.0),
    }
}

fn place(rng: &mut StdRng, village: &VillagePlace, grid: usize, basis: u32) -> Place {
    let street = village.streets.choose(rng).copied().unwrap_or("村口");
    let landmark = LANDMARKS.choose(rng).copied().unwrap_or("路边");
    let number = rng.gen_range(1..180);
    let named = format!(
        "{}{}{street}{number}号{landmark}",
        village.township, village.name
    );
    let g = &village.grids[grid.min(village.grids.len() - 1)];
    match basis {
        // Shared their location (most residents do: wx.chooseLocation).
        0..=54 => {
            let (lon, lat) = point_in(rng, g.bbox);
            Place {
                address: named,
                point: GeoPoint::new(lon, lat).ok(),
                code: None,
            }
        }
        // Only typed the address.
        55..=74 => Place {
            address: named,
            point: None,
            code: None,
        },
        // Picked the grid from the tree.
        75..=84 => Place {
            address: format!("{street}{landmark}"),
            point: None,
            code: Some(g.code),
        },
        // Said nothing useful: their home grid decides.
        _ => Place {
            address: ["我家楼下", "家门口那条路上", "我们小区里面"]
                .choose(rng)
                .copied()
                .unwrap_or("家门口")
                .into(),
            point: None,
            code: None,
        },
    }
}

/// Plans `count` complaints over the past six weeks.
pub fn plan(
    rng: &mut StdRng,
    county: &County,
    users: &[UserId],
    now: DateTime<Utc>,
    count: usize,
) -> Vec<Story> {
    let mut stories: Vec<Story> = Vec::with_capacity(count);
    for n in 0..count {
        let r = rng.gen_range(0..county.residents.len());
        let resident = &county.residents[r];
        let category = *Category::ALL.choose(rng).unwrap_or(&Category::Other);
        let description = texts::descriptions(category)
            .choose(rng)
            .copied()
            .unwrap_or("情况说明见照片。")
            .to_owned();
        let (mut fate, max_days, min_days) = fate_and_age(rng);
        let filed_at = daytime(now, rng, max_days, min_days);
        let place = match resident.home {
            Some(home) => {
                let village = county
                    .villages
                    .iter()
                    .find(|v| v.code.covers(&home))
                    .unwrap_or(&county.villages[0]);
                let grid = village
                    .grids
                    .iter()
                    .position(|g| g.code == home)
                    .unwrap_or(0);
                let basis = rng.gen_range(0..100);
                place(rng, village, grid, basis)
            }
            None => {
                fate = Fate::Triage;
                Place {
                    address: UNKNOWN_PLACES
                        .choose(rng)
                        .copied()
                        .unwrap_or("不知道")
                        .into(),
                    point: None,
                    code: None,
                }
            }
        };
        // Every twentieth complaint repeats an earlier one of the same kind.
        if n % 20 == 19 && fate != Fate::Triage {
            if let Some(earlier) = stories
                .iter()
                .rev()
                .find(|s| s.category == category && s.fate != Fate::Triage)
            {
                fate = Fate::Merged(earlier.id);
            }
        }
        stories.push(Story {
            id: ComplaintId::from_uuid(id_from(rng)),
            resident: users[r],
            home_grid: resident.home,
            category,
            description,
            place,
            filed_at,
            anonymous: rng.gen_bool(0.1),
            public: rng.gen_bool(0.3),
            fate,
            seed: rng.gen(),
        });
    }
    stories
}
