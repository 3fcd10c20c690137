//! `allydeck stats [--json]`: due counts, mastery and retention per set.

use std::io::{self, Write};

use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use crate::app::Calibration;
use crate::stats::{Overview, Series, SetStats};
use crate::store::QuizSummary;

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
            // `SetId`'s Display ignores the width; its text does not.
            s.id.as_str(),
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
    if overview.total.overridden > 0 {
        writeln!(
            out,
            "{} answer(s) overruled by the student (\"I was right\", or Again after a right answer).",
            overview.total.overridden
        )?;
    }
    let (suspended, leeches) = (overview.total.suspended, overview.total.leeches);
    if suspended + leeches > 0 {
        writeln!(
            out,
            "{suspended} card(s) suspended (not due until unsuspended); {leeches} leech(es), \
             forgotten as often as the leech threshold or more."
        )?;
    }
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

/// Everything `stats --json` prints: the overview and the series.
#[derive(Serialize)]
struct Json<'a> {
    #[serde(flatten)]
    overview: &'a Overview,
    series: &'a Series,
    calibration: &'a Calibration,
}

/// Writes the overview and the series as pretty JSON.
///
/// # Errors
/// Writing to `out` failed.
pub fn write_json(
    overview: &Overview,
    series: &Series,
    calibration: &Calibration,
    out: &mut impl Write,
) -> io::Result<()> {
    serde_json::to_writer_pretty(
        &mut *out,
        &Json {
            overview,
            series,
            calibration,
        },
    )?;
    writeln!(out)
}

/// Writes predicted against actual recall, overall and per kind, a line per bin.
///
/// # Errors
/// Writing to `out` failed.
pub fn write_calibration_text(calibration: &Calibration, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "predicted recall against recall, on {} reviews on a later day than the card's one before:",
        calibration.reviews
    )?;
    let bins = |name: &str, bins: &[crate::schedule::optimize::Bin], out: &mut dyn Write| {
        for bin in bins {
            let range = format!("{:.0}-{:.0}%", bin.from * 100.0, bin.to * 100.0);
            writeln!(
                out,
                "  {name:<10} {range:>7} {:>6} reviews  predicted {:>5.1}%  recalled {:>5.1}%",
                bin.reviews,
                bin.predicted * 100.0,
                bin.recalled * 100.0
            )?;
        }
        Ok::<(), io::Error>(())
    };
    bins("all", &calibration.overall, out)?;
    for kind in &calibration.by_kind {
        bins(kind.kind.name(), &kind.bins, out)?;
    }
    Ok(())
}

/// Writes the streaks and the recent activity under the table.
///
/// # Errors
/// Writing to `out` failed.
pub fn write_series_text(series: &Series, out: &mut impl Write) -> io::Result<()> {
    let recent: u32 = series
        .reviews_per_day
        .iter()
        .map(crate::stats::DayReviews::total)
        .sum();
    let due_tomorrow = series.due_forecast.get(1).map_or(0, |d| d.cards);
    let days = |n: u32| if n == 1 { "day" } else { "days" };
    writeln!(
        out,
        "{recent} answers in the last {} days; {due_tomorrow} {} due tomorrow; streak {} {} (longest {})",
        series.range_days,
        if due_tomorrow == 1 { "card" } else { "cards" },
        series.current_streak,
        days(series.current_streak),
        series.longest_streak
    )
}

/// The header of the quiz-attempt CSV a teacher collects.
pub const QUIZ_CSV_HEADER: [&str; 8] = [
    "profile",
    "finished_at",
    "sets",
    "questions",
    "correct",
    "score",
    "duration_ms",
    "overridden",
];

/// Writes every finished quiz attempt of `profile` as CSV to `file` (whole or not at all).
///
/// # Errors
/// The file cannot be written.
pub fn write_quiz_csv(profile: &str, attempts: &[QuizSummary], file: &Path) -> Result<()> {
    super::write_atomically(file, |out| {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(QUIZ_CSV_HEADER)?;
        for a in attempts {
            let sets: Vec<&str> = a.sets.iter().map(crate::bank::SetId::as_str).collect();
            writer.write_record([
                profile.to_owned(),
                crate::store::format_moment(a.finished_at, a.utc_offset),
                sets.join(";"),
                a.questions.to_string(),
                a.correct.to_string(),
                format!("{:.4}", a.score),
                a.duration_ms.to_string(),
                a.overridden.to_string(),
            ])?;
        }
        writer.flush()?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use chrono::{FixedOffset, TimeZone as _, Utc};

    use super::*;
    use crate::bank::SetId;
    use crate::stats::Overview;

    #[test]
    fn the_table_lines_up_and_names_suspended_cards_and_leeches() {
        let set = SetStats {
            questions: 63,
            suspended: 2,
            leeches: 3,
            ..SetStats::empty(SetId::new("article-5"), "Article 5")
        };
        let overview = Overview {
            sets: vec![set.clone()],
            total: set,
            cards: Vec::new(),
        };
        let mut out = Vec::new();
        write_text(&overview, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let end = |line: &str, word: &str| line.find(word).map(|i| i + word.len());
        assert_eq!(end(lines[0], "questions"), end(lines[1], "63"), "{text}");
        assert_eq!(lines[0].len(), lines[1].len(), "{text}");
        assert!(text.contains("2 card(s) suspended"), "{text}");
        assert!(text.contains("3 leech(es)"), "{text}");
    }

    #[test]
    fn the_quiz_csv_has_a_header_and_one_line_per_attempt_in_local_time() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("quizzes.csv");
        let attempt = QuizSummary {
            id: 1,
            finished_at: Utc.with_ymd_and_hms(2026, 3, 1, 9, 4, 30).unwrap(),
            utc_offset: FixedOffset::east_opt(3600).unwrap(),
            sets: vec![SetId::new("article-5"), SetId::new("ccdcoe-tallinn")],
            questions: 10,
            correct: 7,
            score: 0.75,
            duration_ms: 270_000,
            overridden: 1,
            practice: false,
        };
        write_quiz_csv("default", &[attempt], &file).unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], QUIZ_CSV_HEADER.join(","));
        assert_eq!(
            lines[1],
            "default,2026-03-01T10:04:30+01:00,article-5;ccdcoe-tallinn,10,7,0.7500,270000,1"
        );
        assert_eq!(lines.len(), 2);
    }
}
