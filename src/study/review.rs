//! A spaced-repetition session: present a due card, take the answer, give feedback, let the
//! student adjust the rating, go on; undo the last answer.
//!
//! An answer is committed to the store the moment it is given (with the default rating:
//! `Again` if wrong, `Good` if right), so nothing answered is lost even if the window closes
//! during the feedback. Choosing `Hard` or `Easy` then replaces that review in one
//! transaction. Flashcards are committed when the student rates them.

use chrono::{DateTime, Duration, FixedOffset, Utc};

use super::present::{Presentation, present};
use super::{Deck, StudyError};
use std::sync::Arc;

use crate::bank::{Answer, CardKey, Question, SetId};
use crate::grade::{self, Response, Verdict};
use crate::schedule::{CardState, Queue, Rating, Scheduler, fuzz, rating_for};
use crate::store::{ReviewRecord, Store};

/// How far ahead a learning card may be shown when nothing else is due (Anki's default).
pub const LEARN_AHEAD: Duration = Duration::minutes(20);

/// Where the session is.
#[derive(Clone, Debug, PartialEq)]
pub enum ReviewPhase {
    /// A question is shown, waiting for the answer (or, for a flashcard, for "Show answer").
    Asking {
        /// The card asked.
        card: CardKey,
        /// The question as it was when shown: what is drawn and graded, even if its file
        /// changes meanwhile.
        question: Arc<Question>,
        /// How its options or items are arranged.
        presentation: Presentation,
    },
    /// A flashcard's back is shown; waiting for the student's rating.
    Revealed {
        /// The card asked.
        card: CardKey,
        /// The question as shown.
        question: Arc<Question>,
    },
    /// The answer is recorded; its feedback is shown, with the ratings the student may pick.
    Feedback {
        /// The card answered.
        card: CardKey,
        /// The question as answered.
        question: Arc<Question>,
        /// What the student gave (`None` for a flashcard).
        response: Option<Response>,
        /// The grade of the answer.
        verdict: Verdict,
        /// The rating recorded now.
        rating: Rating,
        /// The ratings the student may still choose, each with the state it leads to.
        choices: Vec<(Rating, CardState)>,
        /// How its options or items were arranged.
        presentation: Presentation,
    },
    /// Nothing is due now.
    Finished {
        /// When the next card of this session's scope falls due, if any.
        next_due: Option<DateTime<Utc>>,
    },
}

/// An answer this session committed, kept to undo it.
#[derive(Clone, Debug)]
struct Committed {
    review_id: i64,
    record: ReviewRecord,
    /// The card's state before the answer; `None` if it was new.
    before: Option<CardState>,
}

/// The moment and place of a user action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct At {
    /// The moment.
    pub now: DateTime<Utc>,
    /// The student's UTC offset.
    pub utc_offset: FixedOffset,
}

/// A review session over today's queue, for every set or one.
#[derive(Debug)]
pub struct ReviewSession {
    scope: Option<SetId>,
    phase: ReviewPhase,
    shown_at: DateTime<Utc>,
    committed: Vec<Committed>,
}

/// What the progress line shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Learning cards due now.
    pub learning: usize,
    /// Reviews left today.
    pub review: usize,
    /// New cards left today.
    pub new: usize,
    /// Answers given in this session.
    pub answered: usize,
}

impl ReviewSession {
    /// Starts a session over the cards due at `at`, in every set or only `scope`.
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn start(
        deck: &Deck,
        store: &Store,
        scheduler: &Scheduler,
        scope: Option<SetId>,
        at: At,
    ) -> Result<Self, StudyError> {
        let mut session = Self {
            scope,
            phase: ReviewPhase::Finished { next_due: None },
            shown_at: at.now,
            committed: Vec::new(),
        };
        session.advance(deck, store, scheduler, at, None)?;
        Ok(session)
    }

    /// Where the session is.
    pub fn phase(&self) -> &ReviewPhase {
        &self.phase
    }

    /// The set this session is limited to, if any.
    pub fn scope(&self) -> Option<&SetId> {
        self.scope.as_ref()
    }

    /// Whether there is an answer to undo.
    pub fn can_undo(&self) -> bool {
        !self.committed.is_empty()
    }

    /// What is left today, for the progress line.
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn progress(
        &self,
        deck: &Deck,
        store: &Store,
        scheduler: &Scheduler,
        at: At,
    ) -> Result<Progress, StudyError> {
        let queue = self.queue(deck, store, scheduler, at)?;
        Ok(Progress {
            learning: queue.learning.len(),
            review: queue.review.len(),
            new: queue.new.len(),
            answered: self.committed.len(),
        })
    }

