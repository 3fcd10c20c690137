//! What the window and the commands share about a profile: where its questions come from,
//! and opening its progress database with the day's backup.

use std::path::PathBuf;

use crate::bank::Source;
use crate::paths::{DataDirs, Profile};
use crate::store::{Store, StoreError};

/// Backups kept per profile: one a day for a week.
pub const BACKUPS_KEPT: usize = 7;

/// The sources questions load from, in order: the shipped sets (unless left out), the user
/// question folder, then the `--questions` paths.
pub fn sources(dirs: &DataDirs, extra: &[PathBuf], shipped: bool) -> Vec<Source> {
    let mut sources = Vec::new();
    if shipped {
        sources.push(Source::Shipped);
    }
    sources.push(Source::Path {
        path: dirs.questions(),
        required: false,
    });
    sources.extend(extra.iter().map(|path| Source::Path {
        path: path.clone(),
        required: true,
    }));
    sources
}

/// Opens `profile`'s progress database and, if it holds any review, makes the backup labelled
/// `today` (the local date) unless it exists. A failed backup does not stop studying: it is
/// returned beside the store, for the caller to report.
///
/// # Errors
/// The database cannot be opened (see [`Store::open`]).
pub fn open_store(
    dirs: &DataDirs,
    profile: &Profile,
    today: &str,
) -> Result<(Store, Option<StoreError>), StoreError> {
    let store = Store::open(&dirs.database(profile))?;
    let backup_failed = match store.review_count() {
        Ok(0) => None,
        Ok(_) => store
            .backup(&dirs.backups(profile), today, BACKUPS_KEPT)
            .err(),
        Err(e) => Some(e),
    };
    Ok((store, backup_failed))
}
