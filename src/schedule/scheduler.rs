//! Answering a card: learning steps, FSRS intervals, fuzz, and replaying a history.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use fsrs::{FSRS, ItemState, MemoryState, NextStates};

use super::card::{CardState, Memory, Phase, Rating};
use super::config::{Config, ConfigError};
use super::day::StudyDay;
use super::fuzz;
use crate::bank::CardKey;

/// One review as the scheduler sees it: when, where on Earth, and how well.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReviewEvent {
    /// The moment of the answer.
    pub at: DateTime<Utc>,
    /// The student's UTC offset at that moment, which decides the study day.
    pub utc_offset: FixedOffset,
    /// The rating given.
    pub rating: Rating,
}

/// Why a card could not be scheduled.
#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    /// A setting out of range.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// FSRS rejected a memory state (it is not finite).
    #[error("the FSRS model cannot go on from this memory state: {0}")]
    Fsrs(#[from] fsrs::FSRSError),
}

/// FSRS-6 with the student's parameters (or the defaults), Anki's learning steps and fuzz.
#[derive(Clone, Debug)]
pub struct Scheduler {
    fsrs: FSRS,
    config: Config,
}

impl Scheduler {
    /// A scheduler with these settings, and their FSRS parameters (FSRS-6's defaults when
    /// none are set).
    ///
    /// # Errors
    /// A setting out of range.
    pub fn new(config: Config) -> Result<Self, ScheduleError> {
        config.validate()?;
        Ok(Self {
            fsrs: FSRS::new(&config.parameters)?,
            config,
        })
    }

    /// The settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The study day containing `at` for a student at `offset`.
    pub fn study_day(&self, at: DateTime<Utc>, offset: FixedOffset) -> StudyDay {
        StudyDay::of(at, offset, self.config.rollover_hour)
    }

    /// The state after answering `key` (in `state`) as `event` says.
    ///
    /// # Errors
    /// FSRS rejects the card's memory state (only if it is not finite, e.g. a corrupt cache).
    pub fn answer(
        &self,
        key: &CardKey,
        state: &CardState,
        event: &ReviewEvent,
    ) -> Result<CardState, ScheduleError> {
        let (next, today) = self.memory_states(state, event.at, event.utc_offset)?;
        Ok(self.after(key, state, event, &next, today))
    }

    /// What each of the four ratings would do to `key` (in `state`) at `at`, `Again` first,
    /// from one FSRS call: the answer's state and the buttons' intervals come from the same
    /// computation, so an answer costs one call whatever the student then chooses.
    ///
    /// # Errors
    /// As [`Scheduler::answer`].
    pub fn next_states(
        &self,
        key: &CardKey,
        state: &CardState,
        at: DateTime<Utc>,
        utc_offset: FixedOffset,
    ) -> Result<[CardState; 4], ScheduleError> {
        let (next, today) = self.memory_states(state, at, utc_offset)?;
        Ok(Rating::ALL.map(|rating| {
            let event = ReviewEvent {
                at,
                utc_offset,
                rating,
            };
            self.after(key, state, &event, &next, today)
        }))
    }

    /// FSRS's memory states after each rating, and the study day of `at`.
    fn memory_states(
        &self,
        state: &CardState,
        at: DateTime<Utc>,
        utc_offset: FixedOffset,
    ) -> Result<(NextStates, StudyDay), ScheduleError> {
        let today = self.study_day(at, utc_offset);
        let days_elapsed = state
            .last_review_day
            .map_or(0, |last| today.days_since(last));
        let previous = state.memory.map(|m| MemoryState {
            stability: m.stability,
            difficulty: m.difficulty,
        });
        let next = self
            .fsrs
            .next_states(previous, self.config.desired_retention, days_elapsed)?;
        Ok((next, today))
    }

    /// The state after `event`, given FSRS's memory states for it.
    fn after(
        &self,
        key: &CardKey,
        state: &CardState,
        event: &ReviewEvent,
        next: &NextStates,
        today: StudyDay,
    ) -> CardState {
        let chosen = pick(next, event.rating);
        let fuzz = self.config.fuzz.then(|| fuzz::factor(key, state.reps));
        let context = Context {
            event,
            today,
            next,
            fuzz,
        };
        let mut after = match state.phase {
            Phase::New | Phase::Learning => self.stepped(
                &self.config.learning_steps_secs,
                state.step,
                Phase::Learning,
                &context,
            ),
            Phase::Relearning => self.stepped(
                &self.config.relearning_steps_secs,
                state.step,
                Phase::Relearning,
                &context,
            ),
            Phase::Review => self.reviewed(&context),
        };
        after.memory = Some(Memory {
            stability: chosen.memory.stability,
            difficulty: chosen.memory.difficulty,
        });
        after.reps = state.reps + 1;
        after.lapses =
            state.lapses + u32::from(state.phase == Phase::Review && event.rating == Rating::Again);
        after.last_review = Some(event.at);
        after.last_review_day = Some(today);
        after
    }

