//! Loading question sets from the shipped files, folders and single files.
//!
//! Loading is strict and kind: every problem is reported with its place, and nothing one
//! file gets wrong stops the rest. A question with an error is left out of its set (so it is
//! never asked wrongly) and a set with an error of its own is left out of the bank; warnings
//! load.

use std::fmt::Write as _;
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::ids::{CardKey, QuestionId, SetId};
use super::model::{Question, QuestionSet};
use super::position;
use super::problem::{Problem, Severity};
use super::shipped;
use super::validate::validate_within;
use crate::text::{LineIndex, ShowPath as _, line_column};

/// Largest question file read; anything larger is surely not a question set.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// How deep folders are searched for `.ron` files.
const MAX_FOLDER_DEPTH: usize = 16;

/// Where question sets come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The sets compiled into the binary from `questions/`.
    Shipped,
    /// A `.ron` file, or a folder searched for `.ron` files.
    Path {
        /// The file or folder.
        path: PathBuf,
        /// Whether a missing path is a problem (`--questions`) or normal (the user folder
        /// before the first set is put there).
        required: bool,
    },
}

/// Where one loaded set was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A shipped file, by its name in `questions/`.
    Shipped(&'static str),
    /// A file on disk.
    File(PathBuf),
}

/// A set that loaded, with the place it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedSet {
    /// The set, without any question that had an error.
    pub set: QuestionSet,
    /// Where it was read from.
    pub origin: Origin,
    /// The file's name as shown in problems.
    pub file: String,
    /// The card key of each question, in the order of `set.questions`: built once, here,
    /// and shared by everything that names a card.
    pub keys: Vec<CardKey>,
    /// Line and column of the set's `id`, to name it when another file reuses the id.
    id_at: (usize, usize),
}

impl LoadedSet {
    /// Each question with its card key, in the order the teacher wrote them.
    pub fn cards(&self) -> impl Iterator<Item = (&CardKey, &Arc<Question>)> {
        self.keys.iter().zip(&self.set.questions)
    }
}

/// Every set that loaded and every problem found on the way.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bank {
    /// Loaded sets, in the order of their sources.
    pub sets: Vec<LoadedSet>,
    /// Errors and warnings, grouped by file in load order, by position within a file.
    pub problems: Vec<Problem>,
}

/// How far a load has come, readable from another thread while it runs (for a progress bar).
#[derive(Debug, Default)]
pub struct LoadProgress {
    files_total: AtomicUsize,
    files_done: AtomicUsize,
}

impl LoadProgress {
    /// Files read so far, and files found so far (it grows as folders are listed).
    pub fn files(&self) -> (usize, usize) {
        (
            self.files_done.load(Ordering::Relaxed),
            self.files_total.load(Ordering::Relaxed),
        )
    }

    fn found(&self, n: usize) {
        self.files_total.fetch_add(n, Ordering::Relaxed);
    }

    fn read_one(&self) {
        self.files_done.fetch_add(1, Ordering::Relaxed);
    }
}

impl Bank {
    /// Loads every set from `sources`, in order. When two files use the same set id, the
    /// first one loaded keeps it and the other is reported.
    pub fn load(sources: &[Source]) -> Self {
        Self::load_with_progress(sources, &LoadProgress::default())
    }

