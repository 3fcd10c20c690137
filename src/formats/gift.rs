//! Moodle's GIFT format (docs.moodle.org, "GIFT format"), read and written.
//!
//! ```text
//! // A comment.
//! $CATEGORY: NATO/Article 5
//! ::art5-once:: How many times has Article 5 been invoked? {#1 ####Once, after 9/11.}
//! ::signed:: The treaty was signed in {=Washington ~Brussels ~Paris}.
//! ```
//!
//! Questions are separated by blank lines and may run over several lines. An answer block in
//! braces says the kind: `{T}` true/false; `{=a ~b}` multiple choice (`~%50%a` weights);
//! `{=a =b}` short answer; `{=a -> b}` matching; `{#v:t}`, `{#min..max}` numerical; `{}` an
//! essay. Text after the block makes a missing-word question. `#...` after an answer is its
//! feedback, `####...` the question's general feedback; `\~ \= \# \{ \} \:` escape.

use std::fmt::Write as _;

use smol_str::SmolStr;

use super::{Exported, ImportOptions, Imported, Note, fields, html};
use crate::bank::ids::slugify;
use crate::bank::{Answer, QuestionSet};
use crate::grade::format_number;

/// Reads a GIFT file.
pub fn read(text: &str, options: ImportOptions) -> Imported {
    let mut imported = Imported::default();
    let mut category: Vec<String> = Vec::new();
    let mut meta = Meta::default();
    for item in items(text) {
        match item {
            Item::Category(path) => category = category_tags(&path),
            Item::Meta(key, value) => meta.set(&key, value),
            Item::Question { line, text } => {
                let taken = std::mem::take(&mut meta);
                match question(&text, options) {
                    Ok((mut fields, losses)) => {
                        fields
                            .tags
                            .extend(category.iter().map(|t| t.as_str().into()));
                        fields
                            .tags
                            .extend(taken.tags.iter().map(|t| t.as_str().into()));
                        fields.source = taken.source;
                        imported
                            .notes
                            .extend(losses.into_iter().map(|m| Note::loss(line, m)));
                        imported.questions.push((line, fields));
                    }
                    Err(reason) => imported.notes.push(Note::skipped(line, reason)),
                }
            }
        }
    }
    imported
}

/// What the `// source:` and `// tags:` comments allydeck writes before a question say.
#[derive(Default)]
struct Meta {
    source: Option<String>,
    tags: Vec<String>,
}

impl Meta {
    fn set(&mut self, key: &str, value: String) {
        match key {
            "source" => self.source = Some(value),
            "tags" => {
                self.tags = value
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect();
            }
            _ => {}
        }
    }
}

enum Item {
    Category(String),
    Meta(String, String),
    Question { line: usize, text: String },
}

/// The file cut into categories, allydeck's comments and questions (blank lines between
/// questions; a blank line inside an open answer block does not end it).
fn items(text: &str) -> Vec<Item> {
    let mut items = Vec::new();
    let mut current: Option<(usize, String)> = None;
    let mut depth = 0usize;
    let finish = |current: &mut Option<(usize, String)>, items: &mut Vec<Item>| {
        if let Some((line, text)) = current.take() {
            items.push(Item::Question { line, text });
        }
    };
    let lines: Vec<&str> = text.lines().collect();
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        // Moodle drops a comment line wherever it is, inside an answer block too.
        if let Some(comment) = trimmed.strip_prefix("//") {
            if depth == 0
                && let Some((key, value)) = comment.trim().split_once(':')
                && matches!(key, "source" | "tags")
            {
                finish(&mut current, &mut items);
                items.push(Item::Meta(key.to_owned(), value.trim().to_owned()));
            }
            continue;
        }
        if trimmed.is_empty() {
            // A blank line ends a question; inside a block left open, it ends it too when
            // a new question or category follows, so one missing `}` costs one question.
            let next = lines[i + 1..]
                .iter()
                .map(|l| l.trim())
                .find(|l| !l.is_empty());
            if depth == 0
                || next.is_some_and(|l| l.starts_with("::") || l.starts_with("$CATEGORY:"))
            {
                depth = 0;
                finish(&mut current, &mut items);
                continue;
            }
        }
        if depth == 0
            && let Some(path) = trimmed.strip_prefix("$CATEGORY:")
        {
            finish(&mut current, &mut items);
            items.push(Item::Category(path.trim().to_owned()));
            continue;
        }
        depth = brace_depth(line, depth);
        match &mut current {
            Some((_, text)) => {
                text.push('\n');
                text.push_str(line);
            }
            None => current = Some((i + 1, line.to_owned())),
        }
    }
    finish(&mut current, &mut items);
    items
}

