//! The malformed fixtures: `tests/fixtures/malformed/GROUP/NAME`, each beside `NAME.expected`, the whole
//! of what a person sees when importing it (exit code, standard output and error) and, when it is
//! imported, every deck it made as `export deck` writes it. An `args:` first line gives the command's
//! extra arguments. `UPDATE_GOLDEN=1 cargo test --test cli malformed::` rewrites them; read the diff.
//!
//! `strict` checks the accepted ones against a strict RFC 4180 reader.

use std::path::{Path, PathBuf};

use codedrill::store::Store;

use crate::support::Env;

pub fn folder(group: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/malformed")
        .join(group)
}

pub const GROUPS: [&str; 10] = [
    "quotes",
    "separators",
    "headers",
    "duplicates",
    "lines",
    "html",
    "messages",
    "formats",
    "names",
    "invisible",
];

/// The fixtures of a group, by name.
pub fn fixtures(group: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder(group))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".expected"))
        .collect();
    names.sort();
    names
}

/// The `args:` line of an expected file, split as a shell would (double quotes group words).
pub fn args_of(expected: &str) -> Vec<String> {
    let Some(line) = expected
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("args: "))
    else {
        return Vec::new();
    };
    let mut args = Vec::new();
    let (mut word, mut quoted, mut any) = (String::new(), false, false);
    for c in line.chars() {
        match c {
            '"' => (quoted, any) = (!quoted, true),
            ' ' if !quoted => {
                if any {
                    args.push(std::mem::take(&mut word));
                }
                any = false;
            }
            c => (word, any) = (word + &c.to_string(), true),
        }
    }
    if any {
        args.push(word);
    }
    args
}

/// What a person sees importing `name`, and the decks it made.
fn transcript(group: &str, name: &str, args: &[String]) -> String {
    let env = Env::new();
    let mut all = vec!["import", name];
    all.extend(args.iter().map(String::as_str));
    let out = env.run_in(&folder(group), &all);
    let mut text = format!("exit: {}\n", out.code.unwrap_or(-1));
    // The backup's name holds the time it was made.
    let backup = "Your progress from before the import is backed up in ";
    let stdout: String = out
        .stdout
        .lines()
        .map(|l| match l.starts_with(backup) {
            true => format!("{backup}(a backup).\n"),
            false => format!("{l}\n"),
        })
        .collect();
    for (section, content) in [("stdout", stdout.as_str()), ("stderr", out.stderr.as_str())] {
        if !content.is_empty() {
            text.push_str(&format!("--- {section}\n{content}"));
        }
    }
    if env.db().exists() {
        let store = Store::open(env.data()).unwrap();
        for deck in env.rows("SELECT name FROM deck WHERE origin = 'import' ORDER BY id") {
            let id = store.deck_ids(std::slice::from_ref(&deck[0])).unwrap()[0];
            let mut csv = Vec::new();
            codedrill_core::export::write_deck(&mut csv, &store.deck_cards(id).unwrap()).unwrap();
            text.push_str(&format!(
                "--- deck {}\n{}",
                deck[0],
                String::from_utf8(csv).unwrap()
            ));
        }
    }
    text
}

/// Runs every fixture of `group` and compares (or, with `UPDATE_GOLDEN`, rewrites) its expected file.
fn check_group(group: &str) {
    let mut differ = Vec::new();
    for name in fixtures(group) {
        let path = folder(group).join(format!("{name}.expected"));
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        let args = args_of(&expected);
        let args_line = expected.lines().next().filter(|l| l.starts_with("args: "));
        let actual = args_line.map_or(String::new(), |l| format!("{l}\n"))
            + &transcript(group, &name, &args);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &actual).unwrap();
        } else if actual != expected {
            differ.push(format!(
                "{name}\n--- expected\n{expected}\n--- actual\n{actual}"
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {group} differ (UPDATE_GOLDEN=1 rewrites them; read the diff):\n{}",
        differ.len(),
        differ.join("\n")
    );
}

#[test]
fn quotes() {
    check_group("quotes");
}

#[test]
fn separators() {
    check_group("separators");
}

#[test]
fn headers() {
    check_group("headers");
}

#[test]
fn duplicates() {
    check_group("duplicates");
}

#[test]
fn lines() {
    check_group("lines");
}

#[test]
fn html() {
    check_group("html");
}

#[test]
fn messages() {
    check_group("messages");
}

#[test]
fn formats() {
    check_group("formats");
}

#[test]
fn names() {
    check_group("names");
}

#[test]
fn invisible() {
    check_group("invisible");
}

#[test]
fn there_are_at_least_a_hundred_fixtures_each_with_its_outcome() {
    let mut count = 0;
    for group in GROUPS {
        for name in fixtures(group) {
            let expected = std::fs::read_to_string(folder(group).join(format!("{name}.expected")))
                .unwrap_or_default();
            assert!(
                expected.contains("exit: "),
                "{group}/{name} has no expected outcome"
            );
            count += 1;
        }
    }
    let on_disk = std::fs::read_dir(folder("")).unwrap().count();
    assert_eq!(
        on_disk,
        GROUPS.len(),
        "a group folder not in GROUPS is never run"
    );
    assert!(count >= 100, "only {count} fixtures");
}
