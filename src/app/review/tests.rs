//! The review session's state machine through the application layer, against a real store in
//! a temporary folder.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use tempfile::TempDir;

use super::*;
pub(crate) use crate::bank::testing::bank;
use crate::schedule::{Config, Phase};
use crate::store::Store;

pub(crate) struct Fixture {
    pub(crate) dir: TempDir,
    pub(crate) col: Collection,
    pub(crate) at: At,
}

/// The database of a fixture, to open a second collection on it.
pub(crate) fn database(dir: &TempDir) -> std::path::PathBuf {
    dir.path().join("progress.sqlite3")
}

pub(crate) fn fixture(new_per_day: u32) -> Fixture {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&database(&dir)).unwrap();
    store
        .save_scheduler_config(&Config {
            new_per_day,
            fuzz: false,
            ..Config::default()
        })
        .unwrap();
    let now: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-03-02T10:00:00Z")
        .unwrap()
        .into();
    let at = At {
        now,
        utc_offset: FixedOffset::east_opt(3600).unwrap(),
    };
    let col = Collection::with_store(store, bank(&dir), at).unwrap();
    Fixture { dir, col, at }
}

impl Fixture {
    /// Answers the card `session` is asking, at `at`.
    pub(crate) fn submit(&mut self, session: &mut ReviewSession, response: Response, at: At) {
        self.col.submit(session, response, at).unwrap();
    }
}

fn asked(session: &ReviewSession) -> CardKey {
    match session.phase() {
        ReviewPhase::Asking { card, .. } => card.clone(),
        other => panic!("not asking: {other:?}"),
    }
}

fn key(id: &str) -> CardKey {
    format!("demo/{id}").parse().unwrap()
}

#[test]
fn a_right_choice_is_recorded_as_good_and_may_become_easy() {
    let mut f = fixture(20);
    let mut session = f.col.start_review(None, f.at).unwrap();
    assert_eq!(asked(&session), key("pick"), "new cards come in set order");
    let later = At {
        now: f.at.now + Duration::seconds(7),
        ..f.at
    };
    f.submit(&mut session, Response::Choice(vec![0]), later);
    let ReviewPhase::Feedback {
        verdict,
        rating,
        choices,
        ..
    } = session.phase()
    else {
        panic!("no feedback");
    };
    assert!(verdict.correct);
    assert_eq!(*rating, Rating::Good);
    let offered: Vec<Rating> = choices.iter().map(|(r, _)| *r).collect();
    assert_eq!(
        offered,
        Rating::ALL,
        "every rating: the student has the last word"
    );
    let reviews = f.col.reviews_of(&key("pick")).unwrap();
    assert_eq!(
        reviews.len(),
        1,
        "recorded before the next question appears"
    );
    assert_eq!(reviews[0].record.rating, Rating::Good);
    assert_eq!(reviews[0].record.duration_ms, Some(7000));

    f.col.choose_rating(&mut session, Rating::Easy).unwrap();
    let reviews = f.col.reviews_of(&key("pick")).unwrap();
    assert_eq!(reviews.len(), 1, "the rating is replaced, not added");
    assert_eq!(reviews[0].record.rating, Rating::Easy);
    let state = f.col.stored_state(&key("pick")).unwrap().unwrap();
    assert_eq!(
        state.phase,
        Phase::Review,
        "Easy graduates a new card at once"
    );
    assert_eq!(f.col.deck().state(&key("pick")), Some(&state));
    assert!(!f.col.reviews_of(&key("pick")).unwrap()[0].record.overridden);
    // A lucky guess: the student rates a right answer Again, overruling the verdict.
    f.col.choose_rating(&mut session, Rating::Again).unwrap();
    let reviews = f.col.reviews_of(&key("pick")).unwrap();
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].record.rating, Rating::Again);
    assert!(reviews[0].record.overridden, "recorded as overruled");
    assert!(matches!(
        session.phase(),
        ReviewPhase::Feedback {
            overridden: true,
            ..
        }
    ));
    assert!(
        matches!(
            f.col.overrule(&mut session),
            Err(AppError::Study(StudyError::NotNow(_)))
        ),
        "\"I was right\" is for a wrong verdict"
    );

    f.col.next(&mut session, later).unwrap();
    assert_eq!(asked(&session), key("type"));
}

