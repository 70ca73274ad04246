//! Statistics and the fit report, on simulated learners whose memory is known.

use std::path::Path;

use codedrill::builtin::BUILTIN;
use codedrill::store::Store;
use codedrill::synthetic::{Learner, Plan, simulate};
use codedrill_core::mistake::MistakeClass;
use codedrill_core::report::Section;
use serde_json::Value;

use crate::support::Env;

/// Simulated study sessions run at 14:00 UTC: the same study day in every time zone from UTC-10 to
/// UTC+13, so the simulation (in this process) and codedrill (run with TZ=UTC) agree on the days.
const SIM_START: &str = "2026-11-02T14:00:00Z";

fn all_decks() -> Vec<String> {
    BUILTIN.iter().map(|d| d.name.to_owned()).collect()
}

/// `learner` studies `decks` (cycled day by day) for `days` days in `env`'s data directory; the clock is
/// then set to the evening of the last day.
fn study(env: &mut Env, learner: &Learner, days: u32, decks: Vec<Vec<String>>, seed: u64) {
    let start: chrono::DateTime<chrono::Utc> = SIM_START.parse().unwrap();
    let mut store = Store::open(env.data()).unwrap();
    store.sync_builtin(BUILTIN, start).unwrap();
    let plan = Plan {
        start,
        days,
        new_per_day: 20,
        decks,
        seed,
    };
    simulate(&mut store, learner, &plan).unwrap();
    env.now = (start + chrono::Duration::days(i64::from(days) - 1) + chrono::Duration::hours(6))
        .to_rfc3339();
}

fn json(env: &Env, args: &[&str]) -> Value {
    let out = env.run(args, "");
    out.success();
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout))
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// The "In short" sentence on `topic`.
fn short<'a>(report: &'a Value, topic: &str) -> &'a str {
    report["in_short"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["topic"] == topic)
        .and_then(|s| s["says"].as_str())
        .unwrap_or_else(|| panic!("no {topic} verdict in {}", report["in_short"]))
}

#[test]
fn learners_with_known_memory_come_out_near_the_truth_and_in_order() {
    let mut factors = Vec::new();
    for (memory, seed) in [(0.5, 1), (1.0, 1), (2.0, 3)] {
        let mut env = Env::new();
        study(
            &mut env,
            &Learner::with_memory(memory),
            21,
            vec![all_decks()],
            seed,
        );
        let report = json(&env, &["report", "--json"]);
        let m = &report["retention"]["memory"];
        let (low, factor, high) = (f(&m["factor_low"]), f(&m["factor"]), f(&m["factor_high"]));
        assert!(low < factor && factor < high);
        factors.push(factor);
        let says = short(&report, "memory");
        match memory {
            0.5 => {
                assert!(high < 1.0, "a poor memory is told apart: {m}");
                assert!(says.starts_with("New codes fade sooner for you"), "{says}");
            }
            1.0 => {
                assert!(
                    low < 1.0 && 1.0 < high,
                    "the typical learner is typical: {m}"
                );
                assert!(
                    says.starts_with("Your memory for new codes is typical"),
                    "{says}"
                );
            }
            _ => {
                assert!(low > 1.0, "a good memory is told apart: {m}");
                assert!(says.starts_with("New codes stay with you longer"), "{says}");
            }
        }
        assert!(
            short(&report, "precision").starts_with("Careful"),
            "a careful learner is careful: {}",
            report["in_short"]
        );
        // The figures behind the statement are the learner's own answers.
        assert_eq!(report["evidence"]["study_days"], 21);
        assert!(report["evidence"]["firm"].as_bool().unwrap());
        let delayed = &report["retention"]["delayed"];
        assert!(f(&delayed["total"]) > 500.0);
    }
    assert!(
        factors[0] < factors[1] && factors[1] < factors[2],
        "{factors:?}"
    );
}

