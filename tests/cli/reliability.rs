//! Trying to break codedrill: crashes at any point of an answer, two windows, damaged and full storage,
//! backups, hostile text, odd clocks, interrupted terminals. RELIABILITY.md lists what each proves.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use crate::support::{Answers, Env};

/// How many crash trials run by default; `CODEDRILL_STRESS=N` runs N (the opt-in stress run).
fn trials() -> usize {
    std::env::var("CODEDRILL_STRESS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(24)
}

/// A small deterministic sequence for choosing crash points (no wall clock, no global randomness).
fn pick(seed: usize, n: usize) -> usize {
    (seed.wrapping_mul(2_654_435_761) >> 7) % n
}

/// Verdicts shown on the way: each "✓ right" or "✗ ..." line is an answer the learner saw judged.
fn verdicts(stdout: &str) -> usize {
    stdout
        .lines()
        .filter(|l| {
            l.trim_start().starts_with("✓ right") || l.trim_start().starts_with("✗ the code is")
        })
        .count()
}

#[test]
fn a_crash_at_any_point_of_an_answer_loses_nothing_shown_as_judged() {
    let points = [
        "answer-before-commit",
        "answer-after-commit",
        "answer-after-verdict",
    ];
    let answers = "A0000\n\nA4206\n\n".repeat(8);
    for trial in 0..trials() {
        let mut env = Env::new();
        let point = points[trial % points.len()];
        let n = 1 + pick(trial, 6);
        env.env("CODEDRILL_FAILPOINT", &format!("{point}:{n}:abort"));
        let out = env.run(&["--deck", "hcpcs", "--new", "8"], &answers);
        assert_eq!(
            out.code, None,
            "trial {trial}: aborted at {point} #{n}: {}",
            out.stdout
        );
        let shown = verdicts(&out.stdout);
        let saved = env.sql::<i64>("SELECT count(*) FROM review") as usize;
        match point {
            // Committed but killed before saying so: saved, never lost.
            "answer-after-commit" => assert_eq!(saved, shown + 1, "trial {trial}"),
            _ => assert_eq!(saved, shown, "trial {trial}: {point}"),
        }
        assert_eq!(
            env.sql::<String>("PRAGMA integrity_check"),
            "ok",
            "trial {trial}"
        );
        // The next run carries on where the crash left off.
        env.extra.clear();
        let next = env.run(&["--deck", "hcpcs", "--new", "8"], "A0000\n\n");
        next.success();
        assert_eq!(
            env.sql::<i64>("SELECT count(*) FROM review") as usize,
            saved + 1,
            "trial {trial}"
        );
    }
}

#[test]
fn a_kill_between_keystrokes_loses_nothing_shown_as_judged() {
    let answers = Answers::builtin();
    for trial in 0..4 {
        let env = Env::new();
        let mut driver = env.drive(&["--deck", "modifiers", "--new", "6"]);
        let stop_after = 1 + pick(trial + 100, 5);
        let mut shown = 0;
        while shown < stop_after {
            let Some(prompt) = driver.next_card() else {
                break;
            };
            let right = shown % 2 == 0;
            driver.send(&if right {
                answers.right(&prompt)
            } else {
                "zz".into()
            });
            let verdict = driver.until_prompt().unwrap();
            let expected = if right {
                "✓ right"
            } else {
                "✗ the code is"
            };
            assert!(verdict.contains(expected), "{verdict}");
            shown += 1;
            driver.send("");
        }
        driver.child.kill().unwrap();
        driver.child.wait().unwrap();
        assert_eq!(
            env.sql::<i64>("SELECT count(*) FROM review"),
            shown as i64,
            "trial {trial}"
        );
        assert_eq!(env.sql::<String>("PRAGMA integrity_check"), "ok");
    }
}

#[test]
fn a_second_window_is_told_plainly_and_nothing_is_counted_twice() {
    let env = Env::new();
    let answers = Answers::builtin();
    let mut first = env.drive(&["--deck", "billing", "--new", "3"]);
    let prompt = first.next_card().unwrap();
    let second = env.run(&["--deck", "billing", "--new", "3"], "x\n\n");
    second.failure();
    assert!(
        second
            .stderr
            .contains("another codedrill session is already running"),
        "{}",
        second.stderr
    );
    first.answer_right(&answers, &prompt);
    first.finish_ok();
    assert_eq!(env.sql::<i64>("SELECT count(*) FROM review"), 1);
    // Reading commands do not need the lock.
    env.run(&["stats"], "").success();
}

#[test]
fn a_truncated_database_is_explained_and_left_as_it_is() {
    let env = Env::new();
    env.run(&["--deck", "billing", "--new", "2"], "x\n\ny\n\n")
        .success();
    let db = env.db();
    let len = std::fs::metadata(&db).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&db)
        .unwrap()
        .set_len(len / 3)
        .unwrap();
    let out = env.run(&["decks"], "");
    out.failure();
    assert!(
        out.stderr
            .contains("is damaged: your progress cannot be read"),
        "{}",
        out.stderr
    );
    // No backup was made yet (the drill makes none): it says so, rather than point to `restore`.
    assert!(
        out.stderr
            .contains("There are no backups to bring back: move the file away to start afresh"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("panicked"));
    assert_eq!(
        std::fs::metadata(&db).unwrap().len(),
        len / 3,
        "never a silent reset"
    );
}

/// Runs codedrill with file writes limited to `blocks` blocks of 512 bytes (`ulimit -f`), with SIGXFSZ
/// ignored, so a write past the limit fails as it would on a full disk.
pub(crate) fn with_file_limit(
    env: &Env,
    blocks: u64,
    args: &str,
    stdin: &str,
) -> (Option<i32>, String, String) {
    let mut cmd = env.command();
    cmd.args([
        "-c",
        &format!("ulimit -f {blocks}; trap '' XFSZ; exec \"$0\" {args}"),
        env!("CARGO_BIN_EXE_codedrill"),
    ]);
    let mut sh = Command::new("sh");
    sh.args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => sh.env(k, v),
            None => sh.env_remove(k),
        };
    }
    let mut child = sh
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_full_disk_is_explained_and_every_earlier_answer_stays() {
    let env = Env::new();
    env.run(&["decks"], "").success();
    let (code, stdout, stderr) =
        with_file_limit(&env, 80, "--deck hcpcs --new 8", &"A0000\n\n".repeat(8));
    assert_eq!(code, Some(1), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("could not write to") || stderr.contains("is full"),
        "{stderr}"
    );
    assert!(
        stderr.contains("every answer saved before this one is still there"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
    let saved = env.sql::<i64>("SELECT count(*) FROM review") as usize;
    assert_eq!(
        saved,
        verdicts(&stdout),
        "what was shown as judged is what was saved"
    );
    assert_eq!(env.sql::<String>("PRAGMA integrity_check"), "ok");
    // With room again, the drill carries on.
    env.run(&["--deck", "hcpcs", "--new", "8"], "A0000\n\n")
        .success();
}

#[test]
fn an_import_into_a_full_disk_leaves_the_database_as_it_was() {
    let env = Env::new();
    env.run(&["decks"], "").success();
    let before = env.rows("SELECT count(*), sum(length(description)) FROM card");
    let file = env.data().join("big.csv");
    let mut text = String::from("code,description\n");
    for i in 0..12_000 {
        text.push_str(&format!(
            "X{i:05},A long enough description for card number {i} to need some pages\n"
        ));
    }
    std::fs::write(&file, text).unwrap();
    // `ulimit -f` limits each file's size: room for the backup (a copy of the database as it is) and a
    // little more, but not for the import's transaction, which fills pages well past it.
    let blocks = std::fs::metadata(env.db()).unwrap().len() / 512 + 128;
    let (code, stdout, stderr) =
        with_file_limit(&env, blocks, &format!("import {}", file.display()), "");
    assert_eq!(code, Some(1), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("could not write to") || stderr.contains("is full"),
        "{stderr}"
    );
    assert!(!stderr.contains("cannot write the backup"), "{stderr}");
    assert!(!stderr.contains("panicked"));
    assert!(!stdout.contains("imported into"), "{stdout}");
    // The backup before the import was made whole: the import is what failed.
    let backups: Vec<_> = std::fs::read_dir(env.data().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert!(
        backups[0].to_string_lossy().ends_with("-before-import.db"),
        "{backups:?}"
    );
    let copy = rusqlite::Connection::open(&backups[0]).unwrap();
    let copied: String = copy
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(copied, "ok");
    let copied_cards: i64 = copy
        .query_row("SELECT count(*) FROM card", [], |r| r.get(0))
        .unwrap();
    assert_eq!(copied_cards.to_string(), before[0][0]);
    // And it changed nothing.
    assert_eq!(
        env.rows("SELECT count(*), sum(length(description)) FROM card"),
        before
    );
    assert_eq!(env.sql::<String>("PRAGMA integrity_check"), "ok");
}

#[test]
fn backups_are_made_kept_and_restored() {
    let env = Env::new();
    env.run(&["--deck", "billing", "--new", "2"], "x\n\ny\n\n")
        .success();
    let reviews = env.sql::<i64>("SELECT count(*) FROM review");
    let file = env.data().join("mine.csv");
    std::fs::write(&file, "code,description\nA1,one\n").unwrap();
    let import = env.run(&["import", file.to_str().unwrap()], "");
    import.success();
    assert!(
        import
            .stdout
            .contains("Your progress from before the import is backed up in"),
        "{}",
        import.stdout
    );
    let list = env.run(&["restore"], "");
    list.success();
    assert!(list.stdout.contains("before-import"), "{}", list.stdout);
    // Answer some more, then go back to before the import.
    env.run(&["--deck", "mine"], "x\n\n").success();
    assert_eq!(
        env.sql::<i64>("SELECT count(*) FROM deck WHERE name = 'mine'"),
        1
    );
    let restore = env.run(&["restore", "latest", "--yes"], "");
    restore.success();
    assert!(
        restore.stdout.contains("Restored your progress from"),
        "{}",
        restore.stdout
    );
    assert_eq!(
        env.sql::<i64>("SELECT count(*) FROM deck WHERE name = 'mine'"),
        0
    );
    assert_eq!(env.sql::<i64>("SELECT count(*) FROM review"), reviews);
    // What was replaced is itself backed up, so the restore can be undone.
    let backups: Vec<String> = std::fs::read_dir(env.data().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        backups.iter().any(|b| b.contains("before-restore")),
        "{backups:?}"
    );
    // Only the last few are kept.
    for _ in 0..8 {
        env.run(&["import", file.to_str().unwrap(), "--deck", "again"], "")
            .success();
    }
    assert_eq!(
        std::fs::read_dir(env.data().join("backups"))
            .unwrap()
            .count(),
        codedrill::store::backup::KEEP
    );
    // A file that is not a codedrill database is refused.
    let bogus = env.data().join("bogus.db");
    std::fs::write(&bogus, "not a database at all, just text").unwrap();
    let refused = env.run(&["restore", bogus.to_str().unwrap(), "--yes"], "");
    refused.failure();
    assert!(
        refused.stderr.contains("not a") || refused.stderr.contains("damaged"),
        "{}",
        refused.stderr
    );
}

#[test]
fn hostile_deck_text_never_reaches_the_terminal() {
    let env = Env::new();
    let file = env.data().join("hostile.csv");
    // Escape sequences (clear screen, set title, colours), a bell, NUL, bidirectional overrides.
    std::fs::write(
        &file,
        "code,description,note\n\
         \"E11.9\u{1b}[2J\",\"Type 2\u{202e} diabetes\u{0} mellitus\u{7}\u{1b}]0;pwned\u{7}\",\"See\u{2066} the \u{1b}[31mnote\"\n",
    )
    .unwrap();
    env.run(&["import", file.to_str().unwrap(), "--deck", "hostile"], "")
        .success();
    let out = env.run(&["--deck", "hostile"], "wrong\n\n:q\n\n");
    out.success();
    for bad in ['\u{1b}', '\u{7}', '\u{0}', '\u{202e}', '\u{2066}'] {
        assert!(
            !out.stdout.contains(bad),
            "{bad:?} reached the terminal: {:?}",
            out.stdout
        );
    }
    assert!(
        out.stdout.contains("Type 2 diabetes mellitus"),
        "{}",
        out.stdout
    );
    // Problems that quote the file are cleaned too.
    std::fs::write(&file, "code,description,colo\u{1b}[2Jur\nA,b,c\n").unwrap();
    let bad = env.run(&["import", file.to_str().unwrap()], "");
    bad.failure();
    assert!(
        bad.stderr.contains(":1: unknown column 'colo"),
        "{:?}",
        bad.stderr
    );
    assert!(!bad.stderr.contains('\u{1b}'), "{:?}", bad.stderr);
}

#[test]
fn an_overlong_answer_line_is_refused_not_stored() {
    let env = Env::new();
    let line = "9".repeat(10_000);
    let out = env.run(&["--deck", "hcpcs", "--new", "1"], &format!("{line}\n:q\n"));
    out.success();
    assert!(
        out.stdout
            .contains("That line is longer than 4096 characters"),
        "{}",
        &out.stdout[..500.min(out.stdout.len())]
    );
    assert_eq!(env.sql::<i64>("SELECT count(*) FROM review"), 0);
}

/// Every card that has been answered still has a place in the schedule, and no interval is negative
/// except a learning step's (negative seconds, by the log's convention).
fn schedule_is_whole(env: &Env) {
    assert_eq!(
        env.sql::<i64>("SELECT count(*) FROM card WHERE state != 0 AND due IS NULL"),
        0
    );
    assert_eq!(
        env.sql::<i64>("SELECT count(*) FROM card WHERE state = 2 AND interval < 1"),
        0
    );
    assert_eq!(
        env.sql::<i64>("SELECT count(*) FROM review WHERE state_after = 2 AND ivl_after < 1"),
        0
    );
    assert_eq!(
        env.sql::<i64>("SELECT count(*) FROM review WHERE elapsed_days < 0"),
        0
    );
}

#[test]
fn a_clock_moved_backwards_loses_no_card_and_makes_no_negative_interval() {
    let mut env = Env::new();
    let answers = Answers::builtin();
    env.on_day(10);
    let mut driver = env.drive(&["--deck", "billing", "--new", "4"]);
    let shown = driver.answer_everything(&answers);
    assert_eq!(shown.len(), 8, "four new cards, each at both steps");
    driver.finish_ok();
    env.on_day(3);
    let back = env.run(&["--deck", "billing", "--new", "4"], &"x\n\n".repeat(12));
    back.success();
    env.on_day(12);
    let forward = env.run(&["--deck", "billing", "--new", "0"], &"x\n\n".repeat(12));
    forward.success();
    assert!(
        forward
            .stdout
            .contains("[0 new · 0 learning · 4 to review]"),
        "the cards learned on day 10 are back: {}",
        forward.stdout
    );
    schedule_is_whole(&env);
}

#[test]
fn the_day_changes_at_four_in_the_morning_and_daylight_saving_is_harmless() {
    // 03:59:30 and 04:00:30 local time (UTC here) are two study days.
    let mut env = Env::new();
    env.now = "2026-11-24T03:59:30Z".into();
    env.run(&["--deck", "hcpcs", "--new", "1"], "x\n\n:q\n\n")
        .success();
    env.now = "2026-11-24T04:00:30Z".into();
    env.run(&["--deck", "hcpcs", "--new", "0"], "x\n\n:q\n\n")
        .success();
    assert_eq!(
        env.rows("SELECT elapsed_days FROM review ORDER BY id"),
        [["0"], ["1"]]
    );
    // New York's clocks jump forward on 2026-03-08 and back on 2026-11-01.
    if !std::path::Path::new("/usr/share/zoneinfo/America/New_York").exists() {
        eprintln!(
            "no time zone data on this machine: the daylight-saving half of this test is skipped"
        );
        return;
    }
    for (before, after, day_changes) in [
        ("2026-03-08T06:30:00Z", "2026-03-08T07:30:00Z", false), // 01:30 EST, then 03:30 EDT: same day
        ("2026-03-08T07:50:00Z", "2026-03-08T08:10:00Z", true),  // 03:50 EDT, then 04:10 EDT
        ("2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z", false), // 01:30 EDT, then 01:30 EST: same day
        ("2026-11-01T08:50:00Z", "2026-11-01T09:10:00Z", true),  // 03:50 EST, then 04:10 EST
    ] {
        let mut env = Env::new();
        env.env("TZ", "America/New_York");
        env.now = before.into();
        env.run(&["--deck", "hcpcs", "--new", "1"], "x\n\n:q\n\n")
            .success();
        env.now = after.into();
        env.run(&["--deck", "hcpcs", "--new", "0"], "x\n\n:q\n\n")
            .success();
        let elapsed = env.rows("SELECT elapsed_days FROM review ORDER BY id");
        assert_eq!(
            elapsed,
            [
                ["0".to_string()],
                [if day_changes { "1" } else { "0" }.to_string()]
            ],
            "{before} -> {after}"
        );
        schedule_is_whole(&env);
    }
}

#[test]
fn a_clock_far_in_the_future_works() {
    let mut env = Env::new();
    env.now = "9000-06-01T12:00:00Z".into();
    let answers = Answers::builtin();
    let mut driver = env.drive(&["--deck", "billing", "--new", "2"]);
    while let Some(prompt) = driver.next_card() {
        driver.send(&answers.right(&prompt));
        let verdict = driver.until_prompt().unwrap();
        assert!(verdict.contains("✓ right"), "{verdict}");
        driver.send("e");
    }
    driver.finish_ok();
    schedule_is_whole(&env);
    env.run(&["stats"], "").success();
    env.run(&["report"], "").success();
}

#[test]
fn a_closed_output_pipe_ends_the_drill_quietly_with_the_answer_saved() {
    let env = Env::new();
    let mut child = env
        .command()
        .args(["--deck", "hcpcs", "--new", "3"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut buf = [0u8; 4096];
    let mut seen = String::new();
    while !seen.contains('›') {
        let n = out.read(&mut buf).unwrap();
        assert!(n > 0);
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    drop(out); // The reader goes away, as `codedrill | head` does.
    let mut stdin = child.stdin.take().unwrap();
    let _ = stdin.write_all(b"A0000\n\nA0000\n\n");
    drop(stdin);
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        env.sql::<i64>("SELECT count(*) FROM review"),
        1,
        "the answer was saved before the verdict failed to print"
    );
}

#[test]
fn a_closed_pipe_after_a_listing_is_quiet() {
    let env = Env::new();
    let mut child = env
        .command()
        .args(["stats"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert!(status.code() == Some(0), "{err}");
}

#[test]
#[ignore = "opt-in stress run: CODEDRILL_STRESS=200 cargo test --test cli -- --ignored stress"]
fn stress_crash_trials() {
    // Runs the crash trials above as many times as CODEDRILL_STRESS asks.
    a_crash_at_any_point_of_an_answer_loses_nothing_shown_as_judged();
}
