//! Writing decks and the review log as CSV (and decks for Anki: [`anki`]).
//!
//! A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would run as a formula when the
//! file is opened in a spreadsheet (CSV injection). Such cells get a leading `'`, which spreadsheets show
//! as text; `import` takes it off again, so an exported deck imports back unchanged (`-itis` stays `-itis`).
//! A cell that already looks guarded (`'=x`, typed so on purpose) gets one more `'`, so that taking one
//! off gives it back as it was.

use std::io::Write;

use chrono::{DateTime, SecondsFormat, Utc};

use crate::answer::{Lookups, Mode};
use crate::deck::{CardContent, Column, Side};
use crate::mistake::MistakeClass;
use crate::schedule::{Rating, ReviewKind, State};

pub mod anki;

const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text` made safe to open in a spreadsheet.
pub fn neutralize(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) || guarded(text) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The inverse of [`neutralize`].
pub fn unneutralize(text: &str) -> &str {
    if guarded(text) { &text[1..] } else { text }
}

/// One or more `'` and then a formula's first character: what [`neutralize`] writes.
fn guarded(text: &str) -> bool {
    text.starts_with('\'') && text.trim_start_matches('\'').starts_with(FORMULA_STARTS)
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
    /// How the answer was given (`type`, `choice`, `flip`, `lookup`).
    pub mode: Mode,
    /// In a lookup drill: the lookups made and the whole coding time.
    pub lookups: Option<Lookups>,
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

/// The layouts of the review-log export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewLayout {
    /// What the FSRS optimizer reads: [`FSRS_COLUMNS`].
    Fsrs,
    /// Every column, times in RFC 3339: [`REVIEW_COLUMNS`].
    Readable,
}

impl ReviewLayout {
    fn columns(self) -> &'static [ReviewColumn] {
        match self {
            ReviewLayout::Fsrs => &FSRS_COLUMNS,
            ReviewLayout::Readable => &REVIEW_COLUMNS,
        }
    }
}

/// The FSRS optimizer's review-log schema: integers only, `review_time` in milliseconds since the epoch
/// (UTC), `review_state` the state before the review (0 new, 1 learning, 2 review, 3 relearning).
const FSRS_COLUMNS: [ReviewColumn; 5] = [
    ("card_id", |r| Cell::int(r.card_id)),
    ("review_time", |r| {
        Cell::int(r.reviewed_at.timestamp_millis())
    }),
    ("review_rating", |r| Cell::int(r.rating as i64)),
    ("review_state", |r| Cell::int(r.state_before as i64)),
    ("review_duration", |r| Cell::int(r.duration_ms)),
];

/// The readable layout, header and cell together: the four columns FSRS tools share first, then
/// codedrill's own (new ones only ever at the end, so a spreadsheet's formulas keep their columns).
const REVIEW_COLUMNS: [ReviewColumn; 22] = [
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
    ("mode", |r| Cell::word(r.mode.as_str())),
    ("lookups", |r| {
        Cell::int(r.lookups.map_or(0, |l| i64::from(l.count)))
    }),
    ("coding_ms", |r| {
        Cell::Plain(r.lookups.map_or(String::new(), |l| l.coding_ms.to_string()))
    }),
];

/// The review log as CSV: the header when made, then a line a row.
pub struct ReviewLog<W: Write> {
    writer: csv::Writer<W>,
    columns: &'static [ReviewColumn],
}

impl<W: Write> ReviewLog<W> {
    pub fn new(out: W, layout: ReviewLayout) -> csv::Result<ReviewLog<W>> {
        let columns = layout.columns();
        let mut writer = csv_writer(out);
        writer.write_record(columns.iter().map(|(name, _)| name))?;
        Ok(ReviewLog { writer, columns })
    }

    pub fn write(&mut self, row: &ReviewRow) -> csv::Result<()> {
        for (_, cell) in self.columns {
            self.writer.write_field(cell(row).into_text().as_bytes())?;
        }
        self.writer.write_record(None::<&[u8]>)
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
        for cell in [
            "=1+1", "+SUM(A1)", "-itis", "@cmd", "\tx", "\rx", "'=x", "''-y",
        ] {
            let safe = neutralize(cell);
            assert!(safe.starts_with('\''), "{cell:?}");
            assert_eq!(unneutralize(&safe), cell);
        }
        assert_eq!(neutralize("E11.9"), "E11.9");
        assert_eq!(unneutralize("'quoted on purpose"), "'quoted on purpose");
    }

    /// A review with formula-looking text and a learning interval (negative: seconds, as Anki logs it).
    fn sample_row() -> ReviewRow {
        ReviewRow {
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
            ivl_after: -600,
            elapsed_days: 13,
            stability: Some(2.0 / 3.0),
            difficulty: None,
            mistake: Some(MistakeClass::NoAnswer),
            mode: Mode::Lookup,
            lookups: Some(Lookups {
                count: 2,
                coding_ms: 95_000,
            }),
        }
    }

    fn written(layout: ReviewLayout, row: &ReviewRow) -> String {
        let mut out = Vec::new();
        let mut log = ReviewLog::new(&mut out, layout).unwrap();
        log.write(row).unwrap();
        log.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_readable_log_guards_text_cells_and_never_numbers() {
        assert_eq!(
            written(ReviewLayout::Readable, &sample_row()),
            format!(
                "{}\n7,2026-11-23T09:00:01.500Z,1,4200,mine,'-itis,E11.9,'=1+1,0,relearn,meaning,review,\
                 relearning,12,-600,13,0.6667,,{},lookup,2,95000\n",
                REVIEW_COLUMNS.map(|(name, _)| name).join(","),
                MistakeClass::NoAnswer.as_str()
            )
        );
    }

    #[test]
    fn the_fsrs_log_is_the_optimizers_five_integer_columns() {
        assert_eq!(
            written(ReviewLayout::Fsrs, &sample_row()),
            "card_id,review_time,review_rating,review_state,review_duration\n\
             7,1795424401500,1,2,4200\n"
        );
        let states = [
            State::New,
            State::Learning,
            State::Review,
            State::Relearning,
        ];
        for (number, state_before) in states.into_iter().enumerate() {
            let row = ReviewRow {
                state_before,
                ..sample_row()
            };
            let text = written(ReviewLayout::Fsrs, &row);
            assert!(text.ends_with(&format!(",1,{number},4200\n")), "{text}");
        }
    }
}
