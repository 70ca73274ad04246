//! Progress in SQLite: decks, cards with their schedules, sessions, and the append-only review log.
//!
//! Invariants:
//! - The review log only grows. An answer taken back (undo, or a changed grade) is not deleted: a row in
//!   `review_void` marks it, and everything that counts reviews leaves voided ones out.
//! - Each answer is one transaction: the review row, the card's new schedule and the session's tally
//!   commit together, with an fsync (WAL, synchronous=FULL), before the drill shows the next card.
//! - A card's key (deck + id or code) is stable: editing a deck file keeps progress; a card that leaves
//!   the file is kept, inactive, with its history.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use codedrill_core::answer::Mode;
use codedrill_core::deck::{CardContent, Direction, Origin, Role, Side, System, split_aliases};
use codedrill_core::import::OnDuplicate;
use codedrill_core::mistake::MistakeClass;
use codedrill_core::queue::Queued;
use codedrill_core::report::{SessionKind, SessionRow};
use codedrill_core::schedule::{CardSchedule, Due, Rating, ReviewKind, State, VoidReason};
use codedrill_core::stats::Fact;

use crate::builtin::BuiltinDeck;
use crate::clock::Day;

pub mod backup;
mod sql;

use sql::Sql;

/// The schema this build writes. A database with a higher version came from a newer codedrill.
pub const SCHEMA_VERSION: i64 = 4;
/// Marks the file as codedrill's ("CDRL"), so another program's SQLite file is not mistaken for ours.
pub const APPLICATION_ID: i64 = 0x4344_524C;
pub const DB_FILE: &str = "codedrill.db";

const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    "CREATE TABLE deck (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('builtin', 'import')),
        role TEXT NOT NULL,
        sort_order INTEGER NOT NULL DEFAULT 0,
        fingerprint TEXT NOT NULL DEFAULT '',
        source_path TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );
    CREATE TABLE card (
        id INTEGER PRIMARY KEY,
        deck_id INTEGER NOT NULL REFERENCES deck(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        position INTEGER NOT NULL,
        code TEXT NOT NULL,
        description TEXT NOT NULL,
        system TEXT NOT NULL,
        category TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '',
        aliases TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        version TEXT NOT NULL DEFAULT '',
        active INTEGER NOT NULL DEFAULT 1,
        state INTEGER NOT NULL DEFAULT 0,
        step INTEGER NOT NULL DEFAULT 0,
        due INTEGER,
        stability REAL,
        difficulty REAL,
        last_review INTEGER,
        last_day INTEGER,
        interval INTEGER NOT NULL DEFAULT 0,
        reps INTEGER NOT NULL DEFAULT 0,
        lapses INTEGER NOT NULL DEFAULT 0,
        suspended INTEGER NOT NULL DEFAULT 0,
        buried_until INTEGER NOT NULL DEFAULT 0,
        UNIQUE (deck_id, key)
    );
    CREATE INDEX card_queue ON card (deck_id, state, due) WHERE active AND NOT suspended;
    CREATE TABLE session (
        id INTEGER PRIMARY KEY,
        command TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        ended_at INTEGER NOT NULL,
        answered INTEGER NOT NULL DEFAULT 0,
        finished INTEGER NOT NULL DEFAULT 0,
        enjoyment INTEGER
    );
    CREATE TABLE review (
        id INTEGER PRIMARY KEY,
        card_id INTEGER NOT NULL REFERENCES card(id) ON DELETE CASCADE,
        session_id INTEGER REFERENCES session(id) ON DELETE SET NULL,
        reviewed_at INTEGER NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        answer TEXT NOT NULL,
        correct INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL,
        kind INTEGER NOT NULL,
        side TEXT NOT NULL DEFAULT 'code',
        state_before INTEGER NOT NULL,
        state_after INTEGER NOT NULL,
        ivl_before INTEGER NOT NULL,
        ivl_after INTEGER NOT NULL,
        elapsed_days INTEGER NOT NULL,
        stability REAL,
        difficulty REAL,
        mistake TEXT
    );
    CREATE INDEX review_card ON review (card_id, reviewed_at);
    CREATE INDEX review_time ON review (reviewed_at);
    CREATE TABLE review_void (
        review_id INTEGER PRIMARY KEY REFERENCES review(id) ON DELETE CASCADE,
        voided_at INTEGER NOT NULL,
        reason TEXT NOT NULL
    );",
    // 2: a card per direction (side; note_id links the reverse of a card to it), leeches, and how each
    // answer was given. The card table is rebuilt, the way SQLite documents for changing a constraint.
    "CREATE TABLE card_new (
        id INTEGER PRIMARY KEY,
        deck_id INTEGER NOT NULL REFERENCES deck(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('code', 'meaning')),
        note_id INTEGER,
        position INTEGER NOT NULL,
        code TEXT NOT NULL,
        description TEXT NOT NULL,
        system TEXT NOT NULL,
        category TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '',
        aliases TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        version TEXT NOT NULL DEFAULT '',
        active INTEGER NOT NULL DEFAULT 1,
        state INTEGER NOT NULL DEFAULT 0,
        step INTEGER NOT NULL DEFAULT 0,
        due INTEGER,
        stability REAL,
        difficulty REAL,
        last_review INTEGER,
        last_day INTEGER,
        interval INTEGER NOT NULL DEFAULT 0,
        reps INTEGER NOT NULL DEFAULT 0,
        lapses INTEGER NOT NULL DEFAULT 0,
        suspended INTEGER NOT NULL DEFAULT 0,
        buried_until INTEGER NOT NULL DEFAULT 0,
        leech INTEGER NOT NULL DEFAULT 0,
        UNIQUE (deck_id, key, side)
    );
    INSERT INTO card_new (id, deck_id, key, side, note_id, position, code, description, system,
            category, tags, aliases, note, source, version, active, state, step, due, stability,
            difficulty, last_review, last_day, interval, reps, lapses, suspended, buried_until)
        SELECT id, deck_id, key,
            CASE WHEN system IN ('term', 'abbreviation') THEN 'meaning' ELSE 'code' END,
            NULL, position, code, description, system, category, tags, aliases, note, source,
            version, active, state, step, due, stability, difficulty, last_review, last_day,
            interval, reps, lapses, suspended, buried_until
        FROM card;
    DROP TABLE card;
    ALTER TABLE card_new RENAME TO card;
    CREATE INDEX card_queue ON card (deck_id, state, due) WHERE active AND NOT suspended;
    CREATE INDEX card_note ON card (note_id) WHERE note_id IS NOT NULL;
    CREATE INDEX card_code ON card (upper(replace(code, '.', ''))) WHERE note_id IS NULL;
    ALTER TABLE review ADD COLUMN mode TEXT NOT NULL DEFAULT 'type';
    ALTER TABLE review ADD COLUMN hinted INTEGER NOT NULL DEFAULT 0;",
    // 3: small settings that outlive a session: fitted FSRS parameters, when the trial began.
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    // 4: a typed code is looked up by key (see `card_by_code`); this index cost a fifth of an import.
    "DROP INDEX IF EXISTS card_code;",
];

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

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
}

