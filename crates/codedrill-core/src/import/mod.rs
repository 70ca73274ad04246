//! Reading deck files people bring from elsewhere: CSV, TSV, semicolon- or pipe-separated; Anki's text
//! export with its `#key:value` header lines; Quizlet's term-tab-definition export; a header row named in
//! the words Anki, Quizlet and spreadsheets use, or no header at all.
//!
//! Parsing is pure ([`parse`]: bytes in, cards or every problem out). Nothing is written unless the whole
//! file is clean; writing is one transaction (`store::sync_cards`).

use crate::deck::{CardContent, Column, Fields, Problem, card_from_fields};
use crate::sanitize::clean;

mod columns;
mod headers;

use columns::{Slot, looks_like_header, named_slots, positional_slots};
pub use headers::sniff_delimiter;
use headers::{Headers, delimiter_name, read_headers};

/// The largest file accepted: ten times the whole of ICD-10-CM as a deck.
pub const MAX_FILE_BYTES: usize = 100 * 1024 * 1024;
/// The most problems listed before the rest are summarised.
pub const MAX_PROBLEMS_SHOWN: usize = 50;
/// Reading stops after this many problems: a file that broken needs fixing first, and the list must not
/// grow with the file.
pub const MAX_PROBLEMS: usize = 1_000;

/// What to do with a card whose key (the first field, or the id column) is already in the deck.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnDuplicate {
    /// Change the card's text and keep its schedule and history.
    Update,
    /// Leave the card as it is.
    Skip,
    /// Add another card with the same code.
    Add,
}

/// How HTML in fields is treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Html {
    /// Tags and entities are turned into plain text (the default, and what `#html:true` asks for).
    ToText,
    /// `#html:false`: the text is literal; a `<` or `&` is kept as typed.
    Literal,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Parsed {
    /// Cards by the deck the file names for them (`#deck:` or a deck column); `None` for the default deck.
    pub decks: Vec<(Option<String>, Vec<CardContent>)>,
    pub rows: usize,
    pub delimiter: u8,
    pub had_header_row: bool,
}

pub fn parse(bytes: &[u8]) -> Result<Parsed, Vec<Problem>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(vec![Problem {
            line: 0,
            message: format!(
                "the file is {} MB, more than the {} MB codedrill reads; split it into smaller files",
                bytes.len() / 1_000_000,
                MAX_FILE_BYTES / 1_000_000
            ),
        }]);
    }
    let text = utf8(bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (headers, header_lines, body) = read_headers(text)?;
    let delimiter = headers.delimiter.unwrap_or_else(|| sniff_delimiter(body));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let mut records = reader.byte_records();
    // The first record may be a header row naming the columns.
    let first = match records.next() {
        None => {
            return Err(vec![Problem {
                line: header_lines + 1,
                message: "the file has no cards in it; check that it is the right file".into(),
            }]);
        }
        Some(Err(e)) => return Err(vec![csv_problem(&e, header_lines)]),
        Some(Ok(r)) => r,
    };
    let layout = Layout::of(&first, &headers, header_lines, delimiter)?;
    let all = (!layout.had_header_row)
        .then_some(Ok(first))
        .into_iter()
        .chain(records);
    read_rows(all, &layout, &headers, header_lines)
}

/// How the rows of a file are read: which column is which, and the separator.
struct Layout {
    slots: Vec<Slot>,
    had_header_row: bool,
    delimiter: u8,
}

impl Layout {
    /// The columns, from the `#columns:` header, a header row, or their positions.
    fn of(
        first: &csv::ByteRecord,
        headers: &Headers,
        header_lines: u64,
        delimiter: u8,
    ) -> Result<Layout, Vec<Problem>> {
        let mut problems = Vec::new();
        let first_line = line_of(first, header_lines);
        let first_fields: Vec<String> = first
            .iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect();
        let (slots, had_header_row) = match &headers.columns {
            Some(names) => {
                let names: Vec<&str> = names.split(delimiter as char).collect();
                (named_slots(&names, header_lines, &mut problems), false)
            }
            None if looks_like_header(&first_fields) => {
                let names: Vec<&str> = first_fields.iter().map(String::as_str).collect();
                (named_slots(&names, first_line, &mut problems), true)
            }
            None => {
                let n = first_fields.len();
                let slots = positional_slots(n, &headers.special, first_line, &mut problems);
                (slots, false)
            }
        };
        match problems.is_empty() {
            true => Ok(Layout {
                slots,
                had_header_row,
                delimiter,
            }),
            false => Err(problems),
        }
    }
}

fn line_of(record: &csv::ByteRecord, header_lines: u64) -> u64 {
    record.position().map_or(0, |p| p.line()) + header_lines
}

