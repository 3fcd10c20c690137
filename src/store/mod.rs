//! The progress database: SQLite through `rusqlite`, one file per profile.
//!
//! Every answer is committed in its own transaction before the next question appears, with
//! `synchronous=FULL` in WAL mode: once [`Store::commit_answer`] returns, the answer survives a
//! crash or a power cut. The store only persists: it schedules nothing, and every write of a
//! card checks the state it replaces (compare-and-set), so a stale write is refused. The review log is the truth; the `cards` table is a cache that
//! [`Store::rebuild`] recomputes by replaying the log. On open, a database that fails its
//! integrity check, or that a newer allydeck wrote, is reported and never written to.

mod holds;
mod interchange;
mod log;
mod points;
mod quiz;
pub mod schema;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension as _};

use crate::text::ShowPath as _;

pub use interchange::{CsvError, HEADER, ImportSummary, format_moment, read_csv, write_csv};
pub use log::{ReviewRecord, StoredReview};
pub use points::{QuizPoint, ReviewPoint, SetScores};
pub use quiz::{QuizAnswer, QuizAttempt, QuizStart, QuizSummary, UnfinishedQuiz};

/// Why the store could not be opened or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The data folder could not be created.
    #[error("cannot create the data folder {}: {source}", path.shown())]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file cannot be written: a read-only folder, file or disk.
    #[error(
        "the progress database {} is read-only: allydeck needs to write there to save answers \
         (choose another folder with --data-dir, or make this one writable)",
        path.shown()
    )]
    ReadOnly {
        /// The database file.
        path: PathBuf,
    },
    /// Another allydeck holds the database and did not let go within the busy timeout.
    #[error(
        "another allydeck (a window or a command) is using the progress in {} and did not let \
         go within 5 seconds: close it, or wait and try again; nothing was written",
        path.parent().unwrap_or(path).shown()
    )]
    Busy {
        /// The database file.
        path: PathBuf,
    },
    /// The disk is full.
    #[error("the disk holding {} is full: free some space; nothing was lost", path.shown())]
    DiskFull {
        /// The database file.
        path: PathBuf,
    },
    /// The file is not a sound SQLite database.
    #[error(
        "the progress database {} is damaged ({detail}); it was left untouched. Restore a copy \
         from {} or move the file away to start afresh",
        path.shown(),
        path.parent().map_or_else(|| PathBuf::from("backups"), |p| p.join("backups")).shown()
    )]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        detail: String,
    },
    /// The database, or a file SQLite keeps beside it, is a folder (or a device, or a pipe).
    #[error(
        "the progress database {} cannot be opened: {} is a {kind}, where SQLite needs {what}; \
         nothing was read or written. It is not part of the progress: move it away",
        db.shown(),
        path.shown()
    )]
    NotAFile {
        /// The progress database.
        db: PathBuf,
        /// The path that is not a file.
        path: PathBuf,
        /// What it is instead: "folder", "pipe, socket or device".
        kind: &'static str,
        /// What SQLite keeps there.
        what: &'static str,
    },
    /// The file was written by a newer allydeck.
    #[error(
        "the progress database {} was written by a newer allydeck (schema {found}; this one \
         understands up to {supported}); it was left untouched: update allydeck to open it",
        path.shown()
    )]
    TooNew {
        /// The database file.
        path: PathBuf,
        /// The schema version in the file.
        found: i64,
        /// The newest this build knows.
        supported: i64,
    },
    /// The file is an SQLite database of another program: tables of its own, no allydeck
    /// schema.
    #[error(
        "{} is not an allydeck progress database (it holds other tables and no allydeck \
         schema); it was left untouched. Move it away, or choose another folder with --data-dir",
        path.shown()
    )]
    Foreign {
        /// The database file.
        path: PathBuf,
    },
    /// An import holds a review that cannot be kept beside one in the log (the same card, the
    /// same millisecond, another rating); nothing was imported.
    #[error("{detail}")]
    Conflict {
        /// The database file.
        path: PathBuf,
        /// Which reviews, and what to do.
        detail: String,
    },
    /// A backup could not be written or its folder read.
    #[error("cannot {action} {}: {source}", path.shown())]
    Backup {
        /// What was being done: "write the backup", "list the backups in".
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Any other database failure.
    #[error("the progress database {} cannot be used: {source}", path.shown())]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// A card changed since its new state was computed (another window, a `log import`):
    /// the write was refused and nothing was written.
    #[error(
        "the card {card} was changed elsewhere (another allydeck window or a `log import`) \
         since it was shown; nothing was written"
    )]
    Stale {
        /// The database file.
        path: PathBuf,
        /// The card.
        card: crate::bank::CardKey,
    },
    /// A stored value that allydeck cannot have written (a hand-edited database).
    #[error("the progress database {} holds a value allydeck cannot read: {detail}", path.shown())]
    BadValue {
        /// The database file.
        path: PathBuf,
        /// Which value.
        detail: String,
    },
}

