//! `codedrill check`: the thorough look for damage (every page, every index against its table, the
//! foreign keys, the schema's tables), reading only. Opening makes a quicker check before any command
//! writes (see RELIABILITY.md); this one is for when something seems wrong, or before a backup is trusted.

use std::process::ExitCode;

use anyhow::Result;

use super::Context;
use crate::store::{DB_FILE, check, way_back};

/// Problems listed at most; SQLite's check stops at twenty too.
const SHOWN: usize = 20;

pub(super) fn run(ctx: &mut Context) -> Result<ExitCode> {
    let db = ctx.dir().join(DB_FILE);
    let shown = codedrill_core::sanitize::clean_path(&db);
    if !db.exists() {
        say!("There is no progress to check yet: {shown} does not exist.");
        return Ok(ExitCode::SUCCESS);
    }
    let report = check::thoroughly(&db)?;
    if report.problems.is_empty() {
        say!(
            "{shown} is sound: {} decks, {} cards and {} answers, every page checked.",
            report.decks,
            report.cards,
            report.reviews
        );
        return Ok(ExitCode::SUCCESS);
    }
    say!("{shown} is damaged:");
    for problem in report.problems.iter().take(SHOWN) {
        say!("  {}", codedrill_core::sanitize::clean_line(problem));
    }
    say!("{}.", way_back(&db));
    Ok(ExitCode::FAILURE)
}
