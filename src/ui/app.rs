//! The eframe app: screens, the actions views return, and the one place that applies them.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use chrono::{DateTime, Local, Offset as _, Utc};
use egui::{Key, Modifiers, Ui};
use serde::{Deserialize, Serialize};

use super::answer::{AnswerInput, typing};
use super::quiz::{QuizScreen, ResultsScreen, SetupForm};
use super::settings::SettingsForm;
use super::theme::{self, ThemeChoice};
use super::watch::FolderWatcher;
use super::{home, problems, quiz, review, settings};
use crate::bank::{Bank, CardKey, SetId, Source};
use crate::grade::Response;
use crate::paths::{DataDirs, Profile};
use crate::schedule::{Config, Rating, Scheduler};
use crate::store::Store;
use crate::study::{
    At, Deck, Progress, QuizSession, QuizSetup, ReviewPhase, ReviewSession, StudyError,
};

/// Where the app's "now" comes from: the system clock, or a moment a test sets.
#[derive(Clone, Debug)]
pub enum Clock {
    /// The system clock and the local UTC offset.
    System,
    /// A moment set by hand (tests), shared so it can be moved on.
    Fixed(Arc<Mutex<At>>),
}

impl Clock {
    /// The moment and the student's UTC offset now.
    pub fn at(&self) -> At {
        match self {
            Clock::System => {
                let local = Local::now();
                At {
                    now: local.with_timezone(&Utc),
                    utc_offset: local.offset().fix(),
                }
            }
            Clock::Fixed(at) => *at.lock().unwrap_or_else(std::sync::PoisonError::into_inner),
        }
    }
}

/// How the app is started.
#[derive(Clone, Debug)]
pub struct AppConfig {
    /// The data directory.
    pub dirs: DataDirs,
    /// The profile whose progress is used.
    pub profile: Profile,
    /// Extra question files or folders (`--questions`).
    pub questions: Vec<PathBuf>,
    /// Whether to load the shipped sets (tests may leave them out).
    pub shipped: bool,
    /// Where "now" comes from.
    pub clock: Clock,
    /// Whether to watch the question folders for changes.
    pub watch: bool,
    /// When the process started, to report the time to the first frame.
    pub started: Option<Instant>,
}

impl AppConfig {
    /// The sources questions load from, in order.
    pub fn sources(&self) -> Vec<Source> {
        let mut sources = Vec::new();
        if self.shipped {
            sources.push(Source::Shipped);
        }
        sources.push(Source::Path {
            path: self.dirs.questions(),
            required: false,
        });
        sources.extend(self.questions.iter().map(|path| Source::Path {
            path: path.clone(),
            required: true,
        }));
        sources
    }
}

/// Preferences of the window, kept in eframe's storage (learning data stays in the store).
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

/// The progress store and the scheduler, when the store could be opened.
pub(super) struct Core {
    pub store: Store,
    pub scheduler: Scheduler,
}

/// Which screen is shown.
pub(super) enum Screen {
    Home(home::HomeData),
    Review(Box<review::ReviewScreen>),
    QuizSetup(SetupForm),
    Quiz(QuizScreen),
    Results(ResultsScreen),
    Settings(SettingsForm),
}

/// What a view asks the app to do.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Action {
    GoHome,
    Study(Option<SetId>),
    OpenQuizSetup(Option<SetId>),
    StartQuiz(QuizSetup),
    OpenSettings,
    SaveSettings(Box<(Config, Prefs)>),
    Submit(Response),
    Reveal,
    RateFlashcard(Rating),
    ChooseRating(Rating),
    Next,
    Undo,
    QuizAnswer(Response),
    QuizNext,
    QuizFinish,
    RetryMistakes,
    ToggleProblems,
    ReloadQuestions,
    OpenQuestionFolder,
}

/// The allydeck window.
pub struct App {
    config: AppConfig,
    prefs: Prefs,
    deck: Deck,
    core: Result<Core, String>,
    screen: Screen,
    problems_open: bool,
    known_problems: usize,
    watcher: Option<FolderWatcher>,
    reload_at: Option<Instant>,
    notice: Option<String>,
    first_frame: bool,
}

