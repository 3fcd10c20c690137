//! `allydeck try` over a table of natural answers to the shipped questions: every answer a
//! student who knows the fact would naturally type is right, and every near miss (another
//! year, another person, a negation) stays wrong. The tables, one per set, are in
//! `tests/fixtures/try/`: `SET/QUESTION<TAB>right|wrong<TAB>ANSWER[<TAB>ANSWER...]`.

// A test that cannot read its own fixtures should stop at once, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use tempfile::TempDir;

mod common;
use common::allydeck;

/// One line of a table: where it is, the card, whether it must be right, the answers.
struct Case {
    place: String,
    card: String,
    right: bool,
    answers: Vec<String>,
}

fn cases() -> Vec<Case> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/try");
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let place = format!("{}:{}", file.display(), n + 1);
            let fields: Vec<&str> = line.split('\t').collect();
            assert!(fields.len() >= 3, "{place}: card, right|wrong, answers");
            let right = match fields[1] {
                "right" => true,
                "wrong" => false,
                other => panic!("{place}: {other:?} is neither right nor wrong"),
            };
            cases.push(Case {
                place,
                card: fields[0].to_owned(),
                right,
                answers: fields[2..].iter().map(|&a| a.to_owned()).collect(),
            });
        }
    }
    cases
}

#[test]
fn natural_answers_to_the_shipped_questions_are_graded_as_a_student_expects() {
    let home = TempDir::new().unwrap();
    let cases = cases();
    assert!(cases.len() >= 200, "only {} cases", cases.len());
    assert!(
        cases.iter().filter(|c| !c.right).count() >= 40,
        "near misses too"
    );
    let failures: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = cases
            .chunks(cases.len().div_ceil(4))
            .map(|chunk| {
                let home = home.path();
                scope.spawn(move || {
                    let mut failures = Vec::new();
                    for case in chunk {
                        let mut args = vec!["try", case.card.as_str()];
                        args.extend(case.answers.iter().map(String::as_str));
                        let output = allydeck(home, &args);
                        let expected = i32::from(!case.right);
                        if output.status.code() != Some(expected) {
                            failures.push(format!(
                                "{}: {} {:?} should be {}: {}{}",
                                case.place,
                                case.card,
                                case.answers,
                                if case.right { "right" } else { "wrong" },
                                String::from_utf8_lossy(&output.stdout),
                                String::from_utf8_lossy(&output.stderr)
                            ));
                        }
                    }
                    failures
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn try_says_what_matched_and_exits_two_for_what_cannot_be_tried() {
    let home = TempDir::new().unwrap();
    let output = allydeck(
        home.path(),
        &["try", "article-5/only-beneficiary", "the USA", "--json"],
    );
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["right"], true);
    assert_eq!(json["matched"][0], "USA");
    let missing = allydeck(home.path(), &["try", "article-5/no-such-question", "x"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no loaded set has the question"));
    let option = allydeck(home.path(), &["try", "article-5/signed", "Paris"]);
    assert_eq!(option.status.code(), Some(2));
}
