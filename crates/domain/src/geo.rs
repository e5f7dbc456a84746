//! Points and polygons in GCJ-02 (the coordinate system WeChat's location APIs return),
//! without a geo crate: the domain only stores and validates them, and answers the two
//! questions routing needs (does a polygon contain a point, which polygon is smaller).

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why coordinates were refused.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum GeoError {
    /// NaN or infinite.
    #[error("coordinate is not a finite number")]
    NotFinite,
    /// Longitude outside -180..=180.
    #[error("longitude {0} is outside -180..=180")]
    LongitudeOutOfRange(f64),
    /// Latitude outside -90..=90.
    #[error("latitude {0} is outside -90..=90")]
    LatitudeOutOfRange(f64),
    /// A polygon needs an outer ring.
    #[error("polygon has no rings")]
    NoRings,
    /// A ring needs at least 4 positions (a triangle plus the closing point).
    #[error("ring {ring} has {len} positions, at least 4 needed")]
    RingTooShort {
        /// Index of the ring (0 is the outer ring).
        ring: usize,
        /// Positions it has.
        len: usize,
    },
    /// The last position must repeat the first, as GeoJSON requires.
    #[error("ring {ring} is not closed")]
    RingNotClosed {
        /// Index of the ring.
        ring: usize,
    },
    /// Bounded so a directory event stays small.
    #[error("polygon has {len} positions, at most {max} allowed")]
    TooManyPositions {
        /// Positions received.
        len: usize,
        /// The bound.
        max: usize,
    },
}

fn check(lon: f64, lat: f64) -> Result<(), GeoError> {
    if !lon.is_finite() || !lat.is_finite() {
        return Err(GeoError::NotFinite);
    }
    if !(-180.0..=180.0).contains(&lon) {
        return Err(GeoError::LongitudeOutOfRange(lon));
    }
    if !(-90.0..=90.0).contains(&lat) {
        return Err(GeoError::LatitudeOutOfRange(lat));
    }
    Ok(())
}

/// A reported location in GCJ-02 degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawPoint")]
pub struct GeoPoint {
    /// Longitude (east positive), -180..=180.
    lon: f64,
    /// Latitude (north positive), -90..=90.
    lat: f64,
}

#[derive(Deserialize)]
struct RawPoint {
    lon: f64,
    lat: f64,
}

impl TryFrom<RawPoint> for GeoPoint {
    type Error = GeoError;

    fn try_from(raw: RawPoint) -> Result<Self, Self::Error> {
        GeoPoint::new(raw.lon, raw.lat)
    }
}

impl GeoPoint {
    /// A checked point.
    pub fn new(lon: f64, lat: f64) -> Result<GeoPoint, GeoError> {
        check(lon, lat)?;
        Ok(GeoPoint { lon, lat })
    }

    /// Longitude in degrees.
    pub const fn lon(&self) -> f64 {
        self.lon
    }

    /// Latitude in degrees.
    pub const fn lat(&self) -> f64 {
        self.lat
    }
}

/// A GeoJSON-style polygon: the outer ring first, then holes, each a closed ring of
/// `[lon, lat]` positions. Serialized exactly as GeoJSON `coordinates`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Vec<[f64; 2]>>", into = "Vec<Vec<[f64; 2]>>")]
pub struct Polygon {
    /// Outer ring, then holes; every ring closed and at least 4 positions long.
    rings: Vec<Vec<[f64; 2]>>,
}

impl Polygon {
    /// Enough for a detailed village boundary while keeping directory events small.
    pub const MAX_POSITIONS: usize = 10_000;

    /// A checked polygon.
    pub fn new(rings: Vec<Vec<[f64; 2]>>) -> Result<Polygon, GeoError> {
        if rings.is_empty() {
            return Err(GeoError::NoRings);
        }
        let total: usize = rings.iter().map(Vec::len).sum();
        if total > Self::MAX_POSITIONS {
            return Err(GeoError::TooManyPositions {
                len: total,
                max: Self::MAX_POSITIONS,
            });
        }
        for (i, ring) in rings.iter().enumerate() {
            if ring.len() < 4 {
                return Err(GeoError::RingTooShort {
                    ring: i,
                    len: ring.len(),
                });
            }
            for &[lon, lat] in ring {
                check(lon, lat)?;
            }
            if ring.first() != ring.last() {
                return Err(GeoError::RingNotClosed { ring: i });
            }
        }
        Ok(Polygon { rings })
    }

    /// The rings, outer first.
    pub fn rings(&self) -> &[Vec<[f64; 2]>] {
        &self.rings
    }

