//! The question-set model, exactly as a teacher writes it in RON.
//!
//! Field names here are the names in the file format: renaming one breaks every set that
//! uses it, so change them only together with `questions/FORMAT.md`.

use std::collections::HashSet;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use super::cloze::Cloze;
use super::ids::{QuestionId, SetId};

/// One question set: one `.ron` file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionSet {
    /// Stable identifier; progress is keyed by it, so it must never change.
    pub id: SetId,
    /// What the student sees in lists.
    pub title: String,
    /// One or two sentences on what the set covers.
    #[serde(default)]
    pub description: String,
    /// Language of the questions, as a BCP 47 tag such as `en` or `fr`.
    #[serde(default = "default_language")]
    pub language: String,
    /// Free-form tags for choosing questions in a quiz.
    #[serde(default)]
    pub tags: Vec<SmolStr>,
    /// The questions, in the order the teacher wrote them. Shared: a session showing a
    /// question holds the bank's copy, never a clone of it.
    pub questions: Vec<Arc<Question>>,
}

fn default_language() -> String {
    "en".to_owned()
}

/// One question of a set.
///
/// Read from the file as [`QuestionFields`], the fields the teacher writes, and kept compact:
/// the prompt, explanation and source share one allocation, as Anki keeps a note's fields in
/// one text. With 100,000 questions loaded this is what the bank's memory is made of.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "QuestionFields", into = "QuestionFields")]
pub struct Question {
    /// The id, the prompt, the explanation and the source, back to back.
    words: Words,
    /// What counts as right, and so how the question is asked.
    pub answer: Answer,
    /// Tags of this question, added to the set's tags. Questions of a set with the same tags
    /// share one list.
    pub tags: Arc<[SmolStr]>,
}

/// A question exactly as written in a question file: the form it is read and written in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Question", deny_unknown_fields)]
pub struct QuestionFields {
    /// Stable identifier within its set; progress is keyed by it.
    pub id: QuestionId,
    /// The question as asked. May be empty only for a `Cloze`, whose text is the question.
    #[serde(default)]
    pub prompt: String,
    /// What counts as right, and so how the question is asked.
    pub answer: Answer,
    /// Why the answer is right: shown after every answer. Missing is a warning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    /// The document or page the answer rests on. Missing is a warning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Tags of this question, added to the set's tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<SmolStr>,
    /// 1 (easy) to 3 (hard), if the teacher says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<u8>,
}

/// Four texts of a question in one allocation, with where the first three end. An absent
/// explanation or source is kept apart from an empty one, so a file reads back as written.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Words {
    text: Box<str>,
    id_end: u32,
    prompt_end: u32,
    explanation_end: u32,
    has_explanation: bool,
    has_source: bool,
    /// The question's difficulty, kept here where it fills what would be padding.
    difficulty: Option<u8>,
}

impl Words {
    fn new(
        id: &str,
        prompt: &str,
        explanation: Option<&str>,
        source: Option<&str>,
        difficulty: Option<u8>,
    ) -> Self {
        let explanation_text = explanation.unwrap_or_default();
        let mut text = String::with_capacity(
            id.len() + prompt.len() + explanation_text.len() + source.map_or(0, str::len),
        );
        text.push_str(id);
        let id_end = text.len();
        text.push_str(prompt);
        let prompt_end = text.len();
        text.push_str(explanation_text);
        let explanation_end = text.len();
        text.push_str(source.unwrap_or_default());
        // A question file is at most 16 MiB; nothing else builds a text near 4 GiB.
        let end = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Self {
            text: text.into_boxed_str(),
            id_end: end(id_end),
            prompt_end: end(prompt_end),
            explanation_end: end(explanation_end),
            has_explanation: explanation.is_some(),
            has_source: source.is_some(),
            difficulty,
        }
    }

    fn part(&self, from: u32, to: Option<u32>) -> &str {
        let from = from as usize;
        let to = to.map_or(self.text.len(), |to| to as usize);
        self.text.get(from..to).unwrap_or_default()
    }
}

impl Question {
    /// A question from the fields a teacher writes.
    pub fn new(fields: QuestionFields) -> Self {
        let QuestionFields {
            id,
            prompt,
            answer,
            explanation,
            source,
            tags,
            difficulty,
        } = fields;
        Self {
            words: Words::new(
                id.as_str(),
                &prompt,
                explanation.as_deref(),
                source.as_deref(),
                difficulty,
            ),
            answer,
            tags: tags.into(),
        }
    }

