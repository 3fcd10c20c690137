//! Every validation rule, checked through `parse_text` so that the line and column a teacher
//! would see are asserted too.

use crate::bank::{Parsed, Severity, parse_bytes, parse_text};

/// A set whose questions are `questions`, written from line 4 on.
fn set_with(questions: &str) -> String {
    format!(
        "QuestionSet(\n    id: \"demo\",\n    title: \"Demo\",\n    questions: [\n{questions}\n    ],\n)\n"
    )
}

/// A complete question (explanation and source included) with the given answer, on one line.
fn question(id: &str, prompt: &str, answer: &str) -> String {
    format!(
        "        (id: \"{id}\", prompt: \"{prompt}\", answer: {answer}, explanation: \"e\", source: \"s\"),"
    )
}

/// `(line, column, severity, message)` of each problem.
fn problems(parsed: &Parsed) -> Vec<(usize, usize, Severity, String)> {
    parsed
        .problems
        .iter()
        .map(|p| (p.line, p.column, p.severity, p.message.clone()))
        .collect()
}

/// Asserts exactly one error, at `line:column`, whose message contains `needle`.
#[track_caller]
fn assert_one_error(text: &str, line: usize, column: usize, needle: &str) -> Parsed {
    let parsed = parse_text("t.ron", text);
    let found = problems(&parsed);
    assert_eq!(
        found.len(),
        1,
        "expected one problem, got {found:#?}\nin:\n{text}"
    );
    let (l, c, severity, message) = &found[0];
    assert_eq!(*severity, Severity::Error, "{message}");
    assert!(
        message.contains(needle),
        "{message:?} should contain {needle:?}"
    );
    assert_eq!((*l, *c), (line, column), "position of {message:?}");
    parsed
}

#[test]
fn a_clean_set_has_no_problem_and_keeps_every_question() {
    let text = set_with(
        &[
            question("a", "Q?", "TrueFalse(true)"),
            question("b", "Q?", "Number(value: 12, tolerance: 0.5, unit: \"km\")"),
        ]
        .join("\n"),
    );
    let parsed = parse_text("t.ron", &text);
    assert_eq!(problems(&parsed), vec![]);
    assert_eq!(parsed.set.unwrap().questions.len(), 2);
}

#[test]
fn syntax_errors_carry_rons_position() {
    // The comma after `"Q?"` is missing: ron stops at `answer`, where it expected one.
    let text = set_with("        (id: \"a\", prompt: \"Q?\" answer: TrueFalse(true)),");
    let parsed = assert_one_error(&text, 5, 32, "expected a comma");
    assert!(
        parsed.set.is_none(),
        "a file with a syntax error does not load"
    );
}

#[test]
fn an_unknown_field_suggests_the_nearest_name() {
    let text = set_with("        (id: \"a\", promt: \"Q?\", answer: TrueFalse(true)),");
    assert_one_error(
        &text,
        5,
        19,
        "unknown field `promt` in a question; did you mean `prompt`?",
    );
}

#[test]
fn an_unknown_kind_suggests_the_nearest_kind() {
    let text = set_with(&question(
        "a",
        "Q?",
        "MultipleChoice(options: [\"x\", \"y\"], correct: [0])",
    ));
    assert_one_error(
        &text,
        5,
        41,
        "unknown answer kind `MultipleChoice`; did you mean `Choice`?",
    );
}

#[test]
fn an_unknown_field_of_a_kind_names_the_kind() {
    let text = set_with(&question(
        "a",
        "Q?",
        "Choice(options: [\"x\", \"y\"], answer: [0])",
    ));
    let parsed = parse_text("t.ron", &text);
    let message = &parsed.problems[0].message;
    assert!(
        message.contains("unknown field `answer` in a Choice answer"),
        "{message}"
    );
}

