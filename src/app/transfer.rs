//! Question sets in and out of the formats teachers keep them in (GIFT, Aiken, CSV, TSV, Anki
//! packages): the use cases behind `allydeck import` and `allydeck export`, for the window as
//! for the commands. A set read is written into the question folder (never over a file),
//! where the folder watcher finds it; what could not be carried comes back as a report.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::bank::ids::{SetId, slugify};
use crate::bank::{Bank, MAX_FILE_BYTES};
use crate::formats::{self, Converted, Format, ImportOptions, SetName};
use crate::text::ShowPath as _;

/// The format a teacher names with `--format`: a text format, or an Anki package.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Given {
    /// GIFT, Aiken, CSV or TSV.
    Text(Format),
    /// An Anki package (`.apkg`).
    Package,
}

impl Given {
    /// The format named `name` (`gift`, `aiken`, `csv`, `tsv`, `apkg`).
    pub fn from_name(name: &str) -> Option<Self> {
        if name.eq_ignore_ascii_case("apkg") {
            Some(Given::Package)
        } else {
            Format::from_name(name).map(Given::Text)
        }
    }

    /// The names, for messages.
    pub fn names() -> String {
        let mut names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        names.push("apkg");
        names.join(", ")
    }
}

/// What the teacher asked of `allydeck import`.
#[derive(Clone, Debug, Default)]
pub struct ImportRequest {
    /// The files to read, each into a set of its own (a package, a set per deck).
    pub files: Vec<PathBuf>,
    /// Their format, if not told by each file's extension or content.
    pub format: Option<Given>,
    /// The set's id (one set only); else made from the file's or deck's name.
    pub set_id: Option<String>,
    /// The set's title (one set only); else the file's or deck's name.
    pub title: Option<String>,
    /// Where to write the set (one set only); else `ID.ron` in the question folder.
    pub out: Option<PathBuf>,
    /// How to read what the formats leave open.
    pub options: ImportOptions,
}

/// One set imported: where it went, and the report.
#[derive(Debug)]
pub struct ImportDone {
    /// The file read.
    pub file: PathBuf,
    /// Its format, as the report names it (`GIFT`, `APKG deck "NATO"`).
    pub format: String,
    /// The set file written.
    pub written: PathBuf,
    /// The set and what became of every item.
    pub converted: Converted,
}

/// An Anki package's review history, ready for the profile's log.
#[derive(Debug, Default)]
pub struct History {
    /// Each review: its card (set and question), when (ms), the button (1-4), how long (ms).
    pub reviews: Vec<(crate::bank::CardKey, i64, u8, u32)>,
}

/// Imports every file of `request`, writing each set into `folder` (or `request.out`) and
/// never over an existing file. `bank` holds the sets already loaded, whose ids a new set
/// must not take. Returns the sets written and the review history that came in packages.
///
/// # Errors
/// A file cannot be read, is too large, is of no known format or holds no question that
/// could be carried; a set id is taken or not valid; a set cannot be written. The files
/// before the failing one stay imported.
pub fn import(
    request: &ImportRequest,
    folder: &Path,
    bank: &Bank,
) -> Result<(Vec<ImportDone>, History)> {
    if request.files.len() > 1
        && (request.set_id.is_some() || request.title.is_some() || request.out.is_some())
    {
        bail!("--set-id, --title and --out name one set: give one file with them");
    }
    let mut done = Vec::new();
    let mut history = History::default();
    let mut taken: HashSet<SetId> = HashSet::new();
    for file in &request.files {
        let size = std::fs::metadata(file)
            .with_context(|| format!("cannot read {}", file.shown()))?
            .len();
        let package = match request.format {
            Some(Given::Package) => true,
            Some(Given::Text(_)) => false,
            None => file.extension().is_some_and(|e| {
                e.eq_ignore_ascii_case("apkg") || e.eq_ignore_ascii_case("colpkg")
            }),
        };
        let limit = if package {
            formats::anki::MAX_UNPACKED_BYTES
        } else {
            MAX_FILE_BYTES
        };
        if size > limit {
            bail!(
                "{} is {} MiB; files of more than {} MiB are not imported",
                file.shown(),
                size / (1024 * 1024),
                limit / (1024 * 1024)
            );
        }
        let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.shown()))?;
        let sets = if package {
            package_sets(request, file, &bytes, &mut history)?
        } else {
            vec![text_set(request, file, &bytes)?]
        };
        // Every id of the file is checked, and every set made, before any is written: a
        // package is imported whole or not at all.
        let mut converted = Vec::new();
        for (format, id, title, imported) in sets {
            if let Some(taken) = bank.set(&id) {
                bail!(
                    "the set id {:?} is already used by {}: give another with --set-id",
                    id.as_str(),
                    taken.file
                );
            }
            if !taken.insert(id.clone()) {
                bail!(
                    "two sets of {} would have the id {:?}",
                    file.shown(),
                    id.as_str()
                );
            }
            let set = formats::into_set(imported, SetName { id, title });
            if set.set.questions.is_empty() {
                bail!(nothing_imported(file, &set));
            }
            let written = request
                .out
                .clone()
                .unwrap_or_else(|| folder.join(format!("{}.ron", set.set.id.as_str())));
            if written.exists() {
                bail!(
                    "{} exists: a set is never written over a file (give another with --set-id \
                     or --out)",
                    written.shown()
                );
            }
            converted.push((format, set, written));
        }
        for (format, set, written) in converted {
            done.push(write_set(file, format, set, written)?);
        }
    }
    // Reviews of questions the set rules refused are dropped with them.
    let kept: HashSet<(SetId, String)> = done
        .iter()
        .flat_map(|d| {
            d.converted
                .set
                .questions
                .iter()
                .map(|q| (d.converted.set.id.clone(), q.id().to_owned()))
        })
        .collect();
    history
        .reviews
        .retain(|(card, ..)| kept.contains(&(card.set.clone(), card.question.as_str().to_owned())));
    Ok((done, history))
}

