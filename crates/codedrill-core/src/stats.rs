//! Statistics over the review log. Pure: the log is fed in one review at a time (so a million reviews
//! need no more memory than the cards they touch), figures come out.
//!
//! Definitions (the ones Anki users know, written down so the figures can be checked):
//! - **True retention**: of the reviews of cards already learned (kind review), the first review of a
//!   card on a study day counts; Again is a fail, anything else a pass. Young cards had an interval under
//!   21 days before the review, mature ones 21 or more.
//! - **Delayed recall**: any answer given a day or more after the card's previous answer (first review of
//!   the card that day); this is what "how well codes stay" is measured on.
//! - **Learned**: a new card is learned at its first right answer a day or more after an earlier answer.
//! - Practice (`cram`) answers are left out of everything except the time spent.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::day::Day;
use crate::deck::Role;
use crate::mistake::MistakeClass;
use crate::schedule::{ReviewKind, State};

/// One answer from the log, as statistics need it.
#[derive(Clone, Debug)]
pub struct Fact {
    pub card: i64,
    pub deck: i64,
    pub role: Role,
    pub day: Day,
    pub rating: u8,
    pub correct: bool,
    pub duration_ms: i64,
    pub kind: ReviewKind,
    pub state_before: State,
    /// Days before this review (Anki's convention: negative is seconds, a learning step).
    pub ivl_before: i64,
    pub elapsed_days: i64,
    /// The mistake class, for a miss.
    pub mistake: Option<MistakeClass>,
    /// A code typed from its description (what "exact-code accuracy" counts).
    pub typed_code: bool,
    pub session: Option<i64>,
}

/// Mature cards have an interval of at least this many days, as in Anki.
pub const MATURE_DAYS: i64 = 21;

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct PassRate {
    pub passed: u64,
    pub total: u64,
}

impl PassRate {
    pub fn add(&mut self, passed: bool) {
        self.total += 1;
        self.passed += u64::from(passed);
    }

    pub fn rate(&self) -> Option<f64> {
        (self.total > 0).then(|| self.passed as f64 / self.total as f64)
    }

    fn merge(&mut self, other: &PassRate) {
        self.passed += other.passed;
        self.total += other.total;
    }
}

/// True retention over one period.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RetentionRow {
    pub period: &'static str,
    pub young: PassRate,
    pub mature: PassRate,
    pub total: PassRate,
}

/// One study day's work.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DayWork {
    pub day: Day,
    pub answers: u64,
    pub right: u64,
    pub new_cards: u64,
    pub study_ms: i64,
    /// Cards learned that day (first right delayed recall).
    pub learned: u64,
    /// Median time of a right code answer that day, in ms.
    pub median_right_code_ms: Option<i64>,
}

/// Figures for one group of decks (a deck, or a role).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Group {
    pub answers: u64,
    pub right: u64,
    pub delayed: PassRate,
    pub learned: u64,
    /// Answers given to learned cards up to and including the one that learned them.
    pub answers_to_learn: u64,
    pub study_ms: i64,
    pub code_answers: PassRate,
    pub mistakes: BTreeMap<MistakeClass, u64>,
    /// Mistake classes of typed codes only: what precision is measured on.
    pub code_mistakes: BTreeMap<MistakeClass, u64>,
}

impl Group {
    pub fn accuracy(&self) -> Option<f64> {
        (self.answers > 0).then(|| self.right as f64 / self.answers as f64)
    }

    pub fn answers_per_card_learned(&self) -> Option<f64> {
        (self.learned > 0).then(|| self.answers_to_learn as f64 / self.learned as f64)
    }

    /// Cards learned per 10 minutes of study.
    pub fn learned_per_10_minutes(&self) -> Option<f64> {
        (self.study_ms >= 60_000).then(|| self.learned as f64 / (self.study_ms as f64 / 600_000.0))
    }

    fn add(&mut self, f: &Fact, delayed: Option<bool>, learned: Option<u64>) {
        self.answers += 1;
        self.right += u64::from(f.correct);
        self.study_ms += f.duration_ms;
        if let Some(passed) = delayed {
            self.delayed.add(passed);
        }
        if let Some(answers) = learned {
            self.learned += 1;
            self.answers_to_learn += answers;
        }
        if f.typed_code {
            self.code_answers.add(f.correct);
        }
        if let Some(m) = f.mistake {
            *self.mistakes.entry(m).or_default() += 1;
            if f.typed_code {
                *self.code_mistakes.entry(m).or_default() += 1;
            }
        }
    }
}

