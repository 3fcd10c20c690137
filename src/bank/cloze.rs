//! The gap syntax of `Cloze` texts: `{{answer}}`, with alternatives `{{answer|other}}`.

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

/// The gaps of a valid cloze text, each with its accepted answers; empty if the text is not
/// valid (validation reports why).
pub fn gaps(text: &str) -> Vec<Vec<&str>> {
    parse(text)
        .map(|pieces| {
            pieces
                .into_iter()
                .filter_map(|p| match p {
                    Piece::Gap(alternatives) => Some(alternatives),
                    Piece::Text(_) => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The text with each gap filled by its first answer: the sentence as it should read.
pub fn filled(text: &str) -> String {
    match parse(text) {
        Ok(pieces) => pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => *t,
                Piece::Gap(alternatives) => alternatives[0],
            })
            .collect(),
        Err(_) => text.to_owned(),
    }
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
            filled("Signed on {{4 April 1949}} in {{Washington|DC}}."),
            "Signed on 4 April 1949 in Washington."
        );
        assert_eq!(
            gaps("{{a}} and {{ b | c }}"),
            vec![vec!["a"], vec!["b", "c"]]
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