/// One profile's progress database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (creating if need be) the database at `path`, checks it and brings its schema up
    /// to date.
    ///
    /// # Errors
    /// The folder or file cannot be created or written, the file is damaged, or a newer
    /// allydeck wrote it. In the last two cases the file is not modified.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| create_dir_error(path, dir, source))?;
        }
        refuse_non_files(path)?;
        // No SQLITE_OPEN_URI: a data folder named `file:...` is a folder, not a URI.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let existing = path.exists();
        if existing {
            // Every check runs on a read-only connection, which can write nothing, not even
            // the checkpoint of a WAL left beside the file: a refused database is left byte
            // for byte as it was.
            if std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == 0) {
                return Err(StoreError::Corrupt {
                    path: path.to_owned(),
                    detail: "the file is empty (0 bytes): it holds no progress".to_owned(),
                });
            }
            let reader = Self {
                conn: open_read_only(path)?,
                path: path.to_owned(),
            };
            reader.check_before_writing()?;
        }
        let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
        let store = Self {
            conn,
            path: path.to_owned(),
        };
        if store.conn.is_readonly("main").map_err(|e| store.error(e))? {
            return Err(StoreError::ReadOnly {
                path: store.path.clone(),
            });
        }
        store.configure()?;
        if existing {
            store.back_up_before_migrating()?;
        }
        store.migrate()?;
        Ok(store)
    }

    /// Before an older schema is brought up to date, a copy of the file as it was, in
    /// `backups/progress-before-schema-N.sqlite3` (N the version it is brought to): a
    /// migration only adds, but the student's history is worth the copy.
    fn back_up_before_migrating(&self) -> Result<(), StoreError> {
        let version = self.version()?;
        let current = schema::current_version();
        if version == 0 || version >= current {
            return Ok(());
        }
        let dir = self
            .path
            .parent()
            .map_or_else(|| PathBuf::from("backups"), |p| p.join("backups"));
        std::fs::create_dir_all(&dir).map_err(|source| StoreError::Backup {
            action: "create the backup folder",
            path: dir.clone(),
            source,
        })?;
        let copy = dir.join(format!("progress-before-schema-{current}.sqlite3"));
        if !copy.exists() {
            self.conn
                .execute("VACUUM INTO ?1", [copy.to_string_lossy()])
                .map_err(|e| self.error(e))?;
        }
        Ok(())
    }

    fn version(&self) -> Result<i64, StoreError> {
        self.conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(|e| self.error(e))
    }

    /// A copy in memory of the database at `path`, for a data folder that cannot be written:
    /// read without writing a byte to the file (an older schema is brought up to date in the
    /// copy only), or empty if there is no file. Writes go to the copy and are gone when it
    /// closes; the window says so and offers nothing that needs them kept.
    ///
    /// # Errors
    /// The file exists but cannot be read, is damaged, or was written by a newer allydeck.
    pub fn open_copy(path: &Path) -> Result<Self, StoreError> {
        let mut conn = Connection::open_in_memory().map_err(|e| classify(path, e))?;
        if path.exists() {
            let source = open_read_only(path)?;
            let copy =
                rusqlite::backup::Backup::new(&source, &mut conn).map_err(|e| classify(path, e))?;
            copy.run_to_completion(1024, std::time::Duration::ZERO, None)
                .map_err(|e| classify(path, e))?;
        }
        let store = Self {
            conn,
            path: path.to_owned(),
        };
        store.check_before_writing()?;
        store.migrate()?;
        Ok(store)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the schema version, checks the file is allydeck's, and runs SQLite's quick
    /// integrity check, writing nothing.
    fn check_before_writing(&self) -> Result<(), StoreError> {
        let version = self.version()?;
        if version < 0 {
            return Err(StoreError::Corrupt {
                path: self.path.clone(),
                detail: format!("its schema version is {version}, which no allydeck writes"),
            });
        }
        if version == 0 {
            let tables: i64 = self
                .conn
                .query_row(
                    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'",
                    [],
                    |r| r.get(0),
                )
                .map_err(|e| self.error(e))?;
            if tables > 0 {
                return Err(StoreError::Foreign {
                    path: self.path.clone(),
                });
            }
        }
        if version > schema::current_version() {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found: version,
                supported: schema::current_version(),
            });
        }
        // `quick_check` finds damage to pages and records in time linear in the file, without
        // the full index cross-check of `integrity_check`, which would slow every start.
        let mut problems = Vec::new();
        let mut stmt = self
            .conn
            .prepare("PRAGMA quick_check(5)")
            .map_err(|e| self.error(e))?;
        let rows = stmt
            .query_map([], |row| row.get::<_, String>(0))
            .map_err(|e| self.error(e))?;
        for row in rows {
            problems.push(row.map_err(|e| self.error(e))?);
        }
        if problems != ["ok"] {
            return Err(StoreError::Corrupt {
                path: self.path.clone(),
                detail: problems.join("; "),
            });
        }
        Ok(())
    }

    fn configure(&self) -> Result<(), StoreError> {
        // WAL: readers never block the writer, and a commit is one append to the log.
        // synchronous=FULL: the WAL is synced at every commit, so a committed answer survives
        // a power cut (NORMAL would only survive an application crash).
        self.conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))
            .map_err(|e| self.error(e))?;
        self.conn
            .execute_batch(
                "PRAGMA synchronous = FULL;
                 PRAGMA foreign_keys = ON;
                 PRAGMA busy_timeout = 5000;",
            )
            .map_err(|e| self.error(e))
    }

    fn migrate(&self) -> Result<(), StoreError> {
        let version: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(|e| self.error(e))?;
        let start = usize::try_from(version).unwrap_or(0);
        for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(start) {
            let next = i64::try_from(i + 1).unwrap_or(i64::MAX);
            let batch = format!("BEGIN IMMEDIATE; {sql} PRAGMA user_version = {next}; COMMIT;");
            if let Err(e) = self.conn.execute_batch(&batch) {
                let _ = self.conn.execute_batch("ROLLBACK");
                return Err(self.error(e));
            }
        }
        Ok(())
    }

    /// Whether SQLite's full integrity check passes.
    ///
    /// # Errors
    /// The check itself cannot run.
    pub fn integrity_ok(&self) -> Result<bool, StoreError> {
        let result: String = self
            .conn
            .pragma_query_value(None, "integrity_check", |row| row.get(0))
            .map_err(|e| self.error(e))?;
        Ok(result == "ok")
    }

    /// Writes a consistent copy of the database to `dir/progress-<label>.sqlite3` unless one with
    /// that label exists, then deletes all but the newest `keep` copies. With the local date as
    /// the label, that is one backup a day.
    ///
    /// # Errors
    /// The folder or the copy cannot be written.
    pub fn backup(
        &self,
        dir: &Path,
        label: &str,
        keep: usize,
    ) -> Result<Option<PathBuf>, StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
            path: dir.to_owned(),
            source,
        })?;
        let target = dir.join(format!("progress-{label}.sqlite3"));
        let made = if target.exists() {
            None
        } else {
            let partial = dir.join(format!(".progress-{label}.sqlite3.partial"));
            let _ = std::fs::remove_file(&partial);
            let partial_name = partial.to_str().ok_or_else(|| StoreError::Backup {
                action: "write the backup",
                path: partial.clone(),
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "the folder's name is not valid Unicode",
                ),
            })?;
            self.conn
                .execute("VACUUM INTO ?1", [partial_name])
                .map_err(|e| self.error(e))?;
            // Renamed into place only once complete, so a backup on disk is always whole.
            std::fs::rename(&partial, &target).map_err(|source| StoreError::Backup {
                action: "write the backup",
                path: target.clone(),
                source,
            })?;
            Some(target)
        };
        let mut backups: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|source| StoreError::Backup {
                action: "list the backups in",
                path: dir.to_owned(),
                source,
            })?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("progress-") && n.ends_with(".sqlite3"))
            })
            .collect();
        backups.sort();
        let excess = backups.len().saturating_sub(keep);
        for old in &backups[..excess] {
            let _ = std::fs::remove_file(old);
        }
        Ok(made)
    }

    /// The profile's scheduling settings, or the defaults if none were saved.
    ///
    /// # Errors
    /// The database cannot be read, or the saved settings cannot be read back.
    pub fn scheduler_config(&self) -> Result<crate::schedule::Config, StoreError> {
        let saved: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'scheduler'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.error(e))?;
        match saved {
            None => Ok(crate::schedule::Config::default()),
            Some(json) => serde_json::from_str(&json).map_err(|e| StoreError::BadValue {
                path: self.path.clone(),
                detail: format!("the saved scheduling settings: {e}"),
            }),
        }
    }

    /// Saves the profile's scheduling settings.
    ///
    /// # Errors
    /// The database cannot be written.
    pub fn save_scheduler_config(
        &self,
        config: &crate::schedule::Config,
    ) -> Result<(), StoreError> {
        let json = serde_json::to_string(config).map_err(|e| StoreError::BadValue {
            path: self.path.clone(),
            detail: format!("the scheduling settings: {e}"),
        })?;
        self.conn
            .execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES ('scheduler', ?1)",
                [json],
            )
            .map_err(|e| self.error(e))?;
        Ok(())
    }

    /// The error for a failed SQLite call on this store.
    fn error(&self, e: rusqlite::Error) -> StoreError {
        classify(&self.path, e)
    }
}

