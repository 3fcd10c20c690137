//! Every grading rule, with exact scores.

use std::ops::Not as _;

use super::*;
use smol_str::SmolStr;

fn typed(accept: &[&str]) -> Answer {
    Answer::Typed {
        accept: accept.iter().map(|s| SmolStr::from(*s)).collect(),
    }
}

fn strings(items: &[&str]) -> Vec<SmolStr> {
    items.iter().map(|s| SmolStr::from(*s)).collect()
}

#[allow(clippy::needless_pass_by_value)] // Call sites read better building the response inline.
fn grade_ok(answer: &Answer, response: Response) -> Verdict {
    grade(answer, &response).unwrap()
}

#[test]
fn typed_ignores_case_accents_punctuation_and_spacing() {
    let answer = typed(&["Washington, D.C."]);
    for attempt in ["washington dc", "  WASHINGTON,   D. C.  ", "Washington DC."] {
        let v = grade_ok(&answer, Response::Typed(attempt.to_owned()));
        assert!(v.correct, "{attempt:?}");
        assert!((v.score - 1.0).abs() < f64::EPSILON);
    }
    let answer = typed(&["Teodor Meleșcanu"]);
    assert!(grade_ok(&answer, Response::Typed("teodor melescanu".into())).correct);
}

#[test]
fn typed_accepts_any_listed_alternative() {
    let answer = typed(&["Lord Robertson", "George Robertson"]);
    assert!(grade_ok(&answer, Response::Typed("george robertson".into())).correct);
    let wrong = grade_ok(&answer, Response::Typed("Javier Solana".into()));
    assert!(!wrong.correct);
    assert!(wrong.score.abs() < f64::EPSILON);
    assert_eq!(wrong.feedback, "The answer is “Lord Robertson”.");
}

#[test]
fn one_slip_in_a_long_answer_is_forgiven_and_the_spelling_shown() {
    let answer = typed(&["Tropic of Capricorn"]);
    for slip in [
        "Tropic of Capricron",
        "Tropic of Capricon",
        "Tropic of Capricornn",
        "Tropic of Caprikorn",
    ] {
        let v = grade_ok(&answer, Response::Typed(slip.to_owned()));
        assert!(v.correct, "{slip:?} is one slip away");
        assert_eq!(
            v.feedback,
            "Correct, with a slip: it is spelt “Tropic of Capricorn”."
        );
    }
    // The word with the slip must be long: a short one is too often another word.
    assert!(
        !grade_ok(
            &typed(&["Tropic of Cancer"]),
            Response::Typed("Tropic of Canser".into())
        )
        .correct
    );
    assert!(
        !grade_ok(
            &typed(&["the invasion of Iraq"]),
            Response::Typed("the invasion of Iran".into())
        )
        .correct
    );
    assert!(
        !grade_ok(
            &typed(&["Republic of Iceland"]),
            Response::Typed("Republic of Ireland".into())
        )
        .correct
    );
    let two_slips = grade_ok(&answer, Response::Typed("Tropik of Capricron".into()));
    assert!(!two_slips.correct, "two slips are not one");
}

#[test]
fn slips_are_not_forgiven_in_short_answers_or_in_digits() {
    // Seven letters: one letter turns one country into another.
    let v = grade_ok(&typed(&["Iceland"]), Response::Typed("Ireland".into()));
    assert!(!v.correct);
    // Long enough, but a digit differs: that is a different fact, not a slip.
    let v = grade_ok(
        &typed(&["12 September 2001"]),
        Response::Typed("12 September 2002".into()),
    );
    assert!(!v.correct);
    // A date forgives no slip at all, not even in the month's name.
    let v = grade_ok(
        &typed(&["12 September 2001"]),
        Response::Typed("12 Septembr 2001".into()),
    );
    assert!(!v.correct);
    // Exactly at the threshold of eight letters.
    assert_eq!(TYPO_MIN_CHARS, 8);
    assert!(grade_ok(&typed(&["Robertson"]), Response::Typed("Robertsen".into())).correct);
}

#[test]
fn an_empty_typed_answer_is_wrong_with_a_clear_message() {
    let v = grade_ok(&typed(&["Romania"]), Response::Typed("   ".into()));
    assert!(!v.correct);
    assert_eq!(v.feedback, "No answer given: it is “Romania”.");
}

