//! A self-test: N questions drawn with a seed from chosen sets and tags, options shuffled, an
//! optional time limit, feedback after each question or at the end, and a score. A quiz is
//! stored as an attempt and never changes the review schedule.
//!
//! Flashcards are left out: a quiz scores what the student can show, and a flashcard is
//! graded by the student's own say-so.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use rand::SeedableRng as _;
use rand::rngs::Xoshiro256PlusPlus;
use rand::seq::SliceRandom as _;

use super::present::{Presentation, present};
use super::{Deck, StudyError};
use std::sync::Arc;

use crate::bank::{Answer, CardKey, Question, SetId};
use crate::grade::{self, Reading, Response, Verdict};
use crate::schedule::fuzz;
use crate::store::{QuizAnswer, QuizAttempt, QuizStart};

/// When the student sees whether an answer was right.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FeedbackMode {
    /// Right after each answer, before the next question.
    #[default]
    AfterEach,
    /// Only on the results screen, as in an exam.
    AtEnd,
}

/// What the student chose on the setup screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuizSetup {
    /// The sets to draw from (at least one).
    pub sets: Vec<SetId>,
    /// Only questions with one of these tags (the set's or the question's); empty: all.
    pub tags: Vec<String>,
    /// How many questions (fewer if fewer match).
    pub count: usize,
    /// The time limit, if any.
    pub time_limit: Option<Duration>,
    /// When to show feedback.
    pub feedback: FeedbackMode,
    /// The seed that draws the questions and arranges their options.
    pub seed: u64,
}

/// One question of a quiz and what became of it.
#[derive(Clone, Debug, PartialEq)]
pub struct QuizItem {
    /// The question's card.
    pub card: CardKey,
    /// The question as it was when the quiz began: what is drawn and graded, even if its file
    /// changes meanwhile.
    pub question: Arc<Question>,
    /// How its options or items are arranged.
    pub presentation: Presentation,
    /// How its set's answers are read (the set's language).
    pub reading: Reading,
    /// The answer and its grade, once answered.
    pub outcome: Option<(Response, Verdict)>,
    /// Whether the student overruled a wrong verdict ("I was right"): the answer then counts
    /// as right, with a full score.
    pub overridden: bool,
    /// Whether the student flagged the question to come back to.
    pub flagged: bool,
}

impl QuizItem {
    /// Whether the answer counts as right: graded right, or overruled by the student.
    pub fn is_right(&self) -> bool {
        self.overridden || self.outcome.as_ref().is_some_and(|(_, v)| v.correct)
    }

    /// The answer's score, 0 to 1: the grade's, or 1 once overruled.
    pub fn score(&self) -> f64 {
        if self.overridden {
            1.0
        } else {
            self.outcome.as_ref().map_or(0.0, |(_, v)| v.score)
        }
    }

    /// The stored form of the answer (`null` and 0 if unanswered).
    fn record(&self) -> QuizAnswer {
        QuizAnswer {
            card: self.card.clone(),
            response: self
                .outcome
                .as_ref()
                .and_then(|(r, _)| serde_json::to_string(r).ok())
                .unwrap_or_else(|| "null".to_owned()),
            score: self.score(),
            correct: self.is_right(),
            overridden: self.overridden,
            flagged: self.flagged,
        }
    }
}

/// A running or finished quiz.
#[derive(Clone, Debug)]
pub struct QuizSession {
    setup: QuizSetup,
    items: Vec<QuizItem>,
    current: usize,
    showing: Showing,
    started_at: DateTime<Utc>,
    finished_at: Option<DateTime<Utc>>,
    /// A retry of mistakes: practice, kept out of Best and Last.
    practice: bool,
    /// Whether the time limit ended the quiz.
    timed_out: bool,
}

/// What the quiz shows of its current question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Showing {
    /// The question, to answer.
    Question,
    /// The question, skipped earlier and offered again before the end.
    SkippedQuestion,
    /// The feedback on the answer just given.
    Feedback,
}

/// Why a stored quiz cannot be resumed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ResumeError {
    /// A question was removed from its set, or changed so that its answer no longer fits.
    #[error("its question {0} has been removed or changed since the quiz began")]
    Changed(CardKey),
}

