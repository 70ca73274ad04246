//! Import and export: the formats people bring, the errors they get, and what a failure leaves behind.

use std::path::{Path, PathBuf};

use crate::support::{Answers, Env};

fn fixtures(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind)
}

/// Every table's rows, to compare a database before and after.
fn snapshot(env: &Env) -> Vec<Vec<String>> {
    ["deck", "card", "review", "review_void", "session"]
        .iter()
        .flat_map(|t| env.rows(&format!("SELECT * FROM {t} ORDER BY 1")))
        .collect()
}

#[test]
fn broken_files_report_every_problem_and_import_nothing() {
    let dir = fixtures("broken");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "expected") {
            continue;
        }
        let name = path.file_name().unwrap().to_str().unwrap();
        let expected = std::fs::read_to_string(path.with_extension("expected")).unwrap();
        let env = Env::new();
        let out = env.run_in(&dir, &["import", name]);
        assert_eq!(out.code, Some(1), "{name}");
        assert_eq!(out.stderr, expected, "{name}");
        assert!(
            !env.db().exists(),
            "{name}: nothing is opened before the file is known to be good"
        );
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} broken fixtures");
}

#[test]
fn files_from_anki_quizlet_and_spreadsheets_import_as_expected() {
    let dir = fixtures("import");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if name.ends_with(".expected.csv") {
            continue;
        }
        let env = Env::new();
        env.run_in(&dir, &["import", &name]).success();
        let mut exported = String::new();
        for deck in env.user_decks() {
            exported.push_str(&format!("# deck: {deck}\n"));
            exported.push_str(&env.run(&["export", "deck", &deck], "").success().stdout);
        }
        let stem = name.rsplit_once('.').unwrap().0;
        let expected = std::fs::read_to_string(dir.join(format!("{stem}.expected.csv"))).unwrap();
        assert_eq!(exported, expected, "{name}");
        checked += 1;
    }
    assert_eq!(checked, 6);
}

#[test]
fn an_exported_deck_imports_back_unchanged() {
    let env = Env::new();
    for deck in ["word-parts", "cases", "billing"] {
        let first = env
            .run(&["export", "deck", deck], "")
            .success()
            .stdout
            .clone();
        let neutralized = first.lines().any(|l| l.starts_with("'-"));
        assert_eq!(
            neutralized,
            deck == "word-parts",
            "{deck}: formula-like cells neutralized"
        );
        let file = env.data().join(format!("{deck}.csv"));
        std::fs::write(&file, &first).unwrap();
        let copy = format!("{deck}-copy");
        env.run(&["import", file.to_str().unwrap(), "--deck", &copy], "")
            .success();
        let second = env
            .run(&["export", "deck", &copy], "")
            .success()
            .stdout
            .clone();
        assert_eq!(first, second, "{deck}");
    }
}

#[test]
fn formula_cells_are_neutralized_for_spreadsheets() {
    let env = Env::new();
    let out = env.run(&["export", "deck", "word-parts"], "");
    out.success();
    assert!(
        out.stdout
            .lines()
            .any(|l| l.starts_with("'-itis,inflammation,")),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.lines().any(|l| l.starts_with("-itis")));
}

