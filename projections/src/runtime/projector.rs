//! The runtime's public face: start the projections, hand out query handles, wait for a
//! position, rebuild on demand, shut down.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use linli_eventlog::{EventLog, Position};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use super::id::{tree_name, tree_prefix, Build, Generation, ProjectionId};
use super::projection::{Decoder, ProjectionSpec};
use super::runner::{run, Control, Mode, Role, RuntimeConfig, Shared, Slot};
use super::serving::{Progress, Serving, ServingSlot};
use super::staged::read_checkpoint;
use crate::error::ProjectionError;

/// The registry tree: projection id → the [`Build`] serving queries.
pub const REGISTRY_TREE: &str = "projection/registry";

/// Runs a set of projections over one log: catch-up from each checkpoint, live follow,
/// version-bump rebuilds and operator rebuilds with a swap when caught up.
pub struct Projector<D: Decoder> {
    /// State shared with the running groups.
    shared: Arc<Shared<D>>,
    /// To the main group.
    control: mpsc::Sender<Control<D::Event>>,
    /// The running groups, stopped on shutdown.
    tasks: Mutex<Vec<JoinHandle<()>>>,
}

impl<D: Decoder> fmt::Debug for Projector<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Projector")
            .field("projections", &self.shared.specs.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// One projection's state, for operators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectionStatus {
    /// Which projection.
    pub id: ProjectionId,
    /// The build serving queries, its checkpoint, and any failure.
    pub progress: Progress,
}

impl<D: Decoder> Projector<D> {
    /// Opens every projection's trees in the log's sled database and starts following the
    /// log. Must be called inside a tokio runtime.
    ///
    /// For each projection: a build registered at the current version resumes from its
    /// checkpoint; a build of another version keeps serving (frozen, since this binary does
    /// not have its code) while the current version is rebuilt from position 1 in fresh
    /// trees and swapped in when caught up; trees of builds that serve nothing (left by a
    /// crash during a rebuild) are dropped.
    pub fn start(
        log: &EventLog,
        decoder: D,
        specs: Vec<ProjectionSpec<D::Event>>,
        config: RuntimeConfig,
    ) -> Result<Self, ProjectionError> {
        let db = log.database();
        let registry = db.open_tree(REGISTRY_TREE)?;
        let mut serving_slots = Vec::new();
        let mut candidates = Vec::new();
        let mut serving = HashMap::new();
        let mut rebuilding = HashSet::new();
        for spec in &specs {
            let registered = registry
                .get(spec.id.as_str().as_bytes())?
                .map(|bytes| {
                    Build::from_bytes(&bytes)
                        .ok_or_else(|| ProjectionError::corrupt(&registry, "bad registry entry"))
                })
                .transpose()?;
            let current = registered.unwrap_or(Build {
                version: spec.version,
                generation: Generation(0),
            });
            if registered.is_none() {
                registry.insert(spec.id.as_str().as_bytes(), &current.to_bytes())?;
            }
            let tree = db.open_tree(tree_name(&spec.id, current))?;
            let checkpoint = read_checkpoint(&tree)?;
            let projection = if current.version == spec.version {
                let mut projection = (spec.factory)();
                projection.restore(&tree)?;
                Some(projection)
            } else {
                None
            };
            let mut keep = vec![tree_name(&spec.id, current)];
            if projection.is_none() {
                let build = Build {
                    version: spec.version,
                    generation: Generation(current.generation.0 + 1),
                };
                keep.push(tree_name(&spec.id, build));
                candidates.push(fresh_slot(log, spec, build, None)?);
                rebuilding.insert(spec.id.clone());
                tracing::info!(projection = %spec.id, from = ?current, to = ?build, "version changed: rebuilding");
            }
            drop_leftovers(db, &spec.id, &keep)?;
            serving.insert(
                spec.id.clone(),
                ServingSlot::new(
                    tree.clone(),
                    Progress {
                        build: current,
                        checkpoint,
                        failure: None,
                    },
                ),
            );
            serving_slots.push(Slot {
                id: spec.id.clone(),
                build: current,
                tree,
                checkpoint,
                projection,
                role: Role::Serving,
                done: None,
            });
        }
        let shared = Arc::new(Shared {
            log: log.clone(),
            decoder,
            registry,
            specs: specs.into_iter().map(|s| (s.id.clone(), s)).collect(),
            serving,
            config,
            rebuilding: Mutex::new(rebuilding),
        });
        let (control, inbox) = mpsc::channel(16);
        let mut tasks = vec![tokio::spawn(run(
            shared.clone(),
            serving_slots,
            Mode::Main(inbox),
        ))];
        if !candidates.is_empty() {
            tasks.push(tokio::spawn(run(
                shared.clone(),
                candidates,
                Mode::Rebuild(control.clone()),
            )));
        }
        Ok(Projector {
            shared,
            control,
            tasks: Mutex::new(tasks),
        })
    }

    /// The ids of the registered projections.
    pub fn ids(&self) -> Vec<ProjectionId> {
        let mut ids: Vec<_> = self.shared.specs.keys().cloned().collect();
        ids.sort();
        ids
    }