/// The questions of `deck` a quiz with these sets and tags may draw.
pub fn eligible(deck: &Deck, sets: &[SetId], tags: &[String]) -> Vec<CardKey> {
    deck.cards()
        .filter(|key| sets.contains(&key.set))
        .filter(|key| {
            let Some(question) = deck.question(key) else {
                return false;
            };
            if matches!(question.answer, Answer::Flashcard(_)) {
                return false;
            }
            tags.is_empty() || {
                let set_tags = deck
                    .set_of(key)
                    .map(|s| s.set.tags.as_slice())
                    .unwrap_or_default();
                question
                    .tags
                    .iter()
                    .chain(set_tags)
                    .any(|tag| tags.iter().any(|wanted| wanted == tag))
            }
        })
        .cloned()
        .collect()
}

impl QuizSession {
    /// Draws the questions and starts the clock.
    ///
    /// # Errors
    /// No question matches the chosen sets and tags.
    pub fn start(deck: &Deck, setup: QuizSetup, now: DateTime<Utc>) -> Result<Self, StudyError> {
        let mut cards = eligible(deck, &setup.sets, &setup.tags);
        if cards.is_empty() || setup.count == 0 {
            return Err(StudyError::NoQuestions);
        }
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(setup.seed);
        cards.shuffle(&mut rng);
        cards.truncate(setup.count);
        Ok(Self::with_cards(deck, setup, cards, now))
    }

    fn with_cards(deck: &Deck, setup: QuizSetup, cards: Vec<CardKey>, now: DateTime<Utc>) -> Self {
        let salt = u32::try_from(setup.seed & 0xFFFF_FFFF).unwrap_or(0);
        let items = cards
            .into_iter()
            .filter_map(|card| {
                let question = deck.question(&card)?;
                let presentation = present(&question.answer, fuzz::hash(&card, salt));
                Some(QuizItem {
                    reading: deck.reading(&card),
                    card,
                    question: question.clone(),
                    presentation,
                    outcome: None,
                    overridden: false,
                    flagged: false,
                })
            })
            .collect();
        Self {
            setup,
            items,
            current: 0,
            showing: Showing::Question,
            started_at: now,
            finished_at: None,
            practice: false,
            timed_out: false,
        }
    }

    /// A quiz stored unfinished (the window closed, or allydeck stopped, while it ran), taken
    /// up where it was: the same questions, arranged the same way, with the answers given so
    /// far and the clock still running from when it began. Its stored answers are graded
    /// again (grading is deterministic) to show their feedback.
    ///
    /// # Errors
    /// A question is no longer in the deck, or its stored answer no longer fits it.
    pub fn resume(
        deck: &Deck,
        setup: QuizSetup,
        started_at: DateTime<Utc>,
        practice: bool,
        stored: &[QuizAnswer],
        now: DateTime<Utc>,
    ) -> Result<Self, ResumeError> {
        let salt = u32::try_from(setup.seed & 0xFFFF_FFFF).unwrap_or(0);
        let mut items = Vec::with_capacity(stored.len());
        for row in stored {
            let changed = || ResumeError::Changed(row.card.clone());
            let question = deck.question(&row.card).ok_or_else(changed)?;
            let reading = deck.reading(&row.card);
            let outcome = if row.is_answered() {
                let response: Response =
                    serde_json::from_str(&row.response).map_err(|_| changed())?;
                let verdict = grade::grade_with(&question.answer, &response, reading)
                    .map_err(|_| changed())?;
                Some((response, verdict))
            } else {
                None
            };
            items.push(QuizItem {
                presentation: present(&question.answer, fuzz::hash(&row.card, salt)),
                reading,
                card: row.card.clone(),
                question: question.clone(),
                outcome,
                overridden: row.overridden,
                flagged: row.flagged,
            });
        }
        let mut quiz = Self {
            setup,
            items,
            current: 0,
            showing: Showing::Question,
            started_at,
            finished_at: None,
            practice,
            timed_out: false,
        };
        match quiz.items.iter().position(|i| i.outcome.is_none()) {
            Some(first_open) => quiz.current = first_open,
            None => quiz.finish(now),
        }
        quiz.tick(now);
        Ok(quiz)
    }

    /// The setup this quiz was started with.
    pub fn setup(&self) -> &QuizSetup {
        &self.setup
    }

    /// Every question, in order.
    pub fn items(&self) -> &[QuizItem] {
        &self.items
    }

    /// The index of the question shown.
    pub fn position(&self) -> usize {
        self.current
    }

