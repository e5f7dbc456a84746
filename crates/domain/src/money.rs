//! Money as integer fen (分). Floats never touch money: 0.1 + 0.2 yuan must be 30 fen.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// An amount in fen (1 yuan = 100 fen); may be negative for refunds and adjustments.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Fen(pub i64);

/// Arithmetic that would leave the `i64` range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("money arithmetic overflowed")]
pub struct MoneyOverflow;

impl Fen {
    /// Nothing.
    pub const ZERO: Fen = Fen(0);

    /// `yuan` yuan and `fen` fen, e.g. `Fen::from_yuan(12, 34)` is ¥12.34.
    pub fn from_yuan(yuan: i64, fen: i64) -> Result<Fen, MoneyOverflow> {
        yuan.checked_mul(100)
            .and_then(|y| y.checked_add(fen))
            .map(Fen)
            .ok_or(MoneyOverflow)
    }

    /// Sum, refusing overflow.
    pub fn checked_add(self, other: Fen) -> Result<Fen, MoneyOverflow> {
        self.0.checked_add(other.0).map(Fen).ok_or(MoneyOverflow)
    }

    /// Difference, refusing overflow.
    pub fn checked_sub(self, other: Fen) -> Result<Fen, MoneyOverflow> {
        self.0.checked_sub(other.0).map(Fen).ok_or(MoneyOverflow)
    }

    /// Price times quantity, refusing overflow.
    pub fn checked_mul(self, times: i64) -> Result<Fen, MoneyOverflow> {
        self.0.checked_mul(times).map(Fen).ok_or(MoneyOverflow)
    }

    /// Sum of many amounts, refusing overflow.
    pub fn checked_sum<I: IntoIterator<Item = Fen>>(amounts: I) -> Result<Fen, MoneyOverflow> {
        amounts
            .into_iter()
            .try_fold(Fen::ZERO, |acc, x| acc.checked_add(x))
    }

    /// Whether the amount is below zero.
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }
}

impl fmt::Display for Fen {
    /// Yuan with two decimals, e.g. `12.34` or `-0.05`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_is_checked() {
        assert_eq!(Fen(10).checked_add(Fen(20)), Ok(Fen(30)));
        assert_eq!(Fen(i64::MAX).checked_add(Fen(1)), Err(MoneyOverflow));
        assert_eq!(Fen(i64::MIN).checked_sub(Fen(1)), Err(MoneyOverflow));
        assert_eq!(Fen(250).checked_mul(3), Ok(Fen(750)));
        assert_eq!(Fen(i64::MAX).checked_mul(2), Err(MoneyOverflow));
        assert_eq!(Fen::checked_sum([Fen(1), Fen(2), Fen(3)]), Ok(Fen(6)));
        assert_eq!(Fen::from_yuan(12, 34), Ok(Fen(1234)));
    }

    #[test]
    fn displays_as_yuan() {
        assert_eq!(Fen(1234).to_string(), "12.34");
        assert_eq!(Fen(-5).to_string(), "-0.05");
        assert_eq!(Fen(i64::MIN).to_string(), "-92233720368547758.08");
        assert_eq!(serde_json::to_string(&Fen(1234)).unwrap(), "1234");
    }
}
