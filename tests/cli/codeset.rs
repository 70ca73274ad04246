//! `codedrill codeset`: CMS's ICD-10-CM files read into the data folder (small fixtures written in the
//! official layouts, in `tests/fixtures/codeset/`), the changes between two years, and the move of the
//! cards to a newer year. An opt-in test reads the real FY2026 tabular.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::support::Env;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/codeset")
        .join(name)
}

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A zip as CMS ships one: the files in a folder, with the year's addenda beside them.
fn zip_of(dir: &Path, members: &[(&str, &Path)]) -> PathBuf {
    let path = dir.join("2026-code-descriptions-tabular-order.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, file) in members {
        zip.start_file(*name, options).unwrap();
        zip.write_all(&std::fs::read(file).unwrap()).unwrap();
    }
    zip.start_file("Code Descriptions/icd10cm_order_addenda_2026.txt", options)
        .unwrap();
    zip.write_all(b"Add:   00001 E11A    1 not read\n").unwrap();
    zip.finish().unwrap();
    path
}

/// What a command printed, with the fixtures' folder and the data folder written as `{fixtures}` and
/// `{data}`.
fn placed(env: &Env, text: &str) -> String {
    let fixtures = fixture("");
    text.replace(fixtures.to_str().unwrap(), "{fixtures}/")
        .replace("{fixtures}//", "{fixtures}/")
        .replace(&env.data().display().to_string(), "{data}")
}

fn installed_fixture_years(env: &Env) {
    let zip = zip_of(
        env.data(),
        &[
            (
                "Code Descriptions/icd10cm_order_2026.txt",
                &fixture("icd10cm_order_2026.txt"),
            ),
            (
                "icd10cm-tabular-2026.xml",
                &fixture("icd10cm-tabular-2026.xml"),
            ),
        ],
    );
    let out = env.run(&["codeset", "add", arg(&zip)], "");
    out.success();
    assert_eq!(
        placed(env, &out.stdout),
        "Installed ICD-10-CM FY2026: 19 billable codes (42 codes and headers, 12 notes) from \
         {data}/2026-code-descriptions-tabular-order.zip:Code Descriptions/icd10cm_order_2026.txt, \
         {data}/2026-code-descriptions-tabular-order.zip:icd10cm-tabular-2026.xml.\n"
    );
    let out = env.run(
        &["codeset", "add", arg(&fixture("icd10cm-tabular-2027.xml"))],
        "",
    );
    out.success();
    assert_eq!(
        placed(env, &out.stdout),
        "Installed ICD-10-CM FY2027: 22 billable codes (47 codes and headers, 12 notes) from \
         {fixtures}/icd10cm-tabular-2027.xml.\n\
         Your ICD-10-CM cards are on FY2026. Next: codedrill codeset changes 2026 2027, then codedrill \
         codeset update 2027.\n"
    );
}

#[test]
fn two_years_are_listed_and_compared() {
    let env = Env::new();
    installed_fixture_years(&env);
    let out = env.run(&["codeset"], "");
    out.success();
    assert_eq!(
        placed(&env, &out.stdout),
        "year      billable     nodes    notes  added       from\n\
         FY2027          22        47       12  2026-11-23  {fixtures}/icd10cm-tabular-2027.xml\n\
         FY2026          19        42       12  2026-11-23  {data}/2026-code-descriptions-tabular-order.zip:Code \
         Descriptions/icd10cm_order_2026.txt, {data}/2026-code-descriptions-tabular-order.zip:icd10cm-tabular-2026.xml\n\
         Your ICD-10-CM cards are on FY2026 (the year of the built-in decks).\n\
         Next: codedrill codeset changes 2026 2027, then codedrill codeset update 2027.\n"
    );
    let out = env.run(&["codeset", "changes", "2026", "FY2027"], "");
    out.success();
    assert_eq!(
        out.stdout,
        "ICD-10-CM FY2026 -> FY2027: 5 new, 2 deleted, 1 revised billable codes (19 -> 22).\n\
         In your decks: 3 cards with a new code, 1 card with a deleted code, 2 cards with a revised code.\n\
         \n\
         New in FY2027 (5):\n  \
         E11.A     Type 2 diabetes mellitus without complications in remission\n  \
         E66.811   Obesity, class 1\n  \
         E66.812   Obesity, class 2\n  \
         E66.813   Obesity, class 3\n  \
         E66.89    Other obesity not elsewhere classified\n\
         \n\
         Deleted in FY2027 (2):\n  \
         E66.3     Overweight\n            \
         no replacement named in the FY2027 tabular\n  \
         E66.8     Other obesity\n            \
         now a header: E66.811, E66.812, E66.813, E66.89\n\
         \n\
         Revised in FY2027 (1):\n  \
         I10       Essential (primary) hypertension, a fixture revision\n            \
         was: Essential (primary) hypertension\n"
    );
}

