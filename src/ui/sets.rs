//! The Sets screen: every question of every set with its right answer in words and how this
//! profile has done on it, searched and sorted ([`crate::app::browse`]); for the question
//! chosen, a preview and its card history; and the way into the editor.

use egui::{Align, Key, Layout, RichText, Ui, vec2};

use super::action::Action;
use super::card_info::{self, HistoryLine};
use super::keys;
use super::preview::{self, Preview};
use super::theme;
use crate::app::browse::{Column, Flags, Row};
use crate::bank::{CardKey, SetId};
use crate::schedule::Hold;

/// What is shown under the table for the question chosen.
#[derive(Clone, Debug, Default)]
pub enum Detail {
    /// Nothing chosen.
    #[default]
    Nothing,
    /// The question tried as a student sees it.
    Preview(Box<Preview>),
    /// Its reviews.
    History(Vec<HistoryLine>),
}

/// The Sets screen.
#[derive(Debug, Default)]
pub struct SetsScreen {
    /// Every question, as [`crate::app::browse::rows`] made them.
    pub rows: Vec<Row>,
    /// Every position in `rows`, in the order sorted by.
    pub order: Vec<usize>,
    /// The positions in `rows` shown (those the search finds), in order.
    pub shown: Vec<usize>,
    /// The search.
    pub query: String,
    /// The column sorted by, and whether ascending.
    pub sort: (Column, bool),
    /// The question chosen.
    pub selected: Option<CardKey>,
    /// Where it is in `rows`, to find it without a search on every frame.
    pub selected_at: Option<usize>,
    /// What is shown about it.
    pub detail: Detail,
    /// The title of a set to make.
    pub new_title: String,
    /// The sets a question can be added to (in the teacher's folders), and the one chosen.
    pub editable: Vec<(SetId, String)>,
    /// The set "Add a question" adds to.
    pub add_to: Option<SetId>,
    /// Whether the search field should take the keyboard.
    pub focus_search: bool,
    /// Whether the search field has the keyboard (Up and Down still choose a question).
    pub searching: bool,
    /// Why the last key did nothing, until the next one.
    pub hint: Option<&'static str>,
    /// The question last scrolled into view, and the table's scroll offset and height then.
    pub revealed: Option<CardKey>,
    pub viewport: (f32, f32),
}

impl SetsScreen {
    /// The chosen question's row.
    pub fn selected_row(&self) -> Option<&Row> {
        let key = self.selected.as_ref()?;
        self.selected_at
            .and_then(|i| self.rows.get(i))
            .filter(|row| &row.key == key)
            .or_else(|| self.rows.iter().find(|r| &r.key == key))
    }

    /// Chooses the question `key`.
    pub fn select(&mut self, key: CardKey) {
        self.selected_at = self.rows.iter().position(|r| r.key == key);
        self.selected = Some(key);
    }
}

