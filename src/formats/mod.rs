//! Question sets in and out of the formats teachers already keep them in: Moodle's GIFT and
//! Aiken, and CSV or TSV (a documented column layout, plus the two-column files Quizlet and
//! Anki's plain-text export write).
//!
//! A reader turns a file into [`Imported`]: the questions it could carry, each with the line
//! it starts on, and a note for everything it could not, with its line and the reason.
//! [`into_set`] then makes a set that loads cleanly: ids made unique, and any question the
//! set's own rules refuse reported, never written. A writer turns a set into text and says
//! which questions its format cannot carry. Nothing here reads or writes a file.

pub mod aiken;
pub mod anki;
pub mod anki_write;
pub mod gift;
mod html;
pub mod table;

use std::collections::HashSet;

use crate::bank::ids::{QuestionId, SetId, slugify};
use crate::bank::{Kind, Question, QuestionFields, QuestionSet};

/// The formats a set can be read from and written to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Moodle's GIFT.
    Gift,
    /// Moodle's Aiken: single-answer multiple choice.
    Aiken,
    /// Comma-separated values.
    Csv,
    /// Tab-separated values.
    Tsv,
}

impl Format {
    /// Every format, in the order the documentation gives them.
    pub const ALL: [Format; 4] = [Format::Gift, Format::Aiken, Format::Csv, Format::Tsv];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Gift => "gift",
            Format::Aiken => "aiken",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
        }
    }

    /// The format named `name` on the command line.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name))
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Gift => "gift",
            Format::Aiken => "txt",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
        }
    }

    /// The format of a file named `file_name` holding `text`: by its extension when that
    /// says, else by what the text looks like.
    pub fn detect(file_name: &str, text: &str) -> Option<Self> {
        let extension = file_name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase());
        match extension.as_deref() {
            Some("gift") => return Some(Format::Gift),
            Some("csv") => return Some(Format::Csv),
            Some("tsv" | "tab") => return Some(Format::Tsv),
            _ => {}
        }
        let lines = || text.lines().map(str::trim).filter(|l| !l.is_empty());
        let first = lines().find(|l| !l.starts_with('#'))?;
        let header = |sep: char| {
            let names: Vec<String> = first
                .split(sep)
                .map(|n| n.trim().to_ascii_lowercase())
                .collect();
            names.iter().any(|n| n == "kind") && names.iter().any(|n| n == "prompt")
        };
        if header('\t') {
            return Some(Format::Tsv);
        }
        if header(',') {
            return Some(Format::Csv);
        }
        if lines().any(|l| l.starts_with("ANSWER:")) && lines().any(aiken::is_option_line) {
            return Some(Format::Aiken);
        }
        if text.contains('{') && text.contains('}') {
            return Some(Format::Gift);
        }
        if first.contains('\t') {
            Some(Format::Tsv)
        } else if first.contains(',') {
            Some(Format::Csv)
        } else {
            None
        }
    }
}

/// Something in a file that was not carried over, or carried with a loss: where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// The line it starts on (1-based); 0 for the file as a whole.
    pub line: usize,
    /// What happened, as a sentence for the teacher.
    pub message: String,
    /// Whether the item was left out (else it was carried, with the loss the message names).
    pub skipped: bool,
}

impl Note {
    /// An item left out.
    pub fn skipped(line: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
            skipped: true,
        }
    }

    /// An item carried with a loss.
    pub fn loss(line: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
            skipped: false,
        }
    }
}

/// What a reader made of a file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Imported {
    /// The questions carried, each with the line it starts on. Ids may be empty or repeat:
    /// [`into_set`] makes them unique.
    pub questions: Vec<(usize, QuestionFields)>,
    /// What was not carried, or carried with a loss, in file order.
    pub notes: Vec<Note>,
}

/// How a set read from a file is named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetName {
    /// The set's id.
    pub id: SetId,
    /// Its title.
    pub title: String,
}

/// The set `imported` makes, and the report of what became of each item.
#[derive(Clone, Debug, PartialEq)]
pub struct Converted {
    /// The set, every question of which passes the set rules.
    pub set: QuestionSet,
    /// Questions carried, per kind, kinds with none left out.
    pub kinds: Vec<(Kind, usize)>,
    /// Every note of the reader, then every question the set rules refused, in line order.
    pub notes: Vec<Note>,
}

