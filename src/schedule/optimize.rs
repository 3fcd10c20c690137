//! The student's own FSRS parameters, fitted to their review log with the `fsrs` crate's
//! `compute_parameters` (the code Anki's "Optimize" runs), and how well a set of parameters
//! predicts that log (the crate's `evaluate`: log loss and RMSE over bins).
//!
//! The log is turned into the crate's training items as Anki does (the crate's own converter
//! tests): each card's reviews in time order, the days between them counted in study days,
//! one item per review after the first that came on a later study day than the one before
//! (its history includes the same-day reviews before it).

use std::sync::{Arc, Mutex};

use fsrs::{
    CombinedProgressState, ComputeParametersInput, FSRS, FSRSItem, FSRSReview, compute_parameters,
};

use super::day::StudyDay;
use super::scheduler::ReviewEvent;

/// Fewer training items than this and the crate gives the default parameters back unfitted;
/// from it up to [`FULL_FIT_ITEMS`] only the first four (the initial stabilities) are fitted.
/// The crate's thresholds, which Anki uses too.
pub const MIN_ITEMS: usize = 8;
/// From this many training items every parameter is fitted.
pub const FULL_FIT_ITEMS: usize = 64;

/// The crate's training items of a log: one card's reviews in time order per element of
/// `cards`, days counted in study days beginning at `rollover_hour`. Returns the items and,
/// aligned with them, the position in `cards` of the card each came from.
pub fn training_items(cards: &[Vec<ReviewEvent>], rollover_hour: u8) -> (Vec<FSRSItem>, Vec<i64>) {
    let mut items = Vec::new();
    let mut card_ids = Vec::new();
    for (card, reviews) in cards.iter().enumerate() {
        let days: Vec<StudyDay> = reviews
            .iter()
            .map(|r| StudyDay::of(r.at, r.utc_offset, rollover_hour))
            .collect();
        let history: Vec<FSRSReview> = reviews
            .iter()
            .enumerate()
            .map(|(i, review)| FSRSReview {
                rating: u32::from(review.rating.number()),
                delta_t: if i == 0 {
                    0
                } else {
                    days[i].days_since(days[i - 1])
                },
            })
            .collect();
        for end in 2..=history.len() {
            if history[end - 1].delta_t > 0 {
                items.push(FSRSItem {
                    reviews: history[..end].to_vec(),
                });
                card_ids.push(i64::try_from(card).unwrap_or(i64::MAX));
            }
        }
    }
    (items, card_ids)
}

/// How well parameters predict a log: the crate's evaluation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fit {
    /// Mean log loss of the predicted recall on each review (lower is better).
    pub log_loss: f32,
    /// Root mean square error between predicted and actual recall over bins (lower is better).
    pub rmse_bins: f32,
}

/// Why parameters could not be fitted or evaluated.
#[derive(Debug, thiserror::Error)]
pub enum OptimizeError {
    /// Too few reviews on later days to learn from.
    #[error(
        "the log has {0} reviews on a later day than the card's review before; at least \
         {MIN_ITEMS} are needed to fit parameters"
    )]
    NotEnough(usize),
    /// The fitting was cancelled.
    #[error("the optimisation was cancelled")]
    Cancelled,
    /// The crate refused.
    #[error("FSRS could not fit the parameters: {0}")]
    Fsrs(#[from] fsrs::FSRSError),
}

/// How well `parameters` (empty: FSRS-6's defaults) predict `items`.
///
/// # Errors
/// No item, or parameters the crate refuses.
pub fn evaluate(parameters: &[f32], items: &[FSRSItem]) -> Result<Fit, OptimizeError> {
    if items.is_empty() {
        return Err(OptimizeError::NotEnough(0));
    }
    let evaluation = FSRS::new(parameters)?.evaluate(items.to_vec(), |_| true)?;
    Ok(Fit {
        log_loss: evaluation.log_loss,
        rmse_bins: evaluation.rmse_bins,
    })
}

