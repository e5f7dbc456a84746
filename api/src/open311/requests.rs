//! `requests` (GET with filters, POST form-encoded), `requests/{id}`, `tokens/{token}`.
//!
//! Visibility: Open311 is a public interface, so it shows public complaints only, plus the
//! complaints filed by the partner whose `api_key` comes with the request. Filings through
//! Open311 are public (the partner's own form is a public channel) and named after the
//! partner's account, never after a person. Nothing identifying a resident is ever written.

use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, TimeDelta, Utc};
use linli_domain::complaint::{
    Anonymity, ComplaintEvent, ComplaintStatus, FileComplaint, Visibility,
};
use linli_domain::geo::GeoPoint;
use linli_domain::user::{RegisterUser, User, UserCommand, UserError};
use linli_domain::{Actor, ComplaintId, Role, StreamName, UserId};
use linli_engine::{AnyEvent, CommandMeta, EngineError};
use linli_eventlog::{StreamId, StreamVersion};
use linli_projections::models::progress::{Audience, ComplaintSearch, ComplaintView};
use linli_projections::Page;
use uuid::Uuid;

use super::doc::{fields, Doc};
use super::format::{answer, Format, Open311Error};
use super::mapping::{is_open, open311_status, service, service_of, status_notes};
use super::params::{format_datetime, parse_datetime, Params};
use super::services::OCCURRED_AT;
use crate::http::AppState;

/// The most requests one `GET requests` answers.
const MAX_RESULTS: usize = 1000;

/// The widest date range one `GET requests` may ask for, and the default range.
const MAX_RANGE_DAYS: i64 = 90;

/// The partner behind an `api_key`, if one was sent. An unknown key is a 403.
fn partner(
    state: &AppState,
    params: &Params,
    format: Format,
) -> Result<Option<UserId>, Open311Error> {
    match params.get("api_key") {
        None => Ok(None),
        Some(key) => state
            .open311
            .user(key)
            .map(Some)
            .ok_or_else(|| Open311Error::forbidden(format, "the api_key is not valid")),
    }
}

/// Whether an Open311 caller (maybe a partner) may see a complaint.
fn visible(view: &ComplaintView, partner: Option<UserId>) -> bool {
    view.public || (partner.is_some() && view.resident == partner)
}

/// The point the complaint was filed with, from its `filed` event (the read model keeps no
/// coordinates).
fn filed_point(state: &AppState, id: ComplaintId) -> Option<GeoPoint> {
    let stream = StreamId::new(StreamName::Complaint(id).to_string()).ok()?;
    let records = state.log.read_stream(&stream, StreamVersion(1), 1).ok()?;
    match linli_engine::decode(records.first()?) {
        Ok(AnyEvent::Complaint(_, ComplaintEvent::Filed(filed))) => filed.point,
        _ => None,
    }
}

/// One complaint as an Open311 service request.
fn request_doc(state: &AppState, view: &ComplaintView) -> Doc {
    let service = service_of(view.category);
    let agency = view.jurisdiction.as_deref().map(|code| {
        let name = code.parse().ok().and_then(|node| {
            let router = state.directory.router().ok()?;
            router.directory().node(&node).map(|n| n.name.clone())
        });
        name.unwrap_or_else(|| code.to_owned())
    });
    let point = filed_point(state, view.id);
    let expected = if is_open(view.status) {
        view.resolution_due_at.map(format_datetime)
    } else {
        None
    };
    let mut notes = status_notes(view.status).to_owned();
    if let (ComplaintStatus::Merged, Some(into)) = (view.status, view.merged_into) {
        notes.push_str(&format!(" ({into})"));
    }
    fields! {
        "service_request_id" => view.id.to_string(),
        "status" => open311_status(view.status),
        "status_notes" => notes,
        "service_name" => service.name,
        "service_code" => service.code,
        "description" => view.description.clone(),
        "agency_responsible" => agency,
        "service_notice" => Doc::Null,
        "requested_datetime" => format_datetime(view.filed_at),
        "updated_datetime" => format_datetime(view.updated_at),
        "expected_datetime" => expected,
        "address" => view.address.clone(),
        "address_id" => Doc::Null,
        "zipcode" => Doc::Null,
        "lat" => point.map(|p| p.lat()),
        "long" => point.map(|p| p.lon()),
        "media_url" => Doc::Null,
    }
}

fn view_of(
    state: &AppState,
    id: ComplaintId,
    format: Format,
) -> Result<Option<ComplaintView>, Open311Error> {
    state
        .read
        .progress
        .complaint(id, Audience::Filer)
        .map_err(|e| Open311Error::internal(format, &e))
}