/// `text` cut to `chars` characters with an ellipsis, for a narrow place.
fn cut(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// Column widths for the table's width: the texts share what the fixed columns leave.
fn widths(total: f32) -> [f32; 9] {
    let fixed = 80.0 + 44.0 + 72.0 + 52.0;
    let rest = (total - fixed - 9.0 * 8.0).max(300.0);
    [
        rest * 0.15,
        rest * 0.14,
        80.0,
        rest * 0.31,
        rest * 0.25,
        rest * 0.15,
        44.0,
        72.0,
        52.0,
    ]
}

fn cell(ui: &mut Ui, width: f32, height: f32, add: impl FnOnce(&mut Ui)) {
    ui.allocate_ui_with_layout(
        vec2(width, height),
        Layout::left_to_right(Align::Center),
        |ui| {
            ui.set_width(width);
            ui.set_max_width(width);
            add(ui);
        },
    );
}

/// The screen: search, new set and new question, the table, and the chosen question.
pub fn sets_ui(ui: &mut Ui, screen: &mut SetsScreen, actions: &mut Vec<Action>) {
    top_ui(ui, screen, actions);
    ui.separator();
    let table_height = if screen.selected.is_some() {
        (ui.available_height() * 0.5).max(160.0)
    } else {
        ui.available_height()
    };
    ui.allocate_ui(vec2(ui.available_width(), table_height), |ui| {
        table_ui(ui, screen, actions);
    });
    if screen.selected.is_some() {
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("sets-detail")
            .auto_shrink([false, false])
            .show(ui, |ui| detail_ui(ui, screen, actions));
    }
    keys_ui(ui, screen, actions);
}

fn top_ui(ui: &mut Ui, screen: &mut SetsScreen, actions: &mut Vec<Action>) {
    if let Some(hint) = screen.hint {
        ui.label(RichText::new(hint).color(theme::warning(ui.visuals().dark_mode)));
    }
    ui.horizontal_wrapped(|ui| {
        if ui.button("⬅ Home").on_hover_text("Esc").clicked() {
            actions.push(Action::GoHome);
        }
        let label = ui.label("Search");
        let search = ui
            .add(
                egui::TextEdit::singleline(&mut screen.query)
                    .hint_text("words, tag:x, set:x, is:leech")
                    .desired_width(280.0),
            )
            .labelled_by(label.id)
            .on_hover_text(
                "Ctrl+F. Every word must be found; tag:x and set:x narrow the list, and \
                 is:suspended, is:buried and is:leech. Enter goes to the list",
            );
        if screen.focus_search {
            search.request_focus();
            screen.focus_search = false;
        }
        if search.changed() {
            actions.push(Action::BrowseSearch);
        }
        screen.searching = search.has_focus();
        // Enter leaves the search for the list: the first question found is chosen, and
        // E, P and H act on it.
        if search.lost_focus()
            && ui.input(|i| i.key_pressed(Key::Enter))
            && screen.selected.is_none()
            && let Some(&first) = screen.shown.first()
        {
            actions.push(Action::BrowseSelect(screen.rows[first].key.clone()));
        }
        ui.label(theme::quiet(
            ui,
            format!("{} of {} questions", screen.shown.len(), screen.rows.len()),
        ));
    });
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("New set titled");
        ui.add(egui::TextEdit::singleline(&mut screen.new_title).desired_width(220.0))
            .labelled_by(label.id);
        let make = ui.add_enabled(
            !screen.new_title.trim().is_empty(),
            egui::Button::new("Make the set"),
        );
        if make
            .on_hover_text(
                "A new file in your question folder, from the same template as `allydeck new-set`",
            )
            .clicked()
        {
            actions.push(Action::NewSet(screen.new_title.trim().to_owned()));
        }
        ui.separator();
        if screen.editable.is_empty() {
            ui.label(theme::quiet(
                ui,
                "Make a set, or copy a shipped one, to add questions.",
            ));
            return;
        }
        let label = ui.label("Add a question to");
        let chosen = screen
            .add_to
            .clone()
            .filter(|id| screen.editable.iter().any(|(e, _)| e == id))
            .unwrap_or_else(|| screen.editable[0].0.clone());
        let title = |id: &SetId| {
            screen
                .editable
                .iter()
                .find(|(e, _)| e == id)
                .map_or(id.as_str().to_owned(), |(_, t)| t.clone())
        };
        let mut picked = chosen.clone();
        egui::ComboBox::from_id_salt("add-to")
            .selected_text(cut(&title(&chosen), 40))
            .show_ui(ui, |ui| {
                for (id, set_title) in &screen.editable {
                    ui.selectable_value(&mut picked, id.clone(), set_title);
                }
            })
            .response
            .labelled_by(label.id);
        screen.add_to = Some(picked.clone());
        if ui.button("Add a question").on_hover_text("N").clicked() {
            actions.push(Action::AddQuestion(picked));
        }
    });
}

