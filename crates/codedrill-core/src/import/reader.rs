//! Records of a delimited text file, read as RFC 4180 says, each with the line an editor shows it on.
//!
//! Why not the `csv` crate here: it reads a quote that never closes as one field to the end of the file
//! (every later row swallowed), reads text after a closing quote as part of the field, and counts lines by
//! `\n` only (a file with old Mac line ends is all "line 1", a blank line shifts every later number). This
//! reader refuses the first two, naming the line where the quote opened, and counts LF, CRLF and CR alike.
//! It fills one reused buffer per record, as `csv::ByteRecord` does, so reading allocates nothing per field.

use crate::deck::Problem;

/// One record: its fields' text (quotes undone, line breaks inside a field as `\n`) and where it was.
#[derive(Debug, Default)]
pub(super) struct Record {
    /// The line the record starts on.
    pub(super) line: u64,
    /// The line it ends on (after a field spanning lines, a later one than `line`).
    pub(super) end_line: u64,
    /// Where the first quoted field that spans lines opened, if one does.
    pub(super) spanning_quote: Option<u64>,
    /// What makes the record unreadable, if anything (it is then not a card).
    pub(super) problem: Option<Problem>,
    text: String,
    ends: Vec<usize>,
}

impl Record {
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(super) fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }

    /// A blank line (or fields holding nothing but spaces): not a row.
    pub(super) fn is_blank(&self) -> bool {
        self.problem.is_none() && self.text.trim().is_empty()
    }

    /// A record made of fields given one by one (for readers of other layouts).
    pub(super) fn set(&mut self, line: u64, fields: &[&str]) {
        self.clear(line);
        for field in fields {
            self.text.push_str(field);
            self.ends.push(self.text.len());
        }
    }

    fn clear(&mut self, line: u64) {
        self.line = line;
        self.end_line = line;
        self.spanning_quote = None;
        self.problem = None;
        self.text.clear();
        self.ends.clear();
    }
}

/// Reads records one after another from `text`.
pub(super) struct Reader<'a> {
    text: &'a str,
    pos: usize,
    line: u64,
    delimiter: u8,
}

impl<'a> Reader<'a> {
    /// A reader of `text`, whose first line is line `first_line` of the file.
    pub(super) fn new(text: &'a str, delimiter: u8, first_line: u64) -> Reader<'a> {
        Reader {
            text,
            pos: 0,
            line: first_line,
            delimiter,
        }
    }

    /// Reads the next record into `record`; false at the end of the text.
    pub(super) fn read(&mut self, record: &mut Record) -> bool {
        if self.pos >= self.text.len() {
            return false;
        }
        record.clear(self.line);
        loop {
            if self.byte(self.pos) == Some(b'"') {
                self.quoted_field(record);
            } else {
                self.plain_field(record);
            }
            record.ends.push(record.text.len());
            record.end_line = self.line;
            match self.byte(self.pos) {
                Some(b) if b == self.delimiter => self.pos += 1,
                Some(b'\r' | b'\n') => {
                    self.line_break();
                    break;
                }
                // The end of the text, or a quote that never closed (the rest was taken).
                _ => break,
            }
        }
        true
    }

    fn byte(&self, i: usize) -> Option<u8> {
        self.text.as_bytes().get(i).copied()
    }

    /// Steps over one line break (LF, CRLF or CR) and counts it.
    fn line_break(&mut self) {
        if self.byte(self.pos) == Some(b'\r') && self.byte(self.pos + 1) == Some(b'\n') {
            self.pos += 1;
        }
        self.pos += 1;
        self.line += 1;
    }

    /// The index of the next byte at or after `from` that `stop` accepts, or the end of the text.
    fn find(&self, from: usize, stop: impl Fn(u8) -> bool) -> usize {
        let bytes = self.text.as_bytes();
        let mut i = from;
        while i < bytes.len() && !stop(bytes[i]) {
            i += 1;
        }
        i
    }

    /// A field not in quotes: up to the next separator or line end. A quote inside it is text (`5" long`).
    fn plain_field(&mut self, record: &mut Record) {
        let d = self.delimiter;
        let end = self.find(self.pos, |b| b == d || b == b'\r' || b == b'\n');
        record.text.push_str(&self.text[self.pos..end]);
        self.pos = end;
    }

    /// A field in quotes: `""` is a quote, line breaks are kept, and the closing quote must be followed by
    /// a separator, a line end or the end of the file.
    fn quoted_field(&mut self, record: &mut Record) {
        let opened = self.line;
        self.pos += 1;
        loop {
            let at = self.find(self.pos, |b| matches!(b, b'"' | b'\r' | b'\n'));
            record.text.push_str(&self.text[self.pos..at]);
            self.pos = at;
            match self.byte(at) {
                None => {
                    record.problem.get_or_insert(Problem {
                        line: opened,
                        message: "a quote (\") opens here and never closes, so every line after it would \
                                  be read into this one field; close it, or write a quote inside a field \
                                  as two (\"\")"
                            .into(),
                    });
                    return;
                }
                Some(b'"') if self.byte(at + 1) == Some(b'"') => {
                    record.text.push('"');
                    self.pos += 2;
                }
                Some(b'"') => {
                    self.pos += 1;
                    break;
                }
                Some(_) => {
                    record.text.push('\n');
                    record.spanning_quote.get_or_insert(opened);
                    self.line_break();
                }
            }
        }
        let d = self.delimiter;
        if self
            .byte(self.pos)
            .is_some_and(|b| b != d && b != b'\r' && b != b'\n')
        {
            let end = self.find(self.pos, |b| b == d || b == b'\r' || b == b'\n');
            let after = crate::sanitize::clean_line(&self.text[self.pos..end]);
            let after: String = after.chars().take(20).collect();
            record
                .problem
                .get_or_insert(text_after_quote(opened, self.line, &after, d));
            // Read on to the separator, as a lenient reader would, so the next row starts where it should.
            record.text.push_str(&self.text[self.pos..end]);
            self.pos = end;
        }
    }
}

fn text_after_quote(opened: u64, closed: u64, after: &str, delimiter: u8) -> Problem {
    let separator = super::headers::delimiter_name(delimiter);
    let message = if opened == closed {
        format!(
            "a field's closing quote is followed by '{after}' instead of '{separator}'; write a quote \
             inside a quoted field as two (\"\")"
        )
    } else {
        format!(
            "a quote (\") opens here and closes on line {closed}, where '{after}' follows it instead of \
             '{separator}'; check for a quote that is missing or one too many"
        )
    };
    Problem {
        line: opened,
        message,
    }
}

/// The line an editor shows for byte `offset` of `bytes`: LF, CRLF and CR each end a line.
pub(super) fn line_at(bytes: &[u8], offset: usize) -> u64 {
    let upto = &bytes[..offset.min(bytes.len())];
    let mut lines = 1;
    for (i, &b) in upto.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            lines += 1;
        }
    }
    lines
}

