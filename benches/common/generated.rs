//! The generated bank the benchmarks load: `Choice`, `TrueFalse`, `Typed` and `Number`
//! questions in turn, 10,000 to a file (a file may hold at most 16 MiB).

use std::fmt::Write as _;
use std::path::Path;

/// Questions per generated file.
pub const PER_FILE: usize = 10_000;

/// Question `i` as a line of RON; `teacher` adds a comment above it and a tag, as a teacher's
/// file has.
pub fn question(i: usize, teacher: bool) -> String {
    let answer = match i % 4 {
        0 => format!(
            "Choice(options: [\"Option {i} a\", \"Option {i} b\", \"Option {i} c\", \"Option {i} d\"], correct: [{}])",
            i % 4
        ),
        1 => format!("TrueFalse({})", i.is_multiple_of(3)),
        2 => format!("Typed(accept: [\"Answer number {i}\", \"Alternative {i}\"])"),
        _ => format!("Number(value: {i}, tolerance: 0.5, unit: \"km\")"),
    };
    let (comment, tags) = if teacher {
        (
            format!("        // Question {i}.\n"),
            format!(", tags: [\"tag-{}\"]", i % 7),
        )
    } else {
        (String::new(), String::new())
    };
    format!(
        "{comment}        (id: \"q-{i}\", prompt: \"Question number {i}: what is the right answer?\", answer: {answer}, explanation: \"Because of reason {i}.\", source: \"Document {i}\"{tags}),\n"
    )
}

/// Writes `cards` questions into `folder`, as `bench-N.ron` files of [`PER_FILE`] each.
///
/// # Panics
/// The folder or a file cannot be written.
#[allow(clippy::expect_used)] // A benchmark without its fixture stops, with the reason.
pub fn write_bank(folder: &Path, cards: usize, teacher: bool) {
    std::fs::create_dir_all(folder).expect("a question folder");
    for file in 0..cards.div_ceil(PER_FILE) {
        let n = PER_FILE.min(cards - file * PER_FILE);
        let mut text = String::with_capacity(n * 280);
        let _ = writeln!(
            text,
            "QuestionSet(id: \"bench-{file}\", title: \"Benchmark {file}\", questions: ["
        );
        for i in 0..n {
            text.push_str(&question(file * PER_FILE + i, teacher));
        }
        text.push_str("])\n");
        std::fs::write(folder.join(format!("bench-{file}.ron")), text).expect("a question file");
    }
}
