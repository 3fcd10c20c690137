//! The application layer: one [`Collection`] per open profile owns the deck (questions, card
//! states and today's queue), the store and the scheduler, and offers every use case as a
//! method: the home overview, a review session, a quiz, statistics, settings, reloading the
//! questions and the review log's export, import and rebuild.
//!
//! The window and the commands both call it, and neither opens a database or schedules
//! anything itself (Anki's `Collection` plays this part for its front ends). Like the rest of
//! the core it never imports egui and never reads the clock: every method that needs the
//! moment takes an [`At`].

pub mod browse;
pub mod editor;
pub mod files;
mod optimize;
mod quiz;
pub(crate) mod review;
pub mod transfer;

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use chrono::{DateTime, Utc};

pub use optimize::{Calibration, CardInfoLine, KindBins, Optimized, TrainingSet};
pub use quiz::{Quiz, seed_from};
pub use review::{Leech, Progress, ReviewPhase, ReviewSession, UNDO_STEPS, UndoStep};

use crate::bank::{Bank, CardKey, SetId, Source};
use crate::paths::{DataDirs, Profile};
use crate::schedule::{CardState, Config, Hold, ScheduleError, Scheduler, is_leech};
use crate::stats::{Overview, Series, SeriesInput, SetStats};
use crate::store::{
    CsvError, ImportSummary, QuizSummary, ReviewRecord, SetScores, Store, StoreError, StoredReview,
};
use crate::study::{Deck, DueCounts, StudyError, Today};

pub use crate::study::At;

/// Backups kept per profile: one a day for a week.
pub const BACKUPS_KEPT: usize = 7;

/// Why a use case failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The progress could not be read or saved.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The settings are out of range, or a card could not be scheduled.
    #[error(transparent)]
    Schedule(#[from] ScheduleError),
    /// A study action failed.
    #[error(transparent)]
    Study(#[from] StudyError),
    /// A review-log file is malformed.
    #[error(transparent)]
    Csv(#[from] CsvError),
    /// The data folder cannot be written, and this needs to store something.
    #[error(
        "{}. Studying and saving settings need to write there; sets, statistics and practice \
         quizzes work.",
        .0.trim_end_matches('.')
    )]
    ReadOnly(String),
    /// A stored quiz cannot be taken up again.
    #[error("This quiz cannot be resumed: {0}.")]
    Resume(#[from] crate::study::ResumeError),
    /// The student's parameters could not be fitted.
    #[error(transparent)]
    Optimize(crate::schedule::optimize::OptimizeError),
    /// The workload of a retention could not be estimated.
    #[error(transparent)]
    Workload(#[from] crate::schedule::workload::WorkloadError),
}

/// The sources questions load from, in order: the shipped sets (unless left out), the user
/// question folder, then the `--questions` paths.
pub fn sources(dirs: &DataDirs, extra: &[PathBuf], shipped: bool) -> Vec<Source> {
    let mut sources = Vec::new();
    if shipped {
        sources.push(Source::Shipped);
    }
    sources.push(Source::Path {
        path: dirs.questions(),
        required: false,
    });
    sources.extend(extra.iter().map(|path| Source::Path {
        path: path.clone(),
        required: true,
    }));
    sources
}

/// The most days "study more" reviews ahead.
pub const STUDY_AHEAD_DAYS: u32 = 30;

/// What Home shows: counts per set, quiz scores and what can be studied now.
#[derive(Clone, Debug, Default)]
pub struct HomeOverview {
    /// Counts per set.
    pub sets: Vec<SetStats>,
    /// Best and last quiz score per set.
    pub scores: HashMap<SetId, SetScores>,
    /// What is left today over every set.
    pub today: DueToday,
    /// What is left today of each set: its share of the day's limits.
    pub by_set: HashMap<SetId, DueToday>,
    /// When the next card falls due.
    pub next_due: Option<DateTime<Utc>>,
    /// Quizzes left running when the window closed or allydeck stopped, the latest first.
    pub unfinished: Vec<crate::store::UnfinishedQuiz>,
    /// Review cards due within 1, 2, ... [`STUDY_AHEAD_DAYS`] days after today, for "study
    /// more": `due_ahead[d - 1]` for `d` days.
    pub due_ahead: Vec<usize>,
    /// Cards never answered beyond today's allowance.
    pub new_beyond_today: usize,
    /// Cards set aside and leeches, over every loaded set.
    pub aside: SetAside,
    /// Whether the data folder is read-only: nothing can be studied or stored.
    pub read_only: bool,
    /// The latest stored review, if it is later than the clock reads now: the computer's
    /// clock is probably wrong (answers are stored at the time it gives).
    pub clock_behind: Option<DateTime<Utc>>,
    /// The moment the counts are for.
    pub at: Option<At>,
}

/// Cards out of the queue, and cards that will not stick, as Home counts them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SetAside {
    /// Suspended cards.
    pub suspended: usize,
    /// Cards buried for today.
    pub buried: usize,
    /// Leeches: cards forgotten at least the leech threshold's times.
    pub leeches: usize,
    /// Of the leeches, those suspended.
    pub leeches_suspended: usize,
    /// The leech threshold in force.
    pub threshold: u32,
}

/// What is left to study today, over every set or one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DueToday {
    /// New, learning and review cards left today.
    pub counts: DueCounts,
    /// Whether a card can be shown now (the learning cards left may all come back later).
    pub ready: bool,
}