impl App {
    /// Opens the profile's store, loads the question sets and shows the home screen.
    pub fn new(cc: &eframe::CreationContext<'_>, config: AppConfig) -> Self {
        let prefs: Prefs = cc
            .storage
            .and_then(|storage| eframe::get_value(storage, PREFS_KEY))
            .unwrap_or_default();
        theme::apply(&cc.egui_ctx, prefs.theme, prefs.text_scale);
        let bank = Bank::load(&config.sources());
        let at = config.clock.at();
        let core = open_core(&config, at);
        let states = match &core {
            Ok(core) => core.store.card_states().unwrap_or_default(),
            Err(_) => HashMap::new(),
        };
        let deck = Deck::new(bank, states);
        let watcher = if config.watch {
            let user_folder = config.dirs.questions();
            // Made now so that it can be watched, and found, before the first set is added.
            let _ = std::fs::create_dir_all(&user_folder);
            let mut paths = vec![user_folder];
            paths.extend(config.questions.iter().cloned());
            FolderWatcher::start(&paths, cc.egui_ctx.clone()).ok()
        } else {
            None
        };
        let known_problems = deck.bank().problems.len();
        let mut app = Self {
            config,
            prefs,
            deck,
            core,
            screen: Screen::Home(home::HomeData::default()),
            problems_open: known_problems > 0,
            known_problems,
            watcher,
            reload_at: None,
            notice: None,
            first_frame: true,
        };
        app.screen = Screen::Home(app.home_data(at));
        app
    }

    /// The window preferences in effect.
    pub fn prefs(&self) -> &Prefs {
        &self.prefs
    }

    /// The scheduling settings in effect, if the store is open.
    pub fn scheduler_config(&self) -> Option<&Config> {
        self.core.as_ref().ok().map(|c| c.scheduler.config())
    }

    fn home_data(&self, at: At) -> home::HomeData {
        let config = self
            .core
            .as_ref()
            .map(|c| c.scheduler.config().clone())
            .unwrap_or_default();
        let scores = self
            .core
            .as_ref()
            .ok()
            .and_then(|c| c.store.quiz_set_scores().ok())
            .unwrap_or_default();
        let due_now = match &self.core {
            Ok(core) => {
                let today = core.scheduler.study_day(at.now, at.utc_offset);
                let done = core
                    .store
                    .done_on(today, at.utc_offset, config.rollover_hour)
                    .unwrap_or_default();
                self.deck
                    .queue(None, at.now, at.utc_offset, &config, done)
                    .len()
            }
            Err(_) => 0,
        };
        home::HomeData {
            sets: self.deck.set_counts(at.now, at.utc_offset, &config),
            scores,
            due_now,
            next_due: self.deck.next_due_after(at.now),
            at: Some(at),
        }
    }

    /// Reloads every question set (a file changed, or the student asked).
    fn reload_questions(&mut self) {
        let bank = Bank::load(&self.config.sources());
        let count = bank.problems.len();
        self.deck.reload(bank);
        if count > self.known_problems {
            self.problems_open = true;
        }
        if count == 0 {
            self.problems_open = false;
        }
        self.known_problems = count;
        let at = self.config.clock.at();
        match &mut self.screen {
            Screen::Home(_) => self.screen = Screen::Home(self.home_data(at)),
            Screen::Review(screen) => {
                // A card whose question was removed cannot be asked: move on to the next.
                let gone = matches!(screen.session.phase(), ReviewPhase::Asking { card, .. } if self.deck.question(card).is_none());
                if gone && let Ok(core) = &self.core {
                    let scope = screen.session.scope().cloned();
                    if let Ok(session) =
                        ReviewSession::start(&self.deck, &core.store, &core.scheduler, scope, at)
                    {
                        screen.session = session;
                        screen.input_for = None;
                    }
                }
            }
            _ => {}
        }
    }

