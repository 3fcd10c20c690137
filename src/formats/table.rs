//! Question sets as CSV or TSV: allydeck's own column layout for every kind, and the two-column
//! files Quizlet (term, definition) and Anki's plain-text export (front, back) write.
//!
//! The layout (`questions/FORMAT.md` documents it with an example per kind), one row per
//! question after a header row:
//!
//! ```text
//! id,kind,prompt,answer,options,explanation,source,tags,difficulty
//! signed,Choice,Where was the treaty signed?,Washington,Brussels|Washington|Paris,...
//! ```
//!
//! Lists in a cell are separated by `|` (write `\|` for a `|` in an item). `answer` holds the
//! right option(s) of a Choice, `true`/`false`, the accepted answers of a Typed, a Number's
//! value (with `tolerance 0.5|unit km` in `options`), the items of an Order in their right
//! order, the pairs of a Match as `left -> right`, the text of a Cloze, the back of a
//! Flashcard.

use smol_str::SmolStr;

use super::{Exported, ImportOptions, Imported, Note, fields, html};
use crate::bank::{Answer, Kind, QuestionFields, QuestionId, QuestionSet};
use crate::grade::format_number;

/// The columns of the layout, in the order written.
pub const COLUMNS: [&str; 9] = [
    "id",
    "kind",
    "prompt",
    "answer",
    "options",
    "explanation",
    "source",
    "tags",
    "difficulty",
];

/// What the `#key:value` lines at the top of an Anki plain-text export say.
#[derive(Default)]
struct Header {
    /// Lines the header takes.
    lines: usize,
    /// Bytes the header takes.
    bytes: usize,
    /// `#separator:` (tab, comma, semicolon, pipe, space, or the character itself).
    separator: Option<u8>,
    /// `#html:true`: the fields are HTML.
    html: bool,
    /// `#tags column:N`: the 1-based column holding a row's tags.
    tags: Option<usize>,
}

impl Header {
    fn of(text: &str) -> Self {
        let mut header = Self::default();
        for line in text.split_inclusive('\n') {
            let Some((key, value)) = line
                .trim_end()
                .strip_prefix('#')
                .and_then(|l| l.split_once(':'))
            else {
                break;
            };
            match (key.trim().to_ascii_lowercase().as_str(), value.trim()) {
                ("separator", v) => {
                    header.separator = match v.to_ascii_lowercase().as_str() {
                        "tab" => Some(b'\t'),
                        "comma" => Some(b','),
                        "semicolon" => Some(b';'),
                        "pipe" => Some(b'|'),
                        "space" => Some(b' '),
                        _ => v.bytes().next().filter(|_| v.len() == 1),
                    };
                }
                ("html", v) => header.html = v.eq_ignore_ascii_case("true"),
                ("tags column", v) => header.tags = v.parse().ok().filter(|&n: &usize| n > 0),
                _ => {}
            }
            header.lines += 1;
            header.bytes += line.len();
        }
        header
    }
}

/// Reads a CSV (`delimiter` `,`) or TSV (`\t`) file. Anki's `#separator:`, `#html:` and
/// `#tags column:` lines at the top are read; any other cell starting with `#` is data.
pub fn read(text: &str, delimiter: u8, options: ImportOptions) -> Imported {
    let mut imported = Imported::default();
    let header = Header::of(text);
    let html = header.html;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(header.separator.unwrap_or(delimiter))
        .has_headers(false)
        .flexible(true)
        .from_reader(&text.as_bytes()[header.bytes..]);
    let mut layout: Option<Layout> = None;
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e
                    .position()
                    .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0))
                    + header.lines;
                let reason = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => "the row is not UTF-8 text".to_owned(),
                    _ => format!("the row cannot be read: {e}"),
                };
                imported.notes.push(Note::skipped(line, reason));
                continue;
            }
        };
        let line = record
            .position()
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0))
            + header.lines;
        // Cells as written (a set through CSV and back is unchanged); what is read as a
        // name, a number or a list item is trimmed where it is read.
        let mut cells: Vec<String> = record
            .iter()
            .map(|c| if html { html::to_text(c) } else { c.to_owned() })
            .collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let tags = header
            .tags
            .filter(|&n| n <= cells.len())
            .map(|n| cells.remove(n - 1));
        if layout.is_none() {
            let (found, header) = Layout::of(&cells);
            layout = Some(found);
            if header {
                continue;
            }
        }
        let row = layout.as_ref().map(|l| l.row(&cells, options));
        match row.unwrap_or_else(|| pair_row(&cells, options)) {
            Ok(mut fields) => {
                if let Some(tags) = &tags {
                    fields.tags.extend(tags.split_whitespace().map(Into::into));
                }
                imported.questions.push((line, fields));
            }
            Err(reason) => imported.notes.push(Note::skipped(line, reason)),
        }
    }
    if matches!(layout, Some(Layout::Pairs)) && imported.questions.is_empty() {
        imported
            .notes
            .push(Note::skipped(0, "no question in the file"));
    }
    imported
}

