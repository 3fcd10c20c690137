//! The real `allydeck log import`, `log export` and `stats --json` on a temporary profile.

// A test that cannot read its own fixtures should stop at once, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;
use tempfile::TempDir;

mod common;
use common::allydeck;

#[derive(Deserialize)]
struct Fixture {
    histories: Vec<History>,
}

#[derive(Deserialize)]
struct History {
    card: String,
    reviews: Vec<Step>,
}

#[derive(Deserialize)]
struct Step {
    reviewed_at: String,
    rating: u8,
    stability: f64,
    difficulty: f64,
    phase: String,
}

/// How far back the reference histories are moved: 30 years of days.
const SHIFT_DAYS: i64 = 30 * 365;

/// The py-fsrs reference histories as a review-log CSV.
fn reference_csv() -> (String, Vec<History>) {
    let mut fixture: Fixture =
        serde_json::from_str(include_str!("fixtures/fsrs/py-fsrs-6.3.1.json")).unwrap();
    // The simulated histories run years ahead of today, and `log import` refuses reviews
    // dated in the future: they are moved back by whole days, which changes no interval.
    for step in fixture
        .histories
        .iter_mut()
        .flat_map(|h| h.reviews.iter_mut())
    {
        let at = chrono::DateTime::parse_from_rfc3339(&step.reviewed_at).unwrap();
        step.reviewed_at = (at - chrono::Duration::days(SHIFT_DAYS)).to_rfc3339();
    }
    let mut csv = String::from("card,reviewed_at,rating,duration_ms\n");
    for history in &fixture.histories {
        for step in &history.reviews {
            writeln!(
                csv,
                "{},{},{},",
                history.card, step.reviewed_at, step.rating
            )
            .unwrap();
        }
    }
    (csv, fixture.histories)
}