/// The first line of `text` (without its line end) and the rest after it.
pub(super) fn split_line(text: &str) -> (&str, &str) {
    match text.find(['\r', '\n']) {
        None => (text, ""),
        Some(i) => {
            let skip = if text[i..].starts_with("\r\n") { 2 } else { 1 };
            (&text[..i], &text[i + skip..])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record as (line, fields, problem line).
    fn read(text: &str, d: u8) -> Vec<(u64, Vec<String>, Option<u64>)> {
        let mut reader = Reader::new(text, d, 1);
        let mut record = Record::default();
        let mut out = Vec::new();
        while reader.read(&mut record) {
            let fields = record.iter().map(str::to_owned).collect();
            out.push((record.line, fields, record.problem.as_ref().map(|p| p.line)));
        }
        out
    }

    fn fields(text: &str) -> Vec<Vec<String>> {
        read(text, b',').into_iter().map(|(_, f, _)| f).collect()
    }

    #[test]
    fn lines_are_counted_for_lf_crlf_and_cr_alike() {
        for end in ["\n", "\r\n", "\r"] {
            let text = format!("a,b{end}{end}c,d{end}\"e{end}f\",g{end}h,i");
            let lines: Vec<u64> = read(&text, b',').iter().map(|r| r.0).collect();
            assert_eq!(lines, [1, 2, 3, 4, 6], "{end:?}");
            assert_eq!(fields(&text)[3], ["e\nf", "g"]);
        }
    }

    #[test]
    fn quotes_are_read_as_rfc_4180_says() {
        assert_eq!(
            fields("\"a,b\",\"say \"\"hi\"\"\",\n"),
            [["a,b", "say \"hi\"", ""]]
        );
        assert_eq!(
            fields("a,5\" long\n"),
            [["a", "5\" long"]],
            "a quote inside a field is text"
        );
        assert_eq!(
            fields(" \"a,b\"\n"),
            [[" \"a", "b\""]],
            "only a quote first in a field opens one"
        );
    }

    #[test]
    fn a_quote_that_never_closes_is_named_where_it_opened() {
        let records = read("a,b\nc,\"d\ne,f\ng,h\n", b',');
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].2, Some(2));
    }

    #[test]
    fn text_after_a_closing_quote_is_refused_and_reading_goes_on() {
        let records = read("a,\"b\"c,d\ne,f\n", b',');
        assert_eq!(records[0].1, ["a", "bc", "d"]);
        assert_eq!(records[0].2, Some(1));
        assert_eq!(records[1], (2, vec!["e".into(), "f".into()], None));
    }

    #[test]
    fn line_numbers_of_byte_offsets() {
        assert_eq!(line_at(b"a\r\nb\rc\nd", 7), 4);
        assert_eq!(line_at(b"a\r\nb", 2), 1, "inside a CRLF");
        assert_eq!(split_line("a\r\nb"), ("a", "b"));
        assert_eq!(split_line("a\rb\nc"), ("a", "b\nc"));
    }
}