#[test]
fn true_false_is_all_or_nothing() {
    let answer = Answer::TrueFalse(false);
    let right = grade_ok(&answer, Response::TrueFalse(false));
    assert!(right.correct);
    assert_eq!(right.feedback, "Correct: the statement is false.");
    let wrong = grade_ok(&answer, Response::TrueFalse(true));
    assert!(!wrong.correct);
    assert!(wrong.score.abs() < f64::EPSILON);
}

#[test]
fn numbers_are_right_within_the_tolerance() {
    let answer = Answer::Number {
        value: 4300.0,
        tolerance: 100.0,
        unit: Some("hours".into()),
    };
    for typed in [
        "4300",
        "4,300",
        "4 300",
        "4250",
        "4400",
        "4300 hours",
        "4300.0",
    ] {
        assert!(
            grade_ok(&answer, Response::Number(typed.into())).correct,
            "{typed:?}"
        );
    }
    let outside = grade_ok(&answer, Response::Number("4401".into()));
    assert!(!outside.correct);
    assert_eq!(outside.feedback, "The answer is 4300 (± 100) hours.");
    let within = grade_ok(&answer, Response::Number("4250".into()));
    assert_eq!(
        within.feedback,
        "Correct: within the tolerance of 4300 (± 100) hours."
    );
}

#[test]
fn number_without_tolerance_must_be_exact_but_allows_for_decimal_rounding() {
    let answer = Answer::Number {
        value: 0.3,
        tolerance: 0.0,
        unit: None,
    };
    assert!(grade_ok(&answer, Response::Number("0.3".into())).correct);
    assert!(
        grade_ok(&answer, Response::Number("0,3".into())).correct,
        "decimal comma"
    );
    assert!(!grade_ok(&answer, Response::Number("0.31".into())).correct);
    let tolerance_edge = Answer::Number {
        value: 0.2,
        tolerance: 0.1,
        unit: None,
    };
    assert!(grade_ok(&tolerance_edge, Response::Number("0.3".into())).correct);
}

#[test]
fn text_that_is_not_a_number_is_wrong_and_says_so() {
    let answer = Answer::Number {
        value: 12.0,
        tolerance: 0.0,
        unit: None,
    };
    let v = grade_ok(&answer, Response::Number("many".into()));
    assert!(!v.correct);
    assert_eq!(
        v.feedback,
        "“many” is not read as a number: the answer is 12."
    );
    assert_eq!(
        grade_ok(&answer, Response::Number(String::new())).feedback,
        "No answer given: it is 12."
    );
    let several = grade_ok(&answer, Response::Number("12 or 13".into()));
    assert!(!several.correct);
    assert_eq!(
        several.feedback,
        "“12 or 13” names more than one number: the answer is 12."
    );
}

#[test]
fn parse_number_reads_what_people_type() {
    assert_eq!(parse_number("1949"), Some(1949.0));
    assert_eq!(parse_number("1,949"), Some(1949.0));
    assert_eq!(parse_number("1,000,000"), Some(1_000_000.0));
    assert_eq!(parse_number("1 000 000"), Some(1_000_000.0));
    assert_eq!(parse_number("2,5"), Some(2.5));
    assert_eq!(parse_number("1,234.5"), Some(1234.5));
    assert_eq!(
        parse_number("1.234,5"),
        Some(1234.5),
        "the last mark is the decimal one"
    );
    assert_eq!(
        parse_number("0,500"),
        Some(0.5),
        "a leading zero never groups thousands"
    );
    assert_eq!(parse_number("1.000.000"), Some(1_000_000.0));
    assert_eq!(parse_number("-1,949"), Some(-1949.0));
    assert_eq!(parse_number("−3"), Some(-3.0));
    assert_eq!(parse_number("1e3"), Some(1000.0));
    assert_eq!(parse_number("12a"), None);
    assert_eq!(parse_number("inf"), None);
    assert_eq!(parse_number(""), None);
}

#[test]
fn a_single_answer_choice_is_all_or_nothing() {
    let answer = Answer::Choice {
        options: strings(&["Brussels", "Paris", "London"]).into(),
        correct: Box::new([0]),
    };
    let right = grade_ok(&answer, Response::Choice(vec![0]));
    assert!(right.correct);
    assert_eq!(right.parts, [true, true, true]);
    let wrong = grade_ok(&answer, Response::Choice(vec![1]));
    assert!(!wrong.correct);
    assert!(wrong.score.abs() < f64::EPSILON);
    assert_eq!(wrong.parts, [false, false, true]);
    assert_eq!(wrong.feedback, "The answer is “Brussels”.");
}

