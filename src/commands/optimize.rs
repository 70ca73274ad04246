//! `codedrill optimize`: fit personal FSRS parameters, kept only if they predict held-out reviews better.

use std::process::ExitCode;

use anyhow::Result;

use super::Context;
use super::log::{Histories, gather};
use crate::clock;
use codedrill_core::memory::{MIN_ITEMS, Optimized};

pub(super) fn run(ctx: &mut Context, reset: bool) -> Result<ExitCode> {
    let (store, clock) = ctx.store_and_clock()?;
    if reset {
        store.reset_parameters()?;
        say!("Back to the default FSRS-6 parameters.");
        return Ok(ExitCode::SUCCESS);
    }
    let ids = store.all_deck_ids()?;
    let (_, histories) = gather(store, &ids, clock::study_day(clock.now()), Histories::Timed)?;
    let histories: Vec<_> = histories.into_iter().map(|(_, h)| h).collect();
    let items = codedrill_core::memory::items_in_time_order(&histories);
    let current = store.parameters()?;
    let current_name = if current.is_some() {
        "your current parameters"
    } else {
        "the default parameters"
    };
    let current = current.unwrap_or_else(|| fsrs::DEFAULT_PARAMETERS.to_vec());
    let Some(result) = codedrill_core::memory::optimize(&current, items.clone()) else {
        say!(
            "Not enough reviews to fit yet: {} of at least {} (each answer after a card's first counts, once a \
             day has passed). Keep drilling; the defaults are the medians of about 10,000 learners.",
            items.len(),
            MIN_ITEMS
        );
        return Ok(ExitCode::SUCCESS);
    };
    show_scores(&result, current_name)?;
    match &result.adopted {
        Some(parameters) => {
            store.set_parameters(parameters, clock.now())?;
            say!(
                "The new fit predicts better: refitted on all your reviews and saved. Drills use it from now on."
            );
        }
        None => say!("The new fit does not predict better, so {current_name} stay."),
    }
    Ok(ExitCode::SUCCESS)
}

/// The two fits side by side, scored on the held-out reviews.
fn show_scores(result: &Optimized, current_name: &str) -> Result<()> {
    say!(
        "Fitted on the earlier {} of {} reviews; scored on the latest {} (held out):",
        result.items - result.held_out,
        result.items,
        result.held_out
    );
    say!("  {:<28} {:>9} {:>11}", "", "log loss", "RMSE(bins)");
    say!(
        "  {:<28} {:>9.4} {:>11.4}",
        current_name,
        result.current.log_loss,
        result.current.rmse_bins
    );
    say!(
        "  {:<28} {:>9.4} {:>11.4}",
        "new fit",
        result.candidate.log_loss,
        result.candidate.rmse_bins
    );
    say!(
        "  (lower is better; {} reviews scored)",
        result.candidate.reviews
    );
    Ok(())
}
