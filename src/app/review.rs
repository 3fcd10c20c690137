//! A spaced-repetition session: present a due card, take the answer, give feedback, let the
//! student adjust the rating, go on; set a card aside (suspend, bury); undo up to
//! [`UNDO_STEPS`] of those, the latest first.
//!
//! An answer is scheduled once (one FSRS call gives the state after each of the four ratings)
//! and committed the moment it is given, with the default rating (`Again` if wrong, `Good` if
//! right), so nothing answered is lost even if the window closes during the feedback.
//! Choosing `Hard` or `Easy` then replaces that review in one transaction. Flashcards are
//! committed when the student rates them. Every write checks the card's stored state, so an
//! answer computed from a state another process has since changed is never applied.

use std::collections::VecDeque;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

use super::{AppError, At, Collection};
use crate::bank::{Answer, CardKey, Question, SetId};
use crate::grade::{self, Response, Verdict};
use crate::schedule::{CardState, Hold, Rating, fuzz, leech_warning, rating_for};
use crate::store::{ReviewRecord, StoreError};
use crate::study::StudyError;
use crate::study::present::{Presentation, present};

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
        /// The state each rating, `Again` to `Easy`, would lead to: for the buttons.
        previews: Box<[CardState; 4]>,
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
        /// Whether the rating overrules the verdict: a wrong answer the student said was right
        /// ("I was right"), or a right one rated `Again`.
        overridden: bool,
        /// The ratings the student may still choose, each with the state it leads to: all four
        /// after an auto-graded answer (the student has the last word), none after a
        /// flashcard, which the student rated already.
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

impl ReviewPhase {
    /// The card shown and its question, unless the session is finished.
    pub fn asked(&self) -> Option<(&CardKey, &Arc<Question>)> {
        match self {
            ReviewPhase::Asking { card, question, .. }
            | ReviewPhase::Revealed { card, question, .. }
            | ReviewPhase::Feedback { card, question, .. } => Some((card, question)),
            ReviewPhase::Finished { .. } => None,
        }
    }
}

/// How many steps (answers, suspends, buries) a session can take back, as in Anki.
pub const UNDO_STEPS: usize = 30;

/// An answer this session committed, kept to change its rating or undo it.
#[derive(Clone, Debug)]
struct Committed {
    review_id: i64,
    record: ReviewRecord,
    /// The card's state before the answer; `None` if it was new.
    before: Option<CardState>,
    /// The card's state the answer left it in, as stored.
    after: CardState,
}

/// One step of the session that Undo takes back.
#[derive(Clone, Debug)]
enum Step {
    /// An answer committed.
    Answer(Committed),
    /// A card set aside, or its hold taken off.
    Hold {
        card: CardKey,
        /// The hold before, and after.
        before: Option<Hold>,
        after: Option<Hold>,
        /// Where the session was: Undo goes back there.
        phase: ReviewPhase,
        /// The leech notice then.
        leech: Option<Leech>,
    },
}

/// What the next Undo takes back, for its button.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UndoStep {
    /// An answer.
    Answer,
    /// A suspend.
    Suspend,
    /// A bury.
    Bury,
}

/// A card this answer made a leech, or showed again to be one (Anki warns at the threshold,
/// then every half threshold).
#[derive(Clone, Debug, PartialEq)]
pub struct Leech {
    /// The card.
    pub card: CardKey,
    /// Its question, as asked.
    pub question: Arc<Question>,
    /// How many times it has been forgotten.
    pub lapses: u32,
}

/// A review session over today's queue, for every set or one.
#[derive(Debug)]
pub struct ReviewSession {
    scope: Option<SetId>,
    /// Reviewing ahead: after today's cards, the reviews due within this many days.
    ahead_days: Option<u32>,
    phase: ReviewPhase,
    shown_at: DateTime<Utc>,
    /// What Undo can take back, the latest last; at most [`UNDO_STEPS`].
    steps: VecDeque<Step>,
    /// Answers given in this session (and not taken back).
    answered: usize,
    /// The leech the last answer pointed out, until the session moves on.
    leech: Option<Leech>,
}

