//! JSAPI orders and refunds against the loopback fake WeChat Pay, which checks our
//! `Authorization` signatures and signs its answers.

use linli_wechat::testing::{self, FakeWechat, FakeWechatConfig, ResponseSignatures};
use linli_wechat::{
    AppId, Fen, HttpConfig, IdError, JsapiOrder, MerchantConfig, OpenId, OutRefundNo, OutTradeNo,
    PayClient, PayError, PayErrorCode, PlatformVerifiers, RefundRequest, RefundStatus, VerifyError,
};

async fn fake() -> FakeWechat {
    FakeWechat::start(FakeWechatConfig::default())
        .await
        .unwrap()
}

fn client_with(
    fake: &FakeWechat,
    merchant: MerchantConfig,
    verifiers: PlatformVerifiers,
) -> PayClient {
    PayClient::new(merchant, verifiers, fake.base_url(), &HttpConfig::default()).unwrap()
}

fn client(fake: &FakeWechat) -> PayClient {
    client_with(
        fake,
        testing::merchant_config(),
        testing::platform_verifiers(),
    )
}

fn order(out_trade_no: &str, total: u64) -> JsapiOrder {
    JsapiOrder {
        description: "家政服务-日常保洁2小时".to_owned(),
        out_trade_no: OutTradeNo::parse(out_trade_no).unwrap(),
        total: Fen::new(total),
        payer: OpenId::new("o-resident-1"),
    }
}

fn refund(out_trade_no: &str, out_refund_no: &str, amount: u64, total: u64) -> RefundRequest {
    RefundRequest {
        out_trade_no: OutTradeNo::parse(out_trade_no).unwrap(),
        out_refund_no: OutRefundNo::parse(out_refund_no).unwrap(),
        reason: Some("服务取消".to_owned()),
        refund: Fen::new(amount),
        total: Fen::new(total),
    }
}

fn assert_api_error(
    result: Result<impl std::fmt::Debug, PayError>,
    status: u16,
    code: PayErrorCode,
) {
    match result {
        Err(PayError::Api {
            status: actual_status,
            code: actual_code,
            ..
        }) => {
            assert_eq!(actual_status, status);
            assert_eq!(actual_code, code);
        }
        other => panic!("expected {status} {code}, got {other:?}"),
    }
}

#[tokio::test]
async fn placing_a_jsapi_order_returns_the_prepay_id_and_sends_the_documented_body() {
    let fake = fake().await;
    let prepay = client(&fake)
        .place_jsapi_order(&order("ORDER-20260101-0001", 8800))
        .await
        .unwrap();
    assert!(prepay.as_str().starts_with("wx"));

    let requests = fake.requests();
    let request = requests.last().unwrap();
    assert_eq!(request.method, "POST");
    assert_eq!(request.path_and_query, "/v3/pay/transactions/jsapi");
    assert_eq!(
        request.json(),
        serde_json::json!({
            "appid": testing::APPID,
            "mchid": testing::MCHID,
            "description": "家政服务-日常保洁2小时",
            "out_trade_no": "ORDER-20260101-0001",
            "notify_url": testing::NOTIFY_URL,
            "amount": {"total": 8800, "currency": "CNY"},
            "payer": {"openid": "o-resident-1"}
        })
    );
    let authorization = request.authorization.as_deref().unwrap();
    assert!(authorization.starts_with("WECHATPAY2-SHA256-RSA2048 mchid=\"1900000109\","));
}

#[tokio::test]
async fn a_request_signed_with_the_wrong_key_is_refused_with_sign_error() {
    let fake = fake().await;
    let merchant = MerchantConfig {
        private_key: testing::stranger_key().clone(),
        ..testing::merchant_config()
    };
    let result = client_with(&fake, merchant, testing::platform_verifiers())
        .place_jsapi_order(&order("ORDER-WRONG-KEY", 100))
        .await;
    assert_api_error(result, 401, PayErrorCode::SignError);
}

#[tokio::test]
async fn a_paid_order_maps_to_order_paid() {
    let fake = fake().await;
    fake.mark_paid("ORDER-ALREADY-PAID");
    let result = client(&fake)
        .place_jsapi_order(&order("ORDER-ALREADY-PAID", 100))
        .await;
    assert_api_error(result, 403, PayErrorCode::OrderPaid);
}

#[tokio::test]
async fn an_appid_not_bound_to_the_merchant_maps_to_appid_mchid_not_match() {
    let fake = fake().await;
    let merchant = MerchantConfig {
        appid: AppId::new("wx0000000000000000"),
        ..testing::merchant_config()
    };
    let result = client_with(&fake, merchant, testing::platform_verifiers())
        .place_jsapi_order(&order("ORDER-OTHER-APP", 100))
        .await;
    assert_api_error(result, 400, PayErrorCode::AppIdMchIdNotMatch);
}

