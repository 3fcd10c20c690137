//! Changing one question of a question file's text and leaving every other byte as written.
//!
//! The loader's scanner ([`super::position`]) finds where each element of `questions: [..]`
//! starts and ends. An edit replaces that one range with the question as RON writes it,
//! indented like the question it replaces; a new question goes after the last one, a removed
//! one takes its line and its comma with it. Comments, blank lines, the order of fields and
//! the other questions are never rewritten. The caller reads the result back before saving
//! it (see `app::editor`), so a text this module could not follow is refused, not written.

use std::fmt::Write as _;
use std::ops::Range;

use super::model::{Answer, QuestionFields};
use super::position;

/// Why a question file's text could not be edited.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// No `questions: [ .. ]` list was found at the top level.
    #[error("the list of questions (`questions: [ .. ]`) cannot be found in the file")]
    NoQuestionList,
    /// A field of the set (`id`, `title`) was not found.
    #[error("the set's `{0}` cannot be found in the file")]
    NoField(&'static str),
    /// The question asked for is not in the list.
    #[error("the file has no question number {}", .0 + 1)]
    NoSuchQuestion(usize),
    /// RON could not write the question (a value of the model it cannot write: a bug).
    #[error("the question cannot be written as RON: {0}")]
    Write(String),
}

/// Where the questions of a file's text are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Each question's text, from its `(` to its `)`, in file order.
    pub questions: Vec<Range<usize>>,
    /// Where the list's `]` is.
    pub close: usize,
}

impl Layout {
    /// Finds the questions of `text`, a question file (a byte-order mark is allowed).
    ///
    /// # Errors
    /// [`EditError::NoQuestionList`] when there is no top-level `questions` list the scanner
    /// can follow.
    pub fn of(text: &str) -> Result<Self, EditError> {
        let bom = bom_len(text);
        let (questions, close) =
            position::list_spans(&text[bom..], "questions").ok_or(EditError::NoQuestionList)?;
        Ok(Self {
            questions: questions
                .into_iter()
                .map(|r| r.start + bom..r.end + bom)
                .collect(),
            close: close + bom,
        })
    }
}

fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') { 3 } else { 0 }
}

/// The widest a line of a written question gets before a list is put one item per line.
const LINE_WIDTH: usize = 100;

/// `question` as RON in the layout of the shipped sets: one field per line, short lists on
/// one line and long ones one item per line, numbers as written (`12`, not `12.0`). Its lines
/// after the first are indented by `indent` (the first line is put where the question starts).
///
/// # Errors
/// [`EditError::Write`] if RON cannot write a text of it.
pub fn question_text(question: &QuestionFields, indent: &str) -> Result<String, EditError> {
    let mut out = Writer {
        text: String::new(),
        indent: indent.to_owned(),
    };
    out.text.push('(');
    out.field("id", &string(question.id.as_str())?);
    out.field("prompt", &string(&question.prompt)?);
    out.answer(&question.answer)?;
    if let Some(explanation) = &question.explanation {
        out.field("explanation", &string(explanation)?);
    }
    if let Some(source) = &question.source {
        out.field("source", &string(source)?);
    }
    if !question.tags.is_empty() {
        let tags = strings(question.tags.iter().map(smol_str::SmolStr::as_str))?;
        out.list_field("tags", "", &tags, "");
    }
    if let Some(difficulty) = question.difficulty {
        out.field("difficulty", &difficulty.to_string());
    }
    out.line(0, ")");
    Ok(out.text)
}

/// A string as a RON literal, escaped.
fn string(s: &str) -> Result<String, EditError> {
    ron::to_string(s).map_err(|e| EditError::Write(e.to_string()))
}

fn strings<'a>(items: impl Iterator<Item = &'a str>) -> Result<Vec<String>, EditError> {
    items.map(string).collect()
}

/// A number as a teacher writes it: `12`, `0.5`, `1e-7`.
fn number(x: f64) -> String {
    format!("{x}")
}