/// Fits FSRS-6's parameters to `items` (from [`training_items`], with their `card_ids`).
/// `progress` may be watched from another thread (the share done) and cancelled through.
///
/// # Errors
/// Fewer than [`MIN_ITEMS`] items, cancelled, or the crate refused.
pub fn fit(
    items: Vec<FSRSItem>,
    card_ids: Vec<i64>,
    progress: Option<Arc<Mutex<CombinedProgressState>>>,
) -> Result<Vec<f32>, OptimizeError> {
    if items.len() < MIN_ITEMS {
        return Err(OptimizeError::NotEnough(items.len()));
    }
    let watch = progress.clone();
    let fitted = compute_parameters(ComputeParametersInput {
        train_set: items,
        card_ids: Some(card_ids),
        progress,
        ..ComputeParametersInput::default()
    });
    let cancelled = watch.is_some_and(|p| p.lock().is_ok_and(|p| p.want_abort));
    match fitted {
        Err(_) if cancelled => Err(OptimizeError::Cancelled),
        Err(e) => Err(e.into()),
        Ok(parameters) => Ok(parameters),
    }
}

/// One bin of predicted recall: the reviews whose predicted recall fell in `from..to`, what
/// was predicted on average, and the share actually recalled (rated anything but Again).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Bin {
    /// Lowest predicted recall of the bin.
    pub from: f32,
    /// Highest (exclusive, but 1.0 is in the last bin).
    pub to: f32,
    /// Reviews in the bin.
    pub reviews: usize,
    /// Their mean predicted recall.
    pub predicted: f64,
    /// The share of them recalled.
    pub recalled: f64,
}

/// Bins of predicted recall, tenths from 0 to 1.
pub const BINS: usize = 10;

/// The predicted recall at each review of `items` (on a later study day than the one
/// before) under `parameters` (empty: the defaults), and whether it was recalled: what FSRS
/// expected at that moment, from the reviews before it, and what happened.
///
/// # Errors
/// Parameters the crate refuses.
pub fn predictions(
    parameters: &[f32],
    items: &[FSRSItem],
) -> Result<Vec<(f32, bool)>, OptimizeError> {
    let model = FSRS::new(parameters)?;
    let decay = decay(parameters)?;
    items
        .iter()
        .map(|item| {
            let (last, history) = item
                .reviews
                .split_last()
                .ok_or(OptimizeError::NotEnough(0))?;
            let state = model.memory_state(
                FSRSItem {
                    reviews: history.to_vec(),
                },
                None,
            )?;
            #[allow(clippy::cast_precision_loss)] // Days between reviews.
            let days = last.delta_t as f32;
            Ok((
                fsrs::current_retrievability(state, days, decay),
                last.rating > 1,
            ))
        })
        .collect()
}

/// The decay of the forgetting curve of `parameters` (empty: the defaults): what turns a
/// memory's stability and the days since into a predicted recall.
///
/// # Errors
/// Parameters the crate refuses.
pub fn decay(parameters: &[f32]) -> Result<f32, OptimizeError> {
    Ok(fsrs::check_and_fill_parameters(parameters)?[20])
}

