//! Decks: what a card holds, and the canonical CSV format (docs/deck-format.md).

use std::collections::HashMap;
use std::fmt;

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

/// The columns of the deck format, in the order the format writes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Code,
    Description,
    System,
    Category,
    Tags,
    Aliases,
    Note,
    Source,
    Version,
    Id,
}

impl Column {
    pub const ALL: [Column; 10] = [
        Column::Code,
        Column::Description,
        Column::System,
        Column::Category,
        Column::Tags,
        Column::Aliases,
        Column::Note,
        Column::Source,
        Column::Version,
        Column::Id,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Column::Code => "code",
            Column::Description => "description",
            Column::System => "system",
            Column::Category => "category",
            Column::Tags => "tags",
            Column::Aliases => "aliases",
            Column::Note => "note",
            Column::Source => "source",
            Column::Version => "version",
            Column::Id => "id",
        }
    }

    /// The column a header names, ignoring case, with the names Anki, Quizlet and spreadsheets use.
    pub fn from_header(name: &str) -> Option<Column> {
        let key: String = name
            .trim()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        Some(match key.as_str() {
            "code" | "term" | "front" | "question" | "word" | "abbreviation" | "answer" => {
                Column::Code
            }
            "description" | "meaning" | "back" | "definition" | "descriptor" | "desc" => {
                Column::Description
            }
            "system" | "codeset" | "type" => Column::System,
            "category" | "chapter" | "section" | "group" => Column::Category,
            "tags" | "tag" => Column::Tags,
            "aliases" | "alias" | "alternatives" | "alternative" | "alternates" | "synonyms" => {
                Column::Aliases
            }
            "note" | "notes" | "explanation" | "extra" | "hint" => Column::Note,
            "source" => Column::Source,
            "version" | "release" | "year" => Column::Version,
            "id" | "key" | "guid" => Column::Id,
            _ => return None,
        })
    }
}

/// The longest field a deck may hold: far beyond any real description, short of a pasted book.
pub const MAX_FIELD_CHARS: usize = 10_000;

/// One thing wrong with a row of a deck file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub line: u64,
    pub message: String,
}

/// A row's fields by column, as read from a file; a column the file lacks is empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fields([String; 10]);

impl Fields {
    pub fn get(&self, column: Column) -> &str {
        &self.0[column as usize]
    }

    pub fn get_mut(&mut self, column: Column) -> &mut String {
        &mut self.0[column as usize]
    }

    fn take(&mut self, column: Column) -> String {
        let mut value = std::mem::take(&mut self.0[column as usize]);
        if value.trim().len() != value.len() {
            value = value.trim().to_owned();
        }
        value
    }
}

/// Builds a card from its fields, or says what is wrong with them.
pub fn card_from_fields(mut fields: Fields) -> Result<CardContent, String> {
    for column in Column::ALL {
        let len = fields.get(column).len();
        // Byte length first: most fields are far below the limit, and counting chars costs a scan.
        if len > MAX_FIELD_CHARS && fields.get(column).chars().count() > MAX_FIELD_CHARS {
            return Err(format!(
                "the {} field is {} characters long, more than the {MAX_FIELD_CHARS} allowed; shorten it",
                column.name(),
                fields.get(column).chars().count()
            ));
        }
    }
    let code = fields.take(Column::Code);
    if code.is_empty() {
        return Err("the code is empty; every card needs a code or term to answer".into());
    }
    if code.contains(['\n', '\r']) {
        return Err("the code has a line break in it; a code must fit on one line".into());
    }
    let description = fields.take(Column::Description);
    if description.is_empty() {
        return Err(format!(
            "the description of '{code}' is empty; add what it means"
        ));
    }
    let system = match fields.get(Column::System).trim() {
        "" => System::guess(&code),
        named => System::parse(named).ok_or_else(|| {
            format!(
                "'{named}' is not a system codedrill knows; use one of {} or leave it empty",
                System::ALL.map(System::name).join(", ")
            )
        })?,
    };
    let id = fields.take(Column::Id);
    let mut tags = fields.take(Column::Tags);
    if tags.contains(char::is_whitespace) {
        tags = tags.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    Ok(CardContent {
        key: if id.is_empty() { code.clone() } else { id },
        description,
        system,
        category: fields.take(Column::Category),
        tags,
        aliases: split_aliases(fields.get(Column::Aliases)),
        note: fields.take(Column::Note),
        source: fields.take(Column::Source),
        version: fields.take(Column::Version),
        code,
    })
}

/// Reads a deck in the canonical format (a header row naming the columns). Every problem is reported,
/// not just the first, so a file can be fixed in one pass.
pub fn parse_deck(text: &str) -> Result<Vec<CardContent>, Vec<Problem>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut problems = Vec::new();
    let columns: Vec<Option<Column>> = match reader.headers() {
        Ok(headers) => headers.iter().map(Column::from_header).collect(),
        Err(e) => {
            return Err(vec![Problem {
                line: 1,
                message: format!("the header row cannot be read: {e}"),
            }]);
        }
    };
    for (name, column) in reader.headers().into_iter().flatten().zip(&columns) {
        if column.is_none() {
            problems.push(Problem {
                line: 1,
                message: format!(
                    "unknown column '{name}'; the columns are {}",
                    Column::ALL.map(Column::name).join(", ")
                ),
            });
        }
    }
    let mut cards = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(Problem {
                    line,
                    message: format!("this row cannot be read: {e}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.len() != columns.len() {
            problems.push(Problem {
                line,
                message: format!(
                    "this row has {} fields but the header has {}; check for a missing or extra comma",
                    record.len(),
                    columns.len()
                ),
            });
            continue;
        }
        let mut fields = Fields::default();
        for (column, value) in columns.iter().zip(record.iter()) {
            if let Some(c) = column {
                *fields.get_mut(*c) = value.to_owned();
            }
        }
        match card_from_fields(fields) {
            Ok(card) => {
                if let Some(first) = seen.insert(card.key.clone(), line) {
                    problems.push(Problem {
                        line,
                        message: format!(
                            "'{}' is already a card on line {first}; give one of them an id",
                            card.key
                        ),
                    });
                } else {
                    cards.push(card);
                }
            }
            Err(message) => problems.push(Problem { line, message }),
        }
    }
    if problems.is_empty() {
        Ok(cards)
    } else {
        Err(problems)
    }
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
    fn fingerprints_differ_when_text_differs() {
        assert_eq!(fingerprint("abc"), fingerprint("abc"));
        assert_ne!(fingerprint("abc"), fingerprint("abd"));
    }
}
