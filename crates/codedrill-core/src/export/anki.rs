//! A deck as Anki's "Notes in Plain Text", which Anki and AnkiDroid import (File > Import) and
//! `codedrill import` reads back unchanged.
//!
//! Anki reads the `#` lines at the top: the separator, that the text is not HTML, the note type, the
//! deck, the columns' names, and which columns hold the note's id (guid), its deck and its tags. It fills
//! the note type's fields by name: Front is what codedrill asks on the card's usual side, Back the answer.
//! The columns after them are the card in codedrill's own words (docs/deck-format.md); Anki leaves them
//! out, and `codedrill import` reads the card from them. The text is written as it is: this file is for
//! Anki, not a spreadsheet, so no formula guard.

use std::io::Write;

use crate::deck::{CardContent, Column, Side, fingerprint};

/// The Anki note type a deck is written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteType {
    /// One card a note: Front asked, Back the answer (a deck drilled one way).
    Basic,
    /// A second card from Back to Front (a deck drilled both ways).
    BasicAndReversed,
}

impl NoteType {
    /// The name of Anki's built-in note type.
    pub fn name(self) -> &'static str {
        match self {
            NoteType::Basic => "Basic",
            NoteType::BasicAndReversed => "Basic (and reversed card)",
        }
    }
}

/// The note id Anki keeps for a card: the same for the same deck and key in every export, so importing a
/// newer export into Anki updates its notes (keeping their reviews there) instead of adding copies, and
/// two decks holding one code never share a note. The deck's name is taken regardless of case, as
/// codedrill takes it. FNV-1a (`fingerprint`) is fixed by its definition, unlike std's hasher.
pub fn guid(deck: &str, key: &str) -> String {
    let identity = format!("{}\u{1f}{key}", deck.to_lowercase());
    format!("codedrill-{}", fingerprint(&identity))
}

/// The columns that are Anki's copies of the card, first in the file: the importer knows a file starting
/// with them (and naming `code`) as this export, and skips them.
pub const ANKI_COPIES: [&str; 3] = ["guid", "Front", "Back"];

/// Anki's columns, before codedrill's own.
const ANKI_COLUMNS: [&str; 5] = [
    ANKI_COPIES[0],
    ANKI_COPIES[1],
    ANKI_COPIES[2],
    "deck",
    "tags",
];

/// codedrill's columns after Anki's: the deck format's, but the tags Anki's column already holds.
fn own_columns() -> impl Iterator<Item = Column> {
    Column::ALL.into_iter().filter(|c| *c != Column::Tags)
}

/// Writes `cards` of `deck` as Anki's notes in plain text.
pub fn write_anki(
    mut out: impl Write,
    deck: &str,
    note_type: NoteType,
    cards: &[CardContent],
) -> csv::Result<()> {
    let names: Vec<&str> = ANKI_COLUMNS
        .into_iter()
        .chain(own_columns().map(Column::name))
        .collect();
    // 1-based, as Anki counts; the guid, deck and tags columns are fixed by ANKI_COLUMNS.
    write!(
        out,
        "#separator:tab\n#html:false\n#notetype:{}\n#deck:{}\n#columns:{}\n\
         #guid column:1\n#deck column:4\n#tags column:5\n",
        note_type.name(),
        one_line(deck),
        names.join("\t")
    )?;
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    for card in cards {
        let aliases = card.aliases_joined();
        let (front, back) = match card.system.asks() {
            Side::Code => (&card.description, &card.code),
            Side::Meaning => (&card.code, &card.description),
        };
        let id = if card.key == card.code { "" } else { &card.key };
        let own = own_columns().map(|column| match column {
            Column::Aliases => aliases.as_str(),
            Column::Id => id,
            other => text_of(card, other),
        });
        let guid = guid(deck, &card.key);
        let anki = [guid.as_str(), front, back, deck, &card.tags];
        writer.write_record(anki.into_iter().chain(own))?;
    }
    writer.flush()?;
    Ok(())
}

