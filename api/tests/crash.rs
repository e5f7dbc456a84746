//! kill -9 the server while 32 clients are filing complaints. After a restart, every
//! complaint that got a 2xx is there, `linli verify` passes, and the read models equal a
//! fresh rebuild from the log.

mod common;
mod fixtures;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{linli_ok, spawn_app_in, TestApp};

use fixtures::*;
use linli_eventlog::{import_ndjson, EventLog, LogConfig, Position};
use linli_projections::{all_specs, DomainDecoder, Projector, RuntimeConfig};
use serde_json::{json, Value};

const CLIENTS: usize = 32;

async fn filing_client(app: Arc<TestApp>, client: usize, acked: Arc<Mutex<Vec<(String, String)>>>) {
    let openid = format!("o-crash-{client}");
    let Ok(login) = app
        .post("/api/v1/auth/dev", None, json!({"openid": openid}))
        .await
        .json::<Value>()
        .await
    else {
        return;
    };
    let Some(token) = login["token"].as_str().map(str::to_owned) else {
        return;
    };
    for n in 0.. {
        let body = json!({
            "category": if n % 2 == 0 { "theft" } else { "environment" },
            "occurred_at": "2026-11-21T08:00:00Z",
            "address": "青芝坞路",
            "point": {"lon": 120.121, "lat": 30.261},
            "description": format!("压力测试 {client}-{n}"),
        });
        let sent = app
            .http
            .post(format!("{}/api/v1/complaints", app.base))
            .bearer_auth(&token)
            .header("Idempotency-Key", format!("crash-{client}-{n}"))
            .json(&body)
            .send()
            .await;
        match sent {
            Ok(response) if response.status().is_success() => {
                if let Ok(body) = response.json::<Value>().await {
                    acked.lock().unwrap().push((
                        openid.clone(),
                        body["id"].as_str().unwrap_or_default().to_owned(),
                    ));
                }
            }
            // The server died: this client is done.
            _ => return,
        }
    }
}

/// Every projection tree of a store, after its read models caught up with the log.
async fn read_models(path: &std::path::Path) -> BTreeMap<String, Vec<(Vec<u8>, Vec<u8>)>> {
    let log = EventLog::open(LogConfig::new(path)).unwrap();
    let projector =
        Projector::start(&log, DomainDecoder, all_specs(), RuntimeConfig::default()).unwrap();
    projector
        .wait_for(log.head().position, Duration::from_secs(60))
        .await
        .unwrap();
    let mut dumps = BTreeMap::new();
    for id in projector.ids() {
        dumps.insert(
            id.to_string(),
            projector.serving(id.as_str()).unwrap().dump().unwrap(),
        );
    }
    projector.shutdown().await;
    log.close().await;
    dumps
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_acknowledged_filing_survives_kill_9_and_the_read_models_equal_a_rebuild() {
    let data = tempfile::tempdir().unwrap();
    grant_roles(data.path());
    let app = spawn_app_in(data, &["--dev-login"]);
    let manager = app.dev_login(MANAGER).await;
    assert_eq!(
        app.post("/api/v1/directory/import", Some(&manager), directory())
            .await
            .status(),
        200
    );

    let app = Arc::new(app);
    let acked = Arc::new(Mutex::new(Vec::new()));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| tokio::spawn(filing_client(app.clone(), c, acked.clone())))
        .collect();
    tokio::time::sleep(Duration::from_millis(2500)).await;
    // SIGKILL mid-flight; clients see their connections drop and stop.
    let killed = std::process::Command::new("kill")
        .args(["-KILL", &app.pid().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    for client in clients {
        client.await.unwrap();
    }
    let app = Arc::try_unwrap(app).unwrap_or_else(|_| panic!("clients still hold the app"));
    let data = app.kill9();
    let acked = acked.lock().unwrap().clone();
    assert!(
        acked.len() >= CLIENTS,
        "too few filings before the kill to prove anything: {}",
        acked.len()
    );

    // Restart: every acknowledged complaint is there for its resident.
    let app = spawn_app_in(data, &["--dev-login"]);
    let position: Value = app.get("/healthz", None).await.json().await.unwrap();
    let head = position["log_position"].as_u64().unwrap();
    let mut tokens = BTreeMap::new();
    for (openid, id) in &acked {
        if !tokens.contains_key(openid) {
            tokens.insert(openid.clone(), app.dev_login(openid).await);
        }
        let response = app
            .get(
                &format!("/api/v1/complaints/{id}?after={head}"),
                Some(&tokens[openid]),
            )
            .await;
        assert_eq!(
            response.status(),
            200,
            "acknowledged complaint {id} is missing after the crash"
        );
    }
    let data = app.stop();

    // The chain and indexes verify.
    linli_ok(&["verify", "--data", data.path().to_str().unwrap()]);

    // The read models the server kept across the crash equal a rebuild from the log.
    let kept = read_models(data.path()).await;
    let export = tempfile::NamedTempFile::new().unwrap();
    {
        let log = EventLog::open_read_only(LogConfig::new(data.path())).unwrap();
        let mut out = std::io::BufWriter::new(std::fs::File::create(export.path()).unwrap());
        log.export_ndjson(Position(1), &mut out, &mut |_| {})
            .unwrap();
    }
    let fresh = tempfile::tempdir().unwrap();
    let mut input = std::io::BufReader::new(std::fs::File::open(export.path()).unwrap());
    import_ndjson(&LogConfig::new(fresh.path()), &mut input, &mut |_| {}).unwrap();
    let rebuilt = read_models(fresh.path()).await;
    assert_eq!(
        kept.keys().collect::<Vec<_>>(),
        rebuilt.keys().collect::<Vec<_>>()
    );
    for (id, tree) in &kept {
        assert!(
            tree == &rebuilt[id],
            "read model {id} differs from a fresh rebuild"
        );
    }
}
