//! Personal FSRS parameters: the review log turned into the `fsrs` crate's training items, fitted with
//! the crate's optimizer (never a hand-written one: a naive fit overfits), and judged on held-out reviews
//! with the metrics Anki's Evaluate shows. Pure: histories in, parameters and metrics out.

use crate::mistake::MistakeClass;
use fsrs::{ComputeParametersInput, DEFAULT_PARAMETERS, FSRS, FSRSItem, FSRSReview, MemoryState};

/// One answer of a card's history: whole study days since the card's previous answer, and the rating.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Answer {
    /// Days since the previous answer (65,535 at most: 179 years).
    pub delta: u16,
    pub rating: u8,
}

impl Answer {
    /// The answer as the memory model sees it. A code recalled and mistyped (a slip) was recalled: it
    /// counts as Good here, so a careless learner's memory is not read as forgetting (the schedule still
    /// treats it as Again, and precision counts it as a slip).
    pub fn recall(elapsed_days: i64, rating: u8, mistake: Option<MistakeClass>) -> Answer {
        let slipped = mistake.is_some_and(MistakeClass::is_slip);
        Answer {
            delta: u16::try_from(elapsed_days.max(0)).unwrap_or(u16::MAX),
            rating: if slipped { 3 } else { rating },
        }
    }
}

/// One card's answers in time order, and when each was given (ms; kept only where the order of items
/// across cards matters, for `optimize`: a report over a million answers leaves it empty).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    pub answers: Vec<Answer>,
    pub times: Vec<i64>,
    /// Whether each answer was found in the books (a lookup drill); empty when none was. Such an answer
    /// shapes the memory that follows it, but is no test of it: the memory comparison does not count it.
    pub looked_up: Vec<bool>,
}

impl History {
    fn reviews(&self) -> Vec<FSRSReview> {
        self.answers
            .iter()
            .enumerate()
            .map(|(i, a)| FSRSReview {
                rating: u32::from(a.rating),
                delta_t: if i == 0 { 0 } else { u32::from(a.delta) },
            })
            .collect()
    }
}

/// Every training item of a card, with the time of its last answer: each answer with the ones before it,
/// as the crate wants them (a first answer alone is not an item: there is nothing to predict it from).
pub fn timed_items(history: &History) -> Vec<(i64, FSRSItem)> {
    let reviews = history.reviews();
    (2..=reviews.len())
        .filter(|&n| reviews[..n].iter().any(|r| r.delta_t > 0))
        .map(|n| {
            let item = FSRSItem {
                reviews: reviews[..n].to_vec(),
            };
            (history.times.get(n - 1).copied().unwrap_or(0), item)
        })
        .collect()
}

/// Every card's items, in the time order of their last answers (what `optimize` splits).
pub fn items_in_time_order(histories: &[History]) -> Vec<FSRSItem> {
    let mut all: Vec<(i64, FSRSItem)> = histories.iter().flat_map(timed_items).collect();
    all.sort_by_key(|(at, _)| *at);
    all.into_iter().map(|(_, item)| item).collect()
}

/// This learner's memory against the typical learner's, measured on the same reviews.
///
/// Every card's history is replayed with the FSRS-6 defaults (the medians of about 10,000 learners), which
/// gives the typical learner's memory before each answer a day or more later and so the recall expected
/// of them. One number, the memory factor, is then fitted by maximum likelihood: the scale on those
/// memories that best explains what this learner actually recalled. A factor of 1.3 means codes last 30%
/// longer than for the typical learner. A full 21-parameter fit predicts as well but cannot tell a lower
/// start from faster early growth, so its "days until 90%" wanders with the data; one factor is steady.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct MemoryComparison {
    pub factor: f64,
    /// The likely range of the factor (95%, from the likelihood): narrow with many reviews, wide with few.
    pub factor_low: f64,
    pub factor_high: f64,
    /// Median days a learned code (one recalled a day or more later) stays at 90% recall or better: this
    /// learner (the factor times the typical figure) and the typical learner, for the same answers.
    pub personal_days: f64,
    pub typical_days: f64,
    /// Answers a day or more later: how many, how many recalled, and how many the typical learner would
    /// be expected to recall.
    pub reviews: usize,
    pub recalled: usize,
    pub expected: f64,
    /// Cards learned (the typical figure rests on them).
    pub cards: usize,
}

