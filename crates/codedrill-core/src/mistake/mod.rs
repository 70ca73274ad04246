//! What kind of slip a wrong answer was. Pure: the typed text, the right answer and (when the typed code
//! is another known card) that card's description in; one class and a plain sentence out.
//!
//! The classes follow what is known about errors in copying and recalling codes (Verhoeff: one wrong
//! character, adjacent transposition, a character left out or added, twin and jump errors) and the slips
//! particular to coding: the 7th character, the placeholder X, the laterality digit, a header given for a
//! billable code, the right category with the wrong detail, the wrong chapter, an E/M level one off, new
//! for established.

use crate::answer::code_key;

mod codes;

use crate::deck::System;
use codes::{classify_cpt, classify_icd, slip};
pub use codes::{cpt_section, icd_chapter};

/// A mistake with its particulars, stored in the review log by its [`MistakeClass`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mistake {
    NoAnswer,
    /// Two neighbouring characters swapped: 99231 for 99213.
    Transposition {
        first: char,
        second: char,
    },
    /// One character wrong: E11.8 for E11.9.
    OneWrong {
        typed: char,
        right: char,
    },
    /// A character left out.
    Missing {
        right: char,
    },
    /// A character added.
    Extra {
        typed: char,
    },
    /// A doubled character doubled wrong: 9922 for 9911.
    Twin {
        typed: char,
        right: char,
    },
    /// Two characters one apart swapped: 12345 for 32145.
    Jump {
        first: char,
        second: char,
    },
    /// ICD-10-CM: only the 7th character (the encounter) is wrong.
    SeventhCharacter {
        typed: char,
        right: char,
    },
    /// ICD-10-CM: the placeholder X left out (T36.01A for T36.0X1A).
    Placeholder,
    /// ICD-10-CM: the code for the other side (right, left, bilateral).
    Laterality {
        typed_side: Option<&'static str>,
        right_side: Option<&'static str>,
    },
    /// ICD-10-CM: a category header given where a billable code is needed (E11 for E11.9).
    Header,
    /// Right category (first three characters), wrong detail.
    Specificity {
        category: String,
    },
    /// A code from another chapter.
    Chapter {
        typed: &'static str,
        right: &'static str,
    },
    /// CPT-style: right section, wrong code.
    Section {
        name: &'static str,
    },
    /// CPT-style: an E/M level off by `off` levels.
    EmLevel {
        off: i32,
    },
    /// CPT-style: a new-patient E/M code for an established patient, or the reverse.
    EmNewEstablished {
        right_is_new: bool,
    },
    /// The answer to another card (for meanings and terms).
    OtherCard,
    Other,
}

crate::vocab::vocabulary! {
    /// The class of a mistake: what the review log stores and statistics count. Listed in the order
    /// reports show them.
    pub enum MistakeClass {
        OneWrong = "one-wrong",
        Transposition = "transposition",
        Missing = "missing",
        Extra = "extra",
        Twin = "twin",
        Jump = "jump",
        SeventhCharacter = "seventh-character",
        Placeholder = "placeholder",
        Laterality = "laterality",
        Header = "header",
        Specificity = "specificity",
        Chapter = "chapter",
        Section = "section",
        EmLevel = "em-level",
        EmNewEstablished = "em-new-established",
        OtherCard = "other-card",
        NoAnswer = "no-answer",
        Other = "other",
    }
}

impl MistakeClass {
    /// A short label for people.
    pub fn label(self) -> &'static str {
        match self {
            MistakeClass::OneWrong => "one character wrong",
            MistakeClass::Transposition => "neighbouring characters swapped",
            MistakeClass::Missing => "a character left out",
            MistakeClass::Extra => "a character added",
            MistakeClass::Twin => "twin error (aa for bb)",
            MistakeClass::Jump => "jump transposition (abc for cba)",
            MistakeClass::SeventhCharacter => "wrong 7th character (encounter)",
            MistakeClass::Placeholder => "placeholder X left out",
            MistakeClass::Laterality => "wrong side (laterality)",
            MistakeClass::Header => "header code, not billable",
            MistakeClass::Specificity => "right category, wrong detail",
            MistakeClass::Chapter => "wrong chapter",
            MistakeClass::Section => "right CPT section, wrong code",
            MistakeClass::EmLevel => "E/M level off",
            MistakeClass::EmNewEstablished => "E/M new vs established",
            MistakeClass::OtherCard => "the answer to another card",
            MistakeClass::NoAnswer => "no answer",
            MistakeClass::Other => "other",
        }
    }

    /// A slip of typing: the learner recalled the code and typed it wrong. For the memory figures it
    /// counts as recalled; for precision, as a slip.
    pub fn is_slip(self) -> bool {
        matches!(
            self,
            MistakeClass::OneWrong
                | MistakeClass::Transposition
                | MistakeClass::Missing
                | MistakeClass::Extra
                | MistakeClass::Twin
                | MistakeClass::Jump
        )
    }

    /// A slip of detail: the code was nearly right (as opposed to not knowing it).
    pub fn is_detail_slip(self) -> bool {
        matches!(
            self,
            MistakeClass::OneWrong
                | MistakeClass::Transposition
                | MistakeClass::Missing
                | MistakeClass::Extra
                | MistakeClass::Twin
                | MistakeClass::Jump
                | MistakeClass::SeventhCharacter
                | MistakeClass::Placeholder
                | MistakeClass::Laterality
                | MistakeClass::Header
        )
    }
}

