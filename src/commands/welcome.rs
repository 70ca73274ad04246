//! Plain `codedrill` the first time: a welcome that offers the trial.

use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;

use super::question::ask;
use super::{Context, drill, trial};
use crate::cli::{Cli, DrillArgs};

/// Plain `codedrill`: no command and no drill options.
pub(super) fn is_plain(args: &DrillArgs) -> bool {
    Cli::try_parse_from(["codedrill"]).is_ok_and(|defaults| defaults.drill == *args)
}

/// Nothing answered yet (a trial begun without an answer has not begun). A data folder without a
/// database is not created here.
pub(super) fn first_run(ctx: &mut Context) -> Result<bool> {
    if !ctx.dir().join(crate::store::DB_FILE).exists() {
        return Ok(true);
    }
    Ok(!ctx.store_as_it_is()?.any_standing_review()?)
}

pub(super) fn run(ctx: &mut Context) -> Result<ExitCode> {
    let style = ctx.style();
    let welcome = "Welcome to codedrill. If you are here to find out whether medical coding suits you, start \
                   with the trial: a guided 15-minute session of what coders and billers learn, then two short \
                   checks after 1 and 3 days, and `codedrill report` gives you an honest read of your own \
                   evidence.";
    say!("{}", style.wrap(welcome, "", ""));
    let later = "Run `codedrill trial` whenever you want to start it, or `codedrill drill` to drill right away.";
    let Some(answer) = ask(format_args!("Start the trial now? [Y/n] › "))? else {
        say!("\n{}", style.wrap(later, "", ""));
        return Ok(ExitCode::SUCCESS);
    };
    match answer.trim().to_lowercase().as_str() {
        "" | "y" | "yes" => trial::run(ctx),
        "n" | "no" => {
            say!(
                "{}\n",
                style.wrap(&format!("No trial for now. {later}"), "", "")
            );
            drill::drill(ctx, &Cli::try_parse_from(["codedrill"])?.drill)
        }
        _ => {
            say!(
                "{}",
                style.wrap(&format!("Nothing started. {later}"), "", "")
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
