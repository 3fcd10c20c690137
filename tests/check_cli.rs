//! The real `allydeck check` binary on malformed files: the exact `path:line:column` of every
//! problem, the summary lines and the exit status.

// A test that cannot read its own fixtures should stop at once, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Output;

use tempfile::TempDir;

mod common;
use common::allydeck;

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The problem lines of a report (those of the form `file:line:column: severity: ...`),
/// cut after the severity so that the message wording may evolve.
fn problem_heads(report: &str) -> Vec<String> {
    report
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .map(|l| {
            let end = l
                .find(": error: ")
                .or_else(|| l.find(": warning: "))
                .unwrap();
            let severity = if l[end..].starts_with(": error") {
                "error"
            } else {
                "warning"
            };
            format!("{}: {severity}", &l[..end])
        })
        .collect()
}

const SEMANTIC_ERRORS: &str = r#"QuestionSet(
    id: "broken",
    title: "Broken on purpose",
    questions: [
        (
            id: "one-option",
            prompt: "Pick one.",
            answer: Choice(options: ["only"], correct: [0]),
            explanation: "e",
            source: "s",
        ),
        (
            id: "out-of-range",
            prompt: "Pick one.",
            answer: Choice(options: ["a", "b"], correct: [2]),
            explanation: "e",
            source: "s",
        ),
        (
            id: "one-option",
            prompt: "Same id again.",
            answer: TrueFalse(true),
            explanation: "e",
            source: "s",
        ),
        (
            id: "no-gap",
            answer: Cloze("There is no gap in this sentence."),
            explanation: "e",
            source: "s",
        ),
        (
            id: "fine",
            prompt: "Is this question fine?",
            answer: TrueFalse(true),
        ),
    ],
)
"#;

