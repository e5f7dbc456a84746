//! Personal data a resident may give: their ID-card number and exact home address (the
//! phone number is in `phone.rs`). **Personal data**: these newtypes exist only between the
//! API's parser and the key store — events and state carry them [sealed](crate::sealed) — and
//! their `Debug` masks them so they never reach logs by accident.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::validate::ValidationError;

/// Which personal field, as recorded in `personal_data.accessed` and shown by the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PersonalField {
    /// The call-back number.
    Phone,
    /// The resident identity card number.
    IdCard,
    /// The exact home address.
    HomeAddress,
}

impl PersonalField {
    /// Every personal field, in display order.
    pub const ALL: [PersonalField; 3] = [
        PersonalField::Phone,
        PersonalField::IdCard,
        PersonalField::HomeAddress,
    ];

    /// The field's name in JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            PersonalField::Phone => "phone",
            PersonalField::IdCard => "id_card",
            PersonalField::HomeAddress => "home_address",
        }
    }
}

/// A PRC resident identity card number (GB 11643-1999): 17 digits — region, birth date
/// `YYYYMMDD`, sequence — and a check digit (`0`–`9` or `X`) computed from them. A lower-case
/// `x` is accepted and stored upper-case.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdCardNumber(String);

/// The weights of the first 17 digits (2^(17-i) mod 11).
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each `sum mod 11`.
const ID_CHECK: &[u8; 11] = b"10X98765432";

impl IdCardNumber {
    /// The number, upper-case.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The check character for 17 leading digits.
    pub fn check_char(first17: &[u8]) -> char {
        let sum: u32 = first17
            .iter()
            .zip(ID_WEIGHTS)
            .map(|(d, w)| u32::from(d - b'0') * w)
            .sum();
        char::from(ID_CHECK[(sum % 11) as usize])
    }
}

impl FromStr for IdCardNumber {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = |reason| ValidationError::Invalid {
            field: "id_card",
            reason,
        };
        let s = s.trim().to_ascii_uppercase();
        let bytes = s.as_bytes();
        if bytes.len() != 18 || !bytes[..17].iter().all(u8::is_ascii_digit) {
            return Err(invalid(
                "must be 18 characters: 17 digits and a check digit",
            ));
        }
        let month = (bytes[10] - b'0') * 10 + (bytes[11] - b'0');
        let day = (bytes[12] - b'0') * 10 + (bytes[13] - b'0');
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return Err(invalid("characters 11-14 must be a birth month and day"));
        }
        if char::from(bytes[17]) != IdCardNumber::check_char(&bytes[..17]) {
            return Err(invalid("the check digit does not match"));
        }
        Ok(IdCardNumber(s))
    }
}

impl TryFrom<String> for IdCardNumber {
    type Error = ValidationError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<IdCardNumber> for String {
    fn from(n: IdCardNumber) -> Self {
        n.0
    }
}

impl fmt::Debug for IdCardNumber {
    /// Only the last four characters.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdCardNumber(***{})", &self.0[14..])
    }
}

/// An exact home address ("浙江省杭州市西湖区文三路 90 号 3 幢 201 室"): trimmed, 4–120
/// characters, no control characters. Only the resident and authorised staff read it; the
/// routing fallback uses the home grid, not this.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct HomeAddress(String);

impl HomeAddress {
    /// The address as given (trimmed).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for HomeAddress {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let chars = s.chars().count();
        if !(4..=120).contains(&chars) || s.chars().any(char::is_control) {
            return Err(ValidationError::Invalid {
                field: "home_address",
                reason: "must be 4-120 characters without control characters",
            });
        }
        Ok(HomeAddress(s.to_owned()))
    }
}

impl TryFrom<String> for HomeAddress {
    type Error = ValidationError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<HomeAddress> for String {
    fn from(a: HomeAddress) -> Self {
        a.0
    }
}

impl fmt::Debug for HomeAddress {
    /// Only the length.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HomeAddress({} chars)", self.0.chars().count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_numbers_with_a_correct_check_digit_are_accepted() {
        for ok in ["11010519491231002X", "440524188001010014"] {
            assert!(ok.parse::<IdCardNumber>().is_ok(), "{ok}");
        }
        assert_eq!(
            "11010519491231002x"
                .parse::<IdCardNumber>()
                .unwrap()
                .as_str(),
            "11010519491231002X"
        );
    }

    #[test]
    fn id_numbers_with_a_wrong_check_digit_or_shape_are_refused() {
        for bad in [
            "110105194912310021",
            "11010519491231002",
            "1101051949123100AX",
            "110105194912310029X",
            "110105194913310025",
            "",
        ] {
            assert!(bad.parse::<IdCardNumber>().is_err(), "{bad}");
        }
    }

    #[test]
    fn debug_masks_id_numbers_and_addresses() {
        let id: IdCardNumber = "11010519491231002X".parse().unwrap();
        assert_eq!(format!("{id:?}"), "IdCardNumber(***002X)");
        let home: HomeAddress = "文三路 90 号 3 幢 201 室".parse().unwrap();
        assert!(!format!("{home:?}").contains("文三路"));
    }

    #[test]
    fn addresses_are_trimmed_and_bounded() {
        assert_eq!(
            "  文三路 90 号  ".parse::<HomeAddress>().unwrap().as_str(),
            "文三路 90 号"
        );
        assert!("路".parse::<HomeAddress>().is_err());
        assert!("文三路\n90 号".parse::<HomeAddress>().is_err());
        assert!("路".repeat(121).parse::<HomeAddress>().is_err());
    }
}
