//! The report's seven sections, each worked out from the statistics with the sentence that says it.

use crate::day::Day;
use crate::deck::Role;
use crate::memory::MemoryComparison;
use crate::mistake::{MissKind, MistakeClass};
use crate::stats::Summary;

use super::{
    ClassCount, Enjoyment, Learning, Precision, Retention, RoleFigures, Roles, SessionRow, Speed,
    SpeedTrend, Steadiness, percent, seconds,
};

pub(super) fn learning(s: &Summary) -> Learning {
    let g = &s.overall;
    let per_10 = g.learned_per_10_minutes();
    let per_card = g.answers_per_card_learned();
    let says = match (per_10, per_card) {
        (Some(r), Some(a)) => format!(
            "You brought {} new cards to a first right answer a day or more later: {r:.1} cards per 10 minutes \
             of study, {a:.1} answers per card on the way.",
            g.learned
        ),
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

pub(super) fn retention(s: &Summary, memory: Option<&MemoryComparison>) -> Retention {
    let delayed = s.overall.delayed;
    let memory = memory.cloned();
    let mut says = match delayed.rate() {
        Some(r) => format!(
            "A day or more after an answer you recalled {} of {} codes ({}).",
            delayed.passed,
            delayed.total,
            percent(Some(r))
        ),
        None => "No answers a day or more apart yet: the retention check starts tomorrow.".into(),
    };
    if let Some(m) = &memory {
        says.push_str(&format!(
            " Once you have recalled a code a day later, you keep it above 90% recall for about {:.1} days \
             (likely {:.1} to {:.1}); the typical learner in a 10,000-person study, answering the same way, \
             keeps it {:.1} days. (On your {} answers a day or more apart you recalled {}; the typical \
             learner would be expected to recall {:.0}.)",
            m.personal_days,
            m.factor_low * m.typical_days,
            m.factor_high * m.typical_days,
            m.typical_days,
            m.reviews,
            m.recalled,
            m.expected
        ));
    }
    Retention {
        delayed,
        rate: delayed.rate(),
        memory,
        says,
    }
}

pub(super) fn precision(s: &Summary) -> Precision {
    let g = &s.overall;
    let detail_slips: u64 = g
        .code_mistakes
        .iter()
        .filter(|(class, _)| class.kind() == MissKind::Slip)
        .map(|(_, n)| n)
        .sum();
    let rate =
        (g.code_answers.total > 0).then(|| detail_slips as f64 / g.code_answers.total as f64);
    let classes: Vec<ClassCount> = MistakeClass::ALL
        .iter()
        .filter_map(|&class| {
            g.mistakes.get(&class).map(|&count| ClassCount {
                class,
                label: class.label(),
                count,
            })
        })
        .collect();
    let says = match g.code_answers.rate() {
        Some(acc) => {
            let mut text = format!(
                "You typed {} of {} codes exactly ({}); {} misses were slips of detail ({} of code answers).",
                g.code_answers.passed,
                g.code_answers.total,
                percent(Some(acc)),
                detail_slips,
                percent(rate)
            );
            if let Some(top) = classes
                .iter()
                .filter(|c| c.class.kind() == MissKind::Slip)
                .max_by_key(|c| c.count)
            {
                text.push_str(&format!(" The most common: {} ({}).", top.label, top.count));
            }
            text
        }
        None => "No codes typed yet (choice and flip answers are not counted here).".into(),
    };
    Precision {
        code_answers: g.code_answers,
        accuracy: g.code_answers.rate(),
        detail_slips,
        detail_slip_rate: rate,
        classes,
        says,
    }
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
    let says = match (s.median_right_code_ms, trend) {
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
        "You studied on {} of the {} days since you began; current streak {} days, longest {}; you finished \
         {} of {} sessions.",
        s.study_days,
        since,
        s.current_streak,
        s.longest_streak,
        finished,
        sessions.len()
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
            "You rated {} sessions {m:.1} out of 5 on average.",
            rated.len()
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

pub(super) fn roles(s: &Summary, sessions: &[SessionRow]) -> Roles {
    let figures = |roles: &[Role]| -> RoleFigures {
        let g = s.roles(roles);
        // A session's rating counts for each kind of material in proportion to its answers.
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
        RoleFigures {
            answers: g.answers,
            accuracy: g.accuracy(),
            delayed: g.delayed,
            retention: g.delayed.rate(),
            enjoyment: (weight >= 1.0).then(|| sum / weight),
        }
    };
    let coder = figures(&[Role::Coding, Role::Terminology]);
    let biller = figures(&[Role::Billing]);
    // Enjoyment tells the two apart only if some rated sessions were mostly one kind and some the other.
    let mostly = |roles: &[Role]| {
        sessions.iter().any(|x| {
            x.enjoyment.is_some()
                && s.session_roles.get(&x.id).is_some_and(|mix| {
                    let total: u64 = mix.values().sum();
                    let part: u64 = roles.iter().map(|r| mix.get(r).copied().unwrap_or(0)).sum();
                    total > 0 && part * 10 >= total * 8
                })
        })
    };
    let separable = mostly(&[Role::Coding, Role::Terminology]) && mostly(&[Role::Billing]);
    let says = format!(
        "Code and terminology material: {} right, {} recalled later. Billing material: {} right, {} recalled later.",
        percent(coder.accuracy),
        percent(coder.retention),
        percent(biller.accuracy),
        percent(biller.retention)
    );
    Roles {
        coder,
        biller,
        enjoyment_separable: separable,
        says,
    }
}
