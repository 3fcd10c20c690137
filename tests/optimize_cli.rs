//! The real `allydeck optimize` on the committed demo history: the fitted parameters are the
//! ones the `fsrs` crate gives when called directly on the same reviews, and `--apply` puts
//! them in force.

// A test that cannot read its own fixtures should stop at once, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use chrono::DateTime;
use fsrs::{ComputeParametersInput, FSRS, FSRSItem, FSRSReview};
use serde::Deserialize;
use tempfile::TempDir;

mod common;
use common::allydeck;

const HISTORY: &str = include_str!("../assets/demo/history.csv");

#[derive(Deserialize)]
struct Report {
    reviews: usize,
    items: usize,
    current: Side,
    fitted: Side,
    better: bool,
    applied: bool,
}

#[derive(Deserialize)]
struct Side {
    parameters: Vec<f32>,
    log_loss: f32,
    rmse_bins: f32,
}

/// The demo history as the crate's training items, built here from the CSV on its own:
/// cards in key order, reviews in time order, days in study days starting at 04:00 local
/// time, one item per review on a later study day than the one before.
fn items_of_csv() -> (Vec<FSRSItem>, Vec<i64>) {
    let mut cards: BTreeMap<&str, Vec<(i64, u32)>> = BTreeMap::new();
    for line in HISTORY.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let at = DateTime::parse_from_rfc3339(cells[1]).unwrap();
        let local = at.timestamp() + i64::from(at.offset().local_minus_utc());
        let day = (local - 4 * 3600).div_euclid(86_400);
        cards
            .entry(cells[0])
            .or_default()
            .push((day, cells[2].parse().unwrap()));
    }
    let mut items = Vec::new();
    let mut ids = Vec::new();
    for (id, reviews) in cards.values().enumerate() {
        let history: Vec<FSRSReview> = reviews
            .iter()
            .enumerate()
            .map(|(i, &(day, rating))| FSRSReview {
                rating,
                delta_t: if i == 0 {
                    0
                } else {
                    u32::try_from(day - reviews[i - 1].0).unwrap()
                },
            })
            .collect();
        for end in 2..=history.len() {
            if history[end - 1].delta_t > 0 {
                items.push(FSRSItem {
                    reviews: history[..end].to_vec(),
                });
                ids.push(i64::try_from(id).unwrap());
            }
        }
    }
    (items, ids)
}

