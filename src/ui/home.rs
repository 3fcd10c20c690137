//! The home screen: every set with its counts and scores, "Study now" and "Quiz".

use std::path::Path;

use chrono::{DateTime, Utc};
use egui::{Key, RichText, Role, Ui, WidgetInfo};

use super::action::Action;
use super::keys;
use super::theme;
use crate::app::At;
pub use crate::app::HomeOverview as HomeData;
use crate::text::ShowPath as _;

/// "in 3 h (at 14:05)", "in 4 days (on 12 March)", from `now`.
pub fn when(due: DateTime<Utc>, at: At) -> String {
    let wait = due - at.now;
    let local = due.with_timezone(&at.utc_offset);
    if wait.num_minutes() < 1 {
        "now".to_owned()
    } else if wait.num_hours() < 1 {
        format!(
            "in {} min (at {})",
            wait.num_minutes(),
            local.format("%H:%M")
        )
    } else if wait.num_hours() < 24 {
        format!("in {} h (at {})", wait.num_hours(), local.format("%H:%M"))
    } else {
        // Calendar days, as the date reads: due on the 7th is "in 6 days" on the 1st, even
        // at 22:00, when fewer than six times 24 hours are left.
        let today = at.now.with_timezone(&at.utc_offset).date_naive();
        let days = (local.date_naive() - today).num_days().max(1);
        format!(
            "in {days} day{} (on {})",
            if days == 1 { "" } else { "s" },
            local.format("%-d %B")
        )
    }
}

/// "1 card", "12 cards".
pub fn cards(n: usize) -> String {
    format!("{n} card{}", if n == 1 { "" } else { "s" })
}

/// "once", "twice", "3 times".
pub fn times(n: u32) -> String {
    match n {
        1 => "once".to_owned(),
        2 => "twice".to_owned(),
        n => format!("{n} times"),
    }
}

fn percent(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// Draws the home screen.
pub fn home_ui(
    ui: &mut Ui,
    data: &HomeData,
    more: &mut HomeForm,
    question_folder: &Path,
    actions: &mut Vec<Action>,
) {
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let study = ui.add_enabled(
            data.today.ready && !data.read_only,
            egui::Button::new(RichText::new("Study now").strong()),
        );
        let hint = if data.read_only {
            "Your answers could not be kept: the data folder is read-only"
        } else {
            "Space: study every due card"
        };
        if study
            .on_hover_text(hint)
            .on_disabled_hover_text(hint)
            .clicked()
        {
            actions.push(Action::Study(None));
        }
        if ui
            .button("Quiz")
            .on_hover_text("Q: a self-test of chosen sets")
            .clicked()
        {
            actions.push(Action::OpenQuizSetup(None));
        }
        if ui.button("Statistics").on_hover_text("S").clicked() {
            actions.push(Action::OpenStatistics);
        }
        if ui
            .button("Sets")
            .on_hover_text("B: browse every question with its answer; edit your own sets")
            .clicked()
        {
            actions.push(Action::OpenSets);
        }
        if ui.button("Settings").clicked() {
            actions.push(Action::OpenSettings);
        }
        import_button(ui, actions);
        if ui
            .button("Open question folder")
            .on_hover_text(format!(
                "Drop your own .ron question sets in {}",
                question_folder.shown()
            ))
            .clicked()
        {
            actions.push(Action::OpenQuestionFolder);
        }
    });
    home_keys(ui, data, actions);
    ui.add_space(6.0);
    clock_warning_ui(ui, data);
    unfinished_ui(ui, data, more, actions);
    let counts = data.today.counts;
    if counts.total() > 0 {
        ui.label(
            RichText::new(format!(
                "{} to study today: {} new, {} learning, {} to review.",
                cards(counts.total()),
                counts.new,
                counts.learning,
                counts.review
            ))
            .size(18.0),
        );
        if !data.today.ready
            && let (Some(due), Some(at)) = (data.next_due, data.at)
        {
            ui.label(format!(
                "Nothing is due this minute: the next learning card comes back {}.",
                when(due, at)
            ));
        }
    } else {
        let next = match (data.next_due, data.at) {
            (Some(due), Some(at)) => format!("The next card is due {}.", when(due, at)),
            _ => "Nothing is scheduled yet.".to_owned(),
        };
        ui.label(RichText::new(format!("All caught up. {next}")).strong());
        ui.label("Take a quiz instead to test yourself without changing your schedule.");
    }
    if !data.today.ready && !data.sets.is_empty() && !data.read_only {
        study_more_ui(ui, data, more, actions);
    }
    aside_ui(ui, data, actions);
    ui.add_space(10.0);
    if data.sets.is_empty() {
        ui.label("No question set is loaded. Open the question folder and add a .ron set.");
        return;
    }
    sets_ui(ui, data, actions);
}

