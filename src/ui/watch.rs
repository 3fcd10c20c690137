//! Watching the question folders, so that a teacher's saved edit shows at once.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

use notify::{RecursiveMode, Watcher as _};

/// Watches files and folders and wakes the window when one changes.
pub struct FolderWatcher {
    _watcher: notify::RecommendedWatcher,
    changes: Receiver<()>,
}

impl std::fmt::Debug for FolderWatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FolderWatcher").finish_non_exhaustive()
    }
}

impl FolderWatcher {
    /// Starts watching `paths` (those that exist), repainting `ctx` on every change.
    ///
    /// # Errors
    /// The platform's watcher cannot start.
    pub fn start(paths: &[PathBuf], ctx: egui::Context) -> notify::Result<Self> {
        let (sender, changes) = channel();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                let relevant = event.is_ok_and(|e| !matches!(e.kind, notify::EventKind::Access(_)));
                if relevant {
                    let _ = sender.send(());
                    ctx.request_repaint();
                }
            })?;
        for path in paths.iter().filter(|p| p.exists()) {
            if path.is_dir() {
                watcher.watch(path, RecursiveMode::Recursive)?;
            } else if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
                // A file is watched through its folder: editors that save by writing a new
                // file and renaming it over the old one would end a watch on the file itself.
                watcher.watch(folder, RecursiveMode::NonRecursive)?;
            }
        }
        Ok(Self {
            _watcher: watcher,
            changes,
        })
    }

    /// Whether anything changed since the last call.
    pub fn changed(&self) -> bool {
        let mut any = false;
        while self.changes.try_recv().is_ok() {
            any = true;
        }
        any
    }
}
