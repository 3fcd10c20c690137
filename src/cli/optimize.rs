//! `allydeck optimize [--apply] [--force] [--json]`: the student's own FSRS parameters.

use std::io::{self, Write};

use serde::Serialize;

use crate::app::Optimized;
use crate::schedule::optimize::Fit;

/// What `--json` prints: both parameter sets with their figures on the same log.
#[derive(Serialize)]
struct Report<'a> {
    reviews: usize,
    items: usize,
    current: Side<'a>,
    fitted: Side<'a>,
    better: bool,
    applied: bool,
}

#[derive(Serialize)]
struct Side<'a> {
    parameters: &'a [f32],
    log_loss: f32,
    rmse_bins: f32,
}

fn side(parameters: &[f32], fit: Fit) -> Side<'_> {
    Side {
        parameters,
        log_loss: fit.log_loss,
        rmse_bins: fit.rmse_bins,
    }
}

/// Writes the result as JSON.
///
/// # Errors
/// Writing to `out` failed.
pub fn write_json(result: &Optimized, applied: bool, out: &mut impl Write) -> io::Result<()> {
    let report = Report {
        reviews: result.reviews,
        items: result.items,
        current: side(&result.current, result.current_fit),
        fitted: side(&result.fitted, result.fitted_fit),
        better: result.is_better(),
        applied,
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

/// Writes the result as a table and what was done.
///
/// # Errors
/// Writing to `out` failed.
pub fn write_text(
    result: &Optimized,
    defaults: bool,
    applied: bool,
    out: &mut impl Write,
) -> io::Result<()> {
    writeln!(
        out,
        "{} reviews; {} of them on a later day than the card's review before, which FSRS \
         learns from and is measured on.",
        result.reviews, result.items
    )?;
    writeln!(
        out,
        "{:<12} {:>9} {:>12}",
        "parameters", "log loss", "RMSE (bins)"
    )?;
    let in_force = if defaults { "defaults" } else { "in force" };
    for (name, fit) in [
        (in_force, &result.current_fit),
        ("fitted", &result.fitted_fit),
    ] {
        writeln!(
            out,
            "{name:<12} {:>9.4} {:>12.4}",
            fit.log_loss, fit.rmse_bins
        )?;
    }
    let verdict = match (result.is_better(), applied) {
        (true, true) => "The fitted parameters predict your log better; they are in force now.",
        (false, true) => "The fitted parameters are in force now, as asked (--force).",
        (true, false) => {
            "The fitted parameters predict your log better: `allydeck optimize --apply` puts \
             them in force."
        }
        (false, false) => {
            "The fitted parameters do not predict your log better; the ones in force are kept \
             (`--apply --force` uses them anyway)."
        }
    };
    writeln!(out, "{verdict}")
}
