//! The shipped question sets: all load with no problem, and the embedded list matches the
//! files in `questions/`.

// A test that cannot read its own fixtures should stop at once, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::Path;

use allydeck::bank::{Bank, Kind, Source, shipped};

/// Every shipped set loads from the embedded copy with no error and no warning.
#[test]
fn every_shipped_set_loads_without_any_problem() {
    let bank = Bank::load(&[Source::Shipped]);
    let problems: Vec<String> = bank.problems.iter().map(ToString::to_string).collect();
    assert!(
        problems.is_empty(),
        "problems in shipped sets:\n{}",
        problems.join("\n")
    );
    assert_eq!(bank.sets.len(), shipped::FILES.len());
}

/// The files on disk load the same as the embedded copies (they are the same files).
#[test]
fn the_questions_folder_loads_the_same_sets_as_the_binary() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("questions");
    let from_disk = Bank::load(&[Source::Path {
        path: folder,
        required: true,
    }]);
    assert!(from_disk.problems.is_empty(), "{:#?}", from_disk.problems);
    let embedded = Bank::load(&[Source::Shipped]);
    let ids = |bank: &Bank| {
        bank.sets
            .iter()
            .map(|s| s.set.id.to_string())
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(ids(&from_disk), ids(&embedded));
}

/// A new `.ron` file in `questions/` must also be added to `bank::shipped::FILES`.
#[test]
fn the_embedded_list_names_every_set_file_in_the_questions_folder() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("questions");
    let on_disk: BTreeSet<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| Path::new(name).extension().is_some_and(|e| e == "ron"))
        .map(|name| format!("questions/{name}"))
        .collect();
    let embedded: BTreeSet<String> = shipped::FILES
        .iter()
        .map(|(name, _)| (*name).to_owned())
        .collect();
    assert_eq!(on_disk, embedded);
}

/// The starter content: four topics, at least 8 questions each, at least 5 kinds in all,
/// and every question explained and sourced.
#[test]
fn the_starter_sets_cover_the_four_topics_with_enough_questions_and_kinds() {
    let bank = Bank::load(&[Source::Shipped]);
    let ids: BTreeSet<&str> = bank.sets.iter().map(|s| s.set.id.as_str()).collect();
    let expected: BTreeSet<&str> = [
        "article-5",
        "invocation-2001",
        "partnership-for-peace",
        "ccdcoe-tallinn",
    ]
    .into();
    assert_eq!(ids, expected);
    let mut kinds = BTreeSet::<Kind>::new();
    for loaded in &bank.sets {
        let set = &loaded.set;
        assert!(
            set.questions.len() >= 8,
            "{} has {} questions",
            set.id,
            set.questions.len()
        );
        for q in &set.questions {
            kinds.insert(q.answer.kind());
            assert!(
                q.explanation.as_deref().is_some_and(|e| e.len() > 20),
                "{}/{}",
                set.id,
                q.id
            );
            assert!(
                q.source.as_deref().is_some_and(|s| s.len() > 5),
                "{}/{}",
                set.id,
                q.id
            );
        }
    }
    assert!(kinds.len() >= 5, "kinds used: {kinds:?}");
}
