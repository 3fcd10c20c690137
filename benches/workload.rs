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
#[path = "common/history.rs"]
mod history;

use std::time::Instant;

use allydeck::app::{At, Collection};
use allydeck::bank::{Bank, CardKey, Source};
use allydeck::paths::{DataDirs, Profile};
use chrono::{DateTime, Duration, FixedOffset, Utc};

const QUESTIONS: usize = 100_000;
const MET: usize = 20_000;
const REVIEWS_EACH: usize = 5;

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
    let keys: Vec<CardKey> = (0..MET)
        .map(|card| {
            format!("bench-{}/q-{card}", card / generated::PER_FILE)
                .parse()
                .expect("a key")
        })
        .collect();
    let records = history::history(&keys, REVIEWS_EACH, start, 200, 2_000..20_000, 11);
    collection.import_log(&records).expect("the history");
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
