//! codedrill's benchmarks: every measurement beside its limit, in the same run, as medians and ratios
//! (the machines are shared and noisy). BENCHMARKS.md gives the method and the numbers.
//!
//! `cargo bench` runs it at full size: the real ICD-10-CM FY2026 list (74,719 billable codes, from
//! `benches/data`) imported, and a collection of those cards with 1,000,000 synthetic reviews. `cargo test`
//! runs it too, as a quick smoke test on the list's first 2,000 rows, so it cannot rot.
#![allow(clippy::unwrap_used)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use codedrill::builtin::BUILTIN;
use codedrill::store::Store;

// The measurements, by how they run: whole processes a person waits on, work inside one process, and the
// optimizer on a real log.
#[path = "perf/codeset.rs"]
mod codeset;
#[path = "perf/import.rs"]
mod import;
#[path = "perf/in_process.rs"]
mod in_process;
#[path = "perf/lookup.rs"]
mod lookup;
#[path = "perf/optimize.rs"]
mod optimize;
#[path = "perf/processes.rs"]
mod processes;

use codeset::codeset_add;
use import::{FULL_ROWS, import, import_into_big, real_deck};
use in_process::{damage_check, deck_questions, durable_answer, next_card};
use optimize::optimize;
use processes::{all_new, find_cards, first_card, stats_and_report};

struct Scale {
    name: &'static str,
    /// Rows of the real ICD-10-CM list imported, and the cards of the big collection.
    deck_rows: usize,
    reviews: usize,
    days: i64,
    repeats: usize,
    answers: usize,
}

const FULL: Scale = Scale {
    name: "full",
    deck_rows: FULL_ROWS,
    reviews: 1_000_000,
    days: 3 * 365,
    repeats: 15,
    answers: 2_000,
};

const SMOKE: Scale = Scale {
    name: "smoke",
    deck_rows: 2_000,
    reviews: 20_000,
    days: 120,
    repeats: 2,
    answers: 50,
};

const NOW: &str = "2026-11-23T19:00:00Z";

/// One line of the results table.
struct Row {
    work: &'static str,
    measured: String,
    target: &'static str,
    compared: String,
    peak: Option<u64>,
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    // `cargo bench -- NAME...` runs only the measurements whose name holds one of the NAMEs (`cargo bench
    // -- import`, `cargo bench -- stats report`); the names are those below. CODEDRILL_BENCH_ONLY=NAME
    // does the same (`CODEDRILL_BENCH_ONLY=lookup`: the Alphabetic Index alone).
    let names: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .chain(std::env::var("CODEDRILL_BENCH_ONLY").ok())
        .collect();
    let wanted = |name: &str| names.is_empty() || names.iter().any(|n| name.contains(n.as_str()));
    let scale = if full { FULL } else { SMOKE };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("bench-{}", scale.name));
    std::fs::create_dir_all(&dir).unwrap();
    eprintln!(
        "codedrill benchmarks ({} size) in {}",
        scale.name,
        dir.display()
    );
    let mut rows = Vec::new();
    let (deck, text) = real_deck(&dir, &scale);
    if wanted("import") {
        rows.extend(import(&dir, &deck, &text, &scale));
    }
    if wanted("codeset") {
        rows.push(codeset_add(&dir, &scale));
    }
    let on_big = [
        "import",
        "first-card",
        "next-card",
        "questions",
        "stats",
        "report",
        "cards",
    ];
    let big = on_big
        .iter()
        .any(|name| wanted(name))
        .then(|| big_collection(&dir, &text, &scale));
    if let Some(big) = &big {
        if wanted("import") {
            rows.push(import_into_big(&dir, big, &deck, &scale));
        }
        if wanted("first-card") {
            rows.extend(first_card(&dir, big, &scale));
            rows.push(damage_check(&dir, big, &scale));
        }
        if wanted("next-card") {
            rows.push(next_card(big, &scale));
        }
        if wanted("questions") {
            rows.push(deck_questions(big, &scale));
        }
        if wanted("stats") || wanted("report") {
            rows.extend(stats_and_report(&dir, big, &scale));
        }
        if wanted("cards") {
            rows.extend(find_cards(big, &scale));
        }
    }
    if wanted("all-new") {
        rows.extend(all_new(&dir, &deck, &scale));
    }
    if wanted("durable-answer") {
        rows.push(durable_answer(&dir, &scale));
    }
    if wanted("optimize") {
        rows.extend(optimize(&scale));
    }
    if wanted("lookup") {
        rows.extend(lookup::lookup(&dir, &scale));
    }
    let table = render(&rows, &scale);
    println!("{table}");
    std::fs::write(dir.join("results.md"), &table).unwrap();
    if !full {
        eprintln!("(smoke run: sizes are small; `cargo bench` measures at full size)");
    }
}

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_codedrill"));
    for var in [
        "CODEDRILL_HOME",
        "CODEDRILL_TICK",
        "NO_COLOR",
        "CODEDRILL_FAILPOINT",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("CODEDRILL_NOW", NOW).env("TZ", "UTC");
    cmd
}

