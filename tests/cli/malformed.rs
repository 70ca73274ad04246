//! The malformed fixtures: `tests/fixtures/malformed/GROUP/NAME`, each beside `NAME.expected`, the whole
//! of what a person sees when importing it (exit code, standard output and error) and, when it is
//! imported, every deck it made as `export deck` writes it. An `args:` first line gives the command's
//! extra arguments. `UPDATE_GOLDEN=1 cargo test --test cli malformed::` rewrites them; read the diff.
//!
//! The promise is checked here too: no fixture is imported differently from what a strict
//! RFC 4180 reader (the `csv` crate, every row the same length) reads from the same bytes, after the
//! clean-ups docs/deck-format.md lists; every refusal names its line (in the expected files).

use std::path::{Path, PathBuf};

use codedrill::store::Store;
use codedrill_core::deck::{CardContent, Column};
use codedrill_core::import::{Kind, OnDuplicate, Options, Parsed, Separator};

use crate::support::{Env, Output};

fn folder(group: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/malformed")
        .join(group)
}

const GROUPS: [&str; 10] = [
    "quotes",
    "separators",
    "headers",
    "duplicates",
    "lines",
    "html",
    "messages",
    "formats",
    "names",
    "invisible",
];

/// The fixtures of a group, by name.
fn fixtures(group: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder(group))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".expected"))
        .collect();
    names.sort();
    names
}

/// The `args:` line of an expected file, split as a shell would (double quotes group words).
fn args_of(expected: &str) -> Vec<String> {
    let Some(line) = expected.lines().next().and_then(|l| l.strip_prefix("args: ")) else {
        return Vec::new();
    };
    let mut args = Vec::new();
    let (mut word, mut quoted, mut any) = (String::new(), false, false);
    for c in line.chars() {
        match c {
            '"' => (quoted, any) = (!quoted, true),
            ' ' if !quoted => {
                if any {
                    args.push(std::mem::take(&mut word));
                }
                any = false;
            }
            c => (word, any) = (word + &c.to_string(), true),
        }
    }
    if any {
        args.push(word);
    }
    args
}

/// What a person sees importing `name`, and the decks it made.
fn transcript(group: &str, name: &str, args: &[String]) -> String {
    let env = Env::new();
    let mut cmd = env.command();
    cmd.current_dir(folder(group)).arg("import").arg(name).args(args);
    let out = cmd.output().unwrap();
    let out = Output {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    let mut text = format!("exit: {}\n", out.code.unwrap_or(-1));
    let stdout: String = out
        .stdout
        .lines()
        .map(|l| match l.starts_with("Your progress from before the import is backed up in ") {
            true => "Your progress from before the import is backed up in (a backup).\n".to_owned(),
            false => format!("{l}\n"),
        })
        .collect();
    for (section, content) in [("stdout", stdout.as_str()), ("stderr", out.stderr.as_str())] {
        if !content.is_empty() {
            text.push_str(&format!("--- {section}\n{content}"));
        }
    }
    if env.db().exists() {
        let store = Store::open(env.data()).unwrap();
        for deck in env.rows("SELECT name FROM deck WHERE origin = 'import' ORDER BY id") {
            let id = store.deck_ids(std::slice::from_ref(&deck[0])).unwrap()[0];
            let mut csv = Vec::new();
            codedrill_core::export::write_deck(&mut csv, &store.deck_cards(id).unwrap()).unwrap();
            text.push_str(&format!("--- deck {}\n{}", deck[0], String::from_utf8(csv).unwrap()));
        }
    }
    text
}

/// Runs every fixture of `group` and compares (or, with `UPDATE_GOLDEN`, rewrites) its expected file.
fn check_group(group: &str) {
    let mut differ = Vec::new();
    for name in fixtures(group) {
        let path = folder(group).join(format!("{name}.expected"));
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        let args = args_of(&expected);
        let args_line = expected.lines().next().filter(|l| l.starts_with("args: "));
        let actual = args_line.map_or(String::new(), |l| format!("{l}\n")) + &transcript(group, &name, &args);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &actual).unwrap();
        } else if actual != expected {
            differ.push(format!("{name}\n--- expected\n{expected}\n--- actual\n{actual}"));
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {group} differ (UPDATE_GOLDEN=1 rewrites them; read the diff):\n{}",
        differ.len(),
        differ.join("\n")
    );
}