    /// The question shown, unless the quiz is over.
    pub fn current(&self) -> Option<&QuizItem> {
        if self.is_finished() {
            None
        } else {
            self.items.get(self.current)
        }
    }

    /// Whether the feedback of the current question is shown.
    pub fn showing_feedback(&self) -> bool {
        self.showing == Showing::Feedback
    }

    /// Whether the quiz is over.
    pub fn is_finished(&self) -> bool {
        self.finished_at.is_some()
    }

    /// Time left, if there is a limit.
    pub fn time_left(&self, now: DateTime<Utc>) -> Option<Duration> {
        let limit = self.setup.time_limit?;
        Some((self.started_at + limit - now).max(Duration::zero()))
    }

    /// Ends the quiz if its time is up; returns whether it did.
    pub fn tick(&mut self, now: DateTime<Utc>) -> bool {
        if !self.is_finished()
            && self
                .time_left(now)
                .is_some_and(|left| left <= Duration::zero())
        {
            let deadline = self.started_at + self.setup.time_limit.unwrap_or_default();
            self.finish(deadline);
            self.timed_out = true;
            return true;
        }
        false
    }

    /// Whether the time limit ended the quiz.
    pub fn timed_out(&self) -> bool {
        self.timed_out
    }

    /// Whether this is practice (a retry of mistakes), kept out of Best and Last.
    pub fn is_practice(&self) -> bool {
        self.practice
    }

    /// Questions not answered yet.
    pub fn unanswered(&self) -> usize {
        self.items.iter().filter(|i| i.outcome.is_none()).count()
    }

    /// Whether the question shown is one skipped earlier and offered again.
    pub fn skipped_again(&self) -> bool {
        self.showing == Showing::SkippedQuestion
    }

    /// Shows the question at `position` (from the question list). Not while feedback is shown
    /// or once the quiz is over.
    ///
    /// # Errors
    /// No such question, feedback is shown, or the quiz is over.
    pub fn go_to(&mut self, position: usize, now: DateTime<Utc>) -> Result<(), StudyError> {
        if self.tick(now) || self.is_finished() || self.showing_feedback() {
            return Err(StudyError::NotNow("go to another question"));
        }
        if position >= self.items.len() {
            return Err(StudyError::NotNow(
                "go to a question the quiz does not have",
            ));
        }
        self.current = position;
        self.showing = Showing::Question;
        Ok(())
    }

    /// Flags the question at `position` to come back to, or takes the flag off.
    ///
    /// # Errors
    /// No such question.
    pub fn toggle_flag(&mut self, position: usize) -> Result<(), StudyError> {
        let item = self
            .items
            .get_mut(position)
            .ok_or(StudyError::NotNow("flag a question the quiz does not have"))?;
        item.flagged = !item.flagged;
        Ok(())
    }

    /// Answers the current question.
    ///
    /// # Errors
    /// The quiz is over or the feedback is shown, or the response does not fit the question.
    pub fn answer(&mut self, response: Response, now: DateTime<Utc>) -> Result<(), StudyError> {
        if self.tick(now) {
            return Err(StudyError::NotNow("answer: the time is up"));
        }
        if self.showing_feedback() || self.is_finished() {
            return Err(StudyError::NotNow("answer now"));
        }
        let item = self
            .items
            .get_mut(self.current)
            .ok_or(StudyError::NotNow("answer: no question is shown"))?;
        if item.outcome.is_some() {
            return Err(StudyError::NotNow("answer a question already answered"));
        }
        let verdict = grade::grade_with(&item.question.answer, &response, item.reading)?;
        item.outcome = Some((response, verdict));
        match self.setup.feedback {
            FeedbackMode::AfterEach => self.showing = Showing::Feedback,
            FeedbackMode::AtEnd => self.advance(now),
        }
        Ok(())
    }

    /// Goes on after the feedback, or skips the current question unanswered.
    pub fn next(&mut self, now: DateTime<Utc>) {
        if self.tick(now) || self.is_finished() {
            return;
        }
        self.advance(now);
    }

    /// Shows the next unanswered question after the current one; past the last, the first
    /// one skipped (offered again before the quiz ends); with none left, ends the quiz.
    fn advance(&mut self, now: DateTime<Utc>) {
        self.showing = Showing::Question;
        let open = |i: &usize| self.items[*i].outcome.is_none();
        let after = (self.current + 1..self.items.len()).find(open);
        match after {
            Some(next) => self.current = next,
            None => match (0..self.items.len()).find(open) {
                Some(skipped) => {
                    self.current = skipped;
                    self.showing = Showing::SkippedQuestion;
                }
                None => self.finish(now),
            },
        }
    }

