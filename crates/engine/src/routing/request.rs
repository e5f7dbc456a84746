//! What routing is asked and what it answers.

use linli_domain::complaint::{Category, RoutingBasis};
use linli_domain::geo::GeoPoint;
use linli_domain::{JurisdictionCode, UserId};
use thiserror::Error;

/// Everything known about where a complaint happened, strongest hint first.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteRequest {
    /// Picks the routing rule (and, separately, the time limits).
    pub category: Category,
    /// A code the resident (or a handler) picked from the tree.
    pub explicit_code: Option<JurisdictionCode>,
    /// The phone's location, GCJ-02.
    pub point: Option<GeoPoint>,
    /// The address in the resident's words.
    pub address: Option<String>,
    /// The grid the resident registered as home.
    pub home_grid: Option<JurisdictionCode>,
}

impl RouteRequest {
    /// A request with only a category: it will go to triage.
    pub fn new(category: Category) -> RouteRequest {
        RouteRequest {
            category,
            explicit_code: None,
            point: None,
            address: None,
            home_grid: None,
        }
    }
}

/// Where a complaint goes and who handles it. Due times are computed separately
/// ([`crate::deadline::due_times`]) because they depend on when the assignment happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingDecision {
    /// The node the complaint belongs to: where it happened, as precisely as the directory
    /// knows it (for triage, the triage node).
    pub jurisdiction: JurisdictionCode,
    /// The cadre who handles it; `None` puts it in the triage queue of its township.
    pub cadre: Option<UserId>,
    /// Which rule found `jurisdiction`; recorded in the `assigned` event.
    pub basis: RoutingBasis,
    /// The node the chosen cadre is posted at (`jurisdiction` or an ancestor, as the routing
    /// rule's role is looked up upwards); `None` when no cadre was found.
    pub handlers_node: Option<JurisdictionCode>,
}

/// Why routing had no answer at all.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RoutingError {
    /// The directory has no node, so there is not even a triage queue.
    #[error("the directory defines no jurisdiction")]
    EmptyDirectory,
}
