//! `codedrill report` for a terminal: the report model (`codedrill_core::report`) drawn as text.

use codedrill_core::report::Report;

use super::style::{Style, bar};

/// The report for a terminal.
pub fn render(r: &Report, style: Style) -> String {
    let mut out = String::new();
    let heading = |out: &mut String, text: &str| {
        out.push('\n');
        out.push_str(&style.bold(text));
        out.push('\n');
    };
    out.push_str(&style.bold("Does code memorization suit you? Your evidence so far"));
    out.push('\n');
    out.push_str(&format!(
        "{} study days, {} answers, {} of them a day or more after learning. Trial: {}\n",
        r.evidence.study_days, r.evidence.answers, r.evidence.delayed_answers, r.trial.says
    ));
    let sections: [(&str, &str); 7] = [
        ("1. How fast you learn new codes", &r.learning.says),
        ("2. How well they stay", &r.retention.says),
        ("3. How precise you are", &r.precision.says),
        ("4. How fast you answer", &r.speed.says),
        ("5. How steady you are", &r.steadiness.says),
        ("6. What you enjoyed", &r.enjoyment.says),
        ("7. Coder or biller?", &r.roles.says),
    ];
    for (title, says) in sections {
        heading(&mut out, title);
        out.push_str(&format!("   {says}\n"));
        if title.starts_with("3.") && !r.precision.classes.is_empty() {
            let max = r
                .precision
                .classes
                .iter()
                .map(|c| c.count)
                .max()
                .unwrap_or(1);
            for c in &r.precision.classes {
                out.push_str(&format!(
                    "   {:<36} {:>4} {}\n",
                    c.label,
                    c.count,
                    style.accent(&bar(c.count as f64, max as f64, 20))
                ));
            }
        }
    }
    heading(&mut out, "What this suggests");
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
    heading(&mut out, "Keep in mind");
    for c in &r.caveats {
        out.push_str(&format!("   - {c}\n"));
    }
    if !r.next_steps.is_empty() {
        heading(&mut out, "Next");
        for n in &r.next_steps {
            out.push_str(&format!("   - {n}\n"));
        }
    }
    out
}