/// The set id given, or made from `name`.
fn set_id(request: &ImportRequest, name: &str) -> Result<SetId> {
    let id = request.set_id.clone().unwrap_or_else(|| slugify(name));
    if !crate::bank::ids::is_slug(&id) {
        bail!(
            "{id:?} is not a valid set id: give one with --set-id (lowercase letters, digits and \
             single hyphens)"
        );
    }
    Ok(SetId::new(id.as_str()))
}

type ReadSet = (String, SetId, String, formats::Imported);

fn text_set(request: &ImportRequest, file: &Path, bytes: &[u8]) -> Result<ReadSet> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        bail!("{} is larger than 16 MiB: not imported", file.shown());
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("{} is not UTF-8 text: save it as UTF-8", file.shown()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let file_name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let given = match request.format {
        Some(Given::Text(format)) => Some(format),
        _ => None,
    };
    let Some(format) = given.or_else(|| Format::detect(&file_name, text)) else {
        bail!(
            "cannot tell the format of {}: give it with --format ({})",
            file.shown(),
            Given::names()
        );
    };
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let title = request
        .title
        .clone()
        .unwrap_or_else(|| stem.replace(['_', '-'], " "));
    let imported = formats::import(text, format, request.options);
    Ok((
        format.name().to_uppercase(),
        set_id(request, &stem)?,
        title,
        imported,
    ))
}

fn package_sets(
    request: &ImportRequest,
    file: &Path,
    bytes: &[u8],
    history: &mut History,
) -> Result<Vec<ReadSet>> {
    let package =
        formats::anki::read(bytes).with_context(|| format!("cannot import {}", file.shown()))?;
    if package.decks.len() > 1
        && (request.set_id.is_some() || request.title.is_some() || request.out.is_some())
    {
        bail!(
            "{} holds {} decks, each a set: --set-id, --title and --out name one",
            file.shown(),
            package.decks.len()
        );
    }
    let mut sets = Vec::new();
    let mut ids = Vec::new();
    for (i, deck) in package.decks.into_iter().enumerate() {
        let id = set_id(request, &deck.name.replace("::", " "))?;
        let title = request
            .title
            .clone()
            .unwrap_or_else(|| deck.name.replace("::", " › "));
        let mut imported = deck.imported;
        if i == 0 {
            imported.notes.extend(package.notes.iter().cloned());
        }
        ids.push(id.clone());
        sets.push((format!("APKG deck {:?}", deck.name), id, title, imported));
    }
    for review in package.reviews {
        if let Some(set) = ids.get(review.deck) {
            let card = crate::bank::CardKey::new(
                set.clone(),
                crate::bank::QuestionId::new(review.question.as_str()),
            );
            history
                .reviews
                .push((card, review.at_ms, review.ease, review.duration_ms));
        }
    }
    Ok(sets)
}

/// Why no question of `set`, read from `file`, could be imported: each item and its reason.
fn nothing_imported(file: &Path, set: &Converted) -> String {
    let mut message = format!(
        "{}: no question of set {:?} could be imported",
        file.shown(),
        set.set.id.as_str()
    );
    for note in &set.notes {
        let _ = write!(
            message,
            "\n  {}:{}: {}",
            file.shown(),
            note.line,
            note.message
        );
    }
    message
}

fn write_set(
    file: &Path,
    format: String,
    converted: Converted,
    written: PathBuf,
) -> Result<ImportDone> {
    let ron = formats::to_ron(&converted.set).context("cannot write the set as RON")?;
    if let Some(dir) = written.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.shown()))?;
    }
    super::files::write_new(&written, |out| out.write_all(ron.as_bytes()))?;
    Ok(ImportDone {
        file: file.to_owned(),
        format,
        written,
        converted,
    })
}

