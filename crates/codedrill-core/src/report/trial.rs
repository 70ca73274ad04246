//! Where the trial stands: the first session, the 1-day check, the 3-day check.

use crate::day::Day;
use crate::words::plural;

use super::{Trial, TrialStage};

/// Where the trial stands, from the days studied: the first session, the 1-day check, the 3-day check.
pub fn trial_stage(started: Option<Day>, studied: &[Day], today: Day) -> Trial {
    let Some(start) = started else {
        return Trial {
            stage: TrialStage::NotStarted,
            started: None,
            says: "No trial yet: `codedrill trial` is a guided 15-minute first session with checks after 1 and 3 days."
                .into(),
        };
    };
    let studied_after = |days: i64| studied.iter().any(|d| *d >= start + days);
    let (stage, says) = if studied_after(3) {
        (
            TrialStage::Complete,
            "Trial complete: first session, 1-day check and 3-day check all done.".to_owned(),
        )
    } else if studied_after(1) {
        let wait = (start + 3 - today).max(0);
        (
            TrialStage::OneDayCheck,
            match wait {
                0 => {
                    "Trial: 1-day check done; the 3-day check is due today: run `codedrill trial`.".into()
                }
                n => format!(
                    "Trial: 1-day check done; come back in {} for the 3-day check.",
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
                "Trial: first session done; come back tomorrow (after 4 am) for the 1-day check.".into()
            },
        )
    };
    Trial {
        stage,
        started: Some(start),
        says,
    }
}
