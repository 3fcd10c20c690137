//! `allydeck import FILE...` and `allydeck export SET`: the report of an import, as printed.
//! The use cases themselves are the application layer's ([`crate::app::transfer`]).

use std::fmt::Write as _;

use crate::app::transfer::ImportDone;
use crate::text::ShowPath as _;

/// The report of one import, as printed.
pub fn report(done: &ImportDone) -> String {
    let set = &done.converted.set;
    let mut text = format!(
        "{} ({}): {} question{} into {} (set {:?})\n",
        done.file.shown(),
        done.format,
        set.questions.len(),
        if set.questions.len() == 1 { "" } else { "s" },
        done.written.shown(),
        set.id.as_str()
    );
    let kinds: Vec<String> = done
        .converted
        .kinds
        .iter()
        .map(|(kind, n)| format!("{kind} {n}"))
        .collect();
    let _ = writeln!(text, "  {}", kinds.join(", "));
    for (skipped, heading) in [(true, "not carried"), (false, "carried with a loss")] {
        let notes: Vec<_> = done
            .converted
            .notes
            .iter()
            .filter(|n| n.skipped == skipped)
            .collect();
        if notes.is_empty() {
            continue;
        }
        let _ = writeln!(text, "  {heading} ({}):", notes.len());
        for note in notes {
            let _ = writeln!(
                text,
                "    {}:{}: {}",
                done.file.shown(),
                note.line,
                note.message
            );
        }
    }
    if set.questions.iter().any(|q| q.source().is_none()) {
        text.push_str(
            "  the format has no sources: add `source:` to each question before students use \
             the set (allydeck check lists them)\n",
        );
    }
    text
}