#[test]
fn reimporting_a_changed_file_keeps_progress() {
    let env = Env::new();
    let file = env.data().join("mine.csv");
    std::fs::write(
        &file,
        "code,description\nA1,first meaning\nB2,second meaning\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    env.run(&["import", path], "").success();
    // Answer both cards once (wrong), so they have schedules and history.
    env.run(&["--deck", "mine"], "x\n\ny\n\n:q\n").success();
    let before = env.rows("SELECT key, state, due, reps FROM card WHERE deck_id = (SELECT id FROM deck WHERE name = 'mine') ORDER BY key");
    std::fs::write(
        &file,
        "code,description\nA1,\"first meaning, reworded\"\nB2,second meaning\nC3,third\n",
    )
    .unwrap();
    let out = env.run(&["import", path], "");
    out.success();
    assert!(
        out.stdout
            .contains("1 added, 1 updated, 1 unchanged, 0 skipped"),
        "{}",
        out.stdout
    );
    let after = env.rows("SELECT key, state, due, reps FROM card WHERE deck_id = (SELECT id FROM deck WHERE name = 'mine') AND key != 'C3' ORDER BY key");
    assert_eq!(before, after, "schedules untouched");
    assert_eq!(
        env.sql::<i64>("SELECT count(*) FROM review"),
        2,
        "history untouched"
    );
    assert_eq!(
        env.sql::<String>("SELECT description FROM card WHERE key = 'A1'"),
        "first meaning, reworded"
    );
}

#[test]
fn duplicates_follow_the_chosen_policy() {
    let env = Env::new();
    let file = env.data().join("dup.csv");
    std::fs::write(&file, "code,description\nA1,one\nB2,two\n").unwrap();
    let path = file.to_str().unwrap();
    env.run(&["import", path], "").success();
    std::fs::write(&file, "code,description\nA1,ONE\nC3,three\n").unwrap();
    let skip = env.run(&["import", path, "--on-duplicate", "skip"], "");
    skip.success();
    assert!(
        skip.stdout
            .contains("1 added, 0 updated, 0 unchanged, 1 skipped"),
        "{}",
        skip.stdout
    );
    assert_eq!(
        env.sql::<String>("SELECT description FROM card WHERE key = 'A1'"),
        "one"
    );
    let add = env.run(&["import", path, "--on-duplicate", "add"], "");
    add.success();
    assert!(add.stdout.contains("2 added"), "{}", add.stdout);
    let keys = env.rows("SELECT key FROM card WHERE deck_id = (SELECT id FROM deck WHERE name = 'dup') ORDER BY position");
    assert_eq!(keys, [["A1"], ["B2"], ["C3"], ["A1 (2)"], ["C3 (2)"]]);
}

#[test]
fn a_dry_run_checks_and_counts_but_writes_nothing() {
    let env = Env::new();
    env.run(&["decks"], "").success();
    let before = snapshot(&env);
    let out = env.run_in(&fixtures("import"), &["import", "quizlet.txt", "--dry-run"]);
    out.success();
    assert!(
        out.stdout
            .contains("Dry run: quizlet.txt is fine (3 cards); nothing was written."),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("would change deck 'quizlet': 3 added"),
        "{}",
        out.stdout
    );
    assert_eq!(snapshot(&env), before);
}

/// A file of `n` generated cards.
fn big_file(env: &Env, n: usize) -> PathBuf {
    let mut text = String::from("code,description\n");
    for i in 0..n {
        text.push_str(&format!("X{i:05},Generated card number {i}\n"));
    }
    let path = env.data().join("big.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_large_import_prints_no_progress_when_not_on_a_terminal() {
    let env = Env::new();
    let path = big_file(&env, 12_000);
    let out = env.run(&["import", path.to_str().unwrap()], "");
    out.success();
    assert_eq!(out.stderr, "", "the progress bar is for terminals only");
    assert!(out.stdout.contains("12000 added"), "{}", out.stdout);
}

/// The backups made so far.
fn backups(env: &Env) -> Vec<PathBuf> {
    std::fs::read_dir(env.data().join("backups"))
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default()
}

#[test]
fn a_bad_row_late_in_a_big_file_writes_nothing_and_is_reported_as_ever() {
    // The cards are written while the file is read: here thousands are, before the problems are met.
    let env = Env::new();
    env.run(&["decks"], "").success();
    let path = big_file(&env, 30_000);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text = text.replace(
        "X25000,Generated card number 25000\n",
        "X00003,Something else\n",
    );
    text = text.replace("X29000,Generated card number 29000\n", ",No code\n");
    std::fs::write(&path, text).unwrap();
    let before = snapshot(&env);
    let out = env.run_in(env.data(), &["import", "big.csv"]);
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stderr,
        "big.csv:25002: 'X00003' is also the key of line 5, which says something else; remove one \
         row, or import with --on-duplicate add (keep both), skip (keep line 5) or update (keep this \
         one)\n\
         big.csv:29002: the code is empty; every card needs a code or term to answer\n\
         error: big.csv has 2 problems; nothing was imported. Fix them and import again\n"
    );
    assert_eq!(out.stdout, "");
    assert_eq!(snapshot(&env), before);
    assert_eq!(
        backups(&env),
        Vec::<PathBuf>::new(),
        "no backup of a refused import"
    );
    assert_eq!(env.sql::<String>("PRAGMA integrity_check"), "ok");
}

#[test]
fn the_backup_before_an_import_holds_the_state_before_it() {
    let env = Env::new();
    env.run(&["decks"], "").success();
    let before = snapshot(&env);
    let path = big_file(&env, 12_000);
    let out = env.run(&["import", path.to_str().unwrap()], "");
    out.success();
    assert!(out.stdout.contains("12000 added"), "{}", out.stdout);
    let backups = backups(&env);
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert!(
        out.stdout
            .contains(&format!("backed up in {}.", backups[0].display())),
        "{}",
        out.stdout
    );
    let copy = Env::new();
    std::fs::copy(&backups[0], copy.db()).unwrap();
    assert_eq!(
        snapshot(&copy),
        before,
        "the backup is the folder as it was"
    );
    assert_ne!(snapshot(&env), before);
}

#[test]
fn an_import_that_fails_half_way_leaves_the_database_as_it_was() {
    let mut env = Env::new();
    env.run(&["--deck", "billing", "--new", "1"], "copay\n\n")
        .success();
    let path = big_file(&env, 12_000);
    let before = snapshot(&env);
    env.env("CODEDRILL_FAILPOINT", "import-rows:2:error");
    let out = env.run(&["import", path.to_str().unwrap()], "");
    out.failure();
    assert!(
        out.stderr.contains("failpoint import-rows reached"),
        "{}",
        out.stderr
    );
    assert_eq!(snapshot(&env), before);
}

#[test]
fn an_import_killed_half_way_leaves_the_database_as_it_was() {
    let mut env = Env::new();
    env.run(&["decks"], "").success();
    let path = big_file(&env, 12_000);
    let before = snapshot(&env);
    env.env("CODEDRILL_FAILPOINT", "import-rows:2:abort");
    let out = env.run(&["import", path.to_str().unwrap()], "");
    assert_eq!(out.code, None, "killed by a signal, as a crash would be");
    assert_eq!(env.sql::<String>("PRAGMA integrity_check"), "ok");
    assert_eq!(snapshot(&env), before);
}

#[test]
fn the_readable_review_log_leaves_out_voided_answers() {
    let env = Env::new();
    let answers = Answers::builtin();
    let mut driver = env.drive(&["--deck", "hcpcs", "--new", "2"]);
    let first = driver.next_card().unwrap();
    driver.send(&answers.right(&first));
    let verdict = driver.until_prompt().unwrap();
    assert!(verdict.contains("✓ right"), "{verdict}");
    driver.send("e"); // a changed grade: the voided review must not be exported
    let second = driver.next_card().unwrap();
    driver.send("wrong");
    let verdict = driver.until_prompt().unwrap();
    assert!(verdict.contains("✗ the code is"), "{verdict}");
    driver.send("");
    driver.finish_ok();
    let out = env.run(&["export", "reviews", "--format", "readable"], "");
    out.success();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines[0].starts_with(
        "card_id,review_time,review_rating,review_duration,deck,card_key,code,answer,correct"
    ));
    assert_eq!(lines.len(), 3, "{}", out.stdout);
    assert!(
        lines[1].contains(",2026-11-23T09:00:00.000Z,4,0,hcpcs,"),
        "{}",
        lines[1]
    );
    let missed = answers.card(&second);
    assert!(
        lines[2].contains(&format!(
            ",1,0,hcpcs,{},{},wrong,0,learn,",
            missed.key, missed.code
        )),
        "{}",
        lines[2]
    );
}

