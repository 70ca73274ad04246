//! A person's edit of one of their own cards (`codedrill cards edit`): which fields it sets, the checks a
//! deck file's row would meet too, and what it changes.

use crate::deck::{CardContent, MAX_FIELD_CHARS, split_aliases};

crate::vocab::vocabulary! {
    /// The parts of a card a person may edit.
    pub enum Field {
        Description = "description",
        Note = "note",
        Aliases = "aliases",
    }
}

/// The new text of the fields given; the others are left as they are.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Edit {
    pub description: Option<String>,
    pub note: Option<String>,
    pub aliases: Option<Vec<String>>,
}

/// Why an edit cannot be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditProblem {
    #[error("the description cannot be empty: every card needs something to answer from")]
    EmptyDescription,
    #[error(
        "the {0} is {1} characters long, more than the {MAX_FIELD_CHARS} a deck file allows; shorten it"
    )]
    TooLong(Field, usize),
}

impl Edit {
    /// An edit from the text typed: trimmed; aliases separated by `;` as in a deck file (an empty text
    /// clears the note or the aliases).
    pub fn new(
        description: Option<&str>,
        note: Option<&str>,
        aliases: Option<&str>,
    ) -> Result<Edit, EditProblem> {
        for (field, text) in [
            (Field::Description, description),
            (Field::Note, note),
            (Field::Aliases, aliases),
        ] {
            let len = text.map_or(0, |t| t.trim().chars().count());
            if len > MAX_FIELD_CHARS {
                return Err(EditProblem::TooLong(field, len));
            }
        }
        if description.is_some_and(|d| d.trim().is_empty()) {
            return Err(EditProblem::EmptyDescription);
        }
        Ok(Edit {
            description: description.map(|d| d.trim().to_owned()),
            note: note.map(|n| n.trim().to_owned()),
            aliases: aliases.map(split_aliases),
        })
    }

    /// The fields whose text the edit changes on `card`, in the order of [`Field::ALL`].
    pub fn changes(&self, card: &CardContent) -> Vec<Field> {
        let mut changed = Vec::new();
        if self
            .description
            .as_ref()
            .is_some_and(|d| *d != card.description)
        {
            changed.push(Field::Description);
        }
        if self.note.as_ref().is_some_and(|n| *n != card.note) {
            changed.push(Field::Note);
        }
        if self.aliases.as_ref().is_some_and(|a| *a != card.aliases) {
            changed.push(Field::Aliases);
        }
        changed
    }

    /// `card` with the edit made.
    pub fn apply(&self, card: &CardContent) -> CardContent {
        CardContent {
            description: self
                .description
                .clone()
                .unwrap_or_else(|| card.description.clone()),
            note: self.note.clone().unwrap_or_else(|| card.note.clone()),
            aliases: self.aliases.clone().unwrap_or_else(|| card.aliases.clone()),
            ..card.clone()
        }
    }
}

/// A field's text on `card`, as a deck file writes it (aliases joined by `;`).
pub fn field_text(card: &CardContent, field: Field) -> String {
    match field {
        Field::Description => card.description.clone(),
        Field::Note => card.note.clone(),
        Field::Aliases => card.aliases_joined(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::System;

    fn card() -> CardContent {
        let mut c = CardContent::new("BID", "twice a dya", System::Abbreviation);
        c.aliases = vec!["twice daily".into()];
        c
    }

    #[test]
    fn an_edit_changes_only_what_differs() {
        let edit = Edit::new(
            Some(" twice a day "),
            None,
            Some("twice daily; two times a day"),
        )
        .unwrap();
        assert_eq!(edit.changes(&card()), [Field::Description, Field::Aliases]);
        let edited = edit.apply(&card());
        assert_eq!(edited.description, "twice a day");
        assert_eq!(edited.aliases, ["twice daily", "two times a day"]);
        assert_eq!(edited.code, "BID");
        assert!(
            edit.changes(&edited).is_empty(),
            "the same edit again changes nothing"
        );
        assert_eq!(
            field_text(&edited, Field::Aliases),
            "twice daily;two times a day"
        );
    }

    #[test]
    fn an_empty_note_or_alias_list_clears_it() {
        let edit = Edit::new(None, Some(""), Some(" ")).unwrap();
        assert_eq!(
            edit.changes(&card()),
            [Field::Aliases],
            "the note was empty already"
        );
        assert!(edit.apply(&card()).aliases.is_empty());
    }

    #[test]
    fn an_empty_description_or_an_oversized_field_is_refused() {
        assert_eq!(
            Edit::new(Some("  "), None, None),
            Err(EditProblem::EmptyDescription)
        );
        let long = "x".repeat(MAX_FIELD_CHARS + 1);
        let problem = Edit::new(None, Some(&long), None).unwrap_err();
        assert_eq!(
            problem,
            EditProblem::TooLong(Field::Note, MAX_FIELD_CHARS + 1)
        );
        assert!(
            problem
                .to_string()
                .starts_with("the note is 10001 characters long")
        );
    }
}
