//! The report's seven sections, each worked out from the statistics with the sentence that says it.

use crate::day::Day;
use crate::deck::Role;
use crate::memory::MemoryComparison;
use crate::mistake::MistakeClass;
use crate::stats::Summary;
use crate::words::plural;

use super::{
    ClassCount, Enjoyment, Fit, Learning, Memories, Precision, Retention, RoleFigures, Roles,
    SessionRow, Speed, SpeedTrend, Steadiness, of, percent, seconds,
};

/// What a section says before the first answer: where to begin, not when to come back.
const NO_ANSWERS: &str =
    "No answers yet: run `codedrill trial` to begin (or `codedrill` to drill right away).";

pub(super) fn learning(s: &Summary) -> Learning {
    let g = &s.overall;
    let per_10 = g.learned_per_10_minutes();
    let per_card = g.answers_per_card_learned();
    let says = match (per_10, per_card) {
        (Some(r), Some(a)) => format!(
            "You brought {} to a first right answer a day or more later: {r:.1} cards per 10 minutes \
             of study, {a:.1} answers per card on the way.",
            plural(g.learned as i64, "new card")
        ),
        _ if g.answers == 0 => NO_ANSWERS.into(),
        _ => "No card has been recalled a day after learning it yet: come back tomorrow.".into(),
    };
    Learning {
        cards_learned: g.learned,
        study_minutes: g.study_ms as f64 / 60_000.0,
        learned_per_10_minutes: per_10,
        answers_per_card_learned: per_card,
        says,
    }
}

/// Who the memory figures are compared with, in the words every sentence uses.
pub(super) const REFERENCE: &str = "people in a large study of Anki users, studying all kinds of material, not coding in particular";

pub(super) fn retention(s: &Summary, memory: Option<&MemoryComparison>) -> Retention {
    let recalled = s.overall.recalled;
    let memory = memory.cloned();
    let mut says = match recalled.rate() {
        Some(_) => format!(
            "A day or more after an answer you recalled {} of {} ({}; a code recalled but mistyped \
             counts as recalled here, and as a slip under precision).",
            recalled.passed,
            plural(recalled.total as i64, "code"),
            percent(recalled.rate())
        ),
        None if s.overall.answers == 0 => NO_ANSWERS.into(),
        None => "No answers a day or more apart yet: the retention check starts tomorrow.".into(),
    };
    if let Some(m) = &memory {
        says.push_str(&format!(
            " Your memory factor is {} (likely {} to {}): after you first recall a code a day later, it stays \
             at 90% recall or better for {} for you, and for {} for {REFERENCE}, answering the same way. (Of \
             your {} answers a day or more apart you recalled {}; they would be expected to recall {:.0}.)",
            factor(m.factor),
            factor(m.factor_low),
            factor(m.factor_high),
            days(m.personal_days),
            days(m.typical_days),
            m.reviews,
            m.recalled,
            m.expected
        ));
    }
    Retention {
        delayed: s.overall.delayed,
        recalled,
        rate: recalled.rate(),
        memory,
        says,
    }
}

/// A memory factor as printed and as the rules compare it: two decimals.
pub(super) fn factor(f: f64) -> String {
    format!("{:.2}", rounded(f))
}

/// A factor rounded to two decimals, so a rule never contradicts the figure beside it.
pub(super) fn rounded(f: f64) -> f64 {
    (f * 100.0).round() / 100.0
}

/// A span of days in words: "about 4.2 days", "less than a day".
fn days(d: f64) -> String {
    if d < 1.0 {
        "less than a day".into()
    } else {
        format!("about {d:.1} days")
    }
}

pub(super) fn precision(s: &Summary, overrides: u64) -> Precision {
    let g = &s.overall;
    let blank = g
        .code_mistakes
        .get(&MistakeClass::NoAnswer)
        .copied()
        .unwrap_or(0);
    let typed = g.code_answers.total.saturating_sub(blank);
    let slips = slips_in(&g.code_mistakes);
    let slip_rate = (typed > 0).then(|| slips as f64 / typed as f64);
    let classes: Vec<ClassCount> = MistakeClass::ALL
        .iter()
        .filter(|class| **class != MistakeClass::NoAnswer)
        .filter_map(|&class| {
            g.code_mistakes.get(&class).map(|&count| ClassCount {
                class,
                label: class.label(),
                kind: class.kind(),
                count,
            })
        })
        .collect();
    let says = if typed == 0 {
        "No codes typed yet (blank, multiple-choice and flip answers are not counted here).".into()
    } else {
        let mut text = format!(
            "Of the {typed} codes you typed, {} were exact; {slips} ({}) had a slip of typing (you knew \
             the code and mistyped it). {blank} more were left blank (not known, so not counted as slips).",
            g.code_answers.passed,
            percent(slip_rate),
        );
        if let Some(top) = classes.iter().max_by_key(|c| c.count) {
            text.push_str(&format!(
                " The most common miss: {} ({}).",
                top.label, top.count
            ));
        }
        text
    };
    let mut says: String = says;
    if overrides > 0 {
        says.push_str(&format!(
            " You counted {} of a meaning as right yourself (:r); they count as right everywhere.",
            crate::words::plural(overrides as i64, "wrong answer")
        ));
    }
    Precision {
        code_answers: g.code_answers,
        accuracy: g.code_answers.rate(),
        typed,
        blank,
        slips,
        slip_rate,
        classes,
        overrides,
        says,
    }
}

