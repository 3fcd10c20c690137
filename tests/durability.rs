//! Durability: a process that answers in a loop is killed with SIGKILL at random moments;
//! every answer it reported as committed must be in the database afterwards, and the database
//! must pass its integrity check.
//!
//! The answering process is this test binary itself, started again to run the ignored
//! `child_answers_until_killed` with the database path in an environment variable.

// A test that cannot start its child or read its output should stop at once, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Command, Stdio};
use std::time::Duration;

use allydeck::bank::CardKey;
use allydeck::schedule::{CardState, Config, Rating, ReviewEvent, Scheduler};
use allydeck::store::{ReviewRecord, Store};
use chrono::{DateTime, FixedOffset, Utc};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt as _, SeedableRng as _};

const DB_VAR: &str = "ALLYDECK_DURABILITY_DB";
const TRIAL_VAR: &str = "ALLYDECK_DURABILITY_TRIAL";

/// The child: answers card after card, printing `committed N` once each answer is committed.
#[test]
#[ignore = "run by killed_processes_lose_no_committed_answer as its child process"]
fn child_answers_until_killed() {
    let (Ok(db), Ok(trial)) = (std::env::var(DB_VAR), std::env::var(TRIAL_VAR)) else {
        return;
    };
    let mut store = Store::open(db.as_ref()).unwrap();
    let scheduler = Scheduler::new(Config::default()).unwrap();
    let offset = FixedOffset::east_opt(3600).unwrap();
    let start: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-03-01T09:00:00Z")
        .unwrap()
        .into();
    let mut out = std::io::stdout().lock();
    for i in 0..u32::MAX {
        let card: CardKey = format!("durability/t{trial}-{i}").parse().unwrap();
        let event = ReviewEvent {
            at: start + chrono::Duration::milliseconds(i64::from(i)),
            utc_offset: offset,
            rating: Rating::Good,
        };
        let after = scheduler
            .answer(&card, &CardState::new_card(), &event)
            .unwrap();
        let record = ReviewRecord {
            card,
            at: event.at,
            utc_offset: offset,
            rating: event.rating,
            duration_ms: Some(i),
        };
        store.commit_answer(&record, None, &after).unwrap();
        writeln!(out, "committed {i}").unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn killed_processes_lose_no_committed_answer() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("progress.sqlite3");
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(2026);
    let trials = 25;
    let mut reported_total = 0;
    for trial in 0..trials {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "child_answers_until_killed",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(DB_VAR, &db)
            .env(TRIAL_VAR, trial.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|line| {
                    line.strip_prefix("committed ")
                        .map(|n| n.parse::<u32>().unwrap())
                })
                .collect::<Vec<_>>()
        });
        // A random moment: often mid-commit, since committing is all the child does.
        std::thread::sleep(Duration::from_millis(rng.random_range(30..400)));
        child.kill().unwrap(); // SIGKILL on Unix: no destructor, no flush, no goodbye.
        child.wait().unwrap();
        let reported = reader.join().unwrap();

        let store = Store::open(&db).unwrap();
        assert!(
            store.integrity_ok().unwrap(),
            "trial {trial}: integrity check failed"
        );
        let stored: BTreeSet<String> = store
            .reviews()
            .unwrap()
            .into_iter()
            .map(|r| r.record.card.to_string())
            .filter(|card| card.starts_with(&format!("durability/t{trial}-")))
            .collect();
        for i in &reported {
            let card = format!("durability/t{trial}-{i}");
            assert!(
                stored.contains(&card),
                "trial {trial}: answer {i} was reported but lost"
            );
            assert!(store.card_state(&card.parse().unwrap()).unwrap().is_some());
        }
        reported_total += reported.len();
    }
    assert!(
        reported_total > 100,
        "only {reported_total} answers in {trials} trials: the child barely ran"
    );
    eprintln!("{trials} kills, {reported_total} reported answers, none lost");
}
