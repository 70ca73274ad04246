//! Reading deck files people bring from elsewhere: CSV, TSV, semicolon- or pipe-separated; Anki's text
//! export with its `#key:value` header lines; Quizlet's term-tab-definition export; a header row named in
//! the words Anki, Quizlet and spreadsheets use, or no header at all.
//!
//! Parsing is pure ([`parse`]: bytes in, cards or every problem out). Nothing is written unless the whole
//! file is clean; writing is one transaction (`store::sync_cards`).

use crate::deck::{CardContent, Column, Fields, Problem, card_from_fields};
use crate::sanitize::clean;

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

/// Anki's special columns, given by `#deck column:` and the like (1-based in the file).
#[derive(Default)]
struct Special {
    deck: Option<usize>,
    tags: Option<usize>,
    notetype: Option<usize>,
    guid: Option<usize>,
}

/// What the header lines say.
struct Headers {
    delimiter: Option<u8>,
    html: Html,
    columns: Option<String>,
    deck: Option<String>,
    tags: Option<String>,
    special: Special,
}

/// The role of each column of the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Field(Column),
    Deck,
    Ignored,
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
    let mut problems = Vec::new();
    let line_of = |r: &csv::ByteRecord| r.position().map_or(0, |p| p.line()) + header_lines;

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
            (named_slots(&names, line_of(&first), &mut problems), true)
        }
        None => (
            positional_slots(
                first_fields.len(),
                &headers.special,
                line_of(&first),
                &mut problems,
            ),
            false,
        ),
    };
    if !problems.is_empty() {
        return Err(problems);
    }

    let mut decks: Vec<(Option<String>, Vec<CardContent>)> = Vec::new();
    let mut rows = 0;
    let first_is_data = !had_header_row;
    let all = first_is_data
        .then_some(Ok(first))
        .into_iter()
        .chain(records);
    for record in all {
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
        let line = line_of(&record);
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        rows += 1;
        if record.len() != slots.len() {
            problems.push(Problem {
                line,
                message: format!(
                    "this row has {} fields but the file has {} columns; a field with a '{}' in it must be \
                     in double quotes",
                    record.len(),
                    slots.len(),
                    delimiter_name(delimiter)
                ),
            });
            continue;
        }
        let mut fields = Fields::default();
        let mut deck = headers.deck.clone();
        for (slot, raw) in slots.iter().zip(record.iter()) {
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
        match card_from_fields(fields) {
            Ok(card) => match decks.iter_mut().find(|(name, _)| *name == deck) {
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
    if problems.is_empty() {
        Ok(Parsed {
            decks,
            rows,
            delimiter,
            had_header_row,
        })
    } else {
        Err(problems)
    }
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

/// Reads Anki's `#key:value` lines at the top of the file. They end at the first line not starting with
/// `#`. Returns the headers, how many lines they took, and the rest of the text.
fn read_headers(text: &str) -> Result<(Headers, u64, &str), Vec<Problem>> {
    let mut headers = Headers {
        delimiter: None,
        html: Html::ToText,
        columns: None,
        deck: None,
        tags: None,
        special: Special::default(),
    };
    let mut problems = Vec::new();
    let mut rest = text;
    let mut lines = 0u64;
    while rest.starts_with('#') {
        let end = rest.find('\n').map_or(rest.len(), |i| i + 1);
        let line = rest[..end].trim_end_matches(['\n', '\r']);
        rest = &rest[end..];
        lines += 1;
        let Some((key, value)) = line[1..].split_once(':') else {
            problems.push(Problem {
                line: lines,
                message: format!(
                    "'{}' is not a header line: header lines look like #separator:tab; remove the '#' if \
                     this is a card",
                    clean(line)
                ),
            });
            continue;
        };
        let key = key.trim().to_lowercase();
        let value = value.trim();
        let column_number = |problems: &mut Vec<Problem>| -> Option<usize> {
            match value.parse::<usize>() {
                Ok(n) if n >= 1 => Some(n),
                _ => {
                    problems.push(Problem {
                        line: lines,
                        message: format!(
                            "#{key}: must be a column number (1 for the first), not '{}'",
                            clean(value)
                        ),
                    });
                    None
                }
            }
        };
        match key.as_str() {
            "separator" => match separator(value) {
                Some(d) => headers.delimiter = Some(d),
                None => problems.push(Problem {
                    line: lines,
                    message: format!(
                        "#separator:{} is not a separator codedrill reads; use comma, semicolon, tab, pipe, \
                         space or colon",
                        clean(value)
                    ),
                }),
            },
            "html" => match value.to_lowercase().as_str() {
                "true" | "yes" | "1" => headers.html = Html::ToText,
                "false" | "no" | "0" => headers.html = Html::Literal,
                _ => problems.push(Problem {
                    line: lines,
                    message: format!("#html: must be true or false, not '{}'", clean(value)),
                }),
            },
            "columns" => headers.columns = Some(value.to_owned()),
            "deck" => headers.deck = Some(value.to_owned()).filter(|d| !d.is_empty()),
            "tags" => headers.tags = Some(value.to_owned()).filter(|t| !t.is_empty()),
            "notetype" => {}
            "deck column" => headers.special.deck = column_number(&mut problems),
            "tags column" => headers.special.tags = column_number(&mut problems),
            "notetype column" => headers.special.notetype = column_number(&mut problems),
            "guid column" => headers.special.guid = column_number(&mut problems),
            _ => problems.push(Problem {
                line: lines,
                message: format!(
                    "unknown header '#{key}:'; the headers codedrill reads are #separator, #html, #columns, \
                     #deck, #tags, #notetype, #deck column, #tags column, #notetype column and #guid column"
                ),
            }),
        }
    }
    if problems.is_empty() {
        Ok((headers, lines, rest))
    } else {
        Err(problems)
    }
}

fn separator(value: &str) -> Option<u8> {
    Some(match value.to_lowercase().as_str() {
        "comma" | "," => b',',
        "semicolon" | ";" => b';',
        "tab" | "\\t" | "\t" => b'\t',
        "pipe" | "|" => b'|',
        "space" | " " => b' ',
        "colon" | ":" => b':',
        _ => return None,
    })
}

fn delimiter_name(d: u8) -> &'static str {
    match d {
        b'\t' => "tab",
        b';' => ";",
        b'|' => "|",
        b' ' => "space",
        b':' => ":",
        _ => ",",
    }
}

/// The delimiter that splits the first lines into the same number of fields (more than one). When several
/// do, the one rarest in ordinary prose wins (tab, pipe, semicolon, then comma), since a comma inside a
/// description is common. With none consistent, the most frequent. Quoted text is skipped.
pub fn sniff_delimiter(body: &str) -> u8 {
    let sample: Vec<&str> = body
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let candidates = [b'\t', b'|', b';', b','];
    let counts =
        |d: u8| -> Vec<usize> { sample.iter().map(|l| count_outside_quotes(l, d)).collect() };
    let consistent = candidates.iter().find(|&&d| {
        let c = counts(d);
        c.first()
            .is_some_and(|&first| first > 0 && c.iter().all(|&n| n == first))
    });
    match consistent {
        Some(&d) => d,
        None => candidates
            .iter()
            .copied()
            .max_by_key(|&d| (counts(d).iter().sum::<usize>(), d == b','))
            .unwrap_or(b','),
    }
}

/// How often `d` splits `line`: not inside quotes, and not the `;` ending an HTML entity (`&amp;`).
fn count_outside_quotes(line: &str, d: u8) -> usize {
    let bytes = line.as_bytes();
    let mut quoted = false;
    let mut entity_start: Option<usize> = None;
    let mut n = 0;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'&' => entity_start = Some(i),
            b';' if entity_start.is_some_and(|s| i - s <= 10) => {
                entity_start = None;
                continue;
            }
            c if !(c.is_ascii_alphanumeric() || c == b'#') => entity_start = None,
            _ => {}
        }
        if b == d && !quoted {
            n += 1;
        }
    }
    n
}

/// A first row is a header row when it names the code column and most of its fields are column names;
/// the names it gets wrong are then reported rather than imported as a card.
fn looks_like_header(fields: &[String]) -> bool {
    let slots: Vec<Option<Slot>> = fields.iter().map(|f| header_slot(f)).collect();
    let named = slots.iter().filter(|s| s.is_some()).count();
    slots.contains(&Some(Slot::Field(Column::Code))) && named * 2 > fields.len()
}

fn header_slot(name: &str) -> Option<Slot> {
    let key = name.trim().to_lowercase();
    match key.as_str() {
        "deck" => Some(Slot::Deck),
        "notetype" | "note type" => Some(Slot::Ignored),
        _ => Column::from_header(&key).map(Slot::Field),
    }
}

fn named_slots(names: &[&str], line: u64, problems: &mut Vec<Problem>) -> Vec<Slot> {
    let mut slots = Vec::with_capacity(names.len());
    for name in names {
        match header_slot(name) {
            Some(Slot::Field(c)) if slots.contains(&Slot::Field(c)) => problems.push(Problem {
                line,
                message: format!(
                    "the column '{}' is named twice; rename or remove one",
                    clean(name)
                ),
            }),
            Some(slot) => slots.push(slot),
            None => problems.push(Problem {
                line,
                message: format!(
                    "unknown column '{}'; the columns are {} (or front/back, term/definition)",
                    clean(name),
                    Column::ALL.map(Column::name).join(", ")
                ),
            }),
        }
    }
    if problems.is_empty() && !slots.contains(&Slot::Field(Column::Code)) {
        problems.push(Problem {
            line,
            message: "no column holds the code or term; name one 'code' (or 'front' or 'term')"
                .into(),
        });
    }
    slots
}

/// Columns of a file without a header row: Anki's special columns where the header lines put them; of
/// the rest, the first is the code, the second the description, the third a note.
fn positional_slots(
    n: usize,
    special: &Special,
    line: u64,
    problems: &mut Vec<Problem>,
) -> Vec<Slot> {
    let mut slots = vec![Slot::Ignored; n];
    let mut set = |index: Option<usize>, slot: Slot, problems: &mut Vec<Problem>| {
        if let Some(i) = index {
            match slots.get_mut(i - 1) {
                Some(s) => *s = slot,
                None => problems.push(Problem {
                    line,
                    message: format!(
                        "a header names column {i}, but the rows have only {n} columns"
                    ),
                }),
            }
        }
    };
    set(special.deck, Slot::Deck, problems);
    set(special.tags, Slot::Field(Column::Tags), problems);
    set(special.guid, Slot::Field(Column::Id), problems);
    set(special.notetype, Slot::Ignored, problems);
    let taken = [special.deck, special.tags, special.guid, special.notetype];
    let mut free = (1..=n).filter(|i| !taken.contains(&Some(*i)));
    for column in [Column::Code, Column::Description, Column::Note] {
        if let Some(i) = free.next() {
            slots[i - 1] = Slot::Field(column);
        }
    }
    if free.next().is_some() {
        problems.push(Problem {
            line,
            message: format!(
                "this file has {n} columns but no header row to name them; add a first row such as \
                 code,description,note,... (see docs/deck-format.md)"
            ),
        });
    } else if n < 2 {
        problems.push(Problem {
            line,
            message: "each row needs at least two fields, the code and its description; check the separator"
                .into(),
        });
    }
    slots
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
