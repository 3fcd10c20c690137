//! Quiz attempts: self-tests and their answers. They are scores, not reviews: a quiz never
//! changes the review schedule.

use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::params;

use super::{Store, StoreError};
use crate::bank::{CardKey, SetId};

/// One answered question of a quiz.
#[derive(Clone, Debug, PartialEq)]
pub struct QuizAnswer {
    /// The question.
    pub card: CardKey,
    /// What the student gave, as JSON (a `grade::Response`); `null` if unanswered.
    pub response: String,
    /// 0 to 1.
    pub score: f64,
    /// Whether it counted as right.
    pub correct: bool,
    /// Whether the student overruled a wrong verdict ("I was right").
    pub overridden: bool,
}

/// A finished quiz.
#[derive(Clone, Debug, PartialEq)]
pub struct QuizAttempt {
    /// How it began: when, the seed, the sets and tags chosen, the time limit.
    pub start: QuizStart,
    /// When the quiz ended (submitted or timed out).
    pub finished_at: DateTime<Utc>,
    /// Every question asked, in order.
    pub answers: Vec<QuizAnswer>,
}

impl QuizAttempt {
    /// Questions answered right.
    pub fn correct(&self) -> usize {
        self.answers.iter().filter(|a| a.correct).count()
    }

    /// The mean score of the questions, 0 to 1 (partial credit included).
    pub fn score(&self) -> f64 {
        if self.answers.is_empty() {
            return 0.0;
        }
        #[allow(clippy::cast_precision_loss)] // A quiz has a handful of questions.
        let n = self.answers.len() as f64;
        self.answers.iter().map(|a| a.score).sum::<f64>() / n
    }
}

/// What is known of an attempt when it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct QuizStart {
    /// When the first question was shown.
    pub started_at: DateTime<Utc>,
    /// The student's UTC offset.
    pub utc_offset: FixedOffset,
    /// The seed that drew and shuffled the questions.
    pub seed: u64,
    /// The sets chosen.
    pub sets: Vec<SetId>,
    /// The tags chosen (empty: all).
    pub tags: Vec<String>,
    /// The time limit, if any.
    pub time_limit_s: Option<u32>,
    /// How many questions the quiz has.
    pub questions: usize,
}

/// Writes (or rewrites) the answer at `position` of attempt `attempt`.
fn insert_answer(
    conn: &rusqlite::Connection,
    attempt: i64,
    position: usize,
    answer: &QuizAnswer,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO quiz_answers
             (attempt, position, card, response, score, correct, overridden)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        attempt,
        i64::try_from(position).unwrap_or(i64::MAX),
        answer.card.to_string(),
        answer.response,
        answer.score,
        answer.correct,
        answer.overridden,
    ])?;
    Ok(())
}

/// A stored attempt, summarised.
#[derive(Clone, Debug, PartialEq)]
pub struct QuizSummary {
    /// Row id.
    pub id: i64,
    /// When it ended.
    pub finished_at: DateTime<Utc>,
    /// The student's UTC offset then.
    pub utc_offset: FixedOffset,
    /// The sets chosen.
    pub sets: Vec<SetId>,
    /// Questions asked.
    pub questions: u32,
    /// Questions right.
    pub correct: u32,
    /// Mean score, 0 to 1.
    pub score: f64,
    /// How long it took.
    pub duration_ms: i64,
    /// Answers the student overruled ("I was right"), counted as right.
    pub overridden: u32,
}

