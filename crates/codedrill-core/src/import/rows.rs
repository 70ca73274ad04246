//! A row into its card (or, for an Anki cloze note, its cards): which field is which, each field's text
//! after the documented clean-ups, and what is wrong with a row, in words that say what to change.

use super::Html;
use super::cloze;
use super::columns::{Slot, looks_like_header, named_slots, positional_slots};
use super::headers::Headers;
use super::reader::Record;
use crate::deck::{CardContent, Column, Fields, Problem, card_from_fields, fingerprint};
use crate::sanitize::{clean, has_unsafe};

/// How the rows of a file are read: which column is which.
pub(super) struct Layout {
    pub(super) slots: Vec<Slot>,
    pub(super) had_header_row: bool,
    /// Whether cloze notes are read as such: in a file without a header row (Anki's export) or whose
    /// code column is Anki's "Text". A codedrill export names its columns `code,...`, so it never is.
    cloze: bool,
    /// The separator, as messages name it.
    separator: String,
}

impl Layout {
    /// The columns, from the `#columns:` header, a header row (`first`), or their positions. `fields` is
    /// how many fields most rows have, when known, so one odd first row does not set the layout.
    pub(super) fn of(
        first: &Record,
        headers: &Headers,
        fields: Option<usize>,
        separator: &str,
    ) -> Result<Layout, Vec<Problem>> {
        let mut problems = Vec::new();
        let first_fields: Vec<&str> = first.iter().collect();
        let named = |names: &[&str]| names.iter().any(|n| n.trim().eq_ignore_ascii_case("text"));
        let (slots, had_header_row, cloze) = match &headers.columns {
            Some((names, line)) => {
                let names: Vec<&str> = names.split(separator).collect();
                (
                    named_slots(&names, *line, &mut problems),
                    false,
                    named(&names),
                )
            }
            None if looks_like_header(&first_fields) => {
                let slots = named_slots(&first_fields, first.line, &mut problems);
                (slots, true, named(&first_fields))
            }
            None => {
                let n = fields.unwrap_or(first_fields.len());
                let slots = positional_slots(n, &headers.special, first.line, &mut problems);
                (slots, false, true)
            }
        };
        match problems.is_empty() {
            true => Ok(Layout {
                slots,
                had_header_row,
                cloze,
                separator: match separator {
                    "\t" => "tab".to_owned(),
                    other => format!("'{}'", other.escape_debug()),
                },
            }),
            false => Err(problems),
        }
    }

    fn column_names(&self) -> String {
        let names: Vec<&str> = self
            .slots
            .iter()
            .map(|s| match s {
                Slot::Field(c) => c.name(),
                Slot::Deck => "deck",
                Slot::Ignored => "not read",
            })
            .collect();
        names.join(", ")
    }

    /// What is wrong with a row whose number of fields is not the file's.
    fn count_problem(&self, record: &Record) -> Problem {
        let (n, m) = (record.len(), self.slots.len());
        let counts = format!(
            "this row has {} where the file has {m} columns ({})",
            crate::words::plural(n as i64, "field"),
            self.column_names()
        );
        let sep = &self.separator;
        let message = if let Some(opened) = record.spanning_quote {
            return Problem {
                line: opened,
                message: format!(
                    "a quote (\") opens here and closes on line {}, and the row it starts then has {n} \
                     fields where the file has {m} columns: the quote has most likely taken in the rows \
                     after it; check for a quote that is not closed",
                    record.end_line
                ),
            };
        } else if record.iter().any(curly_quoted) {
            format!(
                "{counts}; this file uses curly quotes (“ ”), which CSV does not read as quotes: save it \
                 again as CSV UTF-8, or type straight quotes (\")"
            )
        } else if record
            .iter()
            .any(|f| f.len() > f.trim_start().len() && f.trim_start().starts_with('"'))
        {
            format!(
                "{counts}; a quote after a space does not start a quoted field: remove the space before the \""
            )
        } else if n == m + 1 && record.get(m).trim().is_empty() {
            format!("{counts}; the row ends with a {sep} too many: remove it")
        } else if n > m {
            format!("{counts}; a field with a {sep} in it must be in double quotes")
        } else {
            format!("{counts}; a {sep} is missing, or the row is broken across two lines")
        };
        Problem {
            line: record.line,
            message,
        }
    }
}

