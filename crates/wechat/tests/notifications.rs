//! Payment and refund notifications: verification, decryption, order checks, replies, and
//! the sandbox's notifications going through the same path.

use http::HeaderValue;
use linli_wechat::notify::{EventType, Payer, TradeState, TransactionAmount};
use linli_wechat::testing;
use linli_wechat::verify::{HEADER_SERIAL, HEADER_SIGNATURE, HEADER_TIMESTAMP};
use linli_wechat::{
    check_order, ApiV3Key, AppId, Currency, ExpectedOrder, Fen, JsapiOrder, MchId,
    NotificationSigner, NotificationVerifier, NotifyError, NotifyReply, OpenId, OrderMismatch,
    OutRefundNo, OutTradeNo, PlatformSerial, RefundOutcome, RefundRequest, RefundStatus,
    SandboxPayer, SignedNotification, Transaction, TransactionId, UnixTime, VerifyError,
};

const AT: UnixTime = UnixTime::from_secs(1_767_225_600); // 2026-01-01T08:00:00+08:00

fn verifier() -> NotificationVerifier {
    NotificationVerifier::new(testing::platform_verifiers(), testing::api_v3_key())
}

fn transaction(out_trade_no: &str, total: u64) -> Transaction {
    Transaction {
        mchid: MchId::new(testing::MCHID),
        appid: AppId::new(testing::APPID),
        out_trade_no: OutTradeNo::parse(out_trade_no).unwrap(),
        transaction_id: TransactionId::new("4200000000202601010000000001"),
        trade_state: TradeState::Success,
        trade_state_desc: Some("支付成功".to_owned()),
        amount: TransactionAmount {
            total: Fen::new(total),
            payer_total: Some(Fen::new(total)),
            currency: Currency::cny(),
        },
        payer: Payer {
            openid: OpenId::new("o-resident-1"),
        },
        success_time: Some("2026-01-01T08:00:00+08:00".parse().unwrap()),
    }
}

fn payment_from(signer: &NotificationSigner, tx: &Transaction) -> SignedNotification {
    signer
        .notification(
            &EventType::TransactionSuccess,
            "支付成功",
            "transaction",
            tx,
            AT,
        )
        .unwrap()
}

fn valid_payment() -> SignedNotification {
    payment_from(
        &testing::cert_signer(),
        &transaction("ORDER-NOTIFY-0001", 8800),
    )
}

fn expected(out_trade_no: &str, total: u64) -> ExpectedOrder {
    ExpectedOrder {
        mchid: MchId::new(testing::MCHID),
        appid: AppId::new(testing::APPID),
        out_trade_no: OutTradeNo::parse(out_trade_no).unwrap(),
        total: Fen::new(total),
    }
}

fn refused(notification: &SignedNotification, now: UnixTime) -> VerifyError {
    match verifier().payment(&notification.headers, &notification.body, now) {
        Err(NotifyError::Verify(err)) => err,
        other => panic!("expected a verification error, got {other:?}"),
    }
}

#[test]
fn a_valid_payment_notification_is_accepted_and_decrypted() {
    let n = valid_payment();
    let payment = verifier().payment(&n.headers, &n.body, AT).unwrap();
    assert_eq!(payment.transaction, transaction("ORDER-NOTIFY-0001", 8800));
    assert_eq!(payment.verified_by, testing::platform_cert_serial());
    assert!(payment.id.starts_with("EV-"));
    assert_eq!(
        check_order(&expected("ORDER-NOTIFY-0001", 8800), &payment.transaction),
        Ok(())
    );
}

