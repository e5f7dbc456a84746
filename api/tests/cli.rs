//! The `linli` binary's operator subcommands against real stores, and `serve`'s lifecycle.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use linli_eventlog::{
    damage, EventLog, ExpectedVersion, LogConfig, Metadata, NewEvent, Position, StreamId,
};

fn linli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_linli"))
        .args(args)
        .output()
        .expect("run linli")
}

fn store_with(path: &Path, events: usize) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let log = EventLog::open(LogConfig::new(path)).unwrap();
        for i in 0..events {
            log.append(
                StreamId::new(format!("s-{}", i % 3)).unwrap(),
                ExpectedVersion::Any,
                vec![NewEvent::new(
                    "test.event",
                    1,
                    format!("{{\"i\":{i}}}").into_bytes(),
                )],
                Metadata::default(),
            )
            .await
            .unwrap();
        }
        log.close().await;
    });
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn verify_reports_a_healthy_store_and_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    store_with(dir.path(), 12);
    let out = linli(&["verify", "--data", path_str(dir.path())]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("ok: 12 events in 3 streams"));
}

#[test]
fn verify_names_the_first_damaged_position_and_exits_one() {
    let dir = tempfile::tempdir().unwrap();
    store_with(dir.path(), 12);
    damage::flip_record_byte(dir.path(), Position(7), 25).unwrap();
    let out = linli(&["verify", "--data", path_str(dir.path())]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("DAMAGED at position 7"),
        "{out:?}"
    );
}

#[test]
fn verify_of_a_missing_store_exits_three_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nothing");
    let out = linli(&["verify", "--data", path_str(&missing)]);
    assert_eq!(out.status.code(), Some(3));
    assert!(!missing.exists());
}

#[test]
fn export_then_import_makes_a_store_that_verifies_with_the_same_head() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source");
    let target = dir.path().join("target");
    let file = dir.path().join("log.ndjson");
    store_with(&source, 20);
    assert_eq!(
        linli(&["export", "--data", path_str(&source), "-o", path_str(&file)])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        linli(&["import", "--data", path_str(&target), "-i", path_str(&file)])
            .status
            .code(),
        Some(0)
    );
    let a = String::from_utf8(linli(&["verify", "--data", path_str(&source)]).stdout).unwrap();
    let b = String::from_utf8(linli(&["verify", "--data", path_str(&target)]).stdout).unwrap();
    assert!(a.starts_with("ok: 20 events"));
    assert_eq!(a, b, "same events, streams and head hash");
}

#[test]
fn import_of_a_tampered_export_exits_one_and_leaves_the_store_empty() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source");
    let target = dir.path().join("target");
    store_with(&source, 5);
    let export = linli(&["export", "--data", path_str(&source)]);
    let tampered =
        String::from_utf8(export.stdout)
            .unwrap()
            .replacen("{\\\"i\\\":2}", "{\\\"i\\\":9}", 1);
    let mut child = Command::new(env!("CARGO_BIN_EXE_linli"))
        .args(["import", "--data", path_str(&target)])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(tampered.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("hash mismatch"));
    let verify = String::from_utf8(linli(&["verify", "--data", path_str(&target)]).stdout).unwrap();
    assert!(verify.starts_with("ok: 0 events"));
}

fn http_get(address: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn serve_answers_health_and_errors_in_one_shape_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    store_with(dir.path(), 3);
    let mut child = Command::new(env!("CARGO_BIN_EXE_linli"))
        .args([
            "serve",
            "--data",
            path_str(dir.path()),
            "--listen",
            "127.0.0.1:0",
        ])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let deadline = Instant::now() + Duration::from_secs(30);
    let address = loop {
        assert!(
            Instant::now() < deadline,
            "server did not report its address"
        );
        let line = lines.next().expect("server exited early").unwrap();
        if let Some(rest) = line.split("address=").nth(1) {
            break rest.split_whitespace().next().unwrap().to_owned();
        }
    };
    let health = http_get(&address, "/healthz");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.contains("\"log_position\":3"));
    let missing = http_get(&address, "/no/such/route");
    assert!(missing.starts_with("HTTP/1.1 404"));
    assert!(missing.contains("{\"error\":{\"code\":\"not_found\""));
    let metrics = http_get(&address, "/metrics");
    assert!(metrics.contains("linli_log_head_position 3"));
    assert!(metrics.contains("linli_log_batch_events"));
    assert!(metrics.contains("linli_log_sync_seconds"));
    assert!(metrics.contains("linli_http_request_seconds"));
    assert!(
        metrics.contains("linli_projection_lag_events{projection="),
        "projection lag is exported: {metrics}"
    );
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    std::thread::spawn(move || for _ in lines {});
    // The store is closed cleanly and opens again.
    let out = linli(&["verify", "--data", path_str(dir.path())]);
    assert_eq!(out.status.code(), Some(0));
}
