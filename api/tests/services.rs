//! Life services end to end, black-box: a manager approves a provider, the provider lists
//! services with a slot, a resident searches the catalog, reserves, pays through a loopback
//! fake WeChat Pay (real RSA keys, signed and encrypted notifications) and the order runs to
//! an evaluation. Then the same with the built-in sandbox payer.

mod common;
mod fixtures;
mod services_support;

use fixtures::*;
use linli_wechat::testing;
use serde_json::{json, Value};
use services_support::*;

fn names(page: &Value) -> Vec<String> {
    let mut names: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

async fn search(app: &common::TestApp, token: &str, query: &str) -> Value {
    json_of(
        app.get(&format!("/api/v1/services?{query}"), Some(token))
            .await,
        200,
    )
    .await
}

#[tokio::test]
async fn a_manager_approves_a_provider_before_its_services_show_and_residents_search_them() {
    let (app, manager) = county(NO_FLAGS).await;
    let resident = app.dev_login(RESIDENT).await;

    // A provider registers; until a manager approves, it may not list anything.
    let token = app.dev_login(PROVIDER).await;
    let registered = json_of(
        app.post(
            "/api/v1/providers",
            Some(&token),
            json!({"name": "李阿姨家政", "phone": "13800000001"}),
        )
        .await,
        201,
    )
    .await;
    let provider = registered["id"].as_str().unwrap().to_owned();
    let pending = json_of(
        app.get(
            &format!(
                "/api/v1/providers?standing=pending&after={}",
                registered["position"]
            ),
            Some(&manager),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(pending["items"][0]["id"], json!(provider), "{pending}");
    let refused = app
        .post(
            "/api/v1/services",
            Some(&token),
            json!({"category": "other", "name": "x", "price": 100, "scope": [VILLAGE_A]}),
        )
        .await;
    assert_eq!(common::error_code(refused, 403).await, "auth.forbidden");
    // Residents may not approve.
    let approve = format!("/api/v1/providers/{provider}/approve");
    let refused = app.post(&approve, Some(&resident), json!(null)).await;
    common::error_code(refused, 403).await;
    json_of(app.post(&approve, Some(&manager), json!(null)).await, 200).await;

    let world = stock(&app, token, provider).await;
    let after = format!("after={}", world.position);

    // Keyword, category, price and area filters.
    let page = search(&app, &resident, &format!("{after}&keyword=保洁")).await;
    assert_eq!(names(&page), ["深度保洁"]);
    let page = search(&app, &resident, &format!("{after}&category=maintenance")).await;
    assert_eq!(names(&page), ["水电维修"]);
    let page = search(&app, &resident, &format!("{after}&max_price=6000")).await;
    assert_eq!(names(&page), ["水电维修", "送菜上门"]);
    let page = search(&app, &resident, &format!("{after}&min_price=1000")).await;
    assert_eq!(names(&page), ["水电维修", "深度保洁"]);
    // A township-wide service serves every village in it; the village-B one does not
    // serve village A.
    let page = search(&app, &resident, &format!("{after}&area={VILLAGE_A}")).await;
    assert_eq!(names(&page), ["水电维修", "深度保洁"]);
    let page = search(
        &app,
        &resident,
        &format!("{after}&area={VILLAGE_B}&category=delivery&max_price=800"),
    )
    .await;
    assert_eq!(names(&page), ["送菜上门"]);

    // Paging: two, then the rest, nothing repeated.
    let first = search(&app, &resident, &format!("{after}&limit=2")).await;
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    let next = first["next"].as_str().expect("a next page");
    let second = search(&app, &resident, &format!("{after}&limit=2&cursor={next}")).await;
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert!(second["next"].is_null());
    let mut all = names(&first);
    all.extend(names(&second));
    all.sort();
    assert_eq!(all, ["水电维修", "深度保洁", "送菜上门"]);

    // Bad filters are refused in the one error shape.
    let bad = app
        .get("/api/v1/services?category=plumbing", Some(&resident))
        .await;
    assert_eq!(common::error_code(bad, 422).await, "request.invalid_query");

    // The slot shows its capacity.
    let slots = json_of(
        app.get(
            &format!("/api/v1/services/{}/slots?{after}", world.cleaning),
            Some(&resident),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(slots["items"][0]["id"], json!(world.slot));
    assert_eq!(slots["items"][0]["remaining"], json!(2));

    // A withdrawn listing leaves the catalog.
    let withdrawn = json_of(
        app.post(
            &format!("/api/v1/services/{}/withdraw", world.groceries),
            Some(&world.provider_token),
            json!(null),
        )
        .await,
        200,
    )
    .await;
    let page = search(&app, &resident, &format!("after={}", withdrawn["position"])).await;
    assert_eq!(names(&page), ["水电维修", "深度保洁"]);
}

#[tokio::test]
async fn an_order_is_paid_through_wechat_pay_then_dispatched_completed_and_evaluated() {
    let wechat = Wechat::start().await;
    let (app, manager) = county(&wechat.flags()).await;
    let world = catalog(&app, &manager, PROVIDER).await;
    let resident = app.dev_login(RESIDENT).await;
    let (id, _) = reserve(&app, &resident, &world.cleaning, &world.slot).await;

    // Placing the order: a JSAPI order signed with the merchant key reaches WeChat Pay,
    // and the resident gets wx.requestPayment parameters signed with it too.
    let paying = json_of(
        app.post(
            &format!("/api/v1/orders/{id}/pay"),
            Some(&resident),
            json!(null),
        )
        .await,
        200,
    )
    .await;
    let placed = wechat
        .fake
        .requests()
        .into_iter()
        .find(|r| r.path_and_query == "/v3/pay/transactions/jsapi")
        .expect("a JSAPI order was placed");
    let placed = placed.json();
    assert_eq!(placed["out_trade_no"], json!(trade_no(&id)));
    assert_eq!(placed["amount"]["total"], json!(12000));
    assert_eq!(placed["payer"]["openid"], json!(RESIDENT));
    assert_eq!(placed["notify_url"], json!(testing::NOTIFY_URL));
    let params = &paying["request_payment"];
    assert_eq!(params["appId"], json!(testing::APPID));
    assert_eq!(params["signType"], json!("RSA"));
    let package = params["package"].as_str().unwrap();
    assert!(package.starts_with("prepay_id=wx"), "{package}");
    let message = format!(
        "{}\n{}\n{}\n{}\n",
        testing::APPID,
        params["timeStamp"].as_str().unwrap(),
        params["nonceStr"].as_str().unwrap(),
        package
    );
    testing::merchant_key()
        .public_key()
        .verify_base64(message.as_bytes(), params["paySign"].as_str().unwrap())
        .expect("paySign verifies with the merchant key");
    let view = order(&app, &resident, &id, paying["position"].as_u64().unwrap()).await;
    assert_eq!(view["status"], json!("payment_requested"));

    // WeChat notifies, signed with its public-key-id key; we answer 200 with no body.
    let tx = transaction(&trade_no(&id), 12000, "4200001234202612070000000001");
    let note = payment(&testing::pub_key_signer(), &tx, now());
    assert_ok(&deliver(&app, &note.headers, note.body).await);
    let head_now = app.head().await;
    let view = order(&app, &resident, &id, head_now).await;
    assert_eq!(view["status"], json!("paid"));
    assert_eq!(view["paid"], json!(12000));

    // The provider works the order.
    let provider = &world.provider_token;
    step(
        &app,
        provider,
        &id,
        "dispatch",
        json!({"worker": {"name": "李师傅", "phone": "13700000003"}}),
    )
    .await;
    step(&app, provider, &id, "start", json!({"note": "已到达"})).await;
    step(&app, provider, &id, "complete", json!({})).await;

    // An out-of-range score is refused and changes nothing.
    let bad = app
        .post(
            &format!("/api/v1/orders/{id}/evaluate"),
            Some(&resident),
            json!({"score": 6}),
        )
        .await;
    common::error_code(bad, 422).await;
    let at = step(
        &app,
        &resident,
        &id,
        "evaluate",
        json!({"score": 5, "tags": ["准时", "专业"], "text": "打扫得很干净，师傅很细心"}),
    )
    .await;
    let view = order(&app, &resident, &id, at).await;
    assert_eq!(view["status"], json!("evaluated"));
    assert_eq!(view["score"], json!(5));
    assert_eq!(view["tags"], json!(["准时", "专业"]));
    assert_eq!(view["worker_name"], json!("李师傅"));
    assert_eq!(
        stream_events(&app, &format!("order-{id}")).await,
        [
            "order.reserved",
            "order.payment_requested",
            "order.paid",
            "order.dispatched",
            "order.started",
            "order.completed",
            "order.evaluated"
        ]
    );

    // The read models: the resident's history, the provider's orders, the listing's
    // rating, the dashboard.
    let mine = json_of(
        app.get(&format!("/api/v1/me/orders?after={at}"), Some(&resident))
            .await,
        200,
    )
    .await;
    assert_eq!(mine["items"][0]["id"], json!(id));
    let theirs = json_of(
        app.get(
            &format!("/api/v1/providers/{}/orders?after={at}", world.provider),
            Some(provider),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(theirs["items"][0]["id"], json!(id));
    let listing = json_of(
        app.get(
            &format!("/api/v1/services/{}?after={at}", world.cleaning),
            Some(&resident),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(listing["ratings"], json!(1));
    assert_eq!(listing["average_rating"], json!(5.0));
    let usage = json_of(
        app.get(
            &format!("/api/v1/dashboard/service-usage?after={at}"),
            Some(&manager),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(usage["orders"], json!(1), "{usage}");
    assert_eq!(usage["completed"], json!(1), "{usage}");
    assert_eq!(usage["revenue"], json!(12000), "{usage}");
    assert_eq!(usage["average_rating"], json!(5.0), "{usage}");
    assert_eq!(usage["rows"][0]["category"], json!("housekeeping"));
    // Residents do not see the dashboard.
    let refused = app
        .get("/api/v1/dashboard/service-usage", Some(&resident))
        .await;
    common::error_code(refused, 403).await;
}

#[tokio::test]
async fn the_sandbox_payer_pays_and_refunds_over_the_same_verification_path() {
    let (app, manager) = county(&["--pay-sandbox".to_owned()]).await;
    let world = catalog(&app, &manager, PROVIDER).await;
    let resident = app.dev_login(RESIDENT).await;
    let (id, _) = reserve(&app, &resident, &world.cleaning, &world.slot).await;

    // Paying before a payment was requested is refused.
    let early = app
        .post(
            &format!("/api/v1/pay/sandbox/orders/{id}/pay"),
            Some(&resident),
            json!(null),
        )
        .await;
    common::error_code(early, 409).await;

    let paying = json_of(
        app.post(
            &format!("/api/v1/orders/{id}/pay"),
            Some(&resident),
            json!(null),
        )
        .await,
        200,
    )
    .await;
    assert!(paying["request_payment"]["paySign"].is_string());
    // Only the resident who placed the order pays it.
    let neighbour = app.dev_login(NEIGHBOUR).await;
    let sandbox = format!("/api/v1/pay/sandbox/orders/{id}/pay");
    common::error_code(app.post(&sandbox, Some(&neighbour), json!(null)).await, 403).await;
    let paid = json_of(app.post(&sandbox, Some(&resident), json!(null)).await, 200).await;
    assert_eq!(paid["acknowledged"], json!(true));
    assert_eq!(paid["status"], json!(200));
    // Paying twice records one payment.
    let again = json_of(app.post(&sandbox, Some(&resident), json!(null)).await, 200).await;
    assert_eq!(again["acknowledged"], json!(true));
    let view = order(&app, &resident, &id, app.head().await).await;
    assert_eq!(view["status"], json!("paid"));

    // Cancelling a paid order refunds it in full through the sandbox.
    let at = step(
        &app,
        &resident,
        &id,
        "cancel",
        json!({"reason": "临时有事"}),
    )
    .await;
    let view = order(&app, &resident, &id, at.max(app.head().await)).await;
    assert_eq!(view["status"], json!("cancelled"));
    assert_eq!(view["refunded"], json!(12000));
    let events = stream_events(&app, &format!("order-{id}")).await;
    assert_eq!(events.iter().filter(|e| *e == "order.paid").count(), 1);
    assert!(events.contains(&"order.refunded".to_owned()), "{events:?}");

    // Without --pay-sandbox there is no sandbox, and without pay settings no notification
    // is accepted at all.
    let (plain, _) = county(NO_FLAGS).await;
    let token = plain.dev_login(RESIDENT).await;
    common::error_code(plain.post(&sandbox, Some(&token), json!(null)).await, 404).await;
    let unconfigured = deliver(&plain, &Default::default(), b"{}".to_vec()).await;
    assert_fail(&unconfigured, 503);
}
