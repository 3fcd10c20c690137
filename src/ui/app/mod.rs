//! The eframe app: which screen is shown, and the one place that routes the actions views
//! return to the application layer ([`Collection`]). It opens no database and schedules
//! nothing: the collection does, on a background thread at start.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use chrono::{Local, Offset as _, Utc};
use egui::{Key, Modifiers, Ui};

use super::action::Action;
use super::keys;
use super::prefs::{PREFS_KEY, Prefs};
use super::quiz::{QuizScreen, ResultsScreen, SetupForm};
use super::settings::SettingsForm;
use super::statistics::StatsScreen;
use super::theme;
use super::watch::FolderWatcher;
use super::{home, problems, quiz, review, settings, statistics};
use crate::app::{self, AppError, At, Collection, Opened, ReviewPhase};
use crate::bank::{Bank, LoadProgress, Problem, SetId, Source};
use crate::paths::{DataDirs, Profile};
use crate::schedule::Config;
use crate::study::StudyError;
use crate::text::ShowPath as _;

mod aside;
mod estimating;
mod optimizing;
mod teacher;

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
                // The window's one reading of the clock; everything below is passed `At`.
                #[allow(clippy::disallowed_methods)]
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
    /// Whether to open the profile and load the questions on a background thread, so that
    /// the first frame never waits for them (tests may load before the first frame).
    pub load_in_background: bool,
    /// When the process started, to report the time to the first frame.
    pub started: Option<Instant>,
}

impl AppConfig {
    /// The sources questions load from, in order.
    pub fn sources(&self) -> Vec<Source> {
        app::sources(&self.dirs, &self.questions, self.shipped)
    }
}

/// Which screen is shown.
pub(super) enum Screen {
    Home(Box<home::HomeData>),
    Review(Box<review::ReviewScreen>),
    QuizSetup(SetupForm),
    Quiz(Box<QuizScreen>),
    Results(Box<ResultsScreen>),
    Settings(Box<SettingsForm>),
    Statistics(Box<StatsScreen>),
    Sets(Box<super::sets::SetsScreen>),
    Editor(Box<super::editor::EditorScreen>),
}

/// A load running on another thread, and how far it has come.
struct Loading<T> {
    result: Receiver<T>,
    progress: Arc<LoadProgress>,
}

impl<T: Send + 'static> Loading<T> {
    fn start(work: impl FnOnce(&LoadProgress) -> T + Send + 'static, ctx: &egui::Context) -> Self {
        let (send, result) = std::sync::mpsc::channel();
        let progress = Arc::new(LoadProgress::default());
        let shared = progress.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let _ = send.send(work(&shared));
            ctx.request_repaint();
        });
        Self { result, progress }
    }
}

/// Opening failed: why, and the problems of the question files, which still show.
type Refused = (String, Vec<Problem>);

/// The profile: being opened, open, or refused.
enum Core {
    Opening(Loading<Result<Opened, Refused>>),
    Open(Box<Collection>),
    Failed(Refused),
}

/// The allydeck window.
pub struct App {
    config: AppConfig,
    prefs: Prefs,
    core: Core,
    screen: Screen,
    problems_open: bool,
    known_problems: usize,
    watcher: Option<FolderWatcher>,
    reload_at: Option<Instant>,
    reloading: Option<Loading<Bank>>,
    /// A reload that finished while the profile was still opening, taken in once it is open.
    pending_reload: Option<Bank>,
    notice: Option<String>,
    /// The kind of action whose failure the notice reports: a later success of the same kind
    /// (the disk has room again) takes the notice away.
    notice_from: Option<std::mem::Discriminant<Action>>,
    /// The question folder's path, shown after "Open question folder" (with why no file
    /// manager opened, if none could be started), to copy.
    folder_shown: Option<(PathBuf, Option<String>)>,
    /// What the last action of the Sets screen or the editor did (a set made, a question
    /// deleted), until dismissed: news, not a warning.
    info: Option<String>,
    /// The report of the last import or export, until closed.
    report: Option<String>,
    /// The "study more" choices on Home.
    home_form: home::HomeForm,
    /// The frame whose input last produced actions: a second pass of it acts on nothing.
    acted_in_frame: Option<u64>,
    /// Whether a text field had the keyboard at the end of the last frame.
    typed_last_frame: bool,
    /// The window is to close (the teacher chose to quit from the editor's question).
    quitting: bool,
    /// The student's parameters being fitted on another thread.
    optimizing: Option<optimizing::Optimizing>,
    /// The estimate of what a retention costs, while it runs.
    estimating: Option<estimating::Estimating>,
    /// What estimates start from, read once while Settings is open.
    workload_start: Option<std::sync::Arc<crate::schedule::workload::Start>>,
}

/// Opens the profile and loads its questions: on the background thread, or at once.
fn open(config: &AppConfig, progress: &LoadProgress) -> Result<Opened, Refused> {
    let at = config.clock.at();
    let bank = Bank::load_with_progress(&config.sources(), progress);
    let problems = bank.problems.clone();
    Collection::open(&config.dirs, &config.profile, bank, at).map_err(|e| (e.to_string(), problems))
}

