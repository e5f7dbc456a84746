//! code2Session against the loopback fake WeChat.

use linli_wechat::testing::{self, codes, FakeWechat, FakeWechatConfig};
use linli_wechat::{
    AppSecret, BaseUrl, Code2SessionError, HttpConfig, LoginClient, LoginCode, MiniProgramConfig,
};

async fn client(fake: &FakeWechat) -> LoginClient {
    LoginClient::new(
        testing::mini_program_config(fake.base_url()),
        &HttpConfig::default(),
    )
    .unwrap()
}

async fn login(code: &str) -> Result<linli_wechat::Session, Code2SessionError> {
    let fake = FakeWechat::start(FakeWechatConfig::default())
        .await
        .unwrap();
    client(&fake)
        .await
        .code2session(&LoginCode::new(code))
        .await
}

#[tokio::test]
async fn a_valid_code_yields_the_openid_and_a_hidden_session_key() {
    let fake = FakeWechat::start(FakeWechatConfig::default())
        .await
        .unwrap();
    let session = client(&fake)
        .await
        .code2session(&LoginCode::new("ok-alice"))
        .await
        .unwrap();
    assert_eq!(session.openid.as_str(), "o-alice");
    assert!(session.unionid.is_none());
    assert_eq!(session.session_key.expose(), testing::FAKE_SESSION_KEY);
    assert!(!format!("{session:?}").contains(testing::FAKE_SESSION_KEY));

    let request = &fake.requests()[0];
    assert_eq!(request.method, "GET");
    assert!(request.path_and_query.starts_with("/sns/jscode2session?"));
    for part in [
        "appid=wxd678efh567hg6787",
        "secret=linli-test-app-secret",
        "js_code=ok-alice",
        "grant_type=authorization_code",
    ] {
        assert!(request.path_and_query.contains(part), "missing {part}");
    }
}

#[tokio::test]
async fn a_unionid_is_returned_when_wechat_sends_one() {
    let session = login("ok-union-bob").await.unwrap();
    assert_eq!(session.openid.as_str(), "o-union-bob");
    assert_eq!(session.unionid.unwrap().as_str(), "u-union-bob");
}

#[tokio::test]
async fn an_invalid_code_maps_to_invalid_code() {
    assert!(matches!(
        login(codes::INVALID).await,
        Err(Code2SessionError::InvalidCode)
    ));
}

#[tokio::test]
async fn a_used_code_maps_to_code_used() {
    assert!(matches!(
        login(codes::USED).await,
        Err(Code2SessionError::CodeUsed)
    ));
}

#[tokio::test]
async fn exchanging_the_same_code_twice_maps_to_code_used() {
    let fake = FakeWechat::start(FakeWechatConfig::default())
        .await
        .unwrap();
    let client = client(&fake).await;
    let code = LoginCode::new("ok-carol");
    client.code2session(&code).await.unwrap();
    let second = client.code2session(&code).await;
    assert!(matches!(second, Err(Code2SessionError::CodeUsed)));
    assert!(!second.unwrap_err().is_retryable());
}

#[tokio::test]
async fn the_rate_limit_maps_to_rate_limited_and_is_retryable() {
    let err = login(codes::RATE_LIMITED).await.unwrap_err();
    assert!(matches!(err, Code2SessionError::RateLimited));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn system_busy_maps_to_system_busy_and_is_retryable() {
    let err = login(codes::BUSY).await.unwrap_err();
    assert!(matches!(err, Code2SessionError::SystemBusy));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_high_risk_user_maps_to_risky_user() {
    assert!(matches!(
        login(codes::RISKY).await,
        Err(Code2SessionError::RiskyUser)
    ));
}

#[tokio::test]
async fn a_wrong_app_secret_maps_to_invalid_credentials() {
    let fake = FakeWechat::start(FakeWechatConfig::default())
        .await
        .unwrap();
    let config = MiniProgramConfig {
        secret: AppSecret::new("wrong"),
        ..testing::mini_program_config(fake.base_url())
    };
    let client = LoginClient::new(config, &HttpConfig::default()).unwrap();
    match client.code2session(&LoginCode::new("ok-dave")).await {
        Err(Code2SessionError::InvalidCredentials { errcode, .. }) => assert_eq!(errcode, 40125),
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn a_non_2xx_answer_maps_to_http() {
    let err = login(codes::BAD_GATEWAY).await.unwrap_err();
    assert!(matches!(err, Code2SessionError::Http(502)));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn an_unreachable_server_is_a_transport_error() {
    // Bind and drop a listener so the port is (almost certainly) closed.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let config =
        testing::mini_program_config(BaseUrl::parse(&format!("http://127.0.0.1:{port}")).unwrap());
    let client = LoginClient::new(config, &HttpConfig::default()).unwrap();
    let err = client
        .code2session(&LoginCode::new("ok-erin"))
        .await
        .unwrap_err();
    assert!(matches!(err, Code2SessionError::Transport(_)));
}
