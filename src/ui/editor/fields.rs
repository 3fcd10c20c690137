//! The form's fields, per kind: what the teacher types, ticks and moves.

use egui::text::LayoutJob;
use egui::{Color32, FontId, Key, Modifiers, RichText, TextFormat, Ui};

use super::EditorScreen;
use crate::bank::Kind;
use crate::ui::theme;

/// A text field with a visible label that names it (for screen readers and tests).
fn field(ui: &mut Ui, label: &str, text: &mut String, multiline: bool) -> egui::Response {
    let label = ui.label(label);
    let edit = if multiline {
        egui::TextEdit::multiline(text).desired_rows(2)
    } else {
        egui::TextEdit::singleline(text)
    };
    // The frame's margins are outside the desired width: kept inside the column.
    ui.add(edit.desired_width(ui.available_width() - 12.0))
        .labelled_by(label.id)
}

/// A text field in a row, labelled by `name` for screen readers and tests but not shown.
fn row_field(ui: &mut Ui, name: &str, text: &mut String, width: f32) -> egui::Response {
    let response = ui.add(egui::TextEdit::singleline(text).desired_width(width));
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, name));
    response
}

/// A small button named for screen readers and tests by `name` (its face is an icon).
fn icon_button(ui: &mut Ui, enabled: bool, icon: &str, name: &str) -> bool {
    let response = ui.add_enabled(enabled, egui::Button::new(icon).small());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, name));
    response.on_hover_text(name).clicked()
}

/// The whole form: prompt, kind, the kind's answer, then explanation, source, tags and
/// difficulty.
pub fn question_ui(ui: &mut Ui, screen: &mut EditorScreen) {
    let id = screen.id();
    ui.label(theme::quiet(
        ui,
        match &screen.target {
            crate::app::editor::Target::Existing(_) => format!(
                "Id {:?}: kept, so the progress on this question is kept.",
                id.as_str()
            ),
            crate::app::editor::Target::New => {
                format!("Id {:?}: made from the prompt when saved.", id.as_str())
            }
        },
    ));
    let form = &mut screen.form;
    let prompt_label = if form.kind == Kind::Cloze {
        "Prompt (may be empty: the sentence is the question)"
    } else {
        "Prompt"
    };
    field(ui, prompt_label, &mut form.prompt, true);
    ui.horizontal(|ui| {
        let label = ui.label("Kind");
        egui::ComboBox::from_id_salt("kind")
            .selected_text(form.kind.name())
            .height(400.0)
            .show_ui(ui, |ui| {
                for kind in Kind::ALL {
                    ui.selectable_value(&mut form.kind, kind, kind.name());
                }
            })
            .response
            .labelled_by(label.id);
    });
    ui.add_space(4.0);
    match form.kind {
        Kind::Choice => choice_ui(ui, &mut form.options),
        Kind::TrueFalse => {
            ui.horizontal(|ui| {
                ui.label("The statement is");
                ui.radio_value(&mut form.truth, true, "true");
                ui.radio_value(&mut form.truth, false, "false");
            });
        }
        Kind::Typed => typed_ui(ui, screen),
        Kind::Number => {
            ui.horizontal_wrapped(|ui| {
                let value = ui.label("Value");
                ui.add(egui::TextEdit::singleline(&mut form.value).desired_width(120.0))
                    .labelled_by(value.id);
                let tolerance = ui.label("± tolerance");
                ui.add(egui::TextEdit::singleline(&mut form.tolerance).desired_width(80.0))
                    .labelled_by(tolerance.id)
                    .on_hover_text("How far off still counts as right; empty for exactly");
                let unit = ui.label("Unit");
                ui.add(egui::TextEdit::singleline(&mut form.unit).desired_width(80.0))
                    .labelled_by(unit.id);
            });
        }
        Kind::Order => order_ui(ui, &mut form.items, &mut screen.order_focus),
        Kind::Match => match_ui(ui, &mut form.pairs),
        Kind::Cloze => cloze_ui(ui, &mut form.cloze),
        Kind::Flashcard => {
            field(ui, "Back of the card", &mut form.back, true);
        }
    }
    let form = &mut screen.form;
    ui.add_space(4.0);
    field(
        ui,
        "Explanation (shown after every answer)",
        &mut form.explanation,
        true,
    );
    field(ui, "Source", &mut form.source, false);
    field(ui, "Tags (separated by commas)", &mut form.tags, false);
    ui.horizontal(|ui| {
        let label = ui.label("Difficulty");
        let shown = |d: Option<u8>| match d {
            None => "not set",
            Some(1) => "1 easy",
            Some(2) => "2 medium",
            Some(_) => "3 hard",
        };
        egui::ComboBox::from_id_salt("difficulty")
            .selected_text(shown(form.difficulty))
            .show_ui(ui, |ui| {
                for d in [None, Some(1), Some(2), Some(3)] {
                    ui.selectable_value(&mut form.difficulty, d, shown(d));
                }
            })
            .response
            .labelled_by(label.id);
    });
}