/// A card's text in one of the deck format's columns (all but aliases and id, which are made).
fn text_of(card: &CardContent, column: Column) -> &str {
    match column {
        Column::Code => &card.code,
        Column::Description => &card.description,
        Column::System => card.system.name(),
        Column::Category => &card.category,
        Column::Tags => &card.tags,
        Column::Note => &card.note,
        Column::Source => &card.source,
        Column::Version => &card.version,
        Column::Aliases | Column::Id => "",
    }
}

/// A header value on one line: a line break would end the header early.
fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::System;

    fn cards() -> Vec<CardContent> {
        let mut term = CardContent::new("-itis", "inflammation", System::Term);
        term.aliases = vec!["inflamed".into(), "swelling".into()];
        term.tags = "suffix body".into();
        let mut code =
            CardContent::new("E11.9", "Type 2 diabetes, no complications", System::IcdCm);
        code.note = "Billable as it stands.".into();
        code.source = "NCHS/CDC ICD-10-CM".into();
        let mut case = CardContent::new("E11.9 I10", "A visit.\nTwo \"lines\".", System::Case);
        case.key = "case-01".into();
        vec![term, code, case]
    }

    fn written(note_type: NoteType) -> String {
        let mut out = Vec::new();
        write_anki(&mut out, "Mine", note_type, &cards()).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_deck_is_written_as_anki_notes_asking_the_usual_side() {
        let text = written(NoteType::Basic);
        let guids = ["-itis", "E11.9", "case-01"].map(|key| guid("Mine", key));
        let expected = format!(
            "#separator:tab\n#html:false\n#notetype:Basic\n#deck:Mine\n\
             #columns:guid\tFront\tBack\tdeck\ttags\tcode\tdescription\tsystem\tcategory\taliases\tnote\t\
             source\tversion\tid\n#guid column:1\n#deck column:4\n#tags column:5\n\
             {}\t-itis\tinflammation\tMine\tsuffix body\t-itis\tinflammation\tterm\t\tinflamed;swelling\t\t\t\t\n\
             {}\tType 2 diabetes, no complications\tE11.9\tMine\t\tE11.9\tType 2 diabetes, no complications\t\
             ICD-10-CM\t\t\tBillable as it stands.\tNCHS/CDC ICD-10-CM\t\t\n\
             {}\t\"A visit.\nTwo \"\"lines\"\".\"\tE11.9 I10\tMine\t\tE11.9 I10\t\"A visit.\nTwo \"\"lines\"\".\"\t\
             case\t\t\t\t\t\tcase-01\n",
            guids[0], guids[1], guids[2]
        );
        assert_eq!(text, expected);
        let reversed = written(NoteType::BasicAndReversed);
        assert!(reversed.contains("\n#notetype:Basic (and reversed card)\n"));
    }

    #[test]
    fn the_guid_is_stable_and_tells_decks_and_keys_apart() {
        assert_eq!(guid("Mine", "E11.9"), guid("Mine", "E11.9"));
        assert_eq!(
            guid("Mine", "E11.9"),
            guid("mine", "E11.9"),
            "deck names ignore case"
        );
        assert_ne!(guid("Mine", "E11.9"), guid("Other", "E11.9"));
        assert_ne!(guid("Mine", "E11.9"), guid("Mine", "E11.8"));
        // Pinned: a change here would make Anki add every card again instead of updating it.
        assert_eq!(guid("Mine", "E11.9"), "codedrill-cd81598fae5fe2b9");
    }

    #[test]
    fn codedrill_reads_its_anki_export_back_as_the_same_cards() {
        let parsed = crate::import::parse(written(NoteType::Basic).as_bytes()).unwrap();
        assert_eq!(parsed.decks.len(), 1);
        let deck = &parsed.decks[0];
        assert_eq!(deck.name.as_deref(), Some("Mine"));
        assert_eq!(deck.cards, cards());
    }

    #[test]
    fn a_deck_name_cannot_break_the_header() {
        let mut out = Vec::new();
        write_anki(&mut out, "two\nlines", NoteType::Basic, &[]).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("\n#deck:two lines\n"), "{text}");
    }
}
