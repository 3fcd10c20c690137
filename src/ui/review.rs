//! The review screen: one question at a time, its answer, the feedback and the rating.

use chrono::{DateTime, Utc};
use egui::{Key, RichText, Ui};

use super::action::Action;
use super::answer::{self, AnswerInput};
use super::card_info::{self, CardInfoView};
use super::home::{self, when};
use super::keys;
use super::theme;
use crate::app::{At, Progress, ReviewPhase, ReviewSession, UNDO_STEPS, UndoStep};
use crate::bank::{Answer, CardKey};
use crate::schedule::{CardState, Rating};
use crate::study::Deck;

/// The review screen's state.
pub struct ReviewScreen {
    /// The session.
    pub session: ReviewSession,
    /// What the student has entered for the card shown.
    pub input: AnswerInput,
    /// The card `input` belongs to, and how many answers the session had then: the same card
    /// asked again after an answer gets a fresh input.
    pub input_for: Option<(CardKey, usize)>,
    /// What is left today, refreshed after every action.
    pub progress: Progress,
    /// The card info shown over the card, if open.
    pub info: Option<CardInfoView>,
}

impl ReviewScreen {
    /// The screen of a session.
    pub fn new(session: ReviewSession) -> Self {
        Self {
            session,
            input: AnswerInput::default(),
            input_for: None,
            progress: Progress::default(),
            info: None,
        }
    }
}

/// "1m", "10m", "3h", "3d", "2.5mo", "1.2y": how long until `due`, to the nearest unit.
pub fn interval(due: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let minutes = ((due - now).num_seconds() + 30).div_euclid(60).max(1);
    #[allow(clippy::cast_precision_loss)] // Minutes of an interval of at most a century.
    let days = minutes as f64 / 1440.0;
    if minutes < 60 {
        format!("{minutes}m")
    } else if minutes < 1440 {
        format!("{}h", (minutes + 30) / 60)
    } else {
        days_label(days)
    }
}

/// The interval a rating gives a card: a review card's in study days, as Anki shows it (a
/// card due in 6 days shows `6d`, though the day it falls on begins at the rollover hour,
/// sooner than six times 24 hours from now), a learning card's in minutes or hours.
pub fn state_interval(state: &CardState, now: DateTime<Utc>) -> String {
    if state.interval_days >= 1 {
        days_label(f64::from(state.interval_days))
    } else {
        interval(state.due, now)
    }
}

fn days_label(days: f64) -> String {
    if days < 30.0 {
        format!("{days:.0}d")
    } else if days < 365.0 {
        format!("{:.1}mo", days / 30.0)
    } else {
        format!("{:.1}y", days / 365.0)
    }
}

/// Draws the review screen.
pub fn review_ui(
    ui: &mut Ui,
    screen: &mut ReviewScreen,
    deck: &Deck,
    at: At,
    actions: &mut Vec<Action>,
) {
    // A card asked anew (a new card, the same card again, or one undone): a fresh input,
    // which takes the keyboard focus. Any other phase forgets the input, so that a card asked
    // again after Undo gets a fresh one too.
    if let ReviewPhase::Asking {
        card,
        question,
        presentation,
    } = screen.session.phase()
    {
        let asked = (card.clone(), screen.progress.answered);
        if screen.input_for.as_ref() != Some(&asked) {
            screen.input = AnswerInput::new(&question.answer, presentation);
            screen.input_for = Some(asked);
        }
    } else {
        screen.input_for = None;
    }
    // Home and Undo first, the counts after them: in a narrow window or at a large text size
    // the counts wrap instead of running under the Undo button.
    ui.horizontal_wrapped(|ui| {
        if ui.button("⬅ Home").on_hover_text("Esc").clicked() {
            actions.push(Action::GoHome);
        }
        let undo = ui.add_enabled(screen.session.can_undo(), egui::Button::new("Undo"));
        // Tab never rests on Undo: Enter there would take answers back one by one while the
        // student means to check an answer. The keyboard has U and Ctrl+Z.
        if undo.has_focus() {
            undo.surrender_focus();
        }
        let what = match screen.session.undo_step() {
            Some(UndoStep::Suspend) => "the suspend",
            Some(UndoStep::Bury) => "the bury",
            _ => "the last answer",
        };
        if undo
            .on_hover_text(format!(
                "U or Ctrl+Z: take back {what} (up to {UNDO_STEPS} steps)"
            ))
            .clicked()
        {
            actions.push(Action::Undo);
        }
        aside_buttons_ui(ui, screen, actions);
        let p = screen.progress;
        ui.label(theme::quiet(
            ui,
            format!(
                "Left today: {} new · {} learning · {} to review{}   ·   answered {}",
                p.new,
                p.learning,
                p.review,
                if p.ahead > 0 {
                    format!(" · {} ahead", p.ahead)
                } else {
                    String::new()
                },
                p.answered
            ),
        ));
    });
    ui.separator();
    let ReviewScreen {
        session,
        input,
        progress,
        ..
    } = screen;
    let learning_left = progress.learning;
    // Under the card info, the card's keys (1-4, Space, Enter) do nothing.
    let mut behind = Vec::new();
    let card_actions = if screen.info.is_some() {
        &mut behind
    } else {
        &mut *actions
    };
    theme::reading_column(ui, |ui| {
        if let Some(leech) = session.leech() {
            leech_ui(ui, leech, session, card_actions);
        }
        card_ui(ui, session, input, learning_left, deck, at, card_actions);
    });
    if let Some(info) = &screen.info {
        card_info::card_info_ui(ui, info, actions);
    }
}

