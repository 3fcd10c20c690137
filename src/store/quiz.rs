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
    /// Whether the student flagged the question to come back to.
    pub flagged: bool,
}

impl QuizAnswer {
    /// The row of a question not answered yet.
    pub fn unanswered(card: CardKey) -> Self {
        Self {
            card,
            response: "null".to_owned(),
            score: 0.0,
            correct: false,
            overridden: false,
            flagged: false,
        }
    }

    /// Whether the question was answered.
    pub fn is_answered(&self) -> bool {
        self.response != "null"
    }
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
    /// Whether feedback waits for the end (an exam) rather than following each answer.
    pub feedback_at_end: bool,
    /// Whether this is practice (a retry of mistakes): kept out of Best and Last.
    pub practice: bool,
}

/// An attempt that was neither finished nor discarded: the window was closed, or allydeck
/// stopped, while it ran. It can be resumed.
#[derive(Clone, Debug, PartialEq)]
pub struct UnfinishedQuiz {
    /// Row id.
    pub id: i64,
    /// How it began.
    pub start: QuizStart,
    /// Every question in order, answered or not.
    pub answers: Vec<QuizAnswer>,
}

impl UnfinishedQuiz {
    /// Questions answered so far.
    pub fn answered(&self) -> usize {
        self.answers.iter().filter(|a| a.is_answered()).count()
    }
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
             (attempt, position, card, response, score, correct, overridden, flagged)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        attempt,
        i64::try_from(position).unwrap_or(i64::MAX),
        answer.card.to_string(),
        answer.response,
        answer.score,
        answer.correct,
        answer.overridden,
        answer.flagged,
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
    /// Whether it was practice (a retry of mistakes), kept out of Best and Last.
    pub practice: bool,
}

