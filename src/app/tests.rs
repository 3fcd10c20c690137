//! The application layer as the window and the commands use it: the card cache stays a replay
//! of the log through rating changes and undo, a stale write is rescheduled or refused, the
//! incremental queue agrees with one built from scratch, and a quiz persists itself.

use chrono::Duration;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt as _, SeedableRng as _};

use super::review::tests::{Fixture, database, fixture};
use super::*;
use crate::grade::Response;
use crate::schedule::{Config, Rating};
use crate::store::Store;
use crate::study::{FeedbackMode, QuizSetup};

fn later(at: At, seconds: i64) -> At {
    At {
        now: at.now + Duration::seconds(seconds),
        ..at
    }
}

/// A right answer to each card of the demo set, by its question id.
fn right(card: &CardKey) -> Option<Response> {
    match card.question.as_str() {
        "pick" => Some(Response::Choice(vec![0])),
        "type" => Some(Response::Typed("Robertson".into())),
        "yes" => Some(Response::TrueFalse(true)),
        _ => None,
    }
}

fn wrong(card: &CardKey) -> Option<Response> {
    match card.question.as_str() {
        "pick" => Some(Response::Choice(vec![1])),
        "type" => Some(Response::Typed("Solana".into())),
        "yes" => Some(Response::TrueFalse(false)),
        _ => None,
    }
}

/// A quiz of `count` questions of the demo set.
fn demo_quiz(count: usize, feedback: FeedbackMode, seed: u64) -> QuizSetup {
    QuizSetup {
        sets: vec![SetId::new("demo")],
        tags: vec![],
        count,
        time_limit: None,
        feedback,
        seed,
    }
}

/// Answers the card asked, right `right_share` of the time (a flashcard: shows its back), or
/// rates the flashcard shown at random.
fn respond(
    col: &mut Collection,
    session: &mut ReviewSession,
    rng: &mut Xoshiro256PlusPlus,
    right_share: f64,
    at: At,
) {
    match session.phase().clone() {
        ReviewPhase::Asking { card, .. } => match right(&card) {
            Some(good) => {
                let response = if rng.random_bool(right_share) {
                    good
                } else {
                    wrong(&card).unwrap()
                };
                col.submit(session, response, at).unwrap();
            }
            None => col.reveal(session, at).unwrap(),
        },
        ReviewPhase::Revealed { .. } => {
            let rating = Rating::ALL[rng.random_range(0..4)];
            col.rate_flashcard(session, rating, at).unwrap();
        }
        _ => {}
    }
}

fn cards(col: &Collection) -> Vec<CardKey> {
    col.deck().cards().cloned().collect()
}

/// Every card's cached state, in the store and in the deck, is what replaying its log gives.
fn assert_cache_is_a_replay(col: &Collection, step: &str) {
    for card in cards(col) {
        let stored = col.stored_state(&card).unwrap();
        assert_eq!(
            stored,
            col.replayed_state(&card).unwrap(),
            "{step}: the cache of {card} is not a replay of its log"
        );
        assert_eq!(col.deck().state(&card), stored.as_ref(), "{step}: {card}");
    }
}

#[test]
fn after_rating_changes_and_undos_the_cache_equals_a_replay_of_the_log() {
    let mut f = fixture(20);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(9);
    let mut at = f.at;
    let mut session = f.col.start_review(None, at).unwrap();
    for step in 0..120 {
        at = later(at, rng.random_range(20..4000));
        match session.phase().clone() {
            ReviewPhase::Asking { .. } | ReviewPhase::Revealed { .. } => {
                respond(&mut f.col, &mut session, &mut rng, 0.7, at);
            }
            ReviewPhase::Feedback { choices, .. } => {
                if rng.random_bool(0.4) && !choices.is_empty() {
                    let (rating, _) = choices[rng.random_range(0..choices.len())];
                    f.col.choose_rating(&mut session, rating).unwrap();
                    assert_cache_is_a_replay(&f.col, &format!("step {step}, rating change"));
                }
                if rng.random_bool(0.25) && session.can_undo() {
                    f.col.undo(&mut session, at).unwrap();
                    assert_cache_is_a_replay(&f.col, &format!("step {step}, undo"));
                } else {
                    f.col.next(&mut session, at).unwrap();
                }
            }
            ReviewPhase::Finished { next_due } => {
                at.now = next_due.unwrap_or(at.now + Duration::days(1)).max(at.now);
                session = f.col.start_review(None, at).unwrap();
            }
        }
        assert_cache_is_a_replay(&f.col, &format!("step {step}"));
    }
    assert!(f.col.review_count().unwrap() > 30);
}

