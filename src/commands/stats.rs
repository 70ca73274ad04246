//! `codedrill stats`: today, cards by state, true retention, the forecast, time and streaks, per deck.

use std::process::ExitCode;

use anyhow::Result;

use super::log;
use super::{Context, deck_ids};
use crate::clock;
use crate::store::Store;
use crate::view::hidden::left_out;
use codedrill_core::deck::Role;
use codedrill_core::stats::{CardCounts, StatsReport};

/// Days of the due forecast (in `stats` and the HTML report's chart).
pub(super) const FORECAST_DAYS: usize = 30;

pub(super) fn run(ctx: &mut Context, decks: &[String], json: bool) -> Result<ExitCode> {
    let style = ctx.style();
    let (store, clock) = ctx.store_and_clock()?;
    let ids = deck_ids(store, decks)?;
    let today = clock::study_day(clock.now());
    let summary = log::summary(store, &ids, today)?;
    let forecast = store.due_forecast(&ids, today, FORECAST_DAYS)?;
    let mut view = StatsReport::build(&summary, card_counts(store, &ids)?, forecast);
    if decks.is_empty() {
        view.hidden_decks = store.hidden_decks()?;
    }
    if json {
        say!("{}", serde_json::to_string_pretty(&view)?);
    } else {
        say_inline!("{}", crate::view::stats::render(&view, style));
        if let Some(left_out) = left_out(&view.hidden_decks, "these figures") {
            say!(
                "\n{}\n{}",
                style.bold("Hidden decks"),
                style.wrap(&left_out, "  ", "  ")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Cards by state in each of the decks `ids`.
fn card_counts(store: &Store, ids: &[i64]) -> Result<Vec<(i64, String, Role, CardCounts)>> {
    Ok(store
        .state_counts()?
        .into_iter()
        .filter(|c| ids.contains(&c.deck_id))
        .map(|c| {
            let counts = CardCounts {
                new: c.new,
                learning: c.learning,
                review: c.review,
                suspended: c.suspended,
                leeches: c.leeches,
            };
            (c.deck_id, c.deck, c.role, counts)
        })
        .collect())
}
