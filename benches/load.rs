//! Load-and-validate throughput of question files, at 10,000 and 100,000 questions.
//!
//! Run with `cargo bench --bench load`. It writes generated sets of mixed kinds to a temporary
//! folder, 10,000 questions (about 4 MiB) per file since a file may hold at most 16 MiB, loads
//! the folder through `Bank::load` (read, UTF-8 check, RON parse, validation) and prints the
//! best and median of several runs. Target: 100,000 questions in under 1 s.
//! A second case leaves out every `source`, so every question carries a warning and the
//! position index is built: the cost of placing problems in the file.

// A benchmark that cannot write its fixtures should stop at once, with the reason.
#![allow(clippy::expect_used)]

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use allydeck::bank::{Bank, Source};

/// One question of each kind in turn, `i` making ids and texts distinct.
fn question(i: usize, with_source: bool) -> String {
    let answer = match i % 8 {
        0 => format!(
            "Choice(options: [\"Option {i} a\", \"Option {i} b\", \"Option {i} c\", \"Option {i} d\"], correct: [{}])",
            i % 4
        ),
        1 => format!("TrueFalse({})", i.is_multiple_of(2)),
        2 => format!("Typed(accept: [\"Answer number {i}\", \"Alternative {i}\"])"),
        3 => format!("Number(value: {i}, tolerance: 0.5, unit: \"km\")"),
        4 => format!("Order([\"First {i}\", \"Second {i}\", \"Third {i}\", \"Fourth {i}\"])"),
        5 => format!(
            "Match([(\"Left {i} a\", \"Right {i} a\"), (\"Left {i} b\", \"Right {i} b\"), (\"Left {i} c\", \"Right {i} c\")])"
        ),
        6 => {
            format!("Cloze(\"Gap {{{{one {i}|uno {i}}}}} and gap {{{{two {i}}}}} in a sentence.\")")
        }
        _ => format!("Flashcard(\"The back of card {i}, a sentence or two long.\")"),
    };
    let source = if with_source {
        format!("            source: \"Document {i}, page {}\",\n", i % 300)
    } else {
        String::new()
    };
    format!(
        "        (\n            id: \"q-{i}\",\n            prompt: \"Question number {i}: what is the right answer to this one?\",\n            answer: {answer},\n            explanation: \"Because of the reason number {i}, explained in a sentence.\",\n{source}            tags: [\"t{}\"],\n            difficulty: {},\n        ),\n",
        i % 10,
        i % 3 + 1
    )
}

/// Questions per generated file.
const PER_FILE: usize = 10_000;

fn set_text(file: usize, n: usize, with_source: bool) -> String {
    let mut text = String::with_capacity(n * 420);
    let _ = writeln!(
        text,
        "QuestionSet(\n    id: \"bench-{file}\",\n    title: \"Benchmark {file}\",\n    questions: ["
    );
    for i in 0..n {
        text.push_str(&question(i, with_source));
    }
    text.push_str("    ],\n)\n");
    text
}

fn measure(path: &Path, n: usize, runs: usize, expect_warnings: bool) -> Vec<Duration> {
    let sources = [Source::Path {
        path: path.to_owned(),
        required: true,
    }];
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let bank = Bank::load(&sources);
        times.push(start.elapsed());
        assert!(
            !bank.has_errors(),
            "generated set has errors: {:?}",
            &bank.problems[..1]
        );
        assert_eq!(
            bank.sets
                .iter()
                .map(|s| s.set.questions.len())
                .sum::<usize>(),
            n
        );
        assert_eq!(bank.problems.len(), if expect_warnings { n } else { 0 });
    }
    times.sort();
    times
}

#[allow(clippy::cast_precision_loss)] // Question counts in a throughput figure.
fn report(label: &str, n: usize, bytes: usize, times: &[Duration]) {
    let best = times[0];
    let median = times[times.len() / 2];
    println!(
        "{label:<34} {n:>7} questions  {:>5.1} MiB  best {:>7.1} ms  median {:>7.1} ms  {:>9.0} questions/s",
        bytes as f64 / (1024.0 * 1024.0),
        best.as_secs_f64() * 1e3,
        median.as_secs_f64() * 1e3,
        n as f64 / median.as_secs_f64(),
    );
}

fn main() {
    let dir = tempfile::TempDir::new().expect("a temporary folder");
    println!(
        "load + validate (read, UTF-8, RON parse, validation), {} cores",
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    );
    for (n, runs) in [(10_000, 15), (100_000, 7)] {
        for (label, with_source) in [
            ("clean", true),
            ("every question warned (positions)", false),
        ] {
            let folder = dir.path().join(format!("{n}-{with_source}"));
            std::fs::create_dir(&folder).expect("create a folder");
            let mut bytes = 0;
            for file in 0..n / PER_FILE {
                let text = set_text(file, PER_FILE, with_source);
                bytes += text.len();
                let path = folder.join(format!("bench-{file}.ron"));
                std::fs::write(&path, &text).expect("write a generated set");
            }
            let times = measure(&folder, n, runs, !with_source);
            report(label, n, bytes, &times);
        }
    }
}
