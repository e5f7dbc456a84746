//! The notifications inbox (消息): a user's messages, unread count, mark-read (recorded as
//! `inbox.read` in the user's own `inbox-{id}` stream) and a live SSE stream.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, KeepAliveStream, Sse};
use axum::routing::{get, post};
use axum::{Json, Router};
use linli_domain::inbox::{Inbox, InboxCommand, MarkRead, ReadSelection};
use linli_domain::StreamName;
use linli_projections::models::inbox::MessageView;
use linli_projections::Cursor;
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

use super::consistency::After;
use super::error::ApiError;
use super::idempotency::IdempotencyKey;
use super::json::ApiJson;
use super::query::{ApiQuery, Paging};
use super::AppState;
use crate::auth::{Principal, StreamPrincipal};

/// How long the read models get to catch up before the stream looks anyway.
const CATCH_UP: Duration = Duration::from_secs(5);
/// How many messages a stream update carries.
const LATEST: usize = 20;

/// The inbox routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/inbox", get(messages))
        .route("/api/v1/inbox/read", post(mark_read))
        .route("/api/v1/inbox/stream", get(stream))
}

/// A page of the inbox with the unread count.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct InboxPage {
    /// Messages not yet read (all of them, not just this page).
    unread: u64,
    /// Newest first.
    items: Vec<MessageView>,
    /// Cursor of the next page, if any.
    #[schema(value_type = Option<String>)]
    next: Option<Cursor>,
}

/// Which messages.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboxQuery {
    /// Only unread messages.
    unread_only: Option<bool>,
    /// Read-your-writes.
    after: Option<u64>,
    /// The `next` cursor of the previous page.
    cursor: Option<String>,
    /// Page size (default 20, at most 100).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<usize>,
}

fn page(
    state: &AppState,
    principal: &Principal,
    unread_only: bool,
    paging: &Paging,
) -> Result<InboxPage, ApiError> {
    let page = state
        .read
        .inbox
        .messages(principal.user, unread_only, &paging.page())?;
    Ok(InboxPage {
        unread: state.read.inbox.unread_count(principal.user)?,
        items: page.items,
        next: page.next,
    })
}

/// The caller's messages, newest first, with the unread count.
#[utoipa::path(
    get,
    path = "/api/v1/inbox",
    tag = "inbox",
    params(InboxQuery),
    responses(
        (status = 200, description = "Messages", body = InboxPage),
        (status = 503, description = "Read models still catching up with `after`", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn messages(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<InboxQuery>,
) -> Result<Json<InboxPage>, ApiError> {
    After { after: query.after }.wait(&state).await?;
    let paging = Paging {
        cursor: query.cursor,
        limit: query.limit,
    };
    Ok(Json(page(
        &state,
        &principal,
        query.unread_only.unwrap_or(false),
        &paging,
    )?))
}

/// `POST /api/v1/inbox/read`: either `messages` or `up_to`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadBody {
    /// These message ids (1–200).
    messages: Option<Vec<u64>>,
    /// Every message with an id at most this.
    up_to: Option<u64>,
}

/// What marking answers.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Marked {
    /// Log position, for `?after=`.
    position: u64,
    /// `fresh`, `duplicate` or `unchanged` (already read).
    #[schema(value_type = String, pattern = "^(fresh|duplicate|unchanged)$")]
    replay: &'static str,
}

/// Marks messages read, as an `inbox.read` event in the caller's own inbox stream.
#[utoipa::path(
    post,
    path = "/api/v1/inbox/read",
    tag = "inbox",
    request_body = ReadBody,
    responses(
        (status = 200, description = "Marked", body = Marked),
        (status = 403, description = "Auditors never write", body = crate::http::openapi::ErrorBody),
        (status = 409, description = "Contended", body = crate::http::openapi::ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn mark_read(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<ReadBody>,
) -> Result<Json<Marked>, ApiError> {
    let which = match (body.messages, body.up_to) {
        (Some(ids), None) => ReadSelection::Messages(ids),
        (None, Some(up_to)) => ReadSelection::UpTo(up_to),
        _ => {
            return Err(ApiError::invalid(
                "inbox.invalid",
                "give either `messages` or `up_to`",
            ))
        }
    };
    let actor = principal.act_as(&linli_domain::Role::ALL)?;
    let outcome = state
        .engine
        .execute::<Inbox>(
            StreamName::Inbox(principal.user),
            InboxCommand::MarkRead(MarkRead {
                owner: principal.user,
                which,
                by: actor,
                at: state.clock.now(),
            }),
            key.meta(&actor, principal.user, "inbox-read"),
        )
        .await?;
    Ok(Json(Marked {
        position: outcome.position.0,
        replay: super::idempotency::replay_label(outcome.replay),
    }))
}

type EventStream = Sse<KeepAliveStream<ReceiverStream<Result<Event, Infallible>>>>;

/// Live inbox: an `inbox` event (unread count and the latest messages) now and whenever it
/// changes.
#[utoipa::path(
    get,
    path = "/api/v1/inbox/stream",
    tag = "inbox",
    params(("access_token" = Option<String>, Query, description = "The bearer token, for EventSource clients that cannot set headers.")),
    responses(
        (status = 200, description = "`inbox` events: `{unread, items, next}` with the latest messages", content_type = "text/event-stream", body = String),
    ),
    security(("bearer" = [])),
)]
pub async fn stream(
    State(state): State<AppState>,
    StreamPrincipal(principal): StreamPrincipal,
) -> Result<EventStream, ApiError> {
    let (sender, receiver) = mpsc::channel(16);
    let mut subscription = state.log.subscribe(state.log.head().position.next());
    let latest = Paging {
        cursor: None,
        limit: Some(LATEST),
    };
    tokio::spawn(async move {
        let snapshot = |state: &AppState| page(state, &principal, false, &latest).ok();
        let fingerprint = |p: &InboxPage| (p.unread, p.items.first().map(|m| m.id));
        let mut last = None;
        if let Some(p) = snapshot(&state) {
            last = Some(fingerprint(&p));
            if sender.send(Ok(event(&p))).await.is_err() {
                return;
            }
        }
        while let Some(Ok(record)) = subscription.next().await {
            let _ = state.projector.wait_for(record.position, CATCH_UP).await;
            let Some(p) = snapshot(&state) else { continue };
            if Some(fingerprint(&p)) == last {
                continue;
            }
            last = Some(fingerprint(&p));
            if sender
                .send(Ok(event(&p).id(record.position.to_string())))
                .await
                .is_err()
            {
                return;
            }
        }
    });
    Ok(Sse::new(ReceiverStream::new(receiver))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

fn event(page: &InboxPage) -> Event {
    Event::default()
        .event("inbox")
        .json_data(page)
        .unwrap_or_else(|_| Event::default().event("error").data("unserializable"))
}
