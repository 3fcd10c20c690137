//! The real app, headless, driven through its accessible labels with `egui_kittest`, on a
//! temporary data directory and a fixed clock.

// A UI test that cannot set itself up should stop at once, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use allydeck::paths::{DataDirs, Profile};
use allydeck::schedule::Rating;
use allydeck::store::Store;
use allydeck::study::At;
use allydeck::ui::{App, AppConfig, Clock, ThemeChoice};
use chrono::{DateTime, FixedOffset, Utc};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use tempfile::TempDir;

const SET: &str = r#"QuestionSet(id: "demo", title: "Demo set", questions: [
    (id: "capital", prompt: "Where is NATO's headquarters?", answer: Choice(options: ["Brussels", "Paris", "London"], correct: [0]), explanation: "In Brussels since 1967.", source: "NATO Review"),
    (id: "sg", prompt: "Who was Secretary General in 2001?", answer: Typed(accept: ["Robertson"]), explanation: "Lord Robertson.", source: "NATO"),
    (id: "once", prompt: "Article 5 has been invoked once.", answer: TrueFalse(true), explanation: "In 2001.", source: "NATO"),
])"#;

struct Setup {
    dir: TempDir,
    questions: PathBuf,
    clock: Arc<Mutex<At>>,
}

impl Setup {
    fn new() -> Self {
        let dir = TempDir::new().unwrap();
        let questions = dir.path().join("teacher");
        std::fs::create_dir_all(&questions).unwrap();
        std::fs::write(questions.join("demo.ron"), SET).unwrap();
        let now: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-03-02T10:00:00Z")
            .unwrap()
            .into();
        let clock = Arc::new(Mutex::new(At {
            now,
            utc_offset: FixedOffset::east_opt(3600).unwrap(),
        }));
        Self {
            dir,
            questions,
            clock,
        }
    }

    fn data(&self) -> DataDirs {
        DataDirs::resolve(Some(&self.dir.path().join("data")), None).unwrap()
    }

    fn config(&self, watch: bool) -> AppConfig {
        AppConfig {
            dirs: self.data(),
            profile: Profile::default(),
            questions: vec![self.questions.clone()],
            shipped: false,
            clock: Clock::Fixed(self.clock.clone()),
            watch,
            load_in_background: false,
            started: None,
        }
    }

    fn harness(
        &self,
        watch: bool,
        storage: Option<&'static MemoryStorage>,
    ) -> Harness<'static, App> {
        let config = self.config(watch);
        let mut harness = Harness::builder()
            .with_size(egui::vec2(1100.0, 800.0))
            .build_eframe(move |cc| {
                if let Some(storage) = storage {
                    cc.storage = Some(storage);
                }
                App::new(cc, config)
            });
        harness.run();
        harness
    }

    fn store(&self) -> Store {
        Store::open(&self.data().database(&Profile::default())).unwrap()
    }
}

/// eframe's storage, kept in memory and shared, so that a test can restart the app on it.
#[derive(Clone, Default)]
struct MemoryStorage(Arc<Mutex<std::collections::HashMap<String, String>>>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.lock().unwrap().get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.lock().unwrap().insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.lock().unwrap().remove(key);
    }
    fn flush(&mut self) {}
}

fn has_label_containing(harness: &Harness<'_, App>, text: &str) -> bool {
    harness.query_all_by_label_contains(text).next().is_some()
}

#[test]
fn a_review_answers_a_choice_right_and_a_typed_wrong_and_both_are_stored() {
    let setup = Setup::new();
    let mut harness = setup.harness(false, None);
    harness.get_by_label("Study now").click();
    harness.run();
    assert!(has_label_containing(
        &harness,
        "Where is NATO's headquarters?"
    ));
    harness.get_by_label_contains("Brussels").click();
    harness.run();
    harness.get_by_label("Check").click();
    harness.run();
    assert!(has_label_containing(&harness, "✔ Correct"));
    assert!(
        has_label_containing(&harness, "In Brussels since 1967."),
        "the explanation"
    );
    assert!(
        has_label_containing(&harness, "Source: NATO Review"),
        "the source"
    );
    assert!(
        has_label_containing(&harness, "Good · "),
        "rating buttons show intervals"
    );
    harness.key_press(egui::Key::Space);
    harness.run();

    assert!(has_label_containing(
        &harness,
        "Who was Secretary General in 2001?"
    ));
    harness.get_by_label("Your answer").type_text("Solana");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(has_label_containing(&harness, "✖ Wrong"));
    assert!(has_label_containing(&harness, "The answer is “Robertson”"));

    let store = setup.store();
    let reviews = store.reviews_by_time().unwrap();
    let answers: Vec<(String, Rating)> = reviews
        .iter()
        .map(|r| (r.record.card.to_string(), r.record.rating))
        .collect();
    assert_eq!(
        answers,
        [
            ("demo/capital".to_owned(), Rating::Good),
            ("demo/sg".to_owned(), Rating::Again)
        ]
    );
}

#[test]
fn undo_takes_back_the_last_answer() {
    let setup = Setup::new();
    let mut harness = setup.harness(false, None);
    harness.key_press(egui::Key::Space); // Study now
    harness.run();
    harness.get_by_label_contains("Paris").click();
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(has_label_containing(&harness, "✖ Wrong"));
    assert_eq!(setup.store().review_count().unwrap(), 1);
    harness.key_press(egui::Key::U);
    harness.run();
    assert_eq!(
        setup.store().review_count().unwrap(),
        0,
        "the answer is taken back"
    );
    assert!(
        has_label_containing(&harness, "Where is NATO's headquarters?"),
        "and asked again"
    );
    assert!(!has_label_containing(&harness, "✖ Wrong"));
}

#[test]
fn after_undo_the_answer_field_has_the_keyboard_again() {
    let setup = Setup::new();
    let mut harness = setup.harness(false, None);
    harness.key_press(egui::Key::Space); // Study now
    harness.run();
    harness.get_by_label_contains("Brussels").click();
    harness.run();
    harness.key_press(egui::Key::Enter); // check
    harness.run();
    harness.key_press(egui::Key::Enter); // next: the typed question
    harness.run();
    assert!(has_label_containing(
        &harness,
        "Who was Secretary General in 2001?"
    ));
    let field = || harness.get_by_role(egui::accesskit::Role::TextInput);
    assert!(
        field().accesskit_node().is_focused(),
        "a new card's field has the keyboard"
    );
    field().type_text("Solana");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(setup.store().review_count().unwrap(), 2);
    harness.key_press(egui::Key::U);
    harness.run();
    harness.run();
    assert_eq!(setup.store().review_count().unwrap(), 1, "taken back");
    let field = harness.get_by_role(egui::accesskit::Role::TextInput);
    assert!(
        field.accesskit_node().is_focused(),
        "and the field has the keyboard again"
    );
    assert_eq!(field.accesskit_node().value().as_deref(), Some(""));
}

#[test]
fn a_quiz_goes_from_setup_to_results_with_the_right_score() {
    let setup = Setup::new();
    let mut harness = setup.harness(false, None);
    harness.get_by_label("Quiz").click();
    harness.run();
    assert!(has_label_containing(&harness, "of 3 available"));
    harness.get_by_label("At the end").click();
    harness.run();
    harness.get_by_label("Start quiz").click();
    harness.run();
    // Three questions in a seeded order: answer two right and the Typed one wrong.
    for _ in 0..3 {
        if has_label_containing(&harness, "Where is NATO's headquarters?") {
            harness.get_by_label_contains("Brussels").click();
            harness.run();
            harness.get_by_label("Check").click();
        } else if has_label_containing(&harness, "Who was Secretary General in 2001?") {
            harness.get_by_label("Your answer").type_text("Stoltenberg");
            harness.run();
            harness.get_by_label("Check").click();
        } else {
            harness.get_by_label("True (T)").click();
        }
        harness.run();
    }
    assert!(
        has_label_containing(&harness, "2 of 3 right · 67%"),
        "the score"
    );
    assert!(has_label_containing(&harness, "You wrote: Stoltenberg"));
    assert!(has_label_containing(&harness, "The answer is “Robertson”"));
    let attempts = setup.store().quiz_attempts().unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!((attempts[0].questions, attempts[0].correct), (3, 2));
    assert_eq!(
        setup.store().review_count().unwrap(),
        0,
        "a quiz is not a review"
    );

    // The student was sure of the name after all: "I was right" on the results rescores the
    // attempt, stored, and marks the answer.
    harness
        .get_by_label_contains("I was right about question")
        .click();
    harness.run();
    assert!(
        has_label_containing(&harness, "3 of 3 right · 100%"),
        "rescored"
    );
    assert!(has_label_containing(
        &harness,
        "Accepted: you said you were right."
    ));
    let attempts = setup.store().quiz_attempts().unwrap();
    assert_eq!((attempts[0].correct, attempts[0].overridden), (3, 1));
    assert!(
        harness
            .get_by_label("Retry mistakes")
            .accesskit_node()
            .is_disabled(),
        "nothing left to retry"
    );
}

