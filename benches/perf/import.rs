//! Importing the real ICD-10-CM list: into a new data folder and into one that exists, beside the csv
//! crate parsing the same file, a bare prepared INSERT of its rows, and Anki's own CSV importer.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{Row, Scale, bare_database, bin, measure, median, ms};

/// Every billable code of ICD-10-CM FY2026 as `code,description`, written by
/// `scripts/icd10cm/generate.py --full` from simple-icd-10-cm 1.5.0 (NCHS/CDC and CMS, used as
/// published). Committed gzip-compressed, so the benchmark needs neither Python nor a network.
const FULL_LIST: &[u8] = include_bytes!("../data/icd10cm-fy2026.csv.gz");

/// The rows the whole list holds.
pub const FULL_ROWS: usize = 74_719;

/// The benchmark's deck: the first `scale.deck_rows` rows of the real list (all of them at full size),
/// written to `dir`. Returns the file and its text.
pub fn real_deck(dir: &Path, scale: &Scale) -> (PathBuf, String) {
    let mut text = String::new();
    flate2::read::GzDecoder::new(FULL_LIST)
        .read_to_string(&mut text)
        .unwrap();
    let rows = text.lines().count() - 1;
    assert_eq!(rows, FULL_ROWS, "benches/data holds {rows} rows");
    assert!(scale.deck_rows <= rows);
    let end = text
        .match_indices('\n')
        .nth(scale.deck_rows)
        .map_or(text.len(), |(i, _)| i + 1);
    text.truncate(end);
    let file = dir.join("icd10cm-fy2026.csv");
    std::fs::write(&file, &text).unwrap();
    (file, text)
}

/// Medians of `scale.repeats` imports of `file`, into a new folder and into one that holds the built-in
/// decks already, each with its peak memory.
fn codedrill_imports(dir: &Path, file: &Path, scale: &Scale) -> [(Duration, u64); 2] {
    [false, true].map(|existing| {
        let mut times = Vec::new();
        let mut peak = 0;
        for i in 0..scale.repeats {
            let home = dir.join(format!("import-{i}"));
            let _ = std::fs::remove_dir_all(&home);
            if existing {
                measure(bin().env("CODEDRILL_HOME", &home).arg("decks"));
            }
            let (t, p) = measure(bin().env("CODEDRILL_HOME", &home).arg("import").arg(file));
            times.push(t);
            peak = peak.max(p.unwrap_or(0));
            let _ = std::fs::remove_dir_all(&home);
        }
        (median(&mut times), peak)
    })
}

pub fn import(dir: &Path, file: &Path, text: &str, scale: &Scale) -> Vec<Row> {
    let [(new, new_peak), (existing, existing_peak)] = codedrill_imports(dir, file, scale);
    let (parse, insert) = limits(dir, text, scale);
    let anki = anki_import(dir, file, scale);
    let ratio = |t: Duration, limit: Duration| t.as_secs_f64() / limit.as_secs_f64();
    let limits = format!(
        "csv parse alone {} ({:.1}x); bare insert alone {} ({:.1}x)",
        ms(parse),
        ratio(existing, parse),
        ms(insert),
        ratio(existing, insert)
    );
    let anki = match anki {
        Ok((t, peak)) => format!(
            "Anki's CSV importer {} ({:.1}x codedrill), {:.1} MiB",
            ms(t),
            ratio(t, new),
            peak as f64 / 1024.0
        ),
        Err(why) => format!("Anki's CSV importer: skipped ({why})"),
    };
    vec![
        Row {
            work: "import the ICD-10-CM list into a new data folder",
            measured: ms(new),
            target: "<= 300 ms, <= 50 MiB, >= 10x Anki",
            compared: anki,
            peak: Some(new_peak),
        },
        Row {
            work: "import the ICD-10-CM list into an existing data folder",
            measured: ms(existing),
            target: "<= 250 ms, <= 50 MiB",
            compared: limits,
            peak: Some(existing_peak),
        },
    ]
}

