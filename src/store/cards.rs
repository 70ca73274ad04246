//! One card at a time: reading a card with its schedule, finding a card by a typed code or by its deck
//! and key, a card's other side, burying, suspending, leeches, and the cards for practice.

use anyhow::Result;
use rusqlite::types::ToSql;
use rusqlite::{OptionalExtension, named_params, params};

use codedrill_core::deck::{CardContent, Direction, Origin, Side, System, split_aliases};
use codedrill_core::schedule::{CardSchedule, Due, State};

use super::sql::{self, Sql};
use super::{Store, from_ms, id_list};
use crate::clock::Day;

/// A card as the drill needs it.
#[derive(Clone, Debug)]
pub struct Card {
    pub id: i64,
    /// The card this one is the other side of; its own id for a card's usual side.
    pub note_id: i64,
    pub deck_id: i64,
    pub deck: String,
    pub side: Side,
    pub content: CardContent,
    pub schedule: CardSchedule,
    pub leech: bool,
    /// Out of drills: set aside by a person (`cards suspend`), or as a leech.
    pub suspended: bool,
}

/// The ten columns [`schedule_columns`] reads, on a card `c`.
macro_rules! schedule_select {
    () => {
        "c.state, c.step, c.due, c.stability, c.difficulty, c.last_review, c.last_day, c.interval, \
         c.reps, c.lapses"
    };
}
pub(super) use schedule_select;

/// The columns [`card_row`] reads.
///
/// The deck's name is a subquery, not a join: joined, SQLite spent three times as long on each call
/// (15 against 4 microseconds a card), which `codedrill cards` pays for every card it lists. A query
/// that orders by the deck joins it after: `{CARD_SELECT} JOIN deck d ON d.id = c.deck_id`.
const CARD_SELECT: &str = concat!(
    "SELECT c.id, (SELECT name FROM deck WHERE id = c.deck_id), c.key, c.code, c.description, ",
    "c.system, c.category, c.tags, c.aliases, c.note, c.source, c.version, ",
    schedule_select!(),
    ", c.side, coalesce(c.note_id, c.id), c.deck_id, c.leech, c.suspended
     FROM card c"
);

/// A card's schedule from the ten columns of `schedule_select!` in a row, from `first` on.
pub(super) fn schedule_columns(r: &rusqlite::Row, first: usize) -> rusqlite::Result<CardSchedule> {
    let col = |i: usize| first + i;
    let state = sql::coded(r, col(0), "a card state", State::from_i64)?;
    let due: Option<i64> = r.get(col(2))?;
    let memory = match (
        r.get::<_, Option<f64>>(col(3))?,
        r.get::<_, Option<f64>>(col(4))?,
    ) {
        (Some(s), Some(d)) => Some(fsrs::MemoryState {
            stability: s as f32,
            difficulty: d as f32,
        }),
        _ => None,
    };
    Ok(CardSchedule {
        state,
        step: r.get(col(1))?,
        memory,
        due: match (state, due) {
            (State::New, _) | (_, None) => Due::New,
            (State::Review, Some(day)) => Due::Day(day),
            (_, Some(at)) => Due::At(from_ms(at)),
        },
        last_review: r.get::<_, Option<i64>>(col(5))?.map(from_ms),
        last_day: r.get(col(6))?,
        interval: r.get(col(7))?,
        reps: r.get(col(8))?,
        lapses: r.get(col(9))?,
    })
}

/// What a deck file says about a card, from ten columns in a row from `first` on: key, code,
/// description, system, category, tags, aliases, note, source, version.
pub(super) fn content_columns(r: &rusqlite::Row, first: usize) -> rusqlite::Result<CardContent> {
    let col = |i: usize| first + i;
    Ok(CardContent {
        key: r.get(col(0))?,
        code: r.get(col(1))?,
        description: r.get(col(2))?,
        system: sql::word(r, col(3))?,
        category: r.get(col(4))?,
        tags: r.get(col(5))?,
        aliases: split_aliases(&r.get::<_, String>(col(6))?),
        note: r.get(col(7))?,
        source: r.get(col(8))?,
        version: r.get(col(9))?,
    })
}

