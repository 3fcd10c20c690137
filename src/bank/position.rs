//! Where each value of a RON document stands, so that a problem found after deserializing
//! (a duplicate id, an index out of range) can point at its exact line and column.
//!
//! serde hands us values without positions, so this module re-reads the text with a small
//! skeleton parser: it recognises RON's brackets, strings, comments and field names, and
//! records the byte offset of every value. It only runs on text that `ron` has already
//! accepted, and only when there is a problem to place, so it can stay simple; if it ever
//! meets something it does not understand, lookups fall back to the nearest enclosing value.

/// One step of a path from the document root to a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seg {
    /// A named field of a struct or struct-like enum variant: `answer`, `correct`.
    Field(&'static str),
    /// An element of a list or tuple: `questions[3]`, the `1` of `("a", "b")`.
    Index(usize),
}

/// A value in the document: where it starts and what it contains (of what was asked for).
#[derive(Debug, Default)]
pub struct Node<'a> {
    /// Byte offset of the value's first character.
    pub offset: usize,
    /// `Choice` in `Choice(options: ..)`, `Some` in `Some(2)`; `None` for plain brackets.
    name: Option<&'a str>,
    /// Named fields, in the order written (those asked for).
    fields: Vec<(&'a str, Node<'a>)>,
    /// List, tuple or map elements by position, in the order written (those asked for).
    items: Vec<(usize, Node<'a>)>,
    /// How many elements the value has, asked for or not.
    item_count: usize,
}

impl Node<'_> {
    /// The value at `path`, or the deepest value on the way to it that exists (a field left
    /// out of the file resolves to the struct that lacks it).
    pub fn find(&self, path: &[Seg]) -> &Self {
        let mut node = self;
        for seg in path {
            match node.child(*seg) {
                Some(next) => node = next,
                None => break,
            }
        }
        node
    }

    fn child(&self, seg: Seg) -> Option<&Self> {
        let direct = match seg {
            Seg::Field(name) => self.fields.iter().find(|(n, _)| *n == name).map(|(_, v)| v),
            Seg::Index(_) if self.is_newtype() => None,
            Seg::Index(i) => self.item(i),
        };
        // `Some(x)`, `Order([..])`, `TrueFalse(true)`: a named wrapper of one value is
        // transparent, so paths need not know whether the teacher wrote `Some(..)`.
        direct.or_else(|| {
            if self.is_newtype() {
                self.item(0)?.child(seg)
            } else {
                None
            }
        })
    }

    fn item(&self, i: usize) -> Option<&Self> {
        let at = self.items.binary_search_by_key(&i, |&(j, _)| j).ok()?;
        Some(&self.items[at].1)
    }

    fn is_newtype(&self) -> bool {
        self.name.is_some() && self.fields.is_empty() && self.item_count == 1
    }
}

/// Which values under a value are kept in the index: those on these paths (what is left of
/// each path below the value).
#[derive(Clone, Debug, Default)]
struct Want<'p>(Vec<&'p [Seg]>);

impl<'p> Want<'p> {
    /// Whether nothing under the value is asked for: it is read past, not kept.
    fn nothing(&self) -> bool {
        self.0.is_empty()
    }

    /// What is asked for under the value reached by a step that `step` accepts.
    fn under(&self, step: impl Fn(&Seg) -> bool) -> Want<'p> {
        Want(
            self.0
                .iter()
                .filter_map(|&path| match path.split_first() {
                    Some((first, rest)) if step(first) => Some(rest),
                    _ => None,
                })
                .collect(),
        )
    }

    /// What is asked for under field `name`.
    fn under_field(&self, name: &str) -> Want<'p> {
        self.under(|seg| matches!(seg, Seg::Field(field) if *field == name))
    }

    /// What is asked for under element `i`. A named wrapper of one value (`Some(..)`) is
    /// looked through (see [`Node::child`]), so the first element of a named value also gets
    /// what was asked of the value itself.
    fn under_item(&self, i: usize, named: bool) -> Want<'p> {
        let mut want = self.under(|seg| *seg == Seg::Index(i));
        if i == 0 && named {
            want.0.extend(self.0.iter().filter(|p| !p.is_empty()));
        }
        want
    }
}

