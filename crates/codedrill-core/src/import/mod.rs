//! Reading deck files people bring from elsewhere: CSV, TSV, semicolon- or pipe-separated; Anki's text
//! export with its `#key:value` header lines (cloze notes too); Quizlet's export, with its own separators
//! if need be; a header row named in the words Anki, Quizlet and spreadsheets use, or no header at all.
//!
//! Parsing is pure ([`parse_with`]: bytes in, cards or every problem out) and never changes a deck
//! silently: a file is read as a strict RFC 4180 reader reads it, after the clean-ups docs/deck-format.md
//! lists, or refused at the line to fix. The steps, one module each: what the bytes are (`detect`), the
//! header lines (`headers`), the separator (`sniff`, or `custom` for Quizlet's), the records (`reader`),
//! which column is which (`columns`, `rows`), Anki's cloze notes (`cloze`), and the cards gathered into
//! decks with repeated rows found (`collect`). [`stream_with`] hands each card on as it is read, and
//! nothing after a file's first problem, so an import writes while it reads and throws the writing away
//! if the file is refused; [`parse_with`] gathers them all.

use crate::deck::{CardContent, Problem};

mod cloze;
mod collect;
mod columns;
mod custom;
mod detect;
mod headers;
mod reader;
mod rows;
mod sniff;

pub use collect::{Event, ParsedDeck};
pub use custom::Separators;
pub use sniff::{Kind, sniff_delimiter};

use collect::{Collector, Gathered};
use headers::{Headers, read_headers};
use reader::Record;
use rows::{Layout, row_cards};

/// The largest file accepted: ten times the whole of ICD-10-CM as a deck.
pub const MAX_FILE_BYTES: usize = 100 * 1024 * 1024;
/// The most problems listed before the rest are summarised.
pub const MAX_PROBLEMS_SHOWN: usize = 50;
/// Reading stops after this many problems: a file that broken needs fixing first, and the list must not
/// grow with the file.
pub const MAX_PROBLEMS: usize = 1_000;

/// What to do with a card whose key (the first field, or the id column) is already in the deck, or on an
/// earlier row of the same file with other text.
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
    /// `#html:true` (what Anki writes for HTML fields): tags and entities are turned into plain text.
    ToText,
    /// The default: the text is literal; a `<` or `&` is kept as typed.
    Literal,
}

/// How the fields of a row are told apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Separator {
    /// A CSV separator (comma, tab, semicolon...), quotes as RFC 4180 says.
    Delimiter(u8),
    /// Quizlet's own separators: no quotes, a row split once.
    Custom(Separators),
}

/// What the command line says about reading a file.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Rows of one file with the same key and other text: refused (`None`), or as `--on-duplicate` says.
    pub duplicates: Option<OnDuplicate>,
    /// What the file's name says about its separator.
    pub kind: Kind,
    /// `--separator` (and `--row-separator`), over anything the file says or the rows suggest.
    pub separator: Option<Separator>,
    /// `--deck`: every card goes into this deck, whatever the file names.
    pub deck: Option<String>,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Parsed {
    /// Cards by the deck the file names for them, in the order the decks first appear.
    pub decks: Vec<ParsedDeck>,
    /// How the file was read.
    pub read: Streamed,
}

/// [`parse_with`] with the default options.
pub fn parse(bytes: &[u8]) -> Result<Parsed, Vec<Problem>> {
    parse_with(bytes, &Options::default())
}

/// The decks a file holds, or every problem in it, each with the line to fix.
pub fn parse_with(bytes: &[u8], options: &Options) -> Result<Parsed, Vec<Problem>> {
    let mut gathered = Gathered::default();
    let read = stream_with(bytes, options, &mut |event| gathered.take(event))?;
    let mut decks = gathered.decks;
    for (deck, skipped) in decks.iter_mut().zip(&read.skipped) {
        deck.skipped = *skipped;
    }
    Ok(Parsed { decks, read })
}

/// How a file was read, once every card of it has been handed on.
#[derive(Debug, PartialEq, Eq)]
pub struct Streamed {
    /// Rows read (not blank, not the header row).
    pub rows: usize,
    /// Rows left out in each deck (numbered as the [`Event::Deck`]s came) because an earlier row had
    /// their key (`--on-duplicate skip`).
    pub skipped: Vec<usize>,
    /// The CSV separator, or `None` for Quizlet's own separators.
    pub delimiter: Option<u8>,
    pub had_header_row: bool,
    /// The `#` header lines at the top of the file.
    pub header_lines: u64,
    /// What a person should know about how the file was read: rows kept once, characters taken out.
    pub notes: Vec<String>,
}

