//! What a projection is to the runtime: a fold of decoded events into writes on its tree.

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use linli_eventlog::{Position, RecordedEvent};

use super::id::{ProjectionId, ProjectionVersion};
use super::staged::Staged;
use crate::error::ProjectionError;

/// Turns log records into the events projections fold. Decoding happens once per record
/// for all projections of a runtime.
pub trait Decoder: Send + Sync + 'static {
    /// The decoded event.
    type Event: Send + Sync + 'static;

    /// Decodes one record, or says why it cannot be read.
    fn decode(&self, record: &RecordedEvent) -> Result<Self::Event, String>;
}

/// Hands records over undecoded: for projections over raw bytes (and the runtime's tests).
#[derive(Debug, Clone, Copy, Default)]
pub struct RawDecoder;

impl Decoder for RawDecoder {
    type Event = RecordedEvent;

    fn decode(&self, record: &RecordedEvent) -> Result<RecordedEvent, String> {
        Ok(record.clone())
    }
}

/// A decoded event with where and when the log recorded it.
#[derive(Debug, Clone)]
pub struct Envelope<E> {
    /// Its position in the log.
    pub position: Position,
    /// When the log committed it (not the business time inside the event).
    pub recorded_at: DateTime<Utc>,
    /// The event.
    pub event: E,
}

/// One read model: folds events into writes on its own sled tree.
///
/// The runtime calls [`Projection::apply`] for each event of a batch, then
/// [`Projection::finish_batch`], then commits the staged writes with the checkpoint in one
/// atomic batch. A projection may keep state in memory (counters, a cache of records
/// touched in this batch); it must write whatever it needs to survive a restart in
/// `finish_batch`, and load it again in [`Projection::restore`].
pub trait Projection<E>: Send + 'static {
    /// Loads in-memory state from the tree when the runtime opens it (also after a crash).
    fn restore(&mut self, tree: &sled::Tree) -> Result<(), ProjectionError> {
        let _ = tree;
        Ok(())
    }

    /// Folds one event into staged writes.
    fn apply(
        &mut self,
        envelope: &Envelope<E>,
        staged: &mut Staged<'_>,
    ) -> Result<(), ProjectionError>;

    /// Writes what the batch changed in memory; called once per batch before the commit.
    fn finish_batch(&mut self, staged: &mut Staged<'_>) -> Result<(), ProjectionError> {
        let _ = staged;
        Ok(())
    }
}

/// Makes a fresh, empty instance of a projection (for a start, a rebuild or a version bump).
pub type ProjectionFactory<E> = Arc<dyn Fn() -> Box<dyn Projection<E>> + Send + Sync>;

/// A projection as registered with the runtime: its id, its version, and how to make one.
pub struct ProjectionSpec<E> {
    /// Stable id.
    pub id: ProjectionId,
    /// Current version of its code.
    pub version: ProjectionVersion,
    /// Builds an empty instance.
    pub factory: ProjectionFactory<E>,
}

impl<E> ProjectionSpec<E> {
    /// A spec from a constructor.
    pub fn new<P, F>(id: &str, version: u32, make: F) -> Self
    where
        P: Projection<E>,
        F: Fn() -> P + Send + Sync + 'static,
    {
        ProjectionSpec {
            id: ProjectionId::new(id),
            version: ProjectionVersion(version),
            factory: Arc::new(move || Box::new(make())),
        }
    }
}

impl<E> Clone for ProjectionSpec<E> {
    fn clone(&self) -> Self {
        ProjectionSpec {
            id: self.id.clone(),
            version: self.version,
            factory: self.factory.clone(),
        }
    }
}

impl<E> fmt::Debug for ProjectionSpec<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProjectionSpec")
            .field("id", &self.id)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}