/// The list imported as a second deck into the big collection (its cards and 1,000,000 reviews): what a
/// learner with a history meets, where the check for damage and the backup before the import read and
/// copy the whole file. Beside it, copying that file alone. Works on a copy; median of three.
pub fn import_into_big(dir: &Path, big: &Path, file: &Path, scale: &Scale) -> Row {
    let db = big.join(codedrill::store::DB_FILE);
    let home = dir.join("import-big");
    let (mut times, mut copies, mut peak) = (Vec::new(), Vec::new(), 0);
    for _ in 0..scale.repeats.min(3) {
        let _ = std::fs::remove_dir_all(&home);
        std::fs::create_dir_all(&home).unwrap();
        let started = Instant::now();
        std::fs::copy(&db, home.join(codedrill::store::DB_FILE)).unwrap();
        copies.push(started.elapsed());
        let (t, p) = measure(bin().env("CODEDRILL_HOME", &home).arg("import").arg(file));
        times.push(t);
        peak = peak.max(p.unwrap_or(0));
    }
    let _ = std::fs::remove_dir_all(&home);
    let (t, c) = (median(&mut times), median(&mut copies));
    let mib = std::fs::metadata(&db).unwrap().len() as f64 / 1_048_576.0;
    Row {
        work: "import the ICD-10-CM list into the big collection, as a second deck",
        measured: ms(t),
        target: "",
        compared: format!(
            "copying its {mib:.0} MiB file alone {} ({:.1}x): the import checks and backs up the whole file first",
            ms(c),
            t.as_secs_f64() / c.as_secs_f64()
        ),
        peak: Some(peak),
    }
}

/// The limits, in the same run: the csv crate alone, and a bare prepared INSERT in one transaction.
fn limits(dir: &Path, text: &str, scale: &Scale) -> (Duration, Duration) {
    let mut parse = Vec::new();
    let mut insert = Vec::new();
    for _ in 0..scale.repeats {
        let started = Instant::now();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let mut record = csv::ByteRecord::new();
        let mut n = 0;
        while reader.read_byte_record(&mut record).unwrap() {
            n += record.len();
        }
        assert!(n > 0);
        parse.push(started.elapsed());
        let mut conn = bare_database(
            dir,
            "bare-insert",
            "CREATE TABLE card (deck INTEGER, key TEXT, code TEXT, description TEXT, UNIQUE (deck, key))",
        );
        let started = Instant::now();
        let tx = conn.transaction().unwrap();
        {
            let mut stmt = tx
                .prepare("INSERT INTO card VALUES (1, ?1, ?1, ?2)")
                .unwrap();
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            for record in reader.records() {
                let r = record.unwrap();
                stmt.execute(rusqlite::params![&r[0], &r[1]]).unwrap();
            }
        }
        tx.commit().unwrap();
        insert.push(started.elapsed());
    }
    (median(&mut parse), median(&mut insert))
}

// ----- Anki -----

/// The Python that runs Anki's importer: CODEDRILL_ANKI_PYTHON, else `python3`.
fn anki_python() -> Result<PathBuf, String> {
    let python = std::env::var_os("CODEDRILL_ANKI_PYTHON").map_or("python3".into(), PathBuf::from);
    let works = Command::new(&python)
        .args(["-c", "import anki.collection"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if works {
        Ok(python)
    } else {
        Err(format!(
            "no `anki` package for {}; CODEDRILL_ANKI_PYTHON names a Python that has it",
            python.display()
        ))
    }
}

/// Anki's own CSV importer (its Rust backend, driven from the `anki` Python package) on the same file,
/// into a new collection, as a whole process like codedrill's: median time and peak memory of three
/// runs (one at smoke size). Anki reads the header row as one more note.
fn anki_import(dir: &Path, file: &Path, scale: &Scale) -> Result<(Duration, u64), String> {
    let python = anki_python()?;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/perf/anki_import.py");
    let mut times = Vec::new();
    let mut peak = 0;
    for _ in 0..scale.repeats.min(3) {
        let home = dir.join("anki");
        let _ = std::fs::remove_dir_all(&home);
        std::fs::create_dir_all(&home).unwrap();
        let (t, p) = measure(
            Command::new(&python)
                .arg(&script)
                .arg(file)
                .arg(home.join("collection.anki2")),
        );
        times.push(t);
        peak = peak.max(p.unwrap_or(0));
        let _ = std::fs::remove_dir_all(&home);
    }
    Ok((median(&mut times), peak))
}
