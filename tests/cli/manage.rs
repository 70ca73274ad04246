//! Managing decks and cards: hiding a deck, finding a card, suspending one, editing one of your own, and
//! every refusal on the way.

use codedrill::builtin::BUILTIN;
use serde_json::Value;

use crate::support::{Answers, Env, Output};

fn json(out: &Output) -> Value {
    out.success();
    serde_json::from_str(&out.stdout).unwrap()
}

fn hide(env: &Env, deck: &str) {
    env.run(&["decks", "hide", deck], "").success();
}

/// The first line a drill prints: how many cards it has.
fn session_size(env: &Env, args: &[&str]) -> String {
    let out = env.run(args, ":q\n");
    out.success();
    out.stdout.lines().next().unwrap_or_default().to_owned()
}

#[test]
fn a_hidden_deck_is_left_out_unless_named_and_comes_back_with_its_progress() {
    let env = Env::new();
    let answers = Answers::builtin();
    let mut driver = env.drive(&[
        "drill",
        "--deck",
        "word-parts",
        "--new",
        "1",
        "--learning-steps",
        "",
    ]);
    assert_eq!(driver.answer_everything(&answers).len(), 1);
    driver.finish_ok();
    let progress =
        "SELECT c.key, c.state, c.reps, c.due FROM card c JOIN deck d ON d.id = c.deck_id
                    WHERE d.name = 'word-parts' AND c.reps > 0";
    let before = env.rows(progress);
    assert_eq!(before.len(), 1);

    let out = env.run(&["decks", "hide", "word-parts"], "");
    out.success();
    assert_eq!(
        out.stdout,
        "Hid the deck 'word-parts' (296 cards): plain `codedrill`, the trial, `stats` and `report` leave it \
         out, and its progress is kept.\n`codedrill decks show word-parts` brings it back; `codedrill drill \
         --deck word-parts` still drills it.\n"
    );
    for deck in BUILTIN.iter().filter(|d| d.name != "modifiers") {
        hide(&env, deck.name);
    }
    // Plain `codedrill` (with more new cards than the deck holds) and practice: the one deck left.
    assert_eq!(
        session_size(&env, &["--new", "100"]),
        "codedrill: 46 new cards (each seen a few times) for this session. Type ? for help, :q to stop."
    );
    assert_eq!(
        session_size(&env, &["cram", "--limit", "100"]),
        "codedrill: 46 cards to practise (the schedule is left as it is). Type ? for help, :q to stop."
    );
    // Named, a hidden deck is drilled as it is (one new card is done today already).
    assert_eq!(
        session_size(&env, &["drill", "--deck", "word-parts", "--new", "2"]),
        "codedrill: 1 new card (each seen a few times) for this session. Type ? for help, :q to stop."
    );

    let out = env.run(&["decks", "show", "word-parts"], "");
    out.success();
    assert_eq!(
        out.stdout,
        "'word-parts' is back: plain `codedrill`, the trial, `stats` and `report` include it again, with its \
         progress as it was.\n"
    );
    assert_eq!(env.rows(progress), before, "progress untouched");
    assert_eq!(
        session_size(&env, &["--new", "1000"]),
        "codedrill: 341 new cards (each seen a few times) for this session. Type ? for help, :q to stop.",
        "46 modifiers and the 295 word parts not yet learnt"
    );
}

