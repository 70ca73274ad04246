//! Quizlet's export with its own separators: "between term and definition" and "between rows" may be
//! tab, comma, semicolon, a new line, or any text typed in its "Custom" box. Such a file has no quotes: a
//! row is the text up to the row separator, split once, at the first term separator.

use super::reader::{Record, split_line};
use crate::deck::Problem;

/// The separators of a Quizlet-style export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Separators {
    pub term: String,
    /// `None`: a new line (LF, CRLF or CR).
    pub row: Option<String>,
}

impl Separators {
    /// From `--separator` and `--row-separator`: names (`tab`, `comma`, `semicolon`, `newline`, `space`)
    /// or the text itself, with `\t` and `\n` understood.
    pub fn from_args(term: &str, row: Option<&str>) -> Result<Separators, String> {
        let term = unescape(term);
        if term.is_empty() || term.contains(['\n', '\r']) {
            return Err(
                "--separator must be text such as tab, comma, \" - \" or ::, not a new line".into(),
            );
        }
        let row = row.map(unescape).filter(|r| r != "\n" && r != "\r\n");
        if row.as_deref().is_some_and(|r| r.is_empty() || r == term) {
            return Err(
                "--row-separator must be text other than --separator, such as ; or newline".into(),
            );
        }
        Ok(Separators { term, row })
    }

    /// How the separators are named in messages.
    pub fn describe(&self) -> String {
        let name = |s: &str| match s {
            "\t" => "a tab".to_owned(),
            "\n" => "a new line".to_owned(),
            other => format!("'{}'", other.escape_debug()),
        };
        format!(
            "term and definition separated by {}, rows by {}",
            name(&self.term),
            name(self.row.as_deref().unwrap_or("\n"))
        )
    }
}

impl super::Separator {
    /// What `--separator` and `--row-separator` ask for: a CSV separator when the first is one and the
    /// second is not given, Quizlet's own separators otherwise (the term separator a tab if not given).
    pub fn from_args(separator: Option<&str>, row: Option<&str>) -> Result<Option<Self>, String> {
        match (separator, row) {
            (None, None) => Ok(None),
            (Some(s), None) if super::headers::separator(s).is_some() => {
                Ok(super::headers::separator(s).map(Self::Delimiter))
            }
            (s, row) => {
                Separators::from_args(s.unwrap_or("tab"), row).map(|s| Some(Self::Custom(s)))
            }
        }
    }
}

fn unescape(text: &str) -> String {
    match text.to_ascii_lowercase().as_str() {
        "tab" => "\t".into(),
        "comma" => ",".into(),
        "semicolon" => ";".into(),
        "space" => " ".into(),
        "newline" | "new line" => "\n".into(),
        _ => text.replace("\\t", "\t").replace("\\n", "\n"),
    }
}

/// The separators of a Quizlet export made with "between rows: semicolon": the whole deck on one line,
/// cards apart by `;`, each with one tab (or, failing that, one comma at least) between term and
/// definition. `None` for any other file.
pub(super) fn one_line_export(body: &str) -> Option<Separators> {
    let (line, rest) = split_line(body.trim_start_matches(['\r', '\n']));
    if !rest.trim().is_empty() || line.contains('"') {
        return None;
    }
    let items: Vec<&str> = line
        .split(';')
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .collect();
    if items.len() < 2 {
        return None;
    }
    ["\t", ","]
        .into_iter()
        .find(|sep| items.iter().all(|i| i.contains(sep)))
        .map(|sep| Separators {
            term: sep.into(),
            row: Some(";".into()),
        })
}

/// Text that often separates term and definition in a Quizlet export made with "Custom".
const LIKELY: [&str; 6] = [" - ", " – ", " = ", "::", " : ", ": "];

