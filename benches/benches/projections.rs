//! Rebuild throughput of every complaint projection (progress, cadre queues, dashboard)
//! from a log of ~1,000,000 events over ~150,000 complaints.
//!
//! The log is built once per invocation with multi-event appends from 64 concurrent
//! writers: each complaint's life is three appends (filed+assigned; accepted+notes;
//! resolved+rated+confirmed or withdrawn), and the three parts of a complaint land in three
//! successive waves of 2,000 complaints, shuffled within the wave, so a complaint's events
//! are spread over ~30,000 positions as they would be in a live log. Then each run drops the
//! projection trees and starts the runtime, which rebuilds all three in one pass (one decode
//! per event), timed until every projection has reached the head.
//!
//! Also timed, to show where the time goes: a checked scan of the log alone, and scan plus
//! decode (the engine codec) without projecting.
//!
//! Each figure is the median of `LINLI_BENCH_RUNS` runs (default 3). Stores live under
//! `target/bench-tmp`. `LINLI_BENCH_EVENTS` changes the log size (default 1,000,000),
//! `LINLI_BENCH_CATCH_UP_BATCH` the runtime's catch-up batch (default 20,000, the runtime's
//! default) and `LINLI_BENCH_CACHE_MB` sled's cache (default 64, the log's default).
//!
//! Run: `cargo bench -p linli-benches --bench projections`
#![allow(clippy::print_stdout)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use linli_domain::complaint::*;
use linli_domain::{Actor, ComplaintId, JurisdictionCode, StreamName, UserId};
use linli_eventlog::{
    EventLog, ExpectedVersion, LogConfig, Metadata, NewEvent, Position, StreamId,
};
use linli_projections::{complaint_specs, Decoder, DomainDecoder, Projector, RuntimeConfig};
use tokio::sync::Mutex;

const COMPLAINTS_PER_WAVE: usize = 2_000;
const WRITERS: usize = 64;
const CADRES: u64 = 400;
const RESIDENTS: u64 = 60_000;

fn bench_dir() -> tempfile::TempDir {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-tmp");
    std::fs::create_dir_all(&root).expect("bench dir");
    tempfile::tempdir_in(root).expect("temp dir")
}

/// xorshift64*: deterministic, fast, good enough for picking workloads.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// One append: a stream and its events.
type Append = (StreamId, Vec<NewEvent>);

/// The three parts of one complaint's life.
struct Life {
    parts: [Vec<ComplaintEvent>; 3],
    id: ComplaintId,
}

const TEXT: &str = "小区3号楼东侧路灯不亮已经一周，晚上出行不便，老人孩子容易摔倒，请尽快处理";

fn villages() -> Vec<JurisdictionCode> {
    (1..=40u64)
        .flat_map(|t| (1..=10u64).map(move |v| 330_106_000_000 + t * 1_000 + v))
        .map(|division| JurisdictionCode::new(division, None).expect("valid code"))
        .collect()
}

