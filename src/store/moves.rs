//! Cards moved to a newer ICD-10-CM year (`codedrill codeset update`), in one transaction: unchanged
//! cards keep everything, revised ones take the new description and a mark the drill shows at their
//! next review, deleted ones are retired with a note. The year moved to is kept, so that when a newer
//! codedrill re-reads a built-in deck (still of its own year), the move is made again in the same
//! transaction and nothing deleted comes back.

use anyhow::Result;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use codedrill_core::codeset::{CardRef, Move, plan};
use codedrill_core::deck::{CardContent, Origin, Role, System};

use super::Store;
use super::codeset::billable;
use super::merge::sync_cards;
use super::settings::MetaKey;
use super::sql::{self, Sql};
use super::sync::{DeckHeader, SyncCounts, SyncMode, upsert_deck};
use crate::builtin::ICD10CM_YEAR;

/// A deck that `codeset update` makes (the year's new codes, or every billable code).
pub struct YearDeck {
    pub name: String,
    pub title: String,
    pub cards: Vec<CardContent>,
}

/// What the drill says before a revised card: the year, and the texts before and now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revision {
    pub year: u16,
    pub previous: String,
    pub official: String,
}

impl Store {
    /// The year the ICD-10-CM cards were moved to; the built-in decks' year when they never were.
    pub fn icd10cm_year(&self) -> Result<u16> {
        Ok(self
            .meta(MetaKey::Icd10cmYear)?
            .and_then(|y| y.parse().ok())
            .unwrap_or(ICD10CM_YEAR))
    }

