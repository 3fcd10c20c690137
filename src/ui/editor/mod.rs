//! The question editor: a form per kind, checked as the teacher types with the messages of
//! `allydeck check`, saved into the question's own place in its file
//! ([`crate::app::editor`]). The view changes only the form; saving, deleting and reading the
//! file again are actions routed in `ui/app/teacher.rs`.

mod form;

use std::sync::Arc;

use egui::{Key, Modifiers, RichText, Ui};

pub use form::Form;

use super::action::Action;
use super::preview::{self, Preview};
use super::sets::SetsScreen;
use super::theme;
use crate::app::editor::{Note, SetFile, Target};
use crate::bank::{Kind, Question, QuestionId, Severity};
use crate::grade::{Reading, Response, Verdict};
use crate::text::ShowPath as _;

/// A question asked about in a dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirm {
    /// Delete the question from its file?
    Delete,
    /// The file changed on disk since it was opened: what now?
    Changed,
    /// Leave with changes not saved?
    Leave,
    /// Close the window with changes not saved?
    Close,
}

/// The editor, open on one question of one file.
pub struct EditorScreen {
    /// The file, as read or last saved.
    pub file: SetFile,
    /// The set's title, for the heading.
    pub set_title: String,
    /// The question being edited, by the id it has in the file, or a new one.
    pub target: Target,
    /// The form.
    pub form: Form,
    /// The form as last saved (or opened): a different form has changes to save.
    pub saved: Form,
    /// The question as it is in the file, for an existing one: what the form's untouched
    /// fields keep.
    pub base: Option<crate::bank::QuestionFields>,
    /// What `check` says about the form, and the form it was said of.
    pub notes: Vec<Note>,
    checked: Option<Form>,
    /// `Typed`: an answer to try against the accepted answers, and what the grader says.
    pub try_text: String,
    /// The grader's verdict on `try_text`, and the accepted answer it matched.
    pub tried: Option<(Verdict, Option<String>)>,
    tried_for: Option<(String, Form)>,
    /// The question tried as a student sees it, rebuilt when the form changes.
    pub preview: Option<Preview>,
    /// The dialog open, if any.
    pub confirm: Option<Confirm>,
    /// What the last save or delete did, to show.
    pub message: Option<String>,
    /// The Sets screen to go back to, as it was left.
    pub back: Box<SetsScreen>,
    /// `Order`: the item field to give the keyboard to (an item moved with Alt+Up or Down).
    pub order_focus: Option<usize>,
}

impl EditorScreen {
    /// The editor on `target` of `file`.
    pub fn new(file: SetFile, set_title: String, target: Target, back: Box<SetsScreen>) -> Self {
        let base = match &target {
            Target::Existing(id) => file
                .position(id.as_str())
                .map(|i| file.set.questions[i].fields()),
            Target::New => None,
        };
        let form = base.as_ref().map(Form::of).unwrap_or_default();
        Self {
            base,
            file,
            set_title,
            target,
            saved: form.clone(),
            form,
            notes: Vec::new(),
            checked: None,
            try_text: String::new(),
            tried: None,
            tried_for: None,
            preview: None,
            confirm: None,
            message: None,
            back,
            order_focus: None,
        }
    }

    /// The id the question has, or would get if saved now.
    pub fn id(&self) -> QuestionId {
        match &self.target {
            Target::Existing(id) => id.clone(),
            Target::New => self
                .form
                .fields(&QuestionId::new(""))
                .map_or_else(|_| QuestionId::new(""), |fields| self.file.new_id(&fields)),
        }
    }

    /// The question the form describes, under `id`; untouched fields as in the file.
    pub fn fields_as(&self, id: &QuestionId) -> Result<crate::bank::QuestionFields, String> {
        self.form.fields_over(self.base.as_ref(), id)
    }

    /// The question as it is in the file now, read again (after a save or a reread).
    pub fn take_base_from_file(&mut self) {
        self.base = match &self.target {
            Target::Existing(id) => self
                .file
                .position(id.as_str())
                .map(|i| self.file.set.questions[i].fields()),
            Target::New => None,
        };
    }

    /// Whether the form differs from the question as saved.
    pub fn has_changes(&self) -> bool {
        self.form != self.saved
    }

