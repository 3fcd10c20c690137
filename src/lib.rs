//! allydeck: a study app for NATO's collective defence.
//!
//! The core (`bank`, `grade`, `schedule`, `store`, `stats`, `text`) never imports egui and
//! never reads the clock or a global random generator: time and seeds are passed in, so every
//! behaviour is testable. `cli` holds the headless commands and `paths` finds the data folders;
//! `main.rs` is the one place that reads the clock and the environment.

pub mod bank;
pub mod cli;
pub mod grade;
pub mod paths;
pub mod schedule;
pub mod stats;
pub mod store;
pub mod study;
pub mod text;
pub mod ui;