#[test]
fn an_answer_computed_from_a_stale_state_is_rescheduled_from_the_stored_one() {
    let mut f = fixture(20);
    let mut first = f.col.start_review(None, f.at).unwrap();
    let card = first.phase().asked().unwrap().0.clone();
    // A second window on the same profile answers the same card meanwhile.
    let store = Store::open(&database(&f.dir)).unwrap();
    let bank = f.col.bank().clone();
    let mut other = Collection::with_store(store, bank, f.at).unwrap();
    let mut second = other.start_review(None, f.at).unwrap();
    assert_eq!(second.phase().asked().unwrap().0, &card);
    other
        .submit(&mut second, right(&card).unwrap(), later(f.at, 5))
        .unwrap();
    let theirs = other.stored_state(&card).unwrap().unwrap();
    assert_eq!(theirs.reps, 1);

    // This window's answer is scheduled from the state the card is in now, not the one it
    // read: two reviews, and the cache is their replay.
    f.col
        .submit(&mut first, right(&card).unwrap(), later(f.at, 9))
        .unwrap();
    let reviews = f.col.reviews_of(&card).unwrap();
    assert_eq!(reviews.len(), 2);
    assert_eq!(reviews[1].kind, theirs.phase);
    let mine = f.col.stored_state(&card).unwrap().unwrap();
    assert_eq!(mine.reps, 2);
    assert_cache_is_a_replay(&f.col, "after the stale answer");

    // The other window can no longer take back its answer: the card moved on since.
    let refused = other.undo(&mut second, later(f.at, 12));
    assert!(
        matches!(refused, Err(AppError::Store(StoreError::Stale { .. }))),
        "{refused:?}"
    );
    assert_eq!(
        f.col.reviews_of(&card).unwrap().len(),
        2,
        "nothing was undone"
    );
    assert_eq!(f.col.stored_state(&card).unwrap(), Some(mine));
}

/// The queue is kept per answer, not rebuilt: after every step its counts and its next card
/// are those of a queue built from scratch from the stored states.
#[test]
fn the_incremental_queue_agrees_with_one_built_from_scratch() {
    let mut f = fixture(3);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(21);
    let mut at = f.at;
    let mut session = f.col.start_review(None, at).unwrap();
    for step in 0..150 {
        at = later(at, rng.random_range(30..20_000));
        if rng.random_bool(0.05) {
            at = later(at, 86_400 * rng.random_range(1..4));
        }
        match session.phase().clone() {
            ReviewPhase::Asking { card, .. } => match right(&card) {
                Some(good) if rng.random_bool(0.6) => f.col.submit(&mut session, good, at).unwrap(),
                Some(_) => f
                    .col
                    .submit(&mut session, wrong(&card).unwrap(), at)
                    .unwrap(),
                None => f.col.reveal(&mut session, at).unwrap(),
            },
            ReviewPhase::Revealed { .. } => f
                .col
                .rate_flashcard(&mut session, Rating::ALL[rng.random_range(0..4)], at)
                .unwrap(),
            ReviewPhase::Feedback { .. } => {
                if rng.random_bool(0.2) {
                    f.col.undo(&mut session, at).unwrap();
                } else {
                    f.col.next(&mut session, at).unwrap();
                }
            }
            ReviewPhase::Finished { .. } => session = f.col.start_review(None, at).unwrap(),
        }
        let store = Store::open(&database(&f.dir)).unwrap();
        let mut fresh = Collection::with_store(store, f.col.bank().clone(), at).unwrap();
        assert_eq!(
            f.col.due_counts(None, at).unwrap(),
            fresh.due_counts(None, at).unwrap(),
            "step {step}"
        );
        assert_eq!(
            f.col.deck().next_card(None, at.now, None),
            fresh.deck().next_card(None, at.now, None),
            "step {step}"
        );
        assert_eq!(
            f.col.deck().next_due_after(None, at.now),
            fresh.deck().next_due_after(None, at.now),
            "step {step}"
        );
        assert_eq!(f.col.deck().today(), fresh.deck().today(), "step {step}");
    }
}

