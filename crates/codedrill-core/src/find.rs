//! Finding cards the way a person asks for one (`codedrill cards`): by a code, forgiving case and the
//! dot (`e1165` is E11.65; `E11` is every E11 code), by words of the description, or by a tag or
//! category; and when a card found is due, in words.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::day::Day;
use crate::schedule::Due;
use crate::words::{plural, span_words};

/// What was typed after `codedrill cards`, ready to match cards against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    /// The text as a code: capitals, no spaces, dots or leading hyphen.
    code: String,
    /// The text's words as they are compared (see [`word_chars`]), each to begin a word of the card.
    words: Vec<String>,
    /// The whole text in lower case, to equal a tag or the category.
    label: String,
}

/// The text of a card a search looks at, borrowed: a search reads every card of a deck, so nothing is
/// copied for the cards that do not match.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CardText<'a> {
    pub key: &'a str,
    pub code: &'a str,
    pub description: &'a str,
    /// Other accepted answers, separated by `;` as a deck file writes them.
    pub aliases: &'a str,
    pub category: &'a str,
    /// Separated by spaces.
    pub tags: &'a str,
}

impl Query {
    pub fn new(text: &str) -> Query {
        Query {
            code: code_chars(text).collect(),
            words: text
                .split_whitespace()
                .map(|w| word_chars(w).collect::<String>())
                .filter(|w| !w.is_empty())
                .collect(),
            label: text.trim().to_lowercase(),
        }
    }

    /// Nothing to look for: every card matches.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.code.is_empty()
    }

    /// Whether the card is one the text asks for: its code (or key) begins with the text read as a code;
    /// or each word of the text begins a word of its description or of one of its other accepted
    /// answers; or the text is one of its tags or its category.
    pub fn matches(&self, card: &CardText) -> bool {
        if self.is_empty() {
            return true;
        }
        let code = !self.code.is_empty()
            && (begins(code_chars(card.code), &self.code)
                || begins(code_chars(card.key), &self.code));
        code || self.words_match(card) || self.label_matches(card)
    }

    fn words_match(&self, card: &CardText) -> bool {
        let text = card
            .description
            .split_whitespace()
            .chain(card.aliases.split([';', ' ', '\t', '\n']));
        !self.words.is_empty()
            && self
                .words
                .iter()
                .all(|wanted| text.clone().any(|word| begins(word_chars(word), wanted)))
    }

    fn label_matches(&self, card: &CardText) -> bool {
        let is_label = |text: &str| {
            text.chars()
                .flat_map(char::to_lowercase)
                .eq(self.label.chars())
        };
        is_label(card.category) || card.tags.split_whitespace().any(is_label)
    }
}

/// Whether the characters of `text` begin with `prefix`.
fn begins(mut text: impl Iterator<Item = char>, prefix: &str) -> bool {
    prefix.chars().all(|p| text.next() == Some(p))
}

/// A code as it is compared: `e11.65` and ` E1165 ` are both `E1165`; a modifier's `-25` is `25`.
fn code_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .flat_map(char::to_uppercase)
        .skip_while(|c| *c == '-')
}

/// [`code_chars`] collected, to look a key up by.
pub fn code_form(text: &str) -> String {
    code_chars(text).collect()
}

/// A word as it is compared: in lower case, letters and digits only, so that `(hyperglycemia),` is
/// `hyperglycemia` and a code in the text stays one word (`E11.22` is `e1122`, which `E11.2` begins and
/// `E11.6` does not).
fn word_chars(word: &str) -> impl Iterator<Item = char> + '_ {
    word.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
}

/// When a card is due, in words: "not started", "now", "in 10 minutes", "today", "tomorrow",
/// "in 12 days (Sat 5 Dec 2026)", "3 days overdue".
pub fn due_words(due: Due, now: DateTime<Utc>, today: Day) -> String {
    match due {
        Due::New => "not started".into(),
        Due::At(at) if at <= now => "now".into(),
        Due::At(at) => format!("in {}", span_words(at - now)),
        Due::Day(day) if day < today => format!("{} overdue", plural(today - day, "day")),
        Due::Day(day) if day == today => "today".into(),
        Due::Day(day) if day == today + 1 => "tomorrow".into(),
        Due::Day(day) => format!(
            "in {} ({})",
            plural(day - today, "day"),
            date_of(day).format("%a %-d %b %Y")
        ),
    }
}