/// The least evidence for a memory factor: answers a day or more after a previous one.
pub const MIN_DELAYED: usize = 20;

/// Recall depends on elapsed time over stability only, so answers are counted in fine bins of that ratio
/// (0.5% wide): the fit then costs the same for a hundred answers or a million.
const BINS_PER_E: f64 = 200.0;

/// The answers a day or more after a previous one, replayed with the typical learner's memory: what a set
/// of histories says about memory before the factor is fitted. Its parts add up, so the report replays
/// each kind of material once and adds them for all of it, rather than replaying every history again.
#[derive(Clone, Default)]
pub struct MemoryEvidence {
    /// By bin of elapsed days over the typical stability: (recalled, forgotten). In order, so the fit sums
    /// them in one order however they were gathered.
    bins: std::collections::BTreeMap<i32, (f64, f64)>,
    reviews: usize,
    recalled: usize,
    expected: f64,
    /// The typical stability of each card right after its first delayed recall.
    learned_days: Vec<f32>,
}

impl MemoryEvidence {
    /// The evidence of `histories`.
    pub fn of<'a>(histories: impl IntoIterator<Item = &'a History>) -> MemoryEvidence {
        let mut replay = Replay::default();
        let mut out = MemoryEvidence::default();
        for (card, history) in histories.into_iter().enumerate() {
            for (i, &answer) in history.answers.iter().enumerate() {
                let looked_up = history.looked_up.get(i).copied().unwrap_or(false);
                replay.add(card, answer, looked_up, &mut out);
            }
        }
        out
    }

    /// One answer `delta_t` days after the previous one, when the typical memory's stability was
    /// `stability`: counted in its bin and against the recall expected. Returns `passed`.
    fn add_answer(&mut self, delta_t: u32, stability: f32, passed: bool) -> bool {
        let (decay, factor_0_9) = curve();
        let ratio = f64::from(delta_t) / f64::from(stability.max(1e-3));
        let bin = self
            .bins
            .entry((ratio.ln() * BINS_PER_E).round() as i32)
            .or_default();
        if passed {
            bin.0 += 1.0
        } else {
            bin.1 += 1.0
        }
        self.reviews += 1;
        self.recalled += usize::from(passed);
        self.expected += (1.0 + factor_0_9 * ratio).powf(-decay);
        passed
    }

    /// Adds the evidence of other histories.
    pub fn add(&mut self, other: &MemoryEvidence) {
        for (bin, (pass, fail)) in &other.bins {
            let mine = self.bins.entry(*bin).or_default();
            mine.0 += pass;
            mine.1 += fail;
        }
        self.reviews += other.reviews;
        self.recalled += other.recalled;
        self.expected += other.expected;
        self.learned_days.extend_from_slice(&other.learned_days);
    }
}

/// The typical learner's memory replayed answer by answer, each card's where it was left: many cards'
/// answers may come interleaved, as the log holds them, so no card's history need be kept whole.
/// Each answer after a card's first is evidence (when a day or more after the one before and not
/// found in the books): recalled or not, against the typical memory the card had just before it.
#[derive(Default)]
pub struct Replay {
    /// By the card's number (as the caller numbers them, from 0 and without many gaps).
    cards: Vec<Option<Replayed>>,
}

/// Where a card's replay stands.
#[derive(Clone, Copy)]
struct Replayed {
    /// The typical memory after its last answer; `None` once a step failed (never with the default
    /// parameters, which keep every state finite): the card's later answers are then no evidence.
    memory: Option<MemoryState>,
    learned: bool,
}

