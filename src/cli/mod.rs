//! The headless commands behind `allydeck <command>`; `main.rs` only parses arguments.

pub mod check;
pub mod log;
pub mod new_set;
pub mod stats;
pub mod try_answer;

use std::fs::File;
use std::path::Path;

use anyhow::{Context as _, Result};

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
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    write(partial.as_file_mut())
        .and_then(|()| Ok(partial.as_file_mut().sync_all()?))
        .with_context(|| format!("cannot write {}", file.display()))?;
    partial
        .persist(file)
        .with_context(|| format!("cannot write {}", file.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_old_file_as_it_was_and_no_stray_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("out.csv");
        std::fs::write(&file, "old\n").unwrap();
        let result = write_atomically(&file, |out| {
            std::io::Write::write_all(out, b"half a fi")?;
            anyhow::bail!("the disk is full")
        });
        let message = format!("{:#}", result.unwrap_err());
        assert!(message.contains("cannot write") && message.contains("the disk is full"));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "old\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

        write_atomically(&file, |out| Ok(std::io::Write::write_all(out, b"new\n")?)).unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new\n");
    }

    #[test]
    fn writing_into_a_missing_folder_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("no-such-folder").join("out.csv");
        let message = format!("{:#}", write_atomically(&file, |_| Ok(())).unwrap_err());
        assert!(message.contains("no-such-folder"), "{message}");
    }
}
