//! The review log and the card-state cache.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::{OptionalExtension as _, Row, params};

use super::{Store, StoreError};
use crate::bank::CardKey;
use crate::schedule::{
    CardState, DoneToday, Memory, Phase, Rating, ReviewEvent, Scheduler, StudyDay,
};

/// One answer, as the log keeps it and as `log export` writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewRecord {
    /// The card answered.
    pub card: CardKey,
    /// When, to the millisecond.
    pub at: DateTime<Utc>,
    /// The student's UTC offset then, which decides the study day.
    pub utc_offset: FixedOffset,
    /// How well.
    pub rating: Rating,
    /// How long the answer took, if known.
    pub duration_ms: Option<u32>,
    /// Whether the student overruled the grader's verdict: rated a wrong answer as recalled
    /// ("I was right"), or a right one `Again`.
    pub overridden: bool,
}

impl ReviewRecord {
    /// What the scheduler needs of it.
    pub fn event(&self) -> ReviewEvent {
        ReviewEvent {
            at: self.at,
            utc_offset: self.utc_offset,
            rating: self.rating,
        }
    }
}

/// A review as stored: the record, its row id and the card's phase before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredReview {
    /// Row id, for undo.
    pub id: i64,
    /// The answer.
    pub record: ReviewRecord,
    /// The card's phase before this answer (`New` for a first answer).
    pub kind: Phase,
}

const REVIEW_COLUMNS: &str =
    "id, card, reviewed_at_ms, utc_offset_s, rating, duration_ms, kind, overridden";
const CARD_COLUMNS: &str = "card, phase, stability, difficulty, due_ms, step, interval_days, reps, \
                            lapses, last_review_ms, last_review_day";