/// The memory factor is an estimate: over many typical learners it centres on 1, and its likely range
/// holds the truth most of the time (it is a 95% range; a few misses are expected).
#[test]
fn the_memory_factor_is_calibrated_on_typical_learners() {
    let mut factors = Vec::new();
    let mut covered = 0;
    for seed in 20..30 {
        let mut env = Env::new();
        study(&mut env, &Learner::typical(), 14, vec![all_decks()], seed);
        let m = json(&env, &["report", "--json"])["retention"]["memory"].clone();
        factors.push(f(&m["factor"]));
        covered += usize::from(f(&m["factor_low"]) < 1.0 && 1.0 < f(&m["factor_high"]));
    }
    let mean = factors.iter().sum::<f64>() / factors.len() as f64;
    assert!(
        (0.85..1.15).contains(&mean),
        "centred on the truth: {factors:?}"
    );
    assert!(
        covered >= 8,
        "the likely range holds the truth in {covered} of 10: {factors:?}"
    );
}

/// A learner with a typical memory who mistypes some of the codes they recall: slips read as slips,
/// never as forgetting.
#[test]
fn slips_are_precision_not_forgetting() {
    for (slip, seed) in [(0.15, 4), (0.3, 9)] {
        let mut env = Env::new();
        let learner = Learner {
            slip: (slip, MistakeClass::Transposition),
            ..Learner::typical()
        };
        study(&mut env, &learner, 21, vec![all_decks()], seed);
        let report = json(&env, &["report", "--json"]);
        let m = &report["retention"]["memory"];
        assert!(
            f(&m["factor_low"]) < 1.0 && 1.0 < f(&m["factor_high"]),
            "a {slip} slip rate does not read as a poor memory: {m}"
        );
        assert!(
            short(&report, "memory").starts_with("Your memory for new codes is typical"),
            "{}",
            report["in_short"]
        );
        let p = &report["precision"];
        let rate = f(&p["slip_rate"]);
        assert!(
            (slip - 0.05..slip + 0.05).contains(&rate),
            "slips per code typed, blanks left out: {rate} for {slip}"
        );
        let says = short(&report, "precision");
        assert!(says.starts_with("Frequent slips"), "{says}");
        let top = p["classes"]
            .as_array()
            .unwrap()
            .iter()
            .max_by_key(|c| c["count"].as_u64())
            .unwrap();
        assert_eq!(top["class"], "transposition");
        assert_eq!(top["kind"], "slip");
    }
}

#[test]
fn coder_or_biller_follows_memory_for_each_kind_of_material() {
    let mut env = Env::new();
    let coding: Vec<String> = all_decks().into_iter().filter(|d| d != "billing").collect();
    // Codes at half the typical memory, billing at twice it, and no difference in how sessions felt.
    let learner = Learner {
        billing_memory: Some(2.0),
        enjoyment: (3, 3),
        ..Learner::with_memory(0.5)
    };
    study(
        &mut env,
        &learner,
        21,
        vec![coding, vec!["billing".into()]],
        5,
    );
    let report = json(&env, &["report", "--json"]);
    let roles = &report["roles"];
    let (coder, biller) = (&roles["coder"]["memory"], &roles["biller"]["memory"]);
    assert!(
        f(&coder["factor_high"]) < f(&biller["factor_low"]),
        "{coder} against {biller}"
    );
    assert_eq!(roles["fit"], "biller");
    let says = short(&report, "material");
    assert!(
        says.starts_with("Billing material suits you better"),
        "{says}"
    );
}

#[test]
fn with_too_little_data_the_report_says_so_instead_of_guessing() {
    let env = Env::new();
    env.run(&["--deck", "hcpcs", "--new", "3"], "x\n\ny\n\n:q\n\n")
        .success();
    let report = json(&env, &["report", "--json"]);
    assert_eq!(report["evidence"]["enough"], false);
    assert!(report["retention"]["memory"].is_null());
    assert!(
        short(&report, "evidence").starts_with("Too early for a read"),
        "{}",
        report["in_short"]
    );
    let topics: Vec<&str> = report["in_short"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v["topic"].as_str())
        .collect();
    assert!(
        !topics.contains(&"memory"),
        "no memory verdict on two answers: {topics:?}"
    );
    let steps = report["next_steps"].to_string();
    assert!(steps.contains("Too early to say"), "{steps}");
    let text = env.run(&["report"], "");
    text.success();
    assert!(
        text.stdout.contains("In short\n   - Too early for a read"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains("No published study links flashcard recall to success as a coder")
    );
    assert!(
        !text.stdout.to_lowercase().contains("aptitude score:"),
        "never a score"
    );
}

/// The shape of a JSON value: object keys with the shapes of their values, arrays by their first
/// element, scalars by type. Values may change from run to run; the shape may not.
fn shape(v: &Value) -> Value {
    match v {
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), shape(v))).collect())
        }
        Value::Array(items) => Value::Array(items.first().map(shape).into_iter().collect()),
        Value::String(_) => "string".into(),
        Value::Number(_) => "number".into(),
        Value::Bool(_) => "bool".into(),
        Value::Null => "null".into(),
    }
}