#[test]
fn certificate_serials_and_public_key_ids_are_accepted_side_by_side() {
    let tx = transaction("ORDER-SWITCH-0001", 100);
    let by_cert = payment_from(&testing::cert_signer(), &tx);
    let by_pub_key = payment_from(&testing::pub_key_signer(), &tx);
    let verifier = verifier();
    let a = verifier
        .payment(&by_cert.headers, &by_cert.body, AT)
        .unwrap();
    let b = verifier
        .payment(&by_pub_key.headers, &by_pub_key.body, AT)
        .unwrap();
    assert!(matches!(a.verified_by, PlatformSerial::Certificate(_)));
    assert!(matches!(b.verified_by, PlatformSerial::PublicKeyId(_)));
    assert_eq!(a.transaction, b.transaction);
}

#[test]
fn a_lower_case_certificate_serial_header_still_finds_its_key() {
    let mut n = valid_payment();
    n.headers.insert(
        HEADER_SERIAL,
        HeaderValue::from_str(&testing::PLATFORM_CERT_SERIAL.to_ascii_lowercase()).unwrap(),
    );
    assert!(verifier().payment(&n.headers, &n.body, AT).is_ok());
}

#[test]
fn a_tampered_body_is_refused_as_a_signature_mismatch() {
    let mut n = valid_payment();
    let text = String::from_utf8(n.body.clone()).unwrap();
    n.body = text.replace("支付成功", "支付失败").into_bytes();
    assert_ne!(n.body, valid_payment().body);
    assert_eq!(refused(&n, AT), VerifyError::SignatureMismatch);
}

#[test]
fn a_garbage_signature_is_refused_as_malformed() {
    let mut n = valid_payment();
    n.headers.insert(
        HEADER_SIGNATURE,
        HeaderValue::from_static("bm90IGEgc2lnbmF0dXJl"),
    );
    assert_eq!(refused(&n, AT), VerifyError::MalformedSignature);
    n.headers.insert(
        HEADER_SIGNATURE,
        HeaderValue::from_static("%%% not base64 %%%"),
    );
    assert_eq!(refused(&n, AT), VerifyError::MalformedSignature);
}

#[test]
fn a_signature_by_another_key_under_a_known_serial_is_refused_as_a_mismatch() {
    let forger = NotificationSigner::new(
        testing::stranger_key().clone(),
        testing::platform_cert_serial(),
        testing::api_v3_key(),
    );
    let n = payment_from(&forger, &transaction("ORDER-FORGED-0001", 1));
    assert_eq!(refused(&n, AT), VerifyError::SignatureMismatch);
}

#[test]
fn a_stale_timestamp_is_refused_as_too_old() {
    let n = valid_payment();
    let now = UnixTime::from_secs(AT.secs() + 301);
    assert_eq!(
        refused(&n, now),
        VerifyError::TimestampTooOld { skew_secs: 301 }
    );
}

#[test]
fn a_timestamp_from_the_future_is_refused_as_in_the_future() {
    let n = valid_payment();
    let now = UnixTime::from_secs(AT.secs() - 301);
    assert_eq!(
        refused(&n, now),
        VerifyError::TimestampInFuture { skew_secs: 301 }
    );
}

#[test]
fn timestamps_exactly_five_minutes_off_are_still_accepted() {
    let n = valid_payment();
    let verifier = verifier();
    for now in [AT.secs() + 300, AT.secs() - 300] {
        assert!(verifier
            .payment(&n.headers, &n.body, UnixTime::from_secs(now))
            .is_ok());
    }
}

#[test]
fn a_non_numeric_timestamp_is_refused_as_malformed() {
    let mut n = valid_payment();
    n.headers
        .insert(HEADER_TIMESTAMP, HeaderValue::from_static("yesterday"));
    assert!(matches!(
        refused(&n, AT),
        VerifyError::MalformedTimestamp(_)
    ));
}

#[test]
fn an_unknown_serial_is_refused() {
    let mut n = valid_payment();
    n.headers.insert(
        HEADER_SERIAL,
        HeaderValue::from_static("PUB_KEY_ID_0000000000000000000000000000"),
    );
    assert_eq!(
        refused(&n, AT),
        VerifyError::UnknownSerial("PUB_KEY_ID_0000000000000000000000000000".to_owned())
    );
}