    /// Whether the point is inside the outer ring and outside every hole (even-odd rule;
    /// points exactly on an edge may fall either way, which routing tolerates).
    pub fn contains(&self, point: &GeoPoint) -> bool {
        let mut rings = self.rings.iter();
        let inside_outer = rings
            .next()
            .is_some_and(|outer| ring_contains(outer, point));
        inside_outer && !rings.any(|hole| ring_contains(hole, point))
    }

    /// Area in square degrees (outer minus holes): only for choosing the smallest of several
    /// containing polygons, which is valid since they lie close together.
    pub fn area_deg2(&self) -> f64 {
        let mut rings = self.rings.iter();
        let outer = rings.next().map_or(0.0, |r| ring_area(r));
        outer - rings.map(|r| ring_area(r)).sum::<f64>()
    }
}

impl TryFrom<Vec<Vec<[f64; 2]>>> for Polygon {
    type Error = GeoError;

    fn try_from(rings: Vec<Vec<[f64; 2]>>) -> Result<Self, Self::Error> {
        Polygon::new(rings)
    }
}

impl From<Polygon> for Vec<Vec<[f64; 2]>> {
    fn from(p: Polygon) -> Self {
        p.rings
    }
}

fn ring_contains(ring: &[[f64; 2]], point: &GeoPoint) -> bool {
    let (x, y) = (point.lon, point.lat);
    let mut inside = false;
    for pair in ring.windows(2) {
        let ([x1, y1], [x2, y2]) = (pair[0], pair[1]);
        if (y1 > y) != (y2 > y) {
            let cross_x = x1 + (y - y1) * (x2 - x1) / (y2 - y1);
            if x < cross_x {
                inside = !inside;
            }
        }
    }
    inside
}

fn ring_area(ring: &[[f64; 2]]) -> f64 {
    let twice: f64 = ring
        .windows(2)
        .map(|p| p[0][0] * p[1][1] - p[1][0] * p[0][1])
        .sum();
    (twice / 2.0).abs()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x0: f64, y0: f64, side: f64) -> Vec<[f64; 2]> {
        vec![
            [x0, y0],
            [x0 + side, y0],
            [x0 + side, y0 + side],
            [x0, y0 + side],
            [x0, y0],
        ]
    }

    #[test]
    fn points_are_range_checked() {
        assert!(GeoPoint::new(120.15, 30.28).is_ok());
        assert_eq!(
            GeoPoint::new(181.0, 0.0),
            Err(GeoError::LongitudeOutOfRange(181.0))
        );
        assert_eq!(
            GeoPoint::new(0.0, -91.0),
            Err(GeoError::LatitudeOutOfRange(-91.0))
        );
        assert_eq!(GeoPoint::new(f64::NAN, 0.0), Err(GeoError::NotFinite));
        assert!(serde_json::from_str::<GeoPoint>(r#"{"lon":200,"lat":0}"#).is_err());
    }

    #[test]
    fn polygons_are_validated() {
        assert!(Polygon::new(vec![square(120.0, 30.0, 0.1)]).is_ok());
        assert_eq!(Polygon::new(vec![]), Err(GeoError::NoRings));
        let mut open = square(120.0, 30.0, 0.1);
        open.pop();
        open.push([120.05, 30.0]);
        assert_eq!(
            Polygon::new(vec![open]),
            Err(GeoError::RingNotClosed { ring: 0 })
        );
        assert_eq!(
            Polygon::new(vec![vec![[0.0, 0.0], [1.0, 1.0], [0.0, 0.0]]]),
            Err(GeoError::RingTooShort { ring: 0, len: 3 })
        );
        let mut far = square(120.0, 30.0, 0.1);
        far[1] = [190.0, 30.0];
        assert_eq!(
            Polygon::new(vec![far]),
            Err(GeoError::LongitudeOutOfRange(190.0))
        );
    }

    #[test]
    fn containment_honours_holes() {
        let p = Polygon::new(vec![square(0.0, 0.0, 10.0), square(4.0, 4.0, 2.0)]).unwrap();
        assert!(p.contains(&GeoPoint::new(1.0, 1.0).unwrap()));
        assert!(!p.contains(&GeoPoint::new(5.0, 5.0).unwrap()));
        assert!(!p.contains(&GeoPoint::new(11.0, 5.0).unwrap()));
        assert!((p.area_deg2() - 96.0).abs() < 1e-9);
    }

    #[test]
    fn polygon_json_is_geojson_coordinates() {
        let p = Polygon::new(vec![square(0.0, 0.0, 1.0)]).unwrap();
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(
            json,
            "[[[0.0,0.0],[1.0,0.0],[1.0,1.0],[0.0,1.0],[0.0,0.0]]]"
        );
        assert_eq!(serde_json::from_str::<Polygon>(&json).unwrap(), p);
    }
}
