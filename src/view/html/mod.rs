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

/// A sentence of the report made safe for HTML, with its `commands` in backticks shown as code. A
/// stray backtick (an odd one out) stays as it is.
fn prose(text: &str) -> String {
    let escaped = escape(text);
    if !escaped.matches('`').count().is_multiple_of(2) {
        return escaped;
    }
    escaped
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{part}</code>")
            } else {
                part.to_owned()
            }
        })
        .collect()
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

    #[test]
    fn commands_in_backticks_are_code_and_a_stray_backtick_stays() {
        assert_eq!(
            prose("Run `codedrill trial` <now>"),
            "Run <code>codedrill trial</code> &lt;now&gt;"
        );
        assert_eq!(prose("a ` b"), "a ` b");
    }

    #[test]
    fn the_date_is_in_words_and_an_odd_one_is_kept() {
        // The date is in the local zone, whatever it is where the test runs: noon UTC is the same day
        // from UTC-11 to UTC+11.
        assert_eq!(
            date_in_words("2026-12-02T12:00:00Z"),
            "Wednesday 2 December 2026"
        );
        assert_eq!(date_in_words("not a date"), "not a date");
    }
}
