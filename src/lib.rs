//! allydeck: a study app for NATO's collective defence.
//!
//! The arrows point one way: `ui` and `cli` -> [`app`] -> (`study`, `schedule`, `grade`,
//! `store`, `stats`, `bank`) -> `text`. [`app::Collection`] is the core's front door: one per
//! open profile, owning the deck, the store and the scheduler, with every use case as a method.
//! The core (everything but `ui`) never imports egui and never reads the clock or a global
//! random generator: time and seeds are passed in, so every behaviour is testable. `main.rs`
//! reads the clock and the environment, parses the arguments and dispatches.

pub mod app;
pub mod bank;
pub mod cli;
pub mod formats;
pub mod grade;
pub mod paths;
pub mod schedule;
pub mod stats;
pub mod store;
pub mod study;
pub mod text;
pub mod ui;
