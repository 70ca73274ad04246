//! `codedrill optimize`: fit personal FSRS parameters, kept only if they predict held-out reviews better.

use std::process::ExitCode;

use anyhow::Result;

use super::Context;
use super::log;
use crate::clock;
use crate::view::style::Style;
use codedrill_core::memory::{MIN_ITEMS, MIN_SCORED, Optimized};
use codedrill_core::words::plural;

pub(super) fn run(ctx: &mut Context, reset: bool) -> Result<ExitCode> {
    let style = ctx.style();
    let (store, clock) = ctx.store_and_clock()?;
    if reset {
        store.reset_parameters()?;
        say!("Back to the default FSRS-6 parameters.");
        return Ok(ExitCode::SUCCESS);
    }
    // Memory is the person's: answers in hidden decks are evidence for their parameters too.
    let ids = store.deck_ids_with_hidden()?;
    let histories = log::histories(store, &ids, clock::study_day(clock.now()))?;
    let histories: Vec<_> = histories.into_iter().map(|(_, h)| h).collect();
    let items = codedrill_core::memory::items_in_time_order(&histories);
    let current = store.parameters()?;
    let current_name = if current.is_some() {
        "your current settings"
    } else {
        "the default settings"
    };
    let current = current.unwrap_or_else(|| fsrs::DEFAULT_PARAMETERS.to_vec());
    let Some(result) = codedrill_core::memory::optimize(&current, items.clone()) else {
        let text = format!(
            "Not enough reviews to fit yet: {} of at least {MIN_ITEMS} (each answer after a card's first \
             counts, once a day has passed). Keep drilling; the defaults are the medians of about 10,000 \
             learners.",
            items.len()
        );
        say!("{}", style.wrap(&text, "", ""));
        return Ok(ExitCode::SUCCESS);
    };
    show_scores(style, &result, current_name)?;
    let verdict = match &result.adopted {
        Some(parameters) => {
            store.set_parameters(parameters, clock.now())?;
            format!(
                "The new fit predicts your answers better: {:.2} vs {:.2} error. Saved (refitted on all \
                 your reviews): drills use it from now on.",
                result.candidate.log_loss, result.current.log_loss
            )
        }
        None if result.candidate.reviews < MIN_SCORED => format!(
            "That is too few answers to judge by (at least {MIN_SCORED} are needed), so {current_name} \
             stay. Keep drilling and try again later."
        ),
        None => format!("The new fit does not predict better on both, so {current_name} stay."),
    };
    say!("{}", style.wrap(&verdict, "", ""));
    Ok(ExitCode::SUCCESS)
}

/// The two fits side by side, in plain words, judged on the latest answers held back from fitting.
fn show_scores(style: Style, result: &Optimized, current_name: &str) -> Result<()> {
    let (new, old) = (&result.candidate, &result.current);
    let words = |better: bool| if better { "better" } else { "worse" };
    let text = format!(
        "A new fit of your memory settings was made from your earlier {} and tested on the latest {} \
         ({} judged: those a day or more after the one before). How far off its predictions of your \
         answers are, against {current_name} (lower is better):",
        plural((result.items - result.held_out) as i64, "answer"),
        result.held_out,
        plural(new.reviews as i64, "answer"),
    );
    say!("{}", style.wrap(&text, "", ""));
    let lines = [
        format!(
            "overall error: {:.2} vs {:.2} ({})",
            new.log_loss,
            old.log_loss,
            words(new.log_loss < old.log_loss)
        ),
        format!(
            "error in how often you recall, by kind of card: {:.3} vs {:.3} ({})",
            new.rmse_bins,
            old.rmse_bins,
            words(new.rmse_bins < old.rmse_bins)
        ),
    ];
    for line in lines {
        say!("{}", style.wrap(&line, "  - ", "    "));
    }
    Ok(())
}
