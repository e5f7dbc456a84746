//! Model-based property test (in the style of sled's own): random sequences of appends
//! (with and without expected versions and idempotency keys), reads, and close/reopen
//! behave exactly like an in-memory model.

mod common;

use std::collections::HashMap;

use linli_eventlog::{
    AppendError, EventLog, ExpectedVersion, Metadata, NewEvent, Position, Replay, StreamId,
    StreamVersion,
};
use proptest::prelude::*;

const STREAMS: [&str; 4] = ["s-a", "s-b", "s-ab", "complaint-1"];

#[derive(Debug, Clone)]
enum Expect {
    Any,
    NoStream,
    /// The model's current version plus this offset (0 = correct, else a conflict).
    Current(i8),
}

#[derive(Debug, Clone)]
enum Op {
    Append {
        stream: usize,
        expect: Expect,
        payloads: Vec<Vec<u8>>,
        key: Option<u8>,
    },
    ReadStream {
        stream: usize,
        from: u64,
        max: usize,
    },
    ReadAll {
        from: u64,
        max: usize,
    },
    Backward {
        stream: usize,
        count: usize,
    },
    Reopen,
}

fn op() -> impl Strategy<Value = Op> {
    let expect = prop_oneof![
        Just(Expect::Any),
        Just(Expect::NoStream),
        (-1i8..=1).prop_map(Expect::Current),
    ];
    prop_oneof![
        6 => (0..STREAMS.len(), expect, prop::collection::vec(prop::collection::vec(any::<u8>(), 0..40), 1..4), prop::option::of(0u8..6))
            .prop_map(|(stream, expect, payloads, key)| Op::Append { stream, expect, payloads, key }),
        2 => (0..STREAMS.len(), 0u64..6, 0usize..6).prop_map(|(stream, from, max)| Op::ReadStream { stream, from, max }),
        2 => (0u64..20, 0usize..25).prop_map(|(from, max)| Op::ReadAll { from, max }),
        1 => (0..STREAMS.len(), 0usize..5).prop_map(|(stream, count)| Op::Backward { stream, count }),
        1 => Just(Op::Reopen),
    ]
}

/// The model: the whole log as a vector, and what each idempotency key returned.
#[derive(Default)]
struct Model {
    /// (stream, version, payload), index = position - 1.
    log: Vec<(usize, u64, Vec<u8>)>,
    outcomes: HashMap<u8, (u64, u64, u64)>,
}

impl Model {
    fn version(&self, stream: usize) -> u64 {
        self.log.iter().filter(|(s, _, _)| *s == stream).count() as u64
    }
}

fn sid(index: usize) -> StreamId {
    StreamId::new(STREAMS[index]).unwrap()
}

async fn run(ops: Vec<Op>) {
    let dir = tempfile::tempdir().unwrap();
    let mut log = EventLog::open(common::config(dir.path())).unwrap();
    let mut model = Model::default();
    for op in ops {
        match op {
            Op::Append {
                stream,
                expect,
                payloads,
                key,
            } => {
                let current = model.version(stream);
                let expected = match expect {
                    Expect::Any => ExpectedVersion::Any,
                    Expect::NoStream => ExpectedVersion::NoStream,
                    Expect::Current(offset) => ExpectedVersion::Exact(StreamVersion(
                        (current as i64 + offset as i64).max(0) as u64,
                    )),
                };
                let metadata = Metadata {
                    idempotency_key: key.map(|k| format!("key-{k}")),
                    actor: Some("tester".into()),
                    ..Metadata::default()
                };
                let events = payloads
                    .iter()
                    .map(|p| NewEvent::new("model.event", 1, p.clone()))
                    .collect();
                let result = log.append(sid(stream), expected, events, metadata).await;
                if let Some(stored) = key.and_then(|k| model.outcomes.get(&k)) {
                    let outcome = result.expect("a replayed key never fails");
                    assert_eq!(outcome.replay, Replay::Duplicate);
                    assert_eq!(
                        (
                            outcome.first_position.0,
                            outcome.last_position.0,
                            outcome.stream_version.0
                        ),
                        *stored
                    );
                    continue;
                }
                let admitted = match expected {
                    ExpectedVersion::Any => true,
                    ExpectedVersion::NoStream => current == 0,
                    ExpectedVersion::Exact(v) => v.0 == current,
                };
                if admitted {
                    let outcome = result.expect("admitted append succeeds");
                    let first = model.log.len() as u64 + 1;
                    for (i, payload) in payloads.into_iter().enumerate() {
                        model.log.push((stream, current + 1 + i as u64, payload));
                    }
                    let last = model.log.len() as u64;
                    assert_eq!(outcome.replay, Replay::Fresh);
                    assert_eq!(
                        (outcome.first_position.0, outcome.last_position.0),
                        (first, last)
                    );
                    assert_eq!(outcome.stream_version.0, model.version(stream));
                    if let Some(k) = key {
                        model
                            .outcomes
                            .insert(k, (first, last, model.version(stream)));
                    }
                } else {
                    match result {
                        Err(AppendError::Conflict { actual, .. }) => assert_eq!(actual.0, current),
                        other => panic!("expected a conflict, got {other:?}"),
                    }
                }
            }
            Op::ReadStream { stream, from, max } => {
                let got = log
                    .read_stream(&sid(stream), StreamVersion(from), max)
                    .unwrap();
                let want: Vec<_> = model
                    .log
                    .iter()
                    .enumerate()
                    .filter(|(_, (s, v, _))| *s == stream && *v >= from.max(1))
                    .take(max)
                    .map(|(i, (_, v, p))| (i as u64 + 1, *v, p.clone()))
                    .collect();
                let got: Vec<_> = got
                    .into_iter()
                    .map(|r| (r.position.0, r.version.0, r.payload))
                    .collect();
                assert_eq!(got, want);
            }
            Op::ReadAll { from, max } => {
                let got = log.read_all(Position(from), max).unwrap();
                let start = from.max(1) as usize - 1;
                let want: Vec<_> = model
                    .log
                    .iter()
                    .enumerate()
                    .skip(start)
                    .take(max)
                    .map(|(i, (s, v, p))| (i as u64 + 1, STREAMS[*s].to_owned(), *v, p.clone()))
                    .collect();
                let got: Vec<_> = got
                    .into_iter()
                    .map(|r| (r.position.0, r.stream.to_string(), r.version.0, r.payload))
                    .collect();
                assert_eq!(got, want);
            }
            Op::Backward { stream, count } => {
                let got = log.read_stream_backward(&sid(stream), count).unwrap();
                let want: Vec<u64> = model
                    .log
                    .iter()
                    .filter(|(s, _, _)| *s == stream)
                    .rev()
                    .take(count)
                    .map(|(_, v, _)| *v)
                    .collect();
                assert_eq!(got.iter().map(|r| r.version.0).collect::<Vec<_>>(), want);
            }
            Op::Reopen => {
                log.close().await;
                drop(log);
                log = EventLog::open(common::config(dir.path())).unwrap();
            }
        }
        assert_eq!(log.head().position.0, model.log.len() as u64);
        for (index, _) in STREAMS.iter().enumerate() {
            assert_eq!(
                log.stream_version(&sid(index)).unwrap().0,
                model.version(index)
            );
        }
    }
    let report = log.verify().unwrap();
    assert_eq!(report.events, model.log.len() as u64);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn the_log_behaves_like_an_in_memory_model(ops in prop::collection::vec(op(), 1..40)) {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(run(ops));
    }
}