#[test]
fn an_update_keeps_progress_rewords_revised_cards_and_retires_deleted_ones() {
    let env = Env::new();
    installed_fixture_years(&env);
    let i10 = "SELECT id FROM card WHERE code = 'I10' AND note_id IS NULL \
               AND deck_id = (SELECT id FROM deck WHERE name = 'icd10cm-common')";
    let id: i64 = env.sql(i10);
    let db = rusqlite::Connection::open(env.db()).unwrap();
    db.execute(
        "UPDATE card SET state = 2, reps = 4, due = 20510 WHERE id = ?1",
        [id],
    )
    .unwrap();
    drop(db);
    let out = env.run(&["codeset", "update", "2027"], "");
    out.success();
    assert!(out.stdout.starts_with(
        "Moved your ICD-10-CM cards from FY2026 to FY2027: 11 unchanged, 1 revised (each says so at its \
         next review), 533 retired (their history is kept).\n"
    ));
    assert!(out.stdout.contains(
        "  retired E66.3 (icd10cm-common): E66.3 is not a billable code in FY2027, and its tabular names \
         no replacement.\n"
    ));
    assert!(out.stdout.contains(
        "Deck icd10cm-new-fy2027: 5 cards. Drill it with: codedrill drill --deck icd10cm-new-fy2027\n"
    ));
    let card = env.rows(&format!(
        "SELECT description, version, reps, due, active FROM card WHERE id = {id}"
    ));
    assert_eq!(
        card[0],
        [
            "Essential (primary) hypertension, a fixture revision",
            "FY2027",
            "4",
            "20510",
            "1"
        ],
        "the revised card keeps its progress"
    );
    let e663 = env.rows(
        "SELECT active, note FROM card WHERE code = 'E66.3' AND note_id IS NULL \
         AND deck_id = (SELECT id FROM deck WHERE name = 'icd10cm-common')",
    );
    assert_eq!(e663[0][0], "0");
    assert!(e663[0][1].ends_with(
        "E66.3 is not a billable code in FY2027, and its tabular names no replacement."
    ));
    let new: Vec<Vec<String>> = env.rows(
        "SELECT code, category, tags FROM card WHERE deck_id = (SELECT id FROM deck WHERE name = \
         'icd10cm-new-fy2027') ORDER BY position",
    );
    assert_eq!(new.len(), 5);
    assert_eq!(
        new[0],
        [
            "E11.A",
            "Endocrine, nutritional and metabolic diseases (E00-E89)",
            "new-fy2027 ch04"
        ]
    );
    the_revised_card_says_so_once(&env, id);
}

/// At its next review the revised card says so, once; the year cannot be moved to twice.
fn the_revised_card_says_so_once(env: &Env, id: i64) {
    let out = env.run(
        &["cram", "--deck", "icd10cm-common", "--tag", "hypertension"],
        "I10\n\n",
    );
    assert!(
        out.stdout.contains(
            "revised in FY2027: the official description was 'Essential (primary) hypertension'"
        ),
        "{}",
        out.stdout
    );
    let shown: Option<i64> = env.sql(&format!(
        "SELECT shown_at FROM card_revision WHERE card_id = {id}"
    ));
    assert!(shown.is_some());
    let again = env.run(&["codeset", "update", "2027"], "");
    again.failure();
    assert_eq!(
        again.stderr,
        "error: your ICD-10-CM cards are already on FY2027; add --full for a deck of every billable code of \
         that year\n"
    );
    let full = env.run(&["codeset", "update", "2027", "--full"], "");
    full.success();
    assert!(full.stdout.contains("Deck icd10cm-fy2027: 22 cards."));
}

/// Runs `codeset add` on a file holding `content`, expecting one line of refusal and nothing installed.
#[track_caller]
fn refused(env: &Env, name: &str, content: &[u8], args: &[&str]) -> String {
    let path = env.data().join(name);
    std::fs::write(&path, content).unwrap();
    let mut all = vec!["codeset", "add", arg(&path)];
    all.extend_from_slice(args);
    let out = env.run(&all, "");
    out.failure();
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    let listed = env.run(&["codeset"], "");
    assert!(
        listed
            .stdout
            .starts_with("No ICD-10-CM code set is installed")
    );
    placed(env, &out.stderr)
}