/// `predictions` in [`BINS`] bins of predicted recall; empty bins are left out.
pub fn calibration(predictions: &[(f32, bool)]) -> Vec<Bin> {
    let mut sums = [(0usize, 0.0f64, 0usize); BINS];
    for &(predicted, recalled) in predictions {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 0..=9.
        let bin = ((predicted.clamp(0.0, 1.0) * 10.0) as usize).min(BINS - 1);
        sums[bin].0 += 1;
        sums[bin].1 += f64::from(predicted);
        sums[bin].2 += usize::from(recalled);
    }
    #[allow(clippy::cast_precision_loss)] // Counts of reviews.
    sums.iter()
        .enumerate()
        .filter(|(_, (n, _, _))| *n > 0)
        .map(|(i, &(n, predicted, recalled))| Bin {
            from: i as f32 / 10.0,
            to: (i + 1) as f32 / 10.0,
            reviews: n,
            predicted: predicted / n as f64,
            recalled: recalled as f64 / n as f64,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, FixedOffset, Utc};

    use super::*;
    use crate::schedule::Rating;

    fn review(at: &str, rating: Rating) -> ReviewEvent {
        ReviewEvent {
            at: DateTime::parse_from_rfc3339(at)
                .unwrap()
                .with_timezone(&Utc),
            utc_offset: FixedOffset::east_opt(3600).unwrap(),
            rating,
        }
    }

    #[test]
    fn a_log_becomes_one_item_per_review_on_a_later_study_day_with_its_history() {
        let card = vec![
            review("2026-03-01T10:00:00Z", Rating::Again),
            review("2026-03-01T10:10:00Z", Rating::Good),
            // 02:30 local on the 2nd is still the study day of the 1st (rollover at 4).
            review("2026-03-02T01:30:00Z", Rating::Good),
            review("2026-03-04T09:00:00Z", Rating::Hard),
            review("2026-03-04T09:20:00Z", Rating::Good),
            review("2026-03-11T09:00:00Z", Rating::Easy),
        ];
        let single = vec![review("2026-03-01T10:00:00Z", Rating::Good)];
        let (items, cards) = training_items(&[single, card], 4);
        let as_pairs: Vec<Vec<(u32, u32)>> = items
            .iter()
            .map(|i| i.reviews.iter().map(|r| (r.rating, r.delta_t)).collect())
            .collect();
        assert_eq!(
            as_pairs,
            vec![
                vec![(1, 0), (3, 0), (3, 0), (2, 3)],
                vec![(1, 0), (3, 0), (3, 0), (2, 3), (3, 0), (4, 7)],
            ]
        );
        assert_eq!(cards, vec![1, 1], "the card each item came from");
    }

    #[test]
    fn calibration_bins_count_predictions_and_recalls_exactly() {
        let predictions = [
            (0.95, true),
            (0.97, true),
            (0.91, false),
            (1.0, true),
            (0.55, false),
            (0.52, true),
            (0.05, false),
        ];
        let bins = calibration(&predictions);
        let shown: Vec<(f32, usize, f64)> = bins
            .iter()
            .map(|b| (b.from, b.reviews, b.recalled))
            .collect();
        assert_eq!(shown, vec![(0.0, 1, 0.0), (0.5, 2, 0.5), (0.9, 4, 0.75)]);
        assert!((bins[2].predicted - (0.95 + 0.97 + 0.91 + 1.0) / 4.0).abs() < 1e-6);
        // A prediction is the crate's retrievability from the reviews before it.
        let item = FSRSItem {
            reviews: vec![
                FSRSReview {
                    rating: 3,
                    delta_t: 0,
                },
                FSRSReview {
                    rating: 1,
                    delta_t: 5,
                },
            ],
        };
        let [(predicted, recalled)] = predictions_of(&item);
        let model = FSRS::new(&[]).unwrap();
        let state = model
            .memory_state(
                FSRSItem {
                    reviews: item.reviews[..1].to_vec(),
                },
                None,
            )
            .unwrap();
        let expected = fsrs::current_retrievability(state, 5.0, fsrs::DEFAULT_PARAMETERS[20]);
        assert!((predicted - expected).abs() < 1e-7);
        assert!(!recalled, "rated Again");
    }

    fn predictions_of(item: &FSRSItem) -> [(f32, bool); 1] {
        let all = predictions(&[], std::slice::from_ref(item)).unwrap();
        [all[0]]
    }

    #[test]
    fn too_few_items_are_refused_and_defaults_evaluate_as_the_crate_does() {
        assert!(matches!(
            fit(Vec::new(), Vec::new(), None),
            Err(OptimizeError::NotEnough(0))
        ));
        let item = FSRSItem {
            reviews: vec![
                FSRSReview {
                    rating: 3,
                    delta_t: 0,
                },
                FSRSReview {
                    rating: 3,
                    delta_t: 3,
                },
            ],
        };
        let ours = evaluate(&[], std::slice::from_ref(&item)).unwrap();
        let theirs = FSRS::new(&[])
            .unwrap()
            .evaluate(vec![item], |_| true)
            .unwrap();
        assert_eq!(
            (ours.log_loss, ours.rmse_bins),
            (theirs.log_loss, theirs.rmse_bins)
        );
    }
}
