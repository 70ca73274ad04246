//! The schema: its tables, the migrations that bring an older file up to date, and the checks that keep
//! a foreign or newer file untouched. A migration, once released, never changes: it is the history of
//! files people have.

use anyhow::{Result, bail};
use rusqlite::TransactionBehavior;

use super::Store;

/// The schema this build writes. A database with a higher version came from a newer codedrill.
pub const SCHEMA_VERSION: i64 = 13;
/// Marks the file as codedrill's ("CDRL"), so another program's SQLite file is not mistaken for ours.
pub const APPLICATION_ID: i64 = 0x4344_524C;

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
    // 5: the answers that count, defined once. `kept_review`: every answer not taken back (undone or
    // regraded: a row in review_void). `standing_review`: those kept that are on the schedule, so not
    // practice (kind 3 is `ReviewKind::Cram`; a test pins it). Figures, limits and exports read these.
    "CREATE VIEW kept_review AS
        SELECT * FROM review r
        WHERE NOT EXISTS (SELECT 1 FROM review_void v WHERE v.review_id = r.id);
    CREATE VIEW standing_review AS
        SELECT * FROM kept_review WHERE kind != 3;",
    // 6: ICD-10-CM code sets read from CMS's files (`codedrill codeset add`): every node of a year's
    // tabular (chapters, sections, codes) with its billable flag and descriptions, its notes and its 7th
    // characters; and the mark a card revised by a new year (`codeset update`) keeps until it is next
    // answered.
    "CREATE TABLE codeset (
        year INTEGER PRIMARY KEY,
        files TEXT NOT NULL,
        added_at INTEGER NOT NULL,
        billable INTEGER NOT NULL,
        nodes INTEGER NOT NULL
    );
    CREATE TABLE codeset_node (
        year INTEGER NOT NULL REFERENCES codeset(year) ON DELETE CASCADE,
        name TEXT NOT NULL,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL,
        parent TEXT,
        billable INTEGER NOT NULL,
        chapter INTEGER,
        short_description TEXT NOT NULL,
        description TEXT NOT NULL,
        PRIMARY KEY (year, name)
    ) WITHOUT ROWID;
    CREATE TABLE codeset_note (
        year INTEGER NOT NULL REFERENCES codeset(year) ON DELETE CASCADE,
        node TEXT NOT NULL,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (year, node, position)
    ) WITHOUT ROWID;
    CREATE TABLE codeset_seventh (
        year INTEGER NOT NULL REFERENCES codeset(year) ON DELETE CASCADE,
        node TEXT NOT NULL,
        character TEXT NOT NULL,
        meaning TEXT NOT NULL,
        also TEXT NOT NULL,
        PRIMARY KEY (year, node, character)
    ) WITHOUT ROWID;
    CREATE TABLE card_revision (
        card_id INTEGER PRIMARY KEY REFERENCES card(id) ON DELETE CASCADE,
        year INTEGER NOT NULL,
        previous TEXT NOT NULL,
        official TEXT NOT NULL,
        shown_at INTEGER
    );",
    // 7: a year's ICD-10-CM Alphabetic Index (`codedrill codeset add` of icd10cm_index_YYYY.xml), each
    // term in the book's order naming its parent term. Kept apart from `codeset` (no cascade): adding a
    // year's tabular again keeps its index, which is replaced only by another index of that year.
    "CREATE TABLE codeset_index (
        year INTEGER PRIMARY KEY,
        files TEXT NOT NULL,
        added_at INTEGER NOT NULL,
        terms INTEGER NOT NULL
    );
    CREATE TABLE codeset_term (
        year INTEGER NOT NULL REFERENCES codeset_index(year) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        parent INTEGER,
        level INTEGER NOT NULL,
        title TEXT NOT NULL,
        nemod TEXT NOT NULL,
        code TEXT NOT NULL,
        manif TEXT NOT NULL,
        see TEXT NOT NULL,
        see_also TEXT NOT NULL,
        PRIMARY KEY (year, position)
    ) WITHOUT ROWID;",
    // 8: one deck per name whatever its case or Unicode form (`Cardio` and `cardio`). The key is computed
    // by `codedrill_core::deck::name_key` (SQLite's NOCASE folds ASCII only), filled in and made unique by
    // `decks::key_deck_names` right after this runs; two decks already named alike are kept apart there.
    "ALTER TABLE deck ADD COLUMN name_key TEXT NOT NULL DEFAULT '';",
    // 9: decks set aside (`decks hide`: left out of plain drills, the trial, stats and the report, with
    // their progress kept), and cards a person edited (`cards edit`): the text each edited field had
    // before (NULL for a field left alone), kept while the card's text is the edit rather than its file's;
    // `shown_at` is set by the first answer after the edit, which is shown the change.
    "ALTER TABLE deck ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE card_edit (
        card_id INTEGER PRIMARY KEY REFERENCES card(id) ON DELETE CASCADE,
        edited_at INTEGER NOT NULL,
        description TEXT,
        note TEXT,
        aliases TEXT,
        shown_at INTEGER
    );",
    // 10: answers given in a lookup drill (mode 'lookup', `drill --mode lookup`): how many times the
    // learner opened the Alphabetic Index or the Tabular List before answering (`lookups`), and the whole
    // time from the card shown to the answer (`coding_ms`), which `duration_ms` caps at a minute for the
    // scheduler. On the review row itself, so an answer and its lookups are one insert of one transaction.
    // NULL `coding_ms`: an answer given without the books at hand.
    "ALTER TABLE review ADD COLUMN lookups INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE review ADD COLUMN coding_ms INTEGER;",
    // 11: the Alphabetic Index's search, a full-text index of each term's words with those of the terms
    // above it (`index::term_tokens`), so a lookup reads only the terms that may match. Contentless (the
    // words are derived, the terms stay in codeset_term), rows only (`detail=none`: no phrase is
    // searched), split at what is not a letter or digit as the words already are (`ascii`). Its rowid
    // places the term: see `index_search::rowid`. Filled for an installed index by
    // `index::index_installed_words` right after this runs.
    "CREATE VIRTUAL TABLE codeset_term_words USING fts5(
        words, content = '', contentless_delete = 1, detail = none, tokenize = 'ascii'
    );",
    // 12 (wave 3 set 13 aside for it; 12 went unused): the queue's index made to answer what start and
    // the counts ask without reading cards. It was (deck_id, state, due) over active, unsuspended cards, so
    // a deck's first new cards (in `position` order) meant reading and sorting every new card of the deck
    // (40 ms with the whole ICD-10-CM list imported), and `decks`, `stats` and `report` read every card's
    // row to count them. Now it holds every card, in the order the queue asks for them (due, position,
    // id: a new card has no due date, so new cards are in deck order; with `id` spelled out, a query for
    // the first reviews of several decks stops early in each), and the columns those counts read. One
    // index still, so an import writes no more of them.
    "DROP INDEX card_queue;
    CREATE INDEX card_queue
        ON card (deck_id, state, due, position, id, active, suspended, note_id, leech);",
    // 13: the review log's digest (`store::digest`): what statistics read of each answer, packed 4,096
    // answers (a range of ids) to a row, with the first and last answer's time and whether the times go
    // forward within it. A cache of the log, made from it when it is read: any answer added, changed or
    // deleted in a chunk's range deletes that chunk's row (a deck's cards removed delete their answers
    // by cascade, which fires these too), so a row is never out of date. Empty until first read.
    "CREATE TABLE review_digest (
        chunk INTEGER PRIMARY KEY,
        first_at INTEGER,
        last_at INTEGER,
        ordered INTEGER NOT NULL,
        facts BLOB NOT NULL
    );
    CREATE TRIGGER review_digest_insert AFTER INSERT ON review BEGIN
        DELETE FROM review_digest WHERE chunk = new.id >> 12;
    END;
    CREATE TRIGGER review_digest_update AFTER UPDATE ON review BEGIN
        DELETE FROM review_digest WHERE chunk IN (old.id >> 12, new.id >> 12);
    END;
    CREATE TRIGGER review_digest_delete AFTER DELETE ON review BEGIN
        DELETE FROM review_digest WHERE chunk = old.id >> 12;
    END;",
];

