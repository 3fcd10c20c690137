//! Quiz setup, the running quiz (progress bar and timer) and the results.

use std::collections::BTreeSet;

use chrono::Duration;
use egui::{Key, RichText, Ui};

use super::action::Action;
use super::answer::{self, AnswerInput};
use super::keys;
use super::theme;
use crate::app::{At, Quiz};
use crate::bank::SetId;
use crate::grade::Response;
use crate::study::quiz::eligible;
use crate::study::{Deck, FeedbackMode, QuizItem, QuizSetup};

/// The longest time limit the form offers, in minutes.
const MAX_MINUTES: i64 = 600;

/// How long before the time limit the quiz warns.
const WARN_BEFORE: Duration = Duration::minutes(1);

/// The setup form.
pub struct SetupForm {
    /// Chosen sets.
    pub sets: BTreeSet<SetId>,
    /// Chosen tags (none: all questions).
    pub tags: BTreeSet<String>,
    /// Questions wanted.
    pub count: usize,
    /// Whether the quiz has a time limit.
    pub timed: bool,
    /// The time limit in minutes, if `timed`.
    pub minutes: i64,
    /// When feedback is shown.
    pub feedback: FeedbackMode,
    /// The seed the quiz will use.
    pub seed: u64,
    /// Whether nothing can be stored (a read-only data folder): the quiz is practice.
    pub read_only: bool,
}

impl SetupForm {
    /// A form with `scope` (or every set) chosen, 10 questions, no time limit.
    pub fn new(deck: &Deck, scope: Option<SetId>, seed: u64) -> Self {
        let sets = match scope {
            Some(set) => BTreeSet::from([set]),
            None => deck.bank().sets.iter().map(|s| s.set.id.clone()).collect(),
        };
        Self {
            sets,
            tags: BTreeSet::new(),
            count: 10,
            timed: false,
            minutes: 10,
            feedback: FeedbackMode::AfterEach,
            seed,
            read_only: false,
        }
    }

    fn setup(&self, available: usize) -> QuizSetup {
        QuizSetup {
            sets: self.sets.iter().cloned().collect(),
            tags: self.tags.iter().cloned().collect(),
            count: self.count.min(available),
            time_limit: self
                .timed
                .then(|| Duration::minutes(self.minutes.clamp(1, MAX_MINUTES))),
            feedback: self.feedback,
            seed: self.seed,
        }
    }
}

/// Draws the setup form.
pub fn setup_ui(ui: &mut Ui, form: &mut SetupForm, deck: &Deck, actions: &mut Vec<Action>) {
    // Enter that confirms a number being typed (the time limit) does not also start the quiz.
    let editing = ui.memory(|m| m.focused().is_some());
    let tags: Vec<String> = form.tags.iter().cloned().collect();
    let sets: Vec<SetId> = form.sets.iter().cloned().collect();
    let available = eligible(deck, &sets, &tags).len();
    ui.horizontal(|ui| {
        if ui.button("⬅ Home").on_hover_text("Esc").clicked() {
            actions.push(Action::GoHome);
        }
        // At the top, where a small window or a large text size never hides it.
        let start = ui.add_enabled(
            available > 0,
            egui::Button::new(RichText::new("Start quiz").strong()),
        );
        let enter = !editing && keys::pressed(ui, Key::Enter);
        if (start.on_hover_text("Enter").clicked() || enter) && available > 0 {
            actions.push(Action::StartQuiz(form.setup(available)));
        }
    });
    egui::ScrollArea::vertical()
        .id_salt("quiz-setup")
        .auto_shrink([false, false])
        .show(ui, |ui| setup_form_ui(ui, form, deck));
}

