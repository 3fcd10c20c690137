//! `allydeck try SET/QUESTION ANSWER...`: grade answers against a question as a student's
//! would be, for a teacher checking an accept list. Nothing is stored.

use std::io::{self, Write};

use serde::Serialize;

use crate::bank::{Answer, Bank, CardKey};
use crate::grade::{self, Reading, Response, Verdict};
use crate::text::answer_key;

/// Why an answer could not be tried.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TryError {
    /// The card key is not `set/question`.
    #[error("{0:?} is not SET/QUESTION (lowercase ids joined by /, as in `article-5/signed`)")]
    BadKey(String),
    /// No loaded set has the question.
    #[error("no loaded set has the question {0}")]
    NoQuestion(String),
    /// A flashcard has nothing to grade.
    #[error("{0} is a flashcard: the student grades it, so there is nothing to try")]
    Flashcard(String),
    /// The answers do not fit the question (an option that is not there, too few gaps).
    #[error("{0}")]
    Unfit(String),
}

/// What `try` prints.
#[derive(Debug, Serialize)]
pub struct Tried {
    /// The card tried.
    pub card: String,
    /// Whether the answer counts as right.
    pub right: bool,
    /// 0 to 1.
    pub score: f64,
    /// For a `Typed` answer, the accepted answer it matched; for a `Cloze`, one per gap.
    pub matched: Vec<Option<String>>,
    /// What the student would read.
    pub feedback: String,
}

/// The index of the item of `items` written `text` (case, accents, punctuation ignored).
fn find<S: AsRef<str>>(items: &[S], text: &str, what: &str) -> Result<usize, TryError> {
    let key = answer_key(text);
    items
        .iter()
        .position(|item| answer_key(item.as_ref()) == key)
        .ok_or_else(|| {
            let listed: Vec<String> = items.iter().map(|i| format!("“{}”", i.as_ref())).collect();
            TryError::Unfit(format!(
                "no {what} “{text}”; the {what}s are {}",
                listed.join(", ")
            ))
        })
}

/// The response the `answers` given on the command line make for `answer`: option texts for a
/// Choice, items in order for an Order, one right-hand side per pair (in the order the pairs
/// are written) for a Match, one answer per gap for a Cloze, `true` or `false`, and the words
/// of a typed or number answer.
///
/// # Errors
/// A flashcard, or answers that do not fit the question.
pub fn response(card: &str, answer: &Answer, answers: &[String]) -> Result<Response, TryError> {
    let joined = answers.join(" ");
    Ok(match answer {
        Answer::Choice { options, .. } => Response::Choice(
            answers
                .iter()
                .map(|a| find(options, a, "option"))
                .collect::<Result<_, _>>()?,
        ),
        Answer::TrueFalse(_) => match answer_key(&joined).as_str() {
            "true" | "t" | "yes" => Response::TrueFalse(true),
            "false" | "f" | "no" => Response::TrueFalse(false),
            _ => {
                return Err(TryError::Unfit(format!(
                    "“{joined}” is neither true nor false"
                )));
            }
        },
        Answer::Typed { .. } => Response::Typed(joined),
        Answer::Number { .. } => Response::Number(joined),
        Answer::Order(items) => Response::Order(
            answers
                .iter()
                .map(|a| find(items, a, "item"))
                .collect::<Result<_, _>>()?,
        ),
        Answer::Match(pairs) => {
            let rights: Vec<&str> = pairs.iter().map(|(_, r)| r.as_str()).collect();
            if answers.len() != pairs.len() {
                return Err(TryError::Unfit(format!(
                    "a Match takes one answer per pair ({}), in the order the pairs are written",
                    pairs.len()
                )));
            }
            Response::Match(
                answers
                    .iter()
                    .map(|a| find(&rights, a, "right-hand side").map(Some))
                    .collect::<Result<_, _>>()?,
            )
        }
        Answer::Cloze(cloze) => {
            if answers.len() != cloze.gap_count() {
                return Err(TryError::Unfit(format!(
                    "this Cloze has {} gap(s): give one answer per gap (quote an answer of \
                     several words)",
                    cloze.gap_count()
                )));
            }
            Response::Cloze(answers.to_vec())
        }
        Answer::Flashcard(_) => return Err(TryError::Flashcard(card.to_owned())),
    })
}