/// How the rows of a file are read.
enum Layout {
    /// allydeck's columns, at these positions.
    Columns(Vec<Option<usize>>),
    /// Two columns: front and back, term and definition.
    Pairs,
}

impl Layout {
    /// The layout a first row shows, and whether that row is a header (to skip).
    fn of(first: &[String]) -> (Self, bool) {
        let names: Vec<String> = first
            .iter()
            .map(|c| c.trim().to_ascii_lowercase())
            .collect();
        if names.iter().any(|n| n == "kind") && names.iter().any(|n| n == "prompt") {
            let at = COLUMNS
                .iter()
                .map(|column| names.iter().position(|n| n == column))
                .collect();
            return (Layout::Columns(at), true);
        }
        let header = names.len() == 2
            && names.iter().all(|n| {
                matches!(
                    n.as_str(),
                    "term" | "definition" | "front" | "back" | "question" | "answer"
                )
            });
        (Layout::Pairs, header)
    }

    fn row(&self, cells: &[String], options: ImportOptions) -> Result<QuestionFields, String> {
        match self {
            Layout::Pairs => pair_row(cells, options),
            Layout::Columns(at) => column_row(&Row { cells, at }),
        }
    }
}

fn pair_row(cells: &[String], options: ImportOptions) -> Result<QuestionFields, String> {
    let [front, back, rest @ ..] = cells else {
        return Err("a row of one column: the layout has two (front, back)".to_owned());
    };
    let (front, back) = (front.trim(), back.trim());
    if front.is_empty() || back.is_empty() {
        return Err("a row with an empty front or back".to_owned());
    }
    if rest.iter().any(|c| !c.trim().is_empty()) {
        return Err(format!(
            "a row of {} columns in a file of two (front, back)",
            cells.len()
        ));
    }
    let answer = if options.typed {
        Answer::Typed {
            accept: vec![back.into()],
        }
    } else {
        Answer::Flashcard(back.into())
    };
    Ok(fields(front.to_owned(), answer))
}

/// A row of the column layout: its cells, and where each column is.
struct Row<'a> {
    cells: &'a [String],
    at: &'a [Option<usize>],
}

impl<'a> Row<'a> {
    /// The cell of column `name`; empty if the file has no such column.
    fn get(&self, name: &str) -> &'a str {
        COLUMNS
            .iter()
            .position(|c| *c == name)
            .and_then(|i| self.at[i])
            .and_then(|i| self.cells.get(i))
            .map_or("", String::as_str)
    }
}

fn column_row(row: &Row<'_>) -> Result<QuestionFields, String> {
    let cell = |name: &str| row.get(name);
    let kind_name = cell("kind").trim();
    let kind = Kind::ALL
        .into_iter()
        .find(|k| k.name().eq_ignore_ascii_case(kind_name))
        .ok_or_else(|| {
            format!(
                "kind {:?} is not one of {}",
                crate::text::shortened(kind_name),
                Kind::ALL.map(Kind::name).join(", ")
            )
        })?;
    let answer_cell = cell("answer");
    let items = |name: &str| split_items(cell(name));
    let answer = match kind {
        Kind::Choice => {
            let options = items("options");
            let right = split_items(answer_cell);
            if right.is_empty() {
                return Err("a Choice without a right option in `answer`".to_owned());
            }
            let mut correct = Vec::new();
            for r in &right {
                let at = options.iter().position(|o| o == r).ok_or_else(|| {
                    format!(
                        "the right option {:?} is not among the options",
                        crate::text::shortened(r)
                    )
                })?;
                correct.push(at);
            }
            Answer::Choice {
                options: options.iter().map(|o| o.as_str().into()).collect(),
                correct: correct.into(),
            }
        }
        Kind::TrueFalse => match answer_cell.trim().to_ascii_lowercase().as_str() {
            "true" | "t" | "yes" => Answer::TrueFalse(true),
            "false" | "f" | "no" => Answer::TrueFalse(false),
            other => {
                return Err(format!(
                    "a TrueFalse answer is `true` or `false`, not {:?}",
                    crate::text::shortened(other)
                ));
            }
        },
        Kind::Typed => Answer::Typed {
            accept: split_items(answer_cell)
                .iter()
                .map(|a| a.as_str().into())
                .collect(),
        },
        Kind::Number => number(answer_cell, &items("options"))?,
        Kind::Order => Answer::Order(
            split_items(answer_cell)
                .iter()
                .map(|a| a.as_str().into())
                .collect(),
        ),
        Kind::Match => Answer::Match(
            split_items(answer_cell)
                .iter()
                .map(|pair| {
                    pair.split_once("->")
                        .map(|(l, r)| (l.trim().into(), r.trim().into()))
                        .ok_or_else(|| {
                            format!(
                                "the pair {:?} is not written `left -> right`",
                                crate::text::shortened(pair)
                            )
                        })
                })
                .collect::<Result<_, _>>()?,
        ),
        Kind::Cloze => Answer::Cloze(answer_cell.into()),
        Kind::Flashcard => Answer::Flashcard(answer_cell.into()),
    };
    let optional = |name: &str| Some(cell(name).to_owned()).filter(|s| !s.is_empty());
    let difficulty = match cell("difficulty").trim() {
        "" => None,
        d => Some(d.parse::<u8>().map_err(|_| {
            format!(
                "difficulty {:?} is not 1, 2 or 3",
                crate::text::shortened(d)
            )
        })?),
    };
    Ok(QuestionFields {
        id: QuestionId::new(cell("id").trim()),
        prompt: cell("prompt").to_owned(),
        answer,
        explanation: optional("explanation"),
        source: optional("source"),
        tags: items("tags").iter().map(|t| t.as_str().into()).collect(),
        difficulty,
    })
}

