//! What a drill records and how it reads, end to end: the keys at every prompt, the counter, waiting
//! for learning cards, meanings and `:r`, text wrapped to the width, and quiet closed pipes.

use std::process::Stdio;

use crate::support::{Answers, Env};

/// The standing answers: (answer, rating, correct).
fn standing(env: &Env) -> Vec<Vec<String>> {
    env.rows(
        "SELECT answer, rating, correct FROM review \
         WHERE id NOT IN (SELECT review_id FROM review_void) ORDER BY id",
    )
}

#[test]
fn quit_and_the_end_of_input_at_the_grade_prompt_stop_there_keeping_the_answer() {
    for stop in [":q", ""] {
        let env = Env::new();
        let answers = Answers::builtin();
        let mut driver = env.drive(&["--deck", "hcpcs", "--new", "3"]);
        let prompt = driver.next_card().unwrap();
        let right = answers.right(&prompt);
        driver.send(&right);
        let grade = driver.until_prompt().unwrap();
        assert!(grade.contains("Enter = good"), "{grade}");
        let out = if stop.is_empty() {
            driver.finish_ok()
        } else {
            driver.send(stop);
            driver.finish_ok()
        };
        let after = out.rsplit("Enter = good").next().unwrap();
        assert!(!after.contains("\n["), "no card after the stop: {out}");
        assert!(!after.contains('✗'), "no miss recorded: {out}");
        assert_eq!(standing(&env), [[right.clone(), "3".into(), "1".into()]]);
    }
}

#[test]
fn undo_after_a_verdict_takes_back_that_answer_and_asks_again() {
    let env = Env::new();
    let answers = Answers::builtin();
    let mut driver = env.drive(&["--deck", "hcpcs", "--new", "2"]);
    let first = driver.next_card().unwrap();
    driver.send(&answers.right(&first));
    driver.until_prompt().unwrap();
    driver.send(":u");
    let again = driver.next_card().unwrap();
    assert_eq!(again.shown, first.shown, "the same card, asked again");
    assert!(driver.all.contains("Undone: that answer is taken back"));
    // A miss, then :u at "Enter to go on": taken back too.
    driver.send("A0000");
    let verdict = driver.until_prompt().unwrap();
    assert!(verdict.contains("Enter to go on"), "{verdict}");
    driver.send(":u");
    assert_eq!(driver.next_card().unwrap().shown, first.shown);
    driver.send(":q");
    driver.finish_ok();
    assert!(standing(&env).is_empty(), "{:?}", standing(&env));
    assert_eq!(
        env.rows("SELECT reason FROM review_void ORDER BY review_id"),
        [["undone"], ["undone"]]
    );
}

/// The counter of each card shown: (new, learning, review).
fn counters(out: &str) -> Vec<(usize, usize, usize)> {
    out.lines()
        .filter_map(|l| l.strip_prefix('[')?.split_once(']'))
        .map(|(counts, _)| {
            let n: Vec<usize> = counts
                .split(" · ")
                .map(|part| part.split(' ').next().unwrap().parse().unwrap())
                .collect();
            (n[0], n[1], n[2])
        })
        .collect()
}

#[test]
fn the_counter_never_grows_and_no_card_comes_twice_in_a_row_while_another_waits() {
    let env = Env::new();
    // A beginner pressing Enter on every card: each comes back a minute later, for its learning steps.
    let out = env.run(&["--deck", "modifiers", "--new", "3"], &"\n".repeat(40));
    out.success();
    assert!(
        out.stdout
            .starts_with("codedrill: 3 new cards (each seen a few times) for this session."),
        "{}",
        out.stdout
    );
    let counts = counters(&out.stdout);
    assert!(counts.len() > 6, "{}", out.stdout);
    assert_eq!(counts[0], (3, 0, 0));
    for pair in counts.windows(2) {
        let total = |c: (usize, usize, usize)| c.0 + c.1 + c.2;
        assert!(total(pair[1]) <= total(pair[0]), "{counts:?}");
    }
    let shown: Vec<&str> = out
        .stdout
        .lines()
        .zip(out.stdout.lines().skip(1))
        .filter(|(l, _)| l.starts_with('['))
        .map(|(_, card)| card)
        .collect();
    for pair in shown.windows(2) {
        assert_ne!(pair[0], pair[1], "twice in a row:\n{}", out.stdout);
    }
    // With one card left, not yet due: the drill says so and waits rather than showing it again.
    let env = Env::new();
    let one = env.run(&["--deck", "modifiers", "--new", "1"], "\n\n\n:q\n");
    one.success();
    assert!(
        one.stdout.contains(
            "  Enter to go on › \n\n1 card comes back within 60 seconds: wait, then press Enter, or :q to \
             stop.\n  Enter to go on › \n[0 new · 1 learning · 0 to review]"
        ),
        "{}",
        one.stdout
    );
}

