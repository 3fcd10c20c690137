//! What the integration tests that run the real binary share.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `allydeck` with its data directory in `home`, so no real profile is touched.
pub fn allydeck(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_allydeck"))
        .args(args)
        .env("ALLYDECK_HOME", home)
        .env_remove("XDG_DATA_HOME")
        .output()
        .expect("the allydeck binary runs")
}
