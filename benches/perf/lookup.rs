//! The Alphabetic Index: `codedrill codeset add` of a whole year's index, and `codedrill lookup` on it.
//!
//! There is no whole real index at hand (CMS's is about 9.4 MB), so the index is made here in its layout
//! and with its shape, measured on the real first 308 KB (letter A to "Adenolymphoma"): about 85% of main
//! terms with a code or a cross-reference, half with no subterm and a few with hundreds, subterms six
//! levels deep, one title in six with non-essential modifiers, one term in seven with "see", words such as
//! "with", "acute" and "chronic" under many main terms. CODEDRILL_ICD10CM_INDEX may name a real index
//! instead (with its year's tabular in CODEDRILL_ICD10CM_TABULAR).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use codedrill::store::Store;

use super::codeset::beside_reading;
use super::{Row, Scale, bin, measure, median, ms, percentile};

/// What is looked up: a condition with a subterm, one common word, a plural, a long subterm path, and
/// words found nowhere.
const QUERIES: &[&str] = &[
    "diabetes kidney",
    "chronic",
    "kidneys diabetes type",
    "diabetes with retinopathy nonproliferative mild",
    "with",
    "zzzz",
];

pub fn lookup(dir: &Path, scale: &Scale) -> Vec<Row> {
    let full = scale.name == "full";
    let (tabular, index, what) = files(dir, full, scale.deck_rows);
    let mut add_times = Vec::new();
    let mut parse = Vec::new();
    let mut peak = 0;
    let home = dir.join("lookup");
    let text = std::fs::read_to_string(&index).unwrap();
    for _ in 0..scale.repeats.min(5) {
        let _ = std::fs::remove_dir_all(&home);
        let add = |file: &Path| {
            measure(bin().env("CODEDRILL_HOME", &home).args([
                "codeset",
                "add",
                file.to_str().unwrap(),
            ]))
        };
        add(&tabular);
        let (t, p) = add(&index);
        add_times.push(t);
        peak = peak.max(p.unwrap_or(0));
        let started = Instant::now();
        let parsed = codedrill_core::codeset::parse_index(&text).unwrap();
        assert!(parsed.main_terms() > 0);
        parse.push(started.elapsed());
    }
    let (t, p) = (median(&mut add_times), median(&mut parse));
    let mut rows = vec![beside_reading(
        "codeset add: a year's Alphabetic Index",
        "<= 3 s, <= 100 MiB",
        (t, p, peak),
        &what,
    )];
    rows.extend(lookups(&home, scale));
    rows
}

/// Each query looked up in-process (the drill's `/words`) and as a whole `codedrill lookup`.
fn lookups(home: &Path, scale: &Scale) -> Vec<Row> {
    let store = Store::open(home).unwrap();
    let year = store.index_years().unwrap()[0].0;
    let mut inside = Vec::new();
    let mut slowest = (Duration::ZERO, "");
    for _ in 0..scale.repeats {
        for query in QUERIES {
            let started = Instant::now();
            let answer = codedrill::lookup::index::answer(&store, year, query).unwrap();
            let _text = answer.text(&codedrill::view::style::Style::plain());
            let answer = answer.main_terms;
            let t = started.elapsed();
            assert_eq!(answer.is_empty(), *query == "zzzz", "{query}");
            inside.push(t);
            if t > slowest.0 {
                slowest = (t, query);
            }
        }
    }
    drop(store);
    let mut process = Vec::new();
    let mut start = Vec::new();
    let mut peak = 0;
    for _ in 0..scale.repeats {
        for query in QUERIES {
            let mut cmd = bin();
            cmd.env("CODEDRILL_HOME", home).arg("lookup").arg(query);
            // Finding nothing ends with 1, which `measure` takes for a failure.
            let (t, p) = if *query == "zzzz" {
                measure_any(&mut cmd)
            } else {
                measure(&mut cmd)
            };
            process.push(t);
            peak = peak.max(p.unwrap_or(0));
        }
        start.push(measure(bin().env("CODEDRILL_HOME", home).arg("decks")).0);
    }
    let (p50, p99) = (median(&mut inside), percentile(&mut inside, 0.99));
    let (whole, whole99) = (median(&mut process), percentile(&mut process, 0.99));
    vec![
        Row {
            work: "lookup WORDS in a year's index, in-process (the drill's /words)",
            measured: format!("median {}, p99 {}", ms(p50), ms(p99)),
            target: "<= 20 ms",
            compared: format!("slowest: \"{}\" {}", slowest.1, ms(slowest.0)),
            peak: None,
        },
        Row {
            work: "codedrill lookup WORDS, the whole process",
            measured: format!("median {}, p99 {}", ms(whole), ms(whole99)),
            target: "<= 20 ms",
            compared: format!(
                "codedrill decks, the same data folder opened: {}",
                ms(median(&mut start))
            ),
            peak: Some(peak),
        },
    ]
}