#[test]
fn a_signtest_probe_is_refused() {
    let mut n = valid_payment();
    n.headers.insert(
        HEADER_SIGNATURE,
        HeaderValue::from_static("WECHATPAY/SIGNTEST/q4Ls+XbE1xVeWv3jiL8s6Q=="),
    );
    assert_eq!(refused(&n, AT), VerifyError::SignatureProbe);
}

#[test]
fn a_missing_signature_header_is_refused_and_named() {
    let mut n = valid_payment();
    n.headers.remove(HEADER_SIGNATURE);
    assert_eq!(
        refused(&n, AT),
        VerifyError::MissingHeader(HEADER_SIGNATURE)
    );
}

#[test]
fn a_verified_notification_encrypted_with_another_api_v3_key_fails_to_decrypt() {
    let signer = NotificationSigner::new(
        testing::platform_cert_key().clone(),
        testing::platform_cert_serial(),
        ApiV3Key::from_bytes(&[b'x'; 32]).unwrap(),
    );
    let n = payment_from(&signer, &transaction("ORDER-OTHER-KEY-1", 100));
    let err = verifier().payment(&n.headers, &n.body, AT).unwrap_err();
    assert!(matches!(err, NotifyError::Decrypt));
    assert_eq!(err.reply().status, 500);
}

#[test]
fn an_amount_mismatch_is_detected() {
    let tx = transaction("ORDER-MISMATCH-01", 1);
    assert_eq!(
        check_order(&expected("ORDER-MISMATCH-01", 8800), &tx),
        Err(OrderMismatch::Amount {
            expected: Fen::new(8800),
            actual: Fen::new(1)
        })
    );
}

#[test]
fn a_mchid_mismatch_is_detected() {
    let mut tx = transaction("ORDER-MISMATCH-02", 100);
    tx.mchid = MchId::new("1999999999");
    assert!(matches!(
        check_order(&expected("ORDER-MISMATCH-02", 100), &tx),
        Err(OrderMismatch::MchId { .. })
    ));
}

#[test]
fn an_appid_mismatch_is_detected() {
    let mut tx = transaction("ORDER-MISMATCH-03", 100);
    tx.appid = AppId::new("wx0000000000000000");
    assert!(matches!(
        check_order(&expected("ORDER-MISMATCH-03", 100), &tx),
        Err(OrderMismatch::AppId { .. })
    ));
}

#[test]
fn an_out_trade_no_mismatch_is_detected() {
    let tx = transaction("ORDER-SOMEONE-ELSE", 100);
    assert!(matches!(
        check_order(&expected("ORDER-MISMATCH-04", 100), &tx),
        Err(OrderMismatch::OutTradeNo { .. })
    ));
}

#[test]
fn a_currency_mismatch_is_detected() {
    let mut tx = transaction("ORDER-MISMATCH-05", 100);
    tx.amount.currency = Currency::new("USD");
    assert!(matches!(
        check_order(&expected("ORDER-MISMATCH-05", 100), &tx),
        Err(OrderMismatch::Currency { .. })
    ));
}

#[test]
fn a_coupon_discount_is_not_an_amount_mismatch() {
    // The payer paid less thanks to a coupon; the order total is what we compare.
    let mut tx = transaction("ORDER-COUPON-0001", 1000);
    tx.amount.payer_total = Some(Fen::new(800));
    assert_eq!(
        check_order(&expected("ORDER-COUPON-0001", 1000), &tx),
        Ok(())
    );
}

