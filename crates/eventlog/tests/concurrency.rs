//! Many tasks racing at the same expected version: exactly one wins per version.

mod common;

use std::sync::Arc;

use common::{event, stream, temp_log};
use linli_eventlog::{AppendError, ExpectedVersion, Metadata, Position, StreamVersion};
use tokio::sync::Barrier;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racers_at_the_same_expected_version_have_exactly_one_winner_and_no_gaps() {
    let (_dir, log) = temp_log();
    const RACERS: usize = 16;
    const ROUNDS: u64 = 25;
    for round in 0..ROUNDS {
        let barrier = Arc::new(Barrier::new(RACERS));
        let mut handles = Vec::new();
        for racer in 0..RACERS {
            let log = log.clone();
            let barrier = barrier.clone();
            handles.push(tokio::spawn(async move {
                let expected = if round == 0 {
                    ExpectedVersion::NoStream
                } else {
                    ExpectedVersion::Exact(StreamVersion(round))
                };
                barrier.wait().await;
                log.append(
                    stream("contended"),
                    expected,
                    vec![event(&format!("{round}-{racer}"))],
                    Metadata::default(),
                )
                .await
            }));
        }
        let mut winners = 0;
        for handle in handles {
            match handle.await.unwrap() {
                Ok(outcome) => {
                    winners += 1;
                    assert_eq!(outcome.stream_version, StreamVersion(round + 1));
                }
                Err(AppendError::Conflict { actual, .. }) => {
                    assert_eq!(actual, StreamVersion(round + 1))
                }
                Err(other) => panic!("unexpected error {other:?}"),
            }
        }
        assert_eq!(winners, 1, "round {round}");
    }
    let all = log.read_all(Position(1), 1000).unwrap();
    let positions: Vec<u64> = all.iter().map(|r| r.position.0).collect();
    assert_eq!(positions, (1..=ROUNDS).collect::<Vec<_>>());
    log.verify().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_to_distinct_streams_leave_gapless_positions() {
    let (_dir, log) = temp_log();
    let mut handles = Vec::new();
    for writer in 0..32 {
        let log = log.clone();
        handles.push(tokio::spawn(async move {
            let mut positions = Vec::new();
            for i in 0..20 {
                let outcome = log
                    .append(
                        stream(&format!("w-{writer}")),
                        ExpectedVersion::Exact(StreamVersion(i)),
                        vec![event("x")],
                        Metadata::default(),
                    )
                    .await
                    .unwrap();
                positions.push(outcome.first_position.0);
            }
            positions
        }));
    }
    let mut seen = Vec::new();
    for handle in handles {
        seen.extend(handle.await.unwrap());
    }
    seen.sort_unstable();
    assert_eq!(seen, (1..=640).collect::<Vec<u64>>());
    assert_eq!(log.verify().unwrap().streams, 32);
}