#[test]
fn retry_mistakes_asks_the_questions_got_wrong() {
    let setup = Setup::new();
    let mut harness = setup.harness(false, None);
    harness.get_by_label("Quiz").click();
    harness.run();
    harness.get_by_label("At the end").click();
    harness.run();
    harness.get_by_label("Start quiz").click();
    harness.run();
    for _ in 0..3 {
        harness.get_by_label("Skip").click();
        harness.run();
    }
    // Skipped questions come again before the end; finishing with them unanswered asks.
    assert!(has_label_containing(
        &harness,
        "You skipped this question earlier"
    ));
    harness.get_by_label("Finish now").click();
    harness.run();
    assert!(has_label_containing(
        &harness,
        "3 questions are not answered"
    ));
    harness.get_by_label("Finish and score").click();
    harness.run();
    assert!(has_label_containing(&harness, "0 of 3 right"));
    harness.get_by_label("Retry mistakes").click();
    harness.run();
    assert!(has_label_containing(&harness, "Question 1 of 3"));
    harness.get_by_label("Finish now").click();
    harness.run();
    harness.get_by_label("Finish and score").click();
    harness.run();
    assert!(has_label_containing(
        &harness,
        "Practice (a retry of mistakes)"
    ));
    let attempts = setup.store().quiz_attempts().unwrap();
    assert_eq!(
        attempts.iter().map(|a| a.practice).collect::<Vec<_>>(),
        [false, true]
    );
}

#[test]
fn settings_survive_a_restart() {
    let setup = Setup::new();
    let storage: &'static MemoryStorage = Box::leak(Box::default());
    let mut harness = setup.harness(false, Some(storage));
    open_settings(&mut harness);
    harness
        .get_by_label("New cards per day")
        .set_value_accesskit(7.0);
    settle_estimate(&mut harness);
    harness.get_by_label("Dark").click();
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    assert!(has_label_containing(&harness, "✔ Saved"));
    // eframe saves preferences on exit; do what it does.
    let mut writable = storage.clone();
    eframe::App::save(harness.state_mut(), &mut writable);
    drop(harness);

    let restarted = setup.harness(false, Some(storage));
    assert_eq!(restarted.state().prefs().theme, ThemeChoice::Dark);
    assert_eq!(restarted.state().scheduler_config().unwrap().new_per_day, 7);
}

/// Steps the app until `done` holds, for at most five seconds (file events arrive from
/// another thread).
fn wait_for(harness: &mut Harness<'_, App>, done: impl Fn(&Harness<'_, App>) -> bool) -> bool {
    for _ in 0..100 {
        harness.step();
        if done(harness) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

#[test]
fn a_broken_question_file_shows_in_the_problems_panel_until_fixed() {
    let setup = Setup::new();
    let mut harness = setup.harness(true, None);
    assert!(!has_label_containing(
        &harness,
        "Problems in question files"
    ));
    let broken = setup.questions.join("broken.ron");
    std::fs::write(&broken, "QuestionSet(id: \"b\", title: \"B\", questions: [\n  (id: \"q\", prompt: \"?\" answer: TrueFalse(true)),\n])\n").unwrap();
    let place = format!("{}:2:25", broken.display());
    assert!(
        wait_for(&mut harness, |h| has_label_containing(h, &place)),
        "the problem shows with its file, line and column"
    );
    assert!(has_label_containing(&harness, "Problems in question files"));
    assert!(has_label_containing(&harness, "expected a comma"));

    let fixed = "QuestionSet(id: \"b\", title: \"Fixed set\", questions: [\n  (id: \"q\", prompt: \"?\", answer: TrueFalse(true), explanation: \"e\", source: \"s\"),\n])\n";
    std::fs::write(&broken, fixed).unwrap();
    assert!(
        wait_for(&mut harness, |h| !has_label_containing(h, &place)),
        "fixed, the problem goes"
    );
    assert!(!has_label_containing(
        &harness,
        "Problems in question files"
    ));
    assert!(
        has_label_containing(&harness, "Fixed set"),
        "and the set loads"
    );
}

/// Every character of the shipped question sets has a glyph in the app's fonts (the harness
/// panics on a missing one, where the window would draw an empty box).
#[test]
fn the_shipped_sets_use_only_characters_the_fonts_can_draw() {
    let mut chars: Vec<char> = allydeck::bank::shipped::FILES
        .iter()
        .flat_map(|(_, text)| text.chars())
        .filter(|c| !c.is_control())
        .collect();
    chars.sort_unstable();
    chars.dedup();
    let text: String = chars.into_iter().collect();
    let mut harness = Harness::new_ui(move |ui| {
        ui.label(&text);
    });
    harness.run();
}

const KINDS: &str = r#"QuestionSet(id: "kinds", title: "Kinds", questions: [
    (id: "order", prompt: "Put these in order.", answer: Order(["First", "Second", "Third"]), explanation: "e", source: "s"),
    (id: "pairs", prompt: "Match them.", answer: Match([("Left A", "Right A"), ("Left B", "Right B"), ("Left C", "Right C")]), explanation: "e", source: "s"),
])"#;

/// The row number (from 1) at which the Order item `item` is shown, from its "N. item" label.
fn order_row(harness: &Harness<'_, App>, item: &str) -> usize {
    let suffix = format!(". {item}");
    let node = harness
        .query_all_by_label_contains(&suffix)
        .filter_map(|n| n.accesskit_node().label())
        .find(|l| l.ends_with(&suffix) && !l.starts_with("Move"))
        .unwrap();
    node.split('.').next().unwrap().trim().parse().unwrap()
}

/// The digit that picks the Match partner `right`, from its "N  right" label.
fn partner_digit(harness: &Harness<'_, App>, right: &str) -> egui::Key {
    let label = harness
        .query_all_by_label_contains(right)
        .filter_map(|n| n.accesskit_node().label())
        .find(|l| l.ends_with(right) && l.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .unwrap();
    match label.chars().next().unwrap() {
        '1' => egui::Key::Num1,
        '2' => egui::Key::Num2,
        _ => egui::Key::Num3,
    }
}

/// An Order put right with Alt+Up alone, and a Match paired with digits alone.
#[test]
fn order_and_match_are_answered_from_the_keyboard() {
    let setup = Setup::new();
    std::fs::write(setup.questions.join("demo.ron"), KINDS).unwrap();
    let mut harness = setup.harness(false, None);
    harness.key_press(egui::Key::Space);
    harness.run();
    assert!(has_label_containing(&harness, "Put these in order."));
    for (target, item) in ["First", "Second", "Third"].into_iter().enumerate() {
        // Select the item's row with Up and Down, then move it up with Alt+Up into place.
        let mut row = order_row(&harness, item);
        for _ in 0..3 {
            harness.key_press(egui::Key::ArrowUp);
        }
        for _ in 1..row {
            harness.key_press(egui::Key::ArrowDown);
        }
        harness.run();
        while row > target + 1 {
            harness.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowUp);
            harness.run();
            row -= 1;
        }
        assert_eq!(order_row(&harness, item), target + 1);
    }
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(
        has_label_containing(&harness, "✔ Correct"),
        "the order is right"
    );
    harness.key_press(egui::Key::Space);
    harness.run();

    assert!(has_label_containing(&harness, "Match them."));
    for right in ["Right A", "Right B", "Right C"] {
        // The selection moves on by itself after each pairing.
        let key = partner_digit(&harness, right);
        harness.key_press(key);
        harness.run();
    }
    assert!(has_label_containing(
        &harness,
        "Left A: paired with Right A"
    ));
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(
        has_label_containing(&harness, "✔ Correct"),
        "every pair is right"
    );
    let ratings: Vec<Rating> = setup
        .store()
        .reviews_by_time()
        .unwrap()
        .iter()
        .map(|r| r.record.rating)
        .collect();
    assert_eq!(ratings, [Rating::Good, Rating::Good]);
}

/// A damaged progress file is explained in the window, and left as it was.
#[test]
fn a_damaged_progress_database_is_explained_not_overwritten() {
    let setup = Setup::new();
    let db = setup.data().database(&Profile::default());
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    std::fs::write(&db, b"not a database").unwrap();
    let harness = setup.harness(false, None);
    assert!(has_label_containing(
        &harness,
        "Your progress cannot be opened"
    ));
    assert!(has_label_containing(&harness, "is damaged"));
    assert!(
        harness.query_by_label("Study now").is_none(),
        "no studying without the store"
    );
    assert_eq!(std::fs::read(&db).unwrap(), b"not a database");
}

