//! Routing of the Sets screen's and the editor's actions to the application layer
//! ([`crate::app::browse`], [`crate::app::editor`]).

use super::{App, Screen};
use crate::app::browse::{self, Column};
use crate::app::editor::{self, EditorError, SetFile, Target};
use crate::app::{At, seed_from};
use crate::bank::{Origin, SetId};
use crate::grade::Reading;
use crate::text::ShowPath as _;
use crate::ui::action::Action;
use crate::ui::card_info;
use crate::ui::editor::{Confirm, EditorScreen, Form};
use crate::ui::preview::Preview;
use crate::ui::sets::{Detail, SetsScreen};

impl App {
    /// The Sets screen over the questions loaded now, keeping the search, sort and choice of
    /// `old`.
    pub(super) fn sets_screen(&self, old: SetsScreen, at: At) -> Result<SetsScreen, String> {
        let collection = self
            .collection()
            .ok_or_else(|| "Your progress is not open.".to_owned())?;
        let counts = collection.answer_counts().map_err(|e| e.to_string())?;
        let bank = collection.bank();
        let rows = browse::rows(bank, &counts, &collection.flags());
        let (column, ascending) = old.sort;
        let order = browse::sorted(&rows, column, ascending);
        let shown = browse::matching(&rows, &order, &old.query);
        let selected_at = old
            .selected
            .as_ref()
            .and_then(|key| rows.iter().position(|r| &r.key == key));
        let selected = old.selected.filter(|_| selected_at.is_some());
        // A preview of a question that changed (saved in the editor, edited on disk) shows
        // it as it is now.
        let detail = match (old.detail, selected_at.map(|i| &rows[i])) {
            (Detail::Preview(preview), Some(row)) if preview.question != row.question => {
                Detail::Preview(Box::new(Preview::new(
                    row.question.clone(),
                    seed_from(at.now),
                )))
            }
            (detail, Some(_)) => detail,
            (_, None) => Detail::Nothing,
        };
        Ok(SetsScreen {
            rows,
            order,
            shown,
            selected,
            selected_at,
            detail,
            editable: browse::editable_sets(bank),
            ..old
        })
    }

    /// Applies an action of the Sets screen or the editor.
    pub(super) fn apply_teacher(&mut self, action: Action, at: At) -> Result<(), String> {
        match action {
            Action::OpenSets | Action::OpenSetsFor(_) => {
                let query = match action {
                    Action::OpenSetsFor(query) => query,
                    _ => String::new(),
                };
                let screen = self.sets_screen(
                    SetsScreen {
                        // Not in the search: E, N, P, H and the arrows work at once; Ctrl+F
                        // searches.
                        sort: (Column::Set, true),
                        query,
                        ..SetsScreen::default()
                    },
                    at,
                )?;
                self.screen = Screen::Sets(Box::new(screen));
            }
            Action::BrowseSearch | Action::BrowseSort(_) => {
                if let Screen::Sets(screen) = &mut self.screen {
                    if let Action::BrowseSort(column) = action {
                        screen.sort = match screen.sort {
                            (now, ascending) if now == column => (column, !ascending),
                            _ => (column, true),
                        };
                        let (column, ascending) = screen.sort;
                        screen.order = browse::sorted(&screen.rows, column, ascending);
                    }
                    screen.shown = browse::matching(&screen.rows, &screen.order, &screen.query);
                }
            }
            Action::BrowseSelect(key) => {
                if let Screen::Sets(screen) = &mut self.screen {
                    screen.select(key);
                    screen.detail = Detail::Nothing;
                }
                self.preview_selected(at);
            }
            Action::BrowsePreview => self.preview_selected(at),
            Action::BrowseHistory => self.history_of_selected()?,
            Action::PreviewCheck(_) | Action::PreviewReveal | Action::PreviewAgain => {
                self.apply_preview(&action, at);
            }
            Action::EditQuestion(key) => {
                self.open_editor(&key.set, Target::Existing(key.question))?;
            }
            Action::AddQuestion(set) => self.open_editor(&set, Target::New)?,
            Action::CopyShipped(_) | Action::NewSet(_) => self.make_set(action)?,
            _ => self.apply_editor(&action)?,
        }
        Ok(())
    }

    fn preview_selected(&mut self, at: At) {
        let Screen::Sets(screen) = &mut self.screen else {
            return;
        };
        if let Some(row) = screen.selected_row() {
            let preview = Preview::new(row.question.clone(), seed_from(at.now));
            screen.detail = Detail::Preview(Box::new(preview));
        }
    }

