//! Exports for other tools: the review log as the FSRS optimizer reads it (and readable), and decks as
//! Anki's notes in plain text, read back by codedrill's own importer.

use crate::support::{Answers, Env, START};

/// A learner who answered two cards on the first day (one right, one wrong) and one again on the next.
fn studied() -> Env {
    let mut env = Env::new();
    let answers = Answers::builtin();
    let mut driver = env.drive(&["--deck", "hcpcs", "--new", "2"]);
    let first = driver.next_card().unwrap();
    driver.answer_right(&answers, &first);
    let _second = driver.next_card().unwrap();
    driver.send("wrong");
    driver.until_prompt().unwrap();
    driver.send("");
    driver.finish_ok();
    env.on_day(1);
    env.run(&["--deck", "hcpcs", "--new", "0"], ":q\n")
        .success();
    env
}

/// A CSV export's header row (joined with commas) and a reader for the rows after it.
fn read_csv(text: &str) -> (String, csv::Reader<&[u8]>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .collect::<Vec<_>>()
        .join(",");
    (header, reader)
}

/// The log read back as the FSRS optimizer's loader reads it (pandas' read_csv, then integer arithmetic
/// such as `review_time // 1000`): every cell of the five columns must be a plain integer.
fn read_fsrs(csv: &str) -> Vec<[i64; 5]> {
    let (header, mut reader) = read_csv(csv);
    assert_eq!(
        header,
        "card_id,review_time,review_rating,review_state,review_duration"
    );
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            let cells: Vec<i64> = record
                .iter()
                .map(|cell| {
                    cell.parse()
                        .unwrap_or_else(|_| panic!("not an integer: {cell:?}"))
                })
                .collect();
            cells.try_into().unwrap()
        })
        .collect()
}

#[test]
fn the_review_log_is_in_the_fsrs_optimizers_layout_by_default() {
    let env = studied();
    let out = env.run(&["export", "reviews"], "");
    out.success();
    assert!(
        !out.stdout.contains(['"', '\'']),
        "nothing quoted or marked as text"
    );
    let rows = read_fsrs(&out.stdout);
    assert_eq!(rows.len(), 2, "{}", out.stdout);
    let start = chrono::DateTime::parse_from_rfc3339(START)
        .unwrap()
        .timestamp();
    for [card_id, time, rating, state, duration] in &rows {
        assert!(*card_id > 0);
        assert_eq!(
            time / 1000,
            start,
            "review_time // 1000 is the second of the review"
        );
        assert!((1..=4).contains(rating));
        assert_eq!(*state, 0, "both cards were new before their first review");
        assert!(*duration >= 0);
    }
    let ratings: Vec<i64> = rows.iter().map(|r| r[2]).collect();
    assert_eq!(ratings, [3, 1], "right (good), then wrong (again)");
}

/// Answers the first due card of `billing` at `now`, right or wrong, and stops there.
fn answer_at(env: &mut Env, now: &str, new: &str, right: bool) {
    env.now = now.into();
    let mut driver = env.drive(&["--deck", "billing", "--new", new]);
    let card = driver.next_card().unwrap();
    match right {
        true => driver.send(&Answers::builtin().right(&card)),
        false => driver.send("wrong"),
    }
    driver.until_prompt().unwrap();
    driver.finish_ok();
}

#[test]
fn the_state_before_a_review_is_numbered_as_fsrs_numbers_it() {
    let mut env = Env::new();
    // New and missed; learnt through its 1- and 10-minute steps; two months on, missed and relearnt.
    answer_at(&mut env, "2026-11-23T09:00:00Z", "1", false);
    answer_at(&mut env, "2026-11-23T09:02:00Z", "0", true);
    answer_at(&mut env, "2026-11-23T09:15:00Z", "0", true);
    answer_at(&mut env, "2027-01-23T09:00:00Z", "0", false);
    answer_at(&mut env, "2027-01-23T09:15:00Z", "0", true);
    let rows = read_fsrs(&env.run(&["export", "reviews"], "").success().stdout);
    let states: Vec<i64> = rows.iter().map(|r| r[3]).collect();
    assert_eq!(states, [0, 1, 1, 2, 3]);
}

