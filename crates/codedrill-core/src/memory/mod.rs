//! Personal FSRS parameters: the review log turned into the `fsrs` crate's training items, fitted with
//! the crate's optimizer (never a hand-written one: a naive fit overfits), and judged on held-out reviews
//! with the metrics Anki's Evaluate shows. Pure: histories in, parameters and metrics out.

use crate::mistake::MistakeClass;
use fsrs::{ComputeParametersInput, DEFAULT_PARAMETERS, FSRS, FSRSItem, FSRSReview, MemoryState};

mod compare;
pub use compare::{MIN_DELAYED, MemoryComparison, MemoryEvidence, Replay, compare_memory};

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
    pub(crate) fn reviews(&self) -> Vec<FSRSReview> {
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
pub(super) mod tests {
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

    fn items(history: &History) -> Vec<FSRSItem> {
        timed_items(history)
            .into_iter()
            .map(|(_, item)| item)
            .collect()
    }

    pub(super) fn history(answers: &[(u16, u8)]) -> History {
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
    fn too_little_history_fits_nothing() {
        let few = vec![history(&[(0, 3), (2, 3)]); 5];
        assert!(
            compare_memory(&few).is_none(),
            "fewer than 20 delayed answers"
        );
        assert!(optimize(&DEFAULT_PARAMETERS, items(&few[0])).is_none());
    }
}
