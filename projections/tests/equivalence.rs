//! Property: read models built incrementally — applied while the history is appended, in
//! random batch sizes, with restarts in between — hold exactly what a rebuild from scratch
//! holds, key for key.

mod common;

use common::scenario;
use common::scenario::{append, Step, World};
use common::*;
use linli_projections::models::dashboard::MinSample;
use linli_projections::{all_specs, DomainDecoder, Projector, ReadModels, RuntimeConfig};
use proptest::prelude::*;

async fn check(steps: Vec<Step>, restarts: Vec<usize>, batch_events: usize) {
    let (_dir, log) = temp_log();
    let config = RuntimeConfig::uniform(batch_events);
    let mut world = World::default();
    let mut projector = Projector::start(&log, DomainDecoder, all_specs(), config).unwrap();
    for (i, step) in steps.iter().enumerate() {
        if let Some(events) = world.step(*step) {
            append(&log, events).await;
        }
        if restarts.contains(&i) {
            projector.shutdown().await;
            projector = Projector::start(&log, DomainDecoder, all_specs(), config).unwrap();
        }
    }
    let head = log.head().position;
    projector.wait_for(head, WAIT).await.unwrap();
    let incremental = dump_all(&projector);
    let types = scenario::event_types(&log);
    let models = ReadModels::new(&projector).unwrap();
    let view = models.dashboard.overview(MinSample::default()).unwrap();
    assert_eq!(
        view.filed as usize,
        types.get("complaint.filed").copied().unwrap_or(0),
        "every filing counted once"
    );
    projector.shutdown().await;

    // From scratch, with the default batch size, in fresh trees.
    let projector =
        Projector::start(&log, DomainDecoder, all_specs(), RuntimeConfig::default()).unwrap();
    for id in projector.ids() {
        projector.rebuild(id.as_str()).await.unwrap();
    }
    projector.wait_for(head, WAIT).await.unwrap();
    let rebuilt = dump_all(&projector);
    for (id, tree) in &incremental {
        assert_eq!(
            tree, &rebuilt[id],
            "projection {id} differs from its rebuild"
        );
    }
    projector.shutdown().await;
}

proptest! {
    // 24 cases by default (each opens a store and rebuilds it); PROPTEST_CASES for more.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24),
        ..ProptestConfig::default()
    })]

    #[test]
    fn projections_built_incrementally_with_restarts_equal_the_same_projections_rebuilt_from_scratch(
        steps in proptest::collection::vec(any::<(u8, u8, u16)>(), 1..160),
        restarts in proptest::collection::vec(0usize..160, 0..4),
        batch_events in 1usize..40,
    ) {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(check(steps, restarts, batch_events));
    }
}