impl Store {
    /// Writes a new attempt as it starts, with every question unanswered (the answers come
    /// one by one), in one transaction; returns its row id.
    ///
    /// # Errors
    /// The database cannot be written.
    pub fn start_quiz_attempt(
        &mut self,
        start: &QuizStart,
        cards: &[CardKey],
    ) -> Result<i64, StoreError> {
        let json = |value: &[String]| serde_json::to_string(value).unwrap_or_else(|_| "[]".into());
        let sets: Vec<String> = start.sets.iter().map(ToString::to_string).collect();
        let path = self.path.clone();
        let fail = |e| super::classify(&path, e);
        let tx = self.conn.transaction().map_err(fail)?;
        tx.execute(
            "INSERT INTO quiz_attempts (started_at_ms, utc_offset_s, seed, sets, tags,
                 time_limit_s, questions, feedback, practice)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                start.started_at.timestamp_millis(),
                start.utc_offset.local_minus_utc(),
                // SQLite integers are signed: the seed's bits are stored as they are.
                i64::from_ne_bytes(start.seed.to_ne_bytes()),
                json(&sets),
                json(&start.tags),
                start.time_limit_s,
                i64::try_from(start.questions).unwrap_or(i64::MAX),
                if start.feedback_at_end {
                    "at_end"
                } else {
                    "after_each"
                },
                start.practice,
            ],
        )
        .map_err(fail)?;
        let id = tx.last_insert_rowid();
        for (position, card) in cards.iter().enumerate() {
            insert_answer(&tx, id, position, &QuizAnswer::unanswered(card.clone()))
                .map_err(fail)?;
        }
        tx.commit().map_err(fail)?;
        Ok(id)
    }

    /// Marks a running attempt as discarded by the student at `at`: its answers stay, it is
    /// not offered for resuming, and it counts as practice. A finished attempt is left as it is.
    ///
    /// # Errors
    /// The database cannot be written.
    pub fn leave_quiz_attempt(&mut self, id: i64, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE quiz_attempts SET left_at_ms = ?2
                 WHERE id = ?1 AND finished_at_ms IS NULL AND left_at_ms IS NULL",
                params![id, at.timestamp_millis()],
            )
            .map_err(|e| self.error(e))?;
        Ok(())
    }

    /// The attempts that were neither finished nor discarded, the latest first.
    ///
    /// # Errors
    /// The database cannot be read, or holds a value no allydeck writes.
    pub fn unfinished_quizzes(&self) -> Result<Vec<UnfinishedQuiz>, StoreError> {
        let bad = |detail: String| StoreError::BadValue {
            path: self.path.clone(),
            detail,
        };
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, started_at_ms, utc_offset_s, seed, sets, tags, time_limit_s, questions,
                     feedback, practice
                 FROM quiz_attempts WHERE finished_at_ms IS NULL AND left_at_ms IS NULL
                 ORDER BY started_at_ms DESC, id DESC",
            )
            .map_err(|e| self.error(e))?;
        let rows = stmt
            .query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, i32>(2)?,
                    row.get::<_, i64>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, String>(5)?,
                    row.get::<_, Option<u32>>(6)?,
                    row.get::<_, i64>(7)?,
                    row.get::<_, String>(8)?,
                    row.get::<_, bool>(9)?,
                ))
            })
            .map_err(|e| self.error(e))?;
        let mut quizzes = Vec::new();
        for row in rows {
            let (
                id,
                started_ms,
                offset_s,
                seed,
                sets,
                tags,
                time_limit_s,
                questions,
                feedback,
                practice,
            ) = row.map_err(|e| self.error(e))?;
            let sets = self.json_list(id, "sets", &sets)?;
            let tags = self.json_list(id, "tags", &tags)?;
            let start = QuizStart {
                started_at: DateTime::from_timestamp_millis(started_ms)
                    .ok_or_else(|| bad(format!("quiz {id} started at {started_ms}")))?,
                utc_offset: self.quiz_offset(id, offset_s)?,
                seed: u64::from_ne_bytes(seed.to_ne_bytes()),
                sets: sets.into_iter().map(SetId::new).collect(),
                tags,
                time_limit_s,
                questions: usize::try_from(questions)
                    .map_err(|_| bad(format!("quiz {id} has {questions} questions")))?,
                feedback_at_end: match feedback.as_str() {
                    "at_end" => true,
                    "after_each" => false,
                    other => return Err(bad(format!("quiz {id} has feedback {other:?}"))),
                },
                practice,
            };
            quizzes.push(UnfinishedQuiz {
                id,
                start,
                answers: self.quiz_answers(id)?,
            });
        }
        Ok(quizzes)
    }

    /// A list stored as JSON in attempt `id`'s column `what` (its sets or tags).
    fn json_list(&self, id: i64, what: &str, text: &str) -> Result<Vec<String>, StoreError> {
        serde_json::from_str(text).map_err(|e| StoreError::BadValue {
            path: self.path.clone(),
            detail: format!("quiz {id} has {what} {text:?}: {e}"),
        })
    }

    /// Attempt `id`'s UTC offset, stored in seconds.
    fn quiz_offset(&self, id: i64, seconds: i32) -> Result<FixedOffset, StoreError> {
        FixedOffset::east_opt(seconds).ok_or_else(|| StoreError::BadValue {
            path: self.path.clone(),
            detail: format!("quiz {id} has UTC offset {seconds} s"),
        })
    }

    /// The stored rows of attempt `id`, by position.
    fn quiz_answers(&self, id: i64) -> Result<Vec<QuizAnswer>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT card, response, score, correct, overridden, flagged FROM quiz_answers
                 WHERE attempt = ?1 ORDER BY position",
            )
            .map_err(|e| self.error(e))?;
        let rows = stmt
            .query_map([id], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, f64>(2)?,
                    row.get::<_, bool>(3)?,
                    row.get::<_, bool>(4)?,
                    row.get::<_, bool>(5)?,
                ))
            })
            .map_err(|e| self.error(e))?;
        let mut answers = Vec::new();
        for row in rows {
            let (card, response, score, correct, overridden, flagged) =
                row.map_err(|e| self.error(e))?;
            let card = card.parse().map_err(|_| StoreError::BadValue {
                path: self.path.clone(),
                detail: format!("quiz {id} asks the card {card:?}"),
            })?;
            answers.push(QuizAnswer {
                card,
                response,
                score,
                correct,
                overridden,
                flagged,
            });
        }
        Ok(answers)
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
        let cards: Vec<CardKey> = attempt.answers.iter().map(|a| a.card.clone()).collect();
        let id = self.start_quiz_attempt(&attempt.start, &cards)?;
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
                     (SELECT COUNT(*) FROM quiz_answers q WHERE q.attempt = a.id AND q.overridden),
                     practice
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
                    row.get::<_, bool>(9)?,
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
                practice,
            ) = row.map_err(|e| self.error(e))?;
            let bad = |detail: String| StoreError::BadValue {
                path: self.path.clone(),
                detail,
            };
            let sets = self.json_list(id, "sets", &sets)?;
            attempts.push(QuizSummary {
                id,
                finished_at: DateTime::from_timestamp_millis(finished_ms)
                    .ok_or_else(|| bad(format!("quiz {id} ended at {finished_ms}")))?,
                utc_offset: self.quiz_offset(id, offset_s)?,
                sets: sets.into_iter().map(SetId::new).collect(),
                questions,
                correct,
                score,
                duration_ms,
                overridden,
                practice,
            });
        }
        Ok(attempts)
    }
}
