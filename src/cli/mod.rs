//! The headless commands behind `allydeck <command>`; `main.rs` only parses arguments.

pub mod check;
pub mod log;
pub mod stats;
