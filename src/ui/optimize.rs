//! The Settings section that fits the student's own FSRS parameters: a button, a progress bar
//! with Cancel while the fitting runs on another thread, then both parameter sets with their
//! figures on the same reviews and a button to put the fitted ones in force.

use egui::{RichText, Ui};

use super::action::Action;
use super::theme;
use crate::app::Optimized;

/// What the section shows.
#[derive(Clone, Debug, Default)]
pub enum OptimizeView {
    /// Nothing run yet.
    #[default]
    Idle,
    /// Fitting: how far (done, total).
    Running(usize, usize),
    /// What the fitting found.
    Done(Box<Optimized>),
    /// Why it could not be done.
    Failed(String),
    /// The fitted parameters are in force; this many cards were recomputed.
    Applied(usize),
}

/// The section, under the scheduling settings; `fitted` says whether the parameters in force
/// were fitted to this log.
pub fn optimize_ui(ui: &mut Ui, view: &OptimizeView, fitted: bool, actions: &mut Vec<Action>) {
    ui.label(RichText::new("Your own FSRS parameters").strong());
    ui.label(theme::quiet(
        ui,
        if fitted {
            "In force: parameters fitted to your reviews."
        } else {
            "In force: FSRS-6's defaults. Fitting them to your own reviews, as Anki's Optimize \
             does, usually predicts your memory better once you have some weeks of reviews."
        },
    ));
    match view {
        OptimizeView::Idle | OptimizeView::Failed(_) | OptimizeView::Applied(_) => {
            if ui
                .button("Optimise from my reviews")
                .on_hover_text("Nothing changes until you choose to use the result")
                .clicked()
            {
                actions.push(Action::OptimizeStart);
            }
            match view {
                OptimizeView::Failed(why) => {
                    ui.label(RichText::new(why).color(theme::wrong(ui.visuals().dark_mode)));
                }
                OptimizeView::Applied(cards) => {
                    ui.label(
                        RichText::new(format!(
                            "✔ The fitted parameters are in force; {cards} cards were \
                             recomputed from your log with them."
                        ))
                        .color(theme::right(ui.visuals().dark_mode)),
                    );
                }
                _ => {}
            }
        }
        OptimizeView::Running(done, total) => {
            ui.horizontal(|ui| {
                #[allow(clippy::cast_precision_loss)] // Steps of the fitting.
                let share = if *total == 0 {
                    0.0
                } else {
                    *done as f32 / *total as f32
                };
                ui.add(
                    egui::ProgressBar::new(share)
                        .desired_width(260.0)
                        .text("Fitting to your reviews…"),
                );
                if ui.button("Cancel").clicked() {
                    actions.push(Action::OptimizeCancel);
                }
            });
        }
        OptimizeView::Done(result) => result_ui(ui, result, actions),
    }
}

fn result_ui(ui: &mut Ui, result: &Optimized, actions: &mut Vec<Action>) {
    ui.label(format!(
        "{} reviews; {} on a later day than the card's review before, which FSRS learns from and \
         is measured on. Lower is better:",
        result.reviews, result.items
    ));
    egui::Grid::new("optimize-result")
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            for heading in ["Parameters", "Log loss", "RMSE (bins)"] {
                ui.label(RichText::new(heading).strong());
            }
            ui.end_row();
            for (name, fit) in [
                ("In force", result.current_fit),
                ("Fitted", result.fitted_fit),
            ] {
                ui.label(name);
                ui.label(format!("{:.4}", fit.log_loss));
                ui.label(format!("{:.4}", fit.rmse_bins));
                ui.end_row();
            }
        });
    let better = result.is_better();
    ui.label(if better {
        "The fitted parameters predict your reviews better."
    } else {
        "The fitted parameters do not predict your reviews better: keeping the ones in force is \
         wiser."
    });
    ui.horizontal(|ui| {
        let label = if better {
            "Use the fitted parameters"
        } else {
            "Use them anyway"
        };
        if ui
            .button(label)
            .on_hover_text("Saved in your profile; every card is recomputed from your log")
            .clicked()
        {
            actions.push(Action::OptimizeApply);
        }
    });
}