/// One answer, ready to be logged.
pub struct NewReview<'a> {
    pub card_id: i64,
    pub session_id: Option<i64>,
    pub at: DateTime<Utc>,
    pub rating: Rating,
    pub answer: &'a str,
    pub correct: bool,
    pub duration_ms: i64,
    pub kind: ReviewKind,
    pub side: Side,
    /// How the answer was given: `type`, `choice` or `flip`.
    pub mode: Mode,
    pub hinted: bool,
    pub before: &'a CardSchedule,
    pub after: &'a CardSchedule,
    pub mistake: Option<MistakeClass>,
}

/// A deck's card counts for `codedrill decks`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeckSummary {
    pub name: String,
    pub title: String,
    pub builtin: bool,
    pub role: Role,
    pub cards: i64,
    pub new: i64,
    pub learning: i64,
    pub due: i64,
}

/// Cards by state in one deck.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateCounts {
    pub deck_id: i64,
    pub deck: String,
    pub role: Role,
    pub new: i64,
    pub learning: i64,
    pub review: i64,
    pub suspended: i64,
    pub leeches: i64,
}

/// A deck by name, for `decks remove` and `export`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeckInfo {
    pub id: i64,
    pub name: String,
    pub builtin: bool,
    pub cards: i64,
    pub reviews: i64,
}

/// One deck of an import.
pub struct ImportDeck {
    pub name: String,
    pub role: Role,
    pub source_path: String,
    pub cards: Vec<CardContent>,
}

/// What a deck sync changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SyncCounts {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped: usize,
    pub retired: usize,
}

/// The columns [`card_row`] reads.
const CARD_SELECT: &str =
    "SELECT c.id, d.name, c.key, c.code, c.description, c.system, c.category, c.tags,
        c.aliases, c.note, c.source, c.version, c.state, c.step, c.due, c.stability,
        c.difficulty, c.last_review, c.last_day, c.interval, c.reps, c.lapses,
        c.side, coalesce(c.note_id, c.id), c.deck_id, c.leech
    FROM card c JOIN deck d ON d.id = c.deck_id";