/// The depth of unescaped braces after `line`, starting from `depth`.
fn brace_depth(line: &str, depth: usize) -> usize {
    unescaped(line).fold(depth, |depth, (_, c)| match c {
        '{' => depth + 1,
        '}' => depth.saturating_sub(1),
        _ => depth,
    })
}

/// Tags from a `$CATEGORY:` path: each part slugified, Moodle's own `$course$`-like parts
/// and `top` left out.
fn category_tags(path: &str) -> Vec<String> {
    path.split('/')
        .map(str::trim)
        .filter(|p| !(p.eq_ignore_ascii_case("top") || (p.starts_with('$') && p.ends_with('$'))))
        .map(slugify)
        .filter(|t| !t.is_empty())
        .collect()
}

/// The characters of `text` that are not escaped, with their byte positions: a `\` and the
/// character after it are skipped.
fn unescaped(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut escaped = false;
    text.char_indices().filter(move |&(_, c)| {
        let plain = !escaped && c != '\\';
        escaped = !escaped && c == '\\';
        plain
    })
}

/// The positions of the unescaped `{` and its `}` in `text`, if there is a block.
fn answer_block(text: &str) -> Result<Option<(usize, usize)>, String> {
    let mut open = None;
    for (i, c) in unescaped(text) {
        match c {
            '{' if open.is_none() => open = Some(i),
            '{' => {
                return Err(
                    "the answer block opened with `{` is not closed before the next `{`: \
                            a `}` is missing (write `\\{` for a brace in the text)"
                        .to_owned(),
                );
            }
            '}' => {
                return match open {
                    Some(start) => Ok(Some((start, i))),
                    None => Err("a `}` closes an answer block that was never opened".to_owned()),
                };
            }
            _ => {}
        }
    }
    match open {
        Some(_) => Err("the answer block opened with `{` is not closed with `}`".to_owned()),
        None => Ok(None),
    }
}

/// One question's text, from its `::title::` to the end of the text after the block.
fn question(
    text: &str,
    options: ImportOptions,
) -> Result<(crate::bank::QuestionFields, Vec<String>), String> {
    let mut rest = text.trim();
    let mut title = String::new();
    if let Some(after) = rest.strip_prefix("::") {
        let end = find_unescaped(after, "::")
            .ok_or_else(|| "the title opened with `::` is never closed with `::`".to_owned())?;
        title = unescape(&after[..end]);
        rest = after[end + 2..].trim_start();
    }
    let (format, body) = text_format(rest);
    let Some((open, close)) = answer_block(body)? else {
        return Err(format!(
            "{}a description (no answer block in braces): nothing to ask",
            named(&title)
        ));
    };
    if find_unescaped(&body[close + 1..], "{").is_some() {
        return Err(format!(
            "{}a second answer block: questions are separated by a blank line",
            named(&title)
        ));
    }
    let before = plain(format, body[..open].trim());
    let after = plain(format, body[close + 1..].trim());
    let block = &body[open + 1..close];
    let (block, general) = match find_unescaped(block, "####") {
        Some(at) => (&block[..at], Some(plain(format, block[at + 4..].trim()))),
        None => (block, None),
    };
    let mut losses = Vec::new();
    let missing_word = !after.is_empty();
    let prompt = if missing_word {
        format!("{before} _____ {after}")
    } else {
        before.clone()
    };
    let answers = answers(block, format);
    let mut feedback: Vec<String> = Vec::new();
    let answer = match classify(block) {
        Shape::Essay => return essay(prompt, general, &title, options).map(|q| (q, losses)),
        Shape::TrueFalse(truth, notes) => {
            feedback.extend(notes.into_iter().map(|n| plain(format, &n)));
            Answer::TrueFalse(truth)
        }
        Shape::Numerical => numerical(block, &mut losses)?,
        Shape::Answers => {
            let any_right = answers.iter().any(|a| a.weight > 0.0);
            for a in &answers {
                if let Some(f) = &a.feedback {
                    feedback.push(format!("“{}”: {f}", a.text));
                }
            }
            if answers.iter().all(|a| a.pair.is_some()) && !answers.is_empty() {
                Answer::Match(
                    answers
                        .iter()
                        .filter_map(|a| a.pair.clone())
                        .map(|(l, r)| (l.into(), r.into()))
                        .collect(),
                )
            } else if answers.iter().all(|a| a.marker == '=') {
                if answers.iter().any(|a| a.weight > 0.0 && a.weight < 100.0) {
                    losses.push(
                        "partial-credit weights of short answers are not carried: every \
                         accepted answer counts as fully right"
                            .to_owned(),
                    );
                }
                // A 0% answer is there for its feedback on a common mistake: never accepted.
                let accept: Vec<String> = answers
                    .iter()
                    .filter(|a| a.weight > 0.0)
                    .map(|a| a.text.clone())
                    .collect();
                if accept.is_empty() {
                    return Err(format!("{}no answer is marked right", named(&title)));
                }
                if missing_word {
                    return cloze(
                        &before,
                        &accept,
                        &after,
                        explanation(general, &feedback),
                        &title,
                        losses,
                    );
                }
                Answer::Typed {
                    accept: accept.into_iter().map(Into::into).collect(),
                }
            } else {
                if !any_right {
                    return Err(format!("{}no answer is marked right", named(&title)));
                }
                choice(&answers, &mut losses)
            }
        }
    };
    let mut q = fields(prompt, answer);
    q.id = crate::bank::QuestionId::new(title.as_str());
    q.explanation = explanation(general, &feedback);
    Ok((q, losses))
}

