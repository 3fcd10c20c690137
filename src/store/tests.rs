//! The store: schema and settings, answers and undo, rebuild from the log, migration, damage,
//! backups and CSV interchange.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Duration, FixedOffset, Utc};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt as _, SeedableRng as _};
use tempfile::TempDir;

use super::*;
use crate::bank::CardKey;
use crate::schedule::{CardState, Config, Phase, Rating, Scheduler};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn offset(hours: i32) -> FixedOffset {
    FixedOffset::east_opt(hours * 3600).unwrap()
}

fn key(i: usize) -> CardKey {
    format!("set-{}/q-{i}", i % 3).parse().unwrap()
}

fn scheduler() -> Scheduler {
    Scheduler::new(Config::default()).unwrap()
}

/// A clock after every review in these tests: none is refused as dated in the future.
fn far_future() -> DateTime<Utc> {
    at("2100-01-01T00:00:00Z")
}

fn open_temp() -> (TempDir, Store) {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&dir.path().join("profile").join("progress.sqlite3")).unwrap();
    (dir, store)
}

/// Answers `card` as the app does: schedule, then record review and state together.
fn answer(
    store: &mut Store,
    s: &Scheduler,
    card: &CardKey,
    when: DateTime<Utc>,
    rating: Rating,
) -> CardState {
    let before = store.card_state(card).unwrap();
    let record = ReviewRecord {
        card: card.clone(),
        at: when,
        utc_offset: offset(1),
        rating,
        duration_ms: Some(4200),
        overridden: false,
    };
    let after = s
        .answer(card, &before.clone().unwrap_or_default(), &record.event())
        .unwrap();
    store
        .commit_answer(&record, before.as_ref(), &after)
        .unwrap();
    after
}

#[test]
fn a_new_store_has_the_current_schema_in_wal_mode_with_full_sync() {
    let (_dir, store) = open_temp();
    let version: i64 = store
        .conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, schema::current_version());
    let mode: String = store
        .conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let sync: i64 = store
        .conn
        .pragma_query_value(None, "synchronous", |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 2, "FULL");
    assert!(store.integrity_ok().unwrap());
}

#[test]
fn scheduling_settings_are_saved_in_the_profile() {
    let (_dir, store) = open_temp();
    assert_eq!(store.scheduler_config().unwrap(), Config::default());
    let config = Config {
        desired_retention: 0.85,
        new_per_day: 5,
        learning_steps_secs: vec![30, 300, 3600],
        ..Config::default()
    };
    store.save_scheduler_config(&config).unwrap();
    let reopened = Store::open(store.path()).unwrap();
    assert_eq!(reopened.scheduler_config().unwrap(), config);
}

#[test]
fn an_answer_is_stored_with_its_state_and_undo_takes_it_back() {
    let (_dir, mut store) = open_temp();
    let s = scheduler();
    let card = key(1);
    let t0 = at("2026-03-01T09:00:00Z");
    let first = answer(&mut store, &s, &card, t0, Rating::Good);
    assert_eq!(store.card_state(&card).unwrap(), Some(first.clone()));
    let before_second = first.clone();
    let second = answer(
        &mut store,
        &s,
        &card,
        t0 + Duration::minutes(10),
        Rating::Good,
    );
    assert_eq!(second.phase, Phase::Review);
    let reviews = store.reviews_of(&card).unwrap();
    assert_eq!(reviews.len(), 2);
    assert_eq!(reviews[0].kind, Phase::New);
    assert_eq!(reviews[1].kind, Phase::Learning);
    assert_eq!(reviews[1].record.duration_ms, Some(4200));
    assert_eq!(reviews[1].record.utc_offset, offset(1));

    store
        .undo_answer(reviews[1].id, &card, &second, Some(&before_second))
        .unwrap();
    assert_eq!(store.reviews_of(&card).unwrap().len(), 1);
    assert_eq!(
        store.card_state(&card).unwrap(),
        Some(before_second.clone())
    );
    store
        .undo_answer(reviews[0].id, &card, &before_second, None)
        .unwrap();
    assert_eq!(store.card_state(&card).unwrap(), None);
    assert_eq!(store.review_count().unwrap(), 0);
}

