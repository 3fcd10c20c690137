//! One answer through the application layer, exactly as the window gives it, at 1,000, 10,000
//! and 100,000 cards.
//!
//! Run with `cargo bench --bench session`. For each size it writes a generated bank (`Choice`,
//! `TrueFalse`, `Typed` and `Number` questions, 10,000 to a file) and a history (every other card
//! answered twice, 1 to 60 days ago, so that reviews are due, overdue and ahead) to a folder
//! on the real disk (`CARGO_TARGET_TMPDIR`), opens the profile through `Collection::open`, and
//! times what one key press costs in the review screen: the answer (graded, scheduled and
//! committed durably with `synchronous=FULL`), the progress line, the next question and the
//! progress line again. It prints one line per size, in exactly this form:
//!
//! `answer->next at 100000 cards: p50 0.210 ms p99 0.640 ms`
//!
//! Targets: p50 <= 0.5 ms and p99 <= 2 ms at 100,000 cards; at 10,000, no slower than Anki's
//! ~0.3 ms for answering a card and fetching the next.

// A benchmark that cannot write its fixtures should stop at once, with the reason.
#![allow(clippy::expect_used)]

use std::time::{Duration, Instant};

use allydeck::app::{At, Collection, ReviewPhase};
use allydeck::bank::{Answer, Bank, Question, Source};
use allydeck::grade::Response;
use allydeck::paths::{DataDirs, Profile};
use allydeck::schedule::{Config, Rating};
use allydeck::store::ReviewRecord;
use chrono::{DateTime, FixedOffset, Utc};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt as _, SeedableRng as _};

#[path = "common/generated.rs"]
mod generated;
use generated::write_bank;

/// Answers timed per size.
const ANSWERS: usize = 2_000;

/// A right answer (or, one time in five, a wrong one) to `question`.
fn response(question: &Question, rng: &mut Xoshiro256PlusPlus) -> Response {
    let right = rng.random_bool(0.8);
    match &question.answer {
        Answer::Choice { correct, .. } if right => Response::Choice(correct.to_vec()),
        Answer::Choice { correct, .. } => Response::Choice(vec![(correct[0] + 1) % 4]),
        Answer::TrueFalse(value) => Response::TrueFalse(*value == right),
        Answer::Typed { accept } if right => Response::Typed(accept[0].to_string()),
        Answer::Number { value, .. } if right => Response::Number(value.to_string()),
        Answer::Number { value, .. } => Response::Number((value + 10.0).to_string()),
        _ => Response::Typed("no idea".to_owned()),
    }
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn run(cards: usize, now: DateTime<Utc>, offset: FixedOffset) {
    let dir = tempfile::TempDir::new_in(env!("CARGO_TARGET_TMPDIR")).expect("a folder on disk");
    let questions = dir.path().join("questions");
    write_bank(&questions, cards, false);
    let dirs = DataDirs::resolve(Some(&dir.path().join("data")), None).expect("a data folder");
    let profile = Profile::default();
    let at = At {
        now,
        utc_offset: offset,
    };
    let sources = [Source::Path {
        path: questions,
        required: true,
    }];
    let bank = Bank::load(&sources);
    assert!(!bank.has_errors(), "{:?}", bank.problems.first());

    // A history: every other card answered twice (Good, then Good ten minutes later), 1 to 60
    // days ago: in review, due in the past, today or ahead.
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(cards as u64);
    let mut history = Vec::new();
    for (key, _) in bank.cards().step_by(2) {
        let first = now - chrono::Duration::minutes(rng.random_range(1440..86_400));
        for at in [first, first + chrono::Duration::minutes(10)] {
            history.push(ReviewRecord {
                card: key.clone(),
                at,
                utc_offset: offset,
                rating: Rating::Good,
                duration_ms: Some(4000),
                overridden: false,
            });
        }
    }
    let mut collection = Collection::open(&dirs, &profile, bank.clone(), at)
        .expect("a new profile")
        .collection;
    collection.import_log(&history).expect("the history");
    drop(collection);
    // Reopened as the window opens it, with limits high enough for the 2,000 answers timed.
    let mut collection = Collection::open(&dirs, &profile, bank, at)
        .expect("the profile")
        .collection;
    let config = Config {
        new_per_day: 1_000,
        reviews_per_day: 10_000,
        ..collection.config().clone()
    };
    collection.save_config(config, at).expect("the settings");

    let mut session = collection.start_review(None, at).expect("a session");
    let mut latencies = Vec::with_capacity(ANSWERS);
    let mut clock = at;
    while latencies.len() < ANSWERS {
        clock.now += chrono::Duration::milliseconds(rng.random_range(1500..9000));
        let ReviewPhase::Asking { question, .. } = session.phase() else {
            // Everything due is done (the small bank): come back when learning cards are.
            clock.now += chrono::Duration::minutes(10);
            session = collection.start_review(None, clock).expect("a session");
            continue;
        };
        let response = response(question, &mut rng);
        let begin = Instant::now();
        collection
            .submit(&mut session, response, clock)
            .expect("an answer");
        let after_answer = collection.progress(&session, clock).expect("progress");
        collection.next(&mut session, clock).expect("the next card");
        let after_next = collection.progress(&session, clock).expect("progress");
        latencies.push(begin.elapsed());
        assert_eq!(after_next.answered, after_answer.answered);
    }
    latencies.sort();
    println!(
        "answer->next at {cards} cards: p50 {:.3} ms p99 {:.3} ms",
        ms(percentile(&latencies, 50)),
        ms(percentile(&latencies, 99)),
    );
}

fn main() {
    let now: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-11-24T12:00:00Z")
        .expect("a time")
        .into();
    let offset = FixedOffset::east_opt(3600).expect("an offset");
    for cards in [1_000, 10_000, 100_000] {
        run(cards, now, offset);
    }
}