impl Store {
    /// Commits one answer: appends `record` to the log and writes the card's new state
    /// `after`, in one immediate transaction that first checks the card is still in the state
    /// `before` the answer was computed from (`None`: never answered). When this returns, both
    /// are on disk. The store schedules nothing: the caller computed `after`.
    ///
    /// # Errors
    /// [`StoreError::Stale`] if the stored state is not `before` (another window or a `log
    /// import` changed the card): nothing is written. Otherwise the database cannot be
    /// written (read-only, full disk, damaged), or the card has a review at that millisecond.
    pub fn commit_answer(
        &mut self,
        record: &ReviewRecord,
        before: Option<&CardState>,
        after: &CardState,
    ) -> Result<i64, StoreError> {
        let path = self.path.clone();
        let fail = |e| super::classify(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(fail)?;
        whole_millis(&path, record)?;
        expect_state(&tx, &path, &record.card, before)?;
        let kind = before.map_or(Phase::New, |s| s.phase);
        let id = insert_review(&tx, record, kind).map_err(fail)?;
        put_card(&tx, &record.card, after).map_err(fail)?;
        tx.commit().map_err(fail)?;
        Ok(id)
    }

    /// Replaces the review `id`, the answer just given, by `record` (the same answer with
    /// another rating) and the card's state `current` by `after`, in one transaction that
    /// checks the card is still in `current`. `before` is the state the answer started from.
    /// Returns the new review's row id.
    ///
    /// # Errors
    /// [`StoreError::Stale`] if the card or the review changed meanwhile (nothing is written),
    /// or the database cannot be written.
    pub fn replace_answer(
        &mut self,
        id: i64,
        record: &ReviewRecord,
        before: Option<&CardState>,
        current: &CardState,
        after: &CardState,
    ) -> Result<i64, StoreError> {
        let path = self.path.clone();
        let fail = |e| super::classify(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(fail)?;
        whole_millis(&path, record)?;
        expect_state(&tx, &path, &record.card, Some(current))?;
        delete_review(&tx, &path, id, &record.card)?;
        let kind = before.map_or(Phase::New, |s| s.phase);
        let new_id = insert_review(&tx, record, kind).map_err(fail)?;
        put_card(&tx, &record.card, after).map_err(fail)?;
        tx.commit().map_err(fail)?;
        Ok(new_id)
    }

    /// Takes back the review `id` of `card`, the last one given, and restores the state the
    /// card had before it (`None`: the card was new), in one transaction that checks the card
    /// is still in `current`, the state that review left it in.
    ///
    /// # Errors
    /// [`StoreError::Stale`] if the card or the review changed meanwhile (nothing is written),
    /// or the database cannot be written.
    pub fn undo_answer(
        &mut self,
        id: i64,
        card: &CardKey,
        current: &CardState,
        restore: Option<&CardState>,
    ) -> Result<(), StoreError> {
        let path = self.path.clone();
        let fail = |e| super::classify(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(fail)?;
        expect_state(&tx, &path, card, Some(current))?;
        delete_review(&tx, &path, id, card)?;
        match restore {
            Some(state) => put_card(&tx, card, state).map_err(fail)?,
            None => {
                tx.execute("DELETE FROM cards WHERE card = ?1", [card.to_string()])
                    .map_err(fail)?;
            }
        }
        tx.commit().map_err(fail)
    }

    /// Every cached card state, orphans included.
    ///
    /// # Errors
    /// The database cannot be read, or holds a value allydeck cannot have written.
    pub fn card_states(&self) -> Result<HashMap<CardKey, CardState>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {CARD_COLUMNS} FROM cards"))
            .map_err(|e| self.error(e))?;
        let rows = stmt
            .query_map([], card_from_row)
            .map_err(|e| self.error(e))?;
        let mut states = HashMap::new();
        for row in rows {
            let (key, state) = row.map_err(|e| self.error(e))?;
            let key = self.parse_key(&key)?;
            let state = state.map_err(|detail| StoreError::BadValue {
                path: self.path.clone(),
                detail,
            })?;
            states.insert(key, state);
        }
        Ok(states)
    }

    /// The cached state of one card, if it has history.
    ///
    /// # Errors
    /// As [`Store::card_states`].
    pub fn card_state(&self, key: &CardKey) -> Result<Option<CardState>, StoreError> {
        read_card(&self.conn, &self.path, key)
    }

    /// Every review, grouped by card and in time order within each card.
    ///
    /// # Errors
    /// As [`Store::card_states`].
    pub fn reviews(&self) -> Result<Vec<StoredReview>, StoreError> {
        self.query_reviews(
            &format!("SELECT {REVIEW_COLUMNS} FROM reviews ORDER BY card, reviewed_at_ms, id"),
            [],
        )
    }

    /// The reviews of one card, in time order.
    ///
    /// # Errors
    /// As [`Store::card_states`].
    pub fn reviews_of(&self, key: &CardKey) -> Result<Vec<StoredReview>, StoreError> {
        self.query_reviews(
            &format!(
                "SELECT {REVIEW_COLUMNS} FROM reviews WHERE card = ?1 ORDER BY reviewed_at_ms, id"
            ),
            [key.to_string()],
        )
    }

    /// Every review in time order (for export).
    ///
    /// # Errors
    /// As [`Store::card_states`].
    pub fn reviews_by_time(&self) -> Result<Vec<StoredReview>, StoreError> {
        self.query_reviews(
            &format!("SELECT {REVIEW_COLUMNS} FROM reviews ORDER BY reviewed_at_ms, card, id"),
            [],
        )
    }

    /// For each card with reviews: how many, and how many were not rated `Again`. One
    /// aggregate query, not the whole log in memory (the Sets screen shows it per question).
    ///
    /// # Errors
    /// As [`Store::card_states`].
    pub fn answer_counts(&self) -> Result<Vec<(CardKey, u32, u32)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT card, COUNT(*), SUM(rating != 1) FROM reviews GROUP BY card ORDER BY card",
            )
            .map_err(|e| self.error(e))?;
        let rows = stmt
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, i64>(2)?,
                ))
            })
            .map_err(|e| self.error(e))?;
        let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
        let mut counts = Vec::new();
        for row in rows {
            let (key, times, right) = row.map_err(|e| self.error(e))?;
            counts.push((self.parse_key(&key)?, count(times), count(right)));
        }
        Ok(counts)
    }

    /// Number of reviews in the log.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn review_count(&self) -> Result<u64, StoreError> {
        self.conn
            .query_row("SELECT COUNT(*) FROM reviews", [], |row| {
                row.get::<_, i64>(0)
            })
            .map(|n| u64::try_from(n).unwrap_or(0))
            .map_err(|e| self.error(e))
    }

    /// When the latest review in the log was given, if any.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn last_review_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let ms: Option<i64> = self
            .conn
            .query_row("SELECT MAX(reviewed_at_ms) FROM reviews", [], |row| {
                row.get(0)
            })
            .map_err(|e| self.error(e))?;
        Ok(ms.and_then(DateTime::from_timestamp_millis))
    }

    /// What was studied on the study day `today`: new cards introduced and reviews done, which
    /// count against the daily limits.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn done_on(
        &self,
        today: StudyDay,
        utc_offset: FixedOffset,
        rollover_hour: u8,
    ) -> Result<DoneToday, StoreError> {
        let start = today.start(utc_offset, rollover_hour).timestamp_millis();
        let end = today
            .plus(1)
            .start(utc_offset, rollover_hour)
            .timestamp_millis();
        let count = |kind: &str| -> Result<u32, StoreError> {
            self.conn
                .query_row(
                    "SELECT COUNT(*) FROM reviews
                     WHERE reviewed_at_ms >= ?1 AND reviewed_at_ms < ?2 AND kind = ?3",
                    params![start, end, kind],
                    |row| row.get::<_, i64>(0),
                )
                .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
                .map_err(|e| self.error(e))
        };
        Ok(DoneToday {
            new_cards: count(Phase::New.name())?,
            reviews: count(Phase::Review.name())?,
        })
    }

    /// Recomputes the cached state of every card (`only: None`) or of the given cards by
    /// replaying their reviews, and the `kind` of each review, in one transaction. Returns the
    /// number of cards rebuilt.
    ///
    /// # Errors
    /// The database cannot be read or written, or a history cannot be scheduled.
    pub fn rebuild(
        &mut self,
        scheduler: &Scheduler,
        only: Option<&BTreeSet<CardKey>>,
    ) -> Result<usize, StoreError> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction()
            .map_err(|e| super::classify(&path, e))?;
        let rebuilt = rebuild_within(&tx, &path, scheduler, only)?;
        tx.commit().map_err(|e| super::classify(&path, e))?;
        Ok(rebuilt)
    }

    fn query_reviews<P: rusqlite::Params>(
        &self,
        sql: &str,
        params: P,
    ) -> Result<Vec<StoredReview>, StoreError> {
        query_reviews(&self.conn, &self.path, sql, params)
    }

    fn parse_key(&self, key: &str) -> Result<CardKey, StoreError> {
        parse_key(&self.path, key)
    }
}

