//! Keyboard shortcuts: a key counts once per press (not while held down and repeating), only
//! with exactly the modifiers asked for, and never while a text field has the keyboard.

use egui::{Event, Key, Modifiers, Ui};

/// Whether a text field has the keyboard, so that letters and digits are text, not shortcuts.
pub fn typing(ui: &Ui) -> bool {
    ui.ctx().text_edit_focused()
}

/// Whether `key` was pressed alone this frame (not repeated, no modifier, not typing).
pub fn pressed(ui: &Ui, key: Key) -> bool {
    pressed_with(ui, Modifiers::NONE, key)
}

/// Whether `key` was pressed with exactly `modifiers` this frame (not repeated, not typing).
pub fn pressed_with(ui: &Ui, modifiers: Modifiers, key: Key) -> bool {
    !typing(ui)
        && ui.input(|i| {
            i.events.iter().any(|event| {
                matches!(
                    event,
                    Event::Key { key: k, pressed: true, repeat: false, modifiers: m, .. }
                        if *k == key && m.matches_exact(modifiers)
                )
            })
        })
}

/// Whether the character `ch` was typed this frame outside a text field: for shortcuts that
/// are characters, not keys (Anki's `@` is Shift+2 on one keyboard and AltGr+Q on another).
pub fn typed(ui: &Ui, ch: &str) -> bool {
    !typing(ui)
        && ui.input(|i| {
            i.events
                .iter()
                .any(|e| matches!(e, Event::Text(t) if t == ch))
        })
}

/// The key of digit `n` (1 to 9).
pub fn digit(n: usize) -> Key {
    match n {
        1 => Key::Num1,
        2 => Key::Num2,
        3 => Key::Num3,
        4 => Key::Num4,
        5 => Key::Num5,
        6 => Key::Num6,
        7 => Key::Num7,
        8 => Key::Num8,
        _ => Key::Num9,
    }
}
