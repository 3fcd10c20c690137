//! The scheduler's rules: learning steps, graduation, lapses, Hard < Good < Easy, study days,
//! fuzz and limits.

use chrono::{DateTime, Duration, FixedOffset, Utc};

use super::*;
use crate::schedule::rating_for;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn utc() -> FixedOffset {
    FixedOffset::east_opt(0).unwrap()
}

fn key() -> CardKey {
    "article-5/signed".parse().unwrap()
}

fn scheduler(fuzz: bool) -> Scheduler {
    Scheduler::new(Config {
        fuzz,
        ..Config::default()
    })
    .unwrap()
}

fn answer(s: &Scheduler, state: &CardState, when: DateTime<Utc>, rating: Rating) -> CardState {
    s.answer(
        &key(),
        state,
        &ReviewEvent {
            at: when,
            utc_offset: utc(),
            rating,
        },
    )
    .unwrap()
}

/// A card in the review phase, graduated by Good, Good on the same morning.
fn graduated(s: &Scheduler) -> (CardState, DateTime<Utc>) {
    let t0 = at("2026-01-05T09:00:00Z");
    let learning = answer(s, &CardState::new_card(), t0, Rating::Good);
    let review = answer(s, &learning, t0 + Duration::minutes(10), Rating::Good);
    (review, t0 + Duration::minutes(10))
}

#[test]
fn a_new_card_walks_the_learning_steps() {
    let s = scheduler(false);
    let t0 = at("2026-01-05T09:00:00Z");
    let new = CardState::new_card();

    let again = answer(&s, &new, t0, Rating::Again);
    assert_eq!(
        (again.phase, again.step, again.due),
        (Phase::Learning, 0, t0 + Duration::minutes(1))
    );

    let hard = answer(&s, &new, t0, Rating::Hard);
    assert_eq!(hard.step, 0);
    assert_eq!(
        hard.due,
        t0 + Duration::seconds(330),
        "halfway between 1m and 10m"
    );

    let good = answer(&s, &new, t0, Rating::Good);
    assert_eq!(
        (good.phase, good.step, good.due),
        (Phase::Learning, 1, t0 + Duration::minutes(10))
    );
    // FSRS-6 default initial state for Good.
    let memory = good.memory.unwrap();
    assert!((memory.stability - 2.3065).abs() < 1e-4);
    assert_eq!(good.reps, 1);

    let graduated = answer(&s, &good, t0 + Duration::minutes(10), Rating::Good);
    assert_eq!(graduated.phase, Phase::Review);
    assert!(graduated.interval_days >= 1);
    // Due at the rollover (04:00) of the study day `interval_days` after today.
    let today = s.study_day(t0, utc());
    assert_eq!(
        graduated.due,
        today.plus(graduated.interval_days).start(utc(), 4)
    );
    assert_eq!(graduated.lapses, 0);
}

#[test]
fn easy_graduates_at_once_beyond_good() {
    let s = scheduler(false);
    let t0 = at("2026-01-05T09:00:00Z");
    let easy = answer(&s, &CardState::new_card(), t0, Rating::Easy);
    assert_eq!(easy.phase, Phase::Review);
    // FSRS-6 default initial stability for Easy is 8.2956 days; at 90% retention the interval
    // equals the stability.
    assert_eq!(easy.interval_days, 8);
}

#[test]
fn a_lapse_goes_through_relearning_and_counts() {
    let s = scheduler(false);
    let (review, t) = graduated(&s);
    let due = review.due;
    let lapse = answer(&s, &review, due, Rating::Again);
    assert_eq!((lapse.phase, lapse.step), (Phase::Relearning, 0));
    assert_eq!(lapse.due, due + Duration::minutes(10));
    assert_eq!(lapse.lapses, 1);
    assert!(lapse.memory.unwrap().stability < review.memory.unwrap().stability);
    let relearnt = answer(&s, &lapse, due + Duration::minutes(10), Rating::Good);
    assert_eq!(relearnt.phase, Phase::Review);
    assert_eq!(relearnt.lapses, 1, "relearning does not add a lapse");
    assert!(relearnt.due > due + Duration::minutes(10));
    assert!(t < due);
}

#[test]
fn hard_good_and_easy_intervals_are_strictly_increasing() {
    for fuzz in [false, true] {
        let s = scheduler(fuzz);
        let (mut state, _) = graduated(&s);
        // Several passing reviews, each on its due day, checking the three outcomes each time.
        for _ in 0..6 {
            let when = state.due + Duration::hours(3);
            let [_, hard, good, easy] = s.next_states(&key(), &state, when, utc()).unwrap();
            assert!(
                hard.interval_days < good.interval_days && good.interval_days < easy.interval_days,
                "fuzz {fuzz}: {} {} {}",
                hard.interval_days,
                good.interval_days,
                easy.interval_days
            );
            state = good;
        }
        assert!(
            state.interval_days > 30,
            "six good reviews reach months: {}",
            state.interval_days
        );
    }
}

