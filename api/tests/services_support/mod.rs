//! What the life-service tests share: a county with a manager, an approved provider with
//! listings and a slot, residents, and (for the WeChat Pay tests) a loopback fake WeChat Pay
//! with real RSA keys and notifications signed like WeChat's.
#![allow(dead_code)]

use chrono::{Duration, Utc};
use linli_wechat::notify::{EventType, Payer, TradeState, TransactionAmount};
use linli_wechat::refund::{Refund, RefundAmount, RefundStatus};
use linli_wechat::testing::{self, FakeWechat, FakeWechatConfig};
use linli_wechat::{
    AppId, Currency, Fen, MchId, NotificationSigner, OpenId, OutRefundNo, OutTradeNo, RefundId,
    SignedNotification, Transaction, TransactionId, UnixTime,
};
use serde_json::{json, Value};

pub use super::common::{json_of, TestApp};
use super::fixtures::*;

pub const PROVIDER: &str = "o-provider-li";
pub const OTHER_PROVIDER: &str = "o-provider-zhao";
pub const RESIDENT: &str = "o-resident-wang";
pub const NEIGHBOUR: &str = "o-resident-chen";

/// The ids of the provider's world.
pub struct Catalog {
    pub provider_token: String,
    pub provider: String,
    /// 深度保洁, housekeeping, 12000 fen, serves village A.
    pub cleaning: String,
    /// 水电维修, maintenance, 5000 fen, serves the whole township.
    pub repair: String,
    /// 送菜上门, delivery, 800 fen, serves village B.
    pub groceries: String,
    /// A slot of the cleaning service, two days from now, capacity 2.
    pub slot: String,
    /// The last write's position, for `?after=`.
    pub position: u64,
}

/// Registers and approves a provider, lists three services and opens one slot.
pub async fn catalog(app: &TestApp, manager: &str, openid: &str) -> Catalog {
    let token = app.dev_login(openid).await;
    let registered = json_of(
        app.post(
            "/api/v1/providers",
            Some(&token),
            json!({"name": "李阿姨家政", "phone": "13800000001", "description": "十年家政经验"}),
        )
        .await,
        201,
    )
    .await;
    let provider = registered["id"].as_str().unwrap().to_owned();
    json_of(
        app.post(
            &format!("/api/v1/providers/{provider}/approve"),
            Some(manager),
            json!(null),
        )
        .await,
        200,
    )
    .await;
    stock(app, token, provider).await
}

/// An approved provider lists three services and opens one slot.
pub async fn stock(app: &TestApp, token: String, provider: String) -> Catalog {
    let cleaning = list(app, &token, "housekeeping", "深度保洁", 12000, VILLAGE_A).await;
    let repair = list(app, &token, "maintenance", "水电维修", 5000, TOWNSHIP).await;
    let groceries = list(app, &token, "delivery", "送菜上门", 800, VILLAGE_B).await;
    let (slot, position) = open_slot(app, &token, &cleaning, 2).await;
    Catalog {
        provider_token: token,
        provider,
        cleaning,
        repair,
        groceries,
        slot,
        position,
    }
}

/// Lists a service and returns its id.
pub async fn list(
    app: &TestApp,
    token: &str,
    category: &str,
    name: &str,
    price: i64,
    area: &str,
) -> String {
    let listed = json_of(
        app.post(
            "/api/v1/services",
            Some(token),
            json!({
                "category": category,
                "name": name,
                "description": format!("{name}，上门服务"),
                "price": price,
                "scope": [area]
            }),
        )
        .await,
        201,
    )
    .await;
    listed["id"].as_str().unwrap().to_owned()
}

/// Opens a slot two days from now and returns its id and the write's position.
pub async fn open_slot(app: &TestApp, token: &str, service: &str, capacity: u32) -> (String, u64) {
    let starts = Utc::now() + Duration::days(2);
    let opened = json_of(
        app.post(
            &format!("/api/v1/services/{service}/slots"),
            Some(token),
            json!({
                "starts_at": starts,
                "ends_at": starts + Duration::hours(3),
                "capacity": capacity
            }),
        )
        .await,
        201,
    )
    .await;
    (
        opened["id"].as_str().unwrap().to_owned(),
        opened["position"].as_u64().unwrap(),
    )
}

