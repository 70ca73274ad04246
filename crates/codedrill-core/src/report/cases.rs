//! Coding a short clinical note: the one job-like task of the drill, reported on its own and set beside
//! published figures for real work, with their limits.

use serde::Serialize;

use crate::answer::{judge, split_codes};
use crate::deck::{CardContent, Side, System};

use super::{percent, seconds};

/// One answer to a coding case: what was typed, the case's codes, how long it took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseAttempt {
    pub typed: String,
    pub codes: String,
    pub duration_ms: i64,
}

/// A published figure about real coding work, with where it comes from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Benchmark {
    pub what: &'static str,
    pub per_hour: f64,
    pub source: &'static str,
}

/// What real coding is measured in. The notes in the drill are far shorter than real records, so these
/// are context, never a standard to meet.
pub const BENCHMARKS: [Benchmark; 3] = [
    Benchmark {
        what: "E/M office visits",
        per_hour: 12.0,
        source: "median answer in a poll of 255 professional coders",
    },
    Benchmark {
        what: "inpatient records",
        per_hour: 3.0,
        source: "AHIMA productivity figures",
    },
    Benchmark {
        what: "CPC exam questions (100 in 4 hours, open book, 70% to pass)",
        per_hour: 25.0,
        source: "AAPC",
    },
];

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cases {
    /// Cases answered (a blank answer counts: the case was tried).
    pub tried: u64,
    /// Cases with every code right and nothing extra.
    pub fully_right: u64,
    /// Codes the cases asked for, and how many of them were given.
    pub codes_asked: u64,
    pub codes_right: u64,
    pub codes_missing: u64,
    /// Codes given that the cases did not ask for.
    pub codes_extra: u64,
    pub median_seconds: Option<f64>,
    /// Cases an hour at that median pace.
    pub per_hour: Option<f64>,
    pub benchmarks: Vec<Benchmark>,
    pub says: String,
}

pub(super) fn cases(attempts: &[CaseAttempt]) -> Cases {
    let mut out = Cases {
        tried: attempts.len() as u64,
        fully_right: 0,
        codes_asked: 0,
        codes_right: 0,
        codes_missing: 0,
        codes_extra: 0,
        median_seconds: None,
        per_hour: None,
        benchmarks: BENCHMARKS.to_vec(),
        says: String::new(),
    };
    for attempt in attempts {
        let card = CardContent::new(&attempt.codes, "", System::Case);
        let verdict = judge(&card, Side::Code, &attempt.typed);
        let right = verdict.parts.iter().filter(|(_, found)| *found).count() as u64;
        out.fully_right += u64::from(verdict.correct);
        out.codes_asked += split_codes(&attempt.codes).count() as u64;
        out.codes_right += right;
        out.codes_missing += verdict.parts.len() as u64 - right;
        out.codes_extra += verdict.extra.len() as u64;
    }
    let mut times: Vec<i64> = attempts.iter().map(|a| a.duration_ms).collect();
    times.sort_unstable();
    out.median_seconds = times.get(times.len() / 2).map(|ms| *ms as f64 / 1000.0);
    out.per_hour = out.median_seconds.filter(|s| *s > 0.0).map(|s| 3600.0 / s);
    out.says = says(&out);
    out
}

fn says(c: &Cases) -> String {
    if c.tried == 0 {
        return "No coding cases answered yet: they come with the other decks (`codedrill drill --deck cases` \
                drills them alone)."
            .into();
    }
    let mut text = format!(
        "You coded {} of {} cases fully right ({}); of the {} codes they asked for you gave {} ({}), \
         missed {}, and added {} they did not ask for.",
        c.fully_right,
        c.tried,
        percent(Some(c.fully_right as f64 / c.tried as f64)),
        c.codes_asked,
        c.codes_right,
        percent((c.codes_asked > 0).then(|| c.codes_right as f64 / c.codes_asked as f64)),
        c.codes_missing,
        c.codes_extra
    );
    if let (Some(median), Some(per_hour)) = (c.median_seconds, c.per_hour) {
        text.push_str(&format!(
            " A case takes you {} (median), about {per_hour:.0} an hour. For context only (these notes are \
             much shorter than real records, and real coders look codes up): ",
            seconds((median * 1000.0) as i64)
        ));
        let context: Vec<String> = c
            .benchmarks
            .iter()
            .map(|b| format!("{} about {:.0} an hour ({})", b.what, b.per_hour, b.source))
            .collect();
        text.push_str(&context.join("; "));
        text.push('.');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(typed: &str, codes: &str, seconds: i64) -> CaseAttempt {
        CaseAttempt {
            typed: typed.into(),
            codes: codes.into(),
            duration_ms: seconds * 1000,
        }
    }

    #[test]
    fn cases_count_codes_right_missing_and_extra() {
        let c = cases(&[
            attempt("E11.9 I10", "E11.9 I10", 40),
            attempt("E11.9 Z79.4", "E11.9 I10", 60),
            attempt("", "99213 J06.9", 30),
        ]);
        assert_eq!((c.tried, c.fully_right), (3, 1));
        assert_eq!(
            (c.codes_asked, c.codes_right, c.codes_missing, c.codes_extra),
            (6, 3, 3, 1)
        );
        assert_eq!(c.median_seconds, Some(40.0));
        assert_eq!(c.per_hour, Some(90.0));
        assert!(
            c.says
                .starts_with("You coded 1 of 3 cases fully right (33%)"),
            "{}",
            c.says
        );
        assert!(c.says.contains("about 90 an hour"), "{}", c.says);
        assert!(cases(&[]).says.starts_with("No coding cases answered yet"));
    }
}
