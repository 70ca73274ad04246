//! "In short": the answer first. Three to five sentences, each a verdict from a rule printed beside it,
//! with the same rounded figures the rule compares; where the evidence is thin, what to do and when.
//! Never an aptitude score.

use super::sections::{REFERENCE, factor, rounded};
use super::{
    ENOUGH, Enjoyment, Evidence, Fit, Precision, Retention, Roles, Speed, SpeedTrend, Topic,
    Verdict, percent, seconds, whole_percent,
};
use crate::memory::MIN_DELAYED;

/// The delayed answers a memory verdict needs.
const MEMORY_ANSWERS: u64 = 30;
/// The typed codes a precision verdict needs.
const PRECISION_CODES: u64 = 30;
/// At most this many sentences.
const MAX: usize = 5;

pub(super) fn in_short(
    evidence: &Evidence,
    retention: &Retention,
    precision: &Precision,
    roles: &Roles,
    speed: &Speed,
    enjoyment: &Enjoyment,
) -> Vec<Verdict> {
    if evidence.answers == 0 {
        return vec![nothing_yet()];
    }
    let mut out: Vec<Verdict> = Vec::new();
    let known = [
        memory(evidence, retention),
        precision_verdict(precision),
        material(roles),
    ];
    if evidence.enough {
        out.extend(known.into_iter().map(Known::either));
    } else {
        // Thin evidence: one sentence on what to do and when, then only what is already known.
        out.push(too_early(evidence));
        out.extend(known.into_iter().filter_map(Known::known));
    }
    out.extend(speed_verdict(speed));
    out.extend(enjoyment_verdict(enjoyment));
    out.truncate(MAX);
    out
}

/// A verdict, or what is still missing for one.
enum Known {
    Yes(Verdict),
    NotYet(Verdict),
}

impl Known {
    fn either(self) -> Verdict {
        match self {
            Known::Yes(v) | Known::NotYet(v) => v,
        }
    }

    fn known(self) -> Option<Verdict> {
        match self {
            Known::Yes(v) => Some(v),
            Known::NotYet(_) => None,
        }
    }
}

fn nothing_yet() -> Verdict {
    Verdict {
        topic: Topic::Evidence,
        says: "No answers yet. Start with `codedrill trial`: a guided 15-minute session, then two short checks \
               after 1 and 3 days, and this report gives its first read."
            .into(),
        rule: "a read needs 3 study days, 100 answers and 30 answers a day or more after learning",
    }
}

/// How many more study days of about 20 minutes it takes to reach `need` answers of a kind, at the
/// learner's own pace so far (or 10 a day before there is one).
fn days_for(need: u64, have: u64, study_days: u64) -> u64 {
    let per_day = have.checked_div(study_days).unwrap_or(0).max(10);
    need.saturating_sub(have).div_ceil(per_day).max(1)
}

fn more_days(n: u64) -> String {
    match n {
        1 => "one more day".into(),
        2 => "two more days".into(),
        3 => "three more days".into(),
        n => format!("{n} more days"),
    }
}

