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
    let span = days_to_learn + KEEPING_DAYS;
    let pace = (seconds_per_answer as f32 / TYPICAL_REVIEW_SECONDS).clamp(0.2, 5.0);
    let defaults = SimulatorConfig::default();
    let config = SimulatorConfig {
        deck_size: cards,
        learn_span: span,
        learn_limit: NEW_PER_DAY,
        max_cost_perday: f32::MAX,
        state_rating_costs: defaults.state_rating_costs.map(|row| row.map(|c| c * pace)),
        ..defaults
    };
    let w = scaled_parameters(factor as f32);
    let result = fsrs::simulate(&config, &w, 0.9, Some(42), None).ok()?;
    let minutes =
        |days: &[f32]| f64::from(days.iter().sum::<f32>()) / 60.0 / days.len().max(1) as f64;
    Some(Workload {
        what: what.to_owned(),
        cards,
        days_to_learn,
        learning_minutes_per_day: minutes(&result.cost_per_day[..days_to_learn]),
        keeping_minutes_per_day: minutes(&result.cost_per_day[days_to_learn..]),
    })
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
}