/// Every write of a card names the state it replaces; a write computed from a state that is
/// no longer the stored one (another window answered meanwhile) is refused and writes nothing.
#[test]
fn a_stale_compare_and_set_is_refused_and_writes_nothing() {
    let (_dir, mut store) = open_temp();
    let s = scheduler();
    let card = key(4);
    let t0 = at("2026-03-01T09:00:00Z");
    let first = answer(&mut store, &s, &card, t0, Rating::Good);
    let record = |minutes: i64, rating| ReviewRecord {
        card: card.clone(),
        at: t0 + Duration::minutes(minutes),
        utc_offset: offset(1),
        rating,
        duration_ms: None,
        overridden: false,
    };
    let stale_record = record(5, Rating::Easy);
    let stale_after = s
        .answer(&card, &CardState::new_card(), &stale_record.event())
        .unwrap();
    // Computed as if the card were still new: refused.
    let refused = store.commit_answer(&stale_record, None, &stale_after);
    assert!(
        matches!(refused, Err(StoreError::Stale { ref card, .. }) if *card == key(4)),
        "{refused:?}"
    );
    assert_eq!(store.review_count().unwrap(), 1, "nothing appended");
    assert_eq!(store.card_state(&card).unwrap(), Some(first.clone()));

    // The right `before` is accepted; then the old state is stale for undo and replace.
    let second_record = record(10, Rating::Good);
    let second = s.answer(&card, &first, &second_record.event()).unwrap();
    let id = store
        .commit_answer(&second_record, Some(&first), &second)
        .unwrap();
    assert!(matches!(
        store.undo_answer(id, &card, &first, Some(&first)),
        Err(StoreError::Stale { .. })
    ));
    let easy = ReviewRecord {
        rating: Rating::Easy,
        ..second_record.clone()
    };
    let easy_after = s.answer(&card, &first, &easy.event()).unwrap();
    assert!(matches!(
        store.replace_answer(id, &easy, Some(&first), &first, &easy_after),
        Err(StoreError::Stale { .. })
    ));
    // A review id that is not there (taken back elsewhere) is stale too.
    assert!(matches!(
        store.undo_answer(id + 100, &card, &second, Some(&first)),
        Err(StoreError::Stale { .. })
    ));
    assert_eq!(store.review_count().unwrap(), 2);
    assert_eq!(store.card_state(&card).unwrap(), Some(second.clone()));
    // And with the states as stored, both go through.
    let new_id = store
        .replace_answer(id, &easy, Some(&first), &second, &easy_after)
        .unwrap();
    store
        .undo_answer(new_id, &card, &easy_after, Some(&first))
        .unwrap();
    assert_eq!(store.card_state(&card).unwrap(), Some(first));
    assert_eq!(store.review_count().unwrap(), 1);
}

/// The log is the truth: after thousands of random answers, replaying the log gives exactly
/// the states kept answer by answer.
#[test]
fn a_rebuild_from_the_log_equals_the_incrementally_kept_states() {
    let (_dir, mut store) = open_temp();
    let s = scheduler();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
    let mut now = at("2026-01-01T08:00:00Z");
    let mut kept: HashMap<CardKey, CardState> = HashMap::new();
    for _ in 0..3000 {
        let card = key(rng.random_range(0..60));
        let rating = Rating::from_number(rng.random_range(1..=4)).unwrap();
        now += Duration::minutes(rng.random_range(1..600));
        let state = answer(&mut store, &s, &card, now, rating);
        kept.insert(card, state);
    }
    assert_eq!(store.card_states().unwrap(), kept);
    // Spoil the cache, then rebuild it from the log alone.
    store
        .conn
        .execute("UPDATE cards SET reps = 0, stability = 1.0", [])
        .unwrap();
    store
        .conn
        .execute("DELETE FROM cards WHERE card LIKE 'set-0/%'", [])
        .unwrap();
    assert_ne!(store.card_states().unwrap(), kept);
    let rebuilt = store.rebuild(&s, None).unwrap();
    assert_eq!(rebuilt, kept.len());
    assert_eq!(store.card_states().unwrap(), kept);
}

#[test]
fn holds_are_kept_beside_the_log_checked_and_survive_a_rebuild() {
    use crate::schedule::{Hold, StudyDay};
    let (dir, mut store) = open_temp();
    let s = scheduler();
    let (a, b) = (key(1), key(2));
    answer(&mut store, &s, &a, at("2026-01-01T08:00:00Z"), Rating::Good);
    let cards_before = store.card_states().unwrap();
    let today = StudyDay(20_000);
    let now = at("2026-01-02T08:00:00Z");
    store
        .set_hold(&a, None, Some(Hold::Suspended), today, now)
        .unwrap();
    store
        .set_hold(&b, None, Some(Hold::Buried { day: today }), today, now)
        .unwrap();
    // A hold never touches the log or the cards.
    assert_eq!(store.card_states().unwrap(), cards_before);
    assert_eq!(store.review_count().unwrap(), 1);
    let holds = store.holds(today).unwrap();
    assert_eq!(holds.get(&a), Some(&Hold::Suspended));
    assert_eq!(holds.get(&b), Some(&Hold::Buried { day: today }));
    // The next day the bury is over: not listed, and it counts as no hold.
    let tomorrow = today.plus(1);
    assert_eq!(store.holds(tomorrow).unwrap().len(), 1);
    // A write from a hold other than the stored one is refused and writes nothing.
    let stale = store.set_hold(&a, None, None, today, now);
    assert!(matches!(stale, Err(StoreError::Stale { .. })), "{stale:?}");
    assert_eq!(store.hold(&a).unwrap(), Some(Hold::Suspended));
    store
        .set_hold(&b, None, Some(Hold::Suspended), tomorrow, now)
        .unwrap();
    // A rebuild of the cache from the log leaves the holds as they are.
    store.rebuild(&s, None).unwrap();
    assert_eq!(store.card_states().unwrap(), cards_before);
    drop(store);
    let mut store = Store::open(&dir.path().join("profile").join("progress.sqlite3")).unwrap();
    assert_eq!(store.holds(tomorrow).unwrap().len(), 2);
    store
        .set_hold(&a, Some(Hold::Suspended), None, tomorrow, now)
        .unwrap();
    assert_eq!(store.hold(&a).unwrap(), None);
    // A value allydeck cannot have written is reported, not guessed at.
    store
        .conn
        .execute("UPDATE holds SET buried_day = NULL, hold = 'suspended'", [])
        .unwrap();
    assert!(store.holds(tomorrow).is_ok());
    let bad = store.conn.execute(
        "INSERT INTO holds (card, hold, buried_day, since_ms) VALUES ('x/y', 'buried', NULL, 0)",
        [],
    );
    assert!(bad.is_err(), "the schema refuses a bury without its day");
}

