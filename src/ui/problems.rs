//! The Problems panel: every error and warning in the question files, with its place.

use egui::{RichText, Ui};

use super::action::Action;
use super::theme;
use crate::bank::{Problem, Severity};

/// Draws the list of problems.
pub fn problems_ui(ui: &mut Ui, problems: &[Problem], actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        ui.label(RichText::new("Problems in question files").strong());
        if ui
            .button("Reload now")
            .on_hover_text("Files reload by themselves when saved")
            .clicked()
        {
            actions.push(Action::ReloadQuestions);
        }
        if ui.button("Close").clicked() {
            actions.push(Action::ToggleProblems);
        }
    });
    if problems.is_empty() {
        ui.label("No problems.");
        return;
    }
    let dark = ui.visuals().dark_mode;
    egui::ScrollArea::vertical()
        .id_salt("problems")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for problem in problems {
                let (icon, color) = match problem.severity {
                    Severity::Error => ("✖ error", theme::wrong(dark)),
                    Severity::Warning => ("⚠ warning", ui.visuals().warn_fg_color),
                };
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(icon).color(color).strong());
                    ui.label(
                        RichText::new(format!(
                            "{}:{}:{}",
                            problem.file, problem.line, problem.column
                        ))
                        .monospace(),
                    );
                    ui.label(&problem.message);
                });
            }
        });
}
