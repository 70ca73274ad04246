//! `codedrill report` for a terminal: the report model (`codedrill_core::report`) drawn as text,
//! wrapped to the width.

use codedrill_core::report::{Report, Section};
use codedrill_core::words::plural;
use codedrill_core::workload::Workload;

use super::style::{Style, bar};

/// The report for a terminal.
pub fn render(r: &Report, style: Style) -> String {
    let mut out = String::new();
    out.push_str(&style.bold("Does code memorization suit you? Your evidence so far"));
    out.push('\n');
    para(&mut out, style, &evidence(r), "", "");
    in_short(&mut out, r, style);
    for section in Section::ALL {
        heading(&mut out, style, section.title());
        para(&mut out, style, r.says(section), "   ", "   ");
        if section == Section::Precision {
            class_bars(&mut out, r, style);
        }
    }
    workload(&mut out, r, style);
    heading(&mut out, style, "Keep in mind");
    for c in &r.caveats {
        para(&mut out, style, c, "   - ", "     ");
    }
    if !r.next_steps.is_empty() {
        heading(&mut out, style, "Next");
        for n in &r.next_steps {
            para(&mut out, style, n, "   - ", "     ");
        }
    }
    out
}

/// The report's first line: how much evidence there is, and where the trial stands.
pub fn evidence(r: &Report) -> String {
    let e = &r.evidence;
    format!(
        "{}, {}, {} of them a day or more after learning. {}",
        plural(e.study_days as i64, "study day"),
        plural(e.answers as i64, "answer"),
        e.delayed_answers,
        r.trial.says
    )
}

/// `text` wrapped to the width after `first` and `rest`, as one paragraph ending in a line break.
fn para(out: &mut String, style: Style, text: &str, first: &str, rest: &str) {
    out.push_str(&style.wrap(text, first, rest));
    out.push('\n');
}

fn heading(out: &mut String, style: Style, text: &str) {
    out.push('\n');
    out.push_str(&style.bold(text));
    out.push('\n');
}

/// The misses by class, one bar each; the bars take what the width leaves, 20 cells at most.
fn class_bars(out: &mut String, r: &Report, style: Style) {
    let classes = &r.precision.classes;
    let max = classes.iter().map(|c| c.count).max().unwrap_or(1);
    let width = |text: &str| text.chars().count();
    let label = classes.iter().map(|c| width(c.label)).max().unwrap_or(0);
    let kind = classes
        .iter()
        .map(|c| width(c.kind.label()))
        .max()
        .unwrap_or(0);
    let cells = style.width().map_or(20, |w| {
        w.saturating_sub(3 + label + 1 + kind + 6).clamp(4, 20)
    });
    for c in classes {
        out.push_str(&format!(
            "   {:<label$} {:<kind$} {:>4} {}\n",
            c.label,
            c.kind.label(),
            c.count,
            style.accent(&bar(c.count as f64, max as f64, cells))
        ));
    }
}

/// The answer first: each verdict with the rule it comes from.
fn in_short(out: &mut String, r: &Report, style: Style) {
    heading(out, style, "In short");
    for v in &r.in_short {
        para(out, style, &v.says, "   - ", "     ");
        let rule = style.dim(&format!("rule ({}): {}", v.topic, v.rule));
        para(out, style, &rule, "     ", "     ");
    }
}

/// Minutes a day to learn and keep each set of codes, once the learner's memory is known.
fn workload(out: &mut String, r: &Report, style: Style) {
    if r.workload.is_empty() {
        return;
    }
    heading(out, style, "What it would take");
    para(out, style, WORKLOAD_INTRO, "   ", "   ");
    for w in &r.workload {
        para(out, style, &workload_line(w), "   - ", "     ");
    }
}

/// What the workload figures assume (shared with the HTML page).
pub(super) const WORKLOAD_INTRO: &str =
    "With your memory and your pace, 20 new cards a day, kept at 90% recall (FSRS's simulator):";

/// One set of codes and what it costs.
pub(super) fn workload_line(w: &Workload) -> String {
    format!(
        "{}: {} days of about {:.0} minutes, then about {:.0} minutes a day to keep them",
        w.what, w.days_to_learn, w.learning_minutes_per_day, w.keeping_minutes_per_day
    )
}
