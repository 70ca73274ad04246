//! `codedrill report` for a terminal: the report model (`codedrill_core::report`) drawn as text.

use codedrill_core::report::{Report, Section};

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
    for section in Section::ALL {
        heading(&mut out, style, section.title());
        out.push_str(&format!("   {}\n", r.says(section)));
        if section == Section::Precision {
            class_bars(&mut out, r, style);
        }
    }
    suggestions(&mut out, r, style);
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
            "   {:<36} {:>4} {}\n",
            c.label,
            c.count,
            style.accent(&bar(c.count as f64, max as f64, 20))
        ));
    }
}

/// Each finding with the rule it comes from.
fn suggestions(out: &mut String, r: &Report, style: Style) {
    heading(out, style, "What this suggests");
    if r.suggestions.is_empty() {
        out.push_str("   Nothing yet: there is too little evidence for a fair read (see below).\n");
    }
    for f in &r.suggestions {
        out.push_str(&format!("   - {}\n", f.says));
        out.push_str(&format!(
            "     {}\n",
            style.dim(&format!("rule ({}): {}", f.rule, f.when))
        ));
    }
}
