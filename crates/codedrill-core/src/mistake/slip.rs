//! The slips of typing any code can suffer, after Verhoeff's study of errors in copying numbers: one
//! character wrong, neighbours swapped, a character left out or added, twin and jump errors.

use crate::answer::{Step, align};

use super::Mistake;

/// A typing slip between two codes, or `None` when they differ by more than one of them.
pub(super) fn slip(t: &str, r: &str) -> Option<Mistake> {
    let tc: Vec<char> = t.chars().collect();
    let rc: Vec<char> = r.chars().collect();
    if tc.len() == rc.len() {
        return same_length(&tc, &rc);
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

fn same_length(tc: &[char], rc: &[char]) -> Option<Mistake> {
    let diffs: Vec<usize> = (0..tc.len()).filter(|&i| tc[i] != rc[i]).collect();
    match *diffs.as_slice() {
        [i] => Some(Mistake::OneWrong {
            typed: tc[i],
            right: rc[i],
        }),
        [i, j] if j == i + 1 && tc[i] == rc[j] && tc[j] == rc[i] => Some(Mistake::Transposition {
            first: rc[i],
            second: rc[j],
        }),
        [i, j] if j == i + 1 && tc[i] == tc[j] && rc[i] == rc[j] => Some(Mistake::Twin {
            typed: tc[i],
            right: rc[i],
        }),
        [i, j] if j == i + 2 && tc[i] == rc[j] && tc[j] == rc[i] => Some(Mistake::Jump {
            first: rc[i],
            second: rc[j],
        }),
        _ => None,
    }
}
