//! Aggregates for `allydeck stats` and the screens: counts per set, mastery, retention.
//!
//! Definitions, which the README repeats:
//! - **Due today**: learning and review cards due before the next study day begins.
//! - **Mastery**: the share of a set's questions whose memory is stable for at least
//!   [`MASTERED_STABILITY_DAYS`] days (Anki calls cards with such intervals "mature").
//! - **True retention**: the share of answers to cards in the review phase that were not
//!   `Again`: how much of what was learnt was still known when it came due.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, Utc};
use serde::Serialize;

mod series;

pub use crate::store::{QuizPoint, ReviewPoint};
pub use series::{
    CALENDAR_DAYS, CalendarDay, DayDue, DayReviews, FORECAST_DAYS, PhaseCounts, QuizSeries, Series,
    SeriesInput, StabilityBucket, WeekRetention, series,
};

use crate::bank::{Bank, CardKey, SetId};
use crate::schedule::{CardState, Config, Hold, Phase, Rating, StudyDay, is_leech};
use crate::store::StoredReview;

/// Stability from which a card counts as mastered.
pub const MASTERED_STABILITY_DAYS: f32 = 21.0;

/// Counts for one set (or, in [`Overview::total`], for all of them).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SetStats {
    /// The set's id (`"total"` for the sum).
    pub id: SetId,
    /// The set's title.
    pub title: String,
    /// Questions that loaded.
    pub questions: usize,
    /// Never answered.
    pub new: usize,
    /// In learning or relearning.
    pub learning: usize,
    /// In the review phase.
    pub review: usize,
    /// Learning or review cards due before the next study day.
    pub due_today: usize,
    /// Questions with stability of at least 21 days.
    pub mastered: usize,
    /// `mastered / questions`, 0 to 1.
    pub mastery: f64,
    /// Answers given to this set's questions.
    pub reviews: usize,
    /// Answers to review-phase cards.
    pub review_phase_reviews: usize,
    /// True retention, if any review-phase card was answered.
    pub true_retention: Option<f64>,
    /// Answers whose verdict the student overruled ("I was right", or `Again` after a right
    /// answer).
    pub overridden: usize,
    /// Suspended cards (out of every queue, and so of `due_today`).
    pub suspended: usize,
    /// Leeches: cards forgotten at least the leech threshold's times.
    pub leeches: usize,
}

impl SetStats {
    /// Counts of nothing yet, for the set `id`.
    pub fn empty(id: SetId, title: impl Into<String>) -> Self {
        Self {
            id,
            title: title.into(),
            questions: 0,
            new: 0,
            learning: 0,
            review: 0,
            due_today: 0,
            mastered: 0,
            mastery: 0.0,
            reviews: 0,
            review_phase_reviews: 0,
            true_retention: None,
            overridden: 0,
            suspended: 0,
            leeches: 0,
        }
    }
}

/// One card with history, for `stats --json`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CardRow {
    /// `set_id/question_id`.
    pub card: String,
    /// Whether no loaded set contains it.
    pub orphan: bool,
    /// Its phase.
    pub phase: Phase,
    /// FSRS stability in days.
    pub stability: Option<f32>,
    /// FSRS difficulty, 1 to 10.
    pub difficulty: Option<f32>,
    /// When it is due, RFC 3339.
    pub due: String,
    /// Number of answers.
    pub reps: u32,
    /// Number of lapses.
    pub lapses: u32,
    /// The last answer, RFC 3339.
    pub last_review: Option<String>,
}

/// Everything `allydeck stats` prints.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Overview {
    /// One entry per loaded set, in load order.
    pub sets: Vec<SetStats>,
    /// The sum over all sets (reviews of orphans included in `reviews` and retention).
    pub total: SetStats,
    /// Every card with history, orphans included, by key.
    pub cards: Vec<CardRow>,
}

#[allow(clippy::cast_precision_loss)] // Counts far below 2^52.
fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// How a card stands beside its schedule, for the counts.
pub struct Standing<'a> {
    /// Its state, if it has history.
    pub state: Option<&'a CardState>,
    /// Its hold, if the student set it aside.
    pub hold: Option<Hold>,
}

