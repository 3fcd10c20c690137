//! A quiz that persists itself: the attempt is stored when it starts, each answer as it is
//! given and the totals when it ends, so leaving, a crash or a power cut loses no answer.
//! Quizzes never change the review schedule.

use chrono::{DateTime, Utc};

use super::{AppError, At, Collection};
use crate::grade::Response;
use crate::study::{QuizSession, QuizSetup};

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
            .start_quiz_attempt(&session.opening(at.utc_offset))?;
        Ok(Quiz {
            session,
            attempt,
            saved: None,
        })
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
