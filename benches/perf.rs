//! codedrill's benchmarks: every measurement beside its limit, in the same run, as medians and ratios
//! (the machines are shared and noisy). BENCHMARKS.md gives the method and the numbers.
//!
//! `cargo bench` runs it at full size (75,000 cards, 1,000,000 reviews). `cargo test` runs it too, as a
//! quick smoke test at a small size, so it cannot rot.
#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use codedrill::builtin::BUILTIN;
use codedrill::store::{NewReview, Store};
use codedrill_core::deck::Direction;
use codedrill_core::schedule::{CardSchedule, Rating, ReviewKind, Scheduler, Settings};

struct Scale {
    name: &'static str,
    deck_rows: usize,
    cards: usize,
    reviews: usize,
    days: i64,
    repeats: usize,
    answers: usize,
}

const FULL: Scale = Scale {
    name: "full",
    deck_rows: 75_000,
    cards: 75_000,
    reviews: 1_000_000,
    days: 3 * 365,
    repeats: 15,
    answers: 2_000,
};

const SMOKE: Scale = Scale {
    name: "smoke",
    deck_rows: 2_000,
    cards: 2_000,
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
    let scale = if full { FULL } else { SMOKE };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("bench-{}", scale.name));
    std::fs::create_dir_all(&dir).unwrap();
    eprintln!(
        "codedrill benchmarks ({} size) in {}",
        scale.name,
        dir.display()
    );
    let mut rows = Vec::new();
    rows.extend(import(&dir, &scale));
    let big = big_collection(&dir, &scale);
    rows.extend(first_card(&dir, &big, &scale));
    rows.push(durable_answer(&dir, &scale));
    rows.push(next_card(&big, &scale));
    rows.push(deck_questions(&big, &scale));
    rows.extend(stats_and_report(&big, &scale));
    rows.extend(optimize(&scale));
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

// ----- import -----

fn import(dir: &Path, scale: &Scale) -> Vec<Row> {
    let file = dir.join("deck.csv");
    let mut text = String::from("code,description,category\n");
    for i in 0..scale.deck_rows {
        text.push_str(&format!(
            "Z{:02}.{:04},\"Synthetic condition {i}, of the {} side, as a coder would meet it\",Block {}\n",
            i % 100,
            i / 100,
            ["left", "right"][i % 2],
            i % 50
        ));
    }
    std::fs::write(&file, &text).unwrap();
    let mut times = Vec::new();
    let mut peak = 0;
    for i in 0..scale.repeats {
        let home = dir.join(format!("import-{i}"));
        let _ = std::fs::remove_dir_all(&home);
        measure(bin().env("CODEDRILL_HOME", &home).arg("decks"));
        let (t, p) = measure(
            bin()
                .env("CODEDRILL_HOME", &home)
                .args(["import", file.to_str().unwrap()]),
        );
        times.push(t);
        peak = peak.max(p.unwrap_or(0));
        let _ = std::fs::remove_dir_all(&home);
    }
    // The limits, in the same run: the csv crate alone, and a bare prepared INSERT in one transaction.
    let mut parse = Vec::new();
    let mut insert = Vec::new();
    for _ in 0..scale.repeats {
        let started = Instant::now();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let mut record = csv::ByteRecord::new();
        let mut n = 0;
        while reader.read_byte_record(&mut record).unwrap() {
            n += record.len();
        }
        assert!(n > 0);
        parse.push(started.elapsed());
        let db = dir.join("bare-insert.db");
        let _ = std::fs::remove_file(&db);
        let _ = std::fs::remove_file(dir.join("bare-insert.db-wal"));
        let mut conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.pragma_update(None, "synchronous", "FULL").unwrap();
        conn.execute_batch("CREATE TABLE card (deck INTEGER, key TEXT, code TEXT, description TEXT, category TEXT, UNIQUE (deck, key))")
            .unwrap();
        let started = Instant::now();
        let tx = conn.transaction().unwrap();
        {
            let mut stmt = tx
                .prepare("INSERT INTO card VALUES (1, ?1, ?1, ?2, ?3)")
                .unwrap();
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            for record in reader.records() {
                let r = record.unwrap();
                stmt.execute(rusqlite::params![&r[0], &r[1], &r[2]])
                    .unwrap();
            }
        }
        tx.commit().unwrap();
        insert.push(started.elapsed());
    }
    let (t, p, i) = (median(&mut times), median(&mut parse), median(&mut insert));
    vec![Row {
        work: "import a deck (rows as in the header)",
        measured: ms(t),
        target: "<= 250 ms, <= 50 MiB (Anki: 2.5 s, 220 MiB)",
        compared: format!(
            "csv parse alone {} ({:.1}x); bare insert alone {} ({:.1}x)",
            ms(p),
            t.as_secs_f64() / p.as_secs_f64(),
            ms(i),
            t.as_secs_f64() / i.as_secs_f64()
        ),
        peak: Some(peak),
    }]
}