/// The text of a question being written, one line at a time.
struct Writer {
    text: String,
    indent: String,
}

impl Writer {
    /// A new line at `level` steps inside the question, with `content`.
    fn line(&mut self, level: usize, content: &str) {
        self.text.push('\n');
        self.text.push_str(&self.indent);
        for _ in 0..level {
            self.text.push_str("    ");
        }
        self.text.push_str(content);
    }

    /// `name: value,` one step inside.
    fn field(&mut self, name: &str, value: &str) {
        self.line(1, &format!("{name}: {value},"));
    }

    /// `name: open[items]close,` at `level`, on one line if it fits, else one item per line.
    fn list_at(&mut self, level: usize, head: &str, items: &[String], close: &str) {
        let one_line = format!("{head}[{}]{close},", items.join(", "));
        if self.indent.len() + 4 * level + one_line.len() <= LINE_WIDTH {
            self.line(level, &one_line);
        } else {
            self.line(level, &format!("{head}["));
            for item in items {
                self.line(level + 1, &format!("{item},"));
            }
            self.line(level, &format!("]{close},"));
        }
    }

    fn list_field(&mut self, name: &str, open: &str, items: &[String], close: &str) {
        self.list_at(1, &format!("{name}: {open}"), items, close);
    }

    fn answer(&mut self, answer: &Answer) -> Result<(), EditError> {
        match answer {
            Answer::Choice { options, correct } => {
                self.line(1, "answer: Choice(");
                let options = strings(options.iter().map(smol_str::SmolStr::as_str))?;
                self.list_at(2, "options: ", &options, "");
                let correct: Vec<String> = correct.iter().map(ToString::to_string).collect();
                self.list_at(2, "correct: ", &correct, "");
                self.line(1, "),");
            }
            Answer::TrueFalse(truth) => self.field("answer", &format!("TrueFalse({truth})")),
            Answer::Typed { accept } => {
                let accept = strings(accept.iter().map(smol_str::SmolStr::as_str))?;
                self.list_field("answer", "Typed(accept: ", &accept, ")");
            }
            Answer::Number {
                value,
                tolerance,
                unit,
            } => {
                let mut fields = format!("value: {}", number(*value));
                if *tolerance != 0.0 {
                    let _ = write!(fields, ", tolerance: {}", number(*tolerance));
                }
                if let Some(unit) = unit {
                    let _ = write!(fields, ", unit: {}", string(unit)?);
                }
                self.field("answer", &format!("Number({fields})"));
            }
            Answer::Order(items) => {
                let items = strings(items.iter().map(smol_str::SmolStr::as_str))?;
                self.list_field("answer", "Order(", &items, ")");
            }
            Answer::Match(pairs) => {
                let pairs = pairs
                    .iter()
                    .map(|(l, r)| Ok(format!("({}, {})", string(l)?, string(r)?)))
                    .collect::<Result<Vec<_>, EditError>>()?;
                self.list_field("answer", "Match(", &pairs, ")");
            }
            Answer::Cloze(cloze) => {
                self.field("answer", &format!("Cloze({})", string(cloze.text())?));
            }
            Answer::Flashcard(back) => {
                self.field("answer", &format!("Flashcard({})", string(back)?));
            }
        }
        Ok(())
    }
}

/// The start of the line `at` is on.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |n| n + 1)
}

/// The whitespace that begins the line `at` is on, if only whitespace is before `at` on it.
fn indent_at(text: &str, at: usize) -> Option<&str> {
    let before = &text[line_start(text, at)..at];
    before
        .chars()
        .all(|c| c == ' ' || c == '\t')
        .then_some(before)
}

/// The whitespace that begins the line `at` is on, whatever follows it.
fn line_indent(text: &str, at: usize) -> &str {
    let line = &text[line_start(text, at)..];
    let width = line.len() - line.trim_start_matches([' ', '\t']).len();
    &line[..width]
}

