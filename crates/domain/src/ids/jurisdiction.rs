//! Jurisdiction codes: the 12-digit statistical division code (统计用区划代码) extended with
//! a grid suffix below village level.
//!
//! Format: `PPCCDDTTTVVV` optionally followed by `-Gnnn`.
//!
//! | level    | digits set            | example              |
//! |----------|-----------------------|----------------------|
//! | province | `PP`                  | `330000000000`       |
//! | city     | `PPCC`                | `330100000000`       |
//! | county   | `PPCCDD`              | `330106000000`       |
//! | township | `PPCCDDTTT`           | `330106001000`       |
//! | village  | `PPCCDDTTTVVV`        | `330106001001`       |
//! | grid     | village + `-Gnnn`     | `330106001001-G003`  |
//!
//! A level's segment is non-zero and every segment below it is zero, so the level is read
//! from the code itself and the parent is the code with the lowest non-zero segment zeroed.
//! The grid suffix is `-G` and exactly three digits, 001–999: fixed width (like the village
//! segment) keeps one spelling per grid, so string equality is code equality, and 999 grids per
//! village is far more than any village or urban community has.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::excerpt;

/// The depth of a node in the administrative tree, from the top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Level {
    /// 省 — province, autonomous region or municipality.
    Province,
    /// 市 — prefecture-level city.
    City,
    /// 县 — county, district or county-level city.
    County,
    /// 乡镇 — township, town or subdistrict (街道); also the triage queue's level.
    Township,
    /// 村 — village or urban community (社区).
    Village,
    /// 网格 — a grid inside a village, served by one grid worker.
    Grid,
}

impl Level {
    /// Every level, from the top.
    pub const ALL: [Level; 6] = [
        Level::Province,
        Level::City,
        Level::County,
        Level::Township,
        Level::Village,
        Level::Grid,
    ];