#[test]
fn a_duplicate_question_id_names_both_places() {
    let text = set_with(
        &[
            question("same", "Q1?", "TrueFalse(true)"),
            question("other", "Q2?", "TrueFalse(true)"),
            question("same", "Q3?", "TrueFalse(false)"),
        ]
        .join("\n"),
    );
    let parsed = assert_one_error(&text, 7, 14, "duplicate question id \"same\"");
    assert!(
        parsed.problems[0]
            .message
            .contains("first used at line 5, column 14")
    );
    let set = parsed.set.unwrap();
    let prompts: Vec<&str> = set.questions.iter().map(|q| q.prompt()).collect();
    assert_eq!(
        prompts,
        ["Q1?", "Q2?"],
        "the first keeps the id, the repeat is left out"
    );
}

#[test]
fn ids_must_be_lowercase_slugs_and_the_message_suggests_one() {
    let text = set_with(&question("Sg 2001", "Q?", "TrueFalse(true)"));
    assert_one_error(&text, 5, 14, "question id \"Sg 2001\" is not a valid id");
    let parsed = parse_text("t.ron", &text);
    assert!(
        parsed.problems[0]
            .message
            .contains("(for example \"sg-2001\")")
    );

    let text = "QuestionSet(id: \"Bad_Id\", title: \"T\", questions: [])";
    let parsed = parse_text("t.ron", text);
    assert!(
        parsed.set.is_none(),
        "a set with a bad id cannot key progress, so it is not loaded"
    );
    assert_eq!(parsed.problems[0].severity, Severity::Error);
    assert_eq!(
        (parsed.problems[0].line, parsed.problems[0].column),
        (1, 17)
    );
}

#[test]
fn a_choice_needs_two_distinct_options() {
    let text = set_with(&question(
        "a",
        "Q?",
        "Choice(options: [\"only\"], correct: [0])",
    ));
    assert_one_error(&text, 5, 57, "at least 2 options; this one has 1");

    let text = set_with(&question(
        "a",
        "Q?",
        "Choice(options: [\"Brussels\", \"Paris\", \" brussels \"], correct: [0])",
    ));
    assert_one_error(&text, 5, 79, "option 3 repeats option 1");

    let text = set_with(&question(
        "a",
        "Q?",
        "Choice(options: [\"x\", \"\"], correct: [0])",
    ));
    assert_one_error(&text, 5, 63, "option 2 is empty");
}

#[test]
fn a_choice_needs_a_correct_option_in_range_listed_once() {
    let text = set_with(&question(
        "a",
        "Q?",
        "Choice(options: [\"x\", \"y\"], correct: [])",
    ));
    assert_one_error(&text, 5, 78, "at least one correct option");

    let text = set_with(&question(
        "a",
        "Q?",
        "Choice(options: [\"x\", \"y\", \"z\"], correct: [0, 3])",
    ));
    assert_one_error(
        &text,
        5,
        87,
        "correct option 3 does not exist: options are numbered from 0 to 2",
    );

    let text = set_with(&question(
        "a",
        "Q?",
        "Choice(options: [\"x\", \"y\"], correct: [1, 1])",
    ));
    assert_one_error(&text, 5, 82, "correct option 1 is listed twice");
}

#[test]
fn an_order_needs_two_distinct_items() {
    let text = set_with(&question("a", "Q?", "Order([\"one\"])"));
    assert_one_error(&text, 5, 41, "at least 2 items");

    let text = set_with(&question("a", "Q?", "Order([\"one\", \"two\", \"One\"])"));
    assert_one_error(&text, 5, 62, "item 3 repeats item 1");
}

#[test]
fn a_match_needs_two_pairs_with_distinct_sides() {
    let text = set_with(&question("a", "Q?", "Match([(\"l\", \"r\")])"));
    assert_one_error(&text, 5, 41, "at least 2 pairs; this one has 1");

    let text = set_with(&question(
        "a",
        "Q?",
        "Match([(\"l\", \"r1\"), (\"L\", \"r2\")])",
    ));
    assert_one_error(
        &text,
        5,
        62,
        "the left side of pair 2 repeats that of pair 1",
    );

    let text = set_with(&question(
        "a",
        "Q?",
        "Match([(\"l1\", \"r\"), (\"l2\", \"r\")])",
    ));
    assert_one_error(
        &text,
        5,
        68,
        "the right side of pair 2 repeats that of pair 1",
    );
}

