//! Drilling like a coder works: directions, multiple choice, flip, cases, the keys, cram, leeches, and
//! the analysis of every slip.

use std::collections::{BTreeMap, BTreeSet};

use crate::support::{Answers, Driver, Env};

/// The review log's answer, rating, correctness, mode and mistake, in order, voided rows marked.
fn log(env: &Env) -> Vec<Vec<String>> {
    env.rows(
        "SELECT r.answer, r.rating, r.correct, r.mode, coalesce(r.mistake, ''),
                CASE WHEN v.review_id IS NULL THEN '' ELSE v.reason END
         FROM review r LEFT JOIN review_void v ON v.review_id = r.id ORDER BY r.id",
    )
}

#[test]
fn multiple_choice_offers_near_options_and_logs_the_choice() {
    let env = Env::new();
    let answers = Answers::builtin();
    let mut driver = env.drive(&["--deck", "icd10cm-common", "--mode", "choice", "--new", "2"]);
    let first = driver.next_card().unwrap();
    assert_eq!(first.kind, "choice (1-4)");
    assert_eq!(first.shown, "Essential (primary) hypertension");
    assert_eq!(first.options.len(), 4);
    assert!(first.options.contains(&"I10".to_string()));
    // Near neighbours: the other options are hypertension-family or circulatory codes.
    assert!(
        first.options.iter().filter(|o| o.starts_with('I')).count() >= 3,
        "{:?}",
        first.options
    );
    driver.send(&answers.right(&first));
    assert!(driver.until_prompt().unwrap().contains("✓ right: I10"));
    driver.send("");
    let second = driver.next_card().unwrap();
    let right = answers.right(&second).parse::<usize>().unwrap();
    let wrong = if right == 1 { 2 } else { 1 };
    driver.send(&wrong.to_string());
    let verdict = driver.until_prompt().unwrap();
    let chosen = &second.options[wrong - 1];
    assert!(
        verdict.contains(&format!("you chose  {chosen}")),
        "{verdict}"
    );
    assert!(
        verdict.contains(&format!("{chosen} is: ")),
        "says what the chosen code is: {verdict}"
    );
    driver.send("");
    driver.finish_ok();
    let log = log(&env);
    assert_eq!(log[0][..4], ["I10", "3", "1", "choice"]);
    assert_eq!(log[1][..4], [chosen.as_str(), "1", "0", "choice"]);
    assert!(!log[1][4].is_empty(), "the miss is classified");
}

#[test]
fn flip_mode_shows_the_answer_and_takes_a_self_grade() {
    let env = Env::new();
    let mut driver = env.drive(&[
        "--deck",
        "abbreviations",
        "--mode",
        "flip",
        "--new",
        "2",
        "--no-fuzz",
    ]);
    let deck = Answers::builtin_deck("abbreviations");
    // An abbreviation's usual side shows the abbreviation; the answer revealed is its meaning.
    let reveal = |driver: &mut Driver| {
        let prompt = driver.next_card().unwrap();
        assert_eq!(prompt.kind, "Enter to show the answer");
        let card = deck
            .iter()
            .find(|c| c.code == prompt.shown)
            .unwrap_or_else(|| panic!("no abbreviation {:?}", prompt.shown));
        driver.send("");
        let revealed = driver.until_prompt().unwrap();
        assert!(
            revealed.contains(&format!("  = {}\n", card.description)),
            "the right answer follows: {revealed}"
        );
        revealed
    };
    let revealed = reveal(&mut driver);
    assert!(revealed.contains("4 easy ("), "{revealed}");
    driver.send("4");
    reveal(&mut driver);
    driver.send("1");
    driver.finish_ok();
    let log = log(&env);
    assert_eq!(log[0][1..4], ["4", "1", "flip"]);
    assert_eq!(log[1][1..4], ["1", "0", "flip"]);
}

