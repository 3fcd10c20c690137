//! The review session's state machine through the application layer, against a real store in
//! a temporary folder.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use tempfile::TempDir;

use super::*;
pub(crate) use crate::bank::testing::bank;
use crate::schedule::{Config, Hold, Phase};
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

/// A wrong answer to each auto-graded card of the demo set.
fn wrong_answer(card: &CardKey) -> Option<Response> {
    match card.question.as_str() {
        "pick" => Some(Response::Choice(vec![1])),
        "type" => Some(Response::Typed("Solana".into())),
        "yes" => Some(Response::TrueFalse(false)),
        _ => None,
    }
}

#[test]
fn a_card_forgotten_the_threshold_times_is_a_leech_and_can_be_suspended() {
    let mut f = fixture(1);
    let config = Config {
        leech_threshold: 2,
        ..f.col.config().clone()
    };
    f.col.save_config(config, f.at).unwrap();
    let pick = key("pick");
    let mut at = f.at;
    let mut seen = Vec::new();
    let mut session = f.col.start_review(None, at).unwrap();
    // Right (Easy: it graduates), wrong (a lapse), right again, wrong again.
    for round in 0..4 {
        session = f.col.start_review(None, at).unwrap();
        assert_eq!(asked(&session), pick, "round {round}");
        let wrong = round % 2 == 1;
        f.submit(&mut session, Response::Choice(vec![usize::from(wrong)]), at);
        if !wrong {
            f.col.choose_rating(&mut session, Rating::Easy).unwrap();
        }
        let state = f.col.deck().state(&pick).unwrap().clone();
        seen.push((state.lapses, session.leech().map(|l| l.lapses)));
        if round == 0 {
            // No other card comes in the way.
            let config = Config {
                new_per_day: 0,
                ..f.col.config().clone()
            };
            f.col.save_config(config, at).unwrap();
        }
        at.now = state.due.max(at.now) + Duration::minutes(1);
    }
    assert_eq!(seen, [(0, None), (1, None), (1, None), (2, Some(2))]);
    assert_eq!(f.col.home(at).unwrap().aside.leeches, 1);

    // "I was right" takes the lapse back, and with it the notice; Again brings both back.
    f.col.overrule(&mut session).unwrap();
    assert_eq!(session.leech(), None);
    assert_eq!(f.col.deck().state(&pick).unwrap().lapses, 1);
    f.col.choose_rating(&mut session, Rating::Again).unwrap();
    assert_eq!(session.leech().map(|l| &l.card), Some(&pick));

    // Suspend it from the notice: out of the queue, the log untouched, Home counts it.
    let reviews = f.col.review_count().unwrap();
    f.col.suspend_leech(&mut session, at).unwrap();
    assert_eq!(session.leech(), None);
    assert_eq!(f.col.deck().hold(&pick), Some(Hold::Suspended));
    assert_eq!(f.col.review_count().unwrap(), reviews);
    let later = At {
        now: at.now + Duration::days(400),
        ..at
    };
    assert_eq!(f.col.due_counts(None, later).unwrap().total(), 0);
    let aside = f.col.home(at).unwrap().aside;
    assert_eq!(
        (aside.suspended, aside.leeches, aside.leeches_suspended),
        (1, 1, 1)
    );
    // Undo takes the suspend back, and the feedback is shown again.
    f.col.undo(&mut session, at).unwrap();
    assert_eq!(f.col.deck().hold(&pick), None);
    assert!(matches!(session.phase(), ReviewPhase::Feedback { card, .. } if *card == pick));
    assert_eq!(
        session.leech().map(|l| &l.card),
        Some(&pick),
        "and its notice"
    );
    // A higher threshold: not a leech any more (it is counted from the lapses, not stored).
    let config = Config {
        leech_threshold: 3,
        ..f.col.config().clone()
    };
    f.col.save_config(config, at).unwrap();
    assert_eq!(f.col.home(at).unwrap().aside.leeches, 0);
}