#[test]
fn semantic_errors_are_placed_exactly_and_fail_the_check() {
    let dir = TempDir::new().unwrap();
    let file = write(dir.path(), "broken.ron", SEMANTIC_ERRORS);
    let output = allydeck(dir.path(), &["check", file.to_str().unwrap()]);
    let report = stdout(&output);
    let f = file.display();
    assert_eq!(
        problem_heads(&report),
        [
            format!("{f}:8:37: error"),    // the one-element options list
            format!("{f}:15:59: error"),   // the `2` in `correct: [2]`
            format!("{f}:20:17: error"),   // the repeated id "one-option"
            format!("{f}:28:21: error"),   // `Cloze(...)` without a gap
            format!("{f}:33:17: warning"), // "fine" has no explanation
            format!("{f}:33:17: warning"), // ... and no source
        ],
        "report:\n{report}"
    );
    assert!(
        report.contains("at least 2 options; this one has 1"),
        "{report}"
    );
    assert!(report.contains("correct option 2 does not exist: options are numbered from 0 to 1"));
    assert!(
        report.contains("duplicate question id \"one-option\"")
            && report.contains("(first used at line 6, column 17)")
    );
    // The three questions without errors still load.
    assert!(
        report.contains("broken: 1 question (TrueFalse 1)"),
        "{report}"
    );
    assert!(
        report.contains("total: 1 set, 1 question, 4 errors, 2 warnings"),
        "{report}"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_syntax_error_and_an_unknown_field_are_placed_where_ron_found_them() {
    let dir = TempDir::new().unwrap();
    let missing_comma = write(
        dir.path(),
        "a-comma.ron",
        "QuestionSet(\n    id: \"a\",\n    title: \"A\"\n    questions: [],\n)\n",
    );
    let misspelt = write(
        dir.path(),
        "b-field.ron",
        "QuestionSet(\n    id: \"b\",\n    title: \"B\",\n    questions: [\n        (id: \"q\", promt: \"?\", answer: TrueFalse(true)),\n    ],\n)\n",
    );
    let output = allydeck(dir.path(), &["check", dir.path().to_str().unwrap()]);
    let report = stdout(&output);
    assert_eq!(
        problem_heads(&report),
        [
            format!("{}:4:5: error", missing_comma.display()),
            format!("{}:5:19: error", misspelt.display()),
        ],
        "report:\n{report}"
    );
    assert!(report.contains("did you mean `prompt`?"), "{report}");
    assert!(
        report.contains("total: 0 sets, 0 questions, 2 errors, 0 warnings"),
        "{report}"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn warnings_alone_pass_the_check() {
    let dir = TempDir::new().unwrap();
    let file = write(
        dir.path(),
        "w.ron",
        "QuestionSet(id: \"w\", title: \"W\", questions: [(id: \"q\", prompt: \"?\", answer: TrueFalse(true))])",
    );
    let output = allydeck(dir.path(), &["check", file.to_str().unwrap()]);
    let report = stdout(&output);
    assert_eq!(problem_heads(&report).len(), 2, "{report}");
    assert!(report.contains("w: 1 question (TrueFalse 1)"));
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn a_missing_path_exits_2_and_the_others_are_still_checked() {
    let dir = TempDir::new().unwrap();
    let good = write(
        dir.path(),
        "g.ron",
        "QuestionSet(id: \"g\", title: \"G\", questions: [(id: \"q\", prompt: \"?\", answer: TrueFalse(true), explanation: \"e\", source: \"s\")])",
    );
    let missing = dir.path().join("nowhere.ron");
    let output = allydeck(
        dir.path(),
        &["check", missing.to_str().unwrap(), good.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("nowhere.ron: no such file or folder"),
        "{stderr}"
    );
    assert!(stdout(&output).contains("g: 1 question (TrueFalse 1)"));
}

#[test]
fn a_reused_set_id_names_the_file_that_has_it_first() {
    let dir = TempDir::new().unwrap();
    let set = "QuestionSet(\n    id: \"same\",\n    title: \"T\",\n    questions: [(id: \"q\", prompt: \"?\", answer: TrueFalse(true), explanation: \"e\", source: \"s\")],\n)\n";
    let first = write(dir.path(), "1.ron", set);
    let second = write(dir.path(), "2.ron", set);
    let output = allydeck(dir.path(), &["check", dir.path().to_str().unwrap()]);
    let report = stdout(&output);
    assert_eq!(
        problem_heads(&report),
        [format!("{}:2:9: error", second.display())]
    );
    assert!(
        report.contains(&format!(
            "set id \"same\" is already used by {}:2:9",
            first.display()
        )),
        "{report}"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_file_in_another_encoding_is_placed_at_its_first_bad_byte() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("latin1.ron");
    std::fs::write(
        &path,
        b"QuestionSet(\n    id: \"x\",\n    title: \"Caf\xe9\",\n    questions: [],\n)\n",
    )
    .unwrap();
    let output = allydeck(dir.path(), &["check", path.to_str().unwrap()]);
    assert_eq!(
        problem_heads(&stdout(&output)),
        [format!("{}:3:16: error", path.display())]
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn json_carries_the_same_information() {
    let dir = TempDir::new().unwrap();
    let file = write(dir.path(), "broken.ron", SEMANTIC_ERRORS);
    let output = allydeck(dir.path(), &["check", "--json", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let problems = json["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 6);
    assert_eq!(problems[1]["line"], 15);
    assert_eq!(problems[1]["column"], 59);
    assert_eq!(problems[1]["severity"], "error");
    assert_eq!(problems[1]["file"], file.display().to_string());
    assert_eq!(json["sets"][0]["id"], "broken");
    assert_eq!(json["sets"][0]["kinds"]["TrueFalse"], 1);
    assert_eq!(json["total"]["errors"], 4);
    assert_eq!(json["total"]["warnings"], 2);
}

#[test]
fn with_no_path_every_source_the_app_loads_is_checked() {
    let home = TempDir::new().unwrap();
    let output = allydeck(home.path(), &["check"]);
    let report = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{report}");
    for id in [
        "article-5",
        "invocation-2001",
        "partnership-for-peace",
        "ccdcoe-tallinn",
    ] {
        assert!(
            report.lines().any(|l| l.starts_with(&format!("{id}: "))),
            "{id} in:\n{report}"
        );
    }
    assert!(report.contains(", 0 errors, 0 warnings"), "{report}");

    // A broken set in the user's question folder is part of "every source".
    let user_folder = home.path().join("questions");
    std::fs::create_dir_all(&user_folder).unwrap();
    let broken = write(
        &user_folder,
        "mine.ron",
        "QuestionSet(id: \"mine\", title: \"M\", questions: [)",
    );
    let output = allydeck(home.path(), &["check"]);
    let report = stdout(&output);
    assert_eq!(
        problem_heads(&report),
        [format!("{}:1:49: error", broken.display())]
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn new_set_writes_a_set_that_passes_the_check() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("class.ron");
    let output = allydeck(
        dir.path(),
        &[
            "new-set",
            file.to_str().unwrap(),
            "--id",
            "class-4b",
            "--title",
            "Class 4B",
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = allydeck(dir.path(), &["check", file.to_str().unwrap()]);
    let report = stdout(&output);
    assert!(report.contains("class-4b: 8 questions"), "{report}");
    assert!(report.contains("0 errors, 0 warnings"), "{report}");
    assert_eq!(output.status.code(), Some(0));
    // A second time, the file exists: refused, and left as it was.
    let before = std::fs::read(&file).unwrap();
    let output = allydeck(
        dir.path(),
        &[
            "new-set",
            file.to_str().unwrap(),
            "--id",
            "other",
            "--title",
            "Other",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

/// A pipe named `.ron`, links that loop or lead to a folder twice, and a folder too deep:
/// the check ends at once, names each, and still reads the good set.
#[test]
fn pipes_link_loops_and_deep_folders_never_hang_the_check() {
    use std::os::unix::fs::symlink;
    let dir = TempDir::new().unwrap();
    let root = dir.path().join("sets");
    std::fs::create_dir_all(root.join("a")).unwrap();
    write(
        &root.join("a"),
        "good.ron",
        r#"QuestionSet(id: "good", title: "Good", questions: [
    (id: "q", prompt: "P?", answer: TrueFalse(true), explanation: "e", source: "s"),
])"#,
    );
    let fifo = root.join("pipe.ron");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    symlink("..", root.join("a").join("up")).unwrap();
    symlink(root.join("a"), root.join("again")).unwrap();
    let mut deep = root.join("deep");
    for i in 0..18 {
        deep = deep.join(format!("d{i}"));
    }
    std::fs::create_dir_all(&deep).unwrap();
    write(
        &deep,
        "lost.ron",
        "QuestionSet(id: \"lost\", title: \"L\", questions: [])",
    );

    let (tx, rx) = std::sync::mpsc::channel();
    let args = root.to_str().unwrap().to_owned();
    let home = dir.path().to_owned();
    std::thread::spawn(move || {
        let output = allydeck(&home, &["check", &args]);
        let _ = tx.send(output);
    });
    let output = rx
        .recv_timeout(std::time::Duration::from_mins(1))
        .expect("the check ends, whatever the folder holds");
    let report = stdout(&output);
    assert!(
        report.contains("pipe.ron") && report.contains("not a regular file"),
        "{report}"
    );
    assert!(report.contains("searched already"), "{report}");
    assert!(report.contains("deeper than 16 folders"), "{report}");
    assert!(report.contains("1 set"), "{report}");
}

#[test]
fn answers_prints_each_right_answer_in_words_so_an_option_counted_from_one_shows() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("off.ron");
    // A teacher who counts from 1 meant "4 April 1949" and marked index 1.
    std::fs::write(
        &file,
        r#"QuestionSet(id: "off", title: "Off by one", questions: [
  (id: "signed", prompt: "When was the treaty signed?", answer: Choice(options: ["4 April 1949", "24 August 1949"], correct: [1]), explanation: "e", source: "s"),
  (id: "gap", answer: Cloze("Signed in {{Washington|DC}}."), explanation: "e", source: "s"),
])"#,
    )
    .unwrap();
    let output = allydeck(dir.path(), &["check", "--answers", file.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{out}");
    assert!(
        out.contains("off/signed (Choice): When was the treaty signed?\n    “24 August 1949”\n"),
        "{out}"
    );
    assert!(
        out.contains("off/gap (Cloze): Signed in {{Washington|DC}}.\n    Signed in Washington.\n"),
        "{out}"
    );
    let plain = allydeck(dir.path(), &["check", file.to_str().unwrap()]);
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("24 August"));
}