#[test]
fn both_directions_are_siblings_never_on_the_same_day() {
    let mut env = Env::new();
    let answers = Answers::builtin();
    let mut sides_by_day: Vec<BTreeMap<String, BTreeSet<String>>> = Vec::new();
    for day in 0..4 {
        env.on_day(day);
        let mut driver = env.drive(&[
            "--deck",
            "abbreviations",
            "--direction",
            "both",
            "--new",
            "6",
        ]);
        let mut today: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        while let Some(prompt) = driver.next_card() {
            let card = answers.card(&prompt);
            today
                .entry(card.code.clone())
                .or_default()
                .insert(prompt.kind.clone());
            driver.answer_right(&answers, &prompt);
        }
        driver.finish_ok();
        sides_by_day.push(today);
    }
    for (day, today) in sides_by_day.iter().enumerate() {
        for (code, sides) in today {
            assert_eq!(sides.len(), 1, "day {day}: both sides of {code}");
        }
    }
    let asked: BTreeSet<&str> = sides_by_day
        .iter()
        .flat_map(|d| d.values().flatten().map(String::as_str))
        .collect();
    assert_eq!(
        asked,
        BTreeSet::from(["answer", "meaning"]),
        "both sides are drilled over the days"
    );
    // Each card's other side is one card of its own, linked to it, on the opposite side, with its text.
    let cards = Answers::builtin_deck("abbreviations").len().to_string();
    assert_eq!(
        env.rows(
            "SELECT usual.side, other.side, count(*) FROM card other
             JOIN card usual ON usual.id = other.note_id AND usual.note_id IS NULL
             WHERE other.key = usual.key AND other.code = usual.code
               AND other.description = usual.description
             GROUP BY 1, 2"
        ),
        [["meaning", "code", cards.as_str()]],
        "the other side was created as a linked card"
    );
    assert_eq!(
        env.sql::<i64>("SELECT count(*) FROM card WHERE note_id IS NOT NULL")
            .to_string(),
        cards,
        "no other linked card"
    );
}

#[test]
fn a_coding_case_gives_credit_per_code_and_counts_only_when_whole() {
    let env = Env::new();
    let answers = Answers::builtin();
    let mut driver = env.drive(&["--deck", "cases", "--new", "1"]);
    let prompt = driver.next_card().unwrap();
    assert_eq!(prompt.kind, "codes");
    let right = answers.right(&prompt);
    let codes: Vec<&str> = right.split(' ').collect();
    assert!(
        codes.len() >= 2,
        "the first case has several codes: {right}"
    );
    // All but the last code, in reverse order.
    let partial: Vec<&str> = codes[..codes.len() - 1].iter().rev().copied().collect();
    driver.send(&partial.join(", "));
    let verdict = driver.until_prompt().unwrap();
    for code in &partial {
        assert!(verdict.contains(&format!("✓ {code}")), "{verdict}");
    }
    assert!(
        verdict.contains(&format!("✗ {} (missing)", codes[codes.len() - 1])),
        "{verdict}"
    );
    assert!(
        verdict.contains(&format!("{} of {} codes right", partial.len(), codes.len())),
        "{verdict}"
    );
    driver.send("");
    driver.finish_ok();
    assert_eq!(log(&env)[0][1..3], ["1", "0"]);
}

#[test]
fn undo_takes_back_the_last_answer_and_asks_it_again() {
    let env = Env::new();
    let answers = Answers::builtin();
    let mut driver = env.drive(&["--deck", "hcpcs", "--new", "2"]);
    let first = driver.next_card().unwrap();
    driver.send("A0000");
    let verdict = driver.until_prompt().unwrap();
    assert!(verdict.contains("✗ the code is"), "{verdict}");
    driver.send("");
    driver.next_card().unwrap();
    driver.send(":u");
    let again = driver.next_card().unwrap();
    assert_eq!(
        again.shown, first.shown,
        "the undone card comes back at once"
    );
    assert!(driver.all.contains("Undone: that answer is taken back"));
    driver.answer_right(&answers, &again);
    driver.finish_ok();
    let log = log(&env);
    assert_eq!(log[0][..3], ["A0000", "1", "0"]);
    assert_eq!(log[0][5], "undone");
    assert_eq!(log[1][2], "1");
    assert_eq!(
        env.sql::<i64>("SELECT reps FROM card WHERE code = (SELECT code FROM card c JOIN review r ON r.card_id = c.id ORDER BY r.id LIMIT 1)"),
        1,
        "the card's schedule counts only the answer that stands"
    );
}

