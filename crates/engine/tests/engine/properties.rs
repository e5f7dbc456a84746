//! Properties of routing over the demo county, for random requests.

use linli_domain::complaint::{Category, RoutingBasis};
use linli_domain::{JurisdictionCode, Level};
use linli_engine::routing::{NoWorkload, RouteRequest, Router};
use proptest::prelude::*;

use crate::fixtures::*;

const KNOWN_AND_UNKNOWN_CODES: &[&str] = &[
    COUNTY,
    CUIYUAN,
    VILLAGE1,
    GRID1,
    GRID2,
    VILLAGE2,
    WENXIN,
    DONGFANG,
    DONGFANGHONG,
    "330106001099",
    "330106001001-G777",
    "330106009000",
    "330106009001-G001",
    "330199000000",
    "110101001001",
];

const ADDRESS_FRAGMENTS: &[&str] = &[
    "翠苑",
    "翠苑街道",
    "翠苑一区",
    "翠苑二区",
    "文新",
    "文新街道",
    "东方",
    "东方红",
    "一区第一网格",
    "3幢",
    "北门",
    "菜市场",
    "",
    " ",
    "路口",
];

fn code_hint() -> impl Strategy<Value = Option<JurisdictionCode>> {
    prop::option::of(prop::sample::select(KNOWN_AND_UNKNOWN_CODES).prop_map(code))
}

fn address() -> impl Strategy<Value = Option<String>> {
    prop::option::of(
        (
            prop::collection::vec(prop::sample::select(ADDRESS_FRAGMENTS), 0..4),
            "\\PC{0,8}",
        )
            .prop_map(|(parts, noise)| format!("{}{noise}", parts.concat())),
    )
}

fn any_point() -> impl Strategy<Value = Option<linli_domain::geo::GeoPoint>> {
    prop::option::of(prop_oneof![
        // Around the county, including points exactly on grid lines (multiples of 0.01).
        (0u32..=40, 0u32..=30)
            .prop_map(|(x, y)| point(120.05 + f64::from(x) / 100.0, 30.15 + f64::from(y) / 100.0)),
        (120.0f64..120.4, 30.1f64..30.4).prop_map(|(x, y)| point(x, y)),
        (-180.0f64..=180.0, -90.0f64..=90.0).prop_map(|(x, y)| point(x, y)),
    ])
}

fn category() -> impl Strategy<Value = Category> {
    prop::sample::select(&Category::ALL[..])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_request_is_routed_to_a_defined_node_with_a_consistent_cadre(
        category in category(),
        explicit_code in code_hint(),
        point in any_point(),
        address in address(),
        home_grid in code_hint(),
    ) {
        let router = Router::new(&directory_state());
        let request = RouteRequest { category, explicit_code, point, address, home_grid };
        let decision = router.route(&request, &NoWorkload).unwrap();
        let directory = router.directory();
        prop_assert!(directory.node(&decision.jurisdiction).is_some());
        match decision.basis {
            RoutingBasis::ExplicitCode => prop_assert_eq!(Some(decision.jurisdiction), explicit_code),
            RoutingBasis::HomeGrid => prop_assert_eq!(Some(decision.jurisdiction), home_grid),
            RoutingBasis::Triage => {
                prop_assert_eq!(decision.cadre, None);
                prop_assert!(decision.jurisdiction.level() <= Level::Township);
            }
            RoutingBasis::PointInPolygon | RoutingBasis::AddressText => {}
            RoutingBasis::Manual => prop_assert!(false, "routing never decides Manual"),
        }
        match (decision.cadre, decision.handlers_node) {
            (Some(cadre), Some(node)) => {
                prop_assert!(node.covers(&decision.jurisdiction));
                prop_assert!(directory.cadres_at(&node).any(|(c, _)| c == cadre));
            }
            (None, None) => {}
            other => prop_assert!(false, "cadre and node disagree: {:?}", other),
        }
    }

    #[test]
    fn the_polygon_index_agrees_with_checking_every_polygon(x in 0u32..400, y in 0u32..300) {
        // Half a lattice step off every edge, so the domain's even-odd test is exact too.
        let p = point(120.05 + (f64::from(x) + 0.5) / 1000.0, 30.15 + (f64::from(y) + 0.5) / 1000.0);
        let directory = directory_state();
        let brute = directory
            .nodes()
            .filter(|n| n.polygon.as_ref().is_some_and(|poly| poly.contains(&p)))
            .min_by(|a, b| {
                let area = |n: &linli_domain::directory::Node| n.polygon.as_ref().map_or(0.0, |p| p.area_deg2());
                area(a).total_cmp(&area(b))
            })
            .map(|n| n.code);
        let indexed = Router::new(&directory)
            .locate(&RouteRequest { point: Some(p), ..RouteRequest::new(Category::Other) })
            .ok()
            .filter(|(_, basis)| *basis == RoutingBasis::PointInPolygon)
            .map(|(code, _)| code);
        prop_assert_eq!(indexed, brute);
    }
}