/// Indexes the values of `text`, which must be a RON document, that are on `paths` (and the
/// values lookups pass through on the way): one pass over the text, and memory for the
/// paths, not for the document; a file of 16 MiB with millions of values keeps a few hundred
/// nodes to place its first problems. Never fails: whatever cannot be read is left out of the
/// tree, and lookups into it resolve to the nearest value that was read.
pub fn index_for<'a>(text: &'a str, paths: &[&[Seg]]) -> Node<'a> {
    let want = Want(paths.to_vec());
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    scanner.skip_trivia();
    scanner.skip_attributes();
    scanner.value(0, &want).unwrap_or_default()
}

/// Byte offset of the value of field `name` of the document's top-level struct, reading
/// no further than needed (`id` is usually the first field, so this is nearly free).
pub fn root_field_offset(text: &str, name: &str) -> Option<usize> {
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    scanner.skip_trivia();
    scanner.skip_attributes();
    if scanner.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
        scanner.identifier();
        scanner.skip_trivia();
    }
    if !scanner.eat(b'(') {
        return None;
    }
    loop {
        scanner.skip_trivia();
        if !scanner.starts_field() {
            return None;
        }
        let field = scanner.identifier();
        scanner.skip_trivia();
        scanner.eat(b':');
        scanner.skip_trivia();
        if field == name {
            return Some(scanner.pos);
        }
        scanner.value(1, &Want::default())?;
        scanner.skip_trivia();
        if !scanner.eat(b',') {
            return None;
        }
    }
}

/// The list in field `name` of the top-level struct: where its `[` is, where each element
/// starts and ends (byte ranges, separators and comments outside them), and where its `]` is.
/// `None` if the field is not a list, or the text is not one this scanner can follow.
pub fn list_spans(text: &str, name: &str) -> Option<(usize, Vec<std::ops::Range<usize>>, usize)> {
    let open = root_field_offset(text, name)?;
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        pos: open,
    };
    if !scanner.eat(b'[') {
        return None;
    }
    let mut spans = Vec::new();
    loop {
        scanner.skip_trivia();
        if scanner.peek()? == b']' {
            return Some((open, spans, scanner.pos));
        }
        let from = scanner.pos;
        scanner.value(1, &Want::default())?;
        spans.push(from..scanner.pos);
        scanner.skip_trivia();
        if !scanner.eat(b',') {
            scanner.skip_trivia();
            return (scanner.peek()? == b']').then_some((open, spans, scanner.pos));
        }
    }
}

/// A field of a struct as written: its name, where the name starts, and its value's range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldSpan<'a> {
    /// The field's name.
    pub name: &'a str,
    /// Where the name starts.
    pub start: usize,
    /// The value, from its first character to its last.
    pub value: std::ops::Range<usize>,
}

/// The fields of the struct written at `at` (`(a: 1, b: 2)` or `Name(a: 1)`), in the order
/// written, and where its `)` is. `None` if no struct the scanner can follow starts there.
pub fn struct_fields(text: &str, at: usize) -> Option<(Vec<FieldSpan<'_>>, usize)> {
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        pos: at,
    };
    if scanner.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
        scanner.identifier();
        scanner.skip_trivia();
    }
    if !scanner.eat(b'(') {
        return None;
    }
    let mut fields = Vec::new();
    loop {
        scanner.skip_trivia();
        if scanner.peek()? == b')' {
            return Some((fields, scanner.pos));
        }
        if !scanner.starts_field() {
            return None;
        }
        let start = scanner.pos;
        let name = scanner.identifier();
        scanner.skip_trivia();
        if !scanner.eat(b':') {
            return None;
        }
        scanner.skip_trivia();
        let from = scanner.pos;
        scanner.value(1, &Want::default())?;
        fields.push(FieldSpan {
            name,
            start,
            value: from..scanner.pos,
        });
        scanner.skip_trivia();
        if !scanner.eat(b',') {
            scanner.skip_trivia();
            return (scanner.peek()? == b')').then_some((fields, scanner.pos));
        }
    }
}

