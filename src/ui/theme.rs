//! Colours and text sizes, in light and dark variants, from one place.
//!
//! Right and wrong are never told by colour alone: every mark also has an icon and a word.

use egui::{Color32, Context, FontId, RichText, TextStyle, ThemePreference};
use serde::{Deserialize, Serialize};

/// Light, dark, or whatever the system says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Dark text on a light background.
    Light,
    /// Light text on a dark background.
    Dark,
    /// Follow the system's setting.
    #[default]
    System,
}

impl ThemeChoice {
    /// Every choice, for the settings screen.
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];

    /// The label in the settings screen.
    pub fn label(self) -> &'static str {
        match self {
            ThemeChoice::Light => "Light",
            ThemeChoice::Dark => "Dark",
            ThemeChoice::System => "Follow the system",
        }
    }
}

/// Text size as a share of the default, and its limits.
pub const TEXT_SCALE_RANGE: std::ops::RangeInclusive<f32> = 0.8..=1.6;

/// Applies the theme choice and text size to the whole app.
pub fn apply(ctx: &Context, theme: ThemeChoice, text_scale: f32) {
    ctx.set_theme(match theme {
        ThemeChoice::Light => ThemePreference::Light,
        ThemeChoice::Dark => ThemePreference::Dark,
        ThemeChoice::System => ThemePreference::System,
    });
    ctx.set_zoom_factor(text_scale.clamp(*TEXT_SCALE_RANGE.start(), *TEXT_SCALE_RANGE.end()));
    ctx.all_styles_mut(|style| {
        style
            .text_styles
            .insert(TextStyle::Heading, FontId::proportional(24.0));
        style
            .text_styles
            .insert(TextStyle::Body, FontId::proportional(15.0));
        style
            .text_styles
            .insert(TextStyle::Button, FontId::proportional(15.0));
        style
            .text_styles
            .insert(TextStyle::Small, FontId::proportional(12.0));
        style.spacing.item_spacing = egui::vec2(8.0, 8.0);
        style.spacing.button_padding = egui::vec2(10.0, 5.0);
    });
}

/// The size of a question's prompt: larger than the chrome around it.
pub const PROMPT_SIZE: f32 = 21.0;

/// The widest a column of reading text gets, in points (about 70 characters).
pub const READING_WIDTH: f32 = 680.0;

/// Green for right, in a shade readable on the current background.
pub fn right(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(110, 200, 120)
    } else {
        Color32::from_rgb(20, 120, 40)
    }
}

/// Red for wrong, in a shade readable on the current background.
pub fn wrong(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(240, 120, 110)
    } else {
        Color32::from_rgb(180, 30, 30)
    }
}

/// A question's prompt: large, in the strongest text colour.
pub fn prompt(ui: &egui::Ui, text: &str) -> RichText {
    RichText::new(text)
        .size(PROMPT_SIZE)
        .color(ui.visuals().strong_text_color())
}

/// Quiet text: progress lines, sources, hints.
pub fn quiet(ui: &egui::Ui, text: impl Into<String>) -> RichText {
    RichText::new(text).color(ui.visuals().weak_text_color())
}

/// The mark of a right part: an icon and a word, not only a colour.
pub fn mark(ui: &egui::Ui, correct: bool) -> RichText {
    let dark = ui.visuals().dark_mode;
    if correct {
        RichText::new("✔ right").color(right(dark)).strong()
    } else {
        RichText::new("✖ wrong").color(wrong(dark)).strong()
    }
}

/// Lays `add` out in a centred column of reading width, scrolling if it is taller than the
/// window.
pub fn reading_column<R>(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let width = ui.available_width().min(READING_WIDTH);
            let margin = ((ui.available_width() - width) / 2.0).max(0.0);
            ui.horizontal(|ui| {
                ui.add_space(margin);
                ui.vertical(|ui| {
                    ui.set_width(width);
                    ui.add_space(12.0);
                    add(ui)
                })
                .inner
            })
            .inner
        })
        .inner
}