#[test]
fn a_wrong_typed_answer_is_again_and_undo_takes_it_back() {
    let mut f = fixture(20);
    let mut session = f.col.start_review(None, f.at).unwrap();
    f.submit(&mut session, Response::Choice(vec![0]), f.at);
    f.col.next(&mut session, f.at).unwrap();
    assert_eq!(asked(&session), key("type"));
    f.submit(&mut session, Response::Typed("Solana".into()), f.at);
    let ReviewPhase::Feedback {
        verdict,
        rating,
        choices,
        ..
    } = session.phase()
    else {
        panic!("no feedback");
    };
    assert!(!verdict.correct);
    assert_eq!(verdict.feedback, "The answer is “Robertson”.");
    assert_eq!(*rating, Rating::Again);
    assert_eq!(choices.len(), 4);
    assert_eq!(f.col.review_count().unwrap(), 2);

    // "I was right": accepted, rated Good, recorded as overruled; Easy may still be chosen.
    f.col.overrule(&mut session).unwrap();
    let ReviewPhase::Feedback {
        rating, overridden, ..
    } = session.phase()
    else {
        panic!("no feedback");
    };
    assert_eq!((*rating, *overridden), (Rating::Good, true));
    f.col.choose_rating(&mut session, Rating::Easy).unwrap();
    let last = f.col.reviews_of(&key("type")).unwrap();
    assert_eq!(last[0].record.rating, Rating::Easy);
    assert!(last[0].record.overridden);
    // Back to Again: the verdict stands again, not overruled.
    f.col.choose_rating(&mut session, Rating::Again).unwrap();
    assert!(!f.col.reviews_of(&key("type")).unwrap()[0].record.overridden);

    f.col.undo(&mut session, f.at).unwrap();
    assert_eq!(
        asked(&session),
        key("type"),
        "the undone card is asked again"
    );
    assert_eq!(f.col.review_count().unwrap(), 1);
    assert_eq!(f.col.stored_state(&key("type")).unwrap(), None);
    assert_eq!(f.col.deck().state(&key("type")), None);
    // Undo again, from the question: the first answer goes too.
    f.col.undo(&mut session, f.at).unwrap();
    assert_eq!(asked(&session), key("pick"));
    assert_eq!(f.col.review_count().unwrap(), 0);
    assert!(!session.can_undo());
    assert!(matches!(
        f.col.undo(&mut session, f.at),
        Err(AppError::Study(StudyError::NotNow(_)))
    ));
}

#[test]
fn a_flashcard_is_revealed_then_rated_by_the_student() {
    let mut f = fixture(20);
    let mut session = f.col.start_review(None, f.at).unwrap();
    for response in [
        Response::Choice(vec![0]),
        Response::Typed("Robertson".into()),
    ] {
        f.col.submit(&mut session, response, f.at).unwrap();
        f.col.next(&mut session, f.at).unwrap();
    }
    assert_eq!(asked(&session), key("card"));
    assert!(matches!(
        f.col
            .submit(&mut session, Response::Typed("x".into()), f.at),
        Err(AppError::Study(StudyError::NotNow(_)))
    ));
    assert!(
        matches!(
            f.col.rate_flashcard(&mut session, Rating::Good, f.at),
            Err(AppError::Study(StudyError::NotNow(_)))
        ),
        "not before the answer is shown"
    );
    f.col.reveal(&mut session, f.at).unwrap();
    assert!(matches!(session.phase(), ReviewPhase::Revealed { .. }));
    f.col
        .rate_flashcard(&mut session, Rating::Hard, f.at)
        .unwrap();
    let reviews = f.col.reviews_of(&key("card")).unwrap();
    assert_eq!(reviews[0].record.rating, Rating::Hard);
    assert!(
        !matches!(
            session.phase(),
            ReviewPhase::Feedback { .. } | ReviewPhase::Revealed { .. }
        ),
        "rating goes straight on, as in Anki: {:?}",
        session.phase()
    );
    // Undo takes the rating back and shows the card again.
    f.col.undo(&mut session, f.at).unwrap();
    assert_eq!(asked(&session), key("card"));
    assert!(f.col.reviews_of(&key("card")).unwrap().is_empty());
}

#[test]
fn the_session_finishes_at_the_daily_limit_and_says_when_to_come_back() {
    let mut f = fixture(1);
    let mut session = f.col.start_review(None, f.at).unwrap();
    let progress = f.col.progress(&session, f.at).unwrap();
    assert_eq!((progress.new, progress.answered), (1, 0));
    f.submit(&mut session, Response::Choice(vec![0]), f.at);
    f.col.choose_rating(&mut session, Rating::Easy).unwrap();
    f.col.next(&mut session, f.at).unwrap();
    let ReviewPhase::Finished { next_due } = session.phase() else {
        panic!("the one new card of the day is done: {:?}", session.phase());
    };
    let due = f.col.stored_state(&key("pick")).unwrap().unwrap().due;
    assert_eq!(*next_due, Some(due));
    assert!(matches!(
        f.col.next(&mut session, f.at),
        Err(AppError::Study(StudyError::NotNow(_)))
    ));
}

#[test]
fn a_learning_card_comes_back_when_due_and_early_when_nothing_else_is() {
    let mut f = fixture(1);
    let mut session = f.col.start_review(None, f.at).unwrap();
    f.submit(&mut session, Response::Choice(vec![1]), f.at);
    f.col.next(&mut session, f.at).unwrap();
    // Wrong: due again in one minute; nothing else is due, so it is shown ahead of time.
    assert_eq!(asked(&session), key("pick"));
}

#[test]
fn a_session_for_one_set_only_asks_that_set() {
    let mut f = fixture(20);
    let other: SetId = SetId::new("elsewhere");
    let session = f.col.start_review(Some(other), f.at).unwrap();
    assert!(matches!(
        session.phase(),
        ReviewPhase::Finished { next_due: None }
    ));
    let session = f.col.start_review(Some(SetId::new("demo")), f.at).unwrap();
    assert_eq!(asked(&session), key("pick"));
}
