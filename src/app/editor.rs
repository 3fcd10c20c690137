//! A teacher's edits to a question file, where the file stays the truth.
//!
//! A [`SetFile`] is a `.ron` file opened for editing: its text as read and every question in
//! it (those with errors too, which the loaded bank leaves out). Saving one question replaces
//! only that question's text ([`crate::bank::edit`]), reads the result back to make sure it
//! says what the form said, and writes it atomically. A file that changed on disk since it was
//! read is never written over: the save is refused with [`EditorError::Changed`] and the
//! caller asks the teacher. Shipped sets are compiled in and cannot be edited; they can be
//! copied to the question folder under a new id.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::bank::edit::{self, EditError};
use crate::bank::ids::{is_slug, slugify};
use crate::bank::validate_within;
use crate::bank::{
    Bank, MAX_FILE_BYTES, Origin, QuestionFields, QuestionId, QuestionSet, SetId, Severity,
    parse_text,
};
use crate::text::ShowPath as _;

use super::files::{write_atomically, write_new};

/// The template every new set starts from (`questions/TEMPLATE.ron`).
pub const TEMPLATE: &str = include_str!("../../questions/TEMPLATE.ron");

/// Why an edit could not be made; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum EditorError {
    /// The file cannot be read.
    #[error("{path} cannot be read: {1}", path = .0.shown())]
    Read(PathBuf, std::io::Error),
    /// The file is not a question set RON can read, so its questions cannot be placed.
    #[error("{0}: fix it in a text editor first (the Problems panel says the same)")]
    Syntax(String),
    /// The file's text could not be followed.
    #[error(transparent)]
    Layout(#[from] EditError),
    /// The file is not the one that was opened: someone else changed it.
    #[error("{} changed on disk since it was opened", .0.shown())]
    Changed(PathBuf),
    /// The question has errors: it would be left out when the set loads.
    #[error("the question has {}: {}", if .0.len() == 1 { "an error" } else { "errors" }, .0.join("; "))]
    Invalid(Vec<String>),
    /// The question to change is no longer in the file.
    #[error("there is no question {0:?} in the file any more")]
    Gone(QuestionId),
    /// The edited file would not read back as the form says (a bug: nothing is written).
    #[error("the edit would not read back as written, so it is not saved ({0})")]
    ReadBack(String),
    /// The file cannot be written.
    #[error("{0:#}")]
    Write(anyhow::Error),
}

/// What a save is about: a question already in the file (by the id it had when opened), or a
/// new one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// The question with this id.
    Existing(QuestionId),
    /// A question to append.
    New,
}

/// A finding about one question, as `allydeck check` words it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// Error (the question would be left out) or warning.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
}

/// A question file opened for editing.
#[derive(Clone, Debug)]
pub struct SetFile {
    /// The file.
    pub path: PathBuf,
    /// Its text when it was read (or last saved): what a save compares the disk with.
    pub text: String,
    /// Its set, with every question in it, in file order.
    pub set: QuestionSet,
}

fn read_text(path: &Path) -> Result<String, EditorError> {
    let read = |e| EditorError::Read(path.to_owned(), e);
    let size = std::fs::metadata(path).map_err(read)?.len();
    if size > MAX_FILE_BYTES {
        return Err(read(std::io::Error::other(format!(
            "it is larger than {} MiB",
            MAX_FILE_BYTES / (1024 * 1024)
        ))));
    }
    std::fs::read_to_string(path).map_err(read)
}

/// Every question of `text`, with errors or not, if RON can read it.
fn read_set(file: &str, text: &str) -> Result<QuestionSet, EditorError> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    options.from_str(body).map_err(|_| {
        let parsed = parse_text(file, text);
        EditorError::Syntax(parsed.problems.first().map_or_else(
            || format!("{file} is not a question set"),
            ToString::to_string,
        ))
    })
}

impl SetFile {
    /// Reads `path` for editing.
    ///
    /// # Errors
    /// It cannot be read, or it is not a question set RON can read.
    pub fn open(path: &Path) -> Result<Self, EditorError> {
        let text = read_text(path)?;
        Self::from_text(path, text)
    }

    fn from_text(path: &Path, text: String) -> Result<Self, EditorError> {
        let set = read_set(&path.shown().to_string(), &text)?;
        let layout = edit::Layout::of(&text)?;
        if layout.questions.len() != set.questions.len() {
            return Err(EditorError::Layout(EditError::NoQuestionList));
        }
        Ok(Self {
            path: path.to_owned(),
            text,
            set,
        })
    }

