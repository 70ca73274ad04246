//! The one source of "now", and the study day it falls on.
//!
//! Everything that needs the time asks a [`Clock`]. `CODEDRILL_NOW` (RFC 3339) freezes it, so tests and
//! curious users can replay weeks of study in seconds; `CODEDRILL_TICK` (seconds) then moves the frozen
//! clock forward by that much each time it is read, which gives answers a response time and lets a
//! session's time limit run out without sleeping.
//!
//! Study days (`codedrill_core::day`) are counted in the system's zone here (`TZ` is honoured).

use std::cell::Cell;

use anyhow::{Result, bail};
use chrono::{DateTime, Duration, Local, Utc};

pub use codedrill_core::day::{Day, day_start_in, study_day_in};

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
    /// Either is refused when it reads before [`EARLIEST`].
    pub fn from_env() -> Result<Self> {
        let Some(now) = std::env::var_os("CODEDRILL_NOW") else {
            believable(Utc::now(), "the computer's clock")?;
            return Ok(Clock::system());
        };
        let now = now.to_string_lossy();
        // chrono's reason ("premature end of input") is no help to a person: the sentence says it all.
        let at = DateTime::parse_from_rfc3339(now.trim())
            .map_err(|_| {
                anyhow::anyhow!(
                    "CODEDRILL_NOW is set to '{now}', which is not a date and time in RFC 3339 form. \
                     Use a value like 2026-11-23T09:30:00Z, or unset it to use the real clock"
                )
            })?
            .with_timezone(&Utc);
        believable(at, "CODEDRILL_NOW")?;
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

/// The earliest time codedrill believes (2000-01-01, UTC). A board without a real-time clock starts at
/// 1970-01-01; studying by such a clock would find nothing due, and write answers dated decades back.
pub const EARLIEST: i64 = 946_684_800;

/// Refuses a reading of `clock` before [`EARLIEST`], in one sentence.
fn believable(at: DateTime<Utc>, clock: &str) -> Result<()> {
    if at.timestamp() >= EARLIEST {
        return Ok(());
    }
    bail!(
        "{clock} says {}, which cannot be right, and codedrill would find nothing due by it. Set the date \
         and time (most systems can take it from the network), then run codedrill again",
        at.with_timezone(&Local).format("%Y-%m-%d %H:%M")
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
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
    fn a_clock_before_2000_is_not_believed() {
        let err = believable(utc("1970-01-01T02:00:00Z"), "CODEDRILL_NOW").unwrap_err();
        assert!(
            err.to_string().starts_with("CODEDRILL_NOW says 19"),
            "{err}"
        );
        assert!(believable(utc("2000-01-01T00:00:00Z"), "CODEDRILL_NOW").is_ok());
    }

    #[test]
    fn tick_values_are_checked() {
        assert_eq!(parse_tick("2.5").unwrap(), Duration::milliseconds(2500));
        assert!(parse_tick("-1").is_err());
        assert!(parse_tick("soon").is_err());
    }
}
