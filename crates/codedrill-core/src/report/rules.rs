//! "What this suggests": each finding comes from one printed rule, so the learner can check it.

use super::{Enjoyment, Finding, Precision, Retention, Roles, Speed, SpeedTrend, percent};

/// The findings, in the order the report lists them: each rule that has enough evidence to say something.
pub(super) fn suggestions(
    retention: &Retention,
    precision: &Precision,
    speed: &Speed,
    enjoyment: &Enjoyment,
    roles: &Roles,
) -> Vec<Finding> {
    [
        memory(retention),
        self::retention(retention),
        self::precision(precision),
        self::speed(speed),
        self::enjoyment(enjoyment),
        coder_or_biller(roles),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn memory(retention: &Retention) -> Option<Finding> {
    if let Some(m) = retention.memory.as_ref().filter(|m| m.reviews >= 30) {
        return Some(Finding {
            rule: "memory",
            when: "your memory factor (30+ answers a day or more apart) against the typical learner's on the same \
                   reviews: longer or shorter only when its whole likely range is above or below the typical",
            says: if m.factor_low > 1.0 {
                format!(
                    "You hold newly learned codes longer than the typical learner ({:.1} vs {:.1} days).",
                    m.personal_days, m.typical_days
                )
            } else if m.factor_high < 1.0 {
                format!(
                    "New codes fade faster for you than for the typical learner ({:.1} vs {:.1} days): more short \
                     reviews at the start would help, and memory counts for less in an open-book job than it seems.",
                    m.personal_days, m.typical_days
                )
            } else {
                format!(
                    "You keep new codes about as long as the typical learner ({:.1} vs {:.1} days; the figures \
                     cannot yet tell you apart).",
                    m.personal_days, m.typical_days
                )
            },
        });
    }
    None
}

fn retention(retention: &Retention) -> Option<Finding> {
    if let Some(r) = retention.rate {
        return Some(Finding {
            rule: "retention",
            when: "codes recalled a day or more later: 85% or more holds well, under 70% slips away",
            says: if r >= 0.85 {
                format!(
                    "What you learn stays: {} recalled a day or more later.",
                    percent(Some(r))
                )
            } else if r < 0.7 {
                format!(
                    "Many codes slip between sessions ({} recalled a day or more later); shorter, more frequent \
                     sessions usually raise this.",
                    percent(Some(r))
                )
            } else {
                format!(
                    "Your recall a day or more later is middling ({}).",
                    percent(Some(r))
                )
            },
        });
    }
    None
}

fn precision(precision: &Precision) -> Option<Finding> {
    if let Some(rate) = precision
        .detail_slip_rate
        .filter(|_| precision.code_answers.total >= 30)
    {
        return Some(Finding {
            rule: "precision",
            when: "slips of detail (a character swapped, wrong, missing or extra; 7th character, placeholder, \
                   side, header) per code typed: 5% or fewer is careful, 15% or more is frequent",
            says: if rate <= 0.05 {
                format!(
                    "Your misses are rarely slips of detail ({} of code answers): when you know a code, you type it exactly.",
                    percent(Some(rate))
                )
            } else if rate >= 0.15 {
                format!(
                    "Slips of detail are frequent ({} of code answers). Coding asks for every character to be \
                     right; checking each code once before moving on is the habit that fixes this, and it is \
                     worth knowing whether you would enjoy building it.",
                    percent(Some(rate))
                )
            } else {
                format!(
                    "Slips of detail are occasional ({} of code answers).",
                    percent(Some(rate))
                )
            },
        });
    }
    None
}

fn speed(speed: &Speed) -> Option<Finding> {
    if speed.trend != SpeedTrend::Unknown {
        return Some(Finding {
            rule: "speed",
            when: "median time of a right code answer, first third of study days against the last third: 10% \
                   or more quicker is faster",
            says: match speed.trend {
                SpeedTrend::Faster => "You answer faster as you go: fluency is building.".into(),
                SpeedTrend::Slower => "You answer more slowly than at first (harder cards come up as you go, so this is common).".into(),
                _ => "Your answer speed is steady.".into(),
            },
        });
    }
    None
}

fn enjoyment(enjoyment: &Enjoyment) -> Option<Finding> {
    if let Some(mean) = enjoyment.mean.filter(|_| enjoyment.rated_sessions >= 2) {
        return Some(Finding {
            rule: "enjoyment",
            when: "your session ratings (2 or more): 4 or above enjoyed, 2 or below disliked",
            says: if mean >= 4.0 {
                format!(
                    "You enjoyed the work ({mean:.1} of 5): that matters as much as any figure here."
                )
            } else if mean <= 2.0 {
                format!(
                    "You did not enjoy it ({mean:.1} of 5). Liking the daily work matters as much as the figures; \
                     the billing side is worth a try if you have not drilled it alone."
                )
            } else {
                format!("You found it neither a joy nor a chore ({mean:.1} of 5).")
            },
        });
    }
    None
}

fn coder_or_biller(roles: &Roles) -> Option<Finding> {
    let (c, b) = (&roles.coder, &roles.biller);
    if c.answers >= 30 && b.answers >= 30 {
        let acc = c
            .accuracy
            .zip(b.accuracy)
            .map(|(c, b)| c - b)
            .unwrap_or(0.0);
        let joy = c
            .enjoyment
            .zip(b.enjoyment)
            .filter(|_| roles.enjoyment_separable)
            .map(|(c, b)| c - b);
        return Some(Finding {
            rule: "coder-or-biller",
            when: "both kinds of material with 30+ answers: a 10-point accuracy gap, or (with sessions of one kind \
                   rated) a 1-point enjoyment gap",
            says: match (acc, joy) {
                (a, Some(j)) if j >= 1.0 || (a >= 0.10 && j > -1.0) => {
                    "Code material suits you better than billing so far (accuracy and enjoyment): coder work is the closer fit.".into()
                }
                (a, Some(j)) if j <= -1.0 || (a <= -0.10 && j < 1.0) => {
                    "Billing material suits you better than code material so far: biller work is the closer fit.".into()
                }
                (a, None) if a >= 0.10 => format!(
                    "You are more accurate on code material ({:.0} points); rate sessions of one kind to compare enjoyment too.",
                    a * 100.0
                ),
                (a, None) if a <= -0.10 => format!(
                    "You are more accurate on billing material ({:.0} points); rate sessions of one kind to compare enjoyment too.",
                    -a * 100.0
                ),
                _ => "No clear difference between code and billing material yet; many jobs combine both.".into(),
            },
        });
    }
    None
}