    /// Stable identifier within its set; progress is keyed by it (see [`super::CardKey`]).
    pub fn id(&self) -> &str {
        self.words.part(0, Some(self.words.id_end))
    }

    /// The question as asked. May be empty only for a `Cloze`, whose text is the question.
    pub fn prompt(&self) -> &str {
        let w = &self.words;
        w.part(w.id_end, Some(w.prompt_end))
    }

    /// Why the answer is right: shown after every answer. Missing is a warning.
    pub fn explanation(&self) -> Option<&str> {
        let w = &self.words;
        w.has_explanation
            .then(|| w.part(w.prompt_end, Some(w.explanation_end)))
    }

    /// The document or page the answer rests on. Missing is a warning.
    pub fn source(&self) -> Option<&str> {
        let w = &self.words;
        w.has_source.then(|| w.part(w.explanation_end, None))
    }

    /// 1 (easy) to 3 (hard), if the teacher says.
    pub fn difficulty(&self) -> Option<u8> {
        self.words.difficulty
    }

    /// The fields as a teacher writes them, to change and write back.
    pub fn fields(&self) -> QuestionFields {
        QuestionFields {
            id: QuestionId::new(self.id()),
            prompt: self.prompt().to_owned(),
            answer: self.answer.clone(),
            explanation: self.explanation().map(str::to_owned),
            source: self.source().map(str::to_owned),
            tags: self.tags.to_vec(),
            difficulty: self.difficulty(),
        }
    }
}

impl From<QuestionFields> for Question {
    fn from(fields: QuestionFields) -> Self {
        Self::new(fields)
    }
}

impl From<Question> for QuestionFields {
    fn from(question: Question) -> Self {
        question.fields()
    }
}

/// The kinds of question and what counts as right for each.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Answer {
    /// Pick one or several options. `correct` holds 0-based indices into `options`;
    /// with more than one index the student must pick all of them.
    Choice {
        /// The options as written; they are shuffled when shown.
        options: Box<[SmolStr]>,
        /// Indices of the right options.
        correct: Box<[usize]>,
    },
    /// The prompt is a statement; is it true?
    TrueFalse(bool),
    /// The student types the answer; any of `accept` is right. Case, accents, punctuation
    /// and spacing are ignored, and so is one slip of a letter in a long answer.
    Typed {
        /// Accepted answers; the first is the one shown as "the" answer.
        accept: Vec<SmolStr>,
    },
    /// The student types a number; right within `tolerance` of `value`.
    Number {
        /// The right value.
        value: f64,
        /// How far from `value` still counts as right; 0 if absent.
        #[serde(default, skip_serializing_if = "is_zero")]
        tolerance: f64,
        /// A unit shown beside the field, such as `km` or `%`.
        #[serde(default)]
        unit: Option<Box<str>>,
    },
    /// Items in their right order; they are shuffled when shown.
    Order(Vec<SmolStr>),
    /// Pairs that belong together; the right-hand sides are shuffled when shown.
    Match(Vec<(SmolStr, SmolStr)>),
    /// A text with gaps written `{{answer}}`, or `{{answer|alternative}}`.
    Cloze(Cloze),
    /// The back of a card; the student says how well they recalled it.
    Flashcard(SmolStr),
}

/// The kind of an answer, without its content: for counts, filters and labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Kind {
    /// [`Answer::Choice`].
    Choice,
    /// [`Answer::TrueFalse`].
    TrueFalse,
    /// [`Answer::Typed`].
    Typed,
    /// [`Answer::Number`].
    Number,
    /// [`Answer::Order`].
    Order,
    /// [`Answer::Match`].
    Match,
    /// [`Answer::Cloze`].
    Cloze,
    /// [`Answer::Flashcard`].
    Flashcard,
}

impl Kind {
    /// Every kind, in the order the format documents them.
    pub const ALL: [Kind; 8] = [
        Kind::Choice,
        Kind::TrueFalse,
        Kind::Typed,
        Kind::Number,
        Kind::Order,
        Kind::Match,
        Kind::Cloze,
        Kind::Flashcard,
    ];