/// Every card's hold in the deck is the one stored, and the queue of a collection opened
/// afresh on the store (which reads the holds back) is the kept one.
fn assert_holds_are_stored(f: &mut Fixture, at: At, step: &str) {
    let store = Store::open(&database(&f.dir)).unwrap();
    let mut fresh = Collection::with_store(store, f.col.bank().clone(), at).unwrap();
    assert_eq!(
        f.col.due_counts(None, at).unwrap(),
        fresh.due_counts(None, at).unwrap(),
        "{step}"
    );
    for card in cards(&f.col) {
        assert_eq!(
            f.col.deck().hold(&card),
            fresh.deck().hold(&card),
            "{step}: {card}"
        );
    }
    assert_eq!(
        f.col.deck().next_card(None, at.now, None),
        fresh.deck().next_card(None, at.now, None),
        "{step}"
    );
}

/// Suspend, bury, leeches and undo of many steps in any order: the card cache stays a replay
/// of the log (a hold never touches it), the holds are the stored ones, no card set aside
/// today is asked, and Undo takes steps back the latest first.
#[test]
fn suspend_bury_leeches_and_multi_step_undo_leave_the_cache_a_replay_of_the_log() {
    let mut f = fixture(20);
    let config = Config {
        leech_threshold: 2,
        ..f.col.config().clone()
    };
    f.col.save_config(config, f.at).unwrap();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(15);
    let mut at = f.at;
    let mut session = f.col.start_review(None, at).unwrap();
    let (mut holds, mut undos, mut leeches, mut hold_undos) = (0, 0, 0, 0);
    for step in 0..600 {
        at = later(at, rng.random_range(20..4000));
        if rng.random_bool(0.03) {
            at = later(at, 86_400 * rng.random_range(1..3));
        }
        let roll = rng.random_range(0..100);
        if roll < 8 && session.phase().asked().is_some() {
            if roll < 4 {
                f.col.suspend(&mut session, at).unwrap();
            } else {
                f.col.bury(&mut session, at).unwrap();
            }
            holds += 1;
        } else if roll < 20 && session.can_undo() {
            let before = session.undo_step();
            let depth = session.undo_depth();
            for _ in 0..rng.random_range(1..=3) {
                if session.can_undo() {
                    f.col.undo(&mut session, at).unwrap();
                    undos += 1;
                }
            }
            assert!(session.undo_depth() < depth, "step {step}");
            hold_undos += usize::from(before != Some(crate::app::UndoStep::Answer));
        } else if session.leech().is_some() && rng.random_bool(0.5) {
            f.col.suspend_leech(&mut session, at).unwrap();
            leeches += 1;
        } else {
            match session.phase().clone() {
                // Mostly wrong, so that cards lapse and leeches come.
                ReviewPhase::Asking { .. } | ReviewPhase::Revealed { .. } => {
                    respond(&mut f.col, &mut session, &mut rng, 0.4, at);
                }
                ReviewPhase::Feedback { .. } => f.col.next(&mut session, at).unwrap(),
                ReviewPhase::Finished { next_due } => {
                    // Everything set aside or done: take every hold off (the Sets screen's
                    // Unsuspend), or come back later.
                    if rng.random_bool(0.5) {
                        for card in cards(&f.col) {
                            if f.col.deck().hold(&card).is_some() {
                                f.col.set_hold(&card, None, at).unwrap();
                            }
                        }
                    } else {
                        at.now = next_due.unwrap_or(at.now + Duration::days(1)).max(at.now);
                    }
                    session = f.col.start_review(None, at).unwrap();
                }
            }
        }
        let here = format!("step {step}");
        assert_cache_is_a_replay(&f.col, &here);
        assert_holds_are_stored(&mut f, at, &here);
        if let Some((card, _)) = session.phase().asked() {
            let today = f.col.deck().today().day;
            assert!(
                f.col.deck().hold(card).is_none_or(|h| !h.keeps_out(today)),
                "{here}: {card} is asked though set aside"
            );
        }
        assert!(session.undo_depth() <= crate::app::UNDO_STEPS);
    }
    assert!(
        holds > 30 && undos > 60 && hold_undos > 5 && leeches > 3,
        "each step was taken often enough: {holds} holds, {undos} undos ({hold_undos} of a \
         hold), {leeches} leeches suspended"
    );
}

