//! `allydeck optimize` on a generated log of 10,000 reviews, as the command and the window
//! run it: the whole log read from the store, turned into training items, the parameters in
//! force evaluated, the new ones fitted with the `fsrs` crate and evaluated.
//!
//! Run with `cargo bench --bench optimize`. It prints one line,
//! `optimize over 10000 reviews (N items): X s; log loss A -> B, RMSE (bins) C -> D`.
//! Target: at most 10 s on the 2-core development machine.

// A benchmark that cannot write its fixtures should stop at once, with the reason.
#![allow(clippy::expect_used)]

#[path = "common/history.rs"]
mod history;

use std::time::Instant;

use allydeck::app::{At, Collection};
use allydeck::bank::{Bank, CardKey};
use allydeck::paths::{DataDirs, Profile};
use chrono::{DateTime, Duration, FixedOffset, Utc};

const CARDS: usize = 1_000;
const REVIEWS: usize = 10_000;

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
    let keys: Vec<CardKey> = (0..CARDS)
        .map(|card| {
            format!("bench-{}/q-{card}", card % 10)
                .parse()
                .expect("a key")
        })
        .collect();
    let records = history::history(&keys, REVIEWS / CARDS, start, 30, 5_000..5_000, 7);
    collection.import_log(&records).expect("the history");

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
