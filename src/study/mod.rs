//! Study sessions, free of egui: a spaced-repetition [`review`] session over today's queue and
//! a [`quiz`] self-test. The window drives them; tests drive them directly.
//!
//! Every action takes the moment it happens; an action that makes no sense in the session's
//! phase is an error ([`StudyError::NotNow`]), never a panic.

mod deck;
pub mod present;
pub mod quiz;
pub mod review;

pub use deck::Deck;
pub use present::{Presentation, present};
pub use quiz::{FeedbackMode, QuizItem, QuizSession, QuizSetup};
pub use review::{At, Progress, ReviewPhase, ReviewSession};

use crate::bank::CardKey;

/// Why a study action failed.
#[derive(Debug, thiserror::Error)]
pub enum StudyError {
    /// The progress could not be read or saved.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// The card could not be scheduled.
    #[error(transparent)]
    Schedule(#[from] crate::schedule::ScheduleError),
    /// The response does not fit the question.
    #[error(transparent)]
    Grade(#[from] crate::grade::GradeError),
    /// The action makes no sense in the session's current phase.
    #[error("cannot {0} at this point")]
    NotNow(&'static str),
    /// The question was removed from its set (its file changed) during the session.
    #[error("the question {0} is no longer in any loaded set")]
    Gone(CardKey),
    /// No question matches the quiz's sets and tags.
    #[error("no question matches the chosen sets and tags")]
    NoQuestions,
}
