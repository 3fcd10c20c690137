//! The eframe app: screens, the actions views return, and the one place that applies them.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use chrono::{DateTime, Local, Offset as _, Utc};
use egui::{Key, Modifiers, Ui};
use serde::{Deserialize, Serialize};

use super::keys;
use super::quiz::{QuizScreen, ResultsScreen, SetupForm};
use super::settings::SettingsForm;
use super::statistics::StatsScreen;
use super::theme::{self, ThemeChoice};
use super::watch::FolderWatcher;
use super::{home, problems, quiz, review, settings, statistics};
use crate::bank::{Bank, CardKey, Question, SetId, Source};
use crate::grade::Response;
use crate::paths::{DataDirs, Profile};
use crate::profile;
use crate::schedule::{CardState, Config, Rating, Scheduler};
use crate::stats::SeriesInput;
use crate::store::{Store, StoreError};
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
        profile::sources(&self.dirs, &self.questions, self.shipped)
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
    Statistics(Box<StatsScreen>),
}

/// What a view asks the app to do.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Action {
    GoHome,
    Study(Option<SetId>),
    OpenQuizSetup(Option<SetId>),
    StartQuiz(QuizSetup),
    OpenSettings,
    OpenStatistics,
    StatsRange(u32),
    StatsSet(Option<String>),
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
    DismissNotice,
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
        let mut notices = Vec::new();
        let opened = open_core(&config, at);
        let (core, states) = match opened {
            Ok((core, states, backup_failed)) => {
                if let Some(e) = backup_failed {
                    notices.push(format!(
                        "Today's backup was not made ({e}); studying is safe."
                    ));
                }
                (Ok(core), states)
            }
            Err(e) => (Err(e), HashMap::new()),
        };
        let deck = Deck::new(bank, states);
        let watcher = if config.watch {
            let user_folder = config.dirs.questions();
            // Made now so that it can be watched, and found, before the first set is added.
            let _ = std::fs::create_dir_all(&user_folder);
            let mut paths = vec![user_folder];
            paths.extend(config.questions.iter().cloned());
            match FolderWatcher::start(&paths, cc.egui_ctx.clone()) {
                Ok(watcher) => Some(watcher),
                Err(e) => {
                    notices.push(format!(
                        "Question folders are not watched ({e}): use Reload in the Problems panel after editing a set."
                    ));
                    None
                }
            }
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
            notice: (!notices.is_empty()).then(|| notices.join(" ")),
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

    fn home_data(&mut self, at: At) -> home::HomeData {
        let mut data = home::HomeData {
            next_due: self.deck.next_due_after(at.now),
            at: Some(at),
            ..home::HomeData::default()
        };
        let Ok(core) = &self.core else {
            return data;
        };
        let config = core.scheduler.config().clone();
        data.sets = self.deck.set_counts(at.now, at.utc_offset, &config);
        let today = core.scheduler.study_day(at.now, at.utc_offset);
        let read = core.store.quiz_set_scores().and_then(|scores| {
            Ok((
                scores,
                core.store
                    .done_on(today, at.utc_offset, config.rollover_hour)?,
            ))
        });
        match read {
            Ok((scores, done)) => {
                data.scores = scores;
                data.due_now = self
                    .deck
                    .queue(None, at.now, at.utc_offset, &config, done)
                    .len();
                for set in &data.sets {
                    let id = SetId::new(set.id.clone());
                    let n = self
                        .deck
                        .queue(Some(&id), at.now, at.utc_offset, &config, done)
                        .len();
                    data.studyable.insert(set.id.clone(), n);
                }
            }
            Err(e) => self.notice = Some(format!("Your progress cannot be read: {e}")),
        }
        data
    }

    /// Computes the Statistics screen's series: when it opens, when its range or set changes,
    /// when the question sets reload. Never per frame.
    fn stats_screen(&self, range: u32, set: Option<String>, at: At) -> Result<StatsScreen, String> {
        let core = self.core.as_ref().map_err(Clone::clone)?;
        let (sets, reviews) = core.store.review_points().map_err(|e| e.to_string())?;
        let quiz = core.store.quiz_points().map_err(|e| e.to_string())?;
        let config = core.scheduler.config();
        let input = SeriesInput {
            reviews: &reviews,
            sets: &sets,
            quiz: &quiz,
            now: at.now,
            utc_offset: at.utc_offset,
            rollover_hour: config.rollover_hour,
            range_days: range,
            set: set.as_deref(),
        };
        let cards = self
            .deck
            .cards()
            .map(|key| (key.set.as_str(), self.deck.state(key)));
        Ok(StatsScreen {
            range,
            series: crate::stats::series(&input, cards),
            sets: self.deck.set_counts(at.now, at.utc_offset, config),
            set,
        })
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
                // A question asked but not yet answered that was removed or changed is asked
                // again from the queue (answers given keep their snapshot and their undo).
                let stale = matches!(
                    screen.session.phase(),
                    ReviewPhase::Asking { card, question, .. }
                        if self.deck.question(card) != Some(question.as_ref())
                );
                if stale && let Ok(core) = &self.core {
                    if let Err(e) =
                        screen
                            .session
                            .reask(&self.deck, &core.store, &core.scheduler, at)
                    {
                        self.notice = Some(e.to_string());
                    }
                    screen.input_for = None;
                }
            }
            Screen::Statistics(current) => {
                let (range, set) = (current.range, current.set.clone());
                match self.stats_screen(range, set, at) {
                    Ok(screen) => self.screen = Screen::Statistics(Box::new(screen)),
                    Err(e) => self.notice = Some(e),
                }
            }
            // A quiz and its results keep the questions as they were when it began.
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
            Action::DismissNotice => self.notice = None,
            Action::ReloadQuestions => self.reload_questions(),
            Action::OpenQuestionFolder => {
                let folder = self.config.dirs.questions();
                open_folder(&folder)
                    .map_err(|e| format!("cannot open {}: {e}", folder.display()))?;
            }
            Action::OpenStatistics | Action::StatsRange(_) | Action::StatsSet(_) => {
                self.apply_stats(action, at)?;
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
            Action::StartQuiz(_)
            | Action::RetryMistakes
            | Action::QuizAnswer(_)
            | Action::QuizNext
            | Action::QuizFinish => self.apply_quiz(action, at)?,
            Action::Submit(_)
            | Action::Reveal
            | Action::RateFlashcard(_)
            | Action::ChooseRating(_)
            | Action::Next
            | Action::Undo => self.apply_review(action, at)?,
        }
        Ok(())
    }

    fn apply_quiz(&mut self, action: Action, at: At) -> Result<(), String> {
        match action {
            Action::StartQuiz(setup) => {
                let session =
                    QuizSession::start(&self.deck, setup, at.now).map_err(|e| e.to_string())?;
                self.begin_quiz(session, at)?;
            }
            Action::RetryMistakes => {
                if let Screen::Results(results) = &self.screen
                    && let Some(session) =
                        results
                            .session
                            .retry_mistakes(&self.deck, seed_from(at.now), at.now)
                {
                    self.begin_quiz(session, at)?;
                }
            }
            Action::QuizAnswer(response) => {
                let answered = self.answer_quiz(response, at);
                // Whatever happened (even the time running out meanwhile), a finished quiz
                // moves on to its results.
                self.finish_quiz_if_over(at);
                answered?;
            }
            Action::QuizNext => {
                if let Screen::Quiz(screen) = &mut self.screen {
                    screen.session.next(at.now);
                }
                self.finish_quiz_if_over(at);
            }
            Action::QuizFinish => {
                if let Screen::Quiz(screen) = &mut self.screen
                    && !screen.session.tick(at.now)
                {
                    screen.session.finish(at.now);
                }
                self.finish_quiz_if_over(at);
            }
            _ => {}
        }
        Ok(())
    }

    fn apply_stats(&mut self, action: Action, at: At) -> Result<(), String> {
        match action {
            Action::OpenStatistics => {
                let screen = self.stats_screen(statistics::RANGES[0].0, None, at)?;
                self.screen = Screen::Statistics(Box::new(screen));
            }
            Action::StatsRange(range) => {
                if let Screen::Statistics(current) = &self.screen {
                    let screen = self.stats_screen(range, current.set.clone(), at)?;
                    self.screen = Screen::Statistics(Box::new(screen));
                }
            }
            Action::StatsSet(set) => {
                if let Screen::Statistics(current) = &self.screen {
                    let screen = self.stats_screen(current.range, set, at)?;
                    self.screen = Screen::Statistics(Box::new(screen));
                }
            }
            _ => {}
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
            Action::Reveal => session.reveal(),
            Action::RateFlashcard(rating) => {
                session.rate_flashcard(&mut self.deck, &mut core.store, &core.scheduler, rating, at)
            }
            Action::ChooseRating(rating) => {
                session.choose_rating(&mut self.deck, &mut core.store, rating)
            }
            Action::Next => session.next(&self.deck, &core.store, &core.scheduler, at),
            Action::Undo => session.undo(&mut self.deck, &mut core.store, &core.scheduler, at),
            _ => Ok(()),
        };
        screen.progress = progress(&screen.session, &self.deck, core, at);
        screen.previews = match screen.session.phase() {
            ReviewPhase::Revealed { card, .. } => {
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

    /// Starts `session`, writing its attempt to the store at once.
    fn begin_quiz(&mut self, session: QuizSession, at: At) -> Result<(), String> {
        let start = session.opening(at.utc_offset);
        let id =
            match &mut self.core {
                Ok(core) => Some(core.store.start_quiz_attempt(&start).map_err(|e| {
                    format!("The quiz cannot be saved, so it was not started: {e}")
                })?),
                Err(_) => None,
            };
        self.screen = Screen::Quiz(QuizScreen::new(session, id));
        Ok(())
    }

    /// Answers the quiz's current question and stores the answer at once.
    fn answer_quiz(&mut self, response: Response, at: At) -> Result<(), String> {
        let Screen::Quiz(screen) = &mut self.screen else {
            return Ok(());
        };
        let position = screen.session.position();
        screen
            .session
            .answer(response, at.now)
            .map_err(|e| e.to_string())?;
        if let (Some(id), Some(answer), Ok(core)) = (
            screen.attempt,
            screen.session.answer_record(position),
            &mut self.core,
        ) {
            core.store
                .record_quiz_answer(id, position, &answer)
                .map_err(|e| format!("The answer could not be saved: {e}"))?;
        }
        Ok(())
    }

    /// Moves a finished quiz to its results, completing its stored attempt.
    fn finish_quiz_if_over(&mut self, at: At) {
        let Screen::Quiz(screen) = &self.screen else {
            return;
        };
        if !screen.session.is_finished() {
            return;
        }
        let (session, id) = (screen.session.clone(), screen.attempt);
        let attempt = session.attempt(at.utc_offset);
        let saved = match (&mut self.core, id) {
            (Ok(core), Some(id)) => core.store.finish_quiz_attempt(id, &attempt),
            (Ok(core), None) => core.store.record_quiz_attempt(&attempt).map(|_| ()),
            (Err(e), _) => {
                self.screen = Screen::Results(ResultsScreen {
                    session,
                    saved: Some(e.clone()),
                });
                return;
            }
        };
        self.screen = Screen::Results(ResultsScreen {
            session,
            saved: saved
                .err()
                .map(|e| format!("The score could not be saved: {e}")),
        });
    }

    fn global_keys(&self, ui: &Ui, actions: &mut Vec<Action>) {
        // In a text field, Esc only takes the keyboard away from the field (egui does that).
        if keys::pressed(ui, Key::Escape) && !matches!(self.screen, Screen::Home(_)) {
            actions.push(Action::GoHome);
        }
        if let Screen::Review(_) = self.screen {
            // In a text field, Ctrl+Z undoes typing, not the last answer.
            let undo =
                keys::pressed(ui, Key::U) || keys::pressed_with(ui, Modifiers::COMMAND, Key::Z);
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

/// What opening a profile gives: the store and scheduler, every card state, and why the day's
/// backup failed, if it did.
type Opened = (Core, HashMap<CardKey, CardState>, Option<StoreError>);

/// Opens the profile's store (making the day's backup), its scheduler and every card state.
/// A card cache that cannot be read is an error too: studying from "all new" would overwrite
/// the student's history.
fn open_core(config: &AppConfig, at: At) -> Result<Opened, String> {
    let label = at
        .now
        .with_timezone(&at.utc_offset)
        .format("%Y-%m-%d")
        .to_string();
    let (store, backup_failed) =
        profile::open_store(&config.dirs, &config.profile, &label).map_err(|e| e.to_string())?;
    let scheduler_config = store.scheduler_config().map_err(|e| e.to_string())?;
    let scheduler = Scheduler::new(scheduler_config).map_err(|e| e.to_string())?;
    let states = store.card_states().map_err(|e| e.to_string())?;
    Ok((Core { store, scheduler }, states, backup_failed))
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

impl App {
    /// The top bar, the Problems panel and the notice, around every screen.
    fn chrome_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
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
                    problems::problems_ui(ui, &self.deck.bank().problems, actions);
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
                        actions.push(Action::DismissNotice);
                    }
                });
            });
        }
    }
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

        self.chrome_ui(ui, &mut actions);

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
            Screen::Quiz(screen) => quiz::quiz_ui(ui, screen, at, &mut actions),
            Screen::Results(results) => quiz::results_ui(ui, results, &mut actions),
            Screen::Settings(form) => settings::settings_ui(ui, form, &mut actions),
            Screen::Statistics(screen) => {
                let titles: Vec<(String, String)> = self
                    .deck
                    .bank()
                    .sets
                    .iter()
                    .map(|l| (l.set.id.to_string(), l.set.title.clone()))
                    .collect();
                statistics::statistics_ui(ui, screen, &titles, &mut actions);
            }
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

/// The card a review screen shows and its question, unless the session is finished.
pub(super) fn asked(session: &ReviewSession) -> Option<(&CardKey, &Arc<Question>)> {
    match session.phase() {
        ReviewPhase::Asking { card, question, .. }
        | ReviewPhase::Revealed { card, question }
        | ReviewPhase::Feedback { card, question, .. } => Some((card, question)),
        ReviewPhase::Finished { .. } => None,
    }
}
