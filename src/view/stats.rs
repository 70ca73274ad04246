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
    out.push_str(&format!(
        "\n{}  {}\n",
        style.bold("True retention"),
        style.dim(
            "(first review of a card each day; Again = fail; mature = interval 21 days or more)"
        )
    ));
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
    out.push_str(&format!(
        "  {} today {}, tomorrow {}, this week {}, in 30 days {}\n",
        style.accent(&sparkline(&forecast)),
        stats.forecast.first().copied().unwrap_or(0),
        stats.forecast.get(1).copied().unwrap_or(0),
        stats.forecast.iter().take(7).sum::<i64>(),
        stats.forecast.iter().sum::<i64>()
    ));
}

fn study(out: &mut String, stats: &StatsReport, style: Style) {
    let activity: Vec<f64> = stats
        .answers_last_30_days
        .iter()
        .map(|&n| n as f64)
        .collect();
    out.push_str(&format!("\n{}\n", style.bold("Study")));
    out.push_str(&format!(
        "  {} answers a day over the last 30 days\n  {}; streak {} (longest {})\n",
        style.accent(&sparkline(&activity)),
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

fn decks(out: &mut String, stats: &StatsReport, style: Style) {
    out.push_str(&format!("\n{}\n", style.bold("Decks")));
    out.push_str(&format!(
        "  {:<22} {:>6} {:>8} {:>7} {:>8} {:>9}\n",
        "", "new", "learning", "review", "answers", "retention"
    ));
    for d in &stats.decks {
        out.push_str(&format!(
            "  {:<22} {:>6} {:>8} {:>7} {:>8} {:>9}\n",
            clean_line(&d.name),
            d.cards.new,
            d.cards.learning,
            d.cards.review,
            d.answers,
            pct(&d.retention)
        ));
    }
}