/// What is known about one card while the log is read.
#[derive(Clone, Copy, Default)]
struct CardSeen {
    answers: u32,
    learned: bool,
    last_day: Option<Day>,
}

/// Hashes integer ids with one multiplication: the ids are ours, so SipHash's defence against chosen keys
/// buys nothing, and a million lookups a report are worth making cheap.
#[derive(Clone, Copy, Default)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn write_i64(&mut self, n: i64) {
        self.0 = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A map keyed by our own integer ids.
pub type IdMap<V> = HashMap<i64, V, std::hash::BuildHasherDefault<IdHasher>>;

/// The figures, computed in one pass over the log.
#[derive(Default)]
pub struct Collector {
    today: Day,
    cards: IdMap<CardSeen>,
    days: BTreeMap<Day, DayWork>,
    right_code_ms: BTreeMap<Day, Vec<u32>>,
    /// The day being read: answers come in time order, so a day's figures are kept aside until it ends.
    current: Option<(DayWork, Vec<u32>)>,
    all_ms: Vec<u32>,
    retention: [RetentionRow; 5],
    overall: Group,
    by_role: [Group; 4],
    by_deck: IdMap<Group>,
    /// Delayed recall by elapsed days (bucket label order as in [`INTERVAL_BUCKETS`]).
    by_interval: [PassRate; 7],
    /// Answers per session and role, to attribute a session's enjoyment rating.
    session_roles: IdMap<[u64; 4]>,
}

/// Elapsed-day buckets for "retention by interval": (label, first day, last day).
pub const INTERVAL_BUCKETS: [(&str, i64, i64); 7] = [
    ("1 day", 1, 1),
    ("2 days", 2, 2),
    ("3-4 days", 3, 4),
    ("5-7 days", 5, 7),
    ("8-14 days", 8, 14),
    ("15-30 days", 15, 30),
    ("31+ days", 31, i64::MAX),
];

const PERIODS: [&str; 5] = [
    "today",
    "yesterday",
    "last 7 days",
    "last 30 days",
    "all time",
];

impl Collector {
    pub fn new(today: Day) -> Collector {
        let mut c = Collector {
            today,
            ..Collector::default()
        };
        for (row, period) in c.retention.iter_mut().zip(PERIODS) {
            row.period = period;
        }
        c
    }

    /// Adds one answer. Answers should come in time order (a clock set back is handled, only slower).
    pub fn add(&mut self, f: &Fact) {
        if self.current.as_ref().is_none_or(|(w, _)| w.day != f.day) {
            self.end_day();
            let work = self.days.remove(&f.day).unwrap_or(DayWork {
                day: f.day,
                ..DayWork::default()
            });
            let times = self.right_code_ms.remove(&f.day).unwrap_or_default();
            self.current = Some((work, times));
        }
        let Some((work, right_code_ms)) = self.current.as_mut() else {
            return;
        };
        work.study_ms += f.duration_ms;
        self.all_ms
            .push(f.duration_ms.clamp(0, u32::MAX.into()) as u32);
        if f.kind == ReviewKind::Cram {
            return;
        }
        work.answers += 1;
        work.right += u64::from(f.correct);
        work.new_cards += u64::from(f.state_before == State::New);
        if f.correct && f.typed_code {
            right_code_ms.push(f.duration_ms.clamp(0, u32::MAX.into()) as u32);
        }
        if let Some(session) = f.session {
            self.session_roles.entry(session).or_default()[f.role as usize] += 1;
        }

        let seen = self.cards.entry(f.card).or_default();
        seen.answers += 1;
        let first_today = seen.last_day != Some(f.day);
        seen.last_day = Some(f.day);
        let delayed = (first_today && f.elapsed_days >= 1 && f.state_before != State::New)
            .then_some(f.correct);
        let learned =
            if !seen.learned && f.correct && f.elapsed_days >= 1 && f.state_before != State::New {
                seen.learned = true;
                work.learned += 1;
                Some(u64::from(seen.answers))
            } else {
                None
            };
        if let (Some(passed), Some(bucket)) = (
            delayed,
            INTERVAL_BUCKETS
                .iter()
                .position(|(_, a, b)| (*a..=*b).contains(&f.elapsed_days)),
        ) {
            self.by_interval[bucket].add(passed);
        }
        if f.kind == ReviewKind::Review && first_today {
            let passed = f.rating > 1;
            let age = self.today - f.day;
            let mature = f.ivl_before >= MATURE_DAYS;
            for (i, within) in [age == 0, age == 1, age < 7, age < 30, true]
                .into_iter()
                .enumerate()
            {
                if within {
                    let row = &mut self.retention[i];
                    row.total.add(passed);
                    if mature {
                        row.mature.add(passed)
                    } else {
                        row.young.add(passed)
                    }
                }
            }
        }
        self.overall.add(f, delayed, learned);
        self.by_role[f.role as usize].add(f, delayed, learned);
        self.by_deck
            .entry(f.deck)
            .or_default()
            .add(f, delayed, learned);
    }

