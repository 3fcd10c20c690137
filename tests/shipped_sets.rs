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
            .filter(|id| id != "my-set") // the teachers' template
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
        // The teachers' template is a valid set but not one the app ships.
        .filter(|name| name != "TEMPLATE.ron")
        .map(|name| format!("questions/{name}"))
        .collect();
    let embedded: BTreeSet<String> = shipped::FILES
        .iter()
        .map(|(name, _)| (*name).to_owned())
        .collect();
    assert_eq!(on_disk, embedded);
}

/// The shipped content: four sets of at least 60 questions, at least four kinds in each and
/// six in all, Order and Match among them, difficulty spread over 1-3, and every question
/// explained and sourced.
#[test]
fn the_shipped_sets_meet_the_content_counts() {
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
    let mut all_kinds = BTreeSet::<Kind>::new();
    for loaded in &bank.sets {
        let set = &loaded.set;
        assert!(
            set.questions.len() >= 60,
            "{} has {} questions",
            set.id,
            set.questions.len()
        );
        let kinds: BTreeSet<Kind> = set.questions.iter().map(|q| q.answer.kind()).collect();
        assert!(kinds.len() >= 4, "{} uses only {kinds:?}", set.id);
        all_kinds.extend(kinds);
        for level in 1..=3 {
            let n = set
                .questions
                .iter()
                .filter(|q| q.difficulty() == Some(level))
                .count();
            assert!(
                n * 6 >= set.questions.len(),
                "{}: only {n} questions of difficulty {level}",
                set.id
            );
        }
        for q in &set.questions {
            assert!(
                q.explanation().is_some_and(|e| e.len() > 20),
                "{}/{}",
                set.id,
                q.id()
            );
            assert!(
                q.source().is_some_and(|s| s.len() > 5),
                "{}/{}",
                set.id,
                q.id()
            );
        }
    }
    assert!(all_kinds.len() >= 6, "kinds used: {all_kinds:?}");
    assert!(all_kinds.contains(&Kind::Order) && all_kinds.contains(&Kind::Match));
}

/// The teachers' template loads with no problem and shows every kind.
#[test]
fn the_template_passes_the_check_and_shows_every_kind() {
    let text = include_str!("../questions/TEMPLATE.ron");
    let parsed = allydeck::bank::parse_text("questions/TEMPLATE.ron", text);
    assert!(parsed.problems.is_empty(), "{:#?}", parsed.problems);
    let kinds: BTreeSet<Kind> = parsed
        .set
        .unwrap()
        .questions
        .iter()
        .map(|q| q.answer.kind())
        .collect();
    assert_eq!(kinds.len(), Kind::ALL.len());
}

/// No shipped set lets the length of an option give its answer away: the right option is the
/// longest in at most a third of a set's single-answer Choice questions.
#[test]
fn the_right_option_is_rarely_the_longest() {
    let bank = Bank::load(&[Source::Shipped]);
    for loaded in &bank.sets {
        let (longest, choices) = allydeck::bank::longest_right_options(&loaded.set);
        assert!(
            longest * 3 <= choices,
            "{}: the right option is the longest in {longest} of {choices} Choice questions",
            loaded.set.id
        );
    }
}
