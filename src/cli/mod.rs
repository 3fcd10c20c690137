//! The headless commands behind `allydeck <command>`; `main.rs` only parses arguments.

pub mod check;
pub mod log;
pub mod new_set;
pub mod stats;