// ----- a large collection -----

/// A data directory with the built-in decks plus `scale.cards` cards and `scale.reviews` reviews; kept
/// between runs (it takes a while to make).
fn big_collection(dir: &Path, scale: &Scale) -> PathBuf {
    let home = dir.join(format!("collection-{}-{}", scale.cards, scale.reviews));
    let done = home.join("complete");
    if done.exists() {
        return home;
    }
    let _ = std::fs::remove_dir_all(&home);
    let started = Instant::now();
    let now: chrono::DateTime<chrono::Utc> = NOW.parse().unwrap();
    let mut store = Store::open(&home).unwrap();
    store.sync_builtin(BUILTIN, now).unwrap();
    codedrill::synthetic::bulk(&mut store, scale.cards, scale.reviews, scale.days, now, 1).unwrap();
    let reviews = store.total_reviews().unwrap();
    drop(store);
    std::fs::write(&done, reviews.to_string()).unwrap();
    eprintln!(
        "made a collection of {} cards and {reviews} reviews in {:.1} s",
        scale.cards,
        started.elapsed().as_secs_f64()
    );
    home
}

// ----- start to first card -----

/// From starting `codedrill drill ARGS` to the first card's prompt on its output.
fn time_to_prompt(home: &Path, args: &[&str]) -> Duration {
    let started = Instant::now();
    let mut child = bin()
        .env("CODEDRILL_HOME", home)
        .arg("drill")
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

fn first_card(dir: &Path, big: &Path, scale: &Scale) -> Vec<Row> {
    let small = dir.join("first-card");
    let _ = std::fs::remove_dir_all(&small);
    measure(bin().env("CODEDRILL_HOME", &small).arg("decks"));
    let mut version = Vec::new();
    let mut small_times = Vec::new();
    let mut big_times = Vec::new();
    for _ in 0..scale.repeats.max(5) {
        version.push(measure(bin().arg("--version")).0);
        small_times.push(time_to_prompt(&small, &[]));
        big_times.push(time_to_prompt(
            big,
            &["--deck", "icd10cm-common", "--deck", "bulk"],
        ));
    }
    let v = median(&mut version);
    let (s, b) = (median(&mut small_times), median(&mut big_times));
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
            target: "<= 30 ms (hashcards: 2.6 s)",
            compared: format!(
                "`codedrill --version` {} ({:.1}x)",
                ms(v),
                b.as_secs_f64() / v.as_secs_f64()
            ),
            peak,
        },
    ]
}

// ----- one answer saved -----

fn durable_answer(dir: &Path, scale: &Scale) -> Row {
    let home = dir.join("answers");
    let _ = std::fs::remove_dir_all(&home);
    let now: chrono::DateTime<chrono::Utc> = NOW.parse().unwrap();
    let mut store = Store::open(&home).unwrap();
    store.sync_builtin(BUILTIN, now).unwrap();
    let decks = store.all_deck_ids().unwrap();
    let card = store.new_cards(decks[0], Direction::Auto, 0, 1).unwrap()[0].id;
    let scheduler = Scheduler::new(Settings::default()).unwrap();
    let before = CardSchedule::new_card();
    let after = scheduler.answer(&before, Rating::Good, now, 20_000, 1);
    let mut ours = Vec::with_capacity(scale.answers);
    for _ in 0..scale.answers {
        let review = NewReview {
            card_id: card,
            session_id: None,
            at: now,
            rating: Rating::Good,
            answer: "E11.9",
            correct: true,
            duration_ms: 4_000,
            kind: ReviewKind::Learn,
            side: codedrill_core::deck::Side::Code,
            mode: codedrill_core::answer::Mode::Type,
            hinted: false,
            before: &before,
            after: &after,
            mistake: None,
        };
        let started = Instant::now();
        store.record_review(&review, None).unwrap();
        ours.push(started.elapsed());
    }
    // The limit: a bare insert of one row in its own transaction, same journal and sync settings.
    let db = dir.join("bare-answers.db");
    let _ = std::fs::remove_file(&db);
    let _ = std::fs::remove_file(dir.join("bare-answers.db-wal"));
    let mut conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "FULL").unwrap();
    conn.execute_batch(
        "CREATE TABLE review (card INTEGER, at INTEGER, rating INTEGER, answer TEXT)",
    )
    .unwrap();
    let mut bare = Vec::with_capacity(scale.answers);
    for i in 0..scale.answers {
        let started = Instant::now();
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .unwrap();
        tx.execute("INSERT INTO review VALUES (1, ?1, 3, 'E11.9')", [i as i64])
            .unwrap();
        tx.commit().unwrap();
        bare.push(started.elapsed());
    }
    let (m, p99) = (median(&mut ours), percentile(&mut ours, 0.99));
    let (bm, bp99) = (median(&mut bare), percentile(&mut bare, 0.99));
    Row {
        work: "one answer saved durably (fsync)",
        measured: format!("median {}, p99 {}", ms(m), ms(p99)),
        target: "median <= 0.5 ms, p99 <= 1 ms (Anki: 0.53 / 0.89 ms)",
        compared: format!(
            "bare insert median {}, p99 {} ({:.1}x, {:.1}x)",
            ms(bm),
            ms(bp99),
            m.as_secs_f64() / bm.as_secs_f64(),
            p99.as_secs_f64() / bp99.as_secs_f64()
        ),
        peak: None,
    }
}

