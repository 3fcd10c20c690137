//! RON's own errors, placed where `ron` found them and worded for a teacher.

use ron::error::{Error, SpannedError};

use super::problem::{Problem, Severity};
use crate::text::shortened;

/// The problem for a file that `ron` could not read as a question set.
pub fn problem(file: &str, error: &SpannedError) -> Problem {
    Problem {
        severity: Severity::Error,
        file: file.to_owned(),
        line: error.span.start.line.max(1),
        column: error.span.start.col.max(1),
        message: format!("{}; the file is not loaded", message(&error.code)),
    }
}

/// What a struct is called in messages: the teacher writes sets and questions, not structs.
fn what(outer: Option<&str>) -> String {
    match outer {
        Some("QuestionSet") => "the set".to_owned(),
        Some("Question") => "a question".to_owned(),
        Some(kind) => format!("a {kind} answer"),
        None => "here".to_owned(),
    }
}

fn message(code: &Error) -> String {
    match code {
        Error::NoSuchStructField {
            expected,
            found,
            outer,
        } => format!(
            "unknown field `{}` in {}{}",
            shortened(found),
            what(outer.as_deref()),
            suggestion(found, expected, "fields")
        ),
        Error::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let thing = if outer.as_deref() == Some("Answer") {
                "answer kind"
            } else {
                "variant"
            };
            format!(
                "unknown {thing} `{}`{}",
                shortened(found),
                suggestion(found, expected, "kinds")
            )
        }
        Error::MissingStructField { field, outer } => {
            format!(
                "missing field `{}` in {}",
                shortened(field),
                what(outer.as_deref())
            )
        }
        Error::DuplicateStructField { field, outer } => format!(
            "field `{}` is given twice in {}",
            shortened(field),
            what(outer.as_deref())
        ),
        Error::ExpectedComma => {
            "expected a comma `,` between two items (or a closing bracket)".to_owned()
        }
        Error::ExpectedStringEnd => "this text is never closed: a `\"` is missing".to_owned(),
        Error::Eof => "the file ends too early: a closing bracket is probably missing".to_owned(),
        Error::ExpectedString => "expected text in double quotes, like \"this\"".to_owned(),
        Error::ExpectedArray => "expected a list in square brackets, like [0, 2]".to_owned(),
        Error::ExpectedArrayEnd => "expected a closing `]` or a comma".to_owned(),
        Error::ExpectedInteger => "expected a whole number".to_owned(),
        Error::ExpectedFloat => "expected a number".to_owned(),
        Error::ExpectedBoolean => "expected `true` or `false`".to_owned(),
        Error::ExpectedStructLikeEnd => "expected a closing `)` or a comma".to_owned(),
        Error::TrailingCharacters => {
            "unexpected text after the end of the set: a file holds exactly one set".to_owned()
        }
        Error::UnexpectedChar(c) => format!("unexpected character {c:?}"),
        other => {
            // ron's own wording, which starts with a capital: ours continue a sentence.
            let text = other.to_string();
            let mut chars = text.chars();
            chars.next().map_or(text.clone(), |first| {
                first.to_lowercase().chain(chars).collect()
            })
        }
    }
}

/// ` (did you mean `prompt`? fields: id, prompt, ...)`, or just the list if nothing is near.
fn suggestion(found: &str, expected: &[&str], plural: &str) -> String {
    let list = expected.join(", ");
    match nearest(found, expected) {
        Some(best) => format!("; did you mean `{best}`? ({plural}: {list})"),
        None => format!(" ({plural}: {list})"),
    }
}

/// The valid name closest to `found`, if one is close enough to be what was meant.
pub fn nearest<'a>(found: &str, expected: &[&'a str]) -> Option<&'a str> {
    // A name far longer than any valid one is not a slip of one (and comparing a megabyte
    // of it with every name would cost a matrix of its length each).
    if found.len() > 64 {
        return None;
    }
    let found_lower = found.to_lowercase();
    expected
        .iter()
        .map(|&name| {
            let name_lower = name.to_lowercase();
            let distance = strsim::damerau_levenshtein(&found_lower, &name_lower);
            // `MultipleChoice` means `Choice`; `True` means `TrueFalse`.
            let contained = found_lower.contains(&name_lower) || name_lower.contains(&found_lower);
            (if contained { 0 } else { distance }, name)
        })
        .filter(|&(distance, name)| distance <= (name.chars().count() / 3).max(2))
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::nearest;

    #[test]
    fn nearest_suggests_close_names_only() {
        let fields = [
            "id",
            "prompt",
            "answer",
            "explanation",
            "source",
            "tags",
            "difficulty",
        ];
        assert_eq!(nearest("promt", &fields), Some("prompt"));
        assert_eq!(nearest("Explanation", &fields), Some("explanation"));
        assert_eq!(nearest("explaination", &fields), Some("explanation"));
        assert_eq!(nearest("sources", &fields), Some("source"));
        assert_eq!(nearest("colour", &fields), None);
        let kinds = [
            "Choice",
            "TrueFalse",
            "Typed",
            "Number",
            "Order",
            "Match",
            "Cloze",
            "Flashcard",
        ];
        assert_eq!(nearest("MultipleChoice", &kinds), Some("Choice"));
        assert_eq!(nearest("TrueOrFalse", &kinds), Some("TrueFalse"));
        assert_eq!(nearest("Flashcards", &kinds), Some("Flashcard"));
        assert_eq!(nearest("Essay", &kinds), None);
    }
}
