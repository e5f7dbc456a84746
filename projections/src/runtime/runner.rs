//! The loop that feeds a group of projection builds from one subscription.
//!
//! The main group serves queries and follows the log forever. A rebuild (a version bump or
//! an operator's `rebuild`) runs as a second group from position 1 so the serving builds
//! keep moving; when it has caught up with the head it hands its builds to the main group,
//! which swaps each in as soon as it is at least as far as the build it replaces.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use linli_eventlog::{EventLog, Position, RecordedEvent, Subscription};
use tokio::sync::{mpsc, oneshot};

use super::id::{tree_name, Build, ProjectionId};
use super::projection::{Decoder, Envelope, Projection, ProjectionSpec};
use super::serving::ServingSlot;
use super::staged::Staged;
use crate::error::ProjectionError;

/// Tuning of the runtime.
#[derive(Debug, Clone, Copy)]
pub struct RuntimeConfig {
    /// Most events applied in one sled batch while following the log. Larger batches
    /// coalesce repeated writes to one key and amortise the commit; smaller ones make
    /// progress visible sooner. A batch also ends when the projection has caught up.
    pub batch_events: usize,
    /// Most events in one batch while catching up (the backlog exceeds `batch_events`): a
    /// rebuild wants throughput, and sled's per-key cost makes coalescing the lever — a
    /// complaint's whole life usually falls into one such batch and costs one write per
    /// read model instead of one per event. Bounded because the batch's decoded events and
    /// pending writes are held in memory (roughly 1–2 KiB per event).
    pub catch_up_batch_events: usize,
}

impl RuntimeConfig {
    /// The same batch size live and catching up.
    pub fn uniform(batch_events: usize) -> Self {
        RuntimeConfig {
            batch_events,
            catch_up_batch_events: batch_events,
        }
    }
}

impl Default for RuntimeConfig {
    fn default() -> Self {
        RuntimeConfig {
            batch_events: 1_000,
            catch_up_batch_events: 20_000,
        }
    }
}

/// What the runtime shares between its tasks.
pub(crate) struct Shared<D: Decoder> {
    /// The log followed.
    pub(crate) log: EventLog,
    /// Decodes each record once for every projection.
    pub(crate) decoder: D,
    /// id → active [`Build`].
    pub(crate) registry: sled::Tree,
    /// How to make each projection.
    pub(crate) specs: HashMap<ProjectionId, ProjectionSpec<D::Event>>,
    /// What queries of each projection read.
    pub(crate) serving: HashMap<ProjectionId, ServingSlot>,
    /// Batch sizes.
    pub(crate) config: RuntimeConfig,
    /// Ids with a candidate build on the way, so two rebuilds of one id cannot race.
    pub(crate) rebuilding: Mutex<HashSet<ProjectionId>>,
}

/// Whether a build serves queries or is waiting to replace the one that does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Queries read it.
    Serving,
    /// It will replace the serving build once caught up.
    Candidate,
}

/// One build of a projection: its tree, how far it is, and the code folding into it.
pub(crate) struct Slot<E> {
    /// Which projection.
    pub(crate) id: ProjectionId,
    /// Which build of it.
    pub(crate) build: Build,
    /// Its tree.
    pub(crate) tree: sled::Tree,
    /// The last position committed to the tree.
    pub(crate) checkpoint: Position,
    /// `None` for a serving build of a version this binary no longer has: it keeps serving,
    /// frozen at its checkpoint, until its replacement swaps in.
    pub(crate) projection: Option<Box<dyn Projection<E>>>,
    /// Serving or candidate.
    pub(crate) role: Role,
    /// Told when a candidate swaps in (a waiting `rebuild` call).
    pub(crate) done: Option<oneshot::Sender<()>>,
}

impl<E> Slot<E> {
    fn fed(&self) -> bool {
        self.projection.is_some()
    }
}

