//! What kind of slip a wrong answer was. Pure: the typed text, the right answer and (when the typed code
//! is another known card) that card's description in; one class and a plain sentence out.
//!
//! The classes follow what is known about errors in copying and recalling codes (Verhoeff: one wrong
//! character, adjacent transposition, a character left out or added, twin and jump errors) and the slips
//! particular to coding: the 7th character, the placeholder X, the laterality digit, a header given for a
//! billable code, the right category with the wrong detail, the wrong chapter, an E/M level one off, new
//! for established.

use crate::answer::{Step, align, code_key, head};
use crate::deck::System;

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

fn classify_icd(
    t: &str,
    r: &str,
    typed_description: Option<&str>,
    right_description: &str,
) -> Mistake {
    if t.chars().count() >= 3 && t.len() < r.len() && r.starts_with(t) {
        return Mistake::Header;
    }
    if r.len() == 7
        && r.contains('X')
        && r.replace('X', "") == t.replace('X', "")
        && !t.contains('X')
    {
        return Mistake::Placeholder;
    }
    if t.chars().count() == 7 && r.chars().count() == 7 && head(t, 6) == head(r, 6) {
        let (tc, rc) = (last(t), last(r));
        return Mistake::SeventhCharacter {
            typed: tc,
            right: rc,
        };
    }
    // A real code given for another is a matter of knowing the codes, not of copying them: the semantic
    // classes come first. A code nobody has is most likely a slip of the fingers or the memory.
    let known = typed_description.is_some();
    if let Some(typed_description) = typed_description
        && matches!(slip(t, r), Some(Mistake::OneWrong { .. }))
    {
        let (ts, rs) = (side_of(typed_description), side_of(right_description));
        if ts != rs && same_but_side(typed_description, right_description) {
            return Mistake::Laterality {
                typed_side: ts,
                right_side: rs,
            };
        }
    }
    if !known && let Some(slip) = slip(t, r) {
        return slip;
    }
    if let Some(category) = head(r, 3).filter(|c| head(t, 3) == Some(*c)) {
        return Mistake::Specificity {
            category: category.to_owned(),
        };
    }
    match (icd_chapter(t), icd_chapter(r)) {
        (Some(tc), Some(rc)) if tc != rc => Mistake::Chapter {
            typed: tc,
            right: rc,
        },
        _ => slip(t, r).unwrap_or(Mistake::Other),
    }
}

fn classify_cpt(t: &str, r: &str) -> Mistake {
    if let (Some((tn, tl)), Some((rn, rl))) = (office_em(t), office_em(r)) {
        return if tn != rn {
            Mistake::EmNewEstablished { right_is_new: rn }
        } else {
            Mistake::EmLevel { off: tl - rl }
        };
    }
    if let (Some(tl), Some(rl)) = (ed_em(t), ed_em(r)) {
        return Mistake::EmLevel { off: tl - rl };
    }
    if let Some(slip) = slip(t, r) {
        return slip;
    }
    match (cpt_section(t), cpt_section(r)) {
        (Some(ts), Some(rs)) if ts == rs => Mistake::Section { name: rs },
        _ => Mistake::Other,
    }
}

/// A copying slip between two codes: a transposition, twin or jump error, or one character wrong, missing
/// or added. `None` when the codes differ by more than that.
fn slip(t: &str, r: &str) -> Option<Mistake> {
    let tc: Vec<char> = t.chars().collect();
    let rc: Vec<char> = r.chars().collect();
    if tc.len() == rc.len() {
        let diffs: Vec<usize> = (0..tc.len()).filter(|&i| tc[i] != rc[i]).collect();
        match diffs.as_slice() {
            [i] => {
                return Some(Mistake::OneWrong {
                    typed: tc[*i],
                    right: rc[*i],
                });
            }
            [i, j] if *j == i + 1 && tc[*i] == rc[*j] && tc[*j] == rc[*i] => {
                return Some(Mistake::Transposition {
                    first: rc[*i],
                    second: rc[*j],
                });
            }
            [i, j] if *j == i + 1 && tc[*i] == tc[*j] && rc[*i] == rc[*j] => {
                return Some(Mistake::Twin {
                    typed: tc[*i],
                    right: rc[*i],
                });
            }
            [i, j] if *j == i + 2 && tc[*i] == rc[*j] && tc[*j] == rc[*i] => {
                return Some(Mistake::Jump {
                    first: rc[*i],
                    second: rc[*j],
                });
            }
            _ => return None,
        }
    }
    let steps = align(t, r);
    let edits: Vec<&Step> = steps
        .iter()
        .filter(|s| !matches!(s, Step::Same(_)))
        .collect();
    match edits.as_slice() {
        [Step::Missing(c)] => Some(Mistake::Missing { right: *c }),
        [Step::Extra(c)] => Some(Mistake::Extra { typed: *c }),
        _ => None,
    }
}

