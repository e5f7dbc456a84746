//! Open311 parameters: query strings and form bodies read as name/value pairs, with an empty
//! value counting as absent (HTML forms send every field), and the spec's W3C date-times.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat, Utc};

/// Parameters by name; the first non-empty value of a repeated name wins.
#[derive(Debug, Default)]
pub struct Params(HashMap<String, String>);

impl Params {
    /// Parses `a=1&b=&c=3` (a query string or a form body); `b` is absent. Unparseable
    /// input yields `None`.
    pub fn parse(text: &str) -> Option<Params> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(text).ok()?;
        let mut map = HashMap::new();
        for (name, value) in pairs {
            let value = value.trim().to_owned();
            if !value.is_empty() {
                map.entry(name).or_insert(value);
            }
        }
        Some(Params(map))
    }

    /// Adds every parameter of `other` not already present (a form body's fields win over
    /// the query string's).
    pub fn merge(&mut self, other: Params) {
        for (name, value) in other.0 {
            self.0.entry(name).or_insert(value);
        }
    }

    /// A parameter's value, if given and non-empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// A comma-separated list, without empty items.
    pub fn list(&self, name: &str) -> Option<Vec<&str>> {
        self.get(name).map(|v| {
            v.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect()
        })
    }
}

/// Parses a W3C date-time (`1994-11-05T08:15:30-05:00`, `…Z`) or a bare date (midnight UTC).
pub fn parse_datetime(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

/// Writes a time as the spec wants it, in China time with its offset
/// (`2026-11-22T10:15:30+08:00`): what a county platform shows its staff.
pub fn format_datetime(at: DateTime<Utc>) -> String {
    match FixedOffset::east_opt(8 * 3600) {
        Some(china) => at
            .with_timezone(&china)
            .to_rfc3339_opts(SecondsFormat::Secs, true),
        None => at.to_rfc3339_opts(SecondsFormat::Secs, true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_values_are_absent_and_lists_split() {
        let p = Params::parse("status=&service_code=theft,%20other&x=1&x=2").unwrap();
        assert_eq!(p.get("status"), None);
        assert_eq!(p.list("service_code").unwrap(), vec!["theft", "other"]);
        assert_eq!(p.get("x"), Some("1"));
    }

    #[test]
    fn w3c_dates_parse_and_print_in_china_time() {
        let t = parse_datetime("1994-11-05T08:15:30-05:00").unwrap();
        assert_eq!(t, parse_datetime("1994-11-05T13:15:30Z").unwrap());
        assert_eq!(format_datetime(t), "1994-11-05T21:15:30+08:00");
        assert!(parse_datetime("2010-01-01").is_some());
        assert!(parse_datetime("yesterday").is_none());
    }
}