pub(super) fn parse_key(path: &Path, key: &str) -> Result<CardKey, StoreError> {
    key.parse()
        .map_err(|e: crate::bank::ids::BadCardKey| StoreError::BadValue {
            path: path.to_owned(),
            detail: e.to_string(),
        })
}

/// Replays the reviews of every card (`only: None`) or of the given cards inside `tx`,
/// rewriting their cached states and the `kind` of each review.
pub(super) fn rebuild_within(
    tx: &rusqlite::Transaction<'_>,
    path: &Path,
    scheduler: &Scheduler,
    only: Option<&BTreeSet<CardKey>>,
) -> Result<usize, StoreError> {
    let fail = |e| super::classify(path, e);
    let all_in_order = || {
        query_reviews(
            tx,
            path,
            &format!("SELECT {REVIEW_COLUMNS} FROM reviews ORDER BY card, reviewed_at_ms, id"),
            [],
        )
    };
    let reviews = match only {
        None => {
            tx.execute("DELETE FROM cards", []).map_err(fail)?;
            all_in_order()?
        }
        // Many cards: one ordered scan is far cheaper than a query per card.
        Some(keys) if keys.len() > 1000 => {
            let mut all = all_in_order()?;
            all.retain(|r| keys.contains(&r.record.card));
            all
        }
        Some(keys) => {
            let mut all = Vec::new();
            for key in keys {
                all.extend(query_reviews(
                    tx,
                    path,
                    &format!(
                        "SELECT {REVIEW_COLUMNS} FROM reviews WHERE card = ?1 \
                         ORDER BY reviewed_at_ms, id"
                    ),
                    [key.to_string()],
                )?);
            }
            all
        }
    };
    let mut set_kind = tx
        .prepare("UPDATE reviews SET kind = ?1 WHERE id = ?2")
        .map_err(fail)?;
    let mut rebuilt = 0;
    for history in reviews.chunk_by(|a, b| a.record.card == b.record.card) {
        let key = &history[0].record.card;
        let mut state = CardState::new_card();
        for review in history {
            if review.kind != state.phase {
                set_kind
                    .execute(params![state.phase.name(), review.id])
                    .map_err(fail)?;
            }
            state = scheduler
                .answer(key, &state, &review.record.event())
                .map_err(|e| StoreError::BadValue {
                    path: path.to_owned(),
                    detail: format!("the history of {key} cannot be replayed: {e}"),
                })?;
        }
        put_card(tx, key, &state).map_err(fail)?;
        rebuilt += 1;
    }
    Ok(rebuilt)
}

