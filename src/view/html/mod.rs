//! The report as one self-contained HTML page: "In short" first, then each section of the fit report
//! with its chart beside it (`figure`: an SVG drawn with plotters, with a text alternative), the date in
//! words. No scripts, fonts or network: it opens in any browser, offline. The page is also well-formed
//! XML, so a test can parse it strictly.

mod bars;
mod figure;
mod learning;
mod page;

use chrono::{Duration, Local, NaiveDate};

use codedrill_core::day::Day;

pub use page::page;

/// Text made safe inside HTML (and XML).
pub fn escape(text: &str) -> String {
    let text = codedrill_core::sanitize::clean(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The calendar date of a study day (days since 1970-01-01).
fn date_of(day: Day) -> NaiveDate {
    NaiveDate::default()
        .checked_add_signed(Duration::days(day))
        .unwrap_or_default()
}

/// A study day as "16 Nov".
fn short_date(day: Day) -> String {
    date_of(day).format("%-d %b").to_string()
}

/// The instant the report was made, as "Monday 16 November 2026" in the local time zone (the zone
/// that also decides study days); an instant that does not parse is shown as it is.
fn date_in_words(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339).map_or_else(
        |_| rfc3339.to_owned(),
        |at| at.with_timezone(&Local).format("%A %-d %B %Y").to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_html() {
        assert_eq!(escape("a < b & \"c\""), "a &lt; b &amp; &quot;c&quot;");
        assert_eq!(escape("x\u{1b}[31m"), "x[31m");
    }
}
