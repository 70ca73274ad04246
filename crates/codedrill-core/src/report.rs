//! The fit report: "does memorizing and applying codes suit me, and coder or biller?", answered from the
//! learner's own figures with transparent rules, never an aptitude score. Pure: statistics in, a report
//! out (serialised as the documented JSON, or written for a terminal).

use serde::Serialize;

use crate::day::Day;
use crate::deck::Role;
use crate::memory::MemoryComparison;
use crate::mistake::MistakeClass;
use crate::stats::{PassRate, Summary};

/// The JSON schema's version: raised only when a field changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 1;

/// The least evidence for a read: study days, answers, delayed answers.
pub const ENOUGH: (u64, u64, u64) = (3, 100, 30);
/// Evidence that makes the read firm.
pub const FIRM: (u64, u64) = (7, 150);

crate::vocab::vocabulary! {
    /// Where the trial stands.
    pub enum TrialStage {
        NotStarted = "not-started",
        FirstDay = "first-day",
        OneDayCheck = "one-day-check",
        Complete = "complete",
    }
}

crate::vocab::vocabulary! {
    /// How the median time of a right code answer moved over the study days.
    pub enum SpeedTrend {
        Faster = "faster",
        Slower = "slower",
        Steady = "steady",
        /// Too few days to tell.
        Unknown = "unknown",
    }
}

