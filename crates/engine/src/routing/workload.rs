//! How busy each cadre is, so routing can balance among the cadres a rule allows.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;
use std::sync::Arc;

use linli_domain::UserId;

/// Open (unresolved) items per cadre. The projections crate implements it over its cadre
/// queue read model; tests use a map.
pub trait Workload {
    /// How many unresolved complaints `cadre` holds now.
    fn open_items(&self, cadre: UserId) -> u32;
}

/// Every cadre is idle: balancing falls back to the lowest id.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoWorkload;

impl Workload for NoWorkload {
    fn open_items(&self, _cadre: UserId) -> u32 {
        0
    }
}

impl<S: BuildHasher> Workload for HashMap<UserId, u32, S> {
    fn open_items(&self, cadre: UserId) -> u32 {
        self.get(&cadre).copied().unwrap_or(0)
    }
}

impl Workload for BTreeMap<UserId, u32> {
    fn open_items(&self, cadre: UserId) -> u32 {
        self.get(&cadre).copied().unwrap_or(0)
    }
}

impl<W: Workload + ?Sized> Workload for &W {
    fn open_items(&self, cadre: UserId) -> u32 {
        (**self).open_items(cadre)
    }
}

impl<W: Workload + ?Sized> Workload for Arc<W> {
    fn open_items(&self, cadre: UserId) -> u32 {
        (**self).open_items(cadre)
    }
}

/// The least busy cadre: fewest open items, then lowest id, so the choice is deterministic
/// and a replay of the same inputs picks the same person.
pub fn least_busy(cadres: &[UserId], workload: &dyn Workload) -> Option<UserId> {
    cadres
        .iter()
        .copied()
        .min_by_key(|cadre| (workload.open_items(*cadre), *cadre))
}