impl Store {
    /// Writes a new attempt as it starts (its answers come one by one); returns its row id.
    ///
    /// # Errors
    /// The database cannot be written.
    pub fn start_quiz_attempt(&mut self, start: &QuizStart) -> Result<i64, StoreError> {
        let json = |value: &[String]| serde_json::to_string(value).unwrap_or_else(|_| "[]".into());
        let sets: Vec<String> = start.sets.iter().map(ToString::to_string).collect();
        self.conn
            .execute(
                "INSERT INTO quiz_attempts (started_at_ms, utc_offset_s, seed, sets, tags,
                     time_limit_s, questions)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    start.started_at.timestamp_millis(),
                    start.utc_offset.local_minus_utc(),
                    // SQLite integers are signed: the seed's bits are stored as they are.
                    i64::from_ne_bytes(start.seed.to_ne_bytes()),
                    json(&sets),
                    json(&start.tags),
                    start.time_limit_s,
                    i64::try_from(start.questions).unwrap_or(i64::MAX),
                ],
            )
            .map_err(|e| self.error(e))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Stores one answer of a running attempt, at its position, the moment it is given.
    ///
    /// # Errors
    /// The database cannot be written.
    pub fn record_quiz_answer(
        &mut self,
        attempt: i64,
        position: usize,
        answer: &QuizAnswer,
    ) -> Result<(), StoreError> {
        insert_answer(&self.conn, attempt, position, answer).map_err(|e| self.error(e))
    }

    /// Ends an attempt: every answer (unanswered questions as `null`, scoring 0) and the
    /// totals, in one transaction.
    ///
    /// # Errors
    /// The database cannot be written.
    pub fn finish_quiz_attempt(
        &mut self,
        id: i64,
        attempt: &QuizAttempt,
    ) -> Result<(), StoreError> {
        let path = self.path.clone();
        let fail = |e| super::classify(&path, e);
        let tx = self.conn.transaction().map_err(fail)?;
        for (position, answer) in attempt.answers.iter().enumerate() {
            insert_answer(&tx, id, position, answer).map_err(fail)?;
        }
        tx.execute(
            "UPDATE quiz_attempts SET finished_at_ms = ?2, questions = ?3, correct = ?4, score = ?5,
                 duration_ms = ?6
             WHERE id = ?1",
            params![
                id,
                attempt.finished_at.timestamp_millis(),
                i64::try_from(attempt.answers.len()).unwrap_or(i64::MAX),
                i64::try_from(attempt.correct()).unwrap_or(i64::MAX),
                attempt.score(),
                (attempt.finished_at - attempt.start.started_at).num_milliseconds(),
            ],
        )
        .map_err(fail)?;
        tx.commit().map_err(fail)
    }

    /// Stores a finished quiz whole: start, answers and end. Returns its row id.
    ///
    /// # Errors
    /// The database cannot be written.
    pub fn record_quiz_attempt(&mut self, attempt: &QuizAttempt) -> Result<i64, StoreError> {
        let id = self.start_quiz_attempt(&attempt.start)?;
        self.finish_quiz_attempt(id, attempt)?;
        Ok(id)
    }

    /// Every stored quiz, oldest first.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn quiz_attempts(&self) -> Result<Vec<QuizSummary>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, finished_at_ms, sets, questions, correct, score, duration_ms,
                     utc_offset_s,
                     (SELECT COUNT(*) FROM quiz_answers q WHERE q.attempt = a.id AND q.overridden)
                 FROM quiz_attempts a WHERE finished_at_ms IS NOT NULL
                 ORDER BY finished_at_ms, id",
            )
            .map_err(|e| self.error(e))?;
        let rows = stmt
            .query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, u32>(3)?,
                    row.get::<_, u32>(4)?,
                    row.get::<_, f64>(5)?,
                    row.get::<_, i64>(6)?,
                    row.get::<_, i32>(7)?,
                    row.get::<_, u32>(8)?,
                ))
            })
            .map_err(|e| self.error(e))?;
        let mut attempts = Vec::new();
        for row in rows {
            let (
                id,
                finished_ms,
                sets,
                questions,
                correct,
                score,
                duration_ms,
                offset_s,
                overridden,
            ) = row.map_err(|e| self.error(e))?;
            let bad = |detail: String| StoreError::BadValue {
                path: self.path.clone(),
                detail,
            };
            let sets: Vec<String> = serde_json::from_str(&sets)
                .map_err(|e| bad(format!("quiz {id} has sets {sets:?}: {e}")))?;
            attempts.push(QuizSummary {
                id,
                finished_at: DateTime::from_timestamp_millis(finished_ms)
                    .ok_or_else(|| bad(format!("quiz {id} ended at {finished_ms}")))?,
                utc_offset: FixedOffset::east_opt(offset_s)
                    .ok_or_else(|| bad(format!("quiz {id} has UTC offset {offset_s} s")))?,
                sets: sets.into_iter().map(SetId::new).collect(),
                questions,
                correct,
                score,
                duration_ms,
                overridden,
            });
        }
        Ok(attempts)
    }
}
