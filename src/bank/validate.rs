//! The rules a question set must follow beyond what its RON syntax already enforces.
//!
//! Each rule yields a [`Finding`] that names the path of the offending value; loading turns
//! paths into line and column only when there is something to report, so a clean file pays
//! nothing for positions.

use smol_str::SmolStr;
use std::collections::HashMap;
use std::fmt::Write as _;

use super::cloze::{Cloze, ClozeError};
use super::ids::{is_slug, slugify};
use super::model::{Answer, Question, QuestionSet};
use super::position::Seg::{self, Field, Index};
use super::problem::Severity;
use crate::text::{answer_key, collapse_spaces, fold, shortened};

/// A problem found in a deserialized set, before it is placed in its file.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// Where in the document the problem is.
    pub path: Vec<Seg>,
    /// What is wrong.
    pub message: String,
    /// Another place the message refers to ("first used at ..."), if any.
    pub also_at: Option<Vec<Seg>>,
    /// The question it concerns (index into `questions`); `None` for the set itself.
    pub question: Option<usize>,
}

impl Finding {
    /// Whether the finding is about question `index`: found in it, or naming it as the other
    /// place (the first use of an id used again).
    pub fn concerns(&self, index: usize) -> bool {
        self.question == Some(index)
            || self
                .also_at
                .as_deref()
                .is_some_and(|path| path.get(..2) == Some(&[Field("questions"), Index(index)]))
    }

    fn error(question: Option<usize>, path: Vec<Seg>, message: String) -> Self {
        Self {
            severity: Severity::Error,
            path,
            message,
            also_at: None,
            question,
        }
    }

    fn warning(question: Option<usize>, path: Vec<Seg>, message: String) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(question, path, message)
        }
    }
}

/// Highest `difficulty` a question may have; the lowest is 1.
pub const MAX_DIFFICULTY: u8 = 3;

/// Checks every rule on `set`, keeping every finding; an empty result means the set is clean.
#[cfg(test)]
pub fn validate(set: &QuestionSet) -> Vec<Finding> {
    validate_within(set, usize::MAX).findings
}

/// The errors the set rules find in `set` (warnings left out): what `allydeck check` would
/// stop on. For sets made by a program, which must load cleanly.
pub fn errors_of(set: &QuestionSet) -> Vec<String> {
    validate_within(set, 20)
        .findings
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.message)
        .collect()
}

/// What [`validate_within`] found: the first findings in full, the rest only counted.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Validation {
    /// The set's own findings, then the questions' in order, until the limit: the questions
    /// are in file order, so these hold the first findings of the file.
    pub findings: Vec<Finding>,
    /// Findings beyond those kept.
    pub more: usize,
    /// Which questions have an error (they are left out of the set).
    pub broken: Vec<bool>,
    /// Whether the set itself has an error (it is not loaded).
    pub set_error: bool,
}

/// Checks every rule on `set`, keeping the findings of the set and of its questions until
/// `keep` are kept (a question's are kept whole) and counting the rest: a generated file with
/// a million problems costs a count, not a million messages.
pub fn validate_within(set: &QuestionSet, keep: usize) -> Validation {
    let mut findings = Vec::new();
    check_set(set, &mut findings);
    let mut found = Validation {
        set_error: findings.iter().any(|f| f.severity == Severity::Error),
        findings,
        more: 0,
        broken: vec![false; set.questions.len()],
    };
    let mut first_use: HashMap<&str, usize> = HashMap::new();
    for (i, question) in set.questions.iter().enumerate() {
        let storing = found.findings.len() < keep;
        let mut check = QuestionCheck {
            index: i,
            findings: &mut found.findings,
            storing,
            counted: 0,
            recorded: 0,
            has_error: false,
        };
        check.question(question);
        if let Some(&first) = first_use.get(question.id()) {
            check.push(Finding {
                also_at: Some(question_path(first, &[Field("id")])),
                ..Finding::error(
                    Some(i),
                    question_path(i, &[Field("id")]),
                    format!(
                        "duplicate question id {:?}: ids must be unique within a set, \
                         or two questions would share one student's progress",
                        shortened(question.id())
                    ),
                )
            });
        } else {
            first_use.insert(question.id(), i);
        }
        found.broken[i] = check.has_error;
        found.more += check.counted;
    }
    found
}