pub(crate) fn snapshot(name: &str, actual: &Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let actual = serde_json::to_string_pretty(&shape(actual)).unwrap() + "\n";
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        actual, expected,
        "the JSON schema of {name} changed: update docs/json.md and rerun with UPDATE_SNAPSHOTS=1"
    );
}

#[test]
fn the_json_schemas_are_stable() {
    let mut env = Env::new();
    let learner = Learner {
        slip: (0.05, MistakeClass::Transposition),
        ..Learner::typical()
    };
    study(&mut env, &learner, 8, vec![all_decks()], 6);
    // A hidden deck, so that the list of them has a name to give its shape.
    env.run(&["decks", "hide", "word-parts"], "").success();
    // A code coded with the index, so that its figures have numbers to give theirs.
    crate::lookup_drill::add_books(&env);
    let lookup = [
        "drill",
        "--deck",
        "ICD10CM-Common",
        "--mode",
        "lookup",
        "--new",
        "30",
    ];
    env.run(&lookup, "=E11.9\nE11.9\n\n:q\n").success();
    let report = json(&env, &["report", "--json"]);
    assert_eq!(report["index"]["with_index"]["answers"], 1);
    assert_eq!(report["schema_version"], 2);
    snapshot("report.shape.json", &report);
    let stats = json(&env, &["stats", "--json"]);
    assert_eq!(stats["schema_version"], 1);
    snapshot("stats.shape.json", &stats);
}

#[test]
fn the_html_report_parses_and_holds_its_charts() {
    let mut env = Env::new();
    let sloppy = Learner {
        slip: (0.15, MistakeClass::Transposition),
        ..Learner::typical()
    };
    study(&mut env, &sloppy, 8, vec![all_decks()], 7);
    let page = env.data().join("report.html");
    let out = env.run(&["report", "--html", page.to_str().unwrap()], "");
    out.success();
    let html = std::fs::read_to_string(&page).unwrap();
    let doc = roxmltree::Document::parse_with_options(
        &html,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("not well-formed: {e}"));
    let figures: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("figure"))
        .filter(|n| n.descendants().any(|d| d.tag_name().name() == "svg"))
        .filter_map(|n| n.attribute("id"))
        .collect();
    assert_eq!(
        figures,
        [
            "learning-curve",
            "retention-by-interval",
            "mistakes",
            "forecast"
        ]
    );
    for tag in ["script", "link", "img", "iframe"] {
        assert!(
            !doc.descendants().any(|n| n.has_tag_name(tag)),
            "self-contained: no <{tag}>"
        );
    }
    assert!(
        !doc.descendants()
            .any(|n| n.attribute("src").is_some() || n.attribute("href").is_some())
    );
    assert!(html.contains("In short") && html.contains("not an aptitude score"));
    // The sections in order, "In short" first.
    let headings: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("h2"))
        .map(text_of)
        .collect();
    assert_eq!(headings[..10], {
        let mut titles = vec!["In short".to_owned()];
        titles.extend(Section::ALL.map(|s| s.title().to_owned()));
        titles
    });
    charts_say_what_the_json_says(&env, &doc);
    the_date_is_in_words(&doc);
    let again = env.run(&["report", "--html", page.to_str().unwrap()], "");
    again.failure();
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
}