#[test]
fn done_today_counts_new_cards_and_reviews_of_the_study_day() {
    let (_dir, mut store) = open_temp();
    let s = Scheduler::new(Config {
        fuzz: false,
        ..Config::default()
    })
    .unwrap();
    // Day one (offset +1, rollover 04:00 local = 03:00 UTC): two new cards, one graduates.
    let day1 = at("2026-03-01T09:00:00Z");
    answer(&mut store, &s, &key(1), day1, Rating::Easy);
    answer(&mut store, &s, &key(2), day1, Rating::Good);
    let today = s.study_day(day1, offset(1));
    let done = store.done_on(today, offset(1), 4).unwrap();
    assert_eq!((done.new_cards, done.reviews), (2, 0));
    // 02:30 UTC next day is 03:30 local: still day one.
    answer(
        &mut store,
        &s,
        &key(2),
        at("2026-03-02T02:30:00Z"),
        Rating::Good,
    );
    let done = store.done_on(today, offset(1), 4).unwrap();
    assert_eq!(
        (done.new_cards, done.reviews),
        (2, 0),
        "a learning answer is neither"
    );
    // Key 1 graduated with Easy; reviewing it later counts as a review on that day.
    let due = store.card_state(&key(1)).unwrap().unwrap().due;
    answer(
        &mut store,
        &s,
        &key(1),
        due + Duration::hours(1),
        Rating::Good,
    );
    let that_day = s.study_day(due + Duration::hours(1), offset(1));
    let done = store.done_on(that_day, offset(1), 4).unwrap();
    assert_eq!((done.new_cards, done.reviews), (0, 1));
}

#[test]
fn a_database_of_the_first_schema_is_migrated_and_keeps_its_reviews() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("progress.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
        conn.execute_batch("PRAGMA user_version = 1").unwrap();
        conn.execute(
            "INSERT INTO reviews (card, reviewed_at_ms, utc_offset_s, rating, duration_ms, kind)
             VALUES ('article-5/signed', 1767258000000, 3600, 3, 5000, 'new')",
            [],
        )
        .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let mut store = Store::open(&path).unwrap();
    let version: i64 = store
        .conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, schema::current_version());
    // The file as it was is kept before the migration, and opens as the old schema.
    let copy = dir.path().join("backups").join(format!(
        "progress-before-schema-{}.sqlite3",
        schema::current_version()
    ));
    let old = rusqlite::Connection::open(&copy).unwrap();
    let old_version: i64 = old
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(old_version, 1);
    assert!(!before.is_empty());
    let quiz_tables: i64 = store
        .conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('quiz_attempts', 'quiz_answers', 'settings')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(quiz_tables, 3);
    let reviews = store.reviews().unwrap();
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].record.rating, Rating::Good);
    // The first schema had no card cache rows here: the rebuild derives them from the log.
    assert_eq!(store.rebuild(&scheduler(), None).unwrap(), 1);
    let card: CardKey = "article-5/signed".parse().unwrap();
    assert_eq!(
        store.card_state(&card).unwrap().unwrap().phase,
        Phase::Learning
    );
}

#[test]
fn a_file_that_is_not_a_database_is_reported_and_left_untouched() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("progress.sqlite3");
    let garbage = b"this is not an SQLite database, but a student's precious file".repeat(100);
    std::fs::write(&path, &garbage).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert!(err.to_string().contains("is damaged"), "{err}");
    assert!(err.to_string().contains("left untouched"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), garbage);
}

#[test]
fn a_damaged_page_is_caught_on_open_and_the_file_left_untouched() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("progress.sqlite3");
    {
        let mut store = Store::open(&path).unwrap();
        let s = scheduler();
        for i in 0..400 {
            answer(
                &mut store,
                &s,
                &key(i),
                at("2026-03-01T09:00:00Z"),
                Rating::Good,
            );
        }
        store
            .conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 16 * 4096, "several pages");
    // Scribble over the header of page 5 (a B-tree page of the reviews table), as a torn
    // write or a failing disk might.
    for b in &mut bytes[4 * 4096..4 * 4096 + 12] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "never overwritten");
}

#[test]
fn a_database_from_a_newer_allydeck_is_refused_untouched() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("progress.sqlite3");
    drop(Store::open(&path).unwrap());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA user_version = 99").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::TooNew {
                found: 99,
                supported: 5,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("newer allydeck"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_data_folder_that_cannot_be_created_is_a_clear_error() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"").unwrap();
    // The data folder would have to be inside a regular file.
    let err = Store::open(&file.join("profile").join("progress.sqlite3")).unwrap_err();
    assert!(matches!(err, StoreError::CreateDir { .. }), "{err:?}");
    assert!(
        err.to_string().starts_with("cannot create the data folder"),
        "{err}"
    );
}

