//! The deadline scheduler on a manual clock: marks overdue, escalates one level at a time,
//! and a repeated tick writes nothing new.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use linli_domain::complaint::*;
use linli_domain::directory::Directory;
use linli_domain::{Actor, Aggregate, ComplaintId, StreamName};
use linli_engine::routing::{NoWorkload, RouteRequest};
use linli_engine::scheduler::keys::{escalate_key, overdue_key};
use linli_engine::{
    decode, AnyEvent, CommandMeta, DeadlineIndex, DirectoryCache, DueItem, Engine, ManualClock,
    Scheduler, TickReport,
};
use linli_eventlog::{EventLog, Position};

use crate::fixtures::*;

/// A deadline index folded from the whole log on every call, as the projection would keep
/// it: open deadlines of the current assignment not yet marked overdue.
struct LogIndex(EventLog);

impl DeadlineIndex for LogIndex {
    fn due_before(&self, at: DateTime<Utc>, limit: usize) -> Vec<DueItem> {
        let mut states: BTreeMap<ComplaintId, ComplaintState> = BTreeMap::new();
        for record in self.0.scan(Position(1)) {
            if let Ok(AnyEvent::Complaint(id, event)) = decode(&record.unwrap()) {
                let state = states.remove(&id).unwrap_or_default();
                states.insert(id, Complaint::evolve(state, &event));
            }
        }
        let mut items = Vec::new();
        for (id, record) in states.iter().filter_map(|(id, s)| Some((*id, s.as_ref()?))) {
            let open = |kind| match kind {
                DeadlineKind::Response => {
                    matches!(
                        record.status,
                        ComplaintStatus::Triage | ComplaintStatus::Assigned
                    )
                }
                DeadlineKind::Resolution => matches!(
                    record.status,
                    ComplaintStatus::Triage
                        | ComplaintStatus::Assigned
                        | ComplaintStatus::InProgress
                ),
            };
            for kind in [DeadlineKind::Response, DeadlineKind::Resolution] {
                match record.due_at(kind) {
                    Some(due) if due <= at && open(kind) && !record.overdue.get(kind) => items
                        .push(DueItem {
                            complaint: id,
                            kind,
                            due,
                        }),
                    _ => {}
                }
            }
        }
        items.sort_by_key(|i| i.due);
        items.truncate(limit);
        items
    }
}

/// An index frozen with whatever it was given: a projection that stopped following.
struct FrozenIndex(Mutex<Vec<DueItem>>);

impl DeadlineIndex for FrozenIndex {
    fn due_before(&self, at: DateTime<Utc>, limit: usize) -> Vec<DueItem> {
        let items = self.0.lock().unwrap();
        items
            .iter()
            .filter(|i| i.due <= at)
            .take(limit)
            .copied()
            .collect()
    }
}

struct World {
    _dir: tempfile::TempDir,
    log: EventLog,
    engine: Engine,
    cache: DirectoryCache,
    clock: Arc<ManualClock>,
}

impl World {
    async fn new(start: DateTime<Utc>) -> World {
        let (dir, log) = temp_log();
        let engine = Engine::new(log.clone());
        for command in directory_commands() {
            engine
                .execute::<Directory>(StreamName::Directory, command, CommandMeta::default())
                .await
                .unwrap();
        }
        World {
            _dir: dir,
            cache: DirectoryCache::new(engine.clone()),
            engine,
            log,
            clock: Arc::new(ManualClock::new(start)),
        }
    }

    fn scheduler(&self, index: Arc<dyn DeadlineIndex>) -> Scheduler {
        let workload: HashMap<linli_domain::UserId, u32> = HashMap::new();
        Scheduler::new(
            self.engine.clone(),
            self.cache.clone(),
            index,
            Arc::new(workload),
            self.clock.clone(),
        )
    }

