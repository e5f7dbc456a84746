//! The router: finds the node a complaint belongs to, then the cadre who handles it there.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use linli_domain::complaint::{Assignment, Category, RoutingBasis};
use linli_domain::directory::DirectoryState;
use linli_domain::{JurisdictionCode, Level, UserId};
use linli_eventlog::StreamVersion;

use super::names::PlaceNames;
use super::polygons::PolygonIndex;
use super::request::{RouteRequest, RoutingDecision, RoutingError};
use super::workload::{least_busy, Workload};
use crate::deadline::due_times;

/// A directory prepared for routing: its polygons in an R-tree and its place names listed.
/// Built once per directory version (see [`super::DirectoryCache`]) and shared.
#[derive(Debug, Clone)]
pub struct Router {
    /// The directory it routes by.
    directory: Arc<DirectoryState>,
    /// The directory stream version it was built from (0 when built from a bare state).
    version: StreamVersion,
    /// Node polygons, for point routing.
    polygons: PolygonIndex,
    /// Node names and aliases, for address routing.
    names: PlaceNames,
}

impl Router {
    /// A router over a copy of `directory`.
    pub fn new(directory: &DirectoryState) -> Router {
        Router::from_shared(Arc::new(directory.clone()), StreamVersion(0))
    }

    /// A router over a shared directory known to be at stream `version`.
    pub fn from_shared(directory: Arc<DirectoryState>, version: StreamVersion) -> Router {
        Router {
            polygons: PolygonIndex::new(directory.nodes()),
            names: PlaceNames::new(directory.nodes()),
            directory,
            version,
        }
    }

    /// The directory it routes by.
    pub fn directory(&self) -> &DirectoryState {
        &self.directory
    }

    /// The directory stream version it was built from.
    pub fn version(&self) -> StreamVersion {
        self.version
    }

    fn known(&self, code: Option<&JurisdictionCode>) -> Option<JurisdictionCode> {
        code.filter(|c| self.directory.node(c).is_some()).copied()
    }

    /// Finds the node, trying in order: (1) an explicit code the directory defines; (2) the
    /// smallest polygon containing the point, boundary included; (3) the most specific place
    /// the address names; (4) the home grid, if defined; (5) triage ([`Router::triage_node`]).
    ///
    /// A code counts only if that exact node is defined: an unknown village under a known
    /// township is not silently moved to the township with a confident basis; it goes on to
    /// the weaker hints and, failing those, to triage at that township.
    pub fn locate(
        &self,
        request: &RouteRequest,
    ) -> Result<(JurisdictionCode, RoutingBasis), RoutingError> {
        if let Some(code) = self.known(request.explicit_code.as_ref()) {
            return Ok((code, RoutingBasis::ExplicitCode));
        }
        if let Some(code) = request
            .point
            .as_ref()
            .and_then(|p| self.polygons.smallest_containing(p))
        {
            return Ok((code, RoutingBasis::PointInPolygon));
        }
        if let Some(code) = request
            .address
            .as_deref()
            .and_then(|a| self.names.best_match(a))
        {
            return Ok((code, RoutingBasis::AddressText));
        }
        if let Some(code) = self.known(request.home_grid.as_ref()) {
            return Ok((code, RoutingBasis::HomeGrid));
        }
        let hints = [request.explicit_code, request.home_grid];
        self.triage_node(hints.iter().flatten())
            .map(|code| (code, RoutingBasis::Triage))
            .ok_or(RoutingError::EmptyDirectory)
    }

    /// The triage queue for a complaint nothing placed precisely.
    ///
    /// For the first hint code with a defined node at or above it, the nearest defined node
    /// at township level or higher on its chain: the township that would have received the
    /// complaint (e.g. an unknown village's township). Without such a hint: the top of the
    /// deployed tree (the shallowest defined node, lowest code first; in a one-county
    /// deployment, the county). `None` only for an empty directory.
    pub fn triage_node<'a>(
        &self,
        hints: impl IntoIterator<Item = &'a JurisdictionCode>,
    ) -> Option<JurisdictionCode> {
        for hint in hints {
            let mut chain = hint
                .self_and_ancestors()
                .filter(|c| self.directory.node(c).is_some())
                .peekable();
            let nearest = chain.peek().copied();
            if let Some(code) = chain.find(|c| c.level() <= Level::Township).or(nearest) {
                return Some(code);
            }
        }
        self.directory
            .roots()
            .min_by_key(|n| (n.level, n.code))
            .map(|n| n.code)
    }

    /// The cadre who handles `category` at `node`, by the routing rule (looked up from `node`
    /// upwards, the role held at the nearest node upwards), the least busy among them; with
    /// the node they are posted at.
    pub fn pick_cadre(
        &self,
        node: &JurisdictionCode,
        category: Category,
        workload: &dyn Workload,
    ) -> Option<(UserId, JurisdictionCode)> {
        let handlers = self.directory.handlers(node, category)?;
        least_busy(&handlers.cadres, workload).map(|cadre| (cadre, handlers.node))
    }

    /// Locates the complaint and picks its cadre. Triage decisions get no cadre: the
    /// township's managers assign from the triage queue. A located node whose routing rule
    /// finds nobody also gets no cadre (it waits in triage, at its own node).
    pub fn route(
        &self,
        request: &RouteRequest,
        workload: &dyn Workload,
    ) -> Result<RoutingDecision, RoutingError> {
        let (jurisdiction, basis) = self.locate(request)?;
        let picked = if basis == RoutingBasis::Triage {
            None
        } else {
            self.pick_cadre(&jurisdiction, request.category, workload)
        };
        Ok(RoutingDecision {
            jurisdiction,
            cadre: picked.map(|(cadre, _)| cadre),
            basis,
            handlers_node: picked.map(|(_, node)| node),
        })
    }

    /// Where an escalation from `from` goes: the nearest defined node above it, one level up
    /// the chain grid → village → township → county, never above the county; its cadre is
    /// picked by the routing rule there. `None` at the county (or higher): the top.
    pub fn escalation(
        &self,
        from: &JurisdictionCode,
        category: Category,
        workload: &dyn Workload,
    ) -> Option<RoutingDecision> {
        let parent = self
            .directory
            .parent_chain(from)
            .first()
            .map(|n| n.code)
            .filter(|c| c.level() >= Level::County)?;
        let picked = self.pick_cadre(&parent, category, workload);
        Some(RoutingDecision {
            jurisdiction: parent,
            cadre: picked.map(|(cadre, _)| cadre),
            basis: RoutingBasis::Manual,
            handlers_node: picked.map(|(_, node)| node),
        })
    }

    /// The decision as an assignment starting at `from`, with due times by the category's
    /// limits and the directory's calendar.
    pub fn assignment(
        &self,
        decision: &RoutingDecision,
        category: Category,
        from: DateTime<Utc>,
    ) -> Assignment {
        let due = due_times(category, from, &self.directory);
        Assignment {
            cadre: decision.cadre,
            jurisdiction: decision.jurisdiction,
            basis: decision.basis,
            response_due_at: due.response,
            resolution_due_at: due.resolution,
        }
    }
}
