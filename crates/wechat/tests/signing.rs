//! Request signing, `paySign`, and golden values that pin the signed strings.

use linli_wechat::config::{ApiV3Key, MerchantConfig};
use linli_wechat::pay::{JsapiRequestBody, OrderAmount, PayerRef};
use linli_wechat::sign::{pay_sign_message, request_message, AUTH_SCHEME};
use linli_wechat::testing;
use linli_wechat::{
    AppId, Authorization, Currency, Fen, MchId, MerchantSerial, Nonce, OpenId, OutTradeNo,
    PrepayId, PrivateKey, PublicKey, RequestPayment, UnixTime, VerifyError,
};

/// A throwaway key made with `openssl genpkey` for these tests only; it signs nothing real.
const GOLDEN_KEY: &str = include_str!("fixtures/golden_merchant_key.pem");
const GOLDEN_PUBLIC_KEY: &str = include_str!("fixtures/golden_merchant_pub.pem");
/// `openssl dgst -sha256 -sign golden_merchant_key.pem` over GOLDEN_REQUEST_MESSAGE.
const GOLDEN_REQUEST_SIGNATURE: &str = include_str!("fixtures/golden_request.sig");
/// `openssl dgst -sha256 -sign golden_merchant_key.pem` over GOLDEN_PAY_MESSAGE.
const GOLDEN_PAY_SIGNATURE: &str = include_str!("fixtures/golden_paysign.sig");

const GOLDEN_BODY: &str = r#"{"appid":"wxd678efh567hg6787","mchid":"1230000109","description":"Image形象店-深圳腾大-QQ公仔","out_trade_no":"1217752501201407033233368018","notify_url":"https://www.weixin.qq.com/wxpay/pay.php","amount":{"total":100,"currency":"CNY"},"payer":{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}}"#;
const GOLDEN_TIMESTAMP: i64 = 1_554_208_460;
const GOLDEN_NONCE: &str = "593BEC0C930BF1AFEB40B4A08C8FB242";

fn golden_merchant() -> MerchantConfig {
    MerchantConfig {
        mchid: MchId::new("1230000109"),
        appid: AppId::new("wxd678efh567hg6787"),
        serial: MerchantSerial::new("1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C"),
        private_key: PrivateKey::from_pkcs8_pem(GOLDEN_KEY).unwrap(),
        api_v3_key: ApiV3Key::from_bytes(&[b'k'; 32]).unwrap(),
        notify_url: "https://www.weixin.qq.com/wxpay/pay.php".to_owned(),
    }
}

#[test]
fn the_jsapi_request_body_serialises_field_for_field_as_documented() {
    let merchant = golden_merchant();
    let out_trade_no = OutTradeNo::parse("1217752501201407033233368018").unwrap();
    let openid = OpenId::new("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o");
    let body = JsapiRequestBody {
        appid: &merchant.appid,
        mchid: &merchant.mchid,
        description: "Image形象店-深圳腾大-QQ公仔",
        out_trade_no: &out_trade_no,
        notify_url: &merchant.notify_url,
        amount: OrderAmount {
            total: Fen::new(100),
            currency: Currency::cny(),
        },
        payer: PayerRef { openid: &openid },
    };
    assert_eq!(serde_json::to_string(&body).unwrap(), GOLDEN_BODY);
}

#[test]
fn the_golden_request_signature_never_changes_unnoticed() {
    let merchant = golden_merchant();
    let nonce = Nonce::parse(GOLDEN_NONCE).unwrap();
    let timestamp = UnixTime::from_secs(GOLDEN_TIMESTAMP);
    let path = "/v3/pay/transactions/jsapi";

    let message = request_message("POST", path, timestamp, &nonce, GOLDEN_BODY.as_bytes());
    let expected_message = format!(
        "POST\n/v3/pay/transactions/jsapi\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n{GOLDEN_BODY}\n"
    );
    assert_eq!(String::from_utf8(message).unwrap(), expected_message);

    let auth = Authorization::sign_for(
        &merchant,
        "POST",
        path,
        timestamp,
        &nonce,
        GOLDEN_BODY.as_bytes(),
    )
    .unwrap();
    // The signature is the one OpenSSL computed independently over the same string.
    assert_eq!(auth.signature, GOLDEN_REQUEST_SIGNATURE.trim());
    assert_eq!(
        auth.header_value(),
        format!(
            "WECHATPAY2-SHA256-RSA2048 mchid=\"1230000109\",nonce_str=\"593BEC0C930BF1AFEB40B4A08C8FB242\",signature=\"{}\",timestamp=\"1554208460\",serial_no=\"1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C\"",
            GOLDEN_REQUEST_SIGNATURE.trim()
        )
    );
}

