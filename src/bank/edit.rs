//! Changing one question of a question file's text and leaving every other byte as written.
//!
//! The loader's scanner ([`super::position`]) finds where each element of `questions: [..]`
//! starts and ends, and where each field of a question is. Changing a question
//! ([`update`]) rewrites only the values of the fields that changed, indented like the field,
//! so comments and layout inside the question survive too (a field added goes after the last
//! one, a field taken away takes its line); a new question goes after the last one, a removed
//! one takes its line and its comma with it. Comments, blank lines, the order of fields and
//! the other questions are never rewritten, and new lines end as the file's do (`\r\n` or
//! `\n`). The caller reads the result back before saving it (see `app::editor`), so a text
//! this module could not follow is refused, not written.

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
}

/// Where the questions of a file's text are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Where the list's `[` is.
    pub open: usize,
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
        let (open, questions, close) =
            position::list_spans(&text[bom..], "questions").ok_or(EditError::NoQuestionList)?;
        Ok(Self {
            open: open + bom,
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

/// The fields of a question, in the order they are written.
const FIELDS: [&str; 7] = [
    "id",
    "prompt",
    "answer",
    "explanation",
    "source",
    "tags",
    "difficulty",
];

/// How lines end in `text`: as its first line does.
fn newline_of(text: &str) -> &'static str {
    match text.find('\n') {
        Some(n) if text[..n].ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

/// `question` as RON in the layout of the shipped sets: one field per line, short lists on
/// one line and long ones one item per line, numbers as written (`12`, not `12.0`). Its lines
/// after the first are indented by `indent` and end with `newline` (the first line is put
/// where the question starts).
pub fn question_text(question: &QuestionFields, indent: &str, newline: &'static str) -> String {
    let mut out = Writer::new(indent, newline);
    out.text.push('(');
    for name in FIELDS {
        out.field(1, name, question);
    }
    out.line(0, ")");
    out.text
}

/// A string as a RON literal: quotes, backslashes and control characters escaped, everything
/// else (apostrophes, accents, any script) as it is, so the file stays readable.
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn strings<'a>(items: impl Iterator<Item = &'a str>) -> Vec<String> {
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
    newline: &'static str,
}

impl Writer {
    fn new(indent: &str, newline: &'static str) -> Self {
        Self {
            text: String::new(),
            indent: indent.to_owned(),
            newline,
        }
    }

    /// A new line at `level` steps inside the indent, with `content`.
    fn line(&mut self, level: usize, content: &str) {
        self.text.push_str(self.newline);
        self.text.push_str(&self.indent);
        for _ in 0..level {
            self.text.push_str("    ");
        }
        self.text.push_str(content);
    }

    /// `name: value,` at `level`.
    fn simple(&mut self, level: usize, name: &str, value: &str) {
        self.line(level, &format!("{name}: {value},"));
    }

    /// `head[items]close,` at `level`, on one line if it fits, else one item per line.
    fn list(&mut self, level: usize, head: &str, items: &[String], close: &str) {
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

    /// Field `name` of `question` at `level`, if it is written at all (an absent explanation,
    /// source or difficulty, and empty tags, are not).
    fn field(&mut self, level: usize, name: &str, question: &QuestionFields) {
        match name {
            "id" => self.simple(level, name, &string(question.id.as_str())),
            "prompt" => self.simple(level, name, &string(&question.prompt)),
            "answer" => self.answer(level, &question.answer),
            "explanation" => {
                if let Some(explanation) = &question.explanation {
                    self.simple(level, name, &string(explanation));
                }
            }
            "source" => {
                if let Some(source) = &question.source {
                    self.simple(level, name, &string(source));
                }
            }
            "tags" if !question.tags.is_empty() => {
                let tags = strings(question.tags.iter().map(smol_str::SmolStr::as_str));
                self.list(level, "tags: ", &tags, "");
            }
            "difficulty" => {
                if let Some(difficulty) = question.difficulty {
                    self.simple(level, name, &difficulty.to_string());
                }
            }
            _ => {}
        }
    }

    fn answer(&mut self, level: usize, answer: &Answer) {
        match answer {
            Answer::Choice { options, correct } => {
                self.line(level, "answer: Choice(");
                let options = strings(options.iter().map(smol_str::SmolStr::as_str));
                self.list(level + 1, "options: ", &options, "");
                let correct: Vec<String> = correct.iter().map(ToString::to_string).collect();
                self.list(level + 1, "correct: ", &correct, "");
                self.line(level, "),");
            }
            Answer::TrueFalse(truth) => {
                self.simple(level, "answer", &format!("TrueFalse({truth})"));
            }
            Answer::Typed { accept } => {
                let accept = strings(accept.iter().map(smol_str::SmolStr::as_str));
                self.list(level, "answer: Typed(accept: ", &accept, ")");
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
                    let _ = write!(fields, ", unit: {}", string(unit));
                }
                self.simple(level, "answer", &format!("Number({fields})"));
            }
            Answer::Order(items) => {
                let items = strings(items.iter().map(smol_str::SmolStr::as_str));
                self.list(level, "answer: Order(", &items, ")");
            }
            Answer::Match(pairs) => {
                let pairs: Vec<String> = pairs
                    .iter()
                    .map(|(l, r)| format!("({}, {})", string(l), string(r)))
                    .collect();
                self.list(level, "answer: Match(", &pairs, ")");
            }
            Answer::Cloze(cloze) => {
                self.simple(level, "answer", &format!("Cloze({})", string(cloze.text())));
            }
            Answer::Flashcard(back) => {
                self.simple(level, "answer", &format!("Flashcard({})", string(back)));
            }
        }
    }
}

/// The value in `line`, a field `name: value,` written by a [`Writer`] at `indent`.
fn value_in(line: &str, name: &str, indent: &str, newline: &str) -> Option<String> {
    let head = format!("{newline}{indent}{name}: ");
    Some(line.strip_prefix(&head)?.strip_suffix(',')?.to_owned())
}

/// The value of field `name` of `question` as written at `indent` (its lines after the first
/// indented so), or `None` if the field is not written at all.
fn field_value(
    question: &QuestionFields,
    name: &str,
    indent: &str,
    newline: &'static str,
) -> Option<String> {
    let mut out = Writer::new(indent, newline);
    out.field(0, name, question);
    value_in(&out.text, name, indent, newline)
}

/// Whether field `name` differs between `old` and `new`.
fn differs(old: &QuestionFields, new: &QuestionFields, name: &str) -> bool {
    match name {
        "id" => old.id != new.id,
        "prompt" => old.prompt != new.prompt,
        "answer" => old.answer != new.answer,
        "explanation" => old.explanation != new.explanation,
        "source" => old.source != new.source,
        "tags" => old.tags != new.tags,
        _ => old.difficulty != new.difficulty,
    }
}

/// The fields of a `Choice` or a `Number` as written, by name: changed one by one when the
/// kind stays, so ticking another right option rewrites `correct` and nothing else.
fn answer_field(
    answer: &Answer,
    name: &str,
    indent: &str,
    newline: &'static str,
) -> Option<String> {
    let mut out = Writer::new(indent, newline);
    match (answer, name) {
        (Answer::Choice { options, .. }, "options") => {
            let options = strings(options.iter().map(smol_str::SmolStr::as_str));
            out.list(0, "options: ", &options, "");
        }
        (Answer::Choice { correct, .. }, "correct") => {
            let correct: Vec<String> = correct.iter().map(ToString::to_string).collect();
            out.list(0, "correct: ", &correct, "");
        }
        (Answer::Number { value, .. }, "value") => return Some(number(*value)),
        (Answer::Number { tolerance, .. }, "tolerance") => {
            return (*tolerance != 0.0).then(|| number(*tolerance));
        }
        (Answer::Number { unit, .. }, "unit") => return unit.as_deref().map(string),
        _ => return None,
    }
    value_in(&out.text, name, indent, newline)
}

/// The names of the fields of `answer` that [`answer_field`] writes one by one, if any.
fn answer_fields(answer: &Answer) -> &'static [&'static str] {
    match answer {
        Answer::Choice { .. } => &["options", "correct"],
        Answer::Number { .. } => &["value", "tolerance", "unit"],
        _ => &[],
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

/// The span of question `index` in `text`.
fn question_span(text: &str, index: usize) -> Result<Range<usize>, EditError> {
    Layout::of(text)?
        .questions
        .get(index)
        .cloned()
        .ok_or(EditError::NoSuchQuestion(index))
}

/// `text` with question `index` replaced whole by `question`, indented as the question was.
///
/// # Errors
/// No question list, or no such question.
pub fn replace(text: &str, index: usize, question: &QuestionFields) -> Result<String, EditError> {
    let span = question_span(text, index)?;
    let indent = indent_at(text, span.start).unwrap_or_else(|| line_indent(text, span.start));
    let new = question_text(question, indent, newline_of(text));
    Ok(splice(text, span, &new))
}

/// `text` with question `index`, written as `old`, changed to `new`: only the values of the
/// fields that differ are rewritten (and within a `Choice` or a `Number` that stays one, only
/// its fields that differ), a field added goes after the last one and a field taken away takes
/// its line, so comments and layout inside the question stay. A question whose fields the
/// scanner cannot follow is replaced whole.
///
/// # Errors
/// No question list, or no such question.
pub fn update(
    text: &str,
    index: usize,
    old: &QuestionFields,
    new: &QuestionFields,
) -> Result<String, EditError> {
    let span = question_span(text, index)?;
    let Some((fields, close)) = position::struct_fields(text, span.start) else {
        return replace(text, index, new);
    };
    let newline = newline_of(text);
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let same_kind = std::mem::discriminant(&old.answer) == std::mem::discriminant(&new.answer);
    let answer_parts = fields
        .iter()
        .find(|f| f.name == "answer")
        .filter(|_| same_kind && !answer_fields(&new.answer).is_empty())
        .and_then(|f| position::struct_fields(text, f.value.start));
    let names: Vec<&str> = FIELDS
        .into_iter()
        .filter(|name| differs(old, new, name))
        .filter(|name| *name != "answer" || answer_parts.is_none())
        .collect();
    edit_fields(
        text,
        (&fields, close),
        &names,
        &|name, indent| field_value(new, name, indent, newline),
        newline,
        &mut edits,
    );
    if let Some((parts, part_close)) = answer_parts {
        let changed: Vec<&str> = answer_fields(&new.answer)
            .iter()
            .copied()
            .filter(|name| {
                answer_field(&old.answer, name, "", newline)
                    != answer_field(&new.answer, name, "", newline)
            })
            .collect();
        edit_fields(
            text,
            (&parts, part_close),
            &changed,
            &|name, indent| answer_field(&new.answer, name, indent, newline),
            newline,
            &mut edits,
        );
    }
    // Applied from the end, so that the offsets of the earlier ones stay right.
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut out = text.to_owned();
    for (range, replacement) in edits {
        out.replace_range(range, &replacement);
    }
    Ok(out)
}

/// The value of a field by its name, written at an indent; `None`: not written at all.
type ValueOf<'a> = dyn Fn(&str, &str) -> Option<String> + 'a;

/// The edits that give the fields `names` of a struct (its `fields` as written and its `)`)
/// the values `value` gives: a value replaced, a field taken away, or fields added after the
/// last one.
fn edit_fields(
    text: &str,
    (fields, close): (&[position::FieldSpan<'_>], usize),
    names: &[&str],
    value: &ValueOf<'_>,
    newline: &'static str,
    edits: &mut Vec<(Range<usize>, String)>,
) {
    let mut added = Vec::new();
    let mut removed = Vec::new();
    for &name in names {
        match fields.iter().find(|f| f.name == name) {
            Some(field) => {
                if let Some(written) = value(name, line_indent(text, field.start)) {
                    edits.push((field.value.clone(), written));
                } else {
                    edits.push((field_line(text, field), String::new()));
                    removed.push(name);
                }
            }
            None => added.push(name),
        }
    }
    if !added.is_empty() {
        // Added after the last field that stays: a field removed in the same save may have
        // been the last one, and its text is gone.
        let kept: Vec<position::FieldSpan<'_>> = fields
            .iter()
            .filter(|f| !removed.contains(&f.name))
            .cloned()
            .collect();
        edits.push(added_fields(text, &kept, close, &added, value, newline));
    }
}

/// The text a field takes up to be removed: from its name through its comma, and its whole
/// line when it has one of its own.
fn field_line(text: &str, field: &position::FieldSpan<'_>) -> Range<usize> {
    let mut end = field.value.end;
    let after = position::after_trivia(text, end);
    if text[after..].starts_with(',') {
        end = after + 1;
    }
    own_line(text, field.start..end)
}

/// `range` widened to its whole lines when nothing else is on them (but spaces, and a comment
/// after it).
fn own_line(text: &str, range: Range<usize>) -> Range<usize> {
    if indent_at(text, range.start).is_none() {
        return range;
    }
    let rest = &text[range.end..];
    let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let ending = ["\r\n", "\n"]
        .into_iter()
        .find(|ending| rest[spaces..].starts_with(ending));
    match ending {
        Some(ending) => line_start(text, range.start)..range.end + spaces + ending.len(),
        None => range,
    }
}

/// The edit adding fields `names` after the last field written (`fields`, the struct's `)` at
/// `close`): each on a line of its own when the struct spreads over lines, else on its line.
fn added_fields(
    text: &str,
    fields: &[position::FieldSpan<'_>],
    close: usize,
    names: &[&str],
    value: &ValueOf<'_>,
    newline: &'static str,
) -> (Range<usize>, String) {
    let lines = |indent: &str| {
        let mut out = String::new();
        for name in names {
            if let Some(written) = value(name, indent) {
                let _ = write!(out, "{newline}{indent}{name}: {written},");
            }
        }
        out
    };
    let Some(last) = fields.last() else {
        let outer = line_indent(text, close);
        let new_lines = lines(&format!("{outer}    "));
        return (close..close, format!("{new_lines}{newline}{outer}"));
    };
    let after = position::after_trivia(text, last.value.end);
    let has_comma = text[after..].starts_with(',');
    if indent_at(text, last.start).is_some() {
        let new_lines = lines(line_indent(text, last.start));
        if has_comma {
            let at = line_end_after_comment(text, after + 1);
            (at..at, new_lines)
        } else {
            (last.value.end..last.value.end, format!(",{new_lines}"))
        }
    } else {
        let mut added = String::new();
        for name in names {
            if let Some(written) = value(name, "") {
                let _ = write!(added, ", {name}: {written}");
            }
        }
        (last.value.end..last.value.end, added)
    }
}

/// Where to put new lines after `at`: the end of its line when only spaces or a `//` comment
/// follow (the comment stays with what it is about), else `at`.
fn line_end_after_comment(text: &str, at: usize) -> usize {
    let line_end = text[at..].find('\n').map_or(text.len(), |n| at + n);
    let line_end = if text[..line_end].ends_with('\r') {
        line_end - 1
    } else {
        line_end
    };
    let rest = text[at..line_end].trim_start();
    if rest.is_empty() || rest.starts_with("//") {
        line_end
    } else {
        at
    }
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
/// No question list.
pub fn append(text: &str, question: &QuestionFields) -> Result<String, EditError> {
    let layout = Layout::of(text)?;
    let newline = newline_of(text);
    let Some(last) = layout.questions.last() else {
        return Ok(append_to_empty(text, &layout, question, newline));
    };
    let indent = indent_at(text, last.start)
        .unwrap_or_else(|| line_indent(text, last.start))
        .to_owned();
    let new = question_text(question, &indent, newline);
    let after = position::after_trivia(text, last.end);
    if text[after..].starts_with(',') {
        // After the comma, and after a comment on the comma's line, so the comment stays
        // with the question it is about.
        let at = line_end_after_comment(text, after + 1);
        Ok(splice(text, at..at, &format!("{newline}{indent}{new},")))
    } else {
        Ok(splice(
            text,
            last.end..last.end,
            &format!(",{newline}{indent}{new},"),
        ))
    }
}

fn append_to_empty(
    text: &str,
    layout: &Layout,
    question: &QuestionFields,
    newline: &'static str,
) -> String {
    let close = layout.close;
    let outer = line_indent(text, close).to_owned();
    let indent = format!("{outer}    ");
    let new = question_text(question, &indent, newline);
    if indent_at(text, close).is_some() {
        // `]` on a line of its own: the question goes on the lines before it.
        let at = line_start(text, close);
        splice(text, at..at, &format!("{indent}{new},{newline}"))
    } else {
        // `questions: []`: the list opens onto lines of its own (a comment in it stays).
        splice(
            text,
            close..close,
            &format!("{newline}{indent}{new},{newline}{outer}"),
        )
    }
}

/// `text` without question `index`: its text, its comma, and its line if it had one of its own.
///
/// # Errors
/// No question list, or no such question.
pub fn remove(text: &str, index: usize) -> Result<String, EditError> {
    let span = question_span(text, index)?;
    let mut end = span.end;
    let after = position::after_trivia(text, end);
    if text[after..].starts_with(',') {
        end = after + 1;
    }
    Ok(splice(text, own_line(text, span.start..end), ""))
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
    Ok(splice(
        text,
        span.start + bom..span.end + bom,
        &string(value),
    ))
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

    fn fields_of(text: &str, i: usize) -> QuestionFields {
        parse(text).questions[i].fields()
    }

    #[test]
    fn an_update_rewrites_only_the_values_that_changed_and_keeps_comments_inside() {
        let old = fields_of(FILE, 0);
        let mut new = old.clone();
        new.prompt = "One, isn't it?".to_owned();
        let changed = update(FILE, 0, &old, &new).unwrap();
        assert_eq!(
            changed,
            FILE.replace("prompt: \"One?\"", "prompt: \"One, isn't it?\""),
            "the apostrophe is written as it is, the comment `// yes` stays"
        );
        // A field added goes after the last one, on its own line, after the comment there.
        new.explanation = Some("Because.".to_owned());
        let added = update(FILE, 0, &old, &new).unwrap();
        assert!(
            added.contains(
                "            answer: TrueFalse(true), // yes\n            explanation: \"Because.\",\n        ),"
            ),
            "{added}"
        );
        // Taken away again, it takes its line with it.
        assert_eq!(
            update(&added, 0, &new, &fields_of(&added, 0).clone()).unwrap(),
            added
        );
        let mut without = new.clone();
        without.explanation = None;
        assert_eq!(
            update(&added, 0, &new, &without).unwrap(),
            FILE.replace("prompt: \"One?\"", "prompt: \"One, isn't it?\"")
        );
        // On a question written on one line, a new field stays on that line.
        let old = fields_of(FILE, 1);
        let mut new = old.clone();
        new.source = Some("NATO".to_owned());
        assert_eq!(
            update(FILE, 1, &old, &new).unwrap(),
            FILE.replace(
                "answer: Typed(accept: [\"two\"]))",
                "answer: Typed(accept: [\"two\"]), source: \"NATO\")"
            )
        );
        // A field the file left out (the prompt of a cloze) is added when it gets a value.
        let text = "QuestionSet(id: \"c\", title: \"C\", questions: [\n    (\n        id: \"gap\",\n        answer: Cloze(\"Article {{5}}.\"), // the core\n    ),\n])\n";
        let old = fields_of(text, 0);
        let mut new = old.clone();
        new.prompt = "Fill in:".to_owned();
        let with_prompt = update(text, 0, &old, &new).unwrap();
        assert_eq!(fields_of(&with_prompt, 0), new);
        assert!(
            with_prompt.contains("// the core\n        prompt: \"Fill in:\",\n    ),"),
            "{with_prompt}"
        );
    }

    #[test]
    fn a_number_s_tolerance_is_added_inside_it_and_every_kind_of_change_reads_back() {
        let old = fields_of(FILE, 2);
        let mut new = old.clone();
        new.answer = Answer::Number {
            value: 3.0,
            tolerance: 0.5,
            unit: None,
        };
        assert_eq!(
            update(FILE, 2, &old, &new).unwrap(),
            FILE.replace("Number(value: 3)", "Number(value: 3, tolerance: 0.5)")
        );
        // Every shipped question, changed in each of its fields in turn.
        for &(name, text) in crate::bank::shipped::FILES {
            let set = parse(text);
            let spans = Layout::of(text).unwrap().questions;
            for (i, question) in set.questions.iter().enumerate() {
                let old = question.fields();
                let mut changes = vec![old.clone(); 6];
                changes[0].prompt.push_str(" (edited)");
                changes[1].explanation = None;
                changes[2].tags = vec!["edited".into()];
                changes[3].difficulty = old.difficulty.map_or(Some(1), |_| None);
                changes[4].answer = match &old.answer {
                    Answer::Choice { options, correct } => Answer::Choice {
                        options: options.clone(),
                        correct: vec![(correct[0] + 1) % options.len()].into(),
                    },
                    Answer::Number { value, unit, .. } => Answer::Number {
                        value: value + 1.0,
                        tolerance: 0.25,
                        unit: unit.clone(),
                    },
                    _ => Answer::Typed {
                        accept: vec!["changed".into()],
                    },
                };
                changes[5].source = Some("A new source".to_owned());
                for new in changes {
                    let edited = update(text, i, &old, &new).unwrap();
                    let mut expected = set.clone();
                    expected.questions[i] = std::sync::Arc::new(crate::bank::Question::new(new));
                    assert_eq!(parse(&edited), expected, "{name} {i}");
                    assert_eq!(&edited[..spans[i].start], &text[..spans[i].start]);
                    assert!(edited.ends_with(&text[spans[i].end..]), "{name} {i}");
                }
            }
        }
    }

    #[test]
    fn a_field_removed_and_another_added_in_one_save_read_back() {
        let texts = [
            "QuestionSet(id: \"s\", title: \"S\", questions: [(id: \"a\", prompt: \"P\", answer: TrueFalse(true), source: \"x\")])",
            "QuestionSet(id: \"s\", title: \"S\", questions: [(id: \"a\", prompt: \"P\", answer: Number(value: 12, unit: \"km\"), source: \"x\", difficulty: 2)])",
            "QuestionSet(id: \"s\", title: \"S\", questions: [\n    (\n        id: \"a\",\n        prompt: \"P\",\n        answer: Number(value: 12, unit: \"km\"),\n        source: \"x\",\n        difficulty: 2 // hard\n    ),\n])\n",
            "QuestionSet(id: \"s\", title: \"S\", questions: [\n    (\n        id: \"a\",\n        prompt: \"P\",\n        answer: TrueFalse(true),\n        tags: [\"t\"], difficulty: 2\n    ),\n])\n",
        ];
        for text in texts {
            let old = fields_of(text, 0);
            let mut new = old.clone();
            new.source = None;
            new.difficulty = None;
            new.tags = Vec::new();
            new.explanation = Some("E".to_owned());
            if let Answer::Number {
                unit, tolerance, ..
            } = &mut new.answer
            {
                *unit = None;
                *tolerance = 0.5;
            }
            let edited = update(text, 0, &old, &new).unwrap();
            assert_eq!(fields_of(&edited, 0), new, "{text}\n->\n{edited}");
        }
    }

    #[test]
    fn new_lines_end_as_the_file_s_do_and_strings_stay_readable() {
        let crlf = FILE.replace('\n', "\r\n");
        let old = fields_of(&crlf, 1);
        let mut new = question("two");
        new.prompt = "Où est l\u{2019}OTAN ? हिन्दी, e\u{301}, \"quoted\", back\\slash".to_owned();
        let changed = update(&crlf, 1, &old, &new).unwrap();
        let appended = append(&changed, &question("four")).unwrap();
        assert_eq!(
            appended.matches('\n').count(),
            appended.matches("\r\n").count(),
            "no bare \\n"
        );
        assert_eq!(fields_of(&appended, 1), new);
        assert!(
            appended
                .contains("Où est l\u{2019}OTAN ? हिन्दी, e\u{301}, \\\"quoted\\\", back\\\\slash")
        );
        assert_eq!(question_text(&new, "", "\n").matches("\\u{").count(), 0);
        let tab = question_text(
            &QuestionFields {
                prompt: "a\tb\u{7}".to_owned(),
                ..question("t")
            },
            "",
            "\n",
        );
        assert!(tab.contains("\"a\\tb\\u{7}\""), "{tab}");
    }

    #[test]
    fn an_empty_list_with_a_comment_in_it_takes_a_question() {
        let text = "QuestionSet(id: \"e\", title: \"E\", questions: [ /* like [this] */ ])";
        let new = append(text, &question("four")).unwrap();
        assert!(new.contains("/* like [this] */"));
        assert_eq!(parse(&new).questions[0].fields(), question("four"));
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