/// Every chart sits in its section, names and describes itself inside the SVG, and has a table under
/// it with the same figures as `report --json` (and `stats --json` for the forecast).
fn charts_say_what_the_json_says(env: &Env, doc: &roxmltree::Document) {
    let report = json(env, &["report", "--json"]);
    let n = count;

    let learned = n(&report["learning"]["cards_learned"]);
    let curve = chart(doc, "learning-curve", Section::Learning.title());
    assert!(
        curve.desc.contains(&format!("from 0 to {learned} cards")),
        "{}",
        curve.desc
    );
    assert_eq!(curve.sum(1), learned);
    assert_eq!(curve.cell(curve.rows.len() - 1, 2), learned);

    let recalled = &report["retention"]["recalled"];
    let retention = chart(doc, "retention-by-interval", Section::Retention.title());
    assert_eq!(
        (retention.sum(1), retention.sum(2)),
        (n(&recalled["passed"]), n(&recalled["total"])),
        "{:?}",
        retention.rows
    );
    for i in 0..retention.rows.len() {
        let (passed, total) = (retention.cell(i, 1), retention.cell(i, 2));
        if total > 0 {
            assert!(
                retention.desc.contains(&format!("({passed} of {total})")),
                "{}",
                retention.desc
            );
        }
    }

    mistakes_chart(&report, doc);

    let stats = json(env, &["stats", "--json"]);
    let due: Vec<u64> = stats["forecast"]
        .as_array()
        .unwrap()
        .iter()
        .map(n)
        .collect();
    let forecast = chart(doc, "forecast", "What it would take");
    let all: u64 = due.iter().sum();
    assert!(
        forecast.desc.contains(&format!("{all} in all")),
        "{}",
        forecast.desc
    );
    let calendar: Vec<u64> = forecast
        .rows
        .iter()
        .flat_map(|r| {
            r[1..]
                .iter()
                .filter(|c| !c.is_empty())
                .map(|c| c.parse::<u64>().unwrap())
        })
        .collect();
    assert_eq!(calendar, due);
}

/// The mistake chart: the same classes and counts as the JSON, and the blanks counted apart.
fn mistakes_chart(report: &Value, doc: &roxmltree::Document) {
    let n = count;
    let classes: Vec<(String, u64)> = report["precision"]["classes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["label"].as_str().unwrap().to_owned(), n(&c["count"])))
        .collect();
    assert!(
        classes
            .iter()
            .any(|(label, n)| label == "neighbouring characters swapped" && *n > 0)
    );
    let mistakes = chart(doc, "mistakes", Section::Precision.title());
    let shown: Vec<(String, u64)> = (0..mistakes.rows.len())
        .map(|i| (mistakes.rows[i][0].clone(), mistakes.cell(i, 2)))
        .collect();
    assert_eq!(shown, classes);
    for (label, count) in &classes {
        assert!(
            mistakes
                .desc
                .contains(&format!("{label} (slip of typing), {count}")),
            "{}",
            mistakes.desc
        );
    }
    let blank = n(&report["precision"]["blank"]);
    assert!(
        mistakes
            .note
            .contains(&format!("Not counted here: {blank} left blank")),
        "{}",
        mistakes.note
    );
}

fn count(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a count: {v}"))
}

/// What a chart of the page says in words: its SVG's description, its table, the note under it.
struct ChartText {
    desc: String,
    rows: Vec<Vec<String>>,
    note: String,
}

impl ChartText {
    fn cell(&self, row: usize, column: usize) -> u64 {
        let row = &self.rows[row];
        row[column]
            .parse()
            .unwrap_or_else(|e| panic!("{e}: {row:?}"))
    }

    fn sum(&self, column: usize) -> u64 {
        (0..self.rows.len()).map(|i| self.cell(i, column)).sum()
    }
}

/// The chart `id`: checks it sits in the section headed `heading`, with an SVG that names and
/// describes itself (`role="img"`, `<title>`, `<desc>`), and reads its text.
fn chart(doc: &roxmltree::Document, id: &str, heading: &str) -> ChartText {
    let figure = doc
        .descendants()
        .find(|n| n.has_tag_name("figure") && n.attribute("id") == Some(id))
        .unwrap_or_else(|| panic!("no chart {id}"));
    let section = figure
        .ancestors()
        .find(|n| n.has_tag_name("section"))
        .unwrap_or_else(|| panic!("{id} is in no section"));
    let h2 = section
        .descendants()
        .find(|n| n.has_tag_name("h2"))
        .map(text_of);
    assert_eq!(h2.as_deref(), Some(heading), "{id} sits in its section");
    let svg = figure
        .descendants()
        .find(|n| n.has_tag_name("svg"))
        .unwrap();
    assert_eq!(svg.attribute("role"), Some("img"));
    let child = |tag: &str| {
        svg.children()
            .find(|n| n.has_tag_name(tag))
            .map(text_of)
            .unwrap_or_else(|| panic!("{id}: no <{tag}>"))
    };
    assert!(!child("title").is_empty());
    let rows = figure
        .descendants()
        .filter(|n| n.has_tag_name("tbody"))
        .flat_map(|b| b.children().filter(|n| n.has_tag_name("tr")))
        .map(|tr| {
            tr.children()
                .filter(|n| n.is_element())
                .map(text_of)
                .collect()
        })
        .collect();
    let note = figure
        .children()
        .filter(|n| n.has_tag_name("p"))
        .map(text_of)
        .collect::<String>();
    ChartText {
        desc: child("desc"),
        rows,
        note,
    }
}

/// The header gives the day of the report in words, and no machine timestamp is shown as text.
fn the_date_is_in_words(doc: &roxmltree::Document) {
    let time = doc
        .descendants()
        .find(|n| n.has_tag_name("time"))
        .expect("a <time> in the header");
    assert_eq!(text_of(time), "Monday 9 November 2026");
    assert_eq!(time.attribute("datetime"), Some("2026-11-09T20:00:00Z"));
    assert!(
        !doc.descendants()
            .any(|n| n.is_text() && n.text().unwrap_or("").contains("2026-11-09T")),
        "the date appears only in words"
    );
}

/// All the text under a node, joined.
fn text_of(node: roxmltree::Node) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<String>()
        .trim()
        .to_owned()
}