/// A field wrapped in curly quotes, as a word processor or a phone types them.
fn curly_quoted(field: &str) -> bool {
    let f = field.trim();
    f.starts_with(['“', '”', '„']) || f.ends_with(['“', '”'])
}

/// One row's deck (if it names one) and whether invisible characters were taken out of its text.
pub(super) struct Row {
    pub(super) deck: Option<String>,
    pub(super) cleaned: bool,
}

/// The cards of one row, pushed onto `out`; or what is wrong with the row.
pub(super) fn row_cards(
    record: &Record,
    layout: &Layout,
    headers: &Headers,
    out: &mut Vec<CardContent>,
) -> Result<Row, Problem> {
    let at = |message: String| Problem {
        line: record.line,
        message,
    };
    if record.len() != layout.slots.len() {
        return Err(layout.count_problem(record));
    }
    let mut fields = Fields::default();
    let mut row = Row {
        deck: headers.deck.clone(),
        cleaned: false,
    };
    for (slot, raw) in layout.slots.iter().zip(record.iter()) {
        match slot {
            Slot::Field(column) => {
                *fields.get_mut(*column) = field_text(raw, headers.html, &mut row.cleaned)
            }
            Slot::Deck => {
                let value = field_text(raw, headers.html, &mut row.cleaned);
                if !value.trim().is_empty() {
                    row.deck = Some(value.trim().to_owned());
                }
            }
            Slot::Ignored => {}
        }
    }
    let tags = fields.get_mut(Column::Tags);
    if let Some(extra) = &headers.tags {
        if !tags.is_empty() {
            tags.push(' ');
        }
        tags.push_str(extra);
    }
    if tags.contains([',', ';']) {
        // Anki separates tags with spaces; spreadsheets often use commas or semicolons.
        *tags = tags.replace([',', ';'], " ");
    }
    if layout.cloze && cloze::is_cloze(fields.get(Column::Code)) {
        cloze_cards(fields, out).map_err(at)?;
    } else {
        out.push(card_from_fields(fields).map_err(at)?);
    }
    Ok(row)
}

/// A cloze note's cards: the note's text is in the code column, Anki's "Back Extra" (the description
/// column) becomes the note shown after answering.
fn cloze_cards(mut fields: Fields, out: &mut Vec<CardContent>) -> Result<(), String> {
    let text = std::mem::take(fields.get_mut(Column::Code));
    let extra = std::mem::take(fields.get_mut(Column::Description));
    let note = fields.get_mut(Column::Note);
    if !extra.trim().is_empty() {
        *note = match note.trim().is_empty() {
            true => extra,
            false => format!("{}\n{note}", extra.trim()),
        };
    }
    let id = fields.get(Column::Id).trim().to_owned();
    // The text takes the description's place for the checks every field gets (its length).
    *fields.get_mut(Column::Code) = "cloze".into();
    *fields.get_mut(Column::Description) = text;
    let template = card_from_fields(fields)?;
    let note_key = match id.is_empty() {
        true => format!("cloze {}", &fingerprint(&template.description)[..12]),
        false => id,
    };
    for card in cloze::cards(&template.description)? {
        out.push(card.card(&note_key, template.clone()));
    }
    Ok(())
}

/// A field's text: HTML made plain only if the file says its fields are HTML, control and invisible
/// characters taken out (`cleaned` says so), and the spreadsheet-safety quote of our export taken off.
fn field_text(raw: &str, html: Html, cleaned: &mut bool) -> String {
    // Most fields need none of the work below: one allocation, no scans beyond this one.
    let plain = |b: u8| !matches!(b, b'<' | b'&' | b'\'') && (b >= 0x20 || b == b'\n') && b < 0x7f;
    if raw.bytes().all(plain) {
        return raw.to_owned();
    }
    let text = match html {
        Html::ToText => crate::html::to_text(raw),
        Html::Literal => std::borrow::Cow::Borrowed(raw),
    };
    if has_unsafe(&text) {
        *cleaned = true;
    }
    let text = clean(&text);
    crate::export::unneutralize(&text).to_owned()
}