#[test]
fn a_read_only_data_folder_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = TempDir::new().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(data.join("probe"), b"").is_ok() {
        // Running as root: permissions do not stop writes, so a read-only file system is
        // needed instead. /proc is one on every Linux machine.
        let err = Store::open(std::path::Path::new("/proc/allydeck/progress.sqlite3")).unwrap_err();
        assert!(matches!(err, StoreError::CreateDir { .. }), "{err:?}");
        return;
    }
    let err = Store::open(&data.join("progress.sqlite3")).unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");
    assert!(err.to_string().contains("is read-only"), "{err}");
}

#[test]
fn daily_backups_keep_the_last_seven_and_open_as_databases() {
    let (dir, mut store) = open_temp();
    let s = scheduler();
    answer(
        &mut store,
        &s,
        &key(1),
        at("2026-03-01T09:00:00Z"),
        Rating::Good,
    );
    let backups = dir.path().join("backups");
    let first = store.backup(&backups, "2026-03-01", 7).unwrap();
    assert!(first.is_some());
    assert_eq!(
        store.backup(&backups, "2026-03-01", 7).unwrap(),
        None,
        "one a day"
    );
    for day in 2..=9 {
        store
            .backup(&backups, &format!("2026-03-{day:02}"), 7)
            .unwrap();
    }
    let mut names: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 7);
    assert_eq!(names[0], "progress-2026-03-03.sqlite3");
    let copy = Store::open(&backups.join("progress-2026-03-09.sqlite3")).unwrap();
    assert_eq!(copy.review_count().unwrap(), 1);
}

const CSV: &str = "card,reviewed_at,rating,duration_ms
article-5/signed,2026-03-01T10:00:00+01:00,3,5200
article-5/signed,2026-03-01T10:10:00+01:00,3,
gone-set/orphan,2026-03-01T10:05:30.250+01:00,1,900
";

#[test]
fn csv_import_is_idempotent_keeps_orphans_and_rebuilds_states() {
    let (_dir, mut store) = open_temp();
    let s = scheduler();
    let records = read_csv(CSV.as_bytes(), far_future()).unwrap();
    assert_eq!(records.len(), 3);
    assert_eq!(records[2].at.timestamp_millis() % 1000, 250);
    let summary = store.import(&records, &s).unwrap();
    assert_eq!(
        summary,
        ImportSummary {
            read: 3,
            added: 3,
            cards_rebuilt: 2
        }
    );
    let again = store.import(&records, &s).unwrap();
    assert_eq!(
        (again.added, again.cards_rebuilt),
        (0, 0),
        "the same reviews are stored once"
    );
    assert_eq!(store.review_count().unwrap(), 3);
    let states = store.card_states().unwrap();
    let signed: CardKey = "article-5/signed".parse().unwrap();
    let orphan: CardKey = "gone-set/orphan".parse().unwrap();
    assert_eq!(states[&signed].phase, Phase::Review);
    assert_eq!(states[&orphan].phase, Phase::Learning);
    let kinds: Vec<Phase> = store
        .reviews_of(&signed)
        .unwrap()
        .iter()
        .map(|r| r.kind)
        .collect();
    assert_eq!(kinds, [Phase::New, Phase::Learning]);
}

#[test]
fn an_earlier_review_imported_later_is_replayed_in_time_order() {
    let (_dir, mut store) = open_temp();
    let s = scheduler();
    let records = read_csv(CSV.as_bytes(), far_future()).unwrap();
    store.import(&records[1..], &s).unwrap();
    store.import(&records[..1], &s).unwrap();
    let (_other, mut reference) = open_temp();
    reference.import(&records, &s).unwrap();
    assert_eq!(
        store.card_states().unwrap(),
        reference.card_states().unwrap()
    );
}

#[test]
fn a_malformed_csv_reports_every_bad_line_and_stores_nothing() {
    let text = "card,reviewed_at,rating,duration_ms
article-5/signed,2026-03-01T10:00:00+01:00,3,5200
Article 5/signed,2026-03-01T10:00:00+01:00,3,
article-5/signed,2026-03-01 10:00,3,
article-5/signed,2026-03-01T10:00:00+01:00,5,
article-5/signed,2026-03-01T10:00:00+01:00,3,-4
article-5/signed,2026-03-01T10:00:00+01:00,3
";
    let err = read_csv(text.as_bytes(), far_future()).unwrap_err();
    let lines: Vec<u64> = err.problems.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [3, 4, 5, 6, 7]);
    let message = err.to_string();
    assert!(
        message.contains("line 3: card key \"Article 5/signed\""),
        "{message}"
    );
    assert!(
        message.contains("line 4: reviewed_at \"2026-03-01 10:00\" is not an RFC 3339"),
        "{message}"
    );
    assert!(
        message.contains("line 5: rating \"5\" must be 1, 2, 3 or 4"),
        "{message}"
    );
    assert!(message.contains("line 6: duration_ms \"-4\""), "{message}");
    assert!(message.contains("line 7: expected 4 fields"), "{message}");

    let err = read_csv("card,time,rating,duration_ms\n".as_bytes(), far_future()).unwrap_err();
    assert_eq!(err.problems[0].0, 1);
    assert!(
        err.problems[0].1.contains(
            "the header must be exactly `card,reviewed_at,rating,duration_ms,overridden`"
        )
    );
}

