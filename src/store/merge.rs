//! Merging a list of cards into a deck, card by card: a card keeps its schedule and history through every
//! edit of its deck; a duplicate key is skipped, updated or added as the import asks; a built-in card that
//! leaves its deck becomes inactive rather than being deleted. The file wins over a person's edit
//! (`cards edit`): a card the list holds takes the list's text, and its edit ends.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use anyhow::Result;
use rusqlite::{CachedStatement, OptionalExtension, Transaction, params, params_from_iter};

use codedrill_core::deck::{CardContent, System};
use codedrill_core::import::OnDuplicate;

use super::FastHash;
use super::edits::file_text_back;
use super::sql::{Sql, Word};
use super::sync::{SyncCounts, SyncMode};

/// Makes the deck's cards match `cards` as `mode` says, keeping every schedule and history.
/// `progress` is told how many cards are done, every few thousand.
pub(super) fn sync_cards(
    tx: &Transaction,
    deck_id: i64,
    cards: &[CardContent],
    mode: SyncMode,
    progress: &mut dyn FnMut(usize),
) -> Result<SyncCounts> {
    let mut sync = Sync::new(tx, deck_id, mode, cards.len())?;
    for (index, card) in cards.iter().enumerate() {
        if index % 5_000 == 4_999 {
            progress(index + 1);
            crate::failpoint::hit("import-rows")?;
        }
        sync.card(card, sync.base + index as i64)?;
    }
    if mode == SyncMode::Replace {
        sync.retire_unseen()?;
    }
    Ok(sync.counts)
}

/// A card already in the deck: its id, a hash of its text (to tell an edit from an unchanged card without
/// keeping the text in memory) and whether it is active.
#[derive(Clone, Copy)]
struct Existing {
    id: i64,
    signature: u64,
    active: bool,
}

/// One deck's sync under way: its statements, the cards it found and added, and what it counted.
pub(super) struct Sync<'t> {
    tx: &'t Transaction<'t>,
    deck_id: i64,
    mode: SyncMode,
    /// The position of the list's first card.
    pub(super) base: i64,
    existing: HashMap<String, Existing, FastHash>,
    /// Cards added by this sync, by their key's hash: a later duplicate in the same list finds them here.
    /// A hash, since an import that writes as it reads drops each card once it is written and a copy of
    /// every key would cost as much again; a hash found is checked against the key stored (`added_id`).
    added: HashMap<u64, i64, FastHash>,
    /// The highest card id when this sync began: every card it adds has a higher one.
    last_id_before: i64,
    /// Keys the list holds (for a replace: every other card is retired).
    seen: HashSet<String>,
    /// The deck's cards that hold a person's edit.
    edited: HashSet<i64>,
    insert_card: CachedStatement<'t>,
    /// The same insert for a card with only a code and a description (the whole code sets), one statement
    /// for each system (and whether the key is the code): the columns it leaves out take their default ''
    /// instead of six empty texts bound, the system and side are written in the statement, and a key that
    /// is the code is bound once. SQLite copies each text bound; of a whole code set's five, three are
    /// left (`bare_insert`).
    insert_bare: HashMap<(System, bool), CachedStatement<'t>>,
    update_card: CachedStatement<'t>,
    pub(super) counts: SyncCounts,
}

