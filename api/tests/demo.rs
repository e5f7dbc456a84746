//! The demo county, black-box: `serve --demo` fills an empty store so the county dashboard
//! looks alive at once, and loading again is a no-op while a foreign store is refused.

mod common;

use std::process::Command;

use common::{linli_ok, spawn_app};
use serde_json::Value;

fn count_where(list: &Value, positive: impl Fn(&Value) -> bool) -> usize {
    list.as_array()
        .unwrap()
        .iter()
        .filter(|e| positive(e))
        .count()
}

#[tokio::test]
async fn the_demo_loads_into_an_empty_store_and_the_county_dashboard_shows_many_statuses_and_categories(
) {
    let app = spawn_app(&["--demo", "--dev-login"]);
    let health: Value = app.get("/healthz", None).await.json().await.unwrap();
    let head = health["log_position"].as_u64().unwrap();
    assert!(head > 1000, "the demo writes a real history, head {head}");

    let manager = app.dev_login("demo-county-manager").await;
    let response = app
        .get(&format!("/api/v1/dashboard?after={head}"), Some(&manager))
        .await;
    assert_eq!(response.status(), 200);
    let dashboard: Value = response.json().await.unwrap();
    assert!(dashboard["filed"].as_u64().unwrap() >= 300, "{dashboard}");
    let statuses = count_where(&dashboard["by_status"], |e| {
        e["count"].as_u64().unwrap() > 0
    });
    assert!(statuses >= 6, "statuses: {}", dashboard["by_status"]);
    for status in [
        "triage",
        "assigned",
        "in_progress",
        "resolved",
        "closed",
        "withdrawn",
        "merged",
    ] {
        assert!(
            dashboard["by_status"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["status"] == status),
            "no {status}: {}",
            dashboard["by_status"]
        );
    }
    let categories = count_where(&dashboard["by_category"], |e| {
        e["count"].as_u64().unwrap() > 0
    });
    assert_eq!(categories, 7, "categories: {}", dashboard["by_category"]);

    // Every demo login works and the directory is the county's.
    for openid in [
        "demo-resident",
        "demo-grid-worker",
        "demo-village-cadre",
        "demo-township-manager",
        "demo-auditor",
    ] {
        app.dev_login(openid).await;
    }
    let tree: Value = app
        .get("/api/v1/directory", Some(&manager))
        .await
        .json()
        .await
        .unwrap();
    let townships = tree["tree"][0]["children"].as_array().unwrap();
    assert!(townships.len() >= 3);
    let villages: usize = townships
        .iter()
        .map(|t| t["children"].as_array().unwrap().len())
        .sum();
    assert!(villages >= 12, "{villages} villages");
    // The grid worker has a queue.
    let worker = app.dev_login("demo-grid-worker").await;
    assert_eq!(app.get("/api/v1/queue", Some(&worker)).await.status(), 200);

    // Life services: a month of orders on the services dashboard, listings in the catalog,
    // and the demo provider's own orders.
    let usage: Value = app
        .get(
            &format!("/api/v1/dashboard/service-usage?after={head}"),
            Some(&manager),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(usage["orders"].as_u64().unwrap() >= 50, "{usage}");
    assert!(usage["completed"].as_u64().unwrap() > 0, "{usage}");
    assert!(usage["revenue"].as_i64().unwrap() > 0, "{usage}");
    assert!(usage["average_rating"].as_f64().unwrap() >= 3.0, "{usage}");
    let categories: std::collections::BTreeSet<&str> = usage["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["category"].as_str().unwrap())
        .collect();
    assert_eq!(categories.len(), 5, "{categories:?}");
    let resident = app.dev_login("demo-resident").await;
    let catalog: Value = app
        .get("/api/v1/services?limit=100", Some(&resident))
        .await
        .json()
        .await
        .unwrap();
    assert!(catalog["items"].as_array().unwrap().len() >= 9, "{catalog}");
    let provider = app.dev_login("demo-provider").await;
    let me: Value = app
        .get("/api/v1/me", Some(&provider))
        .await
        .json()
        .await
        .unwrap();
    let orders: Value = app
        .get(
            &format!("/api/v1/providers/{}/orders", me["id"].as_str().unwrap()),
            Some(&provider),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(!orders["items"].as_array().unwrap().is_empty(), "{orders}");
}

fn events_in(data: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_linli"))
        .args(["verify", "--data", data])
        .output()
        .unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn loading_the_demo_twice_writes_nothing_more_and_a_store_with_other_events_is_refused() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    linli_ok(&["demo", "--data", dir]);
    let first = events_in(dir);
    linli_ok(&["demo", "--data", dir]);
    assert_eq!(events_in(dir), first, "a second load is a no-op");

    let other = tempfile::tempdir().unwrap();
    let other_dir = other.path().to_str().unwrap();
    linli_ok(&[
        "grant",
        "--data",
        other_dir,
        "--openid",
        "o-someone",
        "--role",
        "auditor",
    ]);
    let before = events_in(other_dir);
    let output = Command::new(env!("CARGO_BIN_EXE_linli"))
        .args(["demo", "--data", other_dir])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not a demo load"), "{stderr}");
    assert_eq!(events_in(other_dir), before);
}

#[tokio::test]
async fn the_demo_fills_the_announcement_feed_the_forum_events_and_the_other_neighbourhood_feeds() {
    let app = spawn_app(&["--demo", "--dev-login"]);
    let health: Value = app.get("/healthz", None).await.json().await.unwrap();
    let head = health["log_position"].as_u64().unwrap();
    let resident = app.dev_login("demo-resident").await;
    let read = |path: String, token: String| {
        let app = &app;
        async move {
            let response = app.get(&path, Some(&token)).await;
            assert_eq!(response.status(), 200, "{path}");
            response.json::<Value>().await.unwrap()
        }
    };
    let feed = read(
        format!("/api/v1/announcements/feed?after={head}"),
        resident.clone(),
    )
    .await;
    let items = feed["items"].as_array().unwrap();
    assert!(items.len() >= 2, "{feed}");
    assert_eq!(
        items[0]["pinned"],
        Value::Bool(true),
        "pinned first: {feed}"
    );
    let inbox = read(format!("/api/v1/inbox?after={head}"), resident.clone()).await;
    assert!(
        inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["kind"] == "announcement"),
        "{inbox}"
    );
    for path in [
        "/api/v1/forum/posts",
        "/api/v1/activities",
        "/api/v1/listings",
        "/api/v1/help-requests",
        "/api/v1/ideas",
        "/api/v1/guides",
    ] {
        let page = read(format!("{path}?after={head}"), resident.clone()).await;
        assert!(
            !page["items"].as_array().unwrap().is_empty(),
            "{path}: {page}"
        );
    }
    let mine = read(format!("/api/v1/me/errands?after={head}"), resident.clone()).await;
    assert!(!mine["items"].as_array().unwrap().is_empty(), "{mine}");

    let manager = app.dev_login("demo-county-manager").await;
    let counts = read(
        format!("/api/v1/neighbourhood/dashboard?after={head}"),
        manager.clone(),
    )
    .await;
    for key in [
        "posts",
        "posts_hidden",
        "comments",
        "activities",
        "seats_taken",
        "waitlisted",
        "listings",
        "help_requests",
        "ideas",
        "idea_supports",
    ] {
        assert!(counts[key].as_u64().unwrap() > 0, "{key}: {counts}");
    }
    let civic = read(format!("/api/v1/dashboard/civic?after={head}"), manager).await;
    for kind in ["announcements", "applications", "errands", "feedback"] {
        let total: u64 = civic[kind]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum();
        assert!(total > 0, "{kind}: {civic}");
    }
    // Scanned materials and verified documents carry applications and errands to the end.
    assert!(
        civic["applications"]["approved"].as_u64().unwrap() > 0,
        "{civic}"
    );
    assert!(
        civic["errands"]["completed"].as_u64().unwrap() > 0,
        "{civic}"
    );
    assert!(
        civic["errands"]["cancelled"].as_u64().unwrap() > 0,
        "{civic}"
    );
}
