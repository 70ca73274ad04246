//! Whole processes, timed from spawn to end (or to the first prompt), with their peak memory: starting a
//! drill, `stats` and `report`, finding cards. (Importing has a file of its own: `import.rs`.)

use std::io::{Read, Write};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use super::{Row, Scale, bin, measure, median, ms};

// ----- start to first card -----

/// From starting `codedrill ARGS` to the first card's prompt on its output.
fn time_to_prompt(home: &Path, args: &[&str]) -> Duration {
    let started = Instant::now();
    let mut child = bin()
        .env("CODEDRILL_HOME", home)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    let elapsed = loop {
        let n = out.read(&mut buf).unwrap();
        assert!(n > 0, "no prompt: {}", String::from_utf8_lossy(&seen));
        seen.extend_from_slice(&buf[..n]);
        if String::from_utf8_lossy(&seen).contains('›') {
            break started.elapsed();
        }
    };
    let _ = child.stdin.take().unwrap().write_all(b":q\n\n");
    child.wait().unwrap();
    elapsed
}

pub fn first_card(dir: &Path, big: &Path, scale: &Scale) -> Vec<Row> {
    let small = dir.join("first-card");
    let _ = std::fs::remove_dir_all(&small);
    measure(bin().env("CODEDRILL_HOME", &small).arg("decks"));
    let mut version = Vec::new();
    let mut small_times = Vec::new();
    let mut big_times = Vec::new();
    let mut plain_times = Vec::new();
    for _ in 0..scale.repeats.max(5) {
        version.push(measure(bin().arg("--version")).0);
        small_times.push(time_to_prompt(&small, &["drill"]));
        big_times.push(time_to_prompt(
            big,
            &["drill", "--deck", "icd10cm-common", "--deck", "bulk"],
        ));
        // Plain `codedrill`, what the README starts with: it first asks whether anything was ever
        // answered (the welcome) and whether a trial check is due.
        plain_times.push(time_to_prompt(big, &[]));
    }
    let v = median(&mut version);
    let (s, b) = (median(&mut small_times), median(&mut big_times));
    let p = median(&mut plain_times);
    let (_, peak) = measure(bin().env("CODEDRILL_HOME", big).args(["decks"]));
    vec![
        Row {
            work: "start to first card, built-in decks",
            measured: ms(s),
            target: "<= 20 ms (Anki: 436 ms)",
            compared: format!(
                "`codedrill --version` {} ({:.1}x)",
                ms(v),
                s.as_secs_f64() / v.as_secs_f64()
            ),
            peak: None,
        },
        Row {
            work: "start to first card, big collection",
            measured: ms(b),
            target: "<= 10 ms (hashcards: 2.6 s)",
            compared: format!(
                "`codedrill --version` {} ({:.1}x)",
                ms(v),
                b.as_secs_f64() / v.as_secs_f64()
            ),
            peak,
        },
        Row {
            work: "start to first card, big collection, plain `codedrill`",
            measured: ms(p),
            target: "<= 10 ms",
            compared: format!(
                "`codedrill --version` {} ({:.1}x)",
                ms(v),
                p.as_secs_f64() / v.as_secs_f64()
            ),
            peak: None,
        },
    ]
}

// ----- a deck imported whole, all new -----

/// What a learner who has just imported a whole code set meets: the first card, `decks`, `stats` and
/// `report` on a data folder holding `deck` (imported once, kept between runs) and nothing answered.
pub fn all_new(dir: &Path, deck: &Path, scale: &Scale) -> Vec<Row> {
    let home = dir.join("all-new");
    let _ = std::fs::remove_dir_all(&home);
    measure(
        bin()
            .env("CODEDRILL_HOME", &home)
            .args(["import", deck.to_str().unwrap()]),
    );
    let mut version = Vec::new();
    let mut first = Vec::new();
    for _ in 0..scale.repeats.max(5) {
        version.push(measure(bin().arg("--version")).0);
        first.push(time_to_prompt(&home, &["drill"]));
    }
    let v = median(&mut version);
    let against_version = |t: Duration| {
        format!(
            "`codedrill --version` {} ({:.1}x)",
            ms(v),
            t.as_secs_f64() / v.as_secs_f64()
        )
    };
    let f = median(&mut first);
    let mut rows = vec![Row {
        work: "start to first card, the deck imported, all new",
        measured: ms(f),
        target: "<= 10 ms",
        compared: against_version(f),
        peak: None,
    }];
    for (command, work, target) in [
        (
            "decks",
            "`decks`, the deck imported, all new",
            "<= 20 ms, <= 50 MiB",
        ),
        (
            "stats",
            "`stats`, the deck imported, all new",
            "<= 100 ms, <= 50 MiB",
        ),
        (
            "report",
            "`report`, the deck imported, all new",
            "<= 150 ms, <= 50 MiB",
        ),
    ] {
        let mut times = Vec::new();
        let mut peak = 0;
        for _ in 0..scale.repeats.max(5) {
            let (t, p) = measure(bin().env("CODEDRILL_HOME", &home).arg(command));
            times.push(t);
            peak = peak.max(p.unwrap_or(0));
        }
        let t = median(&mut times);
        rows.push(Row {
            work,
            measured: ms(t),
            target,
            compared: against_version(t),
            peak: Some(peak),
        });
    }
    rows
}