    /// Where the question with `id` is in the file.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.set.questions.iter().position(|q| q.id() == id)
    }

    /// The set as it would be with `question` saved as `target`, and the question's place.
    fn with(
        &self,
        target: &Target,
        question: &QuestionFields,
    ) -> Result<(QuestionSet, usize), EditorError> {
        let mut set = self.set.clone();
        let question = std::sync::Arc::new(crate::bank::Question::new(question.clone()));
        let at = match target {
            Target::Existing(id) => {
                let at = self
                    .position(id.as_str())
                    .ok_or_else(|| EditorError::Gone(id.clone()))?;
                set.questions[at] = question;
                at
            }
            Target::New => {
                set.questions.push(question);
                set.questions.len() - 1
            }
        };
        Ok((set, at))
    }

    /// What `allydeck check` would say about `question` saved as `target`: its own errors and
    /// warnings (an id used twice included), in the words of `check`.
    pub fn check(&self, target: &Target, question: &QuestionFields) -> Vec<Note> {
        let Ok((set, at)) = self.with(target, question) else {
            return Vec::new();
        };
        validate_within(&set, usize::MAX)
            .findings
            .into_iter()
            .filter(|f| f.concerns(at))
            .map(|f| Note {
                severity: f.severity,
                message: f.message,
            })
            .collect()
    }

    /// The id a new question with these fields gets: its own if it has one, else one made
    /// from its prompt, unique in the set.
    pub fn new_id(&self, question: &QuestionFields) -> QuestionId {
        let mut taken: HashSet<String> = self
            .set
            .questions
            .iter()
            .map(|q| q.id().to_owned())
            .collect();
        QuestionId::new(crate::formats::unique_id(question, &mut taken))
    }

    /// Saves `question` as `target`, changing only its text in the file. Returns the id it was
    /// saved under (a new question's is made from its prompt).
    ///
    /// # Errors
    /// The question has errors, the file changed on disk since it was read
    /// ([`EditorError::Changed`]: call [`SetFile::reread`] and try again to save over it), or
    /// it cannot be read or written.
    pub fn save(
        &mut self,
        target: &Target,
        question: &QuestionFields,
    ) -> Result<QuestionId, EditorError> {
        let mut question = question.clone();
        if *target == Target::New {
            question.id = self.new_id(&question);
        }
        let errors: Vec<String> = self
            .check(target, &question)
            .into_iter()
            .filter(|n| n.severity == Severity::Error)
            .map(|n| n.message)
            .collect();
        if !errors.is_empty() {
            return Err(EditorError::Invalid(errors));
        }
        self.unchanged_on_disk()?;
        let (expected, _) = self.with(target, &question)?;
        let text = match target {
            Target::Existing(id) => {
                let at = self
                    .position(id.as_str())
                    .ok_or_else(|| EditorError::Gone(id.clone()))?;
                let old = self.set.questions[at].fields();
                if old == question {
                    // Nothing to write: the file is left as it is, not rewritten.
                    return Ok(question.id);
                }
                edit::update(&self.text, at, &old, &question)?
            }
            Target::New => edit::append(&self.text, &question)?,
        };
        self.write(text, &expected)?;
        Ok(question.id)
    }

    /// Removes the question with `id` from the file, and only it.
    ///
    /// # Errors
    /// As [`SetFile::save`].
    pub fn delete(&mut self, id: &QuestionId) -> Result<(), EditorError> {
        self.unchanged_on_disk()?;
        let at = self
            .position(id.as_str())
            .ok_or_else(|| EditorError::Gone(id.clone()))?;
        let mut expected = self.set.clone();
        expected.questions.remove(at);
        let text = edit::remove(&self.text, at)?;
        self.write(text, &expected)
    }

    /// Reads the file again as it is on disk now (after [`EditorError::Changed`], to save
    /// over the other change, or to see it).
    ///
    /// # Errors
    /// It cannot be read, or it is no longer a question set.
    pub fn reread(&mut self) -> Result<(), EditorError> {
        *self = Self::open(&self.path)?;
        Ok(())
    }

    fn unchanged_on_disk(&self) -> Result<(), EditorError> {
        if read_text(&self.path)? == self.text {
            Ok(())
        } else {
            Err(EditorError::Changed(self.path.clone()))
        }
    }

    /// Writes `text` once it reads back as `expected`, and takes it as the file's text.
    fn write(&mut self, text: String, expected: &QuestionSet) -> Result<(), EditorError> {
        let read = read_set(&self.path.shown().to_string(), &text).map_err(|_| {
            EditorError::ReadBack(
                "the new text is not RON that reads back; the file on disk is unchanged".to_owned(),
            )
        })?;
        if read != *expected {
            return Err(EditorError::ReadBack(
                "the questions read back differ".to_owned(),
            ));
        }
        // Through a link, the file it points to is the one changed (a rename would replace
        // the link with a copy); a read-only file is not replaced behind its owner's back.
        let target = std::fs::canonicalize(&self.path).unwrap_or_else(|_| self.path.clone());
        if std::fs::metadata(&target).is_ok_and(|m| m.permissions().readonly()) {
            return Err(EditorError::Write(anyhow::anyhow!(
                "{} is read-only: nothing was written",
                self.path.shown()
            )));
        }
        write_atomically(&target, |out| Ok(out.write_all(text.as_bytes())?))
            .map_err(EditorError::Write)?;
        self.text = text;
        self.set = read;
        Ok(())
    }
}

