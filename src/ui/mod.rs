//! The window: eframe views over the application layer. Views get plain data and return
//! actions; `app.rs` routes them to [`crate::app::Collection`] in one place. Nothing here
//! opens a database or schedules a card.

mod action;
mod answer;
mod app;
mod home;
mod keys;
mod prefs;
mod problems;
mod quiz;
mod review;
mod settings;
mod statistics;
mod theme;
mod watch;

pub use app::{App, AppConfig, Clock};
pub use prefs::{PREFS_KEY, Prefs};
pub use theme::ThemeChoice;

/// The window's title.
pub const TITLE: &str = "allydeck";

/// Opens the window and runs until it is closed.
///
/// # Errors
/// The window or its graphics context cannot be created (no display, no OpenGL).
pub fn run(config: AppConfig) -> eframe::Result<()> {
    let icon = eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon.png")).ok();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(TITLE)
        .with_app_id("allydeck")
        .with_inner_size([1000.0, 720.0])
        .with_min_inner_size([800.0, 600.0]);
    if let Some(icon) = icon {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        ..eframe::NativeOptions::default()
    };
    eframe::run_native(
        TITLE,
        options,
        Box::new(move |cc| Ok(Box::new(App::new(cc, config)))),
    )
}
