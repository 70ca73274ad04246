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
];

#[test]
fn fixed_texts_on_a_fresh_data_folder() {
    for (name, args, code) in ON_A_FRESH_FOLDER {
        golden(&Env::new(), name, args, *code);
    }
}

#[test]
fn restore_without_backups() {
    let env = Env::new();
    golden(&env, "restore-none", &["restore"], 0);
    assert!(!env.db().exists(), "listing backups opens no database");
}
