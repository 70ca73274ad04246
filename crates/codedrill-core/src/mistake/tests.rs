use super::*;
use crate::deck::{CardContent, parse_deck};

/// The built-in decks that hold codes, so the tests use the descriptions a learner sees.
const DECKS: [&str; 4] = [
    include_str!("../../../../decks/modifiers.csv"),
    include_str!("../../../../decks/hcpcs.csv"),
    include_str!("../../../../decks/cpt-style.csv"),
    include_str!("../../../../decks/icd10cm-common.csv"),
];

fn builtin(code: &str, system: System) -> CardContent {
    DECKS
        .iter()
        .flat_map(|csv| parse_deck(csv).unwrap_or_default())
        .find(|c| c.code == code && c.system == system)
        .unwrap_or_else(|| panic!("no built-in {system:?} card {code}"))
}

/// `typed` given for `right`, both real cards of the built-in decks, in a deck of `system` (the cards'
/// own, or `System::Code` for an imported deck that names none).
fn real(system: System, own: System, typed: &str, right: &str) -> Mistake {
    let (t, r) = (builtin(typed, own), builtin(right, own));
    classify_code(
        system,
        &t.code,
        &r.code,
        Some(&t.description),
        &r.description,
    )
}

fn icd(typed: &str, right: &str) -> Mistake {
    classify_code(System::IcdCm, typed, right, None, "")
}

fn cpt(typed: &str, right: &str) -> Mistake {
    classify_code(System::CptStyle, typed, right, None, "")
}

fn category(typed: &str, right: &str) -> Mistake {
    Mistake::Category {
        typed: typed.into(),
        right: right.into(),
    }
}

#[test]
fn a_real_code_given_for_another_is_a_knowledge_error_in_every_system() {
    let left_for_right = Mistake::Laterality {
        typed_side: Some("left side"),
        right_side: Some("right side"),
    };
    let cases = [
        (System::Modifier, "24", "22", Mistake::WrongCode),
        (System::Modifier, "53", "52", Mistake::WrongCode),
        (System::Modifier, "XE", "XU", Mistake::WrongCode),
        (System::Modifier, "52", "25", Mistake::WrongCode),
        (System::Hcpcs, "A4259", "A4253", Mistake::WrongCode),
        (
            System::CptStyle,
            "99214",
            "99213",
            Mistake::EmLevel { off: 1 },
        ),
        (System::IcdCm, "D50.9", "D51.9", category("D50", "D51")),
        (System::IcdCm, "L03.116", "L03.115", left_for_right.clone()),
    ];
    for (system, typed, right, expected) in cases {
        let seen = real(system, system, typed, right);
        assert_eq!(seen, expected, "{typed} for {right}");
        assert_eq!(seen.kind(), MissKind::Knowledge, "{typed} for {right}");
        let said = seen.explain().unwrap_or_default();
        for slip_words in ["one character", "swapped", "missing", "extra", "slip"] {
            assert!(!said.contains(slip_words), "{typed} for {right}: {said}");
        }
    }
}

#[test]
fn a_deck_without_a_system_is_classified_by_the_shape_of_its_codes() {
    assert_eq!(
        real(System::Code, System::IcdCm, "L03.116", "L03.115"),
        real(System::IcdCm, System::IcdCm, "L03.116", "L03.115"),
        "the same mistake reads the same in an imported deck"
    );
    assert_eq!(
        real(System::Code, System::CptStyle, "99214", "99213"),
        Mistake::EmLevel { off: 1 }
    );
    assert_eq!(
        classify_code(System::Code, "S52.501D", "S52.501A", None, ""),
        Mistake::SeventhCharacter {
            typed: 'D',
            right: 'A'
        }
    );
    assert_eq!(
        real(System::Code, System::Modifier, "24", "22"),
        Mistake::WrongCode
    );
    let shapes = [
        ("L03.115", System::IcdCm),
        ("J45909", System::IcdCm),
        ("O9A.2", System::IcdCm),
        ("99213", System::CptStyle),
        ("0042T", System::CptStyle),
        ("A4253", System::Hcpcs),
        ("25", System::Modifier),
        ("-XU", System::Modifier),
        ("CMS-1500", System::Code),
    ];
    for (code, system) in shapes {
        assert_eq!(system_by_shape(code), system, "{code}");
    }
}

#[test]
fn an_icd_code_of_another_category_is_a_knowledge_error_even_when_no_deck_has_it() {
    assert_eq!(icd("D50.9", "D51.9"), category("D50", "D51"));
    assert_eq!(icd("I01", "I10"), category("I01", "I10"));
    assert_eq!(
        icd("I10", "E11.9"),
        Mistake::Chapter {
            typed: "chapter 9, circulatory system",
            right: "chapter 4, endocrine and metabolic diseases"
        }
    );
    // A real code of the same category is the wrong detail, not one character wrong.
    assert_eq!(
        classify_code(
            System::IcdCm,
            "E11.8",
            "E11.9",
            Some("Type 2 diabetes mellitus with unspecified complications"),
            "Type 2 diabetes mellitus without complications"
        ),
        Mistake::Specificity {
            category: "E11".into()
        }
    );
    assert_eq!(
        classify_code(
            System::IcdCm,
            "H61.23",
            "H61.21",
            Some("Impacted cerumen, bilateral"),
            "Impacted cerumen, right ear"
        ),
        Mistake::Laterality {
            typed_side: Some("both sides"),
            right_side: Some("right side")
        }
    );
}