    /// Files an infrastructure complaint at grid 1 now and routes it.
    async fn file_at_grid1(&self, id: ComplaintId) {
        let now = linli_engine::Clock::now(self.clock.as_ref());
        let stream = StreamName::Complaint(id);
        let ComplaintCommand::File(mut file) = file_command(id) else {
            unreachable!()
        };
        file.occurred_at = now;
        file.at = now;
        self.engine
            .execute::<Complaint>(stream, ComplaintCommand::File(file), CommandMeta::default())
            .await
            .unwrap();
        let router = self.cache.router().unwrap();
        let request = RouteRequest {
            explicit_code: Some(code(GRID1)),
            ..RouteRequest::new(Category::Infrastructure)
        };
        let decision = router.route(&request, &NoWorkload).unwrap();
        let assignment = router.assignment(&decision, Category::Infrastructure, now);
        self.engine
            .execute::<Complaint>(
                stream,
                ComplaintCommand::Assign(AssignComplaint {
                    assignment,
                    by: Actor::System,
                    at: now,
                }),
                CommandMeta::default(),
            )
            .await
            .unwrap();
    }

    fn complaint(&self, id: ComplaintId) -> ComplaintRecord {
        self.engine
            .load::<Complaint>(StreamName::Complaint(id))
            .unwrap()
            .state
            .unwrap()
    }
}

#[tokio::test]
async fn nothing_happens_before_a_deadline() {
    let world = World::new(cst(9, 30, 16, 0)).await;
    world.file_at_grid1(COMPLAINT).await;
    let scheduler = world.scheduler(Arc::new(LogIndex(world.log.clone())));
    world.clock.set(cst(9, 30, 16, 59));
    let report = scheduler.tick().await.unwrap();
    assert_eq!(report, TickReport::default());
}

#[tokio::test]
async fn a_missed_response_is_marked_and_escalated_up_to_the_county_and_repeated_ticks_write_nothing(
) {
    let world = World::new(cst(9, 30, 16, 0)).await;
    world.file_at_grid1(COMPLAINT).await;
    let filed = world.complaint(COMPLAINT);
    let first_due = filed.due_at(DeadlineKind::Response).unwrap();
    assert_eq!(first_due, cst(9, 30, 17, 0));
    assert_eq!(filed.cadre(), Some(GRID1_WORKER));
    let scheduler = world.scheduler(Arc::new(LogIndex(world.log.clone())));

    // After the holiday: the grid worker never accepted.
    world.clock.set(cst(10, 8, 9, 0));
    let report = scheduler.tick().await.unwrap();
    assert_eq!(
        (report.examined, report.marked, report.escalated),
        (1, 1, 1)
    );
    let c = world.complaint(COMPLAINT);
    assert_eq!(c.jurisdiction(), Some(code(VILLAGE1)));
    assert_eq!(c.cadre(), Some(VILLAGE1_STAFF));
    assert_eq!(c.status, ComplaintStatus::Assigned);
    assert_eq!(c.escalation_level, 1);
    let a = c.assignment.as_ref().unwrap();
    assert_eq!(a.basis, RoutingBasis::Manual);
    // New due times count from the escalation, in working time.
    assert_eq!(a.response_due_at, cst(10, 8, 10, 0));
    assert_eq!(a.resolution_due_at, cst(10, 10, 17, 30));

    // The marks and escalations are recorded under their deterministic keys.
    let head = world.log.head().position;
    let mark = world.log.read_at(Position(head.0 - 1)).unwrap();
    assert_eq!(mark.event_type, "complaint.marked_overdue");
    assert_eq!(
        mark.metadata.idempotency_key,
        Some(overdue_key(COMPLAINT, DeadlineKind::Response, first_due))
    );
    assert_eq!(mark.metadata.actor.as_deref(), Some("system:scheduler"));
    let escalated = world.log.read_at(head).unwrap();
    assert_eq!(escalated.event_type, "complaint.escalated");
    assert_eq!(
        escalated.metadata.idempotency_key,
        Some(escalate_key(COMPLAINT, DeadlineKind::Response, first_due))
    );

    // The same moment again: nothing new.
    let again = scheduler.tick().await.unwrap();
    assert!(!again.wrote_anything(), "{again:?}");
    assert_eq!(world.log.head().position, head);

    // Village staff miss their hour too: up to the township, then the county.
    world.clock.set(cst(10, 8, 10, 30));
    assert_eq!(scheduler.tick().await.unwrap().escalated, 1);
    let c = world.complaint(COMPLAINT);
    assert_eq!(
        (c.jurisdiction(), c.cadre()),
        (Some(code(CUIYUAN)), Some(TOWNSHIP_STAFF))
    );
    assert_eq!(c.due_at(DeadlineKind::Response), Some(cst(10, 8, 11, 30)));

    world.clock.set(cst(10, 8, 11, 31));
    assert_eq!(scheduler.tick().await.unwrap().escalated, 1);
    let c = world.complaint(COMPLAINT);
    assert_eq!(
        (c.jurisdiction(), c.cadre()),
        (Some(code(COUNTY)), Some(COUNTY_STAFF))
    );
    assert_eq!(c.escalation_level, 3);
    // 29 minutes before lunch, 31 after.
    assert_eq!(c.due_at(DeadlineKind::Response), Some(cst(10, 8, 14, 1)));

    // At the county there is nowhere higher: marked, not escalated.
    world.clock.set(cst(10, 8, 15, 0));
    let top = scheduler.tick().await.unwrap();
    assert_eq!((top.marked, top.escalated, top.at_top), (1, 0, 1));
    let c = world.complaint(COMPLAINT);
    assert!(c.overdue.response);
    assert_eq!(c.escalation_level, 3);
    let head = world.log.head().position;
    assert!(!scheduler.tick().await.unwrap().wrote_anything());
    assert_eq!(world.log.head().position, head);
}

