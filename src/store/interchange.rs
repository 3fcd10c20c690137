//! Review-log interchange as CSV: `card,reviewed_at,rating,duration_ms,overridden`.
//!
//! `card` is `set_id/question_id`, `reviewed_at` RFC 3339 with an offset (the offset is kept:
//! it decides the study day), `rating` 1-4, `duration_ms` a whole number or empty, and
//! `overridden` 1 when the student overruled the grader (0 or empty otherwise). The last column
//! is optional: a file written before it existed, with the four-column header, still imports. Import is
//! all-or-nothing per file and idempotent: a review is identified by its card and moment
//! (to the millisecond), so importing a file twice stores each review once.

use std::collections::BTreeSet;
use std::io::{Read, Write};

use chrono::{DateTime, Offset as _, SecondsFormat, Utc};
use rusqlite::params;

use super::log::{ReviewRecord, StoredReview, rebuild_within};
use super::{Store, StoreError};
use crate::bank::CardKey;
use crate::schedule::{Phase, Rating, Scheduler};

/// The header a review-log CSV is written with.
pub const HEADER: [&str; 5] = ["card", "reviewed_at", "rating", "duration_ms", "overridden"];

/// The header of files written before `overridden` was kept; they still import.
pub const HEADER_WITHOUT_OVERRIDDEN: [&str; 4] = ["card", "reviewed_at", "rating", "duration_ms"];

/// Why a CSV file was not imported: every malformed line, as `line N: message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .problems.iter().map(|(line, m)| format!("line {line}: {m}")).collect::<Vec<_>>().join("\n"))]
pub struct CsvError {
    /// Line number (counting from 1, the header being line 1) and message.
    pub problems: Vec<(u64, String)>,
}

/// At most this many malformed lines are reported; the rest only counted.
const MAX_REPORTED: usize = 50;

/// Reads a whole review-log CSV, or every problem in it.
///
/// # Errors
/// A missing or different header, or any malformed line; nothing is returned then, so that a
/// file is imported whole or not at all.
pub fn read_csv(input: impl Read, now: DateTime<Utc>) -> Result<Vec<ReviewRecord>, CsvError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(input);
    let one = |line, message: String| CsvError {
        problems: vec![(line, message)],
    };
    let header = reader
        .headers()
        .map_err(|e| one(1, format!("cannot read the header: {e}")))?;
    let columns = if header.iter().eq(HEADER) {
        HEADER.len()
    } else if header.iter().eq(HEADER_WITHOUT_OVERRIDDEN) {
        HEADER_WITHOUT_OVERRIDDEN.len()
    } else {
        return Err(one(
            1,
            format!(
                "the header must be exactly `{}` (or, in files from before overridden verdicts \
                 were kept, `{}`), not `{}`",
                HEADER.join(","),
                HEADER_WITHOUT_OVERRIDDEN.join(","),
                header.iter().collect::<Vec<_>>().join(",")
            ),
        ));
    };
    let mut records = Vec::new();
    let mut problems = Vec::new();
    let mut malformed = 0usize;
    for row in reader.records() {
        let result = row
            .map_err(|e| {
                let line = e.position().map_or(0, csv::Position::line);
                (line, format!("not valid CSV: {e}"))
            })
            .and_then(|row| {
                let line = row.position().map_or(0, csv::Position::line);
                parse_row(&row, columns, now).map_err(|m| (line, m))
            });
        match result {
            Ok(record) => records.push(record),
            Err(problem) => {
                malformed += 1;
                if problems.len() < MAX_REPORTED {
                    problems.push(problem);
                }
            }
        }
    }
    if malformed > problems.len() {
        let last = problems.last().map_or(0, |p| p.0);
        problems.push((
            last,
            format!(
                "... and {} more malformed lines",
                malformed - problems.len()
            ),
        ));
    }
    if problems.is_empty() {
        Ok(records)
    } else {
        Err(CsvError { problems })
    }
}

/// How far ahead of the clock a review may be dated: a day covers any time zone's "today"
/// and a clock a little fast, not a date typed in the wrong year.
pub const MAX_AHEAD: chrono::TimeDelta = chrono::TimeDelta::days(1);

