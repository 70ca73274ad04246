//! The page: header with the date in words, "In short", each section with its chart, what it would
//! take, what to keep in mind, and the style sheet.

use codedrill_core::report::{Report, Section};
use codedrill_core::stats::Summary;

use super::bars::{forecast, mistakes};
use super::figure::Figure;
use super::learning::{learning_curve, retention_by_interval};
use super::{date_in_words, escape, prose};
use crate::view::report::{WORKLOAD_INTRO, workload_line};

/// The whole page. `due`: cards due on each of the next days, today first.
pub fn page(report: &Report, summary: &Summary, due: &[i64]) -> String {
    let mut body = String::new();
    in_short(&mut body, report);
    for section in Section::ALL {
        section_html(
            &mut body,
            section,
            report.says(section),
            &chart(section, report, summary),
        );
    }
    workload(&mut body, report, forecast(due, summary.today));
    keep_in_mind(&mut body, report);
    hidden_decks(&mut body, report);
    let date = date_in_words(&report.generated_at);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <title>codedrill: your fit report, {date}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n\
         <header>\n<h1>Does code memorization suit you?</h1>\n\
         <p class=\"date\">Your evidence so far, on <time datetime=\"{at}\">{date}</time></p>\n\
         <p class=\"lead\">{lead}</p>\n</header>\n<main>\n{body}</main>\n\
         <footer>Made by codedrill on {date}. Your own figures, not a prediction or an aptitude score.\
         </footer>\n</body>\n</html>\n",
        date = escape(&date),
        at = escape(&report.generated_at),
        lead = prose(&crate::view::report::evidence(report)),
    )
}

/// The chart of a section as HTML, if it has one and figures to draw. Without figures the section's
/// own sentence already says what is missing and when it comes.
fn chart(section: Section, report: &Report, summary: &Summary) -> String {
    let figure = match section {
        Section::Learning => learning_curve(summary),
        Section::Retention => retention_by_interval(&summary.by_interval),
        Section::Precision => mistakes(&report.precision),
        _ => None,
    };
    figure.map_or(String::new(), |f| f.html())
}

/// An anchor for each section, so a link can point at it.
fn slug(section: Section) -> &'static str {
    match section {
        Section::Learning => "learning",
        Section::Retention => "retention",
        Section::Precision => "precision",
        Section::Speed => "speed",
        Section::Steadiness => "steadiness",
        Section::Enjoyment => "enjoyment",
        Section::Roles => "roles",
        Section::Cases => "cases",
        Section::Index => "index",
    }
}

/// A section: its heading and text, and beside them its chart (`chart`, HTML already), if any.
fn section_html(body: &mut String, section: Section, text: &str, chart: &str) {
    let class = if chart.contains("<figure") {
        " class=\"with-chart\""
    } else {
        ""
    };
    body.push_str(&format!(
        "<section id=\"{id}\"{class}>\n<div class=\"text\">\n<h2>{title}</h2>\n<p>{text}</p>\n</div>\n\
         {chart}</section>\n",
        id = slug(section),
        title = escape(section.title()),
        text = prose(text)
    ));
}

/// The answer first: each verdict with the rule it comes from.
fn in_short(body: &mut String, report: &Report) {
    body.push_str("<section id=\"in-short\">\n<h2>In short</h2>\n<ul>\n");
    for v in &report.in_short {
        body.push_str(&format!(
            "<li>{}<br/><small>Rule ({}): {}</small></li>\n",
            prose(&v.says),
            v.topic,
            escape(v.rule)
        ));
    }
    body.push_str("</ul>\n</section>\n");
}

/// Minutes a day to learn and keep each set of codes, and the cards due in the days ahead.
fn workload(body: &mut String, report: &Report, due: Option<Figure>) {
    if report.workload.is_empty() && due.is_none() {
        return;
    }
    let mut text = String::new();
    if !report.workload.is_empty() {
        text.push_str(&format!("<p>{}</p>\n<ul>\n", escape(WORKLOAD_INTRO)));
        for w in &report.workload {
            text.push_str(&format!("<li>{}</li>\n", prose(&workload_line(w))));
        }
        text.push_str("</ul>\n");
    }
    let (class, figure) = match due {
        Some(f) => (" class=\"with-chart\"", f.html()),
        None => {
            text.push_str("<p class=\"note\">No cards are due in the days ahead.</p>\n");
            ("", String::new())
        }
    };
    body.push_str(&format!(
        "<section id=\"workload\"{class}>\n<div class=\"text\">\n<h2>What it would take</h2>\n{text}</div>\n\
         {figure}</section>\n"
    ));
}

/// Caveats and next steps.
fn keep_in_mind(body: &mut String, report: &Report) {
    for (id, title, items) in [
        ("caveats", "Keep in mind", &report.caveats),
        ("next", "Next", &report.next_steps),
    ] {
        if items.is_empty() {
            continue;
        }
        body.push_str(&format!("<section id=\"{id}\">\n<h2>{title}</h2>\n<ul>\n"));
        for item in items {
            body.push_str(&format!("<li>{}</li>\n", prose(item)));
        }
        body.push_str("</ul>\n</section>\n");
    }
}

/// The decks set aside and left out of the report, if any.
fn hidden_decks(body: &mut String, report: &Report) {
    if let Some(left_out) = crate::view::hidden::left_out(&report.hidden_decks, "this report") {
        body.push_str(&format!(
            "<section id=\"hidden\">\n<h2>Hidden decks</h2>\n<p>{}</p>\n</section>\n",
            prose(&left_out)
        ));
    }
}

const CSS: &str = "body { font-family: system-ui, sans-serif; color: #222; line-height: 1.5;
       max-width: 72rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
header, section { max-width: 44rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { font-size: 1.15rem; margin: 1.8rem 0 0.4rem; }
.date { margin-top: 0; color: #444; } .lead { color: #555; }
small, .note { color: #666; } .note, caption { font-size: 0.85rem; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9em; background: #f2f2f2;
       padding: 0 0.2em; border-radius: 3px; }
section.with-chart { max-width: none; }
@media (min-width: 64rem) {
  section.with-chart { display: grid; grid-template-columns: minmax(0, 5fr) minmax(0, 7fr);
                       column-gap: 2.5rem; align-items: start; }
  section.with-chart figure { margin-top: 1.8rem; }
}
figure { margin: 1rem 0 1.5rem; }
figcaption { font-weight: 600; margin-bottom: 0.3rem; }
figure svg { display: block; width: 100%; height: auto; }
table { border-collapse: collapse; margin-top: 0.6rem; font-size: 0.85rem; }
caption { text-align: left; color: #555; padding-bottom: 0.2rem; }
th, td { padding: 0.1rem 0.6rem; border-bottom: 1px solid #e6e6e6; text-align: right;
         font-variant-numeric: tabular-nums; }
th:first-child, .words { text-align: left; } thead th { font-weight: 600; }
tbody th { font-weight: normal; }
footer { margin-top: 2.5rem; color: #777; font-size: 0.85rem; }
";
