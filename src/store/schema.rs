//! The progress database's schema, one migration per version.
//!
//! `PRAGMA user_version` holds the version. A migration only ever adds: the first schema's
//! tables keep their meaning forever, so an old backup can always be opened by a new allydeck.

/// The migrations in order: `MIGRATIONS[i]` takes a database from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // Version 1: the review log and the card-state cache.
    "
    -- Append-only: one row per answer. Its facts (card, moment, offset, rating, duration) are
    -- never changed; `kind` (the card's phase before the answer) is derived and is rewritten
    -- whenever the card's history is replayed.
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        card TEXT NOT NULL,
        reviewed_at_ms INTEGER NOT NULL,
        utc_offset_s INTEGER NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        duration_ms INTEGER CHECK (duration_ms IS NULL OR duration_ms >= 0),
        kind TEXT NOT NULL,
        UNIQUE (card, reviewed_at_ms)
    );
    CREATE INDEX reviews_by_time ON reviews (reviewed_at_ms);

    -- A cache of each card's state, rebuilt from `reviews` by replaying them.
    CREATE TABLE cards (
        card TEXT PRIMARY KEY,
        phase TEXT NOT NULL,
        stability REAL,
        difficulty REAL,
        due_ms INTEGER NOT NULL,
        step INTEGER NOT NULL,
        interval_days INTEGER NOT NULL,
        reps INTEGER NOT NULL,
        lapses INTEGER NOT NULL,
        last_review_ms INTEGER,
        last_review_day INTEGER
    ) WITHOUT ROWID;
    ",
    // Version 2: quiz attempts and their answers (self-tests; they never touch the schedule),
    // and the profile's settings (scheduling options, shared by the window and the commands).
    "
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    -- An attempt is written when it starts and each answer as it is given, so that leaving,
    -- a crash or a power cut loses nothing; `finished_at_ms` and the totals are set when it
    -- ends, and stay NULL for an attempt that was left.
    CREATE TABLE quiz_attempts (
        id INTEGER PRIMARY KEY,
        started_at_ms INTEGER NOT NULL,
        finished_at_ms INTEGER,
        utc_offset_s INTEGER NOT NULL,
        seed INTEGER NOT NULL,
        sets TEXT NOT NULL,
        tags TEXT NOT NULL,
        time_limit_s INTEGER,
        questions INTEGER NOT NULL,
        correct INTEGER,
        score REAL,
        duration_ms INTEGER
    );
    CREATE TABLE quiz_answers (
        attempt INTEGER NOT NULL REFERENCES quiz_attempts (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        card TEXT NOT NULL,
        response TEXT NOT NULL,
        score REAL NOT NULL,
        correct INTEGER NOT NULL,
        PRIMARY KEY (attempt, position)
    ) WITHOUT ROWID;
    CREATE INDEX quiz_attempts_by_time ON quiz_attempts (finished_at_ms);
    ",
    // Version 3: whether the student overruled the grader's verdict (\"I was right\", or
    // Again after a right answer). A fact of the answer, like its rating; old answers were not
    // overruled.
    "
    ALTER TABLE reviews ADD COLUMN overridden INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE quiz_answers ADD COLUMN overridden INTEGER NOT NULL DEFAULT 0;
    ",
    // Version 4: what a quiz needs to be resumed and told apart. An attempt now writes every
    // question as it starts (unanswered: `null`); `feedback` is when it shows feedback,
    // `practice` marks a retry of mistakes (kept out of Best and Last), `left_at_ms` is when
    // the student discarded it unfinished (not offered again), and `flagged` is a question the
    // student marked for review. Older attempts were quizzes with feedback after each answer.
    "
    ALTER TABLE quiz_attempts ADD COLUMN feedback TEXT NOT NULL DEFAULT 'after_each';
    ALTER TABLE quiz_attempts ADD COLUMN practice INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE quiz_attempts ADD COLUMN left_at_ms INTEGER;
    ALTER TABLE quiz_answers ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0;
    ",
    // Version 5: cards the student set aside (Anki's suspend and bury). Not part of the log:
    // a hold changes what is asked, never a card's state, so the `cards` cache stays the
    // replay of `reviews`. `buried_day` is the study day a buried card is out for (NULL when
    // suspended); an old bury is simply over.
    "
    CREATE TABLE holds (
        card TEXT PRIMARY KEY,
        hold TEXT NOT NULL CHECK (hold IN ('suspended', 'buried')),
        buried_day INTEGER CHECK ((hold = 'buried') = (buried_day IS NOT NULL)),
        since_ms INTEGER NOT NULL
    ) WITHOUT ROWID;
    ",
];

/// The schema version this allydeck writes.
pub fn current_version() -> i64 {
    i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX)
}