    /// The stable lowercase name, as in JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::City => "city",
            Level::County => "county",
            Level::Township => "township",
            Level::Village => "village",
            Level::Grid => "grid",
        }
    }

    /// The level one step up, if any.
    pub const fn parent(self) -> Option<Level> {
        match self {
            Level::Province => None,
            Level::City => Some(Level::Province),
            Level::County => Some(Level::City),
            Level::Township => Some(Level::County),
            Level::Village => Some(Level::Township),
            Level::Grid => Some(Level::Village),
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a string is not a jurisdiction code.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum JurisdictionError {
    /// The division part is not exactly 12 ASCII digits.
    #[error("jurisdiction code must start with 12 digits, got {value:?}")]
    Malformed {
        /// The offending input, cut short if long.
        value: String,
    },
    /// `00` is no province, so such a code names nothing.
    #[error("jurisdiction code {value:?} has province 00")]
    ZeroProvince {
        /// The offending input.
        value: String,
    },
    /// A lower segment is set while a higher one is zero (e.g. `330100001000`): no level fits.
    #[error("jurisdiction code {value:?} has a non-zero segment below a zero one")]
    Gap {
        /// The offending input.
        value: String,
    },
    /// The grid suffix is not `-G` followed by three digits 001–999.
    #[error("grid suffix of {value:?} must be -G001 to -G999")]
    BadGrid {
        /// The offending input.
        value: String,
    },
    /// Grids exist only inside villages.
    #[error("jurisdiction code {value:?} has a grid suffix but is not a village code")]
    GridAboveVillage {
        /// The offending input.
        value: String,
    },
}

/// A validated jurisdiction code; see the module docs for the format. `Copy` and ordered so
/// that a village sorts right before its own grids and every subtree is a contiguous range.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct JurisdictionCode {
    /// The 12-digit division code as a number (leading digits are never zero).
    division: u64,
    /// The grid number inside the village, 1–999, when the code is a grid.
    grid: Option<u16>,
}

const TOWNSHIP_UNIT: u64 = 1_000;
const COUNTY_UNIT: u64 = 1_000_000;
const CITY_UNIT: u64 = 100_000_000;
const PROVINCE_UNIT: u64 = 10_000_000_000;

impl JurisdictionCode {
    /// Builds a code from the 12-digit division number and an optional grid number,
    /// with the same checks as parsing.
    pub fn new(division: u64, grid: Option<u16>) -> Result<Self, JurisdictionError> {
        let text = match grid {
            Some(g) => format!("{division:012}-G{g:03}"),
            None => format!("{division:012}"),
        };
        text.parse()
    }

    /// The grid `-Gnnn` inside this village.
    pub fn with_grid(self, grid: u16) -> Result<Self, JurisdictionError> {
        Self::new(self.division, Some(grid))
    }

    /// The 12-digit division number (for a grid, its village's).
    pub const fn division(&self) -> u64 {
        self.division
    }

    /// The grid number, when this code is a grid.
    pub const fn grid_number(&self) -> Option<u16> {
        self.grid
    }

    /// The level, read from which segments are set.
    pub const fn level(&self) -> Level {
        if self.grid.is_some() {
            Level::Grid
        } else if self.division % TOWNSHIP_UNIT != 0 {
            Level::Village
        } else if self.division % COUNTY_UNIT != 0 {
            Level::Township
        } else if self.division % CITY_UNIT != 0 {
            Level::County
        } else if self.division % PROVINCE_UNIT != 0 {
            Level::City
        } else {
            Level::Province
        }
    }

    /// The node one level up (grid→village→township→county→city→province); `None` for a
    /// province.
    pub const fn parent(&self) -> Option<JurisdictionCode> {
        let d = self.division;
        let (division, grid) = match self.level() {
            Level::Grid => (d, None),
            Level::Village => (d - d % TOWNSHIP_UNIT, None),
            Level::Township => (d - d % COUNTY_UNIT, None),
            Level::County => (d - d % CITY_UNIT, None),
            Level::City => (d - d % PROVINCE_UNIT, None),
            Level::Province => return None,
        };
        Some(JurisdictionCode { division, grid })
    }

    /// Every ancestor, nearest first, ending at the province.
    pub fn ancestors(&self) -> impl Iterator<Item = JurisdictionCode> {
        std::iter::successors(self.parent(), |c| c.parent())
    }

    /// This code, then every ancestor.
    pub fn self_and_ancestors(&self) -> impl Iterator<Item = JurisdictionCode> {
        std::iter::successors(Some(*self), |c| c.parent())
    }

    /// The ancestor (or self) at `level`; `None` when this code is above that level.
    pub fn at_level(&self, level: Level) -> Option<JurisdictionCode> {
        self.self_and_ancestors().find(|c| c.level() == level)
    }

    /// Whether `other` lies strictly inside this node's subtree.
    pub fn is_ancestor_of(&self, other: &JurisdictionCode) -> bool {
        other.ancestors().any(|a| a == *self)
    }

    /// Whether `other` is this node or lies inside it; how a cadre's scope is checked.
    pub fn covers(&self, other: &JurisdictionCode) -> bool {
        self == other || self.is_ancestor_of(other)
    }
}

impl FromStr for JurisdictionCode {
    type Err = JurisdictionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (division_text, grid_text) = match s.split_once('-') {
            Some((d, g)) => (d, Some(g)),
            None => (s, None),
        };
        if division_text.len() != 12 || !division_text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(JurisdictionError::Malformed { value: excerpt(s) });
        }
        let division: u64 = division_text
            .parse()
            .map_err(|_| JurisdictionError::Malformed { value: excerpt(s) })?;
        if division / PROVINCE_UNIT == 0 {
            return Err(JurisdictionError::ZeroProvince { value: excerpt(s) });
        }
        // Segments below the province, top first; once one is zero all below must be too.
        let segments = [
            (division / CITY_UNIT) % 100,
            (division / COUNTY_UNIT) % 100,
            (division / TOWNSHIP_UNIT) % 1000,
            division % 1000,
        ];
        if let Some(first_zero) = segments.iter().position(|&x| x == 0) {
            if segments[first_zero..].iter().any(|&x| x != 0) {
                return Err(JurisdictionError::Gap { value: excerpt(s) });
            }
        }
        let grid = match grid_text {
            None => None,
            Some(g) => {
                let digits = g
                    .strip_prefix('G')
                    .filter(|d| d.len() == 3 && d.bytes().all(|b| b.is_ascii_digit()))
                    .ok_or_else(|| JurisdictionError::BadGrid { value: excerpt(s) })?;
                let n: u16 = digits
                    .parse()
                    .map_err(|_| JurisdictionError::BadGrid { value: excerpt(s) })?;
                if n == 0 {
                    return Err(JurisdictionError::BadGrid { value: excerpt(s) });
                }
                if division % TOWNSHIP_UNIT == 0 {
                    return Err(JurisdictionError::GridAboveVillage { value: excerpt(s) });
                }
                Some(n)
            }
        };
        Ok(JurisdictionCode { division, grid })
    }
}

