//! Cards a person edited (`cards edit`): the new text on both sides of the card, and in `card_edit` what
//! each edited field said in the deck's file, kept while the card holds the edit. The first answer after
//! an edit is shown what changed and marks it shown, in that answer's transaction (`answers`); an import
//! that gives the card its file's text again ends the edit.

use anyhow::Result;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use codedrill_core::deck::CardContent;
use codedrill_core::edit::{Edit, Field, field_text};

use super::{Store, from_ms, ms};

/// An edit not yet shown at an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditMark {
    pub edited_at: DateTime<Utc>,
    /// The fields that hold the person's text rather than the file's.
    pub fields: Vec<Field>,
}

/// The file's text of each field an edit replaced, in the order of [`Field::ALL`]: `None` for a field
/// that still holds the file's text.
type Originals = [Option<String>; 3];

impl Store {
    /// Writes `edit` to the card whose usual side is `note_id` (and to its other side), keeping its
    /// schedule and history. `card` is its text now. Returns the fields that changed.
    pub fn edit_card(
        &mut self,
        note_id: i64,
        card: &CardContent,
        edit: &Edit,
        now: DateTime<Utc>,
    ) -> Result<Vec<Field>> {
        let changed = edit.changes(card);
        if changed.is_empty() {
            return Ok(changed);
        }
        let edited = edit.apply(card);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE card SET description = ?2, note = ?3, aliases = ?4 WHERE id = ?1 OR note_id = ?1",
            params![note_id, edited.description, edited.note, edited.aliases_joined()],
        )?;
        let originals = merged_originals(&originals(&tx, note_id)?, card, &edited, &changed);
        if originals.iter().all(Option::is_none) {
            // Every field is back to the file's text: the card holds no edit any more.
            tx.execute("DELETE FROM card_edit WHERE card_id = ?1", [note_id])?;
        } else {
            tx.execute(
                "INSERT INTO card_edit (card_id, edited_at, description, note, aliases)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (card_id) DO UPDATE SET edited_at = excluded.edited_at,
                     description = excluded.description, note = excluded.note,
                     aliases = excluded.aliases, shown_at = NULL",
                params![note_id, ms(now), originals[0], originals[1], originals[2]],
            )?;
        }
        tx.commit()?;
        Ok(changed)
    }

    /// The edit of the card whose usual side is `note_id`, if no answer has been given since.
    pub fn unshown_edit(&self, note_id: i64) -> Result<Option<EditMark>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT edited_at, description IS NOT NULL, note IS NOT NULL, aliases IS NOT NULL
             FROM card_edit WHERE card_id = ?1 AND shown_at IS NULL",
        )?;
        let mark = stmt
            .query_row([note_id], |r| {
                let mut fields = Vec::new();
                for (i, field) in Field::ALL.iter().enumerate() {
                    if r.get::<_, bool>(1 + i)? {
                        fields.push(*field);
                    }
                }
                Ok(EditMark {
                    edited_at: from_ms(r.get(0)?),
                    fields,
                })
            })
            .optional()?;
        Ok(mark)
    }
}

/// What the card's edited fields said in its file, as stored (all `None` when it holds no edit).
fn originals(tx: &Transaction, note_id: i64) -> Result<Originals> {
    let found = tx
        .query_row(
            "SELECT description, note, aliases FROM card_edit WHERE card_id = ?1",
            [note_id],
            |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?]),
        )
        .optional()?;
    Ok(found.unwrap_or_default())
}

/// The file's text of every field that holds an edit after this one: a field edited before keeps the
/// file's text it had; a field edited now for the first time takes the card's text before the edit; a
/// field edited back to its file's text holds no edit any more.
fn merged_originals(
    stored: &Originals,
    before: &CardContent,
    after: &CardContent,
    changed: &[Field],
) -> Originals {
    let mut merged = stored.clone();
    for (i, field) in Field::ALL.iter().enumerate() {
        if merged[i].is_none() && changed.contains(field) {
            merged[i] = Some(field_text(before, *field));
        }
        if merged[i].as_deref() == Some(field_text(after, *field).as_str()) {
            merged[i] = None;
        }
    }
    merged
}

