//! The fit report: "does memorizing and applying codes suit me, and coder or biller?", answered from the
//! learner's own figures with transparent rules, never an aptitude score. Pure: statistics in, a report
//! out (serialised as the documented JSON, or written for a terminal).
//!
//! This file is the model's types, field by field as docs/json.md lists them, and `build`; the work is in
//! the submodules. Its length is the JSON schema's.

use serde::Serialize;

use crate::day::Day;
use crate::memory::MemoryComparison;
use crate::mistake::{MissKind, MistakeClass};
use crate::workload::Workload;

mod advice;
mod cases;
mod in_short;
mod index;
mod sections;
mod trial;

use crate::stats::{PassRate, Summary};
use advice::{caveats, next_steps};
pub use cases::{BENCHMARKS, Benchmark, CaseAttempt, Cases};
use in_short::in_short;
pub use index::{IndexCoding, MIN_EACH, WayFigures};
use sections::{enjoyment, learning, precision, retention, roles, speed, steadiness};
pub use trial::{CHECK_DAYS, trial_stage};

/// The JSON schema's version: raised only when a field changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 2;

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

/// The report's sections, in the order they are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Learning,
    Retention,
    Precision,
    Speed,
    Steadiness,
    Enjoyment,
    Roles,
    Cases,
    Index,
}

impl Section {
    pub const ALL: [Section; 9] = [
        Section::Learning,
        Section::Retention,
        Section::Precision,
        Section::Speed,
        Section::Steadiness,
        Section::Enjoyment,
        Section::Roles,
        Section::Cases,
        Section::Index,
    ];