    /// Every active card whose answer holds ICD-10-CM codes (its usual side), with its deck's name.
    pub fn icd_cards(&self) -> Result<Vec<(CardRef, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT c.id, c.system, c.code, c.description, d.origin, d.name
             FROM card c JOIN deck d ON d.id = c.deck_id
             WHERE c.active AND c.note_id IS NULL AND c.system IN (?1, ?2)
             ORDER BY d.sort_order, d.id, c.position",
        )?;
        let rows = stmt.query_map(params![Sql(System::IcdCm), Sql(System::Case)], |r| {
            let card = CardRef {
                id: r.get(0)?,
                system: sql::word(r, 1)?,
                code: r.get(2)?,
                description: r.get(3)?,
                official: sql::word::<Origin>(r, 4)? == Origin::Builtin,
            };
            Ok((card, r.get(5)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Moves the cards to `year` as `moves` says, writes the year's decks and records the year, all in
    /// one transaction.
    pub fn move_to_year(
        &mut self,
        year: u16,
        moves: &[(i64, Move)],
        decks: &[YearDeck],
        now: DateTime<Utc>,
    ) -> Result<Vec<SyncCounts>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        apply(&tx, year, moves)?;
        let mut counts = Vec::new();
        for deck in decks {
            let header = DeckHeader {
                name: &deck.name,
                title: &deck.title,
                origin: Origin::Import,
                role: Role::Coding,
                sort_order: 0,
                fingerprint: "",
                source_path: &format!("codedrill codeset update {year}"),
            };
            let id = upsert_deck(&tx, &header, now)?;
            counts.push(sync_cards(
                &tx,
                id,
                &deck.cards,
                SyncMode::Replace,
                &mut |_| {},
            )?);
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![MetaKey::Icd10cmYear.as_str(), year.to_string()],
        )?;
        crate::failpoint::hit("codeset-update")?;
        tx.commit()?;
        Ok(counts)
    }

    /// The revision a card (its usual side, `note_id`) still has to show, if any.
    pub fn revision(&self, note_id: i64) -> Result<Option<Revision>> {
        Ok(self
            .conn
            .query_row(
                "SELECT year, previous, official FROM card_revision
                 WHERE card_id = ?1 AND shown_at IS NULL",
                [note_id],
                |r| {
                    Ok(Revision {
                        year: r.get(0)?,
                        previous: r.get(1)?,
                        official: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }
}

/// Writes each card's move. A revision mark is kept until the card is next answered; moving again to
/// the same year does not mark a card twice.
fn apply(tx: &Transaction, year: u16, moves: &[(i64, Move)]) -> Result<()> {
    let version = format!("FY{year}");
    let mut stamp = tx.prepare_cached(
        "UPDATE card SET version = ?2 WHERE (id = ?1 OR note_id = ?1) AND system = ?3",
    )?;
    for (id, action) in moves {
        match action {
            Move::Unchanged => {
                stamp.execute(params![id, version, Sql(System::IcdCm)])?;
            }
            Move::Revised {
                description,
                previous,
                official,
                tell,
            } => {
                if let Some(text) = description {
                    tx.prepare_cached(
                        "UPDATE card SET description = ?2 WHERE id = ?1 OR note_id = ?1",
                    )?
                    .execute(params![id, text])?;
                }
                stamp.execute(params![id, version, Sql(System::IcdCm)])?;
                if *tell {
                    mark(tx, *id, year, previous, official)?;
                }
            }
            Move::Retired { note } => {
                tx.prepare_cached(
                    "UPDATE card SET active = 0, note = trim(note || ' ' || ?2)
                     WHERE id = ?1 OR note_id = ?1",
                )?
                .execute(params![id, note])?;
            }
        }
    }
    Ok(())
}

fn mark(tx: &Transaction, id: i64, year: u16, previous: &str, official: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO card_revision (card_id, year, previous, official) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (card_id) DO UPDATE SET year = excluded.year, previous = excluded.previous,
             official = excluded.official, shown_at = NULL
         WHERE card_revision.year < excluded.year",
    )?
    .execute(params![id, year, previous, official])?;
    Ok(())
}

/// Makes the move to the recorded year again on a built-in deck just re-read from a newer codedrill
/// (whose decks are still of their own, older year), inside the transaction that re-read it.
pub(super) fn reapply(tx: &Transaction, deck_id: i64) -> Result<()> {
    let year: Option<u16> = tx
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [MetaKey::Icd10cmYear.as_str()],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .and_then(|y| y.parse().ok());
    let Some(year) = year.filter(|y| *y > ICD10CM_YEAR) else {
        return Ok(());
    };
    let cards = deck_icd_cards(tx, deck_id)?;
    if cards.is_empty() {
        return Ok(());
    }
    let to = billable(tx, year)?;
    let from = billable(tx, ICD10CM_YEAR)?;
    apply(tx, year, &plan(&cards, &from, &to, year))
}

fn deck_icd_cards(tx: &Transaction, deck_id: i64) -> Result<Vec<CardRef>> {
    let mut stmt = tx.prepare(
        "SELECT id, system, code, description FROM card
         WHERE deck_id = ?1 AND active AND note_id IS NULL AND system IN (?2, ?3)",
    )?;
    let rows = stmt.query_map(
        params![deck_id, Sql(System::IcdCm), Sql(System::Case)],
        |r| {
            Ok(CardRef {
                id: r.get(0)?,
                system: sql::word(r, 1)?,
                code: r.get(2)?,
                description: r.get(3)?,
                official: true,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::builtin::{BUILTIN, BuiltinDeck};
    use codedrill_core::codeset::parse_tabular;

    const TABULARS: [&str; 2] = [
        include_str!("../../tests/fixtures/codeset/icd10cm-tabular-2026.xml"),
        include_str!("../../tests/fixtures/codeset/icd10cm-tabular-2027.xml"),
    ];

    /// The built-in I10 card's text, whether E66.3 is active, and I10's revision mark.
    fn state(store: &Store) -> (String, bool, Option<(u16, Option<i64>)>) {
        let one = |sql: &str| -> rusqlite::Result<(String, bool)> {
            store
                .conn
                .query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?)))
        };
        let common =
            "deck_id = (SELECT id FROM deck WHERE name = 'icd10cm-common') AND note_id IS NULL";
        let (i10, _) = one(&format!(
            "SELECT description, active FROM card WHERE code = 'I10' AND {common}"
        ))
        .unwrap();
        let (_, e663) = one(&format!(
            "SELECT code, active FROM card WHERE code = 'E66.3' AND {common}"
        ))
        .unwrap();
        let mark = store
            .conn
            .query_row(
                &format!(
                    "SELECT year, shown_at FROM card_revision WHERE card_id = \
                          (SELECT id FROM card WHERE code = 'I10' AND {common})"
                ),
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .unwrap();
        (i10, e663, mark)
    }

    #[test]
    fn a_newer_codedrill_rereading_a_builtin_deck_keeps_the_move_to_a_newer_year() {
        let mut store = Store::in_memory().unwrap();
        let now = Utc::now();
        store.sync_builtin(BUILTIN, now).unwrap();
        let sets = TABULARS.map(|t| (parse_tabular(t).unwrap(), String::new()));
        store.install_codesets(&sets, &[], now).unwrap();
        let cards: Vec<CardRef> = store
            .icd_cards()
            .unwrap()
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        let (from, to) = (
            store.billable_codes(2026).unwrap(),
            store.billable_codes(2027).unwrap(),
        );
        store
            .move_to_year(2027, &plan(&cards, &from, &to, 2027), &[], now)
            .unwrap();
        let moved = state(&store);
        assert_eq!(
            moved,
            (
                "Essential (primary) hypertension, a fixture revision".into(),
                false,
                Some((2027, None))
            )
        );
        // A newer codedrill whose built-in deck (still FY2026) changed: it is re-read, then moved again.
        let common = BUILTIN.iter().find(|d| d.name == "icd10cm-common").unwrap();
        let edited: &'static str = Box::leak(
            format!("{}E66.3,Overweight again,ICD-10-CM,,,,,,,x\n", common.csv).into_boxed_str(),
        );
        let newer = BuiltinDeck {
            csv: edited,
            ..*common
        };
        store.sync_builtin(&[newer], now).unwrap();
        assert_eq!(
            state(&store),
            moved,
            "nothing deleted comes back, nothing is marked twice"
        );
        let again: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM card WHERE key = 'x' AND active",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            again, 0,
            "a new built-in card with a deleted code is retired too"
        );
    }
}