/// `measure` for a command that may end with 1 (a lookup that finds nothing).
fn measure_any(cmd: &mut std::process::Command) -> (Duration, Option<u64>) {
    let started = Instant::now();
    let out = cmd.output().unwrap();
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    (started.elapsed(), None)
}

/// The tabular and the index to add, and what the index is.
fn files(dir: &Path, full: bool, billable: usize) -> (PathBuf, PathBuf, String) {
    if let (Some(tabular), Some(index)) = (
        std::env::var_os("CODEDRILL_ICD10CM_TABULAR"),
        std::env::var_os("CODEDRILL_ICD10CM_INDEX"),
    ) {
        return (tabular.into(), index.into(), "a real index".to_owned());
    }
    // A tabular as big as a year's (the scale's deck size in billable codes), so the data folder is as a
    // learner's is.
    let tabular = dir.join("lookup-tabular-2026.xml");
    std::fs::write(&tabular, super::codeset::synthetic_tabular(billable)).unwrap();
    let bytes = if full { 9_400_000 } else { 300_000 };
    let index = dir.join("lookup-index-2026.xml");
    let text = synthetic_index(bytes);
    std::fs::write(&index, &text).unwrap();
    let what = format!(
        "{:.1} MB made in the real one's layout and shape",
        text.len() as f64 / 1e6
    );
    (tabular, index, what)
}

/// A small deterministic generator (the bench must not depend on a random seed's crate version).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const SYLLABLES: &[&str] = &[
    "ab", "ac", "ad", "al", "an", "ar", "bra", "car", "cho", "co", "der", "dys", "en", "fi", "gan",
    "glo", "he", "hy", "in", "ker", "la", "lym", "ma", "me", "mi", "my", "ne", "neu", "o", "pa",
    "per", "pha", "ple", "ra", "re", "sa", "sca", "ste", "ta", "thro", "to", "tu", "ul", "ur",
    "va", "xe",
];
const ENDINGS: &[&str] = &[
    "itis", "osis", "oma", "algia", "emia", "pathy", "ia", "ism", "ectasia", "plasia",
];
/// Subterm words as the book uses them: many repeat under many main terms.
const SUBTERMS: &[&str] = &[
    "with",
    "without",
    "acute",
    "chronic",
    "due to",
    "specified NEC",
    "congenital",
    "left",
    "right",
    "bilateral",
    "unspecified",
    "in pregnancy",
    "newborn",
    "kidney",
    "heart",
    "lung",
    "liver",
    "skin",
    "eye",
    "ear",
    "bone",
    "joint",
    "artery",
    "vein",
    "nerve",
    "brain",
    "spinal cord",
    "infective",
    "traumatic",
    "recurrent",
    "hemorrhage",
    "perforation",
    "obstruction",
    "complication",
    "stage 1",
    "stage 2",
    "upper limb",
    "lower limb",
    "hip",
    "knee",
    "shoulder",
    "hand",
    "foot",
    "multiple sites",
];

fn word(rng: &mut Lcg) -> String {
    let mut w = String::new();
    for _ in 0..1 + rng.below(3) {
        w.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
    }
    w.push_str(ENDINGS[rng.below(ENDINGS.len())]);
    w
}

fn code(rng: &mut Lcg) -> String {
    let letter = char::from(b'A' + rng.below(26) as u8);
    let mut c = format!("{letter}{:02}", rng.below(100));
    if rng.chance(80) {
        let _ = write!(c, ".{}", rng.below(10));
        if rng.chance(50) {
            let _ = write!(c, "{}", rng.below(10));
        }
    }
    if rng.chance(6) {
        c.push('-');
    }
    c
}

