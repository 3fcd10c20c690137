//! `allydeck check [PATH...]`: validate question files the way a compiler checks code.

use std::io::{self, Write};

use serde::{Serialize, Serializer};

use crate::bank::{Bank, Kind, Problem, Severity};

/// What `check` found: the problems, then one summary per set that loaded.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    /// Every problem, in file order.
    pub problems: &'a [Problem],
    /// One entry per loaded set.
    pub sets: Vec<SetSummary<'a>>,
    /// Totals over all sets and problems.
    pub total: Total,
}

/// One loaded set, counted.
#[derive(Debug, Serialize)]
pub struct SetSummary<'a> {
    /// The set's id.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// The file it came from.
    pub file: &'a str,
    /// Questions that loaded (those with errors are left out).
    pub questions: usize,
    /// Questions per kind in the format's order, kinds with none left out; a JSON object.
    #[serde(serialize_with = "kinds_as_object")]
    pub kinds: Vec<(Kind, usize)>,
    /// With `--answers`: every question with its right answer in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answers: Option<Vec<AnswerLine>>,
}

/// One question and its right answer in words (a Choice's option by its text, not its
/// index), so a teacher sees at a glance that the option marked right is the right one.
#[derive(Debug, Serialize)]
pub struct AnswerLine {
    /// The card key, `set/question`.
    pub card: String,
    /// The kind.
    pub kind: &'static str,
    /// The prompt (a Cloze's text when it has none).
    pub prompt: String,
    /// The right answer, as the student is shown it.
    pub answer: String,
}

/// Totals of a report.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Total {
    /// Sets loaded.
    pub sets: usize,
    /// Questions loaded.
    pub questions: usize,
    /// Errors found.
    pub errors: usize,
    /// Warnings found.
    pub warnings: usize,
}

impl<'a> Report<'a> {
    /// Summarises a loaded bank; with `answers`, every question's right answer too.
    pub fn new(bank: &'a Bank, answers: bool) -> Self {
        let sets: Vec<SetSummary<'a>> = bank
            .sets
            .iter()
            .map(|loaded| SetSummary {
                id: loaded.set.id.as_str(),
                title: &loaded.set.title,
                file: &loaded.file,
                questions: loaded.set.questions.len(),
                kinds: loaded.set.kind_counts(),
                answers: answers.then(|| {
                    loaded
                        .cards()
                        .map(|(key, question)| AnswerLine {
                            card: key.to_string(),
                            kind: question.answer.kind().name(),
                            prompt: match &question.answer {
                                crate::bank::Answer::Cloze(cloze)
                                    if question.prompt().trim().is_empty() =>
                                {
                                    cloze.text().to_owned()
                                }
                                _ => question.prompt().to_owned(),
                            },
                            answer: crate::grade::solution(&question.answer),
                        })
                        .collect()
                }),
            })
            .collect();
        let count = |severity| {
            bank.problems
                .iter()
                .filter(|p| p.severity == severity)
                .count()
        };
        let total = Total {
            sets: sets.len(),
            questions: sets.iter().map(|s| s.questions).sum(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
        };
        Self {
            problems: &bank.problems,
            sets,
            total,
        }
    }

    /// Writes the report as text: problems as `file:line:column: severity: message`, then per
    /// set its questions with their answers (with `--answers`) and `<set id>: N questions
    /// (Kind n, ...)`, then a total line.
    ///
    /// # Errors
    /// Writing to `out` failed.
    pub fn write_text(&self, out: &mut impl Write) -> io::Result<()> {
        for problem in self.problems {
            writeln!(out, "{problem}")?;
        }
        for summary in &self.sets {
            for line in summary.answers.iter().flatten() {
                let one_line = crate::text::collapse_spaces;
                writeln!(
                    out,
                    "{} ({}): {}",
                    line.card,
                    line.kind,
                    one_line(&line.prompt)
                )?;
                writeln!(out, "    {}", one_line(&line.answer))?;
            }
            let kinds = summary
                .kinds
                .iter()
                .map(|(kind, n)| format!("{kind} {n}"))
                .collect::<Vec<_>>()
                .join(", ");
            writeln!(
                out,
                "{}: {} {} ({kinds})",
                summary.id,
                summary.questions,
                plural(summary.questions, "question", "questions")
            )?;
        }
        let t = &self.total;
        writeln!(
            out,
            "total: {} {}, {} {}, {} {}, {} {}",
            t.sets,
            plural(t.sets, "set", "sets"),
            t.questions,
            plural(t.questions, "question", "questions"),
            t.errors,
            plural(t.errors, "error", "errors"),
            t.warnings,
            plural(t.warnings, "warning", "warnings"),
        )
    }

    /// Writes the report as pretty JSON, with the same information as the text.
    ///
    /// # Errors
    /// Writing to `out` failed.
    pub fn write_json(&self, out: &mut impl Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, self)?;
        writeln!(out)
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

fn kinds_as_object<S: Serializer>(
    kinds: &[(Kind, usize)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_map(kinds.iter().map(|(kind, n)| (kind.name(), n)))
}
