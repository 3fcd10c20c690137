//! Statistics over 1,000,000 reviews. Run with `cargo bench --bench stats`.
//!
//! Computes every series of the Statistics screen (and of `stats --json`) over a million
//! reviews of 100,000 cards spread over two years, for each range and for one set; target:
//! under 200 ms. Loading the same reviews from a database is measured separately.

// A benchmark that cannot set itself up should stop at once, with the reason.
#![allow(clippy::expect_used, clippy::cast_precision_loss)]

use std::time::{Duration, Instant};

use allydeck::bank::CardKey;
use allydeck::bank::SetId;
use allydeck::schedule::{CardState, Memory, Phase, Rating};
use allydeck::stats::{ReviewPoint, SeriesInput, series};
use allydeck::store::{ReviewRecord, Store};
use chrono::{DateTime, FixedOffset, Utc};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt as _, SeedableRng as _};

const REVIEWS: usize = 1_000_000;
const CARDS: usize = 100_000;
const SETS: u32 = 40;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let now: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-11-24T12:00:00Z")
        .expect("a time")
        .into();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
    let two_years_ms = 730 * 86_400_000_i64;
    let points: Vec<ReviewPoint> = (0..REVIEWS)
        .map(|_| ReviewPoint {
            at_ms: now.timestamp_millis() - rng.random_range(0..two_years_ms),
            utc_offset_s: 3600,
            rating: Rating::from_number(rng.random_range(1..=4)).expect("1-4"),
            kind: [
                Phase::New,
                Phase::Learning,
                Phase::Review,
                Phase::Relearning,
            ][rng.random_range(0..4)],
            set: rng.random_range(0..SETS),
            overridden: false,
        })
        .collect();
    let sets: Vec<SetId> = (0..SETS).map(|i| SetId::new(format!("set-{i}"))).collect();
    let states: Vec<CardState> = (0..CARDS)
        .map(|_| CardState {
            phase: Phase::Review,
            due: now + chrono::Duration::hours(rng.random_range(-200..2000)),
            interval_days: rng.random_range(1..100),
            memory: Some(Memory {
                stability: rng.random_range(0.1..500.0),
                difficulty: 5.0,
            }),
            ..CardState::new_card()
        })
        .collect();
    let card_sets: Vec<&SetId> = (0..CARDS).map(|i| &sets[i % sets.len()]).collect();
    let set_7 = SetId::new("set-7");
    let offset = FixedOffset::east_opt(3600).expect("an offset");
    println!("statistics over {REVIEWS} reviews of {CARDS} cards, best of 10 runs:");
    for (range, set) in [(30, None), (90, None), (365, None), (365, Some(&set_7))] {
        let input = SeriesInput {
            reviews: &points,
            sets: &sets,
            quiz: &[],
            now,
            utc_offset: offset,
            rollover_hour: 4,
            range_days: range,
            set,
        };
        let mut best = Duration::MAX;
        for _ in 0..10 {
            let begin = Instant::now();
            let s = series(
                &input,
                card_sets.iter().copied().zip(states.iter().map(Some)),
            );
            best = best.min(begin.elapsed());
            assert_eq!(s.calendar.len(), 365);
        }
        println!(
            "  range {range:>3} days{:<14} {:>7.1} ms",
            set.map_or(String::new(), |s| format!(", only {s}")),
            ms(best)
        );
    }

    // Loading the reviews from a database, for comparison.
    let target = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&target).expect("target/ exists");
    let dir = tempfile::TempDir::new_in(&target).expect("a temporary folder");
    let mut store = Store::open(&dir.path().join("stats.sqlite3")).expect("open");
    let records: Vec<ReviewRecord> = points
        .iter()
        .enumerate()
        .map(|(i, p)| ReviewRecord {
            card: format!("set-{}/q-{}", p.set, i % CARDS)
                .parse::<CardKey>()
                .expect("a key"),
            at: DateTime::from_timestamp_millis(p.at_ms).expect("a time"),
            utc_offset: offset,
            rating: p.rating,
            duration_ms: None,
            overridden: false,
        })
        .collect();
    let scheduler = allydeck::schedule::Scheduler::new(allydeck::schedule::Config::default())
        .expect("settings");
    store.import(&records, &scheduler).expect("import");
    let begin = Instant::now();
    let (_, loaded) = store.review_points().expect("load");
    println!(
        "  loading {} reviews from the database:   {:>7.1} ms",
        loaded.len(),
        ms(begin.elapsed())
    );
}
