//! The window: eframe views over the application layer. Views get plain data and return
//! actions; `app/` routes them to [`crate::app::Collection`] in one place. Nothing here
//! opens a database or schedules a card.

mod action;
mod answer;
mod app;
mod card_info;
mod editor;
mod home;
mod keys;
mod optimize;
mod prefs;
mod preview;
mod problems;
mod quiz;
mod review;
mod sets;
mod settings;
mod statistics;
mod theme;
mod watch;
mod workload;

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
    eframe::run_native(
        TITLE,
        native_options(&config),
        Box::new(move |cc| Ok(Box::new(App::new(cc, config)))),
    )
}

/// The window's options: its size, icon, and where its state is kept (the profile's folder,
/// not one file for every profile).
fn native_options(config: &AppConfig) -> eframe::NativeOptions {
    let icon = eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon.png")).ok();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(TITLE)
        .with_app_id("allydeck")
        .with_inner_size([1000.0, 720.0])
        .with_min_inner_size([800.0, 600.0]);
    if let Some(icon) = icon {
        viewport = viewport.with_icon(icon);
    }
    eframe::NativeOptions {
        viewport,
        persistence_path: Some(config.dirs.window_state(&config.profile)),
        ..eframe::NativeOptions::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paths::{DataDirs, Profile};

    #[test]
    fn the_window_keeps_its_state_per_data_directory_and_profile_with_its_icon_and_a_minimum() {
        let options = |root: &str, profile: &str| {
            let config = AppConfig {
                dirs: DataDirs::resolve(Some(std::path::Path::new(root)), None).unwrap(),
                profile: profile.parse::<Profile>().unwrap(),
                questions: Vec::new(),
                shipped: false,
                clock: Clock::System,
                watch: false,
                load_in_background: false,
                started: None,
            };
            native_options(&config)
        };
        let anna = options("/a", "anna");
        assert_eq!(
            anna.persistence_path.as_deref(),
            Some(std::path::Path::new("/a/profiles/anna/window.ron"))
        );
        assert_ne!(anna.persistence_path, options("/a", "ben").persistence_path);
        assert_ne!(
            anna.persistence_path,
            options("/b", "anna").persistence_path
        );
        assert!(anna.viewport.icon.is_some(), "the icon decodes");
        assert_eq!(anna.viewport.min_inner_size, Some(egui::vec2(800.0, 600.0)));
    }
}
