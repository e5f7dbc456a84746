//! The command handler against a real log: writes, conflicts, idempotency, state as of.

use linli_domain::complaint::*;
use linli_domain::user::User;
use linli_domain::{Actor, ComplaintId, StreamName};
use linli_engine::{AsOf, CommandMeta, Engine, EngineError, Replay};
use linli_eventlog::{Position, StreamVersion};

use crate::fixtures::*;

fn stream() -> StreamName {
    StreamName::Complaint(COMPLAINT)
}

async fn filed_and_assigned(engine: &Engine) {
    engine
        .execute::<Complaint>(stream(), file_command(COMPLAINT), CommandMeta::default())
        .await
        .unwrap();
    engine
        .execute::<Complaint>(stream(), assign_command(), CommandMeta::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_command_writes_its_events_and_returns_their_positions() {
    let (_dir, log) = temp_log();
    let engine = Engine::new(log.clone());
    let meta = CommandMeta::by(&Actor::resident(RESIDENT))
        .with_tenant("330106001000")
        .with_correlation_id(uuid::Uuid::from_u128(9));
    let filed = engine
        .execute::<Complaint>(stream(), file_command(COMPLAINT), meta)
        .await
        .unwrap();
    assert_eq!(filed.replay, Replay::Fresh);
    assert_eq!(filed.position, Position(1));
    assert_eq!(filed.first_position, Position(1));
    assert_eq!(filed.stream_version, StreamVersion(1));
    assert_eq!(filed.attempts, 1);
    assert!(matches!(filed.events[..], [ComplaintEvent::Filed(_)]));

    let record = log.read_at(Position(1)).unwrap();
    assert_eq!(record.event_type, "complaint.filed");
    assert_eq!(record.metadata.tenant.as_deref(), Some("330106001000"));
    assert_eq!(
        record.metadata.actor.as_deref(),
        Some(Actor::resident(RESIDENT).to_string().as_str())
    );
    assert_eq!(
        record.metadata.correlation_id,
        Some(uuid::Uuid::from_u128(9))
    );

    let assigned = engine
        .execute::<Complaint>(stream(), assign_command(), CommandMeta::default())
        .await
        .unwrap();
    assert_eq!(
        (assigned.position, assigned.stream_version),
        (Position(2), StreamVersion(2))
    );
    let state = engine.load::<Complaint>(stream()).unwrap();
    assert_eq!(state.state.unwrap().status, ComplaintStatus::Assigned);
}

#[tokio::test]
async fn a_resolve_that_also_accepts_writes_two_consecutive_events() {
    let (_dir, log) = temp_log();
    let engine = Engine::new(log);
    filed_and_assigned(&engine).await;
    let resolved = engine
        .execute::<Complaint>(
            stream(),
            ComplaintCommand::Resolve(ResolveComplaint {
                resolution: "换了灯泡".into(),
                media: vec![],
                by: Actor::cadre(CADRE),
                at: t(2, 0),
            }),
            CommandMeta::default(),
        )
        .await
        .unwrap();
    assert_eq!(resolved.first_position, Position(3));
    assert_eq!(resolved.position, Position(4));
    assert_eq!(resolved.stream_version, StreamVersion(4));
    assert_eq!(resolved.events.len(), 2);
}

#[tokio::test]
async fn a_domain_refusal_is_rejected_and_writes_nothing() {
    let (_dir, log) = temp_log();
    let engine = Engine::new(log.clone());
    let err = engine
        .execute::<Complaint>(stream(), assign_command(), CommandMeta::default())
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        EngineError::Rejected(ComplaintError::NotFound)
    ));
    assert_eq!(err.rejection(), Some(&ComplaintError::NotFound));
    assert_eq!(log.head().position, Position(0));
}

#[tokio::test]
async fn a_command_on_another_aggregates_stream_is_refused() {
    let (_dir, log) = temp_log();
    let engine = Engine::new(log);
    let err = engine
        .execute::<Complaint>(
            StreamName::User(RESIDENT),
            file_command(COMPLAINT),
            CommandMeta::default(),
        )
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        EngineError::WrongStream {
            expected: "complaint",
            ..
        }
    ));
    assert!(engine.load::<User>(stream()).is_err());
}

#[tokio::test]
async fn a_retried_command_with_the_same_key_returns_the_first_result_without_deciding_again() {
    let (_dir, log) = temp_log();
    let engine = Engine::new(log.clone());
    let meta = CommandMeta::default().with_idempotency_key("file-1");
    let first = engine
        .execute::<Complaint>(stream(), file_command(COMPLAINT), meta.clone())
        .await
        .unwrap();
    engine
        .execute::<Complaint>(stream(), assign_command(), CommandMeta::default())
        .await
        .unwrap();

    // Deciding again would be `AlreadyExists`; the key answers with the first result.
    let again = engine
        .execute::<Complaint>(stream(), file_command(COMPLAINT), meta)
        .await
        .unwrap();
    assert_eq!(again.replay, Replay::Duplicate);
    assert_eq!(again.attempts, 0);
    assert_eq!(
        (again.position, again.first_position, again.stream_version),
        (first.position, first.first_position, first.stream_version)
    );
    assert_eq!(again.events, first.events);
    assert_eq!(log.head().position, Position(2));

    // Without the key the same command is refused.
    let err = engine
        .execute::<Complaint>(stream(), file_command(COMPLAINT), CommandMeta::default())
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        EngineError::Rejected(ComplaintError::AlreadyExists)
    ));
}

