//! The code systems' own shapes, for classifying a miss: ICD-10-CM chapters and categories, CPT-style
//! sections and E/M levels, sides, and the slips any code can suffer (Verhoeff's classes).

use crate::answer::{Step, align, head};

use super::Mistake;

pub(super) fn classify_icd(
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

pub(super) fn classify_cpt(t: &str, r: &str) -> Mistake {
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
pub(super) fn slip(t: &str, r: &str) -> Option<Mistake> {
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

pub(super) fn last(s: &str) -> char {
    s.chars().last().unwrap_or(' ')
}

/// The 22 chapters of ICD-10-CM FY2026 by their first and last three characters.
pub(super) const ICD_CHAPTERS: [(&str, &str, &str); 22] = [
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
pub(super) fn office_em(code: &str) -> Option<(bool, i32)> {
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
pub(super) fn ed_em(code: &str) -> Option<i32> {
    code.strip_prefix("9928")
        .and_then(|d| d.parse::<i32>().ok())
        .filter(|l| (1..=5).contains(l))
}

pub(super) const SIDES: [(&str, &str); 6] = [
    ("bilateral", "both sides"),
    ("right", "right side"),
    ("left", "left side"),
    ("unspecified side", "unspecified side"),
    ("unspecified ear", "unspecified side"),
    ("unspecified eye", "unspecified side"),
];

/// The side a description names, if any.
pub(super) fn side_of(description: &str) -> Option<&'static str> {
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
pub(super) fn same_but_side(a: &str, b: &str) -> bool {
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