/// `text` with question `index` replaced by `question`, indented as the question was.
///
/// # Errors
/// No question list, no such question, or RON cannot write it.
pub fn replace(text: &str, index: usize, question: &QuestionFields) -> Result<String, EditError> {
    let layout = Layout::of(text)?;
    let span = layout
        .questions
        .get(index)
        .ok_or(EditError::NoSuchQuestion(index))?
        .clone();
    let indent = indent_at(text, span.start).unwrap_or_else(|| line_indent(text, span.start));
    let new = question_text(question, indent)?;
    Ok(splice(text, span, &new))
}

fn splice(text: &str, span: Range<usize>, new: &str) -> String {
    let mut out = String::with_capacity(text.len() + new.len());
    out.push_str(&text[..span.start]);
    out.push_str(new);
    out.push_str(&text[span.end..]);
    out
}

/// `text` with `question` added after the last question, indented as it is (or one level
/// inside the list when it is empty).
///
/// # Errors
/// No question list, or RON cannot write the question.
pub fn append(text: &str, question: &QuestionFields) -> Result<String, EditError> {
    let layout = Layout::of(text)?;
    let Some(last) = layout.questions.last() else {
        return append_to_empty(text, layout.close, question);
    };
    let indent = indent_at(text, last.start)
        .unwrap_or_else(|| line_indent(text, last.start))
        .to_owned();
    let new = question_text(question, &indent)?;
    let after = position::after_trivia(text, last.end);
    if text[after..].starts_with(',') {
        // After the comma, and after a comment on the comma's line, so the comment stays
        // with the question it is about.
        let comma_end = after + 1;
        let line_end = text[comma_end..]
            .find('\n')
            .map_or(text.len(), |n| comma_end + n);
        let rest = text[comma_end..line_end].trim_start();
        let at = if rest.is_empty() || rest.starts_with("//") {
            line_end
        } else {
            comma_end
        };
        Ok(splice(text, at..at, &format!("\n{indent}{new},")))
    } else {
        Ok(splice(
            text,
            last.end..last.end,
            &format!(",\n{indent}{new},"),
        ))
    }
}

fn append_to_empty(
    text: &str,
    close: usize,
    question: &QuestionFields,
) -> Result<String, EditError> {
    let outer = line_indent(text, close).to_owned();
    let indent = format!("{outer}    ");
    let new = question_text(question, &indent)?;
    if indent_at(text, close).is_some() {
        // `]` on a line of its own: the question goes on the lines before it.
        let at = line_start(text, close);
        Ok(splice(text, at..at, &format!("{indent}{new},\n")))
    } else {
        // `questions: []`: the list opens onto lines of its own.
        let open = text[..close].rfind('[').map_or(close, |n| n + 1);
        Ok(splice(
            text,
            open..close,
            &format!("\n{indent}{new},\n{outer}"),
        ))
    }
}

/// `text` without question `index`: its text, its comma, and its line if it had one of its own.
///
/// # Errors
/// No question list, or no such question.
pub fn remove(text: &str, index: usize) -> Result<String, EditError> {
    let layout = Layout::of(text)?;
    let span = layout
        .questions
        .get(index)
        .ok_or(EditError::NoSuchQuestion(index))?
        .clone();
    let own_line = indent_at(text, span.start).is_some();
    let mut end = span.end;
    let after = position::after_trivia(text, end);
    if text[after..].starts_with(',') {
        end = after + 1;
    }
    let mut start = span.start;
    if own_line {
        let rest = &text[end..];
        let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        if rest[spaces..].starts_with('\n') {
            start = line_start(text, span.start);
            end += spaces + 1;
        } else if rest[spaces..].starts_with("\r\n") {
            start = line_start(text, span.start);
            end += spaces + 2;
        }
    }
    Ok(splice(text, start..end, ""))
}

