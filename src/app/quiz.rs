//! A quiz that persists itself: the attempt is stored when it starts, each answer as it is
//! given and the totals when it ends, so leaving, a crash or a power cut loses no answer.
//! Quizzes never change the review schedule.

use chrono::{DateTime, Duration, Utc};

use super::{AppError, At, Collection};
use crate::grade::Response;
use crate::store::UnfinishedQuiz;
use crate::study::{FeedbackMode, QuizSession, QuizSetup, StudyError};

/// A running or finished quiz and its stored attempt.
#[derive(Clone, Debug)]
pub struct Quiz {
    session: QuizSession,
    attempt: i64,
    /// Whether the finished attempt's totals are stored, or why they could not be.
    saved: Option<Result<(), String>>,
}

impl Quiz {
    /// The questions, answers and clock.
    pub fn session(&self) -> &QuizSession {
        &self.session
    }

    /// Whether the quiz is over.
    pub fn is_finished(&self) -> bool {
        self.session.is_finished()
    }

    /// Why the finished quiz's score could not be saved, if it could not.
    pub fn save_error(&self) -> Option<&str> {
        match &self.saved {
            Some(Err(e)) => Some(e),
            _ => None,
        }
    }
}

/// A seed for a new quiz: from the moment, so that each quiz differs and a test can repeat one.
pub fn seed_from(now: DateTime<Utc>) -> u64 {
    u64::from_ne_bytes(now.timestamp_nanos_opt().unwrap_or_default().to_ne_bytes())
}

impl Collection {
    /// Draws a quiz and stores its attempt before the first question is shown.
    ///
    /// # Errors
    /// No question matches the setup, or the attempt cannot be stored (then no quiz starts:
    /// its answers could not be kept).
    pub fn start_quiz(&mut self, setup: QuizSetup, at: At) -> Result<Quiz, AppError> {
        let session = QuizSession::start(&self.deck, setup, at.now)?;
        self.begin(session, at)
    }

    /// A new quiz of the questions `quiz` got wrong or left unanswered; `None` if there were
    /// none.
    ///
    /// # Errors
    /// The attempt cannot be stored.
    pub fn retry_mistakes(&mut self, quiz: &Quiz, at: At) -> Result<Option<Quiz>, AppError> {
        match quiz
            .session
            .retry_mistakes(&self.deck, seed_from(at.now), at.now)
        {
            Some(session) => self.begin(session, at).map(Some),
            None => Ok(None),
        }
    }

    fn begin(&mut self, session: QuizSession, at: At) -> Result<Quiz, AppError> {
        let attempt = self
            .store
            .start_quiz_attempt(&session.opening(at.utc_offset), &session.cards())?;
        Ok(Quiz {
            session,
            attempt,
            saved: None,
        })
    }