fn too_early(e: &Evidence) -> Verdict {
    let days = ENOUGH.0.saturating_sub(e.study_days).max(days_for(
        ENOUGH.2,
        e.delayed_answers,
        e.study_days,
    ));
    Verdict {
        topic: Topic::Evidence,
        says: format!(
            "Too early for a read: you have {} study days and {} answers a day or more after learning. {} \
             of about 20 minutes (`codedrill` each day) will tell.",
            e.study_days,
            e.delayed_answers,
            capitalised(&more_days(days))
        ),
        rule: "a read needs 3 study days, 100 answers and 30 answers a day or more after learning",
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn memory(evidence: &Evidence, retention: &Retention) -> Known {
    let rule = "your memory factor (30 or more answers a day or more apart) against people in a large study \
                of Anki users: longer or shorter only when its whole likely range is above or below 1";
    let Some(m) = retention
        .memory
        .as_ref()
        .filter(|m| m.reviews as u64 >= MEMORY_ANSWERS)
    else {
        let have = retention.recalled.total;
        let days = days_for(
            MEMORY_ANSWERS.max(MIN_DELAYED as u64),
            have,
            evidence.study_days,
        );
        return Known::NotYet(Verdict {
            topic: Topic::Memory,
            says: format!(
                "Memory: not known yet ({have} of the {MEMORY_ANSWERS} answers a day or more apart it needs); \
                 {} of drilling will tell.",
                more_days(days)
            ),
            rule,
        });
    };
    let figures = format!(
        "memory factor {}, likely {} to {}",
        factor(m.factor),
        factor(m.factor_low),
        factor(m.factor_high)
    );
    let says = if rounded(m.factor_low) > 1.0 {
        format!("New codes stay with you longer than for {REFERENCE} ({figures}).")
    } else if rounded(m.factor_high) < 1.0 {
        format!(
            "New codes fade sooner for you than for {REFERENCE} ({figures}): a few more short reviews in \
             the first week make up for it, and coders look codes up anyway."
        )
    } else {
        format!("Your memory for new codes is typical: about as long as {REFERENCE} ({figures}).")
    };
    Known::Yes(Verdict {
        topic: Topic::Memory,
        says,
        rule,
    })
}

fn precision_verdict(p: &Precision) -> Known {
    let rule = "slips of typing per code typed (30 or more; blanks are not slips): 5% or fewer is careful, \
                10% or more is frequent";
    let Some(rate) = p.slip_rate.filter(|_| p.typed >= PRECISION_CODES) else {
        return Known::NotYet(Verdict {
            topic: Topic::Precision,
            says: format!(
                "Precision: not known yet ({} of the {PRECISION_CODES} typed codes it needs); type your \
                 answers in the drill rather than choosing or flipping.",
                p.typed
            ),
            rule,
        });
    };
    let pct = whole_percent(rate);
    let figures = format!(
        "{} of {} typed, {}",
        p.slips,
        crate::words::plural(p.typed as i64, "code"),
        percent(Some(rate))
    );
    let says = if pct <= 5 {
        format!("Careful: you rarely mistype a code you know ({figures}).")
    } else if pct >= 10 {
        format!(
            "Frequent slips: you often mistype codes you know ({figures}). Coding asks for every character; \
             checking each code once before Enter is the habit that fixes it."
        )
    } else {
        format!("Occasional slips: now and then you mistype a code you know ({figures}).")
    };
    Known::Yes(Verdict {
        topic: Topic::Precision,
        says,
        rule,
    })
}

fn material(roles: &Roles) -> Known {
    let (c, b) = (&roles.coder, &roles.biller);
    let memories = c.memory.as_ref().zip(b.memory.as_ref());
    let figures = memories.map_or_else(String::new, |(c, b)| {
        format!(
            " (memory factor {} for codes, {} for billing)",
            factor(c.factor),
            factor(b.factor)
        )
    });
    let says = match roles.fit {
        Fit::Coder => format!("Code material suits you better than billing so far{figures}."),
        Fit::Biller => format!("Billing material suits you better than codes so far{figures}."),
        Fit::NoClearDifference => format!(
            "No clear difference between code and billing material yet{figures}; many jobs combine both."
        ),
        Fit::TooEarly => format!(
            "Coder or biller: too early to compare ({} of the {MIN_DELAYED} answers a day or more apart \
             each kind needs for billing, {} for codes). Drill the billing deck alone for three days \
             (`codedrill drill --deck billing`) to tell.",
            b.recalled.total, c.recalled.total
        ),
    };
    let verdict = Verdict {
        topic: Topic::Material,
        says,
        rule: "each kind's memory factor (20 or more answers a day or more apart each), and its slips per code \
               typed: clearly better only when the likely ranges do not overlap",
    };
    match roles.fit {
        Fit::TooEarly => Known::NotYet(verdict),
        _ => Known::Yes(verdict),
    }
}

fn speed_verdict(speed: &Speed) -> Option<Verdict> {
    let early = speed.early_median_ms?;
    let median = speed.median_right_code_ms?;
    let change = match speed.trend {
        SpeedTrend::Faster => format!("faster than in your first days ({})", seconds(early)),
        SpeedTrend::Slower => format!(
            "slower than in your first days ({}; harder cards come up as you go, so this is common)",
            seconds(early)
        ),
        _ => format!("as quick as in your first days ({})", seconds(early)),
    };
    Some(Verdict {
        topic: Topic::Speed,
        says: format!(
            "A right code takes you {} (median), {change}.",
            seconds(median)
        ),
        rule: "median time of a right code, first third of study days against the last third: 10% or more \
               quicker is faster, 10% or more slower is slower",
    })
}

fn enjoyment_verdict(e: &Enjoyment) -> Option<Verdict> {
    let mean = e.mean.filter(|_| e.rated_sessions >= 2)?;
    let shown = format!(
        "{mean:.1} of 5 over {}",
        crate::words::plural(e.rated_sessions as i64, "session")
    );
    let rounded = (mean * 10.0).round() / 10.0;
    let says = if rounded >= 4.0 {
        format!("You enjoyed the work ({shown}): that matters as much as any figure here.")
    } else if rounded <= 2.0 {
        format!(
            "You did not enjoy it ({shown}); liking the daily work matters as much as the figures, so try the \
             billing deck alone before you decide."
        )
    } else {
        format!("You found it neither a joy nor a chore ({shown}).")
    };
    Some(Verdict {
        topic: Topic::Enjoyment,
        says,
        rule: "your session ratings (2 or more): 4 or above enjoyed, 2 or below not",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_days_needed_follow_the_learners_own_pace() {
        assert_eq!(days_for(30, 0, 0), 3, "10 a day before there is a pace");
        assert_eq!(days_for(30, 20, 2), 1);
        assert_eq!(days_for(30, 40, 2), 1, "at least one more day");
        assert_eq!(more_days(3), "three more days");
        assert_eq!(capitalised("three more days"), "Three more days");
    }
}
