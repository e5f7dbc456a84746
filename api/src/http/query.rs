//! A query-string extractor whose rejections use the one error shape, and which treats an
//! empty parameter (`?status=`) as absent, as forms and Open311 clients expect.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::error::ApiError;

/// Like `axum::extract::Query`, with 422s in the error shape and empty values dropped.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let raw = parts.uri.query().unwrap_or("");
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw)
            .map_err(|e| ApiError::bad_request("request.malformed_query", e.to_string()))?;
        let kept: Vec<(String, String)> =
            pairs.into_iter().filter(|(_, v)| !v.is_empty()).collect();
        let text = serde_urlencoded::to_string(&kept)
            .map_err(|e| ApiError::bad_request("request.malformed_query", e.to_string()))?;
        serde_urlencoded::from_str(&text)
            .map(ApiQuery)
            .map_err(|e| ApiError::invalid("request.invalid_query", e.to_string()))
    }
}

/// Paging parameters shared by every list.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// The `next` cursor of the previous page.
    pub cursor: Option<String>,
    /// Page size (default 20, at most 100).
    #[serde(default, deserialize_with = "number_or_text")]
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    pub limit: Option<usize>,
}

/// Paging is `#[serde(flatten)]`ed into each list's query, and serde buffers flattened
/// query values as text, so a plain `usize` would refuse `?limit=20`. Accept both.
fn number_or_text<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<usize>, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Number(usize),
        Text(String),
    }
    match Option::<Raw>::deserialize(deserializer)? {
        None => Ok(None),
        Some(Raw::Number(n)) => Ok(Some(n)),
        Some(Raw::Text(text)) => text.parse().map(Some).map_err(|_| {
            serde::de::Error::custom(format!("limit must be a whole number, got {text:?}"))
        }),
    }
}

impl Paging {
    /// As the read models' page.
    pub fn page(&self) -> linli_projections::Page {
        linli_projections::Page {
            after: self.cursor.as_deref().map(linli_projections::Cursor::parse),
            limit: self.limit.unwrap_or(20).clamp(1, 100),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct ListQuery {
        status: Option<String>,
        #[serde(flatten)]
        paging: Paging,
    }

    #[test]
    fn a_numeric_limit_is_accepted_through_the_flattened_paging() {
        let query: ListQuery = serde_urlencoded::from_str("status=open&limit=2&cursor=ab").unwrap();
        assert_eq!(query.paging.limit, Some(2));
        assert_eq!(query.paging.page().limit, 2);
        assert_eq!(query.status.as_deref(), Some("open"));
    }

    #[test]
    fn a_non_numeric_limit_is_refused() {
        assert!(serde_urlencoded::from_str::<ListQuery>("limit=lots").is_err());
    }
}