/// Cards set aside and leeches, each with the way to see them on the Sets screen.
fn aside_ui(ui: &mut Ui, data: &HomeData, actions: &mut Vec<Action>) {
    let aside = data.aside;
    if aside.leeches > 0 {
        ui.horizontal_wrapped(|ui| {
            let suspended = if aside.leeches_suspended > 0 {
                format!(" ({} suspended)", aside.leeches_suspended)
            } else {
                String::new()
            };
            ui.label(
                RichText::new(format!(
                    "⚠ Leeches: {} forgotten {} or more{suspended}.",
                    cards(aside.leeches),
                    times(aside.threshold)
                ))
                .color(theme::warning(ui.visuals().dark_mode)),
            );
            if ui
                .button("Show the leeches")
                .on_hover_text("On the Sets screen: read them again, suspend or unsuspend them")
                .clicked()
            {
                actions.push(Action::OpenSetsFor("is:leech".to_owned()));
            }
        });
    }
    if aside.suspended + aside.buried > 0 {
        ui.horizontal_wrapped(|ui| {
            let mut parts = Vec::new();
            if aside.suspended > 0 {
                parts.push(format!("{} suspended", cards(aside.suspended)));
            }
            if aside.buried > 0 {
                parts.push(format!("{} buried until tomorrow", cards(aside.buried)));
            }
            ui.label(theme::quiet(
                ui,
                format!("Set aside: {}.", parts.join(", ")),
            ));
            if aside.suspended > 0
                && ui
                    .button("Show the suspended cards")
                    .on_hover_text("On the Sets screen, where they are unsuspended")
                    .clicked()
            {
                actions.push(Action::OpenSetsFor("is:suspended".to_owned()));
            }
            if aside.buried > 0
                && ui
                    .button("Show the buried cards")
                    .on_hover_text("On the Sets screen, where they are unburied")
                    .clicked()
            {
                actions.push(Action::OpenSetsFor("is:buried".to_owned()));
            }
        });
    }
}

/// Space studies, Q opens a quiz, S the statistics, B the sets.
fn home_keys(ui: &Ui, data: &HomeData, actions: &mut Vec<Action>) {
    if keys::pressed(ui, Key::Space) && data.today.ready && !data.read_only {
        actions.push(Action::Study(None));
    }
    if keys::pressed(ui, Key::Q) {
        actions.push(Action::OpenQuizSetup(None));
    }
    if keys::pressed(ui, Key::S) {
        actions.push(Action::OpenStatistics);
    }
    if keys::pressed(ui, Key::B) {
        actions.push(Action::OpenSets);
    }
}

/// What Home's controls hold between frames: "study more" (how many days to review ahead,
/// how many new cards to add) and the unfinished quiz whose discarding is being confirmed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HomeForm {
    /// Review the cards due within this many days.
    pub days: u32,
    /// Learn this many more new cards today.
    pub new: u32,
    /// The unfinished quiz the student asked to discard, awaiting "Discard" again.
    pub discarding: Option<i64>,
}

