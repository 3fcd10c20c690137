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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_wins_over_the_variable_which_wins_over_the_platform() {
        let flag = Path::new("/from/flag");
        let var = Some(OsString::from("/from/var"));
        let dirs = DataDirs::resolve(Some(flag), var.clone()).unwrap();
        assert_eq!(dirs.root(), flag);
        let dirs = DataDirs::resolve(None, var).unwrap();
        assert_eq!(dirs.root(), Path::new("/from/var"));
        assert_eq!(dirs.questions(), Path::new("/from/var/questions"));
        // An empty variable is the same as none.
        if let Ok(dirs) = DataDirs::resolve(None, Some(OsString::new())) {
            assert_ne!(dirs.root(), Path::new(""));
        }
    }
}