    fn history_of_selected(&mut self) -> Result<(), String> {
        let Some(key) = (match &self.screen {
            Screen::Sets(screen) => screen.selected.clone(),
            _ => None,
        }) else {
            return Ok(());
        };
        let collection = self
            .collection()
            .ok_or_else(|| "Your progress is not open.".to_owned())?;
        let lines = card_info::lines_of(collection.card_info(&key).map_err(|e| e.to_string())?);
        if let Screen::Sets(screen) = &mut self.screen {
            screen.detail = Detail::History(lines);
        }
        Ok(())
    }

    /// How the previewed question's set reads answers (its language).
    fn reading_of(&self, set: Option<&SetId>) -> Reading {
        self.collection()
            .and_then(|c| c.bank().set(set?))
            .map_or_else(Reading::default, |l| Reading::for_language(&l.set.language))
    }

    fn apply_preview(&mut self, action: &Action, at: At) {
        let set = match &self.screen {
            Screen::Sets(screen) => screen.selected.as_ref().map(|k| k.set.clone()),
            Screen::Editor(screen) => Some(screen.file.set.id.clone()),
            _ => None,
        };
        let reading = self.reading_of(set.as_ref());
        let preview = match &mut self.screen {
            Screen::Sets(screen) => match &mut screen.detail {
                Detail::Preview(preview) => Some(&mut **preview),
                _ => None,
            },
            Screen::Editor(screen) => screen.preview.as_mut(),
            _ => None,
        };
        let Some(preview) = preview else { return };
        match action {
            Action::PreviewCheck(response) => {
                if let Ok(verdict) =
                    crate::grade::grade_with(&preview.question.answer, response, reading)
                {
                    preview.checked = Some((Some(response.clone()), verdict));
                }
            }
            Action::PreviewReveal => preview.revealed = true,
            _ => *preview = Preview::new(preview.question.clone(), seed_from(at.now)),
        }
    }

    fn open_editor(&mut self, set: &SetId, target: Target) -> Result<(), String> {
        let collection = self
            .collection()
            .ok_or_else(|| "Your progress is not open.".to_owned())?;
        let loaded = collection
            .bank()
            .set(set)
            .ok_or_else(|| format!("There is no set {:?} any more.", set.as_str()))?;
        let Origin::File(path) = &loaded.origin else {
            return Err(
                "Shipped sets are read only: use \"Copy the set to my folder\" to edit a copy."
                    .to_owned(),
            );
        };
        let file = SetFile::open(path).map_err(|e| e.to_string())?;
        if let Target::Existing(id) = &target
            && file.position(id.as_str()).is_none()
        {
            return Err(format!(
                "{:?} is no longer in {}: the file changed; the list shows it as it is once reloaded.",
                id.as_str(),
                path.shown()
            ));
        }
        let title = loaded.set.title.clone();
        let back = match std::mem::replace(&mut self.screen, Screen::Home(Box::default())) {
            Screen::Sets(screen) => screen,
            _ => Box::default(),
        };
        self.screen = Screen::Editor(Box::new(EditorScreen::new(file, title, target, back)));
        Ok(())
    }

    fn make_set(&mut self, action: Action) -> Result<(), String> {
        let collection = self
            .collection()
            .ok_or_else(|| "Your progress is not open.".to_owned())?;
        let folder = self.config.dirs.questions();
        let (id, notice) = match action {
            Action::CopyShipped(set) => {
                let (file, id) = editor::copy_shipped(&set, &folder, collection.bank())
                    .map_err(|e| format!("Nothing was copied: {e:#}"))?;
                // The question chosen is chosen in the copy, once it is loaded: E edits it.
                if let Screen::Sets(screen) = &mut self.screen
                    && let Some(key) = screen.selected.take()
                {
                    screen.selected = Some(crate::bank::CardKey::new(id.clone(), key.question));
                    screen.selected_at = None;
                    screen.detail = Detail::Nothing;
                }
                let notice = format!(
                    "Copied {} to {} as the set {:?}, which you can edit. Your progress on the \
                     shipped set stays with it; the copy's questions start new.",
                    set.as_str(),
                    file.shown(),
                    id.as_str()
                );
                (id, notice)
            }
            Action::NewSet(title) => {
                let (file, id) = editor::new_set(&folder, &title, collection.bank())
                    .map_err(|e| format!("No set was made: {e:#}"))?;
                let notice = format!(
                    "Made the set {:?} in {} from the template: edit or delete its example \
                     questions, and add your own.",
                    id.as_str(),
                    file.shown()
                );
                (id, notice)
            }
            _ => return Ok(()),
        };
        self.info = Some(notice);
        if let Screen::Sets(screen) = &mut self.screen {
            screen.add_to = Some(id);
            screen.new_title.clear();
        }
        self.reload_now();
        Ok(())
    }