// ----- choosing the next card -----

fn next_card(big: &Path, scale: &Scale) -> Row {
    let store = Store::open(big).unwrap();
    let decks = store.all_deck_ids().unwrap();
    let now: chrono::DateTime<chrono::Utc> = NOW.parse().unwrap();
    let today = codedrill::clock::study_day(now);
    let mut builds = Vec::new();
    let mut nexts = Vec::new();
    for _ in 0..scale.repeats.max(5) {
        let started = Instant::now();
        let start = codedrill::clock::day_start(today);
        let learning = store
            .learning_due(
                &decks,
                Direction::Auto,
                codedrill::clock::day_start(today + 1),
                today,
            )
            .unwrap()
            .into_iter()
            .map(|q| (codedrill_core::day::from_ms(q.order), q))
            .collect();
        let reviews = store
            .reviews_due(&decks, Direction::Auto, today, 200)
            .unwrap();
        let per_deck = decks
            .iter()
            .map(|&d| store.new_cards(d, Direction::Auto, today, 20).unwrap())
            .collect();
        let answered = store.notes_answered_since(&decks, start).unwrap();
        let mut queue = codedrill_core::queue::Queue::new(
            learning,
            reviews,
            codedrill_core::queue::Queue::interleave(per_deck, 20),
            &answered,
        );
        let id = queue.next(now).unwrap();
        store.card(id).unwrap();
        builds.push(started.elapsed());
        for _ in 0..20 {
            let started = Instant::now();
            if let Some(id) = queue.next(now) {
                store.card(id).unwrap();
            }
            nexts.push(started.elapsed());
        }
    }
    let (b, n) = (median(&mut builds), median(&mut nexts));
    Row {
        work: "choosing the next card (big collection)",
        measured: format!("next {}, first of a session {}", ms(n), ms(b)),
        target: "<= 1 ms (Anki: 8 ms for its first queue)",
        compared: format!(
            "{} cards in the collection",
            scale.cards + BUILTIN.len() * 100
        ),
        peak: None,
    }
}

// ----- multiple choice and wrong answers in a big deck -----

/// What a drill asks of a whole deck between two cards: a multiple-choice question's near options, and
/// whose answer a wrong answer was. The deck is read into memory once a session; each card then works on
/// that copy.
fn deck_questions(big: &Path, scale: &Scale) -> Row {
    use codedrill_core::deck::Side;
    use codedrill_core::deck_index::DeckIndex;
    use rand::SeedableRng;

    let store = Store::open(big).unwrap();
    let deck: i64 = store
        .connection()
        .query_row(
            "SELECT deck_id FROM card GROUP BY deck_id ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let cards = store.deck_cards_placed(deck).unwrap();
    let sample: Vec<_> = cards
        .iter()
        .step_by(cards.len() / 20 + 1)
        .map(|(_, card)| card.clone())
        .collect();
    let mut rng = rand::rngs::StdRng::seed_from_u64(1);
    let (mut reads, mut firsts, mut options, mut traces) = (vec![], vec![], vec![], vec![]);
    for _ in 0..scale.repeats.max(5) {
        let started = Instant::now();
        let mut index = DeckIndex::new(store.deck_cards_placed(deck).unwrap());
        reads.push(started.elapsed());
        let started = Instant::now();
        index.answered_by(Side::Meaning, &sample[1].description, &sample[0].key);
        firsts.push(started.elapsed());
        for (card, other) in sample.iter().zip(sample.iter().rev()) {
            let started = Instant::now();
            let near = index.neighbours(card, 40);
            codedrill_core::choice::build(card, Side::Code, &near, &mut rng).unwrap();
            options.push(started.elapsed());
            let started = Instant::now();
            let found = index.answered_by(Side::Meaning, &other.description, &card.key);
            traces.push(started.elapsed());
            assert!(found.is_some() || other.key == card.key);
        }
    }
    let (o, t) = (median(&mut options), median(&mut traces));
    Row {
        work: "a multiple-choice question's options, a wrong answer traced (big deck)",
        measured: format!("options {}, trace {}", ms(o), ms(t)),
        target: "<= 1 ms a card",
        compared: format!(
            "reading the deck, once a session: {} (+ {} for the first trace); {} cards",
            ms(median(&mut reads)),
            ms(median(&mut firsts)),
            cards.len()
        ),
        peak: None,
    }
}

// ----- stats and report -----

fn stats_and_report(big: &Path, scale: &Scale) -> Vec<Row> {
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
    ["stats", "report"]
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
                target: "<= 1 s",
                compared: format!(
                    "reading the review log alone {} ({:.1}x)",
                    ms(r),
                    t.as_secs_f64() / r.as_secs_f64()
                ),
                peak: Some(peak),
            }
        })
        .collect()
}