/// The calendar date of a study day.
pub fn date_of(day: Day) -> NaiveDate {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN);
    epoch
        .checked_add_signed(Duration::days(day))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card<'a>(code: &'a str, description: &'a str) -> CardText<'a> {
        CardText {
            key: code,
            code,
            description,
            ..CardText::default()
        }
    }

    #[test]
    fn a_code_matches_whatever_its_case_and_dot() {
        let e1165 = card("E11.65", "Type 2 diabetes mellitus with hyperglycemia");
        for typed in [
            "E11.65", "e11.65", "E1165", "e1165", " E11.65 ", "E11", "e11.6",
        ] {
            assert!(Query::new(typed).matches(&e1165), "{typed}");
        }
        for typed in ["E11.9", "E12", "11.65", "E11.651"] {
            assert!(!Query::new(typed).matches(&e1165), "{typed}");
        }
        let modifier = card("25", "Significant, separately identifiable E/M");
        assert!(Query::new("-25").matches(&modifier));
        let case = CardText {
            key: "case-04",
            ..card("99214 E11.65 Z79.4", "Office visit")
        };
        assert!(Query::new("CASE-0").matches(&case), "by its key");
    }

    #[test]
    fn words_begin_words_of_the_description_or_an_alias() {
        let e1165 = card("E11.65", "Type 2 diabetes mellitus with hyperglycemia");
        assert!(Query::new("diabetes").matches(&e1165));
        assert!(Query::new("DIABET hyperglyc").matches(&e1165));
        assert!(
            !Query::new("diabetes insipidus").matches(&e1165),
            "every word"
        );
        assert!(!Query::new("betes").matches(&e1165), "words begin, not end");
        let note = card(
            "conv-1",
            "Which note at E11.22 (type 2 diabetes with CKD) asks for N18.6?",
        );
        assert!(
            Query::new("e11.2").matches(&note),
            "a code in the text is one word"
        );
        assert!(
            !Query::new("E11.6").matches(&note),
            "not the words E11 and 6"
        );
        assert!(
            Query::new("ckd").matches(&note),
            "punctuation around a word is not part of it"
        );
        let bid = CardText {
            aliases: "twice daily;two times a day",
            ..card("BID", "twice a day")
        };
        assert!(Query::new("two times").matches(&bid));
        assert!(Query::new("bid").matches(&bid), "a term is its code");
    }

    #[test]
    fn a_tag_or_the_category_matches_whole() {
        let c = CardText {
            tags: "endocrine Diabetes-Type2",
            category: "Endocrine, nutritional and metabolic diseases",
            ..card("E11.9", "Type 2 diabetes mellitus without complications")
        };
        assert!(Query::new("diabetes-type2").matches(&c));
        assert!(Query::new("endocrine").matches(&c));
        assert!(Query::new("endocrine, nutritional and metabolic diseases").matches(&c));
        assert!(!Query::new("type2").matches(&c), "a tag matches whole");
    }

    #[test]
    fn nothing_typed_matches_everything() {
        assert!(Query::new("  ").is_empty());
        assert!(Query::new("").matches(&card("I10", "Essential (primary) hypertension")));
        assert!(
            Query::new(" . ").is_empty(),
            "a lone dot is no code and no word"
        );
    }

    #[test]
    fn due_dates_read_as_words() {
        let now: DateTime<Utc> = "2026-11-23T09:00:00Z".parse().unwrap();
        let today = 20_780; // 2026-11-23
        assert_eq!(date_of(today).to_string(), "2026-11-23");
        assert_eq!(due_words(Due::New, now, today), "not started");
        assert_eq!(
            due_words(Due::At(now - Duration::minutes(1)), now, today),
            "now"
        );
        assert_eq!(
            due_words(Due::At(now + Duration::minutes(10)), now, today),
            "in 10 minutes"
        );
        assert_eq!(due_words(Due::Day(today - 3), now, today), "3 days overdue");
        assert_eq!(due_words(Due::Day(today), now, today), "today");
        assert_eq!(due_words(Due::Day(today + 1), now, today), "tomorrow");
        assert_eq!(
            due_words(Due::Day(today + 12), now, today),
            "in 12 days (Sat 5 Dec 2026)"
        );
    }
}