#[test]
fn replies_follow_wechats_rules() {
    let ok = NotifyReply::success();
    assert_eq!((ok.status, ok.body.as_str()), (200, ""));
    assert!(ok.is_success());
    assert_eq!(ok.content_type(), None);

    let fail = NotifyReply::failure(400, "bad");
    assert_eq!(fail.status, 400);
    assert_eq!(fail.content_type(), Some("application/json"));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&fail.body).unwrap(),
        serde_json::json!({"code": "FAIL", "message": "bad"})
    );
    // A failure can never be turned into an acknowledgement by a wrong status.
    assert_eq!(NotifyReply::failure(200, "x").status, 500);

    let mut n = valid_payment();
    n.headers.remove(HEADER_SIGNATURE);
    let err = verifier().payment(&n.headers, &n.body, AT).unwrap_err();
    assert_eq!(err.reply().status, 401);
    assert!(!err.reply().is_success());
}

fn sandbox() -> SandboxPayer {
    SandboxPayer::with_key(
        testing::stranger_key().clone(),
        MchId::new(testing::MCHID),
        AppId::new(testing::APPID),
        testing::api_v3_key(),
    )
}

fn registered(sandbox: &SandboxPayer) -> NotificationVerifier {
    let mut verifiers = testing::platform_verifiers();
    verifiers.insert(sandbox.serial().clone(), sandbox.public_key().clone());
    NotificationVerifier::new(verifiers, testing::api_v3_key())
}

fn sandbox_order() -> JsapiOrder {
    JsapiOrder {
        description: "维修服务-水管".to_owned(),
        out_trade_no: OutTradeNo::parse("ORDER-SANDBOX-0001").unwrap(),
        total: Fen::new(12_000),
        payer: OpenId::new("o-resident-2"),
    }
}

#[test]
fn a_freshly_generated_sandbox_payment_verifies_through_the_real_path() {
    let sandbox = SandboxPayer::generate(
        MchId::new(testing::MCHID),
        AppId::new(testing::APPID),
        testing::api_v3_key(),
    )
    .unwrap();
    assert!(sandbox.serial().as_str().starts_with("PUB_KEY_ID_SANDBOX"));
    assert!(matches!(sandbox.serial(), PlatformSerial::PublicKeyId(_)));
    assert_eq!(sandbox.public_key().bits(), 2048);

    let order = sandbox_order();
    let prepay = sandbox.place_jsapi_order(&order);
    assert!(prepay.as_str().contains("ORDER-SANDBOX-0001"));

    let n = sandbox.payment_notification(&order, AT).unwrap();
    let payment = registered(&sandbox)
        .payment(&n.headers, &n.body, AT)
        .unwrap();
    assert_eq!(&payment.verified_by, sandbox.serial());
    let tx = &payment.transaction;
    assert_eq!(tx.trade_state, TradeState::Success);
    assert_eq!(tx.payer.openid.as_str(), "o-resident-2");
    assert_eq!(
        tx.success_time.unwrap().to_rfc3339(),
        "2026-01-01T08:00:00+08:00"
    );
    assert_eq!(
        check_order(&expected("ORDER-SANDBOX-0001", 12_000), tx),
        Ok(())
    );
}

#[test]
fn sandbox_notifications_are_refused_unless_the_sandbox_key_is_registered() {
    let sandbox = sandbox();
    let n = sandbox.payment_notification(&sandbox_order(), AT).unwrap();
    assert!(matches!(
        verifier().payment(&n.headers, &n.body, AT),
        Err(NotifyError::Verify(VerifyError::UnknownSerial(_)))
    ));
}

#[test]
fn sandbox_notifications_get_the_same_freshness_and_tamper_checks() {
    let sandbox = sandbox();
    let verifier = registered(&sandbox);
    let n = sandbox.payment_notification(&sandbox_order(), AT).unwrap();
    assert!(matches!(
        verifier.payment(&n.headers, &n.body, UnixTime::from_secs(AT.secs() + 3600)),
        Err(NotifyError::Verify(VerifyError::TimestampTooOld { .. }))
    ));
    let mut tampered = n.clone();
    tampered.body.push(b' ');
    assert!(matches!(
        verifier.payment(&tampered.headers, &tampered.body, AT),
        Err(NotifyError::Verify(VerifyError::SignatureMismatch))
    ));
}