    /// Checks the form again if it changed since it was last checked: the notes of `check`,
    /// the tried answer's verdict and the preview. Called once a frame by `ui/app`; costs
    /// nothing on a frame where the form is as it was. Returns whether anything changed, so
    /// that the next frame shows it.
    pub fn refresh(&mut self, reading: Reading, seed: u64) -> bool {
        let mut changed = false;
        if self.checked.as_ref() != Some(&self.form) {
            changed = true;
            let id = self.id();
            self.notes = match self.fields_as(&id) {
                Ok(fields) => {
                    let question = Arc::new(Question::new(fields.clone()));
                    self.preview = Some(Preview::new(question, seed));
                    self.file.check(&self.target, &fields)
                }
                Err(why) => {
                    self.preview = None;
                    vec![Note {
                        severity: Severity::Error,
                        message: why,
                    }]
                }
            };
            self.checked = Some(self.form.clone());
        }
        // Compared in place: nothing is cloned on a frame where nothing changed.
        let stale = self
            .tried_for
            .as_ref()
            .is_none_or(|(text, form)| *text != self.try_text || *form != self.form);
        if stale {
            let tried_for = (self.try_text.clone(), self.form.clone());
            changed = true;
            self.tried = (self.form.kind == Kind::Typed && !self.try_text.trim().is_empty())
                .then(|| self.form.answer().ok())
                .flatten()
                .and_then(|answer| {
                    let response = Response::Typed(self.try_text.clone());
                    let verdict = crate::grade::grade_with(&answer, &response, reading).ok()?;
                    let matched = crate::grade::matched_answers(&answer, &response, reading)
                        .into_iter()
                        .next()
                        .flatten();
                    Some((verdict, matched))
                });
            self.tried_for = Some(tried_for);
        }
        changed
    }

    /// Whether the form has an error, which keeps it from being saved.
    pub fn has_errors(&self) -> bool {
        self.notes.iter().any(|n| n.severity == Severity::Error)
    }

    /// Takes in a successful save of the question now saved under `id`.
    pub fn saved_as(&mut self, id: QuestionId) {
        self.message = Some(format!(
            "Saved {:?}: Study and quizzes ask it as it is now.",
            id.as_str()
        ));
        self.target = Target::Existing(id);
        self.take_base_from_file();
        self.form = self.base.as_ref().map(Form::of).unwrap_or_default();
        self.saved = self.form.clone();
        self.checked = None;
    }
}

/// What Esc does in the editor: close a dialog, or leave (asking first if there are changes).
pub fn escape(screen: &EditorScreen) -> Action {
    match screen.confirm {
        Some(_) => Action::EditorStay,
        None if screen.has_changes() => Action::EditorAsk(Confirm::Leave),
        None => Action::EditorLeave,
    }
}

/// The editor: heading and buttons, the form with `check`'s notes, and the preview.
pub fn editor_ui(ui: &mut Ui, screen: &mut EditorScreen, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("⬅ Back to the sets")
            .on_hover_text("Esc")
            .clicked()
        {
            actions.push(escape(screen));
        }
        let what = match &screen.target {
            Target::Existing(id) => format!("Question {:?}", id.as_str()),
            Target::New => "New question".to_owned(),
        };
        ui.label(RichText::new(what).strong());
        ui.label(theme::quiet(
            ui,
            format!("in {} · {}", screen.set_title, screen.file.path.shown()),
        ));
    });
    buttons_ui(ui, screen, actions);
    ui.separator();
    // Ctrl+S saves while a field has the keyboard too, as in any editor.
    if ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::S)) {
        actions.push(Action::EditorSave);
    }
    egui::ScrollArea::vertical()
        .id_salt("editor")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if ui.available_width() >= 1100.0 {
                ui.columns(2, |columns| {
                    // Columns stretch their widgets; buttons here keep their own width.
                    let left = egui::Layout::top_down(egui::Align::Min);
                    columns[0].with_layout(left, |ui| form_column(ui, screen));
                    columns[1].with_layout(left, |ui| preview_column(ui, screen, actions));
                });
            } else {
                form_column(ui, screen);
                ui.separator();
                preview_column(ui, screen, actions);
            }
        });
    confirm_ui(ui, screen, actions);
}

/// Save, Undo my changes and Delete, always in view, and what the last save did.
fn buttons_ui(ui: &mut Ui, screen: &mut EditorScreen, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        let can_save = screen.has_changes() && !screen.has_errors();
        let save = ui.add_enabled(can_save, egui::Button::new(RichText::new("Save").strong()));
        let hint = if screen.has_errors() {
            "Fix the errors shown under the form to save: a question with an error is left out \
             of the set"
        } else if screen.has_changes() {
            "Ctrl+S: write this question into its file; nothing else in the file changes"
        } else {
            "No changes to save"
        };
        if save
            .on_hover_text(hint)
            .on_disabled_hover_text(hint)
            .clicked()
        {
            actions.push(Action::EditorSave);
        }
        if ui
            .add_enabled(screen.has_changes(), egui::Button::new("Undo my changes"))
            .clicked()
        {
            screen.form = screen.saved.clone();
        }
        if matches!(screen.target, Target::Existing(_))
            && ui.button("Delete the question…").clicked()
        {
            actions.push(Action::EditorAsk(Confirm::Delete));
        }
        let dark = ui.visuals().dark_mode;
        let errors = screen
            .notes
            .iter()
            .filter(|n| n.severity == Severity::Error)
            .count();
        if errors > 0 {
            let text = format!(
                "✖ {errors} error{}: see below",
                if errors == 1 { "" } else { "s" }
            );
            ui.label(RichText::new(text).color(theme::wrong(dark)));
        } else if let Some(message) = &screen.message
            && !screen.has_changes()
        {
            ui.label(RichText::new(format!("✔ {message}")).color(theme::right(dark)));
        } else if screen.has_changes() {
            ui.label(theme::quiet(ui, "Not saved yet."));
        }
    });
}