impl Replay {
    /// Card `card`'s next answer, its evidence added to `evidence`.
    pub fn add(
        &mut self,
        card: usize,
        answer: Answer,
        looked_up: bool,
        evidence: &mut MemoryEvidence,
    ) {
        if card >= self.cards.len() {
            self.cards.resize(card + 1, None);
        }
        let seen = &mut self.cards[card];
        let before = match seen {
            None => None,
            Some(Replayed { memory: None, .. }) => return,
            Some(Replayed {
                memory: Some(m), ..
            }) => Some(*m),
        };
        // A card's first answer starts its memory (whatever the days before it); each later one steps
        // it, as the fsrs crate replays a whole history.
        let review = FSRSReview {
            rating: u32::from(answer.rating),
            delta_t: if before.is_some() {
                u32::from(answer.delta)
            } else {
                0
            },
        };
        let item = FSRSItem {
            reviews: vec![review],
        };
        let after = typical().memory_state(item, before).ok();
        let state = seen.get_or_insert(Replayed {
            memory: None,
            learned: false,
        });
        state.memory = after;
        if let (Some(before), Some(after)) = (before, after)
            && review.delta_t > 0
            && !looked_up
        {
            let passed = evidence.add_answer(review.delta_t, before.stability, review.rating > 1);
            if passed && !state.learned {
                state.learned = true;
                evidence.learned_days.push(after.stability);
            }
        }
    }
}

/// The typical learner's forgetting curve: its decay, and the factor that puts recall at 90% when the
/// days elapsed equal the stability.
fn curve() -> (f64, f64) {
    static CURVE: std::sync::OnceLock<(f64, f64)> = std::sync::OnceLock::new();
    *CURVE.get_or_init(|| {
        let decay = f64::from(DEFAULT_PARAMETERS[20]);
        (decay, 0.9f64.powf(-1.0 / decay) - 1.0)
    })
}

/// The typical learner: FSRS-6 with its default parameters.
fn typical() -> &'static FSRS {
    static TYPICAL: std::sync::OnceLock<FSRS> = std::sync::OnceLock::new();
    TYPICAL.get_or_init(FSRS::default)
}

pub fn compare_memory(histories: &[History]) -> Option<MemoryComparison> {
    MemoryEvidence::of(histories).compare()
}

impl MemoryEvidence {
    /// This learner's memory against the typical learner's: `None` on too little evidence.
    pub fn compare(mut self) -> Option<MemoryComparison> {
        let recall = &mut self;
        let (decay, factor_0_9) = curve();
        if recall.reviews < MIN_DELAYED || recall.learned_days.is_empty() {
            return None;
        }
        let bins: Vec<(f64, f64, f64)> = recall
            .bins
            .iter()
            .map(|(key, (pass, fail))| ((f64::from(*key) / BINS_PER_E).exp(), *pass, *fail))
            .collect();
        let likelihood = |factor: f64| -> f64 {
            bins.iter()
                .map(|&(ratio, pass, fail)| {
                    let p = (1.0 + factor_0_9 * ratio / factor)
                        .powf(-decay)
                        .clamp(1e-7, 1.0 - 1e-7);
                    pass * p.ln() + fail * (1.0 - p).ln()
                })
                .sum()
        };
        let (factor, factor_low, factor_high) = best_factor(likelihood);
        let typical_days = f64::from(median_f32(&mut recall.learned_days)?);
        Some(MemoryComparison {
            factor,
            factor_low,
            factor_high,
            personal_days: factor * typical_days,
            typical_days,
            reviews: recall.reviews,
            recalled: recall.recalled,
            expected: recall.expected,
            cards: recall.learned_days.len(),
        })
    }
}

/// The factor of greatest likelihood between a tenth and ten times the typical memory (golden-section
/// search), with its 95% range: where the log-likelihood is within 1.92 of its best (a likelihood-ratio
/// interval).
fn best_factor(likelihood: impl Fn(f64) -> f64) -> (f64, f64, f64) {
    let (mut lo, mut hi) = (0.1f64.ln(), 10f64.ln());
    let golden = (5f64.sqrt() - 1.0) / 2.0;
    for _ in 0..60 {
        let a = hi - golden * (hi - lo);
        let b = lo + golden * (hi - lo);
        if likelihood(a.exp()) < likelihood(b.exp()) {
            lo = a
        } else {
            hi = b
        }
    }
    let best = (lo + hi) / 2.0;
    let factor = best.exp();
    let floor = likelihood(factor) - 1.92;
    let edge = |mut inside: f64, mut outside: f64| {
        for _ in 0..60 {
            let mid = (inside + outside) / 2.0;
            if likelihood(mid.exp()) >= floor {
                inside = mid
            } else {
                outside = mid
            }
        }
        ((inside + outside) / 2.0).exp()
    };
    (factor, edge(best, 0.05f64.ln()), edge(best, 20f64.ln()))
}

