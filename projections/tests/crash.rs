//! Crash test: a child process appends random valid histories while projecting them in
//! small batches; the parent SIGKILLs it at random moments, again and again on the same
//! store. Afterwards the read models must equal a fresh rebuild, and counters must show
//! that no event was applied twice.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::scenario::{append, event_types, World};
use common::*;
use linli_projections::models::dashboard::MinSample;
use linli_projections::models::progress::Audience;
use linli_projections::{all_specs, DomainDecoder, Projector, ReadModels, RuntimeConfig};

const CHILD_ENV: &str = "LINLI_PROJECTION_CRASH_DIR";
const KILLS: usize = 12;

/// The child's body. It only does anything when started by the parent below.
#[test]
#[allow(clippy::print_stdout)] // tells the parent it is running
#[ignore = "child process of the crash test, started by it with --ignored"]
fn crash_child() {
    let Ok(dir) = std::env::var(CHILD_ENV) else {
        return;
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let log = linli_eventlog::EventLog::open(config(std::path::Path::new(&dir))).unwrap();
        let projector =
            Projector::start(&log, DomainDecoder, all_specs(), RuntimeConfig::uniform(16)).unwrap();
        println!("STARTED");
        // Ids above the pid's range, so each run files into its own streams.
        let pid = u128::from(std::process::id());
        let mut world = World::with_id_base(pid << 64);
        let mut x = 0x9E37_79B9_7F4A_7C15u64 ^ u64::from(std::process::id());
        loop {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let step = (x as u8, (x >> 8) as u8, (x >> 16) as u16);
            if let Some(events) = world.step(step) {
                append(&log, events).await;
            }
            let _ = &projector;
        }
    });
}

#[test]
fn projections_killed_mid_batch_recover_to_exactly_a_fresh_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut rng = 0x2545_F491_4F6C_DD1Du64 ^ u64::from(std::process::id());
    for _ in 0..KILLS {
        let mut child = Command::new(&exe)
            .args([
                "crash_child",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        // libtest prints "test crash_child ... " without a newline first.
        let started = lines.any(|l| l.map(|l| l.contains("STARTED")).unwrap_or(false));
        assert!(started, "the child did not start");
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        std::thread::sleep(Duration::from_millis(150 + rng % 350));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let log = linli_eventlog::EventLog::open(config(dir.path())).unwrap();
        let head = log.head().position;
        let types = event_types(&log);
        let filed = types.get("complaint.filed").copied().unwrap_or(0);
        assert!(
            filed > 50,
            "the children wrote too little to prove anything"
        );

        let projector =
            Projector::start(&log, DomainDecoder, all_specs(), RuntimeConfig::default()).unwrap();
        projector.wait_for(head, WAIT).await.unwrap();
        let recovered = dump_all(&projector);
        let models = ReadModels::new(&projector).unwrap();
        let view = models.dashboard.overview(MinSample::default()).unwrap();
        assert_eq!(
            view.filed as usize, filed,
            "each filing counted exactly once"
        );
        let complaint_events: usize = types
            .iter()
            .filter(|(t, _)| t.starts_with("complaint."))
            .map(|(_, n)| n)
            .sum();
        // Every complaint event is exactly one timeline entry.
        let page = models
            .progress
            .search(&Default::default(), &linli_projections::Page::first(200))
            .unwrap();
        let mut entries = 0;
        let mut next = Some(page);
        while let Some(page) = next {
            for c in &page.items {
                entries += models
                    .progress
                    .timeline(c.id, Audience::Handler)
                    .unwrap()
                    .len();
            }
            next = match page.next {
                Some(after) => Some(
                    models
                        .progress
                        .search(
                            &Default::default(),
                            &linli_projections::Page {
                                after: Some(after),
                                limit: 200,
                            },
                        )
                        .unwrap(),
                ),
                None => None,
            };
        }
        assert_eq!(
            entries, complaint_events,
            "each complaint event applied once"
        );

        for id in projector.ids() {
            projector.rebuild(id.as_str()).await.unwrap();
        }
        let rebuilt = dump_all(&projector);
        for (id, tree) in &recovered {
            assert_eq!(
                tree, &rebuilt[id],
                "{id} after crashes differs from a rebuild"
            );
        }
        projector.shutdown().await;
    });
}
