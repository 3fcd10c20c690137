//! Preferences of the window, kept in eframe's storage (learning data stays in the store).

use serde::{Deserialize, Serialize};

use super::theme::ThemeChoice;

/// Theme and text size: how the window looks, nothing about what is learnt.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Light, dark or the system's.
    pub theme: ThemeChoice,
    /// Text size as a share of the default.
    pub text_scale: f32,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            theme: ThemeChoice::System,
            text_scale: 1.0,
        }
    }
}

/// The key under which [`Prefs`] are stored.
pub const PREFS_KEY: &str = "allydeck.prefs";