impl Mistake {
    /// The class stored in the review log and counted by statistics.
    pub fn class(&self) -> MistakeClass {
        match self {
            Mistake::NoAnswer => MistakeClass::NoAnswer,
            Mistake::Transposition { .. } => MistakeClass::Transposition,
            Mistake::OneWrong { .. } => MistakeClass::OneWrong,
            Mistake::Missing { .. } => MistakeClass::Missing,
            Mistake::Extra { .. } => MistakeClass::Extra,
            Mistake::Twin { .. } => MistakeClass::Twin,
            Mistake::Jump { .. } => MistakeClass::Jump,
            Mistake::SeventhCharacter { .. } => MistakeClass::SeventhCharacter,
            Mistake::Placeholder => MistakeClass::Placeholder,
            Mistake::Laterality { .. } => MistakeClass::Laterality,
            Mistake::Header => MistakeClass::Header,
            Mistake::Specificity { .. } => MistakeClass::Specificity,
            Mistake::Chapter { .. } => MistakeClass::Chapter,
            Mistake::Section { .. } => MistakeClass::Section,
            Mistake::EmLevel { .. } => MistakeClass::EmLevel,
            Mistake::EmNewEstablished { .. } => MistakeClass::EmNewEstablished,
            Mistake::OtherCard => MistakeClass::OtherCard,
            Mistake::Other => MistakeClass::Other,
        }
    }

    /// What to tell the learner, in plain words.
    pub fn explain(&self) -> Option<String> {
        Some(match self {
            Mistake::NoAnswer | Mistake::Other | Mistake::OtherCard => return None,
            Mistake::Transposition { first, second } => format!("you swapped {first} and {second}"),
            Mistake::OneWrong { typed, right } => {
                format!("one character is wrong: {typed} where {right} belongs")
            }
            Mistake::Missing { right } => format!("a character is missing: the {right}"),
            Mistake::Extra { typed } => format!("there is an extra {typed}"),
            Mistake::Twin { typed, right } => {
                format!(
                    "the doubled characters are wrong: {typed}{typed} instead of {right}{right}"
                )
            }
            Mistake::Jump { first, second } => {
                format!("you swapped {first} and {second}, one character apart")
            }
            Mistake::SeventhCharacter { typed, right } => format!(
                "only the 7th character is wrong: {typed} instead of {right} (it says which encounter: \
                 A initial, D subsequent, S sequela; fractures have more)"
            ),
            Mistake::Placeholder => {
                "the placeholder X is missing: a code that takes a 7th character is filled \
                                     out to six characters with X first"
                    .into()
            }
            Mistake::Laterality {
                typed_side,
                right_side,
            } => match (typed_side, right_side) {
                (Some(t), Some(r)) => {
                    format!("wrong side: that code is for the {t}; this one is the {r}")
                }
                _ => "wrong side: check the laterality digit (1 right, 2 left, 3 bilateral)".into(),
            },
            Mistake::Header => {
                "that is a header, not a billable code: it needs more characters".into()
            }
            Mistake::Specificity { category } => {
                format!("right category ({category}), but the wrong detail after it")
            }
            Mistake::Chapter { typed, right } => {
                format!("that code is in another chapter ({typed}); this one is in {right}")
            }
            Mistake::Section { name } => format!("right section ({name}), wrong code"),
            Mistake::EmLevel { off } => format!(
                "E/M level {} {}: the level follows the decision making (straightforward, low, \
                 moderate, high)",
                off.abs(),
                if *off > 0 { "too high" } else { "too low" }
            ),
            Mistake::EmNewEstablished { right_is_new } => format!(
                "that is the code for {} patient; this one is {}",
                if *right_is_new {
                    "an established"
                } else {
                    "a new"
                },
                if *right_is_new { "new" } else { "established" }
            ),
        })
    }
}