/// The problems of a file whose rows have one field each, with a hint when every row holds the same
/// likely term separator (` - `, `::`...): a Quizlet export with its own separators.
pub(super) fn with_separator_hint(mut problems: Vec<Problem>, body: &str) -> Vec<Problem> {
    let mut lines = body.lines().filter(|l| !l.trim().is_empty()).peekable();
    if lines.peek().is_none() {
        return problems;
    }
    let lines: Vec<&str> = lines.collect();
    let Some(sep) = LIKELY.iter().find(|s| lines.iter().all(|l| l.contains(*s))) else {
        return problems;
    };
    for p in problems
        .iter_mut()
        .filter(|p| p.message.ends_with("check the separator"))
    {
        p.message.push_str(&format!(
            "; every row holds '{sep}': if it separates term and definition (a Quizlet export with its \
             own separators), import with --separator '{sep}'"
        ));
    }
    problems
}

/// Reads the rows of such a file as records of two fields (or one, where the separator is missing).
pub(super) struct Reader<'a> {
    text: &'a str,
    separators: Separators,
    line: u64,
}

impl<'a> Reader<'a> {
    pub(super) fn new(text: &'a str, separators: Separators, first_line: u64) -> Reader<'a> {
        Reader {
            text,
            separators,
            line: first_line,
        }
    }

    pub(super) fn read(&mut self, record: &mut Record) -> bool {
        if self.text.is_empty() {
            return false;
        }
        let (row, rest) = match &self.separators.row {
            None => split_line(self.text),
            Some(sep) => match self.text.find(sep.as_str()) {
                Some(i) => (&self.text[..i], &self.text[i + sep.len()..]),
                None => (self.text, ""),
            },
        };
        let line = self.line;
        // Line breaks inside a row (a definition over several lines) and the one ending it.
        let consumed = &self.text[..self.text.len() - rest.len()];
        self.line += super::reader::line_at(consumed.as_bytes(), consumed.len()) - 1;
        self.text = rest;
        let row = row.trim_matches(['\r', '\n']);
        match row.split_once(self.separators.term.as_str()) {
            Some((term, definition)) => record.set(line, &[term, definition]),
            None => record.set(line, &[row]),
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str, separators: &Separators) -> Vec<(u64, Vec<String>)> {
        let mut reader = Reader::new(text, separators.clone(), 1);
        let mut record = Record::default();
        let mut out = Vec::new();
        while reader.read(&mut record) {
            out.push((record.line, record.iter().map(str::to_owned).collect()));
        }
        out
    }

    #[test]
    fn rows_split_once_at_the_first_term_separator() {
        let s = Separators::from_args(" - ", Some("\\n\\n")).unwrap();
        let got = rows(
            "hepat/o - liver - the organ\n\nnephr/o - kidney\nand more\n\n",
            &s,
        );
        assert_eq!(
            got,
            [
                (1, vec!["hepat/o".into(), "liver - the organ".into()]),
                (3, vec!["nephr/o".into(), "kidney\nand more".into()]),
            ]
        );
    }

    #[test]
    fn a_one_line_semicolon_export_is_recognised() {
        let s = one_line_export("hepat/o\tliver;nephr/o\tkidney;\n").unwrap();
        assert_eq!(s.term, "\t");
        assert_eq!(rows("hepat/o\tliver;nephr/o\tkidney;\n", &s).len(), 3);
        assert_eq!(one_line_export("a,b\nc,d\n"), None);
        assert_eq!(one_line_export("a;b\n"), None);
    }

    #[test]
    fn separators_are_named_or_typed() {
        assert_eq!(Separators::from_args("tab", None).unwrap().term, "\t");
        assert_eq!(
            Separators::from_args("::", Some("newline")).unwrap().row,
            None
        );
        assert!(Separators::from_args(";", Some(";")).is_err());
        assert!(Separators::from_args("newline", None).is_err());
        use super::super::Separator;
        assert_eq!(
            Separator::from_args(Some("semicolon"), None),
            Ok(Some(Separator::Delimiter(b';')))
        );
        assert!(matches!(
            Separator::from_args(Some(" - "), None),
            Ok(Some(Separator::Custom(Separators { row: None, .. })))
        ));
        assert!(matches!(
            Separator::from_args(None, Some(";")),
            Ok(Some(Separator::Custom(Separators { .. })))
        ));
    }
}
