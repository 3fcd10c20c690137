//! Estimating what a retention costs, from Settings: the cards and the log are read on this
//! thread once the screen opens (the store stays here), each estimate is simulated on another
//! and shown when it is done; a newer request replaces one still running.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

use super::{App, Screen};
use crate::app::At;
use crate::schedule::Config;
use crate::schedule::workload::{self, Start, Workload};

/// The seed of every estimate: the same settings always give the same estimate.
const SEED: u64 = 42;

/// An estimate running on another thread.
pub(super) struct Estimating {
    result: Receiver<Result<Vec<Workload>, String>>,
    /// The settings it was asked for.
    asked: Config,
    /// The settings asked for since, to estimate when it is done.
    next: Option<(Config, egui::Context)>,
    /// Asked for on an earlier visit to Settings: its result is not shown.
    orphan: bool,
}

impl App {
    pub(super) fn estimate_workload(
        &mut self,
        config: Config,
        ctx: &egui::Context,
        at: At,
    ) -> Result<(), String> {
        // One estimate at a time: while one runs, only the latest settings asked for wait
        // (a number typed digit by digit starts no pile of threads on two cores).
        if let Some(running) = &mut self.estimating {
            running.next = Some((config, ctx.clone()));
            return Ok(());
        }
        let start = if let Some(start) = &self.workload_start {
            start.clone()
        } else {
            let start = Arc::new(
                self.collection_mut()?
                    .workload_start(at)
                    .map_err(|e| e.to_string())?,
            );
            self.workload_start = Some(start.clone());
            start
        };
        let Screen::Settings(form) = &mut self.screen else {
            return Ok(());
        };
        let in_force = form.original.0.desired_retention;
        let mut retentions = vec![in_force];
        if (config.desired_retention - in_force).abs() > f32::EPSILON {
            retentions.push(config.desired_retention);
        }
        form.workload.running = true;
        let asked = config.clone();
        let (send, result) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let outcome = run(&start, &config, &retentions);
            let _ = send.send(outcome);
            ctx.request_repaint();
        });
        self.estimating = Some(Estimating {
            result,
            asked,
            next: None,
            orphan: false,
        });
        Ok(())
    }

    /// Takes a finished estimate in, and starts the one asked for meanwhile; leaving Settings
    /// forgets the cards read for it.
    pub(super) fn poll_estimating(&mut self, at: At) {
        let next = self.take_estimate();
        if let Some((config, ctx)) = next
            && let Err(why) = self.estimate_workload(config, &ctx, at)
            && let Screen::Settings(form) = &mut self.screen
        {
            form.workload.result = Some(Err(why));
        }
    }

    /// Takes a finished estimate in; returns the settings asked for since, if any.
    fn take_estimate(&mut self) -> Option<(Config, egui::Context)> {
        let Screen::Settings(form) = &mut self.screen else {
            // Off Settings: the cards read for it go, and an estimate still running is kept
            // until it ends (dropped then), so that coming back does not start a second
            // thread beside it; nothing waits behind it.
            self.workload_start = None;
            if let Some(running) = &mut self.estimating {
                running.next = None;
                running.orphan = true;
                if !matches!(running.result.try_recv(), Err(TryRecvError::Empty)) {
                    self.estimating = None;
                }
            }
            return None;
        };
        let running = self.estimating.as_mut()?;
        let outcome = match running.result.try_recv() {
            Ok(outcome) => outcome,
            // The thread asks for a repaint when it is done.
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => Err("the estimate stopped unexpectedly".into()),
        };
        if !running.orphan {
            form.workload.result = Some(outcome);
            form.workload.shown_for = Some(running.asked.clone());
        }
        form.workload.running = false;
        self.estimating.take().and_then(|done| done.next)
    }
}

fn run(start: &Start, config: &Config, retentions: &[f32]) -> Result<Vec<Workload>, String> {
    workload::estimate(start, config, retentions, SEED).map_err(|e| e.to_string())
}
