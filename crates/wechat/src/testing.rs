//! Test support (feature `testing`): cached RSA keys, fixture identities, and a loopback
//! fake WeChat server.
//!
//! The fake server plays both `api.weixin.qq.com` (code2Session) and
//! `api.mch.weixin.qq.com` (JSAPI orders, refunds). Like WeChat it checks the
//! `Authorization` signature of every pay request against the merchant's public key and
//! answers 401 `SIGN_ERROR` when it does not verify, and it signs its answers with a platform
//! key so the client's response verification is exercised too.

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};
use tokio::task::JoinHandle;

use crate::config::{ApiV3Key, AppSecret, BaseUrl, MerchantConfig, MiniProgramConfig};
use crate::ids::{AppId, MchId, MerchantSerial, Nonce, UnixTime};
use crate::keys::{PrivateKey, PublicKey};
use crate::sandbox::NotificationSigner;
use crate::sign::Authorization;
use crate::verify::{PlatformSerial, PlatformVerifiers, MAX_SKEW_SECS};

/// Fixture merchant number.
pub const MCHID: &str = "1900000109";
/// Fixture AppID.
pub const APPID: &str = "wxd678efh567hg6787";
/// Fixture AppSecret.
pub const APP_SECRET: &str = "linli-test-app-secret";
/// Fixture APIv3 key (32 bytes).
pub const API_V3_KEY: &[u8; 32] = b"linliTestApiV3Key0123456789abcde";
/// Fixture merchant certificate serial.
pub const MERCHANT_SERIAL: &str = "3775B6A45ACD588826D15E583A95F5DD00000001";
/// Fixture platform certificate serial (the old way of naming WeChat's key).
pub const PLATFORM_CERT_SERIAL: &str = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
/// Fixture WeChat Pay public key id (the new way).
pub const PLATFORM_PUB_KEY_ID: &str = "PUB_KEY_ID_0114232134912410000000000000";
/// Fixture notify URL.
pub const NOTIFY_URL: &str = "https://linli.example/api/v1/pay/notify";

/// Login codes the fake code2Session understands.
pub mod codes {
    /// Codes starting with this succeed once, with openid `o-<rest>`; a second use answers
    /// 40163 like WeChat.
    pub const OK_PREFIX: &str = "ok-";
    /// Codes starting with this succeed with a unionid as well.
    pub const OK_WITH_UNIONID_PREFIX: &str = "ok-union-";
    /// Answers 40029 (invalid code). Any unknown code does too.
    pub const INVALID: &str = "invalid";
    /// Answers 40163 (code already used).
    pub const USED: &str = "used";
    /// Answers 45011 (rate limited).
    pub const RATE_LIMITED: &str = "rate-limited";
    /// Answers -1 (system busy).
    pub const BUSY: &str = "busy";
    /// Answers 40226 (high-risk user).
    pub const RISKY: &str = "risky";
    /// Answers HTTP 502, as a broken gateway would.
    pub const BAD_GATEWAY: &str = "bad-gateway";
}

/// The session key the fake code2Session hands out.
pub const FAKE_SESSION_KEY: &str = "dGVzdC1zZXNzaW9uLWtleQ==";

fn cached(cell: &'static OnceLock<PrivateKey>) -> &'static PrivateKey {
    // Generation takes a while in debug builds: one key per role per test binary.
    cell.get_or_init(|| PrivateKey::generate_2048().expect("RSA key generation"))
}

/// The merchant's API key (generated once per test binary).
pub fn merchant_key() -> &'static PrivateKey {
    static KEY: OnceLock<PrivateKey> = OnceLock::new();
    cached(&KEY)
}

/// WeChat's platform-certificate key (generated once per test binary).
pub fn platform_cert_key() -> &'static PrivateKey {
    static KEY: OnceLock<PrivateKey> = OnceLock::new();
    cached(&KEY)
}

/// WeChat's public-key-id key (generated once per test binary).
pub fn platform_pub_key() -> &'static PrivateKey {
    static KEY: OnceLock<PrivateKey> = OnceLock::new();
    cached(&KEY)
}

/// A key nobody registered, for forgery tests (generated once per test binary).
pub fn stranger_key() -> &'static PrivateKey {
    static KEY: OnceLock<PrivateKey> = OnceLock::new();
    cached(&KEY)
}

/// The fixture APIv3 key.
pub fn api_v3_key() -> ApiV3Key {
    ApiV3Key::from_bytes(API_V3_KEY).expect("fixture key is 32 bytes")
}

/// The fixture merchant.
pub fn merchant_config() -> MerchantConfig {
    MerchantConfig {
        mchid: MchId::new(MCHID),
        appid: AppId::new(APPID),
        serial: MerchantSerial::new(MERCHANT_SERIAL),
        private_key: merchant_key().clone(),
        api_v3_key: api_v3_key(),
        notify_url: NOTIFY_URL.to_owned(),
    }
}

