//! Crash test: a child process appends and prints every acknowledged position; the
//! parent SIGKILLs it at a random moment, reopens the log, and checks that every
//! acknowledged event is present and intact, positions are gapless, and `verify` passes.
//! Repeated on the same store so each run also recovers from the previous kill.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use linli_eventlog::{EventLog, ExpectedVersion, Metadata, NewEvent, Position, StreamId};

const CHILD_ENV: &str = "LINLI_CRASH_CHILD_DIR";
const KILLS: usize = 24;

/// The child's body. It only does anything when started by the parent below.
#[test]
#[allow(clippy::print_stdout)] // the child reports acknowledgements on stdout
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
        let log = EventLog::open(common::config(std::path::Path::new(&dir))).unwrap();
        let mut tasks = Vec::new();
        for writer in 0..8u32 {
            let log = log.clone();
            tasks.push(tokio::spawn(async move {
                let pid = std::process::id();
                for i in 0u64.. {
                    let stream = StreamId::new(format!("crash-{pid}-{writer}")).unwrap();
                    let payload = format!(
                        "{{\"pid\":{pid},\"writer\":{writer},\"i\":{i},\"pad\":\"{}\"}}",
                        "x".repeat(200)
                    );
                    let outcome = log
                        .append(
                            stream.clone(),
                            ExpectedVersion::Any,
                            vec![NewEvent::new("crash.test", 1, payload.clone().into_bytes())],
                            Metadata::default(),
                        )
                        .await
                        .unwrap();
                    // Printed only after the acknowledgement: the parent holds us to it.
                    println!(
                        "ACK {} {} {} {}",
                        outcome.first_position.0,
                        stream,
                        outcome.stream_version.0,
                        blake3::hash(payload.as_bytes()).to_hex()
                    );
                }
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
    });
}

#[test]
fn acknowledged_appends_survive_sigkill_at_random_moments() {
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut total_acked = 0usize;
    let mut rng_state = 0x2545F4914F6CDD1Du64 ^ std::process::id() as u64;
    for round in 0..KILLS {
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
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter(|l| l.starts_with("ACK "))
                .collect::<Vec<_>>()
        });
        rng_state ^= rng_state << 13;
        rng_state ^= rng_state >> 7;
        rng_state ^= rng_state << 17;
        let wait_ms = 80 + rng_state % 320;
        std::thread::sleep(Duration::from_millis(wait_ms));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let acked = reader.join().unwrap();

        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let log = EventLog::open(common::config(dir.path())).unwrap();
            let head = log.head().position;
            for line in &acked {
                let parts: Vec<&str> = line.split(' ').collect();
                let position = Position(parts[1].parse().unwrap());
                assert!(
                    position <= head,
                    "round {round}: acknowledged {position} beyond head {head}"
                );
                let record = log.read_at(position).unwrap();
                assert_eq!(record.stream.as_str(), parts[2], "round {round}");
                assert_eq!(record.version.0.to_string(), parts[3]);
                assert_eq!(blake3::hash(&record.payload).to_hex().as_str(), parts[4]);
            }
            let all: Vec<_> = log.scan(Position(1)).collect::<Result<_, _>>().unwrap();
            assert_eq!(
                all.len() as u64,
                head.0,
                "positions are gapless up to the head"
            );
            log.verify().unwrap();
            log.close().await;
        });
        total_acked += acked.len();
    }
    assert!(
        total_acked > KILLS * 10,
        "the children acknowledged too little to prove anything: {total_acked}"
    );
}
