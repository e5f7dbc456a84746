//! `POST /api/v1/auth/wechat`, `POST /api/v1/auth/dev`, `POST /api/v1/auth/logout`,
//! `GET /api/v1/me`.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use chrono::{DateTime, Utc};
use linli_domain::user::{RegisterUser, User, UserCommand, UserError, UserRecord};
use linli_domain::{Actor, JurisdictionCode, OpenId, Role, StreamName, UserId};
use linli_engine::{CommandMeta, EngineError};
use serde::{Deserialize, Serialize};

use super::error::ApiError;
use super::json::ApiJson;
use super::{AppState, DevLogin};
use crate::auth::{BearerToken, Principal};

/// `wx.login`'s one-time code.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct WechatLogin {
    /// The code from `wx.login`, exchanged once through code2Session.
    #[schema(min_length = 1, max_length = 128)]
    code: String,
}

/// The development login's request (only with `--dev-login`).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct DevLoginRequest {
    /// Stands in for the openid WeChat would return.
    #[schema(min_length = 1, max_length = 128, pattern = "^[A-Za-z0-9_-]+$")]
    openid: String,
}

/// A role and the jurisdictions it covers.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RoleView {
    /// The role.
    role: Role,
    /// Nodes the role covers, with their subtrees.
    scope: Vec<JurisdictionCode>,
}

/// Who is signed in.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MeView {
    /// The user id.
    id: UserId,
    /// Display name, if set.
    display_name: Option<String>,
    /// Registered home grid, used for routing when nothing better is known.
    home_grid: Option<JurisdictionCode>,
    /// Roles beyond resident.
    roles: Vec<RoleView>,
}

impl From<&UserRecord> for MeView {
    fn from(record: &UserRecord) -> MeView {
        MeView {
            id: record.id,
            display_name: record.profile.display_name.clone(),
            home_grid: record.profile.home_grid,
            roles: record
                .roles
                .iter()
                .map(|(role, scope)| RoleView {
                    role: *role,
                    scope: scope.iter().copied().collect(),
                })
                .collect(),
        }
    }
}

/// The answer to a successful login. `session_key` from WeChat never appears here.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LoginView {
    /// Send as `Authorization: Bearer <token>`.
    token: String,
    /// When the token stops working.
    expires_at: DateTime<Utc>,
    /// Who signed in.
    user: MeView,
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/wechat",
    tag = "auth",
    request_body = WechatLogin,
    responses(
        (status = 200, description = "Signed in", body = LoginView),
        (status = 401, description = "The code was not accepted", body = crate::http::openapi::ErrorBody),
        (status = 403, description = "WeChat blocked this sign-in", body = crate::http::openapi::ErrorBody),
        (status = 429, description = "Too many sign-ins", body = crate::http::openapi::ErrorBody),
        (status = 503, description = "WeChat login unavailable or not configured", body = crate::http::openapi::ErrorBody),
    ),
)]
pub async fn wechat(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<WechatLogin>,
) -> Result<Json<LoginView>, ApiError> {
    let Some(client) = &state.wechat_login else {
        return Err(ApiError::unavailable(
            "WeChat login is not configured on this server",
        ));
    };
    if body.code.is_empty() || body.code.len() > 128 {
        return Err(ApiError::invalid(
            "auth.invalid_code",
            "the login code is empty or too long",
        ));
    }
    let session = client
        .code2session(&linli_wechat::LoginCode::new(body.code))
        .await
        .map_err(ApiError::from_code2session)?;
    let openid = OpenId::try_from(session.openid.to_string())
        .map_err(|e| ApiError::internal(&format!("WeChat returned an unusable openid: {e}")))?;
    sign_in(&state, openid).await
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/dev",
    tag = "auth",
    request_body = DevLoginRequest,
    responses(
        (status = 200, description = "Signed in", body = LoginView),
        (status = 404, description = "The server was started without --dev-login", body = crate::http::openapi::ErrorBody),
    ),
)]
pub async fn dev(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<DevLoginRequest>,
) -> Result<Json<LoginView>, ApiError> {
    if state.dev_login == DevLogin::Disabled {
        return Err(ApiError::not_found("no such route"));
    }
    let openid = OpenId::try_from(body.openid)
        .map_err(|e| ApiError::invalid("auth.invalid_openid", e.to_string()))?;
    sign_in(&state, openid).await
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/logout",
    tag = "auth",
    responses(
        (status = 204, description = "Signed out"),
    ),
    security(("bearer" = [])),
)]
pub async fn logout(
    State(state): State<AppState>,
    _principal: Principal,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let token = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .and_then(BearerToken::parse);
    if let Some(token) = token {
        state
            .sessions
            .revoke(&token)
            .map_err(|e| ApiError::internal(&e))?;
    }
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "auth",
    responses(
        (status = 200, description = "Who is signed in", body = MeView),
    ),
    security(("bearer" = [])),
)]
pub async fn me(principal: Principal) -> Json<MeView> {
    Json(MeView::from(&principal.record))
}

/// Registers the user on first sight (the id is derived from the openid, so concurrent
/// first logins land on one stream) and issues a session.
async fn sign_in(state: &AppState, openid: OpenId) -> Result<Json<LoginView>, ApiError> {
    let user = UserId::from_openid(&openid);
    let now = state.clock.now();
    let command = UserCommand::Register(RegisterUser {
        user,
        openid,
        by: Actor::System,
        at: now,
    });
    match state
        .engine
        .execute::<User>(
            StreamName::User(user),
            command,
            CommandMeta::by(&Actor::System),
        )
        .await
    {
        Ok(_) | Err(EngineError::Rejected(UserError::AlreadyExists)) => {}
        Err(e) => return Err(ApiError::internal(&e)),
    }
    let record = state
        .engine
        .load::<User>(StreamName::User(user))
        .map_err(|e| ApiError::internal(&e))?
        .state
        .ok_or_else(|| ApiError::internal(&"a registered user has no state"))?;
    let (token, session) = state
        .sessions
        .issue(user, now)
        .map_err(|e| ApiError::internal(&e))?;
    Ok(Json(LoginView {
        token: token.expose().to_owned(),
        expires_at: session.expires_at,
        user: MeView::from(&record),
    }))
}