/// The fixture mini program, pointed at `base`.
pub fn mini_program_config(base: BaseUrl) -> MiniProgramConfig {
    MiniProgramConfig {
        appid: AppId::new(APPID),
        secret: AppSecret::new(APP_SECRET),
        base_url: base,
    }
}

/// The certificate serial, parsed.
pub fn platform_cert_serial() -> PlatformSerial {
    PlatformSerial::parse(PLATFORM_CERT_SERIAL).expect("fixture serial")
}

/// The public key id, parsed.
pub fn platform_pub_key_id() -> PlatformSerial {
    PlatformSerial::parse(PLATFORM_PUB_KEY_ID).expect("fixture serial")
}

/// Verifiers accepting both fixture platform keys, as during a switch-over.
pub fn platform_verifiers() -> PlatformVerifiers {
    PlatformVerifiers::new()
        .with(
            platform_cert_serial(),
            platform_cert_key().public_key().clone(),
        )
        .with(
            platform_pub_key_id(),
            platform_pub_key().public_key().clone(),
        )
}

/// Impersonates WeChat signing with the platform certificate key.
pub fn cert_signer() -> NotificationSigner {
    NotificationSigner::new(
        platform_cert_key().clone(),
        platform_cert_serial(),
        api_v3_key(),
    )
}

/// Impersonates WeChat signing with the public-key-id key.
pub fn pub_key_signer() -> NotificationSigner {
    NotificationSigner::new(
        platform_pub_key().clone(),
        platform_pub_key_id(),
        api_v3_key(),
    )
}

/// How the fake signs its pay answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseSignatures {
    /// Correctly, with the platform signer.
    Valid,
    /// With a signature over a different body (a man in the middle).
    Corrupted,
    /// Not at all.
    Absent,
}

/// One request the fake received.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    /// HTTP method.
    pub method: String,
    /// Path and query, exactly as received.
    pub path_and_query: String,
    /// `Authorization` header, if any.
    pub authorization: Option<String>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// The body as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

/// Configuration of the fake.
#[derive(Clone, Debug)]
pub struct FakeWechatConfig {
    /// The AppID code2Session accepts.
    pub appid: AppId,
    /// The secret code2Session accepts.
    pub secret: String,
    /// The merchant pay requests must come from.
    pub mchid: MchId,
    /// The merchant serial pay requests must name.
    pub merchant_serial: MerchantSerial,
    /// The key pay request signatures must verify with.
    pub merchant_public_key: PublicKey,
    /// Signs the fake's answers.
    pub platform: NotificationSigner,
}

impl Default for FakeWechatConfig {
    fn default() -> Self {
        Self {
            appid: AppId::new(APPID),
            secret: APP_SECRET.to_owned(),
            mchid: MchId::new(MCHID),
            merchant_serial: MerchantSerial::new(MERCHANT_SERIAL),
            merchant_public_key: merchant_key().public_key().clone(),
            platform: pub_key_signer(),
        }
    }
}

#[derive(Debug, Default)]
struct Mutable {
    /// Every request received, in order.
    requests: Vec<RecordedRequest>,
    /// Login codes already exchanged (a second use answers 40163).
    used_codes: HashSet<String>,
    /// out_trade_no → total in fen.
    orders: HashMap<String, u64>,
    /// Orders that answer `ORDERPAID`.
    paid: HashSet<String>,
    /// out_trade_no → fen refunded so far.
    refunded: HashMap<String, u64>,
    /// Makes prepay ids unique.
    prepay_counter: u64,
    /// How answers are signed; `None` means valid.
    response_signatures: Option<ResponseSignatures>,
}

