//! Where allydeck keeps its data: the progress databases and the user's question folder.
//!
//! The data directory is, in order of precedence, the `--data-dir` flag, the `ALLYDECK_HOME`
//! environment variable, or the platform's data directory (on Linux
//! `$XDG_DATA_HOME/allydeck`, usually `~/.local/share/allydeck`). The caller passes the flag
//! and the variable in, so that nothing here reads the environment behind a test's back.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The environment variable that overrides the data directory.
pub const HOME_VAR: &str = "ALLYDECK_HOME";

/// The data directory could not be determined.
#[derive(Debug, thiserror::Error)]
#[error(
    "cannot find a data directory: there is no home directory; pass --data-dir DIR or set {HOME_VAR}"
)]
pub struct NoDataDir;

/// The folders allydeck uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataDirs {
    root: PathBuf,
}

impl DataDirs {
    /// The data directory from the `--data-dir` flag, else `ALLYDECK_HOME`, else the
    /// platform's data directory.
    ///
    /// # Errors
    /// Neither override is given and the platform has no home directory.
    pub fn resolve(flag: Option<&Path>, home_var: Option<OsString>) -> Result<Self, NoDataDir> {
        let root = match (flag, home_var.filter(|v| !v.is_empty())) {
            (Some(dir), _) => dir.to_owned(),
            (None, Some(var)) => PathBuf::from(var),
            (None, None) => directories::ProjectDirs::from("org", "allydeck", "allydeck")
                .ok_or(NoDataDir)?
                .data_dir()
                .to_owned(),
        };
        Ok(Self { root })
    }

    /// The data directory itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folder where a teacher drops `.ron` question sets for the app to load.
    pub fn questions(&self) -> PathBuf {
        self.root.join("questions")
    }

    /// The folder of one profile: its database and its backups.
    pub fn profile(&self, profile: &Profile) -> PathBuf {
        self.root.join("profiles").join(profile.as_str())
    }

    /// The progress database of a profile.
    pub fn database(&self, profile: &Profile) -> PathBuf {
        self.profile(profile).join("progress.sqlite3")
    }

    /// The daily backups of a profile's database.
    pub fn backups(&self, profile: &Profile) -> PathBuf {
        self.profile(profile).join("backups")
    }

    /// The window's state of a profile: theme, text size, window size and place. Each data
    /// directory and profile has its own, so two students sharing a computer keep theirs.
    pub fn window_state(&self, profile: &Profile) -> PathBuf {
        self.profile(profile).join("window.ron")
    }
}

/// A profile's name: one progress database of several, for a shared classroom computer.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Profile(String);

/// The profile used when none is named.
pub const DEFAULT_PROFILE: &str = "default";

/// A profile name that cannot be a folder name on every system.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "profile name {0:?} is not valid: use 1 to 64 letters, digits, '-' or '_', not a name Windows keeps for a device (CON, NUL, COM1, ...); for example \"anna\" or \"class-4b\""
)]
pub struct BadProfile(pub String);

impl Profile {
    /// The profile's name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Profile {
    fn default() -> Self {
        Self(DEFAULT_PROFILE.to_owned())
    }
}

impl std::str::FromStr for Profile {
    type Err = BadProfile;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        let valid = (1..=64).contains(&name.len())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && !is_reserved_on_windows(name);
        if valid {
            Ok(Self(name.to_owned()))
        } else {
            Err(BadProfile(name.to_owned()))
        }
    }
}

/// Whether Windows reserves `name` for a device (`CON`, `NUL`, `COM1`, ...), in any case: a
/// folder of that name cannot be made there, so a profile copied to Windows would break.
fn is_reserved_on_windows(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ["COM", "LPT"].iter().any(|prefix| {
            upper
                .strip_prefix(prefix)
                .is_some_and(|n| n.len() == 1 && n.as_bytes()[0].is_ascii_digit() && n != "0")
        })
}

impl std::fmt::Display for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_names_are_safe_folder_names() {
        for good in [
            "default", "anna", "class-4b", "Room_12", "com0", "console", "lpt10",
        ] {
            assert!(good.parse::<Profile>().is_ok(), "{good}");
        }
        for bad in [
            "",
            "../x",
            "a/b",
            "anna maria",
            ".hidden",
            &"x".repeat(65),
            "CON",
            "nul",
            "Com1",
            "LPT9",
        ] {
            assert!(bad.parse::<Profile>().is_err(), "{bad}");
        }
    }

    #[test]
    fn the_flag_wins_over_the_variable_which_wins_over_the_platform() {
        let flag = Path::new("/from/flag");
        let var = Some(OsString::from("/from/var"));
        let dirs = DataDirs::resolve(Some(flag), var.clone()).unwrap();
        assert_eq!(dirs.root(), flag);
        let dirs = DataDirs::resolve(None, var).unwrap();
        assert_eq!(dirs.root(), Path::new("/from/var"));
        assert_eq!(dirs.questions(), Path::new("/from/var/questions"));
        let anna: Profile = "anna".parse().unwrap();
        assert_eq!(
            dirs.database(&anna),
            Path::new("/from/var/profiles/anna/progress.sqlite3")
        );
        assert_eq!(
            dirs.backups(&anna),
            Path::new("/from/var/profiles/anna/backups")
        );
        assert_eq!(
            dirs.window_state(&anna),
            Path::new("/from/var/profiles/anna/window.ron")
        );
        // An empty variable is the same as none.
        if let Ok(dirs) = DataDirs::resolve(None, Some(OsString::new())) {
            assert_ne!(dirs.root(), Path::new(""));
        }
    }
}
