//! An order's contact phone and exact address are personal data (issue 7): sealed under the
//! resident's key in the log and the read models, opened for the resident and the order's
//! provider only, and unavailable — never an error — once `linli forget` destroyed the key.

mod common;
mod fixtures;
mod services_support;

use std::path::Path;
use std::process::Command;

use common::{linli_ok, spawn_app_in, TestApp};
use fixtures::{county, AUDITOR, NO_FLAGS};
use serde_json::{json, Value};
use services_support::*;

const ADDRESS: &str = "青芝坞路 18 号 2 单元 301";
const PHONE: &str = "13900000002";

fn export(data: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_linli"))
        .args(["export", "--data", data.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The payload of every `order.reserved` in an NDJSON export.
fn reservations(export: &str) -> Vec<(u64, Value)> {
    export
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|l| l["event_type"] == "order.reserved")
        .map(|l| {
            let payload = serde_json::from_str(l["payload"].as_str().unwrap()).unwrap();
            (l["schema_version"].as_u64().unwrap_or(0), payload)
        })
        .collect()
}

fn assert_opened(view: &Value) {
    assert_eq!(view["address"], json!(ADDRESS), "{view}");
    assert_eq!(view["contact_phone"], json!(PHONE), "{view}");
    assert_eq!(view["contact_name"], json!("王阿姨"), "{view}");
    assert_eq!(view["address_status"], json!("shown"), "{view}");
    assert_eq!(view["contact_phone_status"], json!("shown"), "{view}");
}

fn assert_unavailable(view: &Value, status: &str) {
    for (field, marker) in [
        ("address", "address_status"),
        ("contact_phone", "contact_phone_status"),
    ] {
        assert_eq!(view[field], Value::Null, "{view}");
        assert_eq!(view[marker], json!(status), "{view}");
    }
    assert_eq!(view["contact_name"], json!("王阿姨"), "{view}");
}

async fn resident_id(app: &TestApp, token: &str) -> String {
    let me = json_of(app.get("/api/v1/me", Some(token)).await, 200).await;
    me["id"]
        .as_str()
        .or_else(|| me["user"]["id"].as_str())
        .unwrap_or_else(|| panic!("no id in {me}"))
        .to_owned()
}

#[tokio::test]
async fn an_orders_phone_and_address_are_sealed_and_opened_for_the_resident_and_provider_only() {
    let (app, manager) = county(NO_FLAGS).await;
    let world = catalog(&app, &manager, PROVIDER).await;
    let resident = app.dev_login(RESIDENT).await;
    let (id, position) = reserve(&app, &resident, &world.cleaning, &world.slot).await;

    assert_opened(&order(&app, &resident, &id, position).await);
    assert_opened(&order(&app, &world.provider_token, &id, position).await);
    let mine = json_of(app.get("/api/v1/me/orders", Some(&resident)).await, 200).await;
    assert_opened(&mine["items"][0]);
    let theirs = json_of(
        app.get(
            &format!("/api/v1/providers/{}/orders", world.provider),
            Some(&world.provider_token),
        )
        .await,
        200,
    )
    .await;
    assert_opened(&theirs["items"][0]);

    // Staff may read the order, but its personal data only through the recorded route.
    let auditor = app.dev_login(AUDITOR).await;
    assert_unavailable(&order(&app, &auditor, &id, position).await, "redacted");
    assert_unavailable(&order(&app, &manager, &id, position).await, "redacted");

    // The provider's inbox message names the service and the resident, not where they live.
    let inbox = json_of(
        app.get(
            &format!("/api/v1/inbox?after={position}"),
            Some(&world.provider_token),
        )
        .await,
        200,
    )
    .await;
    let text = inbox.to_string();
    assert!(text.contains("深度保洁"), "{text}");
    assert!(
        !text.contains("青芝坞路") && !text.contains(PHONE),
        "{text}"
    );

    let data = app.stop();
    let exported = export(data.path());
    assert!(!exported.contains("青芝坞路"), "the address is in the log");
    assert!(!exported.contains(PHONE), "the phone is in the log");
    let reserved = reservations(&exported);
    assert_eq!(reserved.len(), 1);
    let (version, payload) = &reserved[0];
    assert_eq!(*version, 2);
    assert_eq!(payload["address"]["alg"], json!("A256GCM"), "{payload}");
    assert_eq!(
        payload["contact_phone"]["alg"],
        json!("A256GCM"),
        "{payload}"
    );
    // The read models hold no plaintext either.
    let mut leaked = Vec::new();
    for entry in walkdir(data.path()) {
        if entry.starts_with(data.path().join("keys")) {
            continue;
        }
        let bytes = std::fs::read(&entry).unwrap();
        if bytes.windows(PHONE.len()).any(|w| w == PHONE.as_bytes()) {
            leaked.push(entry);
        }
    }
    assert!(leaked.is_empty(), "plain phone stored in {leaked:?}");
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walkdir(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[tokio::test]
async fn after_forget_the_order_still_reads_with_its_phone_and_address_unavailable_and_verify_passes(
) {
    let (app, manager) = county(NO_FLAGS).await;
    let world = catalog(&app, &manager, PROVIDER).await;
    let resident = app.dev_login(RESIDENT).await;
    let user = resident_id(&app, &resident).await;
    let (id, position) = reserve(&app, &resident, &world.cleaning, &world.slot).await;
    assert_opened(&order(&app, &world.provider_token, &id, position).await);

    let data = app.stop();
    let dir = data.path().to_str().unwrap().to_owned();
    linli_ok(&["forget", "--data", &dir, &user, "--reason", "本人申请"]);
    linli_ok(&["verify", "--data", &dir]);

    let app = spawn_app_in(data, &["--dev-login"]);
    let resident = app.dev_login(RESIDENT).await;
    let provider = app.dev_login(PROVIDER).await;
    let after = app.head().await;
    assert_unavailable(&order(&app, &resident, &id, after).await, "forgotten");
    assert_unavailable(&order(&app, &provider, &id, after).await, "forgotten");
    let schedule = json_of(
        app.get(
            &format!(
                "/api/v1/providers/{}/schedule?after={after}&from=2000-01-01T00:00:00Z",
                world.provider
            ),
            Some(&provider),
        )
        .await,
        200,
    )
    .await;
    assert_unavailable(&schedule["items"][0], "forgotten");
}
