//! What queries hold: the tree currently serving a projection and how far it has got.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use linli_eventlog::Position;
use tokio::sync::watch;

use super::id::{Build, ProjectionId};
use crate::error::ProjectionError;

/// Every key and value of a tree, in key order.
pub type TreeDump = Vec<(Vec<u8>, Vec<u8>)>;

/// How far a projection's serving build has got, and whether it stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// The build serving queries now.
    pub build: Build,
    /// The last log position its tree reflects.
    pub checkpoint: Position,
    /// Why it stopped, if it did; it then serves what it had applied.
    pub failure: Option<String>,
}

/// The runtime's side of a [`Serving`] handle: it swaps the tree and publishes progress.
#[derive(Debug)]
pub(crate) struct ServingSlot {
    /// The tree queries read; replaced on a swap.
    pub(crate) tree: Arc<RwLock<sled::Tree>>,
    /// Published after every committed batch and on a swap or a failure.
    pub(crate) progress: watch::Sender<Progress>,
}

impl ServingSlot {
    pub(crate) fn new(tree: sled::Tree, progress: Progress) -> Self {
        ServingSlot {
            tree: Arc::new(RwLock::new(tree)),
            progress: watch::channel(progress).0,
        }
    }

    pub(crate) fn handle(&self, id: &ProjectionId) -> Serving {
        Serving {
            id: id.clone(),
            tree: self.tree.clone(),
            progress: self.progress.subscribe(),
        }
    }

    /// Points queries at a new tree (a finished rebuild).
    pub(crate) fn point_at(&self, tree: sled::Tree) {
        *self.tree.write().unwrap_or_else(|p| p.into_inner()) = tree;
    }

    /// Announces the build now serving.
    pub(crate) fn announce(&self, build: Build, checkpoint: Position) {
        self.progress.send_modify(|p| {
            p.build = build;
            p.checkpoint = checkpoint;
        });
    }

    pub(crate) fn advance(&self, checkpoint: Position) {
        self.progress.send_if_modified(|p| {
            let moved = p.checkpoint != checkpoint;
            p.checkpoint = checkpoint;
            moved
        });
    }

    pub(crate) fn fail(&self, reason: &str) {
        self.progress
            .send_modify(|p| p.failure = Some(reason.to_owned()));
    }
}

/// A read model's view of its projection: the tree that serves queries right now (it
/// changes when a rebuild swaps in) and the position it has reached.
#[derive(Debug, Clone)]
pub struct Serving {
    /// Which projection.
    id: ProjectionId,
    /// Shared with the runtime, which replaces the tree on a swap.
    tree: Arc<RwLock<sled::Tree>>,
    /// Progress of the serving build.
    progress: watch::Receiver<Progress>,
}

impl Serving {
    /// The projection's id.
    pub fn id(&self) -> &ProjectionId {
        &self.id
    }

    /// The tree to read now. Cheap (a handle clone); take it once per query so the query
    /// reads one build even if a swap happens meanwhile.
    pub fn tree(&self) -> sled::Tree {
        self.tree.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The serving build's progress.
    pub fn progress(&self) -> Progress {
        self.progress.borrow().clone()
    }

    /// The last position the read model reflects.
    pub fn checkpoint(&self) -> Position {
        self.progress.borrow().checkpoint
    }

    /// Waits until the read model reflects `position` (read-your-writes: pass the position a
    /// command returned). Fails with [`ProjectionError::Timeout`] after `timeout`, or with
    /// [`ProjectionError::Stopped`] if the projection stopped before getting there.
    pub async fn wait_for(
        &self,
        position: Position,
        timeout: Duration,
    ) -> Result<Position, ProjectionError> {
        let mut progress = self.progress.clone();
        let reached = async {
            progress
                .wait_for(|p| p.checkpoint >= position || p.failure.is_some())
                .await
                .map(|p| p.clone())
        };
        match tokio::time::timeout(timeout, reached).await {
            Ok(Ok(p)) if p.checkpoint >= position => Ok(p.checkpoint),
            Ok(Ok(p)) => Err(ProjectionError::Stopped {
                id: self.id.clone(),
                checkpoint: p.checkpoint,
                reason: p.failure.unwrap_or_default(),
            }),
            Ok(Err(_)) => Err(ProjectionError::Closed),
            Err(_) => Err(ProjectionError::Timeout {
                id: self.id.clone(),
                target: position,
                reached: self.checkpoint(),
                waited: timeout,
            }),
        }
    }

    /// Every key and value of the serving tree, checkpoint included, in key order: for
    /// comparing two builds of a read model.
    pub fn dump(&self) -> Result<TreeDump, ProjectionError> {
        self.tree()
            .iter()
            .map(|kv| {
                kv.map(|(k, v)| (k.to_vec(), v.to_vec()))
                    .map_err(Into::into)
            })
            .collect()
    }
}