impl App {
    /// Shows the window at once and opens the profile's store and question sets, in the
    /// background unless the config says otherwise.
    pub fn new(cc: &eframe::CreationContext<'_>, config: AppConfig) -> Self {
        let prefs: Prefs = cc
            .storage
            .and_then(|storage| eframe::get_value(storage, PREFS_KEY))
            .unwrap_or_default();
        theme::apply(&cc.egui_ctx, prefs.theme, prefs.text_scale);
        let mut notices = Vec::new();
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
        let core = if config.load_in_background {
            let for_thread = config.clone();
            Core::Opening(Loading::start(
                move |progress| open(&for_thread, progress),
                &cc.egui_ctx,
            ))
        } else {
            Core::Failed((String::new(), Vec::new()))
        };
        let mut app = Self {
            config,
            prefs,
            core,
            screen: Screen::Home(Box::default()),
            problems_open: false,
            known_problems: 0,
            watcher,
            reload_at: None,
            reloading: None,
            pending_reload: None,
            notice: (!notices.is_empty()).then(|| notices.join(" ")),
            notice_from: None,
            folder_shown: None,
            report: None,
            info: None,
            home_form: home::HomeForm::default(),
            acted_in_frame: None,
            typed_last_frame: false,
            quitting: false,
            optimizing: None,
            estimating: None,
            workload_start: None,
        };
        if !app.config.load_in_background {
            let opened = open(&app.config, &LoadProgress::default());
            app.opened(opened);
        }
        app
    }

    /// Takes the opened profile in: Home fills in.
    fn opened(&mut self, opened: Result<Opened, Refused>) {
        match opened {
            Ok(Opened {
                collection,
                backup_failed,
            }) => {
                if let Some(e) = backup_failed {
                    self.add_notice(format!(
                        "Today's backup was not made ({e}); studying is safe."
                    ));
                }
                self.known_problems = collection.bank().problems.len();
                self.problems_open = self.known_problems > 0;
                self.core = Core::Open(Box::new(collection));
                // A set saved while the profile was opening.
                if let Some(bank) = self.pending_reload.take() {
                    self.reloaded(bank);
                }
                self.go_home();
            }
            Err(refused) => {
                self.problems_open = !refused.1.is_empty();
                self.core = Core::Failed(refused);
            }
        }
    }

    fn add_notice(&mut self, notice: String) {
        self.notice = Some(match self.notice.take() {
            Some(old) => format!("{old} {notice}"),
            None => notice,
        });
    }

    /// The window preferences in effect.
    pub fn prefs(&self) -> &Prefs {
        &self.prefs
    }

    /// Whether Settings waits for an estimate of what a retention costs: one is being made on
    /// another thread, or the one shown is not for the settings as they are now.
    pub fn is_estimating(&self) -> bool {
        self.estimating.is_some()
            || matches!(&self.screen, Screen::Settings(form)
                if form.workload.asked != form.workload.shown_for)
    }

    /// Whether the profile and its questions are still being opened.
    pub fn is_loading(&self) -> bool {
        matches!(self.core, Core::Opening(_))
    }

    /// The scheduling settings in effect, if the profile is open.
    pub fn scheduler_config(&self) -> Option<&Config> {
        self.collection().map(Collection::config)
    }

    fn collection(&self) -> Option<&Collection> {
        match &self.core {
            Core::Open(collection) => Some(collection),
            _ => None,
        }
    }

    fn collection_mut(&mut self) -> Result<&mut Collection, String> {
        match &mut self.core {
            Core::Open(collection) => Ok(collection),
            Core::Opening(_) => Err("Your progress is still being opened.".to_owned()),
            Core::Failed((e, _)) => Err(e.clone()),
        }
    }

    fn home_data(&mut self, at: At) -> home::HomeData {
        let read = self.collection_mut().map(|c| c.home(at));
        match read {
            Ok(Ok(data)) => data,
            Ok(Err(e)) => {
                self.notice = Some(format!("Your progress cannot be read: {e}"));
                home::HomeData::default()
            }
            Err(_) => home::HomeData::default(),
        }
    }

    /// The Statistics screen for `range` and `set`: computed when it opens and when its range,
    /// its set or the questions change. Never per frame.
    fn stats_screen(&self, range: u32, set: Option<SetId>, at: At) -> Result<StatsScreen, String> {
        let collection = self
            .collection()
            .ok_or_else(|| "Your progress is not open.".to_owned())?;
        let stats = collection
            .statistics(range, set.as_ref(), at)
            .map_err(|e| e.to_string())?;
        Ok(StatsScreen {
            calibration: None,
            range,
            series: stats.series,
            sets: stats.sets,
            set,
        })
    }

    /// Reloads every question set in the background (a file changed, or the student asked).
    fn start_reload(&mut self, ctx: &egui::Context) {
        if self.reloading.is_none() {
            let sources = self.config.sources();
            self.reloading = Some(Loading::start(
                move |progress| Bank::load_with_progress(&sources, progress),
                ctx,
            ));
        }
    }