/// Card info, Suspend and Bury for the card shown, as Anki's `i`, `@` and `-`.
fn aside_buttons_ui(ui: &mut Ui, screen: &ReviewScreen, actions: &mut Vec<Action>) {
    let shown = screen.session.phase().asked().is_some();
    if ui
        .add_enabled(shown, egui::Button::new("Card info"))
        .on_hover_text("I: every answer to this card, with interval, stability and difficulty")
        .clicked()
    {
        actions.push(Action::ShowCardInfo);
    }
    for (label, hover, action) in [
        (
            "Suspend",
            "@: out of every queue until you unsuspend it on the Sets screen",
            Action::SuspendShown,
        ),
        (
            "Bury",
            "-: out of today's queue; it comes back tomorrow",
            Action::BuryShown,
        ),
    ] {
        let button = ui.add_enabled(shown, egui::Button::new(label));
        // As Undo: Tab does not rest here, where Enter would set the card aside by mistake.
        if button.has_focus() {
            button.surrender_focus();
        }
        if button.on_hover_text(hover).clicked() {
            actions.push(action);
        }
    }
    if screen.info.is_none() && shown {
        if keys::pressed(ui, Key::I) {
            actions.push(Action::ShowCardInfo);
        }
        if keys::typed(ui, "@") {
            actions.push(Action::SuspendShown);
        }
        if keys::typed(ui, "-") {
            actions.push(Action::BuryShown);
        }
    }
}

/// The notice that a card will not stick: how often it was forgotten, and what to do.
fn leech_ui(
    ui: &mut Ui,
    leech: &crate::app::Leech,
    session: &ReviewSession,
    actions: &mut Vec<Action>,
) {
    let dark = ui.visuals().dark_mode;
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(1.5, theme::warning(dark)))
        .show(ui, |ui| {
            let this = session
                .phase()
                .asked()
                .is_some_and(|(c, _)| *c == leech.card);
            let which = if this {
                "This card".to_owned()
            } else {
                format!("The card you just rated, “{}”,", leech.question.prompt())
            };
            ui.label(
                RichText::new(format!(
                    "⚠ {which} is a leech: forgotten {} since you learnt it.",
                    home::times(leech.lapses)
                ))
                .strong()
                .color(theme::warning(dark)),
            );
            // After an answer of this card its explanation is on screen already, below.
            let explained = this && matches!(session.phase(), ReviewPhase::Feedback { .. });
            ui.label(if explained {
                "Cards like this take much of the time spent reviewing. Read the explanation \
                 below once more, slowly; or suspend it and ask your teacher about it."
            } else {
                "Cards like this take much of the time spent reviewing. Read its explanation \
                 once more, slowly; or suspend it and ask your teacher about it."
            });
            if !explained {
                egui::CollapsingHeader::new("Read its explanation again")
                    .id_salt(("leech", leech.card.to_string()))
                    .show(ui, |ui| {
                        if let Answer::Flashcard(back) = &leech.question.answer {
                            ui.label(RichText::new(back.as_str()).strong());
                        } else {
                            ui.label(format!(
                                "The answer: {}",
                                crate::grade::solution(&leech.question.answer)
                            ));
                        }
                        answer::explanation_ui(ui, &leech.question);
                    });
            }
            ui.horizontal_wrapped(|ui| {
                if ui
                    .button("Suspend it")
                    .on_hover_text("Out of every queue until you unsuspend it on the Sets screen")
                    .clicked()
                {
                    actions.push(Action::SuspendLeech);
                }
                if ui.button("Keep studying it").clicked() {
                    actions.push(Action::DismissLeech);
                }
            });
        });
    ui.add_space(8.0);
}

