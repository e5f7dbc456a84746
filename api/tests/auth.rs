//! Signing in: WeChat code2Session through a loopback stub, the development login only
//! under its flag, and 401s in the one error shape.

mod common;

use common::{error_code, spawn_app};
use linli_wechat::testing::{
    codes, FakeWechat, FakeWechatConfig, APPID, APP_SECRET, FAKE_SESSION_KEY,
};
use serde_json::json;

#[tokio::test]
async fn a_resident_signs_in_with_a_wechat_code_and_never_sees_the_session_key() {
    let wechat = FakeWechat::start(FakeWechatConfig::default())
        .await
        .unwrap();
    let base = wechat.base_url();
    let app = spawn_app(&[
        "--wechat-appid",
        APPID,
        "--wechat-secret",
        APP_SECRET,
        "--wechat-api-base",
        base.as_str(),
    ]);
    let response = app
        .post(
            "/api/v1/auth/wechat",
            None,
            json!({"code": format!("{}grandma", codes::OK_PREFIX)}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(
        !text.contains(FAKE_SESSION_KEY),
        "session_key leaked: {text}"
    );
    let body: serde_json::Value = serde_json::from_str(&text).unwrap();
    let token = body["token"].as_str().unwrap();
    assert!(token.starts_with("lnl_"));
    let me: serde_json::Value = app
        .get("/api/v1/me", Some(token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["id"], body["user"]["id"]);
    // The same person signing in again is the same user.
    let again: serde_json::Value = app
        .post(
            "/api/v1/auth/wechat",
            None,
            json!({"code": format!("{}grandma-2", codes::OK_PREFIX)}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(
        again["user"]["id"], body["user"]["id"],
        "a different openid is a different user"
    );
}

#[tokio::test]
async fn wechat_refusals_map_to_clear_statuses() {
    let wechat = FakeWechat::start(FakeWechatConfig::default())
        .await
        .unwrap();
    let base = wechat.base_url();
    let app = spawn_app(&[
        "--wechat-appid",
        APPID,
        "--wechat-secret",
        APP_SECRET,
        "--wechat-api-base",
        base.as_str(),
    ]);
    for (code, status, expected) in [
        (codes::INVALID, 401, "auth.invalid_code"),
        (codes::USED, 401, "auth.invalid_code"),
        (codes::RATE_LIMITED, 429, "auth.rate_limited"),
        (codes::BUSY, 503, "auth.wechat_unavailable"),
        (codes::RISKY, 403, "auth.blocked"),
    ] {
        let response = app
            .post("/api/v1/auth/wechat", None, json!({"code": code}))
            .await;
        assert_eq!(error_code(response, status).await, expected, "code {code}");
    }
    let response = app
        .post("/api/v1/auth/wechat", None, json!({"nope": 1}))
        .await;
    assert_eq!(error_code(response, 422).await, "request.invalid_fields");
}

#[tokio::test]
async fn the_development_login_exists_only_with_its_flag() {
    let app = spawn_app(&[]);
    let response = app
        .post("/api/v1/auth/dev", None, json!({"openid": "o-someone"}))
        .await;
    assert_eq!(error_code(response, 404).await, "not_found");
    let app = spawn_app(&["--dev-login"]);
    let token = app.dev_login("o-someone").await;
    assert_eq!(app.get("/api/v1/me", Some(&token)).await.status(), 200);
}

#[tokio::test]
async fn no_token_a_garbage_token_or_a_logged_out_token_gets_401() {
    let app = spawn_app(&["--dev-login"]);
    assert_eq!(
        error_code(app.get("/api/v1/me", None).await, 401).await,
        "auth.missing_token"
    );
    assert_eq!(
        error_code(app.get("/api/v1/me", Some("lnl_nonsense")).await, 401).await,
        "auth.invalid_token"
    );
    let token = app.dev_login("o-leaving").await;
    let out = app
        .post("/api/v1/auth/logout", Some(&token), json!({}))
        .await;
    assert_eq!(out.status(), 204);
    assert_eq!(
        error_code(app.get("/api/v1/me", Some(&token)).await, 401).await,
        "auth.invalid_token"
    );
}

#[tokio::test]
async fn malformed_json_is_a_400_in_the_one_error_shape() {
    let app = spawn_app(&["--dev-login"]);
    let response = app
        .http
        .post(format!("{}/api/v1/auth/dev", app.base))
        .header("content-type", "application/json")
        .body("{\"openid\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(response, 400).await, "request.malformed_json");
}