#[test]
fn stats_show_state_retention_forecast_and_streaks() {
    let mut env = Env::new();
    study(&mut env, &Learner::typical(), 8, vec![all_decks()], 8);
    let stats = json(&env, &["stats", "--json"]);
    assert_eq!(stats["forecast"].as_array().unwrap().len(), 30);
    assert_eq!(stats["answers_last_30_days"].as_array().unwrap().len(), 30);
    assert_eq!(stats["study_days"], 8);
    assert_eq!(stats["current_streak"], 8);
    let periods: Vec<&str> = stats["retention"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["period"].as_str().unwrap())
        .collect();
    assert_eq!(
        periods,
        [
            "today",
            "yesterday",
            "last 7 days",
            "last 30 days",
            "all time"
        ]
    );
    let all = &stats["retention"][4]["total"];
    assert!(
        f(&all["total"]) > 100.0 && (0.6..1.0).contains(&f(&all["rate"])),
        "{all}"
    );
    assert_eq!(stats["decks"].as_array().unwrap().len(), BUILTIN.len());
    let text = env.run(&["stats"], "");
    text.success();
    for needle in [
        "True retention",
        "Due in the next 30 days",
        "streak 8",
        "young",
        "mature",
    ] {
        assert!(text.stdout.contains(needle), "{needle}:\n{}", text.stdout);
    }
    let one = json(&env, &["stats", "--json", "--deck", "billing"]);
    assert_eq!(one["decks"].as_array().unwrap().len(), 1);
}