/// Every row into a card of its deck, or every problem with its line.
fn read_rows(
    records: impl Iterator<Item = csv::Result<csv::ByteRecord>>,
    layout: &Layout,
    headers: &Headers,
    header_lines: u64,
) -> Result<Parsed, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut decks: Vec<(Option<String>, Vec<CardContent>)> = Vec::new();
    let mut rows = 0;
    for record in records {
        if problems.len() >= MAX_PROBLEMS {
            problems.push(Problem {
                line: 0,
                message: format!(
                    "stopped reading after {MAX_PROBLEMS} problems; fix these and import again"
                ),
            });
            break;
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(csv_problem(&e, header_lines));
                continue;
            }
        };
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        rows += 1;
        let line = line_of(&record, header_lines);
        match row_card(&record, layout, headers) {
            Ok((deck, card)) => match decks.iter_mut().find(|(name, _)| *name == deck) {
                Some((_, cards)) => cards.push(card),
                None => decks.push((deck, vec![card])),
            },
            Err(message) => problems.push(Problem { line, message }),
        }
    }
    if rows == 0 && problems.is_empty() {
        problems.push(Problem {
            line: header_lines + 1,
            message: "the file has a header row but no cards; add a row for each card".into(),
        });
    }
    match problems.is_empty() {
        true => Ok(Parsed {
            decks,
            rows,
            delimiter: layout.delimiter,
            had_header_row: layout.had_header_row,
        }),
        false => Err(problems),
    }
}