/// A Number from its value and the `tolerance 0.5`, `unit km` items of its options.
fn number(value: &str, options: &[String]) -> Result<Answer, String> {
    let read = |s: &str| {
        s.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| format!("{:?} is not a number", crate::text::shortened(s)))
    };
    let mut tolerance = 0.0;
    let mut unit = None;
    for option in options {
        if let Some(t) = option.strip_prefix("tolerance") {
            tolerance = read(t)?;
        } else if let Some(u) = option.strip_prefix("unit") {
            unit = Some(u.trim().into());
        } else {
            return Err(format!(
                "a Number's options are `tolerance N` and `unit U`, not {:?}",
                crate::text::shortened(option)
            ));
        }
    }
    Ok(Answer::Number {
        value: read(value)?,
        tolerance,
        unit,
    })
}

/// The `|`-separated items of a cell, `\|` standing for `|` and `\\` for `\`.
fn split_items(cell: &str) -> Vec<String> {
    if cell.trim().is_empty() {
        return Vec::new();
    }
    let mut items = vec![String::new()];
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next @ ('|' | '\\')) => push(&mut items, next),
                Some(other) => {
                    push(&mut items, '\\');
                    push(&mut items, other);
                }
                None => push(&mut items, '\\'),
            },
            '|' => items.push(String::new()),
            _ => push(&mut items, c),
        }
    }
    items.into_iter().map(|i| i.trim().to_owned()).collect()
}

fn push(items: &mut [String], c: char) {
    if let Some(last) = items.last_mut() {
        last.push(c);
    }
}

/// Items joined by `|`, each with its `|` and `\` escaped.
fn join_items(items: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    items
        .into_iter()
        .map(|i| i.as_ref().replace('\\', "\\\\").replace('|', "\\|"))
        .collect::<Vec<_>>()
        .join("|")
}

/// Writes `set` in the column layout; every question fits it.
pub fn write(set: &QuestionSet, delimiter: u8) -> Exported {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    let mut rows: Vec<Vec<String>> = vec![COLUMNS.iter().map(|c| (*c).to_owned()).collect()];
    for question in &set.questions {
        let (answer, options) = cells_of(&question.answer);
        rows.push(vec![
            question.id().to_owned(),
            question.answer.kind().name().to_owned(),
            question.prompt().to_owned(),
            answer,
            options,
            question.explanation().unwrap_or_default().to_owned(),
            question.source().unwrap_or_default().to_owned(),
            join_items(question.tags.iter()),
            question
                .difficulty()
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ]);
    }
    for row in rows {
        // Writing to memory cannot fail.
        let _ = writer.write_record(&row);
    }
    let text = writer
        .into_inner()
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default();
    Exported {
        text,
        notes: Vec::new(),
        left_out: 0,
    }
}

/// The `answer` and `options` cells of an answer.
fn cells_of(answer: &Answer) -> (String, String) {
    match answer {
        Answer::Choice { options, correct } => (
            join_items(
                correct
                    .iter()
                    .filter_map(|&i| options.get(i))
                    .map(SmolStr::as_str),
            ),
            join_items(options.iter()),
        ),
        Answer::TrueFalse(truth) => (truth.to_string(), String::new()),
        Answer::Typed { accept } => (join_items(accept.iter()), String::new()),
        Answer::Number {
            value,
            tolerance,
            unit,
        } => {
            let mut options = Vec::new();
            if *tolerance != 0.0 {
                options.push(format!("tolerance {}", format_number(*tolerance)));
            }
            if let Some(unit) = unit {
                options.push(format!("unit {unit}"));
            }
            (format_number(*value), join_items(&options))
        }
        Answer::Order(items) => (join_items(items.iter()), String::new()),
        Answer::Match(pairs) => (
            join_items(pairs.iter().map(|(l, r)| format!("{l} -> {r}"))),
            String::new(),
        ),
        Answer::Cloze(cloze) => (cloze.text().to_owned(), String::new()),
        Answer::Flashcard(back) => (back.to_string(), String::new()),
    }
}
