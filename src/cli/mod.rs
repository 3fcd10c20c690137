//! The headless commands behind `allydeck <command>`; `main.rs` only parses arguments.

pub mod check;
pub mod log;
pub mod new_set;
pub mod optimize;
pub mod stats;
pub mod try_answer;

use std::path::Path;

use anyhow::{Result, bail};

use crate::paths::DataDirs;
use crate::text::ShowPath as _;

/// Refuses `file` as the target of an export if it is a profile's file (its progress
/// database, the database's `-wal` and `-shm`, a backup) or anything else in the profiles'
/// folder of `dirs`: an export pointed there by a slip of the keyboard would replace the
/// student's history with CSV.
///
/// # Errors
/// `file` is in the profiles' folder (by any path to it: `..`, a symbolic link).
pub fn refuse_profile_files(dirs: &DataDirs, file: &Path) -> Result<()> {
    let profiles = dirs.root().join("profiles");
    let Ok(profiles) = profiles.canonicalize() else {
        // No profile yet: nothing to spoil.
        return Ok(());
    };
    let resolved = resolve(file);
    if resolved.is_some_and(|path| path.starts_with(&profiles)) {
        bail!(
            "{} is in allydeck's progress folder ({}): writing it could replace a profile's \
             progress. Choose a file elsewhere.",
            file.shown(),
            profiles.shown()
        );
    }
    Ok(())
}

/// `path` made absolute with every symbolic link and `..` resolved, as far as it exists; the
/// part that does not exist yet is appended as written, `..` taken lexically.
fn resolve(path: &Path) -> Option<std::path::PathBuf> {
    let absolute = std::env::current_dir().ok()?.join(path);
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    let mut resolved = loop {
        if let Ok(real) = existing.canonicalize() {
            break real;
        }
        rest.push(existing.file_name()?.to_owned());
        existing = existing.parent()?;
    };
    for part in rest.iter().rev() {
        if part == ".." {
            resolved.pop();
        } else if part != "." {
            resolved.push(part);
        }
    }
    Some(resolved)
}

pub use crate::app::files::write_atomically;

/// An error and its causes on one line, each said once: a cause whose text is already in
/// what was said (a message that writes out its `source`, a failed rename that repeats its
/// `io::Error`) is not said again. "Not a directory (os error 20)" twice helps no one.
pub fn error_text(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let said = cause.to_string();
        if text.contains(&said) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&said);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_says_each_of_its_causes_once() {
        let dir = tempfile::tempdir().unwrap();
        // Renaming the finished file over a folder fails; the rename's error repeats the
        // io::Error it wraps, and the store's message writes out its source.
        let folder = dir.path().join("taken");
        std::fs::create_dir(&folder).unwrap();
        let error = write_atomically(&folder, |_| Ok(())).unwrap_err();
        let text = error_text(&error);
        assert!(text.starts_with("cannot write "), "{text}");
        assert_eq!(text.matches("os error").count(), 1, "{text}");
        let store = anyhow::Error::new(crate::store::StoreError::CreateDir {
            path: folder.join("x"),
            source: std::io::Error::from(std::io::ErrorKind::NotADirectory),
        });
        let text = error_text(&store);
        assert_eq!(text.matches("not a directory").count(), 1, "{text}");
    }

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