#[tokio::test]
async fn the_same_keyed_command_racing_itself_is_written_once() {
    let (_dir, log) = temp_log();
    let engine = Engine::new(log.clone());
    let meta = CommandMeta::default().with_idempotency_key("file-race");
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let (engine, meta) = (engine.clone(), meta.clone());
            tokio::spawn(async move {
                engine
                    .execute::<Complaint>(stream(), file_command(COMPLAINT), meta)
                    .await
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.unwrap().unwrap());
    }
    let fresh = outcomes
        .iter()
        .filter(|o| o.replay == Replay::Fresh)
        .count();
    assert_eq!(fresh, 1);
    assert!(outcomes
        .iter()
        .all(|o| o.position == Position(1) && o.events.len() == 1));
    assert_eq!(log.head().position, Position(1));
}

#[tokio::test]
async fn a_key_first_used_on_another_stream_is_refused() {
    let (_dir, log) = temp_log();
    let engine = Engine::new(log.clone());
    let meta = CommandMeta::default().with_idempotency_key("reused");
    engine
        .execute::<Complaint>(stream(), file_command(COMPLAINT), meta.clone())
        .await
        .unwrap();
    let other = ComplaintId::from_u128(555);
    let err = engine
        .execute::<Complaint>(StreamName::Complaint(other), file_command(other), meta)
        .await
        .unwrap_err();
    match err {
        EngineError::IdempotencyKeyReused {
            key,
            original_stream,
        } => {
            assert_eq!(key, "reused");
            assert_eq!(original_stream, stream().to_string());
        }
        other => panic!("expected IdempotencyKeyReused, got {other:?}"),
    }
    assert_eq!(log.head().position, Position(1));
}

