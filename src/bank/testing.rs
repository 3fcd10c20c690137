//! A small set with one question of the common kinds, for the tests of the layers above.

use tempfile::TempDir;

use super::{Bank, Source};

/// The demo set: a choice, a typed answer, a flashcard and a true/false.
pub(crate) const SET: &str = r#"QuestionSet(id: "demo", title: "Demo", tags: ["t"], questions: [
    (id: "pick", prompt: "Which?", answer: Choice(options: ["right", "wrong", "also wrong"], correct: [0]), explanation: "e", source: "s"),
    (id: "type", prompt: "Who?", answer: Typed(accept: ["Robertson"]), explanation: "e", source: "s", tags: ["people"]),
    (id: "card", prompt: "Front?", answer: Flashcard("Back."), explanation: "e", source: "s"),
    (id: "yes", prompt: "True?", answer: TrueFalse(true), explanation: "e", source: "s"),
])"#;

/// The demo set written to `dir` and loaded from there.
pub(crate) fn bank(dir: &TempDir) -> Bank {
    let folder = dir.path().join("questions");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("demo.ron"), SET).unwrap();
    let bank = Bank::load(&[Source::Path {
        path: folder,
        required: true,
    }]);
    assert!(bank.problems.is_empty(), "{:?}", bank.problems);
    bank
}
