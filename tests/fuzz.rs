//! Property tests over the three ways input reaches allydeck: question files, review logs and
//! answers. Arbitrary input never panics and is answered in bounded time. The seed is fixed
//! and the cases bounded, so the suite is the same on every run.

// A property test that cannot set itself up should stop at once, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use allydeck::bank::{Answer, SetId, parse_bytes, parse_text};
use allydeck::formats::{Format, ImportOptions, SetName, import, into_set, to_ron};
use allydeck::grade::{Reading, Response, grade_with};
use allydeck::store::read_csv;
use chrono::{DateTime, Utc};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

const VALID: &str = r#"QuestionSet(id: "demo", title: "Demo", questions: [
    (id: "a", prompt: "Which?", answer: Choice(options: ["x", "y", "z"], correct: [0]), explanation: "e", source: "s"),
    (id: "b", prompt: "Who?", answer: Typed(accept: ["Lord Robertson"]), explanation: "e", source: "s"),
    (id: "c", prompt: "How many?", answer: Number(value: 12, tolerance: 0.5, unit: "km"), explanation: "e", source: "s"),
    (id: "d", prompt: "", answer: Cloze("On {{4 April 1949}} in {{Washington|Washington, D.C.}}."), explanation: "e", source: "s"),
    (id: "e", prompt: "Order", answer: Order(["one", "two", "three"]), explanation: "e", source: "s"),
    (id: "f", prompt: "Match", answer: Match([("a", "1"), ("b", "2")]), explanation: "e", source: "s"),
    (id: "g", prompt: "True?", answer: TrueFalse(true), explanation: "e", source: "s"),
])"#;

fn config() -> Config {
    Config {
        cases: 256,
        rng_seed: RngSeed::Fixed(2026),
        failure_persistence: None,
        ..Config::default()
    }
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-01T12:00:00Z")
        .unwrap()
        .into()
}

/// The valid set with `insert` put in at `at` (a character boundary), and `cut` bytes removed
/// there: a set a teacher might have mangled while editing.
fn mangled(at: usize, cut: usize, insert: &str) -> String {
    mangle(VALID, at, cut, insert)
}

fn answers() -> Vec<Answer> {
    parse_text("demo.ron", VALID)
        .set
        .unwrap()
        .questions
        .iter()
        .map(|q| q.answer.clone())
        .collect()
}

