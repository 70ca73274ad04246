//! ICD-10-CM's own structure, for classifying a miss: the category (first three characters), the
//! chapter, the 7th character and its placeholder X, and the side a description names.

use crate::answer::head;

use super::Mistake;
use super::slip::slip;

/// A wrong ICD-10-CM code (dot removed). A real code given for another, or a code of another category,
/// is a matter of knowing the codes; only a string that is neither can be a slip of typing.
pub(super) fn classify_icd(
    t: &str,
    r: &str,
    typed_description: Option<&str>,
    right_description: &str,
) -> Mistake {
    if let Some(rule) = structure(t, r) {
        return rule;
    }
    let same_category = category(t).is_some_and(|c| Some(c) == category(r));
    if same_category {
        let side = typed_description.and_then(|d| laterality(d, right_description));
        if let Some(side) = side {
            return side;
        }
        if typed_description.is_some() {
            return specificity(r);
        }
    } else if let Some(elsewhere) = another_category(t, r) {
        return elsewhere;
    } else if typed_description.is_some() {
        return Mistake::WrongCode;
    }
    match slip(t, r) {
        Some(slip) => slip,
        None if same_category => specificity(r),
        None => Mistake::Other,
    }
}

/// The rules of a code's make-up a miss can break: a header for a billable code, the placeholder X
/// left out, the 7th character.
fn structure(t: &str, r: &str) -> Option<Mistake> {
    if t.chars().count() >= 3 && t.len() < r.len() && r.starts_with(t) {
        return Some(Mistake::Header);
    }
    if r.len() == 7
        && r.contains('X')
        && r.replace('X', "") == t.replace('X', "")
        && !t.contains('X')
    {
        return Some(Mistake::Placeholder);
    }
    if t.chars().count() == 7 && r.chars().count() == 7 && head(t, 6) == head(r, 6) {
        return Some(Mistake::SeventhCharacter {
            typed: last(t),
            right: last(r),
        });
    }
    None
}

fn specificity(r: &str) -> Mistake {
    Mistake::Specificity {
        category: head(r, 3).unwrap_or(r).to_owned(),
    }
}

/// The code for the other side of the same condition, told by the two descriptions.
fn laterality(typed_description: &str, right_description: &str) -> Option<Mistake> {
    let (ts, rs) = (side_of(typed_description), side_of(right_description));
    (ts != rs && same_but_side(typed_description, right_description)).then_some(
        Mistake::Laterality {
            typed_side: ts,
            right_side: rs,
        },
    )
}

/// A code of another category: in the same chapter, or in another.
fn another_category(t: &str, r: &str) -> Option<Mistake> {
    let (tc, rc) = (category(t)?, category(r)?);
    let (tch, rch) = (icd_chapter(tc)?, icd_chapter(rc)?);
    Some(if tch == rch {
        Mistake::Category {
            typed: tc.to_owned(),
            right: rc.to_owned(),
        }
    } else {
        Mistake::Chapter {
            typed: tch,
            right: rch,
        }
    })
}

/// The category a code starts with, when it has the shape of one: a letter, two digits (or a digit and
/// A or B, as in O9A and C7B), and nothing or at most four more letters and digits.
fn category(code: &str) -> Option<&str> {
    let c: Vec<char> = code.chars().collect();
    let fits = c.len() >= 3
        && c.len() <= 7
        && c[0].is_ascii_uppercase()
        && c[1].is_ascii_digit()
        && matches!(c[2], '0'..='9' | 'A' | 'B')
        && c[3..].iter().all(char::is_ascii_alphanumeric);
    fits.then(|| head(code, 3)).flatten()
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
    let words = words(description);
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
    let without_sides = |d: &str| -> std::collections::BTreeSet<String> {
        words(d)
            .into_iter()
            .filter(|w| {
                !matches!(
                    w.as_str(),
                    "right" | "left" | "bilateral" | "unspecified" | "side"
                )
            })
            .collect()
    };
    let (a, b) = (without_sides(a), without_sides(b));
    !a.is_empty() && !b.is_empty() && (a.is_subset(&b) || b.is_subset(&a))
}

fn words(description: &str) -> Vec<String> {
    description
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}
