//! Settings: scheduling (kept in the profile's store) and the window (kept by eframe).

use egui::{RichText, Ui};

use super::action::Action;
use super::prefs::Prefs;
use super::theme::{self, TEXT_SCALE_RANGE, ThemeChoice};
use crate::schedule::{Config, MAX_RETENTION, MIN_RETENTION, format_steps, parse_steps};

/// The settings form, edited until "Save".
pub struct SettingsForm {
    /// Scheduling settings being edited (steps are edited as text below).
    pub config: Config,
    /// Learning steps as typed.
    pub learning: String,
    /// Relearning steps as typed.
    pub relearning: String,
    /// Window preferences being edited.
    pub prefs: Prefs,
    /// Why the last "Save" failed.
    pub error: Option<String>,
    /// Whether the form was saved and not changed since.
    pub saved: bool,
    /// The settings as last saved (or as the form opened with them): what "unsaved" is
    /// measured against, and what a discarded preview returns to.
    pub original: (Config, Prefs),
    /// Whether leaving asks about the unsaved changes now.
    pub confirm_leave: bool,
    /// Whether to go home once the save asked for succeeds ("Save and leave").
    pub leave_after_save: bool,
    /// The fitting of the student's own parameters.
    pub optimize: super::optimize::OptimizeView,
    /// What the retention in force and the one chosen cost.
    pub workload: super::workload::WorkloadView,
}

impl SettingsForm {
    /// A form showing the current settings.
    pub fn new(config: &Config, prefs: &Prefs) -> Self {
        Self {
            config: config.clone(),
            learning: format_steps(&config.learning_steps_secs),
            relearning: format_steps(&config.relearning_steps_secs),
            prefs: prefs.clone(),
            error: None,
            saved: false,
            original: (config.clone(), prefs.clone()),
            confirm_leave: false,
            leave_after_save: false,
            optimize: super::optimize::OptimizeView::default(),
            workload: super::workload::WorkloadView::default(),
        }
    }

    /// Whether the form holds changes not saved (a step list that cannot be read counts).
    pub fn is_dirty(&self) -> bool {
        let config = Config {
            learning_steps_secs: parse_steps(&self.learning).unwrap_or_default(),
            relearning_steps_secs: parse_steps(&self.relearning).unwrap_or_default(),
            ..self.config.clone()
        };
        let steps_read =
            parse_steps(&self.learning).is_ok() && parse_steps(&self.relearning).is_ok();
        !steps_read || (config, self.prefs.clone()) != self.original
    }

    /// The settings as entered, or what is wrong with them.
    fn parsed(&self) -> Result<Config, String> {
        let config = Config {
            learning_steps_secs: parse_steps(&self.learning)
                .map_err(|e| format!("Learning steps: {e}"))?,
            relearning_steps_secs: parse_steps(&self.relearning)
                .map_err(|e| format!("Relearning steps: {e}"))?,
            ..self.config.clone()
        };
        config.validate().map_err(|e| e.to_string())?;
        Ok(config)
    }
}

/// Draws the settings screen.
pub fn settings_ui(ui: &mut Ui, form: &mut SettingsForm, actions: &mut Vec<Action>) {
    // Home and Save stay in view above the form, which is taller than a small window.
    ui.horizontal_wrapped(|ui| {
        if ui.button("⬅ Home").on_hover_text("Esc").clicked() {
            actions.push(leave(form));
        }
        save_ui(ui, form, actions);
    });
    if let Some(error) = &form.error {
        ui.label(RichText::new(format!("✖ {error}")).color(theme::wrong(ui.visuals().dark_mode)));
    }
    if form.confirm_leave {
        leave_dialog_ui(ui, form, actions);
    }
    egui::ScrollArea::vertical()
        .id_salt("settings")
        .auto_shrink([false, false])
        .show(ui, |ui| settings_form_ui(ui, form, actions));
}

fn settings_form_ui(ui: &mut Ui, form: &mut SettingsForm, actions: &mut Vec<Action>) {
    ui.heading("Settings");
    let before = (
        form.config.clone(),
        form.learning.clone(),
        form.relearning.clone(),
        form.prefs.clone(),
    );
    ui.add_space(8.0);
    let dragging = scheduling_ui(ui, form);
    ui.add_space(8.0);
    let config = form.parsed().ok();
    super::workload::workload_ui(ui, &mut form.workload, config.as_ref(), dragging, actions);
    ui.add_space(8.0);
    let fitted = !form.original.0.parameters.is_empty();
    super::optimize::optimize_ui(ui, &form.optimize, fitted, actions);
    ui.add_space(8.0);
    ui.label(RichText::new("Window").strong());
    ui.horizontal(|ui| {
        ui.label("Theme");
        for choice in ThemeChoice::ALL {
            ui.radio_value(&mut form.prefs.theme, choice, choice.label());
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("Text size");
        ui.add(egui::Slider::new(&mut form.prefs.text_scale, TEXT_SCALE_RANGE).fixed_decimals(1))
            .labelled_by(label.id);
    });
    let now = (
        form.config.clone(),
        form.learning.clone(),
        form.relearning.clone(),
        form.prefs.clone(),
    );
    if now != before {
        form.saved = false;
        form.error = None;
    }
    if now.3 != before.3 {
        // Theme and text size show at once; leaving without saving puts them back.
        actions.push(Action::PreviewPrefs(form.prefs.clone()));
    }
}

/// Save (Ctrl+S), and what the last save did.
fn save_ui(ui: &mut Ui, form: &mut SettingsForm, actions: &mut Vec<Action>) {
    let save = ui.button(RichText::new("Save").strong());
    if save.on_hover_text("Ctrl+S").clicked()
        || ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::S))
    {
        match form.parsed() {
            Ok(config) => {
                actions.push(Action::SaveSettings(Box::new((config, form.prefs.clone()))));
            }
            Err(e) => form.error = Some(e),
        }
    }
    if form.saved {
        ui.label(RichText::new("✔ Saved").color(theme::right(ui.visuals().dark_mode)));
    }
}

