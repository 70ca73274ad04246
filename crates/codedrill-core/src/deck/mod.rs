//! Decks: what a card holds, and the canonical CSV format (docs/deck-format.md).

use std::fmt;

mod format;

pub use format::{
    Column, Fields, HEADER_NAMES, MAX_FIELD_CHARS, Problem, card_from_fields, header_key,
    parse_deck,
};

/// What kind of card a row is. It decides which side is asked and how the answer is judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum System {
    IcdCm,
    IcdPcs,
    CptStyle,
    Hcpcs,
    Modifier,
    /// Some other code set: judged as a code.
    Code,
    Case,
    Convention,
    Billing,
    Term,
    Abbreviation,
}

crate::vocab::vocabulary! {
    /// The side of a card the learner types.
    pub enum Side {
        /// Shown the description, type the code.
        Code = "code",
        /// Shown the code, type the meaning.
        Meaning = "meaning",
    }
}

impl Side {
    pub fn other(self) -> Side {
        match self {
            Side::Code => Side::Meaning,
            Side::Meaning => Side::Code,
        }
    }
}

crate::vocab::vocabulary! {
    /// Where a deck came from: built into codedrill, or imported by the learner.
    pub enum Origin {
        Builtin = "builtin",
        Import = "import",
    }
}

/// Which sides of the cards a drill asks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Direction {
    /// Each card's usual side: codes from descriptions, meanings of terms and abbreviations.
    #[default]
    Auto,
    /// Shown the description, type the code (terms too: shown the meaning, type the term).
    Code,
    /// Shown the code, type its meaning.
    Meaning,
    /// Both, as two cards with their own schedules, never both on the same day.
    Both,
}

impl System {
    pub const ALL: [System; 11] = [
        System::IcdCm,
        System::IcdPcs,
        System::CptStyle,
        System::Hcpcs,
        System::Modifier,
        System::Code,
        System::Case,
        System::Convention,
        System::Billing,
        System::Term,
        System::Abbreviation,
    ];

    pub fn name(self) -> &'static str {
        match self {
            System::IcdCm => "ICD-10-CM",
            System::IcdPcs => "ICD-10-PCS",
            System::CptStyle => "CPT-style",
            System::Hcpcs => "HCPCS",
            System::Modifier => "modifier",
            System::Code => "code",
            System::Case => "case",
            System::Convention => "convention",
            System::Billing => "billing",
            System::Term => "term",
            System::Abbreviation => "abbreviation",
        }
    }

    /// The system a deck file names, ignoring case, spaces and hyphens, with the usual other spellings.
    pub fn parse(text: &str) -> Option<System> {
        let key: String = text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        Some(match key.as_str() {
            "icd10cm" | "icd10" | "icd" | "icdcm" | "diagnosis" => System::IcdCm,
            "icd10pcs" | "pcs" => System::IcdPcs,
            "cptstyle" | "cpt" | "procedure" | "hcpcslevel1" | "hcpcsleveli" => System::CptStyle,
            "hcpcs" | "hcpcslevel2" | "hcpcslevelii" | "hcpcsii" => System::Hcpcs,
            "modifier" | "modifiers" => System::Modifier,
            "code" | "codes" => System::Code,
            "case" | "cases" | "codingcase" => System::Case,
            "convention" | "conventions" | "rule" => System::Convention,
            "billing" | "biller" => System::Billing,
            "term" | "terms" | "wordpart" | "terminology" => System::Term,
            "abbreviation" | "abbreviations" | "abbr" => System::Abbreviation,
            _ => return None,
        })
    }

    /// The system of a row that names none: a code if it looks like one (a digit and no space).
    pub fn guess(code: &str) -> System {
        if code.chars().any(|c| c.is_ascii_digit()) && !code.trim().contains(char::is_whitespace) {
            System::Code
        } else {
            System::Term
        }
    }

    /// The side a card of this system asks for by default.
    pub fn asks(self) -> Side {
        match self {
            System::Term | System::Abbreviation => Side::Meaning,
            _ => Side::Code,
        }
    }

    /// Whether a card of this system can be asked the other way round. A coding case shown as its codes,
    /// or a convention shown as its answer, would not be a question.
    pub fn reversible(self) -> bool {
        !matches!(self, System::Case | System::Convention)
    }

    /// Whether the code side is judged character by character (a code) rather than as text.
    pub fn is_code(self) -> bool {
        matches!(
            self,
            System::IcdCm
                | System::IcdPcs
                | System::CptStyle
                | System::Hcpcs
                | System::Modifier
                | System::Code
                | System::Case
        )
    }
}

impl fmt::Display for System {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a card says: one row of a deck file, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardContent {
    /// Stable within the deck: progress follows it when the file changes.
    pub key: String,
    pub code: String,
    pub description: String,
    pub system: System,
    pub category: String,
    pub tags: String,
    pub aliases: Vec<String>,
    pub note: String,
    pub source: String,
    pub version: String,
}

impl CardContent {
    /// A card with just a code and a description (the code is also its key); the rest is blank.
    pub fn new(code: &str, description: &str, system: System) -> CardContent {
        CardContent {
            key: code.into(),
            code: code.into(),
            description: description.into(),
            system,
            category: String::new(),
            tags: String::new(),
            aliases: Vec::new(),
            note: String::new(),
            source: String::new(),
            version: String::new(),
        }
    }