impl Default for HomeForm {
    fn default() -> Self {
        Self {
            days: 3,
            new: 10,
            discarding: None,
        }
    }
}

/// Anki's two most used custom-study options, once today's cards are done.
fn study_more_ui(ui: &mut Ui, data: &HomeData, more: &mut HomeForm, actions: &mut Vec<Action>) {
    ui.add_space(6.0);
    ui.group(|ui| {
        ui.label(RichText::new("Study more").strong());
        ui.label(theme::quiet(
            ui,
            "Extra study for today only: later reviews are scheduled from your answers as usual.",
        ));
        let max_days = u32::try_from(data.due_ahead.len())
            .unwrap_or(u32::MAX)
            .max(1);
        more.days = more.days.clamp(1, max_days);
        let ahead = data
            .due_ahead
            .get(more.days as usize - 1)
            .copied()
            .unwrap_or(0);
        ui.horizontal_wrapped(|ui| {
            ui.label("Review the cards due in the next");
            let days = ui.add(egui::DragValue::new(&mut more.days).range(1..=max_days));
            days.widget_info(|| WidgetInfo::labeled(Role::SpinButton, true, "Days ahead"));
            ui.label(format!("days ({})", cards(ahead)));
            let go = ui.add_enabled(ahead > 0, egui::Button::new("Review ahead"));
            if go.clicked() {
                actions.push(Action::ReviewAhead(more.days));
            }
        });
        let left = u32::try_from(data.new_beyond_today).unwrap_or(u32::MAX);
        ui.horizontal_wrapped(|ui| {
            ui.label("Learn");
            let max = left.clamp(1, 9999);
            more.new = more.new.clamp(1, max);
            let new = ui.add(egui::DragValue::new(&mut more.new).range(1..=max));
            new.widget_info(|| WidgetInfo::labeled(Role::SpinButton, true, "More new cards"));
            ui.label(format!("more new cards today (of {left} not seen yet)"));
            let go = ui.add_enabled(left > 0, egui::Button::new("Learn more"));
            if go.clicked() {
                actions.push(Action::LearnMoreNew(more.new));
            }
        });
    });
}

/// A warning when the computer's clock reads before the last stored answer.
fn clock_warning_ui(ui: &mut Ui, data: &HomeData) {
    if let (Some(last), Some(at)) = (data.clock_behind, data.at) {
        ui.label(
            RichText::new(format!(
                "⚠ Your computer's clock reads {}, before your last answer ({}). Answers are \
                 stored at the time the clock gives: check the date and time settings.",
                at.now
                    .with_timezone(&at.utc_offset)
                    .format("%-d %B %Y, %H:%M"),
                last.with_timezone(&at.utc_offset)
                    .format("%-d %B %Y, %H:%M"),
            ))
            .color(theme::wrong(ui.visuals().dark_mode)),
        );
    }
}

/// The quizzes left running (the window closed, or allydeck stopped): resume or discard each.
fn unfinished_ui(ui: &mut Ui, data: &HomeData, form: &mut HomeForm, actions: &mut Vec<Action>) {
    for quiz in &data.unfinished {
        let start = &quiz.start;
        let started = start.started_at.with_timezone(&start.utc_offset);
        let deadline = start
            .time_limit_s
            .map(|s| start.started_at + chrono::Duration::seconds(i64::from(s)));
        let expired = deadline.zip(data.at).is_some_and(|(end, at)| end <= at.now);
        ui.group(|ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(format!(
                        "Unfinished quiz: {} of {} answered, started {}.",
                        quiz.answered(),
                        start.questions,
                        started.format("%-d %B at %H:%M")
                    ))
                    .strong(),
                );
                if expired {
                    ui.label("Its time is up: resuming shows its results.");
                }
                let resume = ui.button(if expired { "See results" } else { "Resume" });
                resume.widget_info(|| {
                    WidgetInfo::labeled(Role::Button, true, "Resume the unfinished quiz")
                });
                if resume.clicked() {
                    actions.push(Action::ResumeQuiz(quiz.id));
                }
                if form.discarding == Some(quiz.id) {
                    // Asked once already: this click discards it.
                    ui.label("Discard it? It ends without a score.");
                    let sure = ui.button("Discard");
                    sure.widget_info(|| {
                        WidgetInfo::labeled(Role::Button, true, "Yes, discard the unfinished quiz")
                    });
                    if sure.clicked() {
                        form.discarding = None;
                        actions.push(Action::DiscardQuiz(quiz.id));
                    }
                    if ui.button("Keep it").clicked() {
                        form.discarding = None;
                    }
                } else {
                    let discard = ui
                        .button("Discard")
                        .on_hover_text("Its answers stay stored, as practice out of Best and Last");
                    discard.widget_info(|| {
                        WidgetInfo::labeled(Role::Button, true, "Discard the unfinished quiz")
                    });
                    if discard.clicked() {
                        form.discarding = Some(quiz.id);
                    }
                }
            });
        });
        ui.add_space(6.0);
    }
}