impl<'t> Sync<'t> {
    pub(super) fn new(
        tx: &'t Transaction<'t>,
        deck_id: i64,
        mode: SyncMode,
        len: usize,
    ) -> Result<Self> {
        let base: i64 = match mode {
            SyncMode::Replace => 0,
            SyncMode::Merge(_) => tx.query_row(
                "SELECT coalesce(max(position) + 1, 0) FROM card WHERE deck_id = ?1",
                [deck_id],
                |r| r.get(0),
            )?,
        };
        Ok(Sync {
            tx,
            deck_id,
            mode,
            base,
            existing: existing_cards(tx, deck_id)?,
            edited: edited_cards(tx, deck_id)?,
            // Sized once: grown as it fills, it was rehashed 17 times over a 75,000-card list.
            added: HashMap::with_capacity_and_hasher(len, FastHash::default()),
            last_id_before: tx.query_row("SELECT coalesce(max(id), 0) FROM card", [], |r| r.get(0))?,
            seen: HashSet::with_capacity(if mode == SyncMode::Replace { len } else { 0 }),
            insert_card: tx.prepare_cached(
                "INSERT INTO card (deck_id, key, position, code, description, system, side, category,
                                   tags, aliases, note, source, version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?,
            insert_bare: HashMap::new(),
            update_card: tx.prepare_cached(
                "UPDATE card SET code = ?2, description = ?3, system = ?4, category = ?5, tags = ?6,
                        aliases = ?7, note = ?8, source = ?9, version = ?10, active = 1,
                        position = coalesce(?11, position)
                 WHERE id = ?1 OR note_id = ?1",
            )?,
            counts: SyncCounts::default(),
        })
    }

    /// One card of the list, at `position`.
    pub(super) fn card(&mut self, card: &CardContent, position: i64) -> Result<()> {
        let found = match self.added_id(&card.key)? {
            // Added earlier in this same list: compare with nothing, so an Update counts as updated.
            Some(id) => Some(Existing {
                id,
                signature: 0,
                active: true,
            }),
            None => self.existing.get(&card.key).copied(),
        };
        let Some(found) = found else {
            return self.insert(card, None, position);
        };
        match self.mode {
            SyncMode::Merge(OnDuplicate::Skip) => {
                self.counts.skipped += 1;
                Ok(())
            }
            SyncMode::Merge(OnDuplicate::Add) => {
                let key = self.free_key(&card.key)?;
                self.insert(card, Some(key), position)
            }
            SyncMode::Replace | SyncMode::Merge(OnDuplicate::Update) => {
                self.update(card, found, position)
            }
        }
    }

    /// The first of `key (2)`, `key (3)`... that no card has.
    fn free_key(&self, key: &str) -> Result<String> {
        for n in 2.. {
            let candidate = format!("{key} ({n})");
            if !self.existing.contains_key(&candidate) && self.added_id(&candidate)?.is_none() {
                return Ok(candidate);
            }
        }
        unreachable!("an endless range ends only by returning")
    }

    /// The card this sync added under `key`, if any. A hash found is a card added with that key, unless
    /// two keys share the hash (never seen in practice), which the stored key tells apart.
    fn added_id(&self, key: &str) -> Result<Option<i64>> {
        let Some(&id) = self.added.get(&key_hash(key)) else {
            return Ok(None);
        };
        let mut same = self
            .tx
            .prepare_cached("SELECT key = ?2 FROM card WHERE id = ?1")?;
        if same.query_row(params![id, key], |r| r.get::<_, bool>(0))? {
            return Ok(Some(id));
        }
        // Another key with the same hash: a card of the deck with this key made after this sync began
        // (row ids only grow) is one it added.
        let id: Option<i64> = self
            .tx
            .prepare_cached(
                "SELECT id FROM card WHERE deck_id = ?1 AND key = ?2 AND note_id IS NULL",
            )?
            .query_row(params![self.deck_id, key], |r| r.get(0))
            .optional()?;
        Ok(id.filter(|&id| id > self.last_id_before))
    }

    /// Adds `card` under its own key, or under `other_key` (a duplicate added as `key (2)`).
    fn insert(
        &mut self,
        card: &CardContent,
        other_key: Option<String>,
        position: i64,
    ) -> Result<()> {
        let key = other_key.as_deref().unwrap_or(&card.key);
        let system = (Sql(card.system), Sql(card.system.asks()));
        let first = params![
            self.deck_id,
            key,
            position,
            card.code,
            card.description,
            system.0,
            system.1
        ];
        if card.has_only_code_and_description() {
            let same = key == card.code;
            let tx = self.tx;
            let statement = match self.insert_bare.entry((card.system, same)) {
                Entry::Occupied(found) => found.into_mut(),
                Entry::Vacant(place) => {
                    place.insert(tx.prepare_cached(&bare_insert(card.system, same))?)
                }
            };
            match same {
                true => {
                    statement.execute(params![self.deck_id, key, position, card.description])?
                }
                false => statement.execute(params![
                    self.deck_id,
                    key,
                    position,
                    card.code,
                    card.description
                ])?,
            };
        } else {
            let aliases = card.aliases_joined();
            let rest = params![
                card.category,
                card.tags,
                aliases,
                card.note,
                card.source,
                card.version
            ];
            self.insert_card
                .execute(params_from_iter(first.iter().chain(rest)))?;
        }
        let id = self.tx.last_insert_rowid();
        if self.mode == SyncMode::Replace {
            self.seen.insert(key.to_owned());
        }
        match other_key {
            None => {
                self.added.entry(key_hash(&card.key)).or_insert(id);
            }
            Some(key) => {
                let existing = Existing {
                    id,
                    signature: 0,
                    active: true,
                };
                self.existing.insert(key, existing);
            }
        }
        self.counts.added += 1;
        Ok(())
    }

    /// A card already there takes the list's text; a replace also gives it the list's position.
    fn update(&mut self, card: &CardContent, found: Existing, position: i64) -> Result<()> {
        let replace = self.mode == SyncMode::Replace;
        if replace {
            self.seen.insert(card.key.clone());
        }
        let aliases = card.aliases_joined();
        let signature = signature(&card.text_fields(&aliases));
        let unchanged = found.signature == signature && found.active;
        if self.edited.remove(&found.id) && file_text_back(self.tx, found.id)? && !unchanged {
            self.counts.edits_ended += 1;
        }
        if unchanged {
            self.counts.unchanged += 1;
            if replace {
                self.tx
                    .prepare_cached(
                        "UPDATE card SET position = ?2
                         WHERE (id = ?1 OR note_id = ?1) AND position != ?2",
                    )?
                    .execute(params![found.id, position])?;
            }
            return Ok(());
        }
        self.update_card.execute(params![
            found.id,
            card.code,
            card.description,
            Sql(card.system),
            card.category,
            card.tags,
            aliases,
            card.note,
            card.source,
            card.version,
            replace.then_some(position),
        ])?;
        let updated = Existing {
            signature,
            active: true,
            ..found
        };
        self.existing.insert(card.key.clone(), updated);
        self.counts.updated += 1;
        Ok(())
    }

    /// A replace retires every active card the list no longer holds.
    fn retire_unseen(&mut self) -> Result<()> {
        let mut retire = self
            .tx
            .prepare_cached("UPDATE card SET active = 0 WHERE id = ?1 OR note_id = ?1")?;
        for (key, existing) in &self.existing {
            if existing.active && !self.seen.contains(key.as_str()) {
                retire.execute([existing.id])?;
                self.counts.retired += 1;
            }
        }
        Ok(())
    }
}

/// The deck's cards that hold a person's edit.
fn edited_cards(tx: &Transaction, deck_id: i64) -> Result<HashSet<i64>> {
    let mut stmt = tx.prepare(
        "SELECT e.card_id FROM card_edit e JOIN card c ON c.id = e.card_id WHERE c.deck_id = ?1",
    )?;
    let ids = stmt.query_map([deck_id], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// The deck's cards (their usual sides) by key.
fn existing_cards(tx: &Transaction, deck_id: i64) -> Result<HashMap<String, Existing, FastHash>> {
    let mut existing = HashMap::default();
    let mut stmt = tx.prepare(
        "SELECT key, id, active, code, description, system, category, tags, aliases, note, source, version
         FROM card WHERE deck_id = ?1 AND note_id IS NULL",
    )?;
    let mut rows = stmt.query([deck_id])?;
    while let Some(r) = rows.next()? {
        let mut fields = [""; 9];
        for (i, field) in fields.iter_mut().enumerate() {
            *field = r.get_ref(3 + i)?.as_str().unwrap_or("");
        }
        let card = Existing {
            id: r.get(1)?,
            signature: signature(&fields),
            active: r.get(2)?,
        };
        existing.insert(r.get(0)?, card);
    }
    Ok(existing)
}

/// The insert of a card with only a code and a description, of `system`, whose key is (`same`) or is not its
/// code: its system and side written in, as the vocabulary's own words.
fn bare_insert(system: System, same: bool) -> String {
    let (code, description) = if same { ("?2", "?4") } else { ("?4", "?5") };
    format!(
        "INSERT INTO card (deck_id, key, position, code, description, system, side)
         VALUES (?1, ?2, ?3, {code}, {description}, '{}', '{}')",
        system.word(),
        system.asks().word()
    )
}

fn key_hash(key: &str) -> u64 {
    use std::hash::BuildHasher;
    FastHash::default().hash_one(key)
}

/// A hash of everything a deck file says about a card (code, description, system, category, tags,
/// aliases, note, source, version), to tell an unchanged card from an edited one.
fn signature(fields: &[&str; 9]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    fields.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::store::Store;
    use crate::store::testing::{content, deck, learned, review};
    use codedrill_core::deck::Direction;
    use codedrill_core::schedule::{CardSchedule, Due};

    #[test]
    fn resyncing_a_deck_keeps_schedules_and_retires_missing_cards() {
        let mut store = Store::in_memory().unwrap();
        let (deck_id, counts) = deck(
            &mut store,
            &[content("A1", "one"), content("B2", "two")],
            SyncMode::Replace,
        );
        assert_eq!((counts.added, counts.updated), (2, 0));
        let a = store.new_cards(deck_id, Direction::Auto, 0, 10).unwrap()[0].id;
        let now = Utc::now();
        let (new, after) = (CardSchedule::new_card(), learned(now));
        store
            .record_review(&review(a, now, &new, &after), None)
            .unwrap();
        let (_, counts) = deck(
            &mut store,
            &[content("A1", "one, reworded"), content("C3", "three")],
            SyncMode::Replace,
        );
        assert_eq!(
            counts,
            SyncCounts {
                added: 1,
                updated: 1,
                retired: 1,
                ..SyncCounts::default()
            }
        );
        let card = store.card(a).unwrap();
        assert_eq!(card.content.description, "one, reworded");
        assert_eq!(card.schedule.due, Due::Day(5), "progress survives the edit");
        assert_eq!(store.total_reviews().unwrap(), 1);
    }

    #[test]
    fn a_card_with_only_a_code_is_stored_as_one_with_every_field() {
        let mut store = Store::in_memory().unwrap();
        let bare = content("A1", "one");
        let mut full = content("B2", "two");
        full.category = "Infections".into();
        full.aliases = vec!["first".into(), "second".into()];
        full.note = "a note".into();
        full.version = "2026".into();
        assert!(bare.has_only_code_and_description() && !full.has_only_code_and_description());
        let (deck_id, _) = deck(&mut store, &[bare.clone(), full.clone()], SyncMode::Replace);
        let cards = store.new_cards(deck_id, Direction::Auto, 0, 10).unwrap();
        let stored: Vec<CardContent> = cards
            .iter()
            .map(|c| store.card(c.id).unwrap().content)
            .collect();
        assert_eq!(stored, [bare, full]);
    }

    #[test]
    fn a_bare_card_of_every_system_is_stored_with_its_system_and_side() {
        let mut store = Store::in_memory().unwrap();
        let mut cards = Vec::new();
        for (i, &system) in System::ALL.iter().enumerate() {
            cards.push(CardContent::new(&format!("A{i}"), "same key", system));
            let mut other = CardContent::new(&format!("B{i}"), "other key", system);
            other.key = format!("id-{i}");
            cards.push(other);
        }
        assert!(cards.iter().all(CardContent::has_only_code_and_description));
        let (deck_id, _) = deck(&mut store, &cards, SyncMode::Replace);
        let stored: Vec<CardContent> = store
            .connection()
            .prepare("SELECT id FROM card WHERE deck_id = ?1 ORDER BY position")
            .unwrap()
            .query_map([deck_id], |r| r.get(0))
            .unwrap()
            .map(|id| store.card(id.unwrap()).unwrap().content)
            .collect();
        assert_eq!(stored, cards);
        let sides: Vec<(String, String)> = store
            .connection()
            .prepare("SELECT system, side FROM card WHERE deck_id = ?1 ORDER BY position")
            .unwrap()
            .query_map([deck_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let expected: Vec<(String, String)> = cards
            .iter()
            .map(|c| (c.system.word().into(), c.system.asks().word().into()))
            .collect();
        assert_eq!(sides, expected);
    }

    #[test]
    fn keys_with_one_hash_are_told_apart_by_the_key_stored() {
        let mut store = Store::in_memory().unwrap();
        let (deck_id, _) = deck(&mut store, &[content("A1", "one")], SyncMode::Replace);
        let tx = store.conn.transaction().unwrap();
        let mode = SyncMode::Merge(OnDuplicate::Add);
        let mut sync = Sync::new(&tx, deck_id, mode, 0).unwrap();
        sync.card(&content("B2", "two"), 1).unwrap();
        let b2 = sync.added_id("B2").unwrap().unwrap();
        // As if C3 and D4 hashed like B2: the map points at B2, whose key differs.
        sync.added.insert(key_hash("C3"), b2);
        sync.added.insert(key_hash("D4"), b2);
        assert_eq!(sync.added_id("C3").unwrap(), None);
        sync.card(&content("C3", "three"), 2).unwrap();
        let c3 = sync.added_id("C3").unwrap();
        assert!(c3.is_some_and(|id| id != b2), "found by its key");
        assert_eq!(sync.added_id("A1").unwrap(), None, "there before the sync");
        sync.card(&content("C3", "three again"), 3).unwrap();
        assert_eq!(sync.counts.added, 3, "C3 (2) added beside C3");
    }

    #[test]
    fn merging_follows_the_duplicate_policy() {
        let mut store = Store::in_memory().unwrap();
        let first = [content("A1", "one"), content("B2", "two")];
        deck(&mut store, &first, SyncMode::Merge(OnDuplicate::Update));
        let again = [
            content("A1", "one"),
            content("B2", "TWO"),
            content("C3", "three"),
        ];
        let (_, skip) = deck(&mut store, &again, SyncMode::Merge(OnDuplicate::Skip));
        assert_eq!((skip.added, skip.skipped), (1, 2));
        let (_, update) = deck(&mut store, &again, SyncMode::Merge(OnDuplicate::Update));
        assert_eq!((update.added, update.updated, update.unchanged), (0, 1, 2));
        let (id, add) = deck(&mut store, &again, SyncMode::Merge(OnDuplicate::Add));
        assert_eq!(add.added, 3);
        let keys: Vec<String> = store
            .conn
            .prepare("SELECT key FROM card WHERE deck_id = ?1 ORDER BY position")
            .unwrap()
            .query_map([id], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(keys, ["A1", "B2", "C3", "A1 (2)", "B2 (2)", "C3 (2)"]);
    }
}