#[test]
fn a_quiz_stores_each_answer_as_given_and_its_totals_once_over() {
    let mut f = fixture(20);
    let setup = demo_quiz(3, FeedbackMode::AtEnd, 4);
    let mut quiz = f.col.start_quiz(setup, f.at).unwrap();
    let first = quiz.session().current().unwrap().card.clone();
    f.col
        .answer_quiz(&mut quiz, right(&first).unwrap(), later(f.at, 3))
        .unwrap();
    // Left here (the window closed, or the process was killed): the answer is stored, the
    // attempt has no score, and the schedule is untouched.
    let store = Store::open(&database(&f.dir)).unwrap();
    assert!(store.quiz_attempts().unwrap().is_empty(), "not finished");
    let stored: i64 = rusqlite::Connection::open(database(&f.dir))
        .unwrap()
        .query_row(
            "SELECT COUNT(*) FROM quiz_answers WHERE response != 'null'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, 1);
    assert_eq!(f.col.review_count().unwrap(), 0);

    for _ in 1..3 {
        let card = quiz.session().current().unwrap().card.clone();
        f.col
            .answer_quiz(&mut quiz, wrong(&card).unwrap(), later(f.at, 6))
            .unwrap();
    }
    assert!(quiz.is_finished());
    assert_eq!(quiz.save_error(), None);
    let attempts = f.col.quiz_attempts().unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!((attempts[0].questions, attempts[0].correct), (3, 1));
    // Finishing again stores nothing more.
    f.col.finish_quiz(&mut quiz, later(f.at, 9));
    assert_eq!(f.col.quiz_attempts().unwrap().len(), 1);
    let scores = f.col.home(f.at).unwrap().scores;
    let demo = scores[&SetId::new("demo")];
    assert!((demo.best - 1.0 / 3.0).abs() < 1e-9, "{demo:?}");
}

#[test]
fn home_counts_what_study_now_shows_and_a_new_day_renews_the_limits() {
    let mut f = fixture(2);
    let home = f.col.home(f.at).unwrap();
    assert_eq!(home.today.counts.new, 2, "two new cards a day");
    assert_eq!(home.today.counts.total(), 2);
    assert!(home.today.ready);
    assert_eq!(home.by_set[&SetId::new("demo")], home.today);
    let mut session = f.col.start_review(None, f.at).unwrap();
    let mut shown = 0;
    while let Some((card, _)) = session.phase().asked() {
        let card = card.clone();
        shown += 1;
        f.col
            .submit(&mut session, right(&card).unwrap(), f.at)
            .unwrap();
        f.col.choose_rating(&mut session, Rating::Easy).unwrap();
        f.col.next(&mut session, f.at).unwrap();
    }
    assert_eq!(shown, 2);
    assert_eq!(f.col.home(f.at).unwrap().today, DueToday::default());
    let tomorrow = later(f.at, 86_400);
    let home = f.col.home(tomorrow).unwrap();
    assert_eq!(
        home.today.counts.new, 2,
        "two more new cards the next study day"
    );
}

#[test]
fn an_interrupted_quiz_resumes_as_it_was_and_its_clock_keeps_running() {
    let mut f = fixture(20);
    let setup = QuizSetup {
        time_limit: Some(Duration::minutes(5)),
        ..demo_quiz(3, FeedbackMode::AfterEach, 8)
    };
    let mut quiz = f.col.start_quiz(setup, f.at).unwrap();
    let first = quiz.session().current().unwrap().card.clone();
    f.col
        .answer_quiz(&mut quiz, wrong(&first).unwrap(), later(f.at, 5))
        .unwrap();
    f.col.toggle_quiz_flag(&mut quiz, 2).unwrap();
    // The window closes; a new collection on the same database takes the quiz up.
    drop(f.col);
    let store = Store::open(&database(&f.dir)).unwrap();
    let mut col = Collection::with_store(store, crate::bank::testing::bank(&f.dir), f.at).unwrap();
    let unfinished = col.unfinished_quizzes().unwrap();
    assert_eq!(unfinished.len(), 1);
    let mut resumed = col.resume_quiz(unfinished[0].id, later(f.at, 60)).unwrap();
    let (before, after) = (quiz.session().items(), resumed.session().items());
    assert_eq!(
        before
            .iter()
            .map(|i| (&i.card, &i.presentation))
            .collect::<Vec<_>>(),
        after
            .iter()
            .map(|i| (&i.card, &i.presentation))
            .collect::<Vec<_>>(),
        "the same questions, arranged the same way"
    );
    assert_eq!(
        after[0].outcome, before[0].outcome,
        "the answer and its grade"
    );
    assert!(after[2].flagged);
    assert_eq!(resumed.session().position(), 1, "the first unanswered");
    assert_eq!(
        resumed.session().time_left(later(f.at, 60).now),
        Some(Duration::minutes(4)),
        "the clock ran on while the window was closed"
    );
    // Finished now: scored, stored, and no longer offered.
    col.finish_quiz(&mut resumed, later(f.at, 61));
    assert!(col.unfinished_quizzes().unwrap().is_empty());
    let stored = col.quiz_attempts().unwrap();
    assert_eq!((stored.len(), stored[0].correct), (1, 0));
}

#[test]
fn a_quiz_resumed_after_its_deadline_ends_at_it() {
    let mut f = fixture(20);
    let setup = QuizSetup {
        time_limit: Some(Duration::minutes(2)),
        ..demo_quiz(3, FeedbackMode::AtEnd, 9)
    };
    let quiz = f.col.start_quiz(setup, f.at).unwrap();
    drop(quiz);
    let id = f.col.unfinished_quizzes().unwrap()[0].id;
    let resumed = f.col.resume_quiz(id, later(f.at, 3600)).unwrap();
    assert!(resumed.is_finished());
    assert!(resumed.session().timed_out());
    assert_eq!(resumed.session().duration(), Duration::minutes(2));
    assert_eq!(
        f.col.quiz_attempts().unwrap().len(),
        1,
        "stored as finished"
    );
}

#[test]
fn study_more_adds_new_cards_for_today_only_and_reviews_ahead_without_touching_the_limits() {
    let mut f = fixture(1);
    // Today's one new card, answered Easy: a review card due some days on.
    let mut session = f.col.start_review(None, f.at).unwrap();
    let card = session.phase().asked().unwrap().0.clone();
    f.col
        .submit(&mut session, right(&card).unwrap(), f.at)
        .unwrap();
    f.col.choose_rating(&mut session, Rating::Easy).unwrap();
    f.col.next(&mut session, f.at).unwrap();
    assert!(matches!(session.phase(), ReviewPhase::Finished { .. }));
    let home = f.col.home(f.at).unwrap();
    assert_eq!(home.today.counts, DueCounts::default());
    assert_eq!(home.new_beyond_today, 3, "three demo cards not seen yet");
    let due_day = home
        .due_ahead
        .iter()
        .position(|&n| n == 1)
        .expect("the card falls due within 30 days")
        + 1;
    assert!(home.due_ahead[..due_day - 1].iter().all(|&n| n == 0));
    let days = u32::try_from(due_day).unwrap();

    // Reviewing ahead asks it now; the answer is an ordinary review.
    let mut ahead = f.col.start_review_ahead(None, days, f.at).unwrap();
    assert_eq!(ahead.phase().asked().unwrap().0, &card);
    assert_eq!(f.col.progress(&ahead, f.at).unwrap().ahead, 1);
    f.col
        .submit(&mut ahead, right(&card).unwrap(), later(f.at, 10))
        .unwrap();
    f.col.next(&mut ahead, later(f.at, 10)).unwrap();
    assert!(matches!(ahead.phase(), ReviewPhase::Finished { .. }));
    assert_eq!(f.col.reviews_of(&card).unwrap().len(), 2);
    assert_cache_is_a_replay(&f.col, "after reviewing ahead");
    // Not enough days: nothing ahead to review.
    if days > 1 {
        let short = f.col.start_review_ahead(None, days - 1, f.at).unwrap();
        assert!(matches!(short.phase(), ReviewPhase::Finished { .. }));
    }

    // Two more new cards today; tomorrow the allowance is one again.
    f.col.learn_more_new(2, f.at).unwrap();
    assert_eq!(f.col.home(f.at).unwrap().today.counts.new, 2);
    let tomorrow = later(f.at, 86_400);
    assert_eq!(f.col.home(tomorrow).unwrap().today.counts.new, 1);
}

/// A data folder allydeck cannot write: a folder without write permission, or (for root,
/// whom permissions do not stop) one under `/sys`, where nobody may make a folder.
pub(crate) fn unwritable_data_dir(dir: &tempfile::TempDir) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt as _;
    let data = dir.path().join("read-only");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::create_dir(data.join("probe")).is_ok() {
        return std::path::PathBuf::from("/sys/allydeck-cannot-write-here");
    }
    data
}

