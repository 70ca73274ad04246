//! `codedrill stats` for a terminal: the statistics model (`codedrill_core::stats`) drawn as text.

use codedrill_core::sanitize::clean_line;
use codedrill_core::stats::{Rate, StatsReport};
use codedrill_core::words::plural;

use super::style::{Style, bar, sparkline};
/// The statistics for a terminal.
pub fn render(stats: &StatsReport, style: Style) -> String {
    let mut out = String::new();
    for section in [today, cards, retention, forecast, study, decks] {
        section(&mut out, stats, style);
    }
    out
}

/// A rate as a right-aligned percentage, or a dash when there is nothing to rate.
fn pct(r: &Rate) -> String {
    r.rate
        .map_or("    -".to_owned(), |x| format!("{:>4.0}%", x * 100.0))
}

fn today(out: &mut String, stats: &StatsReport, style: Style) {
    let t = &stats.today;
    out.push_str(&style.bold("Today"));
    out.push_str(&format!(
        "\n  {}, {} right, {}, {}\n",
        plural(t.answers as i64, "answer"),
        t.right,
        plural(t.new_cards as i64, "new card"),
        plural(t.study_minutes.round() as i64, "minute")
    ));
}

fn cards(out: &mut String, stats: &StatsReport, style: Style) {
    out.push_str(&format!("\n{}\n", style.bold("Cards")));
    let c = &stats.cards;
    let max = [c.new, c.learning, c.review, c.suspended]
        .into_iter()
        .max()
        .unwrap_or(1) as f64;
    for (label, n) in [
        ("new", c.new),
        ("learning", c.learning),
        ("review", c.review),
        ("suspended", c.suspended),
    ] {
        out.push_str(&format!(
            "  {label:<10} {n:>6} {}\n",
            style.accent(&bar(n as f64, max, 30))
        ));
    }
    if c.leeches > 0 {
        out.push_str(&format!(
            "  {} leeches among the suspended: `codedrill leeches`\n",
            c.leeches
        ));
    }
}

fn retention(out: &mut String, stats: &StatsReport, style: Style) {
    let title = format!(
        "{}  {}",
        style.bold("True retention"),
        style.dim(
            "(first review of a card each day; Again = fail; mature = interval 21 days or more)"
        )
    );
    out.push_str(&format!("\n{}\n", style.wrap(&title, "", "  ")));
    out.push_str(&format!(
        "  {:<14} {:>12} {:>12} {:>12}\n",
        "", "young", "mature", "all"
    ));
    for r in &stats.retention {
        out.push_str(&format!(
            "  {:<14} {} {:>6} {} {:>6} {} {:>6}\n",
            r.period,
            pct(&r.young),
            format!("({})", r.young.total),
            pct(&r.mature),
            format!("({})", r.mature.total),
            pct(&r.total),
            format!("({})", r.total.total),
        ));
    }
}

fn forecast(out: &mut String, stats: &StatsReport, style: Style) {
    let forecast: Vec<f64> = stats.forecast.iter().map(|&n| n as f64).collect();
    out.push_str(&format!("\n{}\n", style.bold("Due in the next 30 days")));
    let counts = format!(
        "today {}, tomorrow {}, this week {}, in 30 days {}",
        stats.forecast.first().copied().unwrap_or(0),
        stats.forecast.get(1).copied().unwrap_or(0),
        stats.forecast.iter().take(7).sum::<i64>(),
        stats.forecast.iter().sum::<i64>()
    );
    beside(out, style, &sparkline(&forecast), &counts);
}

fn study(out: &mut String, stats: &StatsReport, style: Style) {
    let activity: Vec<f64> = stats
        .answers_last_30_days
        .iter()
        .map(|&n| n as f64)
        .collect();
    out.push_str(&format!("\n{}\n", style.bold("Study")));
    beside(
        out,
        style,
        &sparkline(&activity),
        "answers a day over the last 30 days",
    );
    out.push_str(&format!(
        "  {}; streak {} (longest {})\n",
        plural(stats.study_days as i64, "study day"),
        plural(stats.current_streak as i64, "day"),
        stats.longest_streak
    ));
    if let (Some(mean), Some(median)) = (stats.mean_answer_ms, stats.median_answer_ms) {
        out.push_str(&format!(
            "  answer time: {:.1} s on average, {:.1} s median\n",
            mean as f64 / 1000.0,
            median as f64 / 1000.0
        ));
    }
}

/// A 30-day sparkline and what it shows, side by side where the width allows, else one under the other.
fn beside(out: &mut String, style: Style, spark: &str, words: &str) {
    let fits = style
        .width()
        .is_none_or(|w| 2 + 30 + 1 + words.chars().count() <= w);
    let spark = style.accent(spark);
    if fits {
        out.push_str(&format!("  {spark} {words}\n"));
    } else {
        out.push_str(&format!("  {spark}\n{}\n", style.wrap(words, "  ", "  ")));
    }
}

fn decks(out: &mut String, stats: &StatsReport, style: Style) {
    out.push_str(&format!("\n{}\n", style.bold("Decks")));
    let rows: Vec<[String; 6]> = stats
        .decks
        .iter()
        .map(|d| {
            [
                clean_line(&d.name).into_owned(),
                d.cards.new.to_string(),
                d.cards.learning.to_string(),
                d.cards.review.to_string(),
                d.answers.to_string(),
                pct(&d.retention).trim().to_owned(),
            ]
        })
        .collect();
    let head = ["", "new", "learning", "review", "answers", "retention"].map(String::from);
    // Each column as wide as its widest cell: the table fits 60 columns with the built-in decks.
    let widths: Vec<usize> = (0..6)
        .map(|i| {
            std::iter::once(&head)
                .chain(&rows)
                .map(|r| r[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in std::iter::once(&head).chain(&rows) {
        let mut line = format!("  {:<w$}", row[0], w = widths[0]);
        for (cell, w) in row.iter().zip(&widths).skip(1) {
            line.push_str(&format!(" {cell:>w$}"));
        }
        out.push_str(&line);
        out.push('\n');
    }
}