fn median_f32(values: &mut [f32]) -> Option<f32> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f32::total_cmp);
    Some(values[values.len() / 2])
}

/// All 21 parameters, fitted by the crate's optimizer.
pub fn fit(items: Vec<FSRSItem>) -> Option<Vec<f32>> {
    fsrs::compute_parameters(ComputeParametersInput {
        train_set: items,
        ..ComputeParametersInput::default()
    })
    .ok()
}

/// How well parameters predict recall: log loss and RMSE(bins), as fsrs-rs and Anki compute them.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Metrics {
    pub log_loss: f64,
    pub rmse_bins: f64,
    /// How many reviews were predicted (those a day or more after the previous answer).
    pub reviews: usize,
}

/// Scores `parameters` on `items`: each item's last answer is predicted from the ones before it. Only
/// answers a day or more later count (same-day ones are steps, not recall).
pub fn evaluate(parameters: &[f32], items: &[FSRSItem]) -> Option<Metrics> {
    let model = FSRS::new(parameters).ok()?;
    let decay = parameters
        .get(20)
        .copied()
        .unwrap_or(DEFAULT_PARAMETERS[20]);
    let mut predictions = Vec::with_capacity(items.len());
    for item in items {
        let (last, history) = item.reviews.split_last()?;
        if last.delta_t == 0 || history.is_empty() {
            continue;
        }
        let state: MemoryState = model
            .memory_state(
                FSRSItem {
                    reviews: history.to_vec(),
                },
                None,
            )
            .ok()?;
        let p = f64::from(fsrs::current_retrievability(
            state,
            last.delta_t as f32,
            decay,
        ));
        predictions.push((p, last.rating > 1, bin(item)));
    }
    metrics(&predictions)
}

/// Log loss and RMSE(bins) of (prediction, outcome, bin) triples.
pub fn metrics(predictions: &[(f64, bool, (u32, u32, u32))]) -> Option<Metrics> {
    if predictions.is_empty() {
        return None;
    }
    let n = predictions.len() as f64;
    let log_loss = predictions
        .iter()
        .map(|&(p, y, _)| {
            let p = p.clamp(1e-7, 1.0 - 1e-7);
            if y { -p.ln() } else { -(1.0 - p).ln() }
        })
        .sum::<f64>()
        / n;
    let mut bins: std::collections::HashMap<(u32, u32, u32), (f64, f64, f64)> = Default::default();
    for &(p, y, key) in predictions {
        let b = bins.entry(key).or_default();
        b.0 += p;
        b.1 += f64::from(u8::from(y));
        b.2 += 1.0;
    }
    let rmse_bins = (bins
        .values()
        .map(|(p, y, c)| c * (p / c - y / c).powi(2))
        .sum::<f64>()
        / n)
        .sqrt();
    Some(Metrics {
        log_loss,
        rmse_bins,
        reviews: predictions.len(),
    })
}

/// The bin of an item, as the FSRS reference defines it: elapsed days, answers so far, lapses.
fn bin(item: &FSRSItem) -> (u32, u32, u32) {
    let (last, history) = item.reviews.split_last().unwrap_or((&item.reviews[0], &[]));
    let t = f64::from(last.delta_t);
    let delta_bin = (2.48 * 3.62f64.powf(t.log(3.62).floor()) * 100.0).round() as u32;
    let n = item.long_term_review_cnt() as f64 + 1.0;
    let length_bin = (1.99 * 1.89f64.powf(n.log(1.89).floor())).round() as u32;
    let lapses = history
        .iter()
        .filter(|r| r.rating == 1 && r.delta_t > 0)
        .count();
    let lapse_bin = if lapses == 0 {
        0
    } else {
        (1.65 * 1.73f64.powf((lapses as f64).log(1.73).floor())).round() as u32
    };
    (delta_bin, length_bin, lapse_bin)
}

/// The outcome of `codedrill optimize`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Optimized {
    pub items: usize,
    pub held_out: usize,
    pub current: Metrics,
    pub candidate: Metrics,
    /// The parameters to keep from now on: fitted on everything when they beat the current ones.
    pub adopted: Option<Vec<f32>>,
}

/// The fewest training items for which a fit is attempted (below 64 the crate fits only w0..w3).
pub const MIN_ITEMS: usize = 64;