#[test]
fn skip_buries_a_card_until_tomorrow() {
    let mut env = Env::new();
    let mut driver = env.drive(&["--deck", "billing", "--new", "1"]);
    let card = driver.next_card().unwrap();
    driver.send(":s");
    let out = driver.finish_ok();
    assert!(out.contains("Skipped: it comes back tomorrow."), "{out}");
    let again = env.run(&["--deck", "billing", "--new", "1"], ":q\n");
    again.success();
    assert!(
        !again.stdout.contains(&card.shown),
        "buried today: {}",
        again.stdout
    );
    env.on_day(1);
    let tomorrow = env.run(&["--deck", "billing", "--new", "1"], ":q\n");
    tomorrow.success();
    assert!(
        tomorrow.stdout.contains(&card.shown),
        "back tomorrow: {}",
        tomorrow.stdout
    );
}

#[test]
fn a_hint_shows_the_first_character_and_counts_a_right_answer_as_hard() {
    let env = Env::new();
    let mut driver = env.drive(&["--deck", "icd10cm-common", "--new", "1"]);
    driver.next_card().unwrap();
    driver.send(":h");
    let hint = driver.until_prompt().unwrap();
    assert!(hint.contains("hint: it starts with I…"), "{hint}");
    driver.send("I10");
    let verdict = driver.until_prompt().unwrap();
    assert!(
        verdict.contains("a hint was used: counted as hard"),
        "{verdict}"
    );
    driver.send("");
    driver.finish_ok();
    let rows = env.rows("SELECT rating, correct, hinted FROM review");
    assert_eq!(rows, [["2", "1", "1"]]);
}

#[test]
fn cram_practises_without_touching_the_schedule() {
    let env = Env::new();
    let answers = Answers::builtin();
    env.run(&["--deck", "modifiers", "--new", "3"], "x\n\n")
        .success();
    let schedules =
        || env.rows("SELECT id, state, due, reps, lapses, stability FROM card ORDER BY id");
    let before = schedules();
    let mut driver = env.drive(&[
        "cram",
        "--deck",
        "modifiers",
        "--tag",
        "cpt-modifier",
        "--limit",
        "4",
    ]);
    let mut shown = 0;
    let mut missed = None;
    while let Some(prompt) = driver.next_card() {
        shown += 1;
        let card = answers.card(&prompt).clone();
        assert!(
            card.tags.split(' ').any(|t| t == "cpt-modifier"),
            "only the tag asked for: {}",
            card.tags
        );
        if missed.is_none() {
            missed = Some(card.code.clone());
            driver.send("zz");
            let verdict = driver.until_prompt().unwrap();
            assert!(verdict.contains("✗ "), "{verdict}");
            driver.send("");
        } else {
            driver.answer_right(&answers, &prompt);
        }
    }
    let out = driver.finish_ok();
    assert!(
        out.contains("to practise (the schedule is left as it is)"),
        "{out}"
    );
    assert_eq!(shown, 5, "four cards, the missed one once more");
    assert_eq!(schedules(), before);
    assert_eq!(
        env.sql::<i64>("SELECT count(*) FROM review WHERE kind = 3"),
        5
    );
}

/// A drill of the hcpcs deck with no learning steps: Again keeps a card in review with a short interval,
/// so each wrong review is a lapse.
fn without_steps(new: &str) -> [&str; 9] {
    [
        "--deck",
        "hcpcs",
        "--new",
        new,
        "--learning-steps",
        "",
        "--relearning-steps",
        "",
        "--no-fuzz",
    ]
}