    /// The query handle of one projection.
    pub fn serving(&self, id: &str) -> Result<Serving, ProjectionError> {
        let id = ProjectionId::new(id);
        self.shared
            .serving
            .get(&id)
            .map(|s| s.handle(&id))
            .ok_or_else(|| ProjectionError::UnknownProjection(id.to_string()))
    }

    /// Every projection's build, checkpoint and failure, in id order.
    pub fn status(&self) -> Vec<ProjectionStatus> {
        self.ids()
            .into_iter()
            .filter_map(|id| {
                let progress = self.shared.serving.get(&id)?.progress.borrow().clone();
                Some(ProjectionStatus { id, progress })
            })
            .collect()
    }

    /// Waits until every projection reflects `position` (read-your-writes across all read
    /// models). The timeout bounds the whole wait.
    pub async fn wait_for(
        &self,
        position: Position,
        timeout: Duration,
    ) -> Result<(), ProjectionError> {
        let deadline = tokio::time::Instant::now() + timeout;
        for id in self.ids() {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            self.serving(id.as_str())?.wait_for(position, left).await?;
        }
        Ok(())
    }

    /// Rebuilds one projection from position 1 into fresh trees while the current build
    /// keeps serving, and resolves once the new build has caught up and swapped in (the old
    /// trees are then dropped).
    pub async fn rebuild(&self, id: &str) -> Result<(), ProjectionError> {
        let id = ProjectionId::new(id);
        let spec = self
            .shared
            .specs
            .get(&id)
            .ok_or_else(|| ProjectionError::UnknownProjection(id.to_string()))?;
        let serving = self.serving(id.as_str())?;
        {
            let mut rebuilding = self
                .shared
                .rebuilding
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            if !rebuilding.insert(id.clone()) {
                return Err(ProjectionError::RebuildInProgress(id));
            }
        }
        let current = serving.progress().build;
        let build = Build {
            version: spec.version,
            generation: Generation(current.generation.0 + 1),
        };
        let (done, swapped) = oneshot::channel();
        let slot = match fresh_slot(&self.shared.log, spec, build, Some(done)) {
            Ok(slot) => slot,
            Err(e) => {
                self.shared
                    .rebuilding
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .remove(&id);
                return Err(e);
            }
        };
        let task = tokio::spawn(run(
            self.shared.clone(),
            vec![slot],
            Mode::Rebuild(self.control.clone()),
        ));
        self.tasks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(task);
        match swapped.await {
            Ok(()) => Ok(()),
            Err(_) => {
                let progress = serving.progress();
                Err(ProjectionError::Stopped {
                    id,
                    checkpoint: progress.checkpoint,
                    reason: progress
                        .failure
                        .unwrap_or_else(|| "the rebuild was abandoned".into()),
                })
            }
        }
    }

    /// Stops every group after its current batch. What was committed stays; the next start
    /// resumes from the checkpoints.
    pub async fn shutdown(self) {
        let _ = self.control.send(Control::Shutdown).await;
        let tasks = std::mem::take(&mut *self.tasks.lock().unwrap_or_else(|p| p.into_inner()));
        let mut tasks = tasks.into_iter();
        if let Some(main) = tasks.next() {
            let _ = main.await;
        }
        for rebuild in tasks {
            rebuild.abort();
            let _ = rebuild.await;
        }
    }
}

impl<D: Decoder> Drop for Projector<D> {
    fn drop(&mut self) {
        for task in self.tasks.lock().unwrap_or_else(|p| p.into_inner()).iter() {
            task.abort();
        }
    }
}

/// A candidate build in a freshly cleared tree.
fn fresh_slot<E: 'static>(
    log: &EventLog,
    spec: &ProjectionSpec<E>,
    build: Build,
    done: Option<oneshot::Sender<()>>,
) -> Result<Slot<E>, ProjectionError> {
    let name = tree_name(&spec.id, build);
    let db = log.database();
    db.drop_tree(name.as_bytes())?;
    let tree = db.open_tree(name)?;
    let mut projection = (spec.factory)();
    projection.restore(&tree)?;
    Ok(Slot {
        id: spec.id.clone(),
        build,
        tree,
        checkpoint: Position(0),
        projection: Some(projection),
        role: Role::Candidate,
        done,
    })
}

/// Drops a projection's trees other than `keep`: builds abandoned by a crash mid-rebuild,
/// or replaced builds whose drop a crash interrupted.
fn drop_leftovers(
    db: &sled::Db,
    id: &ProjectionId,
    keep: &[String],
) -> Result<(), ProjectionError> {
    let prefix = tree_prefix(id);
    for name in db.tree_names() {
        let text = String::from_utf8_lossy(&name);
        if text.starts_with(&prefix) && !keep.iter().any(|k| *k == text) {
            tracing::info!(tree = %text, "dropping leftover projection tree");
            db.drop_tree(&name)?;
        }
    }
    Ok(())
}
