#![allow(clippy::unwrap_used)]

use super::*;
use crate::deck::System;

const TABULAR_2026: &str =
    include_str!("../../../../tests/fixtures/codeset/icd10cm-tabular-2026.xml");
const TABULAR_2027: &str =
    include_str!("../../../../tests/fixtures/codeset/icd10cm-tabular-2027.xml");
const INDEX_2026: &str = include_str!("../../../../tests/fixtures/codeset/icd10cm_index_2026.xml");
const ORDER_2026: &str = include_str!("../../../../tests/fixtures/codeset/icd10cm_order_2026.txt");

fn billable(set: &CodeSet) -> Vec<(String, String)> {
    set.billable()
        .map(|(c, d)| (c.to_owned(), d.to_owned()))
        .collect()
}

fn codes(set: &CodeSet) -> Vec<&str> {
    set.billable().map(|(c, _)| c).collect()
}

#[test]
fn the_tabular_gives_leaves_extended_by_their_seventh_characters() {
    let set = parse_tabular(TABULAR_2026).unwrap();
    assert_eq!(set.year, 2026);
    assert_eq!(
        codes(&set),
        [
            "E11.22", "E11.3291", "E11.3292", "E11.3293", "E11.3299", "E11.9", "E66.3", "E66.8",
            "E66.9", "I10", "S06.0X0A", "S06.0X0D", "S06.0X0S", "S06.0X7A", "S52.501A", "S52.501B",
            "W19.XXXA", "W19.XXXD", "W19.XXXS"
        ],
        "S06 with 6th character 7 takes only A, as its note says; W19 takes the placeholder X"
    );
    let node = |name: &str| set.nodes.iter().find(|n| n.name == name).unwrap();
    assert_eq!(
        node("S52.501B").description,
        "Unspecified fracture of the lower end of right radius, initial encounter for open fracture type I or II"
    );
    assert!(!node("E11.329").billable && !node("E11").billable);
    assert_eq!(node("E11.22").parent.as_deref(), Some("E11.2"));
    assert_eq!(node("E11").parent.as_deref(), Some("E08-E13"));
    assert_eq!(node("E08-E13").kind, NodeKind::Section);
    assert_eq!(node("4").kind, NodeKind::Chapter);
    assert_eq!(
        node("W19").parent.as_deref(),
        Some("W19-W19"),
        "a one-category section"
    );
    assert_eq!(node("I10").chapter, Some(9));
    let notes: Vec<(&str, NoteKind)> = set
        .notes
        .iter()
        .filter(|n| n.node == "I10")
        .map(|n| (n.text.as_str(), n.kind))
        .collect();
    assert_eq!(notes[0], ("high blood pressure", NoteKind::Includes));
    assert_eq!(notes[1].1, NoteKind::Excludes1);
    assert_eq!(notes[2].1, NoteKind::Excludes2);
    let b = set
        .sevenths
        .iter()
        .find(|s| s.node == "S52" && s.character == 'B')
        .unwrap();
    assert_eq!(b.also, "initial encounter for open fracture NOS");
    assert!(
        set.notes
            .iter()
            .any(|n| n.node == "E66.9" && n.kind == NoteKind::InclusionTerm)
    );
}

#[test]
fn the_order_file_agrees_with_the_tabular_of_its_year() {
    let order = parse_order(ORDER_2026, 2026).unwrap();
    let tabular = parse_tabular(TABULAR_2026).unwrap();
    assert_eq!(billable(&order), billable(&tabular));
    assert_eq!(
        order.nodes[2].short_description,
        "Type 2 diabetes mellitus with diabetic chronic kidney diseas"
    );
    assert_eq!(order.nodes[2].parent.as_deref(), Some("E11.2"));
    let merged = CodeSet::merge(order, tabular).unwrap();
    assert_eq!(merged.billable_count(), 19);
    assert!(
        merged
            .nodes
            .iter()
            .any(|n| n.name == "I10" && !n.short_description.is_empty())
    );
    // An order file of another release: E66.8 a header there.
    let other = ORDER_2026.replace("00013 E668    1", "00013 E668    0");
    let err = CodeSet::merge(
        parse_order(&other, 2026).unwrap(),
        parse_tabular(TABULAR_2026).unwrap(),
    );
    assert_eq!(
        err.unwrap_err().to_string(),
        "its order file and tabular for FY2026 disagree on 1 billable codes (for example E66.8), so they are \
         not from the same release"
    );
}

