//! The answer widget of each question kind, and the feedback shown after answering.
//!
//! Keys (when no text field has the focus): digits pick options, T and F answer a true/false
//! question, Enter checks; in an `Order`, Up and Down choose an item and Alt+Up and Alt+Down
//! move it.

use egui::{Key, Modifiers, RichText, Role, Ui, WidgetInfo};
use smol_str::SmolStr;

use super::keys;

use super::theme;
use crate::bank::cloze::{Cloze, Segment};
use crate::bank::{Answer, Question};
use crate::grade::{Response, Verdict};
use crate::study::Presentation;

/// What the student has entered so far for the question shown.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AnswerInput {
    /// `Choice`: the options picked, as written.
    pub picked: Vec<usize>,
    /// `Typed` and `Number`: the text typed.
    pub text: String,
    /// `Order`: the items' current arrangement, as indices of the items as written.
    pub arrangement: Vec<usize>,
    /// `Order`: the row the keyboard moves.
    pub selected_row: usize,
    /// `Match`: for each pair as written, the right-hand side chosen for it.
    pub partners: Vec<Option<usize>>,
    /// `Cloze`: the text of each gap.
    pub gaps: Vec<String>,
    /// Whether the first field should take the keyboard focus on the next frame.
    pub focus_first: bool,
    /// `Cloze`: the gap that should take the keyboard focus on the next frame.
    pub focus_gap: Option<usize>,
}

impl AnswerInput {
    /// An empty answer to `answer`, arranged as `presentation` says.
    pub fn new(answer: &Answer, presentation: &Presentation) -> Self {
        let mut input = Self {
            focus_first: true,
            ..Self::default()
        };
        match answer {
            Answer::Order(_) => input.arrangement.clone_from(&presentation.order),
            Answer::Match(pairs) => input.partners = vec![None; pairs.len()],
            Answer::Cloze(cloze) => input.gaps = vec![String::new(); cloze.gap_count()],
            _ => {}
        }
        input
    }

    /// The response entered so far, or `None` if there is nothing to check yet.
    pub fn response(&self, answer: &Answer) -> Option<Response> {
        match answer {
            Answer::Choice { .. } => {
                (!self.picked.is_empty()).then(|| Response::Choice(self.picked.clone()))
            }
            Answer::TrueFalse(_) | Answer::Flashcard(_) => None,
            Answer::Typed { .. } => {
                (!self.text.trim().is_empty()).then(|| Response::Typed(self.text.clone()))
            }
            Answer::Number { .. } => {
                (!self.text.trim().is_empty()).then(|| Response::Number(self.text.clone()))
            }
            Answer::Order(_) => Some(Response::Order(self.arrangement.clone())),
            // Every item needs a partner before checking; a guess is still a choice.
            Answer::Match(_) => self
                .partners
                .iter()
                .all(Option::is_some)
                .then(|| Response::Match(self.partners.clone())),
            Answer::Cloze(_) => self
                .gaps
                .iter()
                .any(|g| !g.trim().is_empty())
                .then(|| Response::Cloze(self.gaps.clone())),
        }
    }
}

/// A text field labelled for screen readers (and tests) by a visible label.
fn labelled_field(
    ui: &mut Ui,
    label: &str,
    text: &mut String,
    width: f32,
    focus: bool,
) -> egui::Response {
    let label = ui.label(theme::quiet(ui, label));
    let field = ui.add(egui::TextEdit::singleline(text).desired_width(width));
    let enter = ui.input(|i| i.key_pressed(Key::Enter));
    // Asked for until it has it (a request in a pass egui discards would be lost), and kept
    // after Enter on an empty field: nothing was submitted, so the student goes on typing.
    if (focus && !field.has_focus()) || (field.lost_focus() && enter && text.trim().is_empty()) {
        field.request_focus();
    }
    field.labelled_by(label.id)
}