/// Imports the reference reviews into the profile in `home`; returns what `log import` said
/// and the histories imported.
fn import_reference(home: &Path) -> (String, Vec<History>) {
    let (csv, histories) = reference_csv();
    let file = home.join("reviews.csv");
    std::fs::write(&file, &csv).unwrap();
    let output = allydeck(home, &["log", "import", file.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        histories,
    )
}

/// A CSV imported with `log import` shows in `stats --json` the states an independent FSRS
/// implementation computes for the same reviews.
#[test]
fn imported_reviews_show_the_expected_fsrs_states() {
    let home = TempDir::new().unwrap();
    let (said, histories) = import_reference(home.path());
    let total: usize = histories.iter().map(|h| h.reviews.len()).sum();
    assert!(
        said.contains(&format!("read {total} reviews: {total} added")),
        "{said}"
    );

    let output = allydeck(home.path(), &["stats", "--json"]);
    assert!(output.status.success());
    let stats: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let cards = stats["cards"].as_array().unwrap();
    assert_eq!(
        cards.len(),
        histories.len(),
        "every card with history, orphans included"
    );
    for history in &histories {
        let card = cards
            .iter()
            .find(|c| c["card"] == history.card.as_str())
            .unwrap();
        let last = history.reviews.last().unwrap();
        let stability = card["stability"].as_f64().unwrap();
        let difficulty = card["difficulty"].as_f64().unwrap();
        assert!(
            (stability - last.stability).abs() / last.stability < 1e-3,
            "{}: {stability} vs {}",
            history.card,
            last.stability
        );
        assert!(
            (difficulty - last.difficulty).abs() / last.difficulty < 1e-3,
            "{}",
            history.card
        );
        assert_eq!(card["phase"], last.phase.as_str());
        assert_eq!(card["reps"], history.reviews.len());
        assert_eq!(card["orphan"], true, "no shipped set is called `reference`");
        let instant = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap();
        assert_eq!(
            instant(card["last_review"].as_str().unwrap()),
            instant(&last.reviewed_at)
        );
    }
}

#[test]
fn export_then_import_into_an_empty_profile_gives_the_same_states() {
    let home = TempDir::new().unwrap();
    import_reference(home.path());
    let exported = home.path().join("exported.csv");
    let output = allydeck(
        home.path(),
        &["log", "export", "--out", exported.to_str().unwrap()],
    );
    assert!(output.status.success());
    let output = allydeck(
        home.path(),
        &[
            "--profile",
            "copy",
            "log",
            "import",
            exported.to_str().unwrap(),
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let cards = |profile: &str| {
        let output = allydeck(home.path(), &["--profile", profile, "stats", "--json"]);
        let stats: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        stats["cards"].clone()
    };
    assert_eq!(cards("default"), cards("copy"));
    // Importing the export again changes nothing.
    let output = allydeck(home.path(), &["log", "import", exported.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&output.stdout).contains(" 0 added"));
}

#[test]
fn a_malformed_file_is_reported_by_line_and_nothing_is_stored() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("bad.csv");
    std::fs::write(
        &file,
        "card,reviewed_at,rating,duration_ms\n\
         article-5/signed,2026-03-01T10:00:00+01:00,3,5200\n\
         article-5/signed,yesterday,3,\n\
         article-5/tropic,2026-03-01T10:00:00+01:00,0,\n",
    )
    .unwrap();
    let output = allydeck(home.path(), &["log", "import", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    assert!(
        stderr.contains("line 3: reviewed_at \"yesterday\""),
        "{stderr}"
    );
    assert!(stderr.contains("line 4: rating \"0\""), "{stderr}");
    let output = allydeck(home.path(), &["stats", "--json"]);
    let stats: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(stats["total"]["reviews"], 0);
    assert_eq!(stats["cards"].as_array().unwrap().len(), 0);
}

#[test]
fn a_damaged_database_gives_a_clear_error_and_no_panic() {
    let home = TempDir::new().unwrap();
    let db = home.path().join("profiles/default/progress.sqlite3");
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    std::fs::write(
        &db,
        b"not a database at all, but it must not be overwritten",
    )
    .unwrap();
    let output = allydeck(home.path(), &["stats"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is damaged"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        b"not a database at all, but it must not be overwritten"
    );
}

#[test]
fn a_bad_profile_name_is_refused() {
    let home = TempDir::new().unwrap();
    let output = allydeck(home.path(), &["--profile", "../escape", "stats"]);
    assert_eq!(output.status.code(), Some(2), "a usage error");
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("profile name \"../escape\" is not valid")
    );
}

#[test]
fn log_rebuild_recomputes_every_card_from_the_log() {
    let home = TempDir::new().unwrap();
    let (_, histories) = import_reference(home.path());
    let cards = |home: &Path| {
        let output = allydeck(home, &["stats", "--json"]);
        let stats: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        stats["cards"].clone()
    };
    let before = cards(home.path());
    // Spoil the cache behind allydeck's back; the log is untouched.
    let db = home.path().join("profiles/default/progress.sqlite3");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE cards SET stability = 99, reps = 0", [])
        .unwrap();
    drop(conn);
    assert_ne!(cards(home.path()), before);
    let output = allydeck(home.path(), &["log", "rebuild"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        said.contains(&format!("recomputed {} cards", histories.len())),
        "{said}"
    );
    assert_eq!(cards(home.path()), before);
}

/// A card cache allydeck cannot read (a phase it never writes) stops the window and `stats`,
/// which would otherwise study from a wrong state, but not `log rebuild`, which repairs it
/// from the log, nor `log export`.
#[test]
fn log_rebuild_repairs_a_card_cache_that_cannot_be_read() {
    let home = TempDir::new().unwrap();
    import_reference(home.path());
    let db = home.path().join("profiles/default/progress.sqlite3");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE cards SET phase = 'bogus'", [])
        .unwrap();
    drop(conn);
    let stats = allydeck(home.path(), &["stats"]);
    assert!(!stats.status.success(), "stats refuses the damaged cache");
    let export = allydeck(home.path(), &["log", "export"]);
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let rebuild = allydeck(home.path(), &["log", "rebuild"]);
    assert!(
        rebuild.status.success(),
        "{}",
        String::from_utf8_lossy(&rebuild.stderr)
    );
    assert!(
        allydeck(home.path(), &["stats"]).status.success(),
        "repaired"
    );
}

/// An export pointed at the profile's own files (by a slip, or a path through `..`) is
/// refused, and the progress is left byte for byte.
#[test]
fn no_export_can_overwrite_a_profile_s_files() {
    let home = TempDir::new().unwrap();
    import_reference(home.path());
    let profile = home.path().join("profiles").join("default");
    let database = profile.join("progress.sqlite3");
    let before = std::fs::read(&database).unwrap();
    let roundabout = home
        .path()
        .join("questions")
        .join("..")
        .join("profiles/default/progress.sqlite3");
    std::fs::create_dir_all(home.path().join("questions")).unwrap();
    let targets = [
        database.clone(),
        profile.join("progress.sqlite3-wal"),
        profile.join("progress.sqlite3-shm"),
        profile.join("backups").join("x.csv"),
        roundabout,
    ];
    for target in &targets {
        let target = target.to_str().unwrap();
        for args in [
            vec!["log", "export", "--out", target],
            vec!["stats", "--csv", target],
            vec!["new-set", target, "--id", "x", "--title", "X"],
        ] {
            let output = allydeck(home.path(), &args);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(!output.status.success(), "{args:?} must fail");
            assert!(
                stderr.contains("progress folder") && stderr.contains("Choose a file elsewhere"),
                "{args:?}: {stderr}"
            );
        }
    }
    assert_eq!(
        std::fs::read(&database).unwrap(),
        before,
        "the progress is untouched"
    );
    // Elsewhere, the export works.
    let elsewhere = home.path().join("reviews-out.csv");
    let output = allydeck(
        home.path(),
        &["log", "export", "--out", elsewhere.to_str().unwrap()],
    );
    assert!(output.status.success());
    assert!(elsewhere.exists());
}