#[test]
fn export_then_import_into_an_empty_profile_gives_the_same_states() {
    let (_dir, mut store) = open_temp();
    let s = scheduler();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
    let mut now = at("2026-01-01T08:00:00Z");
    for _ in 0..500 {
        let card = key(rng.random_range(0..25));
        now += Duration::minutes(rng.random_range(1..2000));
        answer(
            &mut store,
            &s,
            &card,
            now,
            Rating::from_number(rng.random_range(1..=4)).unwrap(),
        );
    }
    let mut csv = Vec::new();
    write_csv(&mut csv, &store.reviews_by_time().unwrap()).unwrap();
    let text = String::from_utf8(csv).unwrap();
    assert!(text.starts_with("card,reviewed_at,rating,duration_ms,overridden\n"));
    assert!(text.contains("+01:00,"), "moments keep their offset");
    let (_other, mut fresh) = open_temp();
    let summary = fresh
        .import(&read_csv(text.as_bytes(), far_future()).unwrap(), &s)
        .unwrap();
    assert_eq!(summary.added, 500);
    assert_eq!(fresh.card_states().unwrap(), store.card_states().unwrap());
    let keys: BTreeSet<CardKey> = store.card_states().unwrap().into_keys().collect();
    assert_eq!(keys.len(), 25);
}

