//! Writing decks and the review log as CSV.
//!
//! A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would run as a formula when the
//! file is opened in a spreadsheet (CSV injection). Such cells get a leading `'`, which spreadsheets show
//! as text; `import` takes it off again, so an exported deck imports back unchanged (`-itis` stays `-itis`).

use std::io::Write;

use chrono::{DateTime, SecondsFormat, Utc};

use crate::deck::{CardContent, Column, Side};
use crate::mistake::MistakeClass;
use crate::schedule::{Rating, ReviewKind, State};

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
    let mut writer = csv_writer(out);
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

fn csv_writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out)
}

/// One standing review (voided and practice answers left out), as the review-log export writes it.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewRow {
    pub card_id: i64,
    pub reviewed_at: DateTime<Utc>,
    pub rating: Rating,
    pub duration_ms: i64,
    pub deck: String,
    pub card_key: String,
    pub code: String,
    pub answer: String,
    pub correct: bool,
    pub kind: ReviewKind,
    pub side: Side,
    pub state_before: State,
    pub state_after: State,
    pub ivl_before: i64,
    pub ivl_after: i64,
    pub elapsed_days: i64,
    pub stability: Option<f64>,
    pub difficulty: Option<f64>,
    pub mistake: Option<MistakeClass>,
}

/// A cell of the review log: text from decks and answers gets the formula guard; numbers, times and
/// codedrill's own words are written as they are.
enum Cell<'a> {
    Text(&'a str),
    Plain(String),
}

impl<'a> Cell<'a> {
    fn int(n: i64) -> Cell<'static> {
        Cell::Plain(n.to_string())
    }

    fn word(word: &str) -> Cell<'static> {
        Cell::Plain(word.to_owned())
    }

    /// A real to four decimals; empty when there is none.
    fn real(value: Option<f64>) -> Cell<'static> {
        Cell::Plain(value.map_or(String::new(), |v| format!("{v:.4}")))
    }

    fn into_text(self) -> std::borrow::Cow<'a, str> {
        match self {
            Cell::Text(text) => neutralize(text),
            Cell::Plain(text) => std::borrow::Cow::Owned(text),
        }
    }
}

/// A column of the review log: its header, and its cell in a row.
type ReviewColumn = (&'static str, for<'r> fn(&'r ReviewRow) -> Cell<'r>);

/// The columns of the review-log export, header and cell together: the four FSRS tools read first, then
/// codedrill's own.
const REVIEW_COLUMNS: [ReviewColumn; 19] = [
    ("card_id", |r| Cell::int(r.card_id)),
    ("review_time", |r| {
        Cell::Plain(r.reviewed_at.to_rfc3339_opts(SecondsFormat::Millis, true))
    }),
    ("review_rating", |r| Cell::int(r.rating as i64)),
    ("review_duration", |r| Cell::int(r.duration_ms)),
    ("deck", |r| Cell::Text(&r.deck)),
    ("card_key", |r| Cell::Text(&r.card_key)),
    ("code", |r| Cell::Text(&r.code)),
    ("answer", |r| Cell::Text(&r.answer)),
    ("correct", |r| Cell::int(i64::from(r.correct))),
    ("review_kind", |r| Cell::word(r.kind.name())),
    ("side", |r| Cell::word(r.side.as_str())),
    ("state_before", |r| Cell::word(r.state_before.name())),
    ("state_after", |r| Cell::word(r.state_after.name())),
    ("ivl_before", |r| Cell::int(r.ivl_before)),
    ("ivl_after", |r| Cell::int(r.ivl_after)),
    ("elapsed_days", |r| Cell::int(r.elapsed_days)),
    ("stability", |r| Cell::real(r.stability)),
    ("difficulty", |r| Cell::real(r.difficulty)),
    ("mistake", |r| {
        Cell::word(r.mistake.map_or("", MistakeClass::as_str))
    }),
];

/// The review log as CSV: the header when made, then a line a row.
pub struct ReviewLog<W: Write> {
    writer: csv::Writer<W>,
}

impl<W: Write> ReviewLog<W> {
    pub fn new(out: W) -> csv::Result<ReviewLog<W>> {
        let mut writer = csv_writer(out);
        writer.write_record(REVIEW_COLUMNS.map(|(name, _)| name))?;
        Ok(ReviewLog { writer })
    }

    pub fn write(&mut self, row: &ReviewRow) -> csv::Result<()> {
        let cells = REVIEW_COLUMNS.map(|(_, cell)| cell(row).into_text());
        self.writer.write_record(cells.iter().map(|c| c.as_bytes()))
    }

    pub fn finish(mut self) -> csv::Result<()> {
        self.writer.flush()?;
        Ok(())
    }
}

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

    #[test]
    fn a_review_row_is_written_with_its_header_and_text_cells_guarded() {
        let row = ReviewRow {
            card_id: 7,
            reviewed_at: DateTime::parse_from_rfc3339("2026-11-23T09:00:01.5Z")
                .unwrap()
                .with_timezone(&Utc),
            rating: Rating::Again,
            duration_ms: 4200,
            deck: "mine".into(),
            card_key: "-itis".into(),
            code: "E11.9".into(),
            answer: "=1+1".into(),
            correct: false,
            kind: ReviewKind::Relearn,
            side: Side::Meaning,
            state_before: State::Review,
            state_after: State::Relearning,
            ivl_before: 12,
            ivl_after: 0,
            elapsed_days: 13,
            stability: Some(2.0 / 3.0),
            difficulty: None,
            mistake: Some(MistakeClass::NoAnswer),
        };
        let mut out = Vec::new();
        let mut log = ReviewLog::new(&mut out).unwrap();
        log.write(&row).unwrap();
        log.finish().unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!(
                "{}\n7,2026-11-23T09:00:01.500Z,1,4200,mine,'-itis,E11.9,'=1+1,0,relearn,meaning,review,\
                 relearning,12,0,13,0.6667,,{}\n",
                REVIEW_COLUMNS.map(|(name, _)| name).join(","),
                MistakeClass::NoAnswer.as_str()
            )
        );
    }
}