/// The reservation body for a slot of a service.
pub fn reservation(service: &str, slot: &str) -> Value {
    json!({
        "service": service,
        "slot": slot,
        "address": "青芝坞路 18 号 2 单元 301",
        "area": VILLAGE_A,
        "contact": {"name": "王阿姨", "phone": "13900000002"},
        "note": "家里有猫，请轻声"
    })
}

/// Reserves and returns the order id and the write's position.
pub async fn reserve(app: &TestApp, token: &str, service: &str, slot: &str) -> (String, u64) {
    let reserved = json_of(
        app.post("/api/v1/orders", Some(token), reservation(service, slot))
            .await,
        201,
    )
    .await;
    (
        reserved["id"].as_str().unwrap().to_owned(),
        reserved["position"].as_u64().unwrap(),
    )
}

/// An order as its reader sees it once the read models reached `after`.
pub async fn order(app: &TestApp, token: &str, id: &str, after: u64) -> Value {
    json_of(
        app.get(&format!("/api/v1/orders/{id}?after={after}"), Some(token))
            .await,
        200,
    )
    .await
}

/// POSTs an order step and returns the answer's position.
pub async fn step(app: &TestApp, token: &str, id: &str, what: &str, body: Value) -> u64 {
    let answer = json_of(
        app.post(&format!("/api/v1/orders/{id}/{what}"), Some(token), body)
            .await,
        200,
    )
    .await;
    answer["position"].as_u64().unwrap()
}

/// The event types of one stream, in order, as an auditor reads them from the log.
pub async fn stream_events(app: &TestApp, stream: &str) -> Vec<String> {
    let auditor = app.dev_login(AUDITOR).await;
    let page = json_of(
        app.get(
            &format!("/api/v1/audit/streams/{stream}?limit=100"),
            Some(&auditor),
        )
        .await,
        200,
    )
    .await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event_type"].as_str().unwrap().to_owned())
        .collect()
}

/// A fake WeChat Pay and the files and flags that point a server at it.
pub struct Wechat {
    pub fake: FakeWechat,
    pub keys: tempfile::TempDir,
}

impl Wechat {
    /// Starts the fake. Both of WeChat's keys (platform certificate and public key id) are
    /// accepted, as during a switch-over.
    pub async fn start() -> Wechat {
        let fake = FakeWechat::start(FakeWechatConfig::default())
            .await
            .unwrap();
        let keys = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| {
            let path = keys.path().join(name);
            std::fs::write(&path, text).unwrap();
            path.to_str().unwrap().to_owned()
        };
        write(
            "merchant.pem",
            &testing::merchant_key().to_pkcs8_pem().unwrap(),
        );
        write(
            "cert.pem",
            &testing::platform_cert_key()
                .public_key()
                .to_spki_pem()
                .unwrap(),
        );
        write(
            "pubkey.pem",
            &testing::platform_pub_key()
                .public_key()
                .to_spki_pem()
                .unwrap(),
        );
        Wechat { fake, keys }
    }

    /// `linli serve` flags for this fake.
    pub fn flags(&self) -> Vec<String> {
        let path = |name: &str| self.keys.path().join(name).to_str().unwrap().to_owned();
        vec![
            "--pay-mchid".into(),
            testing::MCHID.into(),
            "--pay-appid".into(),
            testing::APPID.into(),
            "--pay-api-v3-key".into(),
            String::from_utf8(testing::API_V3_KEY.to_vec()).unwrap(),
            "--pay-merchant-key".into(),
            path("merchant.pem"),
            "--pay-merchant-serial".into(),
            testing::MERCHANT_SERIAL.into(),
            "--pay-platform-key".into(),
            format!("{}={}", testing::PLATFORM_CERT_SERIAL, path("cert.pem")),
            "--pay-platform-key".into(),
            format!("{}={}", testing::PLATFORM_PUB_KEY_ID, path("pubkey.pem")),
            "--pay-api-base".into(),
            self.fake
                .base_url()
                .as_str()
                .trim_end_matches('/')
                .to_owned(),
            "--pay-notify-url".into(),
            testing::NOTIFY_URL.into(),
        ]
    }
}

