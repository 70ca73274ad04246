//! The file as text, or one sentence on what it is instead: a spreadsheet workbook, an Anki package, text
//! in another encoding. Recognised by their bytes, whatever the file is called.

use std::borrow::Cow;

use super::reader::line_at;
use super::{MAX_FILE_BYTES, MAX_PROBLEMS_SHOWN};
use crate::deck::Problem;

/// The file's text: UTF-8 (a byte-order mark is taken off later), or UTF-16 with its byte-order mark
/// (Excel's "Unicode Text"), decoded.
pub(super) fn text(bytes: &[u8]) -> Result<Cow<'_, str>, Vec<Problem>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(whole_file(format!(
            "the file is {} MB, more than the {} MB codedrill reads; split it into smaller files",
            bytes.len() / 1_000_000,
            MAX_FILE_BYTES / 1_000_000
        )));
    }
    if let Some(what) = not_text(bytes) {
        return Err(whole_file(what));
    }
    if let Some(text) = utf16(bytes) {
        return text.map(Cow::Owned);
    }
    utf8(bytes).map(Cow::Borrowed)
}

fn whole_file(message: String) -> Vec<Problem> {
    vec![Problem { line: 0, message }]
}

/// What a file is when it is not text: its kind and how to make a CSV of it.
fn not_text(bytes: &[u8]) -> Option<String> {
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    let csv_from = |what: &str, how: &str| {
        format!("this is {what}, not a text file; {how}, then import that file")
    };
    if bytes.starts_with(b"PK\x03\x04") {
        return Some(if has(b"application/vnd.oasis.opendocument.spreadsheet") {
            csv_from(
                "an OpenDocument spreadsheet (.ods)",
                "open it in LibreOffice Calc and save it with File > Save As as \"Text CSV\" (UTF-8)",
            )
        } else if has(b"xl/") {
            csv_from(
                "an Excel workbook (.xlsx)",
                "open it in Excel and save it with File > Save As as \"CSV UTF-8 (Comma delimited)\"",
            )
        } else if has(b"Index/") {
            csv_from(
                "a Numbers spreadsheet",
                "open it in Numbers and use File > Export To > CSV",
            )
        } else if has(b"collection.anki2") {
            csv_from(
                "an Anki package (.apkg)",
                "in Anki, export the deck with File > Export as \"Notes in Plain Text\"",
            )
        } else {
            csv_from(
                "a ZIP archive",
                "unpack it, or save your deck from its program as CSV",
            )
        });
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Some(csv_from(
            "an Excel 97-2003 workbook (.xls) or another Office file",
            "open it and save it as \"CSV UTF-8 (Comma delimited)\"",
        ));
    }
    if bytes.starts_with(b"%PDF") {
        return Some(csv_from(
            "a PDF document",
            "copy its table into a spreadsheet and save that as CSV UTF-8",
        ));
    }
    None
}

/// UTF-16 text with a byte-order mark, decoded; `None` when the file has no such mark.
fn utf16(bytes: &[u8]) -> Option<Result<String, Vec<Problem>>> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let units = bytes[2..].chunks(2).map(|pair| match (pair, little) {
        ([a, b], true) => u16::from_le_bytes([*a, *b]),
        ([a, b], false) => u16::from_be_bytes([*a, *b]),
        _ => 0xFFFD,
    });
    let text: Result<String, _> = char::decode_utf16(units).collect();
    Some(text.map_err(|_| {
        whole_file(
            "this file is marked as UTF-16 text but is not valid UTF-16; save it as \"CSV UTF-8\" \
             (Excel) or UTF-8 and import it again"
                .into(),
        )
    }))
}

/// The file as UTF-8 text, or every place it is not (a file from another program's default encoding).
fn utf8(bytes: &[u8]) -> Result<&str, Vec<Problem>> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text);
    }
    let mut problems = Vec::new();
    let mut offset = 0;
    while offset < bytes.len() {
        match std::str::from_utf8(&bytes[offset..]) {
            Ok(_) => break,
            Err(e) => {
                let at = offset + e.valid_up_to();
                problems.push(Problem {
                    line: line_at(bytes, at),
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
    Err(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(bytes: &[u8]) -> String {
        text(bytes).unwrap_err()[0].message.clone()
    }

    #[test]
    fn workbooks_and_packages_are_named_by_their_bytes() {
        let zip = |inner: &[u8]| [b"PK\x03\x04".as_slice(), b"\x14\x00\x06\x00", inner].concat();
        assert!(
            refused(&zip(b"[Content_Types].xml xl/workbook.xml"))
                .contains("Excel workbook (.xlsx)")
        );
        assert!(
            refused(&zip(
                b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
            ))
            .contains("OpenDocument spreadsheet")
        );
        assert!(refused(&zip(b"Index/Document.iwa")).contains("Numbers spreadsheet"));
        assert!(refused(&zip(b"collection.anki21 collection.anki2")).contains("Anki package"));
        assert!(refused(&zip(b"word/document.xml")).contains("a ZIP archive"));
        assert!(refused(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest").contains("(.xls)"));
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let units: Vec<u8> = "A1\tone\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let bytes = [&[0xFF, 0xFE][..], &units].concat();
        assert_eq!(text(&bytes).unwrap(), "A1\tone\r\n");
        let big: Vec<u8> = "é".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(text(&[&[0xFE, 0xFF][..], &big].concat()).unwrap(), "é");
    }

    #[test]
    fn invalid_utf8_is_located_by_the_lines_an_editor_shows() {
        let problems = text(b"A1,ok\rB2,caf\xe9\r\nC3,\xff\xfe\n").unwrap_err();
        let lines: Vec<u64> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [2, 3, 3]);
        assert!(
            problems[0].message.contains("byte offset 12"),
            "{}",
            problems[0].message
        );
    }
}
