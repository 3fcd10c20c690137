//! What a teacher's key presses cost on the Sets screen and in the editor, at 100,000
//! questions (10 files of 10,000).
//!
//! Run with `cargo bench --bench teacher`. It writes the generated files to
//! `CARGO_TARGET_TMPDIR` and times, on the real code paths:
//! - opening the Sets screen (and each reload while it is open): `browse::rows` over the bank;
//! - one key press in the search field: `browse::shown` for the query typed so far, sorted as
//!   the table is (by set, and by prompt);
//! - one key press in the editor, on a question of a 10,000-question file: the form checked
//!   as `check` checks it (`SetFile::check`, the whole set's rules, an id used twice included);
//! - one save: the question written into its place, the file read back and written atomically.
//!
//! It prints one line per path, `<path>: p50 X ms max Y ms`. Targets: a key press (search or
//! editor) under 16 ms, one frame at 60 Hz; opening the screen and saving under 250 ms.

// A benchmark that cannot write its fixtures should stop at once, with the reason.
#![allow(clippy::expect_used)]

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use allydeck::app::browse::{self, Column};
use allydeck::app::editor::{SetFile, Target};
use allydeck::bank::{Bank, QuestionId, Source};

#[path = "common/generated.rs"]
mod generated;
use generated::{PER_FILE, write_bank};

const FILES: usize = 10;

fn report(path: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{path}: p50 {:.2} ms max {:.2} ms",
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    );
}

fn time<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = work();
    (out, start.elapsed())
}

fn main() {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("teacher-bench");
    let _ = std::fs::remove_dir_all(&folder);
    write_bank(&folder, FILES * PER_FILE, true);
    let bank = Bank::load(&[Source::Path {
        path: folder.clone(),
        required: true,
    }]);
    assert_eq!(bank.question_count(), FILES * PER_FILE);

    let counts = HashMap::new();
    let mut opened = Vec::new();
    let mut rows = Vec::new();
    for _ in 0..5 {
        let (made, took) = time(|| browse::rows(&bank, &counts, &HashMap::new()));
        rows = made;
        opened.push(took);
    }
    report("open the Sets screen (100000 questions)", opened);

    let query = "question number 4242 tag:tag-1";
    for (column, name) in [(Column::Set, "set"), (Column::Prompt, "prompt")] {
        let (order, took) = time(|| browse::sorted(&rows, column, true));
        report(&format!("sort by {name} (100000 questions)"), vec![took]);
        let mut keys = Vec::new();
        for end in 1..=query.len() {
            let (shown, took) = time(|| browse::matching(&rows, &order, &query[..end]));
            assert!(shown.len() <= rows.len());
            keys.push(took);
        }
        report(
            &format!("a key in the search, sorted by {name} (100000 questions)"),
            keys,
        );
    }

    let path = folder.join("bench-3.ron");
    let mut file = SetFile::open(&path).expect("the file opens");
    let target = Target::Existing(QuestionId::new("q-30005"));
    let at = file.position("q-30005").expect("the question");
    let mut fields = file.set.questions[at].fields();
    let mut keys = Vec::new();
    for c in "Question number 30005, now edited by a teacher?".chars() {
        fields.prompt.push(c);
        let (notes, took) = time(|| file.check(&target, &fields));
        assert!(notes.is_empty(), "{notes:?}");
        keys.push(took);
    }
    report("a key in the editor (10000-question file)", keys);

    let mut saves = Vec::new();
    for n in 0..10 {
        fields.prompt = format!("Question number 30005, saved {n} times?");
        let (result, took) = time(|| file.save(&target, &fields));
        result.expect("saved");
        saves.push(took);
    }
    report("save one question (10000-question file)", saves);
}