fn life(rng: &mut Rng, n: u64, start: DateTime<Utc>, places: &[JurisdictionCode]) -> Life {
    let id = ComplaintId::from_u128(0xC0_0000_0000 + u128::from(n));
    let resident = UserId::from_u128(0x1_0000 + u128::from(rng.below(RESIDENTS)));
    let cadre = UserId::from_u128(0x2_0000 + u128::from(rng.below(CADRES)));
    let place = places[rng.below(places.len() as u64) as usize];
    let filed_at = start + TimeDelta::seconds(rng.below(90 * 86_400) as i64);
    let minutes = |rng: &mut Rng, max: u64| TimeDelta::minutes(1 + rng.below(max) as i64);
    let mut at = filed_at;
    let mut a = vec![
        ComplaintEvent::Filed(ComplaintFiled {
            complaint_id: id,
            resident,
            category: Category::ALL[rng.below(7) as usize],
            occurred_at: filed_at - TimeDelta::hours(2),
            address: "翠苑街道文一路100号3幢".into(),
            point: None,
            jurisdiction: rng.chance(30).then_some(place),
            description: TEXT.into(),
            media: vec![],
            voice_note: None,
            anonymity: if rng.chance(10) {
                Anonymity::Anonymous
            } else {
                Anonymity::Named
            },
            visibility: Visibility::Private,
            filed_at,
        }),
        ComplaintEvent::Assigned(ComplaintAssigned {
            assignment: Assignment {
                cadre: Some(cadre),
                jurisdiction: place,
                basis: RoutingBasis::AddressText,
                response_due_at: filed_at + TimeDelta::hours(4),
                resolution_due_at: filed_at + TimeDelta::days(5),
            },
            by: Actor::System,
            at: filed_at,
        }),
    ];
    let mut b = Vec::new();
    let mut c = Vec::new();
    if rng.chance(4) {
        at += minutes(rng, 600);
        a.push(ComplaintEvent::Withdrawn(ComplaintWithdrawn {
            reason: None,
            at,
        }));
        return Life {
            parts: [a, b, c],
            id,
        };
    }
    at += minutes(rng, 240);
    b.push(ComplaintEvent::Accepted(ComplaintAccepted { cadre, at }));
    for number in 1..=rng.below(4) as u32 {
        at += minutes(rng, 1_440);
        b.push(ComplaintEvent::NoteAdded(NoteAdded {
            number,
            author: Actor::cadre(cadre),
            text: "已联系物业，明天上门查看".into(),
            media: vec![],
            visibility: if rng.chance(50) {
                NoteVisibility::Shared
            } else {
                NoteVisibility::Internal
            },
            at,
        }));
    }
    if rng.chance(92) {
        at += minutes(rng, 4_000);
        c.push(ComplaintEvent::Resolved(ComplaintResolved {
            cadre,
            resolution: "已更换灯泡并检修线路".into(),
            media: vec![],
            at,
        }));
        if rng.chance(70) {
            at += minutes(rng, 600);
            c.push(ComplaintEvent::Rated(ComplaintRated {
                score: Score::new(1 + rng.below(5) as u8).expect("1-5"),
                tags: vec!["态度好".into()],
                comment: None,
                at,
            }));
        }
        if rng.chance(75) {
            at += minutes(rng, 600);
            c.push(ComplaintEvent::Confirmed(ResolutionConfirmed {
                by: Actor::resident(resident),
                at,
            }));
        }
    }
    Life {
        parts: [a, b, c],
        id,
    }
}

/// Every append of the log, in wave order.
fn workload(target_events: usize) -> (Vec<Append>, usize, usize) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let start = Utc
        .with_ymd_and_hms(2026, 3, 1, 0, 0, 0)
        .single()
        .expect("date");
    let places = villages();
    let mut waves: Vec<Vec<Life>> = Vec::new();
    let mut appends = Vec::new();
    let (mut events, mut complaints) = (0usize, 0usize);
    let emit = |lifes: &mut Vec<Life>, part: usize, out: &mut Vec<Append>| -> usize {
        let mut n = 0;
        for l in lifes.iter_mut() {
            let part = std::mem::take(&mut l.parts[part]);
            if part.is_empty() {
                continue;
            }
            n += part.len();
            let stream = StreamId::new(StreamName::Complaint(l.id).to_string()).expect("stream");
            let encoded = linli_engine::codec::encode_all(&part).expect("encode");
            out.push((stream, encoded));
        }
        n
    };
    while events < target_events
        || waves.iter().any(|w| {
            w.iter()
                .any(|l| !l.parts[2].is_empty() || !l.parts[1].is_empty())
        })
    {
        let mut wave_out = Vec::new();
        if events < target_events {
            let mut wave: Vec<Life> = (0..COMPLAINTS_PER_WAVE)
                .map(|_| {
                    complaints += 1;
                    life(&mut rng, complaints as u64, start, &places)
                })
                .collect();
            events += emit(&mut wave, 0, &mut wave_out);
            waves.push(wave);
        } else {
            waves.push(Vec::new());
        }
        let k = waves.len() - 1;
        if k >= 1 {
            events += emit(&mut waves[k - 1], 1, &mut wave_out);
        }
        if k >= 2 {
            events += emit(&mut waves[k - 2], 2, &mut wave_out);
        }
        // Shuffle within the wave (Fisher–Yates).
        for i in (1..wave_out.len()).rev() {
            let j = rng.below(i as u64 + 1) as usize;
            wave_out.swap(i, j);
        }
        appends.extend(wave_out);
        if k >= 3 {
            waves[k - 3] = Vec::new();
        }
    }
    (appends, events, complaints)
}

