//! What a desired retention costs: the reviews a day it brings over the next days, from the
//! `fsrs` crate's simulator (what Anki's "Help me decide" runs), started from the student's own
//! cards and, where the log has them, their own answer habits and times.
//!
//! Like the rest of the core it reads no clock and no global random generator: the study day
//! and the simulator's seed are passed in, so an estimate is the same every time it is made.

use std::sync::Arc;

use fsrs::{RevlogEntry, RevlogReviewKind, SimulatorConfig};

use super::card::{CardState, Phase, Rating};
use super::config::Config;
use super::day::StudyDay;

/// The days an estimate looks ahead.
pub const DAYS: usize = 30;

/// One answer of the log, as the simulator learns the student's habits from it.
#[derive(Clone, Copy, Debug)]
pub struct PastAnswer {
    /// Which card (any number telling cards apart).
    pub card: i64,
    /// When, in milliseconds since 1970.
    pub at_ms: i64,
    /// The rating.
    pub rating: Rating,
    /// The card's phase before it.
    pub phase: Phase,
    /// How long it took, if known.
    pub duration_ms: Option<u32>,
}

/// What an estimate starts from: the cards, the settings and the log.
#[derive(Clone, Debug)]
pub struct Start {
    /// The state of every card that will be studied (suspended ones left out): `None` for a
    /// card never answered.
    pub cards: Vec<Option<CardState>>,
    /// Today's study day.
    pub today: StudyDay,
    /// When the next study day begins, in seconds since 1970 (days of the log are counted
    /// from it, as Anki does).
    pub next_day_starts_s: i64,
    /// The log, to learn how this student rates and how long answers take.
    pub log: Vec<PastAnswer>,
}

/// The expected work at one desired retention over [`DAYS`] days.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Workload {
    /// The desired retention.
    pub retention: f32,
    /// Reviews of cards already met, per day on average.
    pub reviews_per_day: f32,
    /// New cards introduced per day on average.
    pub new_per_day: f32,
    /// Minutes of study per day on average (from the answer times of the log where it has
    /// enough of them, the crate's typical times otherwise).
    pub minutes_per_day: f32,
    /// Cards expected to be remembered at the end (the sum of every card's recall).
    pub remembered: f32,
    /// The cards studied (those not suspended), out of which `remembered` is counted.
    pub cards: usize,
}

/// Why an estimate cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum WorkloadError {
    /// No card to study.
    #[error("there is no card to study, so nothing to estimate")]
    NoCards,
    /// The crate refused (parameters out of range).
    #[error("the workload cannot be estimated: {0}")]
    Fsrs(#[from] fsrs::FSRSError),
}

fn review_kind(phase: Phase) -> RevlogReviewKind {
    match phase {
        Phase::New | Phase::Learning => RevlogReviewKind::Learning,
        Phase::Review => RevlogReviewKind::Review,
        Phase::Relearning => RevlogReviewKind::Relearning,
    }
}

/// The simulator's settings for `start` under `config`: the limits and steps of the
/// student's settings, the rating habits and answer times of their log (blended with the
/// crate's typical values while the log is short, as Anki does), no cap on time per day.
fn simulator_config(start: &Start, config: &Config) -> SimulatorConfig {
    // The crate sums each bucket's answer times in a `u32` of milliseconds, which a long log
    // overflows (about 300,000 answers of 15 s): it is given 1 ms for every answer it should
    // count, and the times are averaged here instead.
    let revlog: Vec<RevlogEntry> = start
        .log
        .iter()
        .map(|answer| RevlogEntry {
            id: answer.at_ms,
            cid: answer.card,
            button_chosen: answer.rating.number(),
            taken_millis: u32::from(timed(answer).is_some()),
            review_kind: review_kind(answer.phase),
            ..RevlogEntry::default()
        })
        .collect();
    let learned = fsrs::extract_simulator_config(revlog, start.next_day_starts_s, true);
    SimulatorConfig {
        state_rating_costs: rating_costs(&start.log),
        deck_size: start.cards.len(),
        learn_span: DAYS,
        max_cost_perday: f32::MAX,
        #[allow(clippy::cast_precision_loss)] // At most 36,500 days.
        max_ivl: config.maximum_interval_days as f32,
        learn_limit: config.new_per_day as usize,
        review_limit: config.reviews_per_day as usize,
        new_cards_ignore_review_limit: true,
        suspend_after_lapses: None,
        learning_step_count: config.learning_steps_secs.len(),
        relearning_step_count: config.relearning_steps_secs.len(),
        ..learned
    }
}