/// The migration after which the Alphabetic Index's words are indexed (see migration 11).
const INDEX_WORDS: usize = 11;

/// The migration after which deck names get their keys (see migration 8).
const DECK_NAME_KEYS: usize = 8;

impl Store {
    /// Brings the schema from `version` to [`SCHEMA_VERSION`] in one transaction. Foreign keys are off
    /// while tables are rebuilt (SQLite's documented procedure) and checked before the commit.
    pub(super) fn migrate(&mut self, version: i64) -> Result<()> {
        if version > 0 {
            // A database with progress in it is copied before its tables are rebuilt.
            let backup = self.backup(&format!("before-upgrade-to-v{SCHEMA_VERSION}"))?;
            self.upgrade_backup = Some(backup);
        }
        self.conn.pragma_update(None, "foreign_keys", "OFF")?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Exclusive)?;
        // Another codedrill opening the same file at the same moment (two first commands on a new folder)
        // may have upgraded it while this one waited for the lock: start from what the file says now.
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version >= SCHEMA_VERSION {
            return Ok(());
        }
        let from = usize::try_from(version).unwrap_or(0);
        for (number, migration) in MIGRATIONS
            .iter()
            .enumerate()
            .skip(from)
            .map(|(i, m)| (i + 1, m))
        {
            tx.execute_batch(migration)?;
            if number == DECK_NAME_KEYS {
                self.notices.extend(super::decks::key_deck_names(&tx)?);
            }
            if number == INDEX_WORDS {
                super::index::index_installed_words(&tx)?;
            }
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
}

#[derive(Debug, thiserror::Error)]
#[error("the database was written by a newer codedrill (schema {0})")]
pub(super) struct TooNew(pub(super) i64);

#[derive(Debug, thiserror::Error)]
#[error("not a codedrill database")]
pub(super) struct NotOurs;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{DB_FILE, backup};
    use codedrill_core::deck::Side;
    use codedrill_core::schedule::{Due, ReviewKind};
    use rusqlite::Connection;