    /// Ends the quiz now; unanswered questions count as wrong.
    pub fn finish(&mut self, now: DateTime<Utc>) {
        if self.finished_at.is_none() {
            self.finished_at = Some(now.max(self.started_at));
            self.showing = Showing::Question;
        }
    }

    /// Questions answered right (overruled answers included).
    pub fn correct(&self) -> usize {
        self.items.iter().filter(|i| i.is_right()).count()
    }

    /// "I was right": the student overrules the wrong verdict of the answer at `position`,
    /// during the quiz (its feedback shown) or on the results. It then counts as right.
    ///
    /// # Errors
    /// No such question, or it was not answered, or its answer was graded right.
    pub fn overrule(&mut self, position: usize) -> Result<(), StudyError> {
        let item = self.items.get_mut(position).ok_or(StudyError::NotNow(
            "overrule a question the quiz does not have",
        ))?;
        match &item.outcome {
            Some((_, verdict)) if !verdict.correct => {
                item.overridden = true;
                Ok(())
            }
            Some(_) => Err(StudyError::NotNow("overrule an answer graded right")),
            None => Err(StudyError::NotNow("overrule a question not answered")),
        }
    }

    /// Mean score over all questions, 0 to 1, partial credit included.
    pub fn score(&self) -> f64 {
        if self.items.is_empty() {
            return 0.0;
        }
        #[allow(clippy::cast_precision_loss)] // A quiz has a handful of questions.
        let n = self.items.len() as f64;
        self.items.iter().map(QuizItem::score).sum::<f64>() / n
    }

    /// How long a finished quiz took (zero while it runs).
    pub fn duration(&self) -> Duration {
        self.finished_at
            .map_or_else(Duration::zero, |end| end - self.started_at)
    }

    /// How long the quiz took (so far, if running).
    pub fn elapsed(&self, now: DateTime<Utc>) -> Duration {
        self.finished_at.unwrap_or(now) - self.started_at
    }

    /// The stored form of the question at `position`, answered or not.
    pub fn answer_record(&self, position: usize) -> Option<QuizAnswer> {
        self.items.get(position).map(QuizItem::record)
    }

    /// The cards asked, in order.
    pub fn cards(&self) -> Vec<CardKey> {
        self.items.iter().map(|i| i.card.clone()).collect()
    }

    /// What is known of the attempt as it starts, to store before the first answer.
    pub fn opening(&self, utc_offset: FixedOffset) -> QuizStart {
        QuizStart {
            started_at: self.started_at,
            utc_offset,
            seed: self.setup.seed,
            sets: self.setup.sets.clone(),
            tags: self.setup.tags.clone(),
            time_limit_s: self
                .setup
                .time_limit
                .and_then(|d| u32::try_from(d.num_seconds()).ok()),
            questions: self.items.len(),
            feedback_at_end: self.setup.feedback == FeedbackMode::AtEnd,
            practice: self.practice,
        }
    }

    /// The attempt to store.
    pub fn attempt(&self, utc_offset: FixedOffset) -> QuizAttempt {
        QuizAttempt {
            start: self.opening(utc_offset),
            finished_at: self.finished_at.unwrap_or(self.started_at),
            answers: self.items.iter().map(QuizItem::record).collect(),
        }
    }

    /// A new quiz of the questions this one got wrong or left unanswered, newly arranged;
    /// `None` if there were none.
    pub fn retry_mistakes(&self, deck: &Deck, seed: u64, now: DateTime<Utc>) -> Option<Self> {
        let cards: Vec<CardKey> = self
            .items
            .iter()
            .filter(|i| !i.is_right())
            .map(|i| i.card.clone())
            .collect();
        if cards.is_empty() {
            return None;
        }
        let setup = QuizSetup {
            count: cards.len(),
            seed,
            ..self.setup.clone()
        };
        // Questions removed from their sets since are left out; if none is left, no quiz.
        let mut retry = Self::with_cards(deck, setup, cards, now);
        retry.practice = true;
        Some(retry).filter(|quiz| !quiz.items.is_empty())
    }
}

#[cfg(test)]
mod tests;