#[test]
fn broken_foreign_or_older_files_are_refused_and_nothing_is_installed() {
    let env = Env::new();
    let tabular = std::fs::read(fixture("icd10cm-tabular-2026.xml")).unwrap();
    let cut = refused(
        &env,
        "icd10cm_tabular_2026.xml",
        &tabular[..tabular.len() * 2 / 3],
        &[],
    );
    assert!(
        cut.starts_with("error: {data}/icd10cm_tabular_2026.xml: it ")
            && cut.ends_with("; download it again; nothing was installed\n"),
        "{cut}"
    );
    let foreign = refused(
        &env,
        "icd10cm_tabular_2026.xml",
        b"<?xml version=\"1.0\"?>\n<ICD10CM.index><version>2026</version></ICD10CM.index>\n",
        &[],
    );
    assert_eq!(
        foreign,
        "error: {data}/icd10cm_tabular_2026.xml: it is XML, but not an ICD-10-CM tabular (it starts with \
         <ICD10CM.index>, not <ICD10CM.tabular>); nothing was installed\n"
    );
    let other = refused(&env, "notes.txt", b"some notes\n", &[]);
    assert!(
        other.starts_with("error: {data}/notes.txt is not an ICD-10-CM order file"),
        "{other}"
    );
    let order = std::fs::read_to_string(fixture("icd10cm_order_2026.txt")).unwrap();
    let unnamed = refused(&env, "order.txt", order.as_bytes(), &[]);
    assert!(
        unnamed.starts_with("error: cannot tell which year {data}/order.txt is"),
        "{unnamed}"
    );
    let zip = zip_of(
        env.data(),
        &[("readme.txt", &fixture("icd10cm_order_2026.txt"))],
    );
    let out = env.run(&["codeset", "add", arg(&zip)], "");
    out.failure();
    assert!(placed(&env, &out.stderr).starts_with(
        "error: {data}/2026-code-descriptions-tabular-order.zip holds no ICD-10-CM order file, tabular or index \
         XML"
    ));
    // An older year than one installed needs --force.
    env.run(
        &["codeset", "add", arg(&fixture("icd10cm-tabular-2027.xml"))],
        "",
    )
    .success();
    let older = env.run(
        &["codeset", "add", arg(&fixture("icd10cm-tabular-2026.xml"))],
        "",
    );
    older.failure();
    assert_eq!(
        older.stderr,
        "error: FY2026 is older than FY2027, which is installed; add --force to install it anyway; nothing \
         was installed\n"
    );
    let update = env.run(&["codeset", "update", "2027"], "");
    update.failure();
    assert!(
        update
            .stderr
            .starts_with("error: to tell what changed, codedrill needs FY2026 too")
    );
    env.run(
        &[
            "codeset",
            "add",
            "--force",
            arg(&fixture("icd10cm-tabular-2026.xml")),
        ],
        "",
    )
    .success();
}

#[test]
fn an_index_installs_only_beside_a_tabular_of_its_year() {
    let env = Env::new();
    let index = std::fs::read(fixture("icd10cm_index_2026.xml")).unwrap();
    let alone = refused(&env, "icd10cm_index_2026.xml", &index, &[]);
    assert_eq!(
        alone,
        "error: {data}/icd10cm_index_2026.xml is the FY2026 index, but no FY2026 tabular is installed: add \
         the index with its year's tabular (codedrill codeset add icd10cm_tabular_2026.xml \
         {data}/icd10cm_index_2026.xml); nothing was installed\n"
    );
    let cut = refused(
        &env,
        "icd10cm_index_2026.xml",
        &index[..index.len() * 2 / 3],
        &[],
    );
    assert!(
        cut.starts_with("error: {data}/icd10cm_index_2026.xml: it ")
            && cut.ends_with("; download it again; nothing was installed\n"),
        "{cut}"
    );
    let foreign = refused(
        &env,
        "icd10cm_index_2026.xml",
        b"<?xml version=\"1.0\"?>\n<ICD10CM.tabular><version>2026</version></ICD10CM.tabular>\n",
        &[],
    );
    assert_eq!(
        foreign,
        "error: {data}/icd10cm_index_2026.xml: it is XML, but not an ICD-10-CM Alphabetic Index (it starts \
         with <ICD10CM.tabular>, not <ICD10CM.index>); nothing was installed\n"
    );
    // Another year's tabular is no tabular for this index: the whole command is refused.
    let path = env.data().join("icd10cm_index_2026.xml");
    std::fs::write(&path, &index).unwrap();
    let other_year = env.run(
        &[
            "codeset",
            "add",
            arg(&fixture("icd10cm-tabular-2027.xml")),
            arg(&path),
        ],
        "",
    );
    other_year.failure();
    assert!(
        other_year
            .stderr
            .contains("is the FY2026 index, but no FY2026 tabular is installed"),
        "{}",
        other_year.stderr
    );
    assert_eq!(env.sql::<i64>("SELECT count(*) FROM codeset"), 0);
    assert_eq!(env.sql::<i64>("SELECT count(*) FROM codeset_term"), 0);
    assert_eq!(env.sql::<i64>("SELECT count(*) FROM codeset_index"), 0);
}