#[test]
fn nothing_due_says_when_learning_cards_come_back() {
    let env = Env::new();
    let answers = Answers::builtin();
    let args = ["--deck", "hcpcs", "--new", "1", "--learning-steps", "1h"];
    let mut driver = env.drive(&args);
    let prompt = driver.next_card().unwrap();
    driver.send(&answers.right(&prompt));
    let grade = driver.until_prompt().unwrap();
    assert!(grade.contains("h = hard (2h)"), "{grade}");
    // Hard keeps the card in learning for two hours: longer than the drill waits.
    driver.send("h");
    let out = driver.finish_ok();
    assert!(
        out.contains("1 card still in learning; run codedrill again in 2 hours"),
        "{out}"
    );
    let again = env.run(&args, "");
    again.success();
    assert_eq!(
        again.stdout,
        "Nothing is due right now.\n1 card in learning comes back in 2 hours: run codedrill again then.\n\
         New cards today: 1 of your limit of 1. For 10 more: codedrill drill --new 11.\nTo practise \
         without changing the schedule: codedrill cram.\n"
    );
}

const TERMS: &str = "code,description,system\n\
                     tachy-,\"fast, rapid\",term\n\
                     MI,myocardial infarction (heart attack),abbreviation\n\
                     angi/o,vessel,term\n\
                     brady-,slow,term\n";

#[test]
fn a_meaning_may_be_part_of_its_definition_and_a_wrong_one_overridden() {
    let env = Env::new();
    let file = env.data().join("terms.csv");
    std::fs::write(&file, TERMS).unwrap();
    env.run(&["import", file.to_str().unwrap()], "").success();
    let typed = |shown: &str| match shown {
        "tachy-" => "fast",
        "MI" => "myocardial infarction",
        "angi/o" => "vessels",
        _ => "quick",
    };
    let mut driver = env.drive(&["--deck", "terms", "--new", "4"]);
    for _ in 0..4 {
        let prompt = driver.next_card().unwrap();
        driver.send(typed(&prompt.shown));
        let verdict = driver.until_prompt().unwrap();
        if prompt.shown == "brady-" {
            assert!(verdict.contains("✗ it means slow"), "{verdict}");
            driver.send(":r");
        } else {
            assert!(verdict.contains("✓ right"), "{}: {verdict}", prompt.shown);
            driver.send("");
        }
    }
    driver.send(":q");
    let out = driver.finish_ok();
    assert!(
        out.contains("  Counted as right, as you say (an override, counted in your report); comes back in 10m."),
        "{out}"
    );
    let log = standing(&env);
    assert_eq!(log.len(), 4);
    assert!(log.iter().all(|r| r[1] == "3" && r[2] == "1"), "{log:?}");
    assert_eq!(env.rows("SELECT reason FROM review_void"), [["overridden"]]);
    let report = env.run(&["report", "--json"], "");
    let json: serde_json::Value = serde_json::from_str(&report.stdout).unwrap();
    assert_eq!(json["precision"]["overrides"], 1);
    let text = env.run(&["report"], "").stdout;
    assert!(
        text.contains("You counted 1 wrong answer of a meaning as right yourself (:r)"),
        "{text}"
    );
}

#[test]
fn codes_stay_exact_and_cannot_be_overridden() {
    let env = Env::new();
    let out = env.run(&["--deck", "hcpcs", "--new", "1"], "A0000\n:r\n:q\n");
    out.success();
    assert!(
        out.stdout
            .contains("  :r (I was right) works after a wrong meaning; codes are always exact."),
        "{}",
        out.stdout
    );
    assert_eq!(standing(&env), [["A0000", "1", "0"]]);
    assert_eq!(env.sql::<i64>("SELECT count(*) FROM review_void"), 0);
}