fn card_row(r: &rusqlite::Row) -> rusqlite::Result<Card> {
    Ok(Card {
        id: r.get(0)?,
        deck: r.get(1)?,
        content: content_columns(r, 2)?,
        schedule: schedule_columns(r, 12)?,
        side: sql::word(r, 22)?,
        note_id: r.get(23)?,
        deck_id: r.get(24)?,
        leech: r.get(25)?,
        suspended: r.get(26)?,
    })
}

/// The cards of the sides `direction` asks, as a condition on `card`, with the side it names (to bind as
/// `:side`).
pub(super) fn side_condition(direction: Direction) -> (&'static str, Option<Sql<Side>>) {
    match direction {
        Direction::Auto => ("note_id IS NULL", None),
        Direction::Code => ("side = :side", Some(Sql(Side::Code))),
        Direction::Meaning => ("side = :side", Some(Sql(Side::Meaning))),
        Direction::Both => ("1", None),
    }
}

impl Store {
    pub fn card(&self, id: i64) -> Result<Card> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{CARD_SELECT} WHERE c.id = ?1"))?;
        Ok(stmt.query_row([id], card_row)?)
    }

    /// A card known under `code` (any deck, the card's usual side), to say what a mistyped code is. A card's
    /// key is its code unless its deck gives an id, so the spellings a typed code may stand for (as typed,
    /// without its dot, with the ICD-10-CM dot after three characters, without a modifier's hyphen) are
    /// looked up in the (deck, key) index.
    pub fn card_by_code(&self, code: &str) -> Result<Option<Card>> {
        let bare: String = code
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_uppercase)
            .collect();
        let undotted: String = bare.trim_start_matches('-').replace('.', "");
        let mut spellings = vec![bare.clone(), undotted.clone()];
        if undotted.len() > 3 && undotted.is_char_boundary(3) {
            spellings.push(format!("{}.{}", &undotted[..3], &undotted[3..]));
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "{CARD_SELECT} JOIN deck d ON d.id = c.deck_id
             WHERE c.deck_id IN (SELECT id FROM deck) AND c.key IN (:a, :b, :c)
               AND c.note_id IS NULL AND c.active
             ORDER BY d.origin = :builtin DESC, d.sort_order, d.id LIMIT 1"
        ))?;
        spellings.resize(3, String::new());
        let found = stmt.query_row(
            named_params! {
                ":a": spellings[0],
                ":b": spellings[1],
                ":c": spellings[2],
                ":builtin": Sql(Origin::Builtin),
            },
            card_row,
        );
        Ok(found.optional()?)
    }

    /// Makes sure the cards of `decks` exist on the sides `direction` asks: a card's other side is created
    /// the first time it is wanted, sharing the card's text and linked to it as a sibling.
    pub fn ensure_sides(&mut self, decks: &[i64], direction: Direction) -> Result<usize> {
        let wanted = match direction {
            Direction::Auto => return Ok(0),
            Direction::Code => "c.side = :meaning",
            Direction::Meaning => "c.side = :code",
            Direction::Both => "1",
        };
        let systems = sql::quoted(System::ALL.iter().copied().filter(|s| s.reversible()));
        let created = self.conn.execute(
            &format!(
                "INSERT INTO card (deck_id, key, side, note_id, position, code, description, system,
                        category, tags, aliases, note, source, version, active)
                 SELECT c.deck_id, c.key, CASE c.side WHEN :code THEN :meaning ELSE :code END, c.id,
                        c.position, c.code, c.description, c.system, c.category, c.tags, c.aliases,
                        c.note, c.source, c.version, c.active
                 FROM card c
                 WHERE c.deck_id IN ({}) AND c.note_id IS NULL AND c.system IN ({systems})
                   AND {wanted}
                   AND NOT EXISTS (SELECT 1 FROM card o WHERE o.note_id = c.id)",
                id_list(decks)
            ),
            named_params! {":code": Sql(Side::Code), ":meaning": Sql(Side::Meaning)},
        )?;
        Ok(created)
    }

    /// Keeps a card out of sessions until study day `until` (skip: "not now").
    pub fn bury(&mut self, card_id: i64, until: Day) -> Result<()> {
        self.conn.execute(
            "UPDATE card SET buried_until = ?2 WHERE id = ?1",
            params![card_id, until],
        )?;
        Ok(())
    }

    /// The leeches, most forgotten first, with their last wrong answers (practice included: a leech is
    /// often practised).
    pub fn leeches(&self) -> Result<Vec<(Card, Vec<String>)>> {
        let mut stmt = self.conn.prepare(&format!(
            "{CARD_SELECT} JOIN deck d ON d.id = c.deck_id
             WHERE c.leech AND c.active ORDER BY c.lapses DESC, d.name, c.position"
        ))?;
        let cards: Vec<Card> = stmt
            .query_map([], card_row)?
            .collect::<rusqlite::Result<_>>()?;
        let mut answers = self.conn.prepare(
            "SELECT answer FROM kept_review WHERE card_id = ?1 AND correct = 0 AND answer != ''
             ORDER BY reviewed_at DESC LIMIT 3",
        )?;
        let mut out = Vec::with_capacity(cards.len());
        for card in cards {
            let wrong = answers
                .query_map([card.id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            out.push((card, wrong));
        }
        Ok(out)
    }

    /// A deck's card (its usual side, still in the deck) by its key as `codedrill cards` shows it; failing
    /// that, the one card whose key is the same code written another way (`e1165` for `E11.65`).
    pub fn card_in_deck(&self, deck_id: i64, key: &str) -> Result<Option<Card>> {
        let mut exact = self.conn.prepare_cached(&format!(
            "{CARD_SELECT} WHERE c.deck_id = ?1 AND c.key = ?2 AND c.note_id IS NULL AND c.active"
        ))?;
        if let Some(card) = exact
            .query_row(params![deck_id, key], card_row)
            .optional()?
        {
            return Ok(Some(card));
        }
        let mut alike = self.conn.prepare_cached(&format!(
            "{CARD_SELECT} WHERE c.deck_id = ?1 AND c.note_id IS NULL AND c.active
               AND ltrim(upper(replace(replace(c.key, '.', ''), ' ', '')), '-') = ?2
             LIMIT 2"
        ))?;
        let form = codedrill_core::find::code_form(key);
        let found: Vec<Card> = alike
            .query_map(params![deck_id, form], card_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(match <[Card; 1]>::try_from(found) {
            Ok([card]) => Some(card),
            Err(_) => None,
        })
    }

    /// Suspends a card (both its sides) or brings it back; bringing back a leech also clears its mark.
    pub fn set_suspended(&mut self, deck_id: i64, key: &str, suspended: bool) -> Result<()> {
        self.conn.execute(
            "UPDATE card SET suspended = ?3, leech = leech AND ?3 WHERE deck_id = ?1 AND key = ?2",
            params![deck_id, key, suspended],
        )?;
        Ok(())
    }

    /// Unsuspends leeches: one deck's card (`deck:key`), or all. Returns how many.
    pub fn unsuspend_leeches(&mut self, which: Option<(i64, &str)>) -> Result<usize> {
        Ok(match which {
            Some((deck, key)) => self.conn.execute(
                "UPDATE card SET suspended = 0, leech = 0 WHERE leech AND deck_id = ?1 AND key = ?2",
                params![deck, key],
            )?,
            None => self.conn.execute("UPDATE card SET suspended = 0, leech = 0 WHERE leech", [])?,
        })
    }

    /// Cards for practice outside the schedule: every active card of the decks on the sides asked, with
    /// `tag` if given, the most forgotten and the least recently seen first. A card a person suspended is
    /// left out (they set it aside); a leech is not (practice is what a leech needs).
    pub fn cram_cards(
        &self,
        decks: &[i64],
        direction: Direction,
        tag: Option<&str>,
        limit: usize,
    ) -> Result<Vec<i64>> {
        let (sides, side) = side_condition(direction);
        let mut stmt = self.conn.prepare(&format!(
            "SELECT id FROM card
             WHERE active AND deck_id IN ({}) AND {sides} AND (NOT suspended OR leech)
               AND (:tag IS NULL OR ' ' || lower(tags) || ' ' LIKE '% ' || lower(:tag) || ' %')
             ORDER BY lapses DESC, coalesce(last_review, 0), position, id LIMIT :limit",
            id_list(decks)
        ))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut params: Vec<(&str, &dyn ToSql)> = vec![(":tag", &tag), (":limit", &limit)];
        if let Some(side) = &side {
            params.push((":side", side));
        }
        let rows = stmt.query_map(params.as_slice(), |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SyncMode;
    use crate::store::testing::{content, deck};

    #[test]
    fn a_card_is_found_by_its_key_or_the_same_code_written_another_way() {
        let mut store = Store::in_memory().unwrap();
        let cards = [
            content("E11.65", "one"),
            content("E11.9", "two"),
            content("-25", "mod"),
        ];
        let (deck_id, _) = deck(&mut store, &cards, SyncMode::Replace);
        let key = |typed: &str| {
            store
                .card_in_deck(deck_id, typed)
                .unwrap()
                .map(|c| c.content.key)
        };
        assert_eq!(key("E11.65").as_deref(), Some("E11.65"));
        assert_eq!(key("e1165").as_deref(), Some("E11.65"));
        assert_eq!(key("25").as_deref(), Some("-25"));
        assert_eq!(key("E11"), None, "a whole key, not the start of one");
        assert_eq!(key("E11.6"), None);
    }

    #[test]
    fn a_suspended_card_leaves_drills_and_practice_on_both_sides_and_comes_back() {
        let mut store = Store::in_memory().unwrap();
        let (deck_id, _) = deck(
            &mut store,
            &[content("A1", "one"), content("B2", "two")],
            SyncMode::Replace,
        );
        store.ensure_sides(&[deck_id], Direction::Both).unwrap();
        let counts = |store: &Store| {
            let c = &store.state_counts().unwrap()[0];
            (c.new, c.suspended, c.leeches)
        };
        let cram = |store: &Store| {
            store
                .cram_cards(&[deck_id], Direction::Both, None, 10)
                .unwrap()
                .len()
        };
        assert_eq!((counts(&store), cram(&store)), ((4, 0, 0), 4));
        store.set_suspended(deck_id, "A1", true).unwrap();
        assert_eq!(counts(&store), (2, 2, 0), "both sides of A1");
        assert_eq!(cram(&store), 2, "a card set aside is not practised");
        assert!(
            store
                .card_in_deck(deck_id, "A1")
                .unwrap()
                .unwrap()
                .suspended
        );
        let new = store.new_cards(deck_id, Direction::Both, 0, 10).unwrap();
        assert_eq!(new.len(), 2, "nor drilled");
        // A leech is suspended too, but practised.
        store
            .conn
            .execute(
                "UPDATE card SET suspended = 1, leech = 1 WHERE key = 'B2'",
                [],
            )
            .unwrap();
        assert_eq!((counts(&store), cram(&store)), ((0, 4, 2), 2));
        store.set_suspended(deck_id, "B2", false).unwrap();
        store.set_suspended(deck_id, "A1", false).unwrap();
        assert_eq!(counts(&store), (4, 0, 0), "back, and no longer a leech");
    }
}
