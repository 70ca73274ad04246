//! `codedrill codeset add FILE...`: CMS's ICD-10-CM files as a learner downloads them (the order file,
//! the tabular XML, the Alphabetic Index XML, or the zips that hold them), each year read whole and checked before anything is
//! written, then installed in one transaction. A file that is not one of these, a damaged one, or a year
//! older than one installed (without --force) is refused in one sentence and nothing is installed.

use std::collections::{BTreeMap, HashSet};
use std::io::{Cursor, Read};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow, bail};

use super::super::Context;
use crate::store::Store;
use codedrill_core::codeset::{
    Book, CodeSet, CodesetError, FileKind, Index, key, kind_of, member_kind, parse_index,
    parse_order, parse_tabular, year_in_name,
};
use codedrill_core::sanitize::clean_line;
use codedrill_core::words::thousands;

/// The largest file codedrill reads out of a zip: the real tabular is about 10 MB; a member claiming
/// far more is not one of CMS's files (or is a zip bomb).
const MAX_MEMBER_BYTES: u64 = 200_000_000;

/// One official file found, read as text.
struct Found {
    kind: FileKind,
    /// The name to show: the path, and the member's name for a file inside a zip.
    shown: String,
    text: String,
}

pub(in crate::commands) fn run(
    ctx: &mut Context,
    files: &[std::path::PathBuf],
    year: Option<u16>,
    force: bool,
) -> Result<ExitCode> {
    // A wrong clock override is reported before anything about the files.
    ctx.clock()?;
    let mut found = Vec::new();
    for file in files {
        found.extend(read(file)?);
    }
    let added = by_year(found, year)?;
    let (store, clock) = ctx.store_and_clock()?;
    let before: Vec<u16> = store.codesets()?.iter().map(|s| s.year).collect();
    refuse_older(&before, &added.sets, force)?;
    let missing = check_indexes(store, &added)?;
    store.install_codesets(&added.sets, &added.indexes, clock.now())?;
    let sets = &added.sets;
    for (set, files) in sets {
        let again = if before.contains(&set.year) {
            format!(" (it replaces the FY{} you had)", set.year)
        } else {
            String::new()
        };
        say!(
            "Installed ICD-10-CM FY{}: {} billable codes ({} codes and headers, {} notes) from {}{again}.",
            set.year,
            thousands(set.billable_count() as i64),
            thousands(set.nodes.len() as i64),
            thousands(set.notes.len() as i64),
            files
        );
    }
    for ((index, files), missing) in added.indexes.iter().zip(&missing) {
        say!(
            "Installed the ICD-10-CM FY{} {}: {} terms ({} main terms) from {files}.",
            index.year,
            index.book.name(),
            thousands(index.terms.len() as i64),
            thousands(index.main_terms() as i64)
        );
        if !missing.is_empty() {
            say!(
                "{} of its codes are not in the FY{} tabular (for example {}): they are kept, and lookup \
                 marks them.",
                thousands(missing.len() as i64),
                index.year,
                clean_line(&missing[0])
            );
        }
    }
    next_step(store)?;
    Ok(ExitCode::SUCCESS)
}

/// The official files in `path`: itself, or the order files and tabulars inside a zip.
fn read(path: &Path) -> Result<Vec<Found>> {
    let shown = clean_line(&path.display().to_string()).into_owned();
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read {shown}; check the file's name and place"))?;
    match kind_of(&path.to_string_lossy(), &bytes) {
        FileKind::Zip => read_zip(&bytes, &shown),
        FileKind::Other => bail!(
            "{shown} is not an ICD-10-CM order file, tabular or index XML, or zip of them (codedrill reads \
             icd10cm_order_YYYY.txt, icd10cm_tabular_YYYY.xml, icd10cm_index_YYYY.xml and \
             icd10cm_eindex_YYYY.xml as CMS publishes them); nothing was installed"
        ),
        kind => Ok(vec![Found {
            kind,
            text: text_of(bytes),
            shown,
        }]),
    }
}

fn read_zip(bytes: &[u8], shown: &str) -> Result<Vec<Found>> {
    let damaged = |e: zip::result::ZipError| {
        anyhow!("{shown} is a damaged zip ({e}); download it again; nothing was installed")
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    let mut found = Vec::new();
    for index in 0..archive.len() {
        let mut member = archive.by_index(index).map_err(damaged)?;
        let name = member.name().map_err(damaged)?.into_owned();
        let Some(kind) = member_kind(&name) else {
            continue;
        };
        let inner = format!("{shown}:{}", clean_line(&name));
        if member.size() > MAX_MEMBER_BYTES {
            bail!("{inner} is far larger than CMS's files; nothing was installed");
        }
        let mut content = Vec::new();
        member
            .by_ref()
            .take(MAX_MEMBER_BYTES)
            .read_to_end(&mut content)
            .map_err(|e| anyhow!("{inner} cannot be unpacked ({e}); download the zip again; nothing was installed"))?;
        found.push(Found {
            kind,
            shown: inner,
            text: text_of(content),
        });
    }
    if found.is_empty() {
        bail!(
            "{shown} holds no ICD-10-CM order file, tabular or index XML (codedrill reads CMS's \"Code Descriptions \
             in Tabular Order\" and \"Code Tables, Tabular and Index\" zips); nothing was installed"
        );
    }
    Ok(found)
}

/// The file as text: UTF-8 as CMS writes it, else read byte for byte as Latin-1 (an older order file).
fn text_of(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes)
        .unwrap_or_else(|e| e.into_bytes().iter().map(|&b| char::from(b)).collect())
}