fn form_column(ui: &mut Ui, screen: &mut EditorScreen) {
    fields::question_ui(ui, screen);
    ui.add_space(8.0);
    notes_ui(ui, &screen.notes);
}

fn preview_column(ui: &mut Ui, screen: &mut EditorScreen, actions: &mut Vec<Action>) {
    ui.label(RichText::new("Try it").strong());
    match &mut screen.preview {
        Some(preview) => preview::preview_ui(ui, preview, actions),
        None => {
            ui.label(theme::quiet(ui, "Fix the form to try the question."));
        }
    }
}

/// `check`'s errors and warnings about the form, as it would print them.
fn notes_ui(ui: &mut Ui, notes: &[Note]) {
    let dark = ui.visuals().dark_mode;
    if notes.is_empty() {
        ui.label(
            RichText::new("✔ No problems: `allydeck check` finds none.").color(theme::right(dark)),
        );
    }
    for note in notes {
        let (word, color) = match note.severity {
            Severity::Error => ("error", theme::wrong(dark)),
            Severity::Warning => ("warning", ui.visuals().warn_fg_color),
        };
        ui.add(
            egui::Label::new(RichText::new(format!("{word}: {}", note.message)).color(color))
                .wrap(),
        );
    }
}

fn confirm_ui(ui: &mut Ui, screen: &EditorScreen, actions: &mut Vec<Action>) {
    let Some(confirm) = screen.confirm else {
        return;
    };
    let (title, text) = match confirm {
        Confirm::Delete => (
            "Delete the question?",
            "It is taken out of its file; the rest of the file stays as it is. Answers already \
             given to it stay in the log, but it is no longer asked."
                .to_owned(),
        ),
        Confirm::Changed => (
            "The file changed on disk",
            format!(
                "{} was changed by something else since you opened it (another editor?). \
                 Nothing was written.",
                screen.file.path.shown()
            ),
        ),
        Confirm::Leave => (
            "Leave without saving?",
            "Your changes to this question are not saved.".to_owned(),
        ),
        Confirm::Close => (
            "Quit without saving?",
            "Your changes to this question are not saved.".to_owned(),
        ),
    };
    egui::Window::new(title)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ui.ctx(), |ui| {
            ui.add(egui::Label::new(text).wrap());
            ui.add_space(8.0);
            ui.horizontal_wrapped(|ui| match confirm {
                Confirm::Delete => {
                    if ui.button("Delete it").clicked() {
                        actions.push(Action::EditorDelete);
                    }
                    if ui.button("Keep it").clicked() {
                        actions.push(Action::EditorStay);
                    }
                }
                Confirm::Changed => {
                    if ui
                        .button("Save my question into the file as it is now")
                        .on_hover_text(
                            "The other changes are kept, in this question too, except where \
                             you changed the same thing",
                        )
                        .clicked()
                    {
                        actions.push(Action::EditorSaveOverChange);
                    }
                    if ui
                        .button("Discard my changes and read the file again")
                        .clicked()
                    {
                        actions.push(Action::EditorReread);
                    }
                    if ui.button("Keep editing").clicked() {
                        actions.push(Action::EditorStay);
                    }
                }
                Confirm::Leave | Confirm::Close => {
                    let close = confirm == Confirm::Close;
                    let save = ui.add_enabled(
                        !screen.has_errors(),
                        egui::Button::new(if close {
                            "Save and quit"
                        } else {
                            "Save and leave"
                        }),
                    );
                    if save
                        .on_disabled_hover_text("The question has errors: it cannot be saved")
                        .clicked()
                    {
                        actions.push(Action::EditorSaveAndLeave { quit: close });
                    }
                    let discard = if close {
                        "Quit without saving"
                    } else {
                        "Discard my changes"
                    };
                    if ui.button(discard).clicked() {
                        actions.push(if close {
                            Action::Quit
                        } else {
                            Action::EditorLeave
                        });
                    }
                    if ui.button("Keep editing").clicked() {
                        actions.push(Action::EditorStay);
                    }
                }
            });
        });
}

mod fields;
