//! Point-in-polygon lookup: an R-tree over polygon envelopes finds the few candidates, and
//! `geo` decides exact containment.
//!
//! **Boundary rule:** a point exactly on a polygon's boundary (an outer edge, a vertex, or
//! the edge of a hole) counts as inside that polygon (`geo::Intersects`). Neighbouring grids
//! share edges, so such a point is inside both; the smaller one wins like any other tie, and
//! equal areas (to one part in a billion) fall to the deeper node, then the lower
//! code. A point is never left without a
//! grid just because it sits on the line between two.

use std::cmp::Ordering;

use geo::{Area, BoundingRect, Coord, Intersects, LineString, Point};
use linli_domain::directory::Node;
use linli_domain::geo::{GeoPoint, Polygon};
use linli_domain::{JurisdictionCode, Level};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::RTree;

/// One indexed polygon.
#[derive(Debug, Clone)]
struct Entry {
    /// The node it bounds.
    code: JurisdictionCode,
    /// The node's level, for ties between equal areas.
    level: Level,
    /// The polygon in `geo`'s types.
    shape: geo::Polygon<f64>,
    /// Its area in square degrees (only compared among nearby polygons).
    area: f64,
}

/// Every node polygon of a directory, indexed for point lookups.
#[derive(Debug, Clone)]
pub struct PolygonIndex {
    /// The polygons; the tree's data is an index into this.
    entries: Vec<Entry>,
    /// Envelopes of `entries`.
    tree: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>,
}

fn to_geo(polygon: &Polygon) -> geo::Polygon<f64> {
    let ring = |r: &Vec<[f64; 2]>| {
        LineString::new(r.iter().map(|&[x, y]| Coord { x, y }).collect::<Vec<_>>())
    };
    let mut rings = polygon.rings().iter();
    let exterior = rings
        .next()
        .map(ring)
        .unwrap_or_else(|| LineString::new(vec![]));
    geo::Polygon::new(exterior, rings.map(ring).collect())
}

/// Areas equal to one part in a billion count as equal: two grids drawn the same size have
/// areas that differ in the last bits of an `f64` depending on where they lie, and such a
/// difference must not decide which one a point on their shared edge belongs to.
fn compare_areas(a: f64, b: f64) -> Ordering {
    if (a - b).abs() <= AREA_TOLERANCE * a.abs().max(b.abs()) {
        Ordering::Equal
    } else {
        a.total_cmp(&b)
    }
}

/// Relative difference below which two areas are the same.
const AREA_TOLERANCE: f64 = 1e-9;

impl PolygonIndex {
    /// Indexes the polygons of these nodes (nodes without one are skipped).
    pub fn new<'a>(nodes: impl IntoIterator<Item = &'a Node>) -> PolygonIndex {
        let mut entries = Vec::new();
        let mut envelopes = Vec::new();
        for node in nodes {
            let Some(polygon) = &node.polygon else {
                continue;
            };
            let shape = to_geo(polygon);
            let Some(rect) = shape.bounding_rect() else {
                continue;
            };
            envelopes.push(GeomWithData::new(
                Rectangle::from_corners([rect.min().x, rect.min().y], [rect.max().x, rect.max().y]),
                entries.len(),
            ));
            entries.push(Entry {
                code: node.code,
                level: node.level,
                area: shape.unsigned_area(),
                shape,
            });
        }
        PolygonIndex {
            entries,
            tree: RTree::bulk_load(envelopes),
        }
    }

    /// How many polygons are indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no node has a polygon.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The node of the smallest polygon containing `point` (boundary included).
    pub fn smallest_containing(&self, point: &GeoPoint) -> Option<JurisdictionCode> {
        let p = Point::new(point.lon(), point.lat());
        self.tree
            .locate_all_at_point(&[point.lon(), point.lat()])
            .map(|hit| &self.entries[hit.data])
            .filter(|entry| entry.shape.intersects(&p))
            .min_by(|a, b| {
                compare_areas(a.area, b.area)
                    .then(b.level.cmp(&a.level))
                    .then(a.code.cmp(&b.code))
            })
            .map(|entry| entry.code)
    }
}
