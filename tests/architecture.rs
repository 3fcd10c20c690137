//! The arrows between the modules point one way, as the README draws them: a module names only
//! the modules allowed below it. The window names neither the store nor the scheduler, and the
//! store names nothing of the statistics above it.

// A test that cannot read the source tree should stop at once, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each module and the modules it may name (`crate::NAME`), as in the README's drawing.
const ALLOWED: &[(&str, &[&str])] = &[
    ("text", &[]),
    ("paths", &[]),
    ("bank", &["text"]),
    ("formats", &["grade", "bank", "text"]),
    ("grade", &["bank", "text"]),
    ("schedule", &["bank"]),
    ("store", &["schedule", "bank", "text"]),
    ("stats", &["store", "schedule", "bank"]),
    (
        "study",
        &["stats", "grade", "store", "schedule", "bank", "text"],
    ),
    (
        "app",
        &[
            "study", "stats", "grade", "store", "schedule", "bank", "formats", "paths", "text",
        ],
    ),
    (
        "cli",
        &[
            "app", "study", "stats", "grade", "store", "schedule", "bank", "formats", "paths",
            "text",
        ],
    ),
    (
        "ui",
        &[
            "app", "study", "stats", "grade", "schedule", "bank", "formats", "paths", "text",
        ],
    ),
];

/// Every `.rs` file under `path` (or `path` itself), with its text.
fn sources(path: &Path, out: &mut Vec<(String, String)>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            sources(&entry.unwrap().path(), out);
        }
    } else if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
        out.push((
            path.display().to_string(),
            std::fs::read_to_string(path).unwrap(),
        ));
    }
}

/// The files of module `name`: `src/NAME.rs` and everything under `src/NAME/`.
fn module_files(name: &str) -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src.join(format!("{name}.rs")), &mut files);
    sources(&src.join(name), &mut files);
    assert!(!files.is_empty(), "no source for module {name}");
    files
}

/// The modules a file names as `crate::NAME`, outside comments.
fn named_modules(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !name.is_empty() {
                names.insert(name);
            }
        }
    }
    names
}

#[test]
fn every_module_names_only_the_modules_below_it() {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    let declared: BTreeSet<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    let listed: BTreeSet<&str> = allowed.keys().copied().collect();
    assert_eq!(
        declared, listed,
        "every module of lib.rs has its place here"
    );
    let mut wrong = Vec::new();
    for (module, may) in &allowed {
        for (file, text) in module_files(module) {
            for name in named_modules(&text) {
                if name != *module && !may.contains(&name.as_str()) {
                    wrong.push(format!("{file} ({module}) names crate::{name}"));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "arrows pointing up:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_window_opens_nothing_and_schedules_nothing() {
    for (file, text) in module_files("ui") {
        for word in ["Store", "Scheduler", "crate::store", "rusqlite"] {
            let found = text
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .any(|l| {
                    l.split(|c: char| !c.is_alphanumeric() && c != ':' && c != '_')
                        .any(|token| token == word)
                });
            assert!(!found, "{file} names {word}");
        }
    }
    for (file, text) in module_files("store") {
        assert!(
            !named_modules(&text).contains("stats"),
            "{file} names crate::stats"
        );
    }
}
