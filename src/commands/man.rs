//! `codedrill man` (hidden, for packagers): the manual page in roff, every command and its options on one
//! page. clap_mangen renders each part from the same definition as `--help`, so the page cannot drift
//! from the program; the parts clap_mangen would give pages of their own (one per command, as git has)
//! are gathered under COMMANDS, and the environment and files are added by hand.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Result;
use clap::CommandFactory;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, roman};

use crate::cli::Cli;

pub(super) fn run() -> Result<ExitCode> {
    let mut page = Vec::new();
    render(&mut page)?;
    io::stdout().write_all(&page)?;
    Ok(ExitCode::SUCCESS)
}

/// The whole page.
pub fn render(w: &mut Vec<u8>) -> io::Result<()> {
    let mut cli = Cli::command();
    // Gives every command its full name ("codedrill export deck") for the headings and synopses.
    cli.build();
    let man = Man::new(cli.clone()).manual("codedrill manual");
    man.render_title(w)?;
    man.render_name_section(w)?;
    man.render_synopsis_section(w)?;
    man.render_description_section(w)?;
    man.render_options_section(w)?;
    section(w, "COMMANDS", |_| {})?;
    for command in visible(&cli) {
        render_command(w, command)?;
    }
    section(w, "EXAMPLES", |roff| {
        let examples = cli.get_after_help().map(ToString::to_string);
        let examples = examples.as_deref().unwrap_or_default();
        preformatted(roff, examples.trim_start_matches("Examples:\n"));
    })?;
    section(w, "ENVIRONMENT", environment)?;
    section(w, "FILES", files)?;
    man.render_version_section(w)
}

/// The commands a person can type: hidden ones and clap's `help` left out.
fn visible(command: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    command
        .get_subcommands()
        .filter(|c| !c.is_hide_set() && c.get_name() != "help")
}

/// One command under COMMANDS: its full name as the heading, then its synopsis, description and options,
/// then its own commands.
fn render_command(w: &mut Vec<u8>, command: &clap::Command) -> io::Result<()> {
    let name = command.get_bin_name().unwrap_or(command.get_name());
    let mut roff = Roff::default();
    roff.control("SS", [name]);
    roff.to_writer(w)?;
    let man = Man::new(command.clone());
    subsection(w, |b| man.render_synopsis_section(b))?;
    subsection(w, |b| man.render_description_section(b))?;
    subsection(w, |b| man.render_options_section(b))?;
    for inner in visible(command) {
        render_command(w, inner)?;
    }
    Ok(())
}

/// A part clap_mangen renders as a section of its own page, its `.SH` heading turned into a paragraph
/// break, to stand under the command's `.SS` heading.
fn subsection(
    w: &mut Vec<u8>,
    render: impl FnOnce(&mut Vec<u8>) -> io::Result<()>,
) -> io::Result<()> {
    let mut part = Vec::new();
    render(&mut part)?;
    for line in String::from_utf8_lossy(&part).lines() {
        match line.starts_with(".SH ") {
            true => writeln!(w, ".PP")?,
            false => writeln!(w, "{line}")?,
        }
    }
    Ok(())
}

fn section(w: &mut Vec<u8>, title: &str, body: impl FnOnce(&mut Roff)) -> io::Result<()> {
    let mut roff = Roff::default();
    roff.control("SH", [title]);
    body(&mut roff);
    roff.to_writer(w)
}

/// Lines kept as they are (no filling), for examples.
fn preformatted(roff: &mut Roff, text: &str) {
    roff.control("nf", []);
    for line in text.lines() {
        roff.text([roman(line)]);
    }
    roff.control("fi", []);
}

fn environment(roff: &mut Roff) {
    for (name, what) in [
        (
            "CODEDRILL_HOME",
            "The folder that holds your progress, as --data-dir sets it.",
        ),
        (
            "CODEDRILL_NOW",
            "Pretend the time is this (RFC 3339, e.g. 2026-12-01T09:00:00Z), to try weeks of study in \
             minutes.",
        ),
        ("NO_COLOR", "Print without colours."),
    ] {
        roff.control("TP", []);
        roff.text([roman(name)]);
        roff.text([roman(what)]);
    }
}

fn files(roff: &mut Roff) {
    roff.control("TP", []);
    roff.text([roman("~/.local/share/codedrill/codedrill.db")]);
    roff.text([roman(
        "Your progress: one SQLite file (on macOS in ~/Library/Application Support/codedrill, on \
         Windows in %APPDATA%\\codedrill). Copies made before an upgrade, an import, removing a deck or a \
         restore are kept in backups/ beside it; codedrill restore lists them.",
    )]);
}
