//! `.json` or `.xml`: picking the format from the file name, and answering in it, errors
//! included (the spec's `[{"code", "description"}]` / `<errors><error>…`).

use super::doc::{fields, Doc};
use super::xml;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// The response format a request asked for by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `application/json`.
    Json,
    /// `text/xml`.
    Xml,
}

/// Splits `requests.json` into `("requests", Json)`. An unknown or missing extension is a
/// 404 in JSON (there is no format to answer in).
pub fn split(file: &str) -> Result<(&str, Format), Open311Error> {
    let (stem, extension) = file
        .rsplit_once('.')
        .ok_or_else(|| Open311Error::not_found(Format::Json, "add .json or .xml to the path"))?;
    let format = match extension {
        "json" => Format::Json,
        "xml" => Format::Xml,
        _ => {
            return Err(Open311Error::not_found(
                Format::Json,
                "only .json and .xml are offered",
            ))
        }
    };
    Ok((stem, format))
}

/// A successful answer: `value` as JSON, or as XML under `root`.
pub fn answer(format: Format, status: StatusCode, root: &str, value: &Doc) -> Response {
    match format {
        Format::Json => (
            status,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            serde_json::to_string(value).unwrap_or_else(|_| "[]".to_owned()),
        )
            .into_response(),
        Format::Xml => (
            status,
            [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
            xml::document(root, value),
        )
            .into_response(),
    }
}

/// An error in the spec's format, with its HTTP status (400, 403, 404, or 500).
#[derive(Debug)]
pub struct Open311Error {
    /// How to write it.
    pub format: Format,
    /// HTTP status, also the error's `code`.
    pub status: StatusCode,
    /// What went wrong, safe to show.
    pub description: String,
}

impl Open311Error {
    /// 400: a parameter is missing or invalid.
    pub fn bad_request(format: Format, description: impl Into<String>) -> Self {
        Self::new(format, StatusCode::BAD_REQUEST, description)
    }

    /// 403: no or an unknown `api_key`.
    pub fn forbidden(format: Format, description: impl Into<String>) -> Self {
        Self::new(format, StatusCode::FORBIDDEN, description)
    }

    /// 404: no such service, request or token.
    pub fn not_found(format: Format, description: impl Into<String>) -> Self {
        Self::new(format, StatusCode::NOT_FOUND, description)
    }

    /// 500 whose cause is logged, never sent.
    pub fn internal(format: Format, cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(%cause, "open311 internal error");
        Self::new(
            format,
            StatusCode::INTERNAL_SERVER_ERROR,
            "something went wrong on our side; please try again",
        )
    }

    fn new(format: Format, status: StatusCode, description: impl Into<String>) -> Self {
        Open311Error {
            format,
            status,
            description: description.into(),
        }
    }
}

impl IntoResponse for Open311Error {
    fn into_response(self) -> Response {
        let body = Doc::List(vec![fields! {
            "code" => self.status.as_u16(),
            "description" => self.description,
        }]);
        answer(self.format, self.status, "errors", &body)
    }
}
