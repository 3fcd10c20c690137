//! What a view asks the app to do. Views never change state: they return actions, and
//! `app.rs` routes each to the application layer in one place.

use crate::bank::SetId;
use crate::grade::Response;
use crate::schedule::{Config, Rating};
use crate::study::QuizSetup;

use super::prefs::Prefs;

/// One request from a view.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Action {
    GoHome,
    Study(Option<SetId>),
    /// Study today's cards, then the reviews due within this many days.
    ReviewAhead(u32),
    /// Allow this many more new cards today, and study.
    LearnMoreNew(u32),
    OpenQuizSetup(Option<SetId>),
    StartQuiz(QuizSetup),
    OpenSettings,
    OpenStatistics,
    StatsRange(u32),
    StatsSet(Option<SetId>),
    SaveSettings(Box<(Config, Prefs)>),
    /// Show the theme and text size being edited, without saving them.
    PreviewPrefs(Prefs),
    /// Ask before leaving the settings with unsaved changes.
    SettingsAskLeave,
    /// Close that question and go on editing.
    SettingsStay,
    Submit(Response),
    Reveal,
    RateFlashcard(Rating),
    ChooseRating(Rating),
    Overrule,
    Next,
    Undo,
    QuizAnswer(Response),
    QuizNext,
    QuizFinish,
    /// "I was right" about the quiz answer at this position.
    QuizOverrule(usize),
    /// Ask before leaving the quiz, or before finishing it with questions unanswered.
    QuizAsk(super::quiz::Confirm),
    /// Close that question and go on with the quiz.
    QuizStay,
    /// Discard the running quiz (its answers stay stored, as practice).
    QuizDiscard,
    /// Show the quiz's question at this position.
    QuizGoTo(usize),
    /// Flag the quiz's question at this position, or take the flag off.
    QuizFlag(usize),
    /// Take up the unfinished quiz stored as this attempt.
    ResumeQuiz(i64),
    /// Discard the unfinished quiz stored as this attempt.
    DiscardQuiz(i64),
    RetryMistakes,
    ToggleProblems,
    DismissNotice,
    ReloadQuestions,
    OpenQuestionFolder,
    /// Hide the question folder's path.
    CloseFolder,
    /// Put this text on the clipboard.
    CopyText(String),
    /// Make sets of these files (GIFT, Aiken, CSV, TSV, Anki packages) in the question folder.
    ImportFiles(Vec<std::path::PathBuf>),
    /// Write this set to this file, in the format its extension names.
    ExportSet(SetId, std::path::PathBuf),
    /// Close the report of an import or export.
    CloseReport,
}