#[test]
fn optimize_fits_and_keeps_only_better_parameters() {
    let env = Env::new();
    let few = env.run(&["optimize"], "");
    few.success();
    assert!(
        few.stdout.contains("Not enough reviews to fit yet"),
        "{}",
        few.stdout
    );
    let mut env = Env::new();
    study(
        &mut env,
        &Learner::with_memory(3.0),
        21,
        vec![all_decks()],
        9,
    );
    let out = env.run(&["optimize"], "");
    out.success();
    assert!(
        out.stdout.contains("and tested on the latest"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("against the default settings (lower is better)")
    );
    assert!(out.stdout.contains("  - overall error: "), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("  - error in how often you recall, by kind of card: "),
        "{}",
        out.stdout
    );
    // This learner remembers three times as well as the typical one the defaults describe: a fit on
    // their own reviews predicts them better, so it is kept.
    assert!(
        out.stdout
            .contains("The new fit predicts your answers better: ")
            && out.stdout.contains(
                "error. Saved (refitted on all your reviews): drills use it from now on."
            ),
        "{}",
        out.stdout
    );
    let saved = env.sql::<String>("SELECT value FROM meta WHERE key = 'fsrs_parameters'");
    let parameters: Vec<f32> = saved
        .split(',')
        .map(|p| p.trim().parse().unwrap())
        .collect();
    assert_eq!(parameters.len(), fsrs::DEFAULT_PARAMETERS.len(), "{saved}");
    assert_ne!(parameters, fsrs::DEFAULT_PARAMETERS, "{saved}");
    // Fitted again on the same reviews, a new fit does no better than the one just kept: it stays.
    let again = env.run(&["optimize"], "");
    again.success();
    assert!(
        again.stdout.contains(
            "The new fit does not predict better on both, so your current settings stay."
        ),
        "{}",
        again.stdout
    );
    assert_eq!(
        env.sql::<String>("SELECT value FROM meta WHERE key = 'fsrs_parameters'"),
        saved
    );
    env.run(&["optimize", "--reset"], "").success();
    assert_eq!(
        env.sql::<i64>("SELECT count(*) FROM meta WHERE key = 'fsrs_parameters' AND value != ''"),
        0
    );
}

#[test]
fn the_session_asks_how_it_felt_and_remembers() {
    let env = Env::new();
    let out = env.run(&["--deck", "billing", "--new", "1"], "x\n\n:q\n4\n");
    out.success();
    assert!(
        out.stdout
            .contains("How did that feel? 1 (not for me) to 5 (loved it)"),
        "{}",
        out.stdout
    );
    assert_eq!(env.sql::<i64>("SELECT enjoyment FROM session"), 4);
    let report = json(&env, &["report", "--json"]);
    assert_eq!(report["enjoyment"]["rated_sessions"], 1);
}

/// The study behind docs/report.md: learners with memory m (a factor on the typical learner's) who mistype
/// a share s of the codes they recall, ten seeds each, 21 days of every deck. Opt-in (about a minute):
/// `cargo test --test cli report::fit_study -- --ignored --nocapture`.
#[test]
#[ignore]
fn fit_study() {
    println!(
        "| m | s | mean factor | range held m | mean slip rate | memory verdicts | precision verdicts |"
    );
    println!("|---|---|---|---|---|---|---|");
    for memory in [0.5, 1.0, 2.0] {
        for slip in [0.0, 0.15, 0.3] {
            let (mut factors, mut held, mut rates) = (Vec::new(), 0, Vec::new());
            let mut verdicts: std::collections::BTreeMap<String, usize> = Default::default();
            let mut precision: std::collections::BTreeMap<String, usize> = Default::default();
            for seed in 100..110 {
                let mut env = Env::new();
                let learner = Learner {
                    slip: (slip, MistakeClass::Transposition),
                    ..Learner::with_memory(memory)
                };
                study(&mut env, &learner, 21, vec![all_decks()], seed);
                let report = json(&env, &["report", "--json"]);
                let m = &report["retention"]["memory"];
                factors.push(f(&m["factor"]));
                held +=
                    usize::from(f(&m["factor_low"]) <= memory && memory <= f(&m["factor_high"]));
                rates.push(f(&report["precision"]["slip_rate"]));
                let first_words =
                    |s: &str| s.split([' ', ':']).take(3).collect::<Vec<_>>().join(" ");
                *verdicts
                    .entry(first_words(short(&report, "memory")))
                    .or_default() += 1;
                *precision
                    .entry(first_words(short(&report, "precision")))
                    .or_default() += 1;
            }
            let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
            println!(
                "| {memory} | {slip} | {:.2} | {held} of 10 | {:.3} | {verdicts:?} | {precision:?} |",
                mean(&factors),
                mean(&rates)
            );
        }
    }
}