    fn go_home(&mut self) {
        let at = self.config.clock.at();
        self.screen = Screen::Home(self.home_data(at));
    }

    /// Applies one action; failures become a notice, never a panic.
    fn apply(&mut self, action: Action) {
        if let Err(e) = self.try_apply(action) {
            self.notice = Some(e);
        }
    }

    fn try_apply(&mut self, action: Action) -> Result<(), String> {
        let at = self.config.clock.at();
        match action {
            Action::GoHome => self.go_home(),
            Action::ToggleProblems => self.problems_open = !self.problems_open,
            Action::ReloadQuestions => self.reload_questions(),
            Action::OpenQuestionFolder => {
                let folder = self.config.dirs.questions();
                open_folder(&folder)
                    .map_err(|e| format!("cannot open {}: {e}", folder.display()))?;
            }
            Action::OpenSettings => {
                let config = self
                    .core
                    .as_ref()
                    .map(|c| c.scheduler.config().clone())
                    .unwrap_or_default();
                self.screen = Screen::Settings(SettingsForm::new(&config, &self.prefs));
            }
            Action::SaveSettings(boxed) => {
                let (config, prefs) = *boxed;
                let core = self.core.as_mut().map_err(|e| e.clone())?;
                let scheduler = Scheduler::new(config.clone()).map_err(|e| e.to_string())?;
                core.store
                    .save_scheduler_config(&config)
                    .map_err(|e| e.to_string())?;
                core.scheduler = scheduler;
                self.prefs = prefs;
                if let Screen::Settings(form) = &mut self.screen {
                    form.saved = true;
                }
            }
            Action::Study(scope) => {
                let core = self.core.as_ref().map_err(Clone::clone)?;
                let session =
                    ReviewSession::start(&self.deck, &core.store, &core.scheduler, scope, at)
                        .map_err(|e| e.to_string())?;
                let mut screen = review::ReviewScreen::new(session);
                screen.progress = progress(&screen.session, &self.deck, core, at);
                self.screen = Screen::Review(Box::new(screen));
            }
            Action::OpenQuizSetup(scope) => {
                self.screen =
                    Screen::QuizSetup(SetupForm::new(&self.deck, scope, seed_from(at.now)));
            }
            Action::StartQuiz(setup) => {
                let session =
                    QuizSession::start(&self.deck, setup, at.now).map_err(|e| e.to_string())?;
                self.screen = Screen::Quiz(QuizScreen::new(session));
            }
            Action::RetryMistakes => {
                if let Screen::Results(results) = &self.screen
                    && let Some(session) =
                        results
                            .session
                            .retry_mistakes(&self.deck, seed_from(at.now), at.now)
                {
                    self.screen = Screen::Quiz(QuizScreen::new(session));
                }
            }
            Action::QuizAnswer(response) => {
                if let Screen::Quiz(screen) = &mut self.screen {
                    screen
                        .session
                        .answer(&self.deck, response, at.now)
                        .map_err(|e| e.to_string())?;
                }
                self.finish_quiz_if_over(at);
            }
            Action::QuizNext => {
                if let Screen::Quiz(screen) = &mut self.screen {
                    screen.session.next(at.now);
                }
                self.finish_quiz_if_over(at);
            }
            Action::QuizFinish => {
                if let Screen::Quiz(screen) = &mut self.screen {
                    screen.session.finish(at.now);
                }
                self.finish_quiz_if_over(at);
            }
            Action::Submit(_)
            | Action::Reveal
            | Action::RateFlashcard(_)
            | Action::ChooseRating(_)
            | Action::Next
            | Action::Undo => self.apply_review(action, at)?,
        }
        Ok(())
    }

