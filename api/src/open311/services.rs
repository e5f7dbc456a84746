//! `discovery`, `services`, `services/{code}`: what this endpoint offers.

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::doc::{fields, Doc};
use super::format::{answer, Format, Open311Error};
use super::mapping::{Service, SERVICES};

/// The spec this endpoint implements, as discovery names it.
const SPECIFICATION: &str = "http://wiki.open311.org/GeoReport_v2";

/// When the endpoint's behaviour last changed (discovery's `changeset`).
const CHANGESET: &str = "2026-11-22T00:00:00Z";

/// The one attribute every service takes: when it happened (linli records it; defaults to
/// the time of filing).
pub const OCCURRED_AT: &str = "occurred_at";

/// `discovery.{json,xml}`. The endpoint URL is built from the request's `Host`, so it is
/// right behind whatever name the county platform uses.
pub fn discovery(format: Format, headers: &HeaderMap) -> Response {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| h.bytes().all(|b| b.is_ascii_graphic()));
    let url = match host {
        Some(host) => format!("http://{host}/open311/v2"),
        None => "/open311/v2".to_owned(),
    };
    let body = fields! {
        "changeset" => CHANGESET,
        "contact" => "The township office that runs this linli server.",
        "key_service" => "Ask the operator of this server for an api_key (linli serve --open311-api-key).",
        "endpoints" => vec![fields! {
            "specification" => SPECIFICATION,
            "url" => url,
            "changeset" => CHANGESET,
            "type" => "production",
            "formats" => vec![Doc::from("text/xml"), Doc::from("application/json")],
        }],
    };
    answer(format, StatusCode::OK, "discovery", &body)
}

fn service_doc(service: &Service) -> Doc {
    // Every service has a definition (the `occurred_at` attribute), so metadata is true.
    fields! {
        "service_code" => service.code,
        "service_name" => service.name,
        "description" => service.description,
        "metadata" => true,
        "type" => "realtime",
        "keywords" => service.keywords,
        "group" => service.group,
    }
}

/// `services.{json,xml}`: one service per complaint category.
pub fn services(format: Format) -> Response {
    let body = Doc::List(SERVICES.iter().map(service_doc).collect());
    answer(format, StatusCode::OK, "services", &body)
}

/// `services/{code}.{json,xml}`: the service definition (its attributes), or 404.
pub fn definition(format: Format, code: &str) -> Result<Response, Open311Error> {
    let service = super::mapping::service(code).ok_or_else(|| {
        Open311Error::not_found(format, format!("service_code {code:?} was not found"))
    })?;
    let body = fields! {
        "service_code" => service.code,
        "attributes" => vec![fields! {
            "variable" => true,
            "code" => OCCURRED_AT,
            "datatype" => "datetime",
            "required" => false,
            "datatype_description" => "W3C date-time, e.g. 2026-11-05T08:15:30+08:00; defaults to the time of filing",
            "order" => 1u16,
            "description" => "When did it happen? 发生时间",
        }],
    };
    Ok(answer(format, StatusCode::OK, "service_definition", &body))
}