/// A multiple-choice block as a Choice: the options with a positive weight are the right
/// ones; weights other than an even split are reported, as allydeck cannot give them.
#[allow(clippy::cast_precision_loss)] // A count of options.
fn choice(answers: &[GiftAnswer], losses: &mut Vec<String>) -> Answer {
    let right: Vec<&GiftAnswer> = answers.iter().filter(|a| a.weight > 0.0).collect();
    let share = 100.0 / right.len().max(1) as f64;
    if right.len() == 1 && right[0].weight < 99.5 {
        losses.push(format!(
            "the only right option is worth {}%: it is carried as fully right",
            format_number(right[0].weight)
        ));
    }
    if right.len() > 1 && right.iter().any(|a| (a.weight - share).abs() > 0.5) {
        losses.push(format!(
            "partial-credit weights ({}) are not carried: the {} options with a positive \
             weight must all be picked",
            right
                .iter()
                .map(|a| format!("{}%", format_number(a.weight)))
                .collect::<Vec<_>>()
                .join(", "),
            right.len()
        ));
    }
    Answer::Choice {
        options: answers.iter().map(|a| a.text.as_str().into()).collect(),
        correct: answers
            .iter()
            .enumerate()
            .filter(|(_, a)| a.weight > 0.0)
            .map(|(i, _)| i)
            .collect(),
    }
}

/// An essay, which has nothing to grade: left out, or a Flashcard whose back is the general
/// feedback when the teacher asks for that.
fn essay(
    prompt: String,
    general: Option<String>,
    title: &str,
    options: ImportOptions,
) -> Result<crate::bank::QuestionFields, String> {
    if !options.essays_as_flashcards {
        return Err(format!(
            "{}an essay question: nothing to grade (import with --essays-as-flashcards to \
             keep it as a Flashcard)",
            named(title)
        ));
    }
    let back = general.ok_or_else(|| {
        format!(
            "{}an essay question without general feedback: no back for a Flashcard",
            named(title)
        )
    })?;
    let mut q = fields(prompt, Answer::Flashcard(back.into()));
    q.id = crate::bank::QuestionId::new(title);
    Ok(q)
}

/// A cloze of a missing-word short answer: the sentence with one gap.
fn cloze(
    before: &str,
    accept: &[String],
    after: &str,
    general: Option<String>,
    title: &str,
    losses: Vec<String>,
) -> Result<(crate::bank::QuestionFields, Vec<String>), String> {
    if accept
        .iter()
        .any(|a| a.contains('|') || a.contains("{{") || a.contains("}}"))
    {
        return Err(format!(
            "{}an answer holds `|`, `{{{{` or `}}}}`, which a gap cannot",
            named(title)
        ));
    }
    // "signed in {=Washington}, in 1949": no space comes between the gap and a comma after it.
    let glue = if after.starts_with(|c: char| c.is_alphanumeric()) {
        " "
    } else {
        ""
    };
    let text = format!("{before} {{{{{}}}}}{glue}{after}", accept.join("|"));
    let mut q = fields(String::new(), Answer::Cloze(text.trim().into()));
    q.id = crate::bank::QuestionId::new(title);
    q.explanation = general;
    Ok((q, losses))
}