#[test]
fn a_buried_card_comes_back_the_next_study_day_and_a_suspended_one_when_unsuspended() {
    let mut f = fixture(20);
    let mut session = f.col.start_review(None, f.at).unwrap();
    assert_eq!(asked(&session), key("pick"));
    assert_eq!(f.col.due_counts(None, f.at).unwrap().new, 4);
    f.col.bury(&mut session, f.at).unwrap();
    assert_eq!(asked(&session), key("type"), "on to the next card");
    f.col.suspend(&mut session, f.at).unwrap();
    assert_eq!(f.col.due_counts(None, f.at).unwrap().new, 2);
    assert_eq!(f.col.review_count().unwrap(), 0, "a hold is not an answer");
    assert_eq!(f.col.stored_state(&key("pick")).unwrap(), None);
    // A new session today, or another window, does not ask them either.
    let again = f.col.start_review(None, f.at).unwrap();
    assert_eq!(asked(&again), key("card"));
    let store = Store::open(&database(&f.dir)).unwrap();
    let mut other = Collection::with_store(store, f.col.bank().clone(), f.at).unwrap();
    assert_eq!(other.due_counts(None, f.at).unwrap().new, 2);
    let aside = f.col.home(f.at).unwrap().aside;
    assert_eq!((aside.suspended, aside.buried), (1, 1));

    // The next study day (the day begins at 04:00): the buried card is back, not the other.
    let tomorrow = At {
        now: f.at.now + Duration::hours(18),
        ..f.at
    };
    assert_eq!(f.col.due_counts(None, tomorrow).unwrap().new, 3);
    let session = f.col.start_review(None, tomorrow).unwrap();
    assert_eq!(asked(&session), key("pick"));
    let aside = f.col.home(tomorrow).unwrap().aside;
    assert_eq!((aside.suspended, aside.buried), (1, 0));
    // Unsuspended (the Sets screen's button): back in the queue, in its place.
    f.col.set_hold(&key("type"), None, tomorrow).unwrap();
    assert_eq!(f.col.due_counts(None, tomorrow).unwrap().new, 4);
    // Another window, still holding the suspend, cannot take it off twice.
    let stale = other.set_hold(&key("type"), None, tomorrow);
    assert!(
        matches!(stale, Err(AppError::Store(StoreError::Stale { .. }))),
        "{stale:?}"
    );
    assert_eq!(
        other.deck().hold(&key("type")),
        None,
        "it reads the hold it has now"
    );
}

#[test]
fn undo_takes_back_up_to_thirty_steps_the_latest_first() {
    let mut f = fixture(20);
    let mut at = f.at;
    let mut session = f.col.start_review(None, at).unwrap();
    // Every answer wrong, so every card stays in learning and comes back a minute later.
    let mut steps: Vec<(CardKey, UndoStep)> = Vec::new();
    while steps.len() < UNDO_STEPS + 6 {
        at.now += Duration::minutes(2);
        match session.phase().clone() {
            ReviewPhase::Asking { card, .. } if steps.len() == UNDO_STEPS => {
                f.col.bury(&mut session, at).unwrap();
                steps.push((card, UndoStep::Bury));
            }
            ReviewPhase::Asking { card, .. } => match wrong_answer(&card) {
                Some(response) => {
                    f.submit(&mut session, response, at);
                    steps.push((card, UndoStep::Answer));
                }
                None => f.col.reveal(&mut session, at).unwrap(),
            },
            ReviewPhase::Revealed { card, .. } => {
                f.col
                    .rate_flashcard(&mut session, Rating::Again, at)
                    .unwrap();
                steps.push((card, UndoStep::Answer));
            }
            ReviewPhase::Feedback { .. } => f.col.next(&mut session, at).unwrap(),
            ReviewPhase::Finished { .. } => panic!("learning cards keep coming back"),
        }
    }
    let answers = steps.len() - 1;
    assert_eq!(f.col.review_count().unwrap(), answers as u64);
    assert_eq!(session.undo_depth(), UNDO_STEPS);
    if matches!(session.phase(), ReviewPhase::Feedback { .. }) {
        f.col.next(&mut session, at).unwrap();
    }
    for (n, (card, step)) in steps.iter().rev().take(UNDO_STEPS).enumerate() {
        assert_eq!(session.undo_step(), Some(*step), "undo {n}");
        f.col.undo(&mut session, at).unwrap();
        let shown = session.phase().asked().map(|(c, _)| c.clone());
        if *step == UndoStep::Answer {
            assert_eq!(shown.as_ref(), Some(card), "undo {n} asks that card again");
        } else {
            assert_eq!(f.col.deck().hold(card), None, "undo {n} unburies {card}");
        }
    }
    assert!(!session.can_undo(), "the oldest steps are kept done");
    assert!(f.col.undo(&mut session, at).is_err());
    // 30 steps back, one of them the bury: 29 answers taken back, the first 6 kept.
    assert_eq!(
        f.col.review_count().unwrap(),
        (answers - (UNDO_STEPS - 1)) as u64
    );
    assert_eq!(
        f.col.progress(&session, at).unwrap().answered,
        answers - (UNDO_STEPS - 1)
    );
}