    /// As [`Bank::load`], counting the files read in `progress` as it goes.
    pub fn load_with_progress(sources: &[Source], progress: &LoadProgress) -> Self {
        let mut bank = Self::default();
        // One buffer for every file read: a buffer per file, freed under the questions read
        // from it, left a hole of the file's size in the memory of the loaded bank.
        let mut buffer = Vec::new();
        for source in sources {
            match source {
                Source::Shipped => {
                    progress.found(shipped::FILES.len());
                    for &(name, text) in shipped::FILES {
                        let parsed = parse_text(name, text);
                        bank.add(parsed, Origin::Shipped(name), name.to_owned());
                        progress.read_one();
                    }
                }
                Source::Path { path, required } => {
                    bank.load_path(path, *required, progress, &mut buffer);
                }
            }
        }
        bank
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Problem::is_error)
    }

    /// The loaded set with this id.
    pub fn set(&self, id: &SetId) -> Option<&LoadedSet> {
        self.sets.iter().find(|s| &s.set.id == id)
    }

    /// Every card of every set, in load order.
    pub fn cards(&self) -> impl Iterator<Item = (&CardKey, &Arc<Question>)> {
        self.sets.iter().flat_map(LoadedSet::cards)
    }

    /// Number of questions loaded.
    pub fn question_count(&self) -> usize {
        self.sets.iter().map(|s| s.keys.len()).sum()
    }

    fn load_path(
        &mut self,
        path: &Path,
        required: bool,
        progress: &LoadProgress,
        buffer: &mut Vec<u8>,
    ) {
        let shown = path.shown().to_string();
        match fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if required {
                    self.problems.push(Problem::whole_file(
                        Severity::Error,
                        shown,
                        "no such file or folder",
                    ));
                }
            }
            Err(e) => self.problems.push(Problem::whole_file(
                Severity::Error,
                shown,
                format!("cannot read: {e}"),
            )),
            Ok(meta) if meta.is_dir() => {
                let mut files = Vec::new();
                collect_ron_files(path, &mut files, &mut self.problems);
                progress.found(files.len());
                for file in files {
                    self.load_file(&file, buffer);
                    progress.read_one();
                }
            }
            Ok(meta) if meta.is_file() => {
                progress.found(1);
                self.load_file(path, buffer);
                progress.read_one();
            }
            // A pipe or a device would block the reading.
            Ok(_) => self.problems.push(Problem::whole_file(
                Severity::Error,
                shown,
                "not a regular file (a pipe, socket or device): not read",
            )),
        }
    }

    fn load_file(&mut self, path: &Path, buffer: &mut Vec<u8>) {
        let shown = path.shown().to_string();
        let parsed = match read_limited(path, buffer) {
            Ok(()) => parse_bytes(&shown, buffer),
            Err(problem) => Parsed {
                set: None,
                problems: vec![problem.into_problem(&shown)],
                id_at: (1, 1),
            },
        };
        self.add(parsed, Origin::File(path.to_owned()), shown);
    }

    fn add(&mut self, parsed: Parsed, origin: Origin, file: String) {
        self.problems.extend(parsed.problems);
        let Some(set) = parsed.set else { return };
        if let Some(first) = self.set(&set.id) {
            let message = format!(
                "set id {:?} is already used by {}:{}:{}; set ids must be unique across all \
                 question folders, so this set is not loaded",
                set.id.as_str(),
                first.file,
                first.id_at.0,
                first.id_at.1
            );
            self.problems.push(Problem {
                severity: Severity::Error,
                file,
                line: parsed.id_at.0,
                column: parsed.id_at.1,
                message,
            });
            return;
        }
        let keys = set
            .questions
            .iter()
            .map(|q| CardKey::new(set.id.clone(), QuestionId::new(q.id())))
            .collect();
        self.sets.push(LoadedSet {
            set,
            origin,
            file,
            keys,
            id_at: parsed.id_at,
        });
    }
}

/// The result of reading one file: the set if it loaded, and its problems.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    /// The set, without the questions that had errors; `None` if it could not load.
    pub set: Option<QuestionSet>,
    /// Problems in this file, by position.
    pub problems: Vec<Problem>,
    /// Line and column of the set's `id` (1:1 if unknown).
    id_at: (usize, usize),
}

/// Why a file could not be read at all.
enum ReadProblem {
    TooLarge(u64),
    Io(std::io::Error),
}