// ----- optimize over the real log -----

/// The 12,580-review log in ../shared/data, if it is there (it is not part of the repository).
fn josh() -> Option<Vec<codedrill_core::memory::History>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/revlog-josh.csv");
    let mut reader = csv::Reader::from_path(path).ok()?;
    let mut by_card: std::collections::BTreeMap<i64, Vec<(i64, u8)>> = Default::default();
    for record in reader.records() {
        let r = record.ok()?;
        let at = chrono::DateTime::parse_from_rfc3339(&r[2])
            .ok()?
            .timestamp_millis();
        by_card
            .entry(r[0].parse().ok()?)
            .or_default()
            .push((at, r[1].parse().ok()?));
    }
    Some(
        by_card
            .into_values()
            .map(|mut reviews| {
                reviews.sort();
                let mut previous = None;
                let mut history = codedrill_core::memory::History::default();
                for (at, rating) in reviews {
                    // As the reference does: whole 24-hour periods since the previous review.
                    let delta = previous.map_or(0, |p| ((at - p) / 86_400_000) as u16);
                    previous = Some(at);
                    history
                        .answers
                        .push(codedrill_core::memory::Answer { delta, rating });
                    history.times.push(at);
                }
                history
            })
            .collect(),
    )
}

fn optimize(scale: &Scale) -> Vec<Row> {
    let Some(histories) = josh() else {
        eprintln!("skipping the optimize benchmark: ../shared/data/revlog-josh.csv is not there");
        return vec![Row {
            work: "optimize over the real 12,580-review log",
            measured: "skipped (../shared/data/revlog-josh.csv absent)".into(),
            target: "<= 2 s",
            compared: String::new(),
            peak: None,
        }];
    };
    let items = codedrill_core::memory::items_in_time_order(&histories);
    let defaults = fsrs::DEFAULT_PARAMETERS.to_vec();
    let default_metrics = codedrill_core::memory::evaluate(&defaults, &items).unwrap();
    let mut ours = Vec::new();
    let mut crate_alone = Vec::new();
    for _ in 0..if scale.name == "full" { 3 } else { 1 } {
        let started = Instant::now();
        codedrill_core::memory::optimize(&defaults, items.clone()).unwrap();
        ours.push(started.elapsed());
        let started = Instant::now();
        codedrill_core::memory::fit(items.clone()).unwrap();
        crate_alone.push(started.elapsed());
    }
    // The crate's 5-split evaluation scores every item it is given, so it gets the scored ones only
    // (the last answer a day or more after the one before), as the reference figures count them.
    let scored: Vec<_> = items
        .iter()
        .filter(|i| i.reviews.last().is_some_and(|r| r.delta_t > 0))
        .cloned()
        .collect();
    let split = fsrs::evaluate_with_time_series_splits(
        fsrs::ComputeParametersInput {
            train_set: scored,
            ..Default::default()
        },
        |_| true,
    )
    .unwrap();
    let (o, c) = (median(&mut ours), median(&mut crate_alone));
    vec![
        Row {
            work: "optimize over the real 12,580-review log",
            measured: ms(o),
            target: "<= 2 s (fsrs-rs: about 0.03 s of fitting)",
            compared: format!(
                "one fit by the fsrs crate {} ({:.1}x: optimize fits twice and scores)",
                ms(c),
                o.as_secs_f64() / c.as_secs_f64()
            ),
            peak: None,
        },
        Row {
            work: "reference figures on that log",
            measured: format!(
                "defaults: log loss {:.6}, RMSE {:.4} on {} reviews; fitted (5-split): {:.6} / {:.4}",
                default_metrics.log_loss,
                default_metrics.rmse_bins,
                default_metrics.reviews,
                split.log_loss,
                split.rmse_bins
            ),
            target: "0.458662 / 0.0956 on 5,329; 0.434552 / 0.0413",
            compared: String::new(),
            peak: None,
        },
    ]
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
