//! The dashboard view and its definitions.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use linli_domain::complaint::{Category, ComplaintStatus};
use linli_domain::UserId;
use serde::Serialize;

use super::counters::{day_of, Counter, COUNTER};
use crate::error::ProjectionError;
use crate::models::common::{category, status, user, StoredCode};
use crate::runtime::Serving;

/// A ratio with its parts, so a dashboard can show "37 / 40" as well as 92.5 %.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rate {
    /// What is counted.
    pub numerator: u64,
    /// Out of how many.
    pub denominator: u64,
    /// `numerator / denominator`, 0.0–1.0; `None` when the denominator is 0.
    pub value: Option<f64>,
}

impl Rate {
    fn of(numerator: i64, denominator: i64) -> Rate {
        let (n, d) = (numerator.max(0) as u64, denominator.max(0) as u64);
        Rate {
            numerator: n,
            denominator: d,
            value: (d > 0).then(|| n as f64 / d as f64),
        }
    }
}

/// How many complaints in one category.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryCount {
    /// The category.
    pub category: Category,
    /// Complaints filed in it.
    pub count: u64,
}

/// How many complaints in one status now.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCount {
    /// The status.
    pub status: ComplaintStatus,
    /// Complaints in it now.
    pub count: u64,
}

/// How many complaints a node's queue holds now.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JurisdictionCount {
    /// The node; `None` for complaints not routed yet.
    pub jurisdiction: Option<String>,
    /// Complaints whose current assignment is at that node (whatever their status).
    pub count: u64,
}

/// One China day (UTC+8).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayCount {
    /// The day.
    pub day: NaiveDate,
    /// Complaints filed that day.
    pub filed: u64,
    /// Complaints first resolved that day.
    pub resolved: u64,
}

/// Handling time from filing to first resolution, in whole minutes of wall-clock time.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandlingTime {
    /// Complaints resolved at least once (the sample).
    pub resolved: u64,
    /// Median (nearest-rank); `None` without a sample.
    pub p50_minutes: Option<u32>,
    /// 90th percentile (nearest-rank).
    pub p90_minutes: Option<u32>,
}

/// One cadre's record.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CadreStats {
    /// The cadre.
    pub cadre: UserId,
    /// 1 for the best; `None` when below the minimum sample ("insufficient data").
    pub rank: Option<u32>,
    /// Complaints ever assigned to the cadre (each once, whoever holds it now).
    pub assigned: u64,
    /// Complaints the cadre resolved (latest resolution by them; resolved or closed now).
    pub handled: u64,
    /// `handled / assigned`.
    pub resolution_rate: Rate,
    /// Ratings ≥ 4 out of ratings, on complaints the cadre resolved.
    pub satisfaction_rate: Rate,
    /// Mean score of those ratings.
    pub average_score: Option<f64>,
    /// Encouragements (点赞鼓励) posted for the cadre.
    pub encouragements: u64,
}

/// The cadre ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CadreRanking {
    /// A cadre needs at least this many assigned complaints to be ranked.
    pub min_sample: u32,
    /// Ranked cadres, best first: resolution rate, then satisfaction rate, then handled
    /// count, then encouragements (descending), then id.
    pub ranked: Vec<CadreStats>,
    /// Cadres below the minimum sample: listed as "insufficient data", not ranked.
    pub insufficient_data: Vec<CadreStats>,
}