#[test]
fn a_cloze_needs_a_well_formed_gap_and_may_have_no_prompt() {
    let text = set_with(&question("a", "", "Cloze(\"no gap here\")"));
    assert_one_error(&text, 5, 39, "a Cloze needs at least one gap");

    let text = set_with(&question("a", "", "Cloze(\"open {{gap\")"));
    assert_one_error(&text, 5, 39, "never closed");

    let text = set_with(&question("a", "", "Cloze(\"a {{gap}} b\")"));
    assert_eq!(problems(&parse_text("t.ron", &text)), vec![]);
}

#[test]
fn an_empty_prompt_is_an_error_except_for_a_cloze() {
    let text = set_with(&question("a", "  ", "TrueFalse(true)"));
    assert_one_error(&text, 5, 27, "the prompt is empty");
    // No `prompt` field at all: placed at the question.
    let text = set_with(
        "        (id: \"a\", answer: TrueFalse(true), explanation: \"e\", source: \"s\"),",
    );
    assert_one_error(&text, 5, 9, "the prompt is empty");
}

#[test]
fn a_typed_question_needs_an_answer_that_can_be_typed() {
    let text = set_with(&question("a", "Q?", "Typed(accept: [])"));
    assert_one_error(&text, 5, 55, "at least one accepted answer");

    let text = set_with(&question(
        "a",
        "Q?",
        "Typed(accept: [\"Robertson\", \"?!\"])",
    ));
    assert_one_error(&text, 5, 69, "has no letters or digits");
}

#[test]
fn a_number_needs_a_finite_value_and_a_tolerance_of_zero_or_more() {
    let text = set_with(&question("a", "Q?", "Number(value: 12, tolerance: -1)"));
    assert_one_error(
        &text,
        5,
        70,
        "the tolerance must be a finite number, zero or more, not -1",
    );

    let text = set_with(&question("a", "Q?", "Number(value: inf)"));
    assert_one_error(&text, 5, 55, "the value must be a finite number");
}

#[test]
fn difficulty_is_one_to_three() {
    let text = set_with(
        "        (id: \"a\", prompt: \"Q?\", answer: TrueFalse(true), explanation: \"e\", source: \"s\", difficulty: 4),",
    );
    assert_one_error(&text, 5, 101, "difficulty 4 is out of range");
    // `Some(2)` and `2` are both accepted.
    let text = set_with(
        "        (id: \"a\", prompt: \"Q?\", answer: TrueFalse(true), explanation: \"e\", source: \"s\", difficulty: Some(2)),",
    );
    assert_eq!(problems(&parse_text("t.ron", &text)), vec![]);
}

#[test]
fn a_flashcard_needs_a_back() {
    let text = set_with(&question("a", "Q?", "Flashcard(\" \")"));
    assert_one_error(&text, 5, 41, "the flashcard's back is empty");
}

#[test]
fn missing_explanation_and_source_are_warnings_and_the_question_loads() {
    let text = set_with("        (id: \"a\", prompt: \"Q?\", answer: TrueFalse(true)),");
    let parsed = parse_text("t.ron", &text);
    let found = problems(&parsed);
    assert_eq!(found.len(), 2, "{found:#?}");
    for (line, column, severity, _) in &found {
        assert_eq!((*line, *column, *severity), (5, 14, Severity::Warning));
    }
    assert!(found[0].3.contains("has no explanation"));
    assert!(found[1].3.contains("has no source"));
    assert_eq!(parsed.set.unwrap().questions.len(), 1);
}

#[test]
fn a_broken_question_is_left_out_and_the_rest_of_the_set_loads() {
    let text = set_with(
        &[
            question("good", "Q?", "TrueFalse(true)"),
            question("bad", "Q?", "Order([\"one\"])"),
            question("also-good", "Q?", "TrueFalse(false)"),
        ]
        .join("\n"),
    );
    let parsed = parse_text("t.ron", &text);
    assert_eq!(parsed.problems.len(), 1);
    let ids: Vec<String> = parsed
        .set
        .unwrap()
        .questions
        .iter()
        .map(|q| q.id().to_string())
        .collect();
    assert_eq!(ids, ["good", "also-good"]);
}