#[test]
fn an_index_is_stored_with_its_tabular_and_kept_when_the_tabular_is_added_again() {
    let env = Env::new();
    let zip = zip_of(
        env.data(),
        &[
            (
                "icd10cm-tabular-2026.xml",
                &fixture("icd10cm-tabular-2026.xml"),
            ),
            ("icd10cm_index_2026.xml", &fixture("icd10cm_index_2026.xml")),
            (
                "icd10cm_eindex_2026.xml",
                &fixture("icd10cm_eindex_2026.xml"),
            ),
            (
                "icd10cm_neoplasm_2026.xml",
                &fixture("icd10cm_index_2026.xml"),
            ),
        ],
    );
    let out = env.run(&["codeset", "add", arg(&zip)], "");
    out.success();
    assert_eq!(
        placed(&env, &out.stdout),
        "Installed ICD-10-CM FY2026: 19 billable codes (42 codes and headers, 12 notes) from \
         {data}/2026-code-descriptions-tabular-order.zip:icd10cm-tabular-2026.xml.\n\
         Installed the ICD-10-CM FY2026 Alphabetic Index: 39 terms (13 main terms) from \
         {data}/2026-code-descriptions-tabular-order.zip:icd10cm_index_2026.xml.\n\
         10 of its codes are not in the FY2026 tabular (for example I42.9): they are kept, and lookup marks \
         them.\n\
         Installed the ICD-10-CM FY2026 External Cause Index: 8 terms (2 main terms) from \
         {data}/2026-code-descriptions-tabular-order.zip:icd10cm_eindex_2026.xml.\n\
         3 of its codes are not in the FY2026 tabular (for example W11): they are kept, and lookup marks \
         them.\n"
    );
    let stored = "SELECT group_concat(level || ':' || title || ':' || code, '|') FROM \
                  (SELECT * FROM codeset_term WHERE year = 2026 ORDER BY position LIMIT 4)";
    assert_eq!(
        env.sql::<String>(stored),
        "0:Cardiomyopathy:I42.9|1:hypertensive:I10|0:Concussion:S06.0X-|1:with:"
    );
    env.run(
        &["codeset", "add", arg(&fixture("icd10cm-tabular-2026.xml"))],
        "",
    )
    .success();
    let listed = env.run(&["codeset"], "");
    listed.success();
    assert!(
        listed.stdout.contains(
            "\nFY2026 Alphabetic Index: 39 terms, and its External Cause Index: 8 terms (codedrill lookup \
             WORDS searches both).\n"
        ),
        "{}",
        listed.stdout
    );
}

/// The real FY2026 tabular that simple-icd-10-cm 1.5.0 ships, named by CODEDRILL_ICD10CM_TABULAR
/// (`.../simple_icd_10_cm/data/icd10c-tabular-April-1-2026.xml`), for opt-in tests; without it they say
/// "skipped" and what they would have done.
pub fn real_tabular(to: &str) -> Option<std::ffi::OsString> {
    let path = std::env::var_os("CODEDRILL_ICD10CM_TABULAR");
    if path.is_none() {
        eprintln!(
            "skipped: set CODEDRILL_ICD10CM_TABULAR to simple-icd-10-cm 1.5.0's \
             icd10c-tabular-April-1-2026.xml to {to}"
        );
    }
    path
}

/// Opt-in: the real FY2026 tabular installs whole.
#[test]
fn the_real_fy2026_tabular_installs_whole() {
    let Some(path) = real_tabular("read the real FY2026 tabular") else {
        return;
    };
    let env = Env::new();
    let out = env.run(&["codeset", "add", path.to_str().unwrap()], "");
    out.success();
    assert!(
        out.stdout.starts_with(
            "Installed ICD-10-CM FY2026: 74,719 billable codes (98,505 codes and headers, 25,162 notes)"
        ),
        "{}",
        out.stdout
    );
    // Every built-in ICD-10-CM card is billable there, with the very description it has.
    let differ: i64 = env.sql(
        "SELECT count(*) FROM card c JOIN deck d ON d.id = c.deck_id
         LEFT JOIN codeset_node n ON n.year = 2026 AND n.name = c.code AND n.billable
         WHERE d.name = 'icd10cm-common' AND (n.description IS NULL OR n.description != c.description)",
    );
    assert_eq!(differ, 0);
    let s06: i64 = env.sql("SELECT count(*) FROM codeset_node WHERE name = 'S06.0X7D'");
    assert_eq!(
        s06, 0,
        "7th character D does not apply to S06 with 6th character 7"
    );
}