/// Another window on the same profile.
fn other_window(f: &Fixture) -> Collection {
    let store = Store::open(&database(&f.dir)).unwrap();
    Collection::with_store(store, f.col.bank().clone(), f.at).unwrap()
}

#[test]
fn a_stale_undo_leaves_the_feedback_and_no_rating_can_change_another_cards_answer() {
    let mut f = fixture(20);
    let mut session = f.col.start_review(None, f.at).unwrap();
    let (w, x) = (key("pick"), key("type"));
    f.submit(&mut session, Response::Choice(vec![0]), f.at);
    f.col.next(&mut session, f.at).unwrap();
    assert_eq!(asked(&session), x);
    f.submit(&mut session, Response::Typed("Solana".into()), f.at);
    let w_before = (
        f.col.stored_state(&w).unwrap(),
        f.col.reviews_of(&w).unwrap(),
    );
    // Another window answers X meanwhile: this window's answer to X cannot be taken back.
    let mut other = other_window(&f);
    let later = At {
        now: f.at.now + Duration::minutes(3),
        ..f.at
    };
    let mut theirs = other.start_review(None, later).unwrap();
    assert_eq!(asked(&theirs), x);
    other
        .submit(&mut theirs, Response::Typed("Robertson".into()), later)
        .unwrap();
    let undone = f.col.undo(&mut session, later);
    assert!(
        matches!(undone, Err(AppError::Store(StoreError::Stale { .. }))),
        "{undone:?}"
    );
    assert!(
        session.phase().asked().is_none_or(|(c, _)| *c != x),
        "X's feedback, whose answer is no longer kept, is left"
    );
    // A rating now has no answer of the card shown to change: W's answer stays as it was.
    let _ = f.col.choose_rating(&mut session, Rating::Hard);
    assert_eq!(
        (
            f.col.stored_state(&w).unwrap(),
            f.col.reviews_of(&w).unwrap()
        ),
        w_before
    );
    assert_eq!(f.col.replayed_state(&w).unwrap(), w_before.0);
}

#[test]
fn holds_changed_in_another_window_are_taken_in_not_fought() {
    let mut f = fixture(20);
    let mut session = f.col.start_review(None, f.at).unwrap();
    let x = asked(&session);
    let mut other = other_window(&f);
    other.set_hold(&x, Some(Hold::Suspended), f.at).unwrap();
    // Suspending it here too: it is suspended already, so the session goes on.
    f.col.suspend(&mut session, f.at).unwrap();
    assert_eq!(f.col.deck().hold(&x), Some(Hold::Suspended));
    assert_ne!(asked(&session), x);
    // Unsuspended there: undo here cannot take back a suspend it no longer has, and the
    // deck takes the hold the store has.
    let y = asked(&session);
    f.col.suspend(&mut session, f.at).unwrap();
    let mut other = other_window(&f);
    other.set_hold(&y, None, f.at).unwrap();
    assert!(f.col.undo(&mut session, f.at).is_err());
    assert_eq!(f.col.deck().hold(&y), None);
    // A session begun later takes in what another window set aside.
    other
        .set_hold(&key("yes"), Some(Hold::Suspended), f.at)
        .unwrap();
    let _ = f.col.start_review(None, f.at).unwrap();
    assert_eq!(f.col.deck().hold(&key("yes")), Some(Hold::Suspended));
}

