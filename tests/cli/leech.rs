//! A leech is suspended in the same transaction as the answer that makes it one, so a crash right after
//! that answer is saved cannot lose the leech (it would otherwise wait for the 12th lapse).

use crate::support::{Answers, Env};

/// No learning steps: a wrong answer keeps the card in review with a short interval, so every wrong
/// review is a lapse and the card is due again within days.
pub const ARGS: [&str; 7] = [
    "--deck",
    "hcpcs",
    "--learning-steps",
    "",
    "--relearning-steps",
    "",
    "--no-fuzz",
];

/// The learnt card's lapses, whether it is suspended, whether it is a leech.
fn the_card(env: &Env) -> Vec<String> {
    let rows = env.rows("SELECT lapses, suspended, leech FROM card WHERE reps > 0");
    assert_eq!(rows.len(), 1, "one card studied: {rows:?}");
    rows.into_iter().next().unwrap_or_default()
}

#[test]
fn a_crash_right_after_the_eighth_lapse_keeps_the_leech() {
    let mut env = Env::new();
    let answers = Answers::builtin();
    let mut day = 0;
    let mut crashed = None;
    while crashed.is_none() {
        assert!(day < 60, "eight lapses within 60 days");
        env.on_day(day);
        env.extra.clear();
        let eighth = day > 0 && the_card(&env)[0] == "7";
        if eighth {
            // The process dies the moment the eighth lapse is committed, before it says anything.
            env.env("CODEDRILL_FAILPOINT", "answer-after-commit:1:abort");
        }
        let new = if day == 0 { "1" } else { "0" };
        let mut driver = env.drive(&[&ARGS[..], &["--new", new]].concat());
        while let Some(prompt) = driver.next_card() {
            // The first answer learns the card; every later one forgets it.
            driver.send(&if day == 0 {
                answers.right(&prompt)
            } else {
                "A0000".into()
            });
            if eighth {
                break;
            }
            driver.until_prompt().unwrap();
            driver.send("");
        }
        let (code, output) = if eighth {
            driver.exit()
        } else {
            driver.finish()
        };
        if eighth && output.contains("[0 new · 0 learning · 1 to review]") {
            crashed = Some((code, output));
        }
        day += 1;
    }
    let (code, output) = crashed.unwrap();
    assert_eq!(code, None, "killed by the failpoint: {output}");
    assert_eq!(
        the_card(&env),
        ["8", "1", "1"],
        "eight lapses, suspended, a leech"
    );
    env.extra.clear();
    let next = env.run(&[&ARGS[..], &["--new", "0"]].concat(), ":q\n");
    next.success();
    assert!(
        next.stdout.contains("Nothing is due"),
        "a leech is not drilled: {}",
        next.stdout
    );
}