fn setup_form_ui(ui: &mut Ui, form: &mut SetupForm, deck: &Deck) {
    ui.heading("Quiz");
    if form.read_only {
        ui.label(
            RichText::new("Practice only: the data folder is read-only, so this quiz is not kept.")
                .strong(),
        );
    } else {
        ui.label(theme::quiet(
            ui,
            "A self-test: scored and kept, but it never changes your review schedule.",
        ));
    }
    ui.add_space(8.0);
    ui.label(RichText::new("Sets").strong());
    for loaded in &deck.bank().sets {
        let id = &loaded.set.id;
        let mut on = form.sets.contains(id);
        if ui.checkbox(&mut on, &loaded.set.title).changed() {
            if on {
                form.sets.insert(id.clone());
            } else {
                form.sets.remove(id);
            }
        }
    }
    let chosen: Vec<SetId> = form.sets.iter().cloned().collect();
    let mut all_tags = BTreeSet::new();
    for loaded in deck
        .bank()
        .sets
        .iter()
        .filter(|l| form.sets.contains(&l.set.id))
    {
        all_tags.extend(loaded.set.tags.iter().cloned());
        for q in &loaded.set.questions {
            all_tags.extend(q.tags.iter().cloned());
        }
    }
    form.tags.retain(|t| all_tags.contains(t.as_str()));
    if !all_tags.is_empty() {
        ui.add_space(6.0);
        ui.label(RichText::new("Tags").strong());
        ui.label(theme::quiet(
            ui,
            "None chosen: every question. Otherwise questions with any chosen tag.",
        ));
        ui.horizontal_wrapped(|ui| {
            for tag in &all_tags {
                let on = form.tags.contains(tag.as_str());
                if ui.selectable_label(on, tag.as_str()).clicked() {
                    if on {
                        form.tags.remove(tag.as_str());
                    } else {
                        form.tags.insert(tag.to_string());
                    }
                }
            }
        });
    }
    let tags: Vec<String> = form.tags.iter().cloned().collect();
    let available = eligible(deck, &chosen, &tags).len();
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let label = ui.label("Questions");
        let max = available.max(1);
        form.count = form.count.clamp(1, max);
        ui.add(egui::Slider::new(&mut form.count, 1..=max))
            .labelled_by(label.id);
        ui.label(theme::quiet(
            ui,
            format!("of {available} available (flashcards are left out)"),
        ));
    });
    time_limit_ui(ui, form);
    ui.horizontal(|ui| {
        ui.label("Feedback");

        ui.radio_value(
            &mut form.feedback,
            FeedbackMode::AfterEach,
            "After each question",
        );
        ui.radio_value(&mut form.feedback, FeedbackMode::AtEnd, "At the end");
    });
    ui.add_space(10.0);
    if available == 0 {
        ui.label("No question matches: choose another set or fewer tags.");
    }
}

/// Whether the quiz is timed, and for how many minutes.
fn time_limit_ui(ui: &mut Ui, form: &mut SetupForm) {
    ui.horizontal(|ui| {
        ui.checkbox(&mut form.timed, "Time limit");
        let minutes = ui.add_enabled(
            form.timed,
            egui::DragValue::new(&mut form.minutes)
                .range(1..=MAX_MINUTES)
                .suffix(" min"),
        );
        minutes.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::SpinButton, form.timed, "Minutes")
        });
        if form.timed {
            ui.label(theme::quiet(
                ui,
                "a warning comes one minute before the end",
            ));
        }
    });
}

/// The running quiz's screen state.
pub struct QuizScreen {
    /// The quiz, which stores itself as it goes.
    pub quiz: Quiz,
    /// What the student has entered for the question shown.
    pub input: AnswerInput,
    /// The position `input` belongs to.
    pub input_for: Option<usize>,
    /// The question asked before leaving or finishing, if one is open.
    pub confirm: Option<Confirm>,
}

/// What the quiz asks before it is left or finished early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirm {
    /// Leave: keep the quiz for later, or discard it.
    Leave,
    /// Finish with questions unanswered.
    Finish,
}

impl QuizScreen {
    /// The screen of a new quiz.
    pub fn new(quiz: Quiz) -> Self {
        Self {
            quiz,
            input: AnswerInput::default(),
            input_for: None,
            confirm: None,
        }
    }
}

fn clock(d: Duration) -> String {
    let seconds = d.num_seconds().max(0);
    format!("{:02}:{:02}", seconds / 60, seconds % 60)
}