    /// The quizzes left running when the window closed or allydeck stopped, the latest first:
    /// Home offers to resume them.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn unfinished_quizzes(&self) -> Result<Vec<UnfinishedQuiz>, AppError> {
        Ok(self.store.unfinished_quizzes()?)
    }

    /// Takes up the unfinished quiz stored as `attempt` where it was. A quiz whose time ran
    /// out meanwhile ends at its deadline and shows its results.
    ///
    /// # Errors
    /// No such unfinished quiz, its questions changed since, or the database cannot be read.
    pub fn resume_quiz(&mut self, attempt: i64, at: At) -> Result<Quiz, AppError> {
        let stored = self
            .store
            .unfinished_quizzes()?
            .into_iter()
            .find(|q| q.id == attempt)
            .ok_or(StudyError::NotNow("resume a quiz that is not unfinished"))?;
        let start = &stored.start;
        let setup = QuizSetup {
            sets: start.sets.clone(),
            tags: start.tags.clone(),
            count: start.questions,
            time_limit: start.time_limit_s.map(|s| Duration::seconds(i64::from(s))),
            feedback: if start.feedback_at_end {
                FeedbackMode::AtEnd
            } else {
                FeedbackMode::AfterEach
            },
            seed: start.seed,
        };
        let session = QuizSession::resume(
            &self.deck,
            setup,
            start.started_at,
            start.practice,
            &stored.answers,
            at.now,
        )?;
        let mut quiz = Quiz {
            session,
            attempt,
            saved: None,
        };
        self.settle(&mut quiz, at);
        Ok(quiz)
    }

    /// Discards an unfinished quiz: its answers stay stored, it is not offered again, and it
    /// counts as practice (kept out of Best and Last).
    ///
    /// # Errors
    /// The database cannot be written.
    pub fn discard_quiz(&mut self, attempt: i64, at: At) -> Result<(), AppError> {
        Ok(self.store.leave_quiz_attempt(attempt, at.now)?)
    }

    /// Discards the running `quiz` (see [`Collection::discard_quiz`]); a finished one is kept
    /// as it is.
    ///
    /// # Errors
    /// The database cannot be written.
    pub fn leave_quiz(&mut self, quiz: &Quiz, at: At) -> Result<(), AppError> {
        if quiz.is_finished() {
            return Ok(());
        }
        self.discard_quiz(quiz.attempt, at)
    }

    /// Shows another question of the quiz (its question list).
    ///
    /// # Errors
    /// Feedback is shown, the quiz is over, or no such question.
    pub fn quiz_go_to(&mut self, quiz: &mut Quiz, position: usize, at: At) -> Result<(), AppError> {
        let moved = quiz.session.go_to(position, at.now);
        self.settle(quiz, at);
        Ok(moved?)
    }

    /// Flags a question to come back to, or takes the flag off, and stores it.
    ///
    /// # Errors
    /// No such question, or the database cannot be written (then the flag is as before).
    pub fn toggle_quiz_flag(&mut self, quiz: &mut Quiz, position: usize) -> Result<(), AppError> {
        quiz.session.toggle_flag(position)?;
        let stored = match quiz.session.answer_record(position) {
            Some(answer) => self
                .store
                .record_quiz_answer(quiz.attempt, position, &answer)
                .map_err(AppError::from),
            None => Ok(()),
        };
        if stored.is_err() {
            quiz.session.toggle_flag(position)?;
        }
        stored
    }

    /// Answers the current question and stores the answer at once; a quiz that is over (its
    /// last question answered, or its time up) stores its totals.
    ///
    /// # Errors
    /// The quiz is not asking now, the response does not fit the question, or the answer
    /// cannot be stored.
    pub fn answer_quiz(
        &mut self,
        quiz: &mut Quiz,
        response: Response,
        at: At,
    ) -> Result<(), AppError> {
        let position = quiz.session.position();
        let answered = quiz.session.answer(response, at.now);
        let stored = match (&answered, quiz.session.answer_record(position)) {
            (Ok(()), Some(answer)) => self
                .store
                .record_quiz_answer(quiz.attempt, position, &answer)
                .map_err(AppError::from),
            _ => Ok(()),
        };
        self.settle(quiz, at);
        answered?;
        stored
    }

    /// "I was right": the student overrules the wrong verdict of the answer at `position`
    /// (on its feedback, or on the results). The stored answer counts as right from then on,
    /// and a finished attempt's totals are recomputed.
    ///
    /// # Errors
    /// The answer cannot be overruled (not answered, or graded right), or the store cannot be
    /// written.
    pub fn overrule_quiz(
        &mut self,
        quiz: &mut Quiz,
        position: usize,
        at: At,
    ) -> Result<(), AppError> {
        quiz.session.overrule(position)?;
        if let Some(answer) = quiz.session.answer_record(position) {
            self.store
                .record_quiz_answer(quiz.attempt, position, &answer)?;
        }
        if quiz.session.is_finished() {
            // The totals are rewritten; the attempt's times and offset stay as stored.
            let attempt = quiz.session.attempt(at.utc_offset);
            self.store.finish_quiz_attempt(quiz.attempt, &attempt)?;
        }
        Ok(())
    }

    /// Goes on after the feedback, or skips the current question.
    pub fn quiz_next(&mut self, quiz: &mut Quiz, at: At) {
        quiz.session.next(at.now);
        self.settle(quiz, at);
    }

    /// Ends the quiz now (or at its deadline, if that has passed) and stores its totals.
    pub fn finish_quiz(&mut self, quiz: &mut Quiz, at: At) {
        if !quiz.session.tick(at.now) {
            quiz.session.finish(at.now);
        }
        self.settle(quiz, at);
    }

    /// Ends the quiz if its time is up; returns whether it is over.
    pub fn tick_quiz(&mut self, quiz: &mut Quiz, at: At) -> bool {
        quiz.session.tick(at.now);
        self.settle(quiz, at);
        quiz.is_finished()
    }

    /// Stores the totals of a quiz that is over, once; a failed attempt is tried again at
    /// the next action (the disk may have been full for a moment).
    fn settle(&mut self, quiz: &mut Quiz, at: At) {
        if quiz.session.is_finished() && !matches!(quiz.saved, Some(Ok(()))) {
            let attempt = quiz.session.attempt(at.utc_offset);
            quiz.saved = Some(
                self.store
                    .finish_quiz_attempt(quiz.attempt, &attempt)
                    .map_err(|e| format!("The score could not be saved: {e}")),
            );
        }
    }
}
