//! Waiting for another codedrill that is writing. SQLite lets one connection write at a time; an import
//! of a big file holds the lock for seconds, and a drill answering in another window, or a second import,
//! must wait for it rather than fail. Every connection waits through [`wait`], for up to [`PATIENCE`],
//! says once that it is waiting (through the notice the shell registers), and stops waiting at once
//! when Ctrl-C asks ([`stop_waiting`]), so a session can end while another program holds the lock.

use std::cell::Cell;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How long a command waits for another one's write to finish before it gives up ("is busy").
pub const PATIENCE: Duration = Duration::from_secs(600);

/// After this long, the person is told what the wait is for.
const NOTICE_AFTER: Duration = Duration::from_secs(1);

/// The pauses between attempts, in milliseconds (SQLite's own busy timeout uses these); then the last,
/// again and again.
const PAUSES: [u64; 12] = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100];

static STOP: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// Set while this thread does work worth no wait ([`without_waiting`]).
    static IMPATIENT: Cell<bool> = const { Cell::new(false) };
}
static TOLD: AtomicBool = AtomicBool::new(false);
static NOTICE: OnceLock<fn()> = OnceLock::new();

/// What to run, once a process, when a wait has lasted a second (the shell prints a line).
pub fn on_wait(notice: fn()) {
    let _ = NOTICE.set(notice);
}

/// Ends every wait now and from now on (Ctrl-C is ending the process).
pub fn stop_waiting() {
    STOP.store(true, Ordering::SeqCst);
}

/// Whether [`stop_waiting`] was called: an error about a busy database is then Ctrl-C's doing.
pub fn stopping() -> bool {
    STOP.load(Ordering::SeqCst)
}

/// Runs `f` with every wait of this thread given up at once: for work worth no wait, which can be done
/// another time (the log's digest, while another codedrill writes).
pub(super) fn without_waiting<T>(f: impl FnOnce() -> T) -> T {
    IMPATIENT.with(|i| i.set(true));
    let out = f();
    IMPATIENT.with(|i| i.set(false));
    out
}

/// SQLite's busy handler: `attempts` is how many times it was called for this wait. Returns whether to
/// try again.
pub(super) fn wait(attempts: i32) -> bool {
    if stopping() || IMPATIENT.with(Cell::get) {
        return false;
    }
    let attempts = usize::try_from(attempts).unwrap_or(0);
    let waited = waited_before(attempts);
    if waited >= PATIENCE {
        return false;
    }
    if waited >= NOTICE_AFTER
        && !TOLD.swap(true, Ordering::SeqCst)
        && let Some(notice) = NOTICE.get()
    {
        notice();
    }
    std::thread::sleep(Duration::from_millis(pause(attempts)));
    true
}

fn pause(attempt: usize) -> u64 {
    PAUSES[attempt.min(PAUSES.len() - 1)]
}

/// The time spent in the first `attempts` pauses.
fn waited_before(attempts: usize) -> Duration {
    let first: u64 = PAUSES.iter().take(attempts).sum();
    let more = attempts.saturating_sub(PAUSES.len()) as u64;
    Duration::from_millis(first + more * pause(PAUSES.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_waits_add_up_to_the_patience() {
        assert_eq!(waited_before(0), Duration::ZERO);
        assert_eq!(waited_before(3), Duration::from_millis(8));
        assert_eq!(waited_before(12), Duration::from_millis(328));
        assert_eq!(waited_before(13), Duration::from_millis(428));
        let attempts = (0..).find(|&n| waited_before(n) >= PATIENCE).unwrap();
        assert_eq!(attempts, 12 + (600_000_usize - 328).div_ceil(100));
    }
}