#[tokio::test]
async fn a_lagging_index_never_causes_a_second_escalation() {
    let world = World::new(cst(9, 30, 16, 0)).await;
    world.file_at_grid1(COMPLAINT).await;
    let due = world
        .complaint(COMPLAINT)
        .due_at(DeadlineKind::Response)
        .unwrap();
    let frozen = Arc::new(FrozenIndex(Mutex::new(vec![DueItem {
        complaint: COMPLAINT,
        kind: DeadlineKind::Response,
        due,
    }])));
    let scheduler = world.scheduler(frozen);
    world.clock.set(cst(10, 8, 9, 0));
    let first = scheduler.tick().await.unwrap();
    assert_eq!((first.marked, first.escalated), (1, 1));
    let head = world.log.head().position;
    // The index still shows the old deadline, even after the new one has passed too.
    for later in [cst(10, 8, 9, 30), cst(10, 8, 16, 0)] {
        world.clock.set(later);
        let report = scheduler.tick().await.unwrap();
        assert_eq!(report.stale, 1, "{report:?}");
        assert!(!report.wrote_anything());
    }
    assert_eq!(world.log.head().position, head);
    assert_eq!(world.complaint(COMPLAINT).escalation_level, 1);
}

#[tokio::test]
async fn a_crash_between_marking_and_escalating_is_finished_by_the_next_tick() {
    let world = World::new(cst(9, 30, 16, 0)).await;
    world.file_at_grid1(COMPLAINT).await;
    let due = world
        .complaint(COMPLAINT)
        .due_at(DeadlineKind::Response)
        .unwrap();
    world.clock.set(cst(10, 8, 9, 0));
    // What a scheduler that died right after its first command left behind.
    world
        .engine
        .execute::<Complaint>(
            StreamName::Complaint(COMPLAINT),
            ComplaintCommand::MarkOverdue(MarkOverdue {
                deadline: DeadlineKind::Response,
                by: Actor::System,
                at: cst(10, 8, 9, 0),
            }),
            CommandMeta::default().with_idempotency_key(overdue_key(
                COMPLAINT,
                DeadlineKind::Response,
                due,
            )),
        )
        .await
        .unwrap();
    let frozen = Arc::new(FrozenIndex(Mutex::new(vec![DueItem {
        complaint: COMPLAINT,
        kind: DeadlineKind::Response,
        due,
    }])));
    let report = world.scheduler(frozen).tick().await.unwrap();
    assert_eq!((report.marked, report.escalated), (0, 1));
    assert_eq!(world.complaint(COMPLAINT).escalation_level, 1);
}

