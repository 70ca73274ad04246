//! `codedrill about`: where the codes come from, and the licensing notice.

use std::process::ExitCode;

use anyhow::Result;

pub(super) fn run() -> Result<ExitCode> {
    say_inline!("{}", crate::notice::NOTICE);
    Ok(ExitCode::SUCCESS)
}