/// The template with its id and title replaced.
///
/// # Errors
/// The id is not a valid set id, or the title is empty.
pub fn from_template(id: &str, title: &str) -> anyhow::Result<String> {
    if !is_slug(id) {
        let suggestion = slugify(id);
        anyhow::bail!(
            "{id:?} is not a valid set id: use lowercase letters, digits and single hyphens{}",
            if suggestion.is_empty() {
                String::new()
            } else {
                format!(" (for example {suggestion:?})")
            }
        );
    }
    if title.trim().is_empty() {
        anyhow::bail!("the title is empty: students choose sets by their title");
    }
    let text = edit::replace_set_string(TEMPLATE, "id", id)?;
    let text = edit::replace_set_string(&text, "title", title.trim())?;
    let parsed = parse_text("new set", &text);
    if parsed.set.is_none() || !parsed.problems.is_empty() {
        anyhow::bail!("the template does not load: {:?}", parsed.problems);
    }
    Ok(text)
}

/// A set id made from `base`, used by no set in `bank` and by no file in `folder`: `base`,
/// then `base-2`, `base-3`, ..., shortened so that it stays a valid id.
fn free_id(base: &str, bank: &Bank, folder: &Path) -> String {
    let base = match slugify(base) {
        s if s.is_empty() => "my-set".to_owned(),
        s => s,
    };
    let taken =
        |id: &str| bank.set(&SetId::new(id)).is_some() || folder.join(format!("{id}.ron")).exists();
    let with_suffix = |suffix: &str| {
        let room = crate::bank::ids::MAX_ID_LEN.saturating_sub(suffix.len());
        let mut cut = base[..room.min(base.len())].to_owned();
        while cut.ends_with('-') {
            cut.pop();
        }
        format!("{cut}{suffix}")
    };
    let mut id = with_suffix("");
    let mut n = 2;
    while taken(&id) {
        id = with_suffix(&format!("-{n}"));
        n += 1;
    }
    id
}

/// Makes a new set titled `title` in `folder`, from the template, with an id made from the
/// title that no loaded set uses; returns its file and id.
///
/// # Errors
/// The title is empty, or the file cannot be written.
pub fn new_set(folder: &Path, title: &str, bank: &Bank) -> anyhow::Result<(PathBuf, SetId)> {
    let id = free_id(title, bank, folder);
    let text = from_template(&id, title)?;
    std::fs::create_dir_all(folder)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", folder.shown()))?;
    let file = folder.join(format!("{id}.ron"));
    write_new(&file, |out| out.write_all(text.as_bytes()))?;
    Ok((file, SetId::new(id)))
}

/// Copies the shipped set `set` into `folder` to edit: the same text (comments and all)
/// under a new id, `<id>-copy`, and a title that says it is a copy first (`Copy: <title>`, so
/// that it shows where titles are cut short). Set ids are unique across
/// folders, so the copy cannot take the shipped set's id; progress is kept by set id, so
/// the shipped set keeps its own and the copy starts with none.
///
/// # Errors
/// The set is not a shipped one, or the copy cannot be written.
pub fn copy_shipped(set: &SetId, folder: &Path, bank: &Bank) -> anyhow::Result<(PathBuf, SetId)> {
    let loaded = bank
        .set(set)
        .ok_or_else(|| anyhow::anyhow!("there is no set {:?}", set.as_str()))?;
    let Origin::Shipped(name) = loaded.origin else {
        anyhow::bail!("{} is already in a folder of yours", loaded.file);
    };
    let text = crate::bank::shipped::FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
        .ok_or_else(|| anyhow::anyhow!("the shipped file {name} is missing"))?;
    let id = free_id(&format!("{}-copy", set.as_str()), bank, folder);
    let text = edit::replace_set_string(text, "id", &id)?;
    let text = edit::replace_set_string(&text, "title", &format!("Copy: {}", loaded.set.title))?;
    std::fs::create_dir_all(folder)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", folder.shown()))?;
    let file = folder.join(format!("{id}.ron"));
    write_new(&file, |out| out.write_all(text.as_bytes()))?;
    Ok((file, SetId::new(id)))
}

#[cfg(test)]
mod tests;
