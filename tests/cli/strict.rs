//! No malformed fixture is imported differently from what a strict RFC 4180 reader (the `csv` crate,
//! every row the same length) reads from the same bytes, after the clean-ups docs/deck-format.md lists:
//! the same rows, at the same lines, with the same code and description.

use codedrill_core::deck::{CardContent, Column};
use codedrill_core::import::{Kind, OnDuplicate, Options, Parsed, Separator};

use crate::malformed::{GROUPS, args_of, fixtures, folder};

/// The options the command builds from the fixture's arguments.
fn options(name: &str, args: &[String]) -> Options {
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .map(|i| args[i + 1].as_str())
    };
    let duplicates = value("--on-duplicate").map(|v| match v {
        "add" => OnDuplicate::Add,
        "skip" => OnDuplicate::Skip,
        _ => OnDuplicate::Update,
    });
    let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
    Options {
        duplicates,
        kind: Kind::from_extension(extension),
        separator: Separator::from_args(value("--separator"), value("--row-separator")).unwrap(),
        deck: None,
    }
}

/// The file's text as `import` decodes it (UTF-16 with its mark, else UTF-8), without a byte-order mark.
fn text_of(bytes: &[u8]) -> Option<String> {
    let text = match bytes {
        [0xFF, 0xFE, rest @ ..] => {
            let units: Vec<u16> = rest
                .chunks(2)
                .map(|p| u16::from_le_bytes([p[0], p[1]]))
                .collect();
            String::from_utf16(&units).ok()?
        }
        _ => String::from_utf8(bytes.to_vec()).ok()?,
    };
    Some(text.trim_start_matches('\u{feff}').to_owned())
}

/// The documented clean-ups of one field: HTML made plain when the file says `#html:true`, control and
/// invisible characters taken out (tabs become spaces), line breaks as `\n`, the export's formula guard
/// taken off, spaces trimmed.
fn cleaned(field: &str, html: bool) -> String {
    let field = field.replace("\r\n", "\n").replace('\r', "\n");
    let field = if html {
        codedrill_core::html::to_text(&field).into_owned()
    } else {
        field
    };
    let field = codedrill_core::sanitize::clean(&field);
    codedrill_core::export::unneutralize(&field)
        .trim()
        .to_owned()
}

/// The line an editor shows for a record starting at byte `offset`: LF, CRLF and CR each end a line. (The
/// `csv` crate may place a record after a CRLF at its LF.)
fn line_at(text: &str, mut offset: usize) -> u64 {
    let bytes = text.as_bytes();
    while bytes
        .get(offset)
        .is_some_and(|b| matches!(b, b'\r' | b'\n'))
    {
        offset += 1;
    }
    1 + (0..offset)
        .filter(|&i| bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count() as u64
}

/// The code and description columns: from the header row (or `#columns:`), else the first two columns
/// that Anki's `#... column:` headers do not take.
fn code_and_description(text: &str, header: Option<&[String]>) -> (usize, usize) {
    if let Some(names) = header {
        let at = |c: Column| {
            names
                .iter()
                .position(|n| Column::from_header(n) == Some(c))
                .unwrap()
        };
        return (at(Column::Code), at(Column::Description));
    }
    let taken: Vec<usize> = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .filter(|l| l.contains(" column:"))
        .filter_map(|l| l.rsplit(':').next()?.trim().parse::<usize>().ok())
        .collect();
    let mut free = (1..).filter(|i| !taken.contains(i)).map(|i| i - 1);
    (free.next().unwrap(), free.next().unwrap())
}

/// Checks one accepted fixture against the strict reader; returns what differs.
fn compare_with_strict_reader(text: &str, parsed: &Parsed) -> Result<(), String> {
    let delimiter = parsed.read.delimiter.ok_or("not CSV")?;
    let html = text
        .lines()
        .any(|l| l.trim().eq_ignore_ascii_case("#html:true"));
    // The body: after the `#` header lines.
    let mut body_start = 0;
    for _ in 0..parsed.read.header_lines {
        let rest = &text[body_start..];
        let end = rest.find(['\r', '\n']).map_or(rest.len(), |i| i + 1);
        body_start +=
            end + usize::from(rest[..end].ends_with('\r') && rest[end..].starts_with('\n'));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(&text.as_bytes()[body_start..]);
    let mut records: Vec<(u64, Vec<String>)> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("the strict reader fails: {e}"))?;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let line = line_at(
            text,
            body_start + record.position().unwrap().byte() as usize,
        );
        records.push((line, record.iter().map(str::to_owned).collect()));
    }
    let header = parsed.read.had_header_row.then(|| records.remove(0).1);
    let width = header.as_ref().map_or(records[0].1.len(), Vec::len);
    if let Some((line, _)) = records.iter().find(|(_, r)| r.len() != width) {
        return Err(format!(
            "line {line}: the strict reader finds a row of another length"
        ));
    }
    if records.len() != parsed.read.rows {
        return Err(format!(
            "{} rows read, the strict reader reads {}",
            parsed.read.rows,
            records.len()
        ));
    }
    let (code, description) = code_and_description(text, header.as_deref());
    let cards: Vec<(u64, &CardContent)> = parsed
        .decks
        .iter()
        .flat_map(|d| d.lines.iter().copied().zip(&d.cards))
        .collect();
    for (line, fields) in &records {
        let expected = (
            cleaned(&fields[code], html),
            cleaned(&fields[description], html),
        );
        let here = cards.iter().find(|(l, _)| l == line);
        // A row repeated (or settled by --on-duplicate) has no card of its own: its text is another's.
        let found = here.or_else(|| cards.iter().find(|(_, c)| c.code == expected.0));
        match found {
            Some((_, c))
                if (c.code.as_str(), c.description.as_str()) == (&expected.0, &expected.1) => {}
            Some((_, c)) if here.is_none() && c.code == expected.0 => {}
            other => {
                return Err(format!(
                    "line {line}: the strict reader reads {expected:?}, the import {:?}",
                    other.map(|(_, c)| (&c.code, &c.description))
                ));
            }
        }
    }
    Ok(())
}

#[test]
fn no_fixture_is_imported_differently_from_what_a_strict_reader_reads() {
    let mut compared = 0;
    let mut differ = Vec::new();
    for group in GROUPS {
        for name in fixtures(group) {
            let path = folder(group).join(&name);
            let expected = std::fs::read_to_string(folder(group).join(format!("{name}.expected")))
                .unwrap_or_default();
            let bytes = std::fs::read(&path).unwrap();
            let Ok(parsed) =
                codedrill_core::import::parse_with(&bytes, &options(&name, &args_of(&expected)))
            else {
                assert!(
                    expected.contains("exit: 1"),
                    "{group}/{name}: refused, yet expected to import"
                );
                continue;
            };
            // Cloze notes make a card per deletion, and Quizlet's own separators are not CSV: both are
            // read by their own rules (docs/deck-format.md), checked by their expected files.
            if name.starts_with("cloze") || parsed.read.delimiter.is_none() {
                continue;
            }
            let text = text_of(&bytes).unwrap();
            if let Err(what) = compare_with_strict_reader(&text, &parsed) {
                differ.push(format!("{group}/{name}: {what}"));
            }
            compared += 1;
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    assert!(compared >= 50, "only {compared} fixtures compared");
}