#[test]
fn the_readable_log_keeps_every_column_with_dates_and_times() {
    let env = studied();
    let out = env.run(&["export", "reviews", "--format", "readable"], "");
    out.success();
    let (header, mut reader) = read_csv(&out.stdout);
    assert_eq!(
        header,
        "card_id,review_time,review_rating,review_duration,deck,card_key,code,answer,correct,\
         review_kind,side,state_before,state_after,ivl_before,ivl_after,elapsed_days,stability,\
         difficulty,mistake,mode,lookups,coding_ms"
    );
    for record in reader.records() {
        let record = record.unwrap();
        assert_eq!(&record[1], "2026-11-23T09:00:00.000Z");
        assert_eq!(&record[11], "new");
        // ivl_before, ivl_after, elapsed_days: numbers, never marked as text.
        for number in [13, 14, 15] {
            let cell = &record[number];
            assert!(cell.parse::<i64>().is_ok(), "column {number} is {cell:?}");
        }
    }
}

fn anki(env: &Env, deck: &str) -> String {
    env.run(&["export", "deck", deck, "--format", "anki"], "")
        .success()
        .stdout
        .clone()
}

#[test]
fn a_deck_for_anki_says_what_anki_needs_and_asks_the_usual_side() {
    let env = Env::new();
    let text = anki(&env, "ICD10CM-Common");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.by_ref().take(8).collect();
    assert_eq!(
        header,
        [
            "#separator:tab",
            "#html:false",
            "#notetype:Basic",
            "#deck:icd10cm-common",
            "#columns:guid\tFront\tBack\tdeck\ttags\tcode\tdescription\tsystem\tcategory\taliases\t\
             note\tsource\tversion\tid",
            "#guid column:1",
            "#deck column:4",
            "#tags column:5",
        ]
    );
    let first: Vec<&str> = lines.next().unwrap().split('\t').collect();
    assert!(first[0].starts_with("codedrill-"), "{first:?}");
    // A code is asked from its description, as codedrill asks it.
    assert_eq!(first[1], first[6], "Front is the description");
    assert_eq!(first[2], first[5], "Back is the code");
    let term = anki(&env, "word-parts");
    let row: Vec<&str> = term.lines().nth(8).unwrap().split('\t').collect();
    assert_eq!(
        (row[1], row[2]),
        (row[5], row[6]),
        "a term is asked for its meaning"
    );
    assert_eq!(
        lines.count() + 1,
        Answers::builtin_deck("icd10cm-common").len()
    );
}

#[test]
fn an_anki_export_imports_back_into_codedrill_as_the_same_cards() {
    let env = Env::new();
    for deck in codedrill::builtin::BUILTIN.iter().map(|d| d.name) {
        let file = env.data().join(format!("{deck}.txt"));
        std::fs::write(&file, anki(&env, deck)).unwrap();
        let copy = format!("{deck}-from-anki");
        env.run(&["import", file.to_str().unwrap(), "--deck", &copy], "")
            .success();
        let original = env
            .run(&["export", "deck", deck], "")
            .success()
            .stdout
            .clone();
        let back = env
            .run(&["export", "deck", &copy], "")
            .success()
            .stdout
            .clone();
        assert_eq!(back, original, "{deck}");
    }
}

#[test]
fn the_anki_guid_is_stable_across_exports_and_study() {
    let mut env = Env::new();
    let before = anki(&env, "billing");
    env.run(&["--deck", "billing", "--new", "3"], "x\n\ny\n\n:q\n")
        .success();
    env.on_day(3);
    assert_eq!(
        anki(&env, "billing"),
        before,
        "studying changes nothing Anki sees"
    );
    let guids: Vec<&str> = before
        .lines()
        .skip(8)
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    let unique: std::collections::HashSet<&&str> = guids.iter().collect();
    assert_eq!(unique.len(), guids.len(), "one guid per card");
    // The same card in another deck is another note for Anki.
    let file = env.data().join("billing.txt");
    std::fs::write(&file, &before).unwrap();
    env.run(&["import", file.to_str().unwrap(), "--deck", "mine"], "")
        .success();
    let mine = anki(&env, "mine");
    let theirs: Vec<&str> = mine
        .lines()
        .skip(8)
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert!(theirs.iter().all(|g| !unique.contains(g)));
}

#[test]
fn a_deck_drilled_both_ways_becomes_basic_and_reversed() {
    let env = Env::new();
    assert!(anki(&env, "abbreviations").contains("\n#notetype:Basic\n"));
    env.run(
        &["drill", "--deck", "abbreviations", "--direction", "both"],
        ":q\n",
    )
    .success();
    assert!(anki(&env, "abbreviations").contains("\n#notetype:Basic (and reversed card)\n"));
    assert!(anki(&env, "billing").contains("\n#notetype:Basic\n"));
}
