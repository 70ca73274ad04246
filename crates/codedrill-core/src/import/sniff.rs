//! The separator of a file that does not name one, decided by consistency over every row.
//!
//! Each candidate (tab, pipe, semicolon, comma) is counted on every record as the reader would split it
//! (quotes respected, blank lines left out). The candidates under which nearly as large a share of rows
//! agree on one number of fields as under the best one are in the running; of those, one used as in prose
//! (a comma or semicolon followed by a space, a decimal comma) loses to one that is not; then the one with
//! more rows agreeing; then the file's kind: comma for `.csv` and unknown files, tab for `.tsv` and `.txt`
//! (Anki's and Quizlet's exports).

const CANDIDATES: [u8; 4] = [b'\t', b'|', b';', b','];

/// What the file's name says about its separator.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Kind {
    /// `.csv`, or nothing known: comma first.
    #[default]
    Comma,
    /// `.tsv`, `.tab`, `.txt`: tab first.
    Tab,
}

impl Kind {
    /// The kind a file's extension suggests.
    pub fn from_extension(extension: &str) -> Kind {
        match extension.to_ascii_lowercase().as_str() {
            "tsv" | "tab" | "txt" => Kind::Tab,
            _ => Kind::Comma,
        }
    }

    fn rank(self, d: u8) -> usize {
        let order: [u8; 4] = match self {
            Kind::Comma => [b',', b'\t', b'|', b';'],
            Kind::Tab => [b'\t', b',', b'|', b';'],
        };
        order.iter().position(|&c| c == d).unwrap_or(order.len())
    }
}

/// One candidate's count over the file.
struct Tally {
    delimiter: u8,
    quoted: bool,
    /// Where the current field starts (a quote there opens a quoted field).
    field_start: usize,
    record_start: usize,
    /// Bytes up to here are part of an escaped `""`.
    skip_to: usize,
    count: usize,
    /// (separators in a record, records with that many), for records that are not blank.
    histogram: Vec<(usize, usize)>,
    seen: usize,
    prose: usize,
}

impl Tally {
    fn new(delimiter: u8) -> Tally {
        Tally {
            delimiter,
            quoted: false,
            field_start: 0,
            record_start: 0,
            skip_to: 0,
            count: 0,
            histogram: Vec::new(),
            seen: 0,
            prose: 0,
        }
    }

    fn step(&mut self, bytes: &[u8], i: usize, b: u8) {
        if i < self.skip_to {
            return;
        }
        if self.quoted {
            if b == b'"' {
                match bytes.get(i + 1) {
                    Some(b'"') => self.skip_to = i + 2,
                    _ => self.quoted = false,
                }
            }
            return;
        }
        match b {
            b'"' if i == self.field_start => self.quoted = true,
            b'\n' | b'\r' => {
                self.end_record(bytes, i);
                let crlf = b == b'\r' && bytes.get(i + 1) == Some(&b'\n');
                self.skip_to = i + 1 + usize::from(crlf);
                self.record_start = self.skip_to;
                self.field_start = self.skip_to;
            }
            d if d == self.delimiter => {
                if !(d == b';' && ends_entity(bytes, i)) {
                    self.count += 1;
                    self.seen += 1;
                    self.prose += usize::from(in_prose(bytes, i, d));
                }
                self.field_start = i + 1;
            }
            _ => {}
        }
    }

    fn end_record(&mut self, bytes: &[u8], end: usize) {
        let blank = self.count == 0
            && bytes[self.record_start.min(end)..end]
                .iter()
                .all(u8::is_ascii_whitespace);
        if !blank {
            match self.histogram.iter_mut().find(|(n, _)| *n == self.count) {
                Some((_, rows)) => *rows += 1,
                None => self.histogram.push((self.count, 1)),
            }
        }
        self.count = 0;
    }

    /// The share of rows that agree on the most common number of separators (one or more). A share, not
    /// a count: each candidate sees its own rows (a quote that opens a field for one is text for another).
    fn agreeing(&self) -> f64 {
        let rows: usize = self.histogram.iter().map(|(_, rows)| rows).sum();
        let agree = self
            .histogram
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(_, rows)| *rows)
            .max()
            .unwrap_or(0);
        if rows == 0 {
            0.0
        } else {
            agree as f64 / rows as f64
        }
    }

    fn looks_like_prose(&self) -> bool {
        self.prose * 2 > self.seen
    }
}

