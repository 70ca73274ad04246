//! The one pass over the review log: answers come in (in time order, one at a time, so a million
//! reviews need no more memory than the cards they touch) and a [`Summary`] comes out.

use std::collections::BTreeMap;

use crate::day::Day;
use crate::deck::Role;
use crate::schedule::{ReviewKind, State};

use super::index::IndexCollector;
use super::{DayWork, Fact, Group, IdMap, MATURE_DAYS, PassRate, RetentionRow, Summary, median};

/// What is known about one card while the log is read.
#[derive(Clone, Copy, Default)]
struct CardSeen {
    answers: u32,
    learned: bool,
    last_day: Option<Day>,
}

/// The figures, computed in one pass over the log.
#[derive(Default)]
pub struct Collector {
    today: Day,
    /// By the card's slot ([`Fact::slot`]).
    cards: Vec<CardSeen>,
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
    index: IndexCollector,
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
        self.index.add(f);
        if let Some(session) = f.session {
            self.session_roles.entry(session).or_default()[f.role as usize] += 1;
        }

        let slot = f.slot as usize;
        if slot >= self.cards.len() {
            self.cards.resize(slot + 1, CardSeen::default());
        }
        let seen = &mut self.cards[slot];
        seen.answers += 1;
        let first_today = seen.last_day != Some(f.day);
        seen.last_day = Some(f.day);
        // A code found in the books is an answer and a sight of the card, but no test of memory.
        let tested = f.lookups.is_none();
        let delayed =
            (tested && first_today && f.elapsed_days >= 1 && f.state_before != State::New)
                .then_some(f.correct);
        let learned = if tested
            && !seen.learned
            && f.correct
            && f.elapsed_days >= 1
            && f.state_before != State::New
        {
            seen.learned = true;
            work.learned += 1;
            Some(u64::from(seen.answers))
        } else {
            None
        };
        // Recall, not exactness: a code recalled and mistyped was remembered (as in `Group::recalled`).
        if let (Some(_), Some(bucket)) = (
            delayed,
            INTERVAL_BUCKETS
                .iter()
                .position(|(_, a, b)| (*a..=*b).contains(&f.elapsed_days)),
        ) {
            self.by_interval[bucket].add(f.recalled());
        }
        if tested && f.kind == ReviewKind::Review && first_today {
            self.count_retention(f);
        }
        self.overall.add(f, delayed, learned);
        self.by_role[f.role as usize].add(f, delayed, learned);
        self.by_deck
            .entry(f.deck)
            .or_default()
            .add(f, delayed, learned);
    }

    /// True retention: a review, the card's first answer of the day, counted in each period it falls in.
    fn count_retention(&mut self, f: &Fact) {
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
            index: self.index.finish(),
        }
    }
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
    use std::collections::HashMap;

    use super::*;
    use crate::mistake::MistakeClass;

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
            slot: card as u32,
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
            icd_code: true,
            lookups: None,
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
    fn recall_by_interval_counts_a_slip_as_recalled() {
        let mut c = Collector::new(10);
        // A slip (transposition) two days on, a blank four days on, a right answer a day on.
        c.add(&fact(1, 10, false, ReviewKind::Review, State::Review, 2, 2));
        let mut blank = fact(2, 10, false, ReviewKind::Review, State::Review, 4, 4);
        blank.mistake = Some(MistakeClass::NoAnswer);
        c.add(&blank);
        c.add(&fact(3, 10, true, ReviewKind::Review, State::Review, 1, 1));
        let s = c.finish();
        let rate = |passed, total| PassRate { passed, total };
        let by: Vec<PassRate> = s.by_interval.iter().map(|(_, r)| *r).collect();
        assert_eq!(by[..3], [rate(1, 1), rate(1, 1), rate(0, 1)]);
        assert_eq!(s.overall.recalled, rate(2, 3));
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
    fn icd_codes_are_counted_by_how_they_were_coded_and_practice_and_other_codes_are_left_out() {
        use crate::answer::Lookups;
        let mut c = Collector::new(1);
        let looked = |count, coding_ms| Some(Lookups { count, coding_ms });
        let mut typed = fact(1, 1, true, ReviewKind::Learn, State::New, 0, 0);
        c.add(&typed);
        typed.correct = false;
        typed.duration_ms = 9_000;
        c.add(&typed);
        let mut with_index = fact(2, 1, true, ReviewKind::Learn, State::New, 0, 0);
        (with_index.typed_code, with_index.lookups) = (false, looked(2, 90_000));
        c.add(&with_index);
        with_index.lookups = looked(0, 20_000);
        c.add(&with_index);
        // Practice, another system's code, and a choice answer count on neither side.
        let mut practice = with_index.clone();
        practice.kind = ReviewKind::Cram;
        c.add(&practice);
        let mut cpt = typed.clone();
        cpt.icd_code = false;
        c.add(&cpt);
        let mut chosen = typed.clone();
        chosen.typed_code = false;
        c.add(&chosen);
        let index = c.finish().index;
        let rate = |passed, total| PassRate { passed, total };
        assert_eq!(index.from_memory.answers, rate(1, 2));
        assert_eq!(index.from_memory.median_ms, Some(9_000), "the upper middle");
        assert_eq!(index.with_index.answers, rate(2, 2));
        assert_eq!(index.with_index.median_ms, Some(90_000));
        assert_eq!(
            (index.with_index.lookups, index.with_index.looked_up),
            (2, 1)
        );
    }

    #[test]
    fn a_code_found_in_the_books_is_an_answer_but_no_test_of_memory() {
        let mut c = Collector::new(10);
        let mut looked_up = fact(1, 10, true, ReviewKind::Review, State::Review, 3, 3);
        looked_up.typed_code = false;
        looked_up.lookups = Some(crate::answer::Lookups {
            count: 1,
            coding_ms: 40_000,
        });
        c.add(&looked_up);
        // The same card later that day, from memory: not the day's first sight of it.
        c.add(&fact(1, 10, true, ReviewKind::Review, State::Review, 0, 3));
        let s = c.finish();
        assert_eq!(s.overall.answers, 2);
        assert_eq!(s.overall.delayed.total, 0);
        assert_eq!(s.overall.learned, 0);
        assert_eq!(s.retention[4].total.total, 0);
        assert_eq!(s.index.with_index.answers.total, 1);
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