    /// Answers the question shown with `response`: grades it, records it with the default
    /// rating and shows the feedback.
    ///
    /// # Errors
    /// Not asking an auto-graded question now, a response that does not fit it, or the
    /// store cannot be written (then nothing changes, and the answer can be given again).
    pub fn submit(
        &mut self,
        deck: &mut Deck,
        store: &mut Store,
        scheduler: &Scheduler,
        response: Response,
        at: At,
    ) -> Result<(), StudyError> {
        let ReviewPhase::Asking {
            card,
            question,
            presentation,
        } = &self.phase
        else {
            return Err(StudyError::NotNow("submit an answer"));
        };
        if matches!(question.answer, Answer::Flashcard(_)) {
            return Err(StudyError::NotNow("submit an answer to a flashcard"));
        }
        let verdict = grade::grade(&question.answer, &response)?;
        let rating = rating_for(verdict.correct, None);
        let (card, question, presentation) = (card.clone(), question.clone(), presentation.clone());
        self.commit(deck, store, scheduler, &card, rating, at)?;
        let choices = self.choices(scheduler, &card, verdict.correct, at)?;
        self.phase = ReviewPhase::Feedback {
            card,
            question,
            response: Some(response),
            verdict,
            rating,
            choices,
            presentation,
        };
        Ok(())
    }

    /// Shows the back of the flashcard being asked.
    ///
    /// # Errors
    /// Not asking a flashcard now.
    pub fn reveal(&mut self) -> Result<(), StudyError> {
        let ReviewPhase::Asking { card, question, .. } = &self.phase else {
            return Err(StudyError::NotNow("show the answer"));
        };
        if !matches!(question.answer, Answer::Flashcard(_)) {
            return Err(StudyError::NotNow(
                "reveal a question that must be answered",
            ));
        }
        self.phase = ReviewPhase::Revealed {
            card: card.clone(),
            question: question.clone(),
        };
        Ok(())
    }

    /// Rates the revealed flashcard, records it and shows the outcome.
    ///
    /// # Errors
    /// No flashcard revealed, or the store cannot be written.
    pub fn rate_flashcard(
        &mut self,
        deck: &mut Deck,
        store: &mut Store,
        scheduler: &Scheduler,
        rating: Rating,
        at: At,
    ) -> Result<(), StudyError> {
        let ReviewPhase::Revealed { card, question } = &self.phase else {
            return Err(StudyError::NotNow("rate a card whose answer is not shown"));
        };
        let (card, question) = (card.clone(), question.clone());
        let recalled = rating != Rating::Again;
        let verdict = grade::grade(&question.answer, &Response::Flashcard { recalled })?;
        self.commit(deck, store, scheduler, &card, rating, at)?;
        self.phase = ReviewPhase::Feedback {
            card,
            question,
            response: None,
            verdict,
            rating,
            choices: Vec::new(),
            presentation: Presentation::default(),
        };
        Ok(())
    }

    /// Changes the rating of the answer whose feedback is shown (`Hard` or `Easy` instead of
    /// `Good`), replacing the recorded review.
    ///
    /// # Errors
    /// No feedback shown, a rating not offered for this answer, or the store cannot be
    /// written (then the first rating stands).
    pub fn choose_rating(
        &mut self,
        deck: &mut Deck,
        store: &mut Store,
        rating: Rating,
    ) -> Result<(), StudyError> {
        let ReviewPhase::Feedback {
            card,
            rating: current,
            choices,
            ..
        } = &mut self.phase
        else {
            return Err(StudyError::NotNow("choose a rating"));
        };
        if *current == rating {
            return Ok(());
        }
        let after = choices
            .iter()
            .find(|(r, _)| *r == rating)
            .map(|(_, s)| s.clone())
            .ok_or(StudyError::NotNow("choose that rating for this answer"))?;
        let last = self
            .committed
            .last_mut()
            .ok_or(StudyError::NotNow("change a rating before answering"))?;
        let before_phase = last
            .before
            .as_ref()
            .map_or_else(|| CardState::new_card().phase, |state| state.phase);
        let record = ReviewRecord {
            rating,
            ..last.record.clone()
        };
        let id = store.replace_review(last.review_id, &record, before_phase, &after)?;
        last.review_id = id;
        last.record = record;
        deck.set_state(card, Some(after));
        *current = rating;
        Ok(())
    }

    /// Leaves the feedback for the next due card, or finishes.
    ///
    /// # Errors
    /// No feedback shown, or the store cannot be read.
    pub fn next(
        &mut self,
        deck: &Deck,
        store: &Store,
        scheduler: &Scheduler,
        at: At,
    ) -> Result<(), StudyError> {
        let ReviewPhase::Feedback { card, .. } = &self.phase else {
            return Err(StudyError::NotNow("go on before answering"));
        };
        let just_answered = card.clone();
        self.advance(deck, store, scheduler, at, Some(&just_answered))
    }

