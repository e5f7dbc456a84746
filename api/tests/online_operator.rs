//! The operator's commands against a running server (backup and rebuild through
//! `/admin/v1`, while residents keep filing), and the auditors' HTTP view of the log.

mod common;
mod fixtures;

use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use common::{error_code, spawn_app_in, TestApp};
use fixtures::*;
use serde_json::{json, Value};

const ADMIN_TOKEN: &str = "operator-secret-for-tests";

fn linli(args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_linli"))
        .args(args)
        .env_remove("LINLI_ADMIN_TOKEN")
        .output()
        .expect("run linli")
}

async fn linli_async(args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || linli(&args))
        .await
        .unwrap()
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The events of an NDJSON export (without its header and end lines).
fn exported_events(data: &Path) -> Vec<String> {
    let out = linli(&args(&["export", "--data", path(data)]));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("{\"position\":"))
        .map(str::to_owned)
        .collect()
}

/// A county with its directory, served with the admin token.
async fn county_with_admin() -> TestApp {
    let data = tempfile::tempdir().unwrap();
    grant_roles(data.path());
    let app = spawn_app_in(data, &["--dev-login", "--admin-token", ADMIN_TOKEN]);
    let manager = app.dev_login(MANAGER).await;
    assert_eq!(
        app.post("/api/v1/directory/import", Some(&manager), directory())
            .await
            .status(),
        200
    );
    app
}

/// Files complaints until `stop` is set; counts the acknowledged ones.
async fn keep_filing(
    app: Arc<TestApp>,
    who: usize,
    stop: Arc<AtomicBool>,
    acked: Arc<AtomicUsize>,
) {
    let token = app.dev_login(&format!("o-busy-{who}")).await;
    let mut n = 0;
    while !stop.load(Ordering::SeqCst) {
        let response = app
            .post(
                "/api/v1/complaints",
                Some(&token),
                json!({
                    "category": "environment",
                    "occurred_at": "2026-11-21T08:00:00Z",
                    "address": "青芝坞路",
                    "point": {"lon": 120.121, "lat": 30.261},
                    "description": format!("备份期间的诉求 {who}-{n}"),
                }),
            )
            .await;
        assert_eq!(response.status(), 201, "the server keeps serving");
        acked.fetch_add(1, Ordering::SeqCst);
        n += 1;
    }
}