/// What the progress line shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Learning cards that come back today.
    pub learning: usize,
    /// Reviews left today.
    pub review: usize,
    /// New cards left today.
    pub new: usize,
    /// Reviewing ahead: the cards due within the chosen days, beyond today's.
    pub ahead: usize,
    /// Answers given in this session.
    pub answered: usize,
}

impl ReviewSession {
    /// Where the session is.
    pub fn phase(&self) -> &ReviewPhase {
        &self.phase
    }

    /// The set this session is limited to, if any.
    pub fn scope(&self) -> Option<&SetId> {
        self.scope.as_ref()
    }

    /// Whether there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.steps.is_empty()
    }

    /// What the next Undo takes back, if anything.
    pub fn undo_step(&self) -> Option<UndoStep> {
        self.steps.back().map(|step| match step {
            Step::Answer(_) => UndoStep::Answer,
            Step::Hold {
                after: Some(Hold::Buried { .. }),
                ..
            } => UndoStep::Bury,
            Step::Hold { .. } => UndoStep::Suspend,
        })
    }

    /// The card the next Undo is about, if any.
    pub fn undo_card(&self) -> Option<&CardKey> {
        self.steps.back().map(|step| match step {
            Step::Answer(committed) => &committed.record.card,
            Step::Hold { card, .. } => card,
        })
    }

    /// How many steps Undo can take back now (at most [`UNDO_STEPS`]).
    pub fn undo_depth(&self) -> usize {
        self.steps.len()
    }

    /// The leech the last answer pointed out, while its notice stands.
    pub fn leech(&self) -> Option<&Leech> {
        self.leech.as_ref()
    }

    /// Keeps a step for Undo, forgetting the oldest beyond [`UNDO_STEPS`] (it stays done).
    fn push_step(&mut self, step: Step) {
        if self.steps.len() == UNDO_STEPS {
            self.steps.pop_front();
        }
        self.steps.push_back(step);
    }
}

/// The moment of `at`, to the millisecond the log keeps: the state computed in memory is then
/// exactly the state stored and read back.
fn to_millis(now: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
}

impl Collection {
    /// Starts a session over the cards due at `at`, in every set or only `scope`.
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn start_review(
        &mut self,
        scope: Option<SetId>,
        at: At,
    ) -> Result<ReviewSession, AppError> {
        self.begin_review(scope, None, at)
    }

    /// Starts a session that reviews ahead ("study more"): today's cards first, then the
    /// review cards due within the next `days` days, the soonest first. Answers are
    /// scheduled as any answer is: FSRS takes the shorter time since the last review into
    /// account, and nothing else about later reviews changes.
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn start_review_ahead(
        &mut self,
        scope: Option<SetId>,
        days: u32,
        at: At,
    ) -> Result<ReviewSession, AppError> {
        self.begin_review(scope, Some(days), at)
    }

    fn begin_review(
        &mut self,
        scope: Option<SetId>,
        ahead_days: Option<u32>,
        at: At,
    ) -> Result<ReviewSession, AppError> {
        self.writable()?;
        // What another window or a command did today counts against today's limits, and what
        // it set aside stays aside.
        self.keep_day(at)?;
        self.recount_today()?;
        self.reread_holds()?;
        let mut session = ReviewSession {
            scope,
            ahead_days,
            phase: ReviewPhase::Finished { next_due: None },
            shown_at: at.now,
            steps: VecDeque::new(),
            answered: 0,
            leech: None,
        };
        self.advance(&mut session, at, None)?;
        Ok(session)
    }

    /// Allows `n` more new cards today ("study more"), on top of the daily allowance; the
    /// allowance of later days is unchanged.
    ///
    /// # Errors
    /// The store cannot be read (when a new study day begins).
    pub fn learn_more_new(&mut self, n: u32, at: At) -> Result<(), AppError> {
        self.writable()?;
        self.keep_day(at)?;
        let mut today = *self.deck.today();
        today.extra_new = today.extra_new.saturating_add(n);
        self.deck.set_today(today);
        Ok(())
    }

