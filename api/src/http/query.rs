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
/// query values as text, so a plain `usize` would refuse `?limit=20`. Accept both. The same
/// holds for any number in a struct that is itself flattened (civic `ListQuery.after` inside
/// `GET /api/v1/me/errands`).
pub(crate) fn number_or_text<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + std::str::FromStr,
{
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Raw<T> {
        Number(T),
        Text(String),
    }
    match Option::<Raw<T>>::deserialize(deserializer)? {
        None => Ok(None),
        Some(Raw::Number(n)) => Ok(Some(n)),
        Some(Raw::Text(text)) => text.parse().map(Some).map_err(|_| {
            serde::de::Error::custom(format!("expected a whole number, got {text:?}"))
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

    #[derive(Debug, serde::Deserialize)]
    struct Outer {
        role: Option<String>,
        #[serde(flatten)]
        list: Inner,
    }
    #[derive(Debug, serde::Deserialize)]
    struct Inner {
        #[serde(default, deserialize_with = "number_or_text")]
        after: Option<u64>,
        #[serde(flatten)]
        paging: Paging,
    }

    #[test]
    fn a_position_is_accepted_through_a_flattened_list_query() {
        let query: Outer = serde_urlencoded::from_str("role=agent&after=42&limit=3").unwrap();
        assert_eq!(query.list.after, Some(42));
        assert_eq!(query.list.paging.limit, Some(3));
        assert_eq!(query.role.as_deref(), Some("agent"));
    }

    #[test]
    fn a_non_numeric_limit_is_refused() {
        assert!(serde_urlencoded::from_str::<ListQuery>("limit=lots").is_err());
    }
}