/// An answer's time, if the crate would count it (more than 0 and less than 20 minutes).
fn timed(answer: &PastAnswer) -> Option<u32> {
    answer.duration_ms.filter(|&ms| ms > 0 && ms < 1_200_000)
}

/// The seconds an answer takes by the card's state before it and the rating, as the crate's
/// `extract_simulator_config` computes them (the mean of the bucket, blended with the crate's
/// typical time by `n / (50 + n)`, to two decimals), summed without overflow.
fn rating_costs(log: &[PastAnswer]) -> [[f32; 4]; 3] {
    let mut sums = [[(0u64, 0u64); 4]; 3];
    for answer in log {
        if let Some(ms) = timed(answer) {
            let state = review_kind(answer.phase) as usize;
            let rating = usize::from(answer.rating.number() - 1);
            let (sum, n) = &mut sums[state][rating];
            *sum += u64::from(ms);
            *n += 1;
        }
    }
    let typical = SimulatorConfig::default().state_rating_costs;
    let mut costs = [[0.0f32; 4]; 3];
    for (state, row) in costs.iter_mut().enumerate() {
        for (rating, cost) in row.iter_mut().enumerate() {
            let (sum, n) = sums[state][rating];
            // In `f32`, as the crate computes it, so that the roundings agree.
            #[allow(clippy::cast_precision_loss)] // A mean of milliseconds, and a count.
            let (mean, n) = (sum.checked_div(n).unwrap_or(0) as f32 / 1000.0, n as f32);
            let weight = n / (50.0 + n);
            let blended = weight * mean + (1.0 - weight) * typical[state][rating];
            *cost = (blended * 100.0).round() / 100.0;
        }
    }
    costs
}

/// The cards met already, as the simulator takes them (Anki's conversion): a review card
/// with its due day and last review day counted from today, a learning card due today. New
/// cards are left to the simulator, which introduces them at the daily limit.
fn simulator_cards(start: &Start, parameters: &Arc<Vec<f32>>, retention: f32) -> Vec<fsrs::Card> {
    #[allow(clippy::cast_precision_loss)] // Days between study days.
    let days = |from: StudyDay, to: StudyDay| (to.0 - from.0) as f32;
    start
        .cards
        .iter()
        .flatten()
        .filter_map(|state| {
            let memory = state.memory?;
            let (last_date, due, interval) = match (state.phase, state.review_due_day()) {
                (Phase::Review, Some(due)) => (
                    state
                        .last_review_day
                        .map_or(0.0, |day| days(start.today, day).min(0.0)),
                    days(start.today, due),
                    #[allow(clippy::cast_precision_loss)] // At most 36,500 days.
                    (state.interval_days as f32),
                ),
                _ => (0.0, 0.0, 0.0),
            };
            Some(fsrs::Card {
                difficulty: memory.difficulty,
                stability: memory.stability,
                last_date,
                due,
                interval,
                lapses: state.lapses,
                desired_retention: retention,
                parameters: parameters.clone(),
                ..fsrs::Card::default()
            })
        })
        .collect()
}