/// Draws the running quiz.
pub fn quiz_ui(ui: &mut Ui, screen: &mut QuizScreen, at: At, actions: &mut Vec<Action>) {
    top_bar_ui(ui, screen, at, actions);
    question_list_ui(ui, screen, actions);
    ui.separator();
    confirm_ui(ui, screen, actions);
    let session = screen.quiz.session();
    let total = session.items().len();
    let position = session.position();
    let unanswered = session.unanswered();
    let Some(item) = session.current().cloned() else {
        return;
    };
    let showing_feedback = session.showing_feedback();
    let skipped_again = session.skipped_again();
    let feedback_at_end = session.setup().feedback == FeedbackMode::AtEnd;
    if screen.input_for != Some(position) {
        screen.input = AnswerInput::new(&item.question.answer, &item.presentation);
        screen.input_for = Some(position);
    }
    // The question as the quiz began, even if its file changed since.
    let question = item.question.as_ref();
    theme::reading_column(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("Question {} of {total}", position + 1)).strong());
            let flag = ui
                .selectable_label(
                    item.flagged,
                    if item.flagged {
                        "⚑ Flagged"
                    } else {
                        "⚐ Flag"
                    },
                )
                .on_hover_text("M: mark this question to come back to");
            if flag.clicked() || keys::pressed(ui, Key::M) {
                actions.push(Action::QuizFlag(position));
            }
        });
        if skipped_again {
            ui.label(theme::quiet(
                ui,
                "You skipped this question earlier: answer it now, or skip it again.",
            ));
        }
        answer::prompt_ui(ui, question, showing_feedback);
        ui.add_space(10.0);
        if item.outcome.is_some() && !showing_feedback {
            answered_ui(ui, &item, feedback_at_end, actions);
            return;
        }
        if showing_feedback {
            if let Some((response, verdict)) = &item.outcome {
                answer::verdict_header_ui(ui, verdict, item.overridden);
                answer::feedback_ui(ui, question, &item.presentation, Some(response), verdict);
                answer::explanation_ui(ui, question);
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let next = ui.button("Next").on_hover_text("Space or Enter");
                let key = keys::pressed(ui, Key::Space) || keys::pressed(ui, Key::Enter);
                if next.clicked() || key {
                    actions.push(Action::QuizNext);
                }
                if !item.is_right() && item.outcome.is_some() {
                    let overrule = ui
                        .button("I was right")
                        .on_hover_text("R: count this answer as right");
                    if overrule.clicked() || keys::pressed(ui, Key::R) {
                        actions.push(Action::QuizOverrule(position));
                    }
                }
            });
            return;
        }
        if let Some(response) =
            answer::input_ui(ui, question, &item.presentation, &mut screen.input)
        {
            actions.push(Action::QuizAnswer(response));
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let ready: Option<Response> = screen.input.response(&question.answer);
            if !matches!(question.answer, crate::bank::Answer::TrueFalse(_)) {
                let check = ui.add_enabled(ready.is_some(), egui::Button::new("Check"));
                if check.on_hover_text("Enter").clicked()
                    && let Some(response) = ready
                {
                    actions.push(Action::QuizAnswer(response));
                }
            }
            let skip = ui.button("Skip").on_hover_text(if unanswered > 1 {
                "Come back to it before the end"
            } else {
                "This is the last question left: answer it or finish"
            });
            if skip.clicked() {
                actions.push(Action::QuizNext);
            }
        });
    });
}

/// The leave button, how far the quiz is, its clock and "Finish now".
fn top_bar_ui(ui: &mut Ui, screen: &QuizScreen, at: At, actions: &mut Vec<Action>) {
    let session = screen.quiz.session();
    let total = session.items().len();
    let unanswered = session.unanswered();
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("⬅ Leave")
            .on_hover_text("Esc: keep the quiz for later, or discard it")
            .clicked()
        {
            actions.push(Action::QuizAsk(Confirm::Leave));
        }
        #[allow(clippy::cast_precision_loss)] // A handful of questions.
        let done = (total - unanswered) as f32 / total.max(1) as f32;
        ui.add(
            egui::ProgressBar::new(done)
                .desired_width(200.0)
                .text(format!("{} of {total} answered", total - unanswered)),
        );
        // Only a running time limit is shown, and only it repaints by itself: an idle window
        // draws nothing.
        if let Some(left) = session.time_left(at.now) {
            let text = RichText::new(format!("⌛ {} left", clock(left))).strong();
            if left <= WARN_BEFORE {
                ui.label(text.color(theme::wrong(ui.visuals().dark_mode)));
                ui.label(RichText::new("Less than a minute left").strong());
            } else {
                ui.label(text);
            }
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(500));
        }
        let finish = ui.button("Finish now").on_hover_text(if unanswered > 0 {
            "Asks first: some questions are not answered"
        } else {
            "Score the quiz"
        });
        if finish.clicked() {
            actions.push(if unanswered > 0 {
                Action::QuizAsk(Confirm::Finish)
            } else {
                Action::QuizFinish
            });
        }
    });
}

