//! Sessions (when, how many answers, how it felt) and the few settings that outlive a session.

use anyhow::Result;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use codedrill_core::report::{SessionKind, SessionRow};

use super::sql::{self, Sql};
use super::{Store, from_ms, ms};

/// A setting kept in the `meta` table, by the name it is stored under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetaKey {
    /// The study day `codedrill trial` began.
    TrialStartedDay,
    /// The personal FSRS parameters `codedrill optimize` adopted, comma-separated; empty for the defaults.
    FsrsParameters,
    /// When they were adopted (RFC 3339).
    FsrsParametersAt,
    /// The ICD-10-CM year `codedrill codeset update` moved the cards to.
    Icd10cmYear,
    /// The study day the whole file last passed the check for damage (see `Store::check_once_a_day`).
    CheckedDay,
}

impl MetaKey {
    /// The stored name: these strings are in people's files, so they never change.
    pub fn as_str(self) -> &'static str {
        match self {
            MetaKey::TrialStartedDay => "trial_started_day",
            MetaKey::FsrsParameters => "fsrs_parameters",
            MetaKey::FsrsParametersAt => "fsrs_parameters_at",
            MetaKey::Icd10cmYear => "icd10cm_year",
            MetaKey::CheckedDay => "checked_day",
        }
    }
}

impl Store {
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

    /// A stored setting.
    pub fn meta(&self, key: MetaKey) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                [key.as_str()],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn set_meta(&mut self, key: MetaKey, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key.as_str(), value],
        )?;
        Ok(())
    }

    /// The personal FSRS parameters `codedrill optimize` adopted, if any.
    pub fn parameters(&self) -> Result<Option<Vec<f32>>> {
        Ok(self
            .meta(MetaKey::FsrsParameters)?
            .filter(|text| !text.is_empty())
            .and_then(|text| text.split(',').map(|p| p.trim().parse().ok()).collect()))
    }

    pub fn set_parameters(&mut self, parameters: &[f32], at: DateTime<Utc>) -> Result<()> {
        let text = parameters
            .iter()
            .map(f32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        self.set_meta(MetaKey::FsrsParameters, &text)?;
        self.set_meta(MetaKey::FsrsParametersAt, &at.to_rfc3339())
    }

    /// Back to the default parameters: an empty value, so the adoption stays on record.
    pub fn reset_parameters(&mut self) -> Result<()> {
        self.set_meta(MetaKey::FsrsParameters, "")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_keep_their_stored_names_and_a_reset_means_the_defaults() {
        let mut store = Store::in_memory().unwrap();
        let at = from_ms(1_800_000_000_000);
        store.set_parameters(&[0.5, 1.25], at).unwrap();
        store.set_meta(MetaKey::TrialStartedDay, "20415").unwrap();
        assert_eq!(store.parameters().unwrap(), Some(vec![0.5, 1.25]));
        let stored: Vec<(String, String)> = store
            .conn
            .prepare("SELECT key, value FROM meta ORDER BY key")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let keys: Vec<&str> = stored.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            ["fsrs_parameters", "fsrs_parameters_at", "trial_started_day"]
        );
        store.reset_parameters().unwrap();
        assert_eq!(store.parameters().unwrap(), None);
        assert_eq!(
            store.meta(MetaKey::TrialStartedDay).unwrap().as_deref(),
            Some("20415")
        );
    }
}
