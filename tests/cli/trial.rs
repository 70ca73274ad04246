//! The trial end to end: its three stages snapshotted whole (`tests/golden/trial-*`), the days between
//! and after them, and what a refusal or a session without answers leaves behind (nothing).

use crate::golden::golden_with_input;
use crate::support::Env;

/// Where the report says the trial stands.
fn stage(env: &Env) -> String {
    let out = env.run(&["report", "--json"], "");
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    report["trial"]["stage"].as_str().unwrap().to_owned()
}

#[test]
fn the_trial_guides_through_its_three_stages() {
    let mut env = Env::new();
    // Plain codedrill on a first run offers the trial; Enter accepts. Two cards right, one wrong.
    golden_with_input(
        &env,
        "trial-1-first-session",
        &[],
        "\nI10\n\nA00-B99\n\nx\n\n:q\n\n",
        0,
    );
    assert_eq!(stage(&env), "first-day");
    // On the check day plain codedrill runs the check: the two cards learned, nothing new.
    env.on_day(1);
    golden_with_input(
        &env,
        "trial-2-one-day-check",
        &[],
        "00100-01999\n\nI10\n\n\n\n:q\n\n",
        0,
    );
    assert_eq!(stage(&env), "one-day-check");
    // A day between the checks promises nothing new: it says when the next one opens.
    env.on_day(2);
    golden_with_input(&env, "trial-day-between", &["trial"], "", 0);
    env.on_day(3);
    golden_with_input(
        &env,
        "trial-3-three-day-check",
        &["trial"],
        "A00-B99\n\n00100-01999\n\nI10\n\n:q\n\n",
        0,
    );
    assert_eq!(stage(&env), "complete");
    env.on_day(4);
    let done = env.run(&["trial"], "");
    done.success();
    assert!(
        done.stdout.contains("Your trial is complete"),
        "{}",
        done.stdout
    );
    // Once anything has been answered, plain codedrill drills without asking.
    let later = env.run(&[], ":q\n");
    later.success();
    assert!(
        !later.stdout.contains("Start the trial now?"),
        "{}",
        later.stdout
    );
}

#[test]
fn a_trial_without_answers_or_refused_changes_nothing() {
    let env = Env::new();
    // Refused: another drill holds the data folder.
    let mut other = env.drive(&["--deck", "hcpcs"]);
    other.next_card().unwrap();
    let refused = env.run(&["trial"], "");
    refused.failure();
    assert!(
        refused.stderr.contains("already running"),
        "{}",
        refused.stderr
    );
    other.send(":q");
    other.finish_ok();
    assert_eq!(
        env.sql::<i64>("SELECT count(*) FROM meta WHERE key = 'trial_started_day'"),
        0,
        "a refused trial is not started"
    );
    // Quit before any answer: no session counted, and plain codedrill offers the trial again.
    let quit = env.run(&["trial"], ":q\n");
    quit.success();
    assert!(
        quit.stdout
            .contains("No answers, so the trial has not begun"),
        "{}",
        quit.stdout
    );
    assert_eq!(stage(&env), "not-started");
    let again = env.run(&[], ":q\n");
    assert!(
        again.stdout.contains("Start the trial now? [Y/n] › :q"),
        "{}",
        again.stdout
    );
    assert!(
        again
            .stdout
            .contains("Nothing started. Run `codedrill trial` whenever you want to start it"),
        "{}",
        again.stdout
    );
    assert_eq!(env.sql::<i64>("SELECT count(*) FROM review"), 0);
    // No: says how to start it later, then drills.
    let no = env.run(&[], "n\n:q\n");
    assert!(
        no.stdout.starts_with(
            "Welcome to codedrill. If you are here to find out whether medical coding suits you"
        ),
        "{}",
        no.stdout
    );
    assert!(
        no.stdout
            .contains("No trial for now. Run `codedrill trial`"),
        "{}",
        no.stdout
    );
    assert!(
        no.stdout.contains("for this session"),
        "n drills instead: {}",
        no.stdout
    );
}

#[test]
fn a_trial_begun_after_midnight_names_the_check_day_rightly() {
    let mut env = Env::new();
    // 1 am belongs to the study day before (the day turns at 4 am): the check opens this very morning.
    env.now = "2026-11-24T01:00:00Z".into();
    let out = env.run(&["trial"], "I10\n\n:q\n\n");
    out.success();
    assert!(
        out.stdout
            .contains("Next: the 1-day check opens today from 4 am"),
        "{}",
        out.stdout
    );
}