    /// Reloads the question sets on the next frame (a set was saved from the window: the
    /// folder watcher, if any, sees it too, a little later).
    fn reload_now(&mut self) {
        self.reload_at = Some(Instant::now());
    }

    /// Takes a reloaded bank in and refreshes the screen that shows it.
    fn reloaded(&mut self, bank: Bank) {
        let count = bank.problems.len();
        let at = self.config.clock.at();
        let Core::Open(collection) = &mut self.core else {
            if matches!(self.core, Core::Opening(_)) {
                self.pending_reload = Some(bank);
            }
            return;
        };
        collection.reload(bank);
        // The editor shows its question's problems itself: a save with a warning does not
        // open the panel over it.
        if count > self.known_problems && !matches!(self.screen, Screen::Editor(_)) {
            self.problems_open = true;
        }
        if count == 0 {
            self.problems_open = false;
        }
        self.known_problems = count;
        match &mut self.screen {
            Screen::Home(_) => self.go_home(),
            Screen::Review(screen) => {
                // A question asked but not yet answered that was removed or changed is asked
                // again from the queue (answers given keep their snapshot and their undo).
                let stale = matches!(
                    screen.session.phase(),
                    ReviewPhase::Asking { card, question, .. }
                        if collection.deck().question(card) != Some(question)
                );
                if stale {
                    if let Err(e) = collection.reask(&mut screen.session, at) {
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
            Screen::Sets(current) => {
                let old = std::mem::take(&mut **current);
                match self.sets_screen(old, at) {
                    Ok(screen) => self.screen = Screen::Sets(Box::new(screen)),
                    Err(e) => self.notice = Some(e),
                }
            }
            // A quiz and its results keep the questions as they were when it began.
            _ => {}
        }
    }

    /// Home, from the screen shown: what belonged to that screen goes.
    fn leave_for_home(&mut self, ctx: &egui::Context) {
        if let Screen::Review(_) = self.screen {
            // "U undoes" is said of the session left.
            self.info = None;
        }
        if let Screen::Settings(_) = self.screen {
            // A preview not saved goes back to the saved theme and text size.
            theme::apply(ctx, self.prefs.theme, self.prefs.text_scale);
        }
        self.go_home();
    }

    fn go_home(&mut self) {
        let at = self.config.clock.at();
        self.screen = Screen::Home(Box::new(self.home_data(at)));
    }

    /// Applies one action; failures become a notice, never a panic.
    fn apply(&mut self, action: Action, ctx: &egui::Context) {
        let kind = std::mem::discriminant(&action);
        match self.try_apply(action, ctx) {
            Err(e) => {
                self.notice = Some(e);
                self.notice_from = Some(kind);
            }
            Ok(()) if self.notice_from == Some(kind) => {
                self.notice = None;
                self.notice_from = None;
            }
            Ok(()) => {}
        }
    }

    fn try_apply(&mut self, action: Action, ctx: &egui::Context) -> Result<(), String> {
        let at = self.config.clock.at();
        if action.is_teacher() {
            return self.apply_teacher(action, at);
        }
        if action.is_aside() {
            return self.apply_aside(&action, at);
        }
        match action {
            Action::GoHome => self.leave_for_home(ctx),
            Action::PreviewPrefs(_)
            | Action::SettingsAskLeave
            | Action::SettingsStay
            | Action::OpenSettings
            | Action::SaveSettings(_) => self.apply_settings(action, ctx, at)?,
            Action::OptimizeStart | Action::OptimizeCancel | Action::OptimizeApply => {
                self.apply_optimize(&action, ctx, at)?;
            }
            Action::EstimateWorkload(config) => self.estimate_workload(*config, ctx, at)?,
            Action::ToggleProblems => self.problems_open = !self.problems_open,
            Action::DismissNotice => self.notice = None,
            Action::DismissInfo => self.info = None,
            Action::Quit => self.quitting = true,
            Action::ReloadQuestions => self.start_reload(ctx),
            Action::OpenQuestionFolder => {
                let folder = self.config.dirs.questions();
                let failed = open_folder(&folder).err().map(|e| e.to_string());
                self.folder_shown = Some((folder, failed));
            }
            Action::CloseFolder => self.folder_shown = None,
            Action::ImportFiles(files) => {
                let report = self.import_files(files)?;
                self.report = Some(report);
                // The watcher sees the new files too; reloading now shows them at once.
                self.start_reload(ctx);
            }
            Action::ExportSet(set, file) => self.report = Some(self.export_set(&set, &file, at)?),
            Action::CloseReport => self.report = None,
            Action::CopyText(text) => ctx.copy_text(text),
            Action::OpenStatistics
            | Action::StatsRange(_)
            | Action::StatsSet(_)
            | Action::ShowCalibration => self.apply_stats(action, at)?,
            Action::Study(_) | Action::ReviewAhead(_) | Action::LearnMoreNew(_) => {
                let collection = self.collection_mut()?;
                let session = match action {
                    Action::ReviewAhead(days) => collection.start_review_ahead(None, days, at),
                    Action::LearnMoreNew(n) => collection
                        .learn_more_new(n, at)
                        .and_then(|()| collection.start_review(None, at)),
                    Action::Study(scope) => collection.start_review(scope, at),
                    _ => return Ok(()),
                }
                .map_err(|e| e.to_string())?;
                let mut screen = review::ReviewScreen::new(session);
                screen.progress = collection.progress(&screen.session, at).unwrap_or_default();
                self.screen = Screen::Review(Box::new(screen));
            }
            Action::OpenQuizSetup(scope) => {
                let collection = self
                    .collection()
                    .ok_or_else(|| "Your progress is not open.".to_owned())?;
                let mut form = SetupForm::new(collection.deck(), scope, app::seed_from(at.now));
                form.read_only = collection.read_only().is_some();
                self.screen = Screen::QuizSetup(form);
            }
            Action::StartQuiz(_)
            | Action::RetryMistakes
            | Action::QuizAnswer(_)
            | Action::QuizNext
            | Action::QuizFinish
            | Action::QuizOverrule(_)
            | Action::QuizDiscard
            | Action::QuizGoTo(_)
            | Action::QuizFlag(_)
            | Action::ResumeQuiz(_)
            | Action::DiscardQuiz(_) => self.apply_quiz(action, at)?,
            Action::QuizAsk(confirm) => {
                if let Screen::Quiz(screen) = &mut self.screen {
                    screen.confirm = Some(confirm);
                }
            }
            Action::QuizStay => {
                if let Screen::Quiz(screen) = &mut self.screen {
                    screen.confirm = None;
                }
            }
            Action::Submit(_)
            | Action::Reveal
            | Action::RateFlashcard(_)
            | Action::ChooseRating(_)
            | Action::Overrule
            | Action::Next
            | Action::Undo => self.apply_review(action, at)?,
            _ => self.apply_teacher(action, at)?,
        }
        Ok(())
    }

    fn apply_stats(&mut self, action: Action, at: At) -> Result<(), String> {
        if action == Action::ShowCalibration {
            let calibration = self
                .collection()
                .ok_or_else(|| "Your progress is not open.".to_owned())?
                .calibration()
                .map_err(|e| e.to_string());
            if let Screen::Statistics(screen) = &mut self.screen {
                screen.calibration = Some(calibration);
            }
            return Ok(());
        }
        let screen = match (action, &self.screen) {
            (Action::OpenStatistics, _) => self.stats_screen(statistics::RANGES[0].0, None, at)?,
            (Action::StatsRange(range), Screen::Statistics(current)) => {
                self.stats_screen(range, current.set.clone(), at)?
            }
            (Action::StatsSet(set), Screen::Statistics(current)) => {
                self.stats_screen(current.range, set, at)?
            }
            _ => return Ok(()),
        };
        self.screen = Screen::Statistics(Box::new(screen));
        Ok(())
    }

    /// Makes sets of `files` in the question folder, as `allydeck import` does; returns the
    /// report to show.
    fn import_files(&mut self, files: Vec<PathBuf>) -> Result<String, String> {
        let collection = self
            .collection()
            .ok_or("The questions are still loading.")?;
        let request = crate::app::transfer::ImportRequest {
            files,
            ..Default::default()
        };
        let (done, history) = crate::app::transfer::import(
            &request,
            &self.config.dirs.questions(),
            collection.bank(),
        )
        .map_err(|e| format!("Nothing was imported: {e:#}"))?;
        let mut report: String = done.iter().map(crate::app::transfer::report).collect();
        if !history.reviews.is_empty() {
            let _ = writeln!(
                report,
                "The package holds {} reviews; they were not added to your log (the command \
                 `allydeck import --with-progress` adds them).",
                history.reviews.len()
            );
        }
        Ok(report)
    }

    /// Writes `set` to `file` in the format its extension names, as `allydeck export` does.
    fn export_set(&self, set: &SetId, file: &Path, at: At) -> Result<String, String> {
        let collection = self
            .collection()
            .ok_or("The questions are still loading.")?;
        let extension = file
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let format = match extension.as_str() {
            "txt" => Some(crate::app::transfer::Given::Text(
                crate::formats::Format::Aiken,
            )),
            other => crate::app::transfer::Given::from_name(other),
        }
        .ok_or_else(|| {
            "Choose a file ending in .gift, .apkg, .csv, .tsv or .txt (Aiken): the ending \
             says the format."
                .to_owned()
        })?;
        let notes = crate::app::transfer::export(
            collection.bank(),
            set.as_str(),
            format,
            file,
            at.now.timestamp_millis(),
        )
        .map_err(|e| format!("Nothing was written: {e:#}"))?;
        let mut report = format!("Wrote {} to {}.\n", set.as_str(), file.shown());
        if !notes.is_empty() {
            let _ = writeln!(
                report,
                "Not carried, or carried with a loss ({}):",
                notes.len()
            );
            for note in notes {
                let _ = writeln!(report, "  {note}");
            }
        }
        Ok(report)
    }

    fn apply_settings(
        &mut self,
        action: Action,
        ctx: &egui::Context,
        at: At,
    ) -> Result<(), String> {
        match action {
            Action::PreviewPrefs(prefs) => theme::apply(ctx, prefs.theme, prefs.text_scale),
            Action::SettingsAskLeave => {
                if let Screen::Settings(form) = &mut self.screen {
                    form.confirm_leave = true;
                }
            }
            Action::SettingsStay => {
                if let Screen::Settings(form) = &mut self.screen {
                    form.confirm_leave = false;
                }
            }
            Action::OpenSettings => {
                let config = self.scheduler_config().cloned().unwrap_or_default();
                self.screen = Screen::Settings(Box::new(SettingsForm::new(&config, &self.prefs)));
            }
            Action::SaveSettings(boxed) => {
                let (config, prefs) = *boxed;
                let config_saved = config.clone();
                let leave = match &mut self.screen {
                    Screen::Settings(form) => std::mem::take(&mut form.leave_after_save),
                    _ => false,
                };
                self.collection_mut()?
                    .save_config(config, at)
                    .map_err(|e| e.to_string())?;
                self.prefs = prefs;
                theme::apply(ctx, self.prefs.theme, self.prefs.text_scale);
                if let Screen::Settings(form) = &mut self.screen {
                    form.saved = true;
                    // The cards are read again for the next estimate (a new rollover hour
                    // moves today).
                    self.workload_start = None;
                    if (form.original.0.desired_retention - config_saved.desired_retention).abs()
                        > f32::EPSILON
                        || form.original.0.rollover_hour != config_saved.rollover_hour
                    {
                        // Another retention in force, or another day: the estimate changes.
                        form.workload.asked = None;
                    }
                    form.original = (config_saved, self.prefs.clone());
                }
                if leave {
                    self.go_home();
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn apply_quiz(&mut self, action: Action, at: At) -> Result<(), String> {
        let Core::Open(collection) = &mut self.core else {
            return Err("Your progress is not open.".to_owned());
        };
        let not_saved =
            |e: AppError| format!("The quiz cannot be saved, so it was not started: {e}");
        match action {
            Action::StartQuiz(setup) => {
                let quiz = collection.start_quiz(setup, at).map_err(|e| match e {
                    AppError::Study(e) => e.to_string(),
                    other => not_saved(other),
                })?;
                self.screen = Screen::Quiz(Box::new(QuizScreen::new(quiz)));
            }
            Action::RetryMistakes => {
                if let Screen::Results(results) = &self.screen
                    && let Some(quiz) = collection
                        .retry_mistakes(&results.quiz, at)
                        .map_err(not_saved)?
                {
                    self.screen = Screen::Quiz(Box::new(QuizScreen::new(quiz)));
                }
            }
            Action::QuizAnswer(response) => {
                if let Screen::Quiz(screen) = &mut self.screen {
                    let answered = collection.answer_quiz(&mut screen.quiz, response, at);
                    // Whatever happened (even the time running out meanwhile), a finished
                    // quiz moves on to its results.
                    self.show_results_if_over();
                    match answered {
                        Err(AppError::Study(StudyError::NotNow(_))) | Ok(()) => {}
                        Err(e) => return Err(format!("The answer could not be saved: {e}")),
                    }
                }
            }
            Action::QuizNext => {
                if let Screen::Quiz(screen) = &mut self.screen {
                    collection.quiz_next(&mut screen.quiz, at);
                }
                self.show_results_if_over();
            }
            Action::QuizFinish => {
                if let Screen::Quiz(screen) = &mut self.screen {
                    screen.confirm = None;
                    collection.finish_quiz(&mut screen.quiz, at);
                }
                self.show_results_if_over();
            }
            Action::QuizDiscard => {
                if let Screen::Quiz(screen) = &self.screen {
                    collection
                        .leave_quiz(&screen.quiz, at)
                        .map_err(|e| format!("The quiz could not be discarded: {e}"))?;
                }
                self.go_home();
            }
            Action::QuizGoTo(position) => {
                if let Screen::Quiz(screen) = &mut self.screen {
                    match collection.quiz_go_to(&mut screen.quiz, position, at) {
                        Err(AppError::Study(StudyError::NotNow(_))) | Ok(()) => {}
                        Err(e) => return Err(e.to_string()),
                    }
                }
                self.show_results_if_over();
            }
            Action::QuizFlag(position) => {
                if let Screen::Quiz(screen) = &mut self.screen {
                    collection
                        .toggle_quiz_flag(&mut screen.quiz, position)
                        .map_err(|e| format!("The flag could not be saved: {e}"))?;
                }
            }
            Action::ResumeQuiz(attempt) => {
                let quiz = collection
                    .resume_quiz(attempt, at)
                    .map_err(|e| e.to_string())?;
                self.screen = Screen::Quiz(Box::new(QuizScreen::new(quiz)));
                self.show_results_if_over();
            }
            Action::DiscardQuiz(attempt) => {
                collection
                    .discard_quiz(attempt, at)
                    .map_err(|e| format!("The quiz could not be discarded: {e}"))?;
                self.go_home();
            }
            Action::QuizOverrule(position) => {
                let quiz = match &mut self.screen {
                    Screen::Quiz(screen) => &mut screen.quiz,
                    Screen::Results(results) => &mut results.quiz,
                    _ => return Ok(()),
                };
                match collection.overrule_quiz(quiz, position, at) {
                    Err(AppError::Study(StudyError::NotNow(_))) | Ok(()) => {}
                    Err(e) => return Err(format!("The change could not be saved: {e}")),
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Moves a finished quiz (already stored by the collection) to its results.
    fn show_results_if_over(&mut self) {
        if let Screen::Quiz(screen) = &self.screen
            && screen.quiz.is_finished()
        {
            let quiz = screen.quiz.clone();
            self.screen = Screen::Results(Box::new(ResultsScreen { quiz }));
        }
    }

    fn apply_review(&mut self, action: Action, at: At) -> Result<(), String> {
        let Screen::Review(screen) = &mut self.screen else {
            return Ok(());
        };
        // What the last suspend or bury said is old news once the session moves on.
        self.info = None;
        let Core::Open(collection) = &mut self.core else {
            return Err("Your progress is not open.".to_owned());
        };
        let session = &mut screen.session;
        // What an undo takes back, to say so: the card leaves or comes back without a word.
        let undoing = (action == Action::Undo)
            .then(|| {
                let card = session.undo_card()?;
                let prompt = collection.deck().question(card)?.prompt().to_owned();
                Some((session.undo_step()?, prompt))
            })
            .flatten();
        let result = match action {
            Action::Submit(response) => collection.submit(session, response, at),
            Action::Reveal => collection.reveal(session, at),
            Action::RateFlashcard(rating) => collection.rate_flashcard(session, rating, at),
            Action::ChooseRating(rating) => collection.choose_rating(session, rating),
            Action::Overrule => collection.overrule(session),
            Action::Next => collection.next(session, at),
            Action::Undo => collection.undo(session, at),
            _ => Ok(()),
        };
        screen.progress = collection.progress(session, at).unwrap_or_default();
        if result.is_ok()
            && let Some((step, prompt)) = undoing
        {
            let what = match step {
                crate::app::UndoStep::Answer => "the answer to",
                crate::app::UndoStep::Suspend => "the suspend of",
                crate::app::UndoStep::Bury => "the bury of",
            };
            self.info = Some(format!("Undone: {what} “{prompt}”."));
        }
        match result {
            // A shortcut pressed where it does not apply (Space on the last screen, say).
            Err(AppError::Study(StudyError::NotNow(_))) | Ok(()) => Ok(()),
            Err(other) => Err(other.to_string()),
        }
    }

    fn global_keys(&self, ui: &Ui, actions: &mut Vec<Action>) {
        // On the Sets screen and in the editor, where the teacher types in many fields, Esc in
        // a field only takes the keyboard away from it; egui has already done that when this
        // frame begins, so the field is known from the frame before. Elsewhere the field is the
        // answer, which has the keyboard by itself, and Esc leaves at once.
        let in_form = matches!(self.screen, Screen::Sets(_) | Screen::Editor(_));
        if keys::pressed(ui, Key::Escape) && !(in_form && self.typed_last_frame) {
            match &self.screen {
                Screen::Home(_) => {}
                // A running quiz asks before it is left; Esc on that question stays.
                Screen::Quiz(screen) if screen.confirm.is_some() => actions.push(Action::QuizStay),
                Screen::Quiz(_) => actions.push(Action::QuizAsk(quiz::Confirm::Leave)),
                Screen::Settings(form) if form.confirm_leave => {
                    actions.push(Action::SettingsStay);
                }
                Screen::Settings(form) => actions.push(settings::leave(form)),
                Screen::Editor(editor) => actions.push(super::editor::escape(editor)),
                Screen::Review(screen) if screen.info.is_some() => {
                    actions.push(Action::CloseCardInfo);
                }
                _ => actions.push(Action::GoHome),
            }
        }
        if let Screen::Review(screen) = &self.screen {
            if screen.info.is_some() {
                if keys::pressed(ui, Key::I) {
                    actions.push(Action::CloseCardInfo);
                }
                return;
            }
            // In a text field, Ctrl+Z undoes typing, not the last answer.
            let undo =
                keys::pressed(ui, Key::U) || keys::pressed_with(ui, Modifiers::COMMAND, Key::Z);
            if undo {
                actions.push(Action::Undo);
            }
        }
    }

    /// Takes in what the background threads finished.
    fn poll_loading(&mut self, ctx: &egui::Context) {
        if let Core::Opening(loading) = &self.core {
            match loading.result.try_recv() {
                Ok(opened) => self.opened(opened),
                Err(TryRecvError::Empty) => {
                    ctx.request_repaint_after(std::time::Duration::from_millis(50));
                }
                Err(TryRecvError::Disconnected) => {
                    self.core =
                        Core::Failed(("The questions could not be loaded.".to_owned(), Vec::new()));
                }
            }
        }
        if let Some(loading) = &self.reloading {
            match loading.result.try_recv() {
                Ok(bank) => {
                    self.reloading = None;
                    self.reloaded(bank);
                }
                Err(TryRecvError::Empty) => {
                    ctx.request_repaint_after(std::time::Duration::from_millis(50));
                }
                Err(TryRecvError::Disconnected) => self.reloading = None,
            }
        }
    }
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
    match std::process::Command::new(program).arg(folder).spawn() {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(std::io::Error::new(
            e.kind(),
            format!("{program} is not installed"),
        )),
        Err(e) => Err(e),
    }
}

/// Where the question folder is, to copy: a file manager may not have opened (none is
/// installed, or it shows on another screen).
fn folder_ui(
    ui: &mut Ui,
    folder: &std::path::Path,
    failed: Option<&str>,
    actions: &mut Vec<Action>,
) {
    let path = folder.shown().to_string();
    match failed {
        Some(why) => ui.label(format!(
            "No file manager could be started ({why}). Open this folder yourself and put your \
             .ron question sets in it; allydeck loads them at once:"
        )),
        None => ui.label(
            "Your question folder: put .ron question sets in it and allydeck loads them at \
             once. If no file manager opened, open it yourself:",
        ),
    };
    ui.horizontal_wrapped(|ui| {
        let mut shown = path.as_str();
        let field = ui.add(
            egui::TextEdit::singleline(&mut shown)
                .desired_width(ui.available_width().min(520.0))
                .font(egui::TextStyle::Monospace),
        );
        field.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Question folder path")
        });
        if ui.button("Copy path").clicked() {
            actions.push(Action::CopyText(path.clone()));
        }
        if ui.button("Close").clicked() {
            actions.push(Action::CloseFolder);
        }
    });
}

/// "Loading question sets… 3 of 10 files", with a bar, while the profile opens.
fn loading_ui(ui: &mut Ui, progress: &LoadProgress) {
    let (done, total) = progress.files();
    ui.add_space(24.0);
    ui.horizontal(|ui| {
        ui.spinner();
        ui.heading("Opening your progress and question sets…");
    });
    ui.add_space(8.0);
    #[allow(clippy::cast_precision_loss)] // Counts of files.
    let share = if total == 0 {
        0.0
    } else {
        done as f32 / total as f32
    };
    ui.add(
        egui::ProgressBar::new(share)
            .desired_width(320.0)
            .text(format!("{done} of {total} question files read")),
    );
}

impl App {
    /// The top bar, the Problems panel and the notice, around every screen.
    fn chrome_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let problems = match &self.core {
            Core::Open(c) => c.bank().problems.as_slice(),
            Core::Failed((_, problems)) => problems.as_slice(),
            Core::Opening(_) => &[],
        };
        let problem_count = problems.len();
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
                    if self.reloading.is_some() {
                        ui.spinner();
                        ui.label(theme::quiet(ui, "Reloading question sets…"));
                    }
                });
            });
        });

        if self.problems_open {
            egui::Panel::bottom("problems")
                .resizable(true)
                .default_size(160.0)
                .show(ui, |ui| {
                    problems::problems_ui(ui, problems, actions);
                });
        }

        if let Some(why) = self.collection().and_then(Collection::read_only) {
            egui::Panel::top("read-only").show(ui, |ui| {
                ui.label(
                    egui::RichText::new(format!(
                        "Read-only: {}. Sets, statistics and practice quizzes work; nothing \
                         you do is stored. Study once the folder can be written.",
                        why.trim_end_matches('.')
                    ))
                    .color(theme::wrong(ui.visuals().dark_mode)),
                );
            });
        }

        if let Some(report) = &self.report {
            egui::Window::new("Import and export")
                .collapsible(false)
                .show(ui.ctx(), |ui| {
                    egui::ScrollArea::vertical()
                        .max_height(360.0)
                        .id_salt("report")
                        .show(ui, |ui| {
                            ui.add(egui::Label::new(report.as_str()).wrap());
                        });
                    if ui.button("Close the report").clicked()
                        || keys::pressed(ui, egui::Key::Escape)
                    {
                        actions.push(Action::CloseReport);
                    }
                });
        }

        if let Some((folder, failed)) = &self.folder_shown {
            egui::Panel::bottom("folder").show(ui, |ui| {
                folder_ui(ui, folder, failed.as_deref(), actions);
            });
        }

        if let Some(info) = &self.info {
            message_panel(ui, "info", &format!("✔ {info}"), false, actions);
        }
        if let Some(notice) = &self.notice {
            message_panel(ui, "notice", &format!("⚠ {notice}"), true, actions);
        }
    }
}

/// A line of news (`warning` false) or of warning at the bottom of the window, until dismissed.
fn message_panel(ui: &mut Ui, id: &str, text: &str, warning: bool, actions: &mut Vec<Action>) {
    egui::Panel::bottom(id.to_owned()).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            let dark = ui.visuals().dark_mode;
            let color = if warning {
                theme::wrong(dark)
            } else {
                theme::right(dark)
            };
            ui.add(egui::Label::new(egui::RichText::new(text).color(color)).wrap());
            let (label, action) = if warning {
                ("Dismiss", Action::DismissNotice)
            } else {
                ("OK", Action::DismissInfo)
            };
            if ui.button(label).clicked() {
                actions.push(action);
            }
        });
    });
}

