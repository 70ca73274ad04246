//! The session loop in process: an in-memory store, a fixed clock, input from a `Cursor`, output into a
//! `Vec<u8>`. Each test reads what a person sees and what the database kept.

use std::io::Cursor;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

use codedrill_core::answer::Mode;
use codedrill_core::deck::{CardContent, Direction, Role, System};
use codedrill_core::import::OnDuplicate;
use codedrill_core::schedule::Settings;

use super::{Cram, Drill, Ending, Options, Tally, summary};
use crate::clock::{self, Clock};
use crate::store::{ImportDeck, Store, SyncMode};
use crate::view::style::Style;

const AT: &str = "2026-03-02T15:00:00Z";

fn at() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(AT)
        .unwrap()
        .with_timezone(&Utc)
}

/// A store with one small deck of four diabetes, hypertension and asthma codes, in this order.
fn tiny_store() -> Store {
    let mut store = Store::in_memory().unwrap();
    let card = |code: &str, description: &str| CardContent::new(code, description, System::IcdCm);
    let deck = ImportDeck {
        name: "tiny".into(),
        role: Role::Coding,
        source_path: String::new(),
        cards: vec![
            card("E11.9", "Type 2 diabetes mellitus without complications"),
            card("E11.65", "Type 2 diabetes mellitus with hyperglycemia"),
            card("I10", "Essential (primary) hypertension"),
            card("J45.909", "Unspecified asthma, uncomplicated"),
        ],
    };
    let mode = SyncMode::Merge(OnDuplicate::Update);
    store
        .import_decks(&[deck], mode, false, at(), &mut |_| {})
        .unwrap();
    store
}

fn options(store: &Store, mode: Mode) -> Options {
    Options {
        decks: store.all_deck_ids().unwrap(),
        direction: Direction::Auto,
        mode,
        new_per_day: 20,
        reviews_per_day: 200,
        minutes: None,
        settings: Settings::default(),
        cram: None,
    }
}

/// What one session did: how it ended, what it printed (input echoed, as from a pipe), and its tally.
struct Session {
    ending: Ending,
    out: String,
    tally: Tally,
}

/// Runs one session at `at`, each clock reading five seconds after the last.
fn run_at(store: &mut Store, options: &Options, input: &str, at: DateTime<Utc>) -> Session {
    let clock = Clock::fixed(at, Duration::seconds(5));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let mut drill = Drill {
        store,
        clock: &clock,
        input: Cursor::new(input.as_bytes().to_vec()),
        out: Vec::new(),
        style: Style::plain(),
        echo: true,
        tally: Arc::clone(&tally),
        decks: Default::default(),
    };
    let ending = drill.run(options).unwrap();
    let out = String::from_utf8(drill.out).unwrap();
    let tally = tally.lock().unwrap().clone();
    Session { ending, out, tally }
}

fn run(store: &mut Store, options: &Options, input: &str) -> Session {
    run_at(store, options, input, at())
}