/// The slips of typing among misses counted by class.
fn slips_in(mistakes: &std::collections::BTreeMap<MistakeClass, u64>) -> u64 {
    mistakes
        .iter()
        .filter(|(class, _)| class.is_slip())
        .map(|(_, n)| n)
        .sum()
}

pub(super) fn speed(s: &Summary) -> Speed {
    let trend = s.speed_trend();
    let (early, late) = trend.map_or((None, None), |(e, l, _)| (Some(e), Some(l)));
    let label = match trend {
        None => SpeedTrend::Unknown,
        Some((e, l, _)) if (l as f64) <= e as f64 * 0.9 => SpeedTrend::Faster,
        Some((e, l, _)) if (l as f64) >= e as f64 * 1.1 => SpeedTrend::Slower,
        Some(_) => SpeedTrend::Steady,
    };
    let mut says: String = match (s.median_right_code_ms, trend) {
        (None, _) => "No right code answers timed yet.".into(),
        (Some(m), None) => format!(
            "A right code takes you {} (median); the trend shows after 3 days.",
            seconds(m)
        ),
        (Some(m), Some((e, l, n))) => format!(
            "A right code takes you {} (median); over {n} days you went from {} to {} ({label}).",
            seconds(m),
            seconds(e),
            seconds(l)
        ),
    };
    if s.median_right_code_ms.is_some() {
        // Something to compare with: recalling one code is a small part of coding a record.
        says.push_str(
            " For context: the CPC exam allows about 2.4 minutes a question, with the code books open.",
        );
    }
    Speed {
        median_right_code_ms: s.median_right_code_ms,
        early_median_ms: early,
        late_median_ms: late,
        trend: label,
        says,
    }
}

pub(super) fn steadiness(s: &Summary, sessions: &[SessionRow], today: Day) -> Steadiness {
    let since = s.first_day.map_or(0, |f| (today - f + 1).max(0) as u64);
    let finished = sessions.iter().filter(|x| x.finished).count() as u64;
    let says = format!(
        "You studied on {} out of {since} since you began; current streak {}, longest {}; you finished \
         {finished} of {}.",
        plural(s.study_days as i64, "day"),
        plural(s.current_streak as i64, "day"),
        s.longest_streak,
        plural(sessions.len() as i64, "session")
    );
    Steadiness {
        study_days: s.study_days,
        days_since_start: since,
        current_streak: s.current_streak,
        longest_streak: s.longest_streak,
        sessions: sessions.len() as u64,
        sessions_finished: finished,
        says,
    }
}

pub(super) fn enjoyment(sessions: &[SessionRow]) -> Enjoyment {
    let rated: Vec<f64> = sessions
        .iter()
        .filter_map(|s| s.enjoyment.map(f64::from))
        .collect();
    let mean = (!rated.is_empty()).then(|| rated.iter().sum::<f64>() / rated.len() as f64);
    let says = match mean {
        Some(m) => format!(
            "You rated {} {m:.1} out of 5 on average.",
            plural(rated.len() as i64, "session")
        ),
        None => {
            "No sessions rated yet: answer \"how did that feel?\" at the end of a session.".into()
        }
    };
    Enjoyment {
        rated_sessions: rated.len() as u64,
        mean,
        says,
    }
}