#[tokio::test]
async fn a_command_that_changes_nothing_writes_nothing() {
    let (_dir, log) = temp_log();
    let engine = Engine::new(log.clone());
    filed_and_assigned(&engine).await;
    let overdue = || {
        ComplaintCommand::MarkOverdue(MarkOverdue {
            deadline: DeadlineKind::Response,
            by: Actor::System,
            at: t(11, 0),
        })
    };
    let first = engine
        .execute::<Complaint>(stream(), overdue(), CommandMeta::default())
        .await
        .unwrap();
    assert_eq!(first.replay, Replay::Fresh);
    let second = engine
        .execute::<Complaint>(stream(), overdue(), CommandMeta::default())
        .await
        .unwrap();
    assert_eq!(second.replay, Replay::Unchanged);
    assert!(second.events.is_empty());
    assert_eq!(second.position, first.position);
    assert_eq!(second.stream_version, StreamVersion(3));
    assert_eq!(log.head().position, Position(3));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tasks_racing_on_one_complaint_all_succeed_and_lose_no_update() {
    let (_dir, log) = temp_log();
    let engine = Engine::new(log.clone()).with_max_attempts(20);
    filed_and_assigned(&engine).await;
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let engine = engine.clone();
            tokio::spawn(async move {
                engine
                    .execute::<Complaint>(
                        stream(),
                        note_command(&format!("note {i}")),
                        CommandMeta::default(),
                    )
                    .await
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap().replay, Replay::Fresh);
    }
    let records = log
        .read_stream(
            &linli_eventlog::StreamId::new(stream().to_string()).unwrap(),
            StreamVersion(1),
            usize::MAX,
        )
        .unwrap();
    assert_eq!(records.len(), 2 + 8);
    // Every note was decided on the state right before it: numbers 1..=8, none repeated.
    let history = engine.load::<Complaint>(stream()).unwrap();
    assert_eq!(history.state.unwrap().note_count, 8);
    let mut numbers: Vec<u32> = records[2..]
        .iter()
        .map(|r| match linli_engine::decode(r).unwrap() {
            linli_engine::AnyEvent::Complaint(_, ComplaintEvent::NoteAdded(n)) => n.number,
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=8).collect::<Vec<_>>());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_commands_that_exclude_each_other_end_in_one_success_and_one_rejection() {
    let (_dir, log) = temp_log();
    let engine = Engine::new(log);
    filed_and_assigned(&engine).await;
    let resolve = ComplaintCommand::Resolve(ResolveComplaint {
        resolution: "修好了".into(),
        media: vec![],
        by: Actor::cadre(CADRE),
        at: t(3, 0),
    });
    let withdraw = ComplaintCommand::Withdraw(WithdrawComplaint {
        reason: None,
        by: Actor::resident(RESIDENT),
        at: t(3, 0),
    });
    let (a, b) = (engine.clone(), engine.clone());
    let resolving = tokio::spawn(async move {
        a.execute::<Complaint>(stream(), resolve, CommandMeta::default())
            .await
    });
    let withdrawing = tokio::spawn(async move {
        b.execute::<Complaint>(stream(), withdraw, CommandMeta::default())
            .await
    });
    let results = [resolving.await.unwrap(), withdrawing.await.unwrap()];
    let ok = results.iter().filter(|r| r.is_ok()).count();
    let rejected = results
        .iter()
        .filter(|r| {
            matches!(
                r,
                Err(EngineError::Rejected(
                    ComplaintError::InvalidTransition { .. }
                ))
            )
        })
        .count();
    assert_eq!((ok, rejected), (1, 1), "{results:?}");
    let status = engine
        .load::<Complaint>(stream())
        .unwrap()
        .state
        .unwrap()
        .status;
    assert!(matches!(
        status,
        ComplaintStatus::Resolved | ComplaintStatus::Withdrawn
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_that_keeps_changing_gives_up_as_contended_and_writes_nothing_for_it() {
    let (_dir, log) = temp_log();
    let engine = Engine::new(log.clone()).with_max_attempts(1);
    filed_and_assigned(&engine).await;
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let engine = engine.clone();
            tokio::spawn(async move {
                engine
                    .execute::<Complaint>(
                        stream(),
                        note_command(&format!("note {i}")),
                        CommandMeta::default(),
                    )
                    .await
            })
        })
        .collect();
    let (mut written, mut contended) = (0u64, 0u64);
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => written += 1,
            Err(EngineError::Contended { attempts: 1, .. }) => contended += 1,
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(written + contended, 16);
    assert!(written >= 1);
    assert!(contended >= 1, "16 simultaneous writers never conflicted");
    assert_eq!(log.head().position, Position(2 + written));
}

#[tokio::test]
async fn the_state_as_of_a_version_a_position_or_a_time_is_reconstructed() {
    let (_dir, log) = temp_log();
    let engine = Engine::new(log.clone());
    // Something else in the log first, so positions and versions differ.
    engine
        .execute::<Complaint>(
            StreamName::Complaint(ComplaintId::from_u128(7)),
            file_command(ComplaintId::from_u128(7)),
            CommandMeta::default(),
        )
        .await
        .unwrap();
    filed_and_assigned(&engine).await;
    engine
        .execute::<Complaint>(
            stream(),
            ComplaintCommand::Accept(AcceptComplaint {
                by: Actor::cadre(CADRE),
                at: t(2, 0),
            }),
            CommandMeta::default(),
        )
        .await
        .unwrap();

    let at_v1 = engine
        .state_at::<Complaint>(stream(), AsOf::Version(StreamVersion(1)))
        .unwrap();
    assert_eq!(at_v1.state.as_ref().unwrap().status, ComplaintStatus::Filed);
    assert_eq!(
        (at_v1.version, at_v1.position),
        (StreamVersion(1), Position(2))
    );

    let at_p3 = engine
        .state_at::<Complaint>(stream(), AsOf::Position(Position(3)))
        .unwrap();
    assert_eq!(at_p3.state.unwrap().status, ComplaintStatus::Assigned);

    let before = engine
        .state_at::<Complaint>(stream(), AsOf::Position(Position(1)))
        .unwrap();
    assert_eq!(before.state, None);
    assert_eq!(before.version, StreamVersion(0));

    let last = log.read_at(Position(4)).unwrap().recorded_at();
    let by_time = engine
        .state_at::<Complaint>(stream(), AsOf::Time(last))
        .unwrap();
    assert_eq!(by_time.state.unwrap().status, ComplaintStatus::InProgress);
    let long_ago = engine
        .state_at::<Complaint>(stream(), AsOf::Time(t(0, 0) - chrono::TimeDelta::days(365)))
        .unwrap();
    assert_eq!(long_ago.state, None);
    assert_eq!(
        engine.load::<Complaint>(stream()).unwrap().version,
        StreamVersion(3)
    );
}

#[tokio::test]
async fn a_retry_after_the_log_was_reopened_still_returns_the_first_result() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log");
    let meta = CommandMeta::default().with_idempotency_key("before-restart");
    let first = {
        let log = linli_eventlog::EventLog::open(linli_eventlog::LogConfig::new(&path)).unwrap();
        let engine = Engine::new(log.clone());
        let outcome = engine
            .execute::<Complaint>(stream(), file_command(COMPLAINT), meta.clone())
            .await
            .unwrap();
        log.close().await;
        outcome
    };
    let log = linli_eventlog::EventLog::open(linli_eventlog::LogConfig::new(&path)).unwrap();
    let engine = Engine::new(log.clone());
    let again = engine
        .execute::<Complaint>(stream(), file_command(COMPLAINT), meta)
        .await
        .unwrap();
    assert_eq!(again.replay, Replay::Duplicate);
    assert_eq!(again.position, first.position);
    assert_eq!(again.events, first.events);
    assert_eq!(log.head().position, Position(1));
}
