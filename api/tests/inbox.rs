//! The notifications inbox, black-box: an order's status changes and staff replies on a
//! resident's complaint arrive as messages, with unread counts, mark-read, and the live
//! SSE stream.

mod common;
mod fixtures;
mod services_support;

use common::TestApp;
use fixtures::*;
use serde_json::{json, Value};
use services_support::*;

async fn inbox(app: &TestApp, token: &str, query: &str) -> Value {
    let after = app.head().await;
    json_of(
        app.get(&format!("/api/v1/inbox?after={after}&{query}"), Some(token))
            .await,
        200,
    )
    .await
}

fn titles(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["title"].as_str().unwrap().to_owned())
        .collect()
}

/// Files a complaint in grid A and has its cadre accept it, answer (once shared, once
/// internally) and resolve it. Returns the complaint id.
async fn complaint_answered(app: &TestApp, resident: &str) -> String {
    let filed = json_of(
        app.post(
            "/api/v1/complaints",
            Some(resident),
            json!({
                "category": "environment",
                "occurred_at": "2026-11-20T08:00:00Z",
                "address": "青芝坞路 18 号门口",
                "point": {"lon": 120.121, "lat": 30.261},
                "description": "门口的垃圾桶三天没人清运了。",
                "anonymous": false,
                "public": false
            }),
        )
        .await,
        201,
    )
    .await;
    let id = filed["id"].as_str().unwrap().to_owned();
    let cadre = app.dev_login(CADRE_A).await;
    let path = |what: &str| format!("/api/v1/complaints/{id}/{what}");
    for (what, body) in [
        ("accept", json!(null)),
        ("notes", json!({"text": "已通知保洁公司，今天下午清运"})),
        (
            "notes",
            json!({"text": "保洁公司合同快到期", "internal": true}),
        ),
        (
            "resolve",
            json!({"resolution": "垃圾已清运，已要求每日清运"}),
        ),
    ] {
        json_of(app.post(&path(what), Some(&cadre), body).await, 200).await;
    }
    id
}

