//! Routing by every basis, boundary and triage rules, balancing by open items.

use std::collections::HashMap;
use std::sync::Arc;

use linli_domain::complaint::{Category, RoutingBasis};
use linli_domain::directory::Directory;
use linli_domain::{Aggregate, StreamName};
use linli_engine::routing::{NoWorkload, RouteRequest, Router, RoutingError};
use linli_engine::{CommandMeta, DirectoryCache, Engine};
use linli_eventlog::StreamVersion;

use crate::fixtures::*;

fn router() -> Router {
    Router::new(&directory_state())
}

fn request() -> RouteRequest {
    RouteRequest::new(Category::Environment)
}

#[test]
fn an_explicit_known_code_wins_over_every_other_hint() {
    let decision = router()
        .route(
            &RouteRequest {
                explicit_code: Some(code(GRID1)),
                point: Some(point(120.17, 30.22)),
                address: Some("翠苑二区".into()),
                home_grid: Some(code(GRID2)),
                ..request()
            },
            &NoWorkload,
        )
        .unwrap();
    assert_eq!(decision.jurisdiction, code(GRID1));
    assert_eq!(decision.basis, RoutingBasis::ExplicitCode);
    assert_eq!(decision.cadre, Some(GRID1_WORKER));
    assert_eq!(decision.handlers_node, Some(code(GRID1)));
}

#[test]
fn a_point_goes_to_the_smallest_polygon_containing_it() {
    let r = router();
    let in_grid = r
        .route(
            &RouteRequest {
                point: Some(point(120.12, 30.22)),
                ..request()
            },
            &NoWorkload,
        )
        .unwrap();
    assert_eq!(in_grid.jurisdiction, code(GRID1));
    assert_eq!(in_grid.basis, RoutingBasis::PointInPolygon);
    assert_eq!(in_grid.cadre, Some(GRID1_WORKER));

    // Inside the village but in none of its grids.
    let in_village = r
        .route(
            &RouteRequest {
                point: Some(point(120.12, 30.28)),
                ..request()
            },
            &NoWorkload,
        )
        .unwrap();
    assert_eq!(in_village.jurisdiction, code(VILLAGE1));
    assert_eq!(in_village.cadre, Some(VILLAGE1_STAFF));
}

#[test]
fn a_point_on_a_polygon_boundary_counts_as_inside() {
    let r = router();
    // On the outer edge shared by grid 1 and its village: the grid, being smaller.
    let (node, basis) = r
        .locate(&RouteRequest {
            point: Some(point(120.10, 30.22)),
            ..request()
        })
        .unwrap();
    assert_eq!((node, basis), (code(GRID1), RoutingBasis::PointInPolygon));
    // On a corner of grid 1.
    let (node, _) = r
        .locate(&RouteRequest {
            point: Some(point(120.10, 30.20)),
            ..request()
        })
        .unwrap();
    assert_eq!(node, code(GRID1));
    // On the edge shared by two equal grids: both contain it; the lower code wins.
    let (node, _) = r
        .locate(&RouteRequest {
            point: Some(point(120.15, 30.22)),
            ..request()
        })
        .unwrap();
    assert_eq!(node, code(GRID1));
    // On the edge shared by two villages, outside every grid: inside both, and village 2
    // is the smaller (its hole is not part of it).
    let (node, _) = r
        .locate(&RouteRequest {
            point: Some(point(120.20, 30.28)),
            ..request()
        })
        .unwrap();
    assert_eq!(node, code(VILLAGE2));
    // On the edge of village 2's hole: the boundary of village 2, so inside it.
    let (node, _) = r
        .locate(&RouteRequest {
            point: Some(point(120.24, 30.25)),
            ..request()
        })
        .unwrap();
    assert_eq!(node, code(VILLAGE2));
}

