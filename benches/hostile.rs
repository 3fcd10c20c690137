//! The worst question files allydeck is known to meet, each just under the 16 MiB limit,
//! checked as `allydeck check` and the window check them (`parse_bytes`: UTF-8, RON, validation,
//! placing every problem). Run with `cargo bench --bench hostile`; it prints the time, the
//! number of problems and the peak resident memory of each (each runs in its own process,
//! with the input it builds counted in). Target: each within 3 s and 300 MB resident.

// A benchmark that cannot build its inputs should stop at once, with the reason.
#![allow(clippy::expect_used)]

use std::fmt::Write as _;
use std::time::Instant;

use allydeck::bank::{MAX_FILE_BYTES, parse_bytes};

/// Just under the limit.
fn limit() -> usize {
    usize::try_from(MAX_FILE_BYTES).expect("the limit fits") - 1024
}

/// Thousands of questions on one line, each with three errors (an id in capitals, an empty
/// prompt, a `TrueFalse` with a missing source): problems galore on one very long line.
fn one_long_line() -> String {
    let mut text = String::from("QuestionSet(id: \"x\", title: \"X\", questions: [");
    let mut i = 0;
    while text.len() < limit() - 200 {
        let _ = write!(
            text,
            "(id: \"Q{i}\", prompt: \"\", answer: TrueFalse(true)),"
        );
        i += 1;
    }
    text.push_str("])");
    text
}

/// One Choice whose `correct` lists the same option a million times and more.
fn long_correct_list() -> String {
    let mut text = String::from(
        "QuestionSet(id: \"x\", title: \"X\", questions: [(id: \"q\", prompt: \"P?\", \
         explanation: \"e\", source: \"s\", answer: Choice(options: [\"a\", \"b\"], correct: [",
    );
    while text.len() < limit() - 100 {
        text.push_str("0,");
    }
    text.push_str("]))])");
    text
}

/// A million options, each the same text.
fn many_options() -> String {
    let mut text = String::from(
        "QuestionSet(id: \"x\", title: \"X\", questions: [(id: \"q\", prompt: \"P?\", \
         explanation: \"e\", source: \"s\", answer: Choice(correct: [0], options: [",
    );
    while text.len() < limit() - 100 {
        text.push_str("\"same\",");
    }
    text.push_str("]))])");
    text
}

/// Brackets nested as deep as the file allows.
fn deep_nesting() -> String {
    let depth = limit() / 2;
    let mut text = String::from("QuestionSet(id: \"x\", title: \"X\", questions: ");
    text.push_str(&"[".repeat(depth));
    text.push_str(&"]".repeat(depth));
    text.push(')');
    text
}

/// A syntax error at the very end of a long valid file.
fn late_syntax_error() -> String {
    let mut text = String::from("QuestionSet(id: \"x\", title: \"X\", questions: [\n");
    let mut i = 0;
    while text.len() < limit() - 200 {
        let _ = writeln!(
            text,
            "    (id: \"q{i}\", prompt: \"P?\", answer: TrueFalse(true), explanation: \"e\", source: \"s\"),"
        );
        i += 1;
    }
    text.push_str("    (id: \"last\", prompt: \"P?\", answer: TrueFalse(maybe)),\n])");
    text
}

fn peak_resident_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    type Case = (&'static str, fn() -> String);
    let cases: [Case; 5] = [
        ("thousands of problems on one line", one_long_line),
        ("a correct list of a million entries", long_correct_list),
        ("a million identical options", many_options),
        ("brackets nested 8 million deep", deep_nesting),
        ("a syntax error at the end", late_syntax_error),
    ];
    // Each case runs in a process of its own, so that each reports its own peak memory.
    let chosen = std::env::args().find_map(|a| a.strip_prefix("case=")?.parse::<usize>().ok());
    let Some(chosen) = chosen else {
        let me = std::env::current_exe().expect("the benchmark knows its own path");
        for i in 0..cases.len() {
            let status = std::process::Command::new(&me)
                .arg(format!("case={i}"))
                .status()
                .expect("the benchmark runs itself");
            assert!(status.success(), "case {i} failed");
        }
        return;
    };
    let (name, make) = cases[chosen];
    let text = make();
    let start = Instant::now();
    let parsed = parse_bytes("hostile.ron", text.as_bytes());
    let elapsed = start.elapsed();
    #[allow(clippy::cast_precision_loss)] // 16 MiB.
    let mib = text.len() as f64 / (1024.0 * 1024.0);
    println!(
        "{name}: {mib:.1} MiB checked in {:.2} s, {} problems listed, peak resident {:.0} MiB",
        elapsed.as_secs_f64(),
        parsed.problems.len(),
        peak_resident_mb().unwrap_or(f64::NAN),
    );
}