/// Reads a file, handing each deck and card to `sink` as it comes: how it was read, or every problem in
/// it, each with the line to fix. Nothing is handed on after the first problem.
pub fn stream_with(
    bytes: &[u8],
    options: &Options,
    sink: &mut dyn FnMut(Event),
) -> Result<Streamed, Vec<Problem>> {
    let text = detect::text(bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let (headers, header_lines, body) = read_headers(text)?;
    let mut source = Source::choose(body, header_lines + 1, &headers, options);
    let mut record = Record::default();
    // The first row that is not blank: a header row, or the first card.
    loop {
        if !source.read(&mut record) {
            return Err(vec![Problem {
                line: header_lines + 1,
                message: "the file has no cards in it; check that it is the right file".into(),
            }]);
        }
        if !record.is_blank() {
            break;
        }
    }
    if let Some(problem) = record.problem.take() {
        return Err(vec![problem]);
    }
    let layout = Layout::of(&record, &headers, source.fields, &source.split)
        .map_err(|problems| custom::with_separator_hint(problems, body))?;
    let mut reading = Reading::new(options, source.rows, sink);
    if !layout.had_header_row {
        reading.row(&record, &layout, &headers);
    }
    while source.read(&mut record) {
        if record.is_blank() {
            continue;
        }
        if reading.problems.len() >= MAX_PROBLEMS {
            reading.problems.push(Problem {
                line: 0,
                message: format!(
                    "stopped reading after {MAX_PROBLEMS} problems; fix these and import again"
                ),
            });
            break;
        }
        reading.row(&record, &layout, &headers);
    }
    reading.finish(&layout, header_lines, source)
}

/// Where the records come from: the CSV reader, or Quizlet's own separators.
struct Source<'a> {
    reader: Reader<'a>,
    /// The number of fields most rows have, when known.
    fields: Option<usize>,
    /// About how many rows there are (to size the maps once).
    rows: usize,
    /// The text between two fields, for `#columns:` and for messages.
    split: String,
    delimiter: Option<u8>,
    /// A note on how the file was read, when it was not plain CSV.
    note: Option<String>,
}