const ONE_TYPED: &str = r#"QuestionSet(id: "one", title: "One", questions: [
    (id: "sg", prompt: "Who was Secretary General in 2001?", answer: Typed(accept: ["Robertson"]), explanation: "Lord Robertson.", source: "NATO"),
])"#;

/// A card asked again straight after a wrong answer starts with an empty field, and Ctrl+Z
/// while typing undoes typing, not the last answer.
#[test]
fn a_card_asked_again_starts_empty_and_ctrl_z_in_a_field_keeps_the_answer() {
    let setup = Setup::new();
    std::fs::write(setup.questions.join("demo.ron"), ONE_TYPED).unwrap();
    let mut harness = setup.harness(false, None);
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.get_by_label("Your answer").type_text("Solana");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(has_label_containing(&harness, "✖ Wrong"));
    harness.key_press(egui::Key::Space);
    harness.run();
    // Nothing else is due: the same card comes back early (Anki's learn-ahead).
    assert!(has_label_containing(
        &harness,
        "Who was Secretary General in 2001?"
    ));
    assert_eq!(
        harness.get_by_label("Your answer").value().as_deref(),
        Some("")
    );
    harness.get_by_label("Your answer").type_text("Rob");
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(
        setup.store().review_count().unwrap(),
        1,
        "the answer was not undone"
    );
}

/// The Statistics screen opens on a history and names each of its plots.
#[test]
fn the_statistics_screen_shows_its_plots() {
    let setup = Setup::new();
    {
        // A few days of history for the demo set.
        let mut store = setup.store();
        let scheduler =
            allydeck::schedule::Scheduler::new(allydeck::schedule::Config::default()).unwrap();
        let now = setup.clock.lock().unwrap().now;
        let offset = FixedOffset::east_opt(3600).unwrap();
        let records: Vec<allydeck::store::ReviewRecord> = (0..6)
            .map(|day| allydeck::store::ReviewRecord {
                card: "demo/capital".parse().unwrap(),
                at: now - chrono::Duration::days(6 - day),
                utc_offset: offset,
                rating: Rating::Good,
                duration_ms: Some(3000),
                overridden: false,
            })
            .collect();
        store.import(&records, &scheduler).unwrap();
    }
    let mut harness = setup.harness(false, None);
    harness.key_press(egui::Key::S);
    harness.run();
    for chart in [
        "Reviews per day chart",
        "Study calendar chart",
        "Due in the next 30 days chart",
        "True retention per week chart",
        "Cards by phase chart",
        "Memory stability chart",
    ] {
        assert!(has_label_containing(&harness, chart), "{chart}");
    }
    assert!(has_label_containing(&harness, "No quiz taken yet"));
    assert!(has_label_containing(&harness, "6 answers in 30 days"));
    // Another range and one set: computed again, not per frame.
    harness.get_by_label("1 year").click();
    harness.run();
    assert!(has_label_containing(&harness, "6 answers in 365 days"));
}

#[test]
fn statistics_without_history_say_so_instead_of_empty_plots() {
    let setup = Setup::new();
    let mut harness = setup.harness(false, None);
    harness.key_press(egui::Key::S);
    harness.run();
    assert!(has_label_containing(
        &harness,
        "No reviews in these days yet: they appear here after your first study session."
    ));
    assert!(has_label_containing(&harness, "0 answers in 30 days"));
    assert!(has_label_containing(
        &harness,
        "No reviews yet: each day you study"
    ));
    assert!(!has_label_containing(&harness, "Reviews per day chart"));
    assert!(!has_label_containing(&harness, "Study calendar chart"));
}

/// As the real window starts: the profile opens and the questions load on another thread, the
/// first frame shows their progress instead of waiting, and Home fills in when they are ready.
#[test]
fn the_window_opens_at_once_and_home_fills_in_when_the_questions_are_loaded() {
    let setup = Setup::new();
    let config = AppConfig {
        load_in_background: true,
        ..setup.config(false)
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1100.0, 800.0))
        .build_eframe(move |cc| App::new(cc, config));
    harness.step();
    if harness.state().is_loading() {
        assert!(has_label_containing(&harness, "question files read"));
        assert!(harness.query_by_label("Study now").is_none());
    }
    assert!(
        wait_for(&mut harness, |h| has_label_containing(h, "Demo set")),
        "Home shows the sets once loaded"
    );
    assert!(!harness.state().is_loading());
    harness.run();
    harness.get_by_label("Study now").click();
    harness.run();
    assert!(has_label_containing(
        &harness,
        "Where is NATO's headquarters?"
    ));
}

/// The student has the last word: "I was right" after a wrong verdict (button or R) accepts
/// the answer and offers Hard, Good and Easy; the review is stored as overruled.
#[test]
fn i_was_right_overrules_a_wrong_verdict_and_is_stored_as_such() {
    let setup = Setup::new();
    let mut harness = setup.harness(false, None);
    harness.key_press(egui::Key::Space); // Study now
    harness.run();
    harness.get_by_label_contains("Paris").click();
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(has_label_containing(&harness, "✖ Wrong"));
    assert!(
        harness.query_by_label_contains("Good · ").is_none(),
        "only Again, before"
    );
    harness.get_by_label("I was right").click();
    harness.run();
    assert!(has_label_containing(
        &harness,
        "✔ Accepted: you said you were right"
    ));
    assert!(has_label_containing(&harness, "Hard · "));
    assert!(has_label_containing(&harness, "Easy · "));
    let reviews = setup.store().reviews_by_time().unwrap();
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].record.rating, Rating::Good);
    assert!(reviews[0].record.overridden);
    // 4 picks Easy and goes on.
    harness.key_press(egui::Key::Num4);
    harness.run();
    let reviews = setup.store().reviews_by_time().unwrap();
    assert_eq!(reviews[0].record.rating, Rating::Easy);
    assert!(reviews[0].record.overridden);
    assert!(has_label_containing(
        &harness,
        "Who was Secretary General in 2001?"
    ));

    // R works as the button does.
    harness.get_by_label("Your answer").type_text("Solana");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.key_press(egui::Key::R);
    harness.run();
    assert!(has_label_containing(
        &harness,
        "✔ Accepted: you said you were right"
    ));
    let reviews = setup.store().reviews_by_time().unwrap();
    assert!(reviews[1].record.overridden);
}

/// A lucky guess: after a right answer, 1 rates it Again, recorded as overruled.
#[test]
fn again_after_a_right_answer_is_offered_and_recorded() {
    let setup = Setup::new();
    let mut harness = setup.harness(false, None);
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.get_by_label_contains("Brussels").click();
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(has_label_containing(&harness, "✔ Correct"));
    assert!(
        has_label_containing(&harness, "Again · "),
        "Again is offered"
    );
    harness.key_press(egui::Key::Num1);
    harness.run();
    let reviews = setup.store().reviews_by_time().unwrap();
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].record.rating, Rating::Again);
    assert!(reviews[0].record.overridden);
    assert!(
        has_label_containing(&harness, "Who was Secretary General in 2001?"),
        "and goes on"
    );
}

/// Enter in the answer field checks the answer and shows its feedback; it does not skip past it.
#[test]
fn enter_in_a_quiz_field_shows_the_feedback() {
    let setup = Setup::new();
    let mut harness = setup.harness(false, None);
    harness.get_by_label("Quiz").click();
    harness.run();
    harness.get_by_label("Start quiz").click();
    harness.run();
    for _ in 0..3 {
        if has_label_containing(&harness, "Who was Secretary General in 2001?") {
            harness.get_by_label("Your answer").type_text("Stoltenberg");
            harness.run();
            harness.key_press(egui::Key::Enter);
            harness.run();
            assert!(
                has_label_containing(&harness, "✖ Wrong"),
                "the feedback is shown"
            );
            assert!(has_label_containing(&harness, "I was right"));
            return;
        }
        harness.get_by_label("Skip").click();
        harness.run();
    }
    panic!("the typed question was not asked");
}

/// Enter in the last gap of a cloze checks it and shows the feedback, in a quiz too.
#[test]
fn enter_in_the_last_gap_of_a_quiz_cloze_shows_the_feedback() {
    let setup = Setup::new();
    std::fs::write(
        setup.questions.join("gaps.ron"),
        r#"QuestionSet(id: "gaps", title: "Gap set", questions: [
            (id: "c", prompt: "", answer: Cloze("Signed in {{Washington}} in {{1949}}."), explanation: "The treaty was signed there.", source: "NATO"),
        ])"#,
    )
    .unwrap();
    let mut harness = setup.harness(false, None);
    harness.get_by_label("Quiz Gap set").click();
    harness.run();
    harness.get_by_label("Start quiz").click();
    harness.run();
    harness.get_by_label("gap 1").type_text("Paris");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.get_by_label("gap 2").type_text("1949");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(
        has_label_containing(&harness, "1 of 2 gaps are right"),
        "the feedback is shown"
    );
}