/// Waits until at least `count` filings were acknowledged; a writer that failed stops the
/// count, so the wait is bounded and fails instead of hanging.
async fn wait_for(acked: &AtomicUsize, count: usize) {
    for _ in 0..3000 {
        if acked.load(Ordering::SeqCst) >= count {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!(
        "only {} filings were acknowledged, wanted {count}",
        acked.load(Ordering::SeqCst)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_while_residents_file_restores_to_a_prefix_of_the_log_that_verifies() {
    let app = Arc::new(county_with_admin().await);
    let stop = Arc::new(AtomicBool::new(false));
    let acked = Arc::new(AtomicUsize::new(0));
    let writers: Vec<_> = (0..3)
        .map(|who| tokio::spawn(keep_filing(app.clone(), who, stop.clone(), acked.clone())))
        .collect();
    // Let the writers get going (bounded, by count: no timed assertion).
    wait_for(&acked, 10).await;
    let backups = tempfile::tempdir().unwrap();
    let dest = backups.path().join("online");
    let out = linli_async(args(&[
        "backup",
        path(&dest),
        "--server",
        &app.base,
        "--admin-token",
        ADMIN_TOKEN,
    ]))
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("backup ok: "));
    // Each writer has at most one filing in flight, so four more acknowledgements include
    // one sent after the backup finished: the live log is surely longer than the backup.
    wait_for(&acked, acked.load(Ordering::SeqCst) + 4).await;
    stop.store(true, Ordering::SeqCst);
    for writer in writers {
        writer.await.unwrap();
    }

    // A wrong token is bad usage, and writes nothing.
    let refused = linli_async(args(&[
        "backup",
        path(&backups.path().join("refused")),
        "--server",
        &app.base,
        "--admin-token",
        "wrong",
    ]))
    .await;
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));

    let app = Arc::try_unwrap(app).ok().unwrap();
    let live = app.stop();
    let restored = tempfile::tempdir().unwrap();
    let target = restored.path().join("data");
    let out = linli(&args(&["restore", path(&dest), "--data", path(&target)]));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let verified = linli(&args(&["verify", "--data", path(&target)]));
    assert_eq!(
        verified.status.code(),
        Some(0),
        "{}",
        text(&verified.stderr)
    );

    let backed_up = exported_events(&target);
    let whole = exported_events(live.path());
    assert!(!backed_up.is_empty());
    assert!(
        backed_up.len() < whole.len(),
        "the live log went on after the backup"
    );
    assert_eq!(
        backed_up[..],
        whole[..backed_up.len()],
        "the backup is exactly a prefix of the live log"
    );
}

#[tokio::test]
async fn a_rebuild_against_the_running_server_swaps_in_a_new_generation_while_it_serves() {
    let app = county_with_admin().await;
    let resident = app.dev_login("o-rebuild-resident").await;
    let filed = app
        .post(
            "/api/v1/complaints",
            Some(&resident),
            json!({
                "category": "theft",
                "occurred_at": "2026-11-21T08:00:00Z",
                "address": "青芝坞路",
                "point": {"lon": 120.121, "lat": 30.261},
                "description": "电动车被偷了。",
            }),
        )
        .await;
    assert_eq!(filed.status(), 201);
    let id = filed.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let status = |app: &TestApp| {
        let request = app
            .http
            .get(format!("{}/admin/v1/status", app.base))
            .bearer_auth(ADMIN_TOKEN);
        async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let build_of = |status: &Value| {
        status["projections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == "complaint_progress")
            .unwrap()["build"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let before = build_of(&status(&app).await);

    let out = linli_async(args(&[
        "rebuild",
        "complaint_progress",
        "--server",
        &app.base,
        "--admin-token",
        ADMIN_TOKEN,
    ]))
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("complaint_progress"),
        "{}",
        text(&out.stdout)
    );
    let after = build_of(&status(&app).await);
    assert_ne!(before, after, "a new generation serves");

    // The rebuilt read model answers as the old one did.
    let detail = app
        .get(&format!("/api/v1/complaints/{id}"), Some(&resident))
        .await;
    assert_eq!(detail.status(), 200);

    let unknown = linli_async(args(&[
        "rebuild",
        "no_such_model",
        "--server",
        &app.base,
        "--admin-token",
        ADMIN_TOKEN,
    ]))
    .await;
    assert_eq!(unknown.status.code(), Some(2), "{}", text(&unknown.stderr));
    // Without the token the admin routes do not answer at all.
    let response = app
        .http
        .get(format!("{}/admin/v1/status", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn an_auditor_reads_the_log_a_stream_its_state_then_the_checkpoints_and_a_verify_run() {
    let data = tempfile::tempdir().unwrap();
    grant_roles(data.path());
    let app = spawn_app_in(data, &["--dev-login", "--checkpoint-every-events", "5"]);
    let manager = app.dev_login(MANAGER).await;
    assert_eq!(
        app.post("/api/v1/directory/import", Some(&manager), directory())
            .await
            .status(),
        200
    );
    let resident = app.dev_login("o-audited-resident").await;
    let filed = app
        .post(
            "/api/v1/complaints",
            Some(&resident),
            json!({
                "category": "theft",
                "occurred_at": "2026-11-21T08:00:00Z",
                "address": "青芝坞路",
                "point": {"lon": 120.121, "lat": 30.261},
                "description": "电动车被偷了。",
            }),
        )
        .await;
    assert_eq!(filed.status(), 201);
    let complaint = format!(
        "complaint-{}",
        filed.json::<Value>().await.unwrap()["id"].as_str().unwrap()
    );
    let auditor = app.dev_login(AUDITOR).await;
    let get = |path: String, token: String| {
        let app = &app;
        async move {
            let response = app.get(&path, Some(&token)).await;
            assert_eq!(response.status(), 200, "{path}");
            response.json::<Value>().await.unwrap()
        }
    };

    // The log by range, paged, with the hash chain visible.
    let page = get(
        "/api/v1/audit/events?from=2&to=4&limit=2".into(),
        auditor.clone(),
    )
    .await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["position"], 2);
    assert_eq!(items[1]["prev_hash"], items[0]["hash"]);
    assert_eq!(page["next"], "4");
    let rest = get(
        "/api/v1/audit/events?to=4&limit=2&cursor=4".into(),
        auditor.clone(),
    )
    .await;
    assert_eq!(rest["items"].as_array().unwrap().len(), 1);
    assert!(rest["next"].is_null());

    // One stream, and its state at its first event.
    let history = get(
        format!("/api/v1/audit/streams/{complaint}"),
        auditor.clone(),
    )
    .await;
    let history = history["items"].as_array().unwrap();
    assert_eq!(history[0]["event_type"], "complaint.filed");
    let filed_at = history[0]["position"].as_u64().unwrap();
    let state = get(
        format!("/api/v1/audit/streams/{complaint}/state?at={filed_at}"),
        auditor.clone(),
    )
    .await;
    assert_eq!(state["version"], 1);
    assert!(state["state"].is_object());
    let before = get(
        format!(
            "/api/v1/audit/streams/{complaint}/state?at={}",
            filed_at - 1
        ),
        auditor.clone(),
    )
    .await;
    assert_eq!(before["version"], 0);
    assert_eq!(
        error_code(
            app.get(
                &format!("/api/v1/audit/streams/{complaint}/state?at=yesterday"),
                Some(&auditor)
            )
            .await,
            422
        )
        .await,
        "audit.bad_moment"
    );

    // A resident reads none of it.
    for route in [
        "/api/v1/audit/events".to_owned(),
        format!("/api/v1/audit/streams/{complaint}"),
        "/api/v1/audit/checkpoints".to_owned(),
        "/api/v1/audit/verify".to_owned(),
    ] {
        assert_eq!(
            error_code(app.get(&route, Some(&resident)).await, 403).await,
            "auth.forbidden",
            "{route}"
        );
    }

    // Checkpoints are recorded in the background, every 5 events here.
    let mut checkpoints = Value::Null;
    for _ in 0..300 {
        checkpoints = get("/api/v1/audit/checkpoints".into(), auditor.clone()).await;
        if checkpoints["items"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let first = &checkpoints["items"][0];
    let pinned = first["position"]
        .as_u64()
        .expect("a checkpoint was recorded");
    let at_pin = get(
        format!("/api/v1/audit/events?from={pinned}&limit=1"),
        auditor.clone(),
    )
    .await;
    assert_eq!(
        at_pin["items"][0]["hash"], first["hash"],
        "it pins the log's hash there"
    );

    // A verify run in the background, polled to its end.
    let started = app
        .http
        .post(format!("{}/api/v1/audit/verify", app.base))
        .bearer_auth(&auditor)
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), 202);
    let mut run = Value::Null;
    for _ in 0..600 {
        run = get("/api/v1/audit/verify".into(), auditor.clone()).await;
        if run["state"] != "running" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(run["state"], "ok", "{run}");
    assert!(run["head_position"].as_u64().unwrap() >= pinned);
    assert!(run["chain_checkpoints"].as_u64().unwrap() >= 1, "{run}");
}

#[tokio::test]
async fn a_chain_checkpoint_is_recorded_on_time_even_below_the_event_count() {
    let data = tempfile::tempdir().unwrap();
    grant_roles(data.path());
    let app = spawn_app_in(
        data,
        &[
            "--dev-login",
            "--checkpoint-every-events",
            "1000000",
            "--checkpoint-every-secs",
            "1",
        ],
    );
    let auditor = app.dev_login(AUDITOR).await;
    let mut items = Vec::new();
    for _ in 0..600 {
        let page: Value = app
            .get("/api/v1/audit/checkpoints", Some(&auditor))
            .await
            .json()
            .await
            .unwrap();
        items = page["items"].as_array().cloned().unwrap_or_default();
        if !items.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(!items.is_empty(), "no checkpoint was recorded on time");
    // It pins a head that holds real events, never only checkpoints.
    let pinned = items[0]["position"].as_u64().unwrap();
    let at_pin: Value = app
        .get(
            &format!("/api/v1/audit/events?from={pinned}&limit=1"),
            Some(&auditor),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(at_pin["items"][0]["hash"], items[0]["hash"]);
    assert_ne!(at_pin["items"][0]["event_type"], "chain.checkpointed");
}