#[tokio::test]
async fn order_changes_and_replies_to_a_complaint_arrive_in_the_inbox_and_are_marked_read() {
    let (app, manager) = county(&["--pay-sandbox".to_owned()]).await;
    let world = catalog(&app, &manager, PROVIDER).await;
    let resident = app.dev_login(RESIDENT).await;
    let provider = &world.provider_token;

    // An order reserved, paid and dispatched.
    let (order, _) = reserve(&app, &resident, &world.cleaning, &world.slot).await;
    step(&app, &resident, &order, "pay", json!(null)).await;
    json_of(
        app.post(
            &format!("/api/v1/pay/sandbox/orders/{order}/pay"),
            Some(&resident),
            json!(null),
        )
        .await,
        200,
    )
    .await;
    step(
        &app,
        provider,
        &order,
        "dispatch",
        json!({"worker": {"name": "李师傅", "phone": "13700000003"}}),
    )
    .await;
    let complaint = complaint_answered(&app, &resident).await;

    // The resident: two order messages, three complaint replies (the internal note is not
    // one), newest first, all unread.
    let page = inbox(&app, &resident, "").await;
    assert_eq!(
        titles(&page),
        [
            "诉求已办结",
            "工作人员回复",
            "诉求已受理",
            "已派单",
            "支付成功"
        ],
        "{page}"
    );
    assert_eq!(page["unread"], json!(5));
    let items = page["items"].as_array().unwrap();
    assert_eq!(items[1]["kind"], json!("complaint_reply"));
    assert_eq!(items[1]["body"], json!("已通知保洁公司，今天下午清运"));
    assert_eq!(items[1]["subject"], json!(format!("complaint-{complaint}")));
    assert_eq!(items[3]["kind"], json!("order_status"));
    assert_eq!(items[3]["subject"], json!(format!("order-{order}")));
    assert!(items[3]["body"].as_str().unwrap().contains("李师傅"));
    assert!(items.iter().all(|m| m["read"] == json!(false)));
    assert!(!page.to_string().contains("合同快到期"));

    // The provider: the new order and its payment. Nobody else got anything.
    let theirs = inbox(&app, provider, "").await;
    assert_eq!(titles(&theirs), ["订单已支付", "新订单"], "{theirs}");
    let neighbour = app.dev_login(NEIGHBOUR).await;
    let nothing = inbox(&app, &neighbour, "").await;
    assert_eq!(nothing["unread"], json!(0));
    assert!(nothing["items"].as_array().unwrap().is_empty());

    // Paging.
    let first = inbox(&app, &resident, "limit=3").await;
    assert_eq!(first["items"].as_array().unwrap().len(), 3);
    let cursor = first["next"].as_str().unwrap();
    let second = inbox(&app, &resident, &format!("limit=3&cursor={cursor}")).await;
    assert_eq!(titles(&second), ["已派单", "支付成功"]);

    // Mark one read, then everything up to the newest.
    let one = items[1]["id"].as_u64().unwrap();
    json_of(
        app.post(
            "/api/v1/inbox/read",
            Some(&resident),
            json!({"messages": [one]}),
        )
        .await,
        200,
    )
    .await;
    let page = inbox(&app, &resident, "").await;
    assert_eq!(page["unread"], json!(4));
    assert_eq!(page["items"][1]["read"], json!(true));
    let unread = inbox(&app, &resident, "unread_only=true").await;
    assert_eq!(
        titles(&unread),
        ["诉求已办结", "诉求已受理", "已派单", "支付成功"]
    );
    let newest = items[0]["id"].as_u64().unwrap();
    json_of(
        app.post(
            "/api/v1/inbox/read",
            Some(&resident),
            json!({"up_to": newest}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(inbox(&app, &resident, "").await["unread"], json!(0));
    // The provider's messages are untouched by the resident's reading.
    assert_eq!(inbox(&app, provider, "").await["unread"], json!(2));

    // Neither or both selections: refused, nothing written.
    let before = app.head().await;
    for body in [json!({}), json!({"messages": [one], "up_to": newest})] {
        let refused = app.post("/api/v1/inbox/read", Some(&resident), body).await;
        assert_eq!(common::error_code(refused, 422).await, "inbox.invalid");
    }
    assert_eq!(app.head().await, before);
}

/// Server-sent events read from a streaming response, one `inbox` event at a time.
struct Events {
    response: reqwest::Response,
    buffer: String,
}

impl Events {
    async fn next_inbox(&mut self) -> Value {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                if !block.lines().any(|l| l == "event: inbox") {
                    continue;
                }
                let data: String = block
                    .lines()
                    .filter_map(|l| l.strip_prefix("data: "))
                    .collect();
                return serde_json::from_str(&data).unwrap();
            }
            let chunk = self
                .response
                .chunk()
                .await
                .unwrap()
                .expect("the stream stays open");
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}

#[tokio::test]
async fn the_inbox_stream_pushes_the_unread_count_when_an_order_changes() {
    let (app, manager) = county(&["--pay-sandbox".to_owned()]).await;
    let world = catalog(&app, &manager, PROVIDER).await;
    let resident = app.dev_login(RESIDENT).await;
    let (order, _) = reserve(&app, &resident, &world.cleaning, &world.slot).await;
    step(&app, &resident, &order, "pay", json!(null)).await;

    // Unauthenticated: refused.
    let anonymous = app.get("/api/v1/inbox/stream", None).await;
    common::error_code(anonymous, 401).await;

    let response = app.get("/api/v1/inbox/stream", Some(&resident)).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    let mut events = Events {
        response,
        buffer: String::new(),
    };
    let first = events.next_inbox().await;
    assert_eq!(first["unread"], json!(0), "{first}");

    // The payment lands: the stream says so.
    json_of(
        app.post(
            &format!("/api/v1/pay/sandbox/orders/{order}/pay"),
            Some(&resident),
            json!(null),
        )
        .await,
        200,
    )
    .await;
    let update = events.next_inbox().await;
    assert_eq!(update["unread"], json!(1), "{update}");
    assert_eq!(update["items"][0]["title"], json!("支付成功"));
    assert_eq!(
        update["items"][0]["subject"],
        json!(format!("order-{order}"))
    );

    // Reading it is pushed too.
    let id = update["items"][0]["id"].as_u64().unwrap();
    json_of(
        app.post("/api/v1/inbox/read", Some(&resident), json!({"up_to": id}))
            .await,
        200,
    )
    .await;
    let read = events.next_inbox().await;
    assert_eq!(read["unread"], json!(0), "{read}");
}
