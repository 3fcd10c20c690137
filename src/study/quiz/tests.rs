//! The quiz session: drawing, answering, feedback modes, the time limit and retries.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use tempfile::TempDir;

use super::*;
use crate::bank::testing::bank;
use crate::schedule::{Config, DoneToday};
use crate::study::Today;

fn deck() -> (TempDir, Deck) {
    let dir = TempDir::new().unwrap();
    let today = Today::new(
        now(),
        chrono::FixedOffset::east_opt(0).unwrap(),
        &Config::default(),
        DoneToday::default(),
    );
    let deck = Deck::new(bank(&dir), HashMap::new(), today);
    (dir, deck)
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-02T10:00:00Z")
        .unwrap()
        .into()
}

fn setup(count: usize, feedback: FeedbackMode, seed: u64) -> QuizSetup {
    QuizSetup {
        sets: vec![SetId::new("demo")],
        tags: vec![],
        count,
        time_limit: None,
        feedback,
        seed,
    }
}

/// The right response for each demo question.
fn right(card: &CardKey) -> Response {
    match card.question.as_str() {
        "pick" => Response::Choice(vec![0]),
        "type" => Response::Typed("Robertson".into()),
        _ => Response::TrueFalse(true),
    }
}

#[test]
fn questions_are_drawn_by_seed_without_flashcards_and_by_tag() {
    let (_dir, deck) = deck();
    let cards = |seed| {
        QuizSession::start(&deck, setup(10, FeedbackMode::AfterEach, seed), now())
            .unwrap()
            .items()
            .iter()
            .map(|i| i.card.question.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(cards(1), cards(1), "the same seed draws the same quiz");
    let mut drawn = cards(1);
    drawn.sort();
    assert_eq!(drawn, ["pick", "type", "yes"], "flashcards are left out");
    let two = QuizSession::start(&deck, setup(2, FeedbackMode::AfterEach, 3), now()).unwrap();
    assert_eq!(two.items().len(), 2);
    let people = QuizSetup {
        tags: vec!["people".into()],
        ..setup(10, FeedbackMode::AfterEach, 1)
    };
    let tagged = QuizSession::start(&deck, people, now()).unwrap();
    assert_eq!(tagged.items().len(), 1);
    assert_eq!(tagged.items()[0].card.question.as_str(), "type");
    let set_tag = QuizSetup {
        tags: vec!["t".into()],
        ..setup(10, FeedbackMode::AfterEach, 1)
    };
    assert_eq!(
        QuizSession::start(&deck, set_tag, now())
            .unwrap()
            .items()
            .len(),
        3,
        "set tags count"
    );
    let nothing = QuizSetup {
        tags: vec!["none".into()],
        ..setup(10, FeedbackMode::AfterEach, 1)
    };
    assert!(matches!(
        QuizSession::start(&deck, nothing, now()),
        Err(StudyError::NoQuestions)
    ));
}

#[test]
fn feedback_after_each_waits_for_next_and_the_score_counts_right_answers() {
    let (_dir, deck) = deck();
    let mut quiz = QuizSession::start(&deck, setup(3, FeedbackMode::AfterEach, 5), now()).unwrap();
    let first = quiz.current().unwrap().card.clone();
    quiz.answer(right(&first), now()).unwrap();
    assert!(quiz.showing_feedback());
    assert!(matches!(
        quiz.answer(right(&first), now()),
        Err(StudyError::NotNow(_))
    ));
    quiz.next(now());
    let second = quiz.current().unwrap().card.clone();
    assert_ne!(first, second);
    quiz.answer(Response::TrueFalse(false), now()).ok();
    quiz.next(now());
    quiz.next(now() + Duration::seconds(90)); // skip the third
    assert!(!quiz.is_finished(), "a skipped question comes again first");
    assert!(quiz.skipped_again());
    let first_open = quiz.items().iter().position(|i| i.outcome.is_none());
    assert_eq!(Some(quiz.position()), first_open, "the earliest skipped");
    quiz.finish(now() + Duration::seconds(90));
    assert!(quiz.is_finished());
    // The second got `false` (wrong for "yes", a kind mismatch for the others): only the first counts.
    assert_eq!(quiz.correct(), 1);
    assert_eq!(
        quiz.elapsed(now() + Duration::hours(1)),
        Duration::seconds(90)
    );
    let attempt = quiz.attempt(FixedOffset::east_opt(0).unwrap());
    assert_eq!(attempt.answers.len(), 3);
    assert_eq!(attempt.answers[2].response, "null", "the skipped question");
    assert!((quiz.score() - attempt.score()).abs() < 1e-12);
}

#[test]
fn feedback_at_the_end_moves_straight_on() {
    let (_dir, deck) = deck();
    let mut quiz = QuizSession::start(&deck, setup(3, FeedbackMode::AtEnd, 5), now()).unwrap();
    for _ in 0..3 {
        let card = quiz.current().unwrap().card.clone();
        quiz.answer(right(&card), now()).unwrap();
        assert!(!quiz.showing_feedback());
    }
    assert!(quiz.is_finished());
    assert_eq!(quiz.correct(), 3);
    assert!((quiz.score() - 1.0).abs() < 1e-12);
    assert!(quiz.retry_mistakes(&deck, 9, now()).is_none());
}

#[test]
fn the_time_limit_ends_the_quiz_and_unanswered_questions_are_wrong() {
    let (_dir, deck) = deck();
    let timed = QuizSetup {
        time_limit: Some(Duration::seconds(60)),
        ..setup(3, FeedbackMode::AfterEach, 5)
    };
    let mut quiz = QuizSession::start(&deck, timed, now()).unwrap();
    assert_eq!(
        quiz.time_left(now() + Duration::seconds(15)),
        Some(Duration::seconds(45))
    );
    let card = quiz.current().unwrap().card.clone();
    quiz.answer(right(&card), now() + Duration::seconds(10))
        .unwrap();
    assert!(!quiz.tick(now() + Duration::seconds(59)));
    assert!(quiz.tick(now() + Duration::seconds(61)));
    assert!(quiz.is_finished());
    assert_eq!(
        quiz.elapsed(now() + Duration::hours(1)),
        Duration::seconds(60),
        "ends at the limit"
    );
    assert_eq!(quiz.correct(), 1);
    assert!(matches!(
        quiz.answer(Response::TrueFalse(true), now() + Duration::seconds(70)),
        Err(StudyError::NotNow(_))
    ));
    let retry = quiz.retry_mistakes(&deck, 2, now()).unwrap();
    let mut retried: Vec<String> = retry.items().iter().map(|i| i.card.to_string()).collect();
    retried.sort();
    let mut expected: Vec<String> = quiz
        .items()
        .iter()
        .filter(|i| i.card != card)
        .map(|i| i.card.to_string())
        .collect();
    expected.sort();
    assert_eq!(retried, expected, "exactly the two not answered right");
}
