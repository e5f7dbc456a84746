//! Appends, expected versions, idempotency and reads, one behaviour per test.

mod common;

use common::{event, fill, stream, temp_log};
use linli_eventlog::{
    AppendError, EventLog, ExpectedVersion, Metadata, NewEvent, Position, Replay, StreamVersion,
};

#[tokio::test]
async fn first_append_gets_position_one_and_version_one() {
    let (_dir, log) = temp_log();
    let outcome = log
        .append(
            stream("a"),
            ExpectedVersion::NoStream,
            vec![event("{}")],
            Metadata::default(),
        )
        .await
        .unwrap();
    assert_eq!(outcome.first_position, Position(1));
    assert_eq!(outcome.last_position, Position(1));
    assert_eq!(outcome.stream_version, StreamVersion(1));
    assert_eq!(outcome.replay, Replay::Fresh);
    assert_eq!(log.head().position, Position(1));
}

#[tokio::test]
async fn events_of_one_append_get_consecutive_positions_and_versions() {
    let (_dir, log) = temp_log();
    fill(&log, "other", 2).await;
    let outcome = log
        .append(
            stream("a"),
            ExpectedVersion::Any,
            vec![event("1"), event("2"), event("3")],
            Metadata::default(),
        )
        .await
        .unwrap();
    assert_eq!(
        (outcome.first_position, outcome.last_position),
        (Position(3), Position(5))
    );
    let read = log.read_stream(&stream("a"), StreamVersion(1), 10).unwrap();
    let versions: Vec<u64> = read.iter().map(|r| r.version.0).collect();
    assert_eq!(versions, vec![1, 2, 3]);
}

#[tokio::test]
async fn wrong_expected_version_is_a_conflict_carrying_the_actual_version_and_writes_nothing() {
    let (_dir, log) = temp_log();
    fill(&log, "a", 2).await;
    let err = log
        .append(
            stream("a"),
            ExpectedVersion::Exact(StreamVersion(1)),
            vec![event("late")],
            Metadata::default(),
        )
        .await
        .unwrap_err();
    match err {
        AppendError::Conflict { actual, .. } => assert_eq!(actual, StreamVersion(2)),
        other => panic!("expected a conflict, got {other:?}"),
    }
    let err = log
        .append(
            stream("a"),
            ExpectedVersion::NoStream,
            vec![event("x")],
            Metadata::default(),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, AppendError::Conflict { .. }));
    assert_eq!(log.head().position, Position(2));
}

#[tokio::test]
async fn a_repeated_idempotency_key_returns_the_original_positions_and_writes_nothing() {
    let (_dir, log) = temp_log();
    let metadata = Metadata {
        idempotency_key: Some("file-complaint-42".into()),
        ..Metadata::default()
    };
    let first = log
        .append(
            stream("a"),
            ExpectedVersion::NoStream,
            vec![event("1"), event("2")],
            metadata.clone(),
        )
        .await
        .unwrap();
    fill(&log, "b", 1).await;
    // Even with an expectation that would now conflict, the retry gets the first result.
    let again = log
        .append(
            stream("a"),
            ExpectedVersion::NoStream,
            vec![event("1"), event("2")],
            metadata,
        )
        .await
        .unwrap();
    assert_eq!(again.replay, Replay::Duplicate);
    assert_eq!(
        (
            again.first_position,
            again.last_position,
            again.stream_version
        ),
        (
            first.first_position,
            first.last_position,
            first.stream_version
        )
    );
    assert_eq!(log.head().position, Position(3));
}

#[tokio::test]
async fn idempotency_key_repeated_within_one_batch_is_written_once() {
    let (_dir, log) = temp_log();
    let metadata = Metadata {
        idempotency_key: Some("same".into()),
        ..Metadata::default()
    };
    let appends = (0..8).map(|_| {
        let log = log.clone();
        let metadata = metadata.clone();
        tokio::spawn(async move {
            log.append(
                stream("a"),
                ExpectedVersion::Any,
                vec![event("x")],
                metadata,
            )
            .await
            .unwrap()
        })
    });
    let outcomes = futures_join(appends).await;
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| o.replay == Replay::Fresh)
            .count(),
        1
    );
    assert!(outcomes.iter().all(|o| o.first_position == Position(1)));
    assert_eq!(log.head().position, Position(1));
}

