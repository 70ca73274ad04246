//! The commands that print a fixed text, compared whole with the files in `tests/golden/` (as `just`
//! does): the exit code, everything on standard output, and standard error (`NAME.stderr`, empty when
//! there is no such file). The data folder's path, which changes from run to run, is written `{data}`.
//!
//! `UPDATE_GOLDEN=1 cargo test --test cli golden::` rewrites the files from what codedrill prints now;
//! read the diff before committing it.

use std::path::{Path, PathBuf};

use crate::support::Env;

/// Runs codedrill with `args` in `env` and compares what it prints with the golden files `name.*`.
#[track_caller]
fn golden(env: &Env, name: &str, args: &[&str], code: i32) {
    golden_with_input(env, name, args, "", code);
}

/// The same, with `stdin` typed in.
#[track_caller]
pub fn golden_with_input(env: &Env, name: &str, args: &[&str], stdin: &str, code: i32) {
    let out = env.run(args, stdin);
    let data = env.data().display().to_string();
    let placed = |text: &str| text.replace(&data, "{data}");
    compare(
        &folder().join(format!("{name}.stdout")),
        &placed(&out.stdout),
    );
    compare(
        &folder().join(format!("{name}.stderr")),
        &placed(&out.stderr),
    );
    assert_eq!(
        out.code,
        Some(code),
        "exit code of codedrill {}",
        args.join(" ")
    );
}

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Compares `actual` with the file at `path` (a missing file stands for no output), or rewrites the file
/// when `UPDATE_GOLDEN` is set.
#[track_caller]
fn compare(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        if actual.is_empty() {
            let _ = std::fs::remove_file(path);
        } else {
            std::fs::write(path, actual).unwrap();
        }
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        actual == expected,
        "{} differs; if the change is meant, rerun with UPDATE_GOLDEN=1 and read the diff\n\
         --- expected\n{expected}\n--- actual\n{actual}",
        path.display()
    );
}

/// Commands whose whole output on a fresh data folder is fixed: the golden file's name, the arguments,
/// the exit code.
const ON_A_FRESH_FOLDER: &[(&str, &[&str], i32)] = &[
    ("about", &["about"], 0),
    ("codeset-none", &["codeset"], 0),
    ("help", &["--help"], 0),
    ("decks-fresh", &["decks"], 0),
    ("leeches-none", &["leeches"], 0),
    ("stats-fresh", &["stats"], 0),
    ("stats-fresh-json", &["stats", "--json"], 0),
    ("report-fresh", &["report"], 0),
    // The JSON carries the time it was made: the frozen clock's.
    ("report-fresh-json", &["report", "--json"], 0),
    ("drill-bad-retention", &["drill", "--retention", "1.5"], 1),
    ("import-missing", &["import", "no-such-file.csv"], 1),
    // Finding cards: by the start of a code, by words, as DECK:KEY, nothing found, and as JSON.
    ("cards-code-start", &["cards", "e11.6"], 0),
    (
        "cards-words",
        &["cards", "--deck", "billing", "prior", "authorization"],
        0,
    ),
    ("cards-none", &["cards", "no-such-word"], 1),
    ("cards-json", &["cards", "--json", "abbreviations:bid"], 0),
    (
        "cards-edit-built-in",
        &["cards", "edit", "icd10cm-common:E11.65", "--note", "x"],
        1,
    ),
];

#[test]
fn fixed_texts_on_a_fresh_data_folder() {
    for (name, args, code) in ON_A_FRESH_FOLDER {
        golden(&Env::new(), name, args, *code);
    }
}

/// Decks set aside: `decks` lists them apart, and `stats` and `report` say they are left out.
#[test]
fn hidden_decks_in_decks_stats_and_report() {
    let env = Env::new();
    for deck in ["word-parts", "billing"] {
        env.run(&["decks", "hide", deck], "").success();
    }
    golden(&env, "decks-hidden", &["decks"], 0);
    golden(&env, "stats-hidden", &["stats"], 0);
    golden(&env, "report-hidden", &["report"], 0);
    golden(&env, "cards-hidden", &["cards", "billing:denial"], 0);
}

/// A table of cards fits the terminal: the description wraps beside the other columns, or under its row
/// when they leave it too little room.
#[test]
fn cards_fit_the_width() {
    for (columns, name) in [("110", "cards-wide"), ("80", "cards-narrow")] {
        let mut env = Env::new();
        env.env("COLUMNS", columns);
        golden(
            &env,
            name,
            &["cards", "--deck", "billing", "denial", "claim"],
            0,
        );
    }
}

#[test]
fn restore_without_backups() {
    let env = Env::new();
    golden(&env, "restore-none", &["restore"], 0);
    assert!(!env.db().exists(), "listing backups opens no database");
}