/// Answers whichever demo question is shown, rightly.
fn answer_shown(harness: &mut Harness<'static, App>) {
    if has_label_containing(harness, "Article 5 has been invoked once.") {
        harness.get_by_label("True").click();
    } else if has_label_containing(harness, "Where is NATO's headquarters?") {
        harness.get_by_label("Brussels").click();
        harness.run();
        harness.get_by_label("Check").click();
    } else {
        harness
            .get_by_role(egui::accesskit::Role::TextInput)
            .type_text("Robertson");
        harness.run();
        harness.key_press(egui::Key::Enter);
    }
    harness.run();
}

/// Starts a quiz of the three demo questions with feedback at the end, optionally timed.
fn start_quiz(harness: &mut Harness<'static, App>, minutes: Option<f64>) {
    harness.get_by_label("Quiz").click();
    harness.run();
    harness.get_by_label("At the end").click();
    harness.run();
    if let Some(minutes) = minutes {
        harness.get_by_label("Time limit").click();
        harness.run();
        harness.get_by_label("Minutes").set_value_accesskit(minutes);
        harness.run();
    }
    harness.get_by_label("Start quiz").click();
    harness.run();
}

#[test]
fn leaving_a_quiz_asks_and_a_kept_or_interrupted_quiz_resumes_from_home() {
    let setup = Setup::new();
    let mut harness = setup.harness(false, None);
    start_quiz(&mut harness, None);
    answer_shown(&mut harness);
    // Esc asks; Esc again stays in the quiz.
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(has_label_containing(&harness, "Leave the quiz?"));
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(!has_label_containing(&harness, "Leave the quiz?"));
    assert!(has_label_containing(&harness, "1 of 3 answered"));
    // Kept for later: Home offers it.
    harness.get_by_label("⬅ Leave").click();
    harness.run();
    harness.get_by_label("Keep for later").click();
    harness.run();
    assert!(has_label_containing(
        &harness,
        "Unfinished quiz: 1 of 3 answered"
    ));
    // The window closes (or allydeck is killed): a new window offers it too, and resuming
    // takes it up at the first unanswered question.
    drop(harness);
    let mut harness = setup.harness(false, None);
    assert!(has_label_containing(
        &harness,
        "Unfinished quiz: 1 of 3 answered"
    ));
    harness.get_by_label("Resume the unfinished quiz").click();
    harness.run();
    assert!(has_label_containing(&harness, "1 of 3 answered"));
    assert!(has_label_containing(&harness, "Question 2 of 3"));
    // Discarded: its answer stays, it is not offered again, and it is no score.
    harness.get_by_label("⬅ Leave").click();
    harness.run();
    harness.get_by_label("Discard").click();
    harness.run();
    assert!(!has_label_containing(&harness, "Unfinished quiz"));
    assert!(setup.store().unfinished_quizzes().unwrap().is_empty());
    assert!(setup.store().quiz_set_scores().unwrap().is_empty());
}

#[test]
fn the_question_list_jumps_and_flags_and_times_up_ends_the_quiz_with_a_notice() {
    let setup = Setup::new();
    let mut harness = setup.harness(false, None);
    start_quiz(&mut harness, Some(2.0));
    assert!(has_label_containing(&harness, "Question 1 of 3"));
    harness.get_by_label("Question 3, not answered").click();
    harness.run();
    assert!(has_label_containing(&harness, "Question 3 of 3"));
    harness.get_by_label("⚐ Flag").click();
    harness.run();
    assert!(
        harness
            .query_by_label("Question 3, not answered, flagged")
            .is_some()
    );
    let attempt = &setup.store().unfinished_quizzes().unwrap()[0];
    assert!(attempt.answers[2].flagged, "the flag is stored");
    // A minute before the end the quiz warns; at the end it stops and says so.
    setup.clock.lock().unwrap().now += chrono::Duration::seconds(70);
    harness.run();
    assert!(has_label_containing(&harness, "Less than a minute left"));
    setup.clock.lock().unwrap().now += chrono::Duration::seconds(60);
    harness.run();
    assert!(has_label_containing(&harness, "Time's up"));
    assert!(has_label_containing(&harness, "0 of 3 right"));
}

#[test]
fn settings_preview_live_ask_before_unsaved_changes_are_left_and_explain_a_bad_field() {
    let setup = Setup::new();
    let mut harness = setup.harness(false, None);
    let dark_before = harness.ctx.theme() == egui::Theme::Dark;
    open_settings(&mut harness);
    // The theme shows at once, before it is saved.
    harness
        .get_by_label(if dark_before { "Light" } else { "Dark" })
        .click();
    harness.run();
    assert_ne!(
        (harness.ctx.theme() == egui::Theme::Dark),
        dark_before,
        "previewed"
    );
    // A step list that cannot be read is explained beside its field.
    harness.get_by_label("Learning steps").focus();
    harness.run();
    harness.get_by_label("Learning steps").type_text(" soon");
    harness.run();
    assert!(has_label_containing(&harness, "✖"));
    // Leaving asks; Esc keeps editing; discarding puts the saved theme back.
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(has_label_containing(&harness, "Leave without saving?"));
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(
        !has_label_containing(&harness, "Leave without saving?"),
        "Esc keeps editing"
    );
    harness.get_by_label("⬅ Home").click();
    harness.run();
    harness.get_by_label("Keep editing").click();
    harness.run();
    assert!(!has_label_containing(&harness, "Leave without saving?"));
    harness.get_by_label("⬅ Home").click();
    harness.run();
    harness.get_by_label("Discard changes").click();
    harness.run();
    assert!(has_label_containing(&harness, "to study today"), "at Home");
    assert_eq!(
        (harness.ctx.theme() == egui::Theme::Dark),
        dark_before,
        "not kept"
    );
    // Unchanged settings leave at once.
    open_settings(&mut harness);
    harness.get_by_label("⬅ Home").click();
    harness.run();
    assert!(has_label_containing(&harness, "to study today"));
}

#[test]
fn when_caught_up_study_more_offers_extra_new_cards() {
    let setup = Setup::new();
    setup
        .store()
        .save_scheduler_config(&allydeck::schedule::Config {
            new_per_day: 0,
            ..allydeck::schedule::Config::default()
        })
        .unwrap();
    let mut harness = setup.harness(false, None);
    assert!(has_label_containing(&harness, "All caught up."));
    assert!(has_label_containing(&harness, "Study more"));
    assert!(
        harness
            .get_by_label("Review ahead")
            .accesskit_node()
            .is_disabled(),
        "nothing is due in the next days"
    );
    harness
        .get_by_label("More new cards")
        .set_value_accesskit(2.0);
    harness.run();
    harness.get_by_label("Learn more").click();
    harness.run();
    assert!(has_label_containing(&harness, "Left today: 2 new"));
    assert_eq!(
        setup.store().review_count().unwrap(),
        0,
        "nothing answered yet"
    );
}

#[test]
fn a_read_only_data_folder_opens_the_window_read_only_and_says_so() {
    use std::os::unix::fs::PermissionsExt as _;
    let setup = Setup::new();
    let data = setup.dir.path().join("read-only");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o555)).unwrap();
    let data = if std::fs::create_dir(data.join("probe")).is_ok() {
        // Root: permissions do not stop it; nobody may make a folder under /sys.
        PathBuf::from("/sys/allydeck-cannot-write-here")
    } else {
        data
    };
    let config = AppConfig {
        dirs: DataDirs::resolve(Some(&data), None).unwrap(),
        ..setup.config(false)
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1100.0, 800.0))
        .build_eframe(move |cc| App::new(cc, config));
    harness.run();
    assert!(has_label_containing(&harness, "Read-only:"));
    assert!(
        harness
            .get_by_label("Study now")
            .accesskit_node()
            .is_disabled()
    );
    harness.get_by_label("Quiz").click();
    harness.run();
    assert!(has_label_containing(&harness, "Practice only"));
    harness.get_by_label("Start quiz").click();
    harness.run();
    assert!(has_label_containing(&harness, "0 of 3 answered"));
}

