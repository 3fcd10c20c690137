//! Writing the files a use case makes (a set, an export) so that a failure never leaves half a
//! file, nor spoils the one that was there.

use std::fs::File;
use std::path::Path;

use anyhow::{Context as _, Result};

use crate::text::ShowPath as _;

/// Writes `file` whole or not at all: `write` fills a temporary file beside it, which is
/// synced and renamed into place, so a failure never leaves half a file where a whole one
/// is expected, nor spoils the file that was there.
///
/// # Errors
/// The folder cannot be written, or `write` fails.
pub fn write_atomically(file: &Path, write: impl FnOnce(&mut File) -> Result<()>) -> Result<()> {
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut partial = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.shown()))?;
    write(partial.as_file_mut())
        .and_then(|()| Ok(partial.as_file_mut().sync_all()?))
        .with_context(|| format!("cannot write {}", file.shown()))?;
    partial
        .persist(file)
        .with_context(|| format!("cannot write {}", file.shown()))?;
    Ok(())
}

/// Creates `file`, which must not exist, and fills it with `write`; if writing fails (a full
/// disk) the file is removed again, so no empty or half file is left where a set was meant
/// to be.
///
/// # Errors
/// The file exists or cannot be created, or `write` fails.
pub fn write_new(
    file: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<()> {
    let mut out = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)
        .with_context(|| format!("cannot create {}", file.shown()))?;
    let written = write(&mut out).and_then(|()| out.sync_all());
    if written.is_err() {
        drop(out);
        let _ = std::fs::remove_file(file);
    }
    written.with_context(|| format!("cannot write {}", file.shown()))
}
