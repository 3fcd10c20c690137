//! Forgiving text comparison for typed answers, and small text helpers.
//!
//! A student who types `Cote d'Ivoire` for `Côte d’Ivoire`, or `washington dc` for
//! `Washington, D.C.`, knows the answer; these helpers reduce both to the same key.

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

/// Lowercases `s` and removes accents: `Meleșcanu` becomes `melescanu`, `Ærø` becomes `aero`.
///
/// Letters that Unicode does not decompose (`ø`, `ł`, `ß`, ...) are mapped to their usual
/// ASCII spelling, so that a student with an English keyboard can type them.
pub fn fold(s: &str) -> String {
    // Plain ASCII (most prompts and answers) has nothing to decompose.
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.nfkd().filter(|&c| !is_combining_mark(c)) {
        match c {
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            'ı' => out.push('i'),
            'ß' | 'ẞ' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'þ' | 'Þ' => out.push_str("th"),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The key two answers are compared by: [`fold`]ed, with everything but letters and digits
/// removed. Case, accents, punctuation and spacing therefore never decide right or wrong.
pub fn answer_key(s: &str) -> String {
    fold(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// `s` with runs of whitespace collapsed to one space and the ends trimmed.
pub fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Zero-based line and column (in characters) of byte `offset` in `text`, both plus one:
/// the `line:column` a compiler prints and an editor jumps to.
///
/// An offset inside a character or past the end is clamped to the nearest valid position.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Line starts of a text, for turning many byte offsets into `line:column` without rescanning
/// the text for each one.
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset where each line starts; the first is 0.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the lines of `text`.
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { text, starts }
    }

    /// The same as [`line_column`], in logarithmic time plus the length of the line.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset);
        let line_start = self.starts[line - 1];
        (line, self.text[line_start..offset].chars().count() + 1)
    }

    /// [`LineIndex::line_column`] of each of `offsets`, in their order, in time linear in the
    /// text plus `offsets`' count times its logarithm: the offsets are visited in order, and
    /// the characters of a line are counted once, however many offsets fall on it (a file
    /// with a thousand problems on one 16 MiB line).
    pub fn line_columns(&self, offsets: &[usize]) -> Vec<(usize, usize)> {
        let mut order: Vec<usize> = (0..offsets.len()).collect();
        order.sort_by_key(|&i| offsets[i]);
        let mut out = vec![(1, 1); offsets.len()];
        // The last place counted: its line, byte offset and column.
        let mut last: Option<(usize, usize, usize)> = None;
        for i in order {
            let mut offset = offsets[i].min(self.text.len());
            while !self.text.is_char_boundary(offset) {
                offset -= 1;
            }
            let line = self.starts.partition_point(|&start| start <= offset);
            let (from, column) = match last {
                Some((l, at, column)) if l == line => (at, column),
                _ => (self.starts[line - 1], 1),
            };
            let column = column + self.text[from..offset].chars().count();
            last = Some((line, offset, column));
            out[i] = (line, column);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_places_on_one_line_are_counted_as_one_by_one() {
        let text = "ab\ncé d\nlast";
        let index = LineIndex::new(text);
        let offsets = [text.len(), 3, 0, 7, 5, 3];
        let expected: Vec<_> = offsets.iter().map(|&o| index.line_column(o)).collect();
        assert_eq!(index.line_columns(&offsets), expected);
    }

    #[test]
    fn fold_lowercases_and_strips_accents() {
        assert_eq!(fold("Meleșcanu"), "melescanu");
        assert_eq!(fold("Türkiye"), "turkiye");
        assert_eq!(fold("Ærø Łódź Straße"), "aero lodz strasse");
        assert_eq!(
            fold("ﬁnland"),
            "finland",
            "compatibility ligatures decompose"
        );
    }

    #[test]
    fn answer_key_ignores_case_punctuation_and_spacing() {
        assert_eq!(answer_key("Washington, D.C."), answer_key("washington dc"));
        assert_eq!(answer_key("Côte d’Ivoire"), answer_key("cote d'ivoire"));
        assert_eq!(answer_key("  al-Qaeda "), answer_key("Al Qaeda"));
        assert_ne!(answer_key("1949"), answer_key("1948"));
        assert_eq!(answer_key("?!"), "");
    }

    #[test]
    fn collapse_spaces_trims_and_joins() {
        assert_eq!(collapse_spaces("  a \t b\n c  "), "a b c");
    }

    #[test]
    fn line_column_counts_characters_from_one() {
        let text = "ab\ncd€f\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, 5), (2, 3));
        // '€' is three bytes; the byte after it is the fourth character of the line.
        assert_eq!(line_column(text, 8), (2, 4));
        // Inside a multi-byte character: clamped back to its start.
        assert_eq!(line_column(text, 6), (2, 3));
        assert_eq!(line_column(text, 999), (3, 1));
    }

    #[test]
    fn line_index_agrees_with_line_column_everywhere() {
        let text = "ab\ncd€f\n\nlast";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                index.line_column(offset),
                line_column(text, offset),
                "offset {offset}"
            );
        }
    }
}

/// A path as messages show it: a control character in a name (a newline, the escape that
/// starts a terminal sequence) is written as its escape, `\n` or `\u{1b}`, so a file name can
/// neither split a diagnostic in two nor reach the terminal as a command.
pub struct Shown<'a>(&'a std::path::Path);

impl std::fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use std::fmt::Write as _;
        for c in self.0.to_string_lossy().chars() {
            if c.is_control() {
                write!(f, "{}", c.escape_default())?;
            } else {
                f.write_char(c)?;
            }
        }
        Ok(())
    }
}

/// [`Shown`] for every path: `path.shown()` where `path.display()` would let a control
/// character through.
pub trait ShowPath {
    /// The path with its control characters escaped.
    fn shown(&self) -> Shown<'_>;
}

impl ShowPath for std::path::Path {
    fn shown(&self) -> Shown<'_> {
        Shown(self)
    }
}

#[cfg(test)]
mod shown_tests {
    use super::ShowPath as _;

    #[test]
    fn control_characters_in_a_name_are_escaped_and_the_rest_kept() {
        let path = std::path::Path::new("/q/bad\nname\u{1b}[31m é.ron");
        assert_eq!(path.shown().to_string(), "/q/bad\\nname\\u{1b}[31m é.ron");
    }
}

/// Longest name or id a message writes out whole.
const MAX_SHOWN_CHARS: usize = 48;

/// `s` as a message names it: whole up to 48 characters, else its start and how much more,
/// so a generated id of a million characters names its place, not fills the screen.
pub fn shortened(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(MAX_SHOWN_CHARS) {
        None => s.into(),
        Some((cut, _)) => format!("{}… ({} characters)", &s[..cut], s.chars().count()).into(),
    }
}

#[cfg(test)]
mod shortened_tests {
    #[test]
    fn a_long_name_is_cut_with_its_length_and_a_short_one_kept() {
        assert_eq!(super::shortened("article-5"), "article-5");
        let long = "é".repeat(1000);
        assert_eq!(
            super::shortened(&long),
            format!("{}… (1000 characters)", "é".repeat(48))
        );
    }
}
