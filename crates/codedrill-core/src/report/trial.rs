//! Where the trial stands: the first session, the 1-day check, the 3-day check.

use crate::day::Day;
use crate::words::plural;

use super::{Trial, TrialStage};

/// The study days after the first session on which the checks open.
pub const CHECK_DAYS: [i64; 2] = [1, 3];

/// Where the trial stands, from the days studied: the first session, the 1-day check, the 3-day check.
/// A trial begun without a single answer has not begun.
pub fn trial_stage(started: Option<Day>, studied: &[Day], today: Day) -> Trial {
    let studied_after = |start: Day, days: i64| studied.iter().any(|d| *d >= start + days);
    let Some(start) = started.filter(|s| studied_after(*s, 0)) else {
        return Trial {
            stage: TrialStage::NotStarted,
            started: None,
            says: "No trial yet: `codedrill trial` is a guided 15-minute first session with checks after 1 and 3 days."
                .into(),
        };
    };
    let (stage, says) = if studied_after(start, CHECK_DAYS[1]) {
        (
            TrialStage::Complete,
            "Trial complete: first session, 1-day check and 3-day check all done.".to_owned(),
        )
    } else if studied_after(start, CHECK_DAYS[0]) {
        let wait = (start + CHECK_DAYS[1] - today).max(0);
        (
            TrialStage::OneDayCheck,
            match wait {
                0 => {
                    "Trial: 1-day check done; the 3-day check is due: run `codedrill trial`.".into()
                }
                n => format!(
                    "Trial: 1-day check done; the 3-day check opens in {} (at 4 am).",
                    plural(n, "day")
                ),
            },
        )
    } else {
        (
            TrialStage::FirstDay,
            if today > start {
                "Trial: first session done; the 1-day check is due: run `codedrill trial`.".into()
            } else {
                "Trial: first session done; the 1-day check opens at 4 am on the next study day."
                    .into()
            },
        )
    };
    Trial {
        stage,
        started: Some(start),
        says,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trial_without_answers_has_not_begun_and_checks_follow_the_days_studied() {
        let stage = |studied: &[Day], today| trial_stage(Some(10), studied, today).stage;
        assert_eq!(stage(&[], 10), TrialStage::NotStarted);
        assert_eq!(
            stage(&[9], 11),
            TrialStage::NotStarted,
            "answers from before"
        );
        assert_eq!(stage(&[10], 10), TrialStage::FirstDay);
        assert_eq!(stage(&[10, 12], 12), TrialStage::OneDayCheck);
        assert_eq!(stage(&[10, 11, 13], 13), TrialStage::Complete);
        assert!(
            trial_stage(Some(10), &[10, 11], 11)
                .says
                .contains("in 2 days")
        );
    }
}