    /// The heading, numbered as the report shows it.
    pub fn title(self) -> &'static str {
        match self {
            Section::Learning => "1. How fast you learn new codes",
            Section::Retention => "2. How well they stay",
            Section::Precision => "3. How precise you are",
            Section::Speed => "4. How fast you answer",
            Section::Steadiness => "5. How steady you are",
            Section::Enjoyment => "6. What you enjoyed",
            Section::Roles => "7. Coder or biller?",
            Section::Cases => "8. Coding a short note",
            Section::Index => "9. Coding with the index",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub generated_at: String,
    /// The answer first: three to five verdicts, each from a printed rule.
    pub in_short: Vec<Verdict>,
    pub trial: Trial,
    pub evidence: Evidence,
    pub learning: Learning,
    pub retention: Retention,
    pub precision: Precision,
    pub speed: Speed,
    pub steadiness: Steadiness,
    pub enjoyment: Enjoyment,
    pub roles: Roles,
    /// Coding short clinical notes, beside published figures for real work.
    pub cases: Cases,
    /// ICD-10-CM codes coded with the index at hand, beside the same codes typed from memory.
    pub index: IndexCoding,
    /// Minutes a day to learn and keep sets of codes, from this learner's memory and pace.
    pub workload: Vec<Workload>,
    pub caveats: Vec<String>,
    pub next_steps: Vec<String>,
    /// Decks set aside (`decks hide`) and left out of the report.
    pub hidden_decks: Vec<String>,
}

crate::vocab::vocabulary! {
    /// What a verdict of "In short" is about.
    pub enum Topic {
        Evidence = "evidence",
        Memory = "memory",
        Precision = "precision",
        Material = "material",
        Speed = "speed",
        Enjoyment = "enjoyment",
    }
}

/// One sentence of "In short", with the rule it comes from, so the learner can check it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Verdict {
    pub topic: Topic,
    pub says: String,
    pub rule: &'static str,
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
    /// Answers a day or more after the card's previous one, right or not.
    pub delayed: PassRate,
    /// The same answers, recalled or not (a slip of typing counts as recalled).
    pub recalled: PassRate,
    /// `recalled` as a rate.
    pub rate: Option<f64>,
    pub memory: Option<MemoryComparison>,
    pub says: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClassCount {
    pub class: MistakeClass,
    pub label: &'static str,
    /// A slip of typing (the code was recalled), a knowledge error, or too far off to say.
    pub kind: MissKind,
    pub count: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Precision {
    /// Codes asked to be typed from their descriptions (blank answers included).
    pub code_answers: PassRate,
    pub accuracy: Option<f64>,
    /// Codes typed (not left blank): what precision is measured on.
    pub typed: u64,
    /// Left blank: "I don't know", not a slip.
    pub blank: u64,
    /// Slips of typing among the codes typed.
    pub slips: u64,
    pub slip_rate: Option<f64>,
    /// The misses on typed codes by class, each with its count (blanks apart).
    pub classes: Vec<ClassCount>,
    /// Wrong meanings the learner counted as right (`:r`), which count as right everywhere else.
    pub overrides: u64,
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
    /// Recalled a day or more later (slips count as recalled).
    pub recalled: PassRate,
    pub retention: Option<f64>,
    /// This kind of material's own memory factor, with its likely range.
    pub memory: Option<MemoryComparison>,
    /// Codes typed (not blank) and the slips among them.
    pub typed: u64,
    pub slips: u64,
    pub enjoyment: Option<f64>,
}

crate::vocab::vocabulary! {
    /// Which kind of material suits the learner, on the evidence so far.
    pub enum Fit {
        Coder = "coder",
        Biller = "biller",
        NoClearDifference = "no-clear-difference",
        TooEarly = "too-early",
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Roles {
    /// Code sets and medical terminology: the coder's material.
    pub coder: RoleFigures,
    /// The billing and revenue-cycle deck: the biller's material.
    pub biller: RoleFigures,
    /// Whether sessions were mostly one kind of material, so enjoyment can be told apart.
    pub enjoyment_separable: bool,
    pub fit: Fit,
    pub says: String,
}

impl Report {
    /// The sentence that sums up one section.
    pub fn says(&self, section: Section) -> &str {
        match section {
            Section::Learning => &self.learning.says,
            Section::Retention => &self.retention.says,
            Section::Precision => &self.precision.says,
            Section::Speed => &self.speed.says,
            Section::Steadiness => &self.steadiness.says,
            Section::Enjoyment => &self.enjoyment.says,
            Section::Roles => &self.roles.says,
            Section::Cases => &self.cases.says,
            Section::Index => &self.index.says,
        }
    }
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

/// A memory comparison for all the material, and for each kind of it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Memories {
    pub all: Option<MemoryComparison>,
    pub coder: Option<MemoryComparison>,
    pub biller: Option<MemoryComparison>,
}

/// Everything the report needs, gathered by the caller.
pub struct Inputs<'a> {
    pub summary: &'a Summary,
    pub memory: Memories,
    pub sessions: &'a [SessionRow],
    pub trial_started: Option<Day>,
    pub generated_at: String,
    /// Sets of codes to cost in minutes a day: (what, how many cards).
    pub workload_sets: Vec<(String, usize)>,
    /// Every standing typed answer to a coding case.
    pub case_attempts: &'a [CaseAttempt],
    /// Wrong meanings the learner counted as right (`:r`).
    pub overrides: u64,
}

/// The report from the learner's figures.
pub fn build(inputs: &Inputs) -> Report {
    let s = inputs.summary;
    let today = s.today;
    let evidence = evidence(s);
    let studied: Vec<Day> = s
        .days
        .iter()
        .filter(|d| d.answers > 0)
        .map(|d| d.day)
        .collect();
    let trial = trial_stage(inputs.trial_started, &studied, today);
    let retention = retention(s, inputs.memory.all.as_ref());
    let precision = precision(s, inputs.overrides);
    let speed = speed(s);
    let enjoyment = enjoyment(inputs.sessions);
    let roles = roles(s, &inputs.memory, inputs.sessions);
    let workload = workload(inputs, retention.memory.as_ref());
    Report {
        schema_version: SCHEMA_VERSION,
        generated_at: inputs.generated_at.clone(),
        in_short: in_short(
            &evidence, &retention, &precision, &roles, &speed, &enjoyment,
        ),
        caveats: caveats(&evidence),
        next_steps: next_steps(&evidence, &trial, &roles),
        hidden_decks: Vec::new(),
        learning: learning(s),
        steadiness: steadiness(s, inputs.sessions, today),
        trial,
        evidence,
        retention,
        precision,
        speed,
        enjoyment,
        roles,
        cases: cases::cases(inputs.case_attempts),
        index: index::index_coding(&s.index),
        workload,
    }
}

fn evidence(s: &Summary) -> Evidence {
    Evidence {
        study_days: s.study_days,
        answers: s.overall.answers,
        delayed_answers: s.overall.delayed.total,
        enough: s.study_days >= ENOUGH.0
            && s.overall.answers >= ENOUGH.1
            && s.overall.delayed.total >= ENOUGH.2,
        firm: s.study_days >= FIRM.0 && s.overall.delayed.total >= FIRM.1,
    }
}

/// The minutes a day each set costs, once the learner's memory is known.
fn workload(inputs: &Inputs, memory: Option<&MemoryComparison>) -> Vec<Workload> {
    let Some(m) = memory else {
        return Vec::new();
    };
    let seconds = inputs
        .summary
        .median_answer_ms
        .map_or(10.0, |ms| ms as f64 / 1000.0);
    // Each set is simulated on a thread of its own: they are independent, and each takes tens of
    // milliseconds.
    std::thread::scope(|scope| {
        let runs: Vec<_> = (inputs.workload_sets.iter())
            .map(|(what, cards)| {
                scope.spawn(move || crate::workload::simulate(what, *cards, m.factor, seconds))
            })
            .collect();
        runs.into_iter()
            .filter_map(|run| run.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// A rate as a whole percentage, the way every rule compares it (so "85%" is never "under 85%").
pub(super) fn percent(rate: Option<f64>) -> String {
    rate.map_or("-".into(), |r| format!("{}%", whole_percent(r)))
}

/// A rate rounded to a whole percentage: what is printed and what the rules compare.
pub(super) fn whole_percent(rate: f64) -> i64 {
    (rate * 100.0).round() as i64
}

/// A count with its rate: "12 of 150 (8%)".
pub(super) fn of(part: u64, total: u64) -> String {
    let rate = (total > 0).then(|| part as f64 / total as f64);
    format!("{part} of {total} ({})", percent(rate))
}

pub(super) fn seconds(ms: i64) -> String {
    format!("{:.1} s", ms as f64 / 1000.0)
}