pub(super) fn roles(s: &Summary, memory: &Memories, sessions: &[SessionRow]) -> Roles {
    let figures = |roles: &[Role], memory: &Option<MemoryComparison>| -> RoleFigures {
        let g = s.roles(roles);
        let blank = g
            .code_mistakes
            .get(&MistakeClass::NoAnswer)
            .copied()
            .unwrap_or(0);
        RoleFigures {
            answers: g.answers,
            accuracy: g.accuracy(),
            delayed: g.delayed,
            recalled: g.recalled,
            retention: g.recalled.rate(),
            memory: memory.clone(),
            typed: g.code_answers.total.saturating_sub(blank),
            slips: slips_in(&g.code_mistakes),
            enjoyment: enjoyment_of(s, sessions, roles),
        }
    };
    let coder = figures(&[Role::Coding, Role::Terminology], &memory.coder);
    let biller = figures(&[Role::Billing], &memory.biller);
    let separable = mostly(s, sessions, &[Role::Coding, Role::Terminology])
        && mostly(s, sessions, &[Role::Billing]);
    let fit = fit(&coder, &biller);
    let says = format!(
        "Code and terminology material: {}. Billing material: {}.",
        role_says(&coder),
        role_says(&biller)
    );
    Roles {
        coder,
        biller,
        enjoyment_separable: separable,
        fit,
        says,
    }
}

/// One kind of material's figures in a sentence, each with its count.
fn role_says(r: &RoleFigures) -> String {
    if r.answers == 0 {
        return "not drilled yet".into();
    }
    let mut out = format!(
        "{} answers, {} recalled a day or more later",
        r.answers,
        of(r.recalled.passed, r.recalled.total)
    );
    if let Some(m) = &r.memory {
        out.push_str(&format!(
            ", memory factor {} (likely {} to {})",
            factor(m.factor),
            factor(m.factor_low),
            factor(m.factor_high)
        ));
    }
    if r.typed > 0 {
        out.push_str(&format!(", slips on {} codes typed", of(r.slips, r.typed)));
    }
    out
}

/// Which material suits the learner: one side is clearly better only when its likely range (memory
/// factor, or 95% range of the slip rate) does not overlap the other's.
pub(super) fn fit(coder: &RoleFigures, biller: &RoleFigures) -> Fit {
    let (Some(c), Some(b)) = (&coder.memory, &biller.memory) else {
        return Fit::TooEarly;
    };
    let memory = if rounded(c.factor_low) > rounded(b.factor_high) {
        Some(Fit::Coder)
    } else if rounded(b.factor_low) > rounded(c.factor_high) {
        Some(Fit::Biller)
    } else {
        None
    };
    let precision = match (slip_range(coder), slip_range(biller)) {
        (Some(c), Some(b)) if c.1 < b.0 => Some(Fit::Coder),
        (Some(c), Some(b)) if b.1 < c.0 => Some(Fit::Biller),
        _ => None,
    };
    match (memory, precision) {
        (Some(a), Some(b)) if a != b => Fit::NoClearDifference,
        (Some(f), _) | (None, Some(f)) => f,
        (None, None) => Fit::NoClearDifference,
    }
}

/// The 95% range of a kind's slip rate (Wilson), with 30 codes typed or more.
fn slip_range(r: &RoleFigures) -> Option<(f64, f64)> {
    (r.typed >= 30).then(|| wilson(r.slips, r.typed))
}

/// The Wilson score interval of `k` in `n` at 95%.
pub(super) fn wilson(k: u64, n: u64) -> (f64, f64) {
    let (k, n, z) = (k as f64, n as f64, 1.96f64);
    let p = k / n;
    let centre = (p + z * z / (2.0 * n)) / (1.0 + z * z / n);
    let half = z / (1.0 + z * z / n) * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    (centre - half, centre + half)
}

/// A kind of material's mean session rating: a session's rating counts in proportion to its answers.
fn enjoyment_of(s: &Summary, sessions: &[SessionRow], roles: &[Role]) -> Option<f64> {
    let (mut weight, mut sum) = (0.0, 0.0);
    for session in sessions {
        let (Some(rating), Some(mix)) = (session.enjoyment, s.session_roles.get(&session.id))
        else {
            continue;
        };
        let total: u64 = mix.values().sum();
        let part: u64 = roles.iter().map(|r| mix.get(r).copied().unwrap_or(0)).sum();
        if total > 0 {
            let w = part as f64 / total as f64;
            weight += w;
            sum += w * f64::from(rating);
        }
    }
    (weight >= 1.0).then(|| sum / weight)
}

/// Whether some rated session was mostly (80%) this kind of material: then enjoyment can tell the kinds
/// apart.
fn mostly(s: &Summary, sessions: &[SessionRow], roles: &[Role]) -> bool {
    sessions.iter().any(|x| {
        x.enjoyment.is_some()
            && s.session_roles.get(&x.id).is_some_and(|mix| {
                let total: u64 = mix.values().sum();
                let part: u64 = roles.iter().map(|r| mix.get(r).copied().unwrap_or(0)).sum();
                total > 0 && part * 10 >= total * 8
            })
    })
}