#[test]
fn home_and_the_review_header_count_today_alike() {
    let setup = Setup::new();
    let mut harness = setup.harness(false, None);
    assert!(has_label_containing(
        &harness,
        "3 cards to study today: 3 new, 0 learning, 0 to review."
    ));
    harness.key_press(egui::Key::Space);
    harness.run();
    assert!(has_label_containing(
        &harness,
        "Left today: 3 new · 0 learning · 0 to review"
    ));
    harness.get_by_label_contains("Paris").click();
    harness.run();
    harness.key_press(egui::Key::Enter); // wrong: the card comes back today, in learning
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(has_label_containing(
        &harness,
        "Left today: 2 new · 1 learning · 0 to review"
    ));
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(has_label_containing(
        &harness,
        "3 cards to study today: 2 new, 1 learning, 0 to review."
    ));
}

#[test]
fn home_warns_when_the_clock_reads_before_the_last_answer() {
    let setup = Setup::new();
    {
        let mut store = setup.store();
        let scheduler =
            allydeck::schedule::Scheduler::new(allydeck::schedule::Config::default()).unwrap();
        let now = setup.clock.lock().unwrap().now;
        let record = allydeck::store::ReviewRecord {
            card: "demo/capital".parse().unwrap(),
            at: now + chrono::Duration::hours(3),
            utc_offset: FixedOffset::east_opt(3600).unwrap(),
            rating: Rating::Good,
            duration_ms: None,
            overridden: false,
        };
        store.import(&[record], &scheduler).unwrap();
    }
    let harness = setup.harness(false, None);
    assert!(has_label_containing(
        &harness,
        "Your computer's clock reads 2 March 2026, 11:00, before your last answer (2 March 2026, 14:00)"
    ));
}

#[test]
fn enter_on_an_empty_answer_keeps_the_keyboard_in_the_field() {
    let setup = Setup::new();
    let mut harness = setup.harness(false, None);
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.get_by_label_contains("Brussels").click();
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(has_label_containing(
        &harness,
        "Who was Secretary General in 2001?"
    ));
    harness.key_press(egui::Key::Enter); // nothing typed yet
    harness.run();
    harness.run();
    let field = harness.get_by_role(egui::accesskit::Role::TextInput);
    assert!(field.accesskit_node().is_focused(), "still typing");
    assert_eq!(
        setup.store().review_count().unwrap(),
        1,
        "nothing submitted"
    );
}

#[test]
fn discarding_an_unfinished_quiz_from_home_asks_first() {
    let setup = Setup::new();
    let mut harness = setup.harness(false, None);
    start_quiz(&mut harness, None);
    answer_shown(&mut harness);
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.get_by_label("Keep for later").click();
    harness.run();
    harness.get_by_label("Discard the unfinished quiz").click();
    harness.run();
    assert!(has_label_containing(
        &harness,
        "Discard it? It ends without a score."
    ));
    assert_eq!(
        setup.store().unfinished_quizzes().unwrap().len(),
        1,
        "not yet"
    );
    harness.get_by_label("Keep it").click();
    harness.run();
    assert!(has_label_containing(
        &harness,
        "Unfinished quiz: 1 of 3 answered"
    ));
    harness.get_by_label("Discard the unfinished quiz").click();
    harness.run();
    harness
        .get_by_label("Yes, discard the unfinished quiz")
        .click();
    harness.run();
    assert!(!has_label_containing(&harness, "Unfinished quiz"));
    assert!(setup.store().unfinished_quizzes().unwrap().is_empty());
}

#[test]
fn tab_never_rests_on_undo_where_enter_would_take_answers_back() {
    let setup = Setup::new();
    let mut harness = setup.harness(false, None);
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.get_by_label_contains("Brussels").click();
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(setup.store().review_count().unwrap(), 1);
    for _ in 0..8 {
        harness.key_press(egui::Key::Tab);
        harness.run();
        assert!(
            !harness.get_by_label("Undo").accesskit_node().is_focused(),
            "Undo took the keyboard"
        );
    }
    assert_eq!(setup.store().review_count().unwrap(), 1);
}

/// A file dropped on the window, as the desktop hands it over.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_gift_file_dropped_on_home_becomes_a_set_with_its_report() {
    let setup = Setup::new();
    let mut harness = setup.harness(false, None);
    let gift = setup.dir.path().join("nato-basics.gift");
    std::fs::write(
        &gift,
        "::once:: Article 5 has been invoked once. {T ####After 11 September 2001.}\n\n\
         ::essay:: Write about Article 5. {}\n",
    )
    .unwrap();
    harness
        .input_mut()
        .dropped_files
        .push(Arc::new(Dropped(gift.clone())));
    harness.run();
    assert!(has_label_containing(&harness, "(GIFT): 1 question into"));
    assert!(has_label_containing(
        &harness,
        "nato-basics.gift:3: \"essay\": an essay question"
    ));
    let written = setup.data().questions().join("nato-basics.ron");
    assert!(written.is_file());
    harness.get_by_label("Close the report").click();
    for _ in 0..50 {
        harness.run();
        if has_label_containing(&harness, "nato basics") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(!has_label_containing(&harness, "(GIFT): 1 question into"));
    assert!(
        has_label_containing(&harness, "nato basics"),
        "the new set is on Home"
    );
}

/// A set file with comments and its own layout, which the editor must keep byte for byte.
const COMMENTED: &str = r#"// The demo set. This comment stays.
QuestionSet(
    id: "demo",
    title: "Demo set",
    questions: [
        // The right option was counted from 1 by mistake.
        (id: "capital", prompt: "Where is NATO's headquarters?", answer: Choice(options: ["Paris", "Brussels", "London"], correct: [0]), explanation: "In Brussels since 1967.", source: "NATO Review"),
        (
            id: "once",   // odd spacing, kept
            prompt: "Article 5 has been invoked once.",
            answer: TrueFalse(true),
            explanation: "In 2001.",
            source: "NATO",
        ),
    ],
)
"#;

/// Opens Settings from Home and waits for its estimate of what the retention costs, which is
/// made on another thread.
fn open_settings(harness: &mut Harness<'_, App>) {
    harness.get_by_label("Settings").click();
    settle_estimate(harness);
}

/// Runs the window until the estimate a change of the settings asked for is shown.
fn settle_estimate(harness: &mut Harness<'_, App>) {
    // The change is taken in, then the estimate asked for, within two frames.
    harness.step();
    harness.step();
    assert!(wait_for(harness, |h| !h.state().is_estimating()));
    harness.run();
}

/// Steps the app until the reload a save starts is over (it runs on another thread).
fn settle(harness: &mut Harness<'static, App>) {
    harness.step();
    assert!(wait_for(harness, |h| !has_label_containing(
        h,
        "Reloading question sets"
    )));
    harness.run();
}

fn open_editor_on(harness: &mut Harness<'static, App>, question: &str) {
    harness.get_by_label("Sets").click();
    harness.run();
    harness.get_by_label(question).click();
    harness.run();
    harness.get_by_label("Edit the question").click();
    harness.run();
}

/// Clicks the field labelled `label`, which takes the keyboard, and types `text` into it.
fn type_into(harness: &mut Harness<'static, App>, label: &str, text: &str) {
    harness.get_by_label(label).click();
    harness.run();
    harness.get_by_label(label).type_text(text);
    harness.run();
}

fn click_checkbox(harness: &mut Harness<'static, App>, label: &str) {
    harness.get_by_label(label).click();
    harness.run();
}

#[test]
fn the_sets_screen_lists_answers_in_words_and_a_preview_is_graded_but_never_stored() {
    let setup = Setup::new();
    let mut harness = setup.harness(false, None);
    harness.key_press(egui::Key::B);
    harness.run();
    assert!(has_label_containing(&harness, "3 of 3 questions"));
    assert!(
        has_label_containing(&harness, "“Brussels”"),
        "the right option in words"
    );
    type_into(&mut harness, "Search", "robertson");
    assert!(has_label_containing(&harness, "1 of 3 questions"));
    harness.get_by_label("Search").type_text("x");
    harness.run();
    assert!(has_label_containing(&harness, "0 of 3 questions"));
    harness.get_by_label("⬅ Home").click();
    harness.run();
    harness.get_by_label("Sets").click();
    harness.run();
    harness.get_by_label("capital").click();
    harness.run();
    assert!(has_label_containing(&harness, "nothing is stored"));
    let radio = harness
        .query_all_by_label_contains("Brussels")
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::RadioButton)
        .unwrap();
    radio.click();
    harness.run();
    harness.get_by_label("Check the preview").click();
    harness.run();
    assert!(has_label_containing(&harness, "✔ Correct"));
    assert!(has_label_containing(&harness, "In Brussels since 1967."));
    harness.get_by_label("Card history").click();
    harness.run();
    assert!(has_label_containing(&harness, "Not answered yet"));
    assert_eq!(
        setup.store().review_count().unwrap(),
        0,
        "a preview is never stored"
    );

    // One answer in Study shows in the table and in the card's history, replayed.
    harness.get_by_label("⬅ Home").click();
    harness.run();
    harness.get_by_label("Study now").click();
    harness.run();
    harness.get_by_label_contains("Brussels").click();
    harness.run();
    harness.get_by_label("Check").click();
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.get_by_label("Sets").click();
    harness.run();
    assert!(
        has_label_containing(&harness, "100%"),
        "answered once, right"
    );
    harness.get_by_label("Question demo/capital").click();
    harness.run();
    harness.get_by_label("Card history").click();
    harness.run();
    assert!(
        has_label_containing(&harness, "2026-03-02 11:00"),
        "its time, in the student's zone"
    );
    assert!(has_label_containing(&harness, "as graded"));
    assert!(has_label_containing(&harness, "Predicted recall"));
    assert!(has_label_containing(&harness, "Stability"));
}

