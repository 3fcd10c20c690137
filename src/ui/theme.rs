//! Colours and text sizes, in light and dark variants, from one place.
//!
//! Right and wrong are never told by colour alone: every mark also has an icon and a word.
//! Every text colour stands at least 4.5:1 against the backgrounds it is drawn on (WCAG AA),
//! in both themes; the tests below compute the ratios from these colours.

use egui::{Color32, Context, FontId, RichText, TextStyle, Theme, ThemePreference, Visuals};
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
    ctx.set_visuals_of(Theme::Dark, visuals(true));
    ctx.set_visuals_of(Theme::Light, visuals(false));
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

/// egui's visuals with text colours that everyone can read: egui's quiet ("weak") text is its
/// normal colour at 60 % opacity, 2.7:1 on the dark panel and 2.6:1 on the light one.
pub fn visuals(dark: bool) -> Visuals {
    let mut visuals = if dark {
        Visuals::dark()
    } else {
        Visuals::light()
    };
    let (normal, weak, link) = if dark {
        (
            Color32::from_gray(200),
            Color32::from_gray(160),
            Color32::from_rgb(90, 170, 255),
        )
    } else {
        (
            Color32::from_gray(60),
            Color32::from_gray(100),
            Color32::from_rgb(0, 90, 180),
        )
    };
    visuals.widgets.noninteractive.fg_stroke.color = normal;
    // Controls stand out from the page (WCAG asks 3:1 of a control's edge): an outline on
    // buttons, fields, radio buttons and check boxes, which egui draws without one.
    let edge = if dark {
        Color32::from_gray(120)
    } else {
        Color32::from_gray(130)
    };
    visuals.widgets.inactive.bg_stroke = egui::Stroke::new(1.0, edge);
    visuals.weak_text_color = Some(weak);
    visuals.hyperlink_color = link;
    visuals.warn_fg_color = warning(dark);
    visuals.error_fg_color = wrong(dark);
    visuals
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

/// Amber for a warning (a missing source): not the red of an error.
pub fn warning(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(230, 180, 80)
    } else {
        Color32::from_rgb(150, 95, 0)
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

/// The mark of an answer scored `score` (0 to 1): right, partly right, or wrong; an icon and
/// a word, not only a colour.
pub fn mark(ui: &egui::Ui, correct: bool, score: f64) -> RichText {
    let dark = ui.visuals().dark_mode;
    if correct {
        RichText::new("✔ right").color(right(dark)).strong()
    } else if score > 0.0 {
        RichText::new("◑ partly right").color(wrong(dark)).strong()
    } else {
        RichText::new("✖ wrong").color(wrong(dark)).strong()
    }
}

/// Lays `add` out in a centred column of reading width, scrolling if it is taller than the
/// window.
pub fn reading_column<R>(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    // Each screen's column scrolls on its own: another screen's scroll does not carry over.
    egui::ScrollArea::vertical()
        .id_salt("reading-column")
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The WCAG contrast ratio of two opaque colours, 1 to 21.
    fn contrast(a: Color32, b: Color32) -> f32 {
        fn luminance(c: Color32) -> f32 {
            let channel = |v: u8| {
                let v = f32::from(v) / 255.0;
                if v <= 0.040_45 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
        }
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    /// An opaque colour `over` drawn with its alpha on `under`: what the eye sees.
    fn blend(over: Color32, under: Color32) -> Color32 {
        let a = f32::from(over.a()) / 255.0;
        let mix = |o: u8, u: u8| {
            // Colours are premultiplied: `o` already carries its alpha.
            let v = f32::from(o) + f32::from(u) * (1.0 - a);
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 0..=255
            let v = v.round().clamp(0.0, 255.0) as u8;
            v
        };
        Color32::from_rgb(
            mix(over.r(), under.r()),
            mix(over.g(), under.g()),
            mix(over.b(), under.b()),
        )
    }

    #[test]
    fn every_text_colour_reads_at_4_5_to_1_on_its_backgrounds_in_both_themes() {
        for dark in [true, false] {
            let v = visuals(dark);
            let panel = v.panel_fill;
            // Grid stripes (the set table) and the window of a dialog.
            let stripe = blend(v.faint_bg_color, panel);
            let backgrounds = [
                ("panel", panel),
                ("stripe", stripe),
                ("dialog", v.window_fill),
            ];
            let texts = [
                ("text", v.text_color()),
                ("strong text", v.strong_text_color()),
                (
                    "quiet text (sources, hints, set names)",
                    blend(v.weak_text_color(), panel),
                ),
                ("right", right(dark)),
                ("wrong", wrong(dark)),
                ("link", v.hyperlink_color),
            ];
            for (text, colour) in texts {
                for (background, fill) in backgrounds {
                    let ratio = contrast(colour, fill);
                    assert!(
                        ratio >= 4.5,
                        "{text} on {background}, dark {dark}: {ratio:.2}:1"
                    );
                }
            }
            let widgets = &v.widgets;
            for (what, fg, bg) in [
                (
                    "button",
                    widgets.inactive.fg_stroke.color,
                    widgets.inactive.weak_bg_fill,
                ),
                (
                    "hovered button",
                    widgets.hovered.fg_stroke.color,
                    widgets.hovered.weak_bg_fill,
                ),
                (
                    "pressed button",
                    widgets.active.fg_stroke.color,
                    widgets.active.weak_bg_fill,
                ),
                ("selected", v.selection.stroke.color, v.selection.bg_fill),
                ("typed answer", v.text_color(), v.text_edit_bg_color()),
            ] {
                let ratio = contrast(fg, bg);
                assert!(ratio >= 4.5, "{what}, dark {dark}: {ratio:.2}:1");
            }
            // A control's outline against the page and a field's own background: 3:1.
            let edge = widgets.inactive.bg_stroke.color;
            for (what, bg) in [("page", panel), ("field", v.text_edit_bg_color())] {
                let ratio = contrast(edge, bg);
                assert!(ratio >= 3.0, "outline on {what}, dark {dark}: {ratio:.2}:1");
            }
        }
    }

    #[test]
    fn egui_s_own_quiet_text_was_too_faint_and_the_ratio_is_computed_as_wcag_does() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 1e-6);
        let dark = Visuals::dark();
        let before = contrast(
            blend(dark.weak_text_color(), dark.panel_fill),
            dark.panel_fill,
        );
        assert!(before < 3.0, "{before}");
    }
}