enum Reader<'a> {
    Delimited(reader::Reader<'a>),
    Custom(custom::Reader<'a>),
}

impl<'a> Source<'a> {
    /// The command line's separator, else the file's `#separator:`, else a one-line Quizlet export, else
    /// the one that splits a header row into column names, else the one the rows agree on.
    fn choose(body: &'a str, first_line: u64, headers: &Headers, options: &Options) -> Source<'a> {
        let custom = match &options.separator {
            Some(Separator::Custom(s)) => Some((s.clone(), None)),
            Some(Separator::Delimiter(_)) => None,
            None if headers.delimiter.is_some() => None,
            None => custom::one_line_export(body).map(|s| {
                let note = format!("read as a Quizlet export on one line: {}", s.describe());
                (s, Some(note))
            }),
        };
        if let Some((separators, note)) = custom {
            return Source {
                split: separators.term.clone(),
                reader: Reader::Custom(custom::Reader::new(body, separators, first_line)),
                fields: Some(2),
                rows: 0,
                delimiter: None,
                note,
            };
        }
        let named = match &options.separator {
            Some(Separator::Delimiter(d)) => Some(*d),
            _ => headers.delimiter,
        };
        let (delimiter, shape) = match (named, sniff::header_row_separator(body)) {
            (Some(d), _) => (d, sniff::shape(body, d)),
            // A header row gives the number of columns: no need to count them on every row.
            (None, Some(d)) => (d, sniff::Shape::of_lines(body)),
            (None, None) => sniff::sniff(body, options.kind),
        };
        Source {
            reader: Reader::Delimited(reader::Reader::new(body, delimiter, first_line)),
            fields: shape.fields,
            rows: shape.rows,
            split: char::from(delimiter).to_string(),
            delimiter: Some(delimiter),
            note: None,
        }
    }

    fn read(&mut self, record: &mut Record) -> bool {
        match &mut self.reader {
            Reader::Delimited(r) => r.read(record),
            Reader::Custom(r) => r.read(record),
        }
    }
}

/// The rows read so far: their cards, handed on to `sink` until the first problem, and their problems.
struct Reading<'o, 's> {
    collector: Collector,
    sink: &'s mut dyn FnMut(Event),
    /// The deck every card goes into, if the command line names one.
    deck: Option<&'o str>,
    problems: Vec<Problem>,
    rows: usize,
    /// One row's cards, reused.
    cards: Vec<CardContent>,
}

impl<'o, 's> Reading<'o, 's> {
    fn new(options: &'o Options, rows: usize, sink: &'s mut dyn FnMut(Event)) -> Reading<'o, 's> {
        Reading {
            collector: Collector::new(options.duplicates, rows),
            sink,
            deck: options.deck.as_deref(),
            problems: Vec::new(),
            rows: 0,
            cards: Vec::new(),
        }
    }

    fn row(&mut self, record: &Record, layout: &Layout, headers: &Headers) {
        self.rows += 1;
        if let Some(problem) = &record.problem {
            self.problems.push(problem.clone());
            return;
        }
        self.cards.clear();
        match row_cards(record, layout, headers, &mut self.cards) {
            Ok(row) => {
                if row.cleaned {
                    self.collector.cleaned(record.line);
                }
                if let Some(opened) = record.spanning_quote {
                    self.collector.spanning(opened);
                }
                for card in self.cards.drain(..) {
                    let deck = self.deck.or(row.deck.as_deref());
                    // After a problem the file will be refused: nothing more is handed on.
                    let sink: &mut dyn FnMut(Event) = match self.problems.is_empty() {
                        true => &mut *self.sink,
                        false => &mut |_| {},
                    };
                    if let Err(p) = self.collector.add(deck, card, record.line, sink) {
                        self.problems.push(p);
                    }
                }
            }
            Err(problem) => self.problems.push(problem),
        }
    }

    fn finish(
        mut self,
        layout: &Layout,
        header_lines: u64,
        source: Source,
    ) -> Result<Streamed, Vec<Problem>> {
        if self.rows == 0 && self.problems.is_empty() {
            self.problems.push(Problem {
                line: header_lines + 1,
                message: "the file has a header row but no cards; add a row for each card".into(),
            });
        }
        if !self.problems.is_empty() {
            return Err(self.problems);
        }
        let (skipped, mut notes) = self.collector.finish();
        notes.splice(0..0, source.note);
        Ok(Streamed {
            rows: self.rows,
            skipped,
            delimiter: source.delimiter,
            had_header_row: layout.had_header_row,
            header_lines,
            notes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::System;

    fn cards(text: &str) -> Vec<CardContent> {
        let parsed = parse(text.as_bytes()).unwrap();
        parsed.decks.into_iter().flat_map(|d| d.cards).collect()
    }

    fn problems(text: &[u8]) -> Vec<(u64, String)> {
        parse(text)
            .unwrap_err()
            .into_iter()
            .map(|p| (p.line, p.message))
            .collect()
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
        let deck = &parsed.decks[0];
        assert_eq!(deck.name.as_deref(), Some("Abbrev"));
        assert_eq!(deck.cards[0].description, "twice a day\n(b.i.d.)");
        assert_eq!(deck.cards[0].tags, "freq rx");
        assert_eq!(deck.lines, [5, 6]);
    }

    #[test]
    fn html_is_text_unless_the_file_says_so() {
        let c = cards("HbA1c,Code the <laterality> of care &amp; more\n");
        assert_eq!(c[0].description, "Code the <laterality> of care &amp; more");
        let c = cards("#html:false\nHbA1c,<b>kept</b> &amp;\n");
        assert_eq!(c[0].description, "<b>kept</b> &amp;");
        let c = cards("#html:true\nHbA1c,<b>made</b> plain &amp;\n");
        assert_eq!(c[0].description, "made plain &");
    }

    #[test]
    fn header_lines_end_at_the_first_line_without_a_hash() {
        let c =
            cards("#separator:comma\ncode,description\n#1,a card whose code starts with a hash\n");
        assert_eq!(c[0].code, "#1");
        let c = cards("#separator:comma\r#html:false\rA1,one\r");
        assert_eq!(c[0].code, "A1", "header lines with old Mac line ends");
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
        assert!(
            p[1].1.starts_with(
                "this row has 3 fields where the file has 2 columns (code, description)"
            ),
            "{}",
            p[1].1
        );
    }

    #[test]
    fn a_quote_that_never_closes_refuses_the_file_where_it_opened() {
        for end in ["\n", "\r\n", "\r"] {
            let text =
                format!("code,description{end}A1,one{end}B2,\"two{end}C3,three{end}D4,four{end}");
            let p = problems(text.as_bytes());
            assert_eq!(p.len(), 1, "{p:?}");
            assert_eq!(p[0].0, 3, "{end:?}");
            assert!(
                p[0].1
                    .starts_with("a quote (\") opens here and never closes"),
                "{}",
                p[0].1
            );
        }
        let p = problems(b"\"code,description\nA1,one\n");
        assert_eq!(p[0].0, 1, "in the header row");
    }

    #[test]
    fn a_quote_that_closes_rows_later_is_named_where_it_opened() {
        let p = problems(b"code,description\nA1,\"one\nB2,two\nC3,\"three\"\n");
        assert_eq!(p[0].0, 2, "{p:?}");
        assert!(p[0].1.contains("closes on line 4,"), "{}", p[0].1);
    }

    #[test]
    fn line_numbers_count_blank_lines_and_every_line_end() {
        for end in ["\n", "\r\n", "\r"] {
            let text = format!(
                "code,description{end}{end}A1,one{end}{end}B2,{end}\"C\"\"3\",\"x{end}y\"{end}D4,{end}"
            );
            let p = problems(text.as_bytes());
            let lines: Vec<u64> = p.iter().map(|p| p.0).collect();
            assert_eq!(lines, [5, 8], "{end:?}: {p:?}");
        }
    }

    #[test]
    fn repeated_rows_are_kept_once_and_conflicts_refused() {
        let parsed = parse(b"A1,one\nB2,two\nA1,one\n").unwrap();
        assert_eq!(parsed.decks[0].cards.len(), 2);
        assert_eq!(
            parsed.read.notes,
            ["1 row repeats an earlier row exactly and was kept once (line 3)"]
        );
        let p = problems(b"AB,abortion\nAB,abdomen\n");
        assert_eq!(p[0].0, 2);
        assert!(p[0].1.contains("line 1"), "{}", p[0].1);
        let options = Options {
            duplicates: Some(OnDuplicate::Add),
            ..Options::default()
        };
        let parsed = parse_with(b"AB,abortion\nAB,abdomen\n", &options).unwrap();
        assert_eq!(parsed.decks[0].cards.len(), 2);
    }

    #[test]
    fn a_typo_in_a_header_is_named_with_what_was_meant() {
        let p = problems(b"code,descripton\nA1,one\n");
        assert_eq!(
            p,
            [(1, "unknown column 'descripton'; did you mean 'description'? Correct the column's name".into())]
        );
        let p = problems(b"Front,Bakc\nA1,one\n");
        assert!(p[0].1.contains("did you mean 'back'?"), "{p:?}");
    }

    #[test]
    fn anki_cloze_notes_become_a_card_per_deletion() {
        let text = "#separator:tab\n#html:true\n#notetype column:1\n\
                    Cloze\t{{c1::Metformin}} treats {{c2::E11.9}}<br>\tFirst line\n\
                    Basic\tI10\tEssential hypertension\n";
        let c = cards(text);
        let shown: Vec<(&str, &str, System, &str)> = c
            .iter()
            .map(|c| {
                (
                    c.code.as_str(),
                    c.description.as_str(),
                    c.system,
                    c.note.as_str(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "Metformin",
                    "[...] treats E11.9",
                    System::Convention,
                    "First line"
                ),
                (
                    "E11.9",
                    "Metformin treats [...]",
                    System::Code,
                    "First line"
                ),
                ("I10", "Essential hypertension", System::Code, ""),
            ]
        );
        assert_ne!(c[0].key, c[1].key);
    }

    #[test]
    fn invisible_characters_are_taken_out_and_their_lines_named() {
        let parsed =
            parse("E11\u{ad}.9,Type 2\u{2028} diabetes\nI10,ok\nJ45\u{200b},asthma\n".as_bytes())
                .unwrap();
        let codes: Vec<&str> = parsed.decks[0]
            .cards
            .iter()
            .map(|c| c.code.as_str())
            .collect();
        assert_eq!(codes, ["E11.9", "I10", "J45"]);
        assert!(
            parsed.read.notes[0].contains("on lines 1 and 3,"),
            "{:?}",
            parsed.read.notes
        );
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
        assert_eq!(p[0].0, 1);
        assert!(p[0].1.contains("unknown column 'colour'"), "{p:?}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2_000))]
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512)) {
            let _ = parse(&bytes);
        }

        #[test]
        fn arbitrary_text_never_panics(text in "[#a-z,;:|\t\"\n\r<>&é{}c1 ]{0,300}") {
            let _ = parse(text.as_bytes());
        }
    }
}