#[test]
fn a_point_in_no_polygon_falls_through_to_the_weaker_hints() {
    let r = router();
    let far_away = RouteRequest {
        point: Some(point(121.5, 31.2)),
        ..request()
    };
    // Nothing else: triage at the top of the tree.
    let decision = r.route(&far_away, &NoWorkload).unwrap();
    assert_eq!(decision.basis, RoutingBasis::Triage);
    assert_eq!(decision.jurisdiction, code(COUNTY));
    assert_eq!(decision.cadre, None);
    // Inside village 2's hole is inside no polygon either; the address decides.
    let (node, basis) = r
        .locate(&RouteRequest {
            point: Some(point(120.25, 30.25)),
            address: Some("文新街道东方5号".into()),
            ..request()
        })
        .unwrap();
    assert_eq!((node, basis), (code(DONGFANG), RoutingBasis::AddressText));
}

#[test]
fn an_address_naming_two_places_goes_to_the_deepest() {
    let r = router();
    let decision = r
        .route(
            &RouteRequest {
                address: Some("杭州市翠苑街道翠苑一区5幢2单元".into()),
                ..request()
            },
            &NoWorkload,
        )
        .unwrap();
    assert_eq!(decision.jurisdiction, code(VILLAGE1));
    assert_eq!(decision.basis, RoutingBasis::AddressText);
    assert_eq!(decision.cadre, Some(VILLAGE1_STAFF));
    // An alias of a township alone.
    let (node, _) = r
        .locate(&RouteRequest {
            address: Some("文新菜市场门口".into()),
            ..request()
        })
        .unwrap();
    assert_eq!(node, code(WENXIN));
}

#[test]
fn an_address_naming_two_places_at_the_same_depth_goes_to_the_longer_name() {
    let (node, basis) = router()
        .locate(&RouteRequest {
            address: Some("东方红小区北门".into()),
            ..request()
        })
        .unwrap();
    assert_eq!(
        (node, basis),
        (code(DONGFANGHONG), RoutingBasis::AddressText)
    );
}

#[test]
fn the_home_grid_is_used_when_nothing_else_places_the_complaint() {
    let decision = router()
        .route(
            &RouteRequest {
                address: Some("家门口".into()),
                home_grid: Some(code(GRID2)),
                ..request()
            },
            &NoWorkload,
        )
        .unwrap();
    assert_eq!(decision.jurisdiction, code(GRID2));
    assert_eq!(decision.basis, RoutingBasis::HomeGrid);
}

#[test]
fn an_unknown_village_goes_to_its_townships_triage_queue() {
    let decision = router()
        .route(
            &RouteRequest {
                explicit_code: Some(code("330106001099")),
                address: Some("不知道的村".into()),
                ..request()
            },
            &NoWorkload,
        )
        .unwrap();
    assert_eq!(decision.jurisdiction, code(CUIYUAN));
    assert_eq!(decision.basis, RoutingBasis::Triage);
    assert_eq!(decision.cadre, None);
    assert_eq!(decision.handlers_node, None);
    // An unknown home grid in a known village also triages at the township.
    let (node, basis) = router()
        .locate(&RouteRequest {
            home_grid: Some(code("330106002001-G009")),
            ..request()
        })
        .unwrap();
    assert_eq!((node, basis), (code(WENXIN), RoutingBasis::Triage));
}

#[test]
fn an_empty_directory_cannot_route_at_all() {
    let empty = Router::new(&Default::default());
    assert_eq!(
        empty.route(&request(), &NoWorkload),
        Err(RoutingError::EmptyDirectory)
    );
}

#[test]
fn the_least_busy_cadre_is_picked_and_ties_go_to_the_lowest_id() {
    let r = router();
    let at_grid2 = RouteRequest {
        explicit_code: Some(code(GRID2)),
        ..request()
    };
    let busy: HashMap<_, _> = [(GRID2_WORKER_A, 5), (GRID2_WORKER_B, 2)].into();
    assert_eq!(
        r.route(&at_grid2, &busy).unwrap().cadre,
        Some(GRID2_WORKER_B)
    );
    let even: HashMap<_, _> = [(GRID2_WORKER_A, 1), (GRID2_WORKER_B, 1)].into();
    assert_eq!(
        r.route(&at_grid2, &even).unwrap().cadre,
        Some(GRID2_WORKER_A)
    );
    assert_eq!(
        r.route(&at_grid2, &NoWorkload).unwrap().cadre,
        Some(GRID2_WORKER_A)
    );
}