/// `GET requests.{json,xml}`.
pub fn list(state: &AppState, format: Format, params: &Params) -> Result<Response, Open311Error> {
    let partner = partner(state, params, format)?;
    // With service_request_id, every other filter is ignored (as the spec says).
    if let Some(ids) = params.list("service_request_id") {
        let mut found = Vec::new();
        for id in ids {
            let Ok(uuid) = Uuid::parse_str(id) else {
                continue;
            };
            if let Some(view) = view_of(state, ComplaintId::from_uuid(uuid), format)? {
                if visible(&view, partner) {
                    found.push(request_doc(state, &view));
                }
            }
        }
        return Ok(answer(
            format,
            StatusCode::OK,
            "service_requests",
            &Doc::List(found),
        ));
    }
    let categories = match params.list("service_code") {
        None => None,
        Some(codes) => Some(
            codes
                .iter()
                .map(|code| {
                    service(code).map(|s| s.category).ok_or_else(|| {
                        Open311Error::bad_request(
                            format,
                            format!("service_code {code:?} is not offered"),
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?,
        ),
    };
    let wanted_open = match params.list("status") {
        None => None,
        Some(statuses) => {
            let mut open = false;
            let mut closed = false;
            for status in statuses {
                match status {
                    "open" => open = true,
                    "closed" => closed = true,
                    other => {
                        return Err(Open311Error::bad_request(
                            format,
                            format!("status {other:?} is neither open nor closed"),
                        ))
                    }
                }
            }
            Some((open, closed))
        }
    };
    let date = |name: &str| -> Result<Option<DateTime<Utc>>, Open311Error> {
        params
            .get(name)
            .map(|text| {
                parse_datetime(text).ok_or_else(|| {
                    Open311Error::bad_request(
                        format,
                        format!("{name} must be a W3C date-time such as 2026-11-05T08:15:30+08:00"),
                    )
                })
            })
            .transpose()
    };
    let (start, end) = (date("start_date")?, date("end_date")?);
    let range = TimeDelta::days(MAX_RANGE_DAYS);
    let (start, end) = match (start, end) {
        (Some(s), Some(e)) => (s, e),
        (Some(s), None) => (s, s.checked_add_signed(range).unwrap_or(s)),
        (None, Some(e)) => (e.checked_sub_signed(range).unwrap_or(e), e),
        (None, None) => {
            let now = state.clock.now();
            (now.checked_sub_signed(range).unwrap_or(now), now)
        }
    };
    if end < start {
        return Err(Open311Error::bad_request(
            format,
            "end_date is before start_date",
        ));
    }
    if end - start > range {
        return Err(Open311Error::bad_request(
            format,
            format!("the date range may not span more than {MAX_RANGE_DAYS} days"),
        ));
    }
    let search = ComplaintSearch {
        filed_from: Some(start),
        // end_date is inclusive.
        filed_before: end.checked_add_signed(TimeDelta::microseconds(1)),
        category: match categories.as_deref() {
            Some([one]) => Some(*one),
            _ => None,
        },
        status: None,
        jurisdiction_prefix: None,
    };
    let mut found = Vec::new();
    let mut page = Page::first(Page::MAX_LIMIT);
    loop {
        let batch = state
            .read
            .progress
            .search(&search, &page)
            .map_err(|e| Open311Error::internal(format, &e))?;
        for view in &batch.items {
            let category_ok = categories
                .as_ref()
                .is_none_or(|c| c.contains(&view.category));
            let status_ok =
                wanted_open.is_none_or(
                    |(open, closed)| {
                        if is_open(view.status) {
                            open
                        } else {
                            closed
                        }
                    },
                );
            if category_ok && status_ok && visible(view, partner) {
                found.push(request_doc(state, view));
                if found.len() == MAX_RESULTS {
                    break;
                }
            }
        }
        match batch.next {
            Some(next) if found.len() < MAX_RESULTS => page.after = Some(next),
            _ => break,
        }
    }
    Ok(answer(
        format,
        StatusCode::OK,
        "service_requests",
        &Doc::List(found),
    ))
}

/// `GET requests/{id}.{json,xml}`: a one-item list, or 404.
pub fn one(
    state: &AppState,
    format: Format,
    id: &str,
    params: &Params,
) -> Result<Response, Open311Error> {
    let partner = partner(state, params, format)?;
    let missing =
        || Open311Error::not_found(format, format!("service_request_id {id:?} was not found"));
    let uuid = Uuid::parse_str(id).map_err(|_| missing())?;
    let view = view_of(state, ComplaintId::from_uuid(uuid), format)?
        .filter(|v| visible(v, partner))
        .ok_or_else(missing)?;
    let body = Doc::List(vec![request_doc(state, &view)]);
    Ok(answer(format, StatusCode::OK, "service_requests", &body))
}

/// `GET tokens/{token}.{json,xml}`. Requests are created synchronously, so a request's
/// token is its id; the token resource answers for clients that ask anyway.
pub fn token(
    state: &AppState,
    format: Format,
    token: &str,
    params: &Params,
) -> Result<Response, Open311Error> {
    let partner = partner(state, params, format)?;
    let missing = || Open311Error::not_found(format, format!("token {token:?} was not found"));
    let uuid = Uuid::parse_str(token).map_err(|_| missing())?;
    let view = view_of(state, ComplaintId::from_uuid(uuid), format)?
        .filter(|v| visible(v, partner))
        .ok_or_else(missing)?;
    let body = Doc::List(vec![fields! {
        "service_request_id" => view.id.to_string(),
        "token" => token,
    }]);
    Ok(answer(format, StatusCode::OK, "service_requests", &body))
}

/// Registers the partner's account on first use (like a first sign-in).
async fn ensure_registered(
    state: &AppState,
    format: Format,
    openid: &linli_domain::OpenId,
) -> Result<UserId, Open311Error> {
    let user = UserId::from_openid(openid);
    let command = UserCommand::Register(RegisterUser {
        user,
        openid: openid.clone(),
        by: Actor::System,
        at: state.clock.now(),
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
        Ok(_) | Err(EngineError::Rejected(UserError::AlreadyExists)) => Ok(user),
        Err(e) => Err(Open311Error::internal(format, &e)),
    }
}

fn float(params: &Params, name: &str, format: Format) -> Result<Option<f64>, Open311Error> {
    params
        .get(name)
        .map(|v| {
            v.parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .ok_or_else(|| {
                    Open311Error::bad_request(format, format!("{name} must be a number"))
                })
        })
        .transpose()
}

/// `POST requests.{json,xml}`: files a complaint as the partner's account and routes it.
pub async fn create(
    state: &AppState,
    format: Format,
    params: &Params,
) -> Result<Response, Open311Error> {
    let openid = params
        .get("api_key")
        .and_then(|key| state.open311.openid(key))
        .cloned()
        .ok_or_else(|| {
            Open311Error::forbidden(format, "a valid api_key is required to create a request")
        })?;
    let code = params
        .get("service_code")
        .ok_or_else(|| Open311Error::bad_request(format, "service_code is required"))?;
    let service = service(code).ok_or_else(|| {
        Open311Error::not_found(format, format!("service_code {code:?} was not found"))
    })?;
    let point = match (
        float(params, "lat", format)?,
        float(params, "long", format)?,
    ) {
        (Some(lat), Some(lon)) => Some(
            GeoPoint::new(lon, lat)
                .map_err(|e| Open311Error::bad_request(format, e.to_string()))?,
        ),
        (None, None) => None,
        _ => {
            return Err(Open311Error::bad_request(
                format,
                "lat and long go together",
            ))
        }
    };
    let address = match (params.get("address_string"), point) {
        (Some(text), _) => text.to_owned(),
        (None, Some(p)) => format!("{:.6}, {:.6}", p.lat(), p.lon()),
        (None, None) => {
            return Err(Open311Error::bad_request(
                format,
                "a location is required: lat and long, or address_string",
            ))
        }
    };
    let now = state.clock.now();
    let occurred_at = match params.get(&format!("attribute[{OCCURRED_AT}]")) {
        Some(text) => parse_datetime(text).ok_or_else(|| {
            Open311Error::bad_request(format, "attribute[occurred_at] must be a W3C date-time")
        })?,
        None => now,
    };
    let user = ensure_registered(state, format, &openid).await?;
    let actor = Actor::User {
        user,
        role: Role::Resident,
    };
    let id = ComplaintId::from_uuid(Uuid::new_v4());
    let command = FileComplaint {
        complaint_id: id,
        by: actor,
        category: service.category,
        occurred_at,
        address,
        point,
        jurisdiction: None,
        // Open311 makes the description optional; linli needs words, so the service's name
        // stands in.
        description: params.get("description").unwrap_or(service.name).to_owned(),
        media: Vec::new(),
        voice_note: None,
        anonymity: Anonymity::Named,
        visibility: Visibility::Public,
        at: now,
    };
    linli_engine::intake::file_and_route(
        &state.engine,
        &state.directory,
        &state.read.queues,
        command,
        None,
        CommandMeta::by(&actor),
    )
    .await
    .map_err(|e| match e {
        linli_engine::intake::IntakeError::Command(EngineError::Rejected(rejection)) => {
            Open311Error::bad_request(format, rejection.to_string())
        }
        other => Open311Error::internal(format, &other),
    })?;
    let body = Doc::List(vec![fields! {
        "service_request_id" => id.to_string(),
        "service_notice" => "Routed to the responsible cadre; follow it with GET requests/{id}.",
        "account_id" => Doc::Null,
    }]);
    Ok(answer(format, StatusCode::OK, "service_requests", &body))
}
