//! The directory: nodes, cadres, routing rules, limits, calendar, and its queries.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use linli_domain::calendar::{ClockTime, WorkInterval, WorkingHours};
use linli_domain::complaint::Category;
use linli_domain::directory::*;
use linli_domain::geo::{GeoPoint, Polygon};
use linli_domain::testing::given;
use linli_domain::validate::ValidationError;
use linli_domain::{Actor, JurisdictionCode, Level};

use crate::fixtures::*;

fn define(by: Actor, code: JurisdictionCode, name: &str) -> DirectoryCommand {
    DirectoryCommand::DefineNode(DefineNode {
        code,
        name: name.into(),
        aliases: vec![],
        polygon: None,
        by,
        at: t(1, 0),
    })
}

fn defined(code: JurisdictionCode, name: &str) -> DirectoryEvent {
    NodeDefined {
        code,
        name: name.into(),
        level: code.level(),
        parent: code.parent(),
        aliases: vec![],
        polygon: None,
        by: Actor::System,
        at: t(1, 0),
    }
    .into()
}

/// County → township → village → grid, all defined.
fn tree() -> Vec<DirectoryEvent> {
    vec![
        defined(county(), "西湖区"),
        defined(township(), "翠苑街道"),
        defined(village(), "翠苑一区社区"),
        defined(grid(), "第三网格"),
    ]
}

fn posted(cadre: linli_domain::UserId, node: JurisdictionCode, role: CadreRole) -> DirectoryEvent {
    CadrePosted {
        cadre,
        node,
        role,
        by: Actor::System,
        at: t(2, 0),
    }
    .into()
}

fn rule(node: JurisdictionCode, category: Option<Category>, role: CadreRole) -> DirectoryEvent {
    RoutingRuleSet {
        node,
        category,
        role,
        by: Actor::System,
        at: t(3, 0),
    }
    .into()
}

fn square(x0: f64, y0: f64, side: f64) -> Polygon {
    Polygon::new(vec![vec![
        [x0, y0],
        [x0 + side, y0],
        [x0 + side, y0 + side],
        [x0, y0 + side],
        [x0, y0],
    ]])
    .unwrap()
}

#[test]
fn manager_defines_a_root_node_with_aliases_and_polygon() {
    let state = given::<Directory>([])
        .when(DirectoryCommand::DefineNode(DefineNode {
            code: county(),
            name: " 西湖区 ".into(),
            aliases: vec!["西湖".into()],
            polygon: Some(square(120.0, 30.0, 0.2)),
            by: manager(),
            at: t(1, 0),
        }))
        .then([NodeDefined {
            code: county(),
            name: "西湖区".into(),
            level: Level::County,
            parent: Some(code("330100000000")),
            aliases: vec!["西湖".into()],
            polygon: Some(square(120.0, 30.0, 0.2)),
            by: manager(),
            at: t(1, 0),
        }
        .into()]);
    assert_eq!(state.roots().count(), 1);
    assert!(state
        .node(&county())
        .and_then(|n| n.polygon.as_ref())
        .is_some_and(|p| p.contains(&GeoPoint::new(120.1, 30.1).unwrap())));
}

#[test]
fn defining_an_existing_node_again_updates_it() {
    let events = given::<Directory>(tree())
        .when(define(Actor::System, village(), "翠苑一区"))
        .then_events();
    assert!(matches!(
        events.as_slice(),
        [DirectoryEvent::NodeUpdated(_)]
    ));
    let state = given::<Directory>(tree()).when(define(Actor::System, village(), "翠苑一区"));
    let state = state.then(events);
    assert_eq!(state.node(&village()).unwrap().name, "翠苑一区");
    assert_eq!(state.children(&township()).count(), 1);
}

#[test]
fn a_node_below_a_defined_ancestor_needs_its_parent() {
    given::<Directory>([defined(county(), "西湖区")])
        .when(define(Actor::System, village(), "翠苑一区社区"))
        .then_error(DirectoryError::ParentNotDefined {
            code: village(),
            parent: township(),
        });
}

#[test]
fn a_resident_cannot_change_the_directory() {
    given::<Directory>([])
        .when(define(resident(), county(), "西湖区"))
        .then_error(DirectoryError::NotAllowed {
            actor: resident(),
            reason: "only a manager or the system changes the directory",
        });
}

#[test]
fn a_cadre_cannot_change_the_directory() {
    let err = given::<Directory>(tree())
        .when(DirectoryCommand::PostCadre(PostCadre {
            cadre: CADRE,
            node: grid(),
            role: CadreRole::GridWorker,
            by: cadre(),
            at: t(2, 0),
        }))
        .then_any_error();
    assert!(matches!(err, DirectoryError::NotAllowed { .. }));
}

#[test]
fn a_node_needs_a_name() {
    given::<Directory>([])
        .when(define(manager(), county(), " "))
        .then_error(ValidationError::Empty { field: "name" }.into());
}

