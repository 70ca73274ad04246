//! The commands around the drill, and the errors a person can cause.

use codedrill::builtin::BUILTIN;
use codedrill_core::deck::parse_deck;

use crate::support::Env;

#[test]
fn decks_lists_every_built_in_deck_with_its_counts() {
    let env = Env::new();
    let out = env.run(&["decks"], "");
    out.success();
    let mut total = 0;
    for deck in BUILTIN {
        let cards = parse_deck(deck.csv).unwrap().len();
        total += cards;
        let line = out
            .stdout
            .lines()
            .find(|l| l.starts_with(&format!("{} ", deck.name)))
            .unwrap_or_else(|| panic!("{} missing:\n{}", deck.name, out.stdout));
        let numbers: Vec<usize> = line
            .split_whitespace()
            .skip(1)
            .take(4)
            .map(|n| n.parse().unwrap())
            .collect();
        assert_eq!(numbers, [cards, cards, 0, 0], "{line}");
    }
    assert!(out.stdout.contains(&format!(
        "{total} cards in {} decks; 0 due today",
        BUILTIN.len()
    )));
}

#[test]
fn decks_counts_learning_and_due_cards() {
    let mut env = Env::new();
    env.run(&["--deck", "hcpcs", "--new", "2"], "A9999\n\nA9999\n\n")
        .success();
    let line = |out: &str| -> Vec<String> {
        out.lines()
            .find(|l| l.starts_with("hcpcs "))
            .unwrap()
            .split_whitespace()
            .skip(1)
            .take(4)
            .map(str::to_owned)
            .collect()
    };
    let cards = parse_deck(BUILTIN.iter().find(|d| d.name == "hcpcs").unwrap().csv)
        .unwrap()
        .len();
    let out = env.run(&["decks"], "");
    out.success();
    assert_eq!(
        line(&out.stdout),
        [
            cards.to_string(),
            (cards - 2).to_string(),
            "2".into(),
            "2".into()
        ]
    );
    env.on_day(1);
    let out = env.run(&["decks"], "");
    out.success();
    assert_eq!(
        line(&out.stdout)[3],
        "2",
        "learning cards stay due until answered"
    );
}

#[test]
fn about_shows_the_licensing_notice() {
    let out = Env::new().run(&["about"], "");
    out.success();
    for needle in [
        "CPT is a registered trademark of the American Medical Association",
        "not affiliated",
        "original paraphrase",
        "FY2026",
        "NCHS/CDC",
        "For study only",
    ] {
        assert!(out.stdout.contains(needle), "{needle}");
    }
    assert!(!out.stdout.contains("All rights reserved"));
}

#[test]
fn an_unknown_deck_is_named_with_a_suggestion() {
    let out = Env::new().run(&["drill", "--deck", "biling"], "");
    out.failure();
    assert_eq!(
        out.stderr,
        "error: there is no deck named 'biling'. Did you mean billing?\n"
    );
}

#[test]
fn an_unwritable_data_directory_is_explained() {
    let env = Env::new();
    let file = env.data().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let mut cmd = env.command();
    cmd.env("CODEDRILL_HOME", file.join("inside"));
    let out = cmd.arg("decks").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: cannot create the data directory"),
        "{err}"
    );
    assert!(err.contains("--data-dir or CODEDRILL_HOME"), "{err}");
}

#[test]
fn a_database_from_a_newer_codedrill_is_left_alone() {
    let env = Env::new();
    env.run(&["decks"], "").success();
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    // Far ahead of this build, so that the test holds whatever migrations come.
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let before = std::fs::read(env.db()).unwrap();
    let out = env.run(&["decks"], "");
    out.failure();
    assert!(
        out.stderr
            .contains("written by a newer version of codedrill (schema 99"),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read(env.db()).unwrap(),
        before,
        "not a byte changed"
    );
}

#[test]
fn a_bad_clock_override_is_explained() {
    let mut env = Env::new();
    env.now = "yesterday".into();
    let out = env.run(&["decks"], "");
    out.failure();
    assert!(
        out.stderr.contains("CODEDRILL_NOW is set to 'yesterday'"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_data_directory_flag_beats_the_environment() {
    let env = Env::new();
    let other = tempfile::tempdir().unwrap();
    let out = env.run(&["decks", "--data-dir", other.path().to_str().unwrap()], "");
    out.success();
    assert!(other.path().join("codedrill.db").exists());
    assert!(!env.db().exists());

    // Before the command's name works as well as after it.
    let before = tempfile::tempdir().unwrap();
    let out = env.run(
        &["--data-dir", before.path().to_str().unwrap(), "stats"],
        "",
    );
    out.success();
    assert!(before.path().join("codedrill.db").exists());
    assert!(!env.db().exists());
}

#[test]
fn a_drill_option_before_another_command_is_refused_not_dropped() {
    let env = Env::new();
    let out = env.run(&["--deck", "billing", "stats"], "");
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("--deck comes before `stats`; options go after the command's name"),
        "{}",
        out.stderr
    );
    assert!(!env.db().exists());
    env.run(&["stats", "--deck", "billing"], "").success();
}

#[test]
fn bad_settings_are_refused_before_anything_is_written() {
    let env = Env::new();
    let out = env.run(&["drill", "--retention", "1.5"], "");
    out.failure();
    assert!(
        out.stderr
            .contains("desired retention must be between 0.70 and 0.99"),
        "{}",
        out.stderr
    );
    assert!(!env.db().exists());
}