/// One year's possible files.
#[derive(Default)]
struct Year {
    order: Option<(CodeSet, String)>,
    tabular: Option<(CodeSet, String)>,
    /// The index of diseases and injuries, and the External Cause Index.
    indexes: BTreeMap<Book, (Index, String)>,
}

/// What the files hold, by year: the code sets and the indexes.
#[derive(Default)]
struct Added {
    sets: Vec<(CodeSet, String)>,
    indexes: Vec<(Index, String)>,
}

/// One file read.
enum Parsed {
    Set(CodeSet),
    Index(Index),
}

/// Each file read, then gathered by year: a year given both files is read from both.
fn by_year(found: Vec<Found>, year: Option<u16>) -> Result<Added> {
    let mut years: BTreeMap<u16, Year> = BTreeMap::new();
    for file in found {
        let read = parse(&file, year)?;
        let read_year = match &read {
            Parsed::Set(set) => set.year,
            Parsed::Index(index) => index.year,
        };
        if let Some(y) = year.filter(|y| *y != read_year) {
            bail!(
                "{} is FY{read_year} (its <version> says so), not FY{y}; nothing was installed",
                file.shown
            );
        }
        let slot = years.entry(read_year).or_default();
        let first = match (read, file.kind) {
            (Parsed::Index(index), _) => slot
                .indexes
                .insert(index.book, (index, file.shown.clone()))
                .map(|f| f.1),
            (Parsed::Set(set), FileKind::Order) => {
                slot.order.replace((set, file.shown.clone())).map(|f| f.1)
            }
            (Parsed::Set(set), _) => slot.tabular.replace((set, file.shown.clone())).map(|f| f.1),
        };
        if let Some(first) = first {
            bail!(
                "{first} and {} are the same kind of file for FY{read_year}; give one; nothing was installed",
                file.shown
            );
        }
    }
    let mut added = Added::default();
    for mut one in years.into_values() {
        added
            .indexes
            .extend(std::mem::take(&mut one.indexes).into_values());
        added.sets.extend(combine(one)?);
    }
    Ok(added)
}

fn parse(file: &Found, year: Option<u16>) -> Result<Parsed> {
    let refuse = |e: CodesetError| anyhow!("{}: {e}; nothing was installed", file.shown);
    Ok(match file.kind {
        FileKind::Order => {
            let Some(y) = year.or_else(|| year_in_name(&file.shown)) else {
                bail!(
                    "cannot tell which year {} is: CMS's names end in it (icd10cm_order_2027.txt), or \
                     give it with --year; nothing was installed",
                    file.shown
                );
            };
            Parsed::Set(parse_order(&file.text, y).map_err(refuse)?)
        }
        FileKind::Index => Parsed::Index(parse_index(&file.text).map_err(refuse)?),
        _ => Parsed::Set(parse_tabular(&file.text).map_err(refuse)?),
    })
}

fn combine(year: Year) -> Result<Option<(CodeSet, String)>> {
    Ok(match (year.order, year.tabular) {
        (Some((order, a)), Some((tabular, b))) => {
            let set = CodeSet::merge(order, tabular)
                .map_err(|e| anyhow!("{a} and {b}: {e}; nothing was installed"))?;
            Some((set, format!("{a}, {b}")))
        }
        (Some(one), None) | (None, Some(one)) => Some(one),
        (None, None) => None,
    })
}

/// Each index with the codes of its year (added now, or else installed) that it gives but the code set
/// lacks; an index whose year has no code set is refused.
fn check_indexes(store: &Store, added: &Added) -> Result<Vec<Vec<String>>> {
    let mut missing = Vec::new();
    for (index, shown) in &added.indexes {
        let year = index.year;
        let keys: HashSet<String> = match added.sets.iter().find(|(s, _)| s.year == year) {
            Some((set, _)) => set.nodes.iter().map(|n| key(&n.name)).collect(),
            None => store.codeset_keys(year)?,
        };
        if keys.is_empty() {
            bail!(
                "{shown} is the FY{year} index, but no FY{year} tabular is installed: add the index with its \
                 year's tabular (codedrill codeset add icd10cm_tabular_{year}.xml {shown}); nothing was installed"
            );
        }
        missing.push(index.missing_codes(&keys));
    }
    Ok(missing)
}

fn refuse_older(installed: &[u16], sets: &[(CodeSet, String)], force: bool) -> Result<()> {
    let newest = installed.iter().max().copied().unwrap_or(0);
    match sets.iter().map(|(s, _)| s.year).find(|y| *y < newest) {
        Some(year) if !force => bail!(
            "FY{year} is older than FY{newest}, which is installed; add --force to install it anyway; \
             nothing was installed"
        ),
        _ => Ok(()),
    }
}

/// What to do next: compare and move, or add the year the cards are on.
fn next_step(store: &Store) -> Result<()> {
    let cards = store.icd10cm_year()?;
    let installed: Vec<u16> = store.codesets()?.iter().map(|s| s.year).collect();
    let Some(newest) = installed.iter().max().copied().filter(|y| *y > cards) else {
        return Ok(());
    };
    if installed.contains(&cards) {
        say!(
            "Your ICD-10-CM cards are on FY{cards}. Next: codedrill codeset changes {cards} {newest}, then \
             codedrill codeset update {newest}."
        );
    } else {
        say!(
            "Your ICD-10-CM cards are on FY{cards}: add that year's files too, so that codedrill can tell \
             what changed, then run codedrill codeset update {newest}."
        );
    }
    Ok(())
}
