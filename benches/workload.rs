//! "What a retention costs" as Settings computes it: the crate's simulator over the next 30
//! days at the retention in force and a chosen one, from a profile of 100,000 questions of
//! which 20,000 have been studied (100,000 reviews in the log, read from the store each time).
//!
//! Run with `cargo bench --bench workload`. It prints
//! `estimate for 2 retentions over N cards (M met, R reviews): p50 X ms max Y ms` and the
//! estimates. Settings makes one estimate when it opens and one each time the retention is
//! let go of, so this is the wait the student sees.

// A benchmark that cannot write its fixtures should stop at once, with the reason.
#![allow(clippy::expect_used)]

#[path = "common/generated.rs"]
mod generated;

use std::time::Instant;

use allydeck::app::{At, Collection};
use allydeck::bank::{Bank, CardKey, Source};
use allydeck::paths::{DataDirs, Profile};
use allydeck::schedule::Rating;
use allydeck::store::ReviewRecord;
use chrono::{DateTime, Duration, FixedOffset, Utc};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt as _, SeedableRng as _};

const QUESTIONS: usize = 100_000;
const MET: usize = 20_000;
const REVIEWS_EACH: usize = 5;

/// Five answers to each of the first [`MET`] questions at growing intervals, mostly Good.
fn history(start: DateTime<Utc>) -> Vec<ReviewRecord> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
    let offset = FixedOffset::east_opt(3600).expect("an offset");
    let mut records = Vec::with_capacity(MET * REVIEWS_EACH);
    for card in 0..MET {
        let key: CardKey = format!("bench-{}/q-{card}", card / generated::PER_FILE)
            .parse()
            .expect("a key");
        let mut at = start + Duration::minutes(rng.random_range(0..60 * 24 * 200));
        let mut interval = 1i64;
        for _ in 0..REVIEWS_EACH {
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
                duration_ms: Some(rng.random_range(2_000..20_000)),
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
    let root = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("workload-bench");
    let _ = std::fs::remove_dir_all(&root);
    let folder = root.join("questions");
    generated::write_bank(&folder, QUESTIONS, false);
    let bank = Bank::load(&[Source::Path {
        path: folder,
        required: true,
    }]);
    assert!(bank.problems.is_empty(), "{:?}", bank.problems);
    let dirs = DataDirs::resolve(Some(&root), None).expect("a data folder");
    let start: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-01-01T09:00:00Z")
        .expect("a date")
        .into();
    let at = At {
        now: start + Duration::days(300),
        utc_offset: FixedOffset::east_opt(3600).expect("an offset"),
    };
    let mut collection = Collection::open(&dirs, &Profile::default(), bank, at)
        .expect("a new profile")
        .collection;
    collection.import_log(&history(start)).expect("the history");
    let mut times = Vec::new();
    let mut last = Vec::new();
    for _ in 0..7 {
        let begin = Instant::now();
        last = collection
            .estimate_workload(&[0.9, 0.95], 42, at)
            .expect("an estimate");
        times.push(begin.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let begin = Instant::now();
    let start = collection.workload_start(at).expect("the start");
    let read = begin.elapsed().as_secs_f64() * 1000.0;
    let begin = Instant::now();
    allydeck::schedule::workload::estimate(&start, collection.config(), &[0.9, 0.95], 42)
        .expect("an estimate");
    let simulated = begin.elapsed().as_secs_f64() * 1000.0;
    println!("  of which reading the cards and the log {read:.0} ms, simulating {simulated:.0} ms");
    println!(
        "estimate for 2 retentions over {QUESTIONS} cards ({MET} met, {} reviews): p50 {:.0} ms max {:.0} ms",
        MET * REVIEWS_EACH,
        times[times.len() / 2],
        times[times.len() - 1]
    );
    for w in last {
        println!(
            "  at {:.2}: {:.1} reviews and {:.1} new a day, {:.1} min a day, {:.0} remembered after 30 days",
            w.retention, w.reviews_per_day, w.new_per_day, w.minutes_per_day, w.remembered
        );
    }
}
