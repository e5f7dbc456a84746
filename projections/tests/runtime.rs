//! The projection runtime with a toy projection over raw records: catch-up, live follow,
//! read-your-writes, restarts, version bumps, rebuilds and undecodable events.

mod common;

use std::time::Duration;

use common::*;
use linli_eventlog::{EventLog, Position};
use linli_projections::{
    Build, Generation, ProjectionError, ProjectionVersion, Projector, RawDecoder, RuntimeConfig,
    REGISTRY_TREE,
};

fn small_batches() -> RuntimeConfig {
    RuntimeConfig::uniform(7)
}

fn projection_tree_names(log: &EventLog) -> Vec<String> {
    let mut names: Vec<String> = log
        .database()
        .tree_names()
        .into_iter()
        .map(|n| String::from_utf8_lossy(&n).into_owned())
        .filter(|n| n.starts_with("projection/toy_counter/"))
        .collect();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_projection_catches_up_from_the_log_and_then_follows_live_appends() {
    let (_dir, log) = temp_log();
    append_raw(&log, "a", "x", 40).await;
    let projector =
        Projector::start(&log, RawDecoder, vec![counter_spec(1)], small_batches()).unwrap();
    let serving = projector.serving(COUNTER_ID).unwrap();
    serving.wait_for(Position(40), WAIT).await.unwrap();
    assert_eq!(stream_count(&serving.tree(), "a"), 40);
    let last = append_raw(&log, "b", "y", 5).await;
    serving.wait_for(last, WAIT).await.unwrap();
    assert_eq!(stream_count(&serving.tree(), "b"), 5);
    assert_eq!(type_count(&serving.tree(), "x"), 40);
    assert_eq!(serving.checkpoint(), Position(45));
    projector.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wait_for_returns_once_the_position_is_reached_and_times_out_otherwise() {
    let (_dir, log) = temp_log();
    let projector = Projector::start(
        &log,
        RawDecoder,
        vec![counter_spec(1)],
        RuntimeConfig::default(),
    )
    .unwrap();
    let pending = {
        let serving = projector.serving(COUNTER_ID).unwrap();
        tokio::spawn(async move { serving.wait_for(Position(3), WAIT).await })
    };
    let last = append_raw(&log, "a", "x", 3).await;
    assert_eq!(pending.await.unwrap().unwrap(), last);
    projector.wait_for(last, WAIT).await.unwrap();
    match projector
        .wait_for(Position(4), Duration::from_millis(100))
        .await
    {
        Err(ProjectionError::Timeout {
            target, reached, ..
        }) => {
            assert_eq!(target, Position(4));
            assert_eq!(reached, Position(3));
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    projector.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_resumes_from_the_checkpoint_without_applying_anything_twice() {
    let (_dir, log) = temp_log();
    append_raw(&log, "a", "x", 30).await;
    for round in 0..3u64 {
        let projector =
            Projector::start(&log, RawDecoder, vec![counter_spec(1)], small_batches()).unwrap();
        let serving = projector.serving(COUNTER_ID).unwrap();
        let head = log.head().position;
        serving.wait_for(head, WAIT).await.unwrap();
        assert_eq!(stream_count(&serving.tree(), "a"), 30 + round * 10);
        assert_eq!(type_count(&serving.tree(), "x"), 30 + round * 10);
        projector.shutdown().await;
        append_raw(&log, "a", "x", 10).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_version_bump_rebuilds_into_fresh_trees_and_swaps_when_caught_up() {
    let (_dir, log) = temp_log();
    let last = append_raw(&log, "a", "x", 50).await;
    let v1 = Projector::start(&log, RawDecoder, vec![counter_spec(1)], small_batches()).unwrap();
    v1.wait_for(last, WAIT).await.unwrap();
    let before = v1.serving(COUNTER_ID).unwrap().dump().unwrap();
    v1.shutdown().await;
    assert_eq!(
        projection_tree_names(&log),
        ["projection/toy_counter/v1/g0"]
    );

    let v2 = Projector::start(&log, RawDecoder, vec![counter_spec(2)], small_batches()).unwrap();
    let serving = v2.serving(COUNTER_ID).unwrap();
    // Until the swap, the v1 build serves (frozen at its checkpoint).
    let progress = serving.progress();
    assert!(
        progress.build.version == ProjectionVersion(1)
            || progress.build.version == ProjectionVersion(2)
    );
    let more = append_raw(&log, "b", "y", 3).await;
    serving.wait_for(more, WAIT).await.unwrap();
    let progress = serving.progress();
    assert_eq!(
        progress.build,
        Build {
            version: ProjectionVersion(2),
            generation: Generation(1)
        }
    );
    assert_eq!(stream_count(&serving.tree(), "a"), 50);
    assert_eq!(stream_count(&serving.tree(), "b"), 3);
    assert_eq!(
        projection_tree_names(&log),
        ["projection/toy_counter/v2/g1"]
    );
    let registry = log.database().open_tree(REGISTRY_TREE).unwrap();
    assert_eq!(
        Build::from_bytes(&registry.get(COUNTER_ID).unwrap().unwrap()),
        Some(progress.build)
    );
    // Same contents as v1 plus the three new events.
    let after = serving.dump().unwrap();
    assert!(after.len() > before.len());
    v2.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rebuild_builds_a_fresh_copy_while_the_old_one_serves_and_then_swaps_it_in() {
    let (_dir, log) = temp_log();
    let last = append_raw(&log, "a", "x", 200).await;
    let projector =
        Projector::start(&log, RawDecoder, vec![counter_spec(1)], small_batches()).unwrap();
    let serving = projector.serving(COUNTER_ID).unwrap();
    serving.wait_for(last, WAIT).await.unwrap();
    let before = serving.dump().unwrap();
    let writer = {
        let log = log.clone();
        tokio::spawn(async move { append_raw(&log, "live", "z", 20).await })
    };
    projector.rebuild(COUNTER_ID).await.unwrap();
    let live_last = writer.await.unwrap();
    serving.wait_for(live_last, WAIT).await.unwrap();
    assert_eq!(serving.progress().build.generation, Generation(1));
    assert_eq!(
        projection_tree_names(&log),
        ["projection/toy_counter/v1/g1"]
    );
    assert_eq!(stream_count(&serving.tree(), "a"), 200);
    assert_eq!(stream_count(&serving.tree(), "live"), 20);
    assert_eq!(type_count(&serving.tree(), "x"), 200);
    // Without the live appends, the rebuilt tree holds what the old one held.
    let after: Vec<_> = serving
        .dump()
        .unwrap()
        .into_iter()
        .filter(|(k, _)| {
            !k.starts_with(b"\x01live") && !k.starts_with(b"\x03z") && !k.starts_with(b"\x00")
        })
        .filter(|(k, _)| !(k[0] == 2 && u64::from_be_bytes(k[1..9].try_into().unwrap()) > 200))
        .collect();
    let before: Vec<_> = before.into_iter().filter(|(k, _)| k[0] != 0).collect();
    assert_eq!(after, before);
    projector.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_undecodable_event_stops_the_projection_with_an_error_naming_its_position() {
    let (_dir, log) = temp_log();
    append_raw(&log, "a", "x", 10).await;
    let bad = append_raw(&log, "a", "bad", 1).await;
    append_raw(&log, "a", "x", 10).await;
    let projector =
        Projector::start(&log, PickyDecoder, vec![counter_spec(1)], small_batches()).unwrap();
    let serving = projector.serving(COUNTER_ID).unwrap();
    let error = serving.wait_for(Position(21), WAIT).await.unwrap_err();
    let ProjectionError::Stopped {
        reason, checkpoint, ..
    } = &error
    else {
        panic!("expected Stopped, got {error:?}");
    };
    assert!(
        reason.contains(&format!("position {bad}")) && reason.contains("bad"),
        "{reason}"
    );
    // Everything before the bad event was applied, nothing after it.
    assert!(checkpoint.0 < bad.0);
    assert!(stream_count(&serving.tree(), "a") < 11);
    assert!(serving.progress().failure.is_some());
    projector.shutdown().await;
}