#[tokio::test]
async fn an_accepted_or_resolved_complaint_is_left_alone() {
    let world = World::new(cst(9, 30, 16, 0)).await;
    world.file_at_grid1(COMPLAINT).await;
    let due = world
        .complaint(COMPLAINT)
        .due_at(DeadlineKind::Response)
        .unwrap();
    world
        .engine
        .execute::<Complaint>(
            StreamName::Complaint(COMPLAINT),
            ComplaintCommand::Accept(AcceptComplaint {
                by: Actor::cadre(GRID1_WORKER),
                at: cst(9, 30, 16, 30),
            }),
            CommandMeta::default(),
        )
        .await
        .unwrap();
    let head = world.log.head().position;
    // A projection that missed the acceptance still lists the response deadline.
    let frozen = Arc::new(FrozenIndex(Mutex::new(vec![DueItem {
        complaint: COMPLAINT,
        kind: DeadlineKind::Response,
        due,
    }])));
    world.clock.set(cst(10, 8, 9, 0));
    let report = world.scheduler(frozen).tick().await.unwrap();
    assert_eq!(report.stale, 1);
    assert_eq!(world.log.head().position, head);
    // The real index has nothing due for the response; the resolution is not due yet.
    let report = world
        .scheduler(Arc::new(LogIndex(world.log.clone())))
        .tick()
        .await
        .unwrap();
    assert_eq!(report, TickReport::default());
}

#[tokio::test]
async fn a_missed_resolution_escalates_with_the_resolution_reason() {
    let world = World::new(cst(9, 30, 16, 0)).await;
    world.file_at_grid1(COMPLAINT).await;
    world
        .engine
        .execute::<Complaint>(
            StreamName::Complaint(COMPLAINT),
            ComplaintCommand::Accept(AcceptComplaint {
                by: Actor::cadre(GRID1_WORKER),
                at: cst(9, 30, 16, 30),
            }),
            CommandMeta::default(),
        )
        .await
        .unwrap();
    let resolution_due = world
        .complaint(COMPLAINT)
        .due_at(DeadlineKind::Resolution)
        .unwrap();
    assert_eq!(resolution_due, cst(10, 10, 16, 0));
    let scheduler = world.scheduler(Arc::new(LogIndex(world.log.clone())));
    world.clock.set(cst(10, 12, 9, 0));
    let report = scheduler.tick().await.unwrap();
    assert_eq!((report.marked, report.escalated), (1, 1));
    let last = world.log.read_at(world.log.head().position).unwrap();
    match decode(&last).unwrap() {
        AnyEvent::Complaint(_, ComplaintEvent::Escalated(e)) => {
            assert_eq!(e.reason, EscalationReason::ResolutionOverdue);
            assert_eq!(e.from_jurisdiction, code(GRID1));
            assert_eq!(e.assignment.jurisdiction, code(VILLAGE1));
        }
        other => panic!("expected an escalation, got {other:?}"),
    }
}

#[tokio::test]
async fn the_run_loop_ticks_until_shut_down() {
    let world = World::new(cst(9, 30, 16, 0)).await;
    world.file_at_grid1(COMPLAINT).await;
    let scheduler = world.scheduler(Arc::new(LogIndex(world.log.clone())));
    world.clock.set(cst(10, 8, 9, 0));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(async move {
        scheduler
            .run_until(Duration::from_millis(5), async {
                let _ = stopped.await;
            })
            .await
    });
    // The first tick fires at once; wait for its escalation to land.
    for _ in 0..200 {
        if world.complaint(COMPLAINT).escalation_level == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), running)
        .await
        .unwrap()
        .unwrap();
    let c = world.complaint(COMPLAINT);
    assert_eq!(c.escalation_level, 1);
    assert_eq!(c.jurisdiction(), Some(code(VILLAGE1)));
}