    /// The state of a card after `events`, in order, starting new. The store's card table is a
    /// cache of this.
    ///
    /// # Errors
    /// As [`Scheduler::answer`].
    pub fn replay<I>(&self, key: &CardKey, events: I) -> Result<CardState, ScheduleError>
    where
        I: IntoIterator<Item = ReviewEvent>,
    {
        events
            .into_iter()
            .try_fold(CardState::new_card(), |state, event| {
                self.answer(key, &state, &event)
            })
    }

    /// A learning or relearning step: Again restarts, Hard repeats, Good advances or
    /// graduates, Easy graduates at once.
    fn stepped(&self, steps: &[u32], step: u32, phase: Phase, cx: &Context<'_>) -> CardState {
        let step_index = usize::try_from(step).unwrap_or(usize::MAX);
        let graduate = |rating| self.graduated(rating, cx);
        if steps.is_empty() || (step_index >= steps.len() && cx.event.rating != Rating::Again) {
            return graduate(cx.event.rating);
        }
        let stay = |step: u32, delay_secs: u32| CardState {
            phase,
            step,
            due: cx.event.at + Duration::seconds(i64::from(delay_secs)),
            interval_days: 0,
            ..CardState::new_card()
        };
        match cx.event.rating {
            Rating::Again => stay(0, steps[0]),
            Rating::Hard => {
                let delay = match (step_index, steps) {
                    // Between the first two steps, as in Anki.
                    (0, [first, second, ..]) => (first + second) / 2,
                    // Half as long again as the only step, at most a day more.
                    (0, [only]) => (only.saturating_mul(3) / 2).min(only.saturating_add(86_400)),
                    (i, _) => steps[i],
                };
                stay(step, delay)
            }
            Rating::Good if step_index + 1 < steps.len() => stay(step + 1, steps[step_index + 1]),
            Rating::Good | Rating::Easy => graduate(cx.event.rating),
        }
    }

    /// A card leaving (re)learning for the review phase.
    fn graduated(&self, rating: Rating, cx: &Context<'_>) -> CardState {
        // Each rating gets its own FSRS interval, in the same order as in `reviewed`. With the
        // default steps only Good and Easy graduate; with no steps, Again and Hard do too.
        let max = self.config.maximum_interval_days;
        let again = fuzz::apply(None, cx.next.again.interval, 1, max);
        let hard = fuzz::apply(cx.fuzz, cx.next.hard.interval, again, max);
        let good_floor = fuzz::apply(None, cx.next.hard.interval, again, max) + 1;
        let good = fuzz::apply(cx.fuzz, cx.next.good.interval, good_floor, max);
        let easy_floor = fuzz::apply(None, cx.next.good.interval, good_floor, max) + 1;
        let days = match rating {
            Rating::Again => again,
            Rating::Hard => hard,
            Rating::Good => good,
            Rating::Easy => fuzz::apply(cx.fuzz, cx.next.easy.interval, easy_floor, max),
        };
        self.due_in(days, cx)
    }

    /// A review-phase card answered: Again lapses it, the others pass with Hard < Good < Easy.
    fn reviewed(&self, cx: &Context<'_>) -> CardState {
        let max = self.config.maximum_interval_days;
        if cx.event.rating == Rating::Again {
            if let Some(&first) = self.config.relearning_steps_secs.first() {
                return CardState {
                    phase: Phase::Relearning,
                    step: 0,
                    due: cx.event.at + Duration::seconds(i64::from(first)),
                    ..CardState::new_card()
                };
            }
            return self.due_in(fuzz::apply(None, cx.next.again.interval, 1, max), cx);
        }
        let hard = fuzz::apply(cx.fuzz, cx.next.hard.interval, 1, max);
        let good = fuzz::apply(cx.fuzz, cx.next.good.interval, hard + 1, max);
        let easy = fuzz::apply(cx.fuzz, cx.next.easy.interval, good + 1, max);
        let days = match cx.event.rating {
            Rating::Hard => hard,
            Rating::Good => good,
            _ => easy,
        };
        self.due_in(days, cx)
    }

    /// In the review phase, due at the start of the study day `days` from today.
    fn due_in(&self, days: u32, cx: &Context<'_>) -> CardState {
        CardState {
            phase: Phase::Review,
            step: 0,
            interval_days: days,
            due: cx
                .today
                .plus(days)
                .start(cx.event.utc_offset, self.config.rollover_hour),
            ..CardState::new_card()
        }
    }
}

/// What one answer is computed from.
struct Context<'a> {
    event: &'a ReviewEvent,
    today: StudyDay,
    next: &'a NextStates,
    fuzz: Option<f64>,
}

fn pick(next: &NextStates, rating: Rating) -> &ItemState {
    match rating {
        Rating::Again => &next.again,
        Rating::Hard => &next.hard,
        Rating::Good => &next.good,
        Rating::Easy => &next.easy,
    }
}

#[cfg(test)]
mod tests;