/// What the Statistics screen shows for one range and set.
#[derive(Clone, Debug)]
pub struct Statistics {
    /// The series.
    pub series: Series,
    /// Counts and mastery per set.
    pub sets: Vec<SetStats>,
}

/// An open profile: its questions, its progress and its scheduler.
#[derive(Debug)]
pub struct Collection {
    deck: Deck,
    store: Store,
    scheduler: Scheduler,
    /// Opened for the review log only: the card cache was not read (it may be what needs
    /// rebuilding), so the deck holds no state.
    log_only: bool,
    /// Why the progress cannot be written, if it cannot (a read-only data folder): the
    /// collection then works on a copy in memory, and nothing is stored.
    read_only: Option<String>,
}

/// A collection just opened, and why the day's backup failed if it did (studying goes on).
#[derive(Debug)]
pub struct Opened {
    /// The collection.
    pub collection: Collection,
    /// Why the day's backup was not made.
    pub backup_failed: Option<StoreError>,
}

impl Collection {
    /// Opens `profile`'s progress database in `dirs`, makes the day's backup if the log holds
    /// any review and none was made today, and joins the progress to `bank`.
    ///
    /// # Errors
    /// The database cannot be opened or read (see [`Store::open`]), or its saved settings are
    /// out of range. A card cache that cannot be read is an error too: studying from "all
    /// new" would overwrite the student's history.
    ///
    /// A data folder that cannot be written (read-only, or on a read-only disk) opens
    /// read-only: the progress is read into memory, the sets, statistics and practice
    /// quizzes work, and nothing is stored ([`Collection::read_only`] says why).
    pub fn open(
        dirs: &DataDirs,
        profile: &Profile,
        bank: Bank,
        at: At,
    ) -> Result<Opened, AppError> {
        let path = dirs.database(profile);
        match Store::open(&path) {
            Ok(store) => Self::open_with(dirs, profile, store, at, |store, at| {
                Self::with_store(store, bank, at)
            }),
            Err(e) if e.is_unwritable() => {
                let store = Store::open_copy(&path)?;
                let mut collection = Self::with_store(store, bank, at)?;
                collection.read_only = Some(e.to_string());
                Ok(Opened {
                    collection,
                    backup_failed: None,
                })
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Refuses, in a read-only collection, what would need to be stored to make sense.
    fn writable(&self) -> Result<(), AppError> {
        match &self.read_only {
            Some(why) => Err(AppError::ReadOnly(why.clone())),
            None => Ok(()),
        }
    }

    /// Why nothing can be stored, if the data folder cannot be written: then the window
    /// offers sets, statistics and practice quizzes, and no study session.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Opens the store, makes the day's backup and builds the collection with `build`.
    fn open_with(
        dirs: &DataDirs,
        profile: &Profile,
        store: Store,
        at: At,
        build: impl FnOnce(Store, At) -> Result<Self, AppError>,
    ) -> Result<Opened, AppError> {
        let label = at
            .now
            .with_timezone(&at.utc_offset)
            .format("%Y-%m-%d")
            .to_string();
        let backup_failed = match store.review_count() {
            Ok(0) => None,
            Ok(_) => store
                .backup(&dirs.backups(profile), &label, BACKUPS_KEPT)
                .err(),
            Err(e) => Some(e),
        };
        Ok(Opened {
            collection: build(store, at)?,
            backup_failed,
        })
    }

    /// The collection of an open `store` and `bank`.
    ///
    /// # Errors
    /// As [`Collection::open`].
    pub fn with_store(store: Store, bank: Bank, at: At) -> Result<Self, AppError> {
        let scheduler = Scheduler::new(store.scheduler_config()?)?;
        let today = today(&store, scheduler.config(), at)?;
        let deck = Deck::with_holds(bank, store.card_states()?, store.holds(today.day)?, today);
        Ok(Self {
            deck,
            store,
            scheduler,
            log_only: false,
            read_only: None,
        })
    }

    /// Opens `profile` for the review-log commands (export, import, rebuild), which need no
    /// question and must work when the card cache cannot be read: rebuilding it is how it is
    /// repaired. The day's backup is made as by [`Collection::open`].
    ///
    /// # Errors
    /// The database cannot be opened, or its saved settings are out of range.
    ///
    /// On a folder that cannot be written (read-only media) the progress is read into memory
    /// instead: `log export` works, and import and rebuild say why they cannot.
    pub fn open_for_log(dirs: &DataDirs, profile: &Profile, at: At) -> Result<Opened, AppError> {
        let build = |store: Store, at: At| {
            let scheduler = Scheduler::new(store.scheduler_config()?)?;
            let today = today(&store, scheduler.config(), at)?;
            Ok(Self {
                deck: Deck::new(Bank::default(), HashMap::new(), today),
                store,
                scheduler,
                log_only: true,
                read_only: None,
            })
        };
        let path = dirs.database(profile);
        match Store::open(&path) {
            Ok(store) => Self::open_with(dirs, profile, store, at, build),
            Err(e) if e.is_unwritable() => {
                let mut collection = build(Store::open_copy(&path)?, at)?;
                collection.read_only = Some(e.to_string());
                Ok(Opened {
                    collection,
                    backup_failed: None,
                })
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The questions and card states.
    pub fn deck(&self) -> &Deck {
        &self.deck
    }

    /// The loaded question sets and their problems.
    pub fn bank(&self) -> &Bank {
        self.deck.bank()
    }

    /// The scheduling settings in effect.
    pub fn config(&self) -> &Config {
        self.scheduler.config()
    }

    /// Replaces the question sets (a file changed), keeping every card's state.
    pub fn reload(&mut self, bank: Bank) {
        self.deck.reload(bank);
    }

    /// Saves new scheduling settings and plans today's queue with them.
    ///
    /// # Errors
    /// A setting out of range (nothing is saved), or the database cannot be written.
    pub fn save_config(&mut self, config: Config, at: At) -> Result<(), AppError> {
        self.writable()?;
        let scheduler = Scheduler::new(config)?;
        self.store.save_scheduler_config(scheduler.config())?;
        self.scheduler = scheduler;
        let before = *self.deck.today();
        let mut now = today(&self.store, self.scheduler.config(), at)?;
        if now.day == before.day {
            // New cards asked for today stay asked for.
            now.extra_new = before.extra_new;
        }
        self.deck.set_today(now);
        Ok(())
    }

    /// Plans the queue for the study day of `at`, if it is another day (or offset) than the
    /// one planned: once a day, not per answer.
    ///
    /// # Errors
    /// The database cannot be read.
    fn keep_day(&mut self, at: At) -> Result<(), AppError> {
        let planned = self.deck.today();
        let day = self.scheduler.study_day(at.now, at.utc_offset);
        if planned.day != day || planned.utc_offset != at.utc_offset {
            self.deck
                .set_today(today(&self.store, self.scheduler.config(), at)?);
        }
        Ok(())
    }

    /// Counts again, from the log, what was studied on the planned day: after a change the
    /// deck did not make itself (an import, a rebuild, another window's answers), so that the
    /// day's limits hold across windows and commands.
    ///
    /// # Errors
    /// The database cannot be read.
    fn recount_today(&mut self) -> Result<(), AppError> {
        let mut today = *self.deck.today();
        today.done = self
            .store
            .done_on(today.day, today.utc_offset, today.rollover_hour)?;
        self.deck.set_today(today);
        Ok(())
    }

    /// What is left to study today over every set or one.
    ///
    /// # Errors
    /// The database cannot be read (when a new study day begins).
    pub fn due_counts(&mut self, scope: Option<&SetId>, at: At) -> Result<DueCounts, AppError> {
        self.keep_day(at)?;
        Ok(self.deck.due_counts(scope))
    }

    /// What Home shows at `at`.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn home(&mut self, at: At) -> Result<HomeOverview, AppError> {
        self.keep_day(at)?;
        self.recount_today()?;
        // What another window set aside shows here too.
        self.reread_holds()?;
        let sets = self.deck.set_counts(at.now, self.scheduler.config());
        let today = |scope: Option<&SetId>, counts: DueCounts| DueToday {
            counts,
            ready: self.deck.next_card(scope, at.now, None).is_some(),
        };
        let by_set = sets
            .iter()
            .zip(self.deck.due_counts_by_set())
            .map(|(s, counts)| (s.id.clone(), today(Some(&s.id), counts)))
            .collect();
        Ok(HomeOverview {
            scores: self.store.quiz_set_scores()?,
            today: today(None, self.deck.due_counts(None)),
            next_due: self.deck.next_due_after(None, at.now),
            unfinished: self.store.unfinished_quizzes()?,
            due_ahead: self.deck.due_ahead(None, STUDY_AHEAD_DAYS),
            new_beyond_today: self.deck.new_beyond_today(None),
            aside: self.aside_counts(),
            read_only: self.read_only.is_some(),
            clock_behind: self.store.last_review_at()?.filter(|&last| last > at.now),
            by_set,
            sets,
            at: Some(at),
        })
    }

    /// The cards of the loaded sets set aside, and the leeches among them.
    pub fn aside_counts(&self) -> SetAside {
        let threshold = self.scheduler.config().leech_threshold;
        let today = self.deck.today().day;
        let mut aside = SetAside {
            threshold,
            ..SetAside::default()
        };
        for (key, state) in self.deck.card_states() {
            let hold = self.deck.hold(key);
            match hold {
                Some(Hold::Suspended) => aside.suspended += 1,
                Some(Hold::Buried { day }) if day == today => aside.buried += 1,
                _ => {}
            }
            if state.is_some_and(|s| is_leech(s.lapses, threshold)) {
                aside.leeches += 1;
                aside.leeches_suspended += usize::from(hold == Some(Hold::Suspended));
            }
        }
        aside
    }

    /// The series and per-set counts of the Statistics screen, for `range_days` and one set or
    /// all. Reads the whole log: call it when the screen opens or its choices change.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn statistics(
        &self,
        range_days: u32,
        set: Option<&SetId>,
        at: At,
    ) -> Result<Statistics, AppError> {
        let (sets, reviews) = self.store.review_points()?;
        let quiz = self.store.quiz_points()?;
        let config = self.scheduler.config();
        let input = SeriesInput {
            reviews: &reviews,
            sets: &sets,
            quiz: &quiz,
            now: at.now,
            utc_offset: at.utc_offset,
            rollover_hour: config.rollover_hour,
            range_days,
            set,
        };
        let cards = self
            .deck
            .card_states()
            .map(|(key, state)| (&key.set, state));
        Ok(Statistics {
            series: crate::stats::series(&input, cards),
            sets: self.deck.set_counts(at.now, config),
        })
    }

    /// Everything `allydeck stats` prints: counts, mastery and retention per set with every
    /// card's state, and the series for `range_days` and one set or all.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn report(
        &self,
        range_days: u32,
        set: Option<&SetId>,
        at: At,
    ) -> Result<(Overview, Series), AppError> {
        let states = self.store.card_states()?;
        let today = self.scheduler.study_day(at.now, at.utc_offset);
        let overview = crate::stats::overview(
            self.bank(),
            &states,
            &self.store.holds(today)?,
            &self.store.reviews()?,
            at.now,
            at.utc_offset,
            self.scheduler.config(),
        );
        Ok((overview, self.statistics(range_days, set, at)?.series))
    }

    /// Every finished quiz attempt, oldest first.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn quiz_attempts(&self) -> Result<Vec<QuizSummary>, AppError> {
        Ok(self.store.quiz_attempts()?)
    }

    /// Every review in time order, for export.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn reviews_by_time(&self) -> Result<Vec<StoredReview>, AppError> {
        Ok(self.store.reviews_by_time()?)
    }

    /// The reviews of one card, in time order.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn reviews_of(&self, card: &CardKey) -> Result<Vec<StoredReview>, AppError> {
        Ok(self.store.reviews_of(card)?)
    }

