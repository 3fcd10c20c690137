//! allydeck: a study app for NATO's collective defence.
//!
//! The core (`bank`, `grade`, `schedule`, `store`, `study`, `stats`, `text`) never imports
//! egui and never reads the clock or a global random generator: time and seeds are passed in,
//! so every behaviour is testable. `cli` holds the headless commands, `paths` and `profile`
//! find a profile's data, and `ui` is the window; `main.rs` and the window read the clock and
//! the environment and pass them down.

pub mod bank;
pub mod cli;
pub mod grade;
pub mod paths;
pub mod profile;
pub mod schedule;
pub mod stats;
pub mod store;
pub mod study;
pub mod text;
pub mod ui;
