//! Which official file is which, from its name (as CMS and CDC name them: `icd10cm_order_2026.txt`,
//! `icd10cm-order-2026.txt`, `icd10cm-order-April-1-2026.txt`, `icd10cm_tabular_2026.xml`...) or, for a
//! renamed file, from its first bytes.

/// What a file is, as far as `codeset add` goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// "Code Descriptions in Tabular Order": `icd10cm_order_YYYY.txt`.
    Order,
    /// "Code Tables, Tabular and Index": `icd10cm_tabular_YYYY.xml`.
    Tabular,
    /// The Alphabetic Index of the same zip, `icd10cm_index_YYYY.xml`, or its External Cause Index,
    /// `icd10cm_eindex_YYYY.xml` (the same layout; the index's title says which).
    Index,
    /// A zip archive, to look inside.
    Zip,
    /// Anything else.
    Other,
}

/// What a file is, by its name and, failing that, its first bytes.
pub fn kind_of(name: &str, head: &[u8]) -> FileKind {
    if head.starts_with(b"PK\x03\x04") {
        return FileKind::Zip;
    }
    if let Some(kind) = member_kind(name) {
        return kind;
    }
    let text = String::from_utf8_lossy(&head[..head.len().min(4096)]);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('<') && text.contains("<ICD10CM.tabular") {
        FileKind::Tabular
    } else if text.starts_with('<') && text.contains("<ICD10CM.index") {
        FileKind::Index
    } else if text.lines().next().is_some_and(looks_like_order_line) {
        FileKind::Order
    } else {
        FileKind::Other
    }
}

/// The kind of a zip member (or a file) by its name alone: the order file, the tabular or an index (of
/// diseases and injuries, or of external causes), never their addenda (the year's changes only), the
/// codes-only list or the tables (neoplasm, drug), which are not read yet.
pub fn member_kind(path: &str) -> Option<FileKind> {
    let base = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let name: String = base
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c == '-' || c == ' ' { '_' } else { c })
        .collect();
    if !name.starts_with("icd10cm") || name.contains("addenda") {
        return None;
    }
    let rest = name.trim_start_matches("icd10cm").trim_start_matches('_');
    if rest.starts_with("order") && name.ends_with(".txt") {
        Some(FileKind::Order)
    } else if rest.starts_with("tabular") && name.ends_with(".xml") {
        Some(FileKind::Tabular)
    } else if (rest.starts_with("index") || rest.starts_with("eindex")) && name.ends_with(".xml") {
        Some(FileKind::Index)
    } else {
        None
    }
}

/// The fiscal year a file's name gives: its last run of four digits that is a year
/// (`icd10cm-order-April-1-2026.txt` -> 2026).
pub fn year_in_name(path: &str) -> Option<u16> {
    let base = path.rsplit(['/', '\\']).next().unwrap_or(path);
    base.split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() == 4)
        .filter_map(|run| run.parse().ok())
        .rfind(|year| super::is_fiscal_year(*year))
}

/// The first line of an order file: five digits, a space, a code.
fn looks_like_order_line(line: &str) -> bool {
    let b = line.as_bytes();
    b.len() > 16
        && b[..5].iter().all(u8::is_ascii_digit)
        && b[5] == b' '
        && b[6].is_ascii_uppercase()
        && (b[14] == b'0' || b[14] == b'1')
}
