//! `allydeck optimize` on a generated log of 10,000 reviews, as the command and the window
//! run it: the whole log read from the store, turned into training items, the parameters in
//! force evaluated, the new ones fitted with the `fsrs` crate and evaluated.
//!
//! Run with `cargo bench --bench optimize`. It prints one line,
//! `optimize over 10000 reviews (N items): X s; log loss A -> B, RMSE (bins) C -> D`.
//! Target: at most 10 s on the 2-core development machine.

// A benchmark that cannot write its fixtures should stop at once, with the reason.
#![allow(clippy::expect_used)]

use std::time::Instant;

use allydeck::app::{At, Collection};
use allydeck::bank::{Bank, CardKey};
use allydeck::paths::{DataDirs, Profile};
use allydeck::schedule::Rating;
use allydeck::store::ReviewRecord;
use chrono::{DateTime, Duration, FixedOffset, Utc};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt as _, SeedableRng as _};

const CARDS: usize = 1_000;
const REVIEWS: usize = 10_000;

/// A student's log: each card answered at growing intervals (a first day with a relearning
/// step, then 1, 3, 7, ... days), mostly Good, sometimes forgotten (the interval starts
/// over), Hard or Easy.
fn history(start: DateTime<Utc>) -> Vec<ReviewRecord> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
    let offset = FixedOffset::east_opt(3600).expect("an offset");
    let mut records = Vec::with_capacity(REVIEWS);
    let per_card = REVIEWS / CARDS;
    for card in 0..CARDS {
        let key: CardKey = format!("bench-{}/q-{card}", card % 10)
            .parse()
            .expect("a key");
        let mut at = start + Duration::minutes(rng.random_range(0..60 * 24 * 30));
        let mut interval = 1i64;
        for _ in 0..per_card {
            let roll = rng.random_range(0..100);
            let rating = match roll {
                0..12 => Rating::Again,
                12..18 => Rating::Hard,
                18..94 => Rating::Good,
                _ => Rating::Easy,
            };
            records.push(ReviewRecord {
                card: key.clone(),
                at,
                utc_offset: offset,
                rating,
                duration_ms: Some(5_000),
                overridden: false,
            });
            interval = match rating {
                Rating::Again => 1,
                Rating::Hard => interval.max(1),
                Rating::Good => interval * 5 / 2 + 1,
                Rating::Easy => interval * 4 + 1,
            };
            at += Duration::days(interval) + Duration::minutes(rng.random_range(0..600));
        }
    }
    records
}

fn main() {
    let root = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("optimize-bench");
    let _ = std::fs::remove_dir_all(&root);
    let dirs = DataDirs::resolve(Some(&root), None).expect("a data folder");
    let profile = Profile::default();
    let start: DateTime<Utc> = DateTime::parse_from_rfc3339("2024-01-01T09:00:00Z")
        .expect("a date")
        .into();
    let at = At {
        now: start + Duration::days(3 * 365),
        utc_offset: FixedOffset::east_opt(3600).expect("an offset"),
    };
    let mut collection = Collection::open(&dirs, &profile, Bank::default(), at)
        .expect("a new profile")
        .collection;
    collection.import_log(&history(start)).expect("the history");

    let begin = Instant::now();
    let result = collection.optimize().expect("optimized");
    let took = begin.elapsed();
    println!(
        "optimize over {} reviews ({} items): {:.2} s; log loss {:.4} -> {:.4}, RMSE (bins) {:.4} -> {:.4}",
        result.reviews,
        result.items,
        took.as_secs_f64(),
        result.current_fit.log_loss,
        result.fitted_fit.log_loss,
        result.current_fit.rmse_bins,
        result.fitted_fit.rmse_bins
    );
}
