//! The pure core of codedrill: what a card is and how decks are read and written, when a card comes
//! back (FSRS-6 with learning steps, fuzz and the 4 am day), how an answer is judged and a miss
//! classified, the order of a session, the statistics over the review log and the fit report's model.
//!
//! Values in, values out: no database, terminal, command line or clock read lives here (the root
//! package `codedrill` holds those), so the compiler keeps the arrows pointing inwards. See
//! ARCHITECTURE.md for the map.

#[macro_use]
mod vocab;

pub mod answer;
pub mod choice;
pub mod codeset;
pub mod day;
pub mod deck;
pub mod deck_index;
pub mod edit;
pub mod export;
pub mod find;
pub mod html;
pub mod import;
pub mod memory;
pub mod mistake;
pub mod queue;
pub mod report;
pub mod sanitize;
pub mod schedule;
pub mod stats;
pub mod words;
pub mod workload;

/// The stored and JSON strings of every vocabulary, pinned: changing one would orphan what existing
/// databases and scripts hold, so a change must be deliberate (and come with a migration).
#[cfg(test)]
mod pinned_strings {
    use crate::answer::Mode;
    use crate::codeset::{NodeKind, NoteKind};
    use crate::deck::{Origin, Role, Side};
    use crate::edit::Field;
    use crate::mistake::{MissKind, MistakeClass};
    use crate::report::{SessionKind, SpeedTrend, TrialStage};
    use crate::schedule::VoidReason;

    fn strings<T: Copy>(all: &[T], as_str: fn(T) -> &'static str) -> Vec<&'static str> {
        all.iter().map(|v| as_str(*v)).collect()
    }

    #[test]
    fn every_vocabulary_keeps_its_strings_and_reads_them_back() {
        assert_eq!(strings(Side::ALL, Side::as_str), ["code", "meaning"]);
        assert_eq!(strings(Origin::ALL, Origin::as_str), ["builtin", "import"]);
        assert_eq!(
            strings(Role::ALL, Role::as_str),
            ["coding", "terminology", "billing", "other"]
        );
        assert_eq!(
            strings(Mode::ALL, Mode::as_str),
            ["type", "choice", "flip", "lookup"]
        );
        assert_eq!(
            strings(MistakeClass::ALL, MistakeClass::as_str),
            [
                "one-wrong",
                "transposition",
                "missing",
                "extra",
                "twin",
                "jump",
                "seventh-character",
                "placeholder",
                "laterality",
                "header",
                "specificity",
                "category",
                "chapter",
                "section",
                "em-level",
                "em-new-established",
                "wrong-code",
                "other-card",
                "no-answer",
                "other"
            ]
        );
        assert_eq!(
            strings(MissKind::ALL, MissKind::as_str),
            ["blank", "slip", "knowledge", "other"]
        );
        assert_eq!(
            strings(TrialStage::ALL, TrialStage::as_str),
            ["not-started", "first-day", "one-day-check", "complete"]
        );
        assert_eq!(
            strings(SpeedTrend::ALL, SpeedTrend::as_str),
            ["faster", "slower", "steady", "unknown"]
        );
        assert_eq!(
            strings(SessionKind::ALL, SessionKind::as_str),
            ["drill", "cram"]
        );
        assert_eq!(
            strings(VoidReason::ALL, VoidReason::as_str),
            ["undone", "grade changed", "overridden"]
        );
        for class in MistakeClass::ALL {
            assert_eq!(MistakeClass::parse(class.as_str()), Some(*class));
        }
        assert_eq!(
            Side::parse("sideways"),
            None,
            "an unknown word is never a default"
        );
    }

    #[test]
    fn the_code_set_vocabularies_keep_their_strings() {
        assert_eq!(
            strings(NodeKind::ALL, NodeKind::as_str),
            ["chapter", "section", "code"]
        );
        assert_eq!(
            strings(NoteKind::ALL, NoteKind::as_str),
            [
                "inclusion-term",
                "includes",
                "excludes1",
                "excludes2",
                "code-first",
                "use-additional-code",
                "code-also",
                "seventh-character-note",
                "note"
            ]
        );
    }

    #[test]
    fn the_fields_a_person_edits_keep_their_strings() {
        assert_eq!(
            strings(Field::ALL, Field::as_str),
            ["description", "note", "aliases"]
        );
        assert_eq!(Field::parse("code"), None, "the code is never edited");
    }
}