/// Runs a process to its end: wall time, and its peak resident memory in kB (Linux: read from
/// /proc/PID/status every millisecond while it runs; the peak is a high-water mark, so the last read holds
/// nearly all of it).
fn measure(cmd: &mut Command) -> (Duration, Option<u64>) {
    let started = Instant::now();
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = None;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let elapsed = started.elapsed();
            if !status.success() {
                let mut err = String::new();
                child
                    .stderr
                    .take()
                    .unwrap()
                    .read_to_string(&mut err)
                    .unwrap();
                panic!("{cmd:?} failed: {err}");
            }
            return (elapsed, peak);
        }
        if let Ok(text) = std::fs::read_to_string(&status_file)
            && let Some(kb) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak = Some(peak.unwrap_or(0).max(kb));
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// A fresh database `NAME.db` in `dir` with codedrill's journal and sync settings and one `table`: the
/// bare limit a measurement is compared with.
fn bare_database(dir: &Path, name: &str, table: &str) -> rusqlite::Connection {
    let db = dir.join(format!("{name}.db"));
    let _ = std::fs::remove_file(&db);
    let _ = std::fs::remove_file(dir.join(format!("{name}.db-wal")));
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "FULL").unwrap();
    conn.execute_batch(table).unwrap();
    conn
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn percentile(times: &mut [Duration], p: f64) -> Duration {
    times.sort();
    times[((times.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

// ----- a large collection -----

/// A data directory with the built-in decks plus the benchmark's deck (`text`, the real list) and
/// `scale.reviews` synthetic reviews of its cards. It takes a while to make, so it is kept between runs,
/// in a folder named by what it is made of: the schema version and a hash of the deck, so that a new
/// schema or another deck makes it afresh (and the stale one is removed).
fn big_collection(dir: &Path, text: &str, scale: &Scale) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    let name = format!(
        "collection-v{}-{:016x}-{}",
        codedrill::store::SCHEMA_VERSION,
        hasher.finish(),
        scale.reviews
    );
    let home = dir.join(&name);
    let done = home.join("complete");
    if done.exists() {
        return home;
    }
    for old in std::fs::read_dir(dir).unwrap().flatten() {
        if old.file_name().to_string_lossy().starts_with("collection-") {
            let _ = std::fs::remove_dir_all(old.path());
        }
    }
    let started = Instant::now();
    let now: chrono::DateTime<chrono::Utc> = NOW.parse().unwrap();
    let parsed = codedrill_core::import::parse_with(text.as_bytes(), &Default::default()).unwrap();
    let cards = parsed.decks.into_iter().next().unwrap().cards;
    let count = cards.len();
    let mut store = Store::open(&home).unwrap();
    store.sync_builtin(BUILTIN, now).unwrap();
    codedrill::synthetic::bulk_on(&mut store, cards, scale.reviews, scale.days, now, 1).unwrap();
    let reviews = store.total_reviews().unwrap();
    drop(store);
    std::fs::write(&done, reviews.to_string()).unwrap();
    eprintln!(
        "made a collection of {count} cards and {reviews} reviews in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    home
}

fn render(rows: &[Row], scale: &Scale) -> String {
    let mut out = format!(
        "| work ({} size) | measured | target (anchor) | the limit, same run | peak memory |\n|---|---|---|---|---|\n",
        scale.name
    );
    for r in rows {
        let peak = r
            .peak
            .map_or(String::new(), |kb| format!("{:.1} MiB", kb as f64 / 1024.0));
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            r.work, r.measured, r.target, r.compared, peak
        ));
    }
    out
}