    fn apply_review(&mut self, action: Action, at: At) -> Result<(), String> {
        let Screen::Review(screen) = &mut self.screen else {
            return Ok(());
        };
        let core = self.core.as_mut().map_err(|e| e.clone())?;
        let session = &mut screen.session;
        let result: Result<(), StudyError> = match action {
            Action::Submit(response) => session.submit(
                &mut self.deck,
                &mut core.store,
                &core.scheduler,
                response,
                at,
            ),
            Action::Reveal => session.reveal(&self.deck),
            Action::RateFlashcard(rating) => {
                session.rate_flashcard(&mut self.deck, &mut core.store, &core.scheduler, rating, at)
            }
            Action::ChooseRating(rating) => {
                session.choose_rating(&mut self.deck, &mut core.store, rating)
            }
            Action::Next => session.next(&self.deck, &core.store, &core.scheduler, at),
            Action::Undo => session.undo(&mut self.deck, &mut core.store, at),
            _ => Ok(()),
        };
        screen.progress = progress(&screen.session, &self.deck, core, at);
        screen.previews = match screen.session.phase() {
            ReviewPhase::Revealed { card } => {
                let state = self.deck.state(card).cloned().unwrap_or_default();
                core.scheduler
                    .preview(card, &state, at.now, at.utc_offset)
                    .ok()
            }
            _ => None,
        };
        match result {
            // A shortcut pressed where it does not apply (Space on the last screen, say).
            Err(StudyError::NotNow(_)) | Ok(()) => Ok(()),
            Err(other) => Err(other.to_string()),
        }
    }

    /// Moves a finished quiz to its results, saving the attempt.
    fn finish_quiz_if_over(&mut self, at: At) {
        let Screen::Quiz(screen) = &self.screen else {
            return;
        };
        if !screen.session.is_finished() {
            return;
        }
        let session = screen.session.clone();
        let saved = match &mut self.core {
            Ok(core) => core
                .store
                .record_quiz_attempt(&session.attempt(at.utc_offset))
                .map(|_| ())
                .map_err(|e| format!("The score could not be saved: {e}")),
            Err(e) => Err(e.clone()),
        };
        self.screen = Screen::Results(ResultsScreen {
            session,
            saved: saved.err(),
        });
    }

    fn global_keys(&mut self, ui: &Ui, actions: &mut Vec<Action>) {
        let escape = ui.input(|i| i.key_pressed(Key::Escape));
        if escape && !matches!(self.screen, Screen::Home(_)) {
            actions.push(Action::GoHome);
        }
        if let Screen::Review(_) = self.screen {
            let undo = ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::Z))
                || (!typing(ui) && ui.input(|i| i.key_pressed(Key::U) && i.modifiers.is_none()));
            if undo {
                actions.push(Action::Undo);
            }
        }
    }
}

fn progress(session: &ReviewSession, deck: &Deck, core: &Core, at: At) -> Progress {
    session
        .progress(deck, &core.store, &core.scheduler, at)
        .unwrap_or_default()
}

/// A seed for a new quiz: from the moment, so that each quiz differs and a test can repeat one.
fn seed_from(now: DateTime<Utc>) -> u64 {
    u64::from_ne_bytes(now.timestamp_nanos_opt().unwrap_or_default().to_ne_bytes())
}

/// Opens the profile's store (and makes the day's backup) and its scheduler.
fn open_core(config: &AppConfig, at: At) -> Result<Core, String> {
    let store = Store::open(&config.dirs.database(&config.profile)).map_err(|e| e.to_string())?;
    let scheduler_config = store.scheduler_config().map_err(|e| e.to_string())?;
    let scheduler = Scheduler::new(scheduler_config).map_err(|e| e.to_string())?;
    if store.review_count().unwrap_or(0) > 0 {
        let label = at
            .now
            .with_timezone(&at.utc_offset)
            .format("%Y-%m-%d")
            .to_string();
        // A failed backup does not stop studying; the next start tries again.
        let _ = store.backup(&config.dirs.backups(&config.profile), &label, 7);
    }
    Ok(Core { store, scheduler })
}