/// The expected work over [`DAYS`] days at each of `retentions`, from `start` with the
/// settings `config` (its parameters: FSRS-6's defaults when empty). The same `seed` for
/// each, so that two retentions are compared on the same simulated answers.
///
/// # Errors
/// No card to study, or parameters the crate refuses.
pub fn estimate(
    start: &Start,
    config: &Config,
    retentions: &[f32],
    seed: u64,
) -> Result<Vec<Workload>, WorkloadError> {
    if start.cards.is_empty() {
        return Err(WorkloadError::NoCards);
    }
    let parameters = Arc::new(fsrs::check_and_fill_parameters(&config.parameters)?);
    let simulator = simulator_config(start, config);
    retentions
        .iter()
        .map(|&retention| {
            let cards = simulator_cards(start, &parameters, retention);
            let result =
                fsrs::simulate(&simulator, &parameters, retention, Some(seed), Some(cards))?;
            #[allow(clippy::cast_precision_loss)] // Counts of cards a day.
            let mean = |sum: f32| sum / DAYS as f32;
            #[allow(clippy::cast_precision_loss)]
            let total = |counts: &[usize]| counts.iter().sum::<usize>() as f32;
            Ok(Workload {
                retention,
                reviews_per_day: mean(total(&result.review_cnt_per_day)),
                new_per_day: mean(total(&result.learn_cnt_per_day)),
                minutes_per_day: mean(result.cost_per_day.iter().sum::<f32>()) / 60.0,
                remembered: result.memorized_cnt_per_day.last().copied().unwrap_or(0.0),
                cards: start.cards.len(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::schedule::Memory;

    fn start(cards: Vec<Option<CardState>>) -> Start {
        Start {
            cards,
            today: StudyDay(20_000),
            next_day_starts_s: 1_728_000_000,
            log: Vec::new(),
        }
    }

    #[test]
    fn cards_met_are_given_to_the_simulator_as_anki_gives_them() {
        let today = StudyDay(20_000);
        let review = CardState {
            phase: Phase::Review,
            memory: Some(Memory {
                stability: 12.5,
                difficulty: 6.0,
            }),
            interval_days: 5,
            last_review_day: Some(StudyDay(today.0 - 2)),
            lapses: 3,
            due: DateTime::<Utc>::UNIX_EPOCH,
            ..CardState::new_card()
        };
        let learning = CardState {
            phase: Phase::Relearning,
            memory: Some(Memory {
                stability: 0.4,
                difficulty: 8.0,
            }),
            ..review.clone()
        };
        let overdue = CardState {
            last_review_day: Some(StudyDay(today.0 - 9)),
            ..review.clone()
        };
        let start = start(vec![None, Some(review), Some(learning), Some(overdue)]);
        let parameters = Arc::new(fsrs::DEFAULT_PARAMETERS.to_vec());
        let cards = simulator_cards(&start, &parameters, 0.85);
        let seen: Vec<(f32, f32, f32, f32, u32)> = cards
            .iter()
            .map(|c| (c.stability, c.last_date, c.due, c.interval, c.lapses))
            .collect();
        assert_eq!(
            seen,
            [
                // Reviewed two days ago, due in three; a learning card is due today.
                (12.5, -2.0, 3.0, 5.0, 3),
                (0.4, 0.0, 0.0, 0.0, 3),
                (12.5, -9.0, -4.0, 5.0, 3),
            ],
            "the new card is left to the simulator"
        );
        assert!(
            cards
                .iter()
                .all(|c| (c.desired_retention - 0.85).abs() < 1e-6)
        );
    }

    fn answer(card: i64, at_ms: i64, rating: Rating, phase: Phase, ms: u32) -> PastAnswer {
        PastAnswer {
            card,
            at_ms,
            rating,
            phase,
            duration_ms: Some(ms),
        }
    }

    #[test]
    fn answer_times_are_the_crates_and_a_long_log_does_not_overflow_them() {
        // Random logs (times of 0 and over 20 minutes, which the crate leaves out, and none):
        // the costs are the crate's to the last digit.
        let mut seed: u64 = 12_345;
        let mut rnd = move |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        let phases = [
            Phase::New,
            Phase::Learning,
            Phase::Review,
            Phase::Relearning,
        ];
        for trial in 0..3000 {
            let len = 1 + i64::try_from(rnd(300)).unwrap();
            let log: Vec<PastAnswer> = (0..len)
                .map(|i| {
                    let rating = Rating::ALL[usize::try_from(rnd(4)).unwrap()];
                    let phase = phases[usize::try_from(rnd(4)).unwrap()];
                    let ms = match rnd(20) {
                        0 => 0,
                        1 => 1_300_000,
                        _ => 500 + u32::try_from(rnd(40_000)).unwrap(),
                    };
                    let card = i64::try_from(rnd(50)).unwrap();
                    let mut a = answer(card, 1_700_000_000_000 + i * 60_000_000, rating, phase, ms);
                    if rnd(30) == 0 {
                        a.duration_ms = None;
                    }
                    a
                })
                .collect();
            let revlog: Vec<RevlogEntry> = log
                .iter()
                .map(|a| RevlogEntry {
                    id: a.at_ms,
                    cid: a.card,
                    button_chosen: a.rating.number(),
                    taken_millis: a.duration_ms.unwrap_or(0),
                    review_kind: review_kind(a.phase),
                    ..RevlogEntry::default()
                })
                .collect();
            let crates = fsrs::extract_simulator_config(revlog, 1_700_000_000, true);
            assert_eq!(rating_costs(&log), crates.state_rating_costs, "log {trial}");
        }
        // 400,000 answers of 15 s in one bucket: 6e9 ms, beyond a u32.
        let years: Vec<PastAnswer> = (0..400_000)
            .map(|i| answer(i, i * 1000, Rating::Good, Phase::Review, 15_000))
            .collect();
        let costs = rating_costs(&years);
        assert!((costs[1][2] - 15.0).abs() < 0.01, "{costs:?}");
    }

    #[test]
    fn new_cards_with_no_log_are_the_crates_simulation_with_the_students_limits() {
        let config = Config {
            new_per_day: 15,
            reviews_per_day: 90,
            maximum_interval_days: 400,
            ..Config::default()
        };
        let start = start(vec![None; 600]);
        let ours = estimate(&start, &config, &[0.9], 7).unwrap()[0];
        let direct = fsrs::simulate(
            &SimulatorConfig {
                deck_size: 600,
                learn_span: DAYS,
                max_cost_perday: f32::MAX,
                max_ivl: 400.0,
                learn_limit: 15,
                review_limit: 90,
                learning_step_count: 2,
                relearning_step_count: 1,
                ..SimulatorConfig::default()
            },
            &fsrs::DEFAULT_PARAMETERS,
            0.9,
            Some(7),
            Some(Vec::new()),
        )
        .unwrap();
        #[allow(clippy::cast_precision_loss)]
        let reviews = direct.review_cnt_per_day.iter().sum::<usize>() as f32 / 30.0;
        assert!(
            (ours.reviews_per_day - reviews).abs() < 1e-4,
            "{ours:?} {reviews}"
        );
        assert!(
            (ours.new_per_day - 15.0).abs() < 1e-4,
            "15 a day for 30 days: {ours:?}"
        );
        assert!((ours.remembered - direct.memorized_cnt_per_day.last().unwrap()).abs() < 1e-3);
        // The same seed gives the same estimate; another retention changes it the expected way.
        assert_eq!(estimate(&start, &config, &[0.9], 7).unwrap()[0], ours);
        let both = estimate(&start, &config, &[0.8, 0.95], 7).unwrap();
        assert!(both[0].reviews_per_day < ours.reviews_per_day);
        assert!(ours.reviews_per_day < both[1].reviews_per_day);
        assert!(both[0].remembered < both[1].remembered);
        assert!(matches!(
            estimate(
                &Start {
                    cards: vec![],
                    ..start
                },
                &config,
                &[0.9],
                7
            ),
            Err(WorkloadError::NoCards)
        ));
    }
}