/// Each option with a "right" tick; options are added and removed, never counted.
fn choice_ui(ui: &mut Ui, options: &mut Vec<(String, bool)>) {
    ui.label(theme::quiet(
        ui,
        "Tick every right option; with several ticked, the student must pick them all.",
    ));
    let mut remove = None;
    let width = ui.available_width() - 130.0;
    for (i, (text, right)) in options.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            let tick = ui.checkbox(right, "right");
            let on = *right;
            tick.widget_info(|| {
                egui::WidgetInfo::selected(
                    egui::Role::CheckBox,
                    true,
                    on,
                    format!("Option {} is right", i + 1),
                )
            });
            row_field(ui, &format!("Option {}", i + 1), text, width);
            if icon_button(ui, true, "✖", &format!("Remove option {}", i + 1)) {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        options.remove(i);
    }
    if ui.button("Add an option").clicked() {
        options.push((String::new(), false));
    }
}

/// The accepted answers, and a box to try an answer with the grader students meet.
fn typed_ui(ui: &mut Ui, screen: &mut EditorScreen) {
    ui.label(theme::quiet(
        ui,
        "Accepted answers; the first is shown as the answer. Case, accents, punctuation and \
         one slip in a long answer are forgiven.",
    ));
    let accept = &mut screen.form.accept;
    let mut remove = None;
    let width = ui.available_width() - 60.0;
    for (i, text) in accept.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            row_field(ui, &format!("Accepted answer {}", i + 1), text, width);
            if icon_button(ui, true, "✖", &format!("Remove accepted answer {}", i + 1)) {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        accept.remove(i);
    }
    if ui.button("Add an accepted answer").clicked() {
        accept.push(String::new());
    }
    ui.horizontal(|ui| {
        let label = ui.label("Try an answer");
        ui.add(egui::TextEdit::singleline(&mut screen.try_text).desired_width(260.0))
            .labelled_by(label.id);
        let dark = ui.visuals().dark_mode;
        if let Some((verdict, matched)) = &screen.tried {
            let text = match (verdict.correct, matched) {
                (true, Some(m)) => format!("✔ accepted (as {m:?})"),
                (true, None) => "✔ accepted".to_owned(),
                (false, _) => "✖ not accepted".to_owned(),
            };
            let color = if verdict.correct {
                theme::right(dark)
            } else {
                theme::wrong(dark)
            };
            ui.label(RichText::new(text).color(color));
        }
    });
}

/// The items in their right order, moved with buttons or Alt+Up and Alt+Down; an item moved
/// from the keyboard keeps the keyboard (`focus`: the field to give it to next frame).
fn order_ui(ui: &mut Ui, items: &mut Vec<String>, focus: &mut Option<usize>) {
    ui.label(theme::quiet(
        ui,
        "The items in their right order (shuffled when asked). Move an item with its arrows, \
         or with Alt+Up and Alt+Down while its field has the keyboard.",
    ));
    let mut swap = None;
    let mut remove = None;
    let n = items.len();
    let width = ui.available_width() - 165.0;
    let mut moved_by_keys = false;
    for (i, text) in items.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            ui.label(format!("{}.", i + 1));
            let field = row_field(ui, &format!("Item {}", i + 1), text, width);
            if *focus == Some(i) {
                field.request_focus();
                *focus = None;
            }
            if field.has_focus() {
                if ui.input_mut(|inp| inp.consume_key(Modifiers::ALT, Key::ArrowUp)) && i > 0 {
                    swap = Some((i, i - 1));
                    moved_by_keys = true;
                }
                if ui.input_mut(|inp| inp.consume_key(Modifiers::ALT, Key::ArrowDown)) && i + 1 < n
                {
                    swap = Some((i, i + 1));
                    moved_by_keys = true;
                }
            }
            if icon_button(ui, i > 0, "⬆", &format!("Move item {} up", i + 1)) {
                swap = Some((i, i - 1));
            }
            if icon_button(ui, i + 1 < n, "⬇", &format!("Move item {} down", i + 1)) {
                swap = Some((i, i + 1));
            }
            if icon_button(ui, true, "✖", &format!("Remove item {}", i + 1)) {
                remove = Some(i);
            }
        });
    }
    if let Some((a, b)) = swap {
        items.swap(a, b);
        if moved_by_keys {
            *focus = Some(b);
            ui.ctx().request_repaint();
        }
    }
    if let Some(i) = remove {
        items.remove(i);
    }
    if ui.button("Add an item").clicked() {
        items.push(String::new());
    }
}