/// Makes a set of `imported`: each question gets a unique id (its own, slugified, or one made
/// from its prompt), and a question the set rules refuse (`allydeck check` would report an
/// error) is left out with the rule's message, so the set written always loads.
pub fn into_set(imported: Imported, name: SetName) -> Converted {
    let mut notes = imported.notes;
    let mut taken: HashSet<String> = HashSet::new();
    let mut questions = Vec::new();
    for (line, mut fields) in imported.questions {
        let id = unique_id(&fields, &mut taken);
        fields.id = QuestionId::new(id.as_str());
        let question = Question::new(fields);
        match refusal(&question) {
            Some(message) => notes.push(Note::skipped(line, message)),
            None => questions.push(std::sync::Arc::new(question)),
        }
    }
    notes.sort_by_key(|n| n.line);
    let set = QuestionSet {
        id: name.id,
        title: name.title,
        description: String::new(),
        language: "en".to_owned(),
        tags: Vec::new(),
        questions,
    };
    Converted {
        kinds: set.kind_counts(),
        set,
        notes,
    }
}

/// Why the set rules refuse `question` alone, if they do.
fn refusal(question: &Question) -> Option<String> {
    let probe = QuestionSet {
        id: SetId::new("probe"),
        title: "probe".to_owned(),
        description: String::new(),
        language: "en".to_owned(),
        tags: Vec::new(),
        questions: vec![std::sync::Arc::new(question.clone())],
    };
    crate::bank::errors_of(&probe).into_iter().next()
}

/// An id for `fields` no other question of the set has: its own, slugified, else one made
/// from the first words of its prompt, with `-2`, `-3`, ... when taken.
pub(crate) fn unique_id(fields: &QuestionFields, taken: &mut HashSet<String>) -> String {
    let own = slugify(fields.id.as_str());
    // A cloze's text is its question when it has no prompt.
    let text = match (&fields.answer, fields.prompt.trim().is_empty()) {
        (crate::bank::Answer::Cloze(cloze), true) => cloze.filled(),
        _ => fields.prompt.clone(),
    };
    let base = if own.is_empty() {
        let words: String = text
            .split_whitespace()
            .take(6)
            .collect::<Vec<_>>()
            .join(" ");
        let from_prompt = slugify(&words);
        if from_prompt.is_empty() {
            "question".to_owned()
        } else {
            from_prompt
        }
    } else {
        own
    };
    let mut id = base.clone();
    let mut n = 2;
    while !taken.insert(id.clone()) {
        let suffix = format!("-{n}");
        let room = crate::bank::ids::MAX_ID_LEN - suffix.len();
        let stem: String = base.chars().take(room).collect();
        id = format!("{}{suffix}", stem.trim_end_matches('-'));
        n += 1;
    }
    id
}

/// A set written out, and the questions the format could not carry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Exported {
    /// The file's text.
    pub text: String,
    /// Per question left out or carried with a loss: its id and why.
    pub notes: Vec<(String, String)>,
    /// How many questions were left out (the others of `notes` were carried with a loss).
    pub left_out: usize,
}

/// Writes `set` in `format`.
pub fn export(set: &QuestionSet, format: Format) -> Exported {
    match format {
        Format::Gift => gift::write(set),
        Format::Aiken => aiken::write(set),
        Format::Csv => table::write(set, b','),
        Format::Tsv => table::write(set, b'\t'),
    }
}

/// Reads `text` as `format`. `typed` makes two-column tables Typed questions rather than
/// Flashcards; `essays_as_flashcards` keeps GIFT essays as Flashcards.
pub fn import(text: &str, format: Format, options: ImportOptions) -> Imported {
    match format {
        Format::Gift => gift::read(text, options),
        Format::Aiken => aiken::read(text),
        Format::Csv => table::read(text, b',', options),
        Format::Tsv => table::read(text, b'\t', options),
    }
}

/// Choices a teacher makes when importing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Two-column tables (term and definition, front and back) as Typed questions, the
    /// student typing the second column, instead of Flashcards.
    pub typed: bool,
    /// GIFT essay questions, which have nothing to grade, as Flashcards whose back is the
    /// general feedback, instead of being left out.
    pub essays_as_flashcards: bool,
}

/// The RON text of `set`, as `allydeck new-set` and the shipped sets write one.
///
/// # Errors
/// Only if RON cannot write a value of the model, which would be a bug.
pub fn to_ron(set: &QuestionSet) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME)
        .struct_names(false);
    ron::ser::to_string_pretty(set, config).map(|mut text| {
        text.push('\n');
        text
    })
}

/// Fields of a question with `prompt` and `answer`, no id yet, and nothing else.
fn fields(prompt: String, answer: crate::bank::Answer) -> QuestionFields {
    QuestionFields {
        id: QuestionId::new(""),
        prompt,
        answer,
        explanation: None,
        source: None,
        tags: Vec::new(),
        difficulty: None,
    }
}

#[cfg(test)]
mod tests;
