//! Paying an order: placing the WeChat Pay order, the notification endpoint WeChat calls,
//! and the sandbox's "resident pays" button.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use linli_domain::services::order::{out_trade_no, Order, OrderCommand, RequestPayment};
use linli_domain::{Aggregate, OrderId, Role, StreamName};
use linli_wechat::{JsapiOrder, Nonce, OpenId, OutTradeNo, UnixTime};
use serde::Serialize;

use super::load_order;
use crate::auth::Principal;
use crate::http::error::ApiError;
use crate::http::idempotency::IdempotencyKey;
use crate::http::path::ApiPath;
use crate::http::AppState;
use crate::pay::Payments;

/// The object to pass to `wx.requestPayment`, signed with the merchant key.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PaymentParams {
    /// The AppID.
    #[serde(rename = "appId")]
    app_id: String,
    /// Seconds since the epoch, as text.
    #[serde(rename = "timeStamp")]
    time_stamp: String,
    /// Random string.
    #[serde(rename = "nonceStr")]
    nonce_str: String,
    /// `prepay_id=…`.
    package: String,
    /// `RSA`.
    #[serde(rename = "signType")]
    sign_type: String,
    /// SHA256withRSA signature, base64.
    #[serde(rename = "paySign")]
    pay_sign: String,
}

/// What `POST /api/v1/orders/{id}/pay` answers.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PayAnswer {
    /// The order.
    id: OrderId,
    /// Log position, for `?after=`.
    position: u64,
    /// `fresh`, `duplicate` or `unchanged` (a repeated request for the same prepay id).
    #[schema(value_type = String, pattern = "^(fresh|duplicate|unchanged)$")]
    replay: &'static str,
    /// For `wx.requestPayment`.
    request_payment: PaymentParams,
}

fn payments(state: &AppState) -> Result<&Payments, ApiError> {
    state
        .payments
        .as_deref()
        .ok_or_else(|| ApiError::unavailable("payments are not configured on this server"))
}

fn jsapi(
    order: &linli_domain::services::order::OrderRecord,
    payer: &str,
) -> Result<JsapiOrder, ApiError> {
    Ok(JsapiOrder {
        description: order.service_name.chars().take(127).collect(),
        out_trade_no: OutTradeNo::parse(out_trade_no(order.id))
            .map_err(|e| ApiError::internal(&e))?,
        total: linli_wechat::Fen::new(u64::try_from(order.price.0).unwrap_or(0)),
        payer: OpenId::new(payer),
    })
}

/// Places the WeChat Pay order for a reserved order and answers with the signed
/// `wx.requestPayment` parameters. Asking again (e.g. after the payment sheet was closed)
/// answers for the same order number.
#[utoipa::path(
    post,
    path = "/api/v1/orders/{id}/pay",
    tag = "services",
    params(("id" = OrderId, Path, description = "The order.")),
    responses(
        (status = 200, description = "Payment requested; pass `request_payment` to wx.requestPayment", body = PayAnswer),
        (status = 403, description = "Only the resident who placed it", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No such order", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Not awaiting payment, or contended", body = crate::http::openapi::ErrorBody),
        (status = 502, description = "WeChat Pay refused the order", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "Payments not configured, or WeChat Pay unreachable", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn pay(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<OrderId>,
) -> Result<Json<PayAnswer>, ApiError> {
    let actor = principal.act_as(&[Role::Resident])?;
    let payments = payments(&state)?;
    let record = load_order(&state, id)?;
    let now = state.clock.now();
    let request = |prepay_id: String| {
        OrderCommand::RequestPayment(RequestPayment {
            out_trade_no: out_trade_no(id),
            amount: record.price,
            prepay_id,
            by: actor,
            at: now,
        })
    };
    // Refuse here what the order would refuse, before asking WeChat for anything.
    Order::decide(&request(String::new()), &Some(record.clone()))
        .map_err(|e| ApiError::from(linli_domain::DomainError::from(e)))?;
    let order = jsapi(&record, principal.record.openid.as_str())?;
    let prepay = payments.place(&order).await?;
    let outcome = state
        .engine
        .execute::<Order>(
            StreamName::Order(id),
            request(prepay.as_str().to_owned()),
            key.meta(&actor, principal.user, "pay"),
        )
        .await?;
    let signed = linli_wechat::RequestPayment::sign(
        payments.merchant(),
        &prepay,
        UnixTime::from_secs(now.timestamp()),
        &Nonce::random(),
    )
    .map_err(|e| ApiError::internal(&e))?;
    Ok(Json(PayAnswer {
        id,
        position: outcome.position.0,
        replay: crate::http::idempotency::replay_label(outcome.replay),
        request_payment: PaymentParams {
            app_id: signed.app_id.as_str().to_owned(),
            time_stamp: signed.time_stamp,
            nonce_str: signed.nonce_str,
            package: signed.package,
            sign_type: signed.sign_type.to_owned(),
            pay_sign: signed.pay_sign,
        },
    }))
}

fn reply(reply: linli_wechat::NotifyReply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match reply.failure_message() {
        Some(message) => (
            status,
            Json(NotifyFailure {
                code: NotifyFailure::CODE,
                message: message.to_owned(),
            }),
        )
            .into_response(),
        // WeChat reads any 2xx with an empty body as "received".
        None => status.into_response(),
    }
}

/// WeChat Pay's payment and refund notifications. Answers as WeChat expects: 200 with an
/// empty body when recorded (or already recorded), else 4xx/5xx with
/// `{"code":"FAIL","message":…}` so WeChat retries.
#[utoipa::path(
    post,
    path = "/api/v1/pay/notify",
    tag = "services",
    request_body(content = String, description = "WeChat Pay's signed notification envelope, exactly as sent", content_type = "application/json"),
    responses(
        (status = 200, description = "Recorded (or a duplicate of one recorded): WeChat stops retrying"),
        (status = 400, description = "`{\"code\":\"FAIL\"}`: unknown order or malformed", body = NotifyFailure),
        (status = 401, description = "`{\"code\":\"FAIL\"}`: signature, serial or timestamp refused", body = NotifyFailure),
        (status = 500, description = "`{\"code\":\"FAIL\"}`: does not match the order, or cannot be recorded now", body = NotifyFailure),
        (status = 503, description = "`{\"code\":\"FAIL\"}`: payments not configured", body = NotifyFailure),
    ),
)]
pub async fn notify(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    reply(crate::pay::notify::handle(&state, &headers, &body).await)
}

