//! `codedrill trial`: the guided first step, a 15-minute mixed session, then checks after 1 and 3 days.

use std::process::ExitCode;

use anyhow::Result;

use super::{Context, session};
use crate::builtin::BUILTIN;
use crate::clock::{self, Day};
use crate::session::Options;
use crate::store::{MetaKey, Store};
use codedrill_core::answer::Mode;
use codedrill_core::deck::Direction;
use codedrill_core::report::{Trial, TrialStage};
use codedrill_core::schedule::Settings;

/// Where the study day the trial began is kept.
pub(super) const TRIAL_KEY: MetaKey = MetaKey::TrialStartedDay;

/// The study day the trial began, if it has.
pub(super) fn started(store: &Store) -> Result<Option<Day>> {
    Ok(store.meta(TRIAL_KEY)?.and_then(|d| d.parse().ok()))
}

pub(super) fn run(ctx: &mut Context) -> Result<ExitCode> {
    let (store, clock) = ctx.store_and_clock()?;
    let today = clock::study_day(clock.now());
    let started = match started(store)? {
        Some(day) => day,
        None => {
            store.set_meta(TRIAL_KEY, &today.to_string())?;
            today
        }
    };
    introduce(today, started)?;
    let first_day = today == started;
    let parameters = store.parameters()?.unwrap_or_default();
    let decks: Vec<String> = BUILTIN.iter().map(|d| d.name.to_owned()).collect();
    let code = session::run(ctx, &decks, |ids| Options {
        decks: ids,
        direction: Direction::Auto,
        mode: Mode::Type,
        new_per_day: if first_day { 30 } else { 10 },
        reviews_per_day: 200,
        minutes: Some(15),
        settings: Settings {
            parameters,
            ..Settings::default()
        },
        cram: None,
    })?;
    let store = ctx.store()?;
    let stage = codedrill_core::report::trial_stage(Some(started), &studied_days(store)?, today);
    tell_next(&stage, started)?;
    Ok(code)
}

fn introduce(today: Day, started: Day) -> Result<()> {
    if today == started {
        say!(
            "Your codedrill trial: about 15 minutes with a mix of what coders and billers learn: ICD-10-CM \
             diagnoses,\nCPT-style procedures, HCPCS codes, modifiers, word parts, abbreviations, billing terms \
             and coding cases.\nNot knowing most answers is expected: type your best guess, or press Enter to \
             see the answer.\n"
        );
    } else {
        say!(
            "Trial check, day {}: the cards you learned come back now, to see what stayed.\n",
            today - started
        );
    }
    Ok(())
}

/// The study days with at least one standing answer, in order.
fn studied_days(store: &Store) -> Result<Vec<Day>> {
    let mut studied = Vec::new();
    store.for_each_fact(&store.all_deck_ids()?, &mut |f, _| {
        if studied.last() != Some(&f.day) {
            studied.push(f.day);
        }
    })?;
    Ok(studied)
}

/// Where the trial stands, and when the next check is.
fn tell_next(stage: &Trial, started: Day) -> Result<()> {
    say!("\n{}", stage.says);
    if stage.stage == TrialStage::Complete {
        say!("Run `codedrill report` for your read; keep drilling with `codedrill` to firm it up.");
        return Ok(());
    }
    let check = if stage.stage == TrialStage::FirstDay {
        started + 1
    } else {
        started + 3
    };
    let date = (clock::day_start(check) + chrono::Duration::hours(8)).with_timezone(&chrono::Local);
    say!(
        "Next check: {} (run `codedrill trial`). `codedrill report` shows your evidence at any time.",
        date.format("%A %-d %B")
    );
    Ok(())
}