/// Learns one card, then forgets it every day it comes back until it has lapsed eight times. Returns
/// the day after the last drill and the verdict that set the card aside.
fn forget_one_card_eight_times(env: &mut Env, answers: &Answers) -> (i64, String) {
    let mut lapses = 0;
    let mut day = 0;
    let mut leech_message = String::new();
    while lapses < 8 {
        env.on_day(day);
        let mut driver = env.drive(&without_steps(if day == 0 { "1" } else { "0" }));
        while let Some(prompt) = driver.next_card() {
            if env.sql::<i64>("SELECT count(*) FROM review") == 0 {
                driver.answer_right(answers, &prompt);
                continue;
            }
            driver.send("A0000");
            let verdict = driver.until_prompt().unwrap();
            assert!(verdict.contains("✗ the code is"), "{verdict}");
            lapses += 1;
            if verdict.contains("set aside as a leech") {
                leech_message = verdict;
            }
            driver.send("");
        }
        driver.finish_ok();
        day += 1;
        assert!(day < 60, "eight lapses within 60 days");
    }
    (day, leech_message)
}

#[test]
fn a_card_forgotten_eight_times_becomes_a_leech_and_can_come_back() {
    let mut env = Env::new();
    let (day, leech_message) = forget_one_card_eight_times(&mut env, &Answers::builtin());
    assert!(
        leech_message.contains("forgotten 8 times"),
        "{leech_message}"
    );
    assert_eq!(
        env.sql::<i64>("SELECT count(*) FROM card WHERE leech AND suspended"),
        1
    );
    let list = env.run(&["leeches"], "");
    list.success();
    assert!(
        list.stdout.contains("1 card forgotten 8 times or more"),
        "{}",
        list.stdout
    );
    assert!(
        list.stdout.contains("recent wrong answers: A0000"),
        "{}",
        list.stdout
    );
    let key = env.sql::<String>(
        "SELECT d.name || ':' || c.key FROM card c JOIN deck d ON d.id = c.deck_id WHERE c.leech",
    );
    env.on_day(day + 30);
    let quiet = env.run(&without_steps("0"), ":q\n");
    quiet.success();
    assert!(
        quiet.stdout.contains("Nothing is due"),
        "a leech is not drilled: {}",
        quiet.stdout
    );
    env.run(&["leeches", "--unsuspend", &key], "").success();
    assert_eq!(
        env.sql::<i64>("SELECT count(*) FROM card WHERE suspended"),
        0
    );
    let back = env.run(&without_steps("0"), ":q\n");
    back.success();
    assert!(
        back.stdout.contains("[0 new · 0 learning · 1 to review]"),
        "back in the drill: {}",
        back.stdout
    );
}

#[test]
fn every_miss_is_classified_and_explained_at_once() {
    let env = Env::new();
    let mut driver = env.drive(&["--deck", "icd10cm-common", "--new", "3"]);
    let typed = ["I01", "E11", ""];
    let mut verdicts = Vec::new();
    for answer in typed {
        driver.next_card().unwrap();
        driver.send(answer);
        verdicts.push(driver.until_prompt().unwrap());
        driver.send("");
    }
    driver.finish_ok();
    // I01 is a real category (rheumatic fever with heart involvement): not a slip of typing.
    assert!(
        verdicts[0].contains("that code is in another category (I01) of the same chapter"),
        "{}",
        verdicts[0]
    );
    assert!(
        verdicts[1].contains("that is a header, not a billable code"),
        "{}",
        verdicts[1]
    );
    let mistakes: Vec<String> = log(&env).into_iter().map(|r| r[4].clone()).collect();
    assert_eq!(mistakes, ["category", "header", "no-answer"]);
}

#[test]
fn a_meaning_that_belongs_to_another_card_is_named() {
    let env = Env::new();
    let answers = Answers::builtin();
    let mut driver = env.drive(&["--deck", "word-parts", "--new", "1"]);
    let prompt = driver.next_card().unwrap();
    assert_eq!(prompt.kind, "meaning");
    let right = answers.card(&prompt).clone();
    // Another word part's meaning, one this card does not accept.
    let other = Answers::builtin_deck("word-parts")
        .into_iter()
        .find(|c| {
            c.code != right.code
                && c.description != right.description
                && !right.aliases.contains(&c.description)
        })
        .unwrap();
    driver.send(&other.description);
    let verdict = driver.until_prompt().unwrap();
    assert!(verdict.contains("that is the meaning of"), "{verdict}");
    driver.send("");
    driver.finish_ok();
    assert_eq!(log(&env)[0][4], "other-card");
}
