//! Working-time arithmetic: monotonic, and consistent with its inverse.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use linli_domain::calendar::{
    add_working_minutes, working_minutes_between, HolidayCalendar, WorkCalendar, WorkingHours,
    YearCalendar,
};
use proptest::prelude::*;

use crate::strategies::working_hours;

fn national_day_2026(hours: WorkingHours) -> WorkCalendar {
    let d = |m, x| NaiveDate::from_ymd_opt(2026, m, x).unwrap();
    let holidays: BTreeSet<_> = (1..=7).map(|x| d(10, x)).collect();
    let makeup: BTreeSet<_> = [d(9, 27), d(10, 10)].into();
    let mut days = HolidayCalendar::default();
    days.set_year(2026, YearCalendar::new(2026, holidays, makeup).unwrap());
    WorkCalendar { days, hours }
}

/// Whole seconds between mid-September and late October 2026 (around National Day).
fn start() -> impl Strategy<Value = DateTime<Utc>> {
    let from = Utc
        .with_ymd_and_hms(2026, 9, 15, 0, 0, 0)
        .unwrap()
        .timestamp();
    (from..from + 40 * 86_400).prop_map(|s| Utc.timestamp_opt(s, 0).unwrap())
}

fn hours() -> impl Strategy<Value = WorkingHours> {
    prop_oneof![Just(WorkingHours::default()), working_hours()]
}

proptest! {
    #[test]
    fn adding_then_measuring_gives_back_the_minutes(s in start(), m in 0u32..6000, h in hours()) {
        let cal = national_day_2026(h);
        let due = add_working_minutes(s, m, &cal);
        prop_assert!(due >= s);
        prop_assert_eq!(working_minutes_between(s, due, &cal), i64::from(m));
        prop_assert_eq!(working_minutes_between(due, s, &cal), -i64::from(m));
    }

    #[test]
    fn adding_is_monotonic_in_minutes(s in start(), a in 0u32..6000, b in 0u32..6000, h in hours()) {
        let cal = national_day_2026(h);
        let (lo, hi) = (a.min(b), a.max(b));
        prop_assert!(add_working_minutes(s, lo, &cal) <= add_working_minutes(s, hi, &cal));
    }

    #[test]
    fn adding_is_monotonic_in_start(s in start(), later in 0i64..200_000, m in 1u32..3000) {
        let cal = national_day_2026(WorkingHours::default());
        let s2 = s + TimeDelta::seconds(later);
        prop_assert!(add_working_minutes(s, m, &cal) <= add_working_minutes(s2, m, &cal));
    }

    #[test]
    fn a_deadline_ends_inside_working_time(s in start(), m in 1u32..6000) {
        let cal = national_day_2026(WorkingHours::default());
        let due = add_working_minutes(s, m, &cal);
        prop_assert!(cal.is_working_time(due - TimeDelta::seconds(1)));
    }

    #[test]
    fn measuring_is_additive(s in start(), x in 0i64..2_000_000, y in 0i64..2_000_000) {
        let cal = national_day_2026(WorkingHours::default());
        let (a, b) = (s + TimeDelta::seconds(x.min(y)), s + TimeDelta::seconds(x.max(y)));
        // Whole minutes truncate, so splitting at a point loses at most one minute.
        let whole = working_minutes_between(s, b, &cal);
        let parts = working_minutes_between(s, a, &cal) + working_minutes_between(a, b, &cal);
        prop_assert!(whole - parts <= 1 && whole >= parts);
    }
}