async fn build_log(log: &EventLog, appends: Vec<Append>) {
    let queue = Arc::new(Mutex::new(appends.into_iter()));
    let mut tasks = Vec::new();
    for _ in 0..WRITERS {
        let log = log.clone();
        let queue = queue.clone();
        tasks.push(tokio::spawn(async move {
            loop {
                let next = queue.lock().await.next();
                let Some((stream, events)) = next else { break };
                log.append(stream, ExpectedVersion::Any, events, Metadata::default())
                    .await
                    .expect("append");
            }
        }));
    }
    for task in tasks {
        task.await.expect("writer");
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// Drops every projection tree and the registry, so the next start rebuilds from 1.
fn reset_projections(log: &EventLog) {
    let db = log.database();
    for name in db.tree_names() {
        if name.starts_with(b"projection/") {
            db.drop_tree(&name).expect("drop tree");
        }
    }
}

fn main() {
    let runs: usize = std::env::var("LINLI_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let target: usize = std::env::var("LINLI_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let dir = bench_dir();
        let cache: u64 = std::env::var("LINLI_BENCH_CACHE_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(64);
        let log = EventLog::open(LogConfig::new(dir.path()).with_cache_capacity(cache << 20)).expect("open log");
        let generated = Instant::now();
        let (appends, events, complaints) = workload(target);
        let appends_count = appends.len();
        println!(
            "workload: {events} events over {complaints} complaints in {appends_count} appends (generated in {:.1?})",
            generated.elapsed()
        );
        let built = Instant::now();
        build_log(&log, appends).await;
        let head = log.head().position;
        println!(
            "log built: head {head} in {:.1?} ({:.0} events/s durable)",
            built.elapsed(),
            head.0 as f64 / built.elapsed().as_secs_f64()
        );

        let mut scan = Vec::new();
        let mut decode = Vec::new();
        let mut rebuild = Vec::new();
        for run in 1..=runs {
            let t = Instant::now();
            let mut n = 0usize;
            for record in log.scan(Position(1)) {
                record.expect("record");
                n += 1;
            }
            let s = n as f64 / t.elapsed().as_secs_f64();
            scan.push(s);

            let t = Instant::now();
            let mut n = 0usize;
            for record in log.scan(Position(1)) {
                DomainDecoder.decode(&record.expect("record")).expect("decode");
                n += 1;
            }
            let d = n as f64 / t.elapsed().as_secs_f64();
            decode.push(d);

            reset_projections(&log);
            let t = Instant::now();
            let projector =
                Projector::start(&log, DomainDecoder, complaint_specs(), RuntimeConfig { batch_events: 1000, catch_up_batch_events: std::env::var("LINLI_BENCH_CATCH_UP_BATCH").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000) })
                    .expect("start");
            projector
                .wait_for(head, Duration::from_secs(3_600))
                .await
                .expect("caught up");
            let elapsed = t.elapsed();
            projector.shutdown().await;
            let r = head.0 as f64 / elapsed.as_secs_f64();
            rebuild.push(r);
            println!(
                "run {run}: scan {s:.0} ev/s (1 thread); scan+decode {d:.0} ev/s (1 thread); rebuild of 3 projections {r:.0} ev/s ({elapsed:.2?})"
            );
        }
        println!(
            "median of {runs}: scan {:.0} ev/s; scan+decode {:.0} ev/s; rebuild {:.0} ev/s",
            median(scan),
            median(decode),
            median(rebuild)
        );
        log.close().await;
    });
}
