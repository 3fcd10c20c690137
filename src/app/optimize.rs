//! Fitting the student's own FSRS parameters to their log, and putting them in force.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use crate::bank::{CardKey, Kind};
use crate::schedule::optimize::{self, Bin, Fit, OptimizeError};
use crate::schedule::workload::{self, PastAnswer, Start, Workload};
use crate::schedule::{Config, Hold, ReviewEvent};

use super::{AppError, At, Collection};

/// What an optimisation found: the parameters in force and the fitted ones, each with how
/// well it predicts the same log.
#[derive(Clone, Debug, PartialEq)]
pub struct Optimized {
    /// Reviews in the log.
    pub reviews: usize,
    /// Reviews on a later study day than the card's one before: what is learned from and
    /// evaluated on.
    pub items: usize,
    /// The parameters in force (FSRS-6's defaults when none were fitted).
    pub current: Vec<f32>,
    /// How well they predict the log.
    pub current_fit: Fit,
    /// The parameters fitted to the log.
    pub fitted: Vec<f32>,
    /// How well they predict the same log.
    pub fitted_fit: Fit,
}

impl Optimized {
    /// Whether the fitted parameters predict the log better than those in force: a lower log
    /// loss (Anki keeps the old parameters otherwise).
    pub fn is_better(&self) -> bool {
        self.fitted_fit.log_loss < self.current_fit.log_loss
    }
}

/// What an optimisation learns from, read from the log: plain data, so that the fitting
/// can run on another thread while the window goes on.
#[derive(Clone, Debug)]
pub struct TrainingSet {
    reviews: usize,
    items: Vec<fsrs::FSRSItem>,
    card_ids: Vec<i64>,
    /// The card each `card_ids` value stands for.
    cards: Vec<CardKey>,
    current: Vec<f32>,
}

impl TrainingSet {
    /// Reviews on a later study day than the card's one before: what is learned from.
    pub fn items(&self) -> usize {
        self.items.len()
    }

    /// Fits the parameters and evaluates them and those in force on the same reviews.
    /// `progress` may be watched and cancelled (`want_abort`) from another thread.
    ///
    /// # Errors
    /// Too few reviews on later days, cancelled, or the crate refused.
    pub fn run(
        self,
        progress: Option<Arc<Mutex<fsrs::CombinedProgressState>>>,
    ) -> Result<Optimized, OptimizeError> {
        let current_fit = optimize::evaluate(&self.current, &self.items)?;
        let count = self.items.len();
        let fitted = optimize::fit(self.items.clone(), self.card_ids, progress)?;
        let fitted_fit = optimize::evaluate(&fitted, &self.items)?;
        Ok(Optimized {
            reviews: self.reviews,
            items: count,
            current: self.current,
            current_fit,
            fitted,
            fitted_fit,
        })
    }
}

impl Collection {
    /// What an optimisation learns from: the whole log as training items, and the
    /// parameters in force.
    ///
    /// # Errors
    /// The log cannot be read.
    pub fn training_set(&self) -> Result<TrainingSet, AppError> {
        let reviews = self.store.reviews()?;
        let mut cards: Vec<Vec<ReviewEvent>> = Vec::new();
        let mut keys = Vec::new();
        let mut last = None;
        for review in &reviews {
            if last != Some(&review.record.card) {
                cards.push(Vec::new());
                keys.push(review.record.card.clone());
                last = Some(&review.record.card);
            }
            if let Some(card) = cards.last_mut() {
                card.push(review.record.event());
            }
        }
        let config = self.scheduler.config();
        let (items, card_ids) = optimize::training_items(&cards, config.rollover_hour);
        let current = if config.parameters.is_empty() {
            fsrs::DEFAULT_PARAMETERS.to_vec()
        } else {
            config.parameters.clone()
        };
        Ok(TrainingSet {
            reviews: reviews.len(),
            items,
            card_ids,
            cards: keys,
            current,
        })
    }

    /// Fits FSRS-6's parameters to this profile's whole log and evaluates them and the
    /// parameters in force on it. Nothing is changed.
    ///
    /// # Errors
    /// The log cannot be read, holds too few reviews on later days, or the fitting failed.
    pub fn optimize(&self) -> Result<Optimized, AppError> {
        Ok(self.training_set()?.run(None)?)
    }

    /// Predicted recall against recall, in bins, overall and per kind of question: for every
    /// review on a later study day than the card's one before, the recall the parameters in
    /// force predicted from the reviews before it (retrievability after the days between, in
    /// study days, as FSRS is trained) and whether it was recalled.
    ///
    /// # Errors
    /// The log cannot be read, or the parameters in force are refused.
    pub fn calibration(&self) -> Result<Calibration, AppError> {
        let training = self.training_set()?;
        let predictions = optimize::predictions(&training.current, &training.items)?;
        let mut by_kind: BTreeMap<Kind, Vec<(f32, bool)>> = BTreeMap::new();
        for (&card, &prediction) in training.card_ids.iter().zip(&predictions) {
            let kind = usize::try_from(card)
                .ok()
                .and_then(|card| training.cards.get(card))
                .and_then(|key| self.deck.question(key))
                .map(|question| question.answer.kind());
            if let Some(kind) = kind {
                by_kind.entry(kind).or_default().push(prediction);
            }
        }
        Ok(Calibration {
            reviews: predictions.len(),
            overall: optimize::calibration(&predictions),
            by_kind: by_kind
                .into_iter()
                .map(|(kind, predictions)| KindBins {
                    kind,
                    reviews: predictions.len(),
                    bins: optimize::calibration(&predictions),
                })
                .collect(),
        })
    }

