//! Phone numbers. **Personal data**: to be encrypted at rest later; `Debug` masks it so it
//! never reaches logs by accident.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::validate::ValidationError;

/// A phone number a cadre can call back: a mobile (`13812345678`), a landline
/// (`0571-87654321`, common among elderly residents) or an international `+86…` number.
/// 5–20 characters: an optional leading `+`, then digits and `-`, at least 5 digits.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// The number as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for PhoneNumber {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = ValidationError::Invalid {
            field: "phone",
            reason: "must be 5-20 characters: optional +, then digits and -",
        };
        let s = s.trim();
        let body = s.strip_prefix('+').unwrap_or(s);
        let digits = body.bytes().filter(u8::is_ascii_digit).count();
        let ok = (5..=20).contains(&s.len())
            && digits >= 5
            && body.bytes().all(|b| b.is_ascii_digit() || b == b'-');
        if ok {
            Ok(PhoneNumber(s.to_owned()))
        } else {
            Err(bad)
        }
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = ValidationError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<PhoneNumber> for String {
    fn from(p: PhoneNumber) -> Self {
        p.0
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for PhoneNumber {
    /// Only the last four digits, so logs and panics do not leak the number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tail: String = self
            .0
            .chars()
            .rev()
            .take(4)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        write!(f, "PhoneNumber(***{tail})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_mobiles_landlines_and_international() {
        for ok in ["13812345678", "0571-87654321", "+8613812345678"] {
            assert!(ok.parse::<PhoneNumber>().is_ok(), "{ok}");
        }
        for bad in [
            "",
            "1234",
            "138 1234 5678",
            "+",
            "abc12345",
            "1-2-3-4",
            "123456789012345678901",
        ] {
            assert!(bad.parse::<PhoneNumber>().is_err(), "{bad}");
        }
    }

    #[test]
    fn debug_masks_the_number() {
        let p: PhoneNumber = "13812345678".parse().unwrap();
        assert_eq!(format!("{p:?}"), "PhoneNumber(***5678)");
    }
}