/// The rows a query returns, each column read as text (NULL as "-").
fn rows(store: &Store, sql: &str) -> Vec<Vec<String>> {
    let conn = store.connection();
    let mut stmt = conn.prepare(sql).unwrap();
    let columns = stmt.column_count();
    stmt.query_map([], |r| {
        (0..columns)
            .map(|i| {
                Ok(match r.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => "-".to_owned(),
                    rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                    rusqlite::types::ValueRef::Real(x) => x.to_string(),
                    rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    rusqlite::types::ValueRef::Blob(_) => "<blob>".to_owned(),
                })
            })
            .collect()
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// A transcript, line by line (the last line is what was on screen when the input ended).
fn lines(lines: &[&str]) -> String {
    lines.join("\n")
}

const INTRO: &str = "codedrill: 4 cards for this session. Type ? for help, :q to stop.";
const FEEL: &str = "How did that feel? 1 (not for me) to 5 (loved it), Enter to skip › ";
const REVIEWS: &str = "SELECT c.code, r.answer, r.rating, r.correct, r.mode, r.hinted, r.kind, \
     coalesce(r.mistake, '-'), r.duration_ms FROM review r JOIN card c ON c.id = r.card_id ORDER BY r.id";

#[test]
fn a_right_typed_answer_is_saved_as_good_and_shown_as_right() {
    let mut store = tiny_store();
    let options = options(&store, Mode::Type);
    let session = run(&mut store, &options, "E11.9\n\n:q\n");
    assert_eq!(
        session.out,
        lines(&[
            INTRO,
            "[1/4] ICD-10-CM",
            "  Type 2 diabetes mellitus without complications",
            "  code › E11.9",
            "  ✓ right: E11.9",
            "  Enter = good (10m) · h = hard (6m) · e = easy (9d) › ",
            "",
            "[2/5] ICD-10-CM",
            "  Type 2 diabetes mellitus with hyperglycemia",
            "  code › :q",
            FEEL,
        ])
    );
    assert_eq!(session.ending, Ending::Quit);
    assert_eq!(
        rows(&store, REVIEWS),
        [["E11.9", "E11.9", "3", "1", "type", "0", "0", "-", "5000"]]
    );
    // Good on a new card: the first learning step, ten minutes on.
    assert_eq!(
        rows(
            &store,
            "SELECT state, step, reps FROM card WHERE code = 'E11.9'"
        ),
        [["1", "1", "1"]]
    );
    assert_eq!(
        rows(&store, "SELECT answered, finished FROM session"),
        [["1", "0"]],
        "a session stopped with :q is not finished"
    );
}

#[test]
fn a_wrong_typed_answer_is_saved_as_again_with_its_mistake_and_the_difference_shown() {
    let mut store = tiny_store();
    let options = options(&store, Mode::Type);
    let session = run(&mut store, &options, "E11.9\n\nE11.56\n\n");
    assert_eq!(
        session.out,
        lines(&[
            INTRO,
            "[1/4] ICD-10-CM",
            "  Type 2 diabetes mellitus without complications",
            "  code › E11.9",
            "  ✓ right: E11.9",
            "  Enter = good (10m) · h = hard (6m) · e = easy (9d) › ",
            "",
            "[2/5] ICD-10-CM",
            "  Type 2 diabetes mellitus with hyperglycemia",
            "  code › E11.56",
            "  ✗ the code is E11.65",
            "    you typed  E11.56",
            "    right      E11.65",
            "                   ^^",
            "    you swapped 6 and 5",
            "  comes back in 1m",
            "  Enter to go on › ",
            "",
            "[3/6] ICD-10-CM",
            "  Essential (primary) hypertension",
            "  code › ",
        ])
    );
    assert_eq!(session.ending, Ending::EndOfInput);
    assert_eq!(
        rows(&store, REVIEWS),
        [
            ["E11.9", "E11.9", "3", "1", "type", "0", "0", "-", "5000"],
            [
                "E11.65",
                "E11.56",
                "1",
                "0",
                "type",
                "0",
                "0",
                "transposition",
                "5000"
            ],
        ]
    );
}

#[test]
fn a_hint_makes_a_right_answer_hard() {
    let mut store = tiny_store();
    let options = options(&store, Mode::Type);
    let session = run(&mut store, &options, ":h\nE11.9\n\n");
    assert_eq!(
        session.out,
        lines(&[
            INTRO,
            "[1/4] ICD-10-CM",
            "  Type 2 diabetes mellitus without complications",
            "  code › :h",
            "  hint: it starts with E…",
            "  code › E11.9",
            "  ✓ right: E11.9",
            "  comes back in 6m (a hint was used: counted as hard)",
            "  Enter to go on › ",
            "",
            "[2/5] ICD-10-CM",
            "  Type 2 diabetes mellitus with hyperglycemia",
            "  code › ",
        ])
    );
    assert_eq!(
        rows(&store, REVIEWS),
        [["E11.9", "E11.9", "2", "1", "type", "1", "0", "-", "5000"]]
    );
}

#[test]
fn the_summary_counts_what_the_session_saved() {
    let mut store = tiny_store();
    let options = options(&store, Mode::Type);
    let session = run(&mut store, &options, "E11.9\n\nE11.56\n\n");
    assert_eq!(
        summary(&session.tally, Some(session.ending), at(), Style::plain()),
        "End of input. 2 answered, 1 right (50%), 2 new cards, 10 seconds of thinking time. \
         Everything is saved.\nSlips: 1 × neighbouring characters swapped.\n"
    );
}

#[test]
fn undo_voids_the_last_answer_and_restores_the_card() {
    let mut store = tiny_store();
    let options = options(&store, Mode::Type);
    let session = run(&mut store, &options, ":u\nE11.9\n\n:u\n:q\n");
    let first = [
        "[1/4] ICD-10-CM",
        "  Type 2 diabetes mellitus without complications",
    ];
    assert_eq!(
        session.out,
        lines(
            &[
                &[INTRO][..],
                &first,
                &["  code › :u", "  Nothing to undo yet.", ""],
                &first,
                &[
                    "  code › E11.9",
                    "  ✓ right: E11.9",
                    "  Enter = good (10m) · h = hard (6m) · e = easy (9d) › ",
                    "",
                    "[2/5] ICD-10-CM",
                    "  Type 2 diabetes mellitus with hyperglycemia",
                    "  code › :u",
                    "  Undone: that answer is taken back; the card comes again.",
                    "",
                ],
                &first,
                &["  code › :q", ""],
            ]
            .concat()
        )
    );
    assert_eq!(session.ending, Ending::Quit);
    assert_eq!(session.tally.answered, 0);
    assert_eq!(
        rows(&store, "SELECT review_id, reason FROM review_void"),
        [["1", "undone"]]
    );
    assert_eq!(
        rows(
            &store,
            "SELECT state, step, reps, coalesce(due, '-') FROM card WHERE code = 'E11.9'"
        ),
        [["0", "0", "0", "-"]],
        "the card is new again"
    );
    assert_eq!(rows(&store, "SELECT answered FROM session"), [["0"]]);
}

#[test]
fn a_new_grade_after_a_right_answer_replaces_the_review() {
    let mut store = tiny_store();
    let options = options(&store, Mode::Type);
    let session = run(&mut store, &options, "E11.9\nh\n:q\n");
    assert!(
        session
            .out
            .contains("  Enter = good (10m) · h = hard (6m) · e = easy (9d) › h\n\n[2/5]"),
        "{}",
        session.out
    );
    assert_eq!(
        rows(
            &store,
            "SELECT r.rating, coalesce(v.reason, '-') FROM review r \
             LEFT JOIN review_void v ON v.review_id = r.id ORDER BY r.id"
        ),
        [["3", "grade changed"], ["2", "-"]]
    );
    assert_eq!(session.tally.answered, 1, "the same answer, counted once");
}

#[test]
fn quitting_or_the_end_of_input_saves_nothing_more() {
    let mut store = tiny_store();
    let options = options(&store, Mode::Type);
    for (input, ending) in [(":q\n", Ending::Quit), ("", Ending::EndOfInput)] {
        let session = run(&mut store, &options, input);
        assert_eq!(session.ending, ending);
        assert_eq!(session.tally.answered, 0);
    }
    assert!(rows(&store, "SELECT id FROM review").is_empty());
    // Input that ends at the grade prompt keeps the answer as good; the next card then ends the session.
    let session = run(&mut store, &options, "E11.9\n");
    assert_eq!(session.ending, Ending::EndOfInput);
    // :q after a verdict stops before the next card; the answer just given stays.
    let session = run(&mut store, &options, "E11.56\n:q\n");
    assert_eq!(session.ending, Ending::Quit);
    assert!(
        session
            .out
            .ends_with(&format!("  Enter to go on › :q\n{FEEL}"))
    );
    assert_eq!(
        rows(&store, "SELECT rating FROM review ORDER BY id"),
        [["3"], ["1"]]
    );
    assert!(rows(&store, "SELECT review_id FROM review_void").is_empty());
}

#[test]
fn skipping_buries_the_card_until_tomorrow() {
    let mut store = tiny_store();
    let options = options(&store, Mode::Type);
    let session = run(&mut store, &options, ":s\n:q\n");
    assert_eq!(
        session.out,
        lines(&[
            INTRO,
            "[1/4] ICD-10-CM",
            "  Type 2 diabetes mellitus without complications",
            "  code › :s",
            "  Skipped: it comes back tomorrow.",
            "",
            "[1/3] ICD-10-CM",
            "  Type 2 diabetes mellitus with hyperglycemia",
            "  code › :q",
            "",
        ])
    );
    let tomorrow = clock::study_day(at()) + 1;
    assert_eq!(
        rows(&store, "SELECT buried_until FROM card WHERE code = 'E11.9'"),
        [[tomorrow.to_string()]]
    );
    assert!(rows(&store, "SELECT id FROM review").is_empty());
    let first_card = |session: &Session| session.out.lines().nth(2).unwrap().trim().to_owned();
    let later_today = run_at(&mut store, &options, ":q\n", at() + Duration::hours(1));
    assert_eq!(
        first_card(&later_today),
        "Type 2 diabetes mellitus with hyperglycemia"
    );
    let next_day = run_at(&mut store, &options, ":q\n", at() + Duration::days(1));
    assert_eq!(
        first_card(&next_day),
        "Type 2 diabetes mellitus without complications"
    );
}

#[test]
fn choice_mode_saves_the_option_chosen() {
    let mut store = tiny_store();
    let options = options(&store, Mode::Choice);
    let session = run(&mut store, &options, "3\n\nx\n1\n\n");
    assert_eq!(
        session.out,
        lines(&[
            INTRO,
            "[1/4] ICD-10-CM",
            "  Type 2 diabetes mellitus without complications",
            "    1) I10   2) E11.65   3) E11.9   4) J45.909",
            "  choice (1-4) › 3",
            "  ✓ right: E11.9",
            "  Enter = good (10m) · h = hard (6m) · e = easy (9d) › ",
            "",
            "[2/5] ICD-10-CM",
            "  Type 2 diabetes mellitus with hyperglycemia",
            "    1) J45.909   2) E11.9   3) I10   4) E11.65",
            "  choice (1-4) › x",
            "  Type the number of your choice, 1 to 4.",
            "  choice (1-4) › 1",
            "  ✗ the code is E11.65",
            "    you chose  J45.909",
            "    that code is in another chapter (chapter 10, respiratory system); this one is in \
             chapter 4, endocrine and metabolic diseases",
            "    J45.909 is: Unspecified asthma, uncomplicated",
            "  comes back in 1m",
            "  Enter to go on › ",
            "",
            "[3/6] ICD-10-CM",
            "  Essential (primary) hypertension",
            "    1) E11.9   2) I10   3) J45.909   4) E11.65",
            "  choice (1-4) › ",
        ])
    );
    assert_eq!(
        rows(&store, REVIEWS),
        [
            ["E11.9", "E11.9", "3", "1", "choice", "0", "0", "-", "5000"],
            [
                "E11.65", "J45.909", "1", "0", "choice", "0", "0", "chapter", "5000"
            ],
        ]
    );
}

#[test]
fn flip_mode_saves_the_grade_the_learner_gives() {
    let mut store = tiny_store();
    let options = options(&store, Mode::Flip);
    let session = run(&mut store, &options, "\n2\n\n:h\nmaybe\n1\n");
    assert_eq!(
        session.out,
        lines(&[
            INTRO,
            "[1/4] ICD-10-CM",
            "  Type 2 diabetes mellitus without complications",
            "  Enter to show the answer › ",
            "  = E11.9",
            "  1 again (1m) · 2 hard (6m) · 3 good (10m) (Enter) · 4 easy (9d) › 2",
            "",
            "[2/5] ICD-10-CM",
            "  Type 2 diabetes mellitus with hyperglycemia",
            "  Enter to show the answer › ",
            "  = E11.65",
            "  1 again (1m) · 2 hard (6m) · 3 good (10m) (Enter) · 4 easy (10d) › :h",
            "  Type 1 (again), 2 (hard), 3 (good) or 4 (easy).",
            "  1 again (1m) · 2 hard (6m) · 3 good (10m) (Enter) · 4 easy (10d) › maybe",
            "  Type 1 (again), 2 (hard), 3 (good) or 4 (easy).",
            "  1 again (1m) · 2 hard (6m) · 3 good (10m) (Enter) · 4 easy (10d) › 1",
            "",
            "[3/6] ICD-10-CM",
            "  Essential (primary) hypertension",
            "  Enter to show the answer › ",
        ])
    );
    assert_eq!(
        rows(&store, REVIEWS),
        [
            ["E11.9", "", "2", "1", "flip", "0", "0", "-", "5000"],
            ["E11.65", "", "1", "0", "flip", "0", "0", "-", "5000"],
        ]
    );
}

#[test]
fn practice_brings_a_missed_card_round_twice_more_and_leaves_the_schedule() {
    let mut store = tiny_store();
    let mut options = options(&store, Mode::Type);
    options.cram = Some(Cram {
        tag: None,
        limit: 1,
    });
    let session = run(&mut store, &options, "x\n\nx\n\nx\n\n");
    let round = |n: usize| {
        format!(
            "[{n}/{n}] ICD-10-CM\n  Type 2 diabetes mellitus without complications\n  code › x\n  \
             ✗ the code is E11.9\n    you typed  x\n  Enter to go on › \n\n"
        )
    };
    assert_eq!(
        session.out,
        format!(
            "codedrill: 1 card to practise (the schedule is left as it is). Type ? for help, :q to \
             stop.\n{}{}{}{FEEL}",
            round(1),
            round(2),
            round(3)
        )
    );
    assert_eq!(session.ending, Ending::Finished);
    assert_eq!(
        rows(
            &store,
            "SELECT count(*), min(rating), max(rating), min(kind) FROM review"
        ),
        [["3", "1", "1", "3"]]
    );
    assert_eq!(
        rows(&store, "SELECT state, reps FROM card WHERE code = 'E11.9'"),
        [["0", "0"]]
    );
    assert_eq!(
        rows(&store, "SELECT answered, finished FROM session"),
        [["3", "1"]]
    );
}
