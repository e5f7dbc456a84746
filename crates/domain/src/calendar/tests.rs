//! Working-time arithmetic around weekends, lunch, National Day and its make-up days.

use super::*;
use chrono::TimeZone;

/// A China wall-clock time as UTC.
fn cst(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    china_offset()
        .with_ymd_and_hms(y, mo, d, h, mi, 0)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// National Day 2026: 10-01..07 off, make-up days Sun 09-27 and Sat 10-10.
fn national_day_2026() -> WorkCalendar {
    let holidays = (1..=7).map(|d| date(2026, 10, d)).collect();
    let makeup = [date(2026, 9, 27), date(2026, 10, 10)]
        .into_iter()
        .collect();
    let mut days = HolidayCalendar::default();
    days.set_year(2026, YearCalendar::new(2026, holidays, makeup).unwrap());
    WorkCalendar {
        days,
        hours: WorkingHours::default(),
    }
}

#[test]
fn china_time_is_utc_plus_eight() {
    let t = cst(2026, 10, 8, 9, 0);
    assert_eq!(t, Utc.with_ymd_and_hms(2026, 10, 8, 1, 0, 0).unwrap());
    assert_eq!(
        china_local(t),
        date(2026, 10, 8).and_hms_opt(9, 0, 0).unwrap()
    );
}

#[test]
fn minutes_within_one_morning() {
    let cal = WorkCalendar::default();
    // Monday 2026-06-01.
    assert_eq!(
        add_working_minutes(cst(2026, 6, 1, 9, 0), 60, &cal),
        cst(2026, 6, 1, 10, 0)
    );
}

#[test]
fn deadline_ending_at_noon_is_noon_and_one_more_minute_skips_lunch() {
    let cal = WorkCalendar::default();
    assert_eq!(
        add_working_minutes(cst(2026, 6, 1, 11, 0), 60, &cal),
        cst(2026, 6, 1, 12, 0)
    );
    assert_eq!(
        add_working_minutes(cst(2026, 6, 1, 11, 0), 61, &cal),
        cst(2026, 6, 1, 13, 31)
    );
}

#[test]
fn starting_in_the_lunch_break_counts_from_half_past_one() {
    let cal = WorkCalendar::default();
    assert_eq!(
        add_working_minutes(cst(2026, 6, 1, 12, 40), 30, &cal),
        cst(2026, 6, 1, 14, 0)
    );
}

#[test]
fn starting_before_hours_counts_from_nine() {
    let cal = WorkCalendar::default();
    assert_eq!(
        add_working_minutes(cst(2026, 6, 1, 6, 15), 15, &cal),
        cst(2026, 6, 1, 9, 15)
    );
}

#[test]
fn starting_after_hours_rolls_to_next_morning() {
    let cal = WorkCalendar::default();
    assert_eq!(
        add_working_minutes(cst(2026, 6, 1, 18, 0), 30, &cal),
        cst(2026, 6, 2, 9, 30)
    );
}

#[test]
fn starting_on_a_weekend_rolls_to_monday() {
    let cal = WorkCalendar::default();
    // Saturday 2026-06-06 → Monday 2026-06-08.
    assert_eq!(
        add_working_minutes(cst(2026, 6, 6, 10, 0), 90, &cal),
        cst(2026, 6, 8, 10, 30)
    );
}

#[test]
fn a_full_day_of_work_is_seven_hours() {
    let cal = WorkCalendar::default();
    assert_eq!(cal.hours.minutes_per_day(), 420);
    // Friday 10:00 plus one working day is Monday 10:00.
    assert_eq!(
        add_working_minutes(cst(2026, 6, 5, 10, 0), 420, &cal),
        cst(2026, 6, 8, 10, 0)
    );
}

#[test]
fn national_day_holiday_is_skipped() {
    let cal = national_day_2026();
    // Wednesday 2026-09-30 17:00 + 60 min: 30 min that day, the rest on Thu 10-08.
    assert_eq!(
        add_working_minutes(cst(2026, 9, 30, 17, 0), 60, &cal),
        cst(2026, 10, 8, 9, 30)
    );
    assert_eq!(
        working_minutes_between(cst(2026, 9, 30, 17, 0), cst(2026, 10, 8, 9, 30), &cal),
        60
    );
    assert!(!cal.days.is_working_day(date(2026, 10, 5)));
}

#[test]
fn makeup_sunday_before_national_day_is_a_working_day() {
    let cal = national_day_2026();
    assert!(cal.days.is_working_day(date(2026, 9, 27)));
    // Saturday 09-26 evening: the next working time is Sunday 09-27 at 09:00.
    assert_eq!(
        add_working_minutes(cst(2026, 9, 26, 20, 0), 45, &cal),
        cst(2026, 9, 27, 9, 45)
    );
    // Without the make-up day it would be Monday.
    let plain = WorkCalendar::default();
    assert_eq!(
        add_working_minutes(cst(2026, 9, 26, 20, 0), 45, &plain),
        cst(2026, 9, 28, 9, 45)
    );
}

#[test]
fn makeup_saturday_after_national_day_is_a_working_day() {
    let cal = national_day_2026();
    // Friday 10-09 17:00 + 60: 30 min Friday, 30 min on make-up Saturday 10-10.
    assert_eq!(
        add_working_minutes(cst(2026, 10, 9, 17, 0), 60, &cal),
        cst(2026, 10, 10, 9, 30)
    );
    assert!(cal.is_working_time(cst(2026, 10, 10, 10, 0)));
    assert!(!cal.is_working_time(cst(2026, 10, 11, 10, 0)));
}

#[test]
fn working_minutes_between_is_antisymmetric_and_ignores_off_hours() {
    let cal = WorkCalendar::default();
    let a = cst(2026, 6, 1, 12, 0);
    let b = cst(2026, 6, 1, 13, 30);
    assert_eq!(working_minutes_between(a, b, &cal), 0);
    let c = cst(2026, 6, 2, 9, 0);
    assert_eq!(working_minutes_between(a, c, &cal), 240);
    assert_eq!(working_minutes_between(c, a, &cal), -240);
}

#[test]
fn adding_zero_is_identity_even_outside_hours() {
    let cal = WorkCalendar::default();
    let sunday = cst(2026, 6, 7, 3, 0);
    assert_eq!(add_working_minutes(sunday, 0, &cal), sunday);
}

#[test]
fn year_calendar_is_validated() {
    assert_eq!(
        YearCalendar::new(2026, [date(2027, 1, 1)].into(), BTreeSet::new()),
        Err(CalendarError::DateOutsideYear {
            year: 2026,
            date: date(2027, 1, 1)
        })
    );
    assert_eq!(
        YearCalendar::new(2026, BTreeSet::new(), [date(2026, 9, 28)].into()),
        Err(CalendarError::MakeupOnWeekday(date(2026, 9, 28)))
    );
    assert_eq!(
        YearCalendar::new(2026, [date(2026, 9, 27)].into(), [date(2026, 9, 27)].into()),
        Err(CalendarError::HolidayAndWorkday(date(2026, 9, 27)))
    );
}

#[test]
fn working_hours_are_validated_and_serialize_as_clock_strings() {
    let t = |s: &str| s.parse::<ClockTime>().unwrap();
    assert_eq!(
        WorkingHours::new(vec![]),
        Err(CalendarError::NoWorkingHours)
    );
    assert_eq!(
        WorkingHours::new(vec![
            WorkInterval {
                start: t("09:00"),
                end: t("12:00")
            },
            WorkInterval {
                start: t("11:00"),
                end: t("13:00")
            },
        ]),
        Err(CalendarError::BadIntervals)
    );
    assert!("24:01".parse::<ClockTime>().is_err());
    assert!("9:00".parse::<ClockTime>().is_err());
    assert_eq!(t("24:00").minutes(), 1440);
    let json = serde_json::to_string(&WorkingHours::default()).unwrap();
    assert_eq!(
        json,
        r#"[{"start":"09:00","end":"12:00"},{"start":"13:30","end":"17:30"}]"#
    );
}

#[test]
fn arithmetic_at_the_end_of_time_saturates_instead_of_panicking() {
    let cal = WorkCalendar::default();
    let end = DateTime::<Utc>::MAX_UTC;
    let _ = add_working_minutes(end - TimeDelta::days(2), 10_000, &cal);
    let _ = working_minutes_between(end - TimeDelta::days(3), end, &cal);
    let start = DateTime::<Utc>::MIN_UTC;
    let _ = add_working_minutes(start, 60, &cal);
    assert!(ClockTime::new(u16::MAX, 0).is_err());
}