fn check_set(set: &QuestionSet, findings: &mut Vec<Finding>) {
    if !is_slug(set.id.as_str()) {
        findings.push(Finding::error(
            None,
            vec![Field("id")],
            bad_id_message("set", set.id.as_str()),
        ));
    }
    if set.title.trim().is_empty() {
        findings.push(Finding::error(
            None,
            vec![Field("title")],
            "the set's title is empty: students choose sets by their title".to_owned(),
        ));
    }
    if !is_language_tag(&set.language) {
        findings.push(Finding::warning(
            None,
            vec![Field("language")],
            format!(
                "language {:?} is not a language tag such as \"en\", \"fr\" or \"pt-BR\"",
                shortened(&set.language)
            ),
        ));
    }
    for (i, tag) in set.tags.iter().enumerate() {
        if tag.trim().is_empty() {
            findings.push(Finding::error(
                None,
                vec![Field("tags"), Index(i)],
                "empty tag: remove it or give it a name".to_owned(),
            ));
        }
    }
    if set.questions.is_empty() {
        findings.push(Finding::warning(
            None,
            vec![Field("questions")],
            "the set has no questions yet".to_owned(),
        ));
    }
    let (longest, choices) = longest_right_options(set);
    if choices >= LONGEST_CUE_MIN_QUESTIONS && longest * 2 > choices {
        findings.push(Finding::warning(
            None,
            vec![Field("id")],
            format!(
                "in {longest} of the set's {choices} single-answer Choice questions the right \
                 option is the longest: students learn to pick the longest option. Vary the \
                 lengths (a right option that is short, distractors as precise as the answer)"
            ),
        ));
    }
}

/// Below this many single-answer Choice questions a set is too small to show a length cue.
const LONGEST_CUE_MIN_QUESTIONS: usize = 4;

/// In how many single-answer Choice questions of `set` the right option is longer than every
/// other option, and how many such questions there are.
pub fn longest_right_options(set: &QuestionSet) -> (usize, usize) {
    let mut longest = 0;
    let mut choices = 0;
    for question in &set.questions {
        if let Answer::Choice { options, correct } = &question.answer
            && let [right] = &**correct
            && let Some(right_option) = options.get(*right)
        {
            choices += 1;
            let length = |s: &SmolStr| s.chars().count();
            let right_length = length(right_option);
            if options
                .iter()
                .enumerate()
                .all(|(i, o)| i == *right || length(o) < right_length)
            {
                longest += 1;
            }
        }
    }
    (longest, choices)
}

fn bad_id_message(what: &str, id: &str) -> String {
    let suggestion = slugify(id);
    let mut message = format!(
        "{what} id {:?} is not a valid id: use lowercase letters, digits and single hyphens, \
         at most {} characters",
        shortened(id),
        super::ids::MAX_ID_LEN
    );
    if !suggestion.is_empty() && suggestion != id {
        let _ = write!(message, " (for example {suggestion:?})");
    }
    message
}

fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase()));
    primary_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn question_path(index: usize, rest: &[Seg]) -> Vec<Seg> {
    let mut path = vec![Field("questions"), Index(index)];
    path.extend_from_slice(rest);
    path
}

struct QuestionCheck<'f> {
    index: usize,
    findings: &'f mut Vec<Finding>,
    /// Whether this question's findings are kept, or only counted (in `counted`).
    storing: bool,
    counted: usize,
    /// Findings recorded for this question, and whether one is an error.
    recorded: usize,
    has_error: bool,
}

/// The most findings kept for one question once it has an error (it is left out anyway): a
/// `correct` list of a million repeats would otherwise cost a million messages.
const MAX_FINDINGS_PER_QUESTION: usize = 20;

