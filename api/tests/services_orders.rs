//! Who may move an order, what cancelling does in each state, and refunds (full and
//! partial, through the sandbox and through WeChat Pay's refund notification).

mod common;
mod fixtures;
mod services_support;

use common::{error_code, TestApp};
use fixtures::county;
use linli_wechat::testing;
use serde_json::{json, Value};
use services_support::*;

async fn sandbox() -> (TestApp, String, Catalog) {
    let (app, manager) = county(&["--pay-sandbox".to_owned()]).await;
    let world = catalog(&app, &manager, PROVIDER).await;
    (app, manager, world)
}

async fn post(app: &TestApp, token: &str, id: &str, what: &str, body: Value) -> reqwest::Response {
    app.post(&format!("/api/v1/orders/{id}/{what}"), Some(token), body)
        .await
}

/// Requests payment and pays through the sandbox.
async fn pay(app: &TestApp, resident: &str, id: &str) {
    json_of(post(app, resident, id, "pay", json!(null)).await, 200).await;
    let paid = json_of(
        app.post(
            &format!("/api/v1/pay/sandbox/orders/{id}/pay"),
            Some(resident),
            json!(null),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(paid["acknowledged"], json!(true));
}

fn worker() -> Value {
    json!({"worker": {"name": "李师傅", "phone": "13700000003"}})
}

#[tokio::test]
async fn only_the_resident_cancels_or_rates_and_only_the_orders_provider_dispatches_or_completes() {
    let (app, manager, world) = sandbox().await;
    let resident = app.dev_login(RESIDENT).await;
    let neighbour = app.dev_login(NEIGHBOUR).await;
    let provider = &world.provider_token;
    // A second approved provider, a stranger to this order.
    let other = catalog(&app, &manager, OTHER_PROVIDER).await.provider_token;
    let (id, _) = reserve(&app, &resident, &world.cleaning, &world.slot).await;

    // Strangers cannot read it, pay it or cancel it; neither can the provider cancel it.
    let view = app
        .get(&format!("/api/v1/orders/{id}"), Some(&neighbour))
        .await;
    error_code(view, 404).await;
    error_code(post(&app, &neighbour, &id, "pay", json!(null)).await, 403).await;
    let cancel = json!({"reason": "不想要了"});
    for token in [&neighbour, provider, &other, &manager] {
        let refused = post(&app, token, &id, "cancel", cancel.clone()).await;
        assert_eq!(error_code(refused, 403).await, "services.not_allowed");
    }
    pay(&app, &resident, &id).await;

    // Only the order's provider dispatches, starts and completes.
    for token in [&resident, &neighbour] {
        let refused = post(&app, token, &id, "dispatch", worker()).await;
        error_code(refused, 403).await;
    }
    let refused = post(&app, &other, &id, "dispatch", worker()).await;
    assert_eq!(error_code(refused, 403).await, "services.not_allowed");
    step(&app, provider, &id, "dispatch", worker()).await;
    let refused = post(&app, &other, &id, "start", json!({})).await;
    error_code(refused, 403).await;
    step(&app, provider, &id, "start", json!({})).await;
    for token in [&other, &resident] {
        let refused = post(&app, token, &id, "complete", json!({})).await;
        error_code(refused, 403).await;
    }
    // Evaluating before completion is a state error, not a permission one.
    let early = post(&app, &resident, &id, "evaluate", json!({"score": 4})).await;
    assert_eq!(error_code(early, 409).await, "services.wrong_state");
    step(&app, provider, &id, "complete", json!({})).await;

    // Only the resident who placed it rates it, once.
    let rating = json!({"score": 4, "tags": ["准时"], "text": "不错"});
    for token in [&neighbour, provider, &manager] {
        let refused = post(&app, token, &id, "evaluate", rating.clone()).await;
        error_code(refused, 403).await;
    }
    let at = step(&app, &resident, &id, "evaluate", rating.clone()).await;
    let again = post(&app, &resident, &id, "evaluate", rating).await;
    assert_eq!(error_code(again, 409).await, "services.wrong_state");
    let view = order(&app, &resident, &id, at).await;
    assert_eq!(view["status"], json!("evaluated"));
    assert_eq!(view["score"], json!(4));
}

#[tokio::test]
async fn an_order_can_be_cancelled_until_work_starts_and_a_paid_one_is_refunded_in_full() {
    let (app, _manager, world) = sandbox().await;
    let resident = app.dev_login(RESIDENT).await;
    let provider = &world.provider_token;
    let (slot, _) = open_slot(&app, provider, &world.repair, 10).await;
    let reason = json!({"reason": "临时有事"});
    let mut last = 0;

    // reserved, payment requested: cancelled, nothing to refund.
    let (reserved, _) = reserve(&app, &resident, &world.repair, &slot).await;
    let (requested, _) = reserve(&app, &resident, &world.repair, &slot).await;
    json_of(
        post(&app, &resident, &requested, "pay", json!(null)).await,
        200,
    )
    .await;
    for id in [&reserved, &requested] {
        last = step(&app, &resident, id, "cancel", reason.clone()).await;
        let view = order(&app, &resident, id, last).await;
        assert_eq!(view["status"], json!("cancelled"));
        assert_eq!(view["refunded"], json!(0));
    }

    // paid, dispatched: cancelled and refunded in full.
    let (paid, _) = reserve(&app, &resident, &world.repair, &slot).await;
    pay(&app, &resident, &paid).await;
    let (dispatched, _) = reserve(&app, &resident, &world.repair, &slot).await;
    pay(&app, &resident, &dispatched).await;
    step(&app, provider, &dispatched, "dispatch", worker()).await;
    for id in [&paid, &dispatched] {
        step(&app, &resident, id, "cancel", reason.clone()).await;
        let view = order(&app, &resident, id, app.head().await).await;
        assert_eq!(view["status"], json!("cancelled"));
        assert_eq!(view["paid"], json!(5000));
        assert_eq!(view["refunded"], json!(5000), "{view}");
    }

    // started, completed: too late.
    let (started, _) = reserve(&app, &resident, &world.repair, &slot).await;
    pay(&app, &resident, &started).await;
    step(&app, provider, &started, "dispatch", worker()).await;
    step(&app, provider, &started, "start", json!({})).await;
    let refused = post(&app, &resident, &started, "cancel", reason.clone()).await;
    assert_eq!(error_code(refused, 409).await, "services.wrong_state");
    step(&app, provider, &started, "complete", json!({})).await;
    let refused = post(&app, &resident, &started, "cancel", reason.clone()).await;
    assert_eq!(error_code(refused, 409).await, "services.wrong_state");
    // A cancelled order stays cancelled.
    let refused = post(&app, &resident, &reserved, "cancel", reason).await;
    assert_eq!(error_code(refused, 409).await, "services.wrong_state");

    // The four cancelled orders gave their places back; the completed one holds its own.
    let slots = json_of(
        app.get(
            &format!(
                "/api/v1/services/{}/slots?after={}",
                world.repair,
                app.head().await.max(last)
            ),
            Some(&resident),
        )
        .await,
        200,
    )
    .await;
    let ours = slots["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == json!(slot))
        .unwrap();
    assert_eq!(ours["booked"], json!(1), "{ours}");
    assert_eq!(ours["remaining"], json!(9), "{ours}");
}

#[tokio::test]
async fn the_provider_refunds_part_then_the_rest_and_never_more_than_was_paid() {
    let (app, manager, world) = sandbox().await;
    let resident = app.dev_login(RESIDENT).await;
    let provider = &world.provider_token;
    let (id, _) = reserve(&app, &resident, &world.cleaning, &world.slot).await;

    // Nothing to refund before payment.
    let body = |amount: i64| json!({"amount": amount, "reason": "部分服务未完成"});
    let refused = post(&app, provider, &id, "refund", body(100)).await;
    assert_eq!(error_code(refused, 409).await, "services.wrong_state");
    pay(&app, &resident, &id).await;
    step(&app, provider, &id, "dispatch", worker()).await;
    step(&app, provider, &id, "start", json!({})).await;
    step(&app, provider, &id, "complete", json!({})).await;

    // The resident cannot refund themselves.
    error_code(post(&app, &resident, &id, "refund", body(100)).await, 403).await;
    step(&app, provider, &id, "refund", body(3000)).await;
    let view = order(&app, &resident, &id, app.head().await).await;
    assert_eq!(view["refunded"], json!(3000));
    let too_much = post(&app, provider, &id, "refund", body(9001)).await;
    assert_eq!(error_code(too_much, 422).await, "services.refund_too_large");
    let nothing = post(&app, provider, &id, "refund", body(0)).await;
    error_code(nothing, 422).await;
    // A manager may refund too: the rest.
    step(&app, &manager, &id, "refund", body(9000)).await;
    let view = order(&app, &resident, &id, app.head().await).await;
    assert_eq!(view["refunded"], json!(12000));
    let events = stream_events(&app, &format!("order-{id}")).await;
    assert_eq!(
        events.iter().filter(|e| *e == "order.refunded").count(),
        2,
        "{events:?}"
    );
}

#[tokio::test]
async fn a_partial_refund_is_asked_of_wechat_pay_and_recorded_once_its_notification_arrives() {
    let wechat = Wechat::start().await;
    let (app, manager) = county(&wechat.flags()).await;
    let world = catalog(&app, &manager, PROVIDER).await;
    let resident = app.dev_login(RESIDENT).await;
    let (id, _) = reserve(&app, &resident, &world.cleaning, &world.slot).await;
    json_of(post(&app, &resident, &id, "pay", json!(null)).await, 200).await;
    let trade = trade_no(&id);
    let tx = transaction(&trade, 12000, "4200001234202612070000000030");
    let paid = payment(&testing::pub_key_signer(), &tx, now());
    assert_ok(&deliver(&app, &paid.headers, paid.body).await);

    step(
        &app,
        &world.provider_token,
        &id,
        "refund",
        json!({"amount": 2000, "reason": "少做了一间"}),
    )
    .await;
    let asked = wechat
        .fake
        .requests()
        .into_iter()
        .find(|r| r.path_and_query == "/v3/refund/domestic/refunds")
        .expect("a refund was requested")
        .json();
    assert_eq!(asked["out_trade_no"], json!(trade));
    assert_eq!(asked["amount"]["refund"], json!(2000));
    assert_eq!(asked["amount"]["total"], json!(12000));
    let refund_no = asked["out_refund_no"].as_str().unwrap().to_owned();
    // Requested, not yet refunded.
    let view = order(&app, &resident, &id, app.head().await).await;
    assert_eq!(view["refunded"], json!(0));

    // WeChat's REFUND.SUCCESS, delivered twice, records one refund.
    let signer = testing::cert_signer();
    for _ in 0..2 {
        let n = refund_success(&signer, &trade, &refund_no, 2000, 12000);
        assert_ok(&deliver(&app, &n.headers, n.body).await);
    }
    // A refund we never asked for is refused.
    let n = refund_success(&signer, &trade, &format!("{trade}-R9"), 2000, 12000);
    assert_fail(&deliver(&app, &n.headers, n.body).await, 400);
    let view = order(&app, &resident, &id, app.head().await).await;
    assert_eq!(view["refunded"], json!(2000));
    let events = stream_events(&app, &format!("order-{id}")).await;
    assert_eq!(
        events.iter().filter(|e| *e == "order.refunded").count(),
        1,
        "{events:?}"
    );
}