#[test]
fn a_quiz_attempt_is_stored_with_its_answers_and_leaves_the_schedule_alone() {
    let (_dir, mut store) = open_temp();
    let answers = vec![
        QuizAnswer {
            card: key(1),
            response: "{\"TrueFalse\":true}".into(),
            score: 1.0,
            correct: true,
            overridden: false,
            flagged: false,
        },
        QuizAnswer {
            card: key(2),
            response: "null".into(),
            score: 0.5,
            correct: false,
            overridden: false,
            flagged: true,
        },
    ];
    let attempt = QuizAttempt {
        start: QuizStart {
            started_at: at("2026-03-01T09:00:00Z"),
            utc_offset: offset(1),
            seed: u64::MAX - 5,
            sets: vec![crate::bank::SetId::new("article-5")],
            tags: vec![],
            time_limit_s: Some(600),
            questions: answers.len(),
            feedback_at_end: false,
            practice: false,
        },
        finished_at: at("2026-03-01T09:04:30Z"),
        answers,
    };
    store.record_quiz_attempt(&attempt).unwrap();
    let stored = store.quiz_attempts().unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!((stored[0].questions, stored[0].correct), (2, 1));
    assert!((stored[0].score - 0.75).abs() < 1e-12);
    assert_eq!(stored[0].duration_ms, 270_000);
    assert_eq!(stored[0].sets[0].as_str(), "article-5");
    let seed: i64 = store
        .conn
        .query_row("SELECT seed FROM quiz_attempts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(u64::from_ne_bytes(seed.to_ne_bytes()), u64::MAX - 5);
    assert!(
        store.card_states().unwrap().is_empty(),
        "a quiz is not a review"
    );
    assert_eq!(store.review_count().unwrap(), 0);
}

#[test]
fn a_quiz_left_halfway_keeps_its_answers_can_be_resumed_and_then_discarded() {
    let (_dir, mut store) = open_temp();
    let start = QuizStart {
        started_at: at("2026-03-01T09:00:00Z"),
        utc_offset: offset(1),
        seed: 3,
        sets: vec![crate::bank::SetId::new("set-1")],
        tags: vec!["treaty".into()],
        time_limit_s: Some(300),
        questions: 3,
        feedback_at_end: true,
        practice: false,
    };
    let cards = [key(1), key(2), key(3)];
    let id = store.start_quiz_attempt(&start, &cards).unwrap();
    let answer = QuizAnswer {
        card: key(1),
        response: "{\"TrueFalse\":true}".into(),
        score: 1.0,
        correct: true,
        overridden: false,
        flagged: true,
    };
    store.record_quiz_answer(id, 0, &answer).unwrap();
    // The window closes (or the power goes): the answer is on disk, the attempt unscored.
    let mut reopened = Store::open(store.path()).unwrap();
    assert!(
        reopened.quiz_attempts().unwrap().is_empty(),
        "only finished quizzes have scores"
    );
    assert!(reopened.quiz_set_scores().unwrap().is_empty());
    let unfinished = reopened.unfinished_quizzes().unwrap();
    assert_eq!(unfinished.len(), 1);
    let quiz = &unfinished[0];
    assert_eq!(
        (quiz.id, &quiz.start),
        (id, &start),
        "everything to take it up again"
    );
    assert_eq!(quiz.answers.len(), 3, "every question, answered or not");
    assert_eq!(quiz.answers[0], answer);
    assert_eq!(quiz.answers[2], QuizAnswer::unanswered(key(3)));
    assert_eq!(quiz.answered(), 1);
    // Discarded: no longer offered, its answer still kept.
    reopened
        .leave_quiz_attempt(id, at("2026-03-01T09:02:00Z"))
        .unwrap();
    assert!(reopened.unfinished_quizzes().unwrap().is_empty());
    let kept: i64 = reopened
        .conn
        .query_row(
            "SELECT COUNT(*) FROM quiz_answers WHERE attempt = ?1 AND response != 'null'",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, 1);
}

#[test]
fn practice_is_kept_but_out_of_best_and_last() {
    let (_dir, mut store) = open_temp();
    let attempt = |practice: bool, minute: u32, score: f64| QuizAttempt {
        start: QuizStart {
            started_at: at(&format!("2026-03-01T09:{minute:02}:00Z")),
            utc_offset: offset(1),
            seed: 1,
            sets: vec![crate::bank::SetId::new("set-1")],
            tags: vec![],
            time_limit_s: None,
            questions: 1,
            feedback_at_end: false,
            practice,
        },
        finished_at: at(&format!("2026-03-01T09:{minute:02}:30Z")),
        answers: vec![QuizAnswer {
            score,
            correct: score > 0.5,
            response: "{\"TrueFalse\":true}".into(),
            ..QuizAnswer::unanswered(key(1))
        }],
    };
    store.record_quiz_attempt(&attempt(false, 0, 0.0)).unwrap();
    store.record_quiz_attempt(&attempt(true, 5, 1.0)).unwrap();
    let scores = store.quiz_set_scores().unwrap();
    let set = scores[&crate::bank::SetId::new("set-1")];
    assert_eq!((set.best, set.last), (0.0, 0.0), "the retry is practice");
    let listed = store.quiz_attempts().unwrap();
    assert_eq!(
        listed.iter().map(|a| a.practice).collect::<Vec<_>>(),
        [false, true],
        "both are listed, the practice marked"
    );
}

/// The `overridden` column is written and read back; a file from before it existed, with the
/// four-column header, still imports (as answers nobody overruled); a bad value is refused.
#[test]
fn the_overridden_column_round_trips_and_old_files_still_import() {
    let (_dir, mut store) = open_temp();
    let s = scheduler();
    let new = "card,reviewed_at,rating,duration_ms,overridden\n\
               article-5/signed,2026-03-01T10:00:00+01:00,3,5200,1\n\
               article-5/signed,2026-03-02T10:00:00+01:00,3,,0\n\
               article-5/other,2026-03-02T10:00:00+01:00,1,,\n";
    let records = read_csv(new.as_bytes(), far_future()).unwrap();
    assert_eq!(
        records.iter().map(|r| r.overridden).collect::<Vec<_>>(),
        [true, false, false]
    );
    store.import(&records, &s).unwrap();
    let mut csv = Vec::new();
    write_csv(&mut csv, &store.reviews_by_time().unwrap()).unwrap();
    let written = String::from_utf8(csv).unwrap();
    assert!(
        written.contains("article-5/signed,2026-03-01T10:00:00+01:00,3,5200,1\n"),
        "{written}"
    );
    let mut back = read_csv(written.as_bytes(), far_future()).unwrap();
    let mut records = records;
    for list in [&mut back, &mut records] {
        list.sort_by(|a, b| (&a.card, a.at).cmp(&(&b.card, b.at)));
    }
    assert_eq!(back, records);

    let old = "card,reviewed_at,rating,duration_ms\n\
               article-5/old,2026-03-01T10:00:00+01:00,3,5200\n";
    let records = read_csv(old.as_bytes(), far_future()).unwrap();
    assert_eq!(records.len(), 1);
    assert!(!records[0].overridden);
    // A row of the old width in a new file, or a value that is not 0 or 1, is refused.
    let bad = "card,reviewed_at,rating,duration_ms,overridden\n\
               article-5/signed,2026-03-01T10:00:00+01:00,3,5200\n\
               article-5/signed,2026-03-01T11:00:00+01:00,3,5200,yes\n";
    let message = read_csv(bad.as_bytes(), far_future())
        .unwrap_err()
        .to_string();
    assert!(message.contains("line 2: expected 5 fields"), "{message}");
    assert!(
        message.contains("line 3: overridden \"yes\" must be 1"),
        "{message}"
    );
}

#[test]
fn a_copy_in_memory_reads_the_progress_and_never_writes_the_file() {
    let (dir, mut store) = open_temp();
    let s = scheduler();
    answer(
        &mut store,
        &s,
        &key(1),
        at("2026-03-01T09:00:00Z"),
        Rating::Good,
    );
    let path = store.path().to_owned();
    drop(store);
    let before = std::fs::read(&path).unwrap();
    let mut copy = Store::open_copy(&path).unwrap();
    assert_eq!(copy.review_count().unwrap(), 1, "the history is read");
    assert_eq!(copy.card_states().unwrap().len(), 1);
    answer(
        &mut copy,
        &s,
        &key(2),
        at("2026-03-01T09:05:00Z"),
        Rating::Good,
    );
    assert_eq!(copy.review_count().unwrap(), 2, "writes go to the copy");
    drop(copy);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file is untouched"
    );
    assert_eq!(Store::open(&path).unwrap().review_count().unwrap(), 1);
    // No file yet: an empty copy, and no file made.
    let missing = dir.path().join("none").join("progress.sqlite3");
    assert_eq!(
        Store::open_copy(&missing).unwrap().review_count().unwrap(),
        0
    );
    assert!(!missing.exists());
}

