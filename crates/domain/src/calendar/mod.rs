//! Working-time arithmetic in China time (UTC+08:00, no daylight saving), for response and
//! resolution deadlines that honour weekends, statutory holidays and make-up working days
//! (调休).
//!
//! A day is a working day when it is a make-up working day, or when it is Monday to Friday
//! and not a statutory holiday. Working time is the working hours of working days (by default
//! 09:00–12:00 and 13:30–17:30). Years without a holiday calendar simply have no holidays:
//! the directory must be given each year's calendar (published by the State Council each
//! autumn) before deadlines in that year are computed.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta, Utc, Weekday};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// China Standard Time, seconds east of UTC.
pub const CHINA_OFFSET_SECONDS: i32 = 8 * 3600;

/// China Standard Time as a chrono offset.
pub fn china_offset() -> FixedOffset {
    FixedOffset::east_opt(CHINA_OFFSET_SECONDS).expect("UTC+08:00 is within chrono's offset range")
}

/// The wall-clock time in China at `t`.
pub fn china_local(t: DateTime<Utc>) -> NaiveDateTime {
    // Saturating at chrono's range ends keeps every function here total.
    t.naive_utc()
        .checked_add_signed(TimeDelta::seconds(i64::from(CHINA_OFFSET_SECONDS)))
        .unwrap_or(NaiveDateTime::MAX)
}

/// The instant at which China's wall clock reads `local`.
pub fn from_china_local(local: NaiveDateTime) -> DateTime<Utc> {
    local
        .checked_sub_signed(TimeDelta::seconds(i64::from(CHINA_OFFSET_SECONDS)))
        .unwrap_or(NaiveDateTime::MIN)
        .and_utc()
}

/// Why a calendar setting was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CalendarError {
    /// A clock time is not `HH:MM` between 00:00 and 24:00.
    #[error("clock time must be HH:MM between 00:00 and 24:00, got {0:?}")]
    BadClockTime(String),
    /// Working hours need at least one interval.
    #[error("working hours must have at least one interval")]
    NoWorkingHours,
    /// Intervals must be non-empty, ascending and non-overlapping.
    #[error("working hour intervals must be non-empty, ascending and non-overlapping")]
    BadIntervals,
    /// A date given for one year falls in another.
    #[error("{date} is not in {year}")]
    DateOutsideYear {
        /// The year being set.
        year: i32,
        /// The stray date.
        date: NaiveDate,
    },
    /// A date cannot be both a holiday and a make-up working day.
    #[error("{0} is both a holiday and a make-up working day")]
    HolidayAndWorkday(NaiveDate),
    /// Make-up working days are weekend days moved to work; a weekday one means a typo.
    #[error("make-up working day {0} is not a Saturday or Sunday")]
    MakeupOnWeekday(NaiveDate),
}

/// A wall-clock time of day in minutes since midnight, 0..=1440 (`24:00` ends a day);
/// written `HH:MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ClockTime(u16);

impl ClockTime {
    /// `hour:minute`, with `24:00` allowed as the end of the day.
    pub fn new(hour: u16, minute: u16) -> Result<ClockTime, CalendarError> {
        let total = u32::from(hour) * 60 + u32::from(minute);
        match u16::try_from(total) {
            Ok(total) if minute < 60 && total <= 1440 => Ok(ClockTime(total)),
            _ => Err(CalendarError::BadClockTime(format!(
                "{hour:02}:{minute:02}"
            ))),
        }
    }

    /// Minutes since midnight.
    pub const fn minutes(self) -> u16 {
        self.0
    }

    fn on(self, date: NaiveDate) -> NaiveDateTime {
        date.and_time(chrono::NaiveTime::MIN)
            .checked_add_signed(TimeDelta::minutes(i64::from(self.0)))
            .unwrap_or(NaiveDateTime::MAX)
    }
}

impl FromStr for ClockTime {
    type Err = CalendarError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || CalendarError::BadClockTime(crate::ids::excerpt(s));
        let (h, m) = s.split_once(':').ok_or_else(bad)?;
        if h.len() != 2 || m.len() != 2 {
            return Err(bad());
        }
        let h: u16 = h.parse().map_err(|_| bad())?;
        let m: u16 = m.parse().map_err(|_| bad())?;
        ClockTime::new(h, m).map_err(|_| bad())
    }
}

