//! The operator and auditor subcommands against real stores: a served demo county (with
//! read models and chain checkpoints), and every kind of damage `verify` must name.

mod common;

use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use common::{spawn_app_in, TestApp};
use linli_eventlog::{
    damage, EventLog, ExpectedVersion, LogConfig, Metadata, NewEvent, Position, StreamId,
    StreamVersion,
};
use linli_projections::{overwrite_checkpoint, stored_checkpoints};

fn linli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_linli"))
        .args(args)
        .env_remove("LINLI_ADMIN_TOKEN")
        .output()
        .expect("run linli")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Waits (bounded) until the auditor sees at least one chain checkpoint and the read
/// models have caught up with the head.
async fn settle(app: &TestApp) {
    let auditor = app.dev_login("demo-auditor").await;
    for _ in 0..300 {
        let checkpoints: serde_json::Value = app
            .get("/api/v1/audit/checkpoints", Some(&auditor))
            .await
            .json()
            .await
            .unwrap();
        let head: serde_json::Value = app
            .get("/api/v1/audit/events?limit=1", Some(&auditor))
            .await
            .json()
            .await
            .unwrap();
        let head = head["head"].as_u64().unwrap();
        let caught_up = app
            .get(&format!("/api/v1/dashboard?after={head}"), Some(&auditor))
            .await
            .status()
            == 200;
        if checkpoints["items"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
            && caught_up
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no chain checkpoint was recorded");
}

/// A stopped store holding the demo county, its read models and chain checkpoints.
async fn served_demo() -> tempfile::TempDir {
    let app = spawn_app_in(
        tempfile::tempdir().unwrap(),
        &["--demo", "--dev-login", "--checkpoint-every-events", "200"],
    );
    settle(&app).await;
    app.stop()
}

fn replay_json(data: &Path, extra: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec!["replay", "--json", "--data", path(data)];
    args.extend_from_slice(extra);
    let out = linli(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn verify(data: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec!["verify", "--data", path(data)];
    args.extend_from_slice(extra);
    let out = linli(&args);
    (out.status.code(), text(&out.stdout) + &text(&out.stderr))
}

#[tokio::test]
async fn a_served_store_verifies_with_its_chain_and_projection_checkpoints() {
    let data = served_demo().await;
    let (code, report) = verify(data.path(), &[]);
    assert_eq!(code, Some(0), "{report}");
    assert!(report.starts_with("ok: "), "{report}");
    let chain: u64 = report
        .split(" chain checkpoints")
        .next()
        .and_then(|s| s.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(chain >= 1, "{report}");
    assert!(!report.contains(", 0 projection checkpoints"), "{report}");
}

#[tokio::test]
async fn replay_of_a_stream_shows_who_did_what_when_with_correlation_and_payload() {
    let data = served_demo().await;
    // The whole log: how many directory and user events precede the first complaint
    // depends on the demo county, not on replay.
    let all = replay_json(data.path(), &[]);
    let complaint = all
        .iter()
        .find(|e| e["stream"].as_str().unwrap().starts_with("complaint-"))
        .unwrap()["stream"]
        .as_str()
        .unwrap()
        .to_owned();
    let history = replay_json(data.path(), &["--stream", &complaint]);
    assert!(!history.is_empty());
    for (i, event) in history.iter().enumerate() {
        assert_eq!(event["stream"], complaint.as_str());
        assert_eq!(
            event["version"],
            (i + 1) as u64,
            "versions in order, none missing"
        );
        for field in ["position", "recorded_at", "event_type", "hash", "prev_hash"] {
            assert!(!event[field].is_null(), "{field} in {event}");
        }
        assert!(event["payload"].is_object(), "payload is shown as JSON");
    }
    assert_eq!(history[0]["event_type"], "complaint.filed");
    assert!(history[0]["actor"].is_string(), "who filed it is named");
    // The human form carries the same facts.
    let out = linli(&[
        "replay",
        "--data",
        path(data.path()),
        "--stream",
        &complaint,
    ]);
    let human = text(&out.stdout);
    assert!(human.contains("complaint.filed"), "{human}");
    assert!(human.contains(&format!("{complaint}@1")), "{human}");
    assert!(human.contains("correlation"), "{human}");
}

#[tokio::test]
async fn replay_from_a_position_or_a_time_starts_exactly_there() {
    let data = served_demo().await;
    let from = replay_json(data.path(), &["--from-position", "37", "--limit", "5"]);
    let positions: Vec<u64> = from
        .iter()
        .map(|e| e["position"].as_u64().unwrap())
        .collect();
    assert_eq!(positions, vec![37, 38, 39, 40, 41]);
    let since = from[3]["recorded_at"].as_str().unwrap().to_owned();
    let timed = replay_json(data.path(), &["--since", &since, "--limit", "1"]);
    let first = timed[0]["position"].as_u64().unwrap();
    assert!(
        first <= 40,
        "the first event at or after {since} is at most 40"
    );
    assert!(timed[0]["recorded_at"].as_str().unwrap() >= since.as_str());
    if first > 1 {
        let before = replay_json(
            data.path(),
            &["--from-position", &(first - 1).to_string(), "--limit", "1"],
        );
        assert!(before[0]["recorded_at"].as_str().unwrap() < since.as_str());
    }
}

#[tokio::test]
async fn state_at_a_position_is_the_state_after_the_events_up_to_it() {
    let data = served_demo().await;
    let all = replay_json(data.path(), &[]);
    let complaint = all
        .iter()
        .filter(|e| e["event_type"] == "complaint.assigned")
        .map(|e| e["stream"].as_str().unwrap().to_owned())
        .next()
        .unwrap();
    let history = replay_json(data.path(), &["--stream", &complaint]);
    let filed_at = history[0]["position"].as_u64().unwrap();
    let state = |at: &str| -> serde_json::Value {
        let out = linli(&[
            "state-at",
            "--data",
            path(data.path()),
            "--stream",
            &complaint,
            "--at",
            at,
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let before = state(&(filed_at - 1).to_string());
    assert_eq!(before["version"], 0);
    assert!(
        before["state"].is_null(),
        "nothing before the filing: {before}"
    );
    let just_filed = state(&filed_at.to_string());
    assert_eq!(just_filed["version"], 1);
    assert!(just_filed["state"].is_object());
    let by_time = state(history[0]["recorded_at"].as_str().unwrap());
    assert!(by_time["version"].as_u64().unwrap() >= 1);
    let out = linli(&[
        "state-at",
        "--data",
        path(data.path()),
        "--stream",
        &complaint,
        "--at",
        "yesterday",
    ]);
    assert_eq!(out.status.code(), Some(2), "a bad --at is bad usage");
    let out = linli(&[
        "state-at",
        "--data",
        path(data.path()),
        "--stream",
        "nonsense",
        "--at",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(2), "an unknown stream is bad usage");
}

#[tokio::test]
async fn state_at_folds_every_kind_of_stream_the_demo_writes() {
    let data = tempfile::tempdir().unwrap();
    let out = linli(&["demo", "--data", path(data.path())]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let all = replay_json(data.path(), &[]);
    let head = all.last().unwrap()["position"]
        .as_u64()
        .unwrap()
        .to_string();
    // The first stream of each category (the part of the name before the id).
    let mut firsts = std::collections::BTreeMap::new();
    for event in &all {
        let stream = event["stream"].as_str().unwrap();
        let category = stream.split('-').next().unwrap().to_owned();
        firsts.entry(category).or_insert_with(|| stream.to_owned());
    }
    for expected in [
        "complaint",
        "user",
        "order",
        "slot",
        "errand",
        "announcement",
        "activity",
    ] {
        assert!(
            firsts.contains_key(expected),
            "the demo writes {expected} streams: {firsts:?}"
        );
    }
    for (category, stream) in &firsts {
        let out = linli(&[
            "state-at",
            "--data",
            path(data.path()),
            "--stream",
            stream,
            "--at",
            &head,
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{category}: {}",
            text(&out.stderr)
        );
        let state: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(
            state["version"].as_u64().unwrap() >= 1,
            "{category}: {state}"
        );
        assert!(
            !state["state"].is_null(),
            "{category} has a state at the head: {state}"
        );
    }
}

/// A small raw store: `events` test events over three streams.
async fn raw_store(dir: &Path, events: usize) -> EventLog {
    let log = EventLog::open(LogConfig::new(dir)).unwrap();
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
    log
}

#[tokio::test]
async fn verify_names_a_flipped_byte_a_deleted_record_a_swapped_pair_and_a_stale_index_entry() {
    type Damage = fn(&Path);
    let cases: [(&str, Damage, &str); 4] = [
        (
            "flipped byte",
            |p| damage::flip_record_byte(p, Position(7), 25).unwrap(),
            "DAMAGED at position 7",
        ),
        (
            "deleted record",
            |p| damage::delete_record(p, Position(5)).unwrap(),
            "DAMAGED at position 5",
        ),
        (
            "swapped pair",
            |p| damage::swap_records(p, Position(3), Position(4)).unwrap(),
            "DAMAGED at position 3",
        ),
        (
            "stale index entry",
            |p| {
                damage::set_index_entry(
                    p,
                    &StreamId::new("s-0").unwrap(),
                    StreamVersion(99),
                    Position(2),
                )
                .unwrap()
            },
            "stale index entry",
        ),
    ];
    for (what, harm, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        raw_store(dir.path(), 12).await.close().await;
        let (code, report) = verify(dir.path(), &[]);
        assert_eq!(code, Some(0), "{what}: healthy first: {report}");
        harm(dir.path());
        let (code, report) = verify(dir.path(), &[]);
        assert_eq!(code, Some(1), "{what}: {report}");
        assert!(report.contains(expected), "{what}: {report}");
    }
}

#[tokio::test]
async fn verify_refuses_a_recorded_chain_checkpoint_that_disagrees_with_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let log = raw_store(dir.path(), 6).await;
    let wrong = "00".repeat(31) + "01";
    let payload = format!(r#"{{"position":4,"hash":"{wrong}","at":"2026-05-01T00:00:00Z"}}"#);
    log.append(
        StreamId::new("checkpoint").unwrap(),
        ExpectedVersion::Any,
        vec![NewEvent::new("chain.checkpointed", 1, payload.into_bytes())],
        Metadata::default(),
    )
    .await
    .unwrap();
    log.close().await;
    drop(log);
    let (code, report) = verify(dir.path(), &[]);
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("DAMAGED at position 4"), "{report}");
    assert!(report.contains("chain checkpoint"), "{report}");
}

#[tokio::test]
async fn verify_refuses_a_projection_checkpoint_ahead_of_the_log_or_on_another_hash() {
    let data = served_demo().await;
    let (code, _) = verify(data.path(), &[]);
    assert_eq!(code, Some(0));
    let copy = tempfile::tempdir().unwrap();
    copy_dir(data.path(), copy.path());
    for (target, position, expected) in [
        (data.path(), 3u64, "DAMAGED at position 3"),
        (copy.path(), 10_000_000u64, "beyond the log head"),
    ] {
        {
            let db = sled::Config::new().path(target).open().unwrap();
            let first = stored_checkpoints(&db).unwrap().remove(0);
            overwrite_checkpoint(
                &db,
                &first.id,
                first.build,
                Position(position),
                linli_eventlog::Hash([9; 32]),
            )
            .unwrap();
        }
        let (code, report) = verify(target, &[]);
        assert_eq!(code, Some(1), "{report}");
        assert!(report.contains(expected), "{report}");
        assert!(report.contains("projection"), "{report}");
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[tokio::test]
async fn exported_checkpoints_prove_the_log_was_not_rewritten_behind_them() {
    let data = served_demo().await;
    let file = data.path().join("..").join(format!(
        "checkpoints-{}.ndjson",
        data.path().file_name().unwrap().to_string_lossy()
    ));
    let out = linli(&[
        "checkpoints",
        "--data",
        path(data.path()),
        "-o",
        path(&file),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let kept = std::fs::read_to_string(&file).unwrap();
    assert!(kept.lines().count() >= 1);
    let (code, report) = verify(data.path(), &["--against", path(&file)]);
    assert_eq!(code, Some(0), "{report}");
    assert!(report.contains("outside checkpoints"), "{report}");

    // Another history of the same length (a rewrite) does not match what was kept.
    let rewritten = tempfile::tempdir().unwrap();
    let first: serde_json::Value = serde_json::from_str(kept.lines().next().unwrap()).unwrap();
    let pinned = first["position"].as_u64().unwrap() as usize;
    raw_store(rewritten.path(), pinned + 1).await.close().await;
    let (code, report) = verify(rewritten.path(), &["--against", path(&file)]);
    assert_eq!(code, Some(1), "{report}");
    assert!(
        report.contains(&format!("DAMAGED at position {pinned}")),
        "{report}"
    );
    assert!(report.contains("rewritten"), "{report}");

    // A truncated log cannot reach the checkpoint at all.
    let short = tempfile::tempdir().unwrap();
    raw_store(short.path(), 2).await.close().await;
    let (code, report) = verify(short.path(), &["--against", path(&file)]);
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("truncated"), "{report}");
    std::fs::remove_file(file).unwrap();
}

#[tokio::test]
async fn an_offline_backup_restores_into_an_empty_directory_and_verifies() {
    let data = served_demo().await;
    let backups = tempfile::tempdir().unwrap();
    let dest = backups.path().join("b1");
    let out = linli(&["backup", path(&dest), "--data", path(data.path())]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("backup ok: "));
    for file in ["manifest.json", "log.ndjson", "media.ndjson"] {
        assert!(dest.join(file).exists(), "{file}");
    }
    let restored = tempfile::tempdir().unwrap();
    let target = restored.path().join("data");
    let out = linli(&["restore", path(&dest), "--data", path(&target)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let (code, report) = verify(&target, &[]);
    assert_eq!(code, Some(0), "{report}");
    let (_, original) = verify(data.path(), &[]);
    let head = |r: &str| r.rsplit("head ").next().unwrap().trim().to_owned();
    assert_eq!(head(&report), head(&original), "same head, same hash");

    // Restoring into a store that holds something is refused and changes nothing there.
    let out = linli(&["restore", path(&dest), "--data", path(data.path())]);
    assert_eq!(out.status.code(), Some(1));
    // A backup into a non-empty directory is refused.
    let out = linli(&["backup", path(&dest), "--data", path(data.path())]);
    assert_eq!(out.status.code(), Some(1));
}

#[tokio::test]
async fn a_tampered_backup_is_refused_by_restore() {
    let dir = tempfile::tempdir().unwrap();
    raw_store(dir.path(), 20).await.close().await;
    let dest = dir.path().join("..").join(format!(
        "backup-{}",
        dir.path().file_name().unwrap().to_string_lossy()
    ));
    let out = linli(&["backup", path(&dest), "--data", path(dir.path())]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let log = std::fs::read_to_string(dest.join("log.ndjson")).unwrap();
    std::fs::write(
        dest.join("log.ndjson"),
        log.replace("{\\\"i\\\":7}", "{\\\"i\\\":8}"),
    )
    .unwrap();
    let target = tempfile::tempdir().unwrap();
    let out = linli(&[
        "restore",
        path(&dest),
        "--data",
        path(&target.path().join("d")),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    std::fs::remove_dir_all(dest).unwrap();
}

#[tokio::test]
async fn an_offline_rebuild_swaps_in_a_new_generation_that_verifies() {
    let data = served_demo().await;
    let before = {
        let db = sled::Config::new().path(data.path()).open().unwrap();
        stored_checkpoints(&db).unwrap()
    };
    let out = linli(&["rebuild", "--data", path(data.path()), "complaint_progress"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("complaint_progress: rebuilt"));
    let after = {
        let db = sled::Config::new().path(data.path()).open().unwrap();
        stored_checkpoints(&db).unwrap()
    };
    let generation = |list: &[linli_projections::StoredCheckpoint], id: &str| {
        list.iter()
            .find(|c| c.id.as_str() == id)
            .unwrap()
            .build
            .generation
            .0
    };
    assert_eq!(
        generation(&after, "complaint_progress"),
        generation(&before, "complaint_progress") + 1
    );
    let (code, report) = verify(data.path(), &[]);
    assert_eq!(code, Some(0), "{report}");
    let out = linli(&["rebuild", "--data", path(data.path()), "no_such_model"]);
    assert_eq!(out.status.code(), Some(2));
}
