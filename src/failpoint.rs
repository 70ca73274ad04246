//! Failpoints: named places where a test can make codedrill fail or crash on purpose, to prove that an
//! import failing half way or a process killed between two answers loses nothing.
//!
//! `CODEDRILL_FAILPOINT=NAME:N:ACTION` makes the Nth time NAME is reached fail (`error`) or end the process
//! on the spot, as a kill would (`abort`). Only debug builds (what `cargo test` runs) read the variable;
//! in a release build `hit` does nothing.

use std::sync::atomic::AtomicU64;

use anyhow::Result;

/// Counts how often each failpoint was reached; one counter is enough since a test arms one failpoint.
static HITS: AtomicU64 = AtomicU64::new(0);

#[cfg(debug_assertions)]
pub fn hit(name: &str) -> Result<()> {
    let Ok(spec) = std::env::var("CODEDRILL_FAILPOINT") else {
        return Ok(());
    };
    let mut parts = spec.splitn(3, ':');
    let (Some(target), Some(n), action) = (parts.next(), parts.next(), parts.next()) else {
        return Ok(());
    };
    if target != name {
        return Ok(());
    }
    let count = HITS.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
    if n.parse::<u64>().ok() != Some(count) {
        return Ok(());
    }
    match action {
        Some("abort") => std::process::abort(),
        _ => anyhow::bail!("failpoint {name} reached (a test asked for this failure)"),
    }
}

#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn hit(_name: &str) -> Result<()> {
    let _ = &HITS;
    Ok(())
}