/// The whole dashboard.
///
/// Definitions (also in `projections/README.md`):
///
/// * **响应率 response rate** = complaints accepted by a cadre at least once (a resolution
///   from `assigned` counts, since it records the acceptance) ÷ complaints assigned to a
///   cadre at least once. Complaints only ever in a triage queue are in neither.
/// * **解决率 resolution rate** = complaints resolved or closed now ÷ complaints filed,
///   excluding withdrawn and merged ones. A reopened complaint leaves the numerator until it
///   is resolved again.
/// * **满意率 satisfaction rate** = ratings of 4 or 5 ÷ all ratings (each complaint is rated
///   at most once).
/// * **Handling time** = filed_at → first `resolved` at, in whole minutes (wall clock, not
///   working time); p50 and p90 by nearest rank over every complaint resolved at least once.
/// * **Overdue** = unresolved complaints (filed, triage, assigned, in progress) whose current
///   assignment has a deadline the scheduler marked overdue.
/// * **Days** are China days (UTC+8) of the business times `filed_at` and first `resolved`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DashboardView {
    /// Complaints filed, ever.
    pub filed: u64,
    /// Filed per category.
    pub by_category: Vec<CategoryCount>,
    /// Per status now.
    pub by_status: Vec<StatusCount>,
    /// Per node holding them now, most first.
    pub by_jurisdiction: Vec<JurisdictionCount>,
    /// Per China day, oldest first.
    pub by_day: Vec<DayCount>,
    /// 响应率.
    pub response_rate: Rate,
    /// 解决率.
    pub resolution_rate: Rate,
    /// 满意率.
    pub satisfaction_rate: Rate,
    /// Filed → first resolved.
    pub handling_time: HandlingTime,
    /// Unresolved complaints marked overdue under their current assignment.
    pub overdue: u64,
    /// The cadres.
    pub cadres: CadreRanking,
}

/// The smallest number of assigned complaints for a cadre to be ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinSample(pub u32);

impl Default for MinSample {
    /// Five: below that one complaint swings a cadre's rates by 20 points or more.
    fn default() -> Self {
        MinSample(5)
    }
}

/// Reads the dashboard projection.
#[derive(Debug, Clone)]
pub struct Dashboard {
    /// The serving tree.
    serving: Serving,
}

/// The nearest-rank percentile of a histogram (value → count, ascending).
fn percentile(histogram: &BTreeMap<u32, u64>, total: u64, p: u64) -> Option<u32> {
    if total == 0 {
        return None;
    }
    let rank = (total * p).div_ceil(100).max(1);
    let mut seen = 0;
    for (value, count) in histogram {
        seen += count;
        if seen >= rank {
            return Some(*value);
        }
    }
    histogram.keys().next_back().copied()
}

#[derive(Default)]
/// One cadre's counters, gathered from the tree.
struct CadreSums {
    /// `Counter::CadreHeld`.
    held: i64,
    /// `Counter::CadreHandled`.
    handled: i64,
    /// `Counter::CadreRated`.
    rated: i64,
    /// `Counter::CadreScoreSum`.
    score_sum: i64,
    /// `Counter::CadreSatisfied`.
    satisfied: i64,
    /// `Counter::CadreEncouragements`.
    encouragements: i64,
}

impl Dashboard {
    /// A reader over the serving build.
    pub fn new(serving: Serving) -> Self {
        Dashboard { serving }
    }

    /// The projection handle (for `wait_for`).
    pub fn serving(&self) -> &Serving {
        &self.serving
    }

    /// Every counter, raw (for tests and exports).
    fn counters(&self) -> Result<Vec<(Counter, i64)>, ProjectionError> {
        let tree = self.serving.tree();
        let mut out = Vec::new();
        for kv in tree.scan_prefix([COUNTER]) {
            let (k, v) = kv?;
            let counter =
                Counter::parse(&k).ok_or_else(|| ProjectionError::corrupt(&tree, "bad counter"))?;
            let v: [u8; 8] = v
                .as_ref()
                .try_into()
                .map_err(|_| ProjectionError::corrupt(&tree, "bad counter value"))?;
            out.push((counter, i64::from_be_bytes(v)));
        }
        Ok(out)
    }