/// A `;` that ends an HTML entity (`&amp;`, `&#233;`) is not a separator.
fn ends_entity(bytes: &[u8], i: usize) -> bool {
    let from = i.saturating_sub(10);
    match bytes[from..i].iter().rposition(|&b| b == b'&') {
        Some(amp) => {
            let name = &bytes[from + amp + 1..i];
            !name.is_empty() && name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'#')
        }
        None => false,
    }
}

/// A comma or semicolon as writing uses it: followed by a space, or a comma between digits (`0,5 mg`).
fn in_prose(bytes: &[u8], i: usize, d: u8) -> bool {
    let next = bytes.get(i + 1).copied();
    match d {
        b',' | b';' if next == Some(b' ') => true,
        b',' => i > 0 && bytes[i - 1].is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit()),
        _ => false,
    }
}

/// Counts `candidates` over every record of `body`.
fn tallies(body: &str, candidates: &[u8]) -> Vec<Tally> {
    let bytes = body.as_bytes();
    let mut tallies: Vec<Tally> = candidates.iter().map(|&d| Tally::new(d)).collect();
    let mut special = [false; 256];
    for &b in [b'"', b'\n', b'\r'].iter().chain(candidates) {
        special[usize::from(b)] = true;
    }
    for (i, &b) in bytes.iter().enumerate() {
        if special[usize::from(b)] {
            for t in &mut tallies {
                t.step(bytes, i, b);
            }
        }
    }
    for t in &mut tallies {
        if t.record_start < bytes.len() || t.count > 0 {
            t.end_record(bytes, bytes.len());
        }
    }
    tallies
}

/// What the counts say about the rows split by one separator.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Shape {
    /// The number of fields most rows have.
    pub(super) fields: Option<usize>,
    /// How many rows there are (not blank).
    pub(super) rows: usize,
}

impl Shape {
    /// The shape of a file whose columns a header row names: only its number of lines, as the rows.
    pub(super) fn of_lines(body: &str) -> Shape {
        Shape {
            fields: None,
            rows: body.bytes().filter(|&b| b == b'\n').count(),
        }
    }
}

impl Tally {
    fn shape(&self) -> Shape {
        Shape {
            fields: self
                .histogram
                .iter()
                .max_by_key(|(n, rows)| (*rows, *n))
                .map(|(n, _)| n + 1),
            rows: self.histogram.iter().map(|(_, rows)| rows).sum(),
        }
    }
}

/// The separator of `body` (the text after any `#` header lines), as the module says.
pub fn sniff_delimiter(body: &str, kind: Kind) -> u8 {
    sniff(body, kind).0
}

/// The separator, and the shape of the rows split by it.
pub(super) fn sniff(body: &str, kind: Kind) -> (u8, Shape) {
    let tallies = tallies(body, &CANDIDATES);
    let best = tallies.iter().map(Tally::agreeing).fold(0.0, f64::max);
    // In the running: a share of agreeing rows at least nine tenths of the best one's.
    let chosen = tallies
        .iter()
        .filter(|t| t.agreeing() > 0.0 && t.agreeing() >= best * 0.9)
        .min_by(|a, b| {
            (a.looks_like_prose().cmp(&b.looks_like_prose()))
                .then(b.agreeing().total_cmp(&a.agreeing()))
                .then(kind.rank(a.delimiter).cmp(&kind.rank(b.delimiter)))
        });
    match chosen {
        Some(t) => (t.delimiter, t.shape()),
        None => {
            let d = match kind {
                Kind::Comma => b',',
                Kind::Tab => b'\t',
            };
            let t = tallies.iter().find(|t| t.delimiter == d);
            (d, t.map(Tally::shape).unwrap_or_default())
        }
    }
}

/// The separator that splits the first row into column names (`code;description`), if one does: a header
/// row says how the file is split better than any count.
pub(super) fn header_row_separator(body: &str) -> Option<u8> {
    let mut rest = body;
    let first = loop {
        let (line, after) = super::reader::split_line(rest);
        if !line.trim().is_empty() || after.is_empty() {
            break line;
        }
        rest = after;
    };
    CANDIDATES.into_iter().find(|&d| {
        let fields: Vec<&str> = first
            .split(char::from(d))
            .map(|f| f.trim().trim_matches('"'))
            .collect();
        fields.len() >= 2 && super::columns::looks_like_header(&fields)
    })
}