#[test]
fn a_multiple_answer_choice_scores_each_option() {
    let answer = Answer::Choice {
        options: strings(&["a", "b", "c", "d"]).into(),
        correct: Box::new([0, 2]),
    };
    let all = grade_ok(&answer, Response::Choice(vec![2, 0]));
    assert!(all.correct);
    assert!((all.score - 1.0).abs() < 1e-12);

    let half = grade_ok(&answer, Response::Choice(vec![0]));
    assert!(!half.correct);
    assert!((half.score - 0.5).abs() < 1e-12);
    assert_eq!(
        half.feedback,
        "You found 1 of the 2 right options. The answer is “a” and “c”."
    );

    let one_each = grade_ok(&answer, Response::Choice(vec![0, 1]));
    assert!(
        one_each.score.abs() < 1e-12,
        "one right (+1/2) and one wrong (-1/2)"
    );
    assert!(one_each.feedback.contains("and picked 1 wrong one"));

    let everything = grade_ok(&answer, Response::Choice(vec![0, 1, 2, 3]));
    assert!(
        everything.score.abs() < 1e-12,
        "picking everything earns nothing"
    );
    assert!(!everything.correct);
}

#[test]
fn order_scores_the_share_of_items_already_in_order() {
    let answer = Answer::Order(strings(&["a", "b", "c", "d", "e"]));
    let right = grade_ok(&answer, Response::Order(vec![0, 1, 2, 3, 4]));
    assert!(right.correct);
    // One item moved from the end to the front: four are still in order.
    let one_moved = grade_ok(&answer, Response::Order(vec![4, 0, 1, 2, 3]));
    assert!(!one_moved.correct);
    assert!((one_moved.score - 0.75).abs() < 1e-12);
    assert_eq!(one_moved.parts, [false, true, true, true, true]);
    assert!(one_moved.feedback.starts_with("One item is out of place."));
    let reversed = grade_ok(&answer, Response::Order(vec![4, 3, 2, 1, 0]));
    assert!(reversed.score.abs() < 1e-12);
    assert!(reversed.feedback.contains("4 items are out of place"));
}

#[test]
fn match_scores_the_share_of_right_pairs() {
    let answer = Answer::Match(vec![
        ("a".into(), "1".into()),
        ("b".into(), "2".into()),
        ("c".into(), "3".into()),
        ("d".into(), "4".into()),
    ]);
    assert!(
        grade_ok(
            &answer,
            Response::Match(vec![Some(0), Some(1), Some(2), Some(3)])
        )
        .correct
    );
    let swapped = grade_ok(
        &answer,
        Response::Match(vec![Some(1), Some(0), Some(2), None]),
    );
    assert!(!swapped.correct);
    assert!((swapped.score - 0.25).abs() < 1e-12);
    assert_eq!(swapped.parts, [false, false, true, false]);
    assert_eq!(swapped.feedback, "1 of 4 pairs are right.");
}

#[test]
fn cloze_grades_each_gap_like_a_typed_answer() {
    let answer =
        Answer::Cloze("Signed on {{4 April 1949}} in {{Washington|Washington, D.C.}}.".into());
    let right = grade_ok(
        &answer,
        Response::Cloze(vec!["4 april 1949".into(), "washington dc".into()]),
    );
    assert!(right.correct);
    let half = grade_ok(
        &answer,
        Response::Cloze(vec!["24 August 1949".into(), "Washington".into()]),
    );
    assert!(!half.correct);
    assert!((half.score - 0.5).abs() < 1e-12);
    assert_eq!(half.parts, [false, true]);
    assert_eq!(half.feedback, "1 of 2 gaps are right.");
    let slip = grade_ok(
        &answer,
        Response::Cloze(vec!["4 April 1949".into(), "Washingtn".into()]),
    );
    assert!(slip.correct);
    assert_eq!(slip.feedback, "Correct. Mind the spelling: “Washington”.");
}

#[test]
fn flashcards_are_graded_by_the_student() {
    let answer = Answer::Flashcard("back".into());
    assert!(grade_ok(&answer, Response::Flashcard { recalled: true }).correct);
    assert!(!grade_ok(&answer, Response::Flashcard { recalled: false }).correct);
}

