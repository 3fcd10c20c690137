//! Identifiers of sets, questions and cards.
//!
//! Progress is keyed by `set_id/question_id`, so ids are written by the teacher, never derived
//! from the question's text: a typo can be fixed without resetting anyone's history.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

/// Longest id accepted; long enough for any sensible slug, short enough to show in a list.
pub const MAX_ID_LEN: usize = 64;

macro_rules! slug_id {
    ($(#[$doc:meta])* $name:ident($text:ty)) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name($text);

        impl $name {
            /// Wraps a string; validation ([`is_slug`]) reports bad ids with their position.
            /// Cloning an id, or a [`CardKey`] made of two, allocates nothing.
            pub fn new(id: impl Into<$text>) -> Self {
                Self(id.into())
            }

            /// The id as written.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self::new(id)
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                &*self.0 == *other
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // `pad`, not `write_str`: a width and an alignment apply, as for a `str`.
                f.pad(&self.0)
            }
        }
    };
}

slug_id!(
    /// The id of a question set, unique across every loaded source. Shared: every card key
    /// of a set points at the one text.
    SetId(Arc<str>)
);
slug_id!(
    /// The id of a question, unique within its set. Kept inline up to 23 bytes (nearly every
    /// id), so the 100,000 keys of a large bank are not 100,000 allocations.
    QuestionId(SmolStr)
);

/// The key progress is stored under: `set_id/question_id`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct CardKey {
    /// The set the question belongs to.
    pub set: SetId,
    /// The question within the set.
    pub question: QuestionId,
}

impl CardKey {
    /// The key of `question` in `set`.
    pub fn new(set: SetId, question: QuestionId) -> Self {
        Self { set, question }
    }
}

impl fmt::Display for CardKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.set, self.question)
    }
}

/// A card key that is not two slugs joined by `/`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("card key {0:?} is not of the form set-id/question-id (lowercase letters, digits, '-')")]
pub struct BadCardKey(pub String);

impl std::str::FromStr for CardKey {
    type Err = BadCardKey;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.split_once('/') {
            Some((set, question)) if is_slug(set) && is_slug(question) => {
                Ok(Self::new(SetId::new(set), QuestionId::new(question)))
            }
            _ => Err(BadCardKey(s.to_owned())),
        }
    }
}

impl TryFrom<String> for CardKey {
    type Error = BadCardKey;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<CardKey> for String {
    fn from(key: CardKey) -> Self {
        key.to_string()
    }
}

/// Whether `s` is a valid id: lowercase ASCII letters and digits in words joined by single
/// hyphens, at most [`MAX_ID_LEN`] characters (`article-5`, `sg-2001`).
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_ID_LEN
        && s.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The nearest valid id to `s`, to suggest in an error message: lowercased, accents and
/// punctuation dropped, words joined by hyphens. Empty if nothing usable is left.
pub fn slugify(s: &str) -> String {
    let folded = crate::text::fold(s);
    let mut out = String::with_capacity(folded.len());
    for word in folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if out.is_empty() {
            // A first word longer than an id is cut, not lost (the words are ASCII here).
            out.push_str(&word[..word.len().min(MAX_ID_LEN)]);
            continue;
        }
        if out.len() + 1 + word.len() > MAX_ID_LEN {
            break;
        }
        out.push('-');
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_words_joined_by_single_hyphens() {
        for good in ["article-5", "a", "sg-2001", "x1-y2-z3"] {
            assert!(is_slug(good), "{good} should be a slug");
        }
        for bad in [
            "",
            "Article-5",
            "article_5",
            "article--5",
            "-article",
            "article-",
            "art icle",
            "artícle",
            "a/b",
        ] {
            assert!(!is_slug(bad), "{bad:?} should not be a slug");
        }
        assert!(!is_slug(&"a".repeat(MAX_ID_LEN + 1)));
        assert!(is_slug(&"a".repeat(MAX_ID_LEN)));
    }

    #[test]
    fn slugify_keeps_a_first_word_as_long_as_an_id() {
        let word = "a".repeat(MAX_ID_LEN);
        assert_eq!(slugify(&word), word);
        assert_eq!(slugify(&format!("{word}b more")), word);
        assert_eq!(slugify(&format!("{} second", "b".repeat(60))).len(), 60);
    }

    #[test]
    fn slugify_suggests_a_valid_id() {
        assert_eq!(slugify("Article 5: Who?"), "article-5-who");
        assert_eq!(slugify("Création_de l'OTAN"), "creation-de-l-otan");
        assert_eq!(slugify("?!"), "");
        assert!(is_slug(&slugify(&"word ".repeat(40))));
    }

    #[test]
    fn card_keys_round_trip_through_text() {
        let key: CardKey = "article-5/signed".parse().unwrap();
        assert_eq!(key.set.as_str(), "article-5");
        assert_eq!(key.question.as_str(), "signed");
        assert_eq!(key.to_string(), "article-5/signed");
        assert!("article-5".parse::<CardKey>().is_err());
        assert!("Article-5/signed".parse::<CardKey>().is_err());
        assert!("a/b/c".parse::<CardKey>().is_err());
    }
}
