//! A generated student's log for the benchmarks: each card answered at growing intervals (a
//! first day with a relearning step, then 1, 3, 7, ... days), mostly Good, sometimes forgotten
//! (the interval starts over), Hard or Easy.

use allydeck::bank::CardKey;
use allydeck::schedule::Rating;
use allydeck::store::ReviewRecord;
use chrono::{DateTime, Duration, FixedOffset, Utc};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt as _, SeedableRng as _};

/// `per_card` answers to each of `keys`, the first within `spread_days` of `start`, each taking
/// a time drawn from `duration_ms`.
///
/// # Panics
/// Never with the offsets it uses.
#[allow(clippy::expect_used)] // A fixed, valid offset.
pub fn history(
    keys: &[CardKey],
    per_card: usize,
    start: DateTime<Utc>,
    spread_days: i64,
    duration_ms: std::ops::Range<u32>,
    seed: u64,
) -> Vec<ReviewRecord> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let offset = FixedOffset::east_opt(3600).expect("an offset");
    let mut records = Vec::with_capacity(keys.len() * per_card);
    for key in keys {
        let mut at = start + Duration::minutes(rng.random_range(0..60 * 24 * spread_days));
        let mut interval = 1i64;
        for _ in 0..per_card {
            let rating = match rng.random_range(0..100) {
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
                duration_ms: Some(if duration_ms.is_empty() {
                    duration_ms.start
                } else {
                    rng.random_range(duration_ms.clone())
                }),
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
