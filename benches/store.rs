//! The progress store and the scheduler at scale. Run with `cargo bench --bench store`.
//!
//! - answer-to-durable-commit latency over 1,000 answers on the real disk (p50, p99, max);
//!   target: p99 at most 2 ms;
//! - importing 1,000,000 reviews of 100,000 cards in one transaction;
//! - rebuilding every card state from the 1,000,000 reviews;
//! - loading the 100,000 card states (today's queue is timed by `benches/session.rs`).
//!
//! The database lives in a temporary folder under `target/`, on the same disk as the project
//! (not a RAM disk), so commit latency includes a real `fsync`.

// A benchmark that cannot set itself up should stop at once, with the reason.
#![allow(clippy::expect_used, clippy::cast_precision_loss)]

use std::time::{Duration, Instant};

use allydeck::bank::CardKey;
use allydeck::schedule::{CardState, Config, Rating, ReviewEvent, Scheduler};
use allydeck::store::{ReviewRecord, Store};
use chrono::{DateTime, FixedOffset, Utc};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt as _, SeedableRng as _};

const CARDS: usize = 100_000;
const REVIEWS_PER_CARD: usize = 10;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The `percent`-th percentile (nearest rank) of sorted samples.
fn percentile(sorted: &[Duration], percent: usize) -> Duration {
    let rank = (sorted.len() * percent).div_ceil(100);
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn key(i: usize) -> CardKey {
    format!("set-{}/q-{i}", i % 40)
        .parse()
        .expect("a valid key")
}

fn main() {
    let target = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&target).expect("target/ exists");
    let dir = tempfile::TempDir::new_in(&target).expect("a temporary folder on the real disk");
    let offset = FixedOffset::east_opt(3600).expect("an offset");
    let start: DateTime<Utc> = DateTime::parse_from_rfc3339("2024-01-01T08:00:00Z")
        .expect("a time")
        .into();
    let scheduler = Scheduler::new(Config::default()).expect("default settings");
    commit_latency(
        &dir.path().join("commit.sqlite3"),
        &scheduler,
        start,
        offset,
    );
    let big = big_history(&dir.path().join("big.sqlite3"), &scheduler, start, offset);
    queue_build(&big, &scheduler, start, offset);
}

/// Answer-to-durable-commit latency of single answers.
fn commit_latency(
    path: &std::path::Path,
    scheduler: &Scheduler,
    start: DateTime<Utc>,
    offset: FixedOffset,
) {
    let mut store = Store::open(path).expect("open");
    let mut latencies = Vec::with_capacity(1000);
    let mut states: Vec<Option<CardState>> = vec![None; 50];
    for i in 0..1000 {
        let card = key(i % 50);
        let before = states[i % 50].take();
        let state = before.clone().unwrap_or_default();
        let event = ReviewEvent {
            at: start + chrono::Duration::seconds(i64::try_from(i).expect("small")),
            utc_offset: offset,
            rating: Rating::Good,
        };
        let begin = Instant::now();
        let after = scheduler.answer(&card, &state, &event).expect("schedule");
        let record = ReviewRecord {
            card,
            at: event.at,
            utc_offset: offset,
            rating: event.rating,
            duration_ms: Some(3000),
            overridden: false,
        };
        store
            .commit_answer(&record, before.as_ref(), &after)
            .expect("commit");
        latencies.push(begin.elapsed());
        states[i % 50] = Some(after);
    }
    latencies.sort();
    println!(
        "answer to durable commit, 1,000 answers:      p50 {:.3} ms  p99 {:.3} ms  max {:.3} ms",
        ms(percentile(&latencies, 50)),
        ms(percentile(&latencies, 99)),
        ms(*latencies.last().expect("1,000 samples"))
    );
}

/// A history of 1,000,000 reviews of 100,000 cards, imported in one transaction, then every
/// state rebuilt from it.
fn big_history(
    path: &std::path::Path,
    scheduler: &Scheduler,
    start: DateTime<Utc>,
    offset: FixedOffset,
) -> Store {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    let mut records = Vec::with_capacity(CARDS * REVIEWS_PER_CARD);
    for c in 0..CARDS {
        let card = key(c);
        let mut at = start + chrono::Duration::minutes(rng.random_range(0..60 * 24 * 30));
        for r in 0..REVIEWS_PER_CARD {
            let rating = match rng.random_range(0..100) {
                0..12 => Rating::Again,
                12..25 => Rating::Hard,
                25..90 => Rating::Good,
                _ => Rating::Easy,
            };
            records.push(ReviewRecord {
                card: card.clone(),
                at,
                utc_offset: offset,
                rating,
                duration_ms: Some(2500),
                overridden: false,
            });
            let gap_minutes = if r < 2 {
                10
            } else {
                rng.random_range(60 * 20..60 * 24 * 40)
            };
            at += chrono::Duration::minutes(gap_minutes);
        }
    }
    let mut big = Store::open(path).expect("open");
    let begin = Instant::now();
    let summary = big.import(&records, scheduler).expect("import");
    println!(
        "import 1,000,000 reviews of 100,000 cards:     {:.0} ms ({} cards)",
        ms(begin.elapsed()),
        summary.cards_rebuilt
    );

    let begin = Instant::now();
    let rebuilt = big.rebuild(scheduler, None).expect("rebuild");
    let elapsed = begin.elapsed();
    println!(
        "rebuild all states from 1,000,000 reviews:     {:.0} ms ({rebuilt} cards, {:.0} reviews/s)",
        ms(elapsed),
        (CARDS * REVIEWS_PER_CARD) as f64 / elapsed.as_secs_f64()
    );
    big
}

/// Loading the card states, as opening a profile does. Today's queue is kept by the deck and
/// updated per answer; `benches/session.rs` times it as the window uses it.
fn queue_build(big: &Store, _scheduler: &Scheduler, start: DateTime<Utc>, _offset: FixedOffset) {
    let begin = Instant::now();
    let states = big.card_states().expect("load states");
    println!(
        "load 100,000 card states from the database:    {:.1} ms",
        ms(begin.elapsed())
    );
    let now = start + chrono::Duration::days(200);
    let due = states.values().filter(|s| s.due < now).count();
    println!("  ({due} of {} cards due)", states.len());
}