#[test]
fn a_read_only_data_folder_opens_read_only_with_quizzes_but_no_study() {
    let dir = tempfile::TempDir::new().unwrap();
    let data = unwritable_data_dir(&dir);
    let dirs = crate::paths::DataDirs::resolve(Some(&data), None).unwrap();
    let at = fixture(1).at;
    let opened = Collection::open(
        &dirs,
        &crate::paths::Profile::default(),
        crate::bank::testing::bank(&dir),
        at,
    )
    .expect("opens read-only instead of failing");
    let mut col = opened.collection;
    let why = col.read_only().expect("says it is read-only").to_owned();
    assert!(!why.is_empty());
    assert!(col.home(at).unwrap().read_only);
    assert!(matches!(
        col.start_review(None, at),
        Err(AppError::ReadOnly(_))
    ));
    assert!(matches!(
        col.save_config(Config::default(), at),
        Err(AppError::ReadOnly(_))
    ));
    // A practice quiz works from start to score.
    let mut quiz = col
        .start_quiz(demo_quiz(2, FeedbackMode::AtEnd, 3), at)
        .unwrap();
    for _ in 0..2 {
        let card = quiz.session().current().unwrap().card.clone();
        col.answer_quiz(&mut quiz, right(&card).unwrap(), at)
            .unwrap();
    }
    assert!(quiz.is_finished());
    assert_eq!(quiz.save_error(), None);
    assert_eq!(quiz.session().correct(), 2);
    assert!(!data.join("profiles").exists(), "nothing written");
}

