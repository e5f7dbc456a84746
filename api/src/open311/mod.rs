//! Open311 GeoReport v2 at `/open311/v2/`, so existing Open311 clients and county platforms
//! connect without custom code: discovery, services, service definitions, requests (list
//! with filters, one, create), tokens; `.json` and `.xml`; errors in the spec's format.
//!
//! The format is the file extension, so each route takes the last path segment whole
//! (`requests.json`) and splits it ([`format::split`]).

mod doc;
mod format;
mod mapping;
mod params;
mod partners;
mod requests;
mod services;
mod xml;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

pub use format::Format;
pub use mapping::{Service, SERVICES};
pub use partners::Partners;

use format::Open311Error;
use params::Params;

use crate::http::AppState;

/// The Open311 routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/open311/v2/{file}", get(top_get).post(top_post))
        .route("/open311/v2/services/{file}", get(service_definition))
        .route("/open311/v2/requests/{file}", get(one_request))
        .route("/open311/v2/tokens/{file}", get(token))
        // Anything else one level down still answers in the spec's error format.
        .route("/open311/v2/{dir}/{file}", get(unknown).post(unknown))
}

/// An unknown resource below `/open311/v2/`: 404 in the format its extension asks for.
async fn unknown(Path((_, file)): Path<(String, String)>) -> Response {
    let format = format::split(&file).map_or(Format::Json, |(_, format)| format);
    Open311Error::not_found(format, "no such resource").into_response()
}

fn query(raw: Option<String>, format: Format) -> Result<Params, Open311Error> {
    Params::parse(raw.as_deref().unwrap_or(""))
        .ok_or_else(|| Open311Error::bad_request(format, "the query string is malformed"))
}

fn respond(result: Result<Response, Open311Error>) -> Response {
    result.unwrap_or_else(IntoResponse::into_response)
}

/// `discovery`, `services` and `requests` (GET).
async fn top_get(
    State(state): State<AppState>,
    Path(file): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    respond((|| {
        let (name, format) = format::split(&file)?;
        let params = query(raw, format)?;
        match name {
            "discovery" => Ok(services::discovery(format, &headers)),
            "services" => Ok(services::services(format)),
            "requests" => requests::list(&state, format, &params),
            _ => Err(Open311Error::not_found(format, "no such resource")),
        }
    })())
}

/// `POST requests` (form-encoded; `api_key` may also come in the query string).
async fn top_post(
    State(state): State<AppState>,
    Path(file): Path<String>,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Response {
    let (name, format) = match format::split(&file) {
        Ok(split) => split,
        Err(e) => return e.into_response(),
    };
    if name != "requests" {
        return Open311Error::not_found(format, "only requests can be created").into_response();
    }
    let prepared = (|| -> Result<Params, Open311Error> {
        let text = std::str::from_utf8(&body)
            .map_err(|_| Open311Error::bad_request(format, "the form body is not UTF-8"))?;
        let mut params = Params::parse(text).ok_or_else(|| {
            Open311Error::bad_request(format, "the body must be application/x-www-form-urlencoded")
        })?;
        params.merge(query(raw, format)?);
        Ok(params)
    })();
    match prepared {
        Ok(params) => respond(requests::create(&state, format, &params).await),
        Err(e) => e.into_response(),
    }
}

/// `GET services/{code}`.
async fn service_definition(Path(file): Path<String>) -> Response {
    respond(format::split(&file).and_then(|(code, format)| services::definition(format, code)))
}

/// `GET requests/{id}`.
async fn one_request(
    State(state): State<AppState>,
    Path(file): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    respond((|| {
        let (id, format) = format::split(&file)?;
        let params = query(raw, format)?;
        requests::one(&state, format, id, &params)
    })())
}

/// `GET tokens/{token}`.
async fn token(
    State(state): State<AppState>,
    Path(file): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    respond((|| {
        let (token, format) = format::split(&file)?;
        let params = query(raw, format)?;
        requests::token(&state, format, token, &params)
    })())
}
