//! The directory as the router needs it, kept current cheaply: the `directory` stream is
//! re-read only when its version moved, and then only the new events are folded in.

use std::sync::{Arc, Mutex};

use linli_domain::directory::{Directory, DirectoryEvent, DirectoryState};
use linli_domain::{Aggregate, StreamName};
use linli_eventlog::StreamVersion;

use super::router::Router;
use crate::handler::{Engine, LoadError, StorageError};

/// The current router, rebuilt when the directory stream changes. Cheap to clone (shared).
#[derive(Debug, Clone)]
pub struct DirectoryCache {
    /// Reads the directory stream.
    engine: Engine,
    /// The last router built; `None` until first asked.
    current: Arc<Mutex<Option<Arc<Router>>>>,
}

impl DirectoryCache {
    /// A cache reading through `engine` (its log and upcasters).
    pub fn new(engine: Engine) -> DirectoryCache {
        DirectoryCache {
            engine,
            current: Arc::new(Mutex::new(None)),
        }
    }

    /// The router for the directory as committed now. Costs one stream-version lookup when
    /// nothing changed; otherwise reads only the new events and rebuilds the router's indexes.
    pub fn router(&self) -> Result<Arc<Router>, LoadError> {
        let id = crate::handler::stream_id_of(&StreamName::Directory)?;
        let version = self
            .engine
            .log()
            .stream_version(&id)
            .map_err(StorageError::from)?;
        // A poisoned lock only means another refresh panicked; the cached value is whole.
        let mut current = self.current.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(router) = current.as_ref().filter(|r| r.version() == version) {
            return Ok(router.clone());
        }
        let (state, from) = match current.as_ref().filter(|r| r.version() < version) {
            Some(router) => (router.directory().clone(), router.version()),
            None => (DirectoryState::default(), StreamVersion(0)),
        };
        let new = self
            .engine
            .read_events::<DirectoryEvent>(&id, StreamVersion(from.0 + 1))?;
        let reached = new.last().map_or(from, |(v, _)| *v);
        let state = new
            .iter()
            .fold(state, |state, (_, event)| Directory::evolve(state, event));
        let router = Arc::new(Router::from_shared(Arc::new(state), reached));
        *current = Some(router.clone());
        Ok(router)
    }
}