/// Draws the answer widget for `question`; returns a response when the student submits it.
pub fn input_ui(
    ui: &mut Ui,
    question: &Question,
    presentation: &Presentation,
    input: &mut AnswerInput,
) -> Option<Response> {
    let focus = input.focus_first;
    let enter = ui.input(|i| i.key_pressed(Key::Enter));
    let mut submitted = false;
    match &question.answer {
        Answer::Choice { options, correct } => {
            choice_ui(ui, options, correct.len() > 1, presentation, input);
        }
        Answer::TrueFalse(_) => return true_false_ui(ui).map(Response::TrueFalse),
        Answer::Typed { .. } => {
            ui.horizontal(|ui| {
                let field = labelled_field(ui, "Your answer", &mut input.text, 360.0, focus);
                submitted = field.lost_focus() && enter;
            });
        }
        Answer::Number { unit, .. } => {
            ui.horizontal(|ui| {
                let field = labelled_field(ui, "Your answer", &mut input.text, 160.0, focus);
                if let Some(unit) = unit {
                    ui.label(&**unit);
                }
                submitted = field.lost_focus() && enter;
            });
        }
        Answer::Order(items) => order_ui(ui, items, input),
        Answer::Match(pairs) => match_ui(ui, pairs, presentation, input),
        Answer::Cloze(text) => submitted = cloze_ui(ui, text, input, focus, enter),
        Answer::Flashcard(_) => {}
    }
    // Text fields handle their own Enter; the other kinds check on Enter here.
    let has_fields = matches!(
        question.answer,
        Answer::Typed { .. } | Answer::Number { .. } | Answer::Cloze(_)
    );
    if !has_fields && keys::pressed(ui, Key::Enter) {
        submitted = true;
    }
    // The first field keeps asking for the keyboard until it has it.
    if focus && ui.ctx().text_edit_focused() {
        input.focus_first = false;
    }
    if !has_fields {
        input.focus_first = false;
    }
    if submitted {
        input.response(&question.answer)
    } else {
        None
    }
}

/// Radio buttons (one right option) or check boxes (several); digits pick.
fn choice_ui(
    ui: &mut Ui,
    options: &[SmolStr],
    several: bool,
    presentation: &Presentation,
    input: &mut AnswerInput,
) {
    if several {
        ui.label(theme::quiet(ui, "Pick all that apply."));
    }
    for (shown, &option) in presentation.order.iter().enumerate() {
        let key_hint = if shown < 9 {
            format!("{}  ", shown + 1)
        } else {
            String::new()
        };
        let Some(option_text) = options.get(option) else {
            continue;
        };
        let text = format!("{key_hint}{option_text}");
        let picked = input.picked.contains(&option);
        let clicked = if several {
            let mut on = picked;
            ui.checkbox(&mut on, text).clicked()
        } else {
            ui.radio(picked, text).clicked()
        };
        let pressed = shown < 9 && keys::pressed(ui, keys::digit(shown + 1));
        if clicked || pressed {
            toggle(&mut input.picked, option, several);
        }
    }
}

/// True and False buttons, or the T and F keys.
fn true_false_ui(ui: &mut Ui) -> Option<bool> {
    let mut said = None;
    ui.horizontal(|ui| {
        if ui.button("True (T)").clicked() {
            said = Some(true);
        }
        if ui.button("False (F)").clicked() {
            said = Some(false);
        }
    });
    if keys::pressed(ui, Key::T) {
        said = Some(true);
    } else if keys::pressed(ui, Key::F) {
        said = Some(false);
    }
    said
}