fn query_reviews<P: rusqlite::Params>(
    conn: &rusqlite::Connection,
    path: &Path,
    sql: &str,
    params: P,
) -> Result<Vec<StoredReview>, StoreError> {
    let fail = |e| super::classify(path, e);
    let mut stmt = conn.prepare_cached(sql).map_err(fail)?;
    let rows = stmt
        .query_map(params, |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, i32>(3)?,
                row.get::<_, u8>(4)?,
                row.get::<_, Option<u32>>(5)?,
                row.get::<_, String>(6)?,
                row.get::<_, bool>(7)?,
            ))
        })
        .map_err(fail)?;
    let mut reviews = Vec::new();
    for row in rows {
        let (id, card, at_ms, offset_s, rating, duration_ms, kind, overridden) =
            row.map_err(fail)?;
        let bad = |detail: String| StoreError::BadValue {
            path: path.to_owned(),
            detail,
        };
        reviews.push(StoredReview {
            id,
            record: ReviewRecord {
                card: parse_key(path, &card)?,
                at: DateTime::from_timestamp_millis(at_ms)
                    .ok_or_else(|| bad(format!("review {id} has time {at_ms}")))?,
                utc_offset: FixedOffset::east_opt(offset_s)
                    .ok_or_else(|| bad(format!("review {id} has UTC offset {offset_s} s")))?,
                rating: Rating::from_number(rating)
                    .ok_or_else(|| bad(format!("review {id} has rating {rating}")))?,
                duration_ms,
                overridden,
            },
            kind: Phase::from_name(&kind)
                .ok_or_else(|| bad(format!("review {id} has kind {kind:?}")))?,
        });
    }
    Ok(reviews)
}

/// Refuses a review timed to less than a millisecond: the log keeps milliseconds, so the state
/// computed from such a time would differ from the one read back, and every later write of the
/// card would be refused as stale.
fn whole_millis(path: &Path, record: &ReviewRecord) -> Result<(), StoreError> {
    if record.at.timestamp_subsec_nanos().is_multiple_of(1_000_000) {
        Ok(())
    } else {
        Err(StoreError::BadValue {
            path: path.to_owned(),
            detail: format!(
                "the review of {} at {} is timed to less than a millisecond; the log keeps \
                 whole milliseconds",
                record.card, record.at
            ),
        })
    }
}

/// Refuses to go on unless `card`'s stored state is `expected` (`None`: no state stored).
fn expect_state(
    conn: &rusqlite::Connection,
    path: &Path,
    card: &CardKey,
    expected: Option<&CardState>,
) -> Result<(), StoreError> {
    let stored = read_card(conn, path, card)?;
    if stored.as_ref() == expected {
        Ok(())
    } else {
        Err(StoreError::Stale {
            path: path.to_owned(),
            card: card.clone(),
        })
    }
}

