//! Bounds on user-supplied values. Every free text is trimmed and bounded so that one
//! request cannot store megabytes, and every list is bounded and free of duplicates.

use std::collections::BTreeSet;

use thiserror::Error;

use crate::ids::MediaId;

/// A field of a command that is out of bounds.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ValidationError {
    /// Required text is empty or only whitespace.
    #[error("{field} must not be empty")]
    Empty {
        /// Which field.
        field: &'static str,
    },
    /// Text is longer than allowed (counted in characters, not bytes: Chinese text).
    #[error("{field} is {len} characters, at most {max} allowed")]
    TooLong {
        /// Which field.
        field: &'static str,
        /// Characters received.
        len: usize,
        /// The bound.
        max: usize,
    },
    /// A list has too many items.
    #[error("{field} has {len} items, at most {max} allowed")]
    TooMany {
        /// Which field.
        field: &'static str,
        /// Items received.
        len: usize,
        /// The bound.
        max: usize,
    },
    /// A list names the same item twice.
    #[error("{field} contains a duplicate")]
    Duplicate {
        /// Which field.
        field: &'static str,
    },
    /// A value is outside its range or inconsistent with another field.
    #[error("{field}: {reason}")]
    Invalid {
        /// Which field.
        field: &'static str,
        /// What is wrong, for people.
        reason: &'static str,
    },
}

/// At most nine pictures, as WeChat's image picker allows.
pub const MAX_MEDIA: usize = 9;

/// Trimmed, non-empty, at most `max` characters.
pub(crate) fn text(
    field: &'static str,
    value: &str,
    max: usize,
) -> Result<String, ValidationError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(ValidationError::Empty { field });
    }
    let len = trimmed.chars().count();
    if len > max {
        return Err(ValidationError::TooLong { field, len, max });
    }
    Ok(trimmed.to_owned())
}

/// Like [`text`], but absent or blank means `None`.
pub(crate) fn optional_text(
    field: &'static str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>, ValidationError> {
    match value {
        Some(v) if !v.trim().is_empty() => text(field, v, max).map(Some),
        _ => Ok(None),
    }
}

/// At most `max` items, no duplicates.
pub(crate) fn unique_list<T: Ord>(
    field: &'static str,
    items: &[T],
    max: usize,
) -> Result<(), ValidationError> {
    if items.len() > max {
        return Err(ValidationError::TooMany {
            field,
            len: items.len(),
            max,
        });
    }
    let distinct: BTreeSet<&T> = items.iter().collect();
    if distinct.len() != items.len() {
        return Err(ValidationError::Duplicate { field });
    }
    Ok(())
}

/// Attached media: at most [`MAX_MEDIA`], each once.
pub(crate) fn media(field: &'static str, items: &[MediaId]) -> Result<(), ValidationError> {
    unique_list(field, items, MAX_MEDIA)
}

/// Each text trimmed and bounded, at most `max_items`, no duplicates after trimming.
pub(crate) fn text_list(
    field: &'static str,
    items: &[String],
    max_items: usize,
    max_chars: usize,
) -> Result<Vec<String>, ValidationError> {
    let cleaned = items
        .iter()
        .map(|s| text(field, s, max_chars))
        .collect::<Result<Vec<_>, _>>()?;
    unique_list(field, &cleaned, max_items)?;
    Ok(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_counted_in_characters() {
        assert_eq!(text("d", "  路灯坏了 ", 4), Ok("路灯坏了".to_owned()));
        assert_eq!(
            text("d", "路灯坏了吗", 4),
            Err(ValidationError::TooLong {
                field: "d",
                len: 5,
                max: 4
            })
        );
        assert_eq!(
            text("d", "  ", 4),
            Err(ValidationError::Empty { field: "d" })
        );
        assert_eq!(optional_text("d", Some("  "), 4), Ok(None));
    }

    #[test]
    fn lists_are_bounded_and_unique() {
        assert!(unique_list("t", &[1, 2], 2).is_ok());
        assert_eq!(
            unique_list("t", &[1, 2, 3], 2),
            Err(ValidationError::TooMany {
                field: "t",
                len: 3,
                max: 2
            })
        );
        assert_eq!(
            unique_list("t", &[1, 1], 2),
            Err(ValidationError::Duplicate { field: "t" })
        );
        assert_eq!(
            text_list("t", &["a ".into(), " a".into()], 5, 5),
            Err(ValidationError::Duplicate { field: "t" })
        );
    }
}
