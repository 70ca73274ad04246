//! The one source of "now", and the study day it falls on.
//!
//! Everything that needs the time asks a [`Clock`]. `CODEDRILL_NOW` (RFC 3339) freezes it, so tests and
//! curious users can replay weeks of study in seconds; `CODEDRILL_TICK` (seconds) then moves the frozen
//! clock forward by that much each time it is read, which gives answers a response time and lets a
//! session's time limit run out without sleeping.
//!
//! A study day starts at 4 am local time, as in Anki: a card answered at 1 am still counts for the evening
//! before, and "due tomorrow" means after the next 4 am. Local time is the system's zone (`TZ` is honoured).

use std::cell::Cell;

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Duration, Local, NaiveDate, NaiveTime, TimeZone, Utc};

/// The hour at which a new study day begins, in local time.
pub const DAY_START_HOUR: u32 = 4;

/// A study day: the number of days since 1970-01-01, counted in local days that start at 4 am.
pub type Day = i64;

pub struct Clock {
    frozen: Option<Cell<DateTime<Utc>>>,
    tick: Duration,
}

impl Clock {
    pub fn system() -> Self {
        Clock {
            frozen: None,
            tick: Duration::zero(),
        }
    }

    pub fn fixed(at: DateTime<Utc>, tick: Duration) -> Self {
        Clock {
            frozen: Some(Cell::new(at)),
            tick,
        }
    }

    /// The clock the environment asks for: `CODEDRILL_NOW` and `CODEDRILL_TICK`, or the system clock.
    pub fn from_env() -> Result<Self> {
        let Some(now) = std::env::var_os("CODEDRILL_NOW") else {
            return Ok(Clock::system());
        };
        let now = now.to_string_lossy();
        let at = DateTime::parse_from_rfc3339(now.trim())
            .with_context(|| {
                format!(
                    "CODEDRILL_NOW is set to '{now}', which is not a date and time in RFC 3339 form. \
                     Use a value like 2026-11-23T09:30:00Z, or unset it to use the real clock"
                )
            })?
            .with_timezone(&Utc);
        let tick = match std::env::var("CODEDRILL_TICK") {
            Ok(s) => parse_tick(&s)?,
            Err(_) => Duration::zero(),
        };
        Ok(Clock::fixed(at, tick))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &self.frozen {
            None => Utc::now(),
            Some(cell) => {
                let now = cell.get();
                cell.set(now + self.tick);
                now
            }
        }
    }
}

fn parse_tick(s: &str) -> Result<Duration> {
    match s.trim().parse::<f64>() {
        Ok(secs) if secs.is_finite() && (0.0..=86_400.0).contains(&secs) => {
            Ok(Duration::milliseconds((secs * 1000.0).round() as i64))
        }
        _ => bail!(
            "CODEDRILL_TICK is set to '{s}'; it must be a number of seconds between 0 and 86400"
        ),
    }
}

/// The study day `at` falls on, in local time.
pub fn study_day(at: DateTime<Utc>) -> Day {
    study_day_in(&Local, at)
}

/// The instant the study day `day` begins (4 am local time that day).
pub fn day_start(day: Day) -> DateTime<Utc> {
    day_start_in(&Local, day)
}

/// The study day of `at` in zone `tz`: shift back by the 4 hours before the boundary, then take the date.
pub fn study_day_in<Tz: TimeZone>(tz: &Tz, at: DateTime<Utc>) -> Day {
    let local = at.with_timezone(tz).naive_local() - Duration::hours(i64::from(DAY_START_HOUR));
    local.date().signed_duration_since(epoch()).num_days()
}

/// The instant study day `day` begins in zone `tz`. When 4 am does not exist that day (a daylight-saving gap)
/// the boundary is the first instant after the gap; when it happens twice, the first one.
pub fn day_start_in<Tz: TimeZone>(tz: &Tz, day: Day) -> DateTime<Utc> {
    let date = epoch() + Duration::days(day);
    let four = NaiveTime::from_hms_opt(DAY_START_HOUR, 0, 0).unwrap_or(NaiveTime::MIN);
    let mut naive = date.and_time(four);
    // A gap is at most a few hours; step forward a quarter-hour at a time until the local time exists.
    for _ in 0..16 {
        if let Some(t) = tz.from_local_datetime(&naive).earliest() {
            return t.with_timezone(&Utc);
        }
        naive += Duration::minutes(15);
    }
    Utc.from_utc_datetime(&date.and_time(four))
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_day_changes_at_four_in_the_morning() {
        let tz = FixedOffset::west_opt(5 * 3600).unwrap();
        let before = study_day_in(&tz, utc("2026-11-24T08:59:59Z")); // 03:59:59 local
        let after = study_day_in(&tz, utc("2026-11-24T09:00:00Z")); // 04:00 local
        let evening = study_day_in(&tz, utc("2026-11-23T23:00:00Z")); // 18:00 local, the day before
        assert_eq!(before, evening);
        assert_eq!(after, before + 1);
        assert_eq!(day_start_in(&tz, after), utc("2026-11-24T09:00:00Z"));
    }

    #[test]
    fn day_start_round_trips_with_study_day() {
        let tz = FixedOffset::east_opt(9 * 3600).unwrap();
        for day in [0, 1, 20_000, 20_415] {
            assert_eq!(study_day_in(&tz, day_start_in(&tz, day)), day);
            assert_eq!(
                study_day_in(&tz, day_start_in(&tz, day) - Duration::seconds(1)),
                day - 1
            );
        }
    }

    #[test]
    fn a_ticking_clock_moves_forward_on_each_reading() {
        let start = utc("2026-01-01T10:00:00Z");
        let clock = Clock::fixed(start, Duration::seconds(5));
        assert_eq!(clock.now(), start);
        assert_eq!(clock.now(), start + Duration::seconds(5));
        let frozen = Clock::fixed(start, Duration::zero());
        assert_eq!(frozen.now(), frozen.now());
    }

    #[test]
    fn tick_values_are_checked() {
        assert_eq!(parse_tick("2.5").unwrap(), Duration::milliseconds(2500));
        assert!(parse_tick("-1").is_err());
        assert!(parse_tick("soon").is_err());
    }
}
