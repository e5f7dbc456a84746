//! An Open311 document: like a JSON value, but objects keep their fields in the order they
//! were written, so the XML (and the JSON) list fields in the spec's order. One document
//! renders as both formats, so they cannot drift apart.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

/// A value of an Open311 answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Doc {
    /// JSON null; an empty XML element.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number (integers print without a fraction).
    Number(f64),
    /// Text.
    Text(String),
    /// A list; in XML its items are named after the list (`services` → `service`).
    List(Vec<Doc>),
    /// Fields in order.
    Object(Vec<(&'static str, Doc)>),
}

/// Builds a [`Doc::Object`]: `fields!{"a" => 1u16, "b" => "x"}`.
macro_rules! fields {
    ($($key:literal => $value:expr),* $(,)?) => {
        $crate::open311::doc::Doc::Object(vec![$(($key, $crate::open311::doc::Doc::from($value))),*])
    };
}
pub(crate) use fields;

impl From<&str> for Doc {
    fn from(text: &str) -> Doc {
        Doc::Text(text.to_owned())
    }
}

impl From<String> for Doc {
    fn from(text: String) -> Doc {
        Doc::Text(text)
    }
}

impl From<bool> for Doc {
    fn from(value: bool) -> Doc {
        Doc::Bool(value)
    }
}

impl From<f64> for Doc {
    fn from(value: f64) -> Doc {
        Doc::Number(value)
    }
}

impl From<u16> for Doc {
    fn from(value: u16) -> Doc {
        Doc::Number(f64::from(value))
    }
}

impl From<Vec<Doc>> for Doc {
    fn from(items: Vec<Doc>) -> Doc {
        Doc::List(items)
    }
}

impl<T: Into<Doc>> From<Option<T>> for Doc {
    fn from(value: Option<T>) -> Doc {
        value.map_or(Doc::Null, Into::into)
    }
}

impl Doc {
    /// The number as it prints: `403`, not `403.0`.
    pub fn number_text(value: f64) -> String {
        if value.fract() == 0.0 && value.abs() < 1e15 {
            format!("{}", value as i64)
        } else {
            format!("{value}")
        }
    }
}

impl Serialize for Doc {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Doc::Null => serializer.serialize_unit(),
            Doc::Bool(b) => serializer.serialize_bool(*b),
            Doc::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
                serializer.serialize_i64(*n as i64)
            }
            Doc::Number(n) => serializer.serialize_f64(*n),
            Doc::Text(t) => serializer.serialize_str(t),
            Doc::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Doc::Object(fields) => {
                let mut map = serializer.serialize_map(Some(fields.len()))?;
                for (key, value) in fields {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_keeps_field_order_and_prints_integers_plainly() {
        let value = fields! {"z" => 403u16, "a" => 30.26, "m" => Option::<String>::None};
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#"{"z":403,"a":30.26,"m":null}"#
        );
    }
}