#[test]
fn ticking_another_right_option_changes_the_file_in_that_question_only_and_study_asks_it() {
    let setup = Setup::new();
    let file = setup.questions.join("demo.ron");
    std::fs::write(&file, COMMENTED).unwrap();
    let mut harness = setup.harness(false, None);
    open_editor_on(&mut harness, "capital");
    assert!(has_label_containing(&harness, "kept, so the progress"));
    click_checkbox(&mut harness, "Option 1 is right");
    click_checkbox(&mut harness, "Option 2 is right");
    harness.get_by_label("Save").click();
    settle(&mut harness);
    assert!(has_label_containing(&harness, "Saved \"capital\""));
    let after = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        after,
        COMMENTED.replace("correct: [0])", "correct: [1])"),
        "exactly the ticked option changed: every other byte, the comments too, as they were"
    );
    // Back on the Sets screen the reloaded set shows the new answer; Study asks it.
    harness.get_by_label("⬅ Back to the sets").click();
    assert!(wait_for(&mut harness, |h| has_label_containing(
        h,
        "“Brussels”"
    ) && !has_label_containing(
        h,
        "“Paris”"
    )));
    harness.get_by_label("⬅ Home").click();
    harness.run();
    harness.get_by_label("Study now").click();
    harness.run();
    if !has_label_containing(&harness, "Where is NATO's headquarters?") {
        harness.get_by_label("True (T)").click();
        harness.run();
        harness.key_press(egui::Key::Space);
        harness.run();
    }
    harness.get_by_label_contains("Brussels").click();
    harness.run();
    harness.get_by_label("Check").click();
    harness.run();
    assert!(has_label_containing(&harness, "✔ Correct"));
}

#[test]
fn a_question_is_added_with_an_id_from_its_prompt_and_deleting_asks_first() {
    let setup = Setup::new();
    let file = setup.questions.join("demo.ron");
    std::fs::write(&file, COMMENTED).unwrap();
    let mut harness = setup.harness(false, None);
    harness.get_by_label("Sets").click();
    harness.run();
    harness.get_by_label("Add a question").click();
    harness.run();
    assert!(has_label_containing(&harness, "New question"));
    type_into(&mut harness, "Prompt", "Where was the treaty signed?");
    type_into(&mut harness, "Option 1", "Washington");
    assert!(
        has_label_containing(&harness, "at least 2") || has_label_containing(&harness, "empty"),
        "an empty option is reported as check reports it"
    );
    type_into(&mut harness, "Option 2", "London");
    type_into(
        &mut harness,
        "Explanation (shown after every answer)",
        "In Washington, D.C.",
    );
    type_into(&mut harness, "Source", "North Atlantic Treaty (1949)");
    assert!(has_label_containing(&harness, "No problems"));
    harness.get_by_label("Save").click();
    settle(&mut harness);
    let added = std::fs::read_to_string(&file).unwrap();
    let before_close = COMMENTED.rfind("    ],").unwrap();
    assert!(added.starts_with(&COMMENTED[..before_close - 1]), "{added}");
    assert!(
        added.contains("id: \"where-was-the-treaty-signed\""),
        "{added}"
    );
    assert!(added.ends_with("    ],\n)\n"));

    harness.get_by_label("Delete the question…").click();
    harness.run();
    assert!(has_label_containing(&harness, "Delete the question?"));
    harness.get_by_label("Keep it").click();
    harness.run();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), added, "kept");
    harness.get_by_label("Delete the question…").click();
    harness.run();
    harness.get_by_label("Delete it").click();
    settle(&mut harness);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        COMMENTED,
        "back as it was"
    );
    assert!(has_label_containing(
        &harness,
        "Deleted \"where-was-the-treaty-signed\""
    ));
}

#[test]
fn a_file_changed_on_disk_since_it_was_opened_is_not_written_over_without_asking() {
    let setup = Setup::new();
    let file = setup.questions.join("demo.ron");
    std::fs::write(&file, COMMENTED).unwrap();
    let mut harness = setup.harness(false, None);
    open_editor_on(&mut harness, "capital");
    click_checkbox(&mut harness, "Option 2 is right");
    let theirs = COMMENTED.replace("This comment stays.", "Changed in another editor.");
    std::fs::write(&file, &theirs).unwrap();
    harness.get_by_label("Save").click();
    settle(&mut harness);
    assert!(has_label_containing(&harness, "The file changed on disk"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        theirs,
        "nothing written"
    );
    harness.get_by_label("Keep editing").click();
    harness.run();
    harness.get_by_label("Save").click();
    settle(&mut harness);
    harness
        .get_by_label("Save my question into the file as it is now")
        .click();
    settle(&mut harness);
    let both = std::fs::read_to_string(&file).unwrap();
    assert!(
        both.contains("Changed in another editor."),
        "their change is kept"
    );
    assert!(
        both.contains("correct: [0, 1]"),
        "and the question saved: {both}"
    );
}

#[test]
fn a_shipped_set_is_read_only_and_copied_to_the_question_folder_to_edit() {
    let setup = Setup::new();
    let mut config = setup.config(false);
    config.shipped = true;
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1100.0, 800.0))
        .build_eframe(move |cc| App::new(cc, config));
    harness.run();
    harness.get_by_label("Sets").click();
    harness.run();
    type_into(&mut harness, "Search", "set:article-5");
    harness.key_press(egui::Key::ArrowDown);
    harness.run();
    assert!(has_label_containing(
        &harness,
        "Shipped sets are read only."
    ));
    assert!(harness.query_by_label("Edit the question").is_none());
    harness.get_by_label("Copy the set to my folder").click();
    harness.step();
    let copy = setup.data().questions().join("article-5-copy.ron");
    let text = std::fs::read_to_string(&copy).unwrap();
    assert!(text.contains("id: \"article-5-copy\""));
    assert!(wait_for(&mut harness, |h| has_label_containing(
        h,
        "Your progress on the shipped set stays with it"
    )));
    // Once reloaded, the copy is a set questions can be added to.
    assert!(wait_for(&mut harness, |h| h
        .query_by_label("Add a question")
        .is_some()));
}

/// Picks `kind` in the editor's Kind box.
fn choose_kind(harness: &mut Harness<'static, App>, kind: &str) {
    harness.get_by_label("Kind").click();
    harness.run();
    harness
        .query_all_by_label(kind)
        .last()
        .expect("the kind in the open list")
        .click();
    harness.run();
}

