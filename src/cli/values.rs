//! The values options take, checked as typed, before anything is built from them: counts of cards,
//! learning steps, the longest interval; and the scheduler's settings a drill's options make. A value out
//! of range is clap's error naming the option, never a panic or an allocation sized by what was typed.

use codedrill_core::schedule::{Scheduler, Settings};

use super::DrillArgs;

/// The most cards a day or a session can ask for: far beyond any study day, and small enough that
/// nothing sized by it can overflow or exhaust memory.
pub const MAX_CARDS: u32 = 100_000;

/// The longest interval `--max-interval` allows, as Anki: a hundred years.
pub const MAX_INTERVAL_DAYS: u32 = 36_500;

impl DrillArgs {
    /// The scheduler's settings these options ask for, checked (`--retention`'s range) before anything is
    /// opened or locked.
    pub fn settings(&self) -> anyhow::Result<Settings> {
        let settings = Settings {
            learning_steps: self.learning_steps.0.clone(),
            relearning_steps: self.relearning_steps.0.clone(),
            desired_retention: self.retention,
            maximum_interval: self.max_interval,
            fuzz: !self.no_fuzz,
            parameters: Vec::new(),
        };
        anyhow::Context::context(Scheduler::new(settings.clone()), "check --retention")?;
        Ok(settings)
    }
}

/// A count of cards, from `min` to [`MAX_CARDS`], checked as typed (a number too big for any type is
/// refused the same way).
pub(super) fn cards(min: u32) -> impl clap::builder::TypedValueParser<Value = usize> {
    use clap::builder::TypedValueParser as _;
    clap::value_parser!(u32)
        .range(i64::from(min)..=i64::from(MAX_CARDS))
        .map(|n| n as usize)
}

/// Learning steps as typed: `1m 10m`, `30s`, `1h`, `1d`; empty for none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Steps(pub Vec<chrono::Duration>);

/// The most steps `--learning-steps` or `--relearning-steps` takes.
const MAX_STEPS: usize = 20;

/// The longest step in each unit: a hundred days, however it is written.
const MAX_STEP_SECONDS: i64 = 100 * 86_400;

pub(super) fn parse_steps(text: &str) -> Result<Steps, String> {
    let steps = text
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(parse_step)
        .collect::<Result<Vec<_>, _>>()?;
    if steps.len() > MAX_STEPS {
        return Err(format!("at most {MAX_STEPS} steps, please"));
    }
    Ok(Steps(steps))
}

/// One step, `10m`: the number and its unit are checked before any duration is made from them.
fn parse_step(step: &str) -> Result<chrono::Duration, String> {
    let split = step
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(step.len());
    let (number, unit) = step.split_at(split);
    let seconds_each = match unit {
        "s" => 1,
        "m" | "" => 60,
        "h" => 3_600,
        "d" => 86_400,
        _ => return Err(format!("'{step}' has an unknown unit; use s, m, h or d")),
    };
    if number.is_empty() {
        return Err(format!(
            "'{step}' is not a step; write steps like 1m 10m 1h 1d"
        ));
    }
    let seconds = number
        .parse::<i64>()
        .ok()
        .and_then(|n| n.checked_mul(seconds_each))
        .filter(|s| (1..=MAX_STEP_SECONDS).contains(s))
        .ok_or_else(|| format!("'{step}' is not a usable step length; steps go from 1s to 100d"))?;
    Ok(chrono::Duration::seconds(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_parse_with_units() {
        let steps = parse_steps("1m 10m, 1h 2d 30s").unwrap();
        assert_eq!(
            steps.0,
            [
                chrono::Duration::minutes(1),
                chrono::Duration::minutes(10),
                chrono::Duration::hours(1),
                chrono::Duration::days(2),
                chrono::Duration::seconds(30)
            ]
        );
        assert_eq!(parse_steps("").unwrap().0, []);
        assert!(parse_steps("10x").is_err());
        assert!(parse_steps("0m").is_err());
        assert!(parse_steps("m").is_err());
    }

    #[test]
    fn steps_are_checked_before_a_duration_is_made() {
        assert_eq!(
            parse_steps("100d").unwrap().0,
            [chrono::Duration::days(100)]
        );
        for wrong in [
            "101d",
            "200000000000d",
            "9223372036854775807s",
            "99999999999999999999m",
        ] {
            assert_eq!(
                parse_steps(wrong).unwrap_err(),
                format!("'{wrong}' is not a usable step length; steps go from 1s to 100d")
            );
        }
        assert!(parse_steps(&"1m ".repeat(MAX_STEPS)).is_ok());
        assert!(parse_steps(&"1m ".repeat(MAX_STEPS + 1)).is_err());
    }
}
