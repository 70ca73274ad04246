//! A lookup drill in process: the fixture index and tabular installed in an in-memory store, `/words` and
//! `=CODE` typed at the prompt, the answer judged and its lookups kept on its review row.

use chrono::Duration;

use codedrill_core::answer::Mode;
use codedrill_core::codeset::{parse_index, parse_tabular};
use codedrill_core::deck::{CardContent, Role, System};
use codedrill_core::import::OnDuplicate;

use super::{Ending, at, options, rows, run, run_ticking};
use crate::store::{ImportDeck, Store, SyncMode};

const TABULAR: &str = include_str!("../../../tests/fixtures/codeset/icd10cm-tabular-2026.xml");
const INDEX: &str = include_str!("../../../tests/fixtures/codeset/icd10cm_index_2026.xml");

/// Which of the FY2026 books a test store has.
#[derive(Clone, Copy, PartialEq)]
enum Books {
    None,
    Tabular,
    Both,
}

/// A store with an ICD-10-CM card and a CPT-style card, and the FY2026 `books`.
fn store_with(books: Books) -> Store {
    let mut store = Store::in_memory().unwrap();
    let deck = ImportDeck {
        name: "coding".into(),
        role: Role::Coding,
        source_path: String::new(),
        cards: vec![
            CardContent::new(
                "E11.22",
                "Type 2 diabetes mellitus with diabetic chronic kidney disease",
                System::IcdCm,
            ),
            CardContent::new(
                "99213",
                "Office visit, established patient, low complexity",
                System::CptStyle,
            ),
        ],
    };
    let mode = SyncMode::Merge(OnDuplicate::Update);
    store
        .import_decks(&[deck], mode, false, at(), &mut |_| {})
        .unwrap();
    if books != Books::None {
        let sets = [(parse_tabular(TABULAR).unwrap(), "tabular".to_owned())];
        let indexes = match books {
            Books::Both => vec![(parse_index(INDEX).unwrap(), "index".to_owned())],
            _ => Vec::new(),
        };
        store.install_codesets(&sets, &indexes, at()).unwrap();
    }
    store
}

/// The answers saved: code, answer, rating, mode, answer time, lookups, coding time.
fn answers(store: &Store) -> Vec<String> {
    rows(
        store,
        "SELECT c.code, r.answer, r.rating, r.mode, r.duration_ms, r.lookups, r.coding_ms \
         FROM review r JOIN card c ON c.id = r.card_id ORDER BY r.id",
    )
}

#[test]
fn lookups_show_the_index_and_the_tabular_and_are_kept_with_the_answer() {
    let mut store = store_with(Books::Both);
    let options = options(&store, Mode::Lookup);
    // Each clock reading 90 seconds after the last: the answer's time for the scheduler stops at a
    // minute, the coding time does not.
    let input = "/diabetes kidney\n=e1122\n/\n=Z99.9\nE11.22\n\n/office visit\n99213\n\n:q\n";
    let session = run_ticking(&mut store, &options, input, at(), Duration::seconds(90));
    let out = &session.out;
    for shown in [
        "  code › /diabetes kidney\n  Diabetes, diabetic (mellitus) (sugar) E11.9\n    type 2 E11.9\n      \
         with\n        chronic kidney disease E11.22\n",
        "  code › =e1122\n  E11.22  Type 2 diabetes mellitus with diabetic chronic kidney disease\n  \
         Billable in FY2026.\n",
        "  code › /\n  Type words after / to search the index (/diabetes kidney), or a code after = to read \
         the tabular (=E11.22); then type the code.\n",
        "  code › =Z99.9\n  Z99.9 is not in the FY2026 tabular; check the code, or look the condition up \
         with codedrill lookup WORDS.\n  code › E11.22\n  ✓ right: E11.22\n",
        "  code › /office visit\n  This card is answered from memory: the index and the tabular are for \
         the code side of ICD-10-CM cards and coding cases.\n  code › 99213\n  ✓ right: 99213\n",
    ] {
        assert!(out.contains(shown), "{shown}\nnot in:\n{out}");
    }
    assert!(out.contains(
        "Lookup drill: before typing the code, /words searches the FY2026 Alphabetic Index and =CODE reads \
         the FY2026 Tabular List"
    ));
    assert_eq!(session.ending, Ending::Quit);
    // Three lookups (`/` alone is not one), a CPT-style card typed from memory.
    assert_eq!(
        answers(&store),
        [
            "E11.22 | E11.22 | 3 | lookup | 60000 | 3 | 90000",
            "99213 | 99213 | 3 | type | 60000 | 0 | -",
        ]
    );
}