/// The left-hand items, one of them selected, and the numbered right-hand sides: Up and Down
/// (or a click) select an item, a digit (or a click on a partner) pairs it and moves on.
fn match_ui(
    ui: &mut Ui,
    pairs: &[(SmolStr, SmolStr)],
    presentation: &Presentation,
    input: &mut AnswerInput,
) {
    let n = pairs.len();
    if n == 0 {
        return;
    }
    ui.label(theme::quiet(
        ui,
        "Choose an item (Up and Down, or click), then its partner (its number, or click).",
    ));
    let mut assign = None;
    let row = input.selected_row.min(n - 1);
    if keys::pressed(ui, Key::ArrowUp) {
        input.selected_row = row.saturating_sub(1);
    } else if keys::pressed(ui, Key::ArrowDown) {
        input.selected_row = (row + 1).min(n - 1);
    }
    for (shown, &j) in presentation.order.iter().enumerate().take(9) {
        if keys::pressed(ui, keys::digit(shown + 1)) {
            assign = Some(j);
        }
    }
    egui::Grid::new("match-items")
        .num_columns(2)
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            for (i, (left, _)) in pairs.iter().enumerate() {
                let partner = input
                    .partners
                    .get(i)
                    .copied()
                    .flatten()
                    .and_then(|j| pairs.get(j))
                    .map(|p| p.1.as_str());
                let selected = input.selected_row == i;
                let item = ui.selectable_label(selected, left.as_str());
                item.widget_info(|| {
                    let state = partner.map_or_else(
                        || "no partner yet".to_owned(),
                        |p| format!("paired with {p}"),
                    );
                    WidgetInfo::labeled(Role::Button, true, format!("{left}: {state}"))
                });
                if item.clicked() {
                    input.selected_row = i;
                }
                ui.label(partner.map_or_else(
                    || theme::quiet(ui, "…"),
                    |p| RichText::new(format!("— {p}")),
                ));
                ui.end_row();
            }
        });
    ui.add_space(4.0);
    for (shown, &j) in presentation.order.iter().enumerate() {
        let key_hint = if shown < 9 {
            format!("{}  ", shown + 1)
        } else {
            String::new()
        };
        let taken = input.partners.contains(&Some(j));
        let Some((_, right)) = pairs.get(j) else {
            continue;
        };
        let text = format!("{key_hint}{right}");
        let label = if taken {
            theme::quiet(ui, text)
        } else {
            RichText::new(text)
        };
        if ui.selectable_label(false, label).clicked() {
            assign = Some(j);
        }
    }
    if let Some(j) = assign {
        let row = input.selected_row.min(n - 1);
        // A partner belongs to one item: taking it elsewhere frees it there.
        for partner in &mut input.partners {
            if *partner == Some(j) {
                *partner = None;
            }
        }
        if let Some(partner) = input.partners.get_mut(row) {
            *partner = Some(j);
        }
        input.selected_row = (row + 1).min(n - 1);
    }
}

/// The cloze text with a field in each gap; returns whether Enter was pressed in one.
fn cloze_ui(ui: &mut Ui, cloze: &Cloze, input: &mut AnswerInput, focus: bool, enter: bool) -> bool {
    let mut submitted = false;
    ui.horizontal_wrapped(|ui| {
        let mut gap = 0;
        // Punctuation right after a gap stays on the gap's line ("{{Brussels}}, in 1967"): a
        // line never starts with a comma.
        let mut glued = 0;
        let segments = cloze.segments();
        for (i, segment) in segments.iter().enumerate() {
            match segment {
                Segment::Text(words) => {
                    let rest = &words[glued..];
                    glued = 0;
                    if !rest.is_empty() {
                        ui.label(theme::prompt(ui, rest));
                    }
                }
                Segment::Gap(_) => {
                    let label = format!("gap {}", gap + 1);
                    let wants_focus = (focus && gap == 0) || input.focus_gap == Some(gap);
                    let Some(text) = input.gaps.get_mut(gap) else {
                        break;
                    };
                    let punctuation = match segments.get(i + 1) {
                        Some(Segment::Text(next)) => leading_punctuation(next),
                        _ => "",
                    };
                    glued = punctuation.len();
                    // A gap too wide for what is left of the line starts the next one, instead
                    // of being squeezed to nothing at the edge.
                    if ui.available_size_before_wrap().x < 200.0 {
                        ui.end_row();
                    }
                    let field = ui
                        .horizontal(|ui| {
                            ui.spacing_mut().item_spacing.x = 2.0;
                            let field = labelled_field(ui, &label, text, 140.0, wants_focus);
                            if !punctuation.is_empty() {
                                ui.label(theme::prompt(ui, punctuation));
                            }
                            field
                        })
                        .inner;
                    if wants_focus && field.has_focus() {
                        input.focus_gap = None;
                    }
                    if field.lost_focus() && enter {
                        // Enter moves on to the next empty gap; in the last one it checks.
                        let next_empty = input
                            .gaps
                            .iter()
                            .enumerate()
                            .skip(gap + 1)
                            .find(|(_, g)| g.trim().is_empty())
                            .map(|(i, _)| i);
                        match next_empty {
                            Some(next) => input.focus_gap = Some(next),
                            None => submitted = true,
                        }
                    }
                    gap += 1;
                }
            }
        }
    });
    submitted
}

/// The punctuation a text starts with, up to its first space or letter: `,` of ", in 1967".
fn leading_punctuation(text: &str) -> &str {
    let end = text
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || c.is_alphanumeric())
        .map_or(text.len(), |(i, _)| i);
    &text[..end]
}

