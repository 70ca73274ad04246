//! Questions asked on the terminal before going on.

use std::fmt;
use std::io::{self, Write};

use anyhow::Result;

/// Shows `question` on one line and reads the answer; `None` when the input has ended.
pub(super) fn ask(question: fmt::Arguments) -> Result<Option<String>> {
    let mut out = io::stdout();
    out.write_fmt(question)?;
    out.flush()?;
    let mut answer = String::new();
    if io::stdin().read_line(&mut answer)? == 0 {
        return Ok(None);
    }
    Ok(Some(answer))
}

/// Asks before something that cannot be undone: only `yes` (or `y`) goes ahead.
pub(super) fn confirmed(question: fmt::Arguments) -> Result<bool> {
    let answer = ask(question)?.unwrap_or_default();
    Ok(matches!(answer.trim().to_lowercase().as_str(), "yes" | "y"))
}
