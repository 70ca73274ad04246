//! Writing decks and the review log as CSV.
//!
//! A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would run as a formula when the
//! file is opened in a spreadsheet (CSV injection). Such cells get a leading `'`, which spreadsheets show
//! as text; `import` takes it off again, so an exported deck imports back unchanged (`-itis` stays `-itis`).

use std::io::Write;

use crate::deck::{CardContent, Column};

const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text` made safe to open in a spreadsheet.
pub fn neutralize(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The inverse of [`neutralize`].
pub fn unneutralize(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => text,
    }
}

/// Writes cards in the canonical deck format (docs/deck-format.md).
pub fn write_deck(out: impl Write, cards: &[CardContent]) -> csv::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    writer.write_record(Column::ALL.map(Column::name))?;
    for card in cards {
        let aliases = card.aliases_joined();
        let id = if card.key == card.code {
            ""
        } else {
            card.key.as_str()
        };
        let row = card.text_fields(&aliases).into_iter().chain([id]);
        writer.write_record(row.map(|cell| neutralize(cell).into_owned()))?;
    }
    writer.flush()?;
    Ok(())
}

/// The columns of the review-log export: the four FSRS tools read first, then codedrill's own.
pub const REVIEW_COLUMNS: [&str; 19] = [
    "card_id",
    "review_time",
    "review_rating",
    "review_duration",
    "deck",
    "card_key",
    "code",
    "answer",
    "correct",
    "review_kind",
    "side",
    "state_before",
    "state_after",
    "ivl_before",
    "ivl_after",
    "elapsed_days",
    "stability",
    "difficulty",
    "mistake",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralized_and_restored() {
        for cell in ["=1+1", "+SUM(A1)", "-itis", "@cmd", "\tx", "\rx"] {
            let safe = neutralize(cell);
            assert!(safe.starts_with('\''), "{cell:?}");
            assert_eq!(unneutralize(&safe), cell);
        }
        assert_eq!(neutralize("E11.9"), "E11.9");
        assert_eq!(unneutralize("'quoted on purpose"), "'quoted on purpose");
    }
}
