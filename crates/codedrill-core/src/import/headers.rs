//! Anki's `#key:value` header lines: the separator, HTML, the columns, the deck and tags for every card.

use crate::deck::Problem;
use crate::sanitize::clean;

use super::Html;
use super::reader::split_line;

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
    /// The `#columns:` names, and the line they are on.
    pub(super) columns: Option<(String, u64)>,
    pub(super) deck: Option<String>,
    pub(super) tags: Option<String>,
    pub(super) special: Special,
}

/// Reads Anki's `#key:value` lines at the top of the file. They end at the first line not starting with
/// `#`. Returns the headers, how many lines they took, and the rest of the text.
pub(super) fn read_headers(text: &str) -> Result<(Headers, u64, &str), Vec<Problem>> {
    let mut headers = Headers {
        delimiter: None,
        // Plain text unless the file says its fields are HTML: "<laterality>" in a CSV is text.
        html: Html::Literal,
        columns: None,
        deck: None,
        tags: None,
        special: Special::default(),
    };
    let mut problems = Vec::new();
    let mut rest = text;
    let mut lines = 0u64;
    while rest.starts_with('#') {
        let line;
        (line, rest) = split_line(rest);
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
        if key == "columns" {
            headers.columns = Some((value.trim().to_owned(), lines));
        } else if let Err(message) = headers.apply(&key, value.trim()) {
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

/// The separator a `#separator:` header (or `--separator`) names, by name or as the character.
pub(super) fn separator(value: &str) -> Option<u8> {
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
