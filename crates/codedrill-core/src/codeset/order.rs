//! The "Code Descriptions in Tabular Order" file (`icd10cm_order_YYYY.txt`, fixed width): the order
//! number in columns 1-5, the code without its dot in 7-13, the billable flag in 15 (0 a header, 1
//! billable), the short description in 17-76 and the long one from 78. It names no year and no chapter.

use std::collections::HashSet;

use super::{CodeSet, CodesetError, Node, NodeKind, dotted, key};

/// Reads an order file of fiscal year `year`. Every line must follow the layout, and the order numbers
/// must run 1, 2, 3... so that a file missing lines is refused rather than read short.
pub fn parse_order(text: &str, year: u16) -> Result<CodeSet, CodesetError> {
    let mut nodes = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (index, raw) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let number = index + 1;
        let row =
            Row::read(line).map_err(|why| CodesetError::NotOrderLayout { line: number, why })?;
        if row.order != nodes.len() + 1 {
            return Err(CodesetError::NotOrderLayout {
                line: number,
                why: "its order number does not follow the line before: lines are missing",
            });
        }
        let parent = parent_of(&row.code, &seen);
        seen.insert(row.code.clone());
        nodes.push(Node {
            name: dotted(&row.code),
            kind: NodeKind::Code,
            parent,
            billable: row.billable,
            short_description: row.short,
            description: row.long,
            chapter: None,
        });
    }
    if !nodes.iter().any(|n| n.billable) {
        return Err(CodesetError::Empty);
    }
    Ok(CodeSet {
        year,
        nodes,
        ..CodeSet::default()
    })
}

/// One line of the file.
struct Row {
    order: usize,
    code: String,
    billable: bool,
    short: String,
    long: String,
}

impl Row {
    fn read(line: &str) -> Result<Row, &'static str> {
        // Columns are characters; a title with a non-ASCII letter must not shift the ones after it.
        let chars: Vec<char> = line.chars().collect();
        let column = |from: usize, to: usize| -> String {
            chars[from.min(chars.len())..to.min(chars.len())]
                .iter()
                .collect()
        };
        if chars.len() < 17 {
            return Err("it is too short");
        }
        let order = column(0, 5);
        if !order.bytes().all(|b| b.is_ascii_digit()) {
            return Err("columns 1-5 are not an order number");
        }
        let code = column(6, 13).trim_end().to_owned();
        if !is_code(&code) || chars[5] != ' ' || chars[13] != ' ' {
            return Err("columns 7-13 are not a code");
        }
        let billable = match chars[14] {
            '0' => false,
            '1' => true,
            _ => return Err("column 15 is not 0 or 1"),
        };
        let short = column(16, 76).trim().to_owned();
        let long = column(77, chars.len()).trim().to_owned();
        if long.is_empty() {
            return Err("the long description from column 78 is missing");
        }
        Ok(Row {
            order: order
                .parse()
                .map_err(|_| "columns 1-5 are not an order number")?,
            code,
            billable,
            short,
            long,
        })
    }
}

/// A code without its dot: a letter, two more characters, then up to four.
fn is_code(code: &str) -> bool {
    let b = code.as_bytes();
    (3..=7).contains(&b.len())
        && b[0].is_ascii_uppercase()
        && b.iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// The longest code already read that this one extends (`S52501A` -> `S52501`; `W19XXXA` -> `W19`).
fn parent_of(code: &str, seen: &HashSet<String>) -> Option<String> {
    (3..code.len())
        .rev()
        .map(|n| &code[..n])
        .find(|prefix| seen.contains(*prefix))
        .map(|p| dotted(&key(p)))
}