/// A card's schedule from ten columns in a row, from `first` on: state, step, due, stability,
/// difficulty, last_review, last_day, interval, reps, lapses.
pub fn schedule_columns(r: &rusqlite::Row, first: usize) -> rusqlite::Result<CardSchedule> {
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

fn card_row(r: &rusqlite::Row) -> rusqlite::Result<Card> {
    Ok(Card {
        id: r.get(0)?,
        deck: r.get(1)?,
        content: CardContent {
            key: r.get(2)?,
            code: r.get(3)?,
            description: r.get(4)?,
            system: sql::word(r, 5)?,
            category: r.get(6)?,
            tags: r.get(7)?,
            aliases: split_aliases(&r.get::<_, String>(8)?),
            note: r.get(9)?,
            source: r.get(10)?,
            version: r.get(11)?,
        },
        schedule: schedule_columns(r, 12)?,
        side: sql::word(r, 22)?,
        note_id: r.get(23)?,
        deck_id: r.get(24)?,
        leech: r.get(25)?,
    })
}

/// A quick hasher for the maps of an import: keys come from our own files, not from an attacker who would
/// need SipHash's protection, and 75,000 keys are hashed twice.
type FastHash = std::hash::BuildHasherDefault<codedrill_core::stats::IdHasher>;

/// Deck ids listed for an `IN (...)`: integers from our own table, so safe in the SQL text.
fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

pub fn ms(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

pub use codedrill_core::day::from_ms;

impl Store {
    /// Opens (creating if needed) the database in `dir`, upgrading its schema.
    pub fn open(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir).with_context(|| {
            format!(
                "cannot create the data directory {}. Choose a folder you can write to with \
                 --data-dir or CODEDRILL_HOME",
                dir.display()
            )
        })?;
        let path = dir.join(DB_FILE);
        let conn = Connection::open(&path).with_context(|| {
            format!(
                "cannot open {}. Check that the folder is writable, or choose another with --data-dir",
                path.display()
            )
        })?;
        let mut store = Store { conn, path };
        store.prepare().map_err(|e| explain(e, &store.path))?;
        Ok(store)
    }

    /// An in-memory store, for tests and benchmarks.
    pub fn in_memory() -> Result<Store> {
        let mut store = Store {
            conn: Connection::open_in_memory()?,
            path: PathBuf::from(":memory:"),
        };
        store.prepare()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    fn prepare(&mut self) -> Result<()> {
        self.conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let app_id: i64 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let tables: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        if app_id != APPLICATION_ID && (app_id != 0 || tables > 0) {
            bail!(NotOurs);
        }
        if version > SCHEMA_VERSION {
            bail!(TooNew(version));
        }
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        // FULL: each answer's commit is fsynced, so a power cut cannot take back an answer already shown.
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        if version < SCHEMA_VERSION {
            self.migrate(version)?;
        }
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(())
    }

    /// Brings the schema from `version` to [`SCHEMA_VERSION`] in one transaction. Foreign keys are off
    /// while tables are rebuilt (SQLite's documented procedure) and checked before the commit.
    fn migrate(&mut self, version: i64) -> Result<()> {
        if version > 0 {
            // A database with progress in it is copied before its tables are rebuilt.
            self.backup(&format!("before-upgrade-to-v{SCHEMA_VERSION}"))?;
        }
        self.conn.pragma_update(None, "foreign_keys", "OFF")?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Exclusive)?;
        for migration in &MIGRATIONS[usize::try_from(version).unwrap_or(0)..] {
            tx.execute_batch(migration)?;
        }
        let broken: i64 =
            tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })?;
        if broken > 0 {
            bail!(
                "updating your progress to this version of codedrill found {broken} answers or cards that \
                 point at something missing, so nothing was changed and your progress is safe; keep \
                 using the version of codedrill you had until this is fixed"
            );
        }
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
        Ok(())
    }

    /// Copies the database into the backups folder (see `backup`), named for `reason`.
    pub fn backup(&self, reason: &str) -> Result<PathBuf> {
        backup::make(&self.conn, &self.path, reason)
    }

    /// Replaces the whole database with a backup (checked first by the caller).
    pub fn restore_from(&mut self, backup: &Path) -> Result<()> {
        backup::restore(&mut self.conn, backup)
    }

    // ----- decks -----

    /// Brings the built-in decks up to date: a deck whose text changed is re-read; progress is kept.
    pub fn sync_builtin(&mut self, decks: &[BuiltinDeck], now: DateTime<Utc>) -> Result<()> {
        let known: HashMap<String, String> = {
            let mut stmt = self
                .conn
                .prepare("SELECT name, fingerprint FROM deck WHERE origin = 'builtin'")?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        for (order, deck) in decks.iter().enumerate() {
            let fingerprint = codedrill_core::deck::fingerprint(deck.csv);
            if known.get(deck.name) == Some(&fingerprint) {
                continue;
            }
            let cards = codedrill_core::deck::parse_deck(deck.csv).map_err(|problems| {
                anyhow::anyhow!(
                    "the built-in deck {} is broken (line {}: {}); this is a bug in codedrill, \
                     please report it",
                    deck.name,
                    problems[0].line,
                    problems[0].message
                )
            })?;
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let deck_id = upsert_deck(
                &tx,
                &DeckHeader {
                    name: deck.name,
                    title: deck.title,
                    origin: Origin::Builtin,
                    role: deck.role,
                    sort_order: order as i64,
                    fingerprint: &fingerprint,
                    source_path: "",
                },
                now,
            )?;
            sync_cards(&tx, deck_id, &cards, SyncMode::Replace, &mut |_| {})?;
            tx.commit()?;
        }
        Ok(())
    }

    /// The decks with their counts, built-in ones first in their own order.
    pub fn deck_summaries(&self, today: Day, now: DateTime<Utc>) -> Result<Vec<DeckSummary>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.name, d.title, d.origin = 'builtin', d.role,
                    coalesce(sum(c.note_id IS NULL), 0),
                    coalesce(sum(c.state = 0 AND c.note_id IS NULL), 0),
                    coalesce(sum(c.state IN (1, 3)), 0),
                    coalesce(sum((c.state = 2 AND c.due <= ?1) OR (c.state IN (1, 3) AND c.due <= ?2)), 0)
             FROM deck d
             LEFT JOIN card c ON c.deck_id = d.id AND c.active AND NOT c.suspended
             GROUP BY d.id
             ORDER BY d.origin = 'builtin' DESC, d.sort_order, d.name",
        )?;
        let end_of_today = ms(crate::clock::day_start(today + 1));
        let rows = stmt.query_map(params![today, end_of_today.max(ms(now))], |r| {
            Ok(DeckSummary {
                name: r.get(0)?,
                title: r.get(1)?,
                builtin: r.get(2)?,
                role: sql::word(r, 3)?,
                cards: r.get(4)?,
                new: r.get(5)?,
                learning: r.get(6)?,
                due: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The ids of the named decks, in the order given; an unknown name is an error that lists the decks.
    pub fn deck_ids(&self, names: &[String]) -> Result<Vec<i64>> {
        let mut ids = Vec::new();
        for name in names {
            let id: Option<i64> = self
                .conn
                .query_row(
                    "SELECT id FROM deck WHERE name = ?1 COLLATE NOCASE",
                    [name],
                    |r| r.get(0),
                )
                .optional()?;
            match id {
                Some(id) => ids.push(id),
                None => bail!(self.unknown_deck(name)?),
            }
        }
        Ok(ids)
    }

    /// Every deck id, built-in first.
    pub fn all_deck_ids(&self) -> Result<Vec<i64>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM deck ORDER BY origin = 'builtin' DESC, sort_order, name")?;
        let ids = stmt.query_map([], |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }

    fn unknown_deck(&self, name: &str) -> Result<String> {
        let mut stmt = self.conn.prepare("SELECT name FROM deck ORDER BY name")?;
        let names: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let clean = codedrill_core::sanitize::clean_line(name);
        let near = names
            .iter()
            .filter(|n| {
                n.contains(name) || name.contains(n.as_str()) || edit_distance(n, name) <= 2
            })
            .cloned()
            .collect::<Vec<_>>();
        Ok(if near.is_empty() {
            format!(
                "there is no deck named '{clean}'. The decks are: {}. Run `codedrill decks` to see them",
                names.join(", ")
            )
        } else {
            format!(
                "there is no deck named '{clean}'. Did you mean {}?",
                near.join(" or ")
            )
        })
    }

    /// A deck by name (ignoring case), with how much progress it holds.
    pub fn deck_info(&self, name: &str) -> Result<Option<DeckInfo>> {
        Ok(self
            .conn
            .query_row(
                "SELECT d.id, d.name, d.origin = 'builtin',
                        (SELECT count(*) FROM card c WHERE c.deck_id = d.id AND c.active AND c.note_id IS NULL),
                        (SELECT count(*) FROM review r JOIN card c ON c.id = r.card_id WHERE c.deck_id = d.id)
                 FROM deck d WHERE d.name = ?1 COLLATE NOCASE",
                [name],
                |r| {
                    Ok(DeckInfo {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        builtin: r.get(2)?,
                        cards: r.get(3)?,
                        reviews: r.get(4)?,
                    })
                },
            )
            .optional()?)
    }

    /// Imports decks in one transaction: all of them or, on any error, none. With `dry_run` the
    /// transaction is rolled back, so the counts say exactly what an import would do.
    pub fn import_decks(
        &mut self,
        decks: &[ImportDeck],
        mode: SyncMode,
        dry_run: bool,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(usize),
    ) -> Result<Vec<SyncCounts>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut all = Vec::with_capacity(decks.len());
        let mut done = 0;
        for deck in decks {
            let deck_id = upsert_deck(
                &tx,
                &DeckHeader {
                    name: &deck.name,
                    title: &deck.name,
                    origin: Origin::Import,
                    role: deck.role,
                    sort_order: 0,
                    fingerprint: "",
                    source_path: &deck.source_path,
                },
                now,
            )?;
            let offset = done;
            all.push(sync_cards(&tx, deck_id, &deck.cards, mode, &mut |n| {
                progress(offset + n)
            })?);
            done += deck.cards.len();
        }
        if dry_run {
            tx.rollback()?;
        } else {
            tx.commit()?;
        }
        Ok(all)
    }

    /// Deletes a deck with its cards and their review history.
    pub fn remove_deck(&mut self, id: i64) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM deck WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(())
    }

    /// A deck's active cards in deck order, as the deck file would hold them.
    pub fn deck_cards(&self, deck_id: i64) -> Result<Vec<CardContent>> {
        Ok(self
            .deck_cards_placed(deck_id)?
            .into_iter()
            .map(|(_, card)| card)
            .collect())
    }

    /// [`Store::deck_cards`], each with its position in the deck.
    pub fn deck_cards_placed(&self, deck_id: i64) -> Result<Vec<(i64, CardContent)>> {
        let mut stmt = self.conn.prepare(
            "SELECT key, code, description, system, category, tags, aliases, note, source, version,
                    position
             FROM card WHERE deck_id = ?1 AND active AND note_id IS NULL ORDER BY position, id",
        )?;
        let rows = stmt.query_map([deck_id], |r| {
            let card = CardContent {
                key: r.get(0)?,
                code: r.get(1)?,
                description: r.get(2)?,
                system: sql::word(r, 3)?,
                category: r.get(4)?,
                tags: r.get(5)?,
                aliases: split_aliases(&r.get::<_, String>(6)?),
                note: r.get(7)?,
                source: r.get(8)?,
                version: r.get(9)?,
            };
            Ok((r.get(10)?, card))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Calls `each` with every standing review (voided and cram reviews left out) of the given decks, in
    /// time order, as the columns of `export::REVIEW_COLUMNS`.
    pub fn for_each_review(
        &self,
        decks: &[i64],
        each: &mut dyn FnMut(Vec<String>) -> Result<()>,
    ) -> Result<()> {
        let list = id_list(decks);
        let mut stmt = self.conn.prepare(&format!(
            "SELECT r.card_id, r.reviewed_at, r.rating, r.duration_ms, d.name, c.key, c.code, r.answer,
                    r.correct, r.kind, r.side, r.state_before, r.state_after, r.ivl_before, r.ivl_after,
                    r.elapsed_days, r.stability, r.difficulty, coalesce(r.mistake, '')
             FROM review r JOIN card c ON c.id = r.card_id JOIN deck d ON d.id = c.deck_id
             WHERE d.id IN ({list}) AND r.kind != 3
               AND NOT EXISTS (SELECT 1 FROM review_void v WHERE v.review_id = r.id)
             ORDER BY r.reviewed_at, r.id"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let state = |i: usize| -> rusqlite::Result<String> {
                Ok(State::from_i64(r.get(i)?)
                    .map_or("?", State::name)
                    .to_owned())
            };
            let real = |i: usize| -> rusqlite::Result<String> {
                Ok(r.get::<_, Option<f64>>(i)?
                    .map_or(String::new(), |v| format!("{v:.4}")))
            };
            each(vec![
                r.get::<_, i64>(0)?.to_string(),
                from_ms(r.get(1)?).to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                r.get::<_, i64>(2)?.to_string(),
                r.get::<_, i64>(3)?.to_string(),
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get::<_, i64>(8)?.to_string(),
                ReviewKind::from_i64(r.get(9)?)
                    .map_or("?", ReviewKind::name)
                    .to_owned(),
                r.get(10)?,
                state(11)?,
                state(12)?,
                r.get::<_, i64>(13)?.to_string(),
                r.get::<_, i64>(14)?.to_string(),
                r.get::<_, i64>(15)?.to_string(),
                real(16)?,
                real(17)?,
                r.get(18)?,
            ])?;
        }
        Ok(())
    }

    // ----- the queue -----

    /// Makes sure the cards of `decks` exist on the sides `direction` asks: a card's other side is created
    /// the first time it is wanted, sharing the card's text and linked to it as a sibling.
    pub fn ensure_sides(&mut self, decks: &[i64], direction: Direction) -> Result<usize> {
        let wanted = match direction {
            Direction::Auto => return Ok(0),
            Direction::Code => "c.side = 'meaning'",
            Direction::Meaning => "c.side = 'code'",
            Direction::Both => "1",
        };
        let list = id_list(decks);
        let systems = System::ALL
            .iter()
            .filter(|s| s.reversible())
            .map(|s| format!("'{}'", s.name()))
            .collect::<Vec<_>>()
            .join(",");
        let created = self.conn.execute(
            &format!(
                "INSERT INTO card (deck_id, key, side, note_id, position, code, description, system,
                        category, tags, aliases, note, source, version, active)
                 SELECT c.deck_id, c.key, CASE c.side WHEN 'code' THEN 'meaning' ELSE 'code' END, c.id,
                        c.position, c.code, c.description, c.system, c.category, c.tags, c.aliases,
                        c.note, c.source, c.version, c.active
                 FROM card c
                 WHERE c.deck_id IN ({list}) AND c.note_id IS NULL AND c.system IN ({systems})
                   AND {wanted}
                   AND NOT EXISTS (SELECT 1 FROM card o WHERE o.note_id = c.id)"
            ),
            [],
        )?;
        Ok(created)
    }

    /// Learning and relearning cards whose step ends by `until`, soonest first.
    pub fn learning_due(
        &self,
        decks: &[i64],
        direction: Direction,
        until: DateTime<Utc>,
        today: Day,
    ) -> Result<Vec<Queued>> {
        self.queued(
            decks,
            direction,
            "state IN (1, 3) AND due <= ?1 AND buried_until <= ?2 ORDER BY due, id",
            params![ms(until), today],
        )
    }

    /// Review cards due by `today`, most overdue first, at most `limit`.
    pub fn reviews_due(
        &self,
        decks: &[i64],
        direction: Direction,
        today: Day,
        limit: usize,
    ) -> Result<Vec<Queued>> {
        self.queued(
            decks,
            direction,
            "state = 2 AND due <= ?1 AND buried_until <= ?1 ORDER BY due, id LIMIT ?2",
            params![today, limit as i64],
        )
    }

    /// The first `limit` new cards of one deck, in deck order.
    pub fn new_cards(
        &self,
        deck: i64,
        direction: Direction,
        today: Day,
        limit: usize,
    ) -> Result<Vec<Queued>> {
        self.queued(
            &[deck],
            direction,
            "state = 0 AND buried_until <= ?1 ORDER BY position, id LIMIT ?2",
            params![today, limit as i64],
        )
    }

    fn queued(
        &self,
        decks: &[i64],
        direction: Direction,
        condition: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<Queued>> {
        let sides = match direction {
            Direction::Auto => "note_id IS NULL",
            Direction::Code => "side = 'code'",
            Direction::Meaning => "side = 'meaning'",
            Direction::Both => "1",
        };
        let sql = format!(
            "SELECT id, coalesce(note_id, id), deck_id,
                    coalesce(CASE WHEN state = 0 THEN position ELSE due END, 0)
             FROM card
             WHERE active AND NOT suspended AND deck_id IN ({}) AND {sides} AND {condition}",
            id_list(decks)
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params, |r| {
            Ok(Queued {
                id: r.get(0)?,
                note: r.get(1)?,
                deck_id: r.get(2)?,
                order: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The notes (see [`Queued::note`]) answered since `since`: their other side waits for another day.
    pub fn notes_answered_since(
        &self,
        decks: &[i64],
        since: DateTime<Utc>,
    ) -> Result<Vec<(i64, i64)>> {
        let mut stmt = self.conn.prepare(&format!(
            // CROSS JOIN keeps the review log outside: today's few answers found by time, then their cards,
            // rather than every card of the decks searched for answers (45 ms on 75,000 cards).
            "SELECT DISTINCT coalesce(c.note_id, c.id), c.id FROM review r CROSS JOIN card c ON c.id = r.card_id
             WHERE r.reviewed_at >= ?1 AND r.kind != 3 AND c.deck_id IN ({})",
            id_list(decks)
        ))?;
        let rows = stmt.query_map([ms(since)], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

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
            "{CARD_SELECT} WHERE c.deck_id IN (SELECT id FROM deck) AND c.key IN (?1, ?2, ?3)
               AND c.note_id IS NULL AND c.active
             ORDER BY d.origin = 'builtin' DESC, d.sort_order, d.id LIMIT 1"
        ))?;
        spellings.resize(3, String::new());
        Ok(stmt
            .query_row(params![spellings[0], spellings[1], spellings[2]], card_row)
            .optional()?)
    }

    /// Keeps a card out of sessions until study day `until` (skip: "not now").
    pub fn bury(&mut self, card_id: i64, until: Day) -> Result<()> {
        self.conn.execute(
            "UPDATE card SET buried_until = ?2 WHERE id = ?1",
            params![card_id, until],
        )?;
        Ok(())
    }

    /// Suspends a card as a leech: it has been forgotten too often to be worth drilling as it is.
    pub fn mark_leech(&mut self, card_id: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE card SET suspended = 1, leech = 1 WHERE id = ?1",
            [card_id],
        )?;
        Ok(())
    }

    /// The leeches, most forgotten first, with their last wrong answers.
    pub fn leeches(&self) -> Result<Vec<(Card, Vec<String>)>> {
        let mut stmt = self.conn.prepare(&format!(
            "{CARD_SELECT} WHERE c.leech AND c.active ORDER BY c.lapses DESC, d.name, c.position"
        ))?;
        let cards: Vec<Card> = stmt
            .query_map([], card_row)?
            .collect::<rusqlite::Result<_>>()?;
        let mut answers = self.conn.prepare(
            "SELECT answer FROM review r WHERE card_id = ?1 AND correct = 0 AND answer != ''
               AND NOT EXISTS (SELECT 1 FROM review_void v WHERE v.review_id = r.id)
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
    /// `tag` if given, the most forgotten and the least recently seen first.
    pub fn cram_cards(
        &self,
        decks: &[i64],
        direction: Direction,
        tag: Option<&str>,
        limit: usize,
    ) -> Result<Vec<i64>> {
        let sides = match direction {
            Direction::Auto => "note_id IS NULL",
            Direction::Code => "side = 'code'",
            Direction::Meaning => "side = 'meaning'",
            Direction::Both => "1",
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT id FROM card
             WHERE active AND deck_id IN ({}) AND {sides}
               AND (?1 IS NULL OR ' ' || lower(tags) || ' ' LIKE '% ' || lower(?1) || ' %')
             ORDER BY lapses DESC, coalesce(last_review, 0), position, id LIMIT ?2",
            id_list(decks)
        ))?;
        let rows = stmt.query_map(params![tag, limit as i64], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    // ----- reviews -----

    /// Logs one answer and the card's new schedule in one durable transaction. `void` takes back an
    /// earlier review of this session (a changed grade) in the same transaction.
    pub fn record_review(
        &mut self,
        review: &NewReview,
        void: Option<(i64, VoidReason)>,
    ) -> Result<i64> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some((id, reason)) = void {
            tx.execute(
                "INSERT INTO review_void (review_id, voided_at, reason) VALUES (?1, ?2, ?3)",
                params![id, ms(review.at), Sql(reason)],
            )?;
        }
        let id = insert_review(&tx, review, void.is_none())?;
        tx.commit()?;
        Ok(id)
    }

    /// Runs `work` in one transaction, for writing many answers at once (simulated learners, synthetic
    /// collections): the same rows a drill writes, without an fsync per answer.
    pub fn batch<T>(&mut self, work: impl FnOnce(&Batch) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = work(&Batch { tx: &tx })?;
        tx.commit()?;
        Ok(out)
    }

    /// Puts a card's schedule back (after an undo), voiding the review that changed it.
    /// `unleech` also takes back the leech mark the voided answer gave.
    pub fn void_review(
        &mut self,
        review_id: i64,
        card_id: i64,
        restore: &CardSchedule,
        at: DateTime<Utc>,
        reason: VoidReason,
        unleech: bool,
    ) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO review_void (review_id, voided_at, reason) VALUES (?1, ?2, ?3)",
            params![review_id, ms(at), Sql(reason)],
        )?;
        write_schedule(&tx, card_id, restore)?;
        if unleech {
            tx.execute(
                "UPDATE card SET suspended = 0, leech = 0 WHERE id = ?1",
                [card_id],
            )?;
        }
        tx.execute(
            "UPDATE session SET answered = max(answered - 1, 0)
             WHERE id = (SELECT session_id FROM review WHERE id = ?1)",
            [review_id],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// New cards introduced and reviews done since `since`, counting only reviews that still stand.
    pub fn done_since(&self, since: DateTime<Utc>) -> Result<(usize, usize)> {
        let (new, reviews): (i64, i64) = self.conn.query_row(
            "SELECT count(DISTINCT CASE WHEN r.state_before = 0 THEN r.card_id END),
                    count(DISTINCT CASE WHEN r.kind = 1 THEN r.card_id END)
             FROM review r
             WHERE r.reviewed_at >= ?1 AND r.kind != 3
               AND NOT EXISTS (SELECT 1 FROM review_void v WHERE v.review_id = r.id)",
            [ms(since)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((new as usize, reviews as usize))
    }

    /// How many cards fall due on each of the next `days` study days (index 0 = today, overdue included).
    pub fn due_forecast(&self, decks: &[i64], today: Day, days: usize) -> Result<Vec<i64>> {
        let list = id_list(decks);
        let mut counts = vec![0i64; days];
        let mut stmt = self.conn.prepare(&format!(
            "SELECT max(due - ?1, 0), count(*) FROM card
             WHERE active AND NOT suspended AND state = 2 AND deck_id IN ({list}) AND due < ?1 + ?2
             GROUP BY 1"
        ))?;
        let rows = stmt.query_map(params![today, days as i64], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })?;
        for row in rows {
            let (offset, count) = row?;
            if let Some(slot) = counts.get_mut(offset as usize) {
                *slot += count;
            }
        }
        Ok(counts)
    }

    // ----- sessions -----

    pub fn start_session(&mut self, kind: SessionKind, at: DateTime<Utc>) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO session (command, started_at, ended_at) VALUES (?1, ?2, ?2)",
            params![Sql(kind), ms(at)],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn finish_session(&mut self, id: i64, at: DateTime<Utc>) -> Result<()> {
        self.conn.execute(
            "UPDATE session SET finished = 1, ended_at = max(ended_at, ?2) WHERE id = ?1",
            params![id, ms(at)],
        )?;
        Ok(())
    }

    /// A stored setting.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// The personal FSRS parameters `codedrill optimize` adopted, if any.
    pub fn parameters(&self) -> Result<Option<Vec<f32>>> {
        // An empty value is a reset to the defaults.
        Ok(self
            .meta("fsrs_parameters")?
            .filter(|text| !text.is_empty())
            .and_then(|text| text.split(',').map(|p| p.trim().parse().ok()).collect()))
    }

    pub fn set_parameters(&mut self, parameters: &[f32], at: DateTime<Utc>) -> Result<()> {
        let text = parameters
            .iter()
            .map(f32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        self.set_meta("fsrs_parameters", &text)?;
        self.set_meta("fsrs_parameters_at", &at.to_rfc3339())
    }

    /// The learner's 1-5 answer to "how did that feel?" for a session.
    pub fn set_enjoyment(&mut self, session: i64, rating: u8) -> Result<()> {
        self.conn.execute(
            "UPDATE session SET enjoyment = ?2 WHERE id = ?1",
            params![session, rating],
        )?;
        Ok(())
    }

    /// Every session, oldest first.
    pub fn sessions(&self) -> Result<Vec<SessionRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, command, started_at, ended_at, answered, finished, enjoyment FROM session ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(SessionRow {
                id: r.get(0)?,
                kind: sql::word(r, 1)?,
                started: from_ms(r.get(2)?),
                ended: from_ms(r.get(3)?),
                answered: r.get(4)?,
                finished: r.get(5)?,
                enjoyment: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Cards by state for each deck: the usual sides and the reverse ones alike.
    pub fn state_counts(&self) -> Result<Vec<StateCounts>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.id, d.name, d.role,
                    coalesce(sum(c.state = 0 AND NOT c.suspended), 0),
                    coalesce(sum(c.state IN (1, 3) AND NOT c.suspended), 0),
                    coalesce(sum(c.state = 2 AND NOT c.suspended), 0),
                    coalesce(sum(c.suspended), 0),
                    coalesce(sum(c.leech), 0)
             FROM deck d LEFT JOIN card c ON c.deck_id = d.id AND c.active
             GROUP BY d.id ORDER BY d.origin = 'builtin' DESC, d.sort_order, d.name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(StateCounts {
                deck_id: r.get(0)?,
                deck: r.get(1)?,
                role: sql::word(r, 2)?,
                new: r.get(3)?,
                learning: r.get(4)?,
                review: r.get(5)?,
                suspended: r.get(6)?,
                leeches: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Calls `each` with every standing answer (voids left out) of the given decks in time order, as a
    /// statistics fact, with its time. The study day is worked out once per day, not once per answer.
    pub fn for_each_fact(&self, decks: &[i64], each: &mut dyn FnMut(&Fact, i64)) -> Result<()> {
        // What a review needs from its card is read once per card, and the voided reviews (normally a
        // handful) once: the log itself is then read alone, in time order, with no join and no sort.
        let roles: HashMap<i64, Role> = self
            .state_counts()?
            .into_iter()
            .map(|s| (s.deck_id, s.role))
            .collect();
        let mut cards: HashMap<i64, (i64, bool), FastHash> = HashMap::default();
        {
            let mut stmt = self.conn.prepare(&format!(
                "SELECT id, deck_id, system IN ({}) FROM card WHERE deck_id IN ({})",
                System::ALL
                    .iter()
                    .filter(|s| s.is_code() && **s != System::Case)
                    .map(|s| format!("'{}'", s.name()))
                    .collect::<Vec<_>>()
                    .join(","),
                id_list(decks)
            ))?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                cards.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
            }
        }
        let voided: std::collections::HashSet<i64> = {
            let mut stmt = self.conn.prepare("SELECT review_id FROM review_void")?;
            stmt.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        let mut stmt = self.conn.prepare(
            "SELECT id, card_id, reviewed_at, rating, correct, duration_ms, kind, state_before, ivl_before,
                    elapsed_days, mistake, mode = 'type' AND side = 'code', session_id
             FROM review ORDER BY reviewed_at, id",
        )?;
        let mut rows = stmt.query([])?;
        let mut day_bounds: Option<(i64, i64, Day)> = None;
        while let Some(r) = rows.next()? {
            let card: i64 = r.get(1)?;
            let Some(&(deck, code_card)) = cards.get(&card) else {
                continue;
            };
            if !voided.is_empty() && voided.contains(&r.get::<_, i64>(0)?) {
                continue;
            }
            let at: i64 = r.get(2)?;
            let day = match day_bounds {
                Some((start, end, day)) if (start..end).contains(&at) => day,
                _ => {
                    let day = crate::clock::study_day(from_ms(at));
                    let (start, end) = (
                        ms(crate::clock::day_start(day)),
                        ms(crate::clock::day_start(day + 1)),
                    );
                    day_bounds = Some((start, end, day));
                    day
                }
            };
            let mistake = r.get::<_, Option<Sql<MistakeClass>>>(10)?.map(|m| m.0);
            let fact = Fact {
                card,
                deck,
                role: roles.get(&deck).copied().unwrap_or(Role::Other),
                day,
                rating: r.get(3)?,
                correct: r.get(4)?,
                duration_ms: r.get(5)?,
                kind: sql::coded(r, 6, "a review kind", ReviewKind::from_i64)?,
                state_before: sql::coded(r, 7, "a card state", State::from_i64)?,
                ivl_before: r.get(8)?,
                elapsed_days: r.get(9)?,
                mistake,
                typed_code: code_card && r.get::<_, bool>(11)?,
                session: r.get(12)?,
            };
            each(&fact, at);
        }
        Ok(())
    }

    pub fn total_reviews(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM review", [], |r| r.get(0))?)
    }
}

/// A storage failure (a database from a newer codedrill or another program, a damaged file, a full disk, a
/// file that cannot be written, a busy database) turned into a sentence that names the file and what to
/// do. Any other error is returned as it is.
pub fn explain(error: anyhow::Error, path: &Path) -> anyhow::Error {
    let path = path.display();
    if let Some(TooNew(v)) = error.downcast_ref::<TooNew>() {
        return anyhow::anyhow!(
            "{path} was written by a newer version of codedrill (schema {v}; this version knows up to \
             {SCHEMA_VERSION}). Install the newer codedrill, or use another data directory with --data-dir. \
             Nothing was changed"
        );
    }
    if error.downcast_ref::<NotOurs>().is_some() {
        return anyhow::anyhow!(
            "{path} is an SQLite database, but not codedrill's. Move it away or choose another data directory \
             with --data-dir. Nothing was changed"
        );
    }
    let code = error
        .chain()
        .find_map(|cause| cause.downcast_ref::<rusqlite::Error>())
        .and_then(rusqlite::Error::sqlite_error_code);
    match code {
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt) => {
            anyhow::anyhow!(
                "{path} is damaged: your progress cannot be read from it. Nothing was changed. Bring back a copy \
             with `codedrill restore` (it lists the backups), or move the file away to start afresh"
            )
        }
        Some(
            rusqlite::ErrorCode::ReadOnly
            | rusqlite::ErrorCode::CannotOpen
            | rusqlite::ErrorCode::PermissionDenied,
        ) => {
            anyhow::anyhow!(
                "{path} cannot be written. Check the folder's permissions, or choose another data directory \
                 with --data-dir"
            )
        }
        Some(rusqlite::ErrorCode::DiskFull) => anyhow::anyhow!(
            "the disk holding {path} is full. Free some space and run codedrill again; every answer saved \
             before this one is still there"
        ),
        Some(rusqlite::ErrorCode::SystemIoFailure) => anyhow::anyhow!(
            "codedrill could not write to {path} (is the disk full, or failing?). Free some space and run \
             codedrill again; every answer saved before this one is still there"
        ),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            anyhow::anyhow!(
                "{path} is busy: another codedrill is writing to it. Wait for it to finish and try again"
            )
        }
        _ => error,
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the database was written by a newer codedrill (schema {0})")]
struct TooNew(i64);

#[derive(Debug, thiserror::Error)]
#[error("not a codedrill database")]
struct NotOurs;

pub struct DeckHeader<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub origin: Origin,
    pub role: Role,
    pub sort_order: i64,
    pub fingerprint: &'a str,
    pub source_path: &'a str,
}

pub fn upsert_deck(tx: &Transaction, deck: &DeckHeader, now: DateTime<Utc>) -> Result<i64> {
    tx.execute(
        "INSERT INTO deck (name, title, origin, role, sort_order, fingerprint, source_path, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
         ON CONFLICT (name) DO UPDATE SET title = excluded.title, origin = excluded.origin,
             role = excluded.role, sort_order = excluded.sort_order,
             fingerprint = excluded.fingerprint, source_path = excluded.source_path,
             updated_at = excluded.updated_at",
        params![
            deck.name,
            deck.title,
            Sql(deck.origin),
            Sql(deck.role),
            deck.sort_order,
            deck.fingerprint,
            deck.source_path,
            ms(now)
        ],
    )?;
    Ok(
        tx.query_row("SELECT id FROM deck WHERE name = ?1", [deck.name], |r| {
            r.get(0)
        })?,
    )
}

/// How a list of cards is merged into a deck.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncMode {
    /// The list is the whole deck (a built-in deck): cards missing from it become inactive, and every
    /// card takes its position from the list.
    Replace,
    /// The list adds to the deck (an import): a card whose key is already there is handled as asked,
    /// new cards go after the existing ones, nothing is retired.
    Merge(OnDuplicate),
}

/// Makes the deck's cards match `cards` as `mode` says, keeping every schedule and history.
/// `progress` is told how many cards are done, every few thousand.
pub fn sync_cards(
    tx: &Transaction,
    deck_id: i64,
    cards: &[CardContent],
    mode: SyncMode,
    progress: &mut dyn FnMut(usize),
) -> Result<SyncCounts> {
    // Each existing card's key, id, a hash of its text (to tell an edit from an unchanged card without
    // keeping the text in memory) and whether it is active.
    let mut existing: HashMap<String, (i64, u64, bool), FastHash> = HashMap::default();
    {
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
            existing.insert(r.get(0)?, (r.get(1)?, signature(&fields), r.get(2)?));
        }
    }
    let base: i64 = match mode {
        SyncMode::Replace => 0,
        SyncMode::Merge(_) => tx.query_row(
            "SELECT coalesce(max(position) + 1, 0) FROM card WHERE deck_id = ?1",
            [deck_id],
            |r| r.get(0),
        )?,
    };
    let mut counts = SyncCounts::default();
    let mut insert = tx.prepare_cached(
        "INSERT INTO card (deck_id, key, position, code, description, system, category, tags,
                           aliases, note, source, version, side)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    let mut update = tx.prepare_cached(
        "UPDATE card SET code = ?2, description = ?3, system = ?4, category = ?5, tags = ?6,
                aliases = ?7, note = ?8, source = ?9, version = ?10, active = 1,
                position = coalesce(?11, position)
         WHERE id = ?1 OR note_id = ?1",
    )?;
    let mut seen = std::collections::HashSet::with_capacity(if mode == SyncMode::Replace {
        cards.len()
    } else {
        0
    });
    // Keys added by this sync, borrowed from `cards`: a later duplicate in the same list finds them here.
    let mut added: HashMap<&str, i64, FastHash> = HashMap::default();
    for (index, card) in cards.iter().enumerate() {
        if index % 5_000 == 4_999 {
            progress(index + 1);
            crate::failpoint::hit("import-rows")?;
        }
        let aliases = card.aliases_joined();
        let position = base + index as i64;
        let mut key = card.key.clone();
        let found = match added.get(card.key.as_str()) {
            // Added earlier in this same list: compare with nothing, so an Update counts as updated.
            Some(&id) => Some((id, 0, true)),
            None => existing.get(&key).copied(),
        };
        if let Some((id, old, active)) = found {
            match mode {
                SyncMode::Merge(OnDuplicate::Skip) => {
                    counts.skipped += 1;
                    continue;
                }
                SyncMode::Merge(OnDuplicate::Add) => {
                    key = (2..)
                        .map(|n| format!("{} ({n})", card.key))
                        .find(|k| !existing.contains_key(k) && !added.contains_key(k.as_str()))
                        .unwrap_or_default();
                }
                SyncMode::Replace | SyncMode::Merge(OnDuplicate::Update) => {
                    let keep_position = matches!(mode, SyncMode::Merge(_));
                    if mode == SyncMode::Replace {
                        seen.insert(key.clone());
                    }
                    let signature = signature(&card.text_fields(&aliases));
                    if old == signature && active {
                        counts.unchanged += 1;
                        if !keep_position {
                            tx.prepare_cached(
                                "UPDATE card SET position = ?2 WHERE (id = ?1 OR note_id = ?1) AND position != ?2",
                            )?
                            .execute(params![id, position])?;
                        }
                        continue;
                    }
                    update.execute(params![
                        id,
                        card.code,
                        card.description,
                        card.system.name(),
                        card.category,
                        card.tags,
                        aliases,
                        card.note,
                        card.source,
                        card.version,
                        (!keep_position).then_some(position),
                    ])?;
                    existing.insert(key, (id, signature, true));
                    counts.updated += 1;
                    continue;
                }
            }
        }
        insert.execute(params![
            deck_id,
            key,
            position,
            card.code,
            card.description,
            card.system.name(),
            card.category,
            card.tags,
            aliases,
            card.note,
            card.source,
            card.version,
            Sql(card.system.asks()),
        ])?;
        if mode == SyncMode::Replace {
            seen.insert(key.clone());
        }
        if key == card.key {
            added.insert(&card.key, tx.last_insert_rowid());
        } else {
            existing.insert(key, (tx.last_insert_rowid(), 0, true));
        }
        counts.added += 1;
    }
    if mode == SyncMode::Replace {
        let mut retire =
            tx.prepare_cached("UPDATE card SET active = 0 WHERE id = ?1 OR note_id = ?1")?;
        for (key, (id, _, active)) in &existing {
            if *active && !seen.contains(key.as_str()) {
                retire.execute([id])?;
                counts.retired += 1;
            }
        }
    }
    Ok(counts)
}

/// A hash of everything a deck file says about a card (code, description, system, category, tags,
/// aliases, note, source, version), to tell an unchanged card from an edited one.
fn signature(fields: &[&str; 9]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    fields.hash(&mut hasher);
    hasher.finish()
}

/// A transaction open for many answers (see [`Store::batch`]).
pub struct Batch<'a> {
    tx: &'a Transaction<'a>,
}

impl Batch<'_> {
    pub fn record(&self, review: &NewReview) -> Result<i64> {
        insert_review(self.tx, review, true)
    }

    pub fn connection(&self) -> &Connection {
        self.tx
    }
}

/// The review row, the card's new schedule and the session's tally: what one answer writes.
fn insert_review(tx: &Transaction, review: &NewReview, counts: bool) -> Result<i64> {
    let at = ms(review.at);
    let after = review.after;
    let memory = after.memory.or(review.before.memory);
    tx.prepare_cached(
        "INSERT INTO review (card_id, session_id, reviewed_at, rating, answer, correct,
            duration_ms, kind, side, state_before, state_after, ivl_before, ivl_after,
            elapsed_days, stability, difficulty, mistake, mode, hinted)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    )?
    .execute(params![
        review.card_id,
        review.session_id,
        at,
        review.rating as i64,
        review.answer,
        review.correct,
        review.duration_ms,
        review.kind as i64,
        Sql(review.side),
        review.before.state as i64,
        after.state as i64,
        review.before.logged_interval(),
        after.logged_interval(),
        after.last_day.zip(review.before.last_day).map_or(0, |(a, b)| (a - b).max(0)),
        memory.map(|m| f64::from(m.stability)),
        memory.map(|m| f64::from(m.difficulty)),
        review.mistake.map(Sql),
        Sql(review.mode),
        review.hinted,
    ])?;
    let id = tx.last_insert_rowid();
    if review.kind != ReviewKind::Cram {
        write_schedule(tx, review.card_id, after)?;
    }
    if let Some(session) = review.session_id {
        tx.prepare_cached(
            "UPDATE session SET ended_at = ?2, answered = answered + ?3 WHERE id = ?1",
        )?
        .execute(params![session, at, i64::from(counts)])?;
    }
    Ok(id)
}

fn write_schedule(tx: &Transaction, card_id: i64, s: &CardSchedule) -> Result<()> {
    let due = match s.due {
        Due::New => None,
        Due::At(at) => Some(ms(at)),
        Due::Day(day) => Some(day),
    };
    tx.prepare_cached(
        "UPDATE card SET state = ?2, step = ?3, due = ?4, stability = ?5, difficulty = ?6,
                last_review = ?7, last_day = ?8, interval = ?9, reps = ?10, lapses = ?11
         WHERE id = ?1",
    )?
    .execute(params![
        card_id,
        s.state as i64,
        s.step,
        due,
        s.memory.map(|m| f64::from(m.stability)),
        s.memory.map(|m| f64::from(m.difficulty)),
        s.last_review.map(ms),
        s.last_day,
        s.interval,
        s.reps,
        s.lapses
    ])?;
    Ok(())
}

/// Levenshtein distance, for "did you mean" suggestions.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// An exclusive lock on the data directory for the length of a drill, so two windows cannot answer the
/// same cards at once. Released when dropped (or when the process dies).
pub struct SessionLock {
    _file: File,
}

impl SessionLock {
    pub fn acquire(dir: &Path) -> Result<SessionLock> {
        let path = dir.join("session.lock");
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| {
                format!(
                    "cannot create {}; check the folder's permissions",
                    path.display()
                )
            })?;
        match file.try_lock() {
            Ok(()) => Ok(SessionLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => bail!(
                "another codedrill session is already running on {}. Finish or close that one first \
                 (its answers are saved as it goes)",
                dir.display()
            ),
            Err(std::fs::TryLockError::Error(e)) => {
                Err(e).with_context(|| format!("cannot lock {}", path.display()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(key: &str, description: &str) -> CardContent {
        CardContent::new(key, description, System::IcdCm)
    }

    fn deck(store: &mut Store, cards: &[CardContent], mode: SyncMode) -> (i64, SyncCounts) {
        let tx = store.conn.transaction().unwrap();
        let header = DeckHeader {
            name: "t",
            title: "Test",
            origin: Origin::Import,
            role: Role::Coding,
            sort_order: 0,
            fingerprint: "",
            source_path: "",
        };
        let id = upsert_deck(&tx, &header, Utc::now()).unwrap();
        let counts = sync_cards(&tx, id, cards, mode, &mut |_| {}).unwrap();
        tx.commit().unwrap();
        (id, counts)
    }

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
        let after = CardSchedule {
            state: State::Review,
            due: Due::Day(5),
            interval: 3,
            reps: 1,
            last_day: Some(2),
            last_review: Some(now),
            ..CardSchedule::new_card()
        };
        store
            .record_review(
                &NewReview {
                    card_id: a,
                    session_id: None,
                    at: now,
                    rating: Rating::Good,
                    answer: "A1",
                    correct: true,
                    duration_ms: 1200,
                    kind: ReviewKind::Learn,
                    side: Side::Code,
                    mode: Mode::Type,
                    hinted: false,
                    before: &CardSchedule::new_card(),
                    after: &after,
                    mistake: None,
                },
                None,
            )
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
            .connection()
            .prepare("SELECT key FROM card WHERE deck_id = ?1 ORDER BY position")
            .unwrap()
            .query_map([id], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(keys, ["A1", "B2", "C3", "A1 (2)", "B2 (2)", "C3 (2)"]);
    }

    #[test]
    fn a_version_1_database_is_upgraded_with_its_progress() {
        let dir = tempfile::tempdir().unwrap();
        {
            let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
            conn.execute_batch(MIGRATIONS[0]).unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            conn.execute_batch(
                "INSERT INTO deck VALUES (1, 'mine', 'Mine', 'import', 'terminology', 0, '', '', 0, 0);
                 INSERT INTO card (id, deck_id, key, position, code, description, system, state, due, reps)
                     VALUES (7, 1, 'BID', 0, 'BID', 'twice a day', 'abbreviation', 2, 20100, 3),
                            (8, 1, 'I10', 1, 'I10', 'Essential (primary) hypertension', 'ICD-10-CM', 0, NULL, 0);
                 INSERT INTO review (card_id, reviewed_at, rating, answer, correct, duration_ms, kind,
                         state_before, state_after, ivl_before, ivl_after, elapsed_days)
                     VALUES (7, 1, 3, 'twice a day', 1, 900, 1, 2, 2, 3, 9, 3);",
            )
            .unwrap();
        }
        let store = Store::open(dir.path()).unwrap();
        let version: i64 = store
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let bid = store.card(7).unwrap();
        assert_eq!(
            (bid.side, bid.note_id, bid.schedule.reps),
            (Side::Meaning, 7, 3)
        );
        assert_eq!(bid.schedule.due, Due::Day(20100));
        assert_eq!(store.card(8).unwrap().side, Side::Code);
        assert_eq!(
            store.total_reviews().unwrap(),
            1,
            "the review log survives the rebuilt card table"
        );
        let fk: i64 = store
            .conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        // The database as it was before the upgrade is kept.
        let backups = backup::list(dir.path()).unwrap();
        assert_eq!(backups.len(), 1);
        let old = Connection::open(&backups[0]).unwrap();
        let version: i64 = old
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, 1);
    }

    #[test]
    fn a_newer_schema_is_refused_without_changes() {
        let dir = tempfile::tempdir().unwrap();
        drop(Store::open(dir.path()).unwrap());
        let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        let err = Store::open(dir.path()).err().unwrap().to_string();
        assert!(
            err.contains("newer version of codedrill (schema 99"),
            "{err}"
        );
    }

    #[test]
    fn a_file_that_is_not_a_database_is_named_in_the_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(DB_FILE),
            b"this is not sqlite, just some text ".repeat(200),
        )
        .unwrap();
        let err = Store::open(dir.path()).err().unwrap().to_string();
        assert!(
            err.contains("is damaged: your progress cannot be read"),
            "{err}"
        );
    }

    #[test]
    fn a_second_session_lock_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let first = SessionLock::acquire(dir.path()).unwrap();
        let err = SessionLock::acquire(dir.path()).err().unwrap().to_string();
        assert!(err.contains("another codedrill session"), "{err}");
        drop(first);
        assert!(SessionLock::acquire(dir.path()).is_ok());
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("billing", "biling"), 1);
        assert_eq!(edit_distance("cases", "cases"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
