//! `allydeck`: parses the command line and runs the command it names.

use std::io::{self, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::{Parser, Subcommand};

use allydeck::bank::{Bank, Source};
use allydeck::cli::check::Report;
use allydeck::paths::{DataDirs, HOME_VAR};

/// Study NATO's collective defence: quizzes and spaced repetition over RON question sets.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// Keep data in DIR instead of the platform's data directory (also: `ALLYDECK_HOME`).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,

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
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("allydeck: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let dirs = DataDirs::resolve(cli.data_dir.as_deref(), std::env::var_os(HOME_VAR))?;
    match cli.command {
        Some(Command::Check { paths, json }) => check(&dirs, &cli.questions, &paths, json),
        None => summary(&dirs, &cli.questions),
    }
}

/// Every source the app loads: shipped sets, the user folder, then `--questions` paths.
fn app_sources(dirs: &DataDirs, extra: &[PathBuf]) -> Vec<Source> {
    let mut sources = vec![
        Source::Shipped,
        Source::Path {
            path: dirs.questions(),
            required: false,
        },
    ];
    sources.extend(extra.iter().map(|path| Source::Path {
        path: path.clone(),
        required: true,
    }));
    sources
}

fn check(dirs: &DataDirs, extra: &[PathBuf], paths: &[PathBuf], json: bool) -> Result<ExitCode> {
    let mut missing: Vec<&PathBuf> = Vec::new();
    let sources = if paths.is_empty() {
        app_sources(dirs, extra)
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
        eprintln!("allydeck check: {}: no such file or folder", path.display());
    }
    let bank = Bank::load(&sources);
    let report = Report::new(&bank);
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

/// With no command: what would be studied. The study window itself is the next milestone.
fn summary(dirs: &DataDirs, extra: &[PathBuf]) -> Result<ExitCode> {
    let bank = Bank::load(&app_sources(dirs, extra));
    let mut out = io::stdout().lock();
    writeln!(out, "allydeck {}", env!("CARGO_PKG_VERSION"))?;
    for loaded in &bank.sets {
        writeln!(
            out,
            "  {:<24} {:>4} questions  {}",
            loaded.set.id.as_str(),
            loaded.set.questions.len(),
            loaded.set.title
        )?;
    }
    writeln!(out, "Question folder: {}", dirs.questions().display())?;
    if !bank.problems.is_empty() {
        writeln!(
            out,
            "{} problem(s) in question files; run `allydeck check` to see them.",
            bank.problems.len()
        )?;
    }
    writeln!(
        out,
        "The study window is not built yet; `allydeck check --help` checks question files."
    )?;
    Ok(ExitCode::SUCCESS)
}