    /// The dashboard as of the projection's checkpoint.
    pub fn overview(&self, min_sample: MinSample) -> Result<DashboardView, ProjectionError> {
        let mut total = HashMap::new();
        let mut by_category = Vec::new();
        let mut by_status = Vec::new();
        let mut by_node = Vec::new();
        let mut days: BTreeMap<i32, (u64, u64)> = BTreeMap::new();
        let mut histogram = BTreeMap::new();
        let mut cadres: BTreeMap<u128, CadreSums> = BTreeMap::new();
        for (counter, value) in self.counters()? {
            let n = value.max(0) as u64;
            match counter {
                Counter::Category(c) => by_category.push(CategoryCount {
                    category: category(c),
                    count: n,
                }),
                Counter::Status(s) => by_status.push(StatusCount {
                    status: status(s),
                    count: n,
                }),
                Counter::Node(code) => by_node.push(JurisdictionCount {
                    jurisdiction: code.map(StoredCode::text),
                    count: n,
                }),
                Counter::FiledOn(d) => days.entry(d).or_default().0 = n,
                Counter::ResolvedOn(d) => days.entry(d).or_default().1 = n,
                Counter::HandlingMinutes(m) => {
                    histogram.insert(m, n);
                }
                Counter::CadreHeld(c) => cadres.entry(c).or_default().held = value,
                Counter::CadreHandled(c) => cadres.entry(c).or_default().handled = value,
                Counter::CadreRated(c) => cadres.entry(c).or_default().rated = value,
                Counter::CadreScoreSum(c) => cadres.entry(c).or_default().score_sum = value,
                Counter::CadreSatisfied(c) => cadres.entry(c).or_default().satisfied = value,
                Counter::CadreEncouragements(c) => {
                    cadres.entry(c).or_default().encouragements = value
                }
                other => {
                    total.insert(other, value);
                }
            }
        }
        let get = |c: Counter| total.get(&c).copied().unwrap_or(0);
        by_node.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then(a.jurisdiction.cmp(&b.jurisdiction))
        });
        let resolved: u64 = histogram.values().sum();
        let stats: Vec<CadreStats> = cadres
            .into_iter()
            .map(|(id, s)| CadreStats {
                cadre: user(id),
                rank: None,
                assigned: s.held.max(0) as u64,
                handled: s.handled.max(0) as u64,
                resolution_rate: Rate::of(s.handled, s.held),
                satisfaction_rate: Rate::of(s.satisfied, s.rated),
                average_score: (s.rated > 0).then(|| s.score_sum as f64 / s.rated as f64),
                encouragements: s.encouragements.max(0) as u64,
            })
            .collect();
        let (mut ranked, insufficient_data): (Vec<_>, Vec<_>) = stats
            .into_iter()
            .partition(|s| s.assigned >= u64::from(min_sample.0));
        let key = |r: &Rate| r.value.unwrap_or(-1.0);
        ranked.sort_by(|a, b| {
            key(&b.resolution_rate)
                .total_cmp(&key(&a.resolution_rate))
                .then(key(&b.satisfaction_rate).total_cmp(&key(&a.satisfaction_rate)))
                .then(b.handled.cmp(&a.handled))
                .then(b.encouragements.cmp(&a.encouragements))
                .then(a.cadre.cmp(&b.cadre))
        });
        for (i, s) in ranked.iter_mut().enumerate() {
            s.rank = Some(i as u32 + 1);
        }
        Ok(DashboardView {
            filed: get(Counter::Filed).max(0) as u64,
            by_category,
            by_status,
            by_jurisdiction: by_node,
            by_day: days
                .into_iter()
                .filter_map(|(d, (filed, resolved))| {
                    Some(DayCount {
                        day: day_of(d)?,
                        filed,
                        resolved,
                    })
                })
                .collect(),
            response_rate: Rate::of(get(Counter::Responded), get(Counter::AssignedToCadre)),
            resolution_rate: Rate::of(get(Counter::ResolvedNow), get(Counter::ResolutionBase)),
            satisfaction_rate: Rate::of(get(Counter::Satisfied), get(Counter::Rated)),
            handling_time: HandlingTime {
                resolved,
                p50_minutes: percentile(&histogram, resolved, 50),
                p90_minutes: percentile(&histogram, resolved, 90),
            },
            overdue: get(Counter::Overdue).max(0) as u64,
            cadres: CadreRanking {
                min_sample: min_sample.0,
                ranked,
                insufficient_data,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let h: BTreeMap<u32, u64> = [(10, 1), (20, 1), (30, 1), (40, 1), (50, 6)].into();
        assert_eq!(percentile(&h, 10, 50), Some(50));
        assert_eq!(percentile(&h, 10, 10), Some(10));
        assert_eq!(percentile(&h, 10, 40), Some(40));
        assert_eq!(percentile(&BTreeMap::new(), 0, 50), None);
    }
}