/// Classifies a wrong code. `typed_description` is the description of the typed code when it is another
/// known card, which tells a laterality slip from any other.
pub fn classify_code(
    system: System,
    typed: &str,
    right: &str,
    typed_description: Option<&str>,
    right_description: &str,
) -> Mistake {
    let t = code_key(system, typed);
    let r = code_key(system, right);
    if t.is_empty() {
        return Mistake::NoAnswer;
    }
    match system {
        System::IcdCm => classify_icd(&t, &r, typed_description, right_description),
        System::CptStyle => classify_cpt(&t, &r),
        _ => slip(&t, &r).unwrap_or(Mistake::Other),
    }
}

/// Classifies a wrong meaning or term: blank, the answer to another card, or other.
pub fn classify_text(typed: &str, is_other_card: bool) -> Mistake {
    if typed.trim().is_empty() {
        Mistake::NoAnswer
    } else if is_other_card {
        Mistake::OtherCard
    } else {
        Mistake::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn icd(typed: &str, right: &str) -> Mistake {
        classify_code(System::IcdCm, typed, right, None, "")
    }

    fn cpt(typed: &str, right: &str) -> Mistake {
        classify_code(System::CptStyle, typed, right, None, "")
    }

    #[test]
    fn copying_slips_on_real_codes() {
        assert_eq!(
            cpt("99231", "99213"),
            Mistake::Transposition {
                first: '1',
                second: '3'
            }
        );
        assert_eq!(
            icd("E11.8", "E11.9"),
            Mistake::OneWrong {
                typed: '8',
                right: '9'
            }
        );
        assert_eq!(
            icd("J4590", "J45.909"),
            Mistake::Header,
            "a prefix of the code is a header"
        );
        assert_eq!(icd("J45.99", "J45.909"), Mistake::Missing { right: '0' });
        assert_eq!(icd("I25.110", "I25.10"), Mistake::Extra { typed: '1' });
        assert_eq!(
            classify_code(System::Hcpcs, "J2200", "J1100", None, ""),
            Mistake::Twin {
                typed: '2',
                right: '1'
            }
        );
        assert_eq!(
            classify_code(System::Hcpcs, "A4352", "A4253", None, ""),
            Mistake::Jump {
                first: '2',
                second: '3'
            }
        );
        assert_eq!(icd("", "I10"), Mistake::NoAnswer);
    }

    #[test]
    fn icd10cm_slips_on_real_codes() {
        assert_eq!(
            icd("S52.501D", "S52.501A"),
            Mistake::SeventhCharacter {
                typed: 'D',
                right: 'A'
            }
        );
        assert_eq!(icd("T36.01A", "T36.0X1A"), Mistake::Placeholder);
        assert_eq!(icd("W19A", "W19.XXXA"), Mistake::Placeholder);
        assert_eq!(icd("N18.3", "N18.31"), Mistake::Header);
        assert_eq!(icd("E11", "E11.9"), Mistake::Header);
        assert_eq!(
            icd("E11.65", "E11.9"),
            Mistake::Specificity {
                category: "E11".into()
            }
        );
        // A real code of the same category is a knowledge error, not a slip of one character.
        assert_eq!(
            classify_code(
                System::IcdCm,
                "E11.8",
                "E11.9",
                Some("Type 2 diabetes mellitus with unspecified complications"),
                ""
            ),
            Mistake::Specificity {
                category: "E11".into()
            }
        );
        assert_eq!(
            icd("I10", "E11.9"),
            Mistake::Chapter {
                typed: "chapter 9, circulatory system",
                right: "chapter 4, endocrine and metabolic diseases"
            }
        );
        let laterality = classify_code(
            System::IcdCm,
            "M17.12",
            "M17.11",
            Some("Unilateral primary osteoarthritis, left knee"),
            "Unilateral primary osteoarthritis, right knee",
        );
        assert_eq!(
            laterality,
            Mistake::Laterality {
                typed_side: Some("left side"),
                right_side: Some("right side")
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
    fn em_slips_on_real_codes() {
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
        assert_eq!(cpt("45380", "45378"), Mistake::Section { name: "Surgery" });
        assert_eq!(cpt("71046", "36415"), Mistake::Other);
    }

    #[test]
    fn every_class_has_its_own_label_and_sentences_are_plain() {
        let labels: std::collections::HashSet<_> =
            MistakeClass::ALL.iter().map(|c| c.label()).collect();
        assert_eq!(labels.len(), MistakeClass::ALL.len());
        assert_eq!(
            cpt("99231", "99213").explain().unwrap(),
            "you swapped 1 and 3"
        );
        assert_eq!(classify_text("", false), Mistake::NoAnswer);
        assert_eq!(classify_text("kidney", true), Mistake::OtherCard);
        assert_eq!(
            icd_chapter("O9A2"),
            Some("chapter 15, pregnancy and childbirth")
        );
        assert_eq!(cpt_section("0042T"), Some("Category III"));
    }
}
