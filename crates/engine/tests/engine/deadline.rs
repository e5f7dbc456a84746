//! Working-time deadlines across the 2026 National Day holiday and its make-up working days.

use linli_domain::calendar::add_working_minutes;
use linli_domain::complaint::Category;
use linli_engine::deadline::{due_times, limits_for, FALLBACK_LIMITS};
use linli_engine::routing::{NoWorkload, RouteRequest, Router};

use crate::fixtures::*;

#[test]
fn a_deadline_skips_the_national_day_holiday_and_counts_the_makeup_saturday() {
    let directory = directory_state();
    // Wednesday 30 September, 17:00 China time: 30 working minutes left that day.
    let due = due_times(Category::Infrastructure, cst(9, 30, 17, 0), &directory);
    // 60 minutes: 30 on the 30th, 1–7 October off, 30 more on Thursday 8 October.
    assert_eq!(due.response, cst(10, 8, 9, 30));
    // 1260 minutes: 30 + 420 (Thu 8th) + 420 (Fri 9th) + 390 on Saturday 10 October, a
    // make-up working day: 180 in the morning, 210 from 13:30.
    assert_eq!(due.resolution, cst(10, 10, 17, 0));
}

#[test]
fn a_makeup_sunday_is_a_working_day() {
    let directory = directory_state();
    // Saturday 26 September 10:00: no work until the make-up Sunday 27 September.
    let due = due_times(Category::Infrastructure, cst(9, 26, 10, 0), &directory);
    assert_eq!(due.response, cst(9, 27, 10, 0));
    // The same on a plain calendar would wait for Monday.
    let plain = linli_domain::calendar::WorkCalendar::default();
    assert_eq!(
        add_working_minutes(cst(9, 26, 10, 0), 60, &plain),
        cst(9, 28, 10, 0)
    );
    // And the fixture's calendar agrees with the domain's.
    assert_eq!(
        add_working_minutes(cst(9, 26, 10, 0), 60, &national_day_2026()),
        due.response
    );
}

#[test]
fn a_category_without_limits_uses_the_fallback() {
    let directory = directory_state();
    assert_eq!(limits_for(Category::Theft, &directory), FALLBACK_LIMITS);
    // Monday 28 September 09:00: one working day to respond, five to resolve; the five run
    // into the holiday (29, 30 Sep; 8, 9, 10 Oct).
    let due = due_times(Category::Theft, cst(9, 28, 9, 0), &directory);
    assert_eq!(due.response, cst(9, 28, 17, 30));
    assert_eq!(due.resolution, cst(10, 9, 17, 30));
}

#[test]
fn an_assignment_carries_the_decision_and_its_due_times() {
    let router = Router::new(&directory_state());
    let request = RouteRequest {
        explicit_code: Some(code(GRID1)),
        ..RouteRequest::new(Category::Infrastructure)
    };
    let decision = router.route(&request, &NoWorkload).unwrap();
    let assignment = router.assignment(&decision, Category::Infrastructure, cst(9, 30, 17, 0));
    assert_eq!(assignment.cadre, Some(GRID1_WORKER));
    assert_eq!(assignment.jurisdiction, code(GRID1));
    assert_eq!(assignment.response_due_at, cst(10, 8, 9, 30));
    assert_eq!(assignment.resolution_due_at, cst(10, 10, 17, 0));
}