#[test]
fn an_answer_while_the_clock_reads_before_the_last_review_keeps_its_true_time() {
    let mut f = fixture(1);
    let ahead = later(f.at, 600);
    let mut session = f.col.start_review(None, ahead).unwrap();
    let card = session.phase().asked().unwrap().0.clone();
    f.col
        .submit(&mut session, wrong(&card).unwrap(), ahead)
        .unwrap();
    f.col.next(&mut session, ahead).unwrap();
    // The clock is set back ten minutes: the card, due in a minute of the later clock, comes
    // within the learn-ahead window and is answered "before" its last review.
    let mut session = f.col.start_review(None, f.at).unwrap();
    assert_eq!(session.phase().asked().unwrap().0, &card);
    f.col
        .submit(&mut session, right(&card).unwrap(), f.at)
        .unwrap();
    let times: Vec<_> = f
        .col
        .reviews_of(&card)
        .unwrap()
        .iter()
        .map(|r| r.record.at)
        .collect();
    assert_eq!(
        times,
        [f.at.now, ahead.now],
        "both at their true times, in time order"
    );
    assert_cache_is_a_replay(&f.col, "after an answer timed before the last one");
    // Another rating, and undo, keep the cache a replay of the log.
    f.col.choose_rating(&mut session, Rating::Easy).unwrap();
    assert_cache_is_a_replay(&f.col, "after choosing Easy");
    f.col.undo(&mut session, f.at).unwrap();
    assert_cache_is_a_replay(&f.col, "after undo");
    assert_eq!(f.col.reviews_of(&card).unwrap().len(), 1);
}

