//! The question-set model, exactly as a teacher writes it in RON.
//!
//! Field names here are the names in the file format: renaming one breaks every set that
//! uses it, so change them only together with `questions/FORMAT.md`.

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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable identifier within its set; progress is keyed by it.
    pub id: QuestionId,
    /// The question as asked. May be empty only for a `Cloze`, whose text is the question.
    #[serde(default)]
    pub prompt: SmolStr,
    /// What counts as right, and so how the question is asked.
    pub answer: Answer,
    /// Why the answer is right: shown after every answer. Missing is a warning.
    #[serde(default)]
    pub explanation: Option<SmolStr>,
    /// The document or page the answer rests on. Missing is a warning.
    #[serde(default)]
    pub source: Option<SmolStr>,
    /// Tags of this question, added to the set's tags.
    #[serde(default)]
    pub tags: Vec<SmolStr>,
    /// 1 (easy) to 3 (hard), if the teacher says.
    #[serde(default)]
    pub difficulty: Option<u8>,
}

/// The kinds of question and what counts as right for each.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Answer {
    /// Pick one or several options. `correct` holds 0-based indices into `options`;
    /// with more than one index the student must pick all of them.
    Choice {
        /// The options as written; they are shuffled when shown.
        options: Vec<SmolStr>,
        /// Indices of the right options.
        correct: Vec<usize>,
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
        #[serde(default)]
        tolerance: Option<f64>,
        /// A unit shown beside the field, such as `km` or `%`.
        #[serde(default)]
        unit: Option<SmolStr>,
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
        self.tags.shrink_to_fit();
        match &mut self.answer {
            Answer::Choice { options, correct } => {
                options.shrink_to_fit();
                correct.shrink_to_fit();
            }
            Answer::Typed { accept } => accept.shrink_to_fit(),
            Answer::Order(items) => items.shrink_to_fit(),
            Answer::Match(pairs) => pairs.shrink_to_fit(),
            // A cloze's gaps are collected from an exact-size list when it is read.
            Answer::TrueFalse(_)
            | Answer::Number { .. }
            | Answer::Cloze(_)
            | Answer::Flashcard(_) => {}
        }
    }
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
        for question in &mut self.questions {
            // A set just read holds the only reference; a shared question is left as it is.
            if let Some(question) = Arc::get_mut(question) {
                question.shrink_to_fit();
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