#[test]
fn a_see_in_the_drill_is_followed_by_searching_its_words() {
    let mut store = store_with(Books::Both);
    let options = options(&store, Mode::Lookup);
    let input = "/nephropathy\n/Diabetes, type 2, with, chronic kidney disease\nE11.22\n\n:q\n";
    let session = run(&mut store, &options, input);
    for shown in [
        "  code › /nephropathy\n  Nephropathy N28.9 (not in the tabular) - see also Disease, kidney [1]\n    \
         diabetic - see Diabetes, type 2, with, chronic kidney disease [2]\n\n  To follow a see or see \
         also, search its words: /Disease, kidney\n",
        "  code › /Diabetes, type 2, with, chronic kidney disease\n  Diabetes, diabetic (mellitus) (sugar) \
         E11.9\n    type 2 E11.9\n      with\n        chronic kidney disease E11.22\n",
    ] {
        assert!(
            session.out.contains(shown),
            "{shown}\nnot in:\n{}",
            session.out
        );
    }
}

#[test]
fn an_undo_takes_back_an_answer_with_its_lookups_and_quit_keeps_nothing_unanswered() {
    let mut store = store_with(Books::Both);
    let options = options(&store, Mode::Lookup);
    let session = run(&mut store, &options, "/diabetes\nE11.9\n:u\n=E11.22\n:q\n");
    assert!(
        session.out.contains("  ✗ the code is E11.22"),
        "{}",
        session.out
    );
    assert_eq!(session.ending, Ending::Quit);
    assert_eq!(
        rows(
            &store,
            "SELECT r.answer, r.mode, r.lookups, v.reason FROM review r \
             LEFT JOIN review_void v ON v.review_id = r.id ORDER BY r.id"
        ),
        ["E11.9 | lookup | 1 | undone"],
        "the lookups after the undo and before :q made no answer"
    );
}

#[test]
fn without_the_books_a_lookup_drill_says_how_to_install_them_and_asks_from_memory() {
    let mut store = store_with(Books::None);
    let options = options(&store, Mode::Lookup);
    let session = run(&mut store, &options, "/diabetes\nE11.22\n\n:q\n");
    let nothing = "No ICD-10-CM Alphabetic Index or tabular is installed, so there is nothing to look codes up \
                   in: the cards are asked as in a typed drill and count as answered from memory. To install \
                   them, download the year's \"Code Tables, Tabular and Index\" zip from CMS and run codedrill \
                   codeset add FILE";
    assert_eq!(
        session.out.matches(nothing).count(),
        2,
        "at the start, and at /diabetes:\n{}",
        session.out
    );
    assert_eq!(
        answers(&store),
        ["E11.22 | E11.22 | 3 | type | 5000 | 0 | -"]
    );
}

#[test]
fn with_the_tabular_alone_the_index_is_missed_plainly_and_the_tabular_still_opens() {
    let mut store = store_with(Books::Tabular);
    let options = options(&store, Mode::Lookup);
    let session = run(&mut store, &options, "/diabetes\n=E11.22\nE11.22\n\n:q\n");
    let out = &session.out;
    assert!(
        out.contains(
            "Lookup drill: =CODE reads the FY2026 Tabular List (for the code side of ICD-10-CM cards and \
             coding cases; other cards are answered from memory as usual), but no Alphabetic Index is \
             installed, so /words has nothing to search; to add it, download the year's"
        ),
        "{out}"
    );
    assert!(
        out.contains("  code › /diabetes\n  No Alphabetic Index is installed; download the year's"),
        "{out}"
    );
    assert!(
        out.contains("  code › =E11.22\n  E11.22  Type 2 diabetes"),
        "{out}"
    );
    // Both were asked for with the books at hand, so both count.
    assert_eq!(
        answers(&store),
        ["E11.22 | E11.22 | 3 | lookup | 5000 | 2 | 5000"]
    );
}