/// "Import…": a native file dialog, then the files to make sets of.
fn import_button(ui: &mut Ui, actions: &mut Vec<Action>) {
    if ui
        .button("Import…")
        .on_hover_text("Make question sets of GIFT, Aiken, CSV, TSV or Anki files")
        .clicked()
        && let Some(files) = rfd::FileDialog::new()
            .set_title("Import question sets")
            .add_filter("Question files", &["gift", "txt", "csv", "tsv", "apkg"])
            .pick_files()
    {
        actions.push(Action::ImportFiles(files));
    }
}

/// A set's own Study and Quiz buttons: short on screen, with the set's name for screen
/// readers, which may read a row's buttons out of their row.
fn set_buttons(
    ui: &mut Ui,
    data: &HomeData,
    set: &crate::stats::SetStats,
    today: crate::app::DueToday,
    actions: &mut Vec<Action>,
) {
    let can_study = today.ready && !data.read_only;
    let study = ui.add_enabled(can_study, egui::Button::new("Study"));
    study.widget_info(|| {
        WidgetInfo::labeled(Role::Button, can_study, format!("Study {}", set.title))
    });
    if study.clicked() {
        actions.push(Action::Study(Some(set.id.clone())));
    }
    let quiz = ui.button("Quiz");
    quiz.widget_info(|| WidgetInfo::labeled(Role::Button, true, format!("Quiz {}", set.title)));
    if quiz.clicked() {
        actions.push(Action::OpenQuizSetup(Some(set.id.clone())));
    }
    let export = ui.button("Export…");
    export.widget_info(|| WidgetInfo::labeled(Role::Button, true, format!("Export {}", set.title)));
    if export.clicked()
        && let Some(file) = rfd::FileDialog::new()
            .set_title(format!("Export {}", set.title))
            .set_file_name(format!("{}.gift", set.id.as_str()))
            .add_filter("GIFT (Moodle)", &["gift"])
            .add_filter("Anki package", &["apkg"])
            .add_filter("CSV", &["csv"])
            .add_filter("TSV", &["tsv"])
            .add_filter("Aiken (Moodle)", &["txt"])
            .save_file()
    {
        actions.push(Action::ExportSet(set.id.clone(), file));
    }
}

/// The width below which the sets are listed one under the other instead of in a table (a
/// small window, or a large text size).
const TABLE_WIDTH: f32 = 860.0;

/// The sets: a table when there is room, otherwise one block per set, wrapping.
fn sets_ui(ui: &mut Ui, data: &HomeData, actions: &mut Vec<Action>) {
    if ui.available_width() >= TABLE_WIDTH {
        sets_table(ui, data, actions);
    } else {
        sets_list(ui, data, actions);
    }
}