/// Messages to the main group.
pub(crate) enum Control<E> {
    /// Caught-up candidates from a rebuild group.
    Adopt(Vec<Slot<E>>),
    /// Stop after the current batch.
    Shutdown,
}

/// Which group a loop runs.
pub(crate) enum Mode<E> {
    /// Serve and follow forever, adopting candidates.
    Main(mpsc::Receiver<Control<E>>),
    /// Catch up, then hand the builds to the main group.
    Rebuild(mpsc::Sender<Control<E>>),
}

/// Runs one group until shutdown, a failure, or (for a rebuild) the hand-over.
pub(crate) async fn run<D: Decoder>(
    shared: Arc<Shared<D>>,
    mut slots: Vec<Slot<D::Event>>,
    mut mode: Mode<D::Event>,
) {
    let mut subscription: Option<Subscription> = None;
    loop {
        let from = slots
            .iter()
            .filter(|s| s.fed())
            .map(|s| s.checkpoint)
            .min()
            .map(Position::next);
        let Some(from) = from else {
            // Nothing to feed (only frozen builds): wait for candidates or shutdown.
            match &mut mode {
                Mode::Main(inbox) => match inbox.recv().await {
                    Some(Control::Adopt(new)) => {
                        adopt(&shared, &mut slots, new);
                        continue;
                    }
                    Some(Control::Shutdown) | None => return,
                },
                Mode::Rebuild(_) => return,
            }
        };
        if let Mode::Rebuild(main) = &mode {
            if from > shared.log.head().position {
                // Caught up: the main group takes over from here.
                let _ = main.send(Control::Adopt(slots)).await;
                return;
            }
        }
        if subscription.as_ref().map(Subscription::position) != Some(from) {
            subscription = Some(shared.log.subscribe(from));
        }
        let Some(feed) = subscription.as_mut() else {
            return;
        };
        let first = match &mut mode {
            Mode::Main(inbox) => tokio::select! {
                biased;
                control = inbox.recv() => {
                    match control {
                        Some(Control::Adopt(new)) => {
                            adopt(&shared, &mut slots, new);
                            continue;
                        }
                        Some(Control::Shutdown) | None => return,
                    }
                }
                next = feed.next() => next,
            },
            Mode::Rebuild(_) => feed.next().await,
        };
        let mut records = match first {
            None => return, // the log was closed
            Some(Err(e)) => {
                fail(&shared, &slots, &e.into());
                return;
            }
            Some(Ok(record)) => vec![record],
        };
        // Take whatever else is already committed, up to the batch size, without waiting.
        let head = shared.log.head().position;
        let backlog = head.0.saturating_sub(feed.position().0) as usize;
        let limit = if backlog > shared.config.batch_events {
            shared
                .config
                .catch_up_batch_events
                .max(shared.config.batch_events)
        } else {
            shared.config.batch_events
        }
        .max(1);
        while records.len() < limit && feed.position() <= head {
            match feed.next().await {
                Some(Ok(record)) => records.push(record),
                Some(Err(e)) => {
                    fail(&shared, &slots, &e.into());
                    return;
                }
                None => break,
            }
        }
        let worker = shared.clone();
        let joined =
            tokio::task::spawn_blocking(move || apply_batch(&worker, slots, records)).await;
        let (back, result) = match joined {
            Ok(done) => done,
            Err(join) => {
                // A projection panicked; its slots are gone with the thread.
                tracing::error!(error = %join, "projection batch panicked");
                for id in shared.serving.keys() {
                    if let Some(s) = shared.serving.get(id) {
                        s.fail(&format!("a projection panicked: {join}"));
                    }
                }
                return;
            }
        };
        slots = back;
        publish(&shared, &slots);
        if let Err(e) = result {
            fail(&shared, &slots, &e);
            return;
        }
        if let Mode::Main(_) = mode {
            if let Err(e) = swap_ready(&shared, &mut slots) {
                fail(&shared, &slots, &e);
                return;
            }
        }
    }
}

