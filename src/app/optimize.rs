//! Fitting the student's own FSRS parameters to their log, and putting them in force.

use std::sync::{Arc, Mutex};

use crate::schedule::optimize::{self, Fit, OptimizeError};
use crate::schedule::{Config, ReviewEvent};

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
        let mut last = None;
        for review in &reviews {
            if last != Some(&review.record.card) {
                cards.push(Vec::new());
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

impl From<OptimizeError> for AppError {
    fn from(e: OptimizeError) -> Self {
        AppError::Optimize(e)
    }
}
