//! `Engine::state_at` agrees with folding the stream's events up to the moment, for random
//! histories interleaved with other streams' events and at every position and time.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::DateTime;
use linli_domain::checkpoint::{ChainCheckpoint, CheckpointEvent, RecordCheckpoint};
use linli_domain::{Aggregate, DomainEvent, StreamName};
use linli_engine::{AsOf, CommandMeta, Engine};
use linli_eventlog::{
    Clock, EventLog, ExpectedVersion, LogConfig, Metadata, NewEvent, Position, StreamId,
    StreamVersion,
};
use proptest::prelude::*;

/// A log clock the test moves: every append happens `step` µs after the last.
#[derive(Debug, Default)]
struct SteppedClock(AtomicI64);

impl Clock for SteppedClock {
    fn now_micros(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

#[derive(Debug, Clone)]
enum Step {
    /// Record a checkpoint claiming this head position (the aggregate ignores stale ones).
    Checkpoint(u64),
    /// An event of some other stream in between.
    Noise,
}

fn step() -> impl Strategy<Value = (Step, i64)> {
    (
        prop_oneof![(1u64..40).prop_map(Step::Checkpoint), Just(Step::Noise)],
        // 0: several events share one timestamp, which `AsOf::Time` must include together.
        prop_oneof![Just(0i64), 1i64..5_000_000],
    )
}

/// The oracle: decode the stream's records ourselves and fold those at or before `keep`.
fn folded(
    log: &EventLog,
    keep: impl Fn(&linli_eventlog::RecordedEvent) -> bool,
) -> (u64, Option<u64>, u64) {
    let stream = StreamId::new("checkpoint").unwrap();
    let records = log
        .read_stream(&stream, StreamVersion(1), usize::MAX)
        .unwrap();
    let included: Vec<_> = records.iter().take_while(|r| keep(r)).collect();
    let events: Vec<CheckpointEvent> = included
        .iter()
        .map(|r| CheckpointEvent::from_payload(&r.event_type, &r.payload).unwrap())
        .collect();
    let state = ChainCheckpoint::fold(&events);
    (
        state.count,
        state.last.map(|l| l.position),
        included.last().map_or(0, |r| r.position.0),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn state_at_any_position_or_time_is_the_fold_of_the_stream_prefix(
        steps in prop::collection::vec(step(), 1..30)
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let dir = tempfile::tempdir().unwrap();
            let clock = Arc::new(SteppedClock(AtomicI64::new(1_700_000_000_000_000)));
            let log = EventLog::open(LogConfig::new(dir.path()).with_clock(clock.clone())).unwrap();
            let engine = Engine::new(log.clone());
            let at = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
            for (i, (step, advance)) in steps.iter().enumerate() {
                clock.0.fetch_add(*advance, Ordering::SeqCst);
                match step {
                    Step::Checkpoint(position) => {
                        let command = RecordCheckpoint { position: *position, hash: format!("{i:064x}"), at };
                        engine
                            .execute::<ChainCheckpoint>(StreamName::Checkpoint, command, CommandMeta::default())
                            .await
                            .unwrap();
                    }
                    Step::Noise => {
                        log.append(
                            StreamId::new("noise").unwrap(),
                            ExpectedVersion::Any,
                            vec![NewEvent::new("test.noise", 1, b"{}".to_vec())],
                            Metadata::default(),
                        )
                        .await
                        .unwrap();
                    }
                }
            }
            let head = log.head().position.0;
            for p in 0..=head + 1 {
                let at = engine.state_at::<ChainCheckpoint>(StreamName::Checkpoint, AsOf::Position(Position(p))).unwrap();
                let (count, last, position) = folded(&log, |r| r.position.0 <= p);
                prop_assert_eq!(at.state.count, count);
                prop_assert_eq!(at.state.last.map(|l| l.position), last);
                prop_assert_eq!(at.position.0, position);
                prop_assert_eq!(at.version.0, count);
            }
            // Every recorded time, and a moment just before each.
            let times: Vec<i64> = log.scan(Position::FIRST).map(|r| r.unwrap().recorded_at_micros).collect();
            for micros in times.iter().flat_map(|t| [*t - 1, *t]) {
                let moment = DateTime::from_timestamp_micros(micros).unwrap();
                let at = engine.state_at::<ChainCheckpoint>(StreamName::Checkpoint, AsOf::Time(moment)).unwrap();
                let (count, last, position) = folded(&log, |r| r.recorded_at_micros <= micros);
                prop_assert_eq!(at.state.count, count);
                prop_assert_eq!(at.state.last.map(|l| l.position), last);
                prop_assert_eq!(at.position.0, position);
            }
            log.close().await;
            Ok(())
        })?;
    }
}