#[derive(Debug)]
struct Shared {
    /// Fixed configuration.
    config: FakeWechatConfig,
    /// What changes as requests arrive.
    state: Mutex<Mutable>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Mutable> {
        // A panicking handler poisons the lock; the data is still fine for a test double.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running fake WeChat on 127.0.0.1. Stops when dropped.
#[derive(Debug)]
pub struct FakeWechat {
    /// Where the fake listens.
    addr: SocketAddr,
    /// State shared with the handlers.
    shared: Arc<Shared>,
    /// The server task, aborted on drop.
    task: JoinHandle<()>,
}

impl FakeWechat {
    /// Starts the fake on an ephemeral loopback port (needs a tokio runtime).
    pub async fn start(config: FakeWechatConfig) -> std::io::Result<Self> {
        let shared = Arc::new(Shared {
            config,
            state: Mutex::new(Mutable::default()),
        });
        let router = Router::new()
            .route("/sns/jscode2session", get(code2session))
            .route("/v3/pay/transactions/jsapi", post(jsapi))
            .route("/v3/refund/domestic/refunds", post(refund))
            .with_state(Arc::clone(&shared));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let task = tokio::spawn(async move {
            // Ends only when the task is aborted on drop.
            let _ = axum::serve(listener, router).await;
        });
        Ok(Self { addr, shared, task })
    }

    /// Base URL to point the clients at.
    pub fn base_url(&self) -> BaseUrl {
        BaseUrl::parse(&format!("http://{}", self.addr)).expect("loopback URL")
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().requests.clone()
    }

    /// Makes later JSAPI placements for this order answer 403 `ORDERPAID`.
    pub fn mark_paid(&self, out_trade_no: &str) {
        self.shared.lock().paid.insert(out_trade_no.to_owned());
    }

    /// Chooses how pay answers are signed from now on.
    pub fn set_response_signatures(&self, mode: ResponseSignatures) {
        self.shared.lock().response_signatures = Some(mode);
    }
}

impl Drop for FakeWechat {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn code2session(
    State(shared): State<Arc<Shared>>,
    uri: Uri,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    record(&shared, "GET", &uri, None, &[]);
    let param = |name: &str| params.get(name).map(String::as_str).unwrap_or_default();
    let config = &shared.config;
    let answer = if param("appid") != config.appid.as_str() {
        json!({"errcode": 40013, "errmsg": "invalid appid"})
    } else if param("secret") != config.secret {
        json!({"errcode": 40125, "errmsg": "invalid appsecret"})
    } else if param("grant_type") != "authorization_code" {
        json!({"errcode": 40002, "errmsg": "invalid grant_type"})
    } else {
        let code = param("js_code");
        match code {
            codes::USED => json!({"errcode": 40163, "errmsg": "code been used"}),
            codes::RATE_LIMITED => {
                json!({"errcode": 45011, "errmsg": "api minute-quota reach limit"})
            }
            codes::BUSY => json!({"errcode": -1, "errmsg": "system error"}),
            codes::RISKY => json!({"errcode": 40226, "errmsg": "code blocked"}),
            codes::BAD_GATEWAY => return (StatusCode::BAD_GATEWAY, "bad gateway").into_response(),
            ok if ok.starts_with(codes::OK_PREFIX) => {
                if !shared.lock().used_codes.insert(ok.to_owned()) {
                    json!({"errcode": 40163, "errmsg": "code been used"})
                } else {
                    let rest = &ok[codes::OK_PREFIX.len()..];
                    let mut answer =
                        json!({"openid": format!("o-{rest}"), "session_key": FAKE_SESSION_KEY});
                    if ok.starts_with(codes::OK_WITH_UNIONID_PREFIX) {
                        answer["unionid"] = json!(format!("u-{rest}"));
                    }
                    answer
                }
            }
            _ => json!({"errcode": 40029, "errmsg": "invalid code"}),
        }
    };
    // WeChat really does label this JSON text/plain.
    (
        StatusCode::OK,
        [("content-type", "text/plain")],
        answer.to_string(),
    )
        .into_response()
}

async fn jsapi(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(message) = admit(&shared, &method, &uri, &headers, &body) {
        return pay_error(StatusCode::UNAUTHORIZED, "SIGN_ERROR", message);
    }
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        return pay_error(StatusCode::BAD_REQUEST, "PARAM_ERROR", "body is not JSON");
    };
    let config = &shared.config;
    let out_trade_no = request["out_trade_no"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let total = request["amount"]["total"].as_u64().unwrap_or(0);
    if request["mchid"] != json!(config.mchid.as_str()) {
        return pay_error(StatusCode::BAD_REQUEST, "PARAM_ERROR", "mchid mismatch");
    }
    if request["appid"] != json!(config.appid.as_str()) {
        return pay_error(
            StatusCode::BAD_REQUEST,
            "APPID_MCHID_NOT_MATCH",
            "appid and mchid do not match",
        );
    }
    if total == 0 || request["amount"]["currency"] != json!("CNY") {
        return pay_error(StatusCode::BAD_REQUEST, "PARAM_ERROR", "invalid amount");
    }
    if request["payer"]["openid"]
        .as_str()
        .unwrap_or_default()
        .is_empty()
    {
        return pay_error(
            StatusCode::BAD_REQUEST,
            "PARAM_ERROR",
            "payer.openid missing",
        );
    }
    let prepay_id = {
        let mut state = shared.lock();
        if state.paid.contains(&out_trade_no) {
            drop(state);
            return pay_error(StatusCode::FORBIDDEN, "ORDERPAID", "该订单已支付");
        }
        state.orders.insert(out_trade_no.clone(), total);
        state.prepay_counter += 1;
        format!("wx2611222158062{:020}", state.prepay_counter)
    };
    signed_answer(&shared, StatusCode::OK, json!({ "prepay_id": prepay_id }))
}

async fn refund(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(message) = admit(&shared, &method, &uri, &headers, &body) {
        return pay_error(StatusCode::UNAUTHORIZED, "SIGN_ERROR", message);
    }
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        return pay_error(StatusCode::BAD_REQUEST, "PARAM_ERROR", "body is not JSON");
    };
    let out_trade_no = request["out_trade_no"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let out_refund_no = request["out_refund_no"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let amount = request["amount"]["refund"].as_u64().unwrap_or(0);
    let total = request["amount"]["total"].as_u64().unwrap_or(0);
    let mut state = shared.lock();
    let Some(&order_total) = state.orders.get(&out_trade_no) else {
        drop(state);
        return pay_error(StatusCode::NOT_FOUND, "RESOURCE_NOT_EXISTS", "订单不存在");
    };
    if total != order_total || amount == 0 || amount > total {
        drop(state);
        return pay_error(
            StatusCode::BAD_REQUEST,
            "PARAM_ERROR",
            "invalid refund amount",
        );
    }
    let already = state.refunded.get(&out_trade_no).copied().unwrap_or(0);
    if already + amount > order_total {
        drop(state);
        return pay_error(StatusCode::FORBIDDEN, "NOT_ENOUGH", "可退金额不足");
    }
    state
        .refunded
        .insert(out_trade_no.clone(), already + amount);
    drop(state);
    signed_answer(
        &shared,
        StatusCode::OK,
        json!({
            "refund_id": format!("50300{:024}", already + amount),
            "out_refund_no": out_refund_no,
            "transaction_id": format!("42000{out_trade_no}"),
            "out_trade_no": out_trade_no,
            "channel": "ORIGINAL",
            "user_received_account": "支付用户零钱",
            "create_time": "2026-01-01T10:00:00+08:00",
            "status": "PROCESSING",
            "amount": {
                "total": total,
                "refund": amount,
                "payer_total": total,
                "payer_refund": amount,
                "currency": "CNY"
            }
        }),
    )
}

/// Records the request and checks its `Authorization` like WeChat, which answers 401
/// `SIGN_ERROR` (with the returned reason) when the header is missing, names another merchant or serial, is outside the time window, or
/// does not verify with the merchant's public key.
fn admit(
    shared: &Shared,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), &'static str> {
    let authorization = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    record(shared, method.as_str(), uri, authorization.clone(), body);
    let Some(parsed) = authorization.as_deref().and_then(Authorization::parse) else {
        return Err("Authorization header missing or malformed");
    };
    let config = &shared.config;
    if parsed.mchid != config.mchid {
        return Err("mchid does not match");
    }
    if parsed.serial != config.merchant_serial {
        return Err("unknown merchant certificate serial");
    }
    let now = UnixTime::from_system(SystemTime::now());
    if (now.secs() - parsed.timestamp.secs()).abs() > MAX_SKEW_SECS {
        return Err("timestamp expired");
    }
    let path_and_query = uri
        .path_and_query()
        .map(|pq| pq.as_str().to_owned())
        .unwrap_or_else(|| uri.path().to_owned());
    let message = parsed.message(method.as_str(), &path_and_query, body);
    if config
        .merchant_public_key
        .verify_base64(&message, &parsed.signature)
        .is_err()
    {
        return Err("signature verification failed");
    }
    Ok(())
}

fn record(shared: &Shared, method: &str, uri: &Uri, authorization: Option<String>, body: &[u8]) {
    let path_and_query = uri
        .path_and_query()
        .map(|pq| pq.as_str().to_owned())
        .unwrap_or_default();
    shared.lock().requests.push(RecordedRequest {
        method: method.to_owned(),
        path_and_query,
        authorization,
        body: body.to_vec(),
    });
}

fn pay_error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        [("content-type", "application/json")],
        json!({ "code": code, "message": message }).to_string(),
    )
        .into_response()
}

/// A JSON answer with WeChat Pay signature headers (per the configured mode).
fn signed_answer(shared: &Shared, status: StatusCode, body: Value) -> Response {
    let body = body.to_string().into_bytes();
    let mode = shared
        .lock()
        .response_signatures
        .unwrap_or(ResponseSignatures::Valid);
    let now = UnixTime::from_system(SystemTime::now());
    let mut headers = match mode {
        ResponseSignatures::Absent => HeaderMap::new(),
        ResponseSignatures::Valid => shared
            .config
            .platform
            .sign_body(&body, now, &Nonce::random())
            .expect("fake signing"),
        // A well-formed signature over another body: only real verification notices.
        ResponseSignatures::Corrupted => shared
            .config
            .platform
            .sign_body(b"{\"something\":\"else\"}", now, &Nonce::random())
            .expect("fake signing"),
    };
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    (status, headers, body).into_response()
}
