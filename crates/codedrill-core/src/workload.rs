//! How many minutes a day a set of codes costs to learn and then keep at 90% recall, for this learner's
//! memory and answer speed: the `fsrs` crate's simulator (the one Anki's "Simulate" uses), not a
//! hand-written model.

use fsrs::{DEFAULT_PARAMETERS, SimulatorConfig};
use serde::Serialize;

/// New cards a day in the simulation, as codedrill's default drill.
pub const NEW_PER_DAY: usize = 20;
/// The days after the last new card over which the cost of keeping is averaged.
const KEEPING_DAYS: usize = 90;
/// The simulator's cost of a right review, in seconds: its costs are scaled to the learner's own pace.
const TYPICAL_REVIEW_SECONDS: f32 = 12.38;

/// The cost of one set of codes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Workload {
    /// What is kept: "the 495 built-in ICD-10-CM codes".
    pub what: String,
    pub cards: usize,
    /// Days to introduce every card at 20 new cards a day.
    pub days_to_learn: usize,
    /// Minutes a day while new cards are still coming.
    pub learning_minutes_per_day: f64,
    /// Minutes a day afterwards, to keep them at 90% recall.
    pub keeping_minutes_per_day: f64,
}

/// The FSRS-6 default parameters with memory scaled by `factor`: initial stabilities times `factor`, and
/// recall growth (w8, the log of the stability increase on success) moved by half the log of `factor`.
/// Above 1 remembers longer, below 1 forgets sooner; this is what a memory factor means.
pub fn scaled_parameters(factor: f32) -> Vec<f32> {
    let mut w = DEFAULT_PARAMETERS.to_vec();
    for s in &mut w[..4] {
        *s *= factor;
    }
    w[8] += factor.ln() * 0.5;
    w
}

/// Simulates `cards` new codes learned at [`NEW_PER_DAY`] and kept at 90% recall by a learner whose
/// memory is `factor` times the typical one and who takes `seconds_per_answer` (median) to answer.
pub fn simulate(
    what: &str,
    cards: usize,
    factor: f64,
    seconds_per_answer: f64,
) -> Option<Workload> {
    if cards == 0 || !factor.is_finite() || factor <= 0.0 {
        return None;
    }
    let days_to_learn = cards.div_ceil(NEW_PER_DAY);
    let plan = Plan {
        cards,
        span: days_to_learn + KEEPING_DAYS,
        pace: (seconds_per_answer as f32 / TYPICAL_REVIEW_SECONDS).clamp(0.2, 5.0),
        w: scaled_parameters(factor as f32),
    };
    let cost_per_day = if cards <= EXACT_UP_TO {
        plan.run(cards, NEW_PER_DAY)?
    } else {
        plan.by_cohort(COHORT)?
    };
    Some(Workload {
        what: what.to_owned(),
        cards,
        days_to_learn,
        learning_minutes_per_day: minutes_a_day(&cost_per_day[..days_to_learn]),
        keeping_minutes_per_day: minutes_a_day(&cost_per_day[days_to_learn..]),
    })
}

/// The mean of days' costs in seconds, in minutes.
fn minutes_a_day(seconds: &[f64]) -> f64 {
    seconds.iter().sum::<f64>() / 60.0 / seconds.len().max(1) as f64
}

/// Sets up to this many cards are simulated card by card; a bigger set through a cohort
/// ([`Plan::by_cohort`]).
const EXACT_UP_TO: usize = 2_000;
/// The cards of the cohort that stands for a bigger set.
const COHORT: usize = 500;
/// The simulator's seed: the same figures for the same inputs.
const SEED: u64 = 42;

/// One simulation's inputs but the cards: the set's size, the days simulated, the learner's pace and
/// memory.
struct Plan {
    cards: usize,
    span: usize,
    pace: f32,
    w: Vec<f32>,
}

