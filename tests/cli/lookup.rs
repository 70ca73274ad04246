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

/// `codedrill lookup ARGS` compared whole with `tests/golden/lookup-NAME.*`.
#[track_caller]
fn golden(env: &Env, name: &str, args: &[&str], code: i32) {
    let mut full = vec!["lookup"];
    full.extend(args);
    crate::golden::golden_with_input(env, &format!("lookup-{name}"), &full, "", code);
}

#[test]
fn words_find_main_terms_with_subterms_under_them_in_any_order_case_or_number() {
    let env = installed(&index());
    golden(&env, "diabetes-kidney", &["diabetes", "kidney"], 0);
    golden(&env, "diabetes-kidney", &["KIDNEYS Diabetes"], 0);
    // The condition that starts with the word first, then those that start with another word typed,
    // then those that hold it in a subterm.
    golden(&env, "kidney", &["kidney"], 0);
    golden(&env, "concussion", &["concussion"], 0);
    // A plural typed finds a singular printed, and the reverse.
    golden(&env, "artery-stenosis", &["artery", "stenoses"], 0);
    golden(&env, "cardiomyopathy", &["cardiomyopathy"], 0);
    golden(&env, "none", &["zzz"], 1);
}

#[test]
fn an_index_added_before_its_words_were_indexed_is_indexed_by_the_upgrade() {
    let env = installed(&index());
    // The file as the version before the full-text index (migration 11) left it.
    rusqlite::Connection::open(env.db())
        .unwrap()
        .execute_batch(
            "DROP TRIGGER review_digest_insert; DROP TRIGGER review_digest_update; \
             DROP TRIGGER review_digest_delete; DROP TABLE review_digest; \
             DROP TABLE codeset_term_words; PRAGMA user_version = 10;",
        )
        .unwrap();
    let out = env.run(&["lookup", "KIDNEYS Diabetes"], "");
    out.success();
    let golden =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/lookup-diabetes-kidney.stdout");
    assert_eq!(out.stdout, std::fs::read_to_string(golden).unwrap());
    assert!(
        out.stderr.starts_with("note: your progress was updated"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_see_or_see_also_is_followed_by_its_number() {
    let env = installed(&index());
    golden(&env, "nephropathy", &["nephropathy"], 0);
    // "see also Disease, kidney": the main term "Disease, diseased", its subterm "kidney" and what is
    // under it.
    golden(&env, "follow-1", &["--follow", "1", "nephropathy"], 0);
    // Then the see found there: down to "chronic kidney disease" under "Diabetes, diabetic".
    golden(
        &env,
        "follow-1-2",
        &["--follow", "1", "--follow", "2", "nephropathy"],
        0,
    );
    // "see Pain, abdominal" from a main term of another letter.
    golden(
        &env,
        "follow-stomach",
        &["--follow", "1", "stomach", "ache"],
        0,
    );
    golden(&env, "follow-none", &["--follow", "5", "nephropathy"], 1);
    golden(
        &env,
        "follow-nothing",
        &["--follow", "1", "diabetes", "kidney"],
        1,
    );
    let out = env.run(
        &["lookup", "--json", "--follow", "1", "stomach", "ache"],
        "",
    );
    out.success();
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["followed"][0], "Pain, abdominal");
    assert_eq!(v["main_terms"][0]["lines"][1]["code"], "R10.9");
}

#[test]
fn the_external_cause_index_is_read_beside_the_index_and_followed_within_itself() {
    let env = installed(&index());
    let eindex = fixture("icd10cm_eindex_2026.xml");
    let out = env.run(&["codeset", "add", eindex.to_str().unwrap()], "");
    out.success();
    assert_eq!(
        out.stdout,
        format!(
            "Installed the ICD-10-CM FY2026 External Cause Index: 8 terms (2 main terms) from {}.\n\
             3 of its codes are not in the FY2026 tabular (for example W11): they are kept, and lookup \
             marks them.\n",
            eindex.display()
        )
    );
    golden(&env, "fall-ladder", &["falls", "ladder"], 0);
    // "Slipping - see Fall, same level, due to, slipping": the subterm "from, off, out of" holds commas,
    // "same level" does not; the reference is read in the External Cause Index.
    golden(&env, "follow-slipping", &["--follow", "1", "slipping"], 0);
    // The other index is still there, and adding it again leaves the External Cause Index alone.
    let again = fixture("icd10cm_index_2026.xml");
    env.run(&["codeset", "add", again.to_str().unwrap()], "")
        .success();
    golden(&env, "diabetes-kidney", &["diabetes", "kidney"], 0);
    golden(&env, "fall-ladder", &["falls", "ladder"], 0);
}

#[test]
fn a_narrow_terminal_wraps_each_term_under_its_own_indentation() {
    let mut env = installed(&index());
    env.env("COLUMNS", "44");
    golden(&env, "narrow", &["diabetes"], 0);
    golden(&env, "narrow-code", &["--code", "E11.22"], 0);
}

#[test]
fn a_code_shows_its_tabular_entry_with_the_notes_above_it() {
    let env = installed(&index());
    golden(&env, "code-e1122", &["--code", "e1122"], 0);
    golden(&env, "code-header", &["--code", "E11.32-"], 0);
    golden(&env, "code-missing", &["--code", "E99.9"], 1);
}

#[test]
fn json_answers_for_scripts_carry_a_schema_version() {
    let env = installed(&index());
    golden(&env, "json", &["--json", "diabetes", "kidney"], 0);
    golden(&env, "json-code", &["--json", "--code", "E11.32"], 0);
    let json = |args: &[&str]| -> serde_json::Value {
        let out = env.run(args, "");
        serde_json::from_str(&out.stdout).unwrap()
    };
    let answer = json(&["lookup", "--json", "--follow", "1", "nephropathy"]);
    assert_eq!(answer["schema_version"], 1);
    crate::report::snapshot("lookup.shape.json", &answer);
    let entry = json(&["lookup", "--json", "--code", "E11.32"]);
    assert_eq!(entry["schema_version"], 1);
    crate::report::snapshot("lookup-code.shape.json", &entry);
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

/// Opt-in: a real index, named by CODEDRILL_ICD10CM_INDEX (the FY2027 sample's
/// `icd10cm_index_2027_sample.xml`, or a whole year's `icd10cm_index_YYYY.xml`), installed with the
/// tabular beside it (`icd10cm_tabular_YYYY_sample.xml` or `icd10cm_tabular_YYYY.xml`).
#[test]
fn a_real_index_is_looked_up_and_followed() {
    let Some(index) = std::env::var_os("CODEDRILL_ICD10CM_INDEX").map(PathBuf::from) else {
        eprintln!(
            "skipped: set CODEDRILL_ICD10CM_INDEX to a real icd10cm_index_YYYY.xml (for example the \
             FY2027 sample's icd10cm_index_2027_sample.xml) to look it up"
        );
        return;
    };
    let name = index.file_name().unwrap().to_string_lossy().into_owned();
    let tabular = index.with_file_name(name.replace("index", "tabular"));
    let env = Env::new();
    let args = [
        "codeset",
        "add",
        tabular.to_str().unwrap(),
        index.to_str().unwrap(),
    ];
    let out = env.run(&args, "");
    out.success();
    assert!(out.stdout.contains(" Alphabetic Index: "), "{}", out.stdout);
    // Case, order and plurals forgiven; the main term that starts with the words first.
    let out = env.run(&["lookup", "papanicolaou", "ABNORMALITIES", "anus"], "");
    out.success();
    assert!(
        out.stdout.starts_with(
            "Abnormal, abnormality, abnormalities - see also Anomaly [1]\n  Papanicolaou (smear)\n    anus R85.619"
        ),
        "{}",
        out.stdout
    );
    // "Abdominalgia - see Pain, abdominal": in the sample (letter A only) that main term is missing,
    // which is said in one sentence.
    let out = env.run(&["lookup", "abdominalgia"], "");
    out.success();
    assert_eq!(
        out.stdout.lines().next(),
        Some("Abdominalgia - see Pain, abdominal [1]")
    );
    let out = env.run(&["lookup", "--follow", "1", "abdominalgia"], "");
    if name.contains("sample") {
        out.failure();
        assert!(
            out.stderr.contains("has no main term \"Pain, abdominal\""),
            "{}",
            out.stderr
        );
    } else {
        out.success();
        assert!(
            out.stdout.starts_with("See Pain, abdominal:\nPain(s)"),
            "{}",
            out.stdout
        );
    }
    // "female genital organs - see Abnormal, Papanicolaou (smear)" leads to that subterm, under it.
    let out = env.run(&["lookup", "abnormal", "cytology", "female", "genital"], "");
    out.success();
    let number = out
        .stdout
        .lines()
        .find(|l| l.contains("see Abnormal, Papanicolaou (smear) ["))
        .and_then(|l| l.rsplit('[').next())
        .map(|n| n.trim_end_matches(']').to_owned())
        .unwrap_or_else(|| panic!("{}", out.stdout));
    let args = [
        "lookup", "--follow", &number, "abnormal", "cytology", "female", "genital",
    ];
    let out = env.run(&args, "");
    out.success();
    assert!(
        out.stdout.starts_with(
            "See Abnormal, Papanicolaou (smear):\nAbnormal, abnormality, abnormalities - see also Anomaly [1]\n  Papanicolaou (smear)\n    anus R85.619"
        ),
        "{}",
        out.stdout
    );
}

/// Opt-in: `lookup --code` on the real FY2026 tabular in simple-icd-10-cm 1.5.0, named by
/// CODEDRILL_ICD10CM_TABULAR.
#[test]
fn a_real_tabular_entry_shows_its_notes_and_seventh_characters() {
    let Some(path) = crate::codeset::real_tabular("read real tabular entries") else {
        return;
    };
    let env = Env::new();
    env.run(&["codeset", "add", path.to_str().unwrap()], "")
        .success();
    let out = env.run(&["lookup", "--code", "E11.22"], "");
    out.success();
    assert!(
        out.stdout.starts_with(
            "E11.22  Type 2 diabetes mellitus with diabetic chronic kidney disease\nBillable in FY2026.\n"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("Use additional code: "),
        "{}",
        out.stdout
    );
    let out = env.run(&["lookup", "--code", "S06.0X"], "");
    out.success();
    assert!(
        out.stdout.contains("\n  A  initial encounter\n"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("Excludes"), "{}", out.stdout);
}