#[test]
fn a_bury_is_undone_the_next_study_day_too() {
    let mut f = fixture(20);
    let mut session = f.col.start_review(None, f.at).unwrap();
    let x = asked(&session);
    f.col.bury(&mut session, f.at).unwrap();
    let tomorrow = At {
        now: f.at.now + Duration::hours(18),
        ..f.at
    };
    // The window moved to the new day (the progress line does it), where the bury is over.
    f.col.progress(&session, tomorrow).unwrap();
    f.col.undo(&mut session, tomorrow).unwrap();
    assert_eq!(asked(&session), x);
    assert_eq!(
        Store::open(&database(&f.dir)).unwrap().hold(&x).unwrap(),
        None
    );
}

#[test]
fn suspending_a_leech_with_at_puts_its_notice_away_so_undo_takes_that_suspend_back() {
    let mut f = fixture(1);
    let config = Config {
        leech_threshold: 1,
        ..f.col.config().clone()
    };
    f.col.save_config(config, f.at).unwrap();
    let pick = key("pick");
    let mut at = f.at;
    let mut session = f.col.start_review(None, at).unwrap();
    f.submit(&mut session, Response::Choice(vec![0]), at);
    f.col.choose_rating(&mut session, Rating::Easy).unwrap();
    let config = Config {
        new_per_day: 0,
        ..f.col.config().clone()
    };
    f.col.save_config(config, at).unwrap();
    at.now = f.col.deck().state(&pick).unwrap().due + Duration::minutes(1);
    session = f.col.start_review(None, at).unwrap();
    f.submit(&mut session, Response::Choice(vec![1]), at);
    assert!(session.leech().is_some());
    f.col.suspend(&mut session, at).unwrap();
    assert_eq!(session.leech(), None, "the notice goes with the card");
    // Its "Suspend it" has nothing left to do, and adds no step Undo would take back.
    let depth = session.undo_depth();
    assert!(f.col.suspend_leech(&mut session, at).is_err());
    assert_eq!(session.undo_depth(), depth);
    f.col.undo(&mut session, at).unwrap();
    assert_eq!(
        f.col.deck().hold(&pick),
        None,
        "the next Undo takes the suspend back"
    );
}

#[test]
fn at_on_a_card_another_window_buried_suspends_it_from_that_bury() {
    let mut f = fixture(20);
    let mut session = f.col.start_review(None, f.at).unwrap();
    f.submit(&mut session, Response::Choice(vec![0]), f.at);
    let x = key("pick");
    let today = f.col.deck().today().day;
    let mut other = other_window(&f);
    other
        .set_hold(&x, Some(Hold::Buried { day: today }), f.at)
        .unwrap();
    f.col.suspend(&mut session, f.at).unwrap();
    let stored = || Store::open(&database(&f.dir)).unwrap().hold(&x).unwrap();
    assert_eq!(stored(), Some(Hold::Suspended));
    // The step Undo takes back is that suspend, back to the other window's bury; the answer
    // stays until the Undo after it.
    assert_eq!(session.undo_step(), Some(crate::app::UndoStep::Suspend));
    f.col.undo(&mut session, f.at).unwrap();
    assert_eq!(stored(), Some(Hold::Buried { day: today }));
    assert_eq!(f.col.reviews_of(&x).unwrap().len(), 1);
}

#[test]
fn after_a_stale_undo_the_deck_has_the_cards_state_as_stored() {
    let mut f = fixture(20);
    let mut session = f.col.start_review(None, f.at).unwrap();
    let x = key("type");
    f.submit(&mut session, Response::Choice(vec![0]), f.at);
    f.col.next(&mut session, f.at).unwrap();
    assert_eq!(asked(&session), x);
    f.submit(&mut session, Response::Typed("Solana".into()), f.at);
    let mut other = other_window(&f);
    let later = At {
        now: f.at.now + Duration::minutes(3),
        ..f.at
    };
    let mut theirs = other.start_review(None, later).unwrap();
    other
        .submit(&mut theirs, Response::Typed("Robertson".into()), later)
        .unwrap();
    other.choose_rating(&mut theirs, Rating::Easy).unwrap();
    assert!(f.col.undo(&mut session, later).is_err());
    assert_eq!(
        f.col.deck().state(&x),
        f.col.stored_state(&x).unwrap().as_ref()
    );
    assert_eq!(
        f.col.progress(&session, later).unwrap().learning,
        other.progress(&theirs, later).unwrap().learning,
        "both windows count the same"
    );
}