impl Plan {
    /// The simulator on `deck_size` cards started `learn_limit` a day: the seconds of study of each day.
    fn run(&self, deck_size: usize, learn_limit: usize) -> Option<Vec<f64>> {
        let defaults = SimulatorConfig::default();
        let config = SimulatorConfig {
            deck_size,
            learn_span: self.span,
            learn_limit,
            max_cost_perday: f32::MAX,
            state_rating_costs: defaults
                .state_rating_costs
                .map(|row| row.map(|c| c * self.pace)),
            ..defaults
        };
        let result = fsrs::simulate(&config, &self.w, 0.9, Some(SEED), None).ok()?;
        Some(result.cost_per_day.iter().map(|&c| f64::from(c)).collect())
    }

    /// The day-by-day cost of the whole set from a cohort of `cohort` cards all started on day 0. With no
    /// daily cap on reviews or time (as here), a card's reviews depend only on the day it was started, so
    /// the cost on day `t` is the sum, over the days `s` cards were started, of the cards started that day
    /// times one card's expected cost at age `t - s`: the cohort's cost per card. The simulator's time
    /// grows with cards times days: every card of the ICD-10-CM list (75,000 cards over ten years) took
    /// 6.5 s, the cohort takes milliseconds.
    fn by_cohort(&self, cohort: usize) -> Option<Vec<f64>> {
        let per_card: Vec<f64> = self
            .run(cohort, cohort)?
            .into_iter()
            .map(|c| c / cohort as f64)
            .collect();
        // below[a]: one card's cost summed over ages 0..a, so each day's sum over ages is a subtraction.
        let mut below = vec![0.0; per_card.len() + 1];
        for (a, c) in per_card.iter().enumerate() {
            below[a + 1] = below[a] + c;
        }
        // Cards are started NEW_PER_DAY a day, the rest on the last of the starting days.
        let last = self.cards.div_ceil(NEW_PER_DAY) - 1;
        let short = (NEW_PER_DAY * (last + 1) - self.cards) as f64;
        let cost = |t: usize| {
            let all = NEW_PER_DAY as f64 * (below[t + 1] - below[t.saturating_sub(last)]);
            all - t.checked_sub(last).map_or(0.0, |age| short * per_card[age])
        };
        Some((0..self.span).map(cost).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_better_memory_and_a_quicker_hand_cost_less_time() {
        let typical = simulate("codes", 489, 1.0, 12.0).unwrap();
        assert_eq!(typical.days_to_learn, 25);
        assert!(
            typical.learning_minutes_per_day > typical.keeping_minutes_per_day,
            "{typical:?}"
        );
        let strong = simulate("codes", 489, 2.0, 12.0).unwrap();
        let weak = simulate("codes", 489, 0.5, 12.0).unwrap();
        assert!(strong.keeping_minutes_per_day < typical.keeping_minutes_per_day);
        assert!(weak.keeping_minutes_per_day > typical.keeping_minutes_per_day);
        let quick = simulate("codes", 489, 1.0, 6.0).unwrap();
        assert!(quick.keeping_minutes_per_day < typical.keeping_minutes_per_day);
        assert!(simulate("codes", 0, 1.0, 6.0).is_none());
    }

    #[test]
    fn a_big_set_costs_what_simulating_every_card_costs_within_five_percent() {
        let cards = 3_000;
        let days = cards / NEW_PER_DAY;
        let cohort = simulate("codes", cards, 1.0, TYPICAL_REVIEW_SECONDS.into()).unwrap();
        let plan = Plan {
            cards,
            span: days + KEEPING_DAYS,
            pace: 1.0,
            w: scaled_parameters(1.0),
        };
        let every = plan.run(cards, NEW_PER_DAY).unwrap();
        for (got, exact) in [
            (
                cohort.learning_minutes_per_day,
                minutes_a_day(&every[..days]),
            ),
            (
                cohort.keeping_minutes_per_day,
                minutes_a_day(&every[days..]),
            ),
        ] {
            assert!((got / exact - 1.0).abs() < 0.05, "{got} against {exact}");
        }
    }
}