    /// A database at schema `version`, as that version of codedrill left it, with `rows` in it.
    fn database_at(dir: &std::path::Path, version: usize, rows: &str) {
        let conn = Connection::open(dir.join(DB_FILE)).unwrap();
        for migration in &MIGRATIONS[..version] {
            conn.execute_batch(migration).unwrap();
        }
        conn.pragma_update(None, "user_version", version as i64)
            .unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        conn.execute_batch(rows).unwrap();
    }

    fn user_version(conn: &Connection) -> i64 {
        conn.query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_version_1_database_is_upgraded_with_its_progress() {
        let dir = tempfile::tempdir().unwrap();
        database_at(
            dir.path(),
            1,
            "INSERT INTO deck VALUES (1, 'mine', 'Mine', 'import', 'terminology', 0, '', '', 0, 0);
             INSERT INTO card (id, deck_id, key, position, code, description, system, state, due, reps)
                 VALUES (7, 1, 'BID', 0, 'BID', 'twice a day', 'abbreviation', 2, 20100, 3),
                        (8, 1, 'I10', 1, 'I10', 'Essential (primary) hypertension', 'ICD-10-CM', 0, NULL, 0);
             INSERT INTO review (card_id, reviewed_at, rating, answer, correct, duration_ms, kind,
                     state_before, state_after, ivl_before, ivl_after, elapsed_days)
                 VALUES (7, 1, 3, 'twice a day', 1, 900, 1, 2, 2, 3, 9, 3);",
        );
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(user_version(&store.conn), SCHEMA_VERSION);
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
        assert_eq!(user_version(&Connection::open(&backups[0]).unwrap()), 1);
    }

    #[test]
    fn a_version_4_database_is_upgraded_and_counts_standing_reviews_only() {
        let dir = tempfile::tempdir().unwrap();
        // Three answers to one card: one that stands, one taken back, one of practice.
        database_at(
            dir.path(),
            4,
            "INSERT INTO deck VALUES (1, 'mine', 'Mine', 'import', 'coding', 0, '', '', 0, 0);
             INSERT INTO card (id, deck_id, key, side, position, code, description, system, state, due, reps)
                 VALUES (7, 1, 'I10', 'code', 0, 'I10', 'Essential (primary) hypertension', 'ICD-10-CM',
                         2, 20100, 2);
             INSERT INTO review (id, card_id, reviewed_at, rating, answer, correct, duration_ms, kind,
                     state_before, state_after, ivl_before, ivl_after, elapsed_days)
                 VALUES (1, 7, 1, 3, 'I10', 1, 900, 0, 0, 2, 0, 3, 0),
                        (2, 7, 2, 3, 'I10', 1, 900, 1, 2, 2, 3, 9, 3),
                        (3, 7, 3, 1, 'I11', 0, 900, 3, 2, 2, 9, 9, 0);
             INSERT INTO review_void VALUES (2, 2, 'undone');",
        );
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(user_version(&store.conn), SCHEMA_VERSION);
        assert_eq!(SCHEMA_VERSION, 13);
        let card = store.card(7).unwrap();
        assert_eq!(
            (card.side, card.schedule.due),
            (Side::Code, Due::Day(20100))
        );
        assert_eq!(
            store.total_reviews().unwrap(),
            1,
            "voided and practice left out"
        );
        let kept: i64 = store
            .conn
            .query_row("SELECT count(*) FROM kept_review", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, 2, "practice is kept, the voided answer is not");
        let backups = backup::list(dir.path()).unwrap();
        assert_eq!(backups.len(), 1);
        assert_eq!(user_version(&Connection::open(&backups[0]).unwrap()), 4);
    }

    #[test]
    fn decks_named_alike_before_version_7_are_both_kept_and_the_person_told_how_to_merge() {
        let dir = tempfile::tempdir().unwrap();
        database_at(
            dir.path(),
            5,
            "INSERT INTO deck VALUES (1, 'Cardio', 'Cardio', 'import', 'coding', 0, '', '', 0, 0),
                                     (2, 'cardio', 'cardio', 'import', 'coding', 0, '', '', 0, 0),
                                     (3, 'CARDIO', 'CARDIO', 'import', 'coding', 0, '', '', 0, 0),
                                     (4, 'billing', 'Billing', 'builtin', 'billing', 2, '', '', 0, 0),
                                     (5, 'Caf\u{e9}', 'x', 'import', 'other', 0, '', '', 0, 0);
             INSERT INTO card (id, deck_id, key, side, position, code, description, system)
                 VALUES (7, 2, 'I10', 'code', 0, 'I10', 'Essential (primary) hypertension', 'ICD-10-CM');",
        );
        let mut store = Store::open(dir.path()).unwrap();
        let names: Vec<(i64, String)> = store
            .conn
            .prepare("SELECT id, name FROM deck ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let names: Vec<(i64, &str)> = names.iter().map(|(i, n)| (*i, n.as_str())).collect();
        assert_eq!(
            names,
            [
                (1, "Cardio"),
                (2, "cardio (2)"),
                (3, "CARDIO (3)"),
                (4, "billing"),
                (5, "Caf\u{e9}")
            ]
        );
        let notices = store.take_notices();
        assert_eq!(notices.len(), 2, "{notices:?}");
        assert!(
            notices[0].starts_with(
                "the decks 'Cardio' and 'cardio' have names that differ only in case (or in how an accent \
                 is typed), and codedrill now reads such names as one; 'cardio' is now called 'cardio (2)'. \
                 To merge it into 'Cardio': codedrill export deck 'cardio (2)' -o merge.csv,"
            ),
            "{}",
            notices[0]
        );
        assert!(store.take_notices().is_empty(), "told once");
        // Each deck is reached by its name, whatever the case; its cards stayed with it.
        assert_eq!(store.deck_ids(&["CARDIO (2)".into()]).unwrap(), [2]);
        assert_eq!(store.deck_ids(&["cafe\u{301}".into()]).unwrap(), [5]);
        assert_eq!(store.deck_cards(2).unwrap()[0].code, "I10");
        let twin = store.conn.execute(
            "INSERT INTO deck (name, name_key, title, origin, role, created_at, updated_at)
             VALUES ('CaRdIo', 'cardio', '', 'import', 'other', 0, 0)",
            [],
        );
        assert!(twin.is_err(), "the key is unique");
    }

    #[test]
    fn a_version_6_database_is_upgraded_with_every_deck_shown_and_no_edits() {
        let dir = tempfile::tempdir().unwrap();
        database_at(
            dir.path(),
            6,
            "INSERT INTO deck VALUES (1, 'mine', 'Mine', 'import', 'coding', 0, '', '', 0, 0);
             INSERT INTO card (id, deck_id, key, side, position, code, description, system, state, due, reps,
                     suspended)
                 VALUES (7, 1, 'I10', 'code', 0, 'I10', 'Essential (primary) hypertension', 'ICD-10-CM',
                         2, 20100, 1, 1);",
        );
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(user_version(&store.conn), SCHEMA_VERSION);
        assert_eq!(store.all_deck_ids().unwrap(), [1], "no deck is hidden");
        let card = store.card(7).unwrap();
        assert_eq!((card.suspended, card.schedule.due), (true, Due::Day(20100)));
        assert_eq!(store.unshown_edit(7).unwrap(), None);
    }

    #[test]
    fn the_views_number_for_practice_is_the_review_kinds() {
        // Migration 5 is history and holds the number; the enum must keep it.
        assert!(MIGRATIONS[4].contains("kind != 3"));
        assert_eq!(ReviewKind::Cram as i64, 3);
    }

    #[test]
    fn a_newer_schema_is_refused_without_changes() {
        let dir = tempfile::tempdir().unwrap();
        drop(Store::open(dir.path()).unwrap());
        let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        let err = Store::open(dir.path()).err().unwrap();
        let err = crate::store::explain(err, &dir.path().join(DB_FILE), "stats").to_string();
        assert!(
            err.contains("newer version of codedrill (schema 99"),
            "{err}"
        );
    }
}
