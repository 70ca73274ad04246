//! Numbers, spans of time and lists written the way people say them: "1 card", "3 cards", "10m", "2 days",
//! "lines 3, 5 and 9"; and how far apart two words are, for "did you mean". One helper each, used by every
//! view, so a plural is never spelled by hand.

use chrono::Duration;

/// A short span of time: `45s`, `10m`, `3h`, `12d`, `4mo`, `2.1y`.
pub fn short_span(span: Duration) -> String {
    let secs = span.num_seconds().max(0);
    match secs {
        s if s < 60 => format!("{s}s"),
        s if s < 3_600 => format!("{}m", (s + 30) / 60),
        s if s < 86_400 => format!("{}h", (s + 1_800) / 3_600),
        s => short_days(s / 86_400),
    }
}

/// Whole days as a short span: `1d`, `12d`, `4mo`, `2.1y`.
pub fn short_days(days: i64) -> String {
    match days {
        d if d < 60 => format!("{d}d"),
        d if d < 365 => format!("{}mo", (d as f64 / 30.4).round()),
        d => format!("{:.1}y", d as f64 / 365.25),
    }
}

/// A span in words for sentences: "3 minutes", "1 hour", "2 days".
pub fn span_words(span: Duration) -> String {
    let secs = span.num_seconds().max(0);
    let (n, unit) = match secs {
        s if s < 90 => (s, "second"),
        s if s < 5_400 => ((s + 30) / 60, "minute"),
        s if s < 79_200 => ((s + 1_800) / 3_600, "hour"),
        s => ((s + 43_200) / 86_400, "day"),
    };
    plural(n, unit)
}

/// "1 card", "3 cards", "2 misses": the one way a count is written with its noun.
pub fn plural(n: i64, unit: &str) -> String {
    format!("{n} {}", noun(n, unit))
}

/// The noun alone, in the form `n` takes: "card", "cards", "misses" (for "7 more study days").
pub fn noun(n: i64, unit: &str) -> String {
    if n == 1 {
        unit.to_owned()
    } else if ["s", "x", "ch", "sh"].iter().any(|end| unit.ends_with(end)) {
        format!("{unit}es")
    } else {
        format!("{unit}s")
    }
}

/// A count with thousands separated: `74,719`.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// Items as a sentence lists them: "3", "3 and 5", "3, 5 and 9"; past `max`, "3, 5, 9 and 4 more".
pub fn list<T: std::fmt::Display>(items: &[T], max: usize) -> String {
    let shown: Vec<String> = items
        .iter()
        .take(max.max(1))
        .map(ToString::to_string)
        .collect();
    let more = items.len() - shown.len();
    match (shown.as_slice(), more) {
        ([], _) => String::new(),
        ([one], 0) => one.clone(),
        (all, 0) => format!(
            "{} and {}",
            all[..all.len() - 1].join(", "),
            all[all.len() - 1]
        ),
        (some, more) => format!("{} and {more} more", some.join(", ")),
    }
}

/// How many single-character edits (insert, delete, change, swap two neighbours) turn `a` into `b`: the
/// optimal string alignment distance, so `Bakc` is one edit from `Back`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows of the table: two back (for swaps), one back, and the one being filled.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut last: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let change = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (last[j - 1] + change).min(last[j] + 1).min(row[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut last, row);
    }
    last[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(74_719), "74,719");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(thousands(-1_200), "-1,200");
    }

    #[test]
    fn spans_read_naturally() {
        assert_eq!(short_span(Duration::seconds(330)), "6m");
        assert_eq!(short_span(Duration::minutes(10)), "10m");
        assert_eq!(short_span(Duration::days(8)), "8d");
        assert_eq!(short_days(498), "1.4y");
        assert_eq!(short_days(120), "4mo");
        assert_eq!(span_words(Duration::minutes(1)), "60 seconds");
        assert_eq!(span_words(Duration::minutes(45)), "45 minutes");
        assert_eq!(span_words(Duration::days(1)), "1 day");
        assert_eq!(plural(1, "card"), "1 card");
        assert_eq!(plural(0, "card"), "0 cards");
        assert_eq!(plural(2, "miss"), "2 misses");
        assert_eq!(plural(1, "study day"), "1 study day");
        assert_eq!(noun(7, "study day"), "study days");
    }

    #[test]
    fn lists_read_as_sentences() {
        assert_eq!(list::<u64>(&[], 5), "");
        assert_eq!(list(&[3], 5), "3");
        assert_eq!(list(&[3, 5], 5), "3 and 5");
        assert_eq!(list(&[3, 5, 9], 5), "3, 5 and 9");
        assert_eq!(list(&[3, 5, 9, 10, 11], 3), "3, 5, 9 and 2 more");
    }

    #[test]
    fn edit_distance_counts_edits_and_swaps() {
        assert_eq!(edit_distance("billing", "biling"), 1);
        assert_eq!(edit_distance("cases", "cases"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("bakc", "back"), 1);
        assert_eq!(edit_distance("descripton", "description"), 1);
        assert_eq!(edit_distance("ca", "abc"), 3);
    }
}