fn table_ui(ui: &mut Ui, screen: &mut SetsScreen, actions: &mut Vec<Action>) {
    let widths = widths(ui.available_width());
    let height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    ui.horizontal(|ui| {
        for (column, &width) in Column::ALL.iter().zip(&widths) {
            cell(ui, width, height, |ui| {
                let (sorted, ascending) = screen.sort;
                let arrow = match (sorted == *column, ascending) {
                    (true, true) => " ⏶",
                    (true, false) => " ⏷",
                    _ => "",
                };
                let button = egui::Button::new(
                    RichText::new(format!("{}{arrow}", column.heading())).strong(),
                )
                .frame(false)
                .truncate();
                if ui
                    .add(button)
                    .on_hover_text(format!("Sort by {}", column.heading().to_lowercase()))
                    .clicked()
                {
                    actions.push(Action::BrowseSort(*column));
                }
            });
        }
    });
    let mut area = egui::ScrollArea::both()
        .id_salt("sets-table")
        .auto_shrink([false, false]);
    // A question chosen with the keys is scrolled into view, once.
    if screen.revealed != screen.selected
        && let Some(at) = screen.selected.as_ref().and_then(|key| {
            screen
                .shown
                .iter()
                .position(|&i| &screen.rows[i].key == key)
        })
    {
        #[allow(clippy::cast_precision_loss)] // A row's place, in points.
        let top = at as f32 * (height + ui.spacing().item_spacing.y);
        let (offset, view) = screen.viewport;
        if top < offset || top + height > offset + view {
            area = area.vertical_scroll_offset((top - view / 2.0).max(0.0));
        }
        screen.revealed.clone_from(&screen.selected);
    }
    let shown = &*screen;
    let output = area.show_rows(ui, height, shown.shown.len(), |ui, range| {
        for &i in &shown.shown[range] {
            let row = &shown.rows[i];
            let cells = ui.horizontal(|ui| row_ui(ui, row, &widths, height, shown, actions));
            // A click anywhere on the row chooses it, not only on its id.
            let whole = ui.interact(
                cells.response.rect,
                ui.scope_id().with(("row", i)),
                egui::Sense::click(),
            );
            let key = row.key.to_string();
            whole.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Row, true, format!("Question {key}"))
            });
            if whole.clicked() {
                actions.push(Action::BrowseSelect(row.key.clone()));
            }
        }
    });
    screen.viewport = (output.state.clamped_offset().y, output.inner_rect.height());
}

fn percent(share: Option<f64>) -> String {
    share.map_or("–".to_owned(), |s| format!("{:.0}%", s * 100.0))
}

fn row_ui(
    ui: &mut Ui,
    row: &Row,
    widths: &[f32; 9],
    height: f32,
    screen: &SetsScreen,
    actions: &mut Vec<Action>,
) {
    let truncated = |ui: &mut Ui, text: &str| {
        ui.add(egui::Label::new(text).truncate());
    };
    cell(ui, widths[0], height, |ui| truncated(ui, &row.set_title));
    cell(ui, widths[1], height, |ui| {
        let selected = screen.selected.as_ref() == Some(&row.key);
        let button = egui::Button::selectable(selected, row.question.id()).truncate();
        if ui
            .add(button)
            .on_hover_text("Choose it: preview, history, edit")
            .clicked()
        {
            actions.push(Action::BrowseSelect(row.key.clone()));
        }
    });
    cell(ui, widths[2], height, |ui| truncated(ui, row.kind.name()));
    cell(ui, widths[3], height, |ui| {
        let flags = row.flags.words();
        if !flags.is_empty() {
            ui.label(RichText::new(flags).color(theme::warning(ui.visuals().dark_mode)));
        }
        truncated(ui, row.question.prompt());
    });
    cell(ui, widths[4], height, |ui| truncated(ui, &row.answer));
    cell(ui, widths[5], height, |ui| truncated(ui, &row.tags));
    let difficulty = row
        .question
        .difficulty()
        .map_or("–".to_owned(), |d| d.to_string());
    cell(ui, widths[6], height, |ui| truncated(ui, &difficulty));
    cell(ui, widths[7], height, |ui| {
        truncated(ui, &row.answered.times.to_string());
    });
    cell(ui, widths[8], height, |ui| {
        truncated(ui, &percent(row.answered.share_right()));
    });
}

/// Suspend the card, or take its suspend or bury off; a leech says so.
fn hold_buttons_ui(ui: &mut Ui, key: &CardKey, flags: Flags, actions: &mut Vec<Action>) {
    match flags.hold {
        None => {
            if ui
                .button("Suspend")
                .on_hover_text(
                    "Out of every study queue until you unsuspend it; its progress stays",
                )
                .clicked()
            {
                actions.push(Action::Suspend(key.clone()));
            }
        }
        Some(hold) => {
            let (label, hover) = match hold {
                Hold::Suspended => ("Unsuspend", "Back in the study queue, where it was"),
                Hold::Buried { .. } => ("Unbury", "Back in today's study queue"),
            };
            if ui.button(label).on_hover_text(hover).clicked() {
                actions.push(Action::Release(key.clone()));
            }
        }
    }
    if flags.leech {
        ui.label(
            RichText::new(format!(
                "A leech: forgotten {} since it was learnt",
                super::home::times(flags.lapses)
            ))
            .color(theme::warning(ui.visuals().dark_mode)),
        );
    }
}