fn adopt<D: Decoder>(
    shared: &Shared<D>,
    slots: &mut Vec<Slot<D::Event>>,
    new: Vec<Slot<D::Event>>,
) {
    slots.extend(new);
    if let Err(e) = swap_ready(shared, slots) {
        fail(shared, slots, &e);
    }
}

/// Publishes the checkpoint of every serving build.
fn publish<D: Decoder>(shared: &Shared<D>, slots: &[Slot<D::Event>]) {
    for slot in slots.iter().filter(|s| s.role == Role::Serving) {
        if let Some(serving) = shared.serving.get(&slot.id) {
            serving.advance(slot.checkpoint);
        }
    }
}

/// Marks every projection of the group as stopped, naming the error.
fn fail<D: Decoder>(shared: &Shared<D>, slots: &[Slot<D::Event>], error: &ProjectionError) {
    tracing::error!(%error, "projection stopped");
    let reason = error.to_string();
    for slot in slots {
        if let Some(serving) = shared.serving.get(&slot.id) {
            serving.fail(&reason);
        }
    }
}

/// Swaps in every candidate that has caught up with the build it replaces, then drops the
/// replaced tree. The registry entry is written first: after a crash in between, the next
/// start serves the new build and drops the leftover old tree.
fn swap_ready<D: Decoder>(
    shared: &Shared<D>,
    slots: &mut Vec<Slot<D::Event>>,
) -> Result<(), ProjectionError> {
    let mut i = 0;
    while i < slots.len() {
        if slots[i].role != Role::Candidate {
            i += 1;
            continue;
        }
        let id = slots[i].id.clone();
        let old = slots
            .iter()
            .position(|s| s.id == id && s.role == Role::Serving);
        let ready = match old {
            None => true,
            Some(o) => !slots[o].fed() || slots[i].checkpoint >= slots[o].checkpoint,
        };
        if !ready {
            i += 1;
            continue;
        }
        let candidate = &mut slots[i];
        shared
            .registry
            .insert(id.as_str().as_bytes(), &candidate.build.to_bytes())?;
        candidate.role = Role::Serving;
        let (build, checkpoint, tree) = (
            candidate.build,
            candidate.checkpoint,
            candidate.tree.clone(),
        );
        let done = candidate.done.take();
        let serving = shared.serving.get(&id);
        // Queries move to the new tree first, then the old tree is dropped, and only then
        // is the swap announced, so whoever waits for it sees the final state.
        if let Some(serving) = serving {
            serving.point_at(tree);
        }
        let mut index = i;
        if let Some(o) = old {
            let replaced = slots.remove(o);
            let name = tree_name(&replaced.id, replaced.build);
            drop(replaced);
            shared.log.database().drop_tree(name.as_bytes())?;
            if o < i {
                index = i - 1;
            }
        }
        if let Some(serving) = serving {
            serving.announce(build, checkpoint);
        }
        shared
            .rebuilding
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&id);
        if let Some(done) = done {
            let _ = done.send(());
        }
        tracing::info!(projection = %id, ?build, %checkpoint, "swapped in rebuilt projection");
        i = index;
        i += 1;
    }
    Ok(())
}