/// The fewest held-out reviews a new fit must be judged on before it may replace the current
/// parameters: on fewer, a better score is as likely luck as a better fit.
pub const MIN_SCORED: usize = 50;

impl Optimized {
    /// Whether the new fit does better on both measures, judged on at least `MIN_SCORED` reviews.
    pub fn better(&self) -> bool {
        let (new, old) = (&self.candidate, &self.current);
        new.reviews >= MIN_SCORED && new.log_loss < old.log_loss && new.rmse_bins < old.rmse_bins
    }
}

/// Fits parameters on the earlier 80% of the items (in time order), scores them and `current` on the
/// later 20%, and, when they do better on both measures and enough reviews (`Optimized::better`), fits
/// again on everything. `None` when there are too few items.
pub fn optimize(current: &[f32], items_in_time_order: Vec<FSRSItem>) -> Option<Optimized> {
    let scored = items_in_time_order
        .iter()
        .filter(|i| i.reviews.last().is_some_and(|r| r.delta_t > 0))
        .count();
    if items_in_time_order.len() < MIN_ITEMS || scored < 20 {
        return None;
    }
    let split = items_in_time_order.len() * 4 / 5;
    let (train, test) = items_in_time_order.split_at(split);
    let candidate_parameters = fit(train.to_vec())?;
    let current_metrics = evaluate(current, test)?;
    let candidate_metrics = evaluate(&candidate_parameters, test)?;
    let mut result = Optimized {
        items: items_in_time_order.len(),
        held_out: test.len(),
        current: current_metrics,
        candidate: candidate_metrics,
        adopted: None,
    };
    if result.better() {
        result.adopted = fit(items_in_time_order);
    }
    Some(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_fit_is_better_only_on_both_measures_and_enough_answers() {
        let m = |log_loss, rmse_bins, reviews| Metrics {
            log_loss,
            rmse_bins,
            reviews,
        };
        let result = |candidate| Optimized {
            items: 500,
            held_out: 100,
            current: m(0.46, 0.05, 80),
            candidate,
            adopted: None,
        };
        assert!(result(m(0.43, 0.04, 80)).better());
        assert!(!result(m(0.43, 0.06, 80)).better(), "one measure worse");
        assert!(
            !result(m(0.43, 0.04, 19)).better(),
            "judged on too few answers"
        );
    }

    /// A few cards' histories of every kind of answer: misses, same-day answers, long gaps.
    fn mixed() -> Vec<History> {
        (0..6u16)
            .map(|card| {
                history(
                    &(0..12u16)
                        .map(|i| ((i * 7 + card) % 40, 1 + ((i + card) % 4) as u8))
                        .collect::<Vec<_>>(),
                )
            })
            .collect()
    }

    #[test]
    fn the_replay_steps_as_the_fsrs_crate_replays_a_whole_history() {
        let histories = mixed();
        let evidence = MemoryEvidence::of(&histories);
        // The same evidence from each whole history's states, as the crate gives them.
        let mut whole = MemoryEvidence::default();
        for h in &histories {
            let item = FSRSItem {
                reviews: h.reviews(),
            };
            let states = typical()
                .historical_memory_states(item.clone(), None)
                .unwrap();
            let mut learned = false;
            for (i, review) in item.reviews.iter().enumerate().skip(1) {
                if review.delta_t > 0 {
                    let passed = whole.add_answer(
                        review.delta_t,
                        states[i - 1].stability,
                        review.rating > 1,
                    );
                    if passed && !learned {
                        learned = true;
                        whole.learned_days.push(states[i].stability);
                    }
                }
            }
        }
        assert!(evidence.reviews > 20 && evidence.recalled < evidence.reviews);
        assert_eq!(evidence.bins, whole.bins);
        assert_eq!(
            (evidence.reviews, evidence.recalled),
            (whole.reviews, whole.recalled)
        );
        assert_eq!(evidence.learned_days, whole.learned_days);
        assert!((evidence.expected - whole.expected).abs() < 1e-9);
    }

    #[test]
    fn answers_replayed_interleaved_say_what_each_history_says() {
        let histories = mixed();
        let one_by_one = MemoryEvidence::of(&histories);
        // The cards' answers taken in turns, as a log holds them.
        let mut replay = Replay::default();
        let mut interleaved = MemoryEvidence::default();
        for i in 0..12 {
            for (card, h) in histories.iter().enumerate() {
                replay.add(card, h.answers[i], false, &mut interleaved);
            }
        }
        assert_eq!(interleaved.bins, one_by_one.bins);
        assert_eq!(interleaved.reviews, one_by_one.reviews);
        let mut days = (
            interleaved.learned_days.clone(),
            one_by_one.learned_days.clone(),
        );
        days.0.sort_by(f32::total_cmp);
        days.1.sort_by(f32::total_cmp);
        assert_eq!(days.0, days.1);
    }

    fn items(history: &History) -> Vec<FSRSItem> {
        timed_items(history)
            .into_iter()
            .map(|(_, item)| item)
            .collect()
    }

    fn history(answers: &[(u16, u8)]) -> History {
        History {
            answers: answers
                .iter()
                .map(|&(delta, rating)| Answer { delta, rating })
                .collect(),
            times: (0..answers.len() as i64).collect(),
            looked_up: Vec::new(),
        }
    }

    #[test]
    fn items_are_every_answer_with_its_history_once_a_day_has_passed() {
        let history = history(&[(0, 3), (0, 3), (2, 3), (5, 1)]);
        let items = items(&history);
        assert_eq!(
            items.len(),
            2,
            "the same-day second answer predicts nothing long-term"
        );
        assert_eq!(items[0].reviews.len(), 3);
        assert_eq!(items[0].long_term_review_cnt(), 1);
    }

    #[test]
    fn metrics_follow_the_reference_formulas() {
        let m = metrics(&[(0.9, true, (1, 1, 0)), (0.9, false, (1, 1, 0))]).unwrap();
        let expected = (-(0.9f64).ln() - (0.1f64).ln()) / 2.0;
        assert!((m.log_loss - expected).abs() < 1e-12);
        assert!(
            (m.rmse_bins - 0.4).abs() < 1e-12,
            "mean prediction 0.9 against mean outcome 0.5"
        );
    }

    #[test]
    fn the_memory_factor_follows_recall_against_the_typical_expectation() {
        // 40 cards learned the same way, then recalled (or not) 3 days later.
        let cards = |recalled: usize| -> Vec<History> {
            (0..40)
                .map(|i| {
                    history(&[
                        (0, 1),
                        (0, 3),
                        (0, 3),
                        (1, 3),
                        (3, if i < recalled { 3 } else { 1 }),
                    ])
                })
                .collect()
        };
        let poor = compare_memory(&cards(20)).unwrap();
        let good = compare_memory(&cards(39)).unwrap();
        assert!(
            poor.factor < 1.0 && good.factor > 1.0,
            "{} {}",
            poor.factor,
            good.factor
        );
        assert!(poor.factor_low < poor.factor && poor.factor < poor.factor_high);
        assert!(
            poor.factor_high < good.factor_low,
            "with 80 reviews each, the ranges do not overlap"
        );
        assert!(good.personal_days > good.typical_days && poor.personal_days < poor.typical_days);
        assert_eq!((good.reviews, good.recalled), (80, 79));
        assert!(
            (good.expected - poor.expected).abs() < 1e-9,
            "the expectation is the typical learner's"
        );
    }

    #[test]
    fn an_answer_found_in_the_books_is_no_test_of_memory() {
        let learned = [(0, 1), (0, 3), (0, 3), (1, 3)];
        let mut cards: Vec<History> = (0..40)
            .map(|_| history(&[learned.as_slice(), &[(3, 3)]].concat()))
            .collect();
        let all = compare_memory(&cards).unwrap();
        for card in &mut cards[..10] {
            card.looked_up = vec![false, false, false, false, true];
        }
        let some_looked_up = compare_memory(&cards).unwrap();
        assert_eq!((all.reviews, all.recalled), (80, 80));
        assert_eq!((some_looked_up.reviews, some_looked_up.recalled), (70, 70));
    }

    #[test]
    fn too_little_history_fits_nothing() {
        let few = vec![history(&[(0, 3), (2, 3)]); 5];
        assert!(
            compare_memory(&few).is_none(),
            "fewer than 20 delayed answers"
        );
        assert!(optimize(&DEFAULT_PARAMETERS, items(&few[0])).is_none());
    }
}