    fn apply_editor(&mut self, action: &Action) -> Result<(), String> {
        let Screen::Editor(screen) = &mut self.screen else {
            return Ok(());
        };
        match action {
            Action::EditorAsk(confirm) => screen.confirm = Some(*confirm),
            Action::EditorStay => screen.confirm = None,
            Action::EditorSave => {
                screen.confirm = None;
                save(screen)?;
                self.reload_now();
            }
            Action::EditorSaveOverChange => {
                screen.confirm = None;
                screen.file.reread().map_err(|e| e.to_string())?;
                if let Target::Existing(id) = &screen.target
                    && screen.file.position(id.as_str()).is_none()
                {
                    // The other change removed it: it is added again, under its id if free.
                    screen.target = Target::New;
                }
                // What the teacher did not change is taken as it is on disk now.
                let (mine, was) = (screen.form.clone(), screen.saved.clone());
                screen.take_base_from_file();
                let now = screen.base.as_ref().map(Form::of);
                screen.form = now
                    .as_ref()
                    .map_or_else(|| mine.clone(), |now| mine.onto(&was, now));
                screen.saved = now.unwrap_or(was);
                save(screen)?;
                self.reload_now();
            }
            Action::EditorReread => {
                screen.confirm = None;
                screen.file.reread().map_err(|e| e.to_string())?;
                let form = match &screen.target {
                    Target::Existing(id) => screen
                        .file
                        .position(id.as_str())
                        .map(|i| Form::of(&screen.file.set.questions[i].fields())),
                    Target::New => None,
                };
                if form.is_none() {
                    screen.target = Target::New;
                }
                screen.take_base_from_file();
                screen.form = form.unwrap_or_default();
                screen.saved = screen.form.clone();
            }
            Action::EditorDelete => {
                screen.confirm = None;
                let Target::Existing(id) = screen.target.clone() else {
                    return Ok(());
                };
                match screen.file.delete(&id) {
                    Err(EditorError::Changed(path)) => {
                        screen.file.reread().map_err(|e| e.to_string())?;
                        return Err(format!(
                            "{} changed on disk since it was opened, so nothing was deleted; it \
                             was read again: delete once more if you still mean to.",
                            path.shown()
                        ));
                    }
                    Err(e) => return Err(e.to_string()),
                    Ok(()) => {}
                }
                let notice = format!(
                    "Deleted {:?} from {}.",
                    id.as_str(),
                    screen.file.path.shown()
                );
                self.info = Some(notice);
                self.leave_editor()?;
                self.reload_now();
            }
            Action::EditorLeave => self.leave_editor()?,
            Action::EditorSaveAndLeave { quit } => {
                screen.confirm = None;
                save(screen)?;
                // A file changed on disk asks first; the question stays open for that.
                if screen.confirm.is_none() && !screen.has_changes() {
                    self.reload_now();
                    if *quit {
                        self.quitting = true;
                    } else {
                        self.leave_editor()?;
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn leave_editor(&mut self) -> Result<(), String> {
        let back = match std::mem::replace(&mut self.screen, Screen::Home(Box::default())) {
            Screen::Editor(editor) => *editor.back,
            other => {
                self.screen = other;
                return Ok(());
            }
        };
        let screen = self.sets_screen(back, self.config.clock.at())?;
        self.screen = Screen::Sets(Box::new(screen));
        Ok(())
    }

    /// The editor's per-frame check of its form (the notes of `check`, the tried answer, the
    /// preview): work only on a frame whose form changed.
    /// Returns whether the next frame has something new to show.
    pub(super) fn refresh_editor(&mut self, at: At) -> bool {
        let set = match &self.screen {
            Screen::Editor(screen) => screen.file.set.id.clone(),
            _ => return false,
        };
        let reading = self.reading_of(Some(&set));
        match &mut self.screen {
            Screen::Editor(screen) => screen.refresh(reading, seed_from(at.now)),
            _ => false,
        }
    }
}

/// Saves the editor's question; a file changed on disk opens the question of what to do.
fn save(screen: &mut EditorScreen) -> Result<(), String> {
    if !screen.has_changes() {
        // Ctrl+S on a question as saved writes nothing.
        return Ok(());
    }
    let fields = screen.fields_as(&screen.id())?;
    match screen.file.save(&screen.target, &fields) {
        Ok(id) => {
            screen.saved_as(id);
            Ok(())
        }
        Err(EditorError::Changed(_)) => {
            screen.confirm = Some(Confirm::Changed);
            Ok(())
        }
        Err(e) => Err(format!("Not saved: {e}")),
    }
}