#[test]
fn an_import_refuses_reviews_dated_in_the_future_or_outside_1970_to_9999() {
    let now = at("2026-03-10T12:00:00Z");
    let text = "card,reviewed_at,rating,duration_ms\n\
                article-5/a,2026-03-10T11:00:00+01:00,3,\n\
                article-5/a,2026-03-11T11:00:00+01:00,3,\n\
                article-5/b,2031-01-01T09:00:00+00:00,3,\n\
                article-5/c,1969-12-31T23:59:59+00:00,3,\n";
    let err = read_csv(text.as_bytes(), now).unwrap_err();
    let lines: Vec<u64> = err.problems.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, [4, 5], "{err}");
    assert!(err.problems[0].1.contains("in the future"), "{err}");
    assert!(err.problems[1].1.contains("outside 1970 to 9999"), "{err}");
    // Within a day ahead (another time zone's today, a clock a little fast) is accepted.
    let records = read_csv(
        text.lines()
            .take(3)
            .collect::<Vec<_>>()
            .join("\n")
            .as_bytes(),
        now,
    )
    .unwrap();
    assert_eq!(records.len(), 2);
}

/// A database refused on open (too new, damaged, not allydeck's, empty) is left as it was,
/// byte for byte, with the WAL beside it.
#[test]
fn a_refused_database_is_left_byte_identical_with_its_wal() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("progress.sqlite3");
    drop(Store::open(&path).unwrap());
    // A newer allydeck's change still in the WAL, as after a crash: copy the file and its
    // WAL while the writer holds them open.
    let crashed = dir.path().join("crashed");
    std::fs::create_dir(&crashed).unwrap();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA wal_autocheckpoint = 0; PRAGMA user_version = 99;")
            .unwrap();
        for suffix in ["", "-wal"] {
            std::fs::copy(
                format!("{}{suffix}", path.display()),
                crashed.join(format!("progress.sqlite3{suffix}")),
            )
            .unwrap();
        }
    }
    let db = crashed.join("progress.sqlite3");
    let wal = crashed.join("progress.sqlite3-wal");
    let (db_before, wal_before) = (std::fs::read(&db).unwrap(), std::fs::read(&wal).unwrap());
    assert!(!wal_before.is_empty(), "the change is in the WAL");
    let err = Store::open(&db).unwrap_err();
    assert!(
        matches!(err, StoreError::TooNew { found: 99, .. }),
        "{err:?}"
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        db_before,
        "the file is untouched"
    );
    assert_eq!(
        std::fs::read(&wal).unwrap(),
        wal_before,
        "the WAL is untouched"
    );

    // Another program's database: refused, not given allydeck's tables.
    let foreign = dir.path().join("foreign.sqlite3");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine');")
        .unwrap();
    let foreign_before = std::fs::read(&foreign).unwrap();
    let err = Store::open(&foreign).unwrap_err();
    assert!(matches!(err, StoreError::Foreign { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("not an allydeck progress database"),
        "{err}"
    );
    assert_eq!(std::fs::read(&foreign).unwrap(), foreign_before);

    // An empty file is reported as empty, not opened as a new profile.
    let empty = dir.path().join("empty.sqlite3");
    std::fs::write(&empty, b"").unwrap();
    let err = Store::open(&empty).unwrap_err();
    assert!(err.to_string().contains("the file is empty"), "{err}");
    assert_eq!(std::fs::read(&empty).unwrap(), b"");

    // A negative schema version is damage, told without any SQL.
    let negative = dir.path().join("negative.sqlite3");
    drop(Store::open(&negative).unwrap());
    rusqlite::Connection::open(&negative)
        .unwrap()
        .execute_batch("PRAGMA user_version = -3")
        .unwrap();
    let err = Store::open(&negative).unwrap_err().to_string();
    assert!(err.contains("schema version is -3"), "{err}");
    assert!(!err.contains("CREATE"), "{err}");
}

/// Two answers to one card in one millisecond with different ratings are refused whole,
/// never one dropped as "already in the log"; the same review again is still idempotent.
#[test]
fn two_different_reviews_in_one_millisecond_are_refused_not_dropped() {
    let (_dir, mut store) = open_temp();
    let s = scheduler();
    let text = "card,reviewed_at,rating,duration_ms\n\
                article-5/a,2026-03-01T09:00:00.123+01:00,3,\n";
    let once = read_csv(text.as_bytes(), far_future()).unwrap();
    assert_eq!(store.import(&once, &s).unwrap().added, 1);
    assert_eq!(store.import(&once, &s).unwrap().added, 0, "idempotent");
    let clash = "card,reviewed_at,rating,duration_ms\n\
                 article-5/b,2026-03-01T09:00:00+01:00,3,\n\
                 article-5/a,2026-03-01T09:00:00.123+01:00,1,\n";
    let records = read_csv(clash.as_bytes(), far_future()).unwrap();
    let err = store.import(&records, &s).unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("article-5/a has two different reviews at 2026-03-01T09:00:00.123+01:00")
            && message.contains("nothing was imported"),
        "{message}"
    );
    assert_eq!(
        store.review_count().unwrap(),
        1,
        "the whole import was refused"
    );
}