#[test]
fn a_category_rule_sends_thefts_in_grid_one_to_the_village_staff() {
    let decision = router()
        .route(
            &RouteRequest {
                category: Category::Theft,
                point: Some(point(120.12, 30.22)),
                ..request()
            },
            &NoWorkload,
        )
        .unwrap();
    assert_eq!(decision.jurisdiction, code(GRID1));
    assert_eq!(decision.cadre, Some(VILLAGE1_STAFF));
    assert_eq!(decision.handlers_node, Some(code(VILLAGE1)));
}

#[test]
fn a_place_whose_rule_finds_nobody_keeps_its_node_without_a_cadre() {
    let decision = router()
        .route(
            &RouteRequest {
                explicit_code: Some(code(VILLAGE2)),
                ..request()
            },
            &NoWorkload,
        )
        .unwrap();
    assert_eq!(decision.jurisdiction, code(VILLAGE2));
    assert_eq!(decision.basis, RoutingBasis::ExplicitCode);
    assert_eq!(decision.cadre, None);
}

#[test]
fn escalation_climbs_one_level_at_a_time_and_stops_at_the_county() {
    let r = router();
    let category = Category::Environment;
    let village = r.escalation(&code(GRID1), category, &NoWorkload).unwrap();
    assert_eq!(village.jurisdiction, code(VILLAGE1));
    assert_eq!(village.cadre, Some(VILLAGE1_STAFF));
    assert_eq!(village.basis, RoutingBasis::Manual);
    let township = r
        .escalation(&code(VILLAGE1), category, &NoWorkload)
        .unwrap();
    assert_eq!(
        (township.jurisdiction, township.cadre),
        (code(CUIYUAN), Some(TOWNSHIP_STAFF))
    );
    let county = r.escalation(&code(CUIYUAN), category, &NoWorkload).unwrap();
    assert_eq!(
        (county.jurisdiction, county.cadre),
        (code(COUNTY), Some(COUNTY_STAFF))
    );
    assert_eq!(r.escalation(&code(COUNTY), category, &NoWorkload), None);
}

#[tokio::test]
async fn the_directory_cache_rebuilds_only_when_the_directory_stream_moves() {
    let (_dir, log) = temp_log();
    let engine = Engine::new(log);
    let cache = DirectoryCache::new(engine.clone());
    let empty = cache.router().unwrap();
    assert_eq!(empty.version(), StreamVersion(0));
    assert_eq!(
        empty.route(&request(), &NoWorkload),
        Err(RoutingError::EmptyDirectory)
    );

    let commands = directory_commands();
    let (first, rest) = commands.split_at(5);
    for command in first {
        engine
            .execute::<Directory>(
                StreamName::Directory,
                command.clone(),
                CommandMeta::default(),
            )
            .await
            .unwrap();
    }
    let partial = cache.router().unwrap();
    assert_eq!(partial.version(), StreamVersion(5));
    assert!(
        Arc::ptr_eq(&partial, &cache.router().unwrap()),
        "unchanged: same router"
    );
    assert_eq!(
        partial.locate(&RouteRequest {
            point: Some(point(120.12, 30.22)),
            ..request()
        }),
        Ok((code(GRID1), RoutingBasis::PointInPolygon))
    );

    for command in rest {
        engine
            .execute::<Directory>(
                StreamName::Directory,
                command.clone(),
                CommandMeta::default(),
            )
            .await
            .unwrap();
    }
    let full = cache.router().unwrap();
    assert_eq!(full.version(), StreamVersion(commands.len() as u64));
    // Folding only the new events gives the same directory as folding them all.
    assert_eq!(full.directory(), &directory_state());
    assert_eq!(
        full.directory(),
        &engine
            .load::<Directory>(StreamName::Directory)
            .unwrap()
            .state
    );
    assert_eq!(
        Directory::fold([].iter()),
        linli_domain::directory::DirectoryState::default()
    );
}