#[test]
fn responses_that_do_not_fit_are_errors_not_panics() {
    let tf = Answer::TrueFalse(true);
    assert_eq!(
        grade(&tf, &Response::Typed("x".into())),
        Err(GradeError::KindMismatch {
            expected: Kind::TrueFalse,
            given: Kind::Typed
        })
    );
    let choice = Answer::Choice {
        options: strings(&["a", "b"]).into(),
        correct: Box::new([0]),
    };
    assert!(matches!(
        grade(&choice, &Response::Choice(vec![5])),
        Err(GradeError::Malformed(_))
    ));
    let order = Answer::Order(strings(&["a", "b"]));
    assert!(matches!(
        grade(&order, &Response::Order(vec![0, 0])),
        Err(GradeError::Malformed(_))
    ));
    assert!(matches!(
        grade(&order, &Response::Order(vec![0])),
        Err(GradeError::Malformed(_))
    ));
    let cloze = Answer::Cloze("{{a}} {{b}}".into());
    assert!(matches!(
        grade(&cloze, &Response::Cloze(vec!["a".into()])),
        Err(GradeError::Malformed(_))
    ));
}

#[test]
fn solution_writes_the_answer_out() {
    assert_eq!(
        solution(&Answer::Choice {
            options: strings(&["a", "b", "c"]).into(),
            correct: Box::new([0, 2])
        }),
        "“a” and “c”"
    );
    assert_eq!(solution(&Answer::Order(strings(&["x", "y"]))), "x › y");
    assert_eq!(solution(&Answer::Cloze("A {{b|c}} d".into())), "A b d");
    assert_eq!(
        solution(&Answer::Number {
            value: 1.0,
            tolerance: 0.0,
            unit: None
        }),
        "1"
    );
}

fn graded(accept: &[&str], given: &str) -> Verdict {
    grade_ok(&typed(accept), Response::Typed(given.into()))
}

#[test]
fn every_common_form_of_a_date_answer_is_right_and_another_date_never() {
    for given in [
        "2 October 2001",
        "2 Oct 2001",
        "October 2, 2001",
        "2nd October 2001",
        "Oct 2 2001",
        "2 Oct. 2001",
        "2001-10-02",
        "02.10.2001",
        "2.10.2001",
        "the 2nd of October 2001",
    ] {
        assert!(graded(&["2 October 2001"], given).correct, "{given}");
    }
    for given in ["September 11th", "11 Sept", "Sep 11"] {
        assert!(graded(&["11 September"], given).correct, "{given}");
    }
    assert!(graded(&["October 2001"], "Oct 2001").correct);
    for wrong in [
        "3 October 2001",
        "2 October 2002",
        "2 November 2001",
        "October 2001",
        "2 October",
        "2001-10-03",
    ] {
        assert!(!graded(&["2 October 2001"], wrong).correct, "{wrong}");
    }
}

#[test]
fn a_slashed_date_is_right_only_when_its_order_is_settled() {
    let answer = typed(&["2 October 2001"]);
    let given = Response::Typed("2/10/2001".into());
    let open = grade(&answer, &given).unwrap();
    assert!(!open.correct, "2 October or 10 February?");
    assert!(
        open.feedback.contains("write the month as a word"),
        "{}",
        open.feedback
    );
    let gb = grade_with(&answer, &given, Reading::for_language("en-GB")).unwrap();
    assert!(gb.correct);
    let us = grade_with(&answer, &given, Reading::for_language("en-US")).unwrap();
    assert!(!us.correct, "10 February in the United States");
    assert!(
        grade_with(
            &answer,
            &Response::Typed("10/2/2001".into()),
            Reading::for_language("en-US")
        )
        .unwrap()
        .correct
    );
    assert!(
        graded(&["25 October 2001"], "25/10/2001").correct,
        "no month 25"
    );
}

#[test]
fn articles_name_order_and_acronym_dots_carry_no_meaning() {
    assert!(graded(&["United States"], "the United States").correct);
    assert!(graded(&["the United States"], "United States").correct);
    assert!(graded(&["George Robertson"], "Robertson, George").correct);
    assert!(graded(&["United States of America"], "U.S.A.").correct);
    assert!(graded(&["USA"], "U.S.A.").correct);
    assert!(graded(&["United States", "US"], "the US").correct);
    assert!(
        !graded(&["United States"], "the US").correct,
        "two letters stand for too much: list them"
    );
    assert!(graded(&["North Atlantic Council"], "the NAC").correct);
    assert!(graded(&["United Nations Security Council"], "UNSC").correct);
    assert!(graded(&["Partnership for Peace"], "PFP").correct);
    assert!(
        graded(&["Partnership for Peace"], "PfP").correct,
        "an official mixed case"
    );
    assert!(graded(&["North Atlantic Council."], "North Atlantic Council").correct);
    // An acronym must be written as one, and match the initials of a name of several words.
    assert!(!graded(&["North Atlantic Council"], "nac").correct);
    assert!(!graded(&["North Atlantic Council"], "NATO").correct);
    assert!(!graded(&["Tallinn"], "TA").correct);
}