/// The card of the session, drawn from the phase it is in (borrowed, never copied per frame).
fn card_ui(
    ui: &mut Ui,
    session: &ReviewSession,
    input: &mut AnswerInput,
    learning_left: usize,
    deck: &Deck,
    at: At,
    actions: &mut Vec<Action>,
) {
    let phase = session.phase();
    if let ReviewPhase::Finished { next_due } = phase {
        ui.heading("Done for now");
        ui.add_space(8.0);
        match next_due {
            Some(due) if learning_left > 0 => ui.label(format!(
                "{} in learning come{} back later today; the next is due {}.",
                home::cards(learning_left),
                if learning_left == 1 { "s" } else { "" },
                when(*due, at)
            )),
            Some(due) => ui.label(format!("The next card is due {}.", when(*due, at))),
            None => ui.label("No card is scheduled."),
        };
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Home (Esc)").clicked() {
                actions.push(Action::GoHome);
            }
            if ui.button("Take a quiz").clicked() {
                actions.push(Action::OpenQuizSetup(session.scope().cloned()));
            }
        });
        return;
    }
    let Some((card, question)) = phase.asked() else {
        return;
    };
    let question = question.as_ref();
    if let Some(loaded) = deck.set_of(card) {
        ui.label(theme::quiet(ui, &loaded.set.title));
    }
    answer::prompt_ui(ui, question, matches!(phase, ReviewPhase::Feedback { .. }));
    ui.add_space(10.0);
    match phase {
        ReviewPhase::Asking { presentation, .. } => {
            if let Answer::Flashcard(_) = question.answer {
                let show = ui.button("Show answer").on_hover_text("Space or Enter");
                let key = keys::pressed(ui, Key::Space) || keys::pressed(ui, Key::Enter);
                if show.clicked() || key {
                    actions.push(Action::Reveal);
                }
                return;
            }
            if let Some(response) = answer::input_ui(ui, question, presentation, input) {
                actions.push(Action::Submit(response));
            }
            ui.add_space(8.0);
            let ready = input.response(&question.answer);
            if !matches!(question.answer, Answer::TrueFalse(_)) {
                let check = ui.add_enabled(ready.is_some(), egui::Button::new("Check"));
                if check.on_hover_text("Enter").clicked()
                    && let Some(response) = ready
                {
                    actions.push(Action::Submit(response));
                }
            }
        }
        ReviewPhase::Revealed { previews, .. } => {
            if let Answer::Flashcard(back) = &question.answer {
                ui.separator();
                ui.label(RichText::new(back.as_str()).size(theme::PROMPT_SIZE));
                answer::explanation_ui(ui, question);
                ui.add_space(8.0);
            }
            flashcard_ratings(ui, previews, at, actions);
        }
        ReviewPhase::Feedback {
            response,
            verdict,
            rating,
            overridden,
            choices,
            presentation,
            ..
        } => {
            let outcome = Outcome {
                response: response.as_ref(),
                verdict,
                overridden: *overridden,
                presentation,
            };
            feedback_phase_ui(ui, question, &outcome, choices, *rating, at, actions);
        }
        ReviewPhase::Finished { .. } => {}
    }
}

/// What was answered, for the feedback.
struct Outcome<'a> {
    response: Option<&'a crate::grade::Response>,
    verdict: &'a crate::grade::Verdict,
    overridden: bool,
    presentation: &'a crate::study::Presentation,
}

/// Right or wrong at a glance, the marked answer, the explanation and source, the ratings.
fn feedback_phase_ui(
    ui: &mut Ui,
    question: &crate::bank::Question,
    outcome: &Outcome<'_>,
    choices: &[(Rating, CardState)],
    rating: Rating,
    at: At,
    actions: &mut Vec<Action>,
) {
    answer::verdict_header_ui(ui, outcome.verdict, outcome.overridden);
    ui.add_space(6.0);
    if let Answer::Flashcard(back) = &question.answer {
        ui.label(RichText::new(back.as_str()).size(theme::PROMPT_SIZE));
    } else {
        answer::feedback_ui(
            ui,
            question,
            outcome.presentation,
            outcome.response,
            outcome.verdict,
        );
    }
    ui.add_space(6.0);
    answer::explanation_ui(ui, question);
    ui.add_space(10.0);
    let accepted = outcome.verdict.correct || outcome.overridden;
    rating_ui(ui, choices, rating, accepted, at, actions);
}