#[test]
fn manager_posts_a_cadre_to_a_node() {
    let state = given::<Directory>(tree())
        .when(DirectoryCommand::PostCadre(PostCadre {
            cadre: CADRE,
            node: grid(),
            role: CadreRole::GridWorker,
            by: Actor::System,
            at: t(2, 0),
        }))
        .then([posted(CADRE, grid(), CadreRole::GridWorker)]);
    assert_eq!(
        state.cadres_at_with_role(&grid(), CadreRole::GridWorker),
        vec![CADRE]
    );
    assert_eq!(state.posts_of(CADRE), vec![(grid(), CadreRole::GridWorker)]);
}

#[test]
fn posting_to_an_undefined_node_is_refused() {
    given::<Directory>([])
        .when(DirectoryCommand::PostCadre(PostCadre {
            cadre: CADRE,
            node: grid(),
            role: CadreRole::GridWorker,
            by: manager(),
            at: t(2, 0),
        }))
        .then_error(DirectoryError::NodeNotFound(grid()));
}

#[test]
fn posting_the_same_cadre_twice_is_refused() {
    let mut history = tree();
    history.push(posted(CADRE, grid(), CadreRole::GridWorker));
    given::<Directory>(history)
        .when(DirectoryCommand::PostCadre(PostCadre {
            cadre: CADRE,
            node: grid(),
            role: CadreRole::GridWorker,
            by: manager(),
            at: t(2, 0),
        }))
        .then_error(DirectoryError::AlreadyPosted {
            cadre: CADRE,
            node: grid(),
        });
}

#[test]
fn manager_unposts_a_cadre() {
    let mut history = tree();
    history.push(posted(CADRE, grid(), CadreRole::GridWorker));
    let state = given::<Directory>(history)
        .when(DirectoryCommand::UnpostCadre(UnpostCadre {
            cadre: CADRE,
            node: grid(),
            by: manager(),
            at: t(4, 0),
        }))
        .then([CadreUnposted {
            cadre: CADRE,
            node: grid(),
            by: manager(),
            at: t(4, 0),
        }
        .into()]);
    assert_eq!(state.cadres_at(&grid()).count(), 0);
}

#[test]
fn unposting_a_cadre_who_is_not_there_is_refused() {
    given::<Directory>(tree())
        .when(DirectoryCommand::UnpostCadre(UnpostCadre {
            cadre: CADRE,
            node: grid(),
            by: manager(),
            at: t(4, 0),
        }))
        .then_error(DirectoryError::NotPosted {
            cadre: CADRE,
            node: grid(),
        });
}

#[test]
fn manager_sets_a_routing_rule_and_it_applies_below() {
    let state = given::<Directory>(tree())
        .when(DirectoryCommand::SetRoutingRule(SetRoutingRule {
            node: township(),
            category: None,
            role: CadreRole::GridWorker,
            by: Actor::System,
            at: t(3, 0),
        }))
        .then([rule(township(), None, CadreRole::GridWorker)]);
    assert_eq!(
        state.routing_rule(&grid(), Category::Environment),
        Some((township(), CadreRole::GridWorker))
    );
    assert_eq!(state.routing_rule(&county(), Category::Environment), None);
}

#[test]
fn a_routing_rule_needs_a_defined_node() {
    given::<Directory>([])
        .when(DirectoryCommand::SetRoutingRule(SetRoutingRule {
            node: township(),
            category: Some(Category::Theft),
            role: CadreRole::TownshipStaff,
            by: manager(),
            at: t(3, 0),
        }))
        .then_error(DirectoryError::NodeNotFound(township()));
}

#[test]
fn the_nearest_and_most_specific_rule_wins_and_handlers_are_found_upwards() {
    let mut history = tree();
    history.extend([
        rule(county(), None, CadreRole::GridWorker),
        rule(county(), Some(Category::Theft), CadreRole::TownshipStaff),
        rule(village(), None, CadreRole::VillageStaff),
        posted(CADRE, grid(), CadreRole::GridWorker),
        posted(OTHER_CADRE, grid(), CadreRole::GridWorker),
        posted(VILLAGE_CADRE, village(), CadreRole::VillageStaff),
        posted(MANAGER, township(), CadreRole::TownshipStaff),
    ]);
    let state = given::<Directory>(history).state();
    // The village's catch-all is nearer than the county's theft rule.
    assert_eq!(
        state.routing_rule(&grid(), Category::Theft),
        Some((village(), CadreRole::VillageStaff))
    );
    let h = state.handlers(&grid(), Category::Theft).unwrap();
    assert_eq!((h.node, h.cadres), (village(), vec![VILLAGE_CADRE]));
    // In another village only the county's rules apply; theft goes to township staff.
    let other_grid = code("330106001002-G001");
    assert_eq!(
        state.routing_rule(&other_grid, Category::Theft),
        Some((county(), CadreRole::TownshipStaff))
    );
    let h = state.handlers(&other_grid, Category::Theft).unwrap();
    assert_eq!((h.node, h.cadres), (township(), vec![MANAGER]));
    // Nobody holds the grid-worker post in the other village: triage.
    assert_eq!(state.handlers(&other_grid, Category::Environment), None);
}