    pub fn aliases_joined(&self) -> String {
        self.aliases.join(";")
    }

    /// Whether every text but the code and the description is empty (as in a whole code set's list).
    pub fn has_only_code_and_description(&self) -> bool {
        [
            &self.category,
            &self.tags,
            &self.note,
            &self.source,
            &self.version,
        ]
        .iter()
        .all(|s| s.is_empty())
            && self.aliases.is_empty()
    }

    /// The card's text in the deck format's column order (all but `id`), with its aliases joined.
    pub fn text_fields<'a>(&'a self, aliases: &'a str) -> [&'a str; 9] {
        [
            &self.code,
            &self.description,
            self.system.name(),
            &self.category,
            &self.tags,
            aliases,
            &self.note,
            &self.source,
            &self.version,
        ]
    }
}

/// Splits the `aliases` field: `;`-separated, blanks dropped.
pub fn split_aliases(field: &str) -> Vec<String> {
    field
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

crate::vocab::vocabulary! {
    /// Which side of the work a deck belongs to, for the coder-or-biller comparison.
    pub enum Role {
        Coding = "coding",
        Terminology = "terminology",
        Billing = "billing",
        Other = "other",
    }
}

/// The form in which deck names are compared: two names are one deck when their keys agree. Compatibility
/// normalisation (NFKC: "Café" typed with one character or two, full-width letters) and lower case, so
/// `Cardio` and `cardio` are one deck, as a person would expect. The store keeps these keys (schema 7),
/// so a change here must come with a migration that computes them again.
pub fn name_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let folded: String = name.trim().nfkc().flat_map(char::to_lowercase).collect();
    // Lower-casing can undo a normal form (a few letters lower-case into two characters).
    folded.nfkc().collect()
}

/// A deck name as it is kept and shown: composed (NFC), so one name typed on two systems is one text.
pub fn name_form(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.trim().nfc().collect()
}

/// A stable fingerprint of a deck's text (FNV-1a), so an unchanged built-in deck is not re-read at start.
pub fn fingerprint(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_canonical_deck_parses_with_defaults() {
        let text = "code,description,system,aliases,id\n\
                    E11.9,Type 2 diabetes mellitus without complications,ICD-10-CM,,\n\
                    BID,twice a day,abbreviation,twice daily; two times a day ,\n\
                    cardi/o,heart,,,\n\
                    E11.9 I10,\"A visit.\nTwo lines.\",case,,case-01\n";
        let cards = parse_deck(text).unwrap();
        assert_eq!(cards.len(), 4);
        assert_eq!(cards[0].system, System::IcdCm);
        assert_eq!(cards[1].aliases, ["twice daily", "two times a day"]);
        assert_eq!(cards[2].system, System::Term, "no digit: guessed as a term");
        assert_eq!(cards[3].key, "case-01");
        assert_eq!(cards[3].description, "A visit.\nTwo lines.");
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let text = "code,description,colour\nE11.9,,red\n,Something,blue\nE11.9,x,y\nA,b\n";
        let problems = parse_deck(text).unwrap_err();
        let lines: Vec<u64> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [1, 2, 3, 5], "{problems:?}");
        assert!(problems[0].message.contains("unknown column 'colour'"));
        assert!(
            problems[1]
                .message
                .contains("description of 'E11.9' is empty")
        );
        assert!(problems[2].message.contains("code is empty"));
        assert!(
            problems[3]
                .message
                .contains("2 fields but the header has 3")
        );
    }

    #[test]
    fn duplicate_keys_and_oversized_fields_are_refused() {
        let long = "x".repeat(MAX_FIELD_CHARS + 1);
        let text = format!("code,description\nA1,one\nA1,two\nB2,{long}\n");
        let problems = parse_deck(&text).unwrap_err();
        assert!(problems[0].message.contains("already a card on line 2"));
        assert!(problems[1].message.contains("more than the 10000 allowed"));
    }

    #[test]
    fn systems_parse_from_their_names_and_common_spellings() {
        for system in System::ALL {
            assert_eq!(System::parse(system.name()), Some(system));
        }
        assert_eq!(System::parse("ICD10-CM"), Some(System::IcdCm));
        assert_eq!(System::parse("HCPCS Level II"), Some(System::Hcpcs));
        assert_eq!(System::parse("astrology"), None);
    }

    #[test]
    fn deck_names_are_one_whatever_their_case_and_unicode_form() {
        assert_eq!(name_key("Cardio"), name_key("cardio"));
        assert_eq!(name_key("Caf\u{e9}"), name_key("CAFE\u{301}"));
        assert_eq!(name_key("\u{ff23}ardio"), "cardio", "full-width letters");
        assert_ne!(name_key("cardio"), name_key("cardiology"));
        assert_eq!(name_form(" Cafe\u{301} "), "Caf\u{e9}");
    }

    #[test]
    fn fingerprints_differ_when_text_differs() {
        assert_eq!(fingerprint("abc"), fingerprint("abc"));
        assert_ne!(fingerprint("abc"), fingerprint("abd"));
    }
}