/// The shape of the rows split by a separator the file names.
pub(super) fn shape(body: &str, delimiter: u8) -> Shape {
    tallies(body, &[delimiter])
        .first()
        .map(Tally::shape)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniff(text: &str) -> u8 {
        sniff_delimiter(text, Kind::Comma)
    }

    #[test]
    fn the_separator_that_splits_every_row_alike_wins() {
        assert_eq!(sniff("a,b\nc,d\n"), b',');
        assert_eq!(sniff("a;b\nc;d\n"), b';');
        assert_eq!(sniff("a|b\nc|d\n"), b'|');
        assert_eq!(sniff("\"a,x\";b\nc;d\n"), b';', "quoted text is skipped");
        assert_eq!(
            sniff("a,b\nc,d,e\n"),
            b',',
            "none consistent: the most agreeing"
        );
        assert_eq!(sniff("code;description\nA1;one, two\nB2;three\n"), b';');
    }

    #[test]
    fn a_separator_used_as_in_prose_loses_a_tie() {
        assert_eq!(sniff("a\tb, c\nd\te, f\n"), b'\t');
        assert_eq!(
            sniff("J06.9|Infection, unspecified\nR51.9|Headache, unspecified\n"),
            b'|'
        );
        assert_eq!(
            sniff("A1;Dose 0,5 mg\nB2;Dose 1,5 mg\n"),
            b';',
            "a decimal comma"
        );
        assert_eq!(
            sniff("HbA1c,<b>kept</b> &amp; more\n"),
            b',',
            "an entity's ; is not a separator"
        );
    }

    #[test]
    fn a_headerless_comma_file_stays_comma() {
        for other in [";", "|", "\t"] {
            let text = format!("E11.9,Type 2{other}diabetes\nI10,Essential{other}hypertension\n");
            assert_eq!(sniff(&text), b',', "{other:?}");
        }
        assert_eq!(sniff("A1,one; two\nB2,three; four\n"), b',');
    }

    #[test]
    fn the_file_kind_breaks_a_true_tie() {
        let text = "A1\tone,two\nB2\tthree,four\n";
        assert_eq!(sniff_delimiter(text, Kind::Comma), b',');
        assert_eq!(sniff_delimiter(text, Kind::Tab), b'\t');
        assert_eq!(Kind::from_extension("TSV"), Kind::Tab);
    }

    #[test]
    fn every_row_counts_not_only_the_first() {
        let mut text = String::new();
        for i in 0..30 {
            text.push_str(&format!("A{i};x\n"));
        }
        text.push_str("B1,y\n");
        assert_eq!(sniff(&text), b';');
        let multiline = "a,\"b;\nc\"\nd,e\n";
        assert_eq!(
            sniff(multiline),
            b',',
            "a line break in quotes is not a row end"
        );
        let prose = "code,description\nA1,\"one; two;\nthree;\nfour\"\nB2,\"five;\nsix;\"\n";
        assert_eq!(
            sniff(prose),
            b',',
            "lines of a quoted field are not rows for another candidate"
        );
    }

    #[test]
    fn a_header_row_names_the_separator() {
        assert_eq!(
            header_row_separator("\ncode;description\nA1;one, two\n"),
            Some(b';')
        );
        assert_eq!(header_row_separator("\"Front\"\t\"Back\"\n"), Some(b'\t'));
        assert_eq!(header_row_separator("A1,one\n"), None);
    }

    #[test]
    fn the_usual_number_of_fields_is_what_most_rows_have() {
        let shape = |fields, rows| Shape {
            fields: Some(fields),
            rows,
        };
        assert_eq!(
            super::sniff("a,b,c\nd,e\nf,g\n\n", Kind::Comma),
            (b',', shape(2, 3))
        );
        assert_eq!(super::shape("a:b\nc\n", b':'), shape(2, 2));
        assert_eq!(super::shape("one\n", b','), shape(1, 1));
    }
}