#[test]
fn a_teacher_makes_a_set_and_adds_a_question_of_every_kind_that_loads_cleanly() {
    let setup = Setup::new();
    let mut harness = setup.harness(false, None);
    harness.get_by_label("Sets").click();
    harness.run();
    type_into(&mut harness, "New set titled", "Baltic air policing");
    harness.get_by_label("Make the set").click();
    harness.step();
    let file = setup.data().questions().join("baltic-air-policing.ron");
    assert!(file.is_file());
    assert!(wait_for(&mut harness, |h| h
        .query_by_label("Add a question")
        .is_some()));
    let kinds: [(&str, &[(&str, &str)]); 8] = [
        (
            "Choice",
            &[("Option 1", "4 April 1949"), ("Option 2", "24 August 1949")],
        ),
        ("TrueFalse", &[]),
        (
            "Typed",
            &[
                ("Accepted answer 1", "Lord Robertson"),
                ("Try an answer", "lord robertsen"),
            ],
        ),
        ("Number", &[("Value", "12")]),
        ("Order", &[("Item 1", "Signed"), ("Item 2", "In force")]),
        (
            "Match",
            &[
                ("Pair 1 left", "Article 4"),
                ("Pair 1 right", "Consultation"),
                ("Pair 2 left", "Article 5"),
                ("Pair 2 right", "Collective defence"),
            ],
        ),
        (
            "Cloze",
            &[("Sentence with gaps", "Article {{5}} is the core.")],
        ),
        ("Flashcard", &[("Back of the card", "The area covered.")]),
    ];
    for (kind, fields) in kinds {
        // The new set is the one questions are added to.
        harness.get_by_label("Add a question").click();
        harness.run();
        choose_kind(&mut harness, kind);
        if kind != "Cloze" {
            type_into(&mut harness, "Prompt", &format!("A {kind} question?"));
        }
        for (label, text) in fields {
            type_into(&mut harness, label, text);
        }
        if kind == "Typed" {
            assert!(
                has_label_containing(&harness, "✔ accepted"),
                "the try box grades as students are graded"
            );
        }
        type_into(&mut harness, "Source", "North Atlantic Treaty (1949)");
        type_into(
            &mut harness,
            "Explanation (shown after every answer)",
            "Because.",
        );
        assert!(has_label_containing(&harness, "No problems"), "{kind}");
        harness.get_by_label("Save").click();
        settle(&mut harness);
        assert!(has_label_containing(&harness, "Saved"), "{kind}");
        harness.get_by_label("⬅ Back to the sets").click();
        harness.run();
    }
    let text = std::fs::read_to_string(&file).unwrap();
    let parsed = allydeck::bank::parse_text("baltic-air-policing.ron", &text);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let set = parsed.set.unwrap();
    let kinds: Vec<&str> = set
        .questions
        .iter()
        .rev()
        .take(8)
        .map(|q| q.answer.kind().name())
        .collect();
    assert_eq!(
        kinds,
        [
            "Flashcard",
            "Cloze",
            "Match",
            "Order",
            "Number",
            "Typed",
            "TrueFalse",
            "Choice"
        ]
    );
    assert!(text.starts_with(allydeck::app::editor::TEMPLATE.lines().next().unwrap()));
}

#[test]
fn esc_in_an_editor_field_leaves_the_field_and_then_asks_before_changes_are_dropped() {
    let setup = Setup::new();
    let mut harness = setup.harness(false, None);
    open_editor_on(&mut harness, "sg");
    type_into(&mut harness, "Accepted answer 1", " Lord");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(
        has_label_containing(&harness, "Question \"sg\""),
        "still editing"
    );
    assert!(!has_label_containing(&harness, "Leave without saving?"));
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(has_label_containing(&harness, "Leave without saving?"));
    harness.get_by_label("Keep editing").click();
    harness.run();
    harness.get_by_label("Undo my changes").click();
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(
        has_label_containing(&harness, "3 of 3 questions"),
        "no changes: back at once"
    );
}

#[test]
fn ctrl_s_on_a_question_as_saved_writes_nothing() {
    let setup = Setup::new();
    let file = setup.questions.join("demo.ron");
    std::fs::write(&file, COMMENTED).unwrap();
    let mut harness = setup.harness(false, None);
    open_editor_on(&mut harness, "once");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), COMMENTED);
    assert!(!has_label_containing(&harness, "Saved"));
}

#[test]
fn a_row_is_chosen_anywhere_and_its_preview_shows_the_question_as_saved() {
    let setup = Setup::new();
    let mut harness = setup.harness(false, None);
    harness.get_by_label("Sets").click();
    harness.run();
    harness.key_press(egui::Key::E);
    harness.run();
    assert!(has_label_containing(&harness, "Choose a question first"));
    harness.get_by_label("Question demo/once").click();
    harness.run();
    assert!(
        has_label_containing(&harness, "demo/once"),
        "chosen by its row"
    );
    assert!(harness.query_by_label("True (T)").is_some(), "its preview");
    harness.get_by_label("Edit the question").click();
    harness.run();
    type_into(&mut harness, "Prompt", " Really?");
    harness.get_by_label("Save").click();
    settle(&mut harness);
    harness.get_by_label("⬅ Back to the sets").click();
    assert!(wait_for(&mut harness, |h| h
        .query_all_by_label("Article 5 has been invoked once. Really?")
        .count()
        >= 2));
}

#[test]
fn closing_the_window_with_a_question_not_saved_asks_first() {
    let setup = Setup::new();
    let mut harness = setup.harness(false, None);
    open_editor_on(&mut harness, "sg");
    type_into(&mut harness, "Accepted answer 1", " Lord");
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.run();
    assert!(has_label_containing(&harness, "Quit without saving?"));
    harness.get_by_label("Keep editing").click();
    harness.run();
    assert!(!has_label_containing(&harness, "Quit without saving?"));
    assert!(
        has_label_containing(&harness, "Question \"sg\""),
        "still editing"
    );
}

/// The demo history (`assets/demo/history.csv`) in the setup's profile.
fn import_demo_history(setup: &Setup) {
    let mut store = setup.store();
    let history = include_str!("../assets/demo/history.csv");
    let now: chrono::DateTime<Utc> = "2027-01-01T00:00:00Z".parse().unwrap();
    let records = allydeck::store::read_csv(history.as_bytes(), now).unwrap();
    let scheduler =
        allydeck::schedule::Scheduler::new(allydeck::schedule::Config::default()).unwrap();
    store.import(&records, &scheduler).unwrap();
}

#[test]
fn the_statistics_screen_shows_predicted_recall_against_recall_when_asked() {
    let setup = Setup::new();
    import_demo_history(&setup);
    let mut harness = setup.harness(false, None);
    harness.get_by_label("Statistics").click();
    harness.run();
    assert!(!has_label_containing(&harness, "Predicted on average"));
    // Below the plots, out of view: reached from the keyboard, as a student would.
    harness.get_by_label("Show the calibration").focus();
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(has_label_containing(&harness, "Predicted on average"));
    assert!(has_label_containing(&harness, "90-100%"));
    assert!(has_label_containing(
        &harness,
        "Recalled against predicted chart"
    ));
}

#[test]
fn settings_fit_the_students_own_parameters_and_put_them_in_force_when_asked() {
    let setup = Setup::new();
    import_demo_history(&setup);
    let mut harness = setup.harness(false, None);
    open_settings(&mut harness);
    assert!(has_label_containing(
        &harness,
        "In force: FSRS-6's defaults"
    ));
    harness.get_by_label("Optimise from my reviews").click();
    harness.step();
    assert!(wait_for(&mut harness, |h| has_label_containing(
        h, "Log loss"
    )));
    assert!(has_label_containing(&harness, "3382 reviews"));
    assert!(
        setup
            .store()
            .scheduler_config()
            .unwrap()
            .parameters
            .is_empty(),
        "nothing yet"
    );
    harness
        .query_all_by_label_contains("Use ")
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::Button)
        .unwrap()
        .click();
    // New parameters, a new estimate of what the retention costs.
    settle_estimate(&mut harness);
    assert!(has_label_containing(
        &harness,
        "The fitted parameters are in force"
    ));
    let parameters = setup.store().scheduler_config().unwrap().parameters;
    assert_eq!(parameters.len(), 21, "kept in the profile");
    // Saving the other settings afterwards keeps them.
    harness.get_by_label("Save").click();
    harness.run();
    assert_eq!(
        setup.store().scheduler_config().unwrap().parameters,
        parameters
    );
}

/// Types the character `ch` outside any text field (Anki's `@` is a character, not a key).
fn type_char(harness: &mut Harness<'static, App>, ch: &str) {
    harness
        .input_mut()
        .events
        .push(egui::Event::Text(ch.to_owned()));
    harness.run();
}

fn hold_of(setup: &Setup, card: &str) -> Option<allydeck::schedule::Hold> {
    setup.store().hold(&card.parse().unwrap()).unwrap()
}