/// Turns SQLite's error into one that says what the student can do about it.
fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    let path = path.to_owned();
    match e.sqlite_error_code() {
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path },
        Some(ErrorCode::DiskFull) => StoreError::DiskFull { path },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy { path },
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path,
            detail: e.to_string(),
        },
        Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            if path.parent().is_some_and(is_read_only_dir) {
                StoreError::ReadOnly { path }
            } else {
                StoreError::Sqlite { path, source: e }
            }
        }
        _ => StoreError::Sqlite { path, source: e },
    }
}

/// Why the folder of the database at `db` could not be made: a full disk says so.
fn create_dir_error(db: &Path, dir: &Path, source: std::io::Error) -> StoreError {
    if source.kind() == std::io::ErrorKind::StorageFull {
        StoreError::DiskFull {
            path: db.to_owned(),
        }
    } else {
        StoreError::CreateDir {
            path: dir.to_owned(),
            source,
        }
    }
}

/// Refuses a database path, or a `-wal` or `-shm` beside it, that exists and is not a
/// regular file: SQLite then fails with "read-only" or "cannot open", which would send the
/// student looking for a permission problem that is not there.
fn refuse_non_files(db: &Path) -> Result<(), StoreError> {
    let beside = |suffix: &str| {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    for (path, what) in [
        (db.to_owned(), "the database file"),
        (beside("-wal"), "its write-ahead log"),
        (beside("-shm"), "the write-ahead log's shared-memory index"),
    ] {
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if !meta.is_file() {
            let kind = if meta.is_dir() {
                "folder"
            } else {
                "pipe, socket or device"
            };
            return Err(StoreError::NotAFile {
                db: db.to_owned(),
                path,
                kind,
                what,
            });
        }
    }
    Ok(())
}

/// Whether files cannot be created in `dir`.
fn is_read_only_dir(dir: &Path) -> bool {
    std::fs::metadata(dir).is_ok_and(|m| m.permissions().readonly()) || tempfile_probe(dir).is_err()
}

fn tempfile_probe(dir: &Path) -> std::io::Result<()> {
    let probe = dir.join(".allydeck-write-probe");
    std::fs::write(&probe, b"")?;
    std::fs::remove_file(probe)
}

/// Opens the database at `path` for reading only. In a folder that cannot be written SQLite
/// may be unable to make the WAL's shared-memory file; the file is then read as immutable
/// (nobody writes it meanwhile: this allydeck cannot, and another would have failed too).
fn open_read_only(path: &Path) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let readable = |conn: &Connection| {
        conn.query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
    };
    if let Ok(conn) = Connection::open_with_flags(path, flags)
        && readable(&conn).is_ok()
    {
        return Ok(conn);
    }
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    let conn = Connection::open_with_flags(&uri, flags | OpenFlags::SQLITE_OPEN_URI)
        .map_err(|e| classify(path, e))?;
    readable(&conn).map_err(|e| classify(path, e))?;
    Ok(conn)
}

impl StoreError {
    /// Whether the error says the data folder or disk cannot be written (so that the
    /// progress can still be read, read-only).
    pub fn is_unwritable(&self) -> bool {
        match self {
            StoreError::ReadOnly { .. } => true,
            StoreError::CreateDir { source, .. } => matches!(
                source.kind(),
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            ),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests;
