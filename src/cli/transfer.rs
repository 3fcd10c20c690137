//! `allydeck import FILE...` and `allydeck export SET`: question sets in and out of GIFT,
//! Aiken, CSV and TSV, with a report of everything that could not be carried.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::bank::ids::{SetId, slugify};
use crate::bank::{Bank, MAX_FILE_BYTES};
use crate::formats::{self, Converted, Format, ImportOptions, SetName};
use crate::text::ShowPath as _;

/// What the teacher asked of `allydeck import`.
#[derive(Clone, Debug, Default)]
pub struct ImportRequest {
    /// The files to read, each into a set of its own.
    pub files: Vec<PathBuf>,
    /// Their format, if not told by each file's extension or text.
    pub format: Option<Format>,
    /// The set's id (one file only); else made from the file's name.
    pub set_id: Option<String>,
    /// The set's title (one file only); else the file's name.
    pub title: Option<String>,
    /// Where to write the set (one file only); else `ID.ron` in the question folder.
    pub out: Option<PathBuf>,
    /// How to read what the formats leave open.
    pub options: ImportOptions,
}

/// One file imported: where its set went, and the report.
#[derive(Debug)]
pub struct ImportDone {
    /// The file read.
    pub file: PathBuf,
    /// Its format.
    pub format: Format,
    /// The set file written.
    pub written: PathBuf,
    /// The set and what became of every item.
    pub converted: Converted,
}

/// Imports every file of `request`, writing each set into `folder` (or `request.out`) and
/// never over an existing file. `bank` holds the sets already loaded, whose ids a new set
/// must not take.
///
/// # Errors
/// A file cannot be read, is larger than 16 MiB, is of no known format or holds no question
/// that could be carried; the set id is taken or not valid; the set cannot be written. The
/// files before the failing one stay imported.
pub fn import(request: &ImportRequest, folder: &Path, bank: &Bank) -> Result<Vec<ImportDone>> {
    if request.files.len() > 1
        && (request.set_id.is_some() || request.title.is_some() || request.out.is_some())
    {
        bail!("--set-id, --title and --out name one set: give one file with them");
    }
    let mut done = Vec::new();
    for file in &request.files {
        done.push(import_one(request, file, folder, bank)?);
    }
    Ok(done)
}

fn import_one(
    request: &ImportRequest,
    file: &Path,
    folder: &Path,
    bank: &Bank,
) -> Result<ImportDone> {
    let size = std::fs::metadata(file)
        .with_context(|| format!("cannot read {}", file.shown()))?
        .len();
    if size > MAX_FILE_BYTES {
        bail!(
            "{} is {} MiB; files of more than 16 MiB are not imported",
            file.shown(),
            size / (1024 * 1024)
        );
    }
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.shown()))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("{} is not UTF-8 text: save it as UTF-8", file.shown()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let file_name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Some(format) = request.format.or_else(|| Format::detect(&file_name, text)) else {
        bail!(
            "cannot tell the format of {}: give it with --format ({})",
            file.shown(),
            Format::ALL.map(Format::name).join(", ")
        );
    };
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = request.set_id.clone().unwrap_or_else(|| slugify(&stem));
    if !crate::bank::ids::is_slug(&id) {
        bail!(
            "{id:?} is not a valid set id: give one with --set-id (lowercase letters, digits and \
             single hyphens)"
        );
    }
    let id = SetId::new(id.as_str());
    if let Some(taken) = bank.set(&id) {
        bail!(
            "the set id {:?} is already used by {}: give another with --set-id",
            id.as_str(),
            taken.file
        );
    }
    let title = request
        .title
        .clone()
        .unwrap_or_else(|| stem.replace(['_', '-'], " "));
    let imported = formats::import(text, format, request.options);
    let converted = formats::into_set(
        imported,
        SetName {
            id: id.clone(),
            title,
        },
    );
    if converted.set.questions.is_empty() {
        let mut message = format!("{}: no question could be imported", file.shown());
        for note in &converted.notes {
            let _ = write!(
                message,
                "\n  {}:{}: {}",
                file.shown(),
                note.line,
                note.message
            );
        }
        bail!(message);
    }
    let written = request
        .out
        .clone()
        .unwrap_or_else(|| folder.join(format!("{}.ron", id.as_str())));
    let ron = formats::to_ron(&converted.set).context("cannot write the set as RON")?;
    if let Some(dir) = written.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.shown()))?;
    }
    super::new_set::write_new(&written, |out| out.write_all(ron.as_bytes()))?;
    Ok(ImportDone {
        file: file.to_owned(),
        format,
        written,
        converted,
    })
}

/// The report of one import, as printed.
pub fn report(done: &ImportDone) -> String {
    let set = &done.converted.set;
    let mut text = format!(
        "{} ({}): {} question{} into {} (set {:?})\n",
        done.file.shown(),
        done.format.name().to_uppercase(),
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

/// Writes set `id` of `bank` as `format` to `out`; returns the questions left out or carried
/// with a loss, as lines to print.
///
/// # Errors
/// No loaded set has the id, no question of it fits the format, or the file cannot be
/// written.
pub fn export(bank: &Bank, id: &str, format: Format, out: &Path) -> Result<Vec<String>> {
    let Some(loaded) = bank.set(&SetId::new(id)) else {
        let known: Vec<&str> = bank.sets.iter().map(|s| s.set.id.as_str()).collect();
        bail!("no set {id:?} is loaded (sets: {})", known.join(", "));
    };
    let exported = formats::export(&loaded.set, format);
    let notes: Vec<String> = exported
        .notes
        .iter()
        .map(|(question, why)| format!("{id}/{question}: {why}"))
        .collect();
    if exported.notes.len() == loaded.set.questions.len() {
        bail!(
            "no question of {id:?} fits {}:\n  {}",
            format.name().to_uppercase(),
            notes.join("\n  ")
        );
    }
    super::write_atomically(out, |file| Ok(file.write_all(exported.text.as_bytes())?))?;
    Ok(notes)
}