// ----- stats and report -----

pub fn stats_and_report(dir: &Path, big: &Path, scale: &Scale) -> Vec<Row> {
    let mut read = Vec::new();
    for _ in 0..scale.repeats.min(5) {
        let conn = rusqlite::Connection::open(big.join("codedrill.db")).unwrap();
        let started = Instant::now();
        let mut stmt = conn
            .prepare("SELECT card_id, reviewed_at, rating, correct, duration_ms, kind, state_before, ivl_before, elapsed_days, mistake FROM review ORDER BY reviewed_at, id")
            .unwrap();
        let mut rows = stmt.query([]).unwrap();
        let mut n = 0i64;
        while let Some(r) = rows.next().unwrap() {
            n += r.get::<_, i64>(2).unwrap();
        }
        assert!(n > 0);
        read.push(started.elapsed());
    }
    let r = median(&mut read);
    let mut rows: Vec<Row> = ["stats", "report"]
        .into_iter()
        .map(|command| {
            let mut times = Vec::new();
            let mut peak = 0;
            for _ in 0..scale.repeats.min(5) {
                let (t, p) = measure(bin().env("CODEDRILL_HOME", big).args([command, "--json"]));
                times.push(t);
                peak = peak.max(p.unwrap_or(0));
            }
            let t = median(&mut times);
            Row {
                work: if command == "stats" {
                    "`stats` over the big collection"
                } else {
                    "`report` over the big collection"
                },
                measured: ms(t),
                target: if command == "stats" {
                    "<= 500 ms, <= 50 MiB"
                } else {
                    "<= 600 ms, <= 50 MiB"
                },
                compared: format!(
                    "reading the review log alone {} ({:.1}x)",
                    ms(r),
                    t.as_secs_f64() / r.as_secs_f64()
                ),
                peak: Some(peak),
            }
        })
        .collect();
    rows.push(stats_first_time(dir, big, scale, r));
    rows
}

/// `stats` on a copy of the big collection without its log's digest: what the first `stats` or
/// `report` after the upgrade to schema 13 costs, when the digest is made (once).
fn stats_first_time(dir: &Path, big: &Path, scale: &Scale, read: Duration) -> Row {
    let home = dir.join("first-stats");
    let mut times = Vec::new();
    let mut peak = 0;
    for _ in 0..scale.repeats.min(3) {
        let _ = std::fs::remove_dir_all(&home);
        std::fs::create_dir_all(&home).unwrap();
        std::fs::copy(big.join("codedrill.db"), home.join("codedrill.db")).unwrap();
        rusqlite::Connection::open(home.join("codedrill.db"))
            .unwrap()
            .execute_batch("DELETE FROM review_digest; VACUUM;")
            .unwrap();
        let (t, p) = measure(bin().env("CODEDRILL_HOME", &home).args(["stats", "--json"]));
        times.push(t);
        peak = peak.max(p.unwrap_or(0));
    }
    let _ = std::fs::remove_dir_all(&home);
    let t = median(&mut times);
    Row {
        work: "`stats` over the big collection, the first time (its log's digest made)",
        measured: ms(t),
        target: "none (once, after the upgrade), <= 50 MiB",
        compared: format!(
            "reading the review log alone {} ({:.1}x)",
            ms(read),
            t.as_secs_f64() / read.as_secs_f64()
        ),
        peak: Some(peak),
    }
}

// ----- finding cards -----

/// `codedrill cards`: one code looked for among every card (the big collection's and the built-in
/// ones), and every card listed with its answers, as JSON.
pub fn find_cards(big: &Path, scale: &Scale) -> Vec<Row> {
    [
        (
            &["cards", "E11.65"][..],
            "`cards E11.65` among every card of the big collection",
            "<= 250 ms",
        ),
        (
            &["cards", "--json"][..],
            "`cards --json`: every card of the big collection with its answers",
            "<= 3 s",
        ),
    ]
    .into_iter()
    .map(|(args, work, target)| {
        let mut times = Vec::new();
        let mut peak = 0;
        for _ in 0..scale.repeats.min(5) {
            let (t, p) = measure(bin().env("CODEDRILL_HOME", big).args(args));
            times.push(t);
            peak = peak.max(p.unwrap_or(0));
        }
        Row {
            work,
            measured: ms(median(&mut times)),
            target,
            compared: String::new(),
            peak: Some(peak),
        }
    })
    .collect()
}
