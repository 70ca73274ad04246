//! `codedrill report`: the fit report, as text, JSON, or one HTML page with its charts.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use super::log;
use super::output::write_output;
use super::stats::FORECAST_DAYS;
use super::{Context, trial};
use crate::cli::Output;
use crate::clock::{self, Day};
use crate::store::{DeckSummary, Store};
use crate::view::hidden::left_out;
use chrono::{DateTime, Utc};
use codedrill_core::memory::MemoryEvidence;
use codedrill_core::report::{Inputs, Memories, Report};
use codedrill_core::sanitize::clean_path;
use codedrill_core::stats::Summary;

pub(super) fn run(
    ctx: &mut Context,
    json: bool,
    html: Option<PathBuf>,
    force: bool,
) -> Result<ExitCode> {
    let style = ctx.style();
    let (store, clock) = ctx.store_and_clock()?;
    let now = clock.now();
    let today = clock::study_day(now);
    let ids = store.all_deck_ids()?;
    let (summary, evidence) = log::memory(store, &ids, today)?;
    let mut report = codedrill_core::report::build(&Inputs {
        summary: &summary,
        memory: memories(evidence),
        sessions: &store.sessions()?,
        trial_started: trial::started(store)?,
        generated_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        workload_sets: workload_sets(store, today, now)?,
        case_attempts: &store.case_attempts(&ids)?,
        overrides: store.overrides()?,
    });
    report.hidden_decks = store.hidden_decks()?;
    if json {
        say!("{}", serde_json::to_string_pretty(&report)?);
    } else if let Some(path) = html {
        let forecast = store.due_forecast(&ids, today, FORECAST_DAYS)?;
        write_page(&report, &summary, forecast, path, force)?;
    } else {
        say_inline!("{}", crate::view::report::render(&report, style));
        if let Some(left_out) = left_out(&report.hidden_decks, "this report") {
            say!(
                "\n{}\n{}",
                style.bold("Hidden decks"),
                style.wrap(&left_out, "   ", "   ")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The memory factor over all material, and over each kind of it: the evidence of each kind (by
/// `Role`'s order), all of it their sum.
fn memories(by_role: [MemoryEvidence; 4]) -> Memories {
    let [coding, terminology, billing, other] = by_role;
    let mut coder = coding;
    coder.add(&terminology);
    let mut all = other;
    all.add(&coder);
    all.add(&billing);
    Memories {
        all: all.compare(),
        coder: coder.compare(),
        biller: billing.compare(),
    }
}

/// The sets of codes the report costs in minutes a day: the built-in ICD-10-CM deck, and everything.
fn workload_sets(store: &Store, today: Day, now: DateTime<Utc>) -> Result<Vec<(String, usize)>> {
    let decks = store.deck_summaries(today, now)?;
    let cards = |d: &DeckSummary| usize::try_from(d.cards).unwrap_or(0);
    let mut sets: Vec<(String, usize)> = decks
        .iter()
        .filter(|d| d.name == ICD10CM_DECK)
        .map(|d| {
            (
                format!("the {} built-in ICD-10-CM codes", d.cards),
                cards(d),
            )
        })
        .collect();
    // The ICD-10-CM yardstick is the job's, so it stays when its deck is hidden; "all your decks" does not.
    let all: usize = decks.iter().filter(|d| !d.hidden).map(cards).sum();
    sets.push((format!("all {all} cards of your decks"), all));
    Ok(sets)
}

/// The built-in deck of everyday ICD-10-CM codes.
const ICD10CM_DECK: &str = "icd10cm-common";

/// The report with its charts as one HTML page at `path`.
fn write_page(
    report: &Report,
    summary: &Summary,
    forecast: Vec<i64>,
    path: PathBuf,
    force: bool,
) -> Result<()> {
    let page = crate::view::html::page(report, summary, &forecast);
    let out = Output {
        out: Some(path.clone()),
        force,
    };
    write_output(&out, |w| Ok(w.write_all(page.as_bytes())?))?;
    say!(
        "Wrote the report to {}: open it in a browser (it needs no network).",
        clean_path(&path)
    );
    Ok(())
}
