//! `allydeck`: parses the command line and dispatches: the window, or a command that calls the
//! application layer. This is where a command reads the clock and the environment; everything
//! below receives them.

use std::io::{self, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context as _, Result};
use chrono::{Local, Offset as _, Utc};
use clap::{Parser, Subcommand};

use allydeck::app::transfer::Given;
use allydeck::app::{At, Collection};
use allydeck::bank::{Bank, SetId, Source};
use allydeck::cli;
use allydeck::cli::check::Report;
use allydeck::formats::ImportOptions;
use allydeck::paths::{DataDirs, HOME_VAR, Profile};
use allydeck::text::ShowPath as _;
use allydeck::ui::{AppConfig, Clock};

/// Study NATO's collective defence: quizzes and spaced repetition over RON question sets.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// Keep data in DIR instead of the platform's data directory (also: `ALLYDECK_HOME`).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,

    /// The profile to use: one progress database of several, e.g. on a shared computer.
    #[arg(long, global = true, value_name = "NAME", default_value = "default")]
    profile: Profile,

    /// Also load question sets from this file or folder (repeatable).
    #[arg(long = "questions", global = true, value_name = "PATH")]
    questions: Vec<PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check question files and print every problem as `file:line:column`.
    ///
    /// With no PATH, checks every set the app would load: the shipped sets, the user
    /// question folder and any --questions path. Exit status: 0 when there is no error
    /// (warnings allowed), 1 when there is an error, 2 when a PATH does not exist.
    Check {
        /// Question files, or folders searched for .ron files.
        paths: Vec<PathBuf>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Also print every question with its right answer in words (a Choice's option by
        /// its text), to see that the option marked right is the right one.
        #[arg(long)]
        answers: bool,
    },
    /// Write a new question set from the template, ready to edit and check.
    NewSet {
        /// The file to create (never overwritten).
        file: PathBuf,
        /// The set's id: lowercase letters, digits and hyphens; it keys progress, so keep it.
        #[arg(long)]
        id: String,
        /// The set's title, as students see it.
        #[arg(long)]
        title: String,
    },
    /// Grade answers against one question, as a student's would be (nothing is stored).
    ///
    /// Give one ANSWER per gap of a Cloze, the options' texts for a Choice, the items in
    /// order for an Order, one right-hand side per pair for a Match (quote an answer of several
    /// words). Exit status: 0 when right, 1 when wrong, 2 when the question does not exist or
    /// cannot be tried (a flashcard, an option that is not there). Sets given with
    /// --questions are read first, so a file being edited wins over another copy of its set.
    Try {
        /// The question, as SET/QUESTION (for example `article-5/signed`).
        card: String,
        /// The answer, or its parts.
        #[arg(required = true)]
        answers: Vec<String>,
        /// Print the verdict as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Make question sets of GIFT, Aiken, CSV or TSV files (Moodle, spreadsheets, Quizlet,
    /// Anki's text export), one set per file, and report what could not be carried.
    ///
    /// Each set is written to ID.ron in the question folder (never over a file), where the
    /// app finds it at once.
    Import {
        /// The files to read.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Their format (default: told by the extension or the text).
        #[arg(long, value_parser = parse_given)]
        format: Option<Given>,
        /// The set's id (default: made from the file's name).
        #[arg(long, value_name = "ID")]
        set_id: Option<String>,
        /// The set's title (default: the file's name).
        #[arg(long)]
        title: Option<String>,
        /// Write the set here instead of the question folder.
        #[arg(long, value_name = "FILE.ron")]
        out: Option<PathBuf>,
        /// Two-column files as Typed questions (type the second column), not Flashcards.
        #[arg(long)]
        typed: bool,
        /// GIFT essays as Flashcards (the general feedback as the back), not left out.
        #[arg(long)]
        essays_as_flashcards: bool,
        /// With an Anki package, add its review history to the profile's log, so FSRS starts
        /// from what Anki knew.
        #[arg(long)]
        with_progress: bool,
    },
    /// Write a loaded set as GIFT, Aiken, CSV, TSV or an Anki package, and say which
    /// questions the format cannot carry.
    Export {
        /// The set's id.
        set: String,
        /// The format.
        #[arg(long, value_parser = parse_given)]
        format: Given,
        /// The file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Export or import the review log as CSV (`card,reviewed_at,rating,duration_ms`).
    Log {
        #[command(subcommand)]
        action: LogAction,
    },
    /// Fit FSRS's parameters to this profile's review log (the fsrs crate's
    /// `compute_parameters`, as Anki's Optimize) and compare them with the ones in force on
    /// the same reviews: log loss and RMSE over bins, lower is better.
    Optimize {
        /// Put the fitted parameters in force (when they predict the log better) and
        /// recompute every card from the log with them.
        #[arg(long)]
        apply: bool,
        /// With --apply: use the fitted parameters even when they do not predict better.
        #[arg(long, requires = "apply")]
        force: bool,
        /// Print JSON: both parameter sets and their figures.
        #[arg(long)]
        json: bool,
    },
    /// Print, per set, the questions, new, learning, review and due cards, mastery and
    /// retention.
    Stats {
        /// Print JSON, with every card's state and every series of the Statistics screen.
        #[arg(long)]
        json: bool,
        /// Days the per-day and per-week series cover.
        #[arg(long, default_value_t = 30, value_parser = parse_range)]
        range: u32,
        /// Only this set's series (the table always shows every set).
        #[arg(long, value_name = "SET_ID")]
        set: Option<String>,
        /// Also write every finished quiz attempt to FILE as CSV, for a teacher to collect.
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum LogAction {
    /// Write every review as CSV.
    Export {
        /// The file to write (default: standard output).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Add the reviews of a CSV file to the log (all or nothing; reviews already in the log
    /// are skipped) and recompute the affected cards.
    Import {
        /// The CSV file.
        file: PathBuf,
    },
    /// Recompute every card's state from the review log, with the current settings.
    Rebuild,
}

/// `--format`: a format's name, `apkg` included.
fn parse_given(text: &str) -> Result<Given, String> {
    Given::from_name(text)
        .ok_or_else(|| format!("{text:?} is not a format: use {}", Given::names()))
}

/// `--range`: 30, 90 or 365 days, as on the Statistics screen.
fn parse_range(text: &str) -> Result<u32, String> {
    match text {
        "30" => Ok(30),
        "90" => Ok(90),
        "365" => Ok(365),
        _ => Err(format!("{text:?} is not a range: use 30, 90 or 365 (days)")),
    }
}

fn main() -> ExitCode {
    let started = Instant::now();
    let cli = Cli::parse();
    match run(cli, started) {
        Ok(code) => code,
        // `allydeck stats | head` closes the pipe early: that is the reader's choice, not a fault.
        Err(e)
            if e.chain().any(|cause| {
                cause
                    .downcast_ref::<io::Error>()
                    .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("allydeck: {}", allydeck::cli::error_text(&e));
            ExitCode::FAILURE
        }
    }
}

/// `allydeck log export|import|rebuild`.
fn log_command(dirs: &DataDirs, profile: &Profile, action: LogAction, at: At) -> Result<ExitCode> {
    if let LogAction::Export { out: Some(out) } = &action {
        cli::refuse_profile_files(dirs, out)?;
    }
    // The log commands need no question set, and must work when the card cache is
    // damaged: rebuilding it from the log is how it is repaired.
    let opened = Collection::open_for_log(dirs, profile, at)?;
    if let Some(e) = &opened.backup_failed {
        eprintln!("allydeck: warning: today's backup was not made: {e}");
    }
    let mut collection = opened.collection;
    match action {
        LogAction::Export { out } => {
            let n = cli::log::export(&collection, out.as_deref())?;
            if let Some(out) = out {
                eprintln!("wrote {n} reviews to {}", out.shown());
            }
        }
        LogAction::Rebuild => {
            let cards = collection.rebuild()?;
            println!(
                "recomputed {cards} cards from {} reviews",
                collection.review_count()?
            );
        }
        LogAction::Import { file } => {
            let summary = cli::log::import(&mut collection, &file, at.now)?;
            cli::log::describe(&summary, &mut io::stdout().lock())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn run(cli: Cli, started: Instant) -> Result<ExitCode> {
    let dirs = DataDirs::resolve(cli.data_dir.as_deref(), std::env::var_os(HOME_VAR))?;
    // The one reading of the clock for a command; everything below is passed `At`.
    #[allow(clippy::disallowed_methods)]
    let local = Local::now();
    let at = At {
        now: local.with_timezone(&Utc),
        utc_offset: local.offset().fix(),
    };
    match cli.command {
        Some(Command::Check {
            paths,
            json,
            answers,
        }) => check(&dirs, &cli.questions, &paths, json, answers),
        Some(Command::Try {
            card,
            answers,
            json,
        }) => {
            // The files given with --questions first: a set being edited wins over the copy
            // of it that is shipped or in the user folder.
            let mut sources = allydeck::app::sources(&dirs, &cli.questions, true);
            let defaults = sources.len() - cli.questions.len();
            sources.rotate_left(defaults);
            let bank = Bank::load(&sources);
            match cli::try_answer::try_answer(&bank, &card, &answers) {
                Ok(tried) => {
                    cli::try_answer::write(&tried, json, &mut io::stdout().lock())?;
                    Ok(if tried.right {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::from(1)
                    })
                }
                Err(e) => {
                    eprintln!("allydeck try: {e}");
                    Ok(ExitCode::from(2))
                }
            }
        }
        Some(Command::NewSet { file, id, title }) => {
            cli::refuse_profile_files(&dirs, &file)?;
            cli::new_set::new_set(&file, &id, &title)?;
            println!(
                "wrote {0}; edit it, then check it with: allydeck check {0}",
                file.shown()
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(command @ (Command::Import { .. } | Command::Export { .. })) => {
            transfer_command(&dirs, &cli.questions, &cli.profile, command, at)
        }
        Some(Command::Log { action }) => log_command(&dirs, &cli.profile, action, at),
        Some(Command::Optimize { apply, force, json }) => {
            let bank = Bank::load(&allydeck::app::sources(&dirs, &cli.questions, true));
            let mut collection = open(&dirs, &cli.profile, bank, at)?;
            let defaults = collection.config().parameters.is_empty();
            let result = collection.optimize()?;
            let applied = apply && (force || result.is_better());
            if applied {
                let rebuilt = collection.apply_parameters(result.fitted.clone(), at)?;
                eprintln!("recomputed {rebuilt} cards from the log with the fitted parameters");
            }
            let mut out = io::stdout().lock();
            if json {
                cli::optimize::write_json(&result, applied, &mut out)?;
            } else {
                cli::optimize::write_text(&result, defaults, applied, &mut out)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Stats {
            json,
            range,
            set,
            csv,
        }) => {
            if let Some(file) = &csv {
                cli::refuse_profile_files(&dirs, file)?;
            }
            let bank = Bank::load(&allydeck::app::sources(&dirs, &cli.questions, true));
            let collection = open(&dirs, &cli.profile, bank, at)?;
            let set = set.map(SetId::new);
            let (overview, series) = collection.report(range, set.as_ref(), at)?;
            if let Some(file) = &csv {
                let attempts = collection.quiz_attempts()?;
                cli::stats::write_quiz_csv(cli.profile.as_str(), &attempts, file)?;
                eprintln!("wrote {} quiz attempts to {}", attempts.len(), file.shown());
            }
            let calibration = collection.calibration()?;
            let mut out = io::stdout().lock();
            if json {
                cli::stats::write_json(&overview, &series, &calibration, &mut out)?;
            } else {
                cli::stats::write_text(&overview, &mut out)?;
                cli::stats::write_series_text(&series, &mut out)?;
                cli::stats::write_calibration_text(&calibration, &mut out)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        None => window(dirs, cli.profile, cli.questions, started),
    }
}

/// `allydeck import` and `allydeck export`.
fn transfer_command(
    dirs: &DataDirs,
    extra: &[PathBuf],
    profile: &Profile,
    command: Command,
    at: At,
) -> Result<ExitCode> {
    match command {
        Command::Import {
            files,
            format,
            set_id,
            title,
            out,
            typed,
            essays_as_flashcards,
            with_progress,
        } => {
            if let Some(out) = &out {
                cli::refuse_profile_files(dirs, out)?;
            }
            let bank = Bank::load(&allydeck::app::sources(dirs, extra, true));
            let request = allydeck::app::transfer::ImportRequest {
                files,
                format,
                set_id,
                title,
                out,
                options: ImportOptions {
                    typed,
                    essays_as_flashcards,
                },
            };
            let (done, history) =
                allydeck::app::transfer::import(&request, &dirs.questions(), &bank)?;
            for done in &done {
                print!("{}", allydeck::app::transfer::report(done));
            }
            if with_progress {
                println!(
                    "{}",
                    allydeck::app::transfer::add_history(dirs, profile, &history, at)?
                );
            } else if !history.reviews.is_empty() {
                println!(
                    "the package holds {} reviews of these questions, not added to the log: to keep \
                     them, remove the sets just written and import again with --with-progress",
                    history.reviews.len()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { set, format, out } => {
            cli::refuse_profile_files(dirs, &out)?;
            let bank = Bank::load(&allydeck::app::sources(dirs, extra, true));
            let notes = allydeck::app::transfer::export(
                &bank,
                &set,
                format,
                &out,
                at.now.timestamp_millis(),
            )?;
            let name = match format {
                Given::Text(format) => format.name().to_uppercase(),
                Given::Package => "an Anki package".to_owned(),
            };
            eprintln!("wrote {set} as {name} to {}", out.shown());
            if !notes.is_empty() {
                eprintln!("not carried, or carried with a loss ({}):", notes.len());
                for note in notes {
                    eprintln!("  {note}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        other => anyhow::bail!("{other:?} is not an import or an export"),
    }
}

/// Opens the profile's collection, making the day's backup if it has not been made yet.
fn open(dirs: &DataDirs, profile: &Profile, bank: Bank, at: At) -> Result<Collection> {
    let opened = Collection::open(dirs, profile, bank, at)?;
    if let Some(e) = opened.backup_failed {
        // A failed backup must not stop studying, but it must not pass in silence either.
        eprintln!("allydeck: warning: today's backup was not made: {e}");
    }
    Ok(opened.collection)
}

fn check(
    dirs: &DataDirs,
    extra: &[PathBuf],
    paths: &[PathBuf],
    json: bool,
    answers: bool,
) -> Result<ExitCode> {
    let mut missing: Vec<&PathBuf> = Vec::new();
    let sources = if paths.is_empty() {
        allydeck::app::sources(dirs, extra, true)
    } else {
        paths
            .iter()
            .filter(|path| {
                let exists = path.exists();
                if !exists {
                    missing.push(path);
                }
                exists
            })
            .map(|path| Source::Path {
                path: path.clone(),
                required: true,
            })
            .collect()
    };
    for path in &missing {
        eprintln!("allydeck check: {}: no such file or folder", path.shown());
    }
    let bank = Bank::load(&sources);
    let report = Report::new(&bank, answers);
    let mut out = io::stdout().lock();
    if json {
        report.write_json(&mut out)
    } else {
        report.write_text(&mut out)
    }
    .context("cannot write the report")?;
    out.flush().context("cannot write the report")?;
    Ok(if !missing.is_empty() {
        ExitCode::from(2)
    } else if bank.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// With no command: the study window.
fn window(
    dirs: DataDirs,
    profile: Profile,
    questions: Vec<PathBuf>,
    started: Instant,
) -> Result<ExitCode> {
    let config = AppConfig {
        dirs,
        profile,
        questions,
        shipped: true,
        clock: Clock::System,
        watch: true,
        load_in_background: true,
        started: std::env::var_os("ALLYDECK_STARTUP_TIMING").map(|_| started),
    };
    allydeck::ui::run(config).map_err(|e| {
        anyhow::anyhow!(
            "cannot open the window: {e}. The commands work without one: see `allydeck --help`"
        )
    })?;
    Ok(ExitCode::SUCCESS)
}