#[test]
fn parent_chain_and_nearest_defined_node() {
    let state = given::<Directory>(tree()).state();
    let chain: Vec<_> = state.parent_chain(&grid()).iter().map(|n| n.code).collect();
    assert_eq!(chain, vec![village(), township(), county()]);
    let unknown_grid = code("330106001001-G099");
    assert_eq!(
        state.nearest_defined(&unknown_grid).unwrap().code,
        village()
    );
}

#[test]
fn manager_sets_time_limits() {
    let state = given::<Directory>([])
        .when(DirectoryCommand::SetTimeLimits(SetTimeLimits {
            category: Category::SecurityHazard,
            limits: TimeLimits {
                response_minutes: 60,
                resolution_minutes: 840,
            },
            by: manager(),
            at: t(5, 0),
        }))
        .then([TimeLimitsSet {
            category: Category::SecurityHazard,
            response_minutes: 60,
            resolution_minutes: 840,
            by: manager(),
            at: t(5, 0),
        }
        .into()]);
    assert_eq!(
        state.time_limits(Category::SecurityHazard),
        Some(TimeLimits {
            response_minutes: 60,
            resolution_minutes: 840
        })
    );
    assert_eq!(state.time_limits(Category::Theft), None);
}

#[test]
fn a_resolution_limit_below_the_response_limit_is_refused() {
    let err = given::<Directory>([])
        .when(DirectoryCommand::SetTimeLimits(SetTimeLimits {
            category: Category::Theft,
            limits: TimeLimits {
                response_minutes: 60,
                resolution_minutes: 30,
            },
            by: manager(),
            at: t(5, 0),
        }))
        .then_any_error();
    assert!(matches!(err, DirectoryError::Validation(_)));
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn manager_sets_a_holiday_calendar_and_deadlines_honour_it() {
    let holidays: BTreeSet<_> = (1..=7).map(|x| d(2026, 10, x)).collect();
    let makeup: BTreeSet<_> = [d(2026, 9, 27), d(2026, 10, 10)].into();
    let state = given::<Directory>([])
        .when(DirectoryCommand::SetHolidayCalendar(SetHolidayCalendar {
            year: 2026,
            holidays: holidays.clone(),
            makeup_workdays: makeup.clone(),
            by: manager(),
            at: t(6, 0),
        }))
        .then([HolidayCalendarSet {
            year: 2026,
            holidays: holidays.into_iter().collect(),
            makeup_workdays: makeup.into_iter().collect(),
            by: manager(),
            at: t(6, 0),
        }
        .into()]);
    let cal = state.work_calendar();
    assert!(!cal.days.is_working_day(d(2026, 10, 2)));
    assert!(cal.days.is_working_day(d(2026, 10, 10)));
}

#[test]
fn a_makeup_day_on_a_weekday_is_refused() {
    given::<Directory>([])
        .when(DirectoryCommand::SetHolidayCalendar(SetHolidayCalendar {
            year: 2026,
            holidays: BTreeSet::new(),
            makeup_workdays: [d(2026, 9, 28)].into(),
            by: manager(),
            at: t(6, 0),
        }))
        .then_error(DirectoryError::Calendar(
            linli_domain::calendar::CalendarError::MakeupOnWeekday(d(2026, 9, 28)),
        ));
}

#[test]
fn manager_sets_working_hours() {
    let t_ = |s: &str| s.parse::<ClockTime>().unwrap();
    let hours = WorkingHours::new(vec![
        WorkInterval {
            start: t_("08:30"),
            end: t_("12:00"),
        },
        WorkInterval {
            start: t_("14:00"),
            end: t_("17:30"),
        },
    ])
    .unwrap();
    let state = given::<Directory>([])
        .when(DirectoryCommand::SetWorkingHours(SetWorkingHours {
            hours: hours.clone(),
            by: manager(),
            at: t(6, 0),
        }))
        .then([WorkingHoursSet {
            hours: hours.clone(),
            by: manager(),
            at: t(6, 0),
        }
        .into()]);
    assert_eq!(state.work_calendar().hours, hours);
}

#[test]
fn an_auditor_cannot_set_time_limits() {
    given::<Directory>([])
        .when(DirectoryCommand::SetTimeLimits(SetTimeLimits {
            category: Category::Theft,
            limits: TimeLimits {
                response_minutes: 60,
                resolution_minutes: 120,
            },
            by: auditor(),
            at: t(5, 0),
        }))
        .then_error(DirectoryError::NotAllowed {
            actor: auditor(),
            reason: "only a manager or the system changes the directory",
        });
}
