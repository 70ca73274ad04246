//! A miss is named by what it means, in every code system, both as the learner reads it and as the review
//! log keeps it: a real code given for another is a knowledge error, never called a slip; only a string
//! that is no code, one slip from the answer, is a slip.

use codedrill_core::deck::CardContent;
use codedrill_core::export::write_deck;

use crate::support::{Answers, Env};

/// A card (by its deck and code), what is typed for it, the class the review log keeps, and what the
/// verdict says.
struct Miss {
    deck: &'static str,
    right: &'static str,
    typed: &'static str,
    class: &'static str,
    says: &'static str,
}

const fn miss(
    deck: &'static str,
    right: &'static str,
    typed: &'static str,
    class: &'static str,
    says: &'static str,
) -> Miss {
    Miss {
        deck,
        right,
        typed,
        class,
        says,
    }
}

const ANOTHER_CODE: &str = "that is another code, with a meaning of its own";

/// The same side mistake, in the built-in deck's system and in a deck that names none.
const LEFT_FOR_RIGHT: Miss = miss(
    "icd10cm-common",
    "L03.115",
    "L03.116",
    "laterality",
    "wrong side: that code is for the left side; this one is the right side",
);

/// Real codes confused for each other in every system; each typed code is a built-in card.
const CONFUSED: [Miss; 8] = [
    miss("modifiers", "22", "24", "wrong-code", ANOTHER_CODE),
    miss("modifiers", "52", "53", "wrong-code", ANOTHER_CODE),
    miss("modifiers", "XU", "XE", "wrong-code", ANOTHER_CODE),
    miss("modifiers", "25", "52", "wrong-code", ANOTHER_CODE),
    miss("hcpcs", "A4253", "A4259", "wrong-code", ANOTHER_CODE),
    miss(
        "cpt-style",
        "99213",
        "99214",
        "em-level",
        "E/M level 1 too high: the level follows the decision making",
    ),
    miss(
        "icd10cm-common",
        "D51.9",
        "D50.9",
        "category",
        "that code is in another category (D50) of the same chapter; this one is in D51",
    ),
    LEFT_FOR_RIGHT,
];

/// A deck imported without a `system` column: the same side mistake reads the same, and strings that
/// are no code are slips.
const NO_SYSTEM: [Miss; 3] = [
    LEFT_FOR_RIGHT,
    miss(
        "cpt-style",
        "99213",
        "9921",
        "missing",
        "a character is missing: the 3",
    ),
    miss("modifiers", "22", "222", "extra", "there is an extra 2"),
];

fn builtin(deck: &str, code: &str) -> CardContent {
    Answers::builtin_deck(deck)
        .into_iter()
        .find(|c| c.code == code)
        .unwrap_or_else(|| panic!("no card {code} in {deck}"))
}

/// Drills the deck `name`, typing each miss's code for its card; returns each verdict and the review
/// log's (answer, mistake) rows.
fn drill(env: &Env, name: &str, misses: &[Miss]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut driver = env.drive(&["--deck", name, "--new", "20"]);
    let mut verdicts = Vec::new();
    for _ in misses {
        let prompt = driver.next_card().unwrap();
        let miss = misses
            .iter()
            .find(|m| builtin(m.deck, m.right).description == prompt.shown)
            .unwrap_or_else(|| panic!("not one of the cards: {prompt:?}"));
        driver.send(miss.typed);
        verdicts.push(driver.until_prompt().unwrap());
        driver.send("");
    }
    driver.finish_ok();
    let export = env.run(&["export", "reviews", "--format", "readable"], "");
    export.success();
    // The mistake's place counted from the end of the row (no cell after it holds a comma).
    let header: Vec<&str> = export.stdout.lines().next().unwrap().split(',').collect();
    let mistake = header.len() - header.iter().position(|h| *h == "mistake").unwrap();
    let rows = export
        .stdout
        .lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            vec![cells[7].to_owned(), cells[cells.len() - mistake].to_owned()]
        })
        .collect();
    (verdicts, rows)
}

/// Checks each verdict names the miss, never as a slip when it is not one, and says what a real typed
/// code is; and that the review log keeps the class.
fn check(misses: &[Miss], verdicts: &[String], rows: &[Vec<String>]) {
    for (verdict, row) in verdicts.iter().zip(rows) {
        let miss = misses.iter().find(|m| m.typed == row[0]).unwrap();
        assert!(verdict.contains(miss.says), "{}: {verdict}", miss.typed);
        assert_eq!(row[1], miss.class, "{} for {}", miss.typed, miss.right);
        let real = Answers::builtin_deck(miss.deck)
            .into_iter()
            .find(|c| c.code == miss.typed);
        if let Some(real) = real {
            let named = format!("{} is: {}", real.code, real.description);
            assert!(verdict.contains(&named), "{verdict}");
            for slip in ["one character is wrong", "you swapped", "missing", "extra"] {
                assert!(!verdict.contains(slip), "{}: {verdict}", miss.typed);
            }
        }
    }
    assert_eq!(rows.len(), misses.len());
}

#[test]
fn a_real_code_typed_for_another_is_named_in_every_system() {
    let env = Env::new();
    let cards: Vec<CardContent> = CONFUSED.iter().map(|m| builtin(m.deck, m.right)).collect();
    let file = env.data().join("confusable.csv");
    write_deck(std::fs::File::create(&file).unwrap(), &cards).unwrap();
    env.run(&["import", file.to_str().unwrap()], "").success();
    let (verdicts, rows) = drill(&env, "confusable", &CONFUSED);
    check(&CONFUSED, &verdicts, &rows);
    assert!(
        verdicts[0].contains("24 is: An E/M visit by the same physician during the postoperative"),
        "the modifier 24, not the place of service 24: {}",
        verdicts[0]
    );
}

#[test]
fn a_deck_without_a_system_column_is_read_by_the_shape_of_its_codes() {
    let env = Env::new();
    let mut csv = String::from("code,description\n");
    for m in &NO_SYSTEM {
        let card = builtin(m.deck, m.right);
        csv.push_str(&format!(
            "{},\"{}\"\n",
            card.code,
            card.description.replace('"', "\"\"")
        ));
    }
    let file = env.data().join("mine.csv");
    std::fs::write(&file, csv).unwrap();
    env.run(&["import", file.to_str().unwrap()], "").success();
    let (verdicts, rows) = drill(&env, "mine", &NO_SYSTEM);
    check(&NO_SYSTEM, &verdicts, &rows);
    assert!(
        !verdicts[0].contains("one character is wrong"),
        "{}",
        verdicts[0]
    );
}

#[test]
fn a_case_with_one_code_given_for_another_names_that_code() {
    let env = Env::new();
    let mut driver = env.drive(&["--deck", "cases", "--new", "1"]);
    let prompt = driver.next_card().unwrap();
    let case = Answers::builtin().card(&prompt).code.clone();
    assert_eq!(case, "99214 E11.22 N18.31 Z79.84", "the first case");
    driver.send("99213 E11.22 N18.31 Z79.84");
    let verdict = driver.until_prompt().unwrap();
    driver.send("");
    driver.finish_ok();
    let em = builtin("cpt-style", "99213");
    for says in [
        "E/M level 1 too low".to_owned(),
        format!("99213 is: {}", em.description),
    ] {
        assert!(verdict.contains(&says), "{verdict}");
    }
    assert_eq!(env.sql::<String>("SELECT mistake FROM review"), "em-level");
}
