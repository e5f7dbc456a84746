//! Subscribers see every event exactly once, in order, across the catch-up/live switch.

mod common;

use common::{event, fill, stream, temp_log};
use linli_eventlog::{ExpectedVersion, Metadata, Position};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn subscriber_started_during_appends_sees_every_event_exactly_once_in_order() {
    let (_dir, log) = temp_log();
    fill(&log, "before", 300).await;
    const WRITERS: usize = 8;
    const EACH: usize = 150;
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let log = log.clone();
        writers.push(tokio::spawn(async move {
            for i in 0..EACH {
                log.append(
                    stream(&format!("live-{w}")),
                    ExpectedVersion::Any,
                    vec![event(&i.to_string())],
                    Metadata::default(),
                )
                .await
                .unwrap();
            }
        }));
    }
    // Start two subscribers while the writers are running: one from the beginning, one
    // from the middle of the already-written part.
    tokio::task::yield_now().await;
    let total = 300 + (WRITERS * EACH) as u64;
    let mut from_start = log.subscribe(Position(1));
    let mut from_middle = log.subscribe(Position(150));
    let reader = tokio::spawn(async move {
        let mut seen = Vec::new();
        while (seen.len() as u64) < total {
            seen.push(from_start.next().await.unwrap().unwrap().position.0);
        }
        seen
    });
    let reader_middle = tokio::spawn(async move {
        let mut seen = Vec::new();
        while (seen.len() as u64) < total - 149 {
            seen.push(from_middle.next().await.unwrap().unwrap().position.0);
        }
        seen
    });
    for writer in writers {
        writer.await.unwrap();
    }
    let seen = tokio::time::timeout(std::time::Duration::from_secs(60), reader)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(seen, (1..=total).collect::<Vec<_>>());
    let seen = tokio::time::timeout(std::time::Duration::from_secs(60), reader_middle)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(seen, (150..=total).collect::<Vec<_>>());
}

#[tokio::test]
async fn subscription_ends_after_delivering_everything_when_the_log_closes() {
    let (_dir, log) = temp_log();
    fill(&log, "a", 5).await;
    let mut subscription = log.subscribe(Position(1));
    log.close().await;
    let mut count = 0;
    while let Some(event) = subscription.next().await {
        event.unwrap();
        count += 1;
    }
    assert_eq!(count, 5);
}