async fn futures_join<T: Send + 'static>(
    handles: impl Iterator<Item = tokio::task::JoinHandle<T>>,
) -> Vec<T> {
    let mut out = Vec::new();
    for handle in handles {
        out.push(handle.await.unwrap());
    }
    out
}

#[tokio::test]
async fn invalid_requests_are_refused_before_the_writer() {
    let (_dir, log) = temp_log();
    let empty = log
        .append(
            stream("a"),
            ExpectedVersion::Any,
            vec![],
            Metadata::default(),
        )
        .await;
    assert!(matches!(empty, Err(AppendError::Invalid(_))));
    let huge = log
        .append(
            stream("a"),
            ExpectedVersion::Any,
            vec![NewEvent::new(
                "t",
                1,
                vec![0; linli_eventlog::MAX_PAYLOAD_LEN + 1],
            )],
            Metadata::default(),
        )
        .await;
    assert!(matches!(huge, Err(AppendError::Invalid(_))));
    assert!(linli_eventlog::StreamId::new("").is_err());
    assert!(linli_eventlog::StreamId::new("a\nb").is_err());
    assert_eq!(log.head().position, Position(0));
}

#[tokio::test]
async fn backward_read_returns_the_latest_events_newest_first() {
    let (_dir, log) = temp_log();
    fill(&log, "a", 5).await;
    let last_two = log.read_stream_backward(&stream("a"), 2).unwrap();
    let versions: Vec<u64> = last_two.iter().map(|r| r.version.0).collect();
    assert_eq!(versions, vec![5, 4]);
}

#[tokio::test]
async fn streams_with_prefix_names_do_not_mix() {
    let (_dir, log) = temp_log();
    fill(&log, "a", 2).await;
    fill(&log, "ab", 3).await;
    assert_eq!(
        log.read_stream(&stream("a"), StreamVersion(1), 100)
            .unwrap()
            .len(),
        2
    );
    assert_eq!(log.stream_version(&stream("ab")).unwrap(), StreamVersion(3));
    assert_eq!(
        log.stream_version(&stream("nope")).unwrap(),
        StreamVersion(0)
    );
}

#[tokio::test]
async fn recorded_time_never_goes_backwards_even_if_the_clock_does() {
    #[derive(Debug)]
    struct Backwards(std::sync::atomic::AtomicI64);
    impl linli_eventlog::Clock for Backwards {
        fn now_micros(&self) -> i64 {
            self.0
                .fetch_sub(1_000_000, std::sync::atomic::Ordering::SeqCst)
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let clock = std::sync::Arc::new(Backwards(std::sync::atomic::AtomicI64::new(
        2_000_000_000_000_000,
    )));
    let log = EventLog::open(common::config(dir.path()).with_clock(clock)).unwrap();
    fill(&log, "a", 3).await;
    let all = log.read_all(Position(1), 10).unwrap();
    assert!(all
        .windows(2)
        .all(|w| w[0].recorded_at_micros <= w[1].recorded_at_micros));
}

#[tokio::test]
async fn appends_after_close_fail_and_reopen_continues_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let log = EventLog::open(common::config(dir.path())).unwrap();
    fill(&log, "a", 3).await;
    let head = log.head();
    log.close().await;
    let after = log
        .append(
            stream("a"),
            ExpectedVersion::Any,
            vec![event("x")],
            Metadata::default(),
        )
        .await;
    assert!(matches!(after, Err(AppendError::Closed)));
    drop(log);
    let log = EventLog::open(common::config(dir.path())).unwrap();
    assert_eq!(log.head(), head);
    fill(&log, "a", 1).await;
    let fourth = log.read_at(Position(4)).unwrap();
    assert_eq!(fourth.prev_hash, head.hash);
    assert_eq!(fourth.version, StreamVersion(4));
    log.verify().unwrap();
}