    /// The name as written in a question file.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Choice => "Choice",
            Kind::TrueFalse => "TrueFalse",
            Kind::Typed => "Typed",
            Kind::Number => "Number",
            Kind::Order => "Order",
            Kind::Match => "Match",
            Kind::Cloze => "Cloze",
            Kind::Flashcard => "Flashcard",
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Question {
    /// See [`QuestionSet::shrink_to_fit`].
    fn shrink_to_fit(&mut self) {
        match &mut self.answer {
            Answer::Typed { accept } => accept.shrink_to_fit(),
            Answer::Order(items) => items.shrink_to_fit(),
            Answer::Match(pairs) => pairs.shrink_to_fit(),
            // These are read into exact-size allocations.
            Answer::Choice { .. }
            | Answer::TrueFalse(_)
            | Answer::Number { .. }
            | Answer::Cloze(_)
            | Answer::Flashcard(_) => {}
        }
    }
}

#[allow(clippy::trivially_copy_pass_by_ref)] // The signature serde's `skip_serializing_if` calls.
fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

impl Answer {
    /// The kind of this answer.
    pub fn kind(&self) -> Kind {
        match self {
            Answer::Choice { .. } => Kind::Choice,
            Answer::TrueFalse(_) => Kind::TrueFalse,
            Answer::Typed { .. } => Kind::Typed,
            Answer::Number { .. } => Kind::Number,
            Answer::Order(_) => Kind::Order,
            Answer::Match(_) => Kind::Match,
            Answer::Cloze(_) => Kind::Cloze,
            Answer::Flashcard(_) => Kind::Flashcard,
        }
    }
}

impl QuestionSet {
    /// Gives back the room the parser left in every list: a list grows by doubling while it
    /// is read, so a question with one tag held room for four. Called once per set loaded;
    /// with 100,000 questions it saves about a sixth of the bank's memory.
    pub fn shrink_to_fit(&mut self) {
        self.tags.shrink_to_fit();
        self.questions.shrink_to_fit();
        // Most questions of a set repeat a few lists of tags: each list is kept once.
        let mut tag_lists: HashSet<Arc<[SmolStr]>> = HashSet::new();
        for question in &mut self.questions {
            // A set just read holds the only reference; a shared question is left as it is.
            if let Some(question) = Arc::get_mut(question) {
                question.shrink_to_fit();
                match tag_lists.get(&question.tags) {
                    Some(shared) => question.tags = Arc::clone(shared),
                    None => {
                        tag_lists.insert(Arc::clone(&question.tags));
                    }
                }
            }
        }
    }

    /// Number of questions of each kind, in [`Kind::ALL`] order, kinds with none left out.
    pub fn kind_counts(&self) -> Vec<(Kind, usize)> {
        Kind::ALL
            .iter()
            .map(|&kind| {
                let n = self
                    .questions
                    .iter()
                    .filter(|q| q.answer.kind() == kind)
                    .count();
                (kind, n)
            })
            .filter(|&(_, n)| n > 0)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Question {
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text)
            .expect("the question reads")
    }

    #[test]
    fn a_question_keeps_each_field_as_written_in_its_one_text() {
        let q = read(
            r#"(id: "q-1", prompt: "When?", answer: TrueFalse(true), explanation: "Because.", source: "Doc", tags: ["a", "b"], difficulty: 2)"#,
        );
        assert_eq!(
            (q.id(), q.prompt(), q.explanation(), q.source()),
            ("q-1", "When?", Some("Because."), Some("Doc"))
        );
        assert_eq!(
            (&*q.tags, q.difficulty()),
            (&["a".into(), "b".into()][..], Some(2))
        );
        // Absent and empty stay apart, and an empty prompt (a Cloze's) is empty.
        let bare = read(r#"(id: "c", answer: Cloze("{{x}}"), explanation: "")"#);
        assert_eq!(
            (bare.prompt(), bare.explanation(), bare.source()),
            ("", Some(""), None)
        );
    }

    #[test]
    fn a_question_written_back_reads_the_same() {
        for text in [
            r#"(id: "q-1", prompt: "Wh\u{e9}n?", answer: Number(value: 1949, tolerance: 0.5, unit: "km"), explanation: "E", source: "S", tags: ["t"])"#,
            r#"(id: "c", answer: Cloze("Signed {{4 April 1949|1949}}."))"#,
            r#"(id: "m", prompt: "P", answer: Choice(options: ["a", "b"], correct: [1]), source: "")"#,
        ] {
            let q = read(text);
            let written = ron::to_string(&q).expect("the question writes");
            assert_eq!(read(&written), q, "{written}");
        }
    }
}