/// Rating buttons after an auto-graded answer, with the interval each gives. The student has
/// the last word, as in Anki: after a right (or accepted) answer every rating is offered, `Again`
/// included; after a wrong one, `Again` and "I was right" (R), which accepts the answer and
/// offers `Hard`, `Good` and `Easy`. Keys 1-4 pick a rating and go on after any answer; Space or
/// Enter keeps the one shown and goes on.
fn rating_ui(
    ui: &mut Ui,
    choices: &[(Rating, CardState)],
    current: Rating,
    accepted: bool,
    at: At,
    actions: &mut Vec<Action>,
) {
    let shown: Vec<&(Rating, CardState)> = choices
        .iter()
        .filter(|(rating, _)| accepted || *rating == Rating::Again)
        .collect();
    ui.horizontal(|ui| {
        for (rating, state) in &shown {
            let label = format!("{} · {}", rating.label(), state_interval(state, at.now));
            let button = egui::Button::selectable(*rating == current, label);
            let key = format!(
                "{}{}",
                rating.number(),
                if *rating == current {
                    ", Space or Enter"
                } else {
                    ""
                }
            );
            if ui.add(button).on_hover_text(key).clicked() {
                if *rating != current {
                    actions.push(Action::ChooseRating(*rating));
                }
                actions.push(Action::Next);
            }
        }
        if !accepted && !choices.is_empty() {
            let overrule = ui
                .button("I was right")
                .on_hover_text("R: accept your answer, then rate how well you knew it");
            if overrule.clicked() || keys::pressed(ui, Key::R) {
                actions.push(Action::Overrule);
            }
        }
    });
    ui.label(theme::quiet(ui, "Space or Enter: go on"));
    if keys::pressed(ui, Key::Space) || keys::pressed(ui, Key::Enter) {
        actions.push(Action::Next);
        return;
    }
    for (rating, _) in choices {
        if keys::pressed(ui, keys::digit(usize::from(rating.number()))) {
            if *rating != current {
                actions.push(Action::ChooseRating(*rating));
            }
            actions.push(Action::Next);
        }
    }
}

/// Rating buttons for a revealed flashcard, with the interval each gives: 1-4 rate it.
fn flashcard_ratings(ui: &mut Ui, previews: &[CardState; 4], at: At, actions: &mut Vec<Action>) {
    ui.label("How well did you recall it?");
    ui.horizontal(|ui| {
        for (rating, state) in Rating::ALL.into_iter().zip(previews) {
            let label = format!("{} · {}", rating.label(), state_interval(state, at.now));
            let hover = format!(
                "{}{}",
                rating.number(),
                if rating == Rating::Good {
                    ", Space or Enter"
                } else {
                    ""
                }
            );
            if ui.button(label).on_hover_text(hover).clicked() {
                actions.push(Action::RateFlashcard(rating));
            }
        }
    });
    if keys::pressed(ui, Key::Space) || keys::pressed(ui, Key::Enter) {
        actions.push(Action::RateFlashcard(Rating::Good));
        return;
    }
    for rating in Rating::ALL {
        if keys::pressed(ui, keys::digit(usize::from(rating.number()))) {
            actions.push(Action::RateFlashcard(rating));
        }
    }
}

#[cfg(test)]
mod interval_tests {
    use chrono::{DateTime, FixedOffset, Utc};

    use super::*;
    use crate::schedule::Phase;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().into()
    }

    /// A card given 6 days at 22:00 falls due at 04:00 six days on: its button and Home agree
    /// on six days, as the calendar reads.
    #[test]
    fn a_review_interval_reads_in_days_on_the_button_and_on_home() {
        let now = at("2026-12-01T22:05:00Z");
        let state = CardState {
            phase: Phase::Review,
            interval_days: 6,
            due: at("2026-12-07T04:00:00Z"),
            ..CardState::new_card()
        };
        assert_eq!(state_interval(&state, now), "6d");
        let when = home::when(
            state.due,
            At {
                now,
                utc_offset: FixedOffset::east_opt(0).unwrap(),
            },
        );
        assert_eq!(when, "in 6 days (on 7 December)");
        let learning = CardState {
            phase: Phase::Learning,
            due: now + chrono::Duration::minutes(10),
            ..CardState::new_card()
        };
        assert_eq!(state_interval(&learning, now), "10m");
    }
}
