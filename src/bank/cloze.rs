//! The gap syntax of `Cloze` texts: `{{answer}}`, with alternatives `{{answer|other}}`.
//!
//! A [`Cloze`] is parsed once, when its question is loaded; grading, validation and the window
//! read its [`Segment`]s and never parse the text again.

use serde::{Deserialize, Serialize};

/// A cloze text as the teacher wrote it, with its gaps read once: the text and gaps are kept
/// as places in the one text, not as copies of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub struct Cloze {
    text: Box<str>,
    /// The pieces, or none when the text cannot be read (a readable cloze has a gap).
    parts: Box<[Part]>,
}

/// One piece of a parsed cloze as a place in its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Part {
    start: u32,
    end: u32,
    role: Role,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// Words shown around the gaps.
    Text,
    /// A gap's first accepted answer, the one shown as "the" answer.
    Gap,
    /// Another answer of the gap just before.
    Alternative,
}

/// A piece of a parsed cloze: words shown as they are, or a gap and the answers it accepts
/// (the first is the one shown as "the" answer).
pub type Segment<'a> = Piece<'a>;

impl Cloze {
    /// The text as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Why the text cannot be read, if it cannot (validation reports it). Read again from the
    /// text only for a cloze without pieces, which is never asked: the error is not kept in
    /// every question for the one time it is reported.
    pub fn error(&self) -> Option<ClozeError> {
        if self.parts.is_empty() {
            parse(&self.text).err()
        } else {
            None
        }
    }

    fn parts(&self) -> &[Part] {
        &self.parts
    }

    fn words(&self, part: Part) -> &str {
        self.text
            .get(part.start as usize..part.end as usize)
            .unwrap_or_default()
    }

    /// Text and gaps in order; empty if the text is not valid.
    pub fn segments(&self) -> Vec<Segment<'_>> {
        let mut segments = Vec::new();
        for &part in self.parts() {
            let words = self.words(part);
            match (part.role, segments.last_mut()) {
                (Role::Alternative, Some(Piece::Gap(accept))) => accept.push(words),
                (Role::Gap | Role::Alternative, _) => segments.push(Piece::Gap(vec![words])),
                (Role::Text, _) => segments.push(Piece::Text(words)),
            }
        }
        segments
    }

    /// Each gap's accepted answers, in order.
    pub fn gaps(&self) -> impl Iterator<Item = Vec<&str>> {
        self.segments().into_iter().filter_map(|s| match s {
            Piece::Gap(accept) => Some(accept),
            Piece::Text(_) => None,
        })
    }

    /// Number of gaps (0 if the text is not valid).
    pub fn gap_count(&self) -> usize {
        self.parts().iter().filter(|p| p.role == Role::Gap).count()
    }

    /// The text with each gap filled by its first answer: the sentence as it should read.
    pub fn filled(&self) -> String {
        if self.parts.is_empty() {
            return self.text.to_string();
        }
        self.parts()
            .iter()
            .filter(|p| p.role != Role::Alternative)
            .map(|&p| self.words(p))
            .collect()
    }
}

impl From<String> for Cloze {
    fn from(text: String) -> Self {
        let base = text.as_ptr() as usize;
        // Every piece is a slice of `text`, so its place is its distance from the start; a
        // cloze is at most a question file long (16 MiB), well inside `u32`.
        let place = |words: &str| {
            let start = words.as_ptr() as usize - base;
            let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            (at(start), at(start + words.len()))
        };
        let parts = parse(&text).map_or_else(
            |_| Box::default(),
            |pieces| {
                let mut parts = Vec::new();
                for piece in pieces {
                    match piece {
                        Piece::Text(words) => {
                            let (start, end) = place(words);
                            parts.push(Part {
                                start,
                                end,
                                role: Role::Text,
                            });
                        }
                        Piece::Gap(accept) => {
                            for (i, words) in accept.into_iter().enumerate() {
                                let (start, end) = place(words);
                                let role = if i == 0 { Role::Gap } else { Role::Alternative };
                                parts.push(Part { start, end, role });
                            }
                        }
                    }
                }
                parts.into_boxed_slice()
            },
        );
        Self {
            text: text.into_boxed_str(),
            parts,
        }
    }
}

impl From<&str> for Cloze {
    fn from(text: &str) -> Self {
        Self::from(text.to_owned())
    }
}

impl From<Cloze> for String {
    fn from(cloze: Cloze) -> Self {
        cloze.text.into_string()
    }
}