fn detail_ui(ui: &mut Ui, screen: &mut SetsScreen, actions: &mut Vec<Action>) {
    let Some(row) = screen.selected_row() else {
        ui.label("That question is not loaded (yet): it may be reloading, or gone from its set.");
        return;
    };
    let (key, set_title, shipped, flags) = (
        row.key.clone(),
        row.set_title.clone(),
        row.shipped,
        row.flags,
    );
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(key.to_string()).strong());
        ui.label(theme::quiet(ui, format!("in {set_title}")));
    });
    ui.horizontal_wrapped(|ui| {
        let previewing = matches!(screen.detail, Detail::Preview(_));
        if ui
            .add(egui::Button::selectable(previewing, "Preview"))
            .on_hover_text("P: answer it as a student would; nothing is stored")
            .clicked()
        {
            actions.push(Action::BrowsePreview);
        }
        let history = matches!(screen.detail, Detail::History(_));
        if ui
            .add(egui::Button::selectable(history, "Card history"))
            .on_hover_text("H: every answer this profile gave it")
            .clicked()
        {
            actions.push(Action::BrowseHistory);
        }
        ui.separator();
        hold_buttons_ui(ui, &key, flags, actions);
        ui.separator();
        if shipped {
            ui.label(theme::quiet(ui, "Shipped sets are read only."));
            if ui
                .button("Copy the set to my folder")
                .on_hover_text(
                    "An editable copy under a new id; your progress on the shipped set stays \
                     with it, the copy starts with none",
                )
                .clicked()
            {
                actions.push(Action::CopyShipped(key.set.clone()));
            }
        } else if ui.button("Edit the question").on_hover_text("E").clicked() {
            actions.push(Action::EditQuestion(key.clone()));
        }
    });
    ui.add_space(6.0);
    match &mut screen.detail {
        Detail::Nothing => {}
        Detail::Preview(preview) => {
            ui.scope(|ui| {
                ui.set_max_width(theme::READING_WIDTH);
                preview::preview_ui(ui, preview, actions);
            });
        }
        Detail::History(lines) => card_info::history_ui(ui, lines),
    }
}

/// Ctrl+F searches; Up and Down choose a question; Enter or E edits it; P previews it; H shows
/// its history; N adds a question.
fn keys_ui(ui: &Ui, screen: &mut SetsScreen, actions: &mut Vec<Action>) {
    if ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, Key::F)) {
        screen.focus_search = true;
    }
    let step = |down: bool| {
        let at = screen.selected.as_ref().and_then(|key| {
            screen
                .shown
                .iter()
                .position(|&i| &screen.rows[i].key == key)
        });
        let next = match (at, down) {
            (None, _) => 0,
            (Some(at), true) => (at + 1).min(screen.shown.len().saturating_sub(1)),
            (Some(at), false) => at.saturating_sub(1),
        };
        screen.shown.get(next).map(|&i| screen.rows[i].key.clone())
    };
    // In the one-line search field Up and Down have nothing to do, so they choose a question.
    let arrow = |key: Key| {
        keys::pressed(ui, key)
            || (screen.searching && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, key)))
    };
    for (key, down) in [(Key::ArrowDown, true), (Key::ArrowUp, false)] {
        if arrow(key)
            && let Some(next) = step(down)
        {
            actions.push(Action::BrowseSelect(next));
        }
    }
    let edit = keys::pressed(ui, Key::E);
    if edit || keys::pressed(ui, Key::N) {
        screen.hint = None;
    }
    if edit {
        screen.hint = match screen.selected_row() {
            None => Some("Choose a question first: click its id, or use Up and Down."),
            Some(row) if row.shipped => Some(
                "Shipped sets are read only: \"Copy the set to my folder\" gives you one to edit.",
            ),
            Some(_) => None,
        };
    }
    if let Some(row) = screen.selected_row() {
        // Enter is left to the preview, where it checks an answer.
        if edit && !row.shipped {
            actions.push(Action::EditQuestion(row.key.clone()));
        }
        if keys::pressed(ui, Key::P) {
            actions.push(Action::BrowsePreview);
        }
        if keys::pressed(ui, Key::H) {
            actions.push(Action::BrowseHistory);
        }
    }
    if keys::pressed(ui, Key::N) {
        match screen.add_to.clone() {
            Some(set) => actions.push(Action::AddQuestion(set)),
            None => {
                screen.hint = Some("Make a set, or copy a shipped one, to add questions to.");
            }
        }
    }
}