    fn end_day(&mut self) {
        if let Some((work, times)) = self.current.take() {
            if !times.is_empty() {
                self.right_code_ms.insert(work.day, times);
            }
            self.days.insert(work.day, work);
        }
    }

    pub fn finish(mut self) -> Summary {
        self.end_day();
        for (day, times) in &mut self.right_code_ms {
            if let Some(work) = self.days.get_mut(day) {
                work.median_right_code_ms = median(times).map(i64::from);
            }
        }
        let mut all_right_code: Vec<u32> = self.right_code_ms.values().flatten().copied().collect();
        let days: Vec<Day> = self
            .days
            .iter()
            .filter(|(_, w)| w.answers > 0)
            .map(|(d, _)| *d)
            .collect();
        let (current_streak, longest_streak) = streaks(&days, self.today);
        let total_ms: i64 = self.all_ms.iter().map(|&m| i64::from(m)).sum();
        let answers_timed = self.all_ms.len();
        let by_role = Role::ALL
            .iter()
            .zip(self.by_role)
            .filter(|(_, g)| g.answers > 0)
            .map(|(role, g)| (*role, g))
            .collect();
        let session_roles = self
            .session_roles
            .into_iter()
            .map(|(session, counts)| {
                let mix = Role::ALL
                    .iter()
                    .zip(counts)
                    .filter(|(_, n)| *n > 0)
                    .map(|(role, n)| (*role, n))
                    .collect();
                (session, mix)
            })
            .collect();
        Summary {
            today: self.today,
            study_days: days.len() as u64,
            first_day: days.first().copied(),
            current_streak,
            longest_streak,
            mean_answer_ms: (answers_timed > 0).then(|| total_ms / answers_timed as i64),
            median_answer_ms: median(&mut self.all_ms).map(i64::from),
            median_right_code_ms: median(&mut all_right_code).map(i64::from),
            retention: self.retention.to_vec(),
            by_interval: INTERVAL_BUCKETS
                .iter()
                .zip(self.by_interval)
                .map(|((label, _, _), rate)| (*label, rate))
                .collect(),
            days: self.days.into_values().collect(),
            overall: self.overall,
            by_role,
            by_deck: self.by_deck.into_iter().collect(),
            session_roles,
        }
    }
}

/// Everything the log says, summed up.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub today: Day,
    pub study_days: u64,
    pub first_day: Option<Day>,
    pub current_streak: u64,
    pub longest_streak: u64,
    pub mean_answer_ms: Option<i64>,
    pub median_answer_ms: Option<i64>,
    pub median_right_code_ms: Option<i64>,
    pub retention: Vec<RetentionRow>,
    pub by_interval: Vec<(&'static str, PassRate)>,
    pub days: Vec<DayWork>,
    pub overall: Group,
    pub by_role: BTreeMap<Role, Group>,
    pub by_deck: HashMap<i64, Group>,
    pub session_roles: HashMap<i64, BTreeMap<Role, u64>>,
}

impl Summary {
    pub fn day(&self, day: Day) -> Option<&DayWork> {
        self.days.iter().find(|d| d.day == day)
    }

    /// Two groups merged (coder material is the coding and terminology decks together).
    pub fn roles(&self, roles: &[Role]) -> Group {
        let mut out = Group::default();
        for role in roles {
            if let Some(g) = self.by_role.get(role) {
                out.answers += g.answers;
                out.right += g.right;
                out.delayed.merge(&g.delayed);
                out.learned += g.learned;
                out.answers_to_learn += g.answers_to_learn;
                out.study_ms += g.study_ms;
                out.code_answers.merge(&g.code_answers);
                for (m, n) in &g.mistakes {
                    *out.mistakes.entry(*m).or_default() += n;
                }
                for (m, n) in &g.code_mistakes {
                    *out.code_mistakes.entry(*m).or_default() += n;
                }
            }
        }
        out
    }

    /// How the median time of right code answers moved: (early median, late median, days compared),
    /// comparing the first and last third of the study days that have such answers.
    pub fn speed_trend(&self) -> Option<(i64, i64, usize)> {
        let medians: Vec<i64> = self
            .days
            .iter()
            .filter_map(|d| d.median_right_code_ms)
            .collect();
        if medians.len() < 3 {
            return None;
        }
        let third = medians.len() / 3;
        let mut early = medians[..third.max(1)].to_vec();
        let mut late = medians[medians.len() - third.max(1)..].to_vec();
        Some((
            median_i64(&mut early)?,
            median_i64(&mut late)?,
            medians.len(),
        ))
    }
}