impl ReadProblem {
    fn into_problem(self, file: &str) -> Problem {
        let message = match self {
            ReadProblem::TooLarge(bytes) => format!(
                "the file is {:.1} MiB; a question file may be at most {} MiB",
                mib(bytes),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            ReadProblem::Io(e) => format!("cannot read: {e}"),
        };
        Problem::whole_file(Severity::Error, file, message)
    }
}

#[allow(clippy::cast_precision_loss)] // A file size in MiB to one decimal.
fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// Reads at most [`MAX_FILE_BYTES`] (plus one byte, to tell a larger file) into `bytes`.
fn read_limited(path: &Path, bytes: &mut Vec<u8>) -> Result<(), ReadProblem> {
    bytes.clear();
    let file = fs::File::open(path).map_err(ReadProblem::Io)?;
    let size = file.metadata().map_err(ReadProblem::Io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(ReadProblem::TooLarge(size));
    }
    bytes.reserve(usize::try_from(size).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(bytes)
        .map_err(ReadProblem::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadProblem::TooLarge(bytes.len() as u64));
    }
    Ok(())
}

/// What a failed step of the folder walk tells the teacher: a link loop, or why a file or
/// folder cannot be read.
fn walk_problem(e: &walkdir::Error, dir: &Path) -> Problem {
    let path = e.path().unwrap_or(dir).shown().to_string();
    match e.loop_ancestor() {
        Some(ancestor) => Problem::whole_file(
            Severity::Warning,
            path,
            format!(
                "a link back to {}, a folder it is in: not followed",
                ancestor.shown()
            ),
        ),
        None => Problem::whole_file(
            Severity::Error,
            path,
            format!(
                "cannot read: {}",
                e.io_error()
                    .map_or_else(|| e.to_string(), ToString::to_string)
            ),
        ),
    }
}

/// The most problems listed for one file; the rest are counted.
pub const MAX_PROBLEMS_PER_FILE: usize = 100;

/// The most files and folders searched under one question folder: a link to a large tree
/// (a home folder, `/`) stops here instead of searching for minutes.
const MAX_FOLDER_ENTRIES: usize = 100_000;

/// The `.ron` files under `dir`, sorted so that loading is the same on every machine.
/// Hidden files and folders (`.name`) are skipped: editors keep their backups there.
/// Symbolic links are followed, each real folder once: a link back up the tree, or a second
/// link to a folder already searched, is skipped with a warning that names it. Only regular
/// files are read (a pipe or a device named `.ron` would block the reading); files deeper
/// than [`MAX_FOLDER_DEPTH`] folders are reported, not searched.
fn collect_ron_files(dir: &Path, files: &mut Vec<PathBuf>, problems: &mut Vec<Problem>) {
    let seen = std::cell::RefCell::new(std::collections::HashSet::new());
    // Folders reached a second time through a link, with their real path: not searched again.
    let twice = std::cell::RefCell::new(Vec::new());
    let shown = |path: &Path| path.shown().to_string();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .max_depth(MAX_FOLDER_DEPTH + 1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let hidden = entry.depth() > 0
                && entry
                    .file_name()
                    .to_str()
                    .is_none_or(|name| name.starts_with('.'));
            if hidden {
                return false;
            }
            if entry.file_type().is_dir()
                && let Ok(real) = entry.path().canonicalize()
                && !seen.borrow_mut().insert(real.clone())
            {
                twice.borrow_mut().push((entry.path().to_owned(), real));
                return false;
            }
            true
        });
    let mut entries = 0usize;
    for entry in walker {
        entries += 1;
        if entries > MAX_FOLDER_ENTRIES {
            problems.push(Problem::whole_file(
                Severity::Warning,
                shown(dir),
                format!(
                    "more than {MAX_FOLDER_ENTRIES} files and folders: the rest are not \
                     searched (does a link point to a large folder?)"
                ),
            ));
            return;
        }
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                problems.push(walk_problem(&e, dir));
                continue;
            }
        };
        let path = entry.path();
        if entry.file_type().is_dir() {
            if entry.depth() > MAX_FOLDER_DEPTH {
                problems.push(Problem::whole_file(
                    Severity::Warning,
                    shown(path),
                    format!(
                        "deeper than {MAX_FOLDER_DEPTH} folders below {}: not searched",
                        shown(dir)
                    ),
                ));
                continue;
            }
            continue;
        }
        let is_ron = path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("ron"));
        if !is_ron {
            continue;
        }
        if entry.file_type().is_file() {
            files.push(path.to_owned());
        } else {
            problems.push(Problem::whole_file(
                Severity::Warning,
                shown(path),
                "not a regular file (a pipe, socket or device): not read",
            ));
        }
    }
    for (path, real) in twice.into_inner() {
        problems.push(Problem::whole_file(
            Severity::Warning,
            shown(&path),
            format!(
                "a link to {}, which is searched already: not searched twice",
                real.shown()
            ),
        ));
    }
}