/// Counts for every set of `bank` from what `standing` says of each card, at `now`: phases,
/// due today (cards set aside today are not), mastery, suspended cards and leeches (forgotten
/// `leech_threshold` times or more); not the fields that need the review log.
pub fn set_counts<'a>(
    bank: &Bank,
    standing: impl Fn(&CardKey) -> Standing<'a>,
    now: DateTime<Utc>,
    utc_offset: FixedOffset,
    config: &Config,
) -> Vec<SetStats> {
    let rollover_hour = config.rollover_hour;
    let today = StudyDay::of(now, utc_offset, rollover_hour);
    let tomorrow_starts = today.plus(1).start(utc_offset, rollover_hour);
    let mut sets = Vec::with_capacity(bank.sets.len());
    for loaded in &bank.sets {
        let set = &loaded.set;
        let mut counts = SetStats {
            questions: set.questions.len(),
            ..SetStats::empty(set.id.clone(), set.title.clone())
        };
        for key in &loaded.keys {
            let Standing { state, hold } = standing(key);
            let held_out = hold.is_some_and(|h| h.keeps_out(today));
            counts.suspended += usize::from(hold == Some(Hold::Suspended));
            match state {
                None => counts.new += 1,
                Some(state) => {
                    match state.phase {
                        Phase::New => counts.new += 1,
                        Phase::Learning | Phase::Relearning => counts.learning += 1,
                        Phase::Review => counts.review += 1,
                    }
                    if state.due_by(today, tomorrow_starts) && !held_out {
                        counts.due_today += 1;
                    }
                    if is_leech(state.lapses, config.leech_threshold) {
                        counts.leeches += 1;
                    }
                    if state
                        .memory
                        .is_some_and(|m| m.stability >= MASTERED_STABILITY_DAYS)
                    {
                        counts.mastered += 1;
                    }
                }
            }
        }
        counts.mastery = share(counts.mastered, counts.questions).unwrap_or(0.0);
        sets.push(counts);
    }
    sets
}

