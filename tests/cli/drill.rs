//! The drill end to end: answers saved, grades, learning steps, days passing, endings.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};
use codedrill_core::day::study_day_in;
use codedrill_core::schedule::{CardSchedule, Due, Rating, Scheduler, Settings};

use crate::support::{Answers, Env, START};

#[test]
fn a_session_saves_exactly_the_answers_given() {
    let env = Env::new();
    let answers = Answers::builtin();
    let mut driver = env.drive(&["drill", "--deck", "hcpcs", "--new", "3"]);
    let mut typed = Vec::new();
    for i in 0..3 {
        let prompt = driver.next_card().unwrap();
        // The first card wrong, the rest right.
        let answer = if i == 0 {
            "A9999".to_string()
        } else {
            answers.right(&prompt)
        };
        driver.send(&answer);
        let verdict = driver.until_prompt().unwrap();
        if i == 0 {
            assert!(verdict.contains("✗ the code is"), "{verdict}");
            assert!(verdict.contains("you typed  A9999"), "{verdict}");
        }
        driver.send("");
        typed.push(answer);
    }
    let out = driver.finish_ok();
    assert!(
        out.contains("End of input. 3 answers, 2 right (67%); 3 new cards started"),
        "{out}"
    );
    let log =
        env.rows("SELECT answer, rating, correct, kind, state_before FROM review ORDER BY id");
    let expected: Vec<Vec<String>> = typed
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let (rating, correct) = if i == 0 { ("1", "0") } else { ("3", "1") };
            vec![
                t.clone(),
                rating.into(),
                correct.into(),
                "0".into(),
                "0".into(),
            ]
        })
        .collect();
    assert_eq!(log, expected);
}

#[test]
fn new_cards_walk_the_learning_steps_and_graduate_in_the_same_session() {
    let env = Env::new();
    let answers = Answers::builtin();
    let mut driver = env.drive(&["--deck", "modifiers", "--new", "2"]);
    let shown = driver.answer_everything(&answers);
    let out = driver.finish_ok();
    // Each new card: Good moves it to the 10-minute step, shown again ahead of time, Good graduates.
    assert_eq!(shown.len(), 4, "{out}");
    assert_eq!(shown[0], shown[2]);
    assert_eq!(shown[1], shown[3]);
    assert!(out.contains("All done for now."), "{out}");
    let states =
        env.rows("SELECT state, interval, due - last_day FROM card WHERE reps > 0 ORDER BY id");
    assert_eq!(
        states,
        [["2", "2", "2"], ["2", "2", "2"]],
        "graduated with S0(good) = 2.3 days"
    );
}

#[test]
fn a_second_run_the_same_day_brings_back_only_what_is_due() {
    let env = Env::new();
    let answers = Answers::builtin();
    let mut driver = env.drive(&["--deck", "billing", "--new", "2"]);
    let shown = driver.answer_everything(&answers);
    assert_eq!(shown.len(), 4, "two new cards, each at both steps");
    driver.finish_ok();
    let again = env.run(&["--deck", "billing", "--new", "2"], "");
    again.success();
    assert!(
        again.stdout.contains("Nothing is due right now."),
        "{}",
        again.stdout
    );
    // The advice comes from the real limits: a higher one that does bring more cards.
    assert_eq!(
        again.stdout,
        "Nothing is due right now.\nNext: 2 cards due in 2 days.\nNew cards today: 2 of your limit of \
         2. For 10 more: codedrill drill --new 12.\nTo practise without changing the schedule: \
         codedrill cram.\n"
    );
    assert_eq!(env.sql::<i64>("SELECT count(*) FROM review"), 4);
    assert_eq!(
        env.sql::<i64>("SELECT count(*) FROM session"),
        1,
        "no empty session logged"
    );
    let more = env.run(&["--deck", "billing", "--new", "12"], ":q\n");
    assert!(
        more.stdout.starts_with("codedrill: 10 new cards"),
        "the advice is followed by 10 more: {}",
        more.stdout
    );
}