fn refund_request() -> RefundRequest {
    RefundRequest {
        out_trade_no: OutTradeNo::parse("ORDER-SANDBOX-0001").unwrap(),
        out_refund_no: OutRefundNo::parse("REFUND-SANDBOX-1").unwrap(),
        reason: None,
        refund: Fen::new(2_000),
        total: Fen::new(12_000),
    }
}

#[test]
fn refund_notifications_verify_and_decrypt_for_every_outcome() {
    let sandbox = sandbox();
    let verifier = registered(&sandbox);
    for (outcome, event, status) in [
        (
            RefundOutcome::Success,
            EventType::RefundSuccess,
            RefundStatus::Success,
        ),
        (
            RefundOutcome::Abnormal,
            EventType::RefundAbnormal,
            RefundStatus::Abnormal,
        ),
        (
            RefundOutcome::Closed,
            EventType::RefundClosed,
            RefundStatus::Closed,
        ),
    ] {
        let n = sandbox
            .refund_notification(&refund_request(), outcome, AT)
            .unwrap();
        let notice = verifier.refund(&n.headers, &n.body, AT).unwrap();
        assert_eq!(notice.event_type, event);
        let refund = &notice.refund;
        assert_eq!(refund.refund_status, status);
        assert_eq!(refund.out_trade_no.as_str(), "ORDER-SANDBOX-0001");
        assert_eq!(refund.out_refund_no.as_str(), "REFUND-SANDBOX-1");
        assert!(!refund.refund_id.as_str().is_empty());
        assert_eq!(refund.amount.refund, Fen::new(2_000));
        assert_eq!(refund.amount.total, Fen::new(12_000));
        assert_eq!(
            refund.success_time.is_some(),
            outcome == RefundOutcome::Success
        );
    }
}

#[test]
fn a_refund_notification_signed_by_wechats_key_decodes_the_documented_fields() {
    // The plaintext WeChat documents, with fields this crate does not model.
    let plaintext = serde_json::json!({
        "mchid": testing::MCHID,
        "transaction_id": "1008450740201411110005820873",
        "out_trade_no": "20150806125346",
        "refund_id": "50200207182018070300011301001",
        "out_refund_no": "7752501201407033233368018",
        "refund_status": "SUCCESS",
        "success_time": "2018-06-08T10:34:56+08:00",
        "user_received_account": "招商银行信用卡0403",
        "amount": {"total": 999, "refund": 999, "payer_total": 999, "payer_refund": 999}
    });
    let n = testing::pub_key_signer()
        .notification(
            &EventType::RefundSuccess,
            "退款成功",
            "refund",
            &plaintext,
            AT,
        )
        .unwrap();
    let notice = verifier().refund(&n.headers, &n.body, AT).unwrap();
    assert_eq!(
        notice.refund.refund_id.as_str(),
        "50200207182018070300011301001"
    );
    assert_eq!(notice.refund.amount.refund, Fen::new(999));
    assert_eq!(notice.refund.refund_status, RefundStatus::Success);
}

#[test]
fn events_delivered_to_the_wrong_handler_are_refused() {
    let sandbox = sandbox();
    let verifier = registered(&sandbox);
    let refund = sandbox
        .refund_notification(&refund_request(), RefundOutcome::Success, AT)
        .unwrap();
    assert!(matches!(
        verifier.payment(&refund.headers, &refund.body, AT),
        Err(NotifyError::UnexpectedEvent(e)) if e == "REFUND.SUCCESS"
    ));
    let payment = sandbox.payment_notification(&sandbox_order(), AT).unwrap();
    assert!(matches!(
        verifier.refund(&payment.headers, &payment.body, AT),
        Err(NotifyError::UnexpectedEvent(e)) if e == "TRANSACTION.SUCCESS"
    ));
}
