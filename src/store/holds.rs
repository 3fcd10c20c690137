//! Cards the student set aside: suspended, or buried for a study day.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension as _, params};

use super::{Store, StoreError};
use crate::bank::CardKey;
use crate::schedule::{Hold, StudyDay};

impl Store {
    /// Every card set aside, with its hold. Buries of past days are over and left out.
    ///
    /// # Errors
    /// The database cannot be read, or holds a value allydeck cannot have written.
    pub fn holds(&self, today: StudyDay) -> Result<HashMap<CardKey, Hold>, StoreError> {
        let fail = |e| super::classify(&self.path, e);
        let mut stmt = self
            .conn
            .prepare_cached("SELECT card, hold, buried_day FROM holds")
            .map_err(fail)?;
        let rows = stmt
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, Option<i64>>(2)?,
                ))
            })
            .map_err(fail)?;
        let mut holds = HashMap::new();
        for row in rows {
            let (card, hold, day) = row.map_err(fail)?;
            let key = super::log::parse_key(&self.path, &card)?;
            let hold = hold_of(&self.path, &card, &hold, day)?;
            if hold.is_over(today) {
                continue;
            }
            holds.insert(key, hold);
        }
        Ok(holds)
    }

    /// The hold on one card, if any (a bury of a past day included: the caller knows the day).
    ///
    /// # Errors
    /// As [`Store::holds`].
    pub fn hold(&self, card: &CardKey) -> Result<Option<Hold>, StoreError> {
        read_hold(&self.conn, &self.path, card)
    }

    /// Sets aside `card` (`Some`) or takes its hold off (`None`), in one transaction that first
    /// checks the card's hold is still `expected` (a bury of a past day counts as none). Never
    /// touches the review log or the card's state.
    ///
    /// # Errors
    /// [`StoreError::Stale`] if the hold is not `expected` (another window changed it): nothing
    /// is written. Otherwise the database cannot be written.
    pub fn set_hold(
        &mut self,
        card: &CardKey,
        expected: Option<Hold>,
        hold: Option<Hold>,
        today: StudyDay,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let path = self.path.clone();
        let fail = |e| super::classify(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(fail)?;
        let stored = read_hold(&tx, &path, card)?.filter(|h| !h.is_over(today));
        if stored != expected {
            return Err(StoreError::Stale {
                path: path.clone(),
                card: card.clone(),
            });
        }
        match hold {
            None => tx
                .execute("DELETE FROM holds WHERE card = ?1", [card.to_string()])
                .map_err(fail)?,
            Some(hold) => tx
                .execute(
                    "INSERT OR REPLACE INTO holds (card, hold, buried_day, since_ms)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![
                        card.to_string(),
                        hold.name(),
                        match hold {
                            Hold::Buried { day } => Some(day.0),
                            Hold::Suspended => None,
                        },
                        at.timestamp_millis()
                    ],
                )
                .map_err(fail)?,
        };
        tx.commit().map_err(fail)
    }
}

fn read_hold(
    conn: &rusqlite::Connection,
    path: &Path,
    card: &CardKey,
) -> Result<Option<Hold>, StoreError> {
    let row = conn
        .query_row(
            "SELECT hold, buried_day FROM holds WHERE card = ?1",
            [card.to_string()],
            |row| Ok((row.get::<_, String>(0)?, row.get::<_, Option<i64>>(1)?)),
        )
        .optional()
        .map_err(|e| super::classify(path, e))?;
    row.map(|(hold, day)| hold_of(path, &card.to_string(), &hold, day))
        .transpose()
}

fn hold_of(path: &Path, card: &str, hold: &str, day: Option<i64>) -> Result<Hold, StoreError> {
    match (hold, day) {
        ("suspended", None) => Ok(Hold::Suspended),
        ("buried", Some(day)) => Ok(Hold::Buried { day: StudyDay(day) }),
        _ => Err(StoreError::BadValue {
            path: path.to_owned(),
            detail: format!("card {card} has the hold {hold:?} (day {day:?})"),
        }),
    }
}