    /// Puts `parameters` in force for this profile and recomputes every card's state from
    /// the log with them (as `log rebuild` does); returns the number of cards rebuilt.
    ///
    /// # Errors
    /// Parameters FSRS-6 cannot use (nothing changes), or the database cannot be written.
    pub fn apply_parameters(&mut self, parameters: Vec<f32>, at: At) -> Result<usize, AppError> {
        let config = Config {
            parameters,
            ..self.scheduler.config().clone()
        };
        self.save_config(config, at)?;
        self.rebuild()
    }
}

/// Predicted recall against recall, overall and per kind ([`Collection::calibration`]).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Calibration {
    /// Reviews with a prediction (on a later study day than the card's one before).
    pub reviews: usize,
    /// Their bins.
    pub overall: Vec<Bin>,
    /// The bins of each kind of question with such reviews (cards whose question is gone
    /// count only overall).
    pub by_kind: Vec<KindBins>,
}

/// The bins of one kind of question.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct KindBins {
    /// The kind.
    pub kind: Kind,
    /// Its reviews with a prediction.
    pub reviews: usize,
    /// Their bins.
    pub bins: Vec<Bin>,
}

impl From<OptimizeError> for AppError {
    fn from(e: OptimizeError) -> Self {
        AppError::Optimize(e)
    }
}

/// One review of a card's history, as the Card info shows it: the answer, the recall FSRS
/// predicted just before it, and the card's state after it.
#[derive(Clone, Debug, PartialEq)]
pub struct CardInfoLine {
    /// The answer as logged.
    pub record: crate::store::ReviewRecord,
    /// The recall predicted at that moment from the reviews before (none for a first review).
    pub predicted: Option<f32>,
    /// The card's state after the answer.
    pub after: crate::schedule::CardState,
}

impl Collection {
    /// The whole history of `card`, replayed with the parameters in force: each review with
    /// the recall predicted before it and the state after it (interval, stability, difficulty).
    ///
    /// # Errors
    /// The log cannot be read, or the history cannot be replayed.
    pub fn card_info(&self, card: &CardKey) -> Result<Vec<CardInfoLine>, AppError> {
        let config = self.scheduler.config();
        let decay = optimize::decay(&config.parameters)?;
        let mut state = crate::schedule::CardState::new_card();
        let mut lines = Vec::new();
        for review in self.store.reviews_of(card)? {
            let event = review.record.event();
            let predicted = state
                .memory
                .zip(state.last_review_day)
                .map(|(memory, day)| {
                    let today = self.scheduler.study_day(event.at, event.utc_offset);
                    #[allow(clippy::cast_precision_loss)] // Days between reviews.
                    let days = today.days_since(day) as f32;
                    fsrs::current_retrievability(
                        fsrs::MemoryState {
                            stability: memory.stability,
                            difficulty: memory.difficulty,
                        },
                        days,
                        decay,
                    )
                });
            let after = self.scheduler.answer(card, &state, &event)?;
            lines.push(CardInfoLine {
                record: review.record,
                predicted,
                after: after.clone(),
            });
            state = after;
        }
        Ok(lines)
    }
}

impl Collection {
    /// What each of `retentions` would cost over the next 30 days
    /// ([`crate::schedule::workload::DAYS`]): the crate's simulator started from every loaded
    /// card that is not suspended, with the settings in force and the rating habits and answer
    /// times of the log. `seed` fixes the simulated answers, the same for every retention.
    ///
    /// # Errors
    /// The log cannot be read, no card is loaded, or the parameters are refused.
    pub fn estimate_workload(
        &mut self,
        retentions: &[f32],
        seed: u64,
        at: At,
    ) -> Result<Vec<Workload>, AppError> {
        let start = self.workload_start(at)?;
        Ok(workload::estimate(
            &start,
            self.scheduler.config(),
            retentions,
            seed,
        )?)
    }

    /// What [`Collection::estimate_workload`] starts from, as plain data: the window reads it
    /// here (the store stays on its thread) and simulates on another.
    ///
    /// # Errors
    /// The log cannot be read.
    pub fn workload_start(&mut self, at: At) -> Result<Start, AppError> {
        self.keep_day(at)?;
        let today = *self.deck.today();
        let cards = self
            .deck
            .card_states()
            .filter(|(key, _)| self.deck.hold(key) != Some(Hold::Suspended))
            .map(|(_, state)| state.cloned())
            .collect();
        let mut log = Vec::new();
        let mut card = 0i64;
        let mut last: Option<CardKey> = None;
        for review in self.store.reviews()? {
            if last.as_ref() != Some(&review.record.card) {
                card += 1;
                last = Some(review.record.card.clone());
            }
            log.push(PastAnswer {
                card,
                at_ms: review.record.at.timestamp_millis(),
                rating: review.record.rating,
                phase: review.kind,
                duration_ms: review.record.duration_ms,
            });
        }
        Ok(Start {
            cards,
            today: today.day,
            next_day_starts_s: today.tomorrow_starts.timestamp(),
            log,
        })
    }
}