/// A pass rate as the JSON shows it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Rate {
    pub passed: u64,
    pub total: u64,
    pub rate: Option<f64>,
}

impl From<PassRate> for Rate {
    fn from(p: PassRate) -> Rate {
        Rate {
            passed: p.passed,
            total: p.total,
            rate: p.rate(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RetentionView {
    pub period: &'static str,
    pub young: Rate,
    pub mature: Rate,
    pub total: Rate,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CardCounts {
    pub new: i64,
    pub learning: i64,
    pub review: i64,
    pub suspended: i64,
    pub leeches: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DeckView {
    pub name: String,
    pub role: &'static str,
    pub cards: CardCounts,
    pub answers: u64,
    pub accuracy: Option<f64>,
    pub retention: Rate,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TodayView {
    pub answers: u64,
    pub right: u64,
    pub new_cards: u64,
    pub study_minutes: f64,
}

/// What `codedrill stats` shows (and `--json` writes).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatsReport {
    pub schema_version: u32,
    pub today: TodayView,
    pub cards: CardCounts,
    pub retention: Vec<RetentionView>,
    /// Cards due on each of the next 30 days (index 0 is today, overdue included).
    pub forecast: Vec<i64>,
    /// Answers on each of the last 30 days, oldest first.
    pub answers_last_30_days: Vec<u64>,
    pub mean_answer_ms: Option<i64>,
    pub median_answer_ms: Option<i64>,
    pub study_days: u64,
    pub current_streak: u64,
    pub longest_streak: u64,
    pub decks: Vec<DeckView>,
}

impl StatsReport {
    /// `decks`: (deck id, name, role, card counts) for every deck shown.
    pub fn build(
        summary: &Summary,
        decks: Vec<(i64, String, Role, CardCounts)>,
        forecast: Vec<i64>,
    ) -> StatsReport {
        let today = summary.day(summary.today);
        let mut cards = CardCounts::default();
        let decks = decks
            .into_iter()
            .map(|(id, name, role, counts)| {
                cards.new += counts.new;
                cards.learning += counts.learning;
                cards.review += counts.review;
                cards.suspended += counts.suspended;
                cards.leeches += counts.leeches;
                let group = summary.by_deck.get(&id).cloned().unwrap_or_default();
                DeckView {
                    name,
                    role: role.as_str(),
                    cards: counts,
                    answers: group.answers,
                    accuracy: group.accuracy(),
                    retention: group.delayed.into(),
                }
            })
            .collect();
        StatsReport {
            schema_version: 1,
            today: TodayView {
                answers: today.map_or(0, |d| d.answers),
                right: today.map_or(0, |d| d.right),
                new_cards: today.map_or(0, |d| d.new_cards),
                study_minutes: today.map_or(0.0, |d| d.study_ms as f64 / 60_000.0),
            },
            cards,
            retention: summary
                .retention
                .iter()
                .map(|r| RetentionView {
                    period: r.period,
                    young: r.young.into(),
                    mature: r.mature.into(),
                    total: r.total.into(),
                })
                .collect(),
            forecast,
            answers_last_30_days: (0..30)
                .rev()
                .map(|back| summary.day(summary.today - back).map_or(0, |d| d.answers))
                .collect(),
            mean_answer_ms: summary.mean_answer_ms,
            median_answer_ms: summary.median_answer_ms,
            study_days: summary.study_days,
            current_streak: summary.current_streak,
            longest_streak: summary.longest_streak,
            decks,
        }
    }
}

fn median(values: &mut [u32]) -> Option<u32> {
    if values.is_empty() {
        return None;
    }
    let mid = values.len() / 2;
    let (_, m, _) = values.select_nth_unstable(mid);
    Some(*m)
}

fn median_i64(values: &mut [i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    let mid = values.len() / 2;
    let (_, m, _) = values.select_nth_unstable(mid);
    Some(*m)
}

/// (current streak, longest streak) in study days. The current streak still counts if today has no
/// answers yet but yesterday did.
fn streaks(days: &[Day], today: Day) -> (u64, u64) {
    let mut longest = 0;
    let mut run = 0;
    let mut previous: Option<Day> = None;
    for &day in days {
        run = if previous == Some(day - 1) {
            run + 1
        } else {
            1
        };
        longest = longest.max(run);
        previous = Some(day);
    }
    let current = match previous {
        Some(last) if last >= today - 1 => run,
        _ => 0,
    };
    (current, longest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(
        card: i64,
        day: Day,
        correct: bool,
        kind: ReviewKind,
        state: State,
        elapsed: i64,
        ivl: i64,
    ) -> Fact {
        Fact {
            card,
            deck: 1,
            role: Role::Coding,
            day,
            rating: if correct { 3 } else { 1 },
            correct,
            duration_ms: 5_000,
            kind,
            state_before: state,
            ivl_before: ivl,
            elapsed_days: elapsed,
            mistake: (!correct).then_some(MistakeClass::Transposition),
            typed_code: true,
            session: Some(1),
        }
    }

    #[test]
    fn true_retention_counts_the_first_review_of_a_card_each_day() {
        let mut c = Collector::new(10);
        c.add(&fact(1, 10, false, ReviewKind::Review, State::Review, 3, 3));
        // A second review the same day does not count.
        c.add(&fact(
            1,
            10,
            true,
            ReviewKind::Relearn,
            State::Relearning,
            0,
            -600,
        ));
        c.add(&fact(2, 9, true, ReviewKind::Review, State::Review, 30, 30));
        c.add(&fact(3, 2, true, ReviewKind::Review, State::Review, 5, 5));
        let s = c.finish();
        let by: HashMap<_, _> = s.retention.iter().map(|r| (r.period, r)).collect();
        assert_eq!(
            by["today"].total,
            PassRate {
                passed: 0,
                total: 1
            }
        );
        assert_eq!(
            by["yesterday"].mature,
            PassRate {
                passed: 1,
                total: 1
            }
        );
        assert_eq!(
            by["last 7 days"].total,
            PassRate {
                passed: 1,
                total: 2
            }
        );
        assert_eq!(
            by["all time"].total,
            PassRate {
                passed: 2,
                total: 3
            }
        );
        assert_eq!(
            by["all time"].young,
            PassRate {
                passed: 1,
                total: 2
            }
        );
    }

    #[test]
    fn a_card_is_learned_at_its_first_right_delayed_recall() {
        let mut c = Collector::new(5);
        c.add(&fact(1, 0, true, ReviewKind::Learn, State::New, 0, 0));
        c.add(&fact(
            1,
            0,
            true,
            ReviewKind::Learn,
            State::Learning,
            0,
            -600,
        ));
        c.add(&fact(1, 2, false, ReviewKind::Review, State::Review, 2, 2));
        c.add(&fact(1, 3, true, ReviewKind::Review, State::Review, 1, 1));
        c.add(&fact(1, 5, true, ReviewKind::Review, State::Review, 2, 3));
        let s = c.finish();
        assert_eq!(s.overall.learned, 1);
        assert_eq!(s.overall.answers_to_learn, 4);
        assert_eq!(
            s.overall.delayed,
            PassRate {
                passed: 2,
                total: 3
            }
        );
        assert_eq!(s.overall.mistakes[&MistakeClass::Transposition], 1);
        assert_eq!(s.study_days, 4);
        assert_eq!((s.current_streak, s.longest_streak), (1, 2));
    }

    #[test]
    fn practice_counts_only_as_time() {
        let mut c = Collector::new(1);
        c.add(&fact(1, 1, false, ReviewKind::Cram, State::Review, 3, 3));
        let s = c.finish();
        assert_eq!(s.overall.answers, 0);
        assert_eq!(s.days[0].study_ms, 5_000);
        assert_eq!(s.days[0].answers, 0);
    }

    #[test]
    fn streaks_count_consecutive_study_days() {
        assert_eq!(streaks(&[1, 2, 3, 5, 6], 6), (2, 3));
        assert_eq!(
            streaks(&[1, 2, 3, 5, 6], 7),
            (2, 3),
            "yesterday still counts"
        );
        assert_eq!(streaks(&[1, 2, 3], 9), (0, 3));
        assert_eq!(streaks(&[], 9), (0, 0));
    }

    #[test]
    fn speed_trend_compares_early_and_late_days() {
        let mut c = Collector::new(9);
        for (day, ms) in [
            (1, 9_000),
            (2, 8_000),
            (3, 7_000),
            (4, 6_000),
            (5, 5_000),
            (6, 4_000),
        ] {
            let mut f = fact(day, day, true, ReviewKind::Review, State::Review, 1, 1);
            f.duration_ms = ms;
            c.add(&f);
        }
        assert_eq!(
            c.finish().speed_trend(),
            Some((9_000, 5_000, 6)),
            "upper middles of [8000, 9000] and [4000, 5000]"
        );
    }
}