/// A second writer waits (SQLite's busy timeout), then says another allydeck holds the
/// profile, instead of "database is locked".
#[test]
fn a_profile_held_by_another_writer_is_named_as_such() {
    let (_dir, mut store) = open_temp();
    let holder = rusqlite::Connection::open(store.path()).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let err = store.rebuild(&scheduler(), None).unwrap_err();
    assert!(matches!(err, StoreError::Busy { .. }), "{err:?}");
    assert!(err.to_string().contains("another allydeck"), "{err}");
    holder.execute_batch("ROLLBACK").unwrap();
    store.rebuild(&scheduler(), None).unwrap();
}

#[test]
fn an_unterminated_quote_is_named_as_such() {
    let text = "card,reviewed_at,rating,duration_ms\n\
                article-5/a,2026-03-01T09:00:00+01:00,3,\n\
                \"article-5/b,2026-03-01T09:00:00+01:00,3,\n\
                article-5/c,2026-03-01T09:00:00+01:00,3,\n";
    let err = read_csv(text.as_bytes(), far_future()).unwrap_err();
    assert_eq!(err.problems.len(), 1, "{err}");
    assert_eq!(err.problems[0].0, 3);
    assert!(err.problems[0].1.contains("never closed"), "{err}");
}

#[test]
fn a_card_row_that_cannot_be_read_is_named_with_the_database_it_is_in() {
    let (_dir, mut store) = open_temp();
    let card = key(1);
    answer(
        &mut store,
        &scheduler(),
        &card,
        at("2026-01-01T08:00:00Z"),
        Rating::Good,
    );
    store
        .conn
        .execute("UPDATE cards SET phase = 'Sideways'", [])
        .unwrap();
    for message in [
        store.card_states().unwrap_err().to_string(),
        store.card_state(&card).unwrap_err().to_string(),
    ] {
        assert!(
            message.contains(&store.path.display().to_string()),
            "{message}"
        );
        assert_eq!(message.matches("progress database").count(), 1, "{message}");
        assert!(message.contains("has phase \"Sideways\""), "{message}");
    }
}

#[test]
fn a_folder_where_sqlite_keeps_its_files_is_named_not_called_read_only() {
    let (dir, store) = open_temp();
    let path = store.path.clone();
    drop(store);
    let before = std::fs::read(&path).unwrap();
    for suffix in ["-shm", "-wal"] {
        let odd = PathBuf::from(format!("{}{suffix}", path.display()));
        std::fs::create_dir(&odd).unwrap();
        let message = Store::open(&path).unwrap_err().to_string();
        assert!(
            message.contains(&format!("{} is a folder", odd.display()))
                && !message.contains("read-only"),
            "{message}"
        );
        std::fs::remove_dir(&odd).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }
    let folder = dir.path().join("folder.sqlite3");
    std::fs::create_dir(&folder).unwrap();
    let message = Store::open(&folder).unwrap_err().to_string();
    assert!(
        message.contains("is a folder, where SQLite needs the database file"),
        "{message}"
    );
}

#[test]
fn a_full_disk_says_the_disk_is_full_whether_sqlite_or_the_folder_finds_it() {
    let path = Path::new("/data/profiles/default/progress.sqlite3");
    let full =
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL), None);
    let from_sqlite = classify(path, full);
    let from_folder = create_dir_error(
        path,
        Path::new("/data/profiles/default"),
        std::io::Error::from(std::io::ErrorKind::StorageFull),
    );
    for error in [from_sqlite, from_folder] {
        assert!(matches!(error, StoreError::DiskFull { .. }), "{error:?}");
        assert_eq!(
            error.to_string(),
            "the disk holding /data/profiles/default/progress.sqlite3 is full: free some space; \
             nothing was lost"
        );
    }
}

#[test]
fn answer_counts_give_each_card_its_answers_and_those_not_rated_again() {
    let (_dir, mut store) = open_temp();
    let s = scheduler();
    let ratings = [Rating::Good, Rating::Again, Rating::Hard, Rating::Easy];
    for (n, rating) in ratings.into_iter().enumerate() {
        let when = at("2026-03-01T10:00:00Z") + Duration::days(i64::try_from(n).unwrap());
        answer(&mut store, &s, &key(0), when, rating);
    }
    answer(
        &mut store,
        &s,
        &key(1),
        at("2026-03-01T10:00:00Z"),
        Rating::Again,
    );
    assert_eq!(
        store.answer_counts().unwrap(),
        vec![(key(0), 4, 3), (key(1), 1, 0)],
        "sorted by card; key(2) has no answer and no row"
    );
}