/// A question answered earlier, opened from the list: its answer stands.
fn answered_ui(ui: &mut Ui, item: &QuizItem, feedback_at_end: bool, actions: &mut Vec<Action>) {
    if feedback_at_end {
        ui.label("You answered this question; you see how it went at the end.");
    } else if let Some((response, verdict)) = &item.outcome {
        answer::verdict_header_ui(ui, verdict, item.overridden);
        answer::feedback_ui(
            ui,
            &item.question,
            &item.presentation,
            Some(response),
            verdict,
        );
    }
    ui.add_space(8.0);
    let next = ui.button("Next unanswered").on_hover_text("Space or Enter");
    let key = keys::pressed(ui, Key::Space) || keys::pressed(ui, Key::Enter);
    if next.clicked() || key {
        actions.push(Action::QuizNext);
    }
}

/// One button per question: its number, whether it is answered and flagged; the one shown is
/// selected. A click opens it (Moodle's quiz navigation).
fn question_list_ui(ui: &mut Ui, screen: &QuizScreen, actions: &mut Vec<Action>) {
    let session = screen.quiz.session();
    let locked = session.showing_feedback();
    ui.horizontal_wrapped(|ui| {
        ui.label(theme::quiet(ui, "Questions:"));
        for (i, item) in session.items().iter().enumerate() {
            let answered = item.outcome.is_some();
            let mut text = format!("{}", i + 1);
            if answered {
                // Answered, not "right": a pencil, not a tick.
                text.push('✏');
            }
            if item.flagged {
                text.push('⚑');
            }
            let current = i == session.position();
            let mut button = egui::Button::selectable(current, RichText::new(text));
            if !answered && !current {
                button = button.stroke(ui.visuals().widgets.inactive.fg_stroke);
            }
            let response = ui.add_enabled(!locked, button);
            let label = format!(
                "Question {}, {}{}",
                i + 1,
                if answered { "answered" } else { "not answered" },
                if item.flagged { ", flagged" } else { "" }
            );
            response.widget_info(|| {
                egui::WidgetInfo::selected(egui::Role::Button, !locked, current, &label)
            });
            if response.on_hover_text(&label).clicked() {
                actions.push(Action::QuizGoTo(i));
            }
        }
    });
}

/// The question asked before leaving, or finishing with questions unanswered.
fn confirm_ui(ui: &mut Ui, screen: &QuizScreen, actions: &mut Vec<Action>) {
    let Some(confirm) = screen.confirm else {
        return;
    };
    let session = screen.quiz.session();
    let answered = session.items().len() - session.unanswered();
    let modal = egui::Modal::new(egui::Id::unique("quiz-confirm")).show(ui.ctx(), |ui| {
        ui.set_max_width(420.0);
        match confirm {
            Confirm::Leave => {
                ui.heading("Leave the quiz?");
                let kept = match answered {
                    0 => "You have not answered a question yet.".to_owned(),
                    1 => "Your answer so far is kept.".to_owned(),
                    n => format!("Your {n} answers so far are kept."),
                };
                ui.label(format!(
                    "{kept} Keep the quiz to finish it later from Home (the clock of a timed \
                     quiz keeps running), or discard it: it then ends without a score, and its \
                     answers stay in your history as practice, out of Best and Last."
                ));
                ui.horizontal_wrapped(|ui| {
                    if ui
                        .button("Continue the quiz")
                        .on_hover_text("Esc")
                        .clicked()
                    {
                        actions.push(Action::QuizStay);
                    }
                    if ui.button("Keep for later").clicked() {
                        actions.push(Action::GoHome);
                    }
                    if ui.button("Discard").clicked() {
                        actions.push(Action::QuizDiscard);
                    }
                });
            }
            Confirm::Finish => {
                let left = session.unanswered();
                ui.heading("Finish now?");
                ui.label(format!(
                    "{left} question{} not answered and would count as wrong.",
                    if left == 1 { " is" } else { "s are" }
                ));
                ui.horizontal_wrapped(|ui| {
                    if ui.button("Back to the quiz").on_hover_text("Esc").clicked() {
                        actions.push(Action::QuizStay);
                    }
                    if ui.button("Finish and score").clicked() {
                        actions.push(Action::QuizFinish);
                    }
                });
            }
        }
    });
    if modal.backdrop_response.clicked() {
        actions.push(Action::QuizStay);
    }
}