/// One block per set, for a narrow window: its name, then its counts and buttons wrapping.
fn sets_list(ui: &mut Ui, data: &HomeData, actions: &mut Vec<Action>) {
    egui::ScrollArea::vertical()
        .id_salt("home-sets-list")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for set in &data.sets {
                let today = data.by_set.get(&set.id).copied().unwrap_or_default();
                let scores = data.scores.get(&set.id);
                ui.group(|ui| {
                    ui.set_width(ui.available_width());
                    let title = RichText::new(&set.title).color(ui.visuals().strong_text_color());
                    ui.add(egui::Label::new(title.strong()).wrap())
                        .on_hover_text(set.id.as_str());
                    ui.horizontal_wrapped(|ui| {
                        ui.label(format!(
                            "{} questions · today {} new, {} learning, {} to review · mastery {} \
                             · best quiz {} · last {}",
                            set.questions,
                            today.counts.new,
                            today.counts.learning,
                            today.counts.review,
                            percent(set.mastery),
                            scores.map_or("–".to_owned(), |s| percent(s.best)),
                            scores.map_or("–".to_owned(), |s| percent(s.last)),
                        ));
                        set_buttons(ui, data, set, today, actions);
                    });
                });
            }
        });
}

/// One row per set: counts, scores, and its own Study and Quiz buttons.
fn sets_table(ui: &mut Ui, data: &HomeData, actions: &mut Vec<Action>) {
    // The title column gives way first, so that the row fits from `TABLE_WIDTH` on.
    let title_width = (ui.available_width() - 700.0).clamp(150.0, 320.0);
    egui::ScrollArea::both()
        .id_salt("home-sets-table")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("sets")
                .num_columns(10)
                .striped(true)
                .spacing([10.0, 8.0])
                .show(ui, |ui| {
                    for (heading, hover) in [
                        ("Set", ""),
                        ("Questions", ""),
                        (
                            "New today",
                            "New cards to learn today: this set's share of the daily allowance",
                        ),
                        ("Learning", "Cards in learning that come back today"),
                        ("Review", "Reviews due today, within the daily limit"),
                        ("Mastery", ""),
                        ("Best quiz", "Best score of a whole quiz of this set"),
                        ("Last", "Score of the last whole quiz of this set"),
                        ("", ""),
                        ("", ""),
                    ] {
                        let label = ui.label(RichText::new(heading).strong());
                        if !hover.is_empty() {
                            label.on_hover_text(hover);
                        }
                    }
                    ui.end_row();
                    for set in &data.sets {
                        ui.scope(|ui| {
                            ui.set_max_width(title_width);
                            let title =
                                RichText::new(&set.title).color(ui.visuals().strong_text_color());
                            ui.add(egui::Label::new(title).wrap())
                                .on_hover_text(set.id.as_str());
                        });
                        ui.label(set.questions.to_string());
                        let today = data.by_set.get(&set.id).copied().unwrap_or_default();
                        ui.label(today.counts.new.to_string());
                        ui.label(today.counts.learning.to_string());
                        ui.label(today.counts.review.to_string());
                        ui.label(percent(set.mastery)).on_hover_text(
                            "Share of questions remembered stably for 21 days or more",
                        );
                        let scores = data.scores.get(&set.id);
                        ui.label(scores.map_or("–".to_owned(), |s| percent(s.best)));
                        ui.label(scores.map_or("–".to_owned(), |s| percent(s.last)));
                        set_buttons(ui, data, set, today, actions);
                        ui.end_row();
                    }
                });
        });
}

/// Shown instead of the home screen when the progress database cannot be opened.
pub fn store_error_ui(ui: &mut Ui, message: &str, path: &Path) {
    ui.add_space(24.0);
    ui.heading("Your progress cannot be opened");
    ui.add_space(8.0);
    ui.label(message);
    ui.add_space(8.0);
    ui.label(format!("The file is {}.", path.shown()));
    ui.label(
        "Nothing has been changed. Studying needs the progress file; quit allydeck, fix or move \
         the file (a daily backup is in the backups folder beside it), and start again.",
    );
}
