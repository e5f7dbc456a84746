//! The whole story, black-box: a resident files, the right cadre handles, the resident
//! follows, confirms and rates, the dashboard moves. Then the deadline path: with the clock
//! moved forward, an untouched complaint is marked overdue and escalated.

mod common;
mod fixtures;

use common::{json_of, TestApp};
use fixtures::*;
use serde_json::{json, Value};

async fn file(app: &TestApp, token: &str, body: Value, key: &str) -> Value {
    let response = app
        .http
        .post(format!("{}/api/v1/complaints", app.base))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(&body)
        .send()
        .await
        .unwrap();
    json_of(response, 201).await
}

fn theft_at(lon: f64, lat: f64) -> Value {
    json!({
        "category": "theft",
        "occurred_at": "2026-11-20T20:30:00Z",
        "address": "青芝坞路 18 号楼下车棚",
        "point": {"lon": lon, "lat": lat},
        "description": "电动车电瓶昨晚被偷了，车棚的锁是坏的。",
        "anonymous": false,
        "public": false
    })
}

async fn detail(app: &TestApp, token: &str, id: &str, after: u64) -> Value {
    json_of(
        app.get(
            &format!("/api/v1/complaints/{id}?after={after}"),
            Some(token),
        )
        .await,
        200,
    )
    .await
}

async fn me(app: &TestApp, token: &str) -> String {
    let body = json_of(app.get("/api/v1/me", Some(token)).await, 200).await;
    body["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_complaint_goes_from_filing_to_a_rated_close_through_the_right_cadre() {
    let (app, manager) = county(NO_FLAGS).await;
    let resident = app.dev_login("o-resident-wang").await;
    let cadre_a = app.dev_login(CADRE_A).await;
    let cadre_a_id = me(&app, &cadre_a).await;

    // Filed with a point inside grid A: routed to grid A's worker.
    let filed = file(&app, &resident, theft_at(120.121, 30.261), "story-1").await;
    let id = filed["id"].as_str().unwrap().to_owned();
    let position = filed["position"].as_u64().unwrap();
    let view = detail(&app, &resident, &id, position).await;
    assert_eq!(view["complaint"]["cadre"], json!(cadre_a_id));
    assert_eq!(view["complaint"]["jurisdiction"], json!(GRID_A));
    assert_eq!(view["complaint"]["status"], json!("assigned"));

    // Retrying the same submission (same Idempotency-Key) files nothing new.
    let again = file(&app, &resident, theft_at(120.121, 30.261), "story-1").await;
    assert_eq!(again["id"], filed["id"]);
    assert_eq!(again["replay"], json!("duplicate"));

    // The cadre sees it in their queue and handles it.
    let queue = json_of(
        app.get(&format!("/api/v1/queue?after={position}"), Some(&cadre_a))
            .await,
        200,
    )
    .await;
    assert!(
        queue["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["complaint"] == json!(id)),
        "{queue}"
    );
    json_of(
        app.post(
            &format!("/api/v1/complaints/{id}/accept"),
            Some(&cadre_a),
            json!(null),
        )
        .await,
        200,
    )
    .await;
    json_of(
        app.post(
            &format!("/api/v1/complaints/{id}/notes"),
            Some(&cadre_a),
            json!({"text": "已联系物业调取监控"}),
        )
        .await,
        200,
    )
    .await;
    let resolved = json_of(
        app.post(
            &format!("/api/v1/complaints/{id}/resolve"),
            Some(&cadre_a),
            json!({"resolution": "监控找到嫌疑人，已报派出所；车棚锁已更换"}),
        )
        .await,
        200,
    )
    .await;

    // The resident follows the timeline, confirms and rates.
    let view = detail(&app, &resident, &id, resolved["position"].as_u64().unwrap()).await;
    let kinds: Vec<&str> = view["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    for kind in ["filed", "assigned", "accepted", "note_added", "resolved"] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    assert_eq!(view["complaint"]["status"], json!("resolved"));
    json_of(
        app.post(
            &format!("/api/v1/complaints/{id}/confirm"),
            Some(&resident),
            json!(null),
        )
        .await,
        200,
    )
    .await;
    let rated = json_of(
        app.post(
            &format!("/api/v1/complaints/{id}/rate"),
            Some(&resident),
            json!({"score": 5, "tags": ["处理及时", "态度好"]}),
        )
        .await,
        200,
    )
    .await;
    let view = detail(&app, &resident, &id, rated["position"].as_u64().unwrap()).await;
    assert_eq!(view["complaint"]["status"], json!("closed"));
    assert_eq!(view["complaint"]["rating"], json!(5));

    // My complaints lists it; the dashboard counted it.
    let mine = json_of(
        app.get("/api/v1/complaints/mine", Some(&resident)).await,
        200,
    )
    .await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    let dashboard = json_of(
        app.get(
            &format!("/api/v1/dashboard?after={}", rated["position"]),
            Some(&manager),
        )
        .await,
        200,
    )
    .await;
    let text = dashboard.to_string();
    assert!(
        text.contains("theft"),
        "dashboard counts categories: {text}"
    );
}

#[tokio::test]
async fn an_untouched_complaint_is_marked_overdue_and_escalated_when_the_clock_passes_its_deadline()
{
    let (app, _manager) = county(&["--dev-clock"]).await;
    let resident = app.dev_login("o-resident-li").await;
    let filed = file(&app, &resident, theft_at(120.141, 30.251), "late-1").await;
    let id = filed["id"].as_str().unwrap().to_owned();
    let before = detail(&app, &resident, &id, filed["position"].as_u64().unwrap()).await;
    assert_eq!(before["complaint"]["jurisdiction"], json!(GRID_B));
    assert_eq!(before["complaint"]["escalation_level"], json!(0));

    // Ten days later nobody has responded: well past the working-time response limit.
    json_of(
        app.post("/api/v1/dev/clock", None, json!({"minutes": 10 * 24 * 60}))
            .await,
        200,
    )
    .await;
    let ticked = json_of(
        app.post("/api/v1/dev/scheduler/tick", None, json!(null))
            .await,
        200,
    )
    .await;
    // Ten days also outlast the 72-hour session: sign in again, as the mini program would.
    let resident = app.dev_login("o-resident-li").await;
    let after = detail(&app, &resident, &id, ticked["position"].as_u64().unwrap()).await;
    // The escalation is a new assignment with new deadlines, so the flags start afresh;
    // the timeline keeps the overdue mark.
    assert!(
        after["complaint"]["escalation_level"].as_u64().unwrap() >= 1,
        "{after}"
    );
    assert_eq!(
        after["complaint"]["jurisdiction"],
        json!(VILLAGE_B),
        "escalated one level up"
    );
    let kinds: Vec<&str> = after["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"marked_overdue") && kinds.contains(&"escalated"),
        "{kinds:?}"
    );

    // A second tick at the same time writes nothing new.
    let again = json_of(
        app.post("/api/v1/dev/scheduler/tick", None, json!(null))
            .await,
        200,
    )
    .await;
    assert_eq!(again["position"], ticked["position"]);
}