#[test]
fn days_elapsed_are_study_days_not_24_hour_periods() {
    let s = scheduler(false);
    // Graduated in the evening; reviewed at 05:00 the next morning: one study day later though
    // only eight hours passed, so FSRS sees one elapsed day and not a same-day review.
    let t0 = at("2026-01-05T21:00:00Z");
    let learning = answer(&s, &CardState::new_card(), t0, Rating::Good);
    let review = answer(&s, &learning, t0 + Duration::minutes(10), Rating::Good);
    let next_morning = answer(&s, &review, at("2026-01-06T05:00:00Z"), Rating::Good);
    let same_evening = answer(&s, &review, at("2026-01-06T03:00:00Z"), Rating::Good);
    // 03:00 is before the 04:00 rollover: still the same study day, a short-term review.
    assert_ne!(next_morning.memory, same_evening.memory);
    let fsrs = FSRS::new(&[]).unwrap();
    let m = review.memory.unwrap();
    let previous = Some(MemoryState {
        stability: m.stability,
        difficulty: m.difficulty,
    });
    let one_day = fsrs.next_states(previous, 0.9, 1).unwrap().good.memory;
    let zero_days = fsrs.next_states(previous, 0.9, 0).unwrap().good.memory;
    assert!((next_morning.memory.unwrap().stability - one_day.stability).abs() < 1e-6);
    assert!((same_evening.memory.unwrap().stability - zero_days.stability).abs() < 1e-6);
}

#[test]
fn fuzz_is_reproducible_and_stays_within_ankis_range() {
    let s = scheduler(true);
    let (state, _) = graduated(&s);
    let when = state.due;
    let first = s.next_states(&key(), &state, when, utc()).unwrap();
    let second = s.next_states(&key(), &state, when, utc()).unwrap();
    assert_eq!(
        first, second,
        "the same card and review count give the same fuzz"
    );
    let plain = scheduler(false)
        .next_states(&key(), &state, when, utc())
        .unwrap();
    let good = plain[2].interval_days;
    #[allow(clippy::cast_precision_loss)]
    let (lower, upper) = fuzz::bounds(good as f32, plain[1].interval_days + 1, 36_500);
    assert!((lower..=upper).contains(&first[2].interval_days));
}

#[test]
fn intervals_never_exceed_the_maximum() {
    let s = Scheduler::new(Config {
        fuzz: false,
        maximum_interval_days: 10,
        ..Config::default()
    })
    .unwrap();
    let mut state = CardState::new_card();
    let mut when = at("2026-01-05T09:00:00Z");
    for _ in 0..12 {
        state = answer(&s, &state, when, Rating::Easy);
        assert!(state.interval_days <= 10);
        when = state.due;
    }
    assert_eq!(state.interval_days, 10);
}

#[test]
fn replay_of_a_history_is_the_same_as_answering_it() {
    let s = scheduler(true);
    let ratings = [
        Rating::Good,
        Rating::Good,
        Rating::Again,
        Rating::Hard,
        Rating::Good,
        Rating::Easy,
    ];
    let mut state = CardState::new_card();
    let mut when = at("2026-01-05T09:00:00Z");
    let mut events = Vec::new();
    for rating in ratings {
        let event = ReviewEvent {
            at: when,
            utc_offset: utc(),
            rating,
        };
        // The four next states of one FSRS call are each what answering with that rating gives.
        let all = s.next_states(&key(), &state, when, utc()).unwrap();
        for (i, other) in Rating::ALL.into_iter().enumerate() {
            let one = s
                .answer(
                    &key(),
                    &state,
                    &ReviewEvent {
                        rating: other,
                        ..event
                    },
                )
                .unwrap();
            assert_eq!(all[i], one, "{other:?} after {} reviews", state.reps);
        }
        state = s.answer(&key(), &state, &event).unwrap();
        events.push(event);
        when = state.due.max(when + Duration::minutes(1));
    }
    assert_eq!(s.replay(&key(), events).unwrap(), state);
}

#[test]
fn settings_out_of_range_are_refused() {
    let bad = Config {
        desired_retention: 0.6,
        ..Config::default()
    };
    assert!(matches!(Scheduler::new(bad), Err(ScheduleError::Config(_))));
}

#[test]
fn a_wrong_answer_rates_again_and_a_right_one_good_unless_chosen() {
    assert_eq!(rating_for(false, Some(Rating::Easy)), Rating::Again);
    assert_eq!(rating_for(true, None), Rating::Good);
    assert_eq!(rating_for(true, Some(Rating::Hard)), Rating::Hard);
    assert_eq!(rating_for(true, Some(Rating::Easy)), Rating::Easy);
    assert_eq!(rating_for(true, Some(Rating::Again)), Rating::Good);
}

#[test]
fn with_no_learning_steps_each_rating_graduates_with_its_own_interval() {
    let s = Scheduler::new(Config {
        fuzz: false,
        learning_steps_secs: vec![],
        ..Config::default()
    })
    .unwrap();
    let t0 = at("2026-01-05T09:00:00Z");
    let [again, hard, good, easy] = s
        .next_states(&key(), &CardState::new_card(), t0, utc())
        .unwrap();
    for state in [&again, &hard, &good, &easy] {
        assert_eq!(state.phase, Phase::Review);
    }
    assert!(
        again.interval_days <= hard.interval_days,
        "{} {}",
        again.interval_days,
        hard.interval_days
    );
    assert!(hard.interval_days < good.interval_days);
    assert!(good.interval_days < easy.interval_days);
    // FSRS-6's initial stability for Again is 0.212 days: a wrong first answer comes back the
    // next day, not after Good's two.
    assert_eq!(again.interval_days, 1);
    assert_eq!(good.interval_days, 2);
}
