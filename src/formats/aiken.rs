//! Moodle's Aiken format: single-answer multiple choice, read and written.
//!
//! ```text
//! In which city was the North Atlantic Treaty signed?
//! A. Brussels
//! B) Washington
//! C. Paris
//! ANSWER: B
//! ```

use std::fmt::Write as _;

use super::{Exported, Imported, Note, fields};
use crate::bank::{Answer, QuestionSet};

/// Whether `line` (trimmed) is an option line: a capital letter, `.` or `)`, then text.
pub fn is_option_line(line: &str) -> bool {
    option(line).is_some()
}

fn option(line: &str) -> Option<(char, &str)> {
    let mut chars = line.chars();
    let letter = chars.next().filter(char::is_ascii_uppercase)?;
    let rest = chars.as_str();
    let text = rest.strip_prefix('.').or_else(|| rest.strip_prefix(')'))?;
    (text.starts_with(char::is_whitespace) && !text.trim().is_empty())
        .then(|| (letter, text.trim()))
}

/// A question being read: its first line, text and options so far.
struct Open {
    line: usize,
    prompt: String,
    options: Vec<(char, String)>,
}

/// Reads an Aiken file. A question with fewer than two options, an option before any
/// question, an `ANSWER:` naming no option and a question not finished (no `ANSWER:`) before
/// the next one begins are reported with their lines; the good questions are still read.
pub fn read(text: &str) -> Imported {
    let mut imported = Imported::default();
    let mut open: Option<Open> = None;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(letter) = line.strip_prefix("ANSWER:") {
            let Some(question) = open.take() else {
                imported.notes.push(Note::skipped(
                    n,
                    "an ANSWER: line without a question before it",
                ));
                continue;
            };
            finish(question, letter.trim(), n, &mut imported);
            continue;
        }
        if let Some((letter, option)) = option(line) {
            match &mut open {
                Some(question) => question.options.push((letter, option.to_owned())),
                None => imported.notes.push(Note::skipped(
                    n,
                    format!("option {letter} comes before any question"),
                )),
            }
            continue;
        }
        match &mut open {
            Some(question) if question.options.is_empty() => {
                question.prompt.push(' ');
                question.prompt.push_str(line);
            }
            Some(question) => {
                imported.notes.push(Note::skipped(
                    question.line,
                    format!(
                        "the question is not finished with an ANSWER: line before the next \
                         one begins at line {n}"
                    ),
                ));
                open = Some(Open {
                    line: n,
                    prompt: line.to_owned(),
                    options: Vec::new(),
                });
            }
            None => {
                open = Some(Open {
                    line: n,
                    prompt: line.to_owned(),
                    options: Vec::new(),
                });
            }
        }
    }
    if let Some(question) = open {
        imported.notes.push(Note::skipped(
            question.line,
            "the question is not finished with an ANSWER: line before the end of the file",
        ));
    }
    imported
}

fn finish(question: Open, letter: &str, line: usize, imported: &mut Imported) {
    if question.options.len() < 2 {
        imported.notes.push(Note::skipped(
            question.line,
            format!(
                "the question has {} option{}: a choice needs at least two",
                question.options.len(),
                if question.options.len() == 1 { "" } else { "s" }
            ),
        ));
        return;
    }
    let Some(right) = question
        .options
        .iter()
        .position(|(l, _)| letter.len() == 1 && letter.starts_with(*l))
    else {
        imported.notes.push(Note::skipped(
            line,
            format!(
                "ANSWER: {letter} names no option of the question (options {})",
                question
                    .options
                    .iter()
                    .map(|(l, _)| l.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
        return;
    };
    let answer = Answer::Choice {
        options: question
            .options
            .iter()
            .map(|(_, o)| o.as_str().into())
            .collect(),
        correct: Box::new([right]),
    };
    imported
        .questions
        .push((question.line, fields(question.prompt, answer)));
}

/// "a Choice", "an Order".
fn a_kind(kind: crate::bank::Kind) -> String {
    let article = if kind.name().starts_with(['A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {kind}")
}

/// Writes the single-answer Choice questions of `set` as Aiken (26 options at most, one line
/// each); every other question is left out with the reason. Explanations and sources have no
/// place in Aiken and are dropped.
pub fn write(set: &QuestionSet) -> Exported {
    let mut out = Exported::default();
    for question in &set.questions {
        let id = question.id().to_owned();
        let Answer::Choice { options, correct } = &question.answer else {
            out.notes.push((
                id,
                format!(
                    "{} question has no Aiken form",
                    a_kind(question.answer.kind())
                ),
            ));
            out.left_out += 1;
            continue;
        };
        let [right] = **correct else {
            out.notes
                .push((id, "Aiken has one right option only".to_owned()));
            out.left_out += 1;
            continue;
        };
        if options.len() > 26 {
            out.notes
                .push((id, "Aiken has 26 options at most".to_owned()));
            out.left_out += 1;
            continue;
        }
        let one_line = crate::text::collapse_spaces;
        let _ = writeln!(out.text, "{}", one_line(question.prompt()));
        for (option, letter) in options.iter().zip('A'..='Z') {
            let _ = writeln!(out.text, "{letter}. {}", one_line(option));
        }
        let letter = ('A'..='Z').nth(right).unwrap_or('A');
        let _ = writeln!(out.text, "ANSWER: {letter}\n");
    }
    out
}
