//! `codedrill completions SHELL`: the tab-completion script for a shell, made by clap_complete from the
//! same definition as `--help`, so it offers exactly the commands and options there are.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::Cli;

pub(super) fn run(shell: clap_complete::Shell) -> Result<ExitCode> {
    // clap_complete panics when it cannot write, so the script is made in memory and then written, where
    // a closed pipe is an error like any other.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "codedrill", &mut script);
    std::io::stdout().write_all(&script)?;
    Ok(ExitCode::SUCCESS)
}