/// Opens `folder` in the platform's file manager, creating it first.
fn open_folder(folder: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)?;
    let program = if cfg!(target_os = "windows") {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    std::process::Command::new(program)
        .arg(folder)
        .spawn()
        .map(|_| ())
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        if self.first_frame {
            self.first_frame = false;
            if let Some(started) = self.config.started {
                eprintln!(
                    "allydeck: first frame after {} ms",
                    started.elapsed().as_millis()
                );
            }
        }
        if self.watcher.as_ref().is_some_and(FolderWatcher::changed) {
            // Editors save in several steps: wait for the writes to settle.
            self.reload_at = Some(Instant::now() + std::time::Duration::from_millis(200));
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(220));
        }
        if self.reload_at.is_some_and(|t| Instant::now() >= t) {
            self.reload_at = None;
            self.reload_questions();
        } else if let Some(t) = self.reload_at {
            ui.ctx()
                .request_repaint_after(t.saturating_duration_since(Instant::now()));
        }

        let at = self.config.clock.at();
        let mut actions = Vec::new();
        self.global_keys(ui, &mut actions);

        let problem_count = self.deck.bank().problems.len();
        egui::Panel::top("top").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.heading("allydeck");
                ui.label(theme::quiet(ui, format!("profile {}", self.config.profile)));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if problem_count > 0 {
                        let label = format!(
                            "⚠ {problem_count} problem{}",
                            if problem_count == 1 { "" } else { "s" }
                        );
                        if ui
                            .button(label)
                            .on_hover_text("Problems in question files")
                            .clicked()
                        {
                            actions.push(Action::ToggleProblems);
                        }
                    }
                });
            });
        });

        if self.problems_open {
            egui::Panel::bottom("problems")
                .resizable(true)
                .default_size(160.0)
                .show(ui, |ui| {
                    problems::problems_ui(ui, &self.deck.bank().problems, &mut actions);
                });
        }

        if let Some(notice) = self.notice.clone() {
            egui::Panel::bottom("notice").show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(
                        egui::RichText::new(format!("⚠ {notice}"))
                            .color(theme::wrong(ui.visuals().dark_mode)),
                    );
                    if ui.button("Dismiss").clicked() {
                        self.notice = None;
                    }
                });
            });
        }

        egui::CentralPanel::default().show(ui, |ui| match &mut self.screen {
            Screen::Home(data) => {
                if let Err(message) = &self.core {
                    home::store_error_ui(
                        ui,
                        message,
                        &self.config.dirs.database(&self.config.profile),
                    );
                } else {
                    home::home_ui(ui, data, &self.config.dirs.questions(), &mut actions);
                }
            }
            Screen::Review(screen) => review::review_ui(ui, screen, &self.deck, at, &mut actions),
            Screen::QuizSetup(form) => quiz::setup_ui(ui, form, &self.deck, &mut actions),
            Screen::Quiz(screen) => quiz::quiz_ui(ui, screen, &self.deck, at, &mut actions),
            Screen::Results(results) => quiz::results_ui(ui, results, &self.deck, &mut actions),
            Screen::Settings(form) => settings::settings_ui(ui, form, &mut actions),
        });

        // A timed quiz ends by itself when the time is up.
        if let Screen::Quiz(screen) = &mut self.screen
            && screen.session.tick(at.now)
        {
            self.finish_quiz_if_over(at);
        }

        let changed_prefs = actions.iter().any(|a| matches!(a, Action::SaveSettings(_)));
        for action in actions {
            self.apply(action);
        }
        if changed_prefs {
            theme::apply(ui.ctx(), self.prefs.theme, self.prefs.text_scale);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}

/// The card a review screen asks, if it asks one.
pub(super) fn asked_card(session: &ReviewSession) -> Option<&CardKey> {
    match session.phase() {
        ReviewPhase::Asking { card, .. }
        | ReviewPhase::Revealed { card }
        | ReviewPhase::Feedback { card, .. } => Some(card),
        ReviewPhase::Finished { .. } => None,
    }
}

/// A fresh input for the question shown, when the card changed.
pub(super) fn input_for(
    deck: &Deck,
    card: &CardKey,
    presentation: &crate::study::Presentation,
) -> AnswerInput {
    deck.question(card)
        .map(|q| AnswerInput::new(&q.answer, presentation))
        .unwrap_or_default()
}