/// The byte range of the value of field `name` of the top-level struct.
pub fn root_field_span(text: &str, name: &str) -> Option<std::ops::Range<usize>> {
    let from = root_field_offset(text, name)?;
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        pos: from,
    };
    scanner.value(1, &Want::default())?;
    Some(from..scanner.pos)
}

/// The offset of the first character at or after `from` that is not whitespace or a comment.
pub fn after_trivia(text: &str, from: usize) -> usize {
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        pos: from,
    };
    scanner.skip_trivia();
    scanner.pos
}

/// Deeper than `ron`'s own default recursion limit (128), so every accepted file fits.
const MAX_DEPTH: usize = 256;

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Skips whitespace, `// line` and `/* nested block */` comments.
    fn skip_trivia(&mut self) {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(b), _) if b.is_ascii_whitespace() => self.pos += 1,
                (Some(b'/'), Some(b'/')) => {
                    while self.peek().is_some_and(|b| b != b'\n') {
                        self.pos += 1;
                    }
                }
                (Some(b'/'), Some(b'*')) => {
                    self.pos += 2;
                    let mut depth = 1;
                    while depth > 0 && self.peek().is_some() {
                        match (self.peek(), self.peek_at(1)) {
                            (Some(b'/'), Some(b'*')) => {
                                depth += 1;
                                self.pos += 2;
                            }
                            (Some(b'*'), Some(b'/')) => {
                                depth -= 1;
                                self.pos += 2;
                            }
                            _ => self.pos += 1,
                        }
                    }
                }
                _ => return,
            }
        }
    }

    /// Skips `#![enable(..)]` attributes before the value.
    fn skip_attributes(&mut self) {
        while self.peek() == Some(b'#') && self.peek_at(1) == Some(b'!') {
            let mut depth = 0usize;
            while let Some(b) = self.peek() {
                self.pos += 1;
                match b {
                    b'[' => depth += 1,
                    b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
            }
            self.skip_trivia();
        }
    }

    fn value(&mut self, depth: usize, want: &Want<'_>) -> Option<Node<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_trivia();
        let offset = self.pos;
        let mut node = Node {
            offset,
            ..Node::default()
        };
        match self.peek()? {
            b'"' => self.string(),
            b'\'' => self.char_literal(),
            b'b' if matches!(self.peek_at(1), Some(b'"')) => {
                self.pos += 1;
                self.string();
            }
            b'b' if matches!(self.peek_at(1), Some(b'\'')) => {
                self.pos += 1;
                self.char_literal();
            }
            b'b' if self.peek_at(1) == Some(b'r')
                && matches!(self.peek_at(2), Some(b'"' | b'#')) =>
            {
                self.pos += 2;
                self.raw_string();
            }
            b'r' if self.is_raw_string_start() => {
                self.pos += 1;
                self.raw_string();
            }
            b'[' => {
                self.pos += 1;
                self.elements(&mut node, b']', depth, want)?;
            }
            b'{' => {
                self.pos += 1;
                self.map_values(&mut node, depth, want)?;
            }
            b'(' => self.parenthesised(&mut node, depth, want)?,
            b if b.is_ascii_alphabetic() || b == b'_' => {
                let name = self.identifier();
                self.skip_trivia();
                if self.peek() == Some(b'(') {
                    node.name = Some(name);
                    self.parenthesised(&mut node, depth, want)?;
                }
            }
            _ => {
                // A number, possibly signed, with `_`, `.`, exponent or base prefix.
                let start = self.pos;
                while self.peek().is_some_and(|b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'+' | b'-')
                }) {
                    self.pos += 1;
                }
                if self.pos == start {
                    return None;
                }
            }
        }
        Some(node)
    }

    /// `r"..."` or `r#"..."#`, as opposed to a raw identifier `r#name`.
    fn is_raw_string_start(&self) -> bool {
        if self.peek() != Some(b'r') {
            return false;
        }
        let mut ahead = 1;
        while self.peek_at(ahead) == Some(b'#') {
            ahead += 1;
        }
        self.peek_at(ahead) == Some(b'"')
    }

    fn identifier(&mut self) -> &'a str {
        let start = self.pos;
        if self.peek() == Some(b'r') && self.peek_at(1) == Some(b'#') {
            self.pos += 2;
        }
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80)
        {
            self.pos += 1;
        }
        let ident = &self.text[start..self.pos];
        ident.strip_prefix("r#").unwrap_or(ident)
    }

    fn string(&mut self) {
        self.pos += 1; // opening quote
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'\\' => self.pos += 1,
                b'"' => return,
                _ => {}
            }
        }
    }

    fn char_literal(&mut self) {
        self.pos += 1;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'\\' => self.pos += 1,
                b'\'' => return,
                _ => {}
            }
        }
    }

    fn raw_string(&mut self) {
        let mut hashes = 0;
        while self.eat(b'#') {
            hashes += 1;
        }
        if !self.eat(b'"') {
            return;
        }
        while let Some(b) = self.peek() {
            self.pos += 1;
            if b == b'"' && (0..hashes).all(|i| self.peek_at(i) == Some(b'#')) {
                self.pos += hashes;
                return;
            }
        }
    }

    /// Element `i` of `node`, kept if something under it is asked for.
    fn element(&mut self, node: &mut Node<'a>, depth: usize, want: &Want<'_>) -> Option<()> {
        let i = node.item_count;
        let under = want.under_item(i, node.name.is_some());
        let value = self.value(depth + 1, &under)?;
        if !under.nothing() {
            node.items.push((i, value));
        }
        node.item_count += 1;
        Some(())
    }

    /// Comma-separated values up to `close`.
    fn elements(
        &mut self,
        node: &mut Node<'a>,
        close: u8,
        depth: usize,
        want: &Want<'_>,
    ) -> Option<()> {
        loop {
            self.skip_trivia();
            if self.eat(close) {
                return Some(());
            }
            self.element(node, depth, want)?;
            self.skip_trivia();
            if !self.eat(b',') {
                self.skip_trivia();
                return self.eat(close).then_some(());
            }
        }
    }

    /// `{ key: value, ... }`: the values, in order.
    fn map_values(&mut self, node: &mut Node<'a>, depth: usize, want: &Want<'_>) -> Option<()> {
        loop {
            self.skip_trivia();
            if self.eat(b'}') {
                return Some(());
            }
            self.value(depth + 1, &Want::default())?;
            self.skip_trivia();
            if !self.eat(b':') {
                return None;
            }
            self.element(node, depth, want)?;
            self.skip_trivia();
            if !self.eat(b',') {
                self.skip_trivia();
                return self.eat(b'}').then_some(());
            }
        }
    }

    /// `( .. )`: struct fields when it starts with `name:`, else tuple elements.
    fn parenthesised(&mut self, node: &mut Node<'a>, depth: usize, want: &Want<'_>) -> Option<()> {
        self.eat(b'(');
        self.skip_trivia();
        if !self.starts_field() {
            return self.elements(node, b')', depth, want);
        }
        loop {
            self.skip_trivia();
            if self.eat(b')') {
                return Some(());
            }
            let name = self.identifier();
            self.skip_trivia();
            if !self.eat(b':') {
                return None;
            }
            let under = want.under_field(name);
            let value = self.value(depth + 1, &under)?;
            if !under.nothing() {
                node.fields.push((name, value));
            }
            self.skip_trivia();
            if !self.eat(b',') {
                self.skip_trivia();
                return self.eat(b')').then_some(());
            }
        }
    }

    /// Whether an identifier followed by a single `:` starts here (a struct field).
    fn starts_field(&self) -> bool {
        let mut probe = Scanner {
            text: self.text,
            bytes: self.bytes,
            pos: self.pos,
        };
        if !probe
            .peek()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            || probe.is_raw_string_start()
        {
            return false;
        }
        probe.identifier();
        probe.skip_trivia();
        probe.peek() == Some(b':') && probe.peek_at(1) != Some(b':')
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::line_column;

    fn at(text: &str, path: &[Seg]) -> (usize, usize) {
        line_column(text, index_for(text, &[path]).find(path).offset)
    }

    const DOC: &str = r##"#![enable(implicit_some)]
// A comment with (brackets] and "quotes
QuestionSet(
    id: "demo", /* block /* nested */ comment ( */
    questions: [
        (id: "one", answer: Choice(options: ["a", "b(", r#"c"")"#], correct: [0, 2])),
        (
            id: "two",
            answer: Order(["x", 'y', "z"]),
            difficulty: Some(2),
        ),
        (id: "three", answer: Match([("k", "v"), ("k2", "v2")]), tags: {"a": 1, "b": [2]}),
        (id: "four", answer: Number(value: -1.5e3, tolerance: 0x10), r#source: "s"),
    ],
)
"##;

    #[test]
    fn finds_fields_and_elements_through_comments_and_strings() {
        use Seg::{Field, Index};
        let q = |i| [Field("questions"), Index(i)];
        assert_eq!(at(DOC, &[Field("id")]), (4, 9));
        assert_eq!(at(DOC, &[&q(0)[..], &[Field("id")]].concat()), (6, 14));
        let correct_2 = [&q(0)[..], &[Field("answer"), Field("correct"), Index(1)]].concat();
        assert_eq!(at(DOC, &correct_2), (6, 82));
        let option_2 = [&q(0)[..], &[Field("answer"), Field("options"), Index(2)]].concat();
        assert_eq!(at(DOC, &option_2), (6, 57));
        let order_1 = [&q(1)[..], &[Field("answer"), Index(1)]].concat();
        assert_eq!(at(DOC, &order_1), (9, 33));
        let difficulty = [&q(1)[..], &[Field("difficulty")]].concat();
        assert_eq!(at(DOC, &difficulty), (10, 25));
        let pair_right = [&q(2)[..], &[Field("answer"), Index(1), Index(1)]].concat();
        assert_eq!(at(DOC, &pair_right), (12, 57));
        let source = [&q(3)[..], &[Field("source")]].concat();
        assert_eq!(at(DOC, &source), (13, 80));
    }

    #[test]
    fn a_missing_field_resolves_to_its_parent() {
        use Seg::{Field, Index};
        let path = [Field("questions"), Index(0), Field("explanation")];
        assert_eq!(at(DOC, &path), (6, 9));
        let past_end = [Field("questions"), Index(99), Field("id")];
        assert_eq!(at(DOC, &past_end), (5, 16));
    }

    #[test]
    fn root_field_offset_finds_a_top_level_field_only() {
        let (line, column) = line_column(DOC, root_field_offset(DOC, "id").unwrap());
        assert_eq!((line, column), (4, 9));
        let questions = root_field_offset(DOC, "questions").unwrap();
        assert_eq!(line_column(DOC, questions), (5, 16));
        assert_eq!(
            root_field_offset(DOC, "answer"),
            None,
            "nested fields are not top-level"
        );
    }

    #[test]
    fn only_the_values_on_the_asked_paths_are_kept() {
        use Seg::{Field, Index};
        use std::fmt::Write as _;
        let mut text = String::from("S(id: \"x\", questions: [");
        for i in 0..1000 {
            let _ = write!(
                text,
                "(id: \"q{i}\", answer: TrueFalse(true), tags: [\"a\"]),"
            );
        }
        text.push_str("])");
        let path = [Field("questions"), Index(700), Field("tags"), Index(0)];
        let tree = index_for(&text, &[&path]);
        let questions = tree.child(Field("questions")).unwrap();
        assert_eq!((questions.item_count, questions.items.len()), (1000, 1));
        let question = questions.child(Index(700)).unwrap();
        assert_eq!(question.fields.len(), 1, "only `tags` of question 700");
        let tag = tree.find(&path).offset;
        assert_eq!(&text[tag..tag + 3], "\"a\"");
        // The set's own `(id:`, then questions 0 to 700.
        assert_eq!(text[..tag].matches("(id:").count(), 1 + 701);
    }

    #[test]
    fn garbage_never_panics() {
        for text in [
            "",
            "(",
            "[1, 2",
            "Q(a: )",
            "r#\"",
            "/* open",
            "#![x",
            "(a: 1 b: 2)",
        ] {
            let path = [Seg::Field("a"), Seg::Index(3)];
            let _ = index_for(text, &[&path]).find(&path);
        }
    }
}
