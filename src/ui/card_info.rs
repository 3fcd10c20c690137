//! A card's whole history, as the Sets screen's *Card history* and the review screen's card
//! info (key `i`) show it: each review replayed with the parameters in force.

use egui::{RichText, Ui};

use super::action::Action;
use super::theme;
use crate::app::CardInfoLine;

/// One review in a card's history, ready to show.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryLine {
    /// When, in the student's time then.
    pub when: String,
    /// The rating.
    pub rating: &'static str,
    /// Whether the student overruled the grader.
    pub overridden: bool,
    /// How long the answer took.
    pub seconds: Option<u32>,
    /// The recall FSRS predicted just before (none for a first review).
    pub predicted: Option<f32>,
    /// The interval scheduled after it.
    pub interval: String,
    /// Stability and difficulty after it.
    pub memory: Option<(f32, f32)>,
}

/// The review lines of [`crate::app::Collection::card_info`], ready to show.
pub fn lines_of(info: Vec<CardInfoLine>) -> Vec<HistoryLine> {
    info.into_iter()
        .map(|line| {
            let record = line.record;
            HistoryLine {
                predicted: line.predicted,
                interval: super::review::state_interval(&line.after, record.at),
                memory: line.after.memory.map(|m| (m.stability, m.difficulty)),
                when: record
                    .at
                    .with_timezone(&record.utc_offset)
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
                rating: record.rating.label(),
                overridden: record.overridden,
                seconds: record.duration_ms.map(|ms| ms.div_ceil(1000)),
            }
        })
        .collect()
}

/// The card info the review screen opens over the card.
#[derive(Clone, Debug, PartialEq)]
pub struct CardInfoView {
    /// The card's id and its prompt.
    pub title: String,
    /// Suspended, buried, leech: what is true of it now.
    pub status: Vec<String>,
    /// Its reviews.
    pub lines: Vec<HistoryLine>,
}

/// The card info over the review screen; Esc, `i` or *Close* closes it.
pub fn card_info_ui(ui: &mut Ui, view: &CardInfoView, actions: &mut Vec<Action>) {
    let modal = egui::Modal::new(egui::Id::unique("card-info")).show(ui.ctx(), |ui| {
        ui.set_max_width((ui.ctx().content_rect().width() - 80.0).clamp(320.0, 980.0));
        ui.heading("Card info");
        ui.label(RichText::new(&view.title).strong());
        for status in &view.status {
            ui.label(status);
        }
        ui.add_space(6.0);
        egui::ScrollArea::both()
            .max_height(ui.ctx().content_rect().height() * 0.6)
            .show(ui, |ui| table_ui(ui, &view.lines));
        if !view.lines.is_empty() {
            note_ui(ui);
        }
        ui.add_space(6.0);
        if ui.button("Close").on_hover_text("Esc or I").clicked() {
            actions.push(Action::CloseCardInfo);
        }
    });
    if modal.backdrop_response.clicked() {
        actions.push(Action::CloseCardInfo);
    }
}

pub fn history_ui(ui: &mut Ui, lines: &[HistoryLine]) {
    table_ui(ui, lines);
    if !lines.is_empty() {
        note_ui(ui);
    }
}

/// The reviews, a line each.
fn table_ui(ui: &mut Ui, lines: &[HistoryLine]) {
    if lines.is_empty() {
        ui.label("Not answered yet in this profile (quizzes are practice and are not part of it).");
        return;
    }
    egui::Grid::new("card-history")
        .striped(true)
        .num_columns(8)
        .show(ui, |ui| {
            for heading in [
                "When",
                "Rating",
                "Verdict",
                "Time",
                "Predicted recall",
                "Next in",
                "Stability",
                "Difficulty",
            ] {
                ui.label(RichText::new(heading).strong());
            }
            ui.end_row();
            for line in lines {
                ui.label(&line.when);
                ui.label(line.rating);
                ui.label(if line.overridden {
                    "overruled by the student"
                } else {
                    "as graded"
                });
                ui.label(line.seconds.map_or("–".to_owned(), |s| format!("{s} s")));
                ui.label(
                    line.predicted
                        .map_or("–".to_owned(), |r| format!("{:.0}%", r * 100.0)),
                );
                ui.label(&line.interval);
                let (stability, difficulty) = line
                    .memory
                    .map_or(("–".to_owned(), "–".to_owned()), |(s, d)| {
                        (format!("{s:.1} d"), format!("{d:.1}"))
                    });
                ui.label(stability);
                ui.label(difficulty);
                ui.end_row();
            }
        });
}

/// What the history's columns mean.
fn note_ui(ui: &mut Ui) {
    ui.label(theme::quiet(
        ui,
        "Replayed from the log with the parameters in force: predicted recall just before each \
         answer, and the interval, stability (days until recall falls to 90%) and difficulty \
         (1-10) after it.",
    ));
}
