//! Anki's `#key:value` header lines, and the separator: named there, or worked out from the rows.

use crate::deck::Problem;
use crate::sanitize::clean;

use super::Html;

/// Anki's special columns, given by `#deck column:` and the like (1-based in the file).
#[derive(Default)]
pub(super) struct Special {
    pub(super) deck: Option<usize>,
    pub(super) tags: Option<usize>,
    pub(super) notetype: Option<usize>,
    pub(super) guid: Option<usize>,
}

/// What the header lines say.
pub(super) struct Headers {
    pub(super) delimiter: Option<u8>,
    pub(super) html: Html,
    pub(super) columns: Option<String>,
    pub(super) deck: Option<String>,
    pub(super) tags: Option<String>,
    pub(super) special: Special,
}

/// Reads Anki's `#key:value` lines at the top of the file. They end at the first line not starting with
/// `#`. Returns the headers, how many lines they took, and the rest of the text.
pub(super) fn read_headers(text: &str) -> Result<(Headers, u64, &str), Vec<Problem>> {
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
        if let Err(message) = headers.apply(&key, value.trim()) {
            problems.push(Problem {
                line: lines,
                message,
            });
        }
    }
    if problems.is_empty() {
        Ok((headers, lines, rest))
    } else {
        Err(problems)
    }
}

impl Headers {
    /// Takes in one `#key:value` line, or says what is wrong with it.
    fn apply(&mut self, key: &str, value: &str) -> Result<(), String> {
        let column_number = || -> Result<Option<usize>, String> {
            match value.parse::<usize>() {
                Ok(n) if n >= 1 => Ok(Some(n)),
                _ => Err(format!(
                    "#{key}: must be a column number (1 for the first), not '{}'",
                    clean(value)
                )),
            }
        };
        match key {
            "separator" => {
                self.delimiter = Some(separator(value).ok_or_else(|| {
                    format!(
                        "#separator:{} is not a separator codedrill reads; use comma, semicolon, tab, pipe, \
                         space or colon",
                        clean(value)
                    )
                })?)
            }
            "html" => {
                self.html = match value.to_lowercase().as_str() {
                    "true" | "yes" | "1" => Html::ToText,
                    "false" | "no" | "0" => Html::Literal,
                    _ => return Err(format!("#html: must be true or false, not '{}'", clean(value))),
                }
            }
            "columns" => self.columns = Some(value.to_owned()),
            "deck" => self.deck = Some(value.to_owned()).filter(|d| !d.is_empty()),
            "tags" => self.tags = Some(value.to_owned()).filter(|t| !t.is_empty()),
            "notetype" => {}
            "deck column" => self.special.deck = column_number()?,
            "tags column" => self.special.tags = column_number()?,
            "notetype column" => self.special.notetype = column_number()?,
            "guid column" => self.special.guid = column_number()?,
            _ => {
                return Err(format!(
                    "unknown header '#{key}:'; the headers codedrill reads are #separator, #html, #columns, \
                     #deck, #tags, #notetype, #deck column, #tags column, #notetype column and #guid column"
                ));
            }
        }
        Ok(())
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

pub(super) fn delimiter_name(d: u8) -> &'static str {
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
