//! Storage never silently reset, never stuck, never a raw error (issue 15): backups that sort by when
//! they were made and are never seen half written, restores checked before they replace anything and
//! possible when the live file cannot be read, damage found before anything is written, schema damage in
//! one sentence. RELIABILITY.md lists what each test proves.

use std::path::{Path, PathBuf};

use codedrill::builtin::BUILTIN;
use codedrill_core::deck::parse_deck;

use crate::reliability::with_file_limit;
use crate::support::{Env, Output};

/// The backups a listing shows, newest first, by file name.
fn listed(env: &Env) -> Vec<String> {
    let out = env.run(&["restore"], "");
    out.success();
    out.stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| name.starts_with("codedrill-") && name.ends_with(".db"))
        .map(str::to_owned)
        .collect()
}

/// A small deck file named `name`.csv with one card.
fn deck_file(env: &Env, name: &str) -> PathBuf {
    let file = env.data().join(format!("{name}.csv"));
    std::fs::write(
        &file,
        format!("code,description\n{name}-1,card of {name}\n"),
    )
    .unwrap();
    file
}

/// The imported decks a database (or a backup) holds, in order of name.
fn imported_decks(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT name FROM deck WHERE origin = 'import' ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The whole file, to show that a refusal left it exactly as it was.
fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// An error said in one sentence that names the file: one line, no SQL, no SQLite error codes.
#[track_caller]
fn one_sentence_naming(out: &Output, file: &Path) {
    out.failure();
    let said = out.stderr.trim_end();
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(said.contains(&file.display().to_string()), "{said}");
    for raw in [
        "CREATE",
        "SELECT",
        "Error code",
        "SQL logic error",
        "panicked",
        "(os error",
    ] {
        assert!(!said.contains(raw), "{raw} in: {said}");
    }
}

#[test]
fn backups_made_in_one_second_sort_by_when_they_were_made() {
    let env = Env::new();
    env.run(&["decks"], "").success();
    // Imports a few milliseconds apart: many backups share a second.
    for i in 1..=9 {
        let file = deck_file(&env, &format!("d{i}"));
        let out = env.run(&["import", file.to_str().unwrap()], "");
        out.success();
        let made = out
            .stdout
            .lines()
            .find_map(|l| l.strip_prefix("Your progress from before the import is backed up in "))
            .unwrap()
            .trim_end_matches('.');
        assert!(
            Path::new(made).exists(),
            "import {i} names {made}, which is gone"
        );
    }
    let names = listed(&env);
    assert_eq!(names.len(), codedrill::store::backup::KEEP, "{names:?}");
    // Newest first: the backup before import i holds decks d1 .. d(i-1).
    let held: Vec<usize> = names
        .iter()
        .map(|n| imported_decks(&env.data().join("backups").join(n)).len())
        .collect();
    assert_eq!(held, [8, 7, 6, 5, 4], "{names:?}");
    env.run(&["restore", "latest", "--yes"], "").success();
    assert_eq!(
        imported_decks(&env.db()).len(),
        8,
        "the state before the last import"
    );
}

#[test]
fn a_backup_that_cannot_be_written_leaves_nothing_behind_and_is_named() {
    let env = Env::new();
    env.run(&["decks"], "").success();
    let before = bytes(&env.db());
    let file = deck_file(&env, "mine");
    // Room for the database's log, not for a copy of the whole database.
    let (code, stdout, stderr) =
        with_file_limit(&env, 100, &format!("import {}", file.display()), "");
    assert_eq!(code, Some(1), "{stdout}\n{stderr}");
    assert!(
        stderr.starts_with("error: `codedrill import` could not make its backup "),
        "{stderr}"
    );
    assert!(stderr.contains("backups/codedrill-"), "{stderr}");
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    assert!(!stderr.contains("every answer saved"), "{stderr}");
    assert_eq!(
        listed(&env),
        Vec::<String>::new(),
        "no partial backup is listed"
    );
    let left: Vec<_> = std::fs::read_dir(env.data().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        left,
        Vec::<std::ffi::OsString>::new(),
        "nothing left behind"
    );
    assert_eq!(bytes(&env.db()), before);
}

#[test]
fn an_import_killed_during_its_backup_leaves_no_partial_backup() {
    let mut env = Env::new();
    env.run(&["decks"], "").success();
    let file = deck_file(&env, "mine");
    env.env("CODEDRILL_FAILPOINT", "backup-copy:1:abort");
    let out = env.run(&["import", file.to_str().unwrap()], "");
    assert_eq!(out.code, None, "killed during the copy: {}", out.stderr);
    env.extra.clear();
    assert_eq!(listed(&env), Vec::<String>::new());
    // The next backup clears what the killed one left.
    env.run(&["import", file.to_str().unwrap()], "").success();
    let left: Vec<String> = std::fs::read_dir(env.data().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left[0].ends_with("-before-import.db"), "{left:?}");
}

#[test]
fn a_partial_backup_from_an_older_codedrill_is_passed_over_and_explained() {
    let env = Env::new();
    let first = deck_file(&env, "first");
    env.run(&["import", first.to_str().unwrap()], "").success();
    // What an older codedrill left when killed while copying: a newer name, half a file, its journal.
    let folder = env.data().join("backups");
    let partial = folder.join("codedrill-20991231-235959-before-import.db");
    let whole = bytes(&env.db());
    std::fs::write(&partial, &whole[..whole.len() / 2]).unwrap();
    std::fs::write(
        folder.join("codedrill-20991231-235959-before-import.db-journal"),
        b"x",
    )
    .unwrap();
    let list = env.run(&["restore"], "");
    assert!(
        list.stdout.contains("(incomplete: cannot be restored)"),
        "{}",
        list.stdout
    );
    let named = env.run(&["restore", partial.to_str().unwrap(), "--yes"], "");
    one_sentence_naming(&named, &partial);
    assert!(named.stderr.contains("is incomplete"), "{}", named.stderr);
    // `latest` is the newest backup that is whole: from before the import.
    let latest = env.run(&["restore", "latest", "--yes"], "");
    latest.success();
    assert_eq!(imported_decks(&env.db()), Vec::<String>::new());
}

#[test]
fn a_backup_from_a_newer_codedrill_is_refused_before_anything_changes() {
    let env = Env::new();
    env.run(&["decks"], "").success();
    let newer = env.data().join("newer.db");
    std::fs::copy(env.db(), &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let before = bytes(&env.db());
    let out = env.run(&["restore", newer.to_str().unwrap(), "--yes"], "");
    one_sentence_naming(&out, &newer);
    assert!(
        out.stderr.contains("newer codedrill (schema 99"),
        "{}",
        out.stderr
    );
    assert_eq!(
        bytes(&env.db()),
        before,
        "the live database was not touched"
    );
    env.run(&["decks"], "").success();
}

#[test]
fn restore_works_when_the_live_database_cannot_be_read() {
    let env = Env::new();
    let file = deck_file(&env, "mine");
    env.run(&["import", file.to_str().unwrap()], "").success();
    let db = env.db();
    for (damage, how) in [
        ("newer", "PRAGMA user_version = 99"),
        ("schema", "DROP TABLE review_void"),
    ] {
        env.run(&["import", file.to_str().unwrap(), "--deck", damage], "")
            .success();
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute_batch(how)
            .unwrap();
        env.run(&["stats"], "").failure();
        let kept = bytes(&db);
        let out = env.run(&["restore", "latest", "--yes"], "");
        out.success();
        let aside = out
            .stdout
            .split("it is kept, as it was, in ")
            .nth(1)
            .unwrap_or_else(|| panic!("{damage}: {}", out.stdout))
            .trim()
            .trim_end_matches('.');
        assert_eq!(bytes(Path::new(aside)), kept, "{damage}: kept as it was");
        assert_eq!(imported_decks(&db), ["mine"], "{damage}");
        env.run(&["stats"], "").success();
    }
}

#[test]
fn an_empty_database_is_refused_while_backups_hold_the_progress() {
    let env = Env::new();
    let file = deck_file(&env, "mine");
    env.run(&["import", file.to_str().unwrap()], "").success();
    std::fs::write(env.db(), b"").unwrap();
    for args in [&["stats"][..], &["--deck", "mine"], &["decks"]] {
        let out = env.run(args, "x\n\n");
        one_sentence_naming(&out, &env.db());
        assert!(out.stderr.contains("is empty (0 bytes)"), "{}", out.stderr);
        assert!(
            out.stderr.contains("codedrill restore latest"),
            "{}",
            out.stderr
        );
        assert_eq!(std::fs::metadata(env.db()).unwrap().len(), 0, "never reset");
    }
    env.run(&["restore", "latest", "--yes"], "").success();
    assert_eq!(imported_decks(&env.db()), Vec::<String>::new());
    assert!(env.run(&["decks"], "").success().stdout.contains("hcpcs"));
}

/// Zeroes one leaf page of the card table, the damage a failing disk or a bad copy leaves.
fn zero_a_card_page(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let pages: Vec<i64> = conn
        .prepare("SELECT pageno FROM dbstat WHERE name = 'card' AND pagetype = 'leaf'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let size: i64 = conn
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .unwrap();
    drop(conn);
    let page = pages[pages.len() / 2];
    let mut all = bytes(db);
    let at = usize::try_from((page - 1) * size).unwrap();
    all[at..at + usize::try_from(size).unwrap()].fill(0);
    std::fs::write(db, all).unwrap();
}

#[test]
fn damage_is_found_before_anything_is_written() {
    let env = Env::new();
    env.run(&["--deck", "hcpcs", "--new", "2"], "x\n\nx\n\n")
        .success();
    zero_a_card_page(&env.db());
    let damaged = bytes(&env.db());
    for args in [
        &["--deck", "hcpcs", "--new", "5"][..],
        &["export", "deck", "hcpcs"],
        &["stats"],
        &["decks"],
    ] {
        let out = env.run(args, &"A0000\n\n".repeat(5));
        one_sentence_naming(&out, &env.db());
        assert!(
            out.stderr.contains("is damaged"),
            "{args:?}: {}",
            out.stderr
        );
        assert!(out.stdout.is_empty(), "{args:?}: {}", out.stdout);
        assert_eq!(
            bytes(&env.db()),
            damaged,
            "{args:?} wrote into the damaged file"
        );
    }
    let check = env.run(&["check"], "");
    check.failure();
    assert!(check.stdout.contains("is damaged:"), "{}", check.stdout);
    assert!(check.stdout.contains("page"), "{}", check.stdout);
    assert_eq!(bytes(&env.db()), damaged);
}

#[test]
fn check_says_a_sound_database_is_sound() {
    let env = Env::new();
    env.run(&["--deck", "hcpcs", "--new", "2"], "x\n\nx\n\n")
        .success();
    let out = env.run(&["check"], "");
    out.success();
    let cards: usize = BUILTIN
        .iter()
        .map(|d| parse_deck(d.csv).unwrap().len())
        .sum();
    assert_eq!(
        out.stdout,
        format!(
            "{} is sound: {} decks, {cards} cards and 2 answers, every page checked.\n",
            env.db().display(),
            BUILTIN.len()
        )
    );
}

#[test]
fn check_says_plainly_what_it_cannot_read() {
    let env = Env::new();
    std::fs::write(env.db(), "not a database, just some text ".repeat(200)).unwrap();
    let out = env.run(&["check"], "");
    out.failure();
    assert_eq!(
        out.stdout,
        format!(
            "{} is damaged:\n  SQLite cannot read it as a database at all: its first page is damaged, or \
             it is another kind of file\nThere are no backups to bring back: move the file away to start \
             afresh.\n",
            env.db().display()
        )
    );
}

#[test]
fn schema_damage_reads_as_one_sentence_naming_the_file() {
    for (what, how) in [
        ("a dropped table", "DROP TABLE session"),
        (
            "our id and no tables",
            "DROP VIEW standing_review; DROP VIEW kept_review; DROP TABLE card_revision; \
             DROP TABLE codeset_seventh; DROP TABLE codeset_note; DROP TABLE codeset_node; \
             DROP TABLE codeset; DROP TABLE review_void; DROP TABLE review; DROP TABLE card; \
             DROP TABLE session; DROP TABLE deck; DROP TABLE meta",
        ),
        ("version -1", "PRAGMA user_version = -1"),
    ] {
        let env = Env::new();
        env.run(&["decks"], "").success();
        rusqlite::Connection::open(env.db())
            .unwrap()
            .execute_batch(how)
            .unwrap();
        let before = bytes(&env.db());
        let out = env.run(&["stats"], "");
        one_sentence_naming(&out, &env.db());
        assert!(out.stderr.contains("is damaged"), "{what}: {}", out.stderr);
        assert_eq!(bytes(&env.db()), before, "{what}");
    }
}

#[test]
fn a_schema_upgrade_says_where_its_backup_is() {
    let env = Env::new();
    env.run(&["decks"], "").success();
    // Schema 4 is today's without the views of 5, the tables of 6 and 7, the deck name keys of 8, the
    // hidden decks and card edits of 9, the lookup columns of 10, the index's words of 11 (12 rebuilds an
    // index) and the log's digest of 13.
    rusqlite::Connection::open(env.db())
        .unwrap()
        .execute_batch(
            "DROP TRIGGER review_digest_insert; DROP TRIGGER review_digest_update; \
             DROP TRIGGER review_digest_delete; DROP TABLE review_digest; \
             DROP TABLE codeset_term_words; \
             ALTER TABLE review DROP COLUMN coding_ms; ALTER TABLE review DROP COLUMN lookups; \
             DROP TABLE card_edit; ALTER TABLE deck DROP COLUMN hidden; \
             DROP TABLE codeset_term; DROP TABLE codeset_index; \
             DROP VIEW standing_review; DROP VIEW kept_review; DROP TABLE card_revision; \
             DROP TABLE codeset_seventh; DROP TABLE codeset_note; DROP TABLE codeset_node; \
             DROP TABLE codeset; DROP INDEX deck_name_key; ALTER TABLE deck DROP COLUMN name_key; \
             PRAGMA user_version = 4;",
        )
        .unwrap();
    let out = env.run(&["decks"], "");
    out.success();
    let copy = out
        .stderr
        .strip_prefix(
            "note: your progress was updated for this version of codedrill; a copy from before is in ",
        )
        .unwrap_or_else(|| panic!("{}", out.stderr))
        .trim_end()
        .trim_end_matches('.');
    assert!(
        copy.ends_with(&format!(
            "-before-upgrade-to-v{}.db",
            codedrill::store::SCHEMA_VERSION
        )),
        "{copy}"
    );
    let version: i64 = rusqlite::Connection::open(copy)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 4);
}

#[test]
fn reading_commands_work_on_a_full_disk() {
    let env = Env::new();
    env.run(&["--deck", "hcpcs", "--new", "1"], "x\n\n")
        .success();
    for args in ["stats", "decks", "export reviews", "report"] {
        let (code, stdout, stderr) = with_file_limit(&env, 0, args, "");
        assert_eq!(code, Some(0), "{args}: {stderr}");
        assert!(!stdout.is_empty(), "{args}");
        assert!(
            stderr.starts_with("note: the disk holding ") && stderr.contains("is full"),
            "{args}: {stderr}"
        );
    }
    // A drill cannot save, and says so plainly.
    let (code, _, stderr) = with_file_limit(&env, 0, "--deck hcpcs", "x\n\n");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("the disk is full"), "{stderr}");
    assert!(!stderr.contains("(os error"), "{stderr}");
}