impl QuestionCheck<'_> {
    fn full(&self) -> bool {
        self.has_error && self.recorded >= MAX_FINDINGS_PER_QUESTION
    }

    fn error(&mut self, rest: &[Seg], message: String) {
        let path = question_path(self.index, rest);
        self.push(Finding::error(Some(self.index), path, message));
    }

    fn warning(&mut self, rest: &[Seg], message: String) {
        let path = question_path(self.index, rest);
        self.push(Finding::warning(Some(self.index), path, message));
    }

    fn push(&mut self, finding: Finding) {
        if self.full() {
            return;
        }
        self.recorded += 1;
        self.has_error |= finding.severity == Severity::Error;
        if self.storing {
            self.findings.push(finding);
        } else {
            self.counted += 1;
        }
    }

    fn question(&mut self, q: &Question) {
        if !is_slug(q.id()) {
            self.error(&[Field("id")], bad_id_message("question", q.id()));
        }
        let is_cloze = matches!(q.answer, Answer::Cloze(_));
        if q.prompt().trim().is_empty() && !is_cloze {
            self.error(
                &[Field("prompt")],
                format!(
                    "the prompt is empty: {} {} question needs a question to ask \
                     (only a Cloze may leave it out)",
                    if matches!(q.answer.kind(), crate::bank::Kind::Order) {
                        "an"
                    } else {
                        "a"
                    },
                    q.answer.kind()
                ),
            );
        }
        if let Some(d) = q.difficulty()
            && !(1..=MAX_DIFFICULTY).contains(&d)
        {
            self.error(
                &[Field("difficulty")],
                format!(
                    "difficulty {d} is out of range: use 1 (easy), 2 or {MAX_DIFFICULTY} (hard)"
                ),
            );
        }
        for (i, tag) in q.tags.iter().enumerate() {
            if tag.trim().is_empty() {
                self.error(
                    &[Field("tags"), Index(i)],
                    "empty tag: remove it or give it a name".to_owned(),
                );
            }
        }
        self.answer(&q.answer);
        if q.explanation().is_none_or(|e| e.trim().is_empty()) {
            self.warning(
                &[Field("id")],
                format!(
                    "question {:?} has no explanation: add `explanation: \"...\"` so students \
                     learn why the answer is right",
                    shortened(q.id())
                ),
            );
        }
        if q.source().is_none_or(|s| s.trim().is_empty()) {
            self.warning(
                &[Field("id")],
                format!(
                    "question {:?} has no source: add `source: \"...\"` naming the document \
                     the answer rests on",
                    shortened(q.id())
                ),
            );
        }
    }

    fn answer(&mut self, answer: &Answer) {
        match answer {
            Answer::Choice { options, correct } => self.choice(options, correct),
            Answer::TrueFalse(_) => {}
            Answer::Typed { accept } => self.typed(accept),
            Answer::Number {
                value, tolerance, ..
            } => self.number(*value, *tolerance),
            Answer::Order(items) => self.order(items),
            Answer::Match(pairs) => self.matching(pairs),
            Answer::Cloze(text) => self.cloze(text),
            Answer::Flashcard(back) => {
                if back.trim().is_empty() {
                    self.error(
                        &[Field("answer")],
                        "the flashcard's back is empty: write the answer the student checks \
                         their recall against"
                            .to_owned(),
                    );
                }
            }
        }
    }

    fn choice(&mut self, options: &[SmolStr], correct: &[usize]) {
        let options_path = [Field("answer"), Field("options")];
        if options.len() < 2 {
            self.error(
                &options_path,
                format!(
                    "a Choice needs at least 2 options; this one has {}",
                    options.len()
                ),
            );
        }
        self.distinct_items("option", &options_path, options);
        let correct_path = [Field("answer"), Field("correct")];
        if correct.is_empty() {
            self.error(
                &correct_path,
                "a Choice needs at least one correct option: `correct` lists none".to_owned(),
            );
        }
        // A set of the indices seen: a long `correct` list is checked in linear time.
        let mut seen = std::collections::HashSet::with_capacity(correct.len());
        for (k, &index) in correct.iter().enumerate() {
            let path = [Field("answer"), Field("correct"), Index(k)];
            if index >= options.len() {
                let range = match options.len() {
                    0 => "there are no options".to_owned(),
                    1 => "the only option is numbered 0".to_owned(),
                    n => format!("options are numbered from 0 to {}", n - 1),
                };
                self.error(
                    &path,
                    format!("correct option {index} does not exist: {range}"),
                );
            } else if !seen.insert(index) {
                self.error(&path, format!("correct option {index} is listed twice"));
            }
        }
    }

    /// Items must be non-empty and distinct (ignoring case, accents and spacing), or the
    /// student cannot tell them apart.
    fn distinct_items(&mut self, what: &str, list_path: &[Seg], items: &[SmolStr]) {
        let mut first: HashMap<String, usize> = HashMap::new();
        for (i, item) in items.iter().enumerate() {
            let mut path = list_path.to_vec();
            path.push(Index(i));
            let key = fold(&collapse_spaces(item));
            if key.is_empty() {
                self.error(&path, format!("{what} {} is empty", i + 1));
            } else if let Some(&j) = first.get(&key) {
                self.error(
                    &path,
                    format!("{what} {} repeats {what} {}: {item:?}", i + 1, j + 1),
                );
            } else {
                first.insert(key, i);
            }
        }
    }

    fn typed(&mut self, accept: &[SmolStr]) {
        if accept.is_empty() {
            self.error(
                &[Field("answer"), Field("accept")],
                "a Typed question needs at least one accepted answer in `accept`".to_owned(),
            );
        }
        for (i, answer) in accept.iter().enumerate() {
            if answer_key(answer).is_empty() {
                self.error(
                    &[Field("answer"), Field("accept"), Index(i)],
                    format!(
                        "accepted answer {answer:?} has no letters or digits, and punctuation \
                         is ignored when comparing, so nothing typed could match it"
                    ),
                );
            }
        }
    }

    fn number(&mut self, value: f64, tolerance: f64) {
        if !value.is_finite() {
            self.error(
                &[Field("answer"), Field("value")],
                format!("the value must be a finite number, not {value}"),
            );
        }
        // An infinite tolerance would make every number right.
        if !tolerance.is_finite() || tolerance < 0.0 {
            self.error(
                &[Field("answer"), Field("tolerance")],
                format!("the tolerance must be a finite number, zero or more, not {tolerance}"),
            );
        }
    }

    fn order(&mut self, items: &[SmolStr]) {
        if items.len() < 2 {
            self.error(
                &[Field("answer")],
                format!(
                    "an Order needs at least 2 items to put in order; this one has {}",
                    items.len()
                ),
            );
        }
        self.distinct_items("item", &[Field("answer")], items);
    }

    fn matching(&mut self, pairs: &[(SmolStr, SmolStr)]) {
        if pairs.len() < 2 {
            self.error(
                &[Field("answer")],
                format!(
                    "a Match needs at least 2 pairs; this one has {}",
                    pairs.len()
                ),
            );
        }
        for (side, label) in [(0, "left side"), (1, "right side")] {
            let mut first: HashMap<String, usize> = HashMap::new();
            for (i, pair) in pairs.iter().enumerate() {
                let text = if side == 0 { &pair.0 } else { &pair.1 };
                let path = [Field("answer"), Index(i), Index(side)];
                let key = fold(&collapse_spaces(text));
                if key.is_empty() {
                    self.error(&path, format!("the {label} of pair {} is empty", i + 1));
                } else if let Some(&j) = first.get(&key) {
                    self.error(
                        &path,
                        format!(
                            "the {label} of pair {} repeats that of pair {}: {text:?}; \
                             each side must be different so every item has one partner",
                            i + 1,
                            j + 1
                        ),
                    );
                } else {
                    first.insert(key, i);
                }
            }
        }
    }

    fn cloze(&mut self, cloze: &Cloze) {
        let text = cloze.text();
        if let Some(e) = cloze.error() {
            let message = match e {
                ClozeError::NoGap => e.to_string(),
                ClozeError::Unclosed { offset }
                | ClozeError::UnopenedClose { offset }
                | ClozeError::EmptyAnswer { offset, .. } => {
                    let near: String = text[offset..].chars().take(24).collect();
                    format!("{e} (at {near:?})")
                }
            };
            self.error(&[Field("answer")], message);
        }
    }
}

#[cfg(test)]
mod tests;