/// An import gives the card `note_id` its file's text (new or the same as the edit's): its edit ends.
/// Returns whether it had one.
pub(super) fn file_text_back(tx: &Transaction, note_id: i64) -> Result<bool> {
    let ended = tx
        .prepare_cached("DELETE FROM card_edit WHERE card_id = ?1")?
        .execute([note_id])?;
    Ok(ended > 0)
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::store::SyncMode;
    use crate::store::testing::{content, deck, learned, review};
    use codedrill_core::deck::Direction;
    use codedrill_core::import::OnDuplicate;
    use codedrill_core::schedule::{CardSchedule, Due};

    fn edit(description: Option<&str>, note: Option<&str>) -> Edit {
        Edit::new(description, note, None).unwrap()
    }

    #[test]
    fn an_edit_keeps_progress_and_is_shown_once() {
        let mut store = Store::in_memory().unwrap();
        let (deck_id, _) = deck(
            &mut store,
            &[content("A1", "one, mispelt")],
            SyncMode::Replace,
        );
        let id = store.new_cards(deck_id, Direction::Auto, 0, 10).unwrap()[0].id;
        let now = Utc::now();
        let (new, after) = (CardSchedule::new_card(), learned(now));
        store
            .record_review(&review(id, now, &new, &after), None)
            .unwrap();
        let card = store.card(id).unwrap();
        let changed = store
            .edit_card(
                id,
                &card.content,
                &edit(Some("one, misspelt"), Some("a note")),
                now,
            )
            .unwrap();
        assert_eq!(changed, [Field::Description, Field::Note]);
        let card = store.card(id).unwrap();
        assert_eq!(card.content.description, "one, misspelt");
        assert_eq!(card.schedule.due, Due::Day(5), "progress kept");
        let mark = store.unshown_edit(id).unwrap().unwrap();
        assert_eq!(mark.fields, [Field::Description, Field::Note]);
        // The next answer shows it, in its own transaction.
        let later = learned(now);
        store
            .record_review(&review(id, now, &after, &later), None)
            .unwrap();
        assert_eq!(store.unshown_edit(id).unwrap(), None);
        assert_eq!(store.total_reviews().unwrap(), 2);
    }

    #[test]
    fn the_files_text_is_kept_from_the_first_edit_and_an_edit_back_ends_it() {
        let mut store = Store::in_memory().unwrap();
        let (deck_id, _) = deck(&mut store, &[content("A1", "file text")], SyncMode::Replace);
        let id = store.new_cards(deck_id, Direction::Auto, 0, 10).unwrap()[0].id;
        let now = Utc::now();
        for text in ["first edit", "second edit"] {
            let card = store.card(id).unwrap();
            store
                .edit_card(id, &card.content, &edit(Some(text), None), now)
                .unwrap();
        }
        let file: String = store
            .conn
            .query_row(
                "SELECT description FROM card_edit WHERE card_id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(file, "file text");
        let card = store.card(id).unwrap();
        store
            .edit_card(id, &card.content, &edit(Some("file text"), None), now)
            .unwrap();
        assert_eq!(
            store.unshown_edit(id).unwrap(),
            None,
            "back to the file's text"
        );
    }

    #[test]
    fn an_import_with_other_text_ends_the_edit_and_counts_it() {
        let mut store = Store::in_memory().unwrap();
        let update = SyncMode::Merge(OnDuplicate::Update);
        let (deck_id, _) = deck(
            &mut store,
            &[content("A1", "file"), content("B2", "two")],
            update,
        );
        let ids: Vec<i64> = store
            .new_cards(deck_id, Direction::Auto, 0, 10)
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();
        let now = Utc::now();
        for &id in &ids {
            let card = store.card(id).unwrap();
            let text = format!("{} edited", card.content.description);
            store
                .edit_card(id, &card.content, &edit(Some(&text), None), now)
                .unwrap();
        }
        // The file again: A1 as it was (the edit is undone), B2 with the edited text (nothing to undo);
        // either way the card now holds its file's text.
        let (_, counts) = deck(
            &mut store,
            &[content("A1", "file"), content("B2", "two edited")],
            update,
        );
        assert_eq!(
            (counts.updated, counts.unchanged, counts.edits_ended),
            (1, 1, 1)
        );
        assert_eq!(store.card(ids[0]).unwrap().content.description, "file");
        assert_eq!(
            store.card(ids[1]).unwrap().content.description,
            "two edited"
        );
        let edits: i64 = store
            .conn
            .query_row("SELECT count(*) FROM card_edit", [], |r| r.get(0))
            .unwrap();
        assert_eq!(edits, 0);
    }
}