#[test]
fn stats_and_report_leave_a_hidden_deck_out_and_name_it() {
    let env = Env::new();
    env.run(&["drill", "--deck", "billing", "--new", "1"], "\n\n")
        .success();
    let today = |env: &Env, args: &[&str]| json(&env.run(args, ""))["today"]["answers"].clone();
    assert_eq!(today(&env, &["stats", "--json"]), 1);
    hide(&env, "billing");

    let stats = json(&env.run(&["stats", "--json"], ""));
    assert_eq!(stats["today"]["answers"], 0, "its answers are left out");
    assert_eq!(stats["hidden_decks"], serde_json::json!(["billing"]));
    assert!(
        stats["decks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["name"] != "billing")
    );
    let named = json(&env.run(&["stats", "--deck", "billing", "--json"], ""));
    assert_eq!(named["today"]["answers"], 1, "named, it is counted");
    assert_eq!(named["hidden_decks"], serde_json::json!([]));

    let report = json(&env.run(&["report", "--json"], ""));
    assert_eq!(report["hidden_decks"], serde_json::json!(["billing"]));
    assert_eq!(report["evidence"]["answers"], 0);
    let page = env.data().join("report.html");
    env.run(&["report", "--html", page.to_str().unwrap()], "")
        .success();
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains(
            "<section id=\"hidden\">\n<h2>Hidden decks</h2>\n<p>&#39;billing&#39; is hidden and left out of \
             this report; <code>codedrill decks show billing</code> brings it back.</p>\n</section>"
        ),
        "the HTML page says so too"
    );

    env.run(&["decks", "show", "billing"], "").success();
    assert_eq!(today(&env, &["stats", "--json"]), 1, "counted again");
}

#[test]
fn the_trial_leaves_hidden_decks_out_and_refuses_when_all_are_hidden() {
    let env = Env::new();
    hide(&env, "billing");
    let out = env.run(&["trial"], ":q\n");
    out.success();
    assert!(
        out.stdout.contains(
            "'billing' is hidden and left out of the trial; `codedrill decks show billing` brings it back.\n"
        ),
        "{}",
        out.stdout
    );

    let env = Env::new();
    for deck in BUILTIN {
        hide(&env, deck.name);
    }
    let trial = env.run(&["trial"], "");
    trial.failure();
    assert_eq!(
        trial.stderr,
        "error: every built-in deck is hidden, so the trial has nothing to ask; `codedrill decks` lists them \
         and `codedrill decks show NAME` brings one back\n"
    );
    assert_eq!(
        env.sql::<i64>("SELECT count(*) FROM meta WHERE key = 'trial_started_day'"),
        0,
        "a refused trial has not begun"
    );
    let drill = env.run(&["drill"], "");
    drill.failure();
    assert_eq!(
        drill.stderr,
        "error: every deck is hidden, so there is nothing to drill; `codedrill decks show NAME` brings one \
         back, or drill one as it is with `codedrill drill --deck NAME`\n"
    );
}

#[test]
fn hiding_refuses_an_unknown_deck_and_says_when_nothing_changes() {
    let env = Env::new();
    let out = env.run(&["decks", "hide", "biling"], "");
    out.failure();
    assert_eq!(
        out.stderr,
        "error: there is no deck named 'biling'. Did you mean billing?\n"
    );
    let out = env.run(&["decks", "show", "billing"], "");
    out.success();
    assert_eq!(out.stdout, "'billing' is not hidden; nothing changed.\n");
    hide(&env, "billing");
    let out = env.run(&["decks", "hide", "Billing"], "");
    out.success();
    assert_eq!(
        out.stdout,
        "'billing' is hidden already; nothing changed. `codedrill decks show billing` brings it back.\n"
    );
    let out = env.run(&["decks", "remove", "billing", "--yes"], "");
    out.failure();
    assert_eq!(
        out.stderr,
        "error: 'billing' is built into codedrill and cannot be removed; to leave it out, hide it: \
         `codedrill decks hide billing` (its progress is kept)\n"
    );
}

/// The learnt card of the hcpcs deck as `cards --json` shows it.
fn listed(env: &Env, key: &str) -> Value {
    let out = json(&env.run(&["cards", "--json", &format!("hcpcs:{key}")], ""));
    assert_eq!(out["cards"].as_array().unwrap().len(), 1, "{out}");
    out["cards"][0].clone()
}