/// Reads a question file from raw bytes: checks size and UTF-8, then parses.
pub fn parse_bytes(file: &str, bytes: &[u8]) -> Parsed {
    let not_loaded = |problem| Parsed {
        set: None,
        problems: vec![problem],
        id_at: (1, 1),
    };
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return not_loaded(ReadProblem::TooLarge(bytes.len() as u64).into_problem(file));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_text(file, text),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            // The valid prefix is UTF-8 by construction.
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            let (line, column) = line_column(prefix, prefix.len());
            not_loaded(Problem {
                severity: Severity::Error,
                file: file.to_owned(),
                line,
                column,
                message: format!(
                    "the file is not UTF-8 text (byte 0x{:02X} here); save it with the UTF-8 \
                     encoding",
                    bytes[e.valid_up_to()]
                ),
            })
        }
    }
}

/// Parses and validates one question file's text. `file` is the name problems carry.
pub fn parse_text(file: &str, text: &str) -> Parsed {
    // Editors on Windows may start the file with a byte-order mark; it is not RON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let mut set: QuestionSet = match options.from_str(text) {
        Ok(set) => set,
        Err(e) => {
            return Parsed {
                set: None,
                problems: vec![super::syntax::problem(file, &e)],
                id_at: (1, 1),
            };
        }
    };
    set.shrink_to_fit();
    let id_at = position::root_field_offset(text, "id").map_or((1, 1), |o| line_column(text, o));
    let validation = validate_within(&set, MAX_PROBLEMS_PER_FILE);
    let findings = &validation.findings;
    if findings.is_empty() {
        return Parsed {
            set: Some(set),
            problems: Vec::new(),
            id_at,
        };
    }
    let paths: Vec<&[position::Seg]> = findings
        .iter()
        .flat_map(|f| std::iter::once(&f.path).chain(&f.also_at))
        .map(Vec::as_slice)
        .collect();
    let tree = position::index_for(text, &paths);
    let lines = LineIndex::new(text);
    // Every place at once: many problems on one long line cost that line once.
    let offsets: Vec<usize> = paths.iter().map(|path| tree.find(path).offset).collect();
    let mut places = lines.line_columns(&offsets).into_iter();
    // Each finding's place, and its "first used at" place if it has one.
    let mut sorted: Vec<_> = findings
        .iter()
        .map(|finding| {
            let here = places.next().unwrap_or((1, 1));
            let also = finding
                .also_at
                .as_ref()
                .map(|_| places.next().unwrap_or((1, 1)));
            (here, also, finding)
        })
        .collect();
    sorted.sort_by_key(|&(here, _, _)| here);
    // A generated or mangled file may hold millions: the first ones show what is wrong, and
    // only they are written out.
    let more = sorted.len().saturating_sub(MAX_PROBLEMS_PER_FILE) + validation.more;
    sorted.truncate(MAX_PROBLEMS_PER_FILE);
    let mut problems: Vec<Problem> = sorted
        .into_iter()
        .map(|((line, column), also, finding)| {
            let mut message = finding.message.clone();
            if let Some((l, c)) = also {
                let _ = write!(message, " (first used at line {l}, column {c})");
            }
            Problem {
                severity: finding.severity,
                file: file.to_owned(),
                line,
                column,
                message,
            }
        })
        .collect();
    if more > 0 {
        let (line, column) = problems.last().map_or((1, 1), |p| (p.line, p.column));
        problems.push(Problem {
            severity: Severity::Warning,
            file: file.to_owned(),
            line,
            column,
            message: format!("and {more} more problems in this file, not listed"),
        });
    }
    if validation.set_error {
        return Parsed {
            set: None,
            problems,
            id_at,
        };
    }
    let mut broken = validation.broken.into_iter();
    set.questions.retain(|_| !broken.next().unwrap_or(false));
    Parsed {
        set: Some(set),
        problems,
        id_at,
    }
}