#[test]
fn words_that_change_the_meaning_and_other_facts_stay_wrong() {
    assert!(!graded(&["Tallinn"], "not Tallinn").correct);
    assert!(!graded(&["Iceland"], "Ireland").correct);
    assert!(!graded(&["1949"], "1994").correct);
    assert!(!graded(&["George Robertson"], "Robertson, Georgia").correct);
    assert!(!graded(&["the United States"], "the United Kingdom").correct);
    let number = Answer::Number {
        value: 1949.0,
        tolerance: 0.0,
        unit: None,
    };
    assert!(!grade_ok(&number, Response::Number("1994".into())).correct);
    assert!(!grade_ok(&number, Response::Number("1949 or 1994".into())).correct);
}

#[test]
fn number_words_and_numbers_among_words_are_read() {
    let number = |value: f64, unit: Option<&str>| Answer::Number {
        value,
        tolerance: 0.0,
        unit: unit.map(Box::from),
    };
    for (value, unit, given) in [
        (12.0, None, "twelve"),
        (8.0, None, "8 measures"),
        (1.0, None, "1 time"),
        (1.0, None, "once"),
        (12.0, None, "about 12"),
        (7.0, Some("aircraft"), "7 aircraft"),
        (5.0, None, "the fifth"),
        (21.0, None, "twenty-one"),
        (100.0, None, "one hundred"),
    ] {
        let v = grade_ok(&number(value, unit), Response::Number(given.into()));
        assert!(v.correct, "{given}: {}", v.feedback);
    }
    let wrong = grade_ok(&number(12.0, None), Response::Number("eleven".into()));
    assert!(!wrong.correct);
    assert_eq!(wrong.feedback, "The answer is 12.");
}

#[test]
fn a_cloze_gap_reads_dates_and_articles_as_typed_answers_do() {
    let cloze =
        Answer::Cloze("Invoked on {{12 September 2001}} by {{the North Atlantic Council}}.".into());
    let v = grade_ok(
        &cloze,
        Response::Cloze(vec!["Sept 12th, 2001".into(), "NAC".into()]),
    );
    assert!(v.correct, "{}", v.feedback);
    let v = grade_ok(
        &cloze,
        Response::Cloze(vec![
            "13 September 2001".into(),
            "North Atlantic Council".into(),
        ]),
    );
    assert!(!v.correct);
    assert_eq!(v.parts, [false, true]);
}

#[test]
fn an_ambiguous_date_in_a_gap_is_not_counted_right() {
    let cloze =
        Answer::Cloze("The attacks of {{11 September 2001}} on the {{United States|US}}.".into());
    let v = grade_ok(
        &cloze,
        Response::Cloze(vec!["11/9/2001".into(), "US".into()]),
    );
    assert_eq!(v.parts, [false, true]);
    assert!(!v.correct);
    assert!(
        v.feedback.contains("write the month as a word"),
        "{}",
        v.feedback
    );
}