impl TryFrom<String> for JurisdictionCode {
    type Error = JurisdictionError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<JurisdictionCode> for String {
    fn from(code: JurisdictionCode) -> Self {
        code.to_string()
    }
}

impl fmt::Display for JurisdictionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.grid {
            Some(g) => write!(f, "{:012}-G{g:03}", self.division),
            None => write!(f, "{:012}", self.division),
        }
    }
}

impl fmt::Debug for JurisdictionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JurisdictionCode({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> JurisdictionCode {
        s.parse().unwrap()
    }

    #[test]
    fn levels_are_read_from_the_code() {
        assert_eq!(code("330000000000").level(), Level::Province);
        assert_eq!(code("330100000000").level(), Level::City);
        assert_eq!(code("330106000000").level(), Level::County);
        assert_eq!(code("330106001000").level(), Level::Township);
        assert_eq!(code("330106001001").level(), Level::Village);
        assert_eq!(code("330106001001-G003").level(), Level::Grid);
    }

    #[test]
    fn parent_chain_runs_from_grid_to_province() {
        let chain: Vec<String> = code("330106001001-G003")
            .ancestors()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(
            chain,
            [
                "330106001001",
                "330106001000",
                "330106000000",
                "330100000000",
                "330000000000"
            ]
        );
    }

    #[test]
    fn ancestry_and_coverage() {
        let township = code("330106001000");
        let grid = code("330106001001-G003");
        assert!(township.is_ancestor_of(&grid));
        assert!(!grid.is_ancestor_of(&township));
        assert!(township.covers(&township));
        assert!(!township.is_ancestor_of(&code("330106002001")));
        assert_eq!(grid.at_level(Level::Township), Some(township));
        assert_eq!(township.at_level(Level::Village), None);
    }

    #[test]
    fn malformed_codes_are_refused() {
        assert!(matches!(
            "33010600100".parse::<JurisdictionCode>(),
            Err(JurisdictionError::Malformed { .. })
        ));
        assert!(matches!(
            "33010600100a".parse::<JurisdictionCode>(),
            Err(JurisdictionError::Malformed { .. })
        ));
        assert!(matches!(
            "000106001001".parse::<JurisdictionCode>(),
            Err(JurisdictionError::ZeroProvince { .. })
        ));
        assert!(matches!(
            "330100001000".parse::<JurisdictionCode>(),
            Err(JurisdictionError::Gap { .. })
        ));
        assert!(matches!(
            "330106000001".parse::<JurisdictionCode>(),
            Err(JurisdictionError::Gap { .. })
        ));
    }

    #[test]
    fn grid_suffix_format_is_strict() {
        for bad in [
            "330106001001-G03",
            "330106001001-G0003",
            "330106001001-G000",
            "330106001001-g003",
            "330106001001-",
            "330106001001-X003",
        ] {
            assert!(
                matches!(
                    bad.parse::<JurisdictionCode>(),
                    Err(JurisdictionError::BadGrid { .. })
                ),
                "{bad}"
            );
        }
        assert!(matches!(
            "330106001000-G001".parse::<JurisdictionCode>(),
            Err(JurisdictionError::GridAboveVillage { .. })
        ));
    }

    #[test]
    fn serde_is_a_plain_string_and_validates() {
        let c = code("330106001001-G003");
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"330106001001-G003\"");
        assert_eq!(
            serde_json::from_str::<JurisdictionCode>("\"330106001001-G003\"").unwrap(),
            c
        );
        assert!(serde_json::from_str::<JurisdictionCode>("\"330100001000\"").is_err());
    }

    #[test]
    fn village_sorts_before_its_grids_and_after_its_township() {
        let mut v = [
            code("330106001001-G002"),
            code("330106001001"),
            code("330106001000"),
            code("330106001001-G001"),
        ];
        v.sort();
        let s: Vec<String> = v.iter().map(ToString::to_string).collect();
        assert_eq!(
            s,
            [
                "330106001000",
                "330106001001",
                "330106001001-G001",
                "330106001001-G002"
            ]
        );
    }
}