/// One row: the card, and the deck it names (if any), or what is wrong with it.
fn row_card(
    record: &csv::ByteRecord,
    layout: &Layout,
    headers: &Headers,
) -> Result<(Option<String>, CardContent), String> {
    if record.len() != layout.slots.len() {
        return Err(format!(
            "this row has {} fields but the file has {} columns; a field with a '{}' in it must be \
             in double quotes",
            record.len(),
            layout.slots.len(),
            delimiter_name(layout.delimiter)
        ));
    }
    let mut fields = Fields::default();
    let mut deck = headers.deck.clone();
    for (slot, raw) in layout.slots.iter().zip(record.iter()) {
        match slot {
            Slot::Field(column) => *fields.get_mut(*column) = field_text(raw, headers.html),
            Slot::Deck => {
                let value = field_text(raw, headers.html);
                if !value.trim().is_empty() {
                    deck = Some(value.trim().to_owned());
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
    card_from_fields(fields).map(|card| (deck, card))
}

/// The file as text, or every place it is not UTF-8.
fn utf8(bytes: &[u8]) -> Result<&str, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut offset = 0;
    while offset < bytes.len() {
        match std::str::from_utf8(&bytes[offset..]) {
            Ok(_) => break,
            Err(e) => {
                let at = offset + e.valid_up_to();
                let line = bytes[..at].iter().filter(|b| **b == b'\n').count() as u64 + 1;
                problems.push(Problem {
                    line,
                    message: format!(
                        "this line is not valid UTF-8 text (byte offset {at}); save the file as \
                         \"CSV UTF-8\" (Excel) or UTF-8 and import it again"
                    ),
                });
                offset = at + e.error_len().unwrap_or(bytes.len() - at).max(1);
                if problems.len() >= MAX_PROBLEMS_SHOWN {
                    break;
                }
            }
        }
    }
    match problems.is_empty() {
        // The loop only ends without problems when the whole file is valid.
        true => std::str::from_utf8(bytes).map_err(|_| problems),
        false => Err(problems),
    }
}

/// A field's text: HTML made plain unless the file says it is literal, control characters removed, and a
/// spreadsheet-safety quote (added by our export) taken off again.
fn field_text(raw: &[u8], html: Html) -> String {
    let text = String::from_utf8_lossy(raw);
    // Most fields need none of the work below: one allocation, no scans beyond this one.
    let plain = |b: &u8| {
        !matches!(b, b'<' | b'&' | b'\'' | b'\r') && (*b >= 0x20 || *b == b'\n') && *b < 0x7f
    };
    if raw.iter().all(plain) {
        return text.into_owned();
    }
    let text = match html {
        Html::ToText => crate::html::to_text(&text).into_owned(),
        Html::Literal => text.into_owned(),
    };
    let text = clean(&text).replace("\r\n", "\n");
    crate::export::unneutralize(&text).to_owned()
}

fn csv_problem(e: &csv::Error, header_lines: u64) -> Problem {
    let line = e.position().map_or(0, |p| p.line()) + header_lines;
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            "this row is not valid UTF-8 text; save the file as UTF-8".into()
        }
        _ => format!("this row cannot be read ({e}); check its quotes"),
    };
    Problem { line, message }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::System;

    fn cards(text: &str) -> Vec<CardContent> {
        let parsed = parse(text.as_bytes()).unwrap();
        parsed.decks.into_iter().flat_map(|(_, c)| c).collect()
    }

    fn problems(text: &[u8]) -> Vec<(u64, String)> {
        parse(text)
            .unwrap_err()
            .into_iter()
            .map(|p| (p.line, p.message))
            .collect()
    }

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter("a,b\nc,d\n"), b',');
        assert_eq!(sniff_delimiter("a\tb, c\nd\te, f\n"), b'\t');
        assert_eq!(sniff_delimiter("a;b\nc;d\n"), b';');
        assert_eq!(sniff_delimiter("a|b\nc|d\n"), b'|');
        assert_eq!(sniff_delimiter("\"a,x\";b\nc;d\n"), b';');
        assert_eq!(
            sniff_delimiter("J06.9|Infection, unspecified\nR51.9|Headache, unspecified\n"),
            b'|'
        );
        assert_eq!(
            sniff_delimiter("a,b\nc,d,e\n"),
            b',',
            "none consistent: the most frequent"
        );
        assert_eq!(
            sniff_delimiter("HbA1c,<b>kept</b> &amp; more\n"),
            b',',
            "an entity's ; is not a separator"
        );
    }

    #[test]
    fn a_headerless_two_column_file_is_code_and_description() {
        let c = cards(
            "E11.9,Type 2 diabetes mellitus without complications\nI10,Essential (primary) hypertension\n",
        );
        assert_eq!(c.len(), 2);
        assert_eq!((c[1].code.as_str(), c[1].system), ("I10", System::Code));
    }

    #[test]
    fn a_header_row_is_matched_by_name() {
        let c = cards("Front;Back;Tags\ncardi/o;heart;cardio body\n");
        assert_eq!(
            (c[0].code.as_str(), c[0].description.as_str()),
            ("cardi/o", "heart")
        );
        assert_eq!(c[0].tags, "cardio body");
    }

    #[test]
    fn anki_headers_set_the_format() {
        let text = "#separator:tab\n#html:true\n#deck column:3\n#tags column:4\n\
                    BID\ttwice a day<br>(b.i.d.)\tAbbrev\tfreq rx\nq\tevery\tAbbrev\t\n";
        let parsed = parse(text.as_bytes()).unwrap();
        assert_eq!(parsed.decks.len(), 1);
        let (deck, c) = &parsed.decks[0];
        assert_eq!(deck.as_deref(), Some("Abbrev"));
        assert_eq!(c[0].description, "twice a day\n(b.i.d.)");
        assert_eq!(c[0].tags, "freq rx");
    }

    #[test]
    fn literal_html_is_kept_when_the_file_says_so() {
        let c = cards("#html:false\nHbA1c,<b>kept</b> &amp;\n");
        assert_eq!(c[0].description, "<b>kept</b> &amp;");
    }

    #[test]
    fn header_lines_end_at_the_first_line_without_a_hash() {
        let c =
            cards("#separator:comma\ncode,description\n#1,a card whose code starts with a hash\n");
        assert_eq!(c[0].code, "#1");
    }

    #[test]
    fn bom_crlf_and_quoted_line_breaks_are_read() {
        let c = cards("\u{feff}code,description\r\nA1,\"two\r\nlines\"\r\n");
        assert_eq!(c[0].code, "A1");
        assert_eq!(c[0].description, "two\nlines");
    }

    #[test]
    fn every_problem_is_reported() {
        let p = problems(b"code,description\nA1,one\n,empty code\nB2,two,extra\n");
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].0, 3);
        assert!(p[0].1.contains("code is empty"));
        assert_eq!(p[1].0, 4);
        assert!(p[1].1.contains("3 fields but the file has 2 columns"));
    }

    #[test]
    fn invalid_utf8_is_located() {
        let p = problems(b"A1,ok\nB2,caf\xe9\nC3,\xff\xfe\n");
        assert_eq!(p.len(), 3, "{p:?}");
        assert_eq!((p[0].0, p[1].0), (2, 3));
        assert!(p[0].1.contains("byte offset 12"), "{}", p[0].1);
    }

    #[test]
    fn unknown_headers_and_columns_are_named() {
        let p = problems(b"#colour:blue\nA,b\n");
        assert!(p[0].1.contains("unknown header '#colour:'"), "{p:?}");
        let p = problems(b"code,meaning,colour\nA,b,c\n");
        assert_eq!(
            p,
            [(
                1,
                "unknown column 'colour'; the columns are code, description, system, \
                             category, tags, aliases, note, source, version, id (or front/back, \
                             term/definition)"
                    .to_string()
            )]
        );
    }

    #[test]
    fn a_header_row_with_an_unknown_name_is_refused() {
        let p = problems(b"#columns:code,colour\nA,b\n");
        assert!(p[0].1.contains("unknown column 'colour'"), "{p:?}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2_000))]
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512)) {
            let _ = parse(&bytes);
        }

        #[test]
        fn arbitrary_text_never_panics(text in "[#a-z,;:|\t\"\n\r<>&é ]{0,300}") {
            let _ = parse(text.as_bytes());
        }
    }
}
