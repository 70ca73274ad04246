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

mod lookup;

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
        check: Vec::new(),
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
    run_ticking(store, options, input, at, Duration::seconds(5))
}

/// Runs one session at `at`, each clock reading `tick` after the last.
fn run_ticking(
    store: &mut Store,
    options: &Options,
    input: &str,
    at: DateTime<Utc>,
    tick: Duration,
) -> Session {
    let clock = Clock::fixed(at, tick);
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
        book: Some(&crate::commands::IndexBook),
    };
    let ending = drill.run(options).unwrap();
    let out = String::from_utf8(drill.out).unwrap();
    let tally = tally.lock().unwrap().clone();
    Session { ending, out, tally }
}

fn run(store: &mut Store, options: &Options, input: &str) -> Session {
    run_at(store, options, input, at())
}

/// A first session on the small deck, answered the way `mode` asks.
fn first_session(mode: Mode, input: &str) -> (Store, Session) {
    let mut store = tiny_store();
    let options = options(&store, mode);
    let session = run(&mut store, &options, input);
    (store, session)
}

/// The rows a query returns, the columns of each joined by " | " (NULL as "-").
fn rows(store: &Store, sql: &str) -> Vec<String> {
    use rusqlite::types::ValueRef;
    let mut stmt = store.connection().prepare(sql).unwrap();
    let columns = stmt.column_count();
    let row = |r: &rusqlite::Row| {
        let text = |i| match r.get_ref(i)? {
            ValueRef::Null => Ok("-".to_owned()),
            ValueRef::Integer(n) => Ok(n.to_string()),
            ValueRef::Real(x) => Ok(x.to_string()),
            ValueRef::Text(t) => Ok(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(_) => Ok("<blob>".to_owned()),
        };
        let cells = (0..columns)
            .map(text)
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(cells.join(" | "))
    };
    let rows = stmt.query_map([], row).unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

/// The answers saved: card, answer, rating, correct, mode, hinted, kind, mistake, thinking time (ms).
fn reviews(store: &Store) -> Vec<String> {
    rows(
        store,
        "SELECT c.code, r.answer, r.rating, r.correct, r.mode, r.hinted, r.kind, r.mistake, \
         r.duration_ms FROM review r JOIN card c ON c.id = r.card_id ORDER BY r.id",
    )
}

/// A transcript from its parts, line by line; the last line is what was on screen when input ended.
fn transcript(parts: &[&[&str]]) -> String {
    parts.concat().join("\n")
}

const INTRO: &str =
    "codedrill: 4 new cards (each seen a few times) for this session. Type ? for help, :q to stop.";
const FEEL: &str = "How did that feel? 1 (not for me) to 5 (loved it), Enter to skip › ";
/// The first card of the deck, as the first of a session.
const FIRST: &[&str] = &[
    "[4 new · 0 learning · 0 to review] ICD-10-CM",
    "  Type 2 diabetes mellitus without complications",
];
/// The question after a right answer on a new card.
const GRADES: &str = "  Enter = good (10m) · h = hard (6m) · e = easy (9d) › ";
/// The first card answered right, kept as good.
const FIRST_RIGHT: &[&str] = &["  code › E11.9", "  ✓ right: E11.9", GRADES, ""];
/// The second card, after the first was answered.
const SECOND: &[&str] = &[
    "[3 new · 1 learning · 0 to review] ICD-10-CM",
    "  Type 2 diabetes mellitus with hyperglycemia",
];
/// The third card, after two were answered.
const THIRD: &[&str] = &[
    "[2 new · 2 learning · 0 to review] ICD-10-CM",
    "  Essential (primary) hypertension",
];
const GO_ON: &[&str] = &["  Enter to go on › ", ""];

#[test]
fn a_right_typed_answer_is_saved_as_good_and_shown_as_right() {
    let (store, session) = first_session(Mode::Type, "E11.9\n\n:q\n");
    assert_eq!(
        session.out,
        transcript(&[&[INTRO], FIRST, FIRST_RIGHT, SECOND, &["  code › :q", FEEL]])
    );
    assert_eq!(session.ending, Ending::Quit);
    assert_eq!(
        reviews(&store),
        ["E11.9 | E11.9 | 3 | 1 | type | 0 | 0 | - | 5000"]
    );
    // Good on a new card: the first learning step, ten minutes on.
    assert_eq!(
        rows(
            &store,
            "SELECT state, step, reps FROM card WHERE code = 'E11.9'"
        ),
        ["1 | 1 | 1"]
    );
    assert_eq!(
        rows(&store, "SELECT answered, finished FROM session"),
        ["1 | 0"],
        "a session stopped with :q is not finished"
    );
}

#[test]
fn a_wrong_typed_answer_is_saved_as_again_with_its_mistake_and_the_difference_shown() {
    let (store, session) = first_session(Mode::Type, "E11.9\n\nE11.56\n\n");
    let miss = [
        "  code › E11.56",
        "  ✗ the code is E11.65",
        "    you typed  E11.56",
        "    right      E11.65",
        "                   ^^",
        "    you swapped 6 and 5",
        "  comes back in 1m",
    ];
    assert_eq!(
        session.out,
        transcript(&[
            &[INTRO],
            FIRST,
            FIRST_RIGHT,
            SECOND,
            &miss,
            GO_ON,
            THIRD,
            &["  code › "]
        ])
    );
    assert_eq!(session.ending, Ending::EndOfInput);
    assert_eq!(
        reviews(&store),
        [
            "E11.9 | E11.9 | 3 | 1 | type | 0 | 0 | - | 5000",
            "E11.65 | E11.56 | 1 | 0 | type | 0 | 0 | transposition | 5000",
        ]
    );
    assert_eq!(
        summary(&session.tally, Some(session.ending), at(), Style::plain()),
        "End of input. 2 answers, 1 right (50%); 2 new cards started; 10 seconds of thinking time. \
         Everything is saved.\nSlips: 1 × neighbouring characters swapped.\n"
    );
}

#[test]
fn a_hint_makes_a_right_answer_hard() {
    let (store, session) = first_session(Mode::Type, ":h\nE11.9\n\n");
    let hint = ["  code › :h", "  hint: it starts with E…"];
    let hard = ["  comes back in 6m (a hint was used: counted as hard)"];
    let right = &FIRST_RIGHT[..2];
    assert_eq!(
        session.out,
        transcript(&[
            &[INTRO],
            FIRST,
            &hint,
            right,
            &hard,
            GO_ON,
            SECOND,
            &["  code › "]
        ])
    );
    assert_eq!(
        reviews(&store),
        ["E11.9 | E11.9 | 2 | 1 | type | 1 | 0 | - | 5000"]
    );
}

#[test]
fn a_new_grade_after_a_right_answer_replaces_the_review() {
    let (store, session) = first_session(Mode::Type, "E11.9\nh\n:q\n");
    let right = &FIRST_RIGHT[..2];
    let hard = [&format!("{GRADES}h"), ""];
    assert_eq!(
        session.out,
        transcript(&[
            &[INTRO],
            FIRST,
            right,
            &hard,
            SECOND,
            &["  code › :q", FEEL]
        ])
    );
    assert_eq!(
        rows(
            &store,
            "SELECT r.rating, v.reason FROM review r \
             LEFT JOIN review_void v ON v.review_id = r.id ORDER BY r.id"
        ),
        ["3 | grade changed", "2 | -"]
    );
    assert_eq!(session.tally.answered, 1, "the same answer, counted once");
}

#[test]
fn undo_voids_the_last_answer_and_restores_the_card() {
    let (store, session) = first_session(Mode::Type, ":u\nE11.9\n\n:u\n:q\n");
    let nothing = ["  code › :u", "  Nothing to undo yet.", ""];
    let undone = [
        "  code › :u",
        "  Undone: that answer is taken back; the card comes again.",
        "",
    ];
    assert_eq!(
        session.out,
        transcript(&[
            &[INTRO],
            FIRST,
            &nothing,
            FIRST,
            FIRST_RIGHT,
            SECOND,
            &undone,
            FIRST,
            &["  code › :q", ""],
        ])
    );
    assert_eq!(session.ending, Ending::Quit);
    assert_eq!(session.tally.answered, 0);
    assert_eq!(
        rows(&store, "SELECT review_id, reason FROM review_void"),
        ["1 | undone"]
    );
    assert_eq!(
        rows(
            &store,
            "SELECT state, step, reps, due FROM card WHERE code = 'E11.9'"
        ),
        ["0 | 0 | 0 | -"],
        "the card is new again"
    );
    assert_eq!(rows(&store, "SELECT answered FROM session"), ["0"]);
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
    assert!(reviews(&store).is_empty());
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
        ["3", "1"]
    );
    assert!(rows(&store, "SELECT review_id FROM review_void").is_empty());
}

#[test]
fn skipping_buries_the_card_until_tomorrow() {
    let mut store = tiny_store();
    let options = options(&store, Mode::Type);
    let session = run(&mut store, &options, ":s\n:q\n");
    let skipped = [
        "  code › :s",
        "  Skipped: it comes back tomorrow.",
        "",
        "[3 new · 0 learning · 0 to review] ICD-10-CM",
        "  Type 2 diabetes mellitus with hyperglycemia",
        "  code › :q",
        "",
    ];
    assert_eq!(session.out, transcript(&[&[INTRO], FIRST, &skipped]));
    let tomorrow = clock::study_day(at()) + 1;
    assert_eq!(
        rows(&store, "SELECT buried_until FROM card WHERE code = 'E11.9'"),
        [tomorrow.to_string()]
    );
    assert!(reviews(&store).is_empty());
    let mut first_card = |at| {
        let session = run_at(&mut store, &options, ":q\n", at);
        session.out.lines().nth(2).unwrap().trim().to_owned()
    };
    assert_eq!(
        first_card(at() + Duration::minutes(1)),
        "Type 2 diabetes mellitus with hyperglycemia"
    );
    assert_eq!(
        first_card(at() + Duration::days(1)),
        "Type 2 diabetes mellitus without complications"
    );
}

#[test]
fn choice_mode_saves_the_option_chosen() {
    let (store, session) = first_session(Mode::Choice, "3\n\nx\n1\n\n");
    let first = [
        "    1) I10   2) E11.65   3) E11.9   4) J45.909",
        "  choice (1-4) › 3",
    ];
    let right = &FIRST_RIGHT[1..];
    let second = [
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
    ];
    let third = [
        "    1) E11.9   2) I10   3) J45.909   4) E11.65",
        "  choice (1-4) › ",
    ];
    assert_eq!(
        session.out,
        transcript(&[
            &[INTRO],
            FIRST,
            &first,
            right,
            SECOND,
            &second,
            GO_ON,
            THIRD,
            &third
        ])
    );
    assert_eq!(
        reviews(&store),
        [
            "E11.9 | E11.9 | 3 | 1 | choice | 0 | 0 | - | 5000",
            "E11.65 | J45.909 | 1 | 0 | choice | 0 | 0 | chapter | 5000",
        ]
    );
}

#[test]
fn flip_mode_saves_the_grade_the_learner_gives() {
    let (store, session) = first_session(Mode::Flip, "\n2\n\n:h\nmaybe\n1\n");
    let show = "  Enter to show the answer › ";
    let grades = "  1 again (1m) · 2 hard (6m) · 3 good (10m) (Enter) · 4 easy (10d) › ";
    let again = "  Type 1 (again), 2 (hard), 3 (good) or 4 (easy).";
    let first = [
        show,
        "  = E11.9",
        "  1 again (1m) · 2 hard (6m) · 3 good (10m) (Enter) · 4 easy (9d) › 2",
        "",
    ];
    let second = [
        show,
        "  = E11.65",
        &format!("{grades}:h"),
        again,
        &format!("{grades}maybe"),
        again,
        &format!("{grades}1"),
        "",
    ];
    assert_eq!(
        session.out,
        transcript(&[&[INTRO], FIRST, &first, SECOND, &second, THIRD, &[show]])
    );
    assert_eq!(
        reviews(&store),
        [
            "E11.9 |  | 2 | 1 | flip | 0 | 0 | - | 5000",
            "E11.65 |  | 1 | 0 | flip | 0 | 0 | - | 5000",
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
    // The same card each round: the counter says one is left, never a growing total.
    let round = "[1 left] ICD-10-CM\n  Type 2 diabetes mellitus without complications\n  code › x\n  \
                 ✗ the code is E11.9\n    you typed  x\n  Enter to go on › \n\n";
    assert_eq!(
        session.out,
        format!(
            "codedrill: 1 card to practise (the schedule is left as it is). Type ? for help, :q to \
             stop.\n{round}{round}{round}{FEEL}"
        )
    );
    assert_eq!(session.ending, Ending::Finished);
    assert_eq!(
        rows(
            &store,
            "SELECT count(*), min(rating), max(rating), min(kind) FROM review"
        ),
        ["3 | 1 | 1 | 3"]
    );
    assert_eq!(
        rows(&store, "SELECT state, reps FROM card WHERE code = 'E11.9'"),
        ["0 | 0"]
    );
    assert_eq!(
        rows(&store, "SELECT answered, finished FROM session"),
        ["3 | 1"]
    );
}

/// What the screen said was saved, read back from a transcript: each verdict adds the answer typed
/// before it (a miss as again, a right answer as good), a hint or a grade typed after it changes its
/// grade, and "Undone" takes the last one away.
fn saved_as_shown(out: &str) -> Vec<String> {
    let mut typed = String::new();
    let mut saved: Vec<(String, u8)> = Vec::new();
    for line in out.lines() {
        if let Some(answer) = line.strip_prefix("  code › ") {
            typed = answer.trim().to_owned();
        } else if line.starts_with("  ✓ right:") {
            saved.push((typed.clone(), 3));
        } else if line.starts_with("  ✗ ") {
            saved.push((typed.clone(), 1));
        } else if line.contains("(a hint was used: counted as hard)") {
            saved.last_mut().unwrap().1 = 2;
        } else if line.starts_with("  Enter = good") {
            let grade = line.rsplit("› ").next().unwrap_or("");
            let rating = match grade {
                "h" => 2,
                "e" => 4,
                _ => 3,
            };
            saved.last_mut().unwrap().1 = rating;
        } else if line.contains("Undone: that answer is taken back") {
            saved.pop();
        }
    }
    saved
        .into_iter()
        .map(|(answer, rating)| format!("{answer} | {rating}"))
        .collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(96))]

    /// Any keys, stopped anywhere: the log holds exactly the answers the screen showed as judged, graded
    /// as it said, and nothing after `:q` or the end of input.
    #[test]
    fn the_log_holds_exactly_the_answers_given_graded_as_shown(
        keys in proptest::collection::vec(
            proptest::sample::select(vec![
                "E11.9", "E11.65", "I10", "J45.909", "x", "", ":q", ":u", ":h", ":s", "h", "e", "?",
            ]),
            0..40,
        ),
        ends_with_newline in proptest::bool::ANY,
    ) {
        let mut input = keys.join("\n");
        if ends_with_newline && !keys.is_empty() {
            input.push('\n');
        }
        let mut store = tiny_store();
        let options = options(&store, Mode::Type);
        let session = run(&mut store, &options, &input);
        let standing = rows(
            &store,
            "SELECT answer, rating FROM review WHERE id NOT IN (SELECT review_id FROM review_void) \
             ORDER BY id",
        );
        let shown = saved_as_shown(&session.out);
        proptest::prop_assert_eq!(&standing, &shown, "{}", session.out);
        proptest::prop_assert_eq!(session.tally.answered, standing.len());
        // `:q` ends the session where it is typed: no card and no verdict after it.
        // (The question after the session, how it felt, is not indented: `:q` there only skips it.)
        let quit_in_drill = session.out.match_indices("› :q\n").map(|(i, _)| i).find(|&i| {
            session.out[..i].rsplit('\n').next().is_some_and(|line| line.starts_with("  "))
        });
        if let Some(at) = quit_in_drill {
            let after = &session.out[at..];
            proptest::prop_assert_eq!(session.ending, Ending::Quit);
            proptest::prop_assert!(!after.contains("\n[") && !after.contains('✓') && !after.contains('✗'), "{}", after);
        }
    }
}
