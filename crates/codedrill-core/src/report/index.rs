//! Coding with the index: ICD-10-CM codes coded in a lookup drill (the Alphabetic Index and the Tabular
//! List at hand, as coders work) set beside the same learner's codes typed from memory. Both sides are
//! the code side of ICD-10-CM cards, practice left out; each figure is shown with its count, and the two
//! are compared only once each side has [`MIN_EACH`] answers.

use serde::Serialize;

use crate::stats::{CodingWay, IndexUse};

use super::percent;
use super::sections::wilson;

/// The fewest answers on each side before the two ways are compared.
pub const MIN_EACH: u64 = 10;

/// One way of coding as the report shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WayFigures {
    pub answers: u64,
    pub right: u64,
    pub accuracy: Option<f64>,
    /// From the card shown to the answer; with the index, the whole time (not capped at a minute).
    pub median_seconds: Option<f64>,
    /// Lookups a code, on average (with the index only; null from memory).
    pub lookups_per_code: Option<f64>,
    /// Answers given after at least one lookup (with the index only).
    pub looked_up: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndexCoding {
    pub with_index: WayFigures,
    pub from_memory: WayFigures,
    /// The fewest answers on each side for a comparison.
    pub minimum_each: u64,
    /// Whether both sides have the minimum, so the sentence compares them.
    pub compared: bool,
    pub says: String,
}

fn figures(way: &CodingWay, index: bool) -> WayFigures {
    let answers = way.answers.total;
    WayFigures {
        answers,
        right: way.answers.passed,
        accuracy: way.answers.rate(),
        median_seconds: way.median_ms.map(|ms| ms as f64 / 1000.0),
        lookups_per_code: (index && answers > 0).then(|| way.lookups as f64 / answers as f64),
        looked_up: way.looked_up,
    }
}

pub(super) fn index_coding(index: &IndexUse) -> IndexCoding {
    let with_index = figures(&index.with_index, true);
    let from_memory = figures(&index.from_memory, false);
    let compared = with_index.answers >= MIN_EACH && from_memory.answers >= MIN_EACH;
    let says = says(&with_index, &from_memory, compared);
    IndexCoding {
        with_index,
        from_memory,
        minimum_each: MIN_EACH,
        compared,
        says,
    }
}

/// A way's figures in words: "12 codes, 9 exact (75%), 48.0 s each (median)".
fn way_says(w: &WayFigures) -> String {
    let mut text = format!(
        "{} {}, {} exact ({})",
        w.answers,
        if w.answers == 1 { "code" } else { "codes" },
        w.right,
        percent(w.accuracy)
    );
    if let Some(s) = w.median_seconds {
        text.push_str(&format!(", {s:.1} s each (median)"));
    }
    if let Some(l) = w.lookups_per_code {
        text.push_str(&format!(", {l:.1} lookups a code"));
    }
    text
}

fn says(with_index: &WayFigures, from_memory: &WayFigures, compared: bool) -> String {
    if with_index.answers == 0 {
        let mut text = "No ICD-10-CM codes coded with the index yet: `codedrill drill --mode lookup` asks them \
                        with the Alphabetic Index and the Tabular List at hand, as coders work (install them \
                        with `codedrill codeset add`)."
            .to_owned();
        if from_memory.answers > 0 {
            text.push_str(&format!(" From memory, typed: {}.", way_says(from_memory)));
        }
        return text;
    }
    let mut text = format!(
        "ICD-10-CM codes with the index at hand: {}. From memory, typed: {}.",
        way_says(with_index),
        way_says(from_memory)
    );
    if !compared {
        text.push_str(&format!(
            " Too few to compare yet: at least {MIN_EACH} of each are needed."
        ));
        return text;
    }
    text.push(' ');
    text.push_str(&accuracy_says(with_index, from_memory));
    if let (Some(a), Some(b)) = (with_index.median_seconds, from_memory.median_seconds)
        && b > 0.0
    {
        text.push_str(&format!(
            " A code with the index takes you {:.1} times as long as one from memory; the CPC exam allows \
             about 2.4 minutes a question, with the books open.",
            a / b
        ));
    }
    text
}

