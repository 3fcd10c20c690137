//! A question tried as the student sees it: the same answer widgets and the same grader, and
//! nothing stored. On the Sets screen for any question, and in the editor for the question
//! being written.

use std::sync::Arc;

use egui::{RichText, Ui};

use super::action::Action;
use super::answer::{self, AnswerInput};
use super::theme;
use crate::bank::{Answer, Question};
use crate::grade::{Response, Verdict};
use crate::study::Presentation;

/// A question being tried, and its verdict once checked.
#[derive(Clone, Debug)]
pub struct Preview {
    /// The question as it would be asked.
    pub question: Arc<Question>,
    /// Its options or items as they would be shuffled.
    pub presentation: Presentation,
    /// What has been entered.
    pub input: AnswerInput,
    /// The last check: what was answered and the grader's verdict.
    pub checked: Option<(Option<Response>, Verdict)>,
    /// A flashcard's back is shown.
    pub revealed: bool,
}

impl Preview {
    /// `question` asked afresh, shuffled by `seed`.
    pub fn new(question: Arc<Question>, seed: u64) -> Self {
        let presentation = crate::study::present(&question.answer, seed);
        let mut input = AnswerInput::new(&question.answer, &presentation);
        // The Sets screen's search field keeps the keyboard until the teacher clicks here.
        input.focus_first = false;
        Self {
            question,
            presentation,
            input,
            checked: None,
            revealed: false,
        }
    }
}

/// The question as asked, its answer widget and Check; after Check, the verdict, the marked
/// answer and the explanation, and "Try again".
pub fn preview_ui(ui: &mut Ui, preview: &mut Preview, actions: &mut Vec<Action>) {
    ui.label(theme::quiet(
        ui,
        "Preview: answered as a student would; nothing is stored.",
    ));
    let question = preview.question.clone();
    answer::prompt_ui(ui, &question, preview.checked.is_some());
    ui.add_space(6.0);
    if let Some((response, verdict)) = &preview.checked {
        answer::verdict_header_ui(ui, verdict, false);
        answer::feedback_ui(
            ui,
            &question,
            &preview.presentation,
            response.as_ref(),
            verdict,
        );
        answer::explanation_ui(ui, &question);
        if ui.button("Try again").clicked() {
            actions.push(Action::PreviewAgain);
        }
        return;
    }
    if let Answer::Flashcard(back) = &question.answer {
        if preview.revealed {
            ui.separator();
            ui.label(RichText::new(back.as_str()).size(theme::PROMPT_SIZE));
            answer::explanation_ui(ui, &question);
            if ui.button("Try again").clicked() {
                actions.push(Action::PreviewAgain);
            }
        } else if ui.button("Show answer").clicked() {
            actions.push(Action::PreviewReveal);
        }
        return;
    }
    if let Some(response) =
        answer::input_ui(ui, &question, &preview.presentation, &mut preview.input)
    {
        actions.push(Action::PreviewCheck(response));
    }
    let ready = preview.input.response(&question.answer);
    if !matches!(question.answer, Answer::TrueFalse(_)) {
        let check = ui.add_enabled(ready.is_some(), egui::Button::new("Check the preview"));
        if check.clicked()
            && let Some(response) = ready
        {
            actions.push(Action::PreviewCheck(response));
        }
    }
}