/// The results screen's state.
pub struct ResultsScreen {
    /// The finished quiz.
    pub quiz: Quiz,
}

/// Draws the results: score, time, and every question with both answers and the explanation.
pub fn results_ui(ui: &mut Ui, results: &ResultsScreen, actions: &mut Vec<Action>) {
    let session = results.quiz.session();
    let total = session.items().len();
    ui.heading("Results");
    ui.label(
        RichText::new(format!(
            "{} of {total} right · {:.0}% · {}",
            session.correct(),
            session.score() * 100.0,
            clock(session.duration())
        ))
        .size(theme::PROMPT_SIZE)
        .strong(),
    );
    if session.timed_out() {
        let limit = session.setup().time_limit.unwrap_or_default();
        ui.label(
            RichText::new(format!(
                "Time's up: the quiz ended at its {}-minute limit. Questions not answered \
                 count as wrong.",
                limit.num_minutes()
            ))
            .strong()
            .color(theme::wrong(ui.visuals().dark_mode)),
        );
    }
    if session.is_practice() {
        ui.label(theme::quiet(
            ui,
            "Practice (a retry of mistakes): kept, but out of Best and Last.",
        ));
    }
    if let Some(error) = results.quiz.save_error() {
        ui.label(RichText::new(error).color(theme::wrong(ui.visuals().dark_mode)));
    }
    ui.horizontal(|ui| {
        let mistakes = session.correct() < total;
        let retry = ui.add_enabled(mistakes, egui::Button::new("Retry mistakes"));
        if retry.on_hover_text("R").clicked() || (mistakes && keys::pressed(ui, Key::R)) {
            actions.push(Action::RetryMistakes);
        }
        if ui.button("New quiz").clicked() {
            actions.push(Action::OpenQuizSetup(None));
        }
        if ui.button("Home").on_hover_text("Esc").clicked() {
            actions.push(Action::GoHome);
        }
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("quiz-results")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.set_max_width(theme::READING_WIDTH);
            for (i, item) in session.items().iter().enumerate() {
                let question = item.question.as_ref();
                ui.add_space(6.0);
                let correct = item.is_right();
                ui.horizontal_top(|ui| {
                    ui.label(theme::mark(ui, correct, item.score()));
                    let prompt = RichText::new(format!("{}. {}", i + 1, prompt_of(question)));
                    ui.add(egui::Label::new(prompt.strong()).wrap());
                });
                if let Some((response, verdict)) = &item.outcome {
                    if item.overridden {
                        ui.label(
                            RichText::new("Accepted: you said you were right.")
                                .color(theme::right(ui.visuals().dark_mode)),
                        );
                    } else if !verdict.correct {
                        let overrule = ui.button("I was right");
                        overrule.widget_info(|| {
                            egui::WidgetInfo::labeled(
                                egui::Role::Button,
                                true,
                                format!("I was right about question {}", i + 1),
                            )
                        });
                        if overrule.clicked() {
                            actions.push(Action::QuizOverrule(i));
                        }
                    }
                    answer::verdict_text_ui(ui, verdict);
                    answer::feedback_ui(ui, question, &item.presentation, Some(response), verdict);
                } else {
                    ui.label("Not answered.");
                    let solution = crate::grade::solution(&question.answer);
                    ui.label(RichText::new(format!("Answer: {solution}")).strong());
                }
                answer::explanation_ui(ui, question);
                ui.separator();
            }
        });
}

fn prompt_of(question: &crate::bank::Question) -> String {
    if question.prompt().trim().is_empty() {
        "Fill in the gaps.".to_owned()
    } else {
        question.prompt().to_owned()
    }
}