/// Grades `answers` against the question `card` of `bank`, as the set's language reads them.
///
/// # Errors
/// The key is malformed, no loaded set has the question, it is a flashcard, or the answers do
/// not fit it.
pub fn try_answer(bank: &Bank, card: &str, answers: &[String]) -> Result<Tried, TryError> {
    let key: CardKey = card
        .parse()
        .map_err(|_| TryError::BadKey(card.to_owned()))?;
    let loaded = bank
        .set(&key.set)
        .ok_or_else(|| TryError::NoQuestion(card.to_owned()))?;
    let question = loaded
        .cards()
        .find(|(k, _)| **k == key)
        .map(|(_, q)| q)
        .ok_or_else(|| TryError::NoQuestion(card.to_owned()))?;
    let reading = Reading::for_language(&loaded.set.language);
    let response = response(card, &question.answer, answers)?;
    let verdict: Verdict = grade::grade_with(&question.answer, &response, reading)
        .map_err(|e| TryError::Unfit(e.to_string()))?;
    Ok(Tried {
        card: key.to_string(),
        right: verdict.correct,
        score: verdict.score,
        matched: grade::matched_answers(&question.answer, &response, reading),
        feedback: verdict.feedback,
    })
}

/// Writes what `try` found, as text or JSON.
///
/// # Errors
/// Writing to `out` failed.
pub fn write(tried: &Tried, json: bool, out: &mut impl Write) -> io::Result<()> {
    if json {
        serde_json::to_writer_pretty(&mut *out, tried)?;
        return writeln!(out);
    }
    writeln!(
        out,
        "{}: {} (score {:.0}%)",
        tried.card,
        if tried.right { "right" } else { "wrong" },
        tried.score * 100.0
    )?;
    for (i, matched) in tried.matched.iter().enumerate() {
        let which = if tried.matched.len() > 1 {
            format!("gap {}: ", i + 1)
        } else {
            String::new()
        };
        match matched {
            Some(accepted) => writeln!(out, "{which}matched “{accepted}”")?,
            None => writeln!(out, "{which}matched no accepted answer")?,
        }
    }
    writeln!(out, "feedback: {}", tried.feedback)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::testing::bank;

    fn tried(card: &str, answers: &[&str]) -> Result<Tried, TryError> {
        let dir = tempfile::TempDir::new().unwrap();
        let answers: Vec<String> = answers.iter().map(|&a| a.to_owned()).collect();
        try_answer(&bank(&dir), card, &answers)
    }

    #[test]
    fn answers_are_tried_by_their_text_and_say_what_they_matched() {
        let right = tried("demo/type", &["robertson"]).unwrap();
        assert!(right.right);
        assert_eq!(right.matched, [Some("Robertson".to_owned())]);
        let wrong = tried("demo/type", &["Solana"]).unwrap();
        assert!(!wrong.right);
        assert_eq!(wrong.matched, [None]);
        assert!(tried("demo/pick", &["Right"]).unwrap().right);
        assert!(!tried("demo/pick", &["wrong"]).unwrap().right);
        assert!(tried("demo/yes", &["true"]).unwrap().right);
    }

    #[test]
    fn a_missing_question_a_flashcard_and_an_unknown_option_are_refused() {
        assert_eq!(
            tried("demo/nope", &["x"]).unwrap_err(),
            TryError::NoQuestion("demo/nope".into())
        );
        assert!(matches!(tried("Demo", &["x"]), Err(TryError::BadKey(_))));
        assert!(matches!(
            tried("demo/card", &["x"]),
            Err(TryError::Flashcard(_))
        ));
        let unknown = tried("demo/pick", &["maybe"]).unwrap_err().to_string();
        assert!(unknown.contains("no option “maybe”"), "{unknown}");
    }
}
