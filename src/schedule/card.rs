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

/// A card the student set aside, beside its schedule (Anki's suspended and buried queues). It
/// is kept in the store, never in the teacher's file, and it is not part of the review log: a
/// card's state stays the replay of its reviews, and taking the hold off finds it as it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hold {
    /// Out of every queue until the student unsuspends it.
    Suspended,
    /// Out of the queue for the rest of this study day: it comes back the next one.
    Buried {
        /// The study day it is buried for.
        day: StudyDay,
    },
}

impl Hold {
    /// Whether the hold is over on the study day `today`: a bury of an earlier day. A hold
    /// that is over counts as none, in the store and in the queue.
    pub fn is_over(self, today: StudyDay) -> bool {
        matches!(self, Hold::Buried { day } if day < today)
    }

    /// Whether the hold keeps the card out of the queue on the study day `today`.
    pub fn keeps_out(self, today: StudyDay) -> bool {
        match self {
            Hold::Suspended => true,
            Hold::Buried { day } => day == today,
        }
    }

    /// The hold's name, as stored: `suspended` or `buried`.
    pub fn name(self) -> &'static str {
        match self {
            Hold::Suspended => "suspended",
            Hold::Buried { .. } => "buried",
        }
    }
}

/// Anki's default leech threshold: a card forgotten this many times is a leech.
pub const LEECH_LAPSES: u32 = 8;

/// Whether a card is a leech: forgotten at least `threshold` times since it graduated.
pub fn is_leech(lapses: u32, threshold: u32) -> bool {
    lapses >= threshold
}

/// Whether a lapse that brought the card to `lapses` should warn that it is a leech, as Anki
/// warns: on reaching the threshold, then every half threshold (rounded up) after it (8, 12,
/// 16, ... with Anki's default; 3, 5, 7 for 3), so a card that keeps failing is pointed out
/// again without nagging at every lapse.
pub fn leech_warning(lapses: u32, threshold: u32) -> bool {
    let every = threshold.div_ceil(2).max(1);
    is_leech(lapses, threshold) && (lapses - threshold).is_multiple_of(every)
}

#[cfg(test)]
mod leech_tests {
    use super::*;

    #[test]
    fn leeches_are_warned_of_at_the_threshold_then_every_half_threshold() {
        let warned: Vec<u32> = (0..=20).filter(|&l| leech_warning(l, 8)).collect();
        assert_eq!(warned, [8, 12, 16, 20]);
        assert!(!is_leech(7, 8) && is_leech(8, 8) && is_leech(9, 8));
        let warned: Vec<u32> = (0..=5).filter(|&l| leech_warning(l, 1)).collect();
        assert_eq!(warned, [1, 2, 3, 4, 5]);
        // Anki's own test: 3, 5, 7 for a threshold of 3 (half of 3 rounds up to 2).
        let warned: Vec<u32> = (0..=9).filter(|&l| leech_warning(l, 3)).collect();
        assert_eq!(warned, [3, 5, 7, 9]);
    }

    #[test]
    fn a_buried_card_is_out_only_on_its_day() {
        let day = StudyDay(100);
        assert!(Hold::Buried { day }.keeps_out(day));
        assert!(!Hold::Buried { day }.keeps_out(day.plus(1)));
        assert!(Hold::Suspended.keeps_out(day.plus(1000)));
        assert!(Hold::Buried { day }.is_over(day.plus(1)));
        assert!(!Hold::Buried { day }.is_over(day) && !Hold::Suspended.is_over(day.plus(9)));
    }
}