/// The pairs, each a left and a right side.
fn match_ui(ui: &mut Ui, pairs: &mut Vec<(String, String)>) {
    ui.label(theme::quiet(
        ui,
        "Pairs that belong together; the right-hand sides are shuffled when asked.",
    ));
    let mut remove = None;
    let width = (ui.available_width() - 90.0) / 2.0;
    for (i, (left, right)) in pairs.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            row_field(ui, &format!("Pair {} left", i + 1), left, width);
            ui.label("—");
            row_field(ui, &format!("Pair {} right", i + 1), right, width);
            if icon_button(ui, true, "✖", &format!("Remove pair {}", i + 1)) {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        pairs.remove(i);
    }
    if ui.button("Add a pair").clicked() {
        pairs.push((String::new(), String::new()));
    }
}

/// Where the gaps of a cloze text are: each `{{...}}` and whether it is closed.
fn gap_spans(text: &str) -> Vec<(std::ops::Range<usize>, bool)> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("{{") {
        let start = from + open;
        let Some(close) = text[start + 2..].find("}}") else {
            spans.push((start..text.len(), false));
            break;
        };
        let end = start + 2 + close + 2;
        spans.push((start..end, true));
        from = end;
    }
    spans
}

/// The text in `font`, its gaps on a highlight (an unclosed one in the colour of a mistake).
fn highlighted(
    text: &str,
    font: &FontId,
    color: Color32,
    gap: Color32,
    open: Color32,
) -> LayoutJob {
    let mut job = LayoutJob::default();
    let plain = TextFormat::simple(font.clone(), color);
    let mut at = 0;
    for (span, closed) in gap_spans(text) {
        job.append(&text[at..span.start], 0.0, plain.clone());
        let mut format = TextFormat::simple(font.clone(), color);
        format.background = if closed { gap } else { open };
        job.append(&text[span.clone()], 0.0, format);
        at = span.end;
    }
    job.append(&text[at..], 0.0, plain);
    job
}

/// The sentence with its gaps highlighted as they are typed, and the gaps listed.
fn cloze_ui(ui: &mut Ui, text: &mut String) {
    ui.label(theme::quiet(
        ui,
        "Write the sentence with each gap as {{answer}}, or {{answer|other accepted answer}}.",
    ));
    let dark = ui.visuals().dark_mode;
    let color = ui.visuals().text_color();
    let gap = theme::right(dark).gamma_multiply(0.35);
    let open = theme::wrong(dark).gamma_multiply(0.35);
    let mut layouter = |ui: &Ui, buffer: &dyn egui::TextBuffer, wrap_width: f32| {
        let font = egui::TextStyle::Body.resolve(ui.style());
        let mut job = highlighted(buffer.as_str(), &font, color, gap, open);
        job.wrap.max_width = wrap_width;
        ui.fonts_mut(|f| f.layout_job(job))
    };
    let label = ui.label("Sentence with gaps");
    ui.add(
        egui::TextEdit::multiline(text)
            .desired_rows(3)
            .desired_width(ui.available_width() - 12.0)
            .layouter(&mut layouter),
    )
    .labelled_by(label.id);
    let gaps: Vec<String> = gap_spans(text)
        .into_iter()
        .filter(|(_, closed)| *closed)
        .map(|(span, _)| text[span.start + 2..span.end - 2].replace('|', " or "))
        .collect();
    if !gaps.is_empty() {
        let list: Vec<String> = gaps
            .iter()
            .enumerate()
            .map(|(i, g)| format!("{}. {g}", i + 1))
            .collect();
        ui.label(theme::quiet(ui, format!("Gaps: {}", list.join("   "))));
    }
}

#[cfg(test)]
mod tests {
    use super::gap_spans;

    #[test]
    fn gaps_are_found_closed_or_left_open() {
        let text = "Article {{5}} cites Article {{51|fifty-one}} of the {{UN";
        let spans = gap_spans(text);
        let shown: Vec<(&str, bool)> = spans.iter().map(|(r, c)| (&text[r.clone()], *c)).collect();
        assert_eq!(
            shown,
            vec![("{{5}}", true), ("{{51|fifty-one}}", true), ("{{UN", false)]
        );
        assert!(gap_spans("no gap }} here").is_empty());
    }
}