/// The scheduling half of the form; returns whether the retention is being dragged (its
/// cost is estimated once it is let go of).
fn scheduling_ui(ui: &mut Ui, form: &mut SettingsForm) -> bool {
    ui.label(RichText::new("Scheduling").strong());
    egui::Grid::new("scheduling")
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            // The explanation hovers over the label, not the slider: while the knob is
            // dragged it would cover the fields below.
            let label = ui.label("Desired retention").on_hover_text(
                "The chance of still knowing a card when it comes due. Higher means more reviews: \
                 see what it costs below.",
            );
            let retention = ui
                .add(
                    egui::Slider::new(
                        &mut form.config.desired_retention,
                        MIN_RETENTION..=MAX_RETENTION,
                    )
                    .fixed_decimals(2),
                )
                .labelled_by(label.id);
            let dragging = retention.dragged();
            ui.end_row();
            let label = ui.label("New cards per day");
            ui.add(egui::DragValue::new(&mut form.config.new_per_day).range(0..=9999))
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Reviews per day");
            ui.add(egui::DragValue::new(&mut form.config.reviews_per_day).range(0..=99_999))
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("New day starts at (hour)");
            ui.add(egui::DragValue::new(&mut form.config.rollover_hour).range(0..=23))
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Learning steps");
            steps_field(
                ui,
                &mut form.learning,
                label.id,
                "Delays before a new card is shown again, such as 1m 10m",
            );
            ui.end_row();
            let label = ui.label("Relearning steps");
            steps_field(
                ui,
                &mut form.relearning,
                label.id,
                "Delays after a forgotten card, such as 10m",
            );
            ui.end_row();
            let label = ui.label("Leech after (lapses)");
            ui.add(egui::DragValue::new(&mut form.config.leech_threshold).range(1..=9999))
                .labelled_by(label.id)
                .on_hover_text(
                    "A card forgotten this many times after it was learnt is a leech: the review \
                     says so and offers to suspend it (Anki's default is 8)",
                );
            ui.end_row();
            dragging
        })
        .inner
}

/// What leaving the form does: ask first if it holds unsaved changes.
pub fn leave(form: &SettingsForm) -> Action {
    if form.is_dirty() {
        Action::SettingsAskLeave
    } else {
        Action::GoHome
    }
}

/// A step list's field, with what is wrong with it right beside it as it is typed.
fn steps_field(ui: &mut Ui, text: &mut String, label: egui::Id, hint: &str) {
    ui.horizontal(|ui| {
        ui.add(egui::TextEdit::singleline(text).desired_width(160.0))
            .labelled_by(label)
            .on_hover_text(hint);
        if let Err(e) = parse_steps(text) {
            ui.label(RichText::new(format!("✖ {e}")).color(theme::wrong(ui.visuals().dark_mode)));
        }
    });
}

/// "Leave without saving?": keep editing, discard the changes, or save them and leave.
fn leave_dialog_ui(ui: &mut Ui, form: &mut SettingsForm, actions: &mut Vec<Action>) {
    let modal = egui::Modal::new(egui::Id::unique("settings-leave")).show(ui.ctx(), |ui| {
        ui.set_max_width(380.0);
        ui.heading("Leave without saving?");
        ui.label("Your changes to the settings are not saved.");
        ui.horizontal_wrapped(|ui| {
            if ui.button("Keep editing").on_hover_text("Esc").clicked() {
                actions.push(Action::SettingsStay);
            }
            if ui.button("Discard changes").clicked() {
                actions.push(Action::GoHome);
            }
            let parsed = form.parsed();
            let save = ui.add_enabled(parsed.is_ok(), egui::Button::new("Save and leave"));
            if save.clicked()
                && let Ok(config) = parsed
            {
                form.leave_after_save = true;
                actions.push(Action::SaveSettings(Box::new((config, form.prefs.clone()))));
            }
        });
    });
    if modal.backdrop_response.clicked() {
        actions.push(Action::SettingsStay);
    }
}