/// Decodes a batch once and applies it to every build that still needs it, each build in
/// its own thread, each committed with its checkpoint in one atomic sled batch.
fn apply_batch<D: Decoder>(
    shared: &Shared<D>,
    mut slots: Vec<Slot<D::Event>>,
    records: Vec<RecordedEvent>,
) -> (Vec<Slot<D::Event>>, Result<(), ProjectionError>) {
    let envelopes = match decode_all(&shared.decoder, &records) {
        Ok(envelopes) => envelopes,
        Err(e) => return (slots, Err(e)),
    };
    // Every build that applies anything ends at the batch's last record; its hash goes
    // into the checkpoint so verify can tell a read model built from another history.
    let last_hash = records.last().map(|r| r.hash).unwrap_or_default();
    drop(records);
    let envelopes = &envelopes;
    // Threads pay off for catch-up batches; a live batch of a few events is cheaper applied
    // in place than the spawns would cost.
    const PARALLEL_FROM: usize = 64;
    let results: Vec<Result<(), ProjectionError>> = if envelopes.len() < PARALLEL_FROM {
        slots
            .iter_mut()
            .filter(|s| s.fed())
            .map(|slot| apply_slot(slot, envelopes, last_hash))
            .collect()
    } else {
        std::thread::scope(|scope| {
            let mut fed: Vec<&mut Slot<D::Event>> = slots.iter_mut().filter(|s| s.fed()).collect();
            let last = fed.pop();
            let handles: Vec<_> = fed
                .into_iter()
                .map(|slot| scope.spawn(move || apply_slot(slot, envelopes, last_hash)))
                .collect();
            let mut results: Vec<_> = last
                .map(|s| apply_slot(s, envelopes, last_hash))
                .into_iter()
                .collect();
            for handle in handles {
                results.push(handle.join().unwrap_or_else(|_| {
                    Err(ProjectionError::Panicked("while applying a batch".into()))
                }));
            }
            results
        })
    };
    let result = results
        .into_iter()
        .collect::<Result<Vec<()>, _>>()
        .map(drop);
    (slots, result)
}

fn apply_slot<E: 'static>(
    slot: &mut Slot<E>,
    envelopes: &[Envelope<E>],
    last_hash: linli_eventlog::Hash,
) -> Result<(), ProjectionError> {
    let Some(projection) = slot.projection.as_mut() else {
        return Ok(());
    };
    let mut staged = Staged::new(&slot.tree);
    let mut last = slot.checkpoint;
    for envelope in envelopes.iter().filter(|e| e.position > slot.checkpoint) {
        debug_assert_eq!(envelope.position, last.next(), "gapless feed");
        projection.apply(envelope, &mut staged)?;
        last = envelope.position;
    }
    if last == slot.checkpoint {
        return Ok(());
    }
    projection.finish_batch(&mut staged)?;
    // Commit cost is what limits rebuilds (sled costs microseconds per key): log it.
    let keys = staged.len();
    let started = std::time::Instant::now();
    staged.commit(last, last_hash)?;
    tracing::debug!(
        projection = %slot.id,
        events = envelopes.len(),
        keys,
        commit_us = started.elapsed().as_micros() as u64,
        "batch committed"
    );
    slot.checkpoint = last;
    Ok(())
}

/// Decodes records (in parallel for big batches); the first undecodable one, by position,
/// is the error.
fn decode_all<D: Decoder>(
    decoder: &D,
    records: &[RecordedEvent],
) -> Result<Vec<Envelope<D::Event>>, ProjectionError> {
    let decode_one = |record: &RecordedEvent| {
        decoder
            .decode(record)
            .map(|event| Envelope {
                position: record.position,
                recorded_at: record.recorded_at(),
                event,
            })
            .map_err(|reason| ProjectionError::Undecodable {
                position: record.position,
                stream: record.stream.as_str().to_owned(),
                event_type: record.event_type.clone(),
                reason,
            })
    };
    const PARALLEL_FROM: usize = 256;
    if records.len() < PARALLEL_FROM {
        return records.iter().map(decode_one).collect();
    }
    let half = records.len() / 2;
    let (left, right) = records.split_at(half);
    let (a, b) = std::thread::scope(|scope| {
        let other = scope.spawn(|| right.iter().map(decode_one).collect::<Result<Vec<_>, _>>());
        let mine = left.iter().map(decode_one).collect::<Result<Vec<_>, _>>();
        (mine, other.join())
    });
    let mut all = a?;
    match b {
        Ok(b) => all.extend(b?),
        Err(_) => return Err(ProjectionError::Panicked("while decoding a batch".into())),
    }
    Ok(all)
}
