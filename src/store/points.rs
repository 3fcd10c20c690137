//! The rows statistics read, reduced to what they need: one point per review, one score per
//! set and quiz attempt. They live with the store, below `stats`, so that the store never
//! names anything above it.
//!
//! Set ids are read as typed [`SetId`]s through [`CardKey`]'s parser, once per distinct card:
//! no query cuts a set id out of a key's text.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::{Store, StoreError};
use crate::bank::{CardKey, SetId};
use crate::schedule::{Phase, Rating};

/// One review, reduced to what statistics need (a million of them fit in 24 MB).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReviewPoint {
    /// The moment, in milliseconds since 1970.
    pub at_ms: i64,
    /// The student's UTC offset then, in seconds.
    pub utc_offset_s: i32,
    /// The rating.
    pub rating: Rating,
    /// The card's phase before the answer.
    pub kind: Phase,
    /// Index of the card's set in the table the points come with.
    pub set: u32,
    /// Whether the student overruled the grader's verdict.
    pub overridden: bool,
}

/// A quiz score of one set in one attempt.
#[derive(Clone, Debug, PartialEq)]
pub struct QuizPoint {
    /// When the attempt ended.
    pub finished_at: DateTime<Utc>,
    /// The set.
    pub set: SetId,
    /// The mean score of that set's questions in the attempt, 0 to 1.
    pub score: f64,
}

/// A set's quiz scores: the best and the latest, each the mean score of that set's questions in
/// one attempt (an attempt over several sets counts for each of them).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SetScores {
    /// The best score, 0 to 1.
    pub best: f64,
    /// The latest score, 0 to 1.
    pub last: f64,
}

/// Card keys read from the database, each parsed once, with the index of its set in `sets`.
#[derive(Default)]
struct KeyTable {
    cards: HashMap<Box<str>, (CardKey, u32)>,
    sets: Vec<SetId>,
    set_index: HashMap<SetId, u32>,
}

impl KeyTable {
    fn get(&mut self, store: &Store, text: &str) -> Result<&(CardKey, u32), StoreError> {
        if !self.cards.contains_key(text) {
            let key = super::log::parse_key(&store.path, text)?;
            let set = if let Some(&i) = self.set_index.get(&key.set) {
                i
            } else {
                let i = u32::try_from(self.sets.len()).unwrap_or(u32::MAX);
                self.sets.push(key.set.clone());
                self.set_index.insert(key.set.clone(), i);
                i
            };
            self.cards.insert(text.into(), (key, set));
        }
        self.cards.get(text).ok_or_else(|| StoreError::BadValue {
            path: store.path.clone(),
            detail: format!("the card {text:?}"),
        })
    }
}

impl Store {
    /// The text in column `i` of `row` (empty if it is not text: the caller's check reports it).
    fn text_at<'r>(&self, row: &'r rusqlite::Row<'_>, i: usize) -> Result<&'r str, StoreError> {
        Ok(row
            .get_ref(i)
            .map_err(|e| self.error(e))?
            .as_str()
            .unwrap_or(""))
    }

    /// Every review reduced to what statistics need, in no particular order, with the table of
    /// set ids the points refer to. Reads a million reviews without allocating for each.
    ///
    /// # Errors
    /// The database cannot be read, or holds a value allydeck cannot have written.
    pub fn review_points(&self) -> Result<(Vec<SetId>, Vec<ReviewPoint>), StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT reviewed_at_ms, utc_offset_s, rating, kind, card, overridden FROM reviews",
            )
            .map_err(|e| self.error(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.error(e))?;
        let mut keys = KeyTable::default();
        let mut points = Vec::new();
        let bad = |detail: String| StoreError::BadValue {
            path: self.path.clone(),
            detail,
        };
        while let Some(row) = rows.next().map_err(|e| self.error(e))? {
            let at_ms: i64 = row.get(0).map_err(|e| self.error(e))?;
            let utc_offset_s: i32 = row.get(1).map_err(|e| self.error(e))?;
            let rating: u8 = row.get(2).map_err(|e| self.error(e))?;
            let kind = self.text_at(row, 3)?;
            let kind =
                Phase::from_name(kind).ok_or_else(|| bad(format!("a review has kind {kind:?}")))?;
            let card = self.text_at(row, 4)?;
            let set = keys.get(self, card)?.1;
            let overridden: bool = row.get(5).map_err(|e| self.error(e))?;
            points.push(ReviewPoint {
                overridden,
                at_ms,
                utc_offset_s,
                rating: Rating::from_number(rating)
                    .ok_or_else(|| bad(format!("a review has rating {rating}")))?,
                kind,
                set,
            });
        }
        Ok((keys.sets, points))
    }

    /// Every finished attempt's score per set (the mean of that set's questions in it), oldest
    /// attempt first, for the statistics. Practice (a retry of mistakes) is left out: its
    /// questions are the ones the student got wrong, so its score says little of the set.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn quiz_points(&self) -> Result<Vec<QuizPoint>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT a.id, a.finished_at_ms, q.card, q.score
                 FROM quiz_answers q JOIN quiz_attempts a ON a.id = q.attempt
                 WHERE a.finished_at_ms IS NOT NULL AND NOT a.practice
                 ORDER BY a.finished_at_ms, a.id, q.position",
            )
            .map_err(|e| self.error(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.error(e))?;
        let mut keys = KeyTable::default();
        let mut points = Vec::new();
        // The attempt being read, and its sets' score sums and counts in order of appearance.
        let mut current: Option<(i64, DateTime<Utc>)> = None;
        let mut sums: Vec<(SetId, f64, u32)> = Vec::new();
        let flush = |sums: &mut Vec<(SetId, f64, u32)>, at: DateTime<Utc>, out: &mut Vec<_>| {
            for (set, sum, n) in sums.drain(..) {
                out.push(QuizPoint {
                    finished_at: at,
                    set,
                    score: sum / f64::from(n.max(1)),
                });
            }
        };
        while let Some(row) = rows.next().map_err(|e| self.error(e))? {
            let id: i64 = row.get(0).map_err(|e| self.error(e))?;
            let finished_ms: i64 = row.get(1).map_err(|e| self.error(e))?;
            let card = self.text_at(row, 2)?;
            let score: f64 = row.get(3).map_err(|e| self.error(e))?;
            if current.is_none_or(|(cur, _)| cur != id) {
                if let Some((_, at)) = current {
                    flush(&mut sums, at, &mut points);
                }
                let at = DateTime::from_timestamp_millis(finished_ms).ok_or_else(|| {
                    StoreError::BadValue {
                        path: self.path.clone(),
                        detail: format!("a quiz ended at {finished_ms}"),
                    }
                })?;
                current = Some((id, at));
            }
            let set = &keys.get(self, card)?.0.set;
            match sums.iter_mut().find(|(s, _, _)| s == set) {
                Some(entry) => {
                    entry.1 += score;
                    entry.2 += 1;
                }
                None => sums.push((set.clone(), score, 1)),
            }
        }
        if let Some((_, at)) = current {
            flush(&mut sums, at, &mut points);
        }
        Ok(points)
    }

    /// Best and latest quiz scores per set.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn quiz_set_scores(&self) -> Result<HashMap<SetId, SetScores>, StoreError> {
        let mut scores = HashMap::new();
        for point in self.quiz_points()? {
            scores
                .entry(point.set)
                .and_modify(|s: &mut SetScores| {
                    s.best = s.best.max(point.score);
                    s.last = point.score;
                })
                .or_insert(SetScores {
                    best: point.score,
                    last: point.score,
                });
        }
        Ok(scores)
    }
}
