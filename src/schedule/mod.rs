//! Spaced repetition: FSRS-6 through the `fsrs` crate, with Anki's learning steps, study days,
//! fuzz and daily queue.
//!
//! Nothing here reads the clock: every function takes the moment and the student's UTC offset.
//! A card's state is a pure function of its reviews ([`Scheduler::replay`]), so the review log
//! is the truth and every cached state can be rebuilt from it.

mod card;
mod config;
mod day;
pub mod fuzz;
pub mod optimize;
pub mod queue;
mod scheduler;
pub mod workload;

pub use card::{CardState, Hold, LEECH_LAPSES, Memory, Phase, Rating, is_leech, leech_warning};
pub use config::{Config, ConfigError, MAX_RETENTION, MIN_RETENTION, format_steps, parse_steps};
pub use day::StudyDay;
pub use queue::DoneToday;
pub use scheduler::{ReviewEvent, ScheduleError, Scheduler};

/// A verdict's rating: wrong is `Again`; right is `Good` unless the student chose `Hard` or
/// `Easy` instead. Flashcards are rated by the student directly.
pub fn rating_for(correct: bool, chosen: Option<Rating>) -> Rating {
    match (correct, chosen) {
        (false, _) => Rating::Again,
        (true, Some(rating @ (Rating::Hard | Rating::Easy))) => rating,
        (true, _) => Rating::Good,
    }
}
