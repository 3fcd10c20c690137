//! What a view asks the app to do. Views never change state: they return actions, and
//! `app/` routes each to the application layer in one place.

use crate::bank::{CardKey, SetId};
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
    /// Compute and show the calibration on the Statistics screen.
    ShowCalibration,
    SaveSettings(Box<(Config, Prefs)>),
    /// Show the theme and text size being edited, without saving them.
    PreviewPrefs(Prefs),
    /// Ask before leaving the settings with unsaved changes.
    SettingsAskLeave,
    /// Close that question and go on editing.
    SettingsStay,
    /// Fit the student's own FSRS parameters to their log, in the background.
    OptimizeStart,
    /// Stop the fitting.
    OptimizeCancel,
    /// Put the fitted parameters in force.
    OptimizeApply,
    /// Estimate what the retention in force and the one of these settings cost.
    EstimateWorkload(Box<Config>),
    Submit(Response),
    Reveal,
    RateFlashcard(Rating),
    ChooseRating(Rating),
    Overrule,
    Next,
    Undo,
    /// Suspend the card shown (`@`): out of every queue until unsuspended.
    SuspendShown,
    /// Bury the card shown until tomorrow (`-`).
    BuryShown,
    /// Suspend the leech the review pointed out.
    SuspendLeech,
    /// Put away the leech notice.
    DismissLeech,
    /// Open the card info of the card shown (`i`).
    ShowCardInfo,
    /// Close the card info.
    CloseCardInfo,
    /// Suspend this card (the Sets screen).
    Suspend(CardKey),
    /// Take this card's suspend or bury off (the Sets screen).
    Release(CardKey),
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
    /// Close the news of what the last action of the Sets screen or the editor did.
    DismissInfo,
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
    /// Show the Sets screen.
    OpenSets,
    /// Show the Sets screen with this search (Home's leeches and suspended cards).
    OpenSetsFor(String),
    /// The search of the Sets screen changed.
    BrowseSearch,
    /// Sort the Sets screen by this column (again: the other way round).
    BrowseSort(crate::app::browse::Column),
    /// Choose this question on the Sets screen.
    BrowseSelect(CardKey),
    /// Show the chosen question's preview.
    BrowsePreview,
    /// Show the chosen question's card history.
    BrowseHistory,
    /// Check this answer to the question previewed (graded, never stored).
    PreviewCheck(Response),
    /// Show the back of the flashcard previewed.
    PreviewReveal,
    /// Try the previewed question again.
    PreviewAgain,
    /// Open the editor on this question.
    EditQuestion(CardKey),
    /// Open the editor on a new question of this set.
    AddQuestion(SetId),
    /// Copy this shipped set into the question folder, to edit.
    CopyShipped(SetId),
    /// Make a set with this title in the question folder.
    NewSet(String),
    /// Save the question being edited.
    EditorSave,
    /// Ask this question in the editor.
    EditorAsk(super::editor::Confirm),
    /// Close the editor's question and go on editing.
    EditorStay,
    /// Delete the question being edited from its file.
    EditorDelete,
    /// The file changed on disk: read it again and save the question into it.
    EditorSaveOverChange,
    /// The file changed on disk: read it again and drop the changes to the question.
    EditorReread,
    /// Leave the editor (its changes are dropped) for the Sets screen.
    EditorLeave,
    /// Save the question, then leave the editor (or quit the app).
    EditorSaveAndLeave {
        /// Quit the app instead of going back to the Sets screen.
        quit: bool,
    },
    /// Close the window, changes not saved dropped.
    Quit,
}

impl Action {
    /// Whether the action sets a card aside or looks into it (suspend, bury, leech, card info).
    pub(super) fn is_aside(&self) -> bool {
        matches!(
            self,
            Action::SuspendShown
                | Action::BuryShown
                | Action::SuspendLeech
                | Action::DismissLeech
                | Action::ShowCardInfo
                | Action::CloseCardInfo
                | Action::Suspend(_)
                | Action::Release(_)
        )
    }

    /// Whether the action is one of the Sets screen's or the editor's.
    pub(super) fn is_teacher(&self) -> bool {
        matches!(
            self,
            Action::OpenSets
                | Action::OpenSetsFor(_)
                | Action::BrowseSearch
                | Action::BrowseSort(_)
                | Action::BrowseSelect(_)
                | Action::BrowsePreview
                | Action::BrowseHistory
                | Action::PreviewCheck(_)
                | Action::PreviewReveal
                | Action::PreviewAgain
                | Action::EditQuestion(_)
                | Action::AddQuestion(_)
                | Action::CopyShipped(_)
                | Action::NewSet(_)
                | Action::EditorSave
                | Action::EditorAsk(_)
                | Action::EditorStay
                | Action::EditorDelete
                | Action::EditorSaveOverChange
                | Action::EditorReread
                | Action::EditorLeave
                | Action::EditorSaveAndLeave { .. }
        )
    }
}
