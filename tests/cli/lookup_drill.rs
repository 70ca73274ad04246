//! A lookup drill through the real binary: the fixture tabular and index installed with `codeset add`,
//! `/words` and `=CODE` typed before the code, the answer judged as usual and kept with its lookups and
//! coding time; `:u` and `:q` as in any drill; then the report's "Coding with the index".

use std::path::Path;

use serde_json::Value;

use crate::golden::golden_with_input;
use crate::support::Env;

/// A data folder with the FY2026 fixture books and a deck of one ICD-10-CM and one CPT-style card, the
/// clock moving 90 seconds at each reading (its only move between a card shown and its answer).
fn with_books() -> Env {
    let mut env = Env::new();
    env.env("CODEDRILL_TICK", "90");
    add_books(&env);
    let deck = env.data().join("coding.csv");
    std::fs::write(
        &deck,
        "code,description,system\n\
         E11.22,Type 2 diabetes mellitus with diabetic chronic kidney disease,ICD-10-CM\n\
         99213,\"Office visit, established patient, low complexity\",CPT-style\n",
    )
    .unwrap();
    env.run(&["import", deck.to_str().unwrap()], "").success();
    env
}

/// Installs the FY2026 fixture tabular and index with `codeset add`.
pub fn add_books(env: &Env) {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/codeset");
    let tabular = fixtures.join("icd10cm-tabular-2026.xml");
    let index = fixtures.join("icd10cm_index_2026.xml");
    let add = [
        "codeset",
        "add",
        tabular.to_str().unwrap(),
        index.to_str().unwrap(),
    ];
    env.run(&add, "").success();
}

/// The answers kept: code, answer, mode, answer time, lookups, coding time, and a void's reason.
fn answers(env: &Env) -> Vec<String> {
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT c.code, r.answer, r.mode, r.duration_ms, r.lookups, r.coding_ms, v.reason
             FROM review r JOIN card c ON c.id = r.card_id
             LEFT JOIN review_void v ON v.review_id = r.id ORDER BY r.id",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok(format!(
                "{} | {} | {} | {} | {} | {} | {}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, Option<i64>>(5)?
                    .map_or("-".into(), |m| m.to_string()),
                r.get::<_, Option<String>>(6)?.unwrap_or("-".into()),
            ))
        })
        .unwrap();
    rows.map(Result::unwrap).collect()
}

#[test]
fn a_lookup_drill_shows_the_books_judges_the_code_and_keeps_the_lookups_and_time() {
    let env = with_books();
    // Two lookups and the code; then the CPT-style card, answered, taken back with :u, and :q.
    let input = "/diabetes kidney\n=E11.22\nE11.22\n\n/office visit\n99213\n:u\n:q\n";
    golden_with_input(
        &env,
        "drill-lookup",
        &["drill", "--deck", "coding", "--mode", "lookup"],
        input,
        0,
    );
    // From the card shown to the answer, 90 s: the scheduler's answer time stops at a minute, the coding
    // time does not.
    assert_eq!(
        answers(&env),
        [
            "E11.22 | E11.22 | lookup | 60000 | 2 | 90000 | -",
            "99213 | 99213 | type | 60000 | 0 | - | undone",
        ]
    );
    // The readable export ends each row with the mode, the lookups and the coding time; the FSRS layout
    // keeps its five columns.
    let readable = env.run(&["export", "reviews", "--format", "readable"], "");
    let lines: Vec<&str> = readable.stdout.lines().collect();
    assert!(
        lines[0].ends_with(",mistake,mode,lookups,coding_ms"),
        "{}",
        lines[0]
    );
    assert!(lines[1].ends_with(",lookup,2,90000"), "{}", lines[1]);
    assert_eq!(lines.len(), 2, "the answer taken back is not exported");
    let fsrs = env.run(&["export", "reviews"], "");
    assert!(
        fsrs.stdout
            .starts_with("card_id,review_time,review_rating,review_state,review_duration\n")
    );
}

#[test]
fn the_report_sets_codes_coded_with_the_index_beside_codes_from_memory() {
    let env = with_books();
    let drill = |mode: &str, input: &str| {
        env.run(&["drill", "--deck", "coding", "--mode", mode], input)
            .success();
    };
    drill("lookup", "=E11.22\nE11.22\n\n:q\n");
    let report = env.run(&["report"], "");
    report.success();
    let section = report
        .stdout
        .split("9. Coding with the index\n")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .unwrap_or_else(|| panic!("{}", report.stdout));
    assert_eq!(
        section,
        "   ICD-10-CM codes with the index at hand: 1 code, 1 exact (100%), 90.0 s each (median), 1.0 \
         lookups a code. From memory, typed: 0 codes, 0 exact (-). Too few to compare yet: at least 10 \
         of each are needed."
    );
    // The CPT-style card first (new), then the ICD-10-CM card from memory (learning, due within 20 minutes).
    drill("type", "99213\n\nE11.2\n\n:q\n");
    let json: Value = serde_json::from_str(&env.run(&["report", "--json"], "").stdout).unwrap();
    let index = &json["index"];
    assert_eq!(index["with_index"]["answers"], 1);
    assert_eq!(index["with_index"]["lookups_per_code"], 1.0);
    assert_eq!(index["with_index"]["median_seconds"], 90.0);
    assert_eq!(index["from_memory"]["answers"], 1);
    assert_eq!(index["from_memory"]["right"], 0);
    assert_eq!(index["from_memory"]["lookups_per_code"], Value::Null);
    assert_eq!(index["compared"], false);
}
