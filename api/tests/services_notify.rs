//! WeChat Pay notifications that must not pay an order: each is refused in WeChat's reply
//! format (or, for a duplicate, acknowledged without a second event), and none moves the
//! log or the order.

mod common;
mod fixtures;
mod services_support;

use axum::http::HeaderValue;
use fixtures::county;
use linli_wechat::testing;
use linli_wechat::{NotificationSigner, PlatformSerial, UnixTime};
use serde_json::json;
use services_support::*;

/// A server paying through the fake, with one order awaiting payment of 12000 fen.
async fn awaiting_payment() -> (Wechat, common::TestApp, String, String) {
    let wechat = Wechat::start().await;
    let (app, manager) = county(&wechat.flags()).await;
    let world = catalog(&app, &manager, PROVIDER).await;
    let resident = app.dev_login(RESIDENT).await;
    let (id, _) = reserve(&app, &resident, &world.cleaning, &world.slot).await;
    json_of(
        app.post(
            &format!("/api/v1/orders/{id}/pay"),
            Some(&resident),
            json!(null),
        )
        .await,
        200,
    )
    .await;
    (wechat, app, id, resident)
}

/// What must not change: the log's head, the order stream, the order's state.
async fn snapshot(app: &common::TestApp, id: &str, token: &str) -> (u64, Vec<String>, String) {
    let head = app.head().await;
    let events = stream_events(app, &format!("order-{id}")).await;
    let view = order(app, token, id, head).await;
    (head, events, view["status"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn forged_stale_probing_and_mismatched_notifications_are_refused_and_record_nothing() {
    let (_wechat, app, id, resident) = awaiting_payment().await;
    let trade = trade_no(&id);
    let before = snapshot(&app, &id, &resident).await;
    assert_eq!(before.2, "payment_requested");
    let valid = || transaction(&trade, 12000, "4200001234202612070000000009");

    // Tampered body: signed, then one word changed.
    let n = payment(&testing::pub_key_signer(), &valid(), now());
    let tampered = String::from_utf8(n.body.clone())
        .unwrap()
        .replace("支付成功", "支付失败");
    assert_ne!(tampered.as_bytes(), n.body.as_slice());
    assert_fail(&deliver(&app, &n.headers, tampered.into_bytes()).await, 401);

    // Bad signature: a stranger's key claiming WeChat's serial.
    let forger = NotificationSigner::new(
        testing::stranger_key().clone(),
        testing::platform_pub_key_id(),
        testing::api_v3_key(),
    );
    let n = payment(&forger, &valid(), now());
    assert_fail(&deliver(&app, &n.headers, n.body).await, 401);

    // A signature header that is not a signature at all.
    let n = payment(&testing::pub_key_signer(), &valid(), now());
    let mut headers = n.headers.clone();
    headers.insert(
        "Wechatpay-Signature",
        HeaderValue::from_static("bm90IGEgc2lnbmF0dXJl"),
    );
    assert_fail(&deliver(&app, &headers, n.body).await, 401);

    // Stale: correctly signed six minutes ago (the window is five).
    let stale = UnixTime::from_secs(now().secs() - 6 * 60);
    let n = payment(&testing::pub_key_signer(), &valid(), stale);
    assert_fail(&deliver(&app, &n.headers, n.body).await, 401);
    // And as far in the future.
    let future = UnixTime::from_secs(now().secs() + 6 * 60);
    let n = payment(&testing::pub_key_signer(), &valid(), future);
    assert_fail(&deliver(&app, &n.headers, n.body).await, 401);

    // Unknown serial: a key nobody registered, under its own serial.
    let unknown = NotificationSigner::new(
        testing::stranger_key().clone(),
        PlatformSerial::parse("PUB_KEY_ID_0199999999999999999999999999").unwrap(),
        testing::api_v3_key(),
    );
    let n = payment(&unknown, &valid(), now());
    assert_fail(&deliver(&app, &n.headers, n.body).await, 401);

    // WeChat's signature probe must fail verification, so merchants are seen to verify.
    let n = payment(&testing::pub_key_signer(), &valid(), now());
    let mut headers = n.headers.clone();
    headers.insert(
        "Wechatpay-Signature",
        HeaderValue::from_static("WECHATPAY/SIGNTEST/Ab5c3dEfGhIjKlMnOpQrStUvWxYz0123"),
    );
    assert_fail(&deliver(&app, &headers, n.body).await, 401);

    // Missing signature headers altogether.
    assert_fail(
        &deliver(&app, &Default::default(), b"{\"id\":\"EV-1\"}".to_vec()).await,
        401,
    );

    // Genuine WeChat signature, but the amount is not the order's: a real payment that
    // needs an operator, so WeChat is told to retry (500), and nothing is recorded.
    let mut short = valid();
    short.amount.total = linli_wechat::Fen::new(1);
    let n = payment(&testing::cert_signer(), &short, now());
    assert_fail(&deliver(&app, &n.headers, n.body).await, 500);

    // Another merchant's payment, signed by WeChat.
    let mut elsewhere = valid();
    elsewhere.mchid = linli_wechat::MchId::new("1900000999");
    let n = payment(&testing::pub_key_signer(), &elsewhere, now());
    assert_fail(&deliver(&app, &n.headers, n.body).await, 500);

    // An order that does not exist (and one that is not even ours in form).
    let n = payment(
        &testing::pub_key_signer(),
        &transaction(&uuid_like(), 12000, "4200001234202612070000000010"),
        now(),
    );
    assert_fail(&deliver(&app, &n.headers, n.body).await, 400);
    let n = payment(
        &testing::pub_key_signer(),
        &transaction("SHOP-2026-0001", 12000, "4200001234202612070000000011"),
        now(),
    );
    assert_fail(&deliver(&app, &n.headers, n.body).await, 400);

    assert_eq!(snapshot(&app, &id, &resident).await, before);
}

/// A well-formed order number of an order that was never reserved.
fn uuid_like() -> String {
    "0123456789abcdef0123456789abcdef".to_owned()
}

#[tokio::test]
async fn however_many_times_wechat_retries_a_payment_one_paid_event_is_written() {
    let (_wechat, app, id, resident) = awaiting_payment().await;
    let tx = transaction(&trade_no(&id), 12000, "4200001234202612070000000020");

    // The same delivery five times, then re-signed with the other key (a new envelope id,
    // the same transaction), as WeChat does across a key switch-over.
    let first = payment(&testing::pub_key_signer(), &tx, now());
    for _ in 0..5 {
        assert_ok(&deliver(&app, &first.headers, first.body.clone()).await);
    }
    let resent = payment(&testing::cert_signer(), &tx, now());
    assert_ok(&deliver(&app, &resent.headers, resent.body).await);
    let paid = snapshot(&app, &id, &resident).await;
    assert_eq!(paid.2, "paid");
    assert_eq!(
        paid.1.iter().filter(|e| *e == "order.paid").count(),
        1,
        "{:?}",
        paid.1
    );

    // Parallel retries are no different.
    let mut deliveries = Vec::new();
    for _ in 0..8 {
        let n = payment(&testing::pub_key_signer(), &tx, now());
        let app = &app;
        deliveries.push(async move { deliver(app, &n.headers, n.body).await });
    }
    for answer in futures::future::join_all(deliveries).await {
        assert_ok(&answer);
    }
    // A second, different transaction for an order already paid is not a duplicate: it is
    // refused and recorded nowhere.
    let other = transaction(&trade_no(&id), 12000, "4200001234202612070000000021");
    let n = payment(&testing::pub_key_signer(), &other, now());
    assert_fail(&deliver(&app, &n.headers, n.body).await, 500);
    assert_eq!(snapshot(&app, &id, &resident).await, paid);
}
