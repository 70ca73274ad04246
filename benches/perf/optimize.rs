//! `optimize` on a real review log, beside one fit by the fsrs crate, and the reference figures.

use std::path::Path;
use std::time::Instant;

use super::{Row, Scale, median, ms};

// ----- optimize over the real log -----

/// The 12,580-review log in ../shared/data, if it is there (it is not part of the repository).
fn josh() -> Option<Vec<codedrill_core::memory::History>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/revlog-josh.csv");
    let mut reader = csv::Reader::from_path(path).ok()?;
    let mut by_card: std::collections::BTreeMap<i64, Vec<(i64, u8)>> = Default::default();
    for record in reader.records() {
        let r = record.ok()?;
        let at = chrono::DateTime::parse_from_rfc3339(&r[2])
            .ok()?
            .timestamp_millis();
        by_card
            .entry(r[0].parse().ok()?)
            .or_default()
            .push((at, r[1].parse().ok()?));
    }
    Some(
        by_card
            .into_values()
            .map(|mut reviews| {
                reviews.sort();
                let mut previous = None;
                let mut history = codedrill_core::memory::History::default();
                for (at, rating) in reviews {
                    // As the reference does: whole 24-hour periods since the previous review.
                    let delta = previous.map_or(0, |p| ((at - p) / 86_400_000) as u16);
                    previous = Some(at);
                    history
                        .answers
                        .push(codedrill_core::memory::Answer { delta, rating });
                    history.times.push(at);
                }
                history
            })
            .collect(),
    )
}

pub fn optimize(scale: &Scale) -> Vec<Row> {
    let Some(histories) = josh() else {
        eprintln!("skipping the optimize benchmark: ../shared/data/revlog-josh.csv is not there");
        return vec![Row {
            work: "optimize over the real 12,580-review log",
            measured: "skipped (../shared/data/revlog-josh.csv absent)".into(),
            target: "<= 2 s",
            compared: String::new(),
            peak: None,
        }];
    };
    let items = codedrill_core::memory::items_in_time_order(&histories);
    let defaults = fsrs::DEFAULT_PARAMETERS.to_vec();
    let default_metrics = codedrill_core::memory::evaluate(&defaults, &items).unwrap();
    let mut ours = Vec::new();
    let mut crate_alone = Vec::new();
    for _ in 0..if scale.name == "full" { 3 } else { 1 } {
        let started = Instant::now();
        codedrill_core::memory::optimize(&defaults, items.clone()).unwrap();
        ours.push(started.elapsed());
        let started = Instant::now();
        codedrill_core::memory::fit(items.clone()).unwrap();
        crate_alone.push(started.elapsed());
    }
    // The crate's 5-split evaluation scores every item it is given, so it gets the scored ones only
    // (the last answer a day or more after the one before), as the reference figures count them.
    let scored: Vec<_> = items
        .iter()
        .filter(|i| i.reviews.last().is_some_and(|r| r.delta_t > 0))
        .cloned()
        .collect();
    let split = fsrs::evaluate_with_time_series_splits(
        fsrs::ComputeParametersInput {
            train_set: scored,
            ..Default::default()
        },
        |_| true,
    )
    .unwrap();
    let (o, c) = (median(&mut ours), median(&mut crate_alone));
    vec![
        Row {
            work: "optimize over the real 12,580-review log",
            measured: ms(o),
            target: "<= 2 s (fsrs-rs: about 0.03 s of fitting)",
            compared: format!(
                "one fit by the fsrs crate {} ({:.1}x: optimize fits twice and scores)",
                ms(c),
                o.as_secs_f64() / c.as_secs_f64()
            ),
            peak: None,
        },
        Row {
            work: "reference figures on that log",
            measured: format!(
                "defaults: log loss {:.6}, RMSE {:.4} on {} reviews; fitted (5-split): {:.6} / {:.4}",
                default_metrics.log_loss,
                default_metrics.rmse_bins,
                default_metrics.reviews,
                split.log_loss,
                split.rmse_bins
            ),
            target: "0.458662 / 0.0956 on 5,329; 0.434552 / 0.0413",
            compared: String::new(),
            peak: None,
        },
    ]
}