fn named(title: &str) -> String {
    if title.is_empty() {
        String::new()
    } else {
        format!("{:?}: ", crate::text::shortened(title))
    }
}

/// The general feedback, then each answer's feedback.
fn explanation(general: Option<String>, feedback: &[String]) -> Option<String> {
    let mut parts: Vec<String> = general.into_iter().filter(|g| !g.is_empty()).collect();
    parts.extend(feedback.iter().filter(|f| !f.is_empty()).cloned());
    (!parts.is_empty()).then(|| parts.join("\n"))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum TextFormat {
    Moodle,
    Html,
    Markdown,
    Plain,
}

/// The `[html]`-like format tag at the start of a question's text, and the text after it.
fn text_format(text: &str) -> (TextFormat, &str) {
    for (tag, format) in [
        ("[html]", TextFormat::Html),
        ("[markdown]", TextFormat::Markdown),
        ("[plain]", TextFormat::Plain),
        ("[moodle]", TextFormat::Moodle),
    ] {
        if let Some(rest) = text.strip_prefix(tag) {
            return (format, rest.trim_start());
        }
    }
    (TextFormat::Moodle, text)
}

/// `text` unescaped and, for HTML, turned into plain text.
fn plain(format: TextFormat, text: &str) -> String {
    let text = unescape(text);
    match format {
        TextFormat::Html => html::to_text(&text),
        // Moodle's own format is HTML-like text; markdown and plain are shown as written.
        TextFormat::Moodle if text.contains('<') && text.contains('>') => html::to_text(&text),
        TextFormat::Moodle | TextFormat::Markdown | TextFormat::Plain => text,
    }
}

/// `\~ \= \# \{ \} \:` and `\\` as the characters, `\n` as a new line.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (c, chars.clone().next()) {
            ('\\', Some('n')) => {
                out.push('\n');
                chars.next();
            }
            ('\\', Some(next @ ('~' | '=' | '#' | '{' | '}' | ':' | '\\'))) => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// The byte position of the first unescaped `pattern` in `text`.
fn find_unescaped(text: &str, pattern: &str) -> Option<usize> {
    unescaped(text)
        .map(|(i, _)| i)
        .find(|&i| text[i..].starts_with(pattern))
}

enum Shape {
    Essay,
    TrueFalse(bool, Vec<String>),
    Numerical,
    Answers,
}

fn classify(block: &str) -> Shape {
    let trimmed = block.trim();
    if trimmed.is_empty() {
        return Shape::Essay;
    }
    if trimmed.starts_with('#') {
        return Shape::Numerical;
    }
    let (head, feedback) = match find_unescaped(trimmed, "#") {
        Some(at) => (&trimmed[..at], Some(&trimmed[at..])),
        None => (trimmed, None),
    };
    let truth = match head.trim().to_ascii_uppercase().as_str() {
        "T" | "TRUE" => Some(true),
        "F" | "FALSE" => Some(false),
        _ => None,
    };
    match truth {
        Some(truth) => {
            let notes = feedback
                .map(|f| {
                    split_unescaped(f, '#')
                        .into_iter()
                        .map(|s| s.trim().to_owned())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            Shape::TrueFalse(truth, notes)
        }
        None => Shape::Answers,
    }
}

/// `text` split at each unescaped `sep`.
fn split_unescaped(text: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in unescaped(text).filter(|&(_, c)| c == sep) {
        parts.push(&text[start..i]);
        start = i + c.len_utf8();
    }
    parts.push(&text[start..]);
    parts
}

/// One answer of a block: `=` right or `~` wrong, its weight, text, feedback, match pair.
struct GiftAnswer {
    marker: char,
    weight: f64,
    text: String,
    feedback: Option<String>,
    pair: Option<(String, String)>,
}

/// The answers of a block, each starting at an unescaped `=` or `~`.
fn answers(block: &str, format: TextFormat) -> Vec<GiftAnswer> {
    let starts: Vec<usize> = unescaped(block)
        .filter(|&(_, c)| c == '=' || c == '~')
        .map(|(i, _)| i)
        .collect();
    let mut answers = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(block.len());
        let marker = block[start..].chars().next().unwrap_or('=');
        let mut body = block[start + 1..end].trim();
        let mut weight = if marker == '=' { 100.0 } else { 0.0 };
        if let Some(after) = body.strip_prefix('%')
            && let Some((w, rest)) = after.split_once('%')
            && let Ok(w) = w.trim().parse::<f64>()
        {
            weight = w;
            body = rest.trim_start();
        }
        let (body, feedback) = match find_unescaped(body, "#") {
            Some(at) => (&body[..at], Some(plain(format, body[at + 1..].trim()))),
            None => (body, None),
        };
        let pair = find_unescaped(body, "->").map(|at| {
            (
                plain(format, body[..at].trim()),
                plain(format, body[at + 2..].trim()),
            )
        });
        answers.push(GiftAnswer {
            marker,
            weight,
            text: plain(format, body.trim()),
            feedback: feedback.filter(|f| !f.is_empty()),
            pair,
        });
    }
    answers
}

/// `{#3.14:0.01}`, `{#1..5}`, `{# =1949:0 =%50%1950:1}`: the fully right answer as a Number.
fn numerical(block: &str, losses: &mut Vec<String>) -> Result<Answer, String> {
    let body = block.trim().trim_start_matches('#').trim();
    let candidates: Vec<String> = if body.starts_with('=') {
        answers(body, TextFormat::Plain)
            .into_iter()
            .filter(|a| a.weight > 0.0)
            .map(|a| {
                if a.weight < 100.0 {
                    losses.push(format!(
                        "the {}% answer {} is not carried: a Number has one right value",
                        format_number(a.weight),
                        a.text
                    ));
                }
                a.text
            })
            .collect()
    } else {
        let head = find_unescaped(body, "#").map_or(body, |at| &body[..at]);
        vec![head.trim().to_owned()]
    };
    let first = candidates
        .first()
        .ok_or_else(|| "a numerical question without a right answer".to_owned())?;
    let number = |s: &str| {
        s.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| format!("{s:?} is not a number"))
    };
    let (value, tolerance) = if let Some((low, high)) = first.split_once("..") {
        let (low, high) = (number(low)?, number(high)?);
        (f64::midpoint(low, high), ((high - low) / 2.0).abs())
    } else if let Some((v, t)) = first.split_once(':') {
        (number(v)?, number(t)?.abs())
    } else {
        (number(first)?, 0.0)
    };
    Ok(Answer::Number {
        value,
        tolerance,
        unit: None,
    })
}

/// Writes `set` as GIFT. Order and Flashcard questions, and Cloze questions with more than
/// one gap, have no GIFT form and are left out; a Number's unit is dropped. The source and
/// the tags go into `// source:` and `// tags:` comments, which [`read`] takes back.
pub fn write(set: &QuestionSet) -> Exported {
    let mut out = Exported::default();
    let _ = writeln!(out.text, "// {}: exported by allydeck", escape(&set.title));
    for question in &set.questions {
        let id = question.id().to_owned();
        let Some(block) = block_of(&question.answer, &mut out.notes, &id) else {
            out.left_out += 1;
            continue;
        };
        out.text.push('\n');
        if let Some(source) = question.source() {
            let _ = writeln!(
                out.text,
                "// source: {}",
                crate::text::collapse_spaces(source)
            );
        }
        if !question.tags.is_empty() {
            let tags: Vec<&str> = question.tags.iter().map(SmolStr::as_str).collect();
            let _ = writeln!(out.text, "// tags: {}", tags.join(", "));
        }
        let general = question
            .explanation()
            .map(|e| format!(" ####{}", escape(e)))
            .unwrap_or_default();
        match block {
            Block::Normal(answers) => {
                let _ = writeln!(
                    out.text,
                    "::{}:: {} {{{answers}{general}}}",
                    escape(&id),
                    escape(question.prompt())
                );
            }
            Block::MissingWord {
                before,
                answers,
                after,
            } => {
                if !question.prompt().trim().is_empty() {
                    out.notes.push((
                        id.clone(),
                        "its prompt is not carried: a missing-word question is its sentence"
                            .to_owned(),
                    ));
                }
                // No space before punctuation that follows the gap ("{..}, in 1949").
                let glue = if after.starts_with(|c: char| c.is_alphanumeric()) {
                    " "
                } else {
                    ""
                };
                let _ = writeln!(
                    out.text,
                    "::{}:: {} {{{answers}{general}}}{glue}{}",
                    escape(&id),
                    escape(&before),
                    escape(&after)
                );
            }
        }
    }
    out
}

enum Block {
    Normal(String),
    MissingWord {
        before: String,
        answers: String,
        after: String,
    },
}

#[allow(clippy::cast_precision_loss)] // Counts of options.
fn block_of(answer: &Answer, notes: &mut Vec<(String, String)>, id: &str) -> Option<Block> {
    let mut skip = |why: &str| {
        notes.push((id.to_owned(), why.to_owned()));
        None
    };
    Some(Block::Normal(match answer {
        Answer::Choice { options, correct } => {
            let wrong = options.len().saturating_sub(correct.len());
            options
                .iter()
                .enumerate()
                .map(|(i, option)| {
                    let right = correct.contains(&i);
                    let text = escape(option);
                    // A text that starts with `%` would be read as a weight: give the weight.
                    let weighted = text.starts_with('%');
                    match (correct.len(), right) {
                        (1, true) if weighted => format!("=%100%{text}"),
                        (1, false) if weighted => format!("~%0%{text}"),
                        (1, true) => format!("={text}"),
                        (1, false) => format!("~{text}"),
                        (n, true) => format!("~%{}%{text}", weight(100.0 / n as f64)),
                        (_, false) => format!("~%-{}%{text}", weight(100.0 / wrong.max(1) as f64)),
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        }
        Answer::TrueFalse(truth) => if *truth { "T" } else { "F" }.to_owned(),
        Answer::Typed { accept } => accept
            .iter()
            .map(|a| format!("={}", escape(a)))
            .collect::<Vec<_>>()
            .join(" "),
        Answer::Number {
            value,
            tolerance,
            unit,
        } => {
            if let Some(unit) = unit {
                notes.push((
                    id.to_owned(),
                    format!("its unit {unit:?} is not carried: GIFT numbers have none"),
                ));
            }
            format!("#{}:{}", format_number(*value), format_number(*tolerance))
        }
        Answer::Match(pairs)
            if pairs
                .iter()
                .any(|(l, r)| l.contains("->") || r.contains("->")) =>
        {
            return skip("a Match side holds `->`, which GIFT reads as the arrow between sides");
        }
        Answer::Match(pairs) => pairs
            .iter()
            .map(|(l, r)| format!("={} -> {}", escape(l), escape(r)))
            .collect::<Vec<_>>()
            .join(" "),
        Answer::Cloze(cloze) => return cloze_block(cloze, notes, id),
        Answer::Order(_) => return skip("an Order question has no GIFT form"),
        Answer::Flashcard(_) => {
            return skip("a Flashcard has nothing GIFT can grade");
        }
    }))
}

/// A Cloze of one gap as a missing-word block; any other is left out with the reason.
fn cloze_block(
    cloze: &crate::bank::cloze::Cloze,
    notes: &mut Vec<(String, String)>,
    id: &str,
) -> Option<Block> {
    let segments = cloze.segments();
    let gaps: Vec<&Vec<&str>> = segments
        .iter()
        .filter_map(|s| match s {
            crate::bank::cloze::Piece::Gap(accept) => Some(accept),
            crate::bank::cloze::Piece::Text(_) => None,
        })
        .collect();
    let [accept] = gaps.as_slice() else {
        return skip_with(notes, id, "a Cloze with more than one gap has no GIFT form");
    };
    let mut before = String::new();
    let mut after = String::new();
    let mut seen = false;
    for segment in &segments {
        match segment {
            crate::bank::cloze::Piece::Gap(_) => seen = true,
            crate::bank::cloze::Piece::Text(t) if seen => after.push_str(t),
            crate::bank::cloze::Piece::Text(t) => before.push_str(t),
        }
    }
    if after.trim().is_empty() {
        return skip_with(
            notes,
            id,
            "a Cloze whose gap ends its text would come back from GIFT as a Typed \
             question (a missing word needs text after the gap)",
        );
    }
    let answers = accept
        .iter()
        .map(|a| format!("={}", escape(a)))
        .collect::<Vec<_>>()
        .join(" ");
    Some(Block::MissingWord {
        before: before.trim().to_owned(),
        answers,
        after: after.trim().to_owned(),
    })
}

fn skip_with(notes: &mut Vec<(String, String)>, id: &str, why: &str) -> Option<Block> {
    notes.push((id.to_owned(), why.to_owned()));
    None
}

/// A weight as GIFT writes it: up to five decimals, as Moodle's own export does.
fn weight(w: f64) -> String {
    let text = format!("{w:.5}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// `text` with GIFT's special characters escaped and new lines as `\n`.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '~' | '=' | '#' | '{' | '}' | ':' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out
}