#[test]
fn a_card_shows_its_state_due_date_answers_and_lapses() {
    let mut env = Env::new();
    let answers = Answers::builtin();
    // One hcpcs card, no learning steps: a right answer is a review, a wrong one a lapse.
    let args = [&["drill"][..], &crate::leech::ARGS].concat();
    let mut driver = env.drive(&[&args[..], &["--new", "1"]].concat());
    let key = driver.answer_everything(&answers).remove(0);
    driver.finish_ok();
    let due: i64 = env.sql("SELECT due FROM card WHERE reps > 0");
    let today: i64 = 20_780; // 2026-11-23, the frozen clock's study day
    let card = listed(&env, &key);
    assert_eq!(
        (&card["state"], &card["reviews"], &card["lapses"]),
        (&Value::from("review"), &Value::from(1), &Value::from(0))
    );
    let date = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Duration::days(due);
    assert_eq!(card["due"], date.to_string());
    assert_eq!(
        card["due_in_words"],
        format!("in {} days ({})", due - today, date.format("%a %-d %b %Y"))
    );
    assert_eq!(card["last_answers"][0]["answer"], key.as_str());

    // Forgotten on the day it is due: a lapse, and the wrong answer shown first.
    env.on_day(due - today);
    env.run(&[&args[..], &["--new", "0"]].concat(), "A0000\n\n")
        .success();
    let card = listed(&env, &key);
    assert_eq!(
        (&card["reviews"], &card["lapses"]),
        (&Value::from(2), &Value::from(1))
    );
    let last: Vec<(String, bool)> = card["last_answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["answer"].as_str().unwrap().to_owned(),
                a["correct"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(last, [("A0000".to_owned(), false), (key.clone(), true)]);

    // The table, whole: the marks read oldest first. The card is the deck's first, and with no fuzz
    // its schedule is always the same.
    assert_eq!(key, "A4206");
    let out = env.run(&["cards", "hcpcs:a4206"], "");
    out.success();
    assert_eq!(
        out.stdout,
        "card         state   due       reviews  lapses  last answers  description\n\
         hcpcs:A4206  review  tomorrow        2       1  ✓✗            Syringe with needle, sterile, 1 cc or \
         less, each\n\
         1 card.\n"
    );
}

#[test]
fn a_suspended_card_leaves_drills_and_practice_counts_in_stats_and_comes_back() {
    let env = Env::new();
    let out = env.run(&["cards", "suspend", "HCPCS:j1100"], "");
    out.success();
    assert_eq!(
        out.stdout,
        "Suspended hcpcs:J1100 (Injection, dexamethasone sodium phosphate, 1 mg): it stays out of drills and \
         practice, with its progress kept, until `codedrill cards unsuspend hcpcs:J1100`.\n"
    );
    let stats = json(&env.run(&["stats", "--json"], ""));
    assert_eq!(stats["cards"]["suspended"], 1);
    let hcpcs = stats["decks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "hcpcs")
        .unwrap();
    assert_eq!(
        (&hcpcs["cards"]["suspended"], &hcpcs["cards"]["new"]),
        (&Value::from(1), &Value::from(76))
    );
    assert_eq!(
        session_size(&env, &["drill", "--deck", "hcpcs", "--new", "100"]),
        "codedrill: 76 new cards (each seen a few times) for this session. Type ? for help, :q to stop."
    );
    assert_eq!(
        session_size(&env, &["cram", "--deck", "hcpcs", "--limit", "100"]),
        "codedrill: 76 cards to practise (the schedule is left as it is). Type ? for help, :q to stop."
    );
    assert_eq!(listed(&env, "J1100")["state"], "suspended");

    let again = env.run(&["cards", "suspend", "hcpcs:J1100"], "");
    again.success();
    assert_eq!(
        again.stdout,
        "hcpcs:J1100 is suspended already; nothing changed. `codedrill cards unsuspend hcpcs:J1100` brings it \
         back.\n"
    );
    let back = env.run(&["cards", "unsuspend", "hcpcs:J1100"], "");
    back.success();
    assert_eq!(
        back.stdout,
        "Brought back hcpcs:J1100: it comes up with the new cards.\n"
    );
    let again = env.run(&["cards", "unsuspend", "hcpcs:J1100"], "");
    again.success();
    assert_eq!(
        again.stdout,
        "hcpcs:J1100 is not suspended; nothing changed.\n"
    );
    assert_eq!(
        session_size(&env, &["drill", "--deck", "hcpcs", "--new", "100"]),
        "codedrill: 77 new cards (each seen a few times) for this session. Type ? for help, :q to stop."
    );
}

#[test]
fn a_leech_comes_back_with_cards_unsuspend_or_leeches_unsuspend() {
    let env = Env::new();
    env.run(&["decks"], "").success();
    let make_leech = || {
        rusqlite::Connection::open(env.db())
            .unwrap()
            .execute(
                "UPDATE card SET suspended = 1, leech = 1, lapses = 8 WHERE key = 'J1100'",
                [],
            )
            .unwrap();
    };
    make_leech();
    let out = env.run(&["cards", "unsuspend", "hcpcs:J1100"], "");
    out.success();
    assert_eq!(
        out.stdout,
        "Brought back hcpcs:J1100: it comes up with the new cards.\nIt was a leech (forgotten 8 times): \
         another way of asking may help, e.g. `codedrill drill --mode choice`.\n"
    );
    assert_eq!(
        env.run(&["leeches"], "").stdout,
        "No leeches: no card has been forgotten 8 times.\n"
    );
    make_leech();
    let out = env.run(&["leeches", "--unsuspend", "Hcpcs:j1100"], "");
    out.success();
    assert_eq!(
        out.stdout,
        "Brought back hcpcs:J1100: it comes up again as a review.\n"
    );
}

#[test]
fn a_card_named_wrongly_is_refused_with_what_to_type() {
    let env = Env::new();
    let refusals = [
        (
            &["cards", "suspend", "J1100"][..],
            "error: name the card as DECK:KEY, as `codedrill cards` lists it (e.g. hcpcs:J1100); \
             `codedrill cards J1100` finds it\n",
        ),
        (
            &["cards", "unsuspend", "hcpc:J1100"][..],
            "error: there is no deck named 'hcpc'. Did you mean hcpcs?\n",
        ),
        (
            &["cards", "suspend", "hcpcs:Z9999"][..],
            "error: the deck 'hcpcs' has no card 'Z9999'; `codedrill cards --deck hcpcs Z9999` looks for it \
             by code, words or tag\n",
        ),
        (
            &["cards", "edit", "hcpcs:J11", "--note", "x"][..],
            "error: the deck 'hcpcs' has no card 'J11'; `codedrill cards --deck hcpcs J11` looks for it by \
             code, words or tag\n",
        ),
    ];
    for (args, stderr) in refusals {
        let out = env.run(args, "");
        out.failure();
        assert_eq!(out.stderr, stderr, "{args:?}");
    }
    assert_eq!(
        env.sql::<i64>("SELECT count(*) FROM card WHERE suspended"),
        0
    );
}

const MINE: &str = "code,description,note\nA01.1,Sampel fever,\nB02.2,Second thing,\n";

/// A data folder with the deck `mine` imported, and the file it came from.
fn with_my_deck() -> (Env, tempfile::TempDir, String) {
    let env = Env::new();
    let files = tempfile::tempdir().unwrap();
    let file = files.path().join("mine.csv");
    std::fs::write(&file, MINE).unwrap();
    let file = file.to_str().unwrap().to_owned();
    env.run(&["import", &file], "").success();
    (env, files, file)
}

#[test]
fn an_edit_keeps_progress_is_shown_once_is_exported_and_a_reimport_wins() {
    let (mut env, _files, file) = with_my_deck();
    let steps = ["--learning-steps", ""];
    env.run(
        &[&["drill", "--deck", "mine", "--new", "1"][..], &steps].concat(),
        "A01.1\n\n",
    )
    .success();
    let schedule = "SELECT state, due, reps, lapses, stability FROM card WHERE key = 'A01.1'";
    let before = env.rows(schedule);

    let out = env.run(
        &[
            "cards",
            "edit",
            "mine:a011",
            "--description",
            "Sample fever",
            "--note",
            "Typo fixed",
        ],
        "",
    );
    out.success();
    assert_eq!(
        out.stdout,
        "Edited mine:A01.1; its progress is kept, and its next question says it was edited.\n  \
         description: Sample fever (was: Sampel fever)\n  note: Typo fixed (was: (empty))\n\
         The file you imported still has the old text, and importing it again would put that back: fix it \
         there too, or write the deck out with `codedrill export deck mine -o FILE`.\n"
    );
    assert_eq!(env.rows(schedule), before, "the schedule is untouched");
    let exported = env.run(&["export", "deck", "mine"], "");
    exported.success();
    assert!(
        exported
            .stdout
            .contains("\nA01.1,Sample fever,code,,,,Typo fixed,,,\n"),
        "{}",
        exported.stdout
    );

    // Practice shows the card as it is now, and says it was edited; the drill after it does not again.
    // Practice takes the card never seen first.
    let cram = env.run(&["cram", "--deck", "mine"], "B02.2\n\nA01.1\n\n");
    cram.success();
    assert!(
        cram.stdout
            .contains("  Sample fever\n  edited by you: description, note\n"),
        "{}",
        cram.stdout
    );
    let due: i64 = env.sql("SELECT due FROM card WHERE key = 'A01.1'");
    env.on_day(due - 20_780);
    let drill = env.run(&["drill", "--deck", "mine", "--new", "0"], "A01.1\n\n");
    drill.success();
    assert!(
        drill.stdout.contains("  Sample fever\n  code › "),
        "{}",
        drill.stdout
    );
    assert!(!drill.stdout.contains("edited by you"), "{}", drill.stdout);

    // The file again: its text wins, and the import says so.
    let again = env.run(&["import", &file], "");
    again.success();
    assert!(
        again.stdout.contains(
            "deck 'mine': 0 added, 1 updated, 1 unchanged, 0 skipped.\n1 card you edited with `codedrill \
             cards edit` took the file's text again: the file wins.\n"
        ),
        "{}",
        again.stdout
    );
    assert_eq!(
        env.sql::<String>("SELECT description FROM card WHERE key = 'A01.1'"),
        "Sampel fever"
    );
    assert_eq!(
        env.sql::<i64>("SELECT reps FROM card WHERE key = 'A01.1'"),
        2,
        "progress kept"
    );
}

#[test]
fn an_edit_reaches_both_sides_of_a_card() {
    let (env, _files, _) = with_my_deck();
    env.run(&["drill", "--deck", "mine", "--direction", "both"], ":q\n")
        .success();
    env.run(
        &[
            "cards",
            "edit",
            "mine:B02.2",
            "--description",
            "Second thing, corrected",
            "--aliases",
            "2nd; two",
        ],
        "",
    )
    .success();
    assert_eq!(
        env.rows("SELECT side, description, aliases FROM card WHERE key = 'B02.2' ORDER BY side"),
        [
            ["code", "Second thing, corrected", "2nd;two"],
            ["meaning", "Second thing, corrected", "2nd;two"]
        ]
    );
}

#[test]
fn an_edit_that_would_lose_text_or_changes_nothing_is_refused_or_said() {
    let (env, _files, _) = with_my_deck();
    let empty = env.run(&["cards", "edit", "mine:A01.1", "--description", "  "], "");
    empty.failure();
    assert_eq!(
        empty.stderr,
        "error: the description cannot be empty: every card needs something to answer from\n"
    );
    let nothing = env.run(&["cards", "edit", "mine:A01.1"], "");
    assert_eq!(
        nothing.code,
        Some(2),
        "clap asks for a field: {}",
        nothing.stderr
    );
    let same = env.run(
        &[
            "cards",
            "edit",
            "mine:A01.1",
            "--description",
            "Sampel fever",
        ],
        "",
    );
    same.success();
    assert_eq!(
        same.stdout,
        "mine:A01.1 says that already; nothing changed.\n"
    );
    assert_eq!(env.sql::<i64>("SELECT count(*) FROM card_edit"), 0);
}

#[test]
fn what_a_deck_file_says_is_cleaned_before_the_list_prints_it() {
    let env = Env::new();
    let files = tempfile::tempdir().unwrap();
    let file = files.path().join("hostile.csv");
    std::fs::write(
        &file,
        "code,description\nX1,\"red \u{1b}[31mtext\u{202e} reversed\"\n",
    )
    .unwrap();
    env.run(&["import", file.to_str().unwrap()], "").success();
    let out = env.run(&["cards", "--deck", "hostile"], "");
    out.success();
    assert!(
        !out.stdout.contains(['\u{1b}', '\u{202e}']),
        "{:?}",
        out.stdout
    );
    assert!(
        out.stdout.contains("red [31mtext reversed"),
        "{}",
        out.stdout
    );
}