crate::vocab::vocabulary! {
    /// What kind of session: a scheduled drill, or practice outside the schedule.
    pub enum SessionKind {
        Drill = "drill",
        Cram = "cram",
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub generated_at: String,
    pub trial: Trial,
    pub evidence: Evidence,
    pub learning: Learning,
    pub retention: Retention,
    pub precision: Precision,
    pub speed: Speed,
    pub steadiness: Steadiness,
    pub enjoyment: Enjoyment,
    pub roles: Roles,
    pub suggestions: Vec<Finding>,
    pub caveats: Vec<String>,
    pub next_steps: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Trial {
    pub stage: TrialStage,
    pub started: Option<Day>,
    pub says: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evidence {
    pub study_days: u64,
    pub answers: u64,
    pub delayed_answers: u64,
    pub enough: bool,
    pub firm: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Learning {
    pub cards_learned: u64,
    pub study_minutes: f64,
    pub learned_per_10_minutes: Option<f64>,
    pub answers_per_card_learned: Option<f64>,
    pub says: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Retention {
    pub delayed: PassRate,
    pub rate: Option<f64>,
    pub memory: Option<MemoryComparison>,
    pub says: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClassCount {
    pub class: MistakeClass,
    pub label: &'static str,
    pub count: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Precision {
    pub code_answers: PassRate,
    pub accuracy: Option<f64>,
    pub detail_slips: u64,
    /// Detail slips per code answer typed.
    pub detail_slip_rate: Option<f64>,
    pub classes: Vec<ClassCount>,
    pub says: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Speed {
    pub median_right_code_ms: Option<i64>,
    pub early_median_ms: Option<i64>,
    pub late_median_ms: Option<i64>,
    pub trend: SpeedTrend,
    pub says: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Steadiness {
    pub study_days: u64,
    pub days_since_start: u64,
    pub current_streak: u64,
    pub longest_streak: u64,
    pub sessions: u64,
    pub sessions_finished: u64,
    pub says: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Enjoyment {
    pub rated_sessions: u64,
    pub mean: Option<f64>,
    pub says: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RoleFigures {
    pub answers: u64,
    pub accuracy: Option<f64>,
    pub delayed: PassRate,
    pub retention: Option<f64>,
    pub enjoyment: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Roles {
    /// Code sets and medical terminology: the coder's material.
    pub coder: RoleFigures,
    /// The billing and revenue-cycle deck: the biller's material.
    pub biller: RoleFigures,
    /// Whether sessions were mostly one kind of material, so enjoyment can be told apart.
    pub enjoyment_separable: bool,
    pub says: String,
}

/// One rule of "what this suggests", with the rule itself shown so the learner can check it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub when: &'static str,
    pub says: String,
}

/// A session, as the report reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRow {
    pub id: i64,
    pub kind: SessionKind,
    pub started: chrono::DateTime<chrono::Utc>,
    pub ended: chrono::DateTime<chrono::Utc>,
    pub answered: i64,
    pub finished: bool,
    pub enjoyment: Option<u8>,
}

/// Everything the report needs, gathered by the caller.
pub struct Inputs<'a> {
    pub summary: &'a Summary,
    pub memory: Option<MemoryComparison>,
    pub sessions: &'a [SessionRow],
    pub trial_started: Option<Day>,
    pub generated_at: String,
}

pub fn build(inputs: &Inputs) -> Report {
    let s = inputs.summary;
    let today = s.today;
    let evidence = Evidence {
        study_days: s.study_days,
        answers: s.overall.answers,
        delayed_answers: s.overall.delayed.total,
        enough: s.study_days >= ENOUGH.0
            && s.overall.answers >= ENOUGH.1
            && s.overall.delayed.total >= ENOUGH.2,
        firm: s.study_days >= FIRM.0 && s.overall.delayed.total >= FIRM.1,
    };
    let studied: Vec<Day> = s
        .days
        .iter()
        .filter(|d| d.answers > 0)
        .map(|d| d.day)
        .collect();
    let trial = trial_stage(inputs.trial_started, &studied, today);
    let learning = learning(s);
    let retention = retention(s, inputs.memory.as_ref());
    let precision = precision(s);
    let speed = speed(s);
    let steadiness = steadiness(s, inputs.sessions, today);
    let enjoyment = enjoyment(inputs.sessions);
    let roles = roles(s, inputs.sessions);
    let suggestions = if evidence.enough {
        suggestions(&retention, &precision, &speed, &enjoyment, &roles)
    } else {
        Vec::new()
    };
    Report {
        schema_version: SCHEMA_VERSION,
        generated_at: inputs.generated_at.clone(),
        caveats: caveats(&evidence),
        next_steps: next_steps(&evidence, &trial, &roles),
        trial,
        evidence,
        learning,
        retention,
        precision,
        speed,
        steadiness,
        enjoyment,
        roles,
        suggestions,
    }
}

fn percent(rate: Option<f64>) -> String {
    rate.map_or("-".into(), |r| format!("{:.0}%", r * 100.0))
}

fn seconds(ms: i64) -> String {
    format!("{:.1} s", ms as f64 / 1000.0)
}

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
                    "1-day check done; the 3-day check is due today: run `codedrill trial`.".into()
                }
                n => format!("1-day check done; come back in {n} day(s) for the 3-day check."),
            },
        )
    } else {
        (
            TrialStage::FirstDay,
            if today > start {
                "First session done; the 1-day check is due: run `codedrill trial`.".into()
            } else {
                "First session done; come back tomorrow (after 4 am) for the 1-day check.".into()
            },
        )
    };
    Trial {
        stage,
        started: Some(start),
        says,
    }
}

fn learning(s: &Summary) -> Learning {
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

fn retention(s: &Summary, memory: Option<&MemoryComparison>) -> Retention {
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

fn precision(s: &Summary) -> Precision {
    let g = &s.overall;
    let detail_slips: u64 = g
        .code_mistakes
        .iter()
        .filter(|(class, _)| class.is_detail_slip())
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
                .filter(|c| c.class.is_detail_slip())
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

fn speed(s: &Summary) -> Speed {
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

fn steadiness(s: &Summary, sessions: &[SessionRow], today: Day) -> Steadiness {
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

fn enjoyment(sessions: &[SessionRow]) -> Enjoyment {
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

fn roles(s: &Summary, sessions: &[SessionRow]) -> Roles {
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

fn suggestions(
    retention: &Retention,
    precision: &Precision,
    speed: &Speed,
    enjoyment: &Enjoyment,
    roles: &Roles,
) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(m) = retention.memory.as_ref().filter(|m| m.reviews >= 30) {
        out.push(Finding {
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
    if let Some(r) = retention.rate {
        out.push(Finding {
            rule: "retention",
            when: "codes recalled a day or more later: 85% or more holds well, under 70% slips away",
            says: if r >= 0.85 {
                format!("What you learn stays: {} recalled a day or more later.", percent(Some(r)))
            } else if r < 0.7 {
                format!(
                    "Many codes slip between sessions ({} recalled a day or more later); shorter, more frequent \
                     sessions usually raise this.",
                    percent(Some(r))
                )
            } else {
                format!("Your recall a day or more later is middling ({}).", percent(Some(r)))
            },
        });
    }
    if let Some(rate) = precision
        .detail_slip_rate
        .filter(|_| precision.code_answers.total >= 30)
    {
        out.push(Finding {
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
                format!("Slips of detail are occasional ({} of code answers).", percent(Some(rate)))
            },
        });
    }
    if speed.trend != SpeedTrend::Unknown {
        out.push(Finding {
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
    if let Some(mean) = enjoyment.mean.filter(|_| enjoyment.rated_sessions >= 2) {
        out.push(Finding {
            rule: "enjoyment",
            when: "your session ratings (2 or more): 4 or above enjoyed, 2 or below disliked",
            says: if mean >= 4.0 {
                format!("You enjoyed the work ({mean:.1} of 5): that matters as much as any figure here.")
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
        out.push(Finding {
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
    out
}

fn caveats(evidence: &Evidence) -> Vec<String> {
    let mut out = vec![
        "Real coding and its exams (CPC, CCA, CCS) are open-book: coders look codes up in the current code books \
         and software. Memory buys speed and confidence, not the competency itself."
            .to_owned(),
        "No published study links flashcard recall to success as a coder. These are your own figures, not a \
         prediction and not an aptitude score."
            .to_owned(),
        "Precision is hard for everyone: even professional coders agree on only about half of full-detail \
         diagnosis codes (Stausberg 2008)."
            .to_owned(),
    ];
    if !evidence.firm {
        let days = FIRM.0.saturating_sub(evidence.study_days);
        let delayed = FIRM.1.saturating_sub(evidence.delayed_answers);
        out.push(format!(
            "The read gets firmer with more days: {} more study day(s) and {} more answers a day or more after \
             learning would firm it up.",
            days, delayed
        ));
    }
    out
}

fn next_steps(evidence: &Evidence, trial: &Trial, roles: &Roles) -> Vec<String> {
    let mut out = Vec::new();
    if !evidence.enough {
        out.push(format!(
            "Too early to say: the report needs at least {} study days, {} answers and {} answers a day or more \
             after learning (you have {}, {} and {}). Drill a little every day: `codedrill` takes 10 to 15 minutes.",
            ENOUGH.0, ENOUGH.1, ENOUGH.2, evidence.study_days, evidence.answers, evidence.delayed_answers
        ));
    }
    if !matches!(trial.stage, TrialStage::Complete | TrialStage::NotStarted) {
        out.push(trial.says.clone());
    }
    if roles.biller.answers < 30 {
        out.push("To compare coder and biller work, drill the billing deck too: `codedrill drill --deck billing`.".into());
    } else if !roles.enjoyment_separable {
        out.push(
            "To compare how each felt, do one session of billing alone and one of codes alone, and rate them."
                .into(),
        );
    }
    out
}