fn toggle(picked: &mut Vec<usize>, option: usize, several: bool) {
    if several {
        if let Some(at) = picked.iter().position(|&p| p == option) {
            picked.remove(at);
        } else {
            picked.push(option);
        }
    } else {
        *picked = vec![option];
    }
}

fn order_ui(ui: &mut Ui, items: &[SmolStr], input: &mut AnswerInput) {
    let n = input.arrangement.len();
    if n == 0 {
        return;
    }
    ui.label(theme::quiet(
        ui,
        "Up and Down choose an item; Alt+Up and Alt+Down move it.",
    ));
    let row = input.selected_row.min(n - 1);
    if keys::pressed_with(ui, Modifiers::ALT, Key::ArrowUp) && row > 0 {
        input.arrangement.swap(row, row - 1);
        input.selected_row = row - 1;
    } else if keys::pressed_with(ui, Modifiers::ALT, Key::ArrowDown) && row + 1 < n {
        input.arrangement.swap(row, row + 1);
        input.selected_row = row + 1;
    } else if keys::pressed(ui, Key::ArrowUp) {
        input.selected_row = row.saturating_sub(1);
    } else if keys::pressed(ui, Key::ArrowDown) {
        input.selected_row = (row + 1).min(n - 1);
    }
    let mut swap = None;
    for row in 0..n {
        let Some(item) = input.arrangement.get(row).and_then(|&i| items.get(i)) else {
            continue;
        };
        ui.horizontal(|ui| {
            let up = ui.add_enabled(row > 0, egui::Button::new("⬆"));
            up.widget_info(|| {
                WidgetInfo::labeled(Role::Button, row > 0, format!("Move “{item}” up"))
            });
            let down = ui.add_enabled(row + 1 < n, egui::Button::new("⬇"));
            down.widget_info(|| {
                WidgetInfo::labeled(Role::Button, row + 1 < n, format!("Move “{item}” down"))
            });
            if up.clicked() {
                swap = Some((row, row - 1));
            }
            if down.clicked() {
                swap = Some((row, row + 1));
            }
            let selected = input.selected_row == row;
            if ui
                .selectable_label(selected, format!("{}. {item}", row + 1))
                .clicked()
            {
                input.selected_row = row;
            }
        });
    }
    if let Some((a, b)) = swap {
        input.arrangement.swap(a, b);
        input.selected_row = b;
    }
}

/// Shows what the student answered, marked part by part (the verdict's feedback, shown above
/// it, says what the right answer is).
pub fn feedback_ui(
    ui: &mut Ui,
    question: &Question,
    presentation: &Presentation,
    response: Option<&Response>,
    verdict: &Verdict,
) {
    let dark = ui.visuals().dark_mode;
    let color = |ok: bool| {
        if ok {
            theme::right(dark)
        } else {
            theme::wrong(dark)
        }
    };
    match (&question.answer, response) {
        (Answer::Choice { options, correct }, Some(Response::Choice(picked))) => {
            for &option in &presentation.order {
                let is_right = correct.contains(&option);
                let was_picked = picked.contains(&option);
                let (icon, note) = match (is_right, was_picked) {
                    (true, true) => ("✔", "your pick, right"),
                    (true, false) => ("✔", "right, not picked"),
                    (false, true) => ("✖", "your pick, wrong"),
                    (false, false) => ("  ", ""),
                };
                ui.horizontal(|ui| {
                    let text = RichText::new(format!(
                        "{icon} {}",
                        options.get(option).map_or("", SmolStr::as_str)
                    ));
                    ui.label(if is_right || was_picked {
                        text.color(color(is_right))
                    } else {
                        text
                    });
                    if !note.is_empty() {
                        ui.label(theme::quiet(ui, format!("({note})")));
                    }
                });
            }
        }
        (Answer::TrueFalse(_), Some(Response::TrueFalse(said))) => {
            ui.label(format!(
                "You said: {}",
                if *said { "true" } else { "false" }
            ));
        }
        (Answer::Typed { accept }, Some(Response::Typed(typed))) => {
            ui.label(format!("You wrote: {}", typed.trim()));
            if accept.len() > 1 {
                ui.label(theme::quiet(
                    ui,
                    format!("Accepted: {}", accept.join(" · ")),
                ));
            }
        }
        (Answer::Number { .. }, Some(Response::Number(typed))) => {
            ui.label(format!("You wrote: {}", typed.trim()));
        }
        (Answer::Order(items), Some(Response::Order(order))) => {
            ui.label("Your order:");
            for (row, (&item, &ok)) in order.iter().zip(&verdict.parts).enumerate() {
                let icon = if ok { "✔" } else { "✖ out of place:" };
                ui.label(
                    RichText::new(format!(
                        "{}. {icon} {}",
                        row + 1,
                        items.get(item).map_or("", SmolStr::as_str)
                    ))
                    .color(color(ok)),
                );
            }
        }
        (Answer::Match(pairs), Some(Response::Match(chosen))) => {
            for (i, ((left, right), &ok)) in pairs.iter().zip(&verdict.parts).enumerate() {
                let yours = chosen
                    .get(i)
                    .copied()
                    .flatten()
                    .and_then(|j| pairs.get(j))
                    .map_or("nothing", |p| p.1.as_str());
                let line = if ok {
                    format!("✔ {left} — {right}")
                } else {
                    format!("✖ {left} — {yours} (right: {right})")
                };
                ui.label(RichText::new(line).color(color(ok)));
            }
        }
        (Answer::Cloze(cloze), Some(Response::Cloze(filled))) => {
            for (i, ((gap, typed), &ok)) in cloze.gaps().zip(filled).zip(&verdict.parts).enumerate()
            {
                let line = if ok {
                    format!("✔ gap {}: {}", i + 1, typed.trim())
                } else {
                    format!("✖ gap {}: {} (right: {})", i + 1, typed.trim(), gap[0])
                };
                ui.label(RichText::new(line).color(color(ok)));
            }
        }
        _ => {}
    }
}

