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
}

impl App {
    pub(super) fn estimate_workload(
        &mut self,
        config: Config,
        ctx: &egui::Context,
        at: At,
    ) -> Result<(), String> {
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
        self.estimating = Some(Estimating { result, asked });
        Ok(())
    }

    /// Takes a finished estimate in; leaving Settings forgets the cards read for it.
    pub(super) fn poll_estimating(&mut self) {
        let Screen::Settings(form) = &mut self.screen else {
            self.estimating = None;
            self.workload_start = None;
            return;
        };
        let Some(running) = &self.estimating else {
            return;
        };
        match running.result.try_recv() {
            Ok(outcome) => {
                form.workload.result = Some(outcome);
                form.workload.shown_for = Some(running.asked.clone());
                form.workload.running = false;
                self.estimating = None;
            }
            // The thread asks for a repaint when it is done.
            Err(TryRecvError::Empty) => {}
            Err(TryRecvError::Disconnected) => {
                form.workload.result = Some(Err("the estimate stopped unexpectedly".into()));
                form.workload.shown_for = Some(running.asked.clone());
                form.workload.running = false;
                self.estimating = None;
            }
        }
    }
}

fn run(start: &Start, config: &Config, retentions: &[f32]) -> Result<Vec<Workload>, String> {
    workload::estimate(start, config, retentions, SEED).map_err(|e| e.to_string())
}