#[tokio::test]
async fn a_zero_amount_order_is_refused_before_any_request() {
    let fake = fake().await;
    let result = client(&fake)
        .place_jsapi_order(&order("ORDER-ZERO", 0))
        .await;
    assert!(matches!(
        result,
        Err(PayError::InvalidRequest(IdError::Amount { .. }))
    ));
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn a_corrupted_response_signature_is_refused() {
    let fake = fake().await;
    fake.set_response_signatures(ResponseSignatures::Corrupted);
    let result = client(&fake)
        .place_jsapi_order(&order("ORDER-MITM-0001", 100))
        .await;
    assert!(matches!(
        result,
        Err(PayError::ResponseSignature(VerifyError::SignatureMismatch))
    ));
}

#[tokio::test]
async fn a_response_signed_by_an_unknown_serial_is_refused() {
    let fake = fake().await;
    // Only the certificate key is accepted; the fake signs with the public key id.
    let verifiers = PlatformVerifiers::new().with(
        testing::platform_cert_serial(),
        testing::platform_cert_key().public_key().clone(),
    );
    let result = client_with(&fake, testing::merchant_config(), verifiers)
        .place_jsapi_order(&order("ORDER-UNKNOWN-SERIAL", 100))
        .await;
    assert!(matches!(
        result,
        Err(PayError::ResponseSignature(VerifyError::UnknownSerial(_)))
    ));
}

#[tokio::test]
async fn an_unsigned_response_is_accepted_because_signatures_are_checked_when_present() {
    let fake = fake().await;
    fake.set_response_signatures(ResponseSignatures::Absent);
    assert!(client(&fake)
        .place_jsapi_order(&order("ORDER-UNSIGNED-01", 100))
        .await
        .is_ok());
}

#[tokio::test]
async fn a_full_refund_is_requested_with_the_documented_body() {
    let fake = fake().await;
    let client = client(&fake);
    client
        .place_jsapi_order(&order("ORDER-REFUND-FULL", 5000))
        .await
        .unwrap();
    let receipt = client
        .refund(&refund("ORDER-REFUND-FULL", "REFUND-FULL-1", 5000, 5000))
        .await
        .unwrap();
    assert_eq!(receipt.status, RefundStatus::Processing);
    assert_eq!(receipt.out_refund_no.as_str(), "REFUND-FULL-1");
    assert_eq!(receipt.amount.refund, Fen::new(5000));
    assert_eq!(receipt.amount.total, Fen::new(5000));

    let requests = fake.requests();
    let request = requests.last().unwrap();
    assert_eq!(request.path_and_query, "/v3/refund/domestic/refunds");
    assert_eq!(
        request.json(),
        serde_json::json!({
            "out_trade_no": "ORDER-REFUND-FULL",
            "out_refund_no": "REFUND-FULL-1",
            "reason": "服务取消",
            "notify_url": testing::NOTIFY_URL,
            "amount": {"refund": 5000, "total": 5000, "currency": "CNY"}
        })
    );
}

#[tokio::test]
async fn partial_refunds_add_up_and_refunding_more_than_paid_maps_to_not_enough() {
    let fake = fake().await;
    let client = client(&fake);
    client
        .place_jsapi_order(&order("ORDER-REFUND-PART", 5000))
        .await
        .unwrap();
    let first = client
        .refund(&refund("ORDER-REFUND-PART", "REFUND-PART-1", 2000, 5000))
        .await
        .unwrap();
    assert_eq!(first.amount.refund, Fen::new(2000));
    client
        .refund(&refund("ORDER-REFUND-PART", "REFUND-PART-2", 3000, 5000))
        .await
        .unwrap();
    let third = client
        .refund(&refund("ORDER-REFUND-PART", "REFUND-PART-3", 1, 5000))
        .await;
    assert_api_error(third, 403, PayErrorCode::NotEnough);
}

#[tokio::test]
async fn refunding_an_unknown_order_maps_to_resource_not_exists() {
    let fake = fake().await;
    let result = client(&fake)
        .refund(&refund("ORDER-NEVER-PLACED", "REFUND-X-1", 100, 100))
        .await;
    assert_api_error(result, 404, PayErrorCode::ResourceNotExists);
}

#[tokio::test]
async fn a_refund_larger_than_the_total_is_refused_before_any_request() {
    let fake = fake().await;
    let result = client(&fake)
        .refund(&refund("ORDER-LOCAL-CHECK", "REFUND-LOCAL-1", 101, 100))
        .await;
    assert!(matches!(result, Err(PayError::InvalidRequest(_))));
    assert!(fake.requests().is_empty());
}

#[test]
fn system_errors_and_rate_limits_are_retryable_but_business_errors_are_not() {
    let api = |status, code: &str| PayError::Api {
        status,
        code: PayErrorCode::from_code(code),
        message: String::new(),
    };
    assert!(api(500, "SYSTEM_ERROR").is_retryable());
    assert!(api(429, "FREQUENCY_LIMITED").is_retryable());
    assert!(!api(403, "ORDERPAID").is_retryable());
    assert!(!api(400, "PARAM_ERROR").is_retryable());
    assert_eq!(
        PayErrorCode::from_code("SOMETHING_NEW"),
        PayErrorCode::Other("SOMETHING_NEW".to_owned())
    );
}