/// The report of one import: the set written, the questions per kind, what was not carried
/// and what was carried with a loss, each as `file:line: reason`.
pub fn report(done: &ImportDone) -> String {
    let set = &done.converted.set;
    let mut text = format!(
        "{} ({}): {} question{} into {} (set {:?})\n",
        done.file.shown(),
        done.format,
        set.questions.len(),
        if set.questions.len() == 1 { "" } else { "s" },
        done.written.shown(),
        set.id.as_str()
    );
    let kinds: Vec<String> = done
        .converted
        .kinds
        .iter()
        .map(|(kind, n)| format!("{kind} {n}"))
        .collect();
    let _ = writeln!(text, "  {}", kinds.join(", "));
    for (skipped, heading) in [(true, "not carried"), (false, "carried with a loss")] {
        let notes: Vec<_> = done
            .converted
            .notes
            .iter()
            .filter(|n| n.skipped == skipped)
            .collect();
        if notes.is_empty() {
            continue;
        }
        let _ = writeln!(text, "  {heading} ({}):", notes.len());
        for note in notes {
            let _ = writeln!(
                text,
                "    {}:{}: {}",
                done.file.shown(),
                note.line,
                note.message
            );
        }
    }
    if set.questions.iter().any(|q| q.source().is_none()) {
        text.push_str(
            "  the format has no sources: add `source:` to each question before students use \
             the set (allydeck check lists them)\n",
        );
    }
    text
}

/// Writes set `id` of `bank` as `format` to `out`, the package's times `now_ms`; returns the
/// questions left out or carried with a loss, as lines to print.
///
/// # Errors
/// No loaded set has the id, no question of it fits the format, or the file cannot be
/// written.
pub fn export(
    bank: &Bank,
    id: &str,
    format: Given,
    out: &Path,
    now_ms: i64,
) -> Result<Vec<String>> {
    let Some(loaded) = bank.set(&SetId::new(id)) else {
        let known: Vec<&str> = bank.sets.iter().map(|s| s.set.id.as_str()).collect();
        bail!("no set {id:?} is loaded (sets: {})", known.join(", "));
    };
    let (bytes, notes) = match format {
        Given::Package => {
            let (bytes, losses) = formats::anki_write::write(&loaded.set, now_ms)?;
            let notes = losses
                .iter()
                .map(|(question, why)| format!("{id}/{question}: {why}"))
                .collect();
            (bytes, notes)
        }
        Given::Text(format) => {
            let exported = formats::export(&loaded.set, format);
            let notes: Vec<String> = exported
                .notes
                .iter()
                .map(|(question, why)| format!("{id}/{question}: {why}"))
                .collect();
            if exported.left_out == loaded.set.questions.len() {
                bail!(
                    "no question of {id:?} fits {}:\n  {}",
                    format.name().to_uppercase(),
                    notes.join("\n  ")
                );
            }
            (exported.text.into_bytes(), notes)
        }
    };
    super::files::write_atomically(out, |file| Ok(file.write_all(&bytes)?))?;
    Ok(notes)
}

/// Adds the review history that came with packages to `profile`'s log (all or nothing;
/// reviews already there are skipped), each review on the study day of `at`'s UTC offset
/// (Anki keeps no offset); returns the line to print.
///
/// # Errors
/// The profile cannot be opened or written, or a review is refused (one dated in the future).
pub fn add_history(
    dirs: &crate::paths::DataDirs,
    profile: &crate::paths::Profile,
    history: &History,
    at: super::At,
) -> Result<String> {
    let mut records = Vec::new();
    let mut ahead = 0;
    for (card, ms, ease, duration) in &history.reviews {
        let (Some(when), Some(rating)) = (
            chrono::DateTime::from_timestamp_millis(*ms),
            crate::schedule::Rating::from_number(*ease),
        ) else {
            continue;
        };
        // As `log import`: a review dated ahead of the clock would re-time every later one.
        if when > at.now + chrono::Duration::days(1) {
            ahead += 1;
            continue;
        }
        records.push(crate::store::ReviewRecord {
            card: card.clone(),
            at: when,
            utc_offset: at.utc_offset,
            rating,
            duration_ms: Some(*duration),
            overridden: false,
        });
    }
    let opened = super::Collection::open_for_log(dirs, profile, at)?;
    let mut collection = opened.collection;
    let summary = collection.import_log(&records)?;
    let mut line = format!(
        "review history: {} reviews added to profile {:?} ({} already there)",
        summary.added,
        profile.as_str(),
        summary.read - summary.added
    );
    if ahead > 0 {
        let _ = write!(line, "; {ahead} dated after tomorrow left out");
    }
    Ok(line)
}
