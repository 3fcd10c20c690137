//! The review session's state machine, against a real store in a temporary folder.

use std::collections::HashMap;

use chrono::{DateTime, Duration, FixedOffset, Utc};
use tempfile::TempDir;

use super::*;
use crate::bank::{Bank, Source};
use crate::schedule::{Config, Phase};

pub(crate) const SET: &str = r#"QuestionSet(id: "demo", title: "Demo", tags: ["t"], questions: [
    (id: "pick", prompt: "Which?", answer: Choice(options: ["right", "wrong", "also wrong"], correct: [0]), explanation: "e", source: "s"),
    (id: "type", prompt: "Who?", answer: Typed(accept: ["Robertson"]), explanation: "e", source: "s", tags: ["people"]),
    (id: "card", prompt: "Front?", answer: Flashcard("Back."), explanation: "e", source: "s"),
    (id: "yes", prompt: "True?", answer: TrueFalse(true), explanation: "e", source: "s"),
])"#;

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

struct Fixture {
    _dir: TempDir,
    deck: Deck,
    store: Store,
    scheduler: Scheduler,
    at: At,
}

fn fixture(new_per_day: u32) -> Fixture {
    let dir = TempDir::new().unwrap();
    let deck = Deck::new(bank(&dir), HashMap::new());
    let store = Store::open(&dir.path().join("progress.sqlite3")).unwrap();
    let scheduler = Scheduler::new(Config {
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
    Fixture {
        _dir: dir,
        deck,
        store,
        scheduler,
        at,
    }
}

impl Fixture {
    /// Answers the card `session` is asking, at `at`.
    fn submit(&mut self, session: &mut ReviewSession, response: Response, at: At) {
        session
            .submit(
                &mut self.deck,
                &mut self.store,
                &self.scheduler,
                response,
                at,
            )
            .unwrap();
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
    let mut session = ReviewSession::start(&f.deck, &f.store, &f.scheduler, None, f.at).unwrap();
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
    assert_eq!(offered, [Rating::Hard, Rating::Good, Rating::Easy]);
    let reviews = f.store.reviews_of(&key("pick")).unwrap();
    assert_eq!(
        reviews.len(),
        1,
        "recorded before the next question appears"
    );
    assert_eq!(reviews[0].record.rating, Rating::Good);
    assert_eq!(reviews[0].record.duration_ms, Some(7000));

    session
        .choose_rating(&mut f.deck, &mut f.store, Rating::Easy)
        .unwrap();
    let reviews = f.store.reviews_of(&key("pick")).unwrap();
    assert_eq!(reviews.len(), 1, "the rating is replaced, not added");
    assert_eq!(reviews[0].record.rating, Rating::Easy);
    let state = f.store.card_state(&key("pick")).unwrap().unwrap();
    assert_eq!(
        state.phase,
        Phase::Review,
        "Easy graduates a new card at once"
    );
    assert_eq!(f.deck.state(&key("pick")), Some(&state));
    assert!(
        matches!(
            session.choose_rating(&mut f.deck, &mut f.store, Rating::Again),
            Err(StudyError::NotNow(_))
        ),
        "a right answer cannot be rated Again"
    );

    session
        .next(&f.deck, &f.store, &f.scheduler, later)
        .unwrap();
    assert_eq!(asked(&session), key("type"));
}

#[test]
fn a_wrong_typed_answer_is_again_and_undo_takes_it_back() {
    let mut f = fixture(20);
    let mut session = ReviewSession::start(&f.deck, &f.store, &f.scheduler, None, f.at).unwrap();
    f.submit(&mut session, Response::Choice(vec![0]), f.at);
    session.next(&f.deck, &f.store, &f.scheduler, f.at).unwrap();
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
    assert_eq!(verdict.feedback, "Not quite: the answer is “Robertson”.");
    assert_eq!(*rating, Rating::Again);
    assert_eq!(choices.len(), 1);
    assert_eq!(f.store.review_count().unwrap(), 2);

    session
        .undo(&mut f.deck, &mut f.store, &f.scheduler, f.at)
        .unwrap();
    assert_eq!(
        asked(&session),
        key("type"),
        "the undone card is asked again"
    );
    assert_eq!(f.store.review_count().unwrap(), 1);
    assert_eq!(f.store.card_state(&key("type")).unwrap(), None);
    assert_eq!(f.deck.state(&key("type")), None);
    // Undo again, from the question: the first answer goes too.
    session
        .undo(&mut f.deck, &mut f.store, &f.scheduler, f.at)
        .unwrap();
    assert_eq!(asked(&session), key("pick"));
    assert_eq!(f.store.review_count().unwrap(), 0);
    assert!(!session.can_undo());
    assert!(matches!(
        session.undo(&mut f.deck, &mut f.store, &f.scheduler, f.at),
        Err(StudyError::NotNow(_))
    ));
}

#[test]
fn a_flashcard_is_revealed_then_rated_by_the_student() {
    let mut f = fixture(20);
    let mut session = ReviewSession::start(&f.deck, &f.store, &f.scheduler, None, f.at).unwrap();
    for response in [
        Response::Choice(vec![0]),
        Response::Typed("Robertson".into()),
    ] {
        session
            .submit(&mut f.deck, &mut f.store, &f.scheduler, response, f.at)
            .unwrap();
        session.next(&f.deck, &f.store, &f.scheduler, f.at).unwrap();
    }
    assert_eq!(asked(&session), key("card"));
    assert!(matches!(
        session.submit(
            &mut f.deck,
            &mut f.store,
            &f.scheduler,
            Response::Typed("x".into()),
            f.at
        ),
        Err(StudyError::NotNow(_))
    ));
    assert!(
        matches!(
            session.rate_flashcard(&mut f.deck, &mut f.store, &f.scheduler, Rating::Good, f.at),
            Err(StudyError::NotNow(_))
        ),
        "not before the answer is shown"
    );
    session.reveal().unwrap();
    assert!(matches!(session.phase(), ReviewPhase::Revealed { .. }));
    session
        .rate_flashcard(&mut f.deck, &mut f.store, &f.scheduler, Rating::Hard, f.at)
        .unwrap();
    let reviews = f.store.reviews_of(&key("card")).unwrap();
    assert_eq!(reviews[0].record.rating, Rating::Hard);
}

#[test]
fn the_session_finishes_at_the_daily_limit_and_says_when_to_come_back() {
    let mut f = fixture(1);
    let mut session = ReviewSession::start(&f.deck, &f.store, &f.scheduler, None, f.at).unwrap();
    let progress = session
        .progress(&f.deck, &f.store, &f.scheduler, f.at)
        .unwrap();
    assert_eq!((progress.new, progress.answered), (1, 0));
    f.submit(&mut session, Response::Choice(vec![0]), f.at);
    session
        .choose_rating(&mut f.deck, &mut f.store, Rating::Easy)
        .unwrap();
    session.next(&f.deck, &f.store, &f.scheduler, f.at).unwrap();
    let ReviewPhase::Finished { next_due } = session.phase() else {
        panic!("the one new card of the day is done: {:?}", session.phase());
    };
    let due = f.store.card_state(&key("pick")).unwrap().unwrap().due;
    assert_eq!(*next_due, Some(due));
    assert!(matches!(
        session.next(&f.deck, &f.store, &f.scheduler, f.at),
        Err(StudyError::NotNow(_))
    ));
}

#[test]
fn a_learning_card_comes_back_when_due_and_early_when_nothing_else_is() {
    let mut f = fixture(1);
    let mut session = ReviewSession::start(&f.deck, &f.store, &f.scheduler, None, f.at).unwrap();
    f.submit(&mut session, Response::Choice(vec![1]), f.at);
    session.next(&f.deck, &f.store, &f.scheduler, f.at).unwrap();
    // Wrong: due again in one minute; nothing else is due, so it is shown ahead of time.
    assert_eq!(asked(&session), key("pick"));
}

#[test]
fn a_session_for_one_set_only_asks_that_set() {
    let f = fixture(20);
    let other: SetId = SetId::new("elsewhere");
    let session = ReviewSession::start(&f.deck, &f.store, &f.scheduler, Some(other), f.at).unwrap();
    assert!(matches!(
        session.phase(),
        ReviewPhase::Finished { next_due: None }
    ));
    let session = ReviewSession::start(
        &f.deck,
        &f.store,
        &f.scheduler,
        Some(SetId::new("demo")),
        f.at,
    )
    .unwrap();
    assert_eq!(asked(&session), key("pick"));
}
