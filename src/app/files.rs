//! Writing the files a use case makes (a set, an export) so that a failure never leaves half a
//! file, nor spoils the one that was there.

use std::fs::File;
use std::path::Path;

use anyhow::{Context as _, Result};

use crate::text::ShowPath as _;

/// Writes `file` whole or not at all: `write` fills a temporary file beside it, which is
/// synced and renamed into place, so a failure never leaves half a file where a whole one
/// is expected, nor spoils the file that was there. The file keeps the permissions of the one
/// it replaces; a new one is readable by all (as a file made with the usual umask), not only by
/// its owner as a temporary file is.
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
    let permissions = match std::fs::metadata(file) {
        Ok(existing) => Some(existing.permissions()),
        Err(_) => readable_by_all(),
    };
    if let Some(permissions) = permissions {
        partial
            .as_file()
            .set_permissions(permissions)
            .with_context(|| format!("cannot write {}", file.shown()))?;
    }
    partial
        .persist(file)
        .with_context(|| format!("cannot write {}", file.shown()))?;
    Ok(())
}

/// `rw-r--r--` where files have Unix permissions.
#[cfg(unix)]
#[allow(clippy::unnecessary_wraps)] // `None` where files have no Unix permissions.
fn readable_by_all() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt as _;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn readable_by_all() -> Option<std::fs::Permissions> {
    None
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

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    #[test]
    fn a_file_written_whole_is_readable_by_all_or_keeps_the_mode_it_had() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("set.gift");
        write_atomically(&new, |out| Ok(std::io::Write::write_all(out, b"x")?)).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&new), 0o644);
        std::fs::set_permissions(&new, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomically(&new, |out| Ok(std::io::Write::write_all(out, b"y")?)).unwrap();
        assert_eq!(mode(&new), 0o600);
    }
}