#[test]
fn the_golden_pay_sign_never_changes_unnoticed() {
    let merchant = golden_merchant();
    let nonce = Nonce::parse(GOLDEN_NONCE).unwrap();
    let prepay = PrepayId::new("wx201410272009395522657a690389285100");
    let params = RequestPayment::sign(
        &merchant,
        &prepay,
        UnixTime::from_secs(GOLDEN_TIMESTAMP),
        &nonce,
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(pay_sign_message(
            &merchant.appid,
            UnixTime::from_secs(GOLDEN_TIMESTAMP),
            &nonce,
            &params.package
        ))
        .unwrap(),
        "wxd678efh567hg6787\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\nprepay_id=wx201410272009395522657a690389285100\n"
    );
    assert_eq!(params.pay_sign, GOLDEN_PAY_SIGNATURE.trim());
    assert_eq!(
        serde_json::to_value(&params).unwrap(),
        serde_json::json!({
            "appId": "wxd678efh567hg6787",
            "timeStamp": "1554208460",
            "nonceStr": "593BEC0C930BF1AFEB40B4A08C8FB242",
            "package": "prepay_id=wx201410272009395522657a690389285100",
            "signType": "RSA",
            "paySign": GOLDEN_PAY_SIGNATURE.trim(),
        })
    );
}

#[test]
fn the_authorization_header_parses_back_and_verifies_with_the_merchant_public_key() {
    let merchant = testing::merchant_config();
    let body = br#"{"out_trade_no":"ORDER-0001"}"#;
    let auth = Authorization::sign_for(
        &merchant,
        "POST",
        "/v3/refund/domestic/refunds",
        UnixTime::from_secs(1_700_000_000),
        &Nonce::random(),
        body,
    )
    .unwrap();
    let header = auth.header_value();
    assert!(header.starts_with(&format!("{AUTH_SCHEME} mchid=\"")));

    let parsed = Authorization::parse(&header).expect("header parses back");
    assert_eq!(parsed, auth);
    assert_eq!(parsed.mchid.as_str(), testing::MCHID);
    assert_eq!(parsed.serial.as_str(), testing::MERCHANT_SERIAL);

    let public = testing::merchant_key().public_key();
    let message = parsed.message("POST", "/v3/refund/domestic/refunds", body);
    public.verify_base64(&message, &parsed.signature).unwrap();

    // The signature covers method, path and body: changing any of them breaks it.
    for (method, path, body) in [
        ("PUT", "/v3/refund/domestic/refunds", &body[..]),
        ("POST", "/v3/refund/domestic/refunds?x=1", &body[..]),
        ("POST", "/v3/refund/domestic/refunds", b"{}".as_slice()),
    ] {
        assert_eq!(
            public.verify_base64(&parsed.message(method, path, body), &parsed.signature),
            Err(VerifyError::SignatureMismatch)
        );
    }
}

#[test]
fn pay_sign_verifies_with_the_merchant_public_key() {
    let merchant = testing::merchant_config();
    let nonce = Nonce::random();
    let now = UnixTime::from_secs(1_700_000_123);
    let prepay = PrepayId::new("wx26112221580621e9b071c00d9e093b0000");
    let params = RequestPayment::sign(&merchant, &prepay, now, &nonce).unwrap();

    assert_eq!(
        params.package,
        "prepay_id=wx26112221580621e9b071c00d9e093b0000"
    );
    assert_eq!(params.sign_type, "RSA");
    assert_eq!(params.time_stamp, "1700000123");
    let message = pay_sign_message(&merchant.appid, now, &nonce, &params.package);
    testing::merchant_key()
        .public_key()
        .verify_base64(&message, &params.pay_sign)
        .unwrap();
    // And not with anybody else's.
    assert!(testing::stranger_key()
        .public_key()
        .verify_base64(&message, &params.pay_sign)
        .is_err());
}

#[test]
fn pem_keys_round_trip_and_other_formats_are_refused() {
    let key = PrivateKey::from_pkcs8_pem(GOLDEN_KEY).unwrap();
    let public = PublicKey::from_spki_pem(GOLDEN_PUBLIC_KEY).unwrap();
    assert_eq!(key.public_key(), &public);
    let pem = key.to_pkcs8_pem().unwrap();
    assert_eq!(
        PrivateKey::from_pkcs8_pem(&pem).unwrap().public_key(),
        &public
    );
    assert_eq!(
        PublicKey::from_spki_pem(&public.to_spki_pem().unwrap()).unwrap(),
        public
    );
    assert!(PrivateKey::from_pkcs8_pem(GOLDEN_PUBLIC_KEY).is_err());
    assert!(PublicKey::from_spki_pem(GOLDEN_KEY).is_err());
    assert!(!format!("{key:?}").contains("BEGIN"));
}
