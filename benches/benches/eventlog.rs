//! Event log throughput, measured side by side with raw sled in one run.
//!
//! * Durable appends of ~300-byte events, each to a new stream (like complaint filings),
//!   at 1, 16 and 64 concurrent writers.
//! * Raw-sled baseline at the same batch sizes the log's group commit actually formed:
//!   `apply_batch` of that many 300-byte values followed by `flush` (sled's own
//!   sync_file_range, no fsync), on the same sled settings.
//! * A full-log scan with every hash and chain link checked.
//!
//! Each figure is the median of `LINLI_BENCH_RUNS` runs (default 5). Stores live under
//! `target/bench-tmp` (the project's disk, not a tmpfs).
//!
//! Run: `cargo bench -p linli-benches --bench eventlog`
#![allow(clippy::print_stdout)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use linli_eventlog::{
    CommitObserver, EventLog, ExpectedVersion, LogConfig, Metadata, NewEvent, Position, StreamId,
};

const PAYLOAD_LEN: usize = 300;

#[derive(Debug, Default)]
struct BatchCounter {
    batches: AtomicU64,
    events: AtomicU64,
    sync_nanos: AtomicU64,
}

impl CommitObserver for BatchCounter {
    fn batch_committed(&self, _requests: usize, events: usize, sync: Duration) {
        self.batches.fetch_add(1, Ordering::Relaxed);
        self.events.fetch_add(events as u64, Ordering::Relaxed);
        self.sync_nanos
            .fetch_add(sync.as_nanos() as u64, Ordering::Relaxed);
    }
}

fn bench_dir() -> tempfile::TempDir {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-tmp");
    std::fs::create_dir_all(&root).expect("bench dir");
    tempfile::tempdir_in(root).expect("temp dir")
}

fn payload(writer: usize, i: usize) -> Vec<u8> {
    let mut text = format!("{{\"writer\":{writer},\"i\":{i},\"text\":\"");
    while text.len() < PAYLOAD_LEN - 2 {
        text.push('x');
    }
    text.push_str("\"}");
    text.into_bytes()
}

struct AppendRun {
    events_per_sec: f64,
    mean_batch: f64,
    mean_sync_us: f64,
}

async fn durable_appends(writers: usize, per_writer: usize) -> AppendRun {
    let dir = bench_dir();
    let counter = Arc::new(BatchCounter::default());
    let log = EventLog::open(LogConfig::new(dir.path()).with_observer(counter.clone())).unwrap();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..writers {
        let log = log.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..per_writer {
                let stream = StreamId::new(format!("bench-{w}-{i}")).unwrap();
                log.append(
                    stream,
                    ExpectedVersion::NoStream,
                    vec![NewEvent::new("bench.event", 1, payload(w, i))],
                    Metadata::default(),
                )
                .await
                .unwrap();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    log.close().await;
    let batches = counter.batches.load(Ordering::Relaxed).max(1) as f64;
    AppendRun {
        events_per_sec: (writers * per_writer) as f64 / elapsed,
        mean_batch: counter.events.load(Ordering::Relaxed) as f64 / batches,
        mean_sync_us: counter.sync_nanos.load(Ordering::Relaxed) as f64 / batches / 1000.0,
    }
}

/// Raw sled: one thread doing `apply_batch` of `batch` values then `flush`, `total` values.
fn raw_sled(batch: usize, total: usize) -> f64 {
    let dir = bench_dir();
    let db = sled::Config::new()
        .path(dir.path())
        .cache_capacity(64 * 1024 * 1024)
        .flush_every_ms(None)
        .mode(sled::Mode::HighThroughput)
        .open()
        .unwrap();
    let tree = db.open_tree("raw").unwrap();
    let value = payload(0, 0);
    let started = Instant::now();
    let mut key = 0u64;
    while (key as usize) < total {
        let mut b = sled::Batch::default();
        for _ in 0..batch {
            key += 1;
            b.insert(&key.to_be_bytes()[..], value.clone());
        }
        tree.apply_batch(b).unwrap();
        db.flush().unwrap();
    }
    key as f64 / started.elapsed().as_secs_f64()
}

async fn scan_rate(events: usize) -> (f64, usize) {
    let dir = bench_dir();
    let log = EventLog::open(LogConfig::new(dir.path())).unwrap();
    // Fill quickly: 64 writers, 16 events an append.
    let mut tasks = Vec::new();
    let per_writer = events / 64 / 16;
    for w in 0..64 {
        let log = log.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..per_writer {
                let stream = StreamId::new(format!("scan-{w}-{i}")).unwrap();
                let batch = (0..16)
                    .map(|j| NewEvent::new("bench.event", 1, payload(w, i * 16 + j)))
                    .collect();
                log.append(
                    stream,
                    ExpectedVersion::NoStream,
                    batch,
                    Metadata::default(),
                )
                .await
                .unwrap();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let total = log.head().position.0 as usize;
    let mut rates = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let mut n = 0usize;
        for record in log.scan(Position(1)) {
            std::hint::black_box(record.unwrap());
            n += 1;
        }
        assert_eq!(n, total);
        rates.push(n as f64 / started.elapsed().as_secs_f64());
    }
    log.close().await;
    (median(rates), total)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    values[values.len() / 2]
}

fn main() {
    let runs: usize = std::env::var("LINLI_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    println!("linli event log benchmark: {runs} runs each, median reported");
    println!();
    println!("| writers | log durable ev/s | mean batch (events) | mean flush+fsync µs | raw sled apply_batch+flush ev/s | log / raw |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for (writers, per_writer) in [(1usize, 3_000usize), (16, 2_000), (64, 1_000)] {
        let mut log_rates = Vec::new();
        let mut raw_rates = Vec::new();
        let mut batches = Vec::new();
        let mut syncs = Vec::new();
        for _ in 0..runs {
            let run = runtime.block_on(durable_appends(writers, per_writer));
            // Same batch size, same number of values, immediately after: side by side.
            let batch = run.mean_batch.round().max(1.0) as usize;
            raw_rates.push(raw_sled(batch, writers * per_writer));
            log_rates.push(run.events_per_sec);
            batches.push(run.mean_batch);
            syncs.push(run.mean_sync_us);
        }
        let (log_rate, raw_rate) = (median(log_rates), median(raw_rates));
        println!(
            "| {writers} | {log_rate:.0} | {:.1} | {:.0} | {raw_rate:.0} | {:.0}% |",
            median(batches),
            median(syncs),
            100.0 * log_rate / raw_rate
        );
    }
    let (rate, total) = runtime.block_on(scan_rate(400_000));
    println!();
    println!("full-log scan with hash and chain checks: {rate:.0} events/s over {total} events (median of 3)");
}
