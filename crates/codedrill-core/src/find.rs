//! Finding cards the way a person asks for one (`codedrill cards`): by a code, forgiving case and the
//! dot (`e1165` is E11.65; `E11` is every E11 code), by words of the description, or by a tag or
//! category; and when a card found is due, in words.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::day::Day;
use crate::deck::CardContent;
use crate::schedule::Due;
use crate::words::{plural, span_words};

/// What was typed after `codedrill cards`, ready to match cards against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    /// The text as a code: capitals, no spaces, dots or leading hyphen.
    code: String,
    /// The text's words in lower case, each to begin a word of the card.
    words: Vec<String>,
    /// The whole text in lower case, to equal a tag or the category.
    label: String,
}

impl Query {
    pub fn new(text: &str) -> Query {
        Query {
            code: code_form(text),
            words: words_of(text),
            label: text.trim().to_lowercase(),
        }
    }

    /// Nothing to look for: every card matches.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.code.is_empty()
    }

    /// Whether `card` is one the text asks for: its code (or key) begins with the text read as a code;
    /// or each word of the text begins a word of its description or of one of its other accepted
    /// answers; or the text is one of its tags or its category.
    pub fn matches(&self, card: &CardContent) -> bool {
        if self.is_empty() {
            return true;
        }
        let code = !self.code.is_empty()
            && (code_form(&card.code).starts_with(&self.code)
                || code_form(&card.key).starts_with(&self.code));
        code || self.words_match(card) || self.label_matches(card)
    }

    fn words_match(&self, card: &CardContent) -> bool {
        if self.words.is_empty() {
            return false;
        }
        let mut text = words_of(&card.description);
        for alias in &card.aliases {
            text.extend(words_of(alias));
        }
        self.words
            .iter()
            .all(|wanted| text.iter().any(|word| word.starts_with(wanted.as_str())))
    }

    fn label_matches(&self, card: &CardContent) -> bool {
        card.category.to_lowercase() == self.label
            || card
                .tags
                .split_whitespace()
                .any(|tag| tag.to_lowercase() == self.label)
    }
}

/// A code as it is compared: `e11.65` and ` E1165 ` are both `E1165`; a modifier's `-25` is `25`.
pub fn code_form(text: &str) -> String {
    let key: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .flat_map(char::to_uppercase)
        .collect();
    key.trim_start_matches('-').to_owned()
}

/// The words of a text as they are compared: split at spaces, in lower case, letters and digits only, so
/// that `(hyperglycemia),` is `hyperglycemia` and a code in the text stays one word (`E11.22` is `e1122`,
/// which `E11.2` begins and `E11.6` does not).
fn words_of(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
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
    use crate::deck::System;

    fn card(code: &str, description: &str) -> CardContent {
        CardContent::new(code, description, System::IcdCm)
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
        let modifier = CardContent::new(
            "25",
            "Significant, separately identifiable E/M",
            System::Modifier,
        );
        assert!(Query::new("-25").matches(&modifier));
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
        let mut bid = CardContent::new("BID", "twice a day", System::Abbreviation);
        bid.aliases = vec!["two times a day".into()];
        assert!(Query::new("two times").matches(&bid));
        assert!(Query::new("bid").matches(&bid), "a term is its code");
    }

    #[test]
    fn a_tag_or_the_category_matches_whole() {
        let mut c = card("E11.9", "Type 2 diabetes mellitus without complications");
        c.tags = "endocrine Diabetes-Type2".into();
        c.category = "Endocrine, nutritional and metabolic diseases".into();
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