#[test]
fn an_export_never_overwrites_a_file_unless_asked() {
    let env = Env::new();
    let file = env.data().join("out.csv");
    std::fs::write(&file, "keep me").unwrap();
    let out = env.run(
        &["export", "deck", "cases", "--out", file.to_str().unwrap()],
        "",
    );
    out.failure();
    assert!(
        out.stderr
            .contains("already exists; choose another name, or add --force"),
        "{}",
        out.stderr
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
    env.run(
        &[
            "export",
            "deck",
            "cases",
            "--out",
            file.to_str().unwrap(),
            "--force",
        ],
        "",
    )
    .success();
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("code,description,")
    );
}

#[test]
fn removing_a_deck_asks_first_and_never_touches_built_in_ones() {
    let env = Env::new();
    env.run_in(&fixtures("import"), &["import", "quizlet.txt"])
        .success();
    let no = env.run(&["decks", "remove", "quizlet"], "no\n");
    assert_eq!(no.code, Some(1));
    assert!(
        no.stdout
            .contains("Delete the deck 'quizlet' with 3 cards and 0 reviews of progress?"),
        "{}",
        no.stdout
    );
    assert!(no.stdout.contains("Nothing deleted."));
    assert_eq!(env.user_decks(), ["quizlet"]);
    env.run(&["decks", "remove", "quizlet"], "yes\n").success();
    assert!(env.user_decks().is_empty());
    let builtin = env.run(&["decks", "remove", "billing", "--yes"], "");
    builtin.failure();
    assert!(
        builtin
            .stderr
            .contains("'billing' is built into codedrill and cannot be removed"),
        "{}",
        builtin.stderr
    );
}

#[test]
fn a_deck_named_like_a_built_in_one_is_kept_apart() {
    let env = Env::new();
    let out = env.run_in(&fixtures("import"), &["import", "anki-notes.txt"]);
    out.success();
    assert!(out.stderr.contains("'Abbreviations' is the name of a built-in deck; these cards go into 'Abbreviations (imported)'"));
    assert_eq!(
        env.user_decks(),
        ["Abbreviations (imported)", "Medical terms"]
    );
}

#[test]
fn a_deck_of_awkward_text_survives_its_own_export_and_import() {
    let env = Env::new();
    let file = env.data().join("awkward.csv");
    std::fs::write(
        &file,
        "code,description,system,category,tags,aliases,note,source,version,id\n\
         '-itis,\"Code the <laterality> of care, &amp; \"\"more\"\"\",term,<b>cat</b>,t1 t2,a;b,\"two\nlines\",'=src,'+1,\n\
         \"A,1\",\"{{c1::not a cloze}}\",code,,,,,,,key-1\n\
         #2,say “hi” | or; not,ICD-10-CM,,,,,,,\n",
    )
    .unwrap();
    env.run(&["import", file.to_str().unwrap()], "").success();
    let first = env
        .run(&["export", "deck", "awkward"], "")
        .success()
        .stdout
        .clone();
    assert!(
        first.contains("Code the <laterality> of care, &amp;"),
        "{first}"
    );
    std::fs::write(&file, &first).unwrap();
    env.run(&["import", file.to_str().unwrap(), "--deck", "again"], "")
        .success();
    let second = env
        .run(&["export", "deck", "again"], "")
        .success()
        .stdout
        .clone();
    assert_eq!(first, second);
}