#[test]
fn a_broken_file_is_refused_with_what_is_wrong() {
    let cut = &TABULAR_2026[..TABULAR_2026.len() / 2];
    assert!(matches!(
        parse_tabular(cut),
        Err(CodesetError::Truncated { .. } | CodesetError::Damaged { .. })
    ));
    assert_eq!(
        parse_tabular(
            "<?xml version=\"1.0\"?><ICD10CM.index><version>2026</version></ICD10CM.index>"
        ),
        Err(CodesetError::NotTabular {
            root: "ICD10CM.index".into()
        })
    );
    let no_year = TABULAR_2026.replace("<version>2026</version>", "");
    assert_eq!(parse_tabular(&no_year), Err(CodesetError::NoYear));
    let missing = ORDER_2026.replace("00002 E112 ", "");
    let missing: String = missing
        .lines()
        .filter(|l| !l.contains("kidney complications"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(matches!(
        parse_order(&missing, 2026),
        Err(CodesetError::NotOrderLayout { line: 2, .. })
    ));
    assert_eq!(
        parse_order("00001 E11     7 Type 2 diabetes mellitus", 2026),
        Err(CodesetError::NotOrderLayout {
            line: 1,
            why: "column 15 is not 0 or 1"
        })
    );
}

#[test]
fn files_are_known_by_name_or_by_content() {
    assert_eq!(member_kind("icd10cm_order_2026.txt"), Some(FileKind::Order));
    assert_eq!(
        member_kind("Code Descriptions/icd10cm-order-April-1-2026.txt"),
        Some(FileKind::Order)
    );
    assert_eq!(
        member_kind("icd10cm-tabular-2026.xml"),
        Some(FileKind::Tabular)
    );
    assert_eq!(member_kind("icd10cm_order_addenda_2026.txt"), None);
    assert_eq!(member_kind("icd10cm-codes-2026.txt"), None);
    assert_eq!(member_kind("icd10cm-index-2026.xml"), Some(FileKind::Index));
    assert_eq!(
        member_kind("Table and Index/icd10cm_eindex_2026.xml"),
        Some(FileKind::Index)
    );
    assert_eq!(member_kind("icd10cm_neoplasm_2026.xml"), None);
    assert_eq!(member_kind("icd10cm_neoplasm_2026.xml"), None);
    assert_eq!(
        kind_of("renamed.xml", INDEX_2026.as_bytes()),
        FileKind::Index
    );
    assert_eq!(
        kind_of("renamed.xml", TABULAR_2026.as_bytes()),
        FileKind::Tabular
    );
    assert_eq!(
        kind_of("renamed.txt", ORDER_2026.as_bytes()),
        FileKind::Order
    );
    assert_eq!(kind_of("a.zip", b"PK\x03\x04rest"), FileKind::Zip);
    assert_eq!(kind_of("notes.txt", b"hello"), FileKind::Other);
    assert_eq!(year_in_name("icd10cm-order-April-1-2026.txt"), Some(2026));
    assert_eq!(year_in_name("x/2025/icd10cm_order_2026.txt"), Some(2026));
    assert_eq!(year_in_name("order.txt"), None);
}

#[test]
fn changes_between_two_years_are_new_deleted_and_revised() {
    let old = billable(&parse_tabular(TABULAR_2026).unwrap());
    let new = billable(&parse_tabular(TABULAR_2027).unwrap());
    let changes = Changes::between(&old, &new);
    let added: Vec<&str> = changes.added.iter().map(|(c, _)| c.as_str()).collect();
    let deleted: Vec<&str> = changes.deleted.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(added, ["E11.A", "E66.811", "E66.812", "E66.813", "E66.89"]);
    assert_eq!(deleted, ["E66.3", "E66.8"]);
    assert_eq!(changes.revised.len(), 1);
    assert_eq!(changes.revised[0].code, "I10");
    assert_eq!(
        replacements("E66.8", &new),
        ["E66.811", "E66.812", "E66.813", "E66.89"]
    );
    assert!(replacements("E66.3", &new).is_empty());
    assert!(Changes::between(&old, &old).is_empty());
}

#[test]
fn an_update_keeps_unchanged_cards_rewords_revised_ones_and_retires_deleted_ones() {
    let old = billable(&parse_tabular(TABULAR_2026).unwrap());
    let new = billable(&parse_tabular(TABULAR_2027).unwrap());
    let card = |id, system, code: &str, description: &str, official| CardRef {
        id,
        system,
        code: code.into(),
        description: description.into(),
        official,
    };
    let cards = [
        card(
            1,
            System::IcdCm,
            "E11.9",
            "Type 2 diabetes mellitus without complications",
            true,
        ),
        card(
            2,
            System::IcdCm,
            "I10",
            "Essential (primary) hypertension",
            true,
        ),
        card(3, System::IcdCm, "I10", "high blood pressure", false),
        card(4, System::IcdCm, "E66.8", "Other obesity", true),
        card(5, System::IcdCm, "E663", "Overweight", false),
        card(6, System::Case, "99213 E11.9 E66.8", "a case", true),
        card(7, System::Case, "99213 E11.9", "a case", true),
    ];
    let moves: HashMap<i64, Move> = plan(&cards, &old, &new, 2027).into_iter().collect();
    assert_eq!(moves[&1], Move::Unchanged);
    assert_eq!(
        moves[&2],
        Move::Revised {
            description: Some("Essential (primary) hypertension, a fixture revision".into()),
            previous: "Essential (primary) hypertension".into(),
            official: "Essential (primary) hypertension, a fixture revision".into(),
            tell: true,
        }
    );
    assert!(
        matches!(
            &moves[&3],
            Move::Revised {
                description: None,
                tell: true,
                ..
            }
        ),
        "own words kept"
    );
    assert_eq!(
        moves[&4],
        Move::Retired {
            note: "E66.8 is a header in FY2027; code one of E66.811, E66.812, E66.813, E66.89 instead.".into()
        }
    );
    assert_eq!(
        moves[&5],
        Move::Retired {
            note: "E663 is not a billable code in FY2027, and its tabular names no replacement."
                .into()
        }
    );
    assert!(
        matches!(&moves[&6], Move::Retired { note } if note.starts_with("E66.8 is a header in FY2027"))
    );
    assert_eq!(moves[&7], Move::Unchanged);
    assert_eq!(icd_codes_of("99213 E11.9, I10"), ["E11.9", "I10"]);
}

#[test]
fn codes_are_dotted_after_the_third_character() {
    assert_eq!(dotted("e119"), "E11.9");
    assert_eq!(dotted("I10"), "I10");
    assert_eq!(dotted("S52501A"), "S52.501A");
    assert_eq!(key(" e11.9 "), "E119");
}

/// A term as one line: its level, words, modifiers and what it points to.
fn shown(term: &Term) -> String {
    format!(
        "{}{}|{}|{}|{}|{}|{}",
        "  ".repeat(usize::from(term.level)),
        term.title,
        term.nemod,
        term.code,
        term.manif,
        term.see,
        term.see_also
    )
}

#[test]
fn the_index_is_read_in_the_books_order_with_its_nesting() {
    let index = parse_index(INDEX_2026).unwrap();
    assert_eq!(index.year, 2026);
    assert_eq!(index.main_terms(), 13);
    let lines: Vec<String> = index.terms.iter().take(9).map(shown).collect();
    assert_eq!(
        lines,
        [
            "Cardiomyopathy|(familial) (idiopathic)|I42.9|||",
            "  hypertensive||I10|I43||",
            "Concussion|(brain) (cerebral) (current)|S06.0X-|||",
            "  with|||||",
            "    loss of consciousness|||||",
            "      with death due to brain injury prior to regaining consciousness||S06.0X7|||",
            "      status unknown||S06.0X9|||",
            "  without loss of consciousness||S06.0X0|||",
            "Diabetes, diabetic|(mellitus) (sugar)|E11.9|||",
        ]
    );
    let parents: Vec<Option<usize>> = index.terms.iter().take(8).map(|t| t.parent).collect();
    assert_eq!(
        parents,
        [
            None,
            Some(0),
            None,
            Some(2),
            Some(3),
            Some(4),
            Some(4),
            Some(2)
        ]
    );
    let kidney = index.terms.iter().find(|t| t.title == "kidney").unwrap();
    assert_eq!(kidney.nemod, "(functional) (pelvis)");
    let disease = index
        .terms
        .iter()
        .find(|t| t.title.starts_with("Disease"))
        .unwrap();
    assert_eq!(disease.see_also, "Syndrome");
    assert!(is_incomplete("E11.329-") && !is_incomplete("E11.22"));
}

#[test]
fn index_codes_not_in_the_tabular_are_found_and_incomplete_ones_checked_by_prefix() {
    let index = parse_index(INDEX_2026).unwrap();
    let tabular: std::collections::HashSet<String> = parse_tabular(TABULAR_2026)
        .unwrap()
        .nodes
        .iter()
        .map(|n| key(&n.name))
        .collect();
    assert_eq!(
        index.missing_codes(&tabular),
        [
            "I42.9", "I43", "S06.0X9", "E11.29", "N28.9", "T14.8", "R52", "R10.9", "R10.30",
            "I25.10"
        ]
    );
    assert!(in_tabular("S06.0X-", &tabular) && in_tabular("E11.329-", &tabular));
}

#[test]
fn a_broken_or_foreign_index_is_refused() {
    let cut = &INDEX_2026[..INDEX_2026.len() / 2];
    assert!(matches!(
        parse_index(cut),
        Err(CodesetError::Truncated { what: "index" } | CodesetError::Damaged { .. })
    ));
    assert_eq!(
        parse_index(TABULAR_2026),
        Err(CodesetError::NotIndex {
            root: "ICD10CM.tabular".into()
        })
    );
    let no_year = INDEX_2026.replace("<version>2026</version>", "");
    assert_eq!(parse_index(&no_year), Err(CodesetError::NoYear));
    assert_eq!(
        parse_index("<ICD10CM.index><version>2026</version></ICD10CM.index>"),
        Err(CodesetError::NoTerms)
    );
}

/// An answer as titles, indented by level.
fn answer(index: &Index, query: &str) -> Vec<String> {
    search(index, query)
        .iter()
        .flat_map(|f| &f.lines)
        .map(|&at| {
            let t = &index.terms[at];
            format!("{}{}", "  ".repeat(usize::from(t.level)), t.title)
        })
        .collect()
}

#[test]
fn a_search_finds_subterms_under_their_main_term_in_any_order_case_or_number() {
    let index = parse_index(INDEX_2026).unwrap();
    let expected = [
        "Diabetes, diabetic",
        "  type 2",
        "    with",
        "      chronic kidney disease",
        "      kidney complications NEC",
    ];
    assert_eq!(answer(&index, "diabetes kidney"), expected);
    assert_eq!(answer(&index, "KIDNEYS Diabetes"), expected);
    assert!(answer(&index, "nothing like this").is_empty());
    assert!(answer(&index, " ,, ").is_empty());
}

#[test]
fn the_main_term_that_starts_with_the_words_comes_first() {
    let index = parse_index(INDEX_2026).unwrap();
    let mains: Vec<&str> = search(&index, "kidney")
        .iter()
        .map(|f| index.terms[f.main].title.as_str())
        .collect();
    assert_eq!(
        mains,
        [
            "Kidney",
            "Diabetes, diabetic",
            "Disease, diseased",
            "Hypertension, hypertensive"
        ]
    );
    // A main term found by its own words is shown whole.
    assert_eq!(search(&index, "obesity")[0].lines.len(), 2);
}

#[test]
fn the_full_text_tokens_find_every_term_a_search_keeps() {
    let index = parse_index(INDEX_2026).unwrap();
    let tokens = term_tokens(&index);
    // "arteries" is also indexed as "artery"; a main term's words are in every term under it.
    let stenosis = index
        .terms
        .iter()
        .position(|t| t.title == "coronary")
        .unwrap();
    assert_eq!(
        tokens[stenosis],
        "stenosis stenosi stenotic cicatricial arteries arterie arteri arteriis artery coronary"
    );
    for query in [
        "artery stenosis",
        "KIDNEYS diabetes",
        "pains",
        "Pain abdominal",
    ] {
        let fts = token_query(query).unwrap();
        let any = |wanted: &str, doc: &str| {
            wanted
                .trim_matches(['(', ')'])
                .split(" OR ")
                .any(|f| doc.split(' ').any(|w| w == f.trim_matches('"')))
        };
        let found = search(&index, query);
        assert!(!found.is_empty(), "{query}");
        // The last term shown under a main term is one that holds the words.
        for f in found {
            let last = *f.lines.last().unwrap();
            assert!(
                fts.split(" AND ").all(|part| any(part, &tokens[last])),
                "{query}"
            );
        }
    }
    assert_eq!(
        token_query("Arteries, kidney").unwrap(),
        "(\"arteries\" OR \"arterie\" OR \"arteri\" OR \"arteriis\" OR \"artery\") AND (\"kidney\")"
    );
    assert_eq!(token_query(" ,, "), None);
}