#[test]
fn an_empty_title_stops_the_set_and_an_empty_set_is_a_warning() {
    let parsed = parse_text(
        "t.ron",
        "QuestionSet(id: \"x\", title: \" \", questions: [])",
    );
    assert!(parsed.set.is_none());
    assert!(
        parsed
            .problems
            .iter()
            .any(|p| p.is_error() && p.message.contains("title is empty"))
    );
    let parsed = parse_text(
        "t.ron",
        "QuestionSet(id: \"x\", title: \"T\", questions: [])",
    );
    assert!(parsed.set.is_some());
    assert_eq!(parsed.problems.len(), 1);
    assert_eq!(parsed.problems[0].severity, Severity::Warning);
}

#[test]
fn a_file_that_is_not_utf8_is_placed_at_the_bad_byte() {
    let mut bytes = b"QuestionSet(\n  id: \"x\", title: \"caf".to_vec();
    bytes.push(0xE9); // Latin-1 'é'
    bytes.extend_from_slice(b"\", questions: [])");
    let parsed = parse_bytes("t.ron", &bytes);
    assert!(parsed.set.is_none());
    let p = &parsed.problems[0];
    assert_eq!((p.line, p.column), (2, 23));
    assert!(p.message.contains("not UTF-8"), "{}", p.message);
    assert!(p.message.contains("0xE9"), "{}", p.message);
}

#[test]
fn a_file_over_16_mib_is_refused_without_parsing() {
    let bytes = vec![b' '; usize::try_from(crate::bank::MAX_FILE_BYTES).unwrap() + 1];
    let parsed = parse_bytes("big.ron", &bytes);
    assert!(parsed.set.is_none());
    assert!(
        parsed.problems[0].message.contains("at most 16 MiB"),
        "{}",
        parsed.problems[0].message
    );
}

#[test]
fn a_byte_order_mark_is_ignored() {
    let text = format!(
        "\u{feff}{}",
        set_with(&question("a", "Q?", "TrueFalse(true)"))
    );
    let parsed = parse_text("t.ron", &text);
    assert_eq!(problems(&parsed), vec![]);
}

#[test]
fn a_language_that_is_not_a_tag_is_a_warning() {
    let parsed = parse_text(
        "t.ron",
        "QuestionSet(id: \"x\", title: \"T\", language: \"English\", questions: [(id: \"a\", prompt: \"Q\", answer: TrueFalse(true), explanation: \"e\", source: \"s\")])",
    );
    assert!(parsed.set.is_some());
    assert_eq!(parsed.problems.len(), 1);
    assert_eq!(parsed.problems[0].severity, Severity::Warning);
    assert!(
        parsed.problems[0]
            .message
            .contains("\"English\" is not a language tag")
    );
}

#[test]
fn a_loaded_set_holds_no_spare_room_in_its_lists() {
    let text = format!(
        "QuestionSet(\n    id: \"demo\",\n    title: \"Demo\",\n    tags: [\"one\"],\n    questions: [\n{}\n{}\n    ],\n)\n",
        "        (id: \"a\", prompt: \"Q?\", answer: Choice(options: [\"x\", \"y\", \"z\"], correct: [1]), tags: [\"t\"], explanation: \"e\", source: \"s\"),",
        "        (id: \"b\", prompt: \"Q?\", answer: Typed(accept: [\"x\"]), tags: [\"t\"], explanation: \"e\", source: \"s\"),",
    );
    let set = parse_text("t.ron", &text).set.expect("the set loads");
    assert_eq!(set.tags.capacity(), 1);
    assert_eq!(set.questions.capacity(), 2);
    let a = &set.questions[0];
    assert!(
        std::sync::Arc::ptr_eq(&a.tags, &set.questions[1].tags),
        "questions with the same tags share one list"
    );
    let crate::bank::Answer::Typed { accept } = &set.questions[1].answer else {
        panic!("a Typed: {:?}", set.questions[1].answer)
    };
    assert_eq!(accept.capacity(), 1);
}