/// Replays 60 days of study and checks that each card comes back exactly on the day the scheduler
/// (the library's, with the same settings) says, and on no other day.
#[test]
fn cards_return_on_the_days_fsrs_says() {
    let mut env = Env::new();
    let answers = Answers::builtin();
    let mut shown_on: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for day in 0..=60 {
        env.on_day(day);
        let new = if day == 0 { "3" } else { "0" };
        let mut driver = env.drive(&["--deck", "cases", "--new", new, "--no-fuzz"]);
        for key in driver.answer_everything(&answers) {
            let days = shown_on.entry(key).or_default();
            if days.last() != Some(&day) {
                days.push(day);
            }
        }
        driver.finish_ok();
    }
    // The model: each card answered Good at every showing, reviews exactly when due.
    let scheduler = Scheduler::new(Settings {
        fuzz: false,
        ..Settings::default()
    })
    .unwrap();
    let start: DateTime<Utc> = START.parse().unwrap();
    let mut card = CardSchedule::new_card();
    let mut expected_days = BTreeSet::new();
    let mut now = start;
    while now < start + Duration::days(61) {
        let today = study_day_in(&Utc, now);
        expected_days.insert((now - start).num_days());
        card = scheduler.answer(&card, Rating::Good, now, today, 0);
        now = match card.due {
            Due::At(at) => at,
            Due::Day(day) => now + Duration::days(day - today),
            Due::New => unreachable!(),
        };
    }
    let expected: Vec<i64> = expected_days.into_iter().collect();
    assert_eq!(
        expected,
        [0, 2, 13, 59],
        "the FSRS-6 history with default parameters"
    );
    assert_eq!(shown_on.len(), 3);
    for (key, days) in &shown_on {
        assert_eq!(days, &expected, "card {key}");
    }
}

#[test]
fn fuzzed_intervals_stay_in_range_and_cards_come_back_on_their_due_day() {
    let mut env = Env::new();
    let answers = Answers::builtin();
    let mut driver = env.drive(&["--deck", "word-parts", "--new", "12"]);
    let shown = driver.answer_everything(&answers);
    assert_eq!(shown.len(), 24, "twelve new cards, each at both steps");
    driver.finish_ok();
    // Second review of each card: on its due day. Intervals after it must lie in the fuzz range.
    let due: Vec<i64> = env
        .rows("SELECT DISTINCT due - last_day FROM card WHERE state = 2")
        .into_iter()
        .map(|r| r[0].parse().unwrap())
        .collect();
    assert_eq!(due, [2], "2-day graduating intervals are not fuzzed");
    env.on_day(1);
    let early = env.run(&["--deck", "word-parts", "--new", "0"], "");
    early.success();
    assert!(early.stdout.contains("Nothing is due"), "{}", early.stdout);
    env.on_day(2);
    let mut driver = env.drive(&["--deck", "word-parts", "--new", "0"]);
    let shown = driver.answer_everything(&answers);
    driver.finish_ok();
    assert_eq!(shown.len(), 12, "every card back on day 2");
    let intervals: Vec<u32> = env
        .rows("SELECT interval FROM card WHERE state = 2")
        .into_iter()
        .map(|r| r[0].parse().unwrap())
        .collect();
    let (low, high) = codedrill_core::schedule::fuzz_range(11, 2, 36_500);
    assert!(
        intervals.iter().all(|i| (low..=high).contains(i)),
        "{intervals:?} not in [{low}, {high}]"
    );
    assert!(
        intervals.iter().collect::<BTreeSet<_>>().len() > 1,
        "fuzz spreads the cards: {intervals:?}"
    );
}

