//! The canonical deck format (docs/deck-format.md): its columns, and a file read into cards with every
//! problem reported by line.

use std::collections::HashMap;

use super::{CardContent, System, split_aliases};

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

    /// The column a header names, ignoring case, spaces and punctuation, with the names Anki, Quizlet and
    /// spreadsheets use.
    pub fn from_header(name: &str) -> Option<Column> {
        // The names' keys, made once: a header row is looked at several times.
        static KEYS: std::sync::OnceLock<Vec<(String, Column)>> = std::sync::OnceLock::new();
        let keys = KEYS.get_or_init(|| {
            HEADER_NAMES
                .iter()
                .map(|(n, c)| (header_key(n), *c))
                .collect()
        });
        let key = header_key(name);
        keys.iter().find(|(k, _)| *k == key).map(|(_, c)| *c)
    }
}

/// Every name a header row may give a column, in the words people use (`front`, `Back Extra`).
pub const HEADER_NAMES: [(&str, Column); 42] = [
    ("code", Column::Code),
    ("term", Column::Code),
    ("front", Column::Code),
    ("question", Column::Code),
    ("word", Column::Code),
    ("abbreviation", Column::Code),
    ("answer", Column::Code),
    // Anki's cloze note type calls its first field Text (see `import`).
    ("text", Column::Code),
    ("description", Column::Description),
    ("meaning", Column::Description),
    ("back", Column::Description),
    ("definition", Column::Description),
    ("descriptor", Column::Description),
    ("desc", Column::Description),
    ("system", Column::System),
    ("code set", Column::System),
    ("type", Column::System),
    ("category", Column::Category),
    ("chapter", Column::Category),
    ("section", Column::Category),
    ("group", Column::Category),
    ("tags", Column::Tags),
    ("tag", Column::Tags),
    ("aliases", Column::Aliases),
    ("alias", Column::Aliases),
    ("alternatives", Column::Aliases),
    ("alternative", Column::Aliases),
    ("alternates", Column::Aliases),
    ("synonyms", Column::Aliases),
    ("note", Column::Note),
    ("notes", Column::Note),
    ("explanation", Column::Note),
    ("extra", Column::Note),
    ("back extra", Column::Note),
    ("hint", Column::Note),
    ("source", Column::Source),
    ("version", Column::Version),
    ("release", Column::Version),
    ("year", Column::Version),
    ("id", Column::Id),
    ("key", Column::Id),
    ("guid", Column::Id),
];

/// A header name as compared: lower case, letters and digits only.
pub fn header_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
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