/// Found by an adversarial review: each of these once came out right.
#[test]
fn different_facts_written_alike_stay_wrong() {
    // Numbers never merge across a bracket, a point or a space.
    for wrong in ["Article 5(1)", "Article 5.1", "Article 5-1", "Article 5, 1"] {
        assert!(!graded(&["Article 51"], wrong).correct, "{wrong}");
    }
    assert!(graded(&["Article 51"], "article 51").correct);
    assert!(!graded(&["2.5%"], "25%").correct);
    assert!(graded(&["4,000"], "4000").correct, "thousands grouped");
    assert!(graded(&["4,000"], "4 000").correct);
    assert!(!graded(&["4,000"], "400.0").correct);
    assert!(!graded(&["1/12/2001"], "11.2.2001").correct);
    // A slip never changes a numeral or the first letter of a word.
    assert!(!graded(&["Article V"], "Article IV").correct);
    assert!(!graded(&["World War II"], "World War I").correct);
    assert!(!graded(&["World War II"], "World War III").correct);
    assert!(!graded(&["asymmetric warfare"], "symmetric warfare").correct);
    assert!(!graded(&["political"], "apolitical").correct);
    assert!(
        graded(&["Lord Robertson"], "Lord Robretson").correct,
        "a real slip"
    );
    // Acronyms: two letters, and initials of a numbered name, are not read.
    assert!(!graded(&["Jaap Scheffer"], "JS").correct);
    assert!(!graded(&["World War II"], "WWI").correct);
    let number = |value: f64, unit: Option<&str>| Answer::Number {
        value,
        tolerance: 0.0,
        unit: unit.map(Box::from),
    };
    let twelve = number(12.0, None);
    for wrong in [
        "12 thousand",
        "twelve million",
        "2 dozen",
        "not 12",
        "fewer than 12",
        "under 12",
        "minus 12",
        "−12 members",
        "12 and a half",
        "12 ½",
        "12 1/2",
        "1 2",
        "25, 99",
    ] {
        let v = grade_ok(&twelve, Response::Number(wrong.into()));
        assert!(!v.correct, "{wrong}: {}", v.feedback);
    }
    assert!(
        grade_ok(
            &number(1000.0, None),
            Response::Number("one thousand".into())
        )
        .correct
    );
    assert!(grade_ok(&number(1000.0, None), Response::Number("a thousand".into())).correct);
    assert!(
        grade_ok(&number(30.0, None), Response::Number("30 000".into()))
            .correct
            .not()
    );
    let years = number(10.0, Some("years"));
    assert!(grade_ok(&years, Response::Number("10 years".into())).correct);
    assert!(!grade_ok(&years, Response::Number("10 months".into())).correct);
    // No panic on a number too large to hold.
    let v = grade_ok(
        &twelve,
        Response::Number("hundred hundred hundred hundred hundred".into()),
    );
    assert!(!v.correct);
}

/// Found by a second adversarial review.
#[test]
fn signs_comparisons_fractions_separators_and_units_are_not_lost() {
    let number = |value: f64, unit: Option<&str>| Answer::Number {
        value,
        tolerance: 0.0,
        unit: unit.map(Box::from),
    };
    let one = number(1.0, None);
    for wrong in [
        "–1",
        "(-1)",
        "- 1",
        "‑1",
        "-twelve",
        "<1",
        ">1",
        "1+",
        "≥1",
        "1 plus",
        "anything but 1",
        "isn't 1",
        "up to 1",
        "almost 1",
    ] {
        let v = grade_ok(&one, Response::Number(wrong.into()));
        assert!(!v.correct, "{wrong}: {}", v.feedback);
    }
    let minus_three = number(-3.0, None);
    assert!(
        grade_ok(&minus_three, Response::Number("–3".into())).correct,
        "an en dash is a minus"
    );
    let two = number(2.0, None);
    for wrong in ["two thirds", "2 fifths", "dozens"] {
        assert!(
            !grade_ok(&two, Response::Number(wrong.into())).correct,
            "{wrong}"
        );
    }
    assert!(
        grade_ok(
            &number(2100.0, None),
            Response::Number("two thousand one hundred".into())
        )
        .correct
    );
    assert!(
        grade_ok(
            &number(1949.0, None),
            Response::Number("one thousand nine hundred and forty-nine".into())
        )
        .correct
    );
    let km = number(10.0, Some("km"));
    assert!(grade_ok(&km, Response::Number("10 kilometers".into())).correct);
    assert!(!grade_ok(&km, Response::Number("10 miles".into())).correct);
    assert!(!grade_ok(&km, Response::Number("10 meters".into())).correct);
    assert!(
        !grade_ok(
            &number(10.0, Some("years")),
            Response::Number("10 mos".into())
        )
        .correct
    );
    // What stands between two numbers matters in a typed answer.
    for wrong in ["2-5%", "2/5%", "2 5%", "2, 5%"] {
        assert!(!graded(&["2.5%"], wrong).correct, "{wrong}");
    }
    assert!(graded(&["2.5%"], "2,5%").correct, "a decimal comma");
    for wrong in ["Article 4-1", "Article 4/1", "Article 4, 1"] {
        assert!(!graded(&["Article 4.1"], wrong).correct, "{wrong}");
    }
    // A weekday named must be the date's.
    assert!(graded(&["12 September 2001"], "Wednesday, 12 September 2001").correct);
    assert!(!graded(&["12 September 2001"], "Monday, 12 September 2001").correct);
}