fn parse_row(
    row: &csv::StringRecord,
    columns: usize,
    now: DateTime<Utc>,
) -> Result<ReviewRecord, String> {
    if row.len() != columns && row.iter().any(|field| field.contains('\n')) {
        return Err(
            "a quote (\") opened on this line is never closed, so the lines after it were read \
             as one field: close the quote, or remove it"
                .to_owned(),
        );
    }
    if row.len() != columns {
        return Err(format!(
            "expected {columns} fields ({}), found {}",
            HEADER[..columns].join(","),
            row.len()
        ));
    }
    let card: CardKey = row[0].trim().parse().map_err(|e| format!("{e}"))?;
    let moment = DateTime::parse_from_rfc3339(row[1].trim()).map_err(|e| {
        format!(
            "reviewed_at {:?} is not an RFC 3339 time with an offset, such as \
             2026-03-01T09:30:00+01:00 ({e})",
            &row[1]
        )
    })?;
    let rating = row[2]
        .trim()
        .parse::<u8>()
        .ok()
        .and_then(Rating::from_number)
        .ok_or_else(|| format!("rating {:?} must be 1, 2, 3 or 4", &row[2]))?;
    let duration = row[3].trim();
    let duration_ms = if duration.is_empty() {
        None
    } else {
        Some(duration.parse::<u32>().map_err(|_| {
            format!("duration_ms {duration:?} must be a whole number of milliseconds or empty")
        })?)
    };
    let at = DateTime::from_timestamp_millis(moment.timestamp_millis())
        .ok_or_else(|| format!("reviewed_at {:?} is out of range", &row[1]))?;
    let year = chrono::Datelike::year(&moment);
    if !(1970..=9999).contains(&year) || at.timestamp_millis() < 0 {
        return Err(format!(
            "reviewed_at {:?} is outside 1970 to 9999: no review can have been given then",
            row[1].trim()
        ));
    }
    if at > now + MAX_AHEAD {
        return Err(format!(
            "reviewed_at {:?} is in the future (the clock reads {}): a review dated ahead would \
             push every later answer to this card after it; correct the date",
            row[1].trim(),
            now.with_timezone(&moment.offset().fix())
                .format("%Y-%m-%dT%H:%M:%S%:z"),
        ));
    }
    let overridden = match row.get(4).map(str::trim) {
        None | Some("" | "0") => false,
        Some("1") => true,
        Some(other) => {
            return Err(format!(
                "overridden {other:?} must be 1 (the student overruled the grader), 0 or empty"
            ));
        }
    };
    Ok(ReviewRecord {
        card,
        at,
        utc_offset: *moment.offset(),
        rating,
        duration_ms,
        overridden,
    })
}

/// Writes reviews as CSV, header first, each moment in its own offset.
///
/// # Errors
/// Writing to `output` failed.
pub fn write_csv<'a>(
    output: impl Write,
    reviews: impl IntoIterator<Item = &'a StoredReview>,
) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(output);
    writer.write_record(HEADER)?;
    for review in reviews {
        let r = &review.record;
        writer.write_record([
            r.card.to_string(),
            format_moment(r.at, r.utc_offset),
            r.rating.number().to_string(),
            r.duration_ms.map(|d| d.to_string()).unwrap_or_default(),
            u8::from(r.overridden).to_string(),
        ])?;
    }
    writer.flush()
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Reviews in the file.
    pub read: usize,
    /// Reviews stored (the others were already in the log).
    pub added: usize,
    /// Cards whose state was recomputed.
    pub cards_rebuilt: usize,
}

impl Store {
    /// Stores `records` that the log does not hold yet and recomputes the affected cards, all
    /// in one transaction: on any failure nothing is stored. Reviews of cards that no loaded
    /// set contains are kept: their question may come back.
    ///
    /// # Errors
    /// The database cannot be written, or a history cannot be replayed.
    pub fn import(
        &mut self,
        records: &[ReviewRecord],
        scheduler: &Scheduler,
    ) -> Result<ImportSummary, StoreError> {
        let path = self.path.clone();
        let fail = |e| super::classify(&path, e);
        let tx = self.conn.transaction().map_err(fail)?;
        let mut added = 0;
        let mut affected = BTreeSet::new();
        {
            let mut insert = tx
                .prepare(
                    "INSERT OR IGNORE INTO reviews
                     (card, reviewed_at_ms, utc_offset_s, rating, duration_ms, kind, overridden)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(fail)?;
            for r in records {
                let inserted = insert
                    .execute(params![
                        r.card.to_string(),
                        r.at.timestamp_millis(),
                        r.utc_offset.local_minus_utc(),
                        r.rating.number(),
                        r.duration_ms,
                        // Provisional; the rebuild below sets the real phase.
                        Phase::New.name(),
                        r.overridden,
                    ])
                    .map_err(fail)?;
                if inserted > 0 {
                    added += 1;
                    affected.insert(r.card.clone());
                    continue;
                }
                // A review of this card in this very millisecond is in the log already: the
                // same review again (an import run twice), or another answer that cannot be
                // kept beside it. That is refused, never dropped in silence.
                let (rating, overridden): (u8, bool) = tx
                    .query_row(
                        "SELECT rating, overridden FROM reviews
                         WHERE card = ?1 AND reviewed_at_ms = ?2",
                        params![r.card.to_string(), r.at.timestamp_millis()],
                        |row| Ok((row.get(0)?, row.get(1)?)),
                    )
                    .map_err(fail)?;
                if (rating, overridden) != (r.rating.number(), r.overridden) {
                    return Err(StoreError::Conflict {
                        path: path.clone(),
                        detail: format!(
                            "{} has two different reviews at {} (rating {rating} and rating \
                             {}): two answers to one card in one millisecond cannot both be \
                             kept, so nothing was imported. Correct the time of one of them",
                            r.card,
                            format_moment(r.at, r.utc_offset),
                            r.rating.number()
                        ),
                    });
                }
            }
        }
        let cards_rebuilt = rebuild_within(&tx, &path, scheduler, Some(&affected))?;
        tx.commit().map_err(fail)?;
        Ok(ImportSummary {
            read: records.len(),
            added,
            cards_rebuilt,
        })
    }
}

/// `at` as RFC 3339 in `offset`, with as many fractional digits as it has: how the CSV writes
/// a moment.
pub fn format_moment(at: DateTime<Utc>, offset: chrono::FixedOffset) -> String {
    at.with_timezone(&offset)
        .to_rfc3339_opts(SecondsFormat::AutoSi, false)
}