#[test]
fn the_log_commands_open_a_read_only_folder_for_export_only() {
    let dir = tempfile::TempDir::new().unwrap();
    let data = unwritable_data_dir(&dir);
    let dirs = crate::paths::DataDirs::resolve(Some(&data), None).unwrap();
    let at = fixture(1).at;
    let mut col = Collection::open_for_log(&dirs, &crate::paths::Profile::default(), at)
        .expect("opens for reading")
        .collection;
    assert!(col.read_only().is_some());
    assert_eq!(col.reviews_by_time().unwrap().len(), 0, "export reads");
    assert!(matches!(col.rebuild(), Err(AppError::ReadOnly(_))));
    assert!(matches!(col.import_log(&[]), Err(AppError::ReadOnly(_))));
}

#[test]
fn a_wrong_answer_moves_a_card_from_new_to_learning_in_every_count() {
    let mut f = fixture(3);
    let mut session = f.col.start_review(None, f.at).unwrap();
    let before = f.col.progress(&session, f.at).unwrap();
    assert_eq!((before.new, before.learning, before.review), (3, 0, 0));
    let card = session.phase().asked().unwrap().0.clone();
    f.col
        .submit(&mut session, wrong(&card).unwrap(), f.at)
        .unwrap();
    f.col.next(&mut session, f.at).unwrap();
    let progress = f.col.progress(&session, f.at).unwrap();
    assert_eq!(
        (progress.new, progress.learning, progress.review),
        (2, 1, 0),
        "the card comes back today: it is counted, as learning, though not due this minute"
    );
    let home = f.col.home(f.at).unwrap();
    assert_eq!(
        home.today.counts,
        DueCounts {
            new: 2,
            learning: 1,
            review: 0
        }
    );
    assert_eq!(home.by_set[&SetId::new("demo")], home.today);
}