#[test]
fn a_changed_grade_voids_the_first_review_and_keeps_the_log_append_only() {
    let env = Env::new();
    let answers = Answers::builtin();
    let mut driver = env.drive(&["--deck", "hcpcs", "--new", "1", "--no-fuzz"]);
    let prompt = driver.next_card().unwrap();
    driver.send(&answers.right(&prompt));
    let grade = driver.until_prompt().unwrap();
    assert!(grade.contains("e = easy (8d)"), "{grade}");
    driver.send("e");
    let out = driver.finish_ok();
    assert!(
        out.contains("All done for now. 1 answer, 1 right (100%)"),
        "a changed grade is still one answer: {out}"
    );
    let log = env.rows(
        "SELECT r.rating, v.reason IS NOT NULL FROM review r LEFT JOIN review_void v ON v.review_id = r.id ORDER BY r.id",
    );
    assert_eq!(log, [["3", "1"], ["4", "0"]]);
    assert_eq!(
        env.rows("SELECT state, interval FROM card WHERE reps > 0"),
        [["2", "8"]]
    );
    assert_eq!(env.sql::<i64>("SELECT answered FROM session"), 1);
}

#[test]
fn killing_the_process_loses_no_answer_already_judged() {
    let env = Env::new();
    let answers = Answers::builtin();
    let mut driver = env.drive(&["--deck", "abbreviations", "--new", "5"]);
    for _ in 0..3 {
        let prompt = driver.next_card().unwrap();
        // The verdict is printed only after the commit: once it is seen, the answer is on disk.
        driver.answer_right(&answers, &prompt);
    }
    driver.next_card().unwrap();
    driver.child.kill().unwrap(); // SIGKILL: no handler, no cleanup.
    driver.child.wait().unwrap();
    assert_eq!(env.sql::<i64>("SELECT count(*) FROM review"), 3);
    assert_eq!(env.sql::<String>("PRAGMA integrity_check"), "ok");
    let next = env.run(&["--deck", "abbreviations", "--new", "5"], "");
    next.success();
    assert!(
        next.stdout.contains("[2 new · 3 learning · 0 to review]"),
        "the next run carries on: {}",
        next.stdout
    );
}

#[test]
fn end_of_input_quit_and_ctrl_c_all_end_cleanly_with_a_summary() {
    let env = Env::new();
    let out = env.run(&["--new", "3"], ":q\n");
    out.success();
    assert!(
        out.stdout.contains("Stopped. No answers this time."),
        "{}",
        out.stdout
    );

    let out = env.run(&["--new", "3"], "");
    out.success();
    assert!(out.stdout.contains("End of input."), "{}", out.stdout);

    let mut driver = env.drive(&["--new", "3"]);
    driver.next_card().unwrap();
    driver.send("nonsense");
    let verdict = driver.until_prompt().unwrap();
    assert!(verdict.contains("✗ "), "{verdict}");
    let pid = driver.child.id().to_string();
    let kill = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    assert!(kill.success());
    let (code, out) = driver.exit();
    assert_eq!(code, Some(130), "{out}");
    assert!(out.contains("Stopped. 1 answer, 0 right (0%)"), "{out}");
    assert_eq!(env.sql::<i64>("SELECT count(*) FROM review"), 1);
}

#[test]
fn an_answer_with_control_characters_is_asked_again_not_judged() {
    let env = Env::new();
    let out = env.run(&["--deck", "hcpcs", "--new", "1"], "A42\x1b[A53\n:q\n");
    out.success();
    assert!(out.stdout.contains("control characters"), "{}", out.stdout);
    assert!(!out.stdout.contains('\x1b'), "nothing hostile echoed back");
    assert_eq!(env.sql::<i64>("SELECT count(*) FROM review"), 0);
}

#[test]
fn the_time_limit_ends_the_session() {
    let mut env = Env::new();
    // Every reading of the frozen clock moves it 20 s on: a card takes about a minute.
    env.env("CODEDRILL_TICK", "20");
    let answers = Answers::builtin();
    let mut driver = env.drive(&["--deck", "word-parts", "--new", "20", "--minutes", "2"]);
    let shown = driver.answer_everything(&answers);
    let out = driver.finish_ok();
    assert!(out.contains("Time is up."), "{out}");
    assert!((1..6).contains(&shown.len()), "{shown:?}");
    let durations = env.rows("SELECT DISTINCT duration_ms FROM review");
    assert_eq!(
        durations,
        [["20000"]],
        "response time comes from the same clock"
    );
}