/// WeChat's order number for an order id (the uuid without dashes).
pub fn trade_no(order: &str) -> String {
    order.replace('-', "")
}

/// The current time as WeChat stamps it.
pub fn now() -> UnixTime {
    UnixTime::from_secs(Utc::now().timestamp())
}

/// A successful transaction of `total` fen for an order number, as WeChat reports it.
pub fn transaction(out_trade_no: &str, total: u64, transaction_id: &str) -> Transaction {
    Transaction {
        mchid: MchId::new(testing::MCHID),
        appid: AppId::new(testing::APPID),
        out_trade_no: OutTradeNo::parse(out_trade_no).unwrap(),
        transaction_id: TransactionId::new(transaction_id),
        trade_state: TradeState::Success,
        trade_state_desc: Some("支付成功".into()),
        amount: TransactionAmount {
            total: Fen::new(total),
            payer_total: Some(Fen::new(total)),
            currency: Currency::cny(),
        },
        payer: Payer {
            openid: OpenId::new(RESIDENT),
        },
        success_time: None,
    }
}

/// A `TRANSACTION.SUCCESS` notification signed by `signer` at `at`.
pub fn payment(signer: &NotificationSigner, tx: &Transaction, at: UnixTime) -> SignedNotification {
    signer
        .notification(
            &EventType::TransactionSuccess,
            "支付成功",
            "transaction",
            tx,
            at,
        )
        .unwrap()
}

/// A `REFUND.SUCCESS` notification for a refund WeChat was asked for.
pub fn refund_success(
    signer: &NotificationSigner,
    out_trade_no: &str,
    out_refund_no: &str,
    refund: u64,
    total: u64,
) -> SignedNotification {
    let resource = Refund {
        mchid: MchId::new(testing::MCHID),
        out_trade_no: OutTradeNo::parse(out_trade_no).unwrap(),
        transaction_id: TransactionId::new(format!("4200{out_trade_no}")),
        out_refund_no: OutRefundNo::parse(out_refund_no).unwrap(),
        refund_id: RefundId::new(format!("5030{out_refund_no}")),
        refund_status: RefundStatus::Success,
        success_time: None,
        amount: RefundAmount {
            refund: Fen::new(refund),
            total: Fen::new(total),
        },
    };
    signer
        .notification(
            &EventType::RefundSuccess,
            "退款成功",
            "refund",
            &resource,
            now(),
        )
        .unwrap()
}

/// Posts a notification as WeChat would, with exactly its headers and bytes.
pub async fn deliver(
    app: &TestApp,
    headers: &axum::http::HeaderMap,
    body: Vec<u8>,
) -> (u16, String) {
    let mut request = app.http.post(format!("{}/api/v1/pay/notify", app.base));
    for (name, value) in headers {
        request = request.header(name.as_str(), value.to_str().unwrap());
    }
    let response = request.body(body).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// Asserts WeChat's failure reply: 4xx/5xx with `{"code":"FAIL","message":…}`.
pub fn assert_fail(answer: &(u16, String), status: u16) {
    assert_eq!(answer.0, status, "reply: {}", answer.1);
    let body: Value = serde_json::from_str(&answer.1).expect("failure replies are JSON");
    assert_eq!(body["code"], json!("FAIL"), "{body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
}

/// Asserts WeChat's success reply: 200 with an empty body.
pub fn assert_ok(answer: &(u16, String)) {
    assert_eq!(answer.0, 200, "reply: {}", answer.1);
    assert!(answer.1.is_empty(), "success has no body: {}", answer.1);
}