/// Whether the index changes how many codes are exact: a difference is claimed only when the two 95%
/// ranges (Wilson) do not overlap.
fn accuracy_says(with_index: &WayFigures, from_memory: &WayFigures) -> String {
    let a = wilson(with_index.right, with_index.answers);
    let b = wilson(from_memory.right, from_memory.answers);
    if a.0 > b.1 {
        "With the index more of your codes are exact than from memory (the 95% ranges do not overlap)."
            .into()
    } else if b.0 > a.1 {
        "With the index fewer of your codes are exact than from memory (the 95% ranges do not overlap): \
         read the tabular's notes before answering."
            .into()
    } else {
        "At these counts the two accuracies are within chance of each other.".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::PassRate;

    fn way(passed: u64, total: u64, median_ms: i64, lookups: u64) -> CodingWay {
        CodingWay {
            answers: PassRate { passed, total },
            median_ms: Some(median_ms),
            lookups,
            looked_up: lookups.min(total),
        }
    }

    #[test]
    fn without_lookup_answers_it_says_how_to_begin_and_shows_the_memory_figures() {
        let use_ = IndexUse {
            from_memory: way(30, 40, 6_000, 0),
            with_index: CodingWay::default(),
        };
        let r = index_coding(&use_);
        assert!(!r.compared);
        assert_eq!(r.with_index.accuracy, None);
        assert_eq!(
            r.says,
            "No ICD-10-CM codes coded with the index yet: `codedrill drill --mode lookup` asks them with the \
             Alphabetic Index and the Tabular List at hand, as coders work (install them with `codedrill \
             codeset add`). From memory, typed: 40 codes, 30 exact (75%), 6.0 s each (median)."
        );
    }

    #[test]
    fn below_the_minimum_the_counts_are_shown_and_nothing_compared() {
        let use_ = IndexUse {
            from_memory: way(30, 40, 6_000, 0),
            with_index: way(9, 9, 45_000, 14),
        };
        let r = index_coding(&use_);
        assert!(!r.compared);
        assert_eq!(
            r.says,
            "ICD-10-CM codes with the index at hand: 9 codes, 9 exact (100%), 45.0 s each (median), 1.6 \
             lookups a code. From memory, typed: 40 codes, 30 exact (75%), 6.0 s each (median). Too few to \
             compare yet: at least 10 of each are needed."
        );
    }

    #[test]
    fn a_difference_in_accuracy_is_claimed_only_when_the_ranges_do_not_overlap() {
        let clear = index_coding(&IndexUse {
            from_memory: way(20, 40, 6_000, 0),
            with_index: way(39, 40, 48_000, 60),
        });
        assert!(clear.compared);
        assert!(
            clear.says.ends_with(
                "With the index more of your codes are exact than from memory (the 95% ranges do not \
                 overlap). A code with the index takes you 8.0 times as long as one from memory; the CPC \
                 exam allows about 2.4 minutes a question, with the books open."
            ),
            "{}",
            clear.says
        );
        assert_eq!(clear.with_index.lookups_per_code, Some(1.5));
        assert_eq!(clear.from_memory.lookups_per_code, None);
        // (right, of) from memory, then with the index, and what the sentence says of them.
        for (memory, index, says) in [
            (
                (39, 40),
                (20, 40),
                "With the index fewer of your codes are exact than from memory",
            ),
            (
                (8, 10),
                (9, 10),
                "At these counts the two accuracies are within chance of each other.",
            ),
        ] {
            let r = index_coding(&IndexUse {
                from_memory: way(memory.0, memory.1, 6_000, 0),
                with_index: way(index.0, index.1, 30_000, 10),
            });
            assert!(r.says.contains(says), "{}", r.says);
        }
    }
}
