//! "What a retention costs", beside the desired retention in Settings: the reviews a day over
//! the next 30 days at the retention in force and at the one chosen (Anki's "Help me decide").

use egui::{RichText, Ui};

use super::action::Action;
use super::theme;
use crate::schedule::Config;
use crate::schedule::workload::{DAYS, Workload};

/// The estimate shown, and the settings it was asked for.
#[derive(Debug, Default)]
pub struct WorkloadView {
    /// The settings of the last estimate asked for: a change of them asks again.
    pub asked: Option<Config>,
    /// Whether an estimate is being made.
    pub running: bool,
    /// The settings of the estimate shown.
    pub shown_for: Option<Config>,
    /// The last estimate: one line per retention, the one in force first; or why it failed.
    pub result: Option<Result<Vec<Workload>, String>>,
}

/// A mean a day: whole numbers from 10, a decimal below (7 new cards over 30 days is 0.2 a
/// day, not 0).
fn per_day(x: f32) -> String {
    if x >= 9.95 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// The estimate, asked again once the settings change and the retention is let go of.
pub fn workload_ui(
    ui: &mut Ui,
    view: &mut WorkloadView,
    config: Option<&Config>,
    dragging: bool,
    actions: &mut Vec<Action>,
) {
    if let Some(config) = config
        && view.asked.as_ref() != Some(config)
        && !dragging
    {
        view.asked = Some(config.clone());
        actions.push(Action::EstimateWorkload(Box::new(config.clone())));
    }
    ui.label(RichText::new("What a retention costs").strong());
    if config.is_none() {
        ui.label(theme::quiet(
            ui,
            "A setting above cannot be read: the estimate below is for the settings before it.",
        ));
    }
    match &view.result {
        None => {
            ui.label(theme::quiet(ui, "Estimating…"));
        }
        Some(Err(why)) => {
            ui.label(format!("No estimate: {why}"));
        }
        Some(Ok(lines)) => {
            egui::Grid::new("workload")
                .num_columns(5)
                .striped(true)
                .spacing([16.0, 4.0])
                .show(ui, |ui| {
                    for heading in [
                        "Retention",
                        "Reviews a day",
                        "New a day",
                        "Minutes a day",
                        "Remembered at the end",
                    ] {
                        ui.label(RichText::new(heading).strong());
                    }
                    ui.end_row();
                    for (i, line) in lines.iter().enumerate() {
                        ui.label(format!(
                            "{:.2}{}",
                            line.retention,
                            if i == 0 { " (in force)" } else { " (chosen)" }
                        ));
                        ui.label(per_day(line.reviews_per_day));
                        ui.label(per_day(line.new_per_day));
                        ui.label(per_day(line.minutes_per_day));
                        ui.label(format!("{:.0} of {}", line.remembered, line.cards));
                        ui.end_row();
                    }
                });
        }
    }
    if view.running && view.result.is_some() {
        ui.label(theme::quiet(ui, "Estimating again…"));
    }
    ui.label(theme::quiet(
        ui,
        format!(
            "Expected over the next {DAYS} days with these settings, from your cards as they \
             are and how you have answered (the fsrs simulator Anki uses). Higher retention \
             means more reviews for more remembered; the daily limits cap both."
        ),
    ));
}