/// `text` with the value of the set's field `field` (`id`, `title`) replaced by the string
/// `value`.
///
/// # Errors
/// The field is not in the file.
pub fn replace_set_string(
    text: &str,
    field: &'static str,
    value: &str,
) -> Result<String, EditError> {
    let bom = bom_len(text);
    let span = position::root_field_span(&text[bom..], field).ok_or(EditError::NoField(field))?;
    let written = ron::to_string(value).map_err(|e| EditError::Write(e.to_string()))?;
    Ok(splice(text, span.start + bom..span.end + bom, &written))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::{Answer, QuestionId, QuestionSet};

    const FILE: &str = r#"// A set with comments everywhere.
QuestionSet(
    id: "demo", // the id
    title: "Demo",
    questions: [
        // The first question.
        (
            id: "one",
            prompt: "One?",
            answer: TrueFalse(true), // yes
        ),
        /* The second. */ (id: "two", prompt: "Two?", answer: Typed(accept: ["two"])),
        (
            id: "three",
            prompt:   "Three?",
            answer: Number(value: 3),
        ), // after three
    ],
)
"#;

    fn parse(text: &str) -> QuestionSet {
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        options.from_str(text).unwrap()
    }

    fn question(id: &str) -> QuestionFields {
        QuestionFields {
            id: QuestionId::new(id),
            prompt: "Which year?".to_owned(),
            answer: Answer::Number {
                value: 1949.0,
                tolerance: 0.0,
                unit: Some("AD".into()),
            },
            explanation: Some("Signed “4 April 1949”.\nSecond line.".to_owned()),
            source: None,
            tags: vec!["dates".into()],
            difficulty: Some(2),
        }
    }

    #[test]
    fn the_layout_finds_every_question_from_its_bracket_to_its_bracket() {
        let layout = Layout::of(FILE).unwrap();
        let texts: Vec<&str> = layout.questions.iter().map(|r| &FILE[r.clone()]).collect();
        assert_eq!(texts.len(), 3);
        assert!(texts[0].starts_with('(') && texts[0].ends_with(')'));
        assert_eq!(
            texts[1],
            r#"(id: "two", prompt: "Two?", answer: Typed(accept: ["two"]))"#
        );
        assert_eq!(&FILE[layout.close..=layout.close], "]");
        let with_bom = format!("\u{feff}{FILE}");
        let shifted = Layout::of(&with_bom).unwrap();
        assert_eq!(shifted.questions[1].start, layout.questions[1].start + 3);
    }

    #[test]
    fn replacing_a_question_changes_its_text_and_no_other_byte() {
        let new = replace(FILE, 1, &question("two")).unwrap();
        let span = Layout::of(FILE).unwrap().questions[1].clone();
        let written = &new[span.start..new.len() - (FILE.len() - span.end)];
        assert_eq!(&new[..span.start], &FILE[..span.start]);
        assert_eq!(
            &new[new.len() - (FILE.len() - span.end)..],
            &FILE[span.end..]
        );
        assert!(
            written.starts_with("(\n            id: \"two\","),
            "{written}"
        );
        assert!(
            written.contains("\n            answer: Number(value: 1949, unit: \"AD\"),\n"),
            "{written}"
        );
        let set = parse(&new);
        assert_eq!(set.questions.len(), 3);
        assert_eq!(set.questions[1].fields(), question("two"));
        assert_eq!(set.questions[0].prompt(), "One?");
    }

    #[test]
    fn a_new_question_goes_after_the_last_and_its_comment() {
        let new = append(FILE, &question("four")).unwrap();
        let set = parse(&new);
        assert_eq!(set.questions.len(), 4);
        assert_eq!(set.questions[3].fields(), question("four"));
        let at = new.find("), // after three\n").unwrap() + "), // after three\n".len();
        assert_eq!(&new[..at], &FILE[..at], "everything before is kept");
        assert!(new[at..].starts_with("        (\n            id: \"four\","));
        assert!(new.ends_with("        ),\n    ],\n)\n"), "{new}");
    }

    #[test]
    fn a_question_goes_into_an_empty_list_on_either_layout() {
        for text in [
            "QuestionSet(id: \"e\", title: \"E\", questions: [])",
            "QuestionSet(\n    id: \"e\",\n    title: \"E\",\n    questions: [\n    ],\n)\n",
            "QuestionSet(id: \"e\", title: \"E\", questions: [(id: \"a\", prompt: \"A\", answer: TrueFalse(true))])",
        ] {
            let new = append(text, &question("four")).unwrap();
            let set = parse(&new);
            assert_eq!(
                set.questions.last().unwrap().fields(),
                question("four"),
                "{new}"
            );
        }
    }

    #[test]
    fn removing_a_question_takes_its_line_and_comma_and_nothing_else() {
        let without_first = remove(FILE, 0).unwrap();
        assert_eq!(
            without_first,
            FILE.replace(
                "        (\n            id: \"one\",\n            prompt: \"One?\",\n            answer: TrueFalse(true), // yes\n        ),\n",
                ""
            )
        );
        let without_middle = remove(FILE, 1).unwrap();
        assert_eq!(
            without_middle,
            FILE.replace(
                "(id: \"two\", prompt: \"Two?\", answer: Typed(accept: [\"two\"])),",
                ""
            )
        );
        let without_last = remove(FILE, 2).unwrap();
        let set = parse(&without_last);
        assert_eq!(set.questions.len(), 2);
        assert!(without_last.contains("// after three"));
        assert_eq!(remove(FILE, 3), Err(EditError::NoSuchQuestion(3)));
    }

    #[test]
    fn a_set_field_is_replaced_in_place() {
        let new = replace_set_string(FILE, "id", "demo-copy").unwrap();
        assert_eq!(
            new,
            FILE.replace("\"demo\", // the id", "\"demo-copy\", // the id")
        );
        assert_eq!(
            replace_set_string("QuestionSet(title: \"x\")", "id", "a"),
            Err(EditError::NoField("id"))
        );
    }

    #[test]
    fn every_shipped_question_written_back_in_place_reads_the_same_and_leaves_the_rest() {
        // Written in the layout the shipped sets use, most come back byte for byte.
        let (mut unchanged, mut questions) = (0, 0);
        for &(name, text) in crate::bank::shipped::FILES {
            let set = parse(text);
            let layout = Layout::of(text).unwrap();
            assert_eq!(layout.questions.len(), set.questions.len(), "{name}");
            questions += set.questions.len();
            for (i, q) in set.questions.iter().enumerate() {
                let span = layout.questions[i].clone();
                let new = replace(text, i, &q.fields()).unwrap();
                assert_eq!(&new[..span.start], &text[..span.start], "{name} {i}");
                assert!(new.ends_with(&text[span.end..]), "{name} {i}");
                assert_eq!(parse(&new), set, "{name} {i}");
                if new == text {
                    unchanged += 1;
                }
            }
            let removed = remove(text, 0).unwrap();
            let mut expected = set.clone();
            expected.questions.remove(0);
            assert_eq!(parse(&removed), expected, "{name}");
            let appended = append(&removed, &set.questions[0].fields()).unwrap();
            expected.questions.push(set.questions[0].clone());
            assert_eq!(parse(&appended), expected, "{name}");
        }
        assert!(
            unchanged * 10 >= questions * 8,
            "{unchanged} of {questions}"
        );
    }

    #[test]
    fn a_file_without_a_question_list_is_refused() {
        assert_eq!(
            Layout::of("QuestionSet(id: \"a\", title: \"b\")"),
            Err(EditError::NoQuestionList)
        );
        assert_eq!(
            append("QuestionSet(id: \"a\", questions: 3)", &question("x")),
            Err(EditError::NoQuestionList)
        );
    }
}
