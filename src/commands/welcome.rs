//! Plain `codedrill` the first time: a welcome that offers the trial.

use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;

use super::question::ask;
use super::trial::TRIAL_KEY;
use super::{Context, drill, trial};
use crate::cli::{Cli, DrillArgs};

/// Plain `codedrill`: no command and no drill options.
pub(super) fn is_plain(args: &DrillArgs) -> bool {
    Cli::try_parse_from(["codedrill"]).is_ok_and(|defaults| defaults.drill == *args)
}

/// Nothing answered yet and no trial begun. A data folder without a database is not created here.
pub(super) fn first_run(ctx: &mut Context) -> Result<bool> {
    if !ctx.dir().join(crate::store::DB_FILE).exists() {
        return Ok(true);
    }
    let store = ctx.store_as_it_is()?;
    Ok(store.total_reviews()? == 0 && store.meta(TRIAL_KEY)?.is_none())
}

pub(super) fn run(ctx: &mut Context) -> Result<ExitCode> {
    say!(
        "Welcome to codedrill. If you are here to find out whether medical coding suits you, start with the \
         trial:\na guided 15-minute session of what coders and billers learn, then two short checks after 1 and \
         3 days,\nand `codedrill report` gives you an honest read of your own evidence."
    );
    let Some(answer) = ask(format_args!("Start the trial now? [Y/n] › "))? else {
        say!("\nRun `codedrill trial` to begin, or `codedrill drill` to drill right away.");
        return Ok(ExitCode::SUCCESS);
    };
    match answer.trim().to_lowercase().as_str() {
        "n" | "no" => drill::drill(ctx, &Cli::try_parse_from(["codedrill"])?.drill),
        _ => trial::run(ctx),
    }
}