fn last(s: &str) -> char {
    s.chars().last().unwrap_or(' ')
}

/// The 22 chapters of ICD-10-CM FY2026 by their first and last three characters.
const ICD_CHAPTERS: [(&str, &str, &str); 22] = [
    ("A00", "B99", "chapter 1, infectious diseases"),
    ("C00", "D49", "chapter 2, neoplasms"),
    ("D50", "D89", "chapter 3, blood and immune disorders"),
    ("E00", "E89", "chapter 4, endocrine and metabolic diseases"),
    ("F01", "F99", "chapter 5, mental and behavioural disorders"),
    ("G00", "G99", "chapter 6, nervous system"),
    ("H00", "H59", "chapter 7, eye"),
    ("H60", "H95", "chapter 8, ear"),
    ("I00", "I99", "chapter 9, circulatory system"),
    ("J00", "J99", "chapter 10, respiratory system"),
    ("K00", "K95", "chapter 11, digestive system"),
    ("L00", "L99", "chapter 12, skin"),
    ("M00", "M99", "chapter 13, musculoskeletal system"),
    ("N00", "N99", "chapter 14, genitourinary system"),
    ("O00", "O9A", "chapter 15, pregnancy and childbirth"),
    ("P00", "P96", "chapter 16, perinatal conditions"),
    ("Q00", "QA0", "chapter 17, congenital anomalies"),
    ("R00", "R99", "chapter 18, symptoms and signs"),
    ("S00", "T88", "chapter 19, injury and poisoning"),
    ("U00", "U85", "chapter 22, special purposes"),
    ("V00", "Y99", "chapter 20, external causes"),
    (
        "Z00",
        "Z99",
        "chapter 21, factors influencing health status",
    ),
];

/// The chapter an ICD-10-CM code (dot removed) belongs to.
pub fn icd_chapter(code: &str) -> Option<&'static str> {
    let head = code.get(..3)?;
    ICD_CHAPTERS
        .iter()
        .find(|(from, to, _)| *from <= head && head <= *to)
        .map(|(_, _, name)| *name)
}

/// The CPT section a five-character code belongs to.
pub fn cpt_section(code: &str) -> Option<&'static str> {
    if code.len() != 5 {
        return None;
    }
    if code.ends_with('F') {
        return Some("Category II");
    }
    if code.ends_with('T') {
        return Some("Category III");
    }
    let n: u32 = code.parse().ok()?;
    Some(match n {
        100..=1999 | 99100..=99140 => "Anesthesia",
        10004..=69990 => "Surgery",
        70010..=79999 => "Radiology",
        80047..=89398 => "Pathology and Laboratory",
        99202..=99499 => "Evaluation and Management",
        90281..=99199 | 99500..=99607 => "Medicine",
        _ => return None,
    })
}

/// An office or outpatient visit code: (is a new patient, level 1 to 5).
fn office_em(code: &str) -> Option<(bool, i32)> {
    match code {
        "99202" => Some((true, 2)),
        "99203" => Some((true, 3)),
        "99204" => Some((true, 4)),
        "99205" => Some((true, 5)),
        "99211" => Some((false, 1)),
        "99212" => Some((false, 2)),
        "99213" => Some((false, 3)),
        "99214" => Some((false, 4)),
        "99215" => Some((false, 5)),
        _ => None,
    }
}

/// An emergency department visit code: its level 1 to 5.
fn ed_em(code: &str) -> Option<i32> {
    code.strip_prefix("9928")
        .and_then(|d| d.parse::<i32>().ok())
        .filter(|l| (1..=5).contains(l))
}

const SIDES: [(&str, &str); 6] = [
    ("bilateral", "both sides"),
    ("right", "right side"),
    ("left", "left side"),
    ("unspecified side", "unspecified side"),
    ("unspecified ear", "unspecified side"),
    ("unspecified eye", "unspecified side"),
];

/// The side a description names, if any.
fn side_of(description: &str) -> Option<&'static str> {
    let lower = description.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    SIDES.iter().find_map(|(name, side)| {
        let parts: Vec<&str> = name.split(' ').collect();
        words
            .windows(parts.len())
            .any(|w| w == parts.as_slice())
            .then_some(*side)
    })
}

/// Whether two descriptions say the same once their side words are set aside ("Impacted cerumen, right
/// ear" and "Impacted cerumen, bilateral"): the words of one, without sides, are all in the other.
fn same_but_side(a: &str, b: &str) -> bool {
    let words = |d: &str| -> std::collections::BTreeSet<String> {
        d.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| {
                !w.is_empty()
                    && !matches!(*w, "right" | "left" | "bilateral" | "unspecified" | "side")
            })
            .map(str::to_owned)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    !a.is_empty() && !b.is_empty() && (a.is_subset(&b) || b.is_subset(&a))
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
