//! `codedrill report` for a terminal: the report model (`codedrill_core::report`) drawn as text.

use codedrill_core::report::{Report, Section};
use codedrill_core::workload::Workload;

use super::style::{Style, bar};

/// The report for a terminal.
pub fn render(r: &Report, style: Style) -> String {
    let mut out = String::new();
    out.push_str(&style.bold("Does code memorization suit you? Your evidence so far"));
    out.push('\n');
    out.push_str(&format!(
        "{} study days, {} answers, {} of them a day or more after learning. Trial: {}\n",
        r.evidence.study_days, r.evidence.answers, r.evidence.delayed_answers, r.trial.says
    ));
    in_short(&mut out, r, style);
    for section in Section::ALL {
        heading(&mut out, style, section.title());
        out.push_str(&format!("   {}\n", r.says(section)));
        if section == Section::Precision {
            class_bars(&mut out, r, style);
        }
    }
    workload(&mut out, r, style);
    heading(&mut out, style, "Keep in mind");
    for c in &r.caveats {
        out.push_str(&format!("   - {c}\n"));
    }
    if !r.next_steps.is_empty() {
        heading(&mut out, style, "Next");
        for n in &r.next_steps {
            out.push_str(&format!("   - {n}\n"));
        }
    }
    out
}

fn heading(out: &mut String, style: Style, text: &str) {
    out.push('\n');
    out.push_str(&style.bold(text));
    out.push('\n');
}

/// The misses by class, one bar each.
fn class_bars(out: &mut String, r: &Report, style: Style) {
    let classes = &r.precision.classes;
    let max = classes.iter().map(|c| c.count).max().unwrap_or(1);
    for c in classes {
        out.push_str(&format!(
            "   {:<36} {:<21} {:>4} {}\n",
            c.label,
            c.kind.label(),
            c.count,
            style.accent(&bar(c.count as f64, max as f64, 20))
        ));
    }
}

/// The answer first: each verdict with the rule it comes from.
fn in_short(out: &mut String, r: &Report, style: Style) {
    heading(out, style, "In short");
    for v in &r.in_short {
        out.push_str(&format!("   - {}\n", v.says));
        out.push_str(&format!(
            "     {}\n",
            style.dim(&format!("rule ({}): {}", v.topic, v.rule))
        ));
    }
}

/// Minutes a day to learn and keep each set of codes, once the learner's memory is known.
fn workload(out: &mut String, r: &Report, style: Style) {
    if r.workload.is_empty() {
        return;
    }
    heading(out, style, "What it would take");
    out.push_str(&format!("   {WORKLOAD_INTRO}\n"));
    for w in &r.workload {
        out.push_str(&format!("   - {}\n", workload_line(w)));
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