/// Deletes the review `id` of `card`; a review that is not there (taken back by another
/// window) is a stale write.
fn delete_review(
    conn: &rusqlite::Connection,
    path: &Path,
    id: i64,
    card: &CardKey,
) -> Result<(), StoreError> {
    let deleted = conn
        .prepare_cached("DELETE FROM reviews WHERE id = ?1 AND card = ?2")
        .and_then(|mut stmt| stmt.execute(params![id, card.to_string()]))
        .map_err(|e| super::classify(path, e))?;
    if deleted == 1 {
        Ok(())
    } else {
        Err(StoreError::Stale {
            path: path.to_owned(),
            card: card.clone(),
        })
    }
}

/// The cached state of one card, if it has history.
fn read_card(
    conn: &rusqlite::Connection,
    path: &Path,
    key: &CardKey,
) -> Result<Option<CardState>, StoreError> {
    let found = conn
        .query_row(
            &format!("SELECT {CARD_COLUMNS} FROM cards WHERE card = ?1"),
            [key.to_string()],
            card_from_row,
        )
        .optional()
        .map_err(|e| super::classify(path, e))?;
    found
        .map(|(_, state)| {
            state.map_err(|detail| StoreError::BadValue {
                path: path.to_owned(),
                detail,
            })
        })
        .transpose()
}

/// Appends one review; returns its row id.
fn insert_review(
    conn: &rusqlite::Connection,
    review: &ReviewRecord,
    before: Phase,
) -> rusqlite::Result<i64> {
    conn.prepare_cached(&format!(
        "INSERT INTO reviews ({REVIEW_COLUMNS}) VALUES (NULL, ?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    ))?
    .execute(params![
        review.card.to_string(),
        review.at.timestamp_millis(),
        review.utc_offset.local_minus_utc(),
        review.rating.number(),
        review.duration_ms,
        before.name(),
        review.overridden,
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Writes (inserts or replaces) a card's cached state.
pub(super) fn put_card(
    conn: &rusqlite::Connection,
    key: &CardKey,
    state: &CardState,
) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!(
        "INSERT OR REPLACE INTO cards ({CARD_COLUMNS})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
    ))?
    .execute(params![
        key.to_string(),
        state.phase.name(),
        state.memory.map(|m| f64::from(m.stability)),
        state.memory.map(|m| f64::from(m.difficulty)),
        state.due.timestamp_millis(),
        state.step,
        state.interval_days,
        state.reps,
        state.lapses,
        state.last_review.map(|t| t.timestamp_millis()),
        state.last_review_day.map(|d| d.0),
    ])?;
    Ok(())
}

/// A card's key and its state, or what in the row cannot be read.
type CardRow = (String, Result<CardState, String>);

#[allow(clippy::cast_possible_truncation)] // Stability and difficulty were stored from f32.
fn card_from_row(row: &Row<'_>) -> rusqlite::Result<CardRow> {
    let key: String = row.get(0)?;
    let phase: String = row.get(1)?;
    let stability: Option<f64> = row.get(2)?;
    let difficulty: Option<f64> = row.get(3)?;
    let due_ms: i64 = row.get(4)?;
    let last_review_ms: Option<i64> = row.get(9)?;
    let state = (|| {
        Ok(CardState {
            phase: Phase::from_name(&phase)
                .ok_or_else(|| format!("card {key} has phase {phase:?}"))?,
            memory: stability.zip(difficulty).map(|(s, d)| Memory {
                stability: s as f32,
                difficulty: d as f32,
            }),
            due: DateTime::from_timestamp_millis(due_ms)
                .ok_or_else(|| format!("card {key} is due at {due_ms}"))?,
            step: row.get(5).map_err(|e| e.to_string())?,
            interval_days: row.get(6).map_err(|e| e.to_string())?,
            reps: row.get(7).map_err(|e| e.to_string())?,
            lapses: row.get(8).map_err(|e| e.to_string())?,
            last_review: last_review_ms.and_then(DateTime::from_timestamp_millis),
            last_review_day: row
                .get::<_, Option<i64>>(10)
                .map_err(|e| e.to_string())?
                .map(StudyDay),
        })
    })();
    Ok((key, state))
}
