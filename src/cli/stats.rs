//! `allydeck stats [--json]`: due counts, mastery and retention per set.

use std::io::{self, Write};

use crate::stats::{Overview, SetStats};

fn percent(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_owned(), |x| format!("{:.0}%", x * 100.0))
}

/// Writes the overview as a table, one row per set and a total.
///
/// # Errors
/// Writing to `out` failed.
pub fn write_text(overview: &Overview, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "{:<24} {:>9} {:>5} {:>8} {:>6} {:>9} {:>7} {:>7} {:>9}",
        "set",
        "questions",
        "new",
        "learning",
        "review",
        "due today",
        "mastery",
        "reviews",
        "retention"
    )?;
    let row = |s: &SetStats, out: &mut dyn Write| {
        writeln!(
            out,
            "{:<24} {:>9} {:>5} {:>8} {:>6} {:>9} {:>7} {:>7} {:>9}",
            s.id,
            s.questions,
            s.new,
            s.learning,
            s.review,
            s.due_today,
            percent(Some(s.mastery)),
            s.reviews,
            percent(s.true_retention)
        )
    };
    for set in &overview.sets {
        row(set, out)?;
    }
    row(&overview.total, out)?;
    let orphans = overview.cards.iter().filter(|c| c.orphan).count();
    if orphans > 0 {
        writeln!(
            out,
            "{orphans} card(s) with history belong to no loaded set; their reviews are kept."
        )?;
    }
    writeln!(
        out,
        "mastery: share of questions remembered stably for 21 days or more; retention: share of \
         due reviews not forgotten"
    )
}

/// Writes the overview as pretty JSON.
///
/// # Errors
/// Writing to `out` failed.
pub fn write_json(overview: &Overview, out: &mut impl Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, overview)?;
    writeln!(out)
}