#[test]
fn a_string_that_is_no_code_one_slip_from_the_answer_is_a_slip() {
    // No HCPCS Level II code starts with W: the twin and jump below are certainly no codes.
    let slips = [
        (
            icd("I1O", "I10"),
            Mistake::OneWrong {
                typed: 'O',
                right: '0',
            },
        ),
        (icd("E11.99", "E11.9"), Mistake::Extra { typed: '9' }),
        (icd("J45.99", "J45.909"), Mistake::Missing { right: '0' }),
        (
            cpt("99231", "99213"),
            Mistake::Transposition {
                first: '1',
                second: '3',
            },
        ),
        (cpt("9913", "99213"), Mistake::Missing { right: '2' }),
        (
            classify_code(System::Modifier, "UX", "XU", None, ""),
            Mistake::Transposition {
                first: 'X',
                second: 'U',
            },
        ),
        (
            classify_code(System::Hcpcs, "W2200", "W1100", None, ""),
            Mistake::Twin {
                typed: '2',
                right: '1',
            },
        ),
        (
            classify_code(System::Hcpcs, "W4352", "W4253", None, ""),
            Mistake::Jump {
                first: '2',
                second: '3',
            },
        ),
        (
            classify_code(System::Code, "L03.1155", "L03.115", None, ""),
            Mistake::Extra { typed: '5' },
        ),
    ];
    for (seen, expected) in slips {
        assert_eq!(seen, expected);
        assert_eq!(seen.kind(), MissKind::Slip, "{seen:?}");
    }
    assert_eq!(
        icd("1I0", "I10").explain().as_deref(),
        Some("you swapped I and 1")
    );
    assert_eq!(icd("", "I10"), Mistake::NoAnswer);
    assert_eq!(icd("", "I10").kind(), MissKind::Blank);
}

#[test]
fn the_rules_of_icd_codes_are_knowledge_whatever_was_typed() {
    let rules = [
        (icd("J4590", "J45.909"), Mistake::Header),
        (icd("N18.3", "N18.31"), Mistake::Header),
        (icd("E11", "E11.9"), Mistake::Header),
        (icd("T36.01A", "T36.0X1A"), Mistake::Placeholder),
        (icd("W19A", "W19.XXXA"), Mistake::Placeholder),
        (
            icd("S52.501D", "S52.501A"),
            Mistake::SeventhCharacter {
                typed: 'D',
                right: 'A',
            },
        ),
        (
            icd("E11.65", "E11.9"),
            Mistake::Specificity {
                category: "E11".into(),
            },
        ),
    ];
    for (seen, expected) in rules {
        assert_eq!(seen, expected);
        assert_eq!(seen.kind(), MissKind::Knowledge, "{seen:?}");
    }
}

#[test]
fn em_codes_are_known_codes_even_without_a_card() {
    assert_eq!(cpt("99214", "99213"), Mistake::EmLevel { off: 1 });
    assert_eq!(cpt("99212", "99214"), Mistake::EmLevel { off: -2 });
    assert_eq!(
        cpt("99203", "99213"),
        Mistake::EmNewEstablished {
            right_is_new: false
        }
    );
    assert_eq!(
        cpt("99213", "99203"),
        Mistake::EmNewEstablished { right_is_new: true }
    );
    assert_eq!(cpt("99284", "99283"), Mistake::EmLevel { off: 1 });
    // An office visit for an emergency visit: one digit apart, but a real code.
    assert_eq!(
        cpt("99213", "99283"),
        Mistake::Section {
            name: "Evaluation and Management"
        }
    );
    assert_eq!(cpt("45380", "45378"), Mistake::Section { name: "Surgery" });
    assert_eq!(cpt("71046", "36415"), Mistake::Other);
    assert_eq!(
        classify_code(System::CptStyle, "71046", "36415", Some("Chest X-ray"), ""),
        Mistake::WrongCode
    );
}

#[test]
fn every_class_has_its_own_label_and_one_kind() {
    let labels: std::collections::HashSet<_> =
        MistakeClass::ALL.iter().map(|c| c.label()).collect();
    assert_eq!(labels.len(), MistakeClass::ALL.len());
    let slips: Vec<&str> = MistakeClass::ALL
        .iter()
        .filter(|c| c.kind() == MissKind::Slip)
        .map(|c| c.as_str())
        .collect();
    assert_eq!(
        slips,
        [
            "one-wrong",
            "transposition",
            "missing",
            "extra",
            "twin",
            "jump"
        ]
    );
    assert_eq!(classify_text("", false), Mistake::NoAnswer);
    assert_eq!(classify_text("kidney", true), Mistake::OtherCard);
    assert_eq!(classify_text("kidney", true).kind(), MissKind::Knowledge);
    assert_eq!(
        icd_chapter("O9A2"),
        Some("chapter 15, pregnancy and childbirth")
    );
    assert_eq!(cpt_section("0042T"), Some("Category III"));
}