/// WeChat Pay's failure answer (not the API's usual error shape: WeChat reads this one).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NotifyFailure {
    /// Always `FAIL`.
    #[schema(value_type = String, pattern = "^FAIL$")]
    code: &'static str,
    /// Why, in a fixed phrase.
    message: String,
}

impl NotifyFailure {
    /// The only code WeChat Pay knows for a refused notification.
    const CODE: &'static str = "FAIL";
}

/// What the sandbox did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SandboxPaid {
    /// The order.
    id: OrderId,
    /// Whether the notification was accepted.
    acknowledged: bool,
    /// The HTTP status WeChat would have seen.
    status: u16,
}

/// Sandbox only (`--pay-sandbox`): the resident "pays" an order whose payment was
/// requested. The sandbox signs and encrypts a payment notification with its local key and
/// it takes the same path as one WeChat posts.
#[utoipa::path(
    post,
    path = "/api/v1/pay/sandbox/orders/{id}/pay",
    tag = "services",
    params(("id" = OrderId, Path, description = "The order.")),
    responses(
        (status = 200, description = "The notification was produced and handled", body = SandboxPaid),
        (status = 403, description = "Only the resident who placed it", body = crate::http::openapi::ErrorBody),
        (status = 404, description = "No sandbox on this server, or no such order", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "No payment was requested", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn sandbox_pay(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(id): ApiPath<OrderId>,
) -> Result<Json<SandboxPaid>, ApiError> {
    let sandbox = state
        .payments
        .as_deref()
        .and_then(Payments::sandbox)
        .ok_or_else(|| ApiError::not_found("the sandbox payer is not enabled"))?;
    let record = load_order(&state, id)?;
    if record.resident != principal.user {
        return Err(ApiError::forbidden(
            "only the resident who placed the order pays it",
        ));
    }
    if record.out_trade_no.is_none() {
        return Err(ApiError::from(linli_domain::DomainError::from(
            linli_domain::services::ServicesError::WrongState {
                status: record.status,
                action: "paying before a payment was requested",
            },
        )));
    }
    let order = jsapi(&record, principal.record.openid.as_str())?;
    let notification = sandbox
        .payment_notification(&order, UnixTime::from_secs(state.clock.now().timestamp()))
        .map_err(|e| ApiError::internal(&e))?;
    let answer =
        crate::pay::notify::handle(&state, &notification.headers, &notification.body).await;
    Ok(Json(SandboxPaid {
        id,
        acknowledged: answer.is_success(),
        status: answer.status,
    }))
}