    /// Takes back the last answer of this session and asks that card again.
    ///
    /// # Errors
    /// Nothing to undo, or the store cannot be written (then nothing changes).
    pub fn undo(
        &mut self,
        deck: &mut Deck,
        store: &mut Store,
        scheduler: &Scheduler,
        at: At,
    ) -> Result<(), StudyError> {
        let last = self
            .committed
            .last()
            .ok_or(StudyError::NotNow("undo: nothing answered yet"))?;
        store.undo_review(last.review_id, &last.record.card, last.before.as_ref())?;
        let last = self
            .committed
            .pop()
            .ok_or(StudyError::NotNow("undo: nothing answered yet"))?;
        deck.set_state(&last.record.card, last.before.clone());
        self.shown_at = at.now;
        let reps = last.before.as_ref().map_or(0, |s| s.reps);
        match deck.question(&last.record.card) {
            Some(question) => {
                self.phase = ReviewPhase::Asking {
                    presentation: present(&question.answer, fuzz::hash(&last.record.card, reps)),
                    question: Arc::new(question.clone()),
                    card: last.record.card,
                };
                Ok(())
            }
            // Its question was removed from its set since: on to whatever is due.
            None => self.advance(deck, store, scheduler, at, None),
        }
    }

    /// Asks again from today's queue, keeping the answers this session can undo: after the
    /// question files were reloaded and the card shown changed or went away.
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn reask(
        &mut self,
        deck: &Deck,
        store: &Store,
        scheduler: &Scheduler,
        at: At,
    ) -> Result<(), StudyError> {
        self.advance(deck, store, scheduler, at, None)
    }

    fn queue(
        &self,
        deck: &Deck,
        store: &Store,
        scheduler: &Scheduler,
        at: At,
    ) -> Result<Queue, StudyError> {
        let config = scheduler.config();
        let today = scheduler.study_day(at.now, at.utc_offset);
        let done = store.done_on(today, at.utc_offset, config.rollover_hour)?;
        Ok(deck.queue(self.scope.as_ref(), at.now, at.utc_offset, config, done))
    }

    /// Shows the next card due (not `avoid`, the card just answered, if another is due), a
    /// learning card due within [`LEARN_AHEAD`] if nothing else is, or finishes.
    fn advance(
        &mut self,
        deck: &Deck,
        store: &Store,
        scheduler: &Scheduler,
        at: At,
        avoid: Option<&CardKey>,
    ) -> Result<(), StudyError> {
        let queue = self.queue(deck, store, scheduler, at)?;
        let order = queue.order();
        let mut next = order
            .iter()
            .find(|k| Some(**k) != avoid)
            .or_else(|| order.first())
            .map(|k| (*k).clone());
        if next.is_none()
            && let Some(due) = queue.next_learning_due
            && due <= at.now + LEARN_AHEAD
        {
            let ahead = At {
                now: due,
                utc_offset: at.utc_offset,
            };
            next = self
                .queue(deck, store, scheduler, ahead)?
                .learning
                .first()
                .cloned();
        }
        self.shown_at = at.now;
        self.phase = match next.and_then(|card| deck.question(&card).map(|q| (card, q))) {
            Some((card, question)) => {
                let reps = deck.state(&card).map_or(0, |s| s.reps);
                ReviewPhase::Asking {
                    presentation: present(&question.answer, fuzz::hash(&card, reps)),
                    question: Arc::new(question.clone()),
                    card,
                }
            }
            None => ReviewPhase::Finished {
                next_due: self.next_due(deck, at.now),
            },
        };
        Ok(())
    }

    fn next_due(&self, deck: &Deck, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        deck.cards()
            .filter(|k| self.scope.as_ref().is_none_or(|s| &k.set == s))
            .filter_map(|k| deck.state(k))
            .map(|s| s.due)
            .filter(|&due| due > now)
            .min()
    }

    /// Schedules and records one answer, and keeps it for undo.
    fn commit(
        &mut self,
        deck: &mut Deck,
        store: &mut Store,
        scheduler: &Scheduler,
        card: &CardKey,
        rating: Rating,
        at: At,
    ) -> Result<(), StudyError> {
        let duration = (at.now - self.shown_at).num_milliseconds();
        let record = ReviewRecord {
            card: card.clone(),
            at: at.now,
            utc_offset: at.utc_offset,
            rating,
            duration_ms: u32::try_from(duration.max(0)).ok(),
        };
        // The store schedules from the state it holds, so the cache stays a replay of the log.
        let answered = store.answer(scheduler, &record)?;
        deck.set_state(card, Some(answered.after));
        self.committed.push(Committed {
            review_id: answered.review_id,
            record: answered.record,
            before: answered.before,
        });
        Ok(())
    }

    /// The ratings a right answer may take instead of `Good`, with the states they lead to
    /// (computed from the state before the answer); none for a wrong one.
    fn choices(
        &self,
        scheduler: &Scheduler,
        card: &CardKey,
        correct: bool,
        at: At,
    ) -> Result<Vec<(Rating, CardState)>, StudyError> {
        let last = self
            .committed
            .last()
            .ok_or(StudyError::NotNow("rate before answering"))?;
        let before = last.before.clone().unwrap_or_default();
        let previews = scheduler.preview(card, &before, last.record.at, at.utc_offset)?;
        let wanted: &[Rating] = if correct {
            &[Rating::Hard, Rating::Good, Rating::Easy]
        } else {
            &[Rating::Again]
        };
        Ok(Rating::ALL
            .into_iter()
            .zip(previews)
            .filter(|(r, _)| wanted.contains(r))
            .collect())
    }
}

#[cfg(test)]
pub(crate) mod tests;