impl TryFrom<String> for ClockTime {
    type Error = CalendarError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<ClockTime> for String {
    fn from(t: ClockTime) -> Self {
        t.to_string()
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// One stretch of working time within a day, `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkInterval {
    /// When work starts.
    pub start: ClockTime,
    /// When work stops (exclusive).
    pub end: ClockTime,
}

/// The working hours of every working day: ascending, non-overlapping, at least one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<WorkInterval>", into = "Vec<WorkInterval>")]
pub struct WorkingHours(Vec<WorkInterval>);

impl WorkingHours {
    /// Checked working hours.
    pub fn new(intervals: Vec<WorkInterval>) -> Result<WorkingHours, CalendarError> {
        if intervals.is_empty() {
            return Err(CalendarError::NoWorkingHours);
        }
        let ascending = intervals.iter().all(|i| i.start < i.end)
            && intervals.windows(2).all(|w| w[0].end <= w[1].start);
        if !ascending {
            return Err(CalendarError::BadIntervals);
        }
        Ok(WorkingHours(intervals))
    }

    /// The intervals, ascending.
    pub fn intervals(&self) -> &[WorkInterval] {
        &self.0
    }

    /// Working minutes in one working day.
    pub fn minutes_per_day(&self) -> u32 {
        self.0.iter().map(|i| u32::from(i.end.0 - i.start.0)).sum()
    }
}

impl Default for WorkingHours {
    /// 09:00–12:00 and 13:30–17:30, the usual hours of township offices.
    fn default() -> Self {
        WorkingHours(vec![
            WorkInterval {
                start: ClockTime(9 * 60),
                end: ClockTime(12 * 60),
            },
            WorkInterval {
                start: ClockTime(13 * 60 + 30),
                end: ClockTime(17 * 60 + 30),
            },
        ])
    }
}

impl TryFrom<Vec<WorkInterval>> for WorkingHours {
    type Error = CalendarError;

    fn try_from(value: Vec<WorkInterval>) -> Result<Self, Self::Error> {
        WorkingHours::new(value)
    }
}

impl From<WorkingHours> for Vec<WorkInterval> {
    fn from(h: WorkingHours) -> Self {
        h.0
    }
}

/// One year's exceptions to the Monday–Friday week.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearCalendar {
    /// Statutory holidays (法定节假日) on which nobody works, weekends included or not.
    pub holidays: BTreeSet<NaiveDate>,
    /// Weekend days that are working days to make up for a holiday (调休上班).
    pub makeup_workdays: BTreeSet<NaiveDate>,
}

impl YearCalendar {
    /// A checked year: every date in `year`, no date both kinds, make-up days on weekends.
    pub fn new(
        year: i32,
        holidays: BTreeSet<NaiveDate>,
        makeup_workdays: BTreeSet<NaiveDate>,
    ) -> Result<YearCalendar, CalendarError> {
        for &date in holidays.iter().chain(&makeup_workdays) {
            if date.year() != year {
                return Err(CalendarError::DateOutsideYear { year, date });
            }
        }
        if let Some(&date) = holidays.intersection(&makeup_workdays).next() {
            return Err(CalendarError::HolidayAndWorkday(date));
        }
        if let Some(&date) = makeup_workdays.iter().find(|d| !is_weekend(**d)) {
            return Err(CalendarError::MakeupOnWeekday(date));
        }
        Ok(YearCalendar {
            holidays,
            makeup_workdays,
        })
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Holidays and make-up days by year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayCalendar {
    /// Each year's exceptions; setting a year replaces it whole.
    years: BTreeMap<i32, YearCalendar>,
}

impl HolidayCalendar {
    /// Replaces one year's exceptions.
    pub fn set_year(&mut self, year: i32, calendar: YearCalendar) {
        self.years.insert(year, calendar);
    }

    /// One year's exceptions, if set.
    pub fn year(&self, year: i32) -> Option<&YearCalendar> {
        self.years.get(&year)
    }

    /// The years that have a calendar.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.keys().copied()
    }

    /// Whether people work on `date` (in China).
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.years.get(&date.year()) {
            Some(y) if y.makeup_workdays.contains(&date) => true,
            Some(y) if y.holidays.contains(&date) => false,
            _ => !is_weekend(date),
        }
    }
}

/// Which days and which hours count as working time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    /// Which days are working days.
    pub days: HolidayCalendar,
    /// Which hours of a working day count.
    pub hours: WorkingHours,
}

impl WorkCalendar {
    /// Whether `t` falls within working time.
    pub fn is_working_time(&self, t: DateTime<Utc>) -> bool {
        let local = china_local(t);
        let date = local.date();
        self.days.is_working_day(date)
            && self
                .hours
                .intervals()
                .iter()
                .any(|i| i.start.on(date) <= local && local < i.end.on(date))
    }
}

/// The instant `minutes` of working time after `start`. Time outside working hours does not
/// count: a complaint filed on Saturday evening with a 60-minute limit is due at 10:00 on the
/// next working day. Adding zero returns `start` unchanged, even outside working hours; a
/// deadline that ends exactly at the end of an interval is that end (12:00, not 13:30).
pub fn add_working_minutes(
    start: DateTime<Utc>,
    minutes: u32,
    calendar: &WorkCalendar,
) -> DateTime<Utc> {
    if minutes == 0 {
        return start;
    }
    let mut remaining = TimeDelta::minutes(i64::from(minutes));
    let local_start = china_local(start);
    let mut date = local_start.date();
    loop {
        if calendar.days.is_working_day(date) {
            for interval in calendar.hours.intervals() {
                let cursor = interval.start.on(date).max(local_start);
                let end = interval.end.on(date);
                if cursor >= end {
                    continue;
                }
                let available = end - cursor;
                if remaining <= available {
                    return from_china_local(cursor + remaining);
                }
                remaining -= available;
            }
        }
        match date.succ_opt() {
            Some(next) => date = next,
            None => return DateTime::<Utc>::MAX_UTC,
        }
    }
}

/// Whole minutes of working time from `a` to `b` (negative when `b` is before `a`), the
/// inverse of [`add_working_minutes`]: `working_minutes_between(s, add_working_minutes(s, m))`
/// is `m`.
pub fn working_minutes_between(a: DateTime<Utc>, b: DateTime<Utc>, calendar: &WorkCalendar) -> i64 {
    if b < a {
        return -working_minutes_between(b, a, calendar);
    }
    let (la, lb) = (china_local(a), china_local(b));
    let mut total = TimeDelta::zero();
    let mut date = la.date();
    while date <= lb.date() {
        if calendar.days.is_working_day(date) {
            for interval in calendar.hours.intervals() {
                let from = interval.start.on(date).max(la);
                let to = interval.end.on(date).min(lb);
                if from < to {
                    total += to - from;
                }
            }
        }
        match date.succ_opt() {
            Some(next) => date = next,
            None => break,
        }
    }
    total.num_minutes()
}

#[cfg(test)]
mod tests;
