//! `codedrill lookup`: the fixture index and tabular (`tests/fixtures/codeset/`) installed through the
//! real binary, then searched as a coder does and read back from the Tabular List.

use std::path::{Path, PathBuf};

use crate::support::Env;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/codeset")
        .join(name)
}

/// A data folder with the FY2026 fixture tabular and `index` (the fixture index's text, perhaps changed).
fn installed(index: &str) -> Env {
    let env = Env::new();
    let path = env.data().join("icd10cm_index_2026.xml");
    std::fs::write(&path, index).unwrap();
    let tabular = fixture("icd10cm-tabular-2026.xml");
    env.run(
        &[
            "codeset",
            "add",
            tabular.to_str().unwrap(),
            path.to_str().unwrap(),
        ],
        "",
    )
    .success();
    env
}

fn index() -> String {
    std::fs::read_to_string(fixture("icd10cm_index_2026.xml")).unwrap()
}

#[test]
fn words_find_main_terms_with_subterms_under_them_in_any_order_case_or_number() {
    let env = installed(&index());
    let expected = "Diabetes, diabetic (mellitus) (sugar) E11.9\n  \
                    type 2 E11.9\n    \
                    with\n      \
                    chronic kidney disease E11.22\n      \
                    kidney complications NEC E11.29 (not in the tabular)\n";
    let out = env.run(&["lookup", "diabetes", "kidney"], "");
    out.success();
    assert_eq!(out.stdout, expected);
    let out = env.run(&["lookup", "KIDNEYS Diabetes"], "");
    out.success();
    assert_eq!(out.stdout, expected);
    let out = env.run(&["lookup", "kidney"], "");
    out.success();
    assert!(
        out.stdout
            .starts_with("Kidney - see condition\n\nDiabetes, diabetic")
    );
    assert!(out.stdout.contains(
        "\nDisease, diseased - see also Syndrome\n  kidney (functional) (pelvis) N28.9 (not in the tabular)\n"
    ));
    let out = env.run(&["lookup", "concussion"], "");
    out.success();
    assert_eq!(
        out.stdout,
        "Concussion (brain) (cerebral) (current) S06.0X- (incomplete)\n  \
         with\n    \
         loss of consciousness\n      \
         with death due to brain injury prior to regaining consciousness S06.0X7\n      \
         status unknown S06.0X9 (not in the tabular)\n  \
         without loss of consciousness S06.0X0\n\
         \n\
         A code ending in - is incomplete: the Tabular List gives the characters it needs (codedrill lookup \
         --code S06.0X).\n"
    );
    let out = env.run(&["lookup", "cardiomyopathy"], "");
    assert!(
        out.stdout
            .contains("  hypertensive I10 [I43] (I43 not in the tabular)\n")
    );
    let none = env.run(&["lookup", "zzz"], "");
    assert_eq!(none.code, Some(1));
    assert!(
        none.stdout
            .starts_with("Nothing in the FY2026 Alphabetic Index holds all of \"zzz\".")
    );
}

#[test]
fn a_code_shows_its_tabular_entry_with_the_notes_above_it() {
    let env = installed(&index());
    let out = env.run(&["lookup", "--code", "e1122"], "");
    out.success();
    assert_eq!(
        out.stdout,
        "E11.22  Type 2 diabetes mellitus with diabetic chronic kidney disease\n\
         Billable in FY2026.\n\
         Under: E11.2 Type 2 diabetes mellitus with kidney complications < E11 Type 2 diabetes mellitus < \
         E08-E13 Diabetes mellitus (E08-E13) < 4 Endocrine, nutritional and metabolic diseases (E00-E89)\n  \
         Use additional code: code to identify stage of chronic kidney disease (N18.1-N18.6)\n\
         From E11:\n  \
         Use additional code: code to identify control using: insulin (Z79.4)\n"
    );
    let out = env.run(&["lookup", "--code", "E11.32-"], "");
    out.success();
    assert!(
        out.stdout
            .contains("A header in FY2026, not billable: code one of the codes below it.\n")
    );
    assert!(out.stdout.ends_with(
        "7th characters (X fills any empty place up to the 6th):\n  1  right eye\n  2  left eye\n  \
         3  bilateral\n  9  unspecified eye\n"
    ));
    let out = env.run(&["lookup", "--code", "E99.9"], "");
    out.failure();
    assert_eq!(
        out.stderr,
        "error: E99.9 is not in the FY2026 tabular; check the code, or look the condition up with \
         codedrill lookup WORDS\n"
    );
}

#[test]
fn json_answers_for_scripts() {
    let env = installed(&index());
    let out = env.run(&["lookup", "--json", "diabetes", "kidney"], "");
    out.success();
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["year"], 2026);
    let lines = &v["main_terms"][0]["lines"];
    assert_eq!(lines[3]["code"], "E11.22");
    assert_eq!(lines[3]["in_tabular"], true);
    assert_eq!(lines[4]["in_tabular"], false);
    assert_eq!(lines[0]["nemod"], "(mellitus) (sugar)");
    let out = env.run(&["lookup", "--json", "--code", "E11.22"], "");
    out.success();
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["billable"], true);
    assert_eq!(v["notes"][1]["on"], "E11");
    assert_eq!(v["notes"][1]["kind"], "use-additional-code");
}

#[test]
fn text_from_the_files_is_cleaned_and_a_missing_index_says_how_to_add_it() {
    let env =
        installed(&index().replace("<title>Obesity</title>", "<title>Obesity\u{1b}[2J</title>"));
    let out = env.run(&["lookup", "obesity"], "");
    out.success();
    assert!(!out.stdout.contains('\u{1b}'), "{:?}", out.stdout);
    let empty = Env::new();
    let out = empty.run(&["lookup", "obesity"], "");
    out.failure();
    assert!(
        out.stderr.starts_with(
            "error: no Alphabetic Index is installed; download the year's \"Code Tables"
        ),
        "{}",
        out.stderr
    );
}