/// The children of a term: a code, perhaps modifiers, a cross-reference.
fn term_body(xml: &mut String, rng: &mut Lcg, title: &str, indent: usize) {
    let pad = " ".repeat(indent);
    let nemod = if rng.chance(17) {
        format!("<nemod>({})</nemod>", word(rng))
    } else {
        String::new()
    };
    let _ = writeln!(xml, "{pad}<title>{title}{nemod}</title>");
    if rng.chance(14) {
        let _ = writeln!(xml, "{pad}<see>{}, {}</see>", word(rng), word(rng));
    } else if rng.chance(90) {
        let _ = writeln!(xml, "{pad}<code>{}</code>", code(rng));
    }
    if rng.chance(2) {
        let _ = writeln!(xml, "{pad}<seeAlso>{}</seeAlso>", word(rng));
    }
}

/// How many subterms a main term has: none for half of them, a few for most, hundreds for some.
fn subterm_count(rng: &mut Lcg) -> usize {
    if rng.chance(52) {
        return 0;
    }
    let u = (rng.below(10_000) as f64 + 1.0) / 10_001.0;
    ((1.0 / u).powf(0.95) * 1.5) as usize
}

fn synthetic_index(bytes: usize) -> String {
    let mut rng = Lcg(19);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ICD10CM.index>\n  <version>2026</version>\n  \
         <title>ICD-10-CM INDEX TO DISEASES and INJURIES (made for a benchmark)</title>\n  <letter>\n    \
         <title>A</title>\n",
    );
    let mut made = 0;
    while xml.len() < bytes {
        if made == 40 {
            xml.push_str(DIABETES);
        }
        made += 1;
        let title = match rng.below(4) {
            0 => format!("{}, {}", capital(&word(&mut rng)), word(&mut rng)),
            1 => format!(
                "{} {}",
                capital(&word(&mut rng)),
                SUBTERMS[rng.below(SUBTERMS.len())]
            ),
            _ => capital(&word(&mut rng)),
        };
        xml.push_str("    <mainTerm>\n");
        term_body(&mut xml, &mut rng, &title, 6);
        let mut open = 0;
        for _ in 0..subterm_count(&mut rng) {
            let level = if open == 0 {
                1
            } else {
                match rng.below(10) {
                    0..=3 if open < 6 => open + 1,
                    4..=7 => open,
                    _ => 1 + rng.below(open),
                }
            };
            while open >= level {
                let _ = writeln!(xml, "{}</term>", " ".repeat(4 + 2 * open));
                open -= 1;
            }
            let pad = 4 + 2 * level;
            let _ = writeln!(xml, "{}<term level=\"{level}\">", " ".repeat(pad));
            let title = if rng.chance(70) {
                SUBTERMS[rng.below(SUBTERMS.len())].to_owned()
            } else {
                word(&mut rng)
            };
            term_body(&mut xml, &mut rng, &title, pad + 2);
            open = level;
        }
        while open > 0 {
            let _ = writeln!(xml, "{}</term>", " ".repeat(4 + 2 * open));
            open -= 1;
        }
        xml.push_str("    </mainTerm>\n");
    }
    xml.push_str("  </letter>\n</ICD10CM.index>\n");
    xml
}

fn capital(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The entry the queries know, as the real index has it.
const DIABETES: &str = "    <mainTerm>
      <title>Diabetes, diabetic<nemod>(mellitus) (sugar)</nemod></title>
      <code>E11.9</code>
      <term level=\"1\">
        <title>type 2</title>
        <code>E11.9</code>
        <term level=\"2\">
          <title>with</title>
          <term level=\"3\">
            <title>chronic kidney disease</title>
            <code>E11.22</code>
          </term>
          <term level=\"3\">
            <title>retinopathy</title>
            <term level=\"4\">
              <title>nonproliferative</title>
              <term level=\"5\">
                <title>mild</title>
                <code>E11.329-</code>
              </term>
            </term>
          </term>
        </term>
      </term>
    </mainTerm>
";