#[test]
fn quotes() {
    check_group("quotes");
}

#[test]
fn separators() {
    check_group("separators");
}

#[test]
fn headers() {
    check_group("headers");
}

#[test]
fn duplicates() {
    check_group("duplicates");
}

#[test]
fn lines() {
    check_group("lines");
}

#[test]
fn html() {
    check_group("html");
}

#[test]
fn messages() {
    check_group("messages");
}

#[test]
fn formats() {
    check_group("formats");
}

#[test]
fn names() {
    check_group("names");
}

#[test]
fn invisible() {
    check_group("invisible");
}

#[test]
fn there_are_at_least_a_hundred_fixtures_each_with_its_outcome() {
    let mut count = 0;
    for group in GROUPS {
        for name in fixtures(group) {
            let expected = std::fs::read_to_string(folder(group).join(format!("{name}.expected")))
                .unwrap_or_default();
            assert!(expected.contains("exit: "), "{group}/{name} has no expected outcome");
            count += 1;
        }
    }
    let on_disk = std::fs::read_dir(folder("")).unwrap().count();
    assert_eq!(on_disk, GROUPS.len(), "a group folder not in GROUPS is never run");
    assert!(count >= 100, "only {count} fixtures");
}

// ----- the strict reader -----

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
    codedrill_core::export::unneutralize(&field).trim().to_owned()
}

/// The line an editor shows for a record starting at byte `offset`: LF, CRLF and CR each end a line. (The
/// `csv` crate may place a record after a CRLF at its LF.)
fn line_at(text: &str, mut offset: usize) -> u64 {
    let bytes = text.as_bytes();
    while bytes.get(offset).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
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
        let at = |c: Column| names.iter().position(|n| Column::from_header(n) == Some(c)).unwrap();
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
    let delimiter = parsed.delimiter.ok_or("not CSV")?;
    let html = text.lines().any(|l| l.trim().eq_ignore_ascii_case("#html:true"));
    // The body: after the `#` header lines.
    let mut body_start = 0;
    for _ in 0..parsed.header_lines {
        let rest = &text[body_start..];
        let end = rest.find(['\r', '\n']).map_or(rest.len(), |i| i + 1);
        body_start += end + usize::from(rest[..end].ends_with('\r') && rest[end..].starts_with('\n'));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text[body_start..].as_bytes());
    let mut records: Vec<(u64, Vec<String>)> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("the strict reader fails: {e}"))?;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let line = line_at(text, body_start + record.position().unwrap().byte() as usize);
        records.push((line, record.iter().map(str::to_owned).collect()));
    }
    let header = parsed.had_header_row.then(|| records.remove(0).1);
    let width = header.as_ref().map_or(records[0].1.len(), Vec::len);
    if let Some((line, _)) = records.iter().find(|(_, r)| r.len() != width) {
        return Err(format!("line {line}: the strict reader finds a row of another length"));
    }
    if records.len() != parsed.rows {
        return Err(format!("{} rows read, the strict reader reads {}", parsed.rows, records.len()));
    }
    let (code, description) = code_and_description(text, header.as_deref());
    let cards: Vec<(u64, &CardContent)> = parsed
        .decks
        .iter()
        .flat_map(|d| d.lines.iter().copied().zip(&d.cards))
        .collect();
    for (line, fields) in &records {
        let expected = (cleaned(&fields[code], html), cleaned(&fields[description], html));
        let here = cards.iter().find(|(l, _)| l == line);
        // A row repeated (or settled by --on-duplicate) has no card of its own: its text is another's.
        let found = here.or_else(|| cards.iter().find(|(_, c)| c.code == expected.0));
        match found {
            Some((_, c)) if (c.code.as_str(), c.description.as_str()) == (&expected.0, &expected.1) => {}
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
            let Ok(parsed) = codedrill_core::import::parse_with(&bytes, &options(&name, &args_of(&expected)))
            else {
                assert!(expected.contains("exit: 1"), "{group}/{name}: refused, yet expected to import");
                continue;
            };
            // Cloze notes make a card per deletion, and Quizlet's own separators are not CSV: both are
            // read by their own rules (docs/deck-format.md), checked by their expected files.
            if name.starts_with("cloze") || parsed.delimiter.is_none() {
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
