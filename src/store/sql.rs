//! The core's vocabularies in SQLite: each word vocabulary is stored as its one string form (`as_str`)
//! and read back with `parse`; the number-coded ones (card states, review kinds, ratings) are stored as
//! their numbers and read back with `coded`. SQL text never spells a vocabulary's value: it is bound as a
//! parameter (`Sql(Origin::Builtin)`, `State::Review as i64`) or listed from the enum
//! ([`quoted`]). A stored value the vocabulary does not know is an error (naming the column's kind and the
//! value), which `explain` turns into a sentence naming the file: never a default. (The migrations in
//! `schema` are history and keep the numbers they were written with.)

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use codedrill_core::answer::Mode;
use codedrill_core::codeset::{NodeKind, NoteKind};
use codedrill_core::deck::{Origin, Role, Side, System};
use codedrill_core::mistake::MistakeClass;
use codedrill_core::report::SessionKind;
use codedrill_core::schedule::VoidReason;

/// A vocabulary the store keeps as text.
pub trait Word: Copy + 'static {
    /// What the word is, for the error: "a card side".
    const WHAT: &'static str;
    fn word(self) -> &'static str;
    fn from_word(text: &str) -> Option<Self>;
}

macro_rules! words {
    ($($ty:ty => $what:literal),+ $(,)?) => {
        $(impl Word for $ty {
            const WHAT: &'static str = $what;
            fn word(self) -> &'static str {
                self.as_str()
            }
            fn from_word(text: &str) -> Option<Self> {
                <$ty>::parse(text)
            }
        })+
    };
}

words! {
    Side => "a card side",
    Role => "a deck role",
    Origin => "a deck origin",
    Mode => "an answer mode",
    MistakeClass => "a mistake class",
    SessionKind => "a session kind",
    VoidReason => "a reason for taking an answer back",
    NodeKind => "a kind of code-set node",
    NoteKind => "a kind of tabular note",
}

impl Word for System {
    const WHAT: &'static str = "a code system";
    fn word(self) -> &'static str {
        self.name()
    }
    fn from_word(text: &str) -> Option<Self> {
        System::parse(text)
    }
}

/// A word of a vocabulary, as SQLite stores it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sql<T>(pub T);

impl<T: Word> ToSql for Sql<T> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0.word()))
    }
}

impl<T: Word> FromSql for Sql<T> {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        T::from_word(text)
            .map(Sql)
            .ok_or_else(|| FromSqlError::Other(Box::new(UnknownWord::new(T::WHAT, text))))
    }
}

/// A stored value codedrill does not know: the file was changed by hand or by a newer codedrill.
#[derive(Debug, thiserror::Error)]
#[error("'{word}' is not {what} this version of codedrill knows")]
pub struct UnknownWord {
    pub what: &'static str,
    pub word: String,
}

impl UnknownWord {
    pub fn new(what: &'static str, word: &str) -> UnknownWord {
        UnknownWord {
            what,
            word: codedrill_core::sanitize::clean_line(word)
                .chars()
                .take(40)
                .collect(),
        }
    }
}

/// Reads a vocabulary word from column `i`.
pub fn word<T: Word>(r: &rusqlite::Row, i: usize) -> rusqlite::Result<T> {
    Ok(r.get::<_, Sql<T>>(i)?.0)
}

/// Reads a number-coded value (a state, a rating, a review kind) from column `i`.
pub fn coded<T>(
    r: &rusqlite::Row,
    i: usize,
    what: &'static str,
    from: fn(i64) -> Option<T>,
) -> rusqlite::Result<T> {
    let n: i64 = r.get(i)?;
    from(n).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Integer,
            Box::new(UnknownWord::new(what, &n.to_string())),
        )
    })
}

/// Words of a vocabulary as an SQL list (`'a','b'`), for an `IN (...)` over values chosen from the enum.
/// The words are codedrill's own, without quotes in them, so they are safe in the SQL text.
pub fn quoted<T: Word>(words: impl IntoIterator<Item = T>) -> String {
    words
        .into_iter()
        .map(|w| format!("'{}'", w.word()))
        .collect::<Vec<_>>()
        .join(",")
}

/// A parameter bound by name.
pub type Named<'a> = (&'a str, &'a dyn ToSql);