#[test]
fn i_was_right_in_a_quiz_counts_the_answer_and_rescores_the_stored_attempt() {
    let mut f = fixture(20);
    let setup = demo_quiz(3, FeedbackMode::AfterEach, 8);
    let mut quiz = f.col.start_quiz(setup, f.at).unwrap();
    // The first answer wrong, overruled on its feedback; the others wrong.
    let first = quiz.session().current().unwrap().card.clone();
    f.col
        .answer_quiz(&mut quiz, wrong(&first).unwrap(), later(f.at, 2))
        .unwrap();
    f.col.overrule_quiz(&mut quiz, 0, f.at).unwrap();
    assert!(quiz.session().items()[0].is_right());
    assert!(
        f.col.overrule_quiz(&mut quiz, 0, f.at).is_ok(),
        "overruling again changes nothing"
    );
    for _ in 1..3 {
        f.col.quiz_next(&mut quiz, later(f.at, 3));
        let card = quiz.session().current().unwrap().card.clone();
        f.col
            .answer_quiz(&mut quiz, wrong(&card).unwrap(), later(f.at, 4))
            .unwrap();
    }
    f.col.quiz_next(&mut quiz, later(f.at, 5));
    assert!(quiz.is_finished());
    let stored = &f.col.quiz_attempts().unwrap()[0];
    assert_eq!((stored.correct, stored.overridden), (1, 1));
    // On the results, a second one.
    f.col.overrule_quiz(&mut quiz, 2, later(f.at, 9)).unwrap();
    assert_eq!(quiz.session().correct(), 2);
    let stored = &f.col.quiz_attempts().unwrap()[0];
    assert_eq!((stored.correct, stored.overridden), (2, 2));
    assert!((stored.score - 2.0 / 3.0).abs() < 1e-9, "{}", stored.score);
    // A question answered right, or not answered, cannot be overruled.
    let mut other = f
        .col
        .start_quiz(demo_quiz(2, FeedbackMode::AfterEach, 1), f.at)
        .unwrap();
    assert!(f.col.overrule_quiz(&mut other, 0, f.at).is_err());
    let card = other.session().current().unwrap().card.clone();
    f.col
        .answer_quiz(&mut other, right(&card).unwrap(), f.at)
        .unwrap();
    assert!(f.col.overrule_quiz(&mut other, 0, f.at).is_err());
}

#[test]
fn card_info_replays_a_card_with_the_recall_predicted_before_each_answer() {
    let mut f = fixture(3);
    let card = cards(&f.col)[0].clone();
    let mut records = Vec::new();
    for (days, rating) in [
        (0, Rating::Good),
        (0, Rating::Good),
        (3, Rating::Again),
        (4, Rating::Good),
    ] {
        let at = f.at.now - Duration::days(10)
            + Duration::days(days)
            + Duration::minutes(i64::try_from(records.len()).unwrap() * 15);
        records.push(crate::store::ReviewRecord {
            card: card.clone(),
            at,
            utc_offset: f.at.utc_offset,
            rating,
            duration_ms: None,
            overridden: false,
        });
    }
    f.col.import_log(&records).unwrap();
    let lines = f.col.card_info(&card).unwrap();
    assert_eq!(lines.len(), 4);
    assert_eq!(
        lines[0].predicted, None,
        "nothing to predict from before a first answer"
    );
    assert_eq!(
        Some(lines[3].after.clone()),
        f.col.replayed_state(&card).unwrap(),
        "the last line is the card as it stands"
    );
    // Before the third answer, three study days after the second: the crate's formula.
    let memory = lines[1].after.memory.unwrap();
    let expected = fsrs::current_retrievability(
        fsrs::MemoryState {
            stability: memory.stability,
            difficulty: memory.difficulty,
        },
        3.0,
        fsrs::DEFAULT_PARAMETERS[20],
    );
    assert!((lines[2].predicted.unwrap() - expected).abs() < 1e-6);
    assert_eq!(
        lines[2].record.rating,
        Rating::Again,
        "each line keeps its answer"
    );
}
