//! `codedrill codeset add` of a whole year's tabular: the real FY2026 file when
//! CODEDRILL_ICD10CM_TABULAR names it (simple-icd-10-cm 1.5.0's icd10c-tabular-April-1-2026.xml), else
//! one made here in the official layout with as many billable codes as the scale's deck.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use super::{Row, Scale, bin, measure, median, ms};

pub fn codeset_add(dir: &Path, scale: &Scale) -> Row {
    let (file, what) = match std::env::var_os("CODEDRILL_ICD10CM_TABULAR") {
        Some(real) => (real.into(), "the real FY2026 tabular".to_owned()),
        None => {
            let file = dir.join("icd10cm-tabular-2026.xml");
            std::fs::write(&file, synthetic_tabular(scale.deck_rows)).unwrap();
            (
                file,
                format!("{} billable codes, made in its layout", scale.deck_rows),
            )
        }
    };
    let text = std::fs::read_to_string(&file).unwrap();
    let mut times = Vec::new();
    let mut parse = Vec::new();
    let mut peak = 0;
    for i in 0..scale.repeats.min(5) {
        let home = dir.join(format!("codeset-{i}"));
        let _ = std::fs::remove_dir_all(&home);
        measure(bin().env("CODEDRILL_HOME", &home).arg("decks"));
        let (t, p) = measure(bin().env("CODEDRILL_HOME", &home).args([
            "codeset",
            "add",
            file.to_str().unwrap(),
        ]));
        times.push(t);
        peak = peak.max(p.unwrap_or(0));
        let _ = std::fs::remove_dir_all(&home);
        let started = Instant::now();
        let set = codedrill_core::codeset::parse_tabular(&text).unwrap();
        assert!(set.billable_count() > 0);
        parse.push(started.elapsed());
    }
    let (t, p) = (median(&mut times), median(&mut parse));
    beside_reading(
        "codeset add: a year's tabular",
        "<= 2 s, <= 100 MiB",
        (t, p, peak),
        &what,
    )
}

/// A row for adding a file, beside reading its XML alone: (median add, median read, peak memory).
pub(super) fn beside_reading(
    work: &'static str,
    target: &'static str,
    (add, read, peak): (Duration, Duration, u64),
    what: &str,
) -> Row {
    Row {
        work,
        measured: format!("{} ({what})", ms(add)),
        target,
        compared: format!(
            "reading the XML alone {} ({:.1}x)",
            ms(read),
            add.as_secs_f64() / read.as_secs_f64()
        ),
        peak: Some(peak),
    }
}

/// A tabular with about `billable` billable codes: categories of subcategories, every other category
/// with three 7th characters, and notes as the real file has them.
pub(super) fn synthetic_tabular(billable: usize) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ICD10CM.tabular>\n<version>2026</version>\n\
         <chapter><name>1</name><desc>Synthetic chapter (A00-Z99)</desc>\n",
    );
    let mut made = 0;
    let mut category = 0;
    while made < billable {
        // A letter, a digit, a digit or letter: 9,360 categories before a name repeats.
        const THIRD: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        let code = format!(
            "{}{}{}",
            char::from(b'A' + (category / 360 % 26) as u8),
            category / 36 % 10,
            char::from(THIRD[category % 36])
        );
        let seventh = category % 2 == 1;
        let _ = write!(
            xml,
            "<section id=\"{code}\"><desc>Section {code}</desc>\n<diag><name>{code}</name>\
             <desc>Synthetic condition {code}</desc>\n<inclusionTerm><note>Also called {code}</note>\
             </inclusionTerm>\n<excludes1><note>another condition (B99)</note></excludes1>\n"
        );
        if seventh {
            xml.push_str(
                "<sevenChrDef><extension char=\"A\">initial encounter</extension>\
                 <extension char=\"D\">subsequent encounter</extension>\
                 <extension char=\"S\">sequela</extension></sevenChrDef>\n",
            );
        }
        for sub in 0..10 {
            let _ = writeln!(
                xml,
                "<diag><name>{code}.{sub}</name><desc>Synthetic condition {code}, kind {sub}</desc></diag>"
            );
            made += if seventh { 3 } else { 1 };
        }
        xml.push_str("</diag></section>\n");
        category += 1;
    }
    xml.push_str("</chapter>\n</ICD10CM.tabular>\n");
    xml
}
