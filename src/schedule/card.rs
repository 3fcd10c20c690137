//! A card's scheduling state, and the ratings that move it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::day::StudyDay;

/// Where a card is in its life, as in Anki.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Never answered.
    New,
    /// Going through the learning steps (minutes apart) after the first answers.
    Learning,
    /// Graduated: due again after an interval of days.
    Review,
    /// Forgotten after graduating: going through the relearning steps.
    Relearning,
}

impl Phase {
    /// The phase's name, as stored and exported.
    pub fn name(self) -> &'static str {
        match self {
            Phase::New => "new",
            Phase::Learning => "learning",
            Phase::Review => "review",
            Phase::Relearning => "relearning",
        }
    }

    /// The phase with this stored name.
    pub fn from_name(name: &str) -> Option<Self> {
        [
            Phase::New,
            Phase::Learning,
            Phase::Review,
            Phase::Relearning,
        ]
        .into_iter()
        .find(|p| p.name() == name)
    }
}

/// How well the student recalled a card, Anki's four buttons.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Rating {
    /// Forgotten, or answered wrong.
    Again = 1,
    /// Recalled with serious difficulty.
    Hard = 2,
    /// Recalled: the default for a right answer.
    Good = 3,
    /// Recalled without effort.
    Easy = 4,
}

impl Rating {
    /// All ratings, from `Again` to `Easy`.
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    /// The rating numbered 1 (`Again`) to 4 (`Easy`).
    pub fn from_number(n: u8) -> Option<Self> {
        match n {
            1 => Some(Rating::Again),
            2 => Some(Rating::Hard),
            3 => Some(Rating::Good),
            4 => Some(Rating::Easy),
            _ => None,
        }
    }

    /// 1 (`Again`) to 4 (`Easy`).
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The button's label.
    pub fn label(self) -> &'static str {
        match self {
            Rating::Again => "Again",
            Rating::Hard => "Hard",
            Rating::Good => "Good",
            Rating::Easy => "Easy",
        }
    }
}

/// FSRS's model of a memory: how long it lasts and how hard it is to keep.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Memory {
    /// Days until the probability of recall falls to 90%.
    pub stability: f32,
    /// 1 (easy) to 10 (hard).
    pub difficulty: f32,
}

/// Everything the scheduler knows about one card. A pure function of the card's reviews
/// ([`super::Scheduler::replay`]); the store keeps it only as a cache.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CardState {
    /// Where the card is in its life.
    pub phase: Phase,
    /// FSRS memory state; `None` for a new card.
    pub memory: Option<Memory>,
    /// When the card is next due (learning: an exact time; review: the start of a study day).
    pub due: DateTime<Utc>,
    /// Index of the current learning or relearning step.
    pub step: u32,
    /// The interval last scheduled, in days (0 while learning).
    pub interval_days: u32,
    /// Number of reviews.
    pub reps: u32,
    /// Number of times the card was forgotten after graduating.
    pub lapses: u32,
    /// When it was last reviewed.
    pub last_review: Option<DateTime<Utc>>,
    /// The study day of the last review, from which FSRS's elapsed days are counted.
    pub last_review_day: Option<StudyDay>,
}

impl CardState {
    /// A card never answered.
    pub fn new_card() -> Self {
        Self {
            phase: Phase::New,
            memory: None,
            due: DateTime::<Utc>::UNIX_EPOCH,
            step: 0,
            interval_days: 0,
            reps: 0,
            lapses: 0,
            last_review: None,
            last_review_day: None,
        }
    }
}

impl CardState {
    /// The study day a review card falls due: the day of its last review plus its interval.
    /// Counted in days, not from `due`, so that a change of UTC offset since (daylight saving
    /// time, travel) does not move it. `None` outside the review phase.
    pub fn review_due_day(&self) -> Option<StudyDay> {
        if self.phase == Phase::Review {
            self.last_review_day.map(|day| day.plus(self.interval_days))
        } else {
            None
        }
    }

    /// Whether the card is due on the study day `today` (or earlier), or, for a learning card,
    /// before `tomorrow_starts`.
    pub fn due_by(&self, today: StudyDay, tomorrow_starts: DateTime<Utc>) -> bool {
        match (self.phase, self.review_due_day()) {
            (Phase::New, _) => false,
            (Phase::Review, Some(day)) => day <= today,
            _ => self.due < tomorrow_starts,
        }
    }
}

impl Default for CardState {
    fn default() -> Self {
        Self::new_card()
    }
}
