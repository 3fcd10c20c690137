//! Fitting the student's own FSRS parameters from Settings: the log is read on this thread
//! (the store stays here), the fitting runs on another with a progress the window shows and
//! can cancel, and the result is put in force only when the student asks.

use std::sync::mpsc::{Receiver, TryRecvError};
use std::sync::{Arc, Mutex};

use super::{App, Screen};
use crate::app::{At, Optimized};
use crate::ui::action::Action;
use crate::ui::optimize::OptimizeView;

/// A fitting running on another thread.
pub(super) struct Optimizing {
    progress: Arc<Mutex<fsrs::CombinedProgressState>>,
    result: Receiver<Result<Optimized, String>>,
}

impl Optimizing {
    fn cancel(&self) {
        if let Ok(mut progress) = self.progress.lock() {
            progress.want_abort = true;
        }
    }
}

impl App {
    pub(super) fn apply_optimize(
        &mut self,
        action: &Action,
        ctx: &egui::Context,
        at: At,
    ) -> Result<(), String> {
        match action {
            Action::OptimizeStart => {
                if self.optimizing.is_some() {
                    return Ok(());
                }
                let training = self
                    .collection()
                    .ok_or_else(|| "Your progress is not open.".to_owned())?
                    .training_set()
                    .map_err(|e| e.to_string())?;
                let progress = fsrs::CombinedProgressState::new_shared();
                let shared = progress.clone();
                let (send, result) = std::sync::mpsc::channel();
                let ctx = ctx.clone();
                std::thread::spawn(move || {
                    let outcome = training.run(Some(shared)).map_err(|e| e.to_string());
                    let _ = send.send(outcome);
                    ctx.request_repaint();
                });
                self.optimizing = Some(Optimizing { progress, result });
                if let Screen::Settings(form) = &mut self.screen {
                    form.optimize = OptimizeView::Running(0, 0);
                }
            }
            Action::OptimizeCancel => {
                if let Some(running) = &self.optimizing {
                    running.cancel();
                }
            }
            _ => {
                let Screen::Settings(form) = &self.screen else {
                    return Ok(());
                };
                let OptimizeView::Done(result) = &form.optimize else {
                    return Ok(());
                };
                let fitted = result.fitted.clone();
                let cards = self
                    .collection_mut()?
                    .apply_parameters(fitted.clone(), at)
                    .map_err(|e| format!("The parameters were not put in force: {e}"))?;
                if let Screen::Settings(form) = &mut self.screen {
                    // The form saves what it shows: it must show the parameters now in force.
                    form.config.parameters.clone_from(&fitted);
                    form.original.0.parameters = fitted;
                    form.optimize = OptimizeView::Applied(cards);
                }
            }
        }
        Ok(())
    }

    /// Shows how far the fitting has come, and takes its result in; leaving Settings cancels.
    pub(super) fn poll_optimizing(&mut self, ctx: &egui::Context) {
        let Some(running) = &self.optimizing else {
            return;
        };
        let Screen::Settings(form) = &mut self.screen else {
            running.cancel();
            self.optimizing = None;
            return;
        };
        match running.result.try_recv() {
            Ok(outcome) => {
                form.optimize = match outcome {
                    Ok(result) => OptimizeView::Done(Box::new(result)),
                    Err(why) => OptimizeView::Failed(why),
                };
                self.optimizing = None;
            }
            Err(TryRecvError::Empty) => {
                let (done, total) = running
                    .progress
                    .lock()
                    .map_or((0, 0), |p| (p.current(), p.total()));
                form.optimize = OptimizeView::Running(done, total);
                ctx.request_repaint_after(std::time::Duration::from_millis(50));
            }
            Err(TryRecvError::Disconnected) => {
                form.optimize = OptimizeView::Failed("The fitting stopped unexpectedly.".into());
                self.optimizing = None;
            }
        }
    }
}