#[test]
fn an_infinite_or_nan_tolerance_is_an_error() {
    for bad in ["inf", "NaN", "-1.0"] {
        let text = set_with(&question(
            "n",
            "How many?",
            &format!("Number(value: 12, tolerance: {bad})"),
        ));
        let parsed = parse_text("t.ron", &text);
        let found = problems(&parsed);
        assert!(
            found
                .iter()
                .any(|(_, _, s, m)| *s == Severity::Error
                    && m.contains("tolerance must be a finite")),
            "{bad}: {found:?}"
        );
    }
}

#[test]
fn at_most_a_hundred_problems_are_listed_per_file_and_the_rest_counted() {
    let mut questions: Vec<String> = (0..300)
        .map(|i| question(&format!("q{i}"), "", "TrueFalse(true)"))
        .collect();
    questions.push(question("good", "Fine?", "TrueFalse(true)"));
    let parsed = parse_text("t.ron", &set_with(&questions.join("\n")));
    assert_eq!(parsed.problems.len(), 101);
    // The first hundred of the file, in its order; the questions counted but not listed are
    // left out all the same, and the good one loads.
    let lines: Vec<usize> = parsed.problems[..100].iter().map(|p| p.line).collect();
    assert!(lines.windows(2).all(|w| w[0] < w[1]), "{lines:?}");
    let set = parsed.set.expect("the set loads");
    let ids: Vec<&str> = set.questions.iter().map(|q| q.id()).collect();
    assert_eq!(ids, ["good"]);
    let last = parsed.problems.last().unwrap();
    assert_eq!(
        last.message,
        "and 200 more problems in this file, not listed"
    );
    assert!(
        parsed.problems[..100]
            .iter()
            .all(|p| p.message.contains("prompt"))
    );
}

#[test]
fn validation_within_a_limit_keeps_the_first_findings_and_counts_the_rest_exactly() {
    let questions: Vec<String> = (0..50)
        .map(|i| match i % 3 {
            0 => question(&format!("q{i}"), "", "TrueFalse(true)"),
            1 => question("dup", "Q?", "Choice(options: [\"a\", \"a\"], correct: [5])"),
            _ => question(&format!("q{i}"), "Q?", "TrueFalse(true)"),
        })
        .collect();
    let set: crate::bank::QuestionSet = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(&set_with(&questions.join("\n")))
        .unwrap();
    let all = super::validate(&set);
    let within = super::validate_within(&set, 10);
    assert!(within.findings.len() >= 10 && within.findings.len() < all.len());
    assert_eq!(within.findings[..], all[..within.findings.len()]);
    assert_eq!(within.findings.len() + within.more, all.len());
    let broken: Vec<bool> = (0..set.questions.len())
        .map(|q| {
            all.iter()
                .any(|f| f.question == Some(q) && f.severity == Severity::Error)
        })
        .collect();
    assert_eq!(within.broken, broken);
    assert!(!within.set_error);
}

#[test]
fn a_long_id_or_field_name_is_shortened_in_its_message() {
    let long = "X".repeat(5000);
    let parsed = parse_text(
        "t.ron",
        &set_with(&question(&long, "Q?", "TrueFalse(true)")),
    );
    let message = &parsed.problems[0].message;
    assert!(message.contains("… (5000 characters)"), "{message}");
    assert!(message.len() < 400, "{message}");
    let field = "y".repeat(5000);
    let text = set_with(&format!(
        "        (id: \"a\", prompt: \"Q?\", answer: TrueFalse(true), {field}: 1),"
    ));
    let parsed = parse_text("t.ron", &text);
    let message = &parsed.problems[0].message;
    assert!(
        message.starts_with("unknown field `yyyy") && message.contains("(5000 characters)"),
        "{message}"
    );
    assert!(message.len() < 400, "{message}");
}