#[test]
fn suspend_and_bury_from_the_review_are_undone_counted_on_home_and_unsuspended_on_the_sets_screen()
{
    let setup = Setup::new();
    let mut harness = setup.harness(false, None);
    harness.key_press(egui::Key::Space);
    harness.run();
    assert!(has_label_containing(
        &harness,
        "Where is NATO's headquarters?"
    ));
    type_char(&mut harness, "@");
    assert_eq!(
        hold_of(&setup, "demo/capital"),
        Some(allydeck::schedule::Hold::Suspended)
    );
    assert!(has_label_containing(
        &harness,
        "Suspended “Where is NATO's headquarters?”"
    ));
    assert!(has_label_containing(&harness, "Who was Secretary General"));
    // The typed answer has the keyboard, where `-` is text: the button buries.
    harness.get_by_label("Bury").click();
    harness.run();
    assert!(matches!(
        hold_of(&setup, "demo/sg"),
        Some(allydeck::schedule::Hold::Buried { .. })
    ));
    assert!(has_label_containing(
        &harness,
        "Article 5 has been invoked once."
    ));
    assert_eq!(
        setup.store().review_count().unwrap(),
        0,
        "a hold is no answer"
    );
    // Undo takes the bury back, then the suspend, the latest first.
    harness.key_press(egui::Key::U);
    harness.run();
    assert_eq!(hold_of(&setup, "demo/sg"), None);
    assert!(has_label_containing(&harness, "Who was Secretary General"));
    assert!(has_label_containing(
        &harness,
        "Undone: the bury of “Who was Secretary General in 2001?”."
    ));
    harness.get_by_label("Bury").click();
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(has_label_containing(
        &harness,
        "Set aside: 1 card suspended, 1 card buried until tomorrow."
    ));
    assert!(has_label_containing(&harness, "Show the buried cards"));
    harness.get_by_label("Show the suspended cards").click();
    harness.run();
    assert!(has_label_containing(&harness, "1 of 3 questions"));
    harness.get_by_label("Question demo/capital").click();
    harness.run();
    harness.get_by_label("Unsuspend").click();
    harness.run();
    assert_eq!(hold_of(&setup, "demo/capital"), None);
    assert!(has_label_containing(
        &harness,
        "“Where is NATO's headquarters?” is back in the study queue."
    ));
    assert!(
        has_label_containing(&harness, "0 of 3 questions"),
        "no longer found by is:suspended"
    );
    // And suspended again from there.
    harness.get_by_label("Suspend").click();
    harness.run();
    assert_eq!(
        hold_of(&setup, "demo/capital"),
        Some(allydeck::schedule::Hold::Suspended)
    );
}

#[test]
fn card_info_opens_over_the_card_with_i_and_esc_closes_it_without_leaving() {
    let setup = Setup::new();
    let mut harness = setup.harness(false, None);
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.get_by_label_contains("Paris").click();
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(has_label_containing(&harness, "✖ Wrong"));
    harness.key_press(egui::Key::I);
    harness.run();
    assert!(has_label_containing(&harness, "Card info"));
    assert!(has_label_containing(&harness, "Predicted recall"));
    assert!(has_label_containing(
        &harness,
        "1 review, never forgotten since it was learnt."
    ));
    assert!(has_label_containing(
        &harness,
        "Phase: learning, in a learning step; due"
    ));
    // The card's keys do nothing under it: 3 would have rated the answer Good and gone on.
    harness.key_press(egui::Key::Num3);
    harness.run();
    let reviews = setup.store().reviews().unwrap();
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].record.rating, Rating::Again);
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(!has_label_containing(&harness, "Predicted recall"));
    assert!(
        has_label_containing(&harness, "✖ Wrong"),
        "still on the card"
    );
}

/// `card` answered Easy a month ago (it graduates at once, so it is a review card due now),
/// with a leech threshold of 1 and no new card a day: the next lapse makes it a leech.
fn learnt_a_month_ago(setup: &Setup, card: &str) {
    let mut store = setup.store();
    let config = allydeck::schedule::Config {
        leech_threshold: 1,
        new_per_day: 0,
        fuzz: false,
        ..allydeck::schedule::Config::default()
    };
    store.save_scheduler_config(&config).unwrap();
    let now = setup.clock.lock().unwrap().now;
    let record = allydeck::store::ReviewRecord {
        card: card.parse().unwrap(),
        at: now - chrono::Duration::days(30),
        utc_offset: FixedOffset::east_opt(3600).unwrap(),
        rating: Rating::Easy,
        duration_ms: Some(3000),
        overridden: false,
    };
    let scheduler = allydeck::schedule::Scheduler::new(config).unwrap();
    store.import(&[record], &scheduler).unwrap();
}

#[test]
fn a_leech_is_pointed_out_in_the_review_suspended_from_there_and_counted_on_home() {
    let setup = Setup::new();
    learnt_a_month_ago(&setup, "demo/capital");
    let mut harness = setup.harness(false, None);
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.get_by_label_contains("Paris").click();
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(has_label_containing(
        &harness,
        "This card is a leech: forgotten once since you learnt it."
    ));
    // Its explanation is shown below, after the answer: the notice points there.
    assert!(has_label_containing(
        &harness,
        "Read the explanation below once more"
    ));
    assert!(!has_label_containing(
        &harness,
        "Read its explanation again"
    ));
    assert!(has_label_containing(&harness, "In Brussels since 1967."));
    harness.get_by_label("Suspend it").click();
    harness.run();
    assert_eq!(
        hold_of(&setup, "demo/capital"),
        Some(allydeck::schedule::Hold::Suspended)
    );
    assert!(!has_label_containing(&harness, "is a leech"));
    assert!(
        has_label_containing(&harness, "Done for now"),
        "nothing else is due"
    );
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(has_label_containing(
        &harness,
        "Leeches: 1 card forgotten once or more (1 suspended)."
    ));
    harness.get_by_label("Show the leeches").click();
    harness.run();
    assert!(has_label_containing(&harness, "1 of 3 questions"));
    assert!(has_label_containing(&harness, "suspended, leech"));
}

#[test]
fn settings_show_what_a_retention_costs_and_keep_the_leech_threshold() {
    let setup = Setup::new();
    let mut harness = setup.harness(false, None);
    open_settings(&mut harness);
    assert!(has_label_containing(&harness, "Reviews a day"));
    assert!(has_label_containing(&harness, "0.90 (in force)"));
    assert!(!has_label_containing(&harness, "(chosen)"));
    harness
        .query_all_by_label("Desired retention")
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::Slider)
        .unwrap()
        .set_value_accesskit(0.97);
    settle_estimate(&mut harness);
    assert!(has_label_containing(&harness, "0.97 (chosen)"));
    harness
        .get_by_label("Leech after (lapses)")
        .set_value_accesskit(5.0);
    settle_estimate(&mut harness);
    harness.get_by_label("Save").click();
    settle_estimate(&mut harness);
    let saved = setup.store().scheduler_config().unwrap();
    assert_eq!(saved.leech_threshold, 5);
    assert!((saved.desired_retention - 0.97).abs() < 1e-6);
    // Saved: the chosen retention is the one in force now.
    assert!(has_label_containing(&harness, "0.97 (in force)"));
}

#[test]
fn a_flashcard_leech_is_pointed_out_before_it_is_asked_again_with_its_back_to_read() {
    let setup = Setup::new();
    std::fs::write(
        setup.questions.join("cards.ron"),
        r#"QuestionSet(id: "cards", title: "Cards", questions: [
    (id: "tallinn", prompt: "Where is the cyber defence centre?", answer: Flashcard("Tallinn, Estonia."), explanation: "Accredited in 2008.", source: "CCDCOE"),
])"#,
    )
    .unwrap();
    learnt_a_month_ago(&setup, "cards/tallinn");
    let mut harness = setup.harness(false, None);
    // The one review due, and no new card today.
    harness.key_press(egui::Key::Space);
    harness.run();
    assert!(has_label_containing(
        &harness,
        "Where is the cyber defence centre?"
    ));
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.key_press(egui::Key::Num1);
    harness.run();
    // Nothing else is due: the card itself comes back early (it is due again in 10 minutes),
    // under the notice, with its back to read again before answering.
    assert!(has_label_containing(
        &harness,
        "This card is a leech: forgotten once"
    ));
    assert!(!has_label_containing(&harness, "Tallinn, Estonia."));
    harness.get_by_label("Read its explanation again").click();
    harness.run();
    assert!(has_label_containing(&harness, "Tallinn, Estonia."));
    assert!(has_label_containing(&harness, "Accredited in 2008."));
    harness.get_by_label("Suspend it").click();
    harness.run();
    assert_eq!(
        hold_of(&setup, "cards/tallinn"),
        Some(allydeck::schedule::Hold::Suspended)
    );
    assert!(has_label_containing(&harness, "Done for now"));
    // Undo takes the suspend back and the session is where it was: the card asked.
    harness.key_press(egui::Key::U);
    harness.run();
    assert_eq!(hold_of(&setup, "cards/tallinn"), None);
    assert!(has_label_containing(
        &harness,
        "Where is the cyber defence centre?"
    ));
}

#[test]
fn after_card_info_on_a_typed_question_what_is_typed_is_the_answer_not_a_shortcut() {
    let setup = Setup::new();
    let mut harness = setup.harness(false, None);
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.get_by_label_contains("Brussels").click();
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.key_press(egui::Key::Space);
    harness.run();
    assert!(has_label_containing(&harness, "Who was Secretary General"));
    harness.get_by_label("Card info").click();
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
    type_char(&mut harness, "-");
    assert_eq!(hold_of(&setup, "demo/sg"), None, "not buried");
    assert!(has_label_containing(&harness, "Who was Secretary General"));
}
