//! What the student can tune about scheduling, with Anki's defaults.

use serde::{Deserialize, Serialize};

/// Scheduling settings. Every field has a default; [`Config::validate`] checks the ranges.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// The probability of recall FSRS aims for when a card comes due: 0.70 to 0.99.
    pub desired_retention: f32,
    /// Delays of the learning steps of a new card, in seconds (default 1 m, 10 m).
    pub learning_steps_secs: Vec<u32>,
    /// Delays of the relearning steps after a lapse, in seconds (default 10 m).
    pub relearning_steps_secs: Vec<u32>,
    /// The longest interval, in days.
    pub maximum_interval_days: u32,
    /// New cards introduced per study day.
    pub new_per_day: u32,
    /// Review cards shown per study day.
    pub reviews_per_day: u32,
    /// The local hour (0-23) at which a study day begins.
    pub rollover_hour: u8,
    /// Whether review intervals are fuzzed (off in tests that need exact intervals).
    pub fuzz: bool,
    /// FSRS-6's 21 parameters fitted to this student's log (`allydeck optimize --apply`);
    /// empty for FSRS-6's defaults.
    pub parameters: Vec<f32>,
    /// Lapses after which a card is a leech (Anki's default 8; 1 to 9999).
    pub leech_threshold: u32,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            desired_retention: 0.9,
            learning_steps_secs: vec![60, 600],
            relearning_steps_secs: vec![600],
            maximum_interval_days: 36_500,
            new_per_day: 20,
            reviews_per_day: 200,
            rollover_hour: 4,
            fuzz: true,
            parameters: Vec::new(),
            leech_threshold: super::card::LEECH_LAPSES,
        }
    }
}

/// The lowest desired retention accepted.
pub const MIN_RETENTION: f32 = 0.70;
/// The highest desired retention accepted.
pub const MAX_RETENTION: f32 = 0.99;

/// A setting outside its range.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ConfigError {
    /// Desired retention outside 0.70..=0.99.
    #[error("desired retention must be between 0.70 and 0.99, not {0}")]
    Retention(f32),
    /// Rollover hour outside 0..=23.
    #[error("the rollover hour must be between 0 and 23, not {0}")]
    RolloverHour(u8),
    /// Maximum interval outside 1..=36500 days.
    #[error("the maximum interval must be between 1 and 36500 days, not {0}")]
    MaximumInterval(u32),
    /// A step of zero seconds.
    #[error("learning and relearning steps must be longer than zero")]
    ZeroStep,
    /// Parameters FSRS-6 cannot use (not 21 finite numbers in its ranges).
    #[error("the FSRS parameters are not ones FSRS-6 can use: {0}")]
    Parameters(String),
    /// A leech threshold outside 1..=9999 lapses.
    #[error("the leech threshold must be between 1 and 9999 lapses, not {0}")]
    LeechThreshold(u32),
    /// A step text that cannot be read.
    #[error("cannot read the step {0:?}: write steps like \"1m 10m\", \"30s\", \"1h\" or \"1d\"")]
    StepSyntax(String),
}

impl Config {
    /// Checks every field's range.
    ///
    /// # Errors
    /// The first field found out of range.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if !(MIN_RETENTION..=MAX_RETENTION).contains(&self.desired_retention) {
            return Err(ConfigError::Retention(self.desired_retention));
        }
        if self.rollover_hour > 23 {
            return Err(ConfigError::RolloverHour(self.rollover_hour));
        }
        if !(1..=36_500).contains(&self.maximum_interval_days) {
            return Err(ConfigError::MaximumInterval(self.maximum_interval_days));
        }
        if self
            .learning_steps_secs
            .iter()
            .chain(&self.relearning_steps_secs)
            .any(|&s| s == 0)
        {
            return Err(ConfigError::ZeroStep);
        }
        if !(1..=9999).contains(&self.leech_threshold) {
            return Err(ConfigError::LeechThreshold(self.leech_threshold));
        }
        if !self.parameters.is_empty() {
            if self.parameters.len() != fsrs::DEFAULT_PARAMETERS.len() {
                return Err(ConfigError::Parameters(format!(
                    "{} numbers where FSRS-6 has {}",
                    self.parameters.len(),
                    fsrs::DEFAULT_PARAMETERS.len()
                )));
            }
            fsrs::FSRS::new(&self.parameters)
                .map_err(|e| ConfigError::Parameters(e.to_string()))?;
        }
        Ok(())
    }
}

/// Reads steps written as Anki writes them: `1m 10m`, `30s`, `1h`, `1d`, separated by spaces.
///
/// # Errors
/// A step that is not a positive whole number followed by `s`, `m`, `h` or `d`.
pub fn parse_steps(text: &str) -> Result<Vec<u32>, ConfigError> {
    text.split_whitespace()
        .map(|step| {
            let bad = || ConfigError::StepSyntax(step.to_owned());
            let unit_at = step.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
            let (number, unit) = step.split_at(unit_at);
            let number: u32 = number.parse().map_err(|_| bad())?;
            let scale = match unit {
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                "d" => 86_400,
                _ => return Err(bad()),
            };
            match number.checked_mul(scale) {
                Some(0) => Err(ConfigError::ZeroStep),
                Some(secs) => Ok(secs),
                None => Err(bad()),
            }
        })
        .collect()
}

/// Writes steps back in the form [`parse_steps`] reads, in the largest exact unit.
pub fn format_steps(steps: &[u32]) -> String {
    steps
        .iter()
        .map(|&s| match s {
            s if s % 86_400 == 0 => format!("{}d", s / 86_400),
            s if s % 3600 == 0 => format!("{}h", s / 3600),
            s if s % 60 == 0 => format!("{}m", s / 60),
            s => format!("{s}s"),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_round_trip_through_text() {
        assert_eq!(parse_steps("1m 10m"), Ok(vec![60, 600]));
        assert_eq!(parse_steps(" 30s  1h 1d "), Ok(vec![30, 3600, 86_400]));
        assert_eq!(parse_steps(""), Ok(vec![]));
        assert_eq!(
            format_steps(&[60, 600, 90, 7200, 86_400]),
            "1m 10m 90s 2h 1d"
        );
        assert!(matches!(parse_steps("10"), Err(ConfigError::StepSyntax(_))));
        assert!(matches!(parse_steps("m"), Err(ConfigError::StepSyntax(_))));
        assert!(matches!(parse_steps("5w"), Err(ConfigError::StepSyntax(_))));
        assert_eq!(parse_steps("0m"), Err(ConfigError::ZeroStep));
        assert!(parse_steps("99999999d").is_err());
    }

    #[test]
    fn validation_checks_each_range() {
        assert_eq!(Config::default().validate(), Ok(()));
        let config = |f: fn(&mut Config)| {
            let mut c = Config::default();
            f(&mut c);
            c.validate()
        };
        assert_eq!(
            config(|c| c.desired_retention = 0.5),
            Err(ConfigError::Retention(0.5))
        );
        assert_eq!(config(|c| c.desired_retention = 0.99), Ok(()));
        assert_eq!(
            config(|c| c.rollover_hour = 24),
            Err(ConfigError::RolloverHour(24))
        );
        assert_eq!(
            config(|c| c.maximum_interval_days = 0),
            Err(ConfigError::MaximumInterval(0))
        );
        assert_eq!(
            config(|c| c.learning_steps_secs = vec![0]),
            Err(ConfigError::ZeroStep)
        );
        assert_eq!(
            config(|c| c.leech_threshold = 0),
            Err(ConfigError::LeechThreshold(0))
        );
    }
}