impl App {
    /// A question file changed on disk, or a save asked for a reload: the sets are read again
    /// once the writes settle.
    fn poll_folders(&mut self, ctx: &egui::Context) {
        if self.watcher.as_ref().is_some_and(FolderWatcher::changed) {
            // Editors save in several steps: wait for the writes to settle.
            self.reload_at = Some(Instant::now() + std::time::Duration::from_millis(200));
            ctx.request_repaint_after(std::time::Duration::from_millis(220));
        }
        if self.reload_at.is_some_and(|t| Instant::now() >= t) {
            self.reload_at = None;
            self.start_reload(ctx);
        } else if let Some(t) = self.reload_at {
            ctx.request_repaint_after(t.saturating_duration_since(Instant::now()));
        }
    }

    /// Closing the window with a question edited and not saved asks first.
    fn ask_before_close(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested())
            && !self.quitting
            && let Screen::Editor(editor) = &mut self.screen
            && editor.has_changes()
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            editor.confirm = Some(super::editor::Confirm::Close);
        }
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        // The first frame reports how long the start took, once.
        if let Some(started) = self.config.started.take() {
            eprintln!(
                "allydeck: first frame after {} ms",
                started.elapsed().as_millis()
            );
        }
        let ctx = ui.ctx().clone();
        self.poll_loading(&ctx);
        self.poll_optimizing(&ctx);
        self.poll_estimating(self.config.clock.at());
        self.poll_folders(&ctx);
        let at = self.config.clock.at();
        let mut actions = Vec::new();
        self.ask_before_close(&ctx);
        if !self.is_loading() {
            self.global_keys(ui, &mut actions);
        }

        self.chrome_ui(ui, &mut actions);
        // Files dropped on Home are imported, as with Import….
        if matches!(self.screen, Screen::Home(_)) && !self.is_loading() {
            let dropped: Vec<PathBuf> = ctx.input(|i| {
                i.raw
                    .dropped_files
                    .iter()
                    .map(|f| f.path().to_path_buf())
                    .collect()
            });
            if !dropped.is_empty() {
                actions.push(Action::ImportFiles(dropped));
            }
        }

        let folder = self.config.dirs.questions();
        let database = self.config.dirs.database(&self.config.profile);
        egui::CentralPanel::default().show(ui, |ui| {
            let collection = match &self.core {
                Core::Opening(loading) => return loading_ui(ui, &loading.progress),
                Core::Failed((message, _)) => {
                    return home::store_error_ui(ui, message, &database);
                }
                Core::Open(collection) => collection,
            };
            match &mut self.screen {
                Screen::Home(data) => {
                    home::home_ui(ui, data, &mut self.home_form, &folder, &mut actions);
                }
                Screen::Review(screen) => {
                    review::review_ui(ui, screen, collection.deck(), at, &mut actions);
                }
                Screen::QuizSetup(form) => {
                    quiz::setup_ui(ui, form, collection.deck(), &mut actions);
                }
                Screen::Quiz(screen) => quiz::quiz_ui(ui, screen, at, &mut actions),
                Screen::Results(results) => quiz::results_ui(ui, results, &mut actions),
                Screen::Settings(form) => settings::settings_ui(ui, form, &mut actions),
                Screen::Statistics(screen) => {
                    let titles: Vec<(SetId, String)> = collection
                        .bank()
                        .sets
                        .iter()
                        .map(|l| (l.set.id.clone(), l.set.title.clone()))
                        .collect();
                    statistics::statistics_ui(ui, screen, &titles, &mut actions);
                }
                Screen::Sets(screen) => super::sets::sets_ui(ui, screen, &mut actions),
                Screen::Editor(screen) => super::editor::editor_ui(ui, screen, &mut actions),
            }
        });

        // A timed quiz ends by itself when the time is up.
        if let (Screen::Quiz(screen), Core::Open(collection)) = (&mut self.screen, &mut self.core)
            && collection.tick_quiz(&mut screen.quiz, at)
        {
            self.show_results_if_over();
            ctx.request_repaint();
        }

        // egui may run a frame's ui twice on the same input (a pass discarded to settle a
        // layout). The input is acted on once: after an action of this frame, say the Enter
        // that checked an answer, the second pass would read that Enter again as "go on".
        let frame = ctx.cumulative_frame_nr();
        if self.acted_in_frame == Some(frame) {
            actions.clear();
        } else if !actions.is_empty() {
            self.acted_in_frame = Some(frame);
        }
        for action in actions {
            self.apply(action, &ctx);
        }
        // The editor checks a changed form once, after the frame that changed it.
        if self.refresh_editor(at) {
            ctx.request_repaint();
        }
        self.typed_last_frame = ctx.text_edit_focused();
        if self.reload_at.is_some() {
            ctx.request_repaint();
        }
        if self.quitting {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}
