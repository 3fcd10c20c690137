//! `allydeck log export` and `allydeck log import`: the review log as CSV.

use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, Result, bail};

use crate::app::Collection;
use crate::store::{ImportSummary, read_csv, write_csv};
use crate::text::ShowPath as _;

/// Writes every review as CSV to `out`, or to standard output.
///
/// # Errors
/// The log cannot be read or the file written.
pub fn export(collection: &Collection, out: Option<&Path>) -> Result<usize> {
    let reviews = collection.reviews_by_time()?;
    match out {
        None => {
            let stdout = std::io::stdout().lock();
            write_csv(stdout, &reviews).context("cannot write the reviews")?;
        }
        Some(path) => super::write_atomically(path, |file| {
            write_csv(file, &reviews).context("cannot write the reviews")
        })?,
    }
    Ok(reviews.len())
}

/// Imports a CSV file of reviews, whole or not at all.
///
/// # Errors
/// The file cannot be read, has malformed lines (each reported as `line N: message`), or the
/// database cannot be written.
pub fn import(
    collection: &mut Collection,
    file: &Path,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<ImportSummary> {
    let input =
        std::fs::File::open(file).with_context(|| format!("cannot read {}", file.shown()))?;
    let records = match read_csv(std::io::BufReader::new(input), now) {
        Ok(records) => records,
        Err(e) => bail!("{}: nothing was imported:\n{e}", file.shown()),
    };
    Ok(collection.import_log(&records)?)
}

/// The line `log import` prints on success.
///
/// # Errors
/// Writing to `out` failed.
pub fn describe(summary: &ImportSummary, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "read {} reviews: {} added, {} already in the log; {} cards recomputed",
        summary.read,
        summary.added,
        summary.read - summary.added,
        summary.cards_rebuilt
    )
}