fn optimize(home: &TempDir, args: &[&str]) -> Report {
    let mut all = vec!["optimize", "--json"];
    all.extend_from_slice(args);
    let out = allydeck(home.path(), &all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_fitted_parameters_are_the_crates_and_apply_puts_them_in_force() {
    let home = TempDir::new().unwrap();
    let csv = home.path().join("history.csv");
    std::fs::write(&csv, HISTORY).unwrap();
    let imported = allydeck(home.path(), &["log", "import", csv.to_str().unwrap()]);
    assert!(imported.status.success());

    let report = optimize(&home, &[]);
    let (items, ids) = items_of_csv();
    assert_eq!(report.reviews, HISTORY.lines().count() - 1);
    assert_eq!(report.items, items.len());
    let direct = fsrs::compute_parameters(ComputeParametersInput {
        train_set: items.clone(),
        card_ids: Some(ids),
        ..ComputeParametersInput::default()
    })
    .unwrap();
    assert_eq!(report.fitted.parameters, direct, "the crate's own result");
    assert_eq!(report.current.parameters, fsrs::DEFAULT_PARAMETERS.to_vec());
    let defaults = FSRS::new(&[])
        .unwrap()
        .evaluate(items.clone(), |_| true)
        .unwrap();
    assert!((report.current.log_loss - defaults.log_loss).abs() < 1e-6);
    assert!((report.current.rmse_bins - defaults.rmse_bins).abs() < 1e-6);
    let fitted = FSRS::new(&direct)
        .unwrap()
        .evaluate(items, |_| true)
        .unwrap();
    // The crate sums its bins in no fixed order: the last digits of an f32 may differ.
    assert!((report.fitted.log_loss - fitted.log_loss).abs() < 1e-6);
    assert!((report.fitted.rmse_bins - fitted.rmse_bins).abs() < 1e-6);
    assert_eq!(report.better, fitted.log_loss < defaults.log_loss);
    assert!(!report.applied);

    let applied = optimize(&home, &["--apply", "--force"]);
    assert!(applied.applied);
    let after = optimize(&home, &[]);
    assert_eq!(
        after.current.parameters, direct,
        "in force, and kept in the profile"
    );
    assert!(
        !after.better,
        "the same parameters are not better than themselves"
    );
}

#[derive(Deserialize)]
struct Stats {
    calibration: Calibration,
}

#[derive(Deserialize)]
struct Calibration {
    reviews: usize,
    overall: Vec<Bin>,
    by_kind: Vec<KindBins>,
}

#[derive(Deserialize)]
struct KindBins {
    kind: String,
    reviews: usize,
    bins: Vec<Bin>,
}

#[derive(Deserialize)]
struct Bin {
    from: f32,
    to: f32,
    reviews: usize,
    predicted: f64,
    recalled: f64,
}

#[test]
fn stats_json_bins_predicted_recall_against_recall_overall_and_per_kind() {
    let home = TempDir::new().unwrap();
    let csv = home.path().join("history.csv");
    std::fs::write(&csv, HISTORY).unwrap();
    assert!(
        allydeck(home.path(), &["log", "import", csv.to_str().unwrap()])
            .status
            .success()
    );
    let out = allydeck(home.path(), &["stats", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stats: Stats = serde_json::from_slice(&out.stdout).unwrap();
    let calibration = stats.calibration;
    let (items, _) = items_of_csv();
    assert_eq!(calibration.reviews, items.len());
    let sum = |bins: &[Bin]| bins.iter().map(|b| b.reviews).sum::<usize>();
    assert_eq!(sum(&calibration.overall), items.len());
    // A review counts under its kind when its question is loaded (the demo history also
    // has cards of questions no longer shipped, which count only overall).
    let bank = allydeck::bank::Bank::load(&[allydeck::bank::Source::Shipped]);
    let loaded: std::collections::HashSet<String> =
        bank.cards().map(|(key, _)| key.to_string()).collect();
    let cards: Vec<&str> = {
        let mut keys: Vec<&str> = HISTORY
            .lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap())
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    };
    let (_, ids) = items_of_csv();
    let with_kind = ids
        .iter()
        .filter(|&&id| loaded.contains(cards[usize::try_from(id).unwrap()]))
        .count();
    assert!(with_kind > 0 && with_kind < items.len());
    assert_eq!(
        calibration.by_kind.iter().map(|k| k.reviews).sum::<usize>(),
        with_kind
    );
    assert!(calibration.by_kind.iter().any(|k| k.kind == "Choice"));
    for kind in &calibration.by_kind {
        assert_eq!(sum(&kind.bins), kind.reviews);
    }
    // The recalled share of all reviews is the share of items not rated Again.
    let recalled: f64 = calibration
        .overall
        .iter()
        .map(|b| b.recalled * f64::from(u32::try_from(b.reviews).unwrap()))
        .sum();
    let expected = items
        .iter()
        .filter(|i| i.reviews.last().unwrap().rating > 1)
        .count();
    assert!((recalled - f64::from(u32::try_from(expected).unwrap())).abs() < 1e-6);
    for bin in &calibration.overall {
        assert!(f64::from(bin.from) <= bin.predicted && bin.predicted <= f64::from(bin.to));
    }
}

#[test]
fn a_log_too_short_to_learn_from_is_refused_with_the_reason() {
    let home = TempDir::new().unwrap();
    let out = allydeck(home.path(), &["optimize"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("at least 8 are needed"), "{err}");
}
