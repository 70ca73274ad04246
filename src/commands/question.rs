//! Questions asked on the terminal before going on.

use std::fmt;
use std::io::{self, IsTerminal, Write};

use anyhow::Result;
use codedrill_core::sanitize::clean_line;

/// Shows `question` on one line and reads the answer; `None` when the input has ended.
pub(super) fn ask(question: fmt::Arguments) -> Result<Option<String>> {
    let mut out = io::stdout();
    out.write_fmt(question)?;
    out.flush()?;
    let mut answer = String::new();
    if io::stdin().read_line(&mut answer)? == 0 {
        return Ok(None);
    }
    // Piped input is not echoed by a terminal: echo it, so that a transcript reads as a session does.
    if !io::stdin().is_terminal() {
        writeln!(out, "{}", clean_line(answer.trim_end()))?;
    }
    Ok(Some(answer))
}

/// Asks before something that cannot be undone: only `yes` (or `y`) goes ahead.
pub(super) fn confirmed(question: fmt::Arguments) -> Result<bool> {
    let answer = ask(question)?.unwrap_or_default();
    Ok(matches!(answer.trim().to_lowercase().as_str(), "yes" | "y"))
}