fn response() -> impl Strategy<Value = Response> {
    let index = 0usize..12;
    prop_oneof![
        proptest::collection::vec(index.clone(), 0..6).prop_map(Response::Choice),
        any::<bool>().prop_map(Response::TrueFalse),
        ".{0,40}".prop_map(Response::Typed),
        "[-+0-9.,e /a-z]{0,20}".prop_map(Response::Number),
        proptest::collection::vec(index.clone(), 0..6).prop_map(Response::Order),
        proptest::collection::vec(proptest::option::of(index), 0..4).prop_map(Response::Match),
        proptest::collection::vec(".{0,20}", 0..4).prop_map(Response::Cloze),
        any::<bool>().prop_map(|recalled| Response::Flashcard { recalled }),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_text_loads_or_is_reported_never_a_panic(text in ".{0,400}") {
        let parsed = parse_text("any.ron", &text);
        prop_assert!(parsed.set.is_some() || !parsed.problems.is_empty());
    }

    #[test]
    fn any_bytes_load_or_are_reported(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let parsed = parse_bytes("any.ron", &bytes);
        prop_assert!(parsed.set.is_some() || !parsed.problems.is_empty());
    }

    #[test]
    fn a_mangled_set_loads_or_is_reported_at_a_place_in_the_file(
        at in 0usize..4000,
        cut in 0usize..40,
        insert in "[(){}\\[\\]\",:a-z0-9 \n]{0,12}",
    ) {
        let text = mangled(at, cut, &insert);
        let parsed = parse_text("mangled.ron", &text);
        let lines = text.lines().count().max(1);
        for problem in &parsed.problems {
            prop_assert!(problem.line >= 1 && problem.line <= lines + 1, "{problem}");
        }
    }

    #[test]
    fn any_review_log_imports_or_is_reported_by_line(text in "(card,reviewed_at,rating,duration_ms\n)?[a-z0-9/,:+.T\"-]{0,60}(\n[a-z0-9/,:+.T\"-]{0,60}){0,5}") {
        match read_csv(text.as_bytes(), now()) {
            Ok(records) => prop_assert!(records.len() <= 6),
            Err(e) => prop_assert!(!e.problems.is_empty()),
        }
    }

    #[test]
    fn any_response_to_any_question_is_graded_or_refused(pick in 0usize..7, response in response()) {
        let answers = answers();
        let answer = &answers[pick];
        if let Ok(verdict) = grade_with(answer, &response, Reading::default()) {
            prop_assert!((0.0..=1.0).contains(&verdict.score), "{verdict:?}");
        }
    }

    #[test]
    fn any_file_in_any_import_format_makes_a_set_that_loads_cleanly(
        text in "[ -~\n{}=~#:%>|,\t-]{0,300}",
        format in 0usize..4,
    ) {
        let format = Format::ALL[format];
        let imported = import(&text, format, ImportOptions::default());
        let converted = into_set(imported, SetName { id: SetId::new("fuzz"), title: "Fuzz".to_owned() });
        let written = to_ron(&converted.set).unwrap();
        let parsed = parse_text("fuzz.ron", &written);
        prop_assert!(!parsed.problems.iter().any(allydeck::bank::Problem::is_error), "{:?}\n{written}", parsed.problems);
        prop_assert_eq!(parsed.set.unwrap().questions.len(), converted.set.questions.len());
    }

    #[test]
    fn a_mangled_gift_or_table_file_makes_a_set_that_loads_cleanly(
        at in 0usize..2000,
        cut in 0usize..8,
        insert in "[{}=~#:%>|,\n\\a-z ]{0,6}",
        format in 0usize..4,
    ) {
        let sample = [GIFT, AIKEN, CSV, CSV.replace(',', "\t").as_str()][format].to_owned();
        let text = mangle(&sample, at, cut, &insert);
        let format = Format::ALL[format];
        let converted = into_set(
            import(&text, format, ImportOptions::default()),
            SetName { id: SetId::new("fuzz"), title: "Fuzz".to_owned() },
        );
        let written = to_ron(&converted.set).unwrap();
        let parsed = parse_text("fuzz.ron", &written);
        prop_assert!(!parsed.problems.iter().any(allydeck::bank::Problem::is_error), "{:?}\n{written}", parsed.problems);
    }
}

const GIFT: &str = "$CATEGORY: NATO\n\n::a:: Where? {=Washington#yes ~Brussels ~%50%Paris ####Why.}\n\n\
    ::b:: True? {T#no#yes}\n\n::c:: Year? {#1949:0.5}\n\n::d:: Range {#1..5}\n\n\
    ::e:: Match {=a -> b =c -> d}\n\n::f:: Gap {=x =y} after.\n\n::g:: Essay {}\n\n\
    ::h::[html]<b>Bold</b> {=\\{x\\} ~y}\n";

const AIKEN: &str =
    "Where?\nA. Brussels\nB) Washington\nANSWER: B\n\nWho?\nA. x\nB. y\nANSWER: A\n";

const CSV: &str = "id,kind,prompt,answer,options,explanation,source,tags,difficulty\n\
    a,Choice,Where?,Washington,Brussels|Washington,e,s,t,1\n\
    b,Number,Year?,1949,tolerance 1|unit y,e,s,,\n\
    c,Match,Pairs,a -> b|c -> d,,e,s,,\n\
    d,Cloze,,On {{4 April}},,e,s,,\n\
    e,Order,Order,x|y|z,,e,s,,\n";

/// `text` with `cut` bytes at `at` replaced by `insert`, at character boundaries.
fn mangle(text: &str, at: usize, cut: usize, insert: &str) -> String {
    let mut text = text.to_owned();
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let mut end = (at + cut).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.replace_range(at..end, insert);
    text
}