/// Every run of whitespace as one space: what is left when wrapping is undone.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn text_is_wrapped_to_the_width_never_inside_a_word() {
    // The first screens of the trial, the help, the stats and the report.
    let runs: [(&[&str], &str); 4] = [
        (&[], "\nI10\n\n?\nx\n\n:q\n\n"),
        (&["drill", "--deck", "cpt-style", "--new", "1"], "?\n:q\n"),
        (&["stats"], ""),
        (&["report"], ""),
    ];
    for (args, input) in runs {
        let plain = Env::new().run(args, input).stdout;
        assert!(
            plain.lines().any(|l| l.chars().count() > 80),
            "no wrapping when not a terminal: {plain}"
        );
        for width in [60, 80, 120] {
            let mut env = Env::new();
            env.env("COLUMNS", &width.to_string());
            let out = env.run(args, input).stdout;
            for line in out.lines() {
                assert!(
                    line.trim_end().chars().count() <= width,
                    "{args:?} at {width} columns: {line:?}"
                );
            }
            assert_eq!(
                words(&out),
                words(&plain),
                "{args:?} at {width}: only spaces became line breaks"
            );
        }
    }
}

/// Runs codedrill with its output closed at once, as `codedrill ... | head` does once it has read enough.
fn into_a_closed_pipe(env: &Env, args: &[&str]) -> (Option<i32>, String) {
    let mut child = env
        .command()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let env = Env::new();
    env.run(&["decks"], "").success();
    for args in [
        &["export", "deck", "icd10cm-common"][..],
        &["export", "deck", "icd10cm-common", "--format", "anki"],
        &["stats"],
        &["report"],
        &["export", "reviews"],
    ] {
        let (code, stderr) = into_a_closed_pipe(&env, args);
        assert_eq!((code, stderr.as_str()), (Some(0), ""), "{args:?}");
    }
}

#[test]
fn counts_read_as_people_say_them() {
    let env = Env::new();
    env.run(&["--deck", "hcpcs", "--new", "1"], "A0000\n\n:q\n")
        .success();
    let stats = env.run(&["stats"], "").stdout;
    assert!(
        stats.contains("  1 answer, 0 right, 1 new card, 0 minutes\n"),
        "{stats}"
    );
    assert!(
        stats.contains("  1 study day; streak 1 day (longest 1)\n"),
        "{stats}"
    );
    let report = env.run(&["report"], "").stdout;
    assert!(
        report.contains(
            "You studied on 1 day out of 1 since you began; current streak 1 day, longest 1; \
                         you finished 0 of 1 session."
        ),
        "{report}"
    );
    assert!(
        report.starts_with(
            "Does code memorization suit you? Your evidence so far\n1 study day, 1 answer,"
        ),
        "{report}"
    );
}

/// The README's session transcript is what `codedrill drill` prints (at 100 columns): each part of it
/// between its `...` lines appears in the real output, line for line.
#[test]
fn the_readme_transcript_is_what_the_drill_prints() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("## What a session looks like").unwrap();
    let block = &readme[start..];
    let block = &block[block.find("```text\n").unwrap() + 8..];
    let block = &block[..block.find("```").unwrap()];
    let transcript = block.strip_prefix("$ codedrill drill\n").unwrap();
    let mut env = Env::new();
    env.env("COLUMNS", "100");
    let input = "I10\n\nA00-B99\n\n00100-01999\n\n25\n\nx\n\nnerve\n\n:q\n\n";
    let out = env.run(&["drill"], input).stdout;
    let trimmed: String = out.lines().map(|l| format!("{}\n", l.trim_end())).collect();
    for part in transcript.split("...\n") {
        assert!(
            trimmed.contains(part.trim_start_matches('\n')),
            "not printed:\n{part}\n--- output:\n{trimmed}"
        );
    }
}

#[test]
fn removing_a_deck_says_a_backup_is_made_first() {
    let env = Env::new();
    let file = env.data().join("terms.csv");
    std::fs::write(&file, TERMS).unwrap();
    env.run(&["import", file.to_str().unwrap()], "").success();
    let asked = env.run(&["decks", "remove", "terms"], "no\n");
    assert_eq!(
        asked.stdout,
        "Delete the deck 'terms' with 4 cards and 0 reviews of progress? A backup is made first \
         (`codedrill restore` brings it back). Type yes to delete: no\nNothing deleted.\n"
    );
}
