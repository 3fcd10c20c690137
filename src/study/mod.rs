//! Study, free of egui, writing nothing: the [`Deck`] (the questions with their cards' states
//! and today's queue, kept up to date per answer), how a question is [`present`]ed, and a
//! [`quiz`] self-test. The application layer (`crate::app`) drives them and persists what
//! they produce.
//!
//! Every action takes the moment it happens; an action that makes no sense in the session's
//! phase is an error ([`StudyError::NotNow`]), never a panic.

mod deck;
pub mod present;
pub mod quiz;

pub use deck::{Deck, DueCounts, LEARN_AHEAD, Today};
pub use present::{Presentation, present};
pub use quiz::{FeedbackMode, QuizItem, QuizSession, QuizSetup, ResumeError};

use chrono::{DateTime, FixedOffset, Utc};

/// The moment and place of a user action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct At {
    /// The moment.
    pub now: DateTime<Utc>,
    /// The student's UTC offset.
    pub utc_offset: FixedOffset,
}

/// Why a study action failed.
#[derive(Debug, thiserror::Error)]
pub enum StudyError {
    /// The response does not fit the question.
    #[error(transparent)]
    Grade(#[from] crate::grade::GradeError),
    /// The action makes no sense in the session's current phase.
    #[error("cannot {0} at this point")]
    NotNow(&'static str),
    /// No question matches the quiz's sets and tags.
    #[error("no question matches the chosen sets and tags")]
    NoQuestions,
}