    /// What is left today, for the progress line: read off today's queue, never rebuilt.
    ///
    /// # Errors
    /// The store cannot be read (when a new study day begins).
    pub fn progress(&mut self, session: &ReviewSession, at: At) -> Result<Progress, AppError> {
        let counts = self.due_counts(session.scope.as_ref(), at)?;
        let ahead = session.ahead_days.map_or(0, |days| {
            self.deck
                .due_ahead(session.scope.as_ref(), days)
                .last()
                .copied()
                .unwrap_or(0)
        });
        Ok(Progress {
            learning: counts.learning,
            review: counts.review,
            new: counts.new,
            ahead,
            answered: session.answered,
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
        session: &mut ReviewSession,
        response: Response,
        at: At,
    ) -> Result<(), AppError> {
        let ReviewPhase::Asking {
            card,
            question,
            presentation,
        } = &session.phase
        else {
            return Err(StudyError::NotNow("submit an answer").into());
        };
        if matches!(question.answer, Answer::Flashcard(_)) {
            return Err(StudyError::NotNow("submit an answer to a flashcard").into());
        }
        let reading = self.deck.reading(card);
        let verdict =
            grade::grade_with(&question.answer, &response, reading).map_err(StudyError::from)?;
        let rating = rating_for(verdict.correct, None);
        let (card, question, presentation) = (card.clone(), question.clone(), presentation.clone());
        let next = self.commit(session, &card, rating, at)?;
        let choices = Rating::ALL.into_iter().zip(next).collect();
        session.phase = ReviewPhase::Feedback {
            card,
            question,
            response: Some(response),
            verdict,
            rating,
            overridden: false,
            choices,
            presentation,
        };
        Ok(())
    }

    /// Shows the back of the flashcard being asked, with what each rating would do.
    ///
    /// # Errors
    /// Not asking a flashcard now, or the card cannot be scheduled.
    pub fn reveal(&mut self, session: &mut ReviewSession, at: At) -> Result<(), AppError> {
        let ReviewPhase::Asking { card, question, .. } = &session.phase else {
            return Err(StudyError::NotNow("show the answer").into());
        };
        if !matches!(question.answer, Answer::Flashcard(_)) {
            return Err(StudyError::NotNow("reveal a question that must be answered").into());
        }
        let state = self.deck.state(card).cloned().unwrap_or_default();
        let previews =
            self.scheduler
                .next_states(card, &state, to_millis(at.now), at.utc_offset)?;
        session.phase = ReviewPhase::Revealed {
            card: card.clone(),
            question: question.clone(),
            previews: Box::new(previews),
        };
        Ok(())
    }

    /// Rates the revealed flashcard, records it and goes straight to the next card, as Anki
    /// does: the student has seen the answer and judged it; Undo takes the rating back.
    ///
    /// # Errors
    /// No flashcard revealed, or the store cannot be written (then the card stays revealed).
    pub fn rate_flashcard(
        &mut self,
        session: &mut ReviewSession,
        rating: Rating,
        at: At,
    ) -> Result<(), AppError> {
        let ReviewPhase::Revealed { card, question, .. } = &session.phase else {
            return Err(StudyError::NotNow("rate a card whose answer is not shown").into());
        };
        let (card, question) = (card.clone(), question.clone());
        let recalled = rating != Rating::Again;
        // A flashcard grades as the student says; the grade is checked, not shown.
        grade::grade(&question.answer, &Response::Flashcard { recalled })
            .map_err(StudyError::from)?;
        self.commit(session, &card, rating, at)?;
        self.advance(session, at, Some(&card))
    }

    /// Changes the rating of the answer whose feedback is shown, replacing the recorded
    /// review and the card's state in one checked write. Any rating may be chosen, as in
    /// Anki: `Hard` or `Easy` instead of `Good`, `Again` after a right answer (a lucky guess),
    /// or, after a wrong one, a passing rating (the student overrules the grader); a rating
    /// that overrules the verdict is recorded as overridden.
    ///
    /// # Errors
    /// No feedback shown, a rating not offered for this answer (a flashcard, rated already),
    /// or the store cannot be written (then the first rating stands).
    pub fn choose_rating(
        &mut self,
        session: &mut ReviewSession,
        rating: Rating,
    ) -> Result<(), AppError> {
        let ReviewPhase::Feedback {
            card,
            rating: current,
            choices,
            verdict,
            overridden,
            ..
        } = &mut session.phase
        else {
            return Err(StudyError::NotNow("choose a rating").into());
        };
        if *current == rating {
            return Ok(());
        }
        let overrules = verdict.correct == (rating == Rating::Again);
        let after = choices
            .iter()
            .find(|(r, _)| *r == rating)
            .map(|(_, s)| s.clone())
            .ok_or(StudyError::NotNow("choose that rating for this answer"))?;
        // The answer of the card whose feedback is shown, and no other.
        let Some(Step::Answer(last)) = session
            .steps
            .back_mut()
            .filter(|step| matches!(step, Step::Answer(c) if c.record.card == *card))
        else {
            return Err(StudyError::NotNow("change the rating of an answer not kept").into());
        };
        let record = ReviewRecord {
            rating,
            overridden: overrules,
            ..last.record.clone()
        };
        let id = self.store.replace_answer(
            last.review_id,
            &record,
            last.before.as_ref(),
            &last.after,
            &after,
        )?;
        last.review_id = id;
        last.record = record;
        last.after = after.clone();
        let (record, before) = (last.record.clone(), last.before.clone());
        self.relabel_if_earlier(&record, before.as_ref())?;
        let card = card.clone();
        *current = rating;
        *overridden = overrules;
        session.leech = self.leech_of(&card, before.as_ref(), &after);
        self.deck.set_state(&card, Some(after));
        Ok(())
    }

    /// "I was right": the student overrules a wrong verdict. The answer is accepted and rated
    /// `Good` (then `Hard` or `Easy` may still be chosen), recorded as overridden.
    ///
    /// # Errors
    /// No wrong answer's feedback shown, or the store cannot be written.
    pub fn overrule(&mut self, session: &mut ReviewSession) -> Result<(), AppError> {
        match &session.phase {
            ReviewPhase::Feedback {
                verdict, choices, ..
            } if !verdict.correct && !choices.is_empty() => {
                self.choose_rating(session, Rating::Good)
            }
            _ => Err(StudyError::NotNow("overrule a verdict that is not wrong").into()),
        }
    }

    /// Leaves the feedback for the next due card, or finishes.
    ///
    /// # Errors
    /// No feedback shown, or the store cannot be read.
    pub fn next(&mut self, session: &mut ReviewSession, at: At) -> Result<(), AppError> {
        let ReviewPhase::Feedback { card, .. } = &session.phase else {
            return Err(StudyError::NotNow("go on before answering").into());
        };
        let just_answered = card.clone();
        session.leech = None;
        self.advance(session, at, Some(&just_answered))
    }

    /// Takes back the latest step of this session: an answer (then that card is asked again),
    /// or a suspend or bury (the hold is taken off and the session is where it was). Up to
    /// [`UNDO_STEPS`] steps, the latest first.
    ///
    /// # Errors
    /// Nothing to undo, or the store cannot be written (then nothing changes).
    pub fn undo(&mut self, session: &mut ReviewSession, at: At) -> Result<(), AppError> {
        match session.steps.back() {
            None => Err(StudyError::NotNow("undo: nothing answered yet").into()),
            Some(Step::Answer(_)) => self.undo_answer(session, at),
            Some(Step::Hold { .. }) => self.undo_hold(session, at),
        }
    }

    fn undo_answer(&mut self, session: &mut ReviewSession, at: At) -> Result<(), AppError> {
        let Some(Step::Answer(last)) = session.steps.back() else {
            return Err(StudyError::NotNow("undo: nothing answered yet").into());
        };
        let undone = self.store.undo_answer(
            last.review_id,
            &last.record.card,
            &last.after,
            last.before.as_ref(),
        );
        if let Err(StoreError::Stale { .. }) = undone {
            // The card moved on elsewhere: this answer can no longer be taken back, so it
            // leaves the undo history (the one before it may still be undone), and its
            // feedback, whose ratings would change it, goes with it.
            let card = last.record.card.clone();
            session.steps.pop_back();
            // The deck takes the card's state as the store has it now, as an answer does.
            let now = self.store.card_state(&card)?;
            self.deck.set_state(&card, now);
            self.recount_today()?;
            if session.phase.asked().is_some_and(|(c, _)| *c == card) {
                if session.leech.as_ref().is_some_and(|l| l.card == card) {
                    session.leech = None;
                }
                self.advance(session, at, Some(&card))?;
            }
        }
        undone?;
        let Some(Step::Answer(last)) = session.steps.pop_back() else {
            return Err(StudyError::NotNow("undo: nothing answered yet").into());
        };
        session.answered = session.answered.saturating_sub(1);
        self.relabel_if_earlier(&last.record, last.before.as_ref())?;
        let card = last.record.card;
        if session.leech.as_ref().is_some_and(|l| l.card == card) {
            session.leech = None;
        }
        self.deck.set_state(&card, last.before.clone());
        let day = self
            .scheduler
            .study_day(last.record.at, last.record.utc_offset);
        let phase = last
            .before
            .as_ref()
            .map_or_else(|| CardState::new_card().phase, |s| s.phase);
        self.deck.count_done(day, phase, true);
        session.shown_at = at.now;
        let reps = last.before.as_ref().map_or(0, |s| s.reps);
        let held = self.deck.held_out(&card);
        match self.deck.question(&card).filter(|_| !held) {
            Some(question) => {
                session.phase = ReviewPhase::Asking {
                    presentation: present(&question.answer, fuzz::hash(&card, reps)),
                    question: question.clone(),
                    card,
                };
                Ok(())
            }
            // Its question was removed from its set since, or it is set aside: on to whatever
            // is due.
            None => self.advance(session, at, None),
        }
    }

    fn undo_hold(&mut self, session: &mut ReviewSession, at: At) -> Result<(), AppError> {
        let Some(Step::Hold {
            card,
            before,
            after,
            ..
        }) = session.steps.back()
        else {
            return Err(StudyError::NotNow("undo: nothing set aside").into());
        };
        let (card, before, after) = (card.clone(), *before, *after);
        self.keep_day(at)?;
        let today = self.deck.today().day;
        // A bury of a day that is over is no hold any more (the store says so too).
        let over = |hold: Option<Hold>| hold.filter(|h| !h.is_over(today));
        let written = self
            .store
            .set_hold(&card, over(after), over(before), today, at.now);
        if let Err(StoreError::Stale { .. }) = written {
            // Changed elsewhere since (another window unsuspended it): not ours to take back,
            // and the deck takes the hold the card has now.
            session.steps.pop_back();
            self.reread_hold(&card)?;
        }
        written?;
        let Some(Step::Hold {
            mut phase, leech, ..
        }) = session.steps.pop_back()
        else {
            return Err(StudyError::NotNow("undo: nothing set aside").into());
        };
        self.deck.set_hold(&card, over(before));
        session.shown_at = at.now;
        // Back where the session was: a feedback whose answer is no longer kept (beyond the
        // 30 steps) keeps no rating to change, and a card whose question has gone since, or
        // that is set aside, is not asked.
        if let ReviewPhase::Feedback { card, choices, .. } = &mut phase
            && !matches!(session.steps.back(), Some(Step::Answer(c)) if c.record.card == *card)
        {
            choices.clear();
        }
        let gone = matches!(&phase, ReviewPhase::Asking { card, .. } | ReviewPhase::Revealed { card, .. }
            if self.deck.question(card).is_none()
                || self.deck.held_out(card));
        session.phase = phase;
        session.leech = leech;
        if gone {
            self.advance(session, at, None)?;
        }
        Ok(())
    }

    /// Takes into the deck the hold `card` has in the store now (another window changed it).
    fn reread_hold(&mut self, card: &CardKey) -> Result<(), AppError> {
        let today = self.deck.today().day;
        let now = self.store.hold(card)?.filter(|h| !h.is_over(today));
        self.deck.set_hold(card, now);
        Ok(())
    }

    /// Suspends the card shown, as Anki's `@`, and goes on to the next card: it stays out of
    /// every queue until unsuspended. Answers already given stay in the log; Undo takes the
    /// suspend back.
    ///
    /// # Errors
    /// No card shown, or the store cannot be written (then nothing changes).
    pub fn suspend(&mut self, session: &mut ReviewSession, at: At) -> Result<(), AppError> {
        self.put_aside(session, true, at)
    }

    /// Buries the card shown until the next study day, as Anki's `-`, and goes on.
    ///
    /// # Errors
    /// As [`Collection::suspend`].
    pub fn bury(&mut self, session: &mut ReviewSession, at: At) -> Result<(), AppError> {
        self.put_aside(session, false, at)
    }

    fn put_aside(
        &mut self,
        session: &mut ReviewSession,
        suspend: bool,
        at: At,
    ) -> Result<(), AppError> {
        self.keep_day(at)?;
        let card = session
            .phase
            .asked()
            .map(|(card, _)| card.clone())
            .ok_or(StudyError::NotNow("set aside a card: none is shown"))?;
        let hold = if suspend {
            Hold::Suspended
        } else {
            Hold::Buried {
                day: self.deck.today().day,
            }
        };
        self.hold_taking_in(session, &card, hold, at)?;
        if session.leech.as_ref().is_some_and(|l| l.card == card) {
            session.leech = None;
        }
        self.advance(session, at, Some(&card))
    }

    /// Suspends the leech the notice points at (maybe the card before the one shown, after a
    /// flashcard), and goes on if it is the card shown.
    ///
    /// # Errors
    /// No leech pointed out, or the store cannot be written.
    pub fn suspend_leech(&mut self, session: &mut ReviewSession, at: At) -> Result<(), AppError> {
        let leech = session
            .leech
            .clone()
            .ok_or(StudyError::NotNow("suspend a leech: none is pointed out"))?;
        let shown = session.phase.asked().map(|(card, _)| card.clone());
        if shown.as_ref() == Some(&leech.card) {
            // Suspending the card shown puts its notice away.
            return self.suspend(session, at);
        }
        self.keep_day(at)?;
        self.hold_taking_in(session, &leech.card, Hold::Suspended, at)?;
        session.leech = None;
        Ok(())
    }

    /// Sets `card` aside with `hold`, taking in what another window did meanwhile: a card
    /// suspended there is aside already (no step to undo); one buried there is suspended from
    /// that bury when a suspend is asked for (a step Undo takes back to the bury).
    fn hold_taking_in(
        &mut self,
        session: &mut ReviewSession,
        card: &CardKey,
        hold: Hold,
        at: At,
    ) -> Result<(), AppError> {
        match self.hold_in_session(session, card, Some(hold), at) {
            Err(AppError::Store(StoreError::Stale { .. })) => {
                // The deck has the hold the store has now.
                let now = self.deck.hold(card);
                let enough = matches!(
                    (hold, now),
                    (_, Some(Hold::Suspended)) | (Hold::Buried { .. }, Some(Hold::Buried { .. }))
                );
                if enough {
                    Ok(())
                } else {
                    self.hold_in_session(session, card, Some(hold), at)
                }
            }
            other => other,
        }
    }

    /// Puts away the leech notice.
    pub fn dismiss_leech(session: &mut ReviewSession) {
        session.leech = None;
    }

    fn hold_in_session(
        &mut self,
        session: &mut ReviewSession,
        card: &CardKey,
        hold: Option<Hold>,
        at: At,
    ) -> Result<(), AppError> {
        self.writable()?;
        let before = self.deck.hold(card);
        if before == hold {
            // Nothing to do, and nothing for Undo to take back.
            return Ok(());
        }
        let written = self
            .store
            .set_hold(card, before, hold, self.deck.today().day, at.now);
        if let Err(StoreError::Stale { .. }) = written {
            self.reread_hold(card)?;
        }
        written?;
        self.deck.set_hold(card, hold);
        session.push_step(Step::Hold {
            card: card.clone(),
            before,
            after: hold,
            phase: session.phase.clone(),
            leech: session.leech.clone(),
        });
        Ok(())
    }

    /// Suspends a card (`Some(Hold::Suspended)`), buries it for today or takes its hold off
    /// (`None`), outside a session: the Sets screen's buttons.
    ///
    /// # Errors
    /// The store cannot be written, or another window changed the card's hold since it was
    /// read (then the hold it has now is read and nothing is written).
    pub fn set_hold(&mut self, card: &CardKey, hold: Option<Hold>, at: At) -> Result<(), AppError> {
        self.writable()?;
        self.keep_day(at)?;
        let before = self.deck.hold(card);
        let today = self.deck.today().day;
        let written = self.store.set_hold(card, before, hold, today, at.now);
        if let Err(StoreError::Stale { .. }) = written {
            self.reread_hold(card)?;
        }
        written?;
        self.deck.set_hold(card, hold);
        Ok(())
    }

    /// The leech notice an answer that took `card` from `before` to `after` calls for.
    fn leech_of(
        &self,
        card: &CardKey,
        before: Option<&CardState>,
        after: &CardState,
    ) -> Option<Leech> {
        let lapsed = after.lapses > before.map_or(0, |s| s.lapses);
        (lapsed && leech_warning(after.lapses, self.scheduler.config().leech_threshold))
            .then(|| {
                Some(Leech {
                    card: card.clone(),
                    question: self.deck.question(card)?.clone(),
                    lapses: after.lapses,
                })
            })
            .flatten()
    }

    /// Asks again from today's queue, keeping the answers this session can undo: after the
    /// question files were reloaded and the card shown changed or went away.
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn reask(&mut self, session: &mut ReviewSession, at: At) -> Result<(), AppError> {
        self.advance(session, at, None)
    }

    /// Shows the next card due (not `avoid`, the card just answered, if another is due), a
    /// learning card due soon if nothing else is, or finishes.
    fn advance(
        &mut self,
        session: &mut ReviewSession,
        at: At,
        avoid: Option<&CardKey>,
    ) -> Result<(), AppError> {
        self.keep_day(at)?;
        let scope = session.scope.as_ref();
        session.shown_at = at.now;
        let next = self
            .deck
            .next_card(scope, at.now, avoid)
            .or_else(|| {
                let days = session.ahead_days?;
                self.deck.next_ahead(scope, days, avoid)
            })
            .and_then(|card| {
                let question = self.deck.question(card)?;
                Some((card, question))
            });
        session.phase = match next {
            Some((card, question)) => {
                let reps = self.deck.state(card).map_or(0, |s| s.reps);
                ReviewPhase::Asking {
                    presentation: present(&question.answer, fuzz::hash(card, reps)),
                    question: question.clone(),
                    card: card.clone(),
                }
            }
            None => ReviewPhase::Finished {
                next_due: self.deck.next_due_after(scope, at.now),
            },
        };
        Ok(())
    }

    /// Schedules one answer (one FSRS call for all four ratings), commits it with a check of
    /// the state it was computed from, takes the new state into the deck and keeps the answer
    /// for undo. Returns the state after each rating, `Again` first.
    fn commit(
        &mut self,
        session: &mut ReviewSession,
        card: &CardKey,
        rating: Rating,
        at: At,
    ) -> Result<[CardState; 4], AppError> {
        let duration = (at.now - session.shown_at).num_milliseconds();
        let mut record = ReviewRecord {
            card: card.clone(),
            at: to_millis(at.now),
            utc_offset: at.utc_offset,
            rating,
            duration_ms: u32::try_from(duration.max(0)).ok(),
            overridden: false,
        };
        let mut before = self.deck.state(card).cloned();
        let (id, next) = match self.commit_from(&mut record, before.as_ref()) {
            // Another window or a `log import` changed the card since it was read: schedule
            // from the state it is in now, as Anki does when its card changed under it.
            Err(AppError::Store(StoreError::Stale { .. })) => {
                before = self.store.card_state(card)?;
                self.deck.set_state(card, before.clone());
                self.recount_today()?;
                self.commit_from(&mut record, before.as_ref())?
            }
            other => other?,
        };
        let after = next[usize::from(rating.number() - 1)].clone();
        self.deck.set_state(card, Some(after.clone()));
        let day = self.scheduler.study_day(record.at, record.utc_offset);
        let phase = before
            .as_ref()
            .map_or_else(|| CardState::new_card().phase, |s| s.phase);
        self.deck.count_done(day, phase, false);
        session.leech = self.leech_of(card, before.as_ref(), &after);
        session.answered += 1;
        session.push_step(Step::Answer(Committed {
            review_id: id,
            record,
            before,
            after,
        }));
        Ok(next)
    }

    /// Schedules `record` from `before` and commits it; returns its row id and the state
    /// after each rating.
    ///
    /// An answer is stored at the time it was given, always. One timed before the card's
    /// last review (the clock was set back, or a review was imported with a date ahead) takes
    /// its place in time: the card's state is its whole history replayed in time order, as
    /// `log rebuild` would make it. Only an answer in the very millisecond of the last one is
    /// moved on by a millisecond, as two reviews of a card cannot share one.
    fn commit_from(
        &mut self,
        record: &mut ReviewRecord,
        before: Option<&CardState>,
    ) -> Result<(i64, [CardState; 4]), AppError> {
        let last = before.and_then(|s| s.last_review);
        if last == Some(record.at) {
            record.at += Duration::milliseconds(1);
        }
        let earlier = last.is_some_and(|last| record.at < last);
        let next = if earlier {
            self.replayed_with(record)?
        } else {
            let state = before.cloned().unwrap_or_default();
            self.scheduler
                .next_states(&record.card, &state, record.at, record.utc_offset)?
        };
        let after = &next[usize::from(record.rating.number() - 1)];
        let id = self.store.commit_answer(record, before, after)?;
        self.relabel_if_earlier(record, before)?;
        Ok((id, next))
    }

    /// The card's state after `record` with each rating, `Again` first, the answer put in
    /// its place in time among the card's stored reviews.
    fn replayed_with(&self, record: &ReviewRecord) -> Result<[CardState; 4], AppError> {
        let history: Vec<_> = self
            .store
            .reviews_of(&record.card)?
            .iter()
            .map(|r| r.record.event())
            .collect();
        let mut states = Vec::with_capacity(4);
        for rating in Rating::ALL {
            let event = ReviewRecord {
                rating,
                ..record.clone()
            }
            .event();
            let mut events = history.clone();
            let place = events.partition_point(|e| e.at < event.at);
            events.insert(place, event);
            states.push(self.scheduler.replay(&record.card, events)?);
        }
        states
            .try_into()
            .map_err(|_| StudyError::NotNow("schedule an answer").into())
    }

    /// After a write of an answer timed before the card's last review: the phase recorded
    /// with each of the card's later reviews is derived from the ones before it, so it is
    /// recomputed by replaying the card (its state comes out as it was written).
    fn relabel_if_earlier(
        &mut self,
        record: &ReviewRecord,
        before: Option<&CardState>,
    ) -> Result<(), AppError> {
        if before
            .and_then(|s| s.last_review)
            .is_some_and(|last| record.at < last)
        {
            let card = std::collections::BTreeSet::from([record.card.clone()]);
            self.store.rebuild(&self.scheduler, Some(&card))?;
        }
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests;