    /// How often each card was answered, and how often right, from the whole log.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn answer_counts(
        &self,
    ) -> Result<std::collections::HashMap<CardKey, browse::Answered>, AppError> {
        Ok(self
            .store
            .answer_counts()?
            .into_iter()
            .map(|(card, times, right)| (card, browse::Answered { times, right }))
            .collect())
    }

    /// The cards set aside or leeches, for the Sets screen (other cards have no flags).
    pub fn flags(&self) -> HashMap<CardKey, browse::Flags> {
        let threshold = self.scheduler.config().leech_threshold;
        let mut flags: HashMap<CardKey, browse::Flags> = self
            .deck
            .card_states()
            .filter_map(|(key, s)| {
                let lapses = s.filter(|s| is_leech(s.lapses, threshold))?.lapses;
                let leech = browse::Flags {
                    hold: None,
                    leech: true,
                    lapses,
                };
                Some((key.clone(), leech))
            })
            .collect();
        for (key, _) in self.deck.holds() {
            // A bury of a past day is over.
            if let Some(hold) = self.deck.hold(key) {
                flags.entry(key.clone()).or_default().hold = Some(hold);
            }
        }
        flags
    }

    /// Number of reviews in the log.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn review_count(&self) -> Result<u64, AppError> {
        Ok(self.store.review_count()?)
    }

    /// Adds `records` to the log (all or nothing; reviews already there are skipped), replays
    /// the affected cards and takes their new states into the deck.
    ///
    /// # Errors
    /// The database cannot be written or a history cannot be replayed: nothing is stored.
    pub fn import_log(&mut self, records: &[ReviewRecord]) -> Result<ImportSummary, AppError> {
        self.writable()?;
        let summary = self.store.import(records, &self.scheduler)?;
        if !self.log_only {
            let cards: BTreeSet<&CardKey> = records.iter().map(|r| &r.card).collect();
            for card in cards {
                let state = self.store.card_state(card)?;
                self.deck.set_state(card, state);
            }
        }
        self.recount_today()?;
        Ok(summary)
    }

    /// Recomputes every card's state from the log with the current settings; returns the
    /// number of cards rebuilt.
    ///
    /// # Errors
    /// The database cannot be written or a history cannot be replayed: nothing changes.
    pub fn rebuild(&mut self) -> Result<usize, AppError> {
        self.writable()?;
        let rebuilt = self.store.rebuild(&self.scheduler, None)?;
        self.refresh_states()?;
        self.recount_today()?;
        Ok(rebuilt)
    }

    /// Reads every card's hold from the store again (another window may have changed them).
    ///
    /// # Errors
    /// The database cannot be read.
    fn reread_holds(&mut self) -> Result<(), AppError> {
        if self.log_only {
            return Ok(());
        }
        let mut stored = self.store.holds(self.deck.today().day)?;
        let known: Vec<(CardKey, Hold)> = self.deck.holds().map(|(k, h)| (k.clone(), h)).collect();
        for (key, hold) in known {
            let now = stored.remove(&key);
            if now != Some(hold) {
                self.deck.set_hold(&key, now);
            }
        }
        for (key, hold) in stored {
            self.deck.set_hold(&key, Some(hold));
        }
        Ok(())
    }

    /// Reads every card's state from the store again (another process changed them).
    fn refresh_states(&mut self) -> Result<(), AppError> {
        if self.log_only {
            return Ok(());
        }
        let mut states = self.store.card_states()?;
        let keys: Vec<CardKey> = self.deck.cards().cloned().collect();
        for key in keys {
            let state = states.remove(&key);
            self.deck.set_state(&key, state);
        }
        for (key, state) in states {
            self.deck.set_state(&key, Some(state));
        }
        Ok(())
    }

    /// The stored state of one card, read from the database (for tests and checks that the
    /// cache is a replay of the log).
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn stored_state(&self, card: &CardKey) -> Result<Option<CardState>, AppError> {
        Ok(self.store.card_state(card)?)
    }

    /// The state `card` would have if its whole history were replayed now with the current
    /// settings: what the cache must equal.
    ///
    /// # Errors
    /// The database cannot be read, or the history cannot be scheduled.
    pub fn replayed_state(&self, card: &CardKey) -> Result<Option<CardState>, AppError> {
        let reviews = self.store.reviews_of(card)?;
        if reviews.is_empty() {
            return Ok(None);
        }
        let events = reviews.iter().map(|r| r.record.event());
        Ok(Some(self.scheduler.replay(card, events)?))
    }
}

/// Today's plan at `at`: the study day, its limits and what the log says was done in it.
fn today(store: &Store, config: &Config, at: At) -> Result<Today, StoreError> {
    let day = crate::schedule::StudyDay::of(at.now, at.utc_offset, config.rollover_hour);
    let done = store.done_on(day, at.utc_offset, config.rollover_hour)?;
    Ok(Today::new(at.now, at.utc_offset, config, done))
}

#[cfg(test)]
mod tests;
