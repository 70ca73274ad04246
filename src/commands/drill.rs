//! `codedrill drill` (and plain `codedrill`) and `codedrill cram`: the options of a session, from the
//! command line.

use std::process::ExitCode;

use anyhow::Result;

use super::{Context, session};
use crate::cli::{CramArgs, DrillArgs};
use crate::session::{Cram, Options};
use codedrill_core::schedule::Settings;

pub(super) fn drill(ctx: &mut Context, args: &DrillArgs) -> Result<ExitCode> {
    // Check the settings before anything is opened or locked.
    let settings = args.settings()?;
    let settings = Settings {
        parameters: ctx.store()?.parameters()?.unwrap_or_default(),
        ..settings
    };
    session::run(ctx, &args.decks, |decks| Options {
        decks,
        direction: args.direction.into(),
        mode: args.mode.into(),
        new_per_day: args.new_per_day,
        reviews_per_day: args.reviews_per_day,
        minutes: args.minutes,
        settings,
        cram: None,
        check: Vec::new(),
    })
}

pub(super) fn cram(ctx: &mut Context, args: &CramArgs) -> Result<ExitCode> {
    session::run(ctx, &args.decks, |decks| Options {
        decks,
        direction: args.direction.into(),
        mode: args.mode.into(),
        new_per_day: 0,
        reviews_per_day: 0,
        minutes: args.minutes,
        settings: Settings::default(),
        cram: Some(Cram {
            tag: args.tag.clone(),
            limit: args.limit,
        }),
        check: Vec::new(),
    })
}
