//! `allydeck import` and `allydeck export` as a teacher runs them: a set lands in the question
//! folder and passes `allydeck check`, the report names every item not carried with its
//! file and line, nothing is ever written over a file, and a set goes out and comes back.

// A test that cannot run the binary or read its fixtures should stop at once, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use tempfile::TempDir;

mod common;
use common::allydeck;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

fn text(output: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_gift_file_becomes_a_set_in_the_question_folder_that_passes_check() {
    let home = TempDir::new().unwrap();
    let gift = fixture("alliance-basics.gift");
    let output = allydeck(home.path(), &["import", gift.to_str().unwrap()]);
    let (out, err) = text(&output);
    assert!(output.status.success(), "{out}{err}");
    let written = home.path().join("questions/alliance-basics.ron");
    assert!(
        out.contains("(GIFT): 3 questions into")
            && out.contains("Choice 1, TrueFalse 1, Number 1")
            && out.contains(&format!(
                "{}:15: \"essay\": an essay question",
                gift.display()
            )),
        "{out}"
    );
    assert!(written.is_file());
    let check = allydeck(home.path(), &["check", written.to_str().unwrap()]);
    let (out, err) = text(&check);
    assert!(check.status.success(), "{out}{err}");
    assert!(out.contains("0 errors"), "{out}");

    // The set id is now taken: a second import is refused and writes nothing.
    let before = std::fs::read(&written).unwrap();
    let again = allydeck(home.path(), &["import", gift.to_str().unwrap()]);
    let (_, err) = text(&again);
    assert!(!again.status.success());
    assert!(
        err.contains("already used") && err.contains("--set-id"),
        "{err}"
    );
    assert_eq!(std::fs::read(&written).unwrap(), before);
}

#[test]
fn aiken_reports_the_broken_question_with_its_line_and_keeps_the_good_one() {
    let home = TempDir::new().unwrap();
    let aiken = fixture("article-5.txt");
    let out_file = home.path().join("city.ron");
    let output = allydeck(
        home.path(),
        &[
            "import",
            aiken.to_str().unwrap(),
            "--set-id",
            "city",
            "--title",
            "The city",
            "--out",
            out_file.to_str().unwrap(),
        ],
    );
    let (out, err) = text(&output);
    assert!(output.status.success(), "{out}{err}");
    assert!(out.contains("(AIKEN): 1 question into"), "{out}");
    assert!(
        out.contains(&format!("{}:7: the question has 1 option", aiken.display())),
        "{out}"
    );
    let set = std::fs::read_to_string(&out_file).unwrap();
    assert!(
        set.contains("title: \"The city\"") && set.contains("\"Washington\""),
        "{set}"
    );
}

#[test]
fn a_set_goes_out_as_csv_and_comes_back_whole() {
    let home = TempDir::new().unwrap();
    let csv = home.path().join("article-5.csv");
    let output = allydeck(
        home.path(),
        &[
            "export",
            "article-5",
            "--format",
            "csv",
            "--out",
            csv.to_str().unwrap(),
        ],
    );
    let (out, err) = text(&output);
    assert!(output.status.success(), "{out}{err}");
    let output = allydeck(
        home.path(),
        &[
            "import",
            csv.to_str().unwrap(),
            "--set-id",
            "article-5-copy",
        ],
    );
    let (out, err) = text(&output);
    assert!(output.status.success(), "{out}{err}");
    assert!(!out.contains("not carried"), "{out}");
    let stats = allydeck(home.path(), &["stats"]);
    let (out, _) = text(&stats);
    let questions = |set: &str| {
        out.lines()
            .find(|l| l.split_whitespace().next() == Some(set))
            .and_then(|l| l.split_whitespace().nth(1))
            .map(str::to_owned)
    };
    assert!(questions("article-5").is_some(), "{out}");
    assert_eq!(questions("article-5"), questions("article-5-copy"), "{out}");
}

#[test]
fn what_cannot_be_imported_is_an_error_that_writes_nothing() {
    let home = TempDir::new().unwrap();
    let words = home.path().join("notes.txt");
    std::fs::write(&words, "just some words\n").unwrap();
    let output = allydeck(home.path(), &["import", words.to_str().unwrap()]);
    let (_, err) = text(&output);
    assert!(!output.status.success());
    assert!(
        err.contains("cannot tell the format") && err.contains("--format"),
        "{err}"
    );
    let empty = home.path().join("empty.gift");
    std::fs::write(&empty, "::e:: An essay. {}\n").unwrap();
    let output = allydeck(home.path(), &["import", empty.to_str().unwrap()]);
    let (_, err) = text(&output);
    assert!(!output.status.success());
    assert!(
        err.contains("no question of set \"empty\" could be imported"),
        "{err}"
    );
    assert!(
        err.contains("empty.gift:1: \"e\": an essay question"),
        "{err}"
    );
    assert!(!home.path().join("questions/empty.ron").exists());
    let quizlet = fixture("quizlet.tsv");
    let output = allydeck(
        home.path(),
        &[
            "import",
            quizlet.to_str().unwrap(),
            "--typed",
            "--format",
            "tsv",
        ],
    );
    let (out, err) = text(&output);
    assert!(output.status.success(), "{out}{err}");
    assert!(out.contains("Typed 2"), "{out}");
}

#[test]
fn an_anki_package_becomes_a_set_per_deck_and_brings_its_history_when_asked() {
    let home = TempDir::new().unwrap();
    let old = fixture("genanki.apkg");
    let output = allydeck(home.path(), &["import", old.to_str().unwrap()]);
    let (out, err) = text(&output);
    assert!(output.status.success(), "{out}{err}");
    assert!(
        out.contains("(APKG deck \"NATO::Article 5\"): 3 questions"),
        "{out}"
    );
    assert!(out.contains("(APKG deck \"Tallinn\"): 1 question"), "{out}");
    assert!(
        out.contains("genanki.apkg:2: its images or sounds are not carried"),
        "{out}"
    );
    assert!(home.path().join("questions/nato-article-5.ron").is_file());
    assert!(home.path().join("questions/tallinn.ron").is_file());

    let current = fixture("current.apkg");
    let output = allydeck(
        home.path(),
        &[
            "import",
            current.to_str().unwrap(),
            "--set-id",
            "pfp-anki",
            "--with-progress",
        ],
    );
    let (out, err) = text(&output);
    assert!(output.status.success(), "{out}{err}");
    assert!(out.contains("review history: 2 reviews added"), "{out}");
    let log = allydeck(home.path(), &["log", "export"]);
    let (out, _) = text(&log);
    assert!(
        out.contains("pfp-anki/partnership-for-peace-launched,2026-01-01T10:00:00+00:00,3,6000")
            && out.contains(
                "pfp-anki/partnership-for-peace-launched,2026-01-02T10:00:00+00:00,1,6000"
            ),
        "{out}"
    );
    let check = allydeck(home.path(), &["check"]);
    let (out, err) = text(&check);
    assert!(check.status.success(), "{out}{err}");
}

#[test]
fn a_package_is_imported_whole_or_not_at_all() {
    let home = TempDir::new().unwrap();
    let folder = home.path().join("questions");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("mine.ron"),
        r#"QuestionSet(id: "tallinn", title: "Mine", questions: [(id: "a", prompt: "Q?", answer: TrueFalse(true), explanation: "e", source: "s")])"#,
    )
    .unwrap();
    let package = fixture("genanki.apkg");
    let output = allydeck(home.path(), &["import", package.to_str().unwrap()]);
    let (_, err) = text(&output);
    assert!(!output.status.success());
    assert!(err.contains("\"tallinn\" is already used"), "{err}");
    assert!(
        !folder.join("nato-article-5.ron").exists(),
        "the package's first deck is not written when its second cannot be"
    );
}