/// Right or wrong at a glance (an icon and a word, not only a colour), the partial score, and
/// the verdict's sentence.
pub fn verdict_header_ui(ui: &mut Ui, verdict: &Verdict, overridden: bool) {
    let dark = ui.visuals().dark_mode;
    let (word, color) = match (verdict.correct, overridden) {
        (true, false) => ("✔ Correct", theme::right(dark)),
        (false, false) if verdict.score > 0.0 => ("◑ Partly right", theme::wrong(dark)),
        (false, false) => ("✖ Wrong", theme::wrong(dark)),
        (false, true) => ("✔ Accepted: you said you were right", theme::right(dark)),
        (true, true) => (
            "✖ Counted as not known: you rated it Again",
            theme::wrong(dark),
        ),
    };
    ui.label(
        RichText::new(word)
            .size(theme::PROMPT_SIZE)
            .strong()
            .color(color),
    );
    if verdict.score > 0.0 && verdict.score < 1.0 {
        ui.label(format!("Partly right: {:.0}%.", verdict.score * 100.0));
    }
    verdict_text_ui(ui, verdict);
}

/// The verdict's sentence, unless it only repeats the "✔ Correct" above it.
pub fn verdict_text_ui(ui: &mut Ui, verdict: &Verdict) {
    if !(verdict.correct && verdict.feedback == "Correct.") {
        ui.label(&verdict.feedback);
    }
}

/// The prompt, large; once answered, a cloze without a prompt reads as its whole sentence.
pub fn prompt_ui(ui: &mut Ui, question: &Question, answered: bool) {
    match &question.answer {
        Answer::Cloze(cloze) if answered && question.prompt().trim().is_empty() => {
            ui.label(theme::prompt(ui, &cloze.filled()));
        }
        _ if !question.prompt().trim().is_empty() => {
            ui.label(theme::prompt(ui, question.prompt()));
        }
        _ => {}
    }
}

/// The explanation and source of a question, shown after every answer.
pub fn explanation_ui(ui: &mut Ui, question: &Question) {
    if let Some(explanation) = question.explanation() {
        ui.label(explanation);
    }
    if let Some(source) = question.source() {
        ui.label(theme::quiet(ui, format!("Source: {source}")));
    }
}

#[cfg(test)]
mod punctuation_tests {
    use super::leading_punctuation;

    #[test]
    fn only_the_punctuation_before_the_next_word_stays_with_a_gap() {
        assert_eq!(leading_punctuation(", in 1967."), ",");
        assert_eq!(leading_punctuation("). Then"), ").");
        assert_eq!(leading_punctuation(" and"), "");
        assert_eq!(leading_punctuation("s of"), "");
        assert_eq!(leading_punctuation("."), ".");
        assert_eq!(leading_punctuation("…”, said"), "…”,");
    }
}