/// Counts for every set of `bank` from the cached card states and the review log, at `now`.
pub fn overview<S: std::hash::BuildHasher, T: std::hash::BuildHasher>(
    bank: &Bank,
    states: &HashMap<CardKey, CardState, S>,
    holds: &HashMap<CardKey, Hold, T>,
    reviews: &[StoredReview],
    now: DateTime<Utc>,
    utc_offset: FixedOffset,
    config: &Config,
) -> Overview {
    // Reviews and review-phase reviews (and those not forgotten) per set id.
    let mut answered: HashMap<&SetId, (usize, usize, usize)> = HashMap::new();
    let mut overridden: HashMap<&SetId, usize> = HashMap::new();
    for review in reviews {
        if review.record.overridden {
            *overridden.entry(&review.record.card.set).or_default() += 1;
        }
        let entry = answered.entry(&review.record.card.set).or_default();
        entry.0 += 1;
        if review.kind == Phase::Review {
            entry.1 += 1;
            if review.record.rating != Rating::Again {
                entry.2 += 1;
            }
        }
    }
    let mut sets = set_counts(
        bank,
        |key| Standing {
            state: states.get(key),
            hold: holds.get(key).copied(),
        },
        now,
        utc_offset,
        config,
    );
    for counts in &mut sets {
        let (all, review_phase, kept) = answered.get(&counts.id).copied().unwrap_or_default();
        counts.reviews = all;
        counts.review_phase_reviews = review_phase;
        counts.true_retention = share(kept, review_phase);
        counts.overridden = overridden.get(&counts.id).copied().unwrap_or(0);
    }
    let mut total = SetStats::empty(SetId::new("total"), "All sets");
    for s in &sets {
        total.questions += s.questions;
        total.new += s.new;
        total.learning += s.learning;
        total.review += s.review;
        total.due_today += s.due_today;
        total.mastered += s.mastered;
        total.suspended += s.suspended;
        total.leeches += s.leeches;
    }
    let (all, review_phase, kept) = answered
        .values()
        .fold((0, 0, 0), |(a, b, c), (x, y, z)| (a + x, b + y, c + z));
    total.reviews = all;
    total.overridden = overridden.values().sum();
    total.review_phase_reviews = review_phase;
    total.true_retention = share(kept, review_phase);
    total.mastery = share(total.mastered, total.questions).unwrap_or(0.0);

    let loaded_cards: std::collections::HashSet<&CardKey> = bank.cards().map(|(k, _)| k).collect();
    let rfc3339 = |t: DateTime<Utc>| t.with_timezone(&utc_offset).to_rfc3339();
    let mut cards: Vec<CardRow> = states
        .iter()
        .map(|(key, state)| CardRow {
            card: key.to_string(),
            orphan: !loaded_cards.contains(key),
            phase: state.phase,
            stability: state.memory.map(|m| m.stability),
            difficulty: state.memory.map(|m| m.difficulty),
            due: rfc3339(state.due),
            reps: state.reps,
            lapses: state.lapses,
            last_review: state.last_review.map(rfc3339),
        })
        .collect();
    cards.sort_by(|a, b| a.card.cmp(&b.card));
    Overview { sets, total, cards }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::{Source, parse_text};
    use crate::schedule::Memory;
    use crate::store::ReviewRecord;

    fn bank() -> Bank {
        let text = r#"QuestionSet(id: "s", title: "S", questions: [
            (id: "a", prompt: "?", answer: TrueFalse(true), explanation: "e", source: "s"),
            (id: "b", prompt: "?", answer: TrueFalse(true), explanation: "e", source: "s"),
            (id: "c", prompt: "?", answer: TrueFalse(true), explanation: "e", source: "s"),
            (id: "d", prompt: "?", answer: TrueFalse(true), explanation: "e", source: "s"),
        ])"#;
        assert!(parse_text("s.ron", text).problems.is_empty());
        let dir = tempfile::TempDir::new().unwrap();
        std::fs::write(dir.path().join("s.ron"), text).unwrap();
        Bank::load(&[Source::Path {
            path: dir.path().to_owned(),
            required: true,
        }])
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn review(card: &str, kind: Phase, rating: Rating) -> StoredReview {
        StoredReview {
            id: 0,
            record: ReviewRecord {
                card: card.parse().unwrap(),
                at: at("2026-03-01T09:00:00Z"),
                utc_offset: FixedOffset::east_opt(0).unwrap(),
                rating,
                duration_ms: None,
                overridden: false,
            },
            kind,
        }
    }

    #[test]
    fn counts_mastery_and_true_retention_on_a_fixed_log() {
        let now = at("2026-03-10T12:00:00Z");
        let utc = FixedOffset::east_opt(0).unwrap();
        let state = |phase, due: &str, stability| CardState {
            phase,
            due: at(due),
            memory: Some(Memory {
                stability,
                difficulty: 5.0,
            }),
            ..CardState::new_card()
        };
        let states: HashMap<CardKey, CardState> = [
            ("s/a", state(Phase::Review, "2026-03-10T04:00:00Z", 30.0)), // due today, mastered
            ("s/b", state(Phase::Review, "2026-03-20T04:00:00Z", 21.0)), // not due, mastered
            ("s/c", state(Phase::Learning, "2026-03-10T12:05:00Z", 0.5)), // due later today
            ("gone/x", state(Phase::Review, "2026-03-01T04:00:00Z", 3.0)), // orphan
        ]
        .into_iter()
        .map(|(k, s)| (k.parse().unwrap(), s))
        .collect();
        let reviews = vec![
            review("s/a", Phase::New, Rating::Good),
            review("s/a", Phase::Review, Rating::Good),
            review("s/a", Phase::Review, Rating::Again),
            review("s/b", Phase::Review, Rating::Hard),
            review("s/c", Phase::New, Rating::Again),
            review("gone/x", Phase::Review, Rating::Again),
        ];
        let o = overview(
            &bank(),
            &states,
            &HashMap::new(),
            &reviews,
            now,
            utc,
            &Config::default(),
        );
        let s = &o.sets[0];
        assert_eq!((s.questions, s.new, s.learning, s.review), (4, 1, 1, 2));
        assert_eq!(s.due_today, 2);
        assert_eq!(s.mastered, 2);
        assert!((s.mastery - 0.5).abs() < 1e-12);
        assert_eq!((s.reviews, s.review_phase_reviews), (5, 3));
        assert!((s.true_retention.unwrap() - 2.0 / 3.0).abs() < 1e-12);
        // The orphan's review counts in the total, not in the set.
        assert_eq!((o.total.reviews, o.total.review_phase_reviews), (6, 4));
        assert!((o.total.true_retention.unwrap() - 0.5).abs() < 1e-12);
        assert_eq!(o.cards.len(), 4);
        let orphan = o.cards.iter().find(|c| c.card == "gone/x").unwrap();
        assert!(orphan.orphan);
        assert_eq!(orphan.due, "2026-03-01T04:00:00+00:00");
        assert_eq!((s.suspended, s.leeches), (0, 0));

        // Suspended, buried today: not due. A lapse past the threshold: a leech.
        let today = StudyDay::of(now, utc, 4);
        let holds = HashMap::from([
            ("s/a".parse().unwrap(), Hold::Suspended),
            ("s/c".parse().unwrap(), Hold::Buried { day: today }),
        ]);
        let mut states = states;
        states.get_mut(&"s/b".parse().unwrap()).unwrap().lapses = 2;
        let config = Config {
            leech_threshold: 2,
            ..Config::default()
        };
        let o = overview(&bank(), &states, &holds, &reviews, now, utc, &config);
        let s = &o.sets[0];
        assert_eq!((s.due_today, s.suspended, s.leeches), (0, 1, 1));
        assert_eq!((o.total.suspended, o.total.leeches), (1, 1));
        // Buried yesterday: due again today.
        let holds = HashMap::from([(
            "s/c".parse().unwrap(),
            Hold::Buried {
                day: StudyDay(today.0 - 1),
            },
        )]);
        let o = overview(&bank(), &states, &holds, &reviews, now, utc, &config);
        assert_eq!(o.sets[0].due_today, 2);
    }
}