/// A piece of a cloze text: words shown as they are, or a gap the student fills in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text shown around the gaps.
    Text(&'a str),
    /// A gap and the answers it accepts; the first is the one shown as "the" answer.
    Gap(Vec<&'a str>),
}

/// Why a cloze text cannot be read; `offset` is the byte offset in the text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClozeError {
    /// `{{` with no `}}` after it.
    #[error("the gap opened here with `{{{{` is never closed with `}}}}`")]
    Unclosed {
        /// Where the gap opens.
        offset: usize,
    },
    /// `}}` with no `{{` before it.
    #[error("`}}}}` closes a gap that was never opened with `{{{{`")]
    UnopenedClose {
        /// Where the stray `}}` stands.
        offset: usize,
    },
    /// `{{}}` or `{{a|}}`: an alternative with nothing in it.
    #[error(
        "gap {gap} has an empty answer; write it as `{{{{answer}}}}` or `{{{{answer|alternative}}}}`"
    )]
    EmptyAnswer {
        /// Which gap, counting from 1.
        gap: usize,
        /// Where the gap opens.
        offset: usize,
    },
    /// No gap at all.
    #[error("a Cloze needs at least one gap, written `{{{{answer}}}}` in its text")]
    NoGap,
}

/// Splits `text` into text and gaps, or says what is wrong with its gaps.
///
/// # Errors
/// A gap that is not closed, a `}}` that closes nothing, an empty answer in a gap, or a text
/// without any gap.
pub fn parse(text: &str) -> Result<Vec<Piece<'_>>, ClozeError> {
    let mut pieces = Vec::new();
    let mut rest = text;
    let mut consumed = 0;
    let mut gaps = 0;
    while let Some(open) = rest.find("{{") {
        let before = &rest[..open];
        if let Some(stray) = before.find("}}") {
            return Err(ClozeError::UnopenedClose {
                offset: consumed + stray,
            });
        }
        if !before.is_empty() {
            pieces.push(Piece::Text(before));
        }
        let inner_start = open + 2;
        let Some(close) = rest[inner_start..].find("}}") else {
            return Err(ClozeError::Unclosed {
                offset: consumed + open,
            });
        };
        gaps += 1;
        let inner = &rest[inner_start..inner_start + close];
        let alternatives: Vec<&str> = inner.split('|').map(str::trim).collect();
        if alternatives.iter().any(|a| a.is_empty()) {
            return Err(ClozeError::EmptyAnswer {
                gap: gaps,
                offset: consumed + open,
            });
        }
        pieces.push(Piece::Gap(alternatives));
        let after = inner_start + close + 2;
        consumed += after;
        rest = &rest[after..];
    }
    if let Some(stray) = rest.find("}}") {
        return Err(ClozeError::UnopenedClose {
            offset: consumed + stray,
        });
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    if gaps == 0 {
        return Err(ClozeError::NoGap);
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_text_and_gaps_with_alternatives() {
        let pieces =
            parse("Signed on {{4 April 1949}} in {{Washington|Washington, D.C.}}.").unwrap();
        assert_eq!(
            pieces,
            vec![
                Piece::Text("Signed on "),
                Piece::Gap(vec!["4 April 1949"]),
                Piece::Text(" in "),
                Piece::Gap(vec!["Washington", "Washington, D.C."]),
                Piece::Text("."),
            ]
        );
        assert_eq!(
            Cloze::from("Signed on {{4 April 1949}} in {{Washington|DC}}.").filled(),
            "Signed on 4 April 1949 in Washington."
        );
        let two = Cloze::from("{{a}} and {{ b | c }}");
        assert_eq!(
            two.gaps().collect::<Vec<_>>(),
            [&["a"][..], &["b", "c"][..]]
        );
        assert_eq!(two.gap_count(), 2);
        let broken = Cloze::from("open {{gap");
        assert_eq!(broken.error(), Some(ClozeError::Unclosed { offset: 5 }));
        assert_eq!(
            (broken.gap_count(), broken.filled()),
            (0, "open {{gap".to_owned())
        );
    }

    #[test]
    fn reports_each_malformed_gap_with_its_offset() {
        assert_eq!(parse("no gap here"), Err(ClozeError::NoGap));
        assert_eq!(parse("a {{b"), Err(ClozeError::Unclosed { offset: 2 }));
        assert_eq!(
            parse("a }} b {{c}}"),
            Err(ClozeError::UnopenedClose { offset: 2 })
        );
        assert_eq!(
            parse("{{a}} b }}"),
            Err(ClozeError::UnopenedClose { offset: 8 })
        );
        assert_eq!(
            parse("{{a}} {{b|}}"),
            Err(ClozeError::EmptyAnswer { gap: 2, offset: 6 })
        );
        assert_eq!(
            parse("{{}}"),
            Err(ClozeError::EmptyAnswer { gap: 1, offset: 0 })
        );
    }
}
