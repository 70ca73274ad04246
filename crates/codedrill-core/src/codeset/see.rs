//! Following a cross-reference of the Alphabetic Index as a coder does in the book: "see Diabetes,
//! type 2, with, chronic kidney disease" names a main term, then the subterms to read down to, each part
//! separated by a comma. A main term's own title may hold a comma ("Diabetes, diabetic"), so the main
//! term is the one whose title is the longest run of the first parts, or else whose title starts with the
//! first part. Non-essential modifiers in the reference ("Papanicolaou (smear)") are left out of the
//! comparison, as they are of the titles.

use crate::answer::{same_word, words};

use super::{Index, Term};

/// Where a reference leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Followed {
    /// The deepest term reached (a place in the index it was followed in).
    pub at: usize,
    /// The parts of the reference no subterm matched, from the first that did not.
    pub unmatched: Vec<String>,
}

/// Whether the reference sends the reader to the condition itself ("see condition"), not to a term.
pub fn is_generic(reference: &str) -> bool {
    words(reference).first().is_some_and(|w| w == "condition")
}

/// The parts of a reference: split at commas outside parentheses, trimmed.
fn parts(reference: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut depth = 0usize;
    for c in reference.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => parts.push(String::new()),
            _ if depth == 0 => parts.iter_mut().last().into_iter().for_each(|p| p.push(c)),
            _ => {}
        }
    }
    parts
        .into_iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect()
}

/// A title's words without what is in parentheses ("Pain(s)" is "Pain").
fn title_words(title: &str) -> Vec<String> {
    words(&parts(title).join(", "))
}

/// The same words, forgiving case and plurals, in order.
fn same_words(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_word(a, b))
}

/// Which of `mains` (main terms) a reference names, and how many of its parts the title takes: the
/// longest run of parts equal to a whole title, else a title whose first comma-separated part is the
/// reference's first part ("Disease" for "Disease, diseased"). None when none is named.
pub fn reference_main(mains: &[Term], reference: &str) -> Option<(usize, usize)> {
    let parts = parts(reference);
    let first = words(parts.first()?);
    for taken in (1..=parts.len()).rev() {
        let wanted = words(&parts[..taken].join(" "));
        if let Some(at) = mains
            .iter()
            .position(|m| same_words(&title_words(&m.title), &wanted))
        {
            return Some((at, taken));
        }
    }
    let at = mains.iter().position(|m| {
        let head = m.title.split(',').next().unwrap_or_default();
        same_words(&title_words(head), &first)
    })?;
    Some((at, 1))
}

/// Follows the parts of `reference` after the first `taken` (those the main term's title took) down from
/// the term at `from` in `index`, each among the subterms right under the last one reached.
pub fn follow_in(index: &Index, from: usize, reference: &str, taken: usize) -> Followed {
    let mut at = from;
    let rest: Vec<String> = parts(reference).into_iter().skip(taken).collect();
    let mut n = 0;
    while n < rest.len() {
        // A subterm's title may hold commas too ("from, off, out of"): the most parts that make one.
        let child = (1..=rest.len() - n).rev().find_map(|taken| {
            let wanted = words(&rest[n..n + taken].join(" "));
            index
                .terms
                .iter()
                .enumerate()
                .skip(at + 1)
                .find(|(_, t)| t.parent == Some(at) && same_words(&title_words(&t.title), &wanted))
                .map(|(c, _)| (c, taken))
        });
        let Some((c, taken)) = child else {
            return Followed {
                at,
                unmatched: rest[n..].to_vec(),
            };
        };
        at = c;
        n += taken;
    }
    Followed {
        at,
        unmatched: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::codeset::parse_index;

    const INDEX: &str = include_str!("../../../../tests/fixtures/codeset/icd10cm_index_2026.xml");
    const EINDEX: &str = include_str!("../../../../tests/fixtures/codeset/icd10cm_eindex_2026.xml");

    #[test]
    fn a_reference_is_split_at_commas_outside_its_modifiers() {
        assert_eq!(
            parts("Abnormal, Papanicolaou (smear, cervix), specified"),
            ["Abnormal", "Papanicolaou", "specified"]
        );
        assert!(is_generic("condition"));
        assert!(!is_generic("Disease, kidney"));
    }

    #[test]
    fn a_reference_leads_to_its_main_term_then_down_its_subterms() {
        let index = parse_index(INDEX).unwrap();
        let mains: Vec<Term> = index
            .terms
            .iter()
            .filter(|t| t.parent.is_none())
            .cloned()
            .collect();
        let reference = "diabetes, Type 2, with, chronic kidney diseases";
        let (main, taken) = reference_main(&mains, reference).unwrap();
        assert_eq!(
            (mains[main].title.as_str(), taken),
            ("Diabetes, diabetic", 1)
        );
        let from = index.terms.iter().position(|t| *t == mains[main]).unwrap();
        let followed = follow_in(&index, from, reference, taken);
        assert_eq!(index.terms[followed.at].code, "E11.22");
        assert!(followed.unmatched.is_empty());
        // A title with a comma is taken whole; a part not found stops the walk where it is.
        let (main, taken) = reference_main(&mains, "Disease, diseased, kidney, acute").unwrap();
        assert_eq!(
            (mains[main].title.as_str(), taken),
            ("Disease, diseased", 2)
        );
        let from = index.terms.iter().position(|t| *t == mains[main]).unwrap();
        let followed = follow_in(&index, from, "Disease, diseased, kidney, acute", taken);
        assert_eq!(index.terms[followed.at].title, "kidney");
        assert_eq!(followed.unmatched, ["acute"]);
        assert_eq!(reference_main(&mains, "Syndrome"), None);
    }

    #[test]
    fn a_subterm_whose_title_holds_commas_is_taken_whole() {
        let index = parse_index(EINDEX).unwrap();
        assert_eq!(index.book, crate::codeset::Book::ExternalCauses);
        let reference = "Fall, from, off, out of, ladder";
        let followed = follow_in(&index, 0, reference, 1);
        assert_eq!(index.terms[followed.at].code, "W11");
        assert!(followed.unmatched.is_empty());
    }
}
