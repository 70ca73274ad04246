//! A drill or practice session on the terminal: the session lock, Ctrl-C, the summary at the end and
//! tomorrow's count. The session loop itself is `crate::session`.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::{Result, bail};

use super::{Context, deck_ids};
use crate::clock;
use crate::session::{Drill, Ending, Options, Tally, summary};
use crate::store::SessionLock;
use crate::view::style::Style;
use codedrill_core::words::plural;

/// The exit code after Ctrl-C, as shells expect (128 + SIGINT).
pub const EXIT_INTERRUPTED: u8 = 130;

/// Runs a session over the decks named (every deck when none is), with the options `options` makes
/// from their ids.
pub(super) fn run(
    ctx: &mut Context,
    decks: &[String],
    options: impl FnOnce(Vec<i64>) -> Options,
) -> Result<ExitCode> {
    let dir = ctx.dir().to_path_buf();
    let style = ctx.style();
    let (store, clock) = ctx.store_and_clock()?;
    let _lock = SessionLock::acquire(&dir)?;
    let ids = deck_ids(store, decks)?;
    if ids.is_empty() && !store.hidden_decks()?.is_empty() {
        bail!(
            "every deck is hidden, so there is nothing to drill; `codedrill decks show NAME` brings one back, \
             or drill one as it is with `codedrill drill --deck NAME`"
        );
    }
    let options = options(ids);
    let tally = Arc::new(Mutex::new(Tally::default()));
    stop_on_ctrl_c(Arc::clone(&tally), style);
    let ending = Drill {
        store: &mut *store,
        clock,
        input: io::stdin().lock(),
        out: io::stdout(),
        style,
        echo: !io::stdin().is_terminal(),
        tally: Arc::clone(&tally),
        decks: Default::default(),
        book: Some(&super::IndexBook),
    }
    .run(&options);
    let ending = match ending {
        // Ctrl-C stopped a wait for another codedrill's write; its handler prints the summary and ends
        // the process, so this thread says nothing and waits for that.
        Err(_) if crate::store::busy::stopping() => loop {
            std::thread::park();
        },
        other => other?,
    };
    let tally = tally.lock().unwrap_or_else(PoisonError::into_inner).clone();
    if tally.answered > 0 || ending != Ending::Finished {
        say!();
        say_inline!("{}", summary(&tally, Some(ending), clock.now(), style));
    }
    if options.cram.is_none() {
        let forecast = store.due_forecast(&options.decks, clock::study_day(clock.now()), 2)?;
        if tally.answered > 0 && forecast[1] > 0 {
            say!("Tomorrow: {} due.", plural(forecast[1], "card"));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Ctrl-C during a drill: every answer is already committed, so print the summary and leave. The tally
/// lock is held while an answer is being saved, so the exit waits for a commit in progress (but not for
/// another codedrill's write that the answer is waiting on).
fn stop_on_ctrl_c(tally: Arc<Mutex<Tally>>, style: Style) {
    let result = ctrlc::set_handler(move || {
        // An answer waiting for another codedrill's write gives up (it was never shown as judged), so the
        // tally is free for the summary.
        crate::store::busy::stop_waiting();
        let tally = tally.lock().unwrap_or_else(PoisonError::into_inner);
        let text = summary(&tally, None, chrono::Utc::now(), style);
        let mut out = io::stdout();
        let _ = write!(out, "\n{text}");
        let _ = out.flush();
        std::process::exit(i32::from(EXIT_INTERRUPTED));
    });
    // Without a handler Ctrl-C still stops the drill and loses nothing; only the summary is missed.
    let _ = result;
}
