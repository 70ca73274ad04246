//! CPT-style codes' own structure, for classifying a miss: the sections and the E/M visit levels.

use super::Mistake;
use super::slip::slip;

/// A wrong CPT-style code. A visit code of our E/M tables is a real code even when no deck has it, so
/// it is never taken for a slip of typing.
pub(super) fn classify_cpt(t: &str, r: &str, known: bool) -> Mistake {
    if let Some(visit) = em(t, r) {
        return visit;
    }
    let known = known || office_em(t).is_some() || ed_em(t).is_some();
    if !known && let Some(slip) = slip(t, r) {
        return slip;
    }
    match (cpt_section(t), cpt_section(r)) {
        (Some(ts), Some(rs)) if ts == rs => Mistake::Section { name: rs },
        _ if known => Mistake::WrongCode,
        _ => Mistake::Other,
    }
}

/// Two visit codes of the same table: the level, or new for established.
fn em(t: &str, r: &str) -> Option<Mistake> {
    if let (Some((tn, tl)), Some((rn, rl))) = (office_em(t), office_em(r)) {
        return Some(if tn != rn {
            Mistake::EmNewEstablished { right_is_new: rn }
        } else {
            Mistake::EmLevel { off: tl - rl }
        });
    }
    let (tl, rl) = (ed_em(t)?, ed_em(r)?);
    Some(Mistake::EmLevel { off: tl - rl })
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
        .filter(|d| d.len() == 1)
        .and_then(|d| d.parse::<i32>().ok())
        .filter(|l| (1..=5).contains(l))
}
