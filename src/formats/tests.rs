//! Every format read from examples written after its documentation, written back, and read
//! again: what each carries, and what it reports when it cannot.

use super::*;
use smol_str::SmolStr;

use crate::bank::{Answer, Kind, parse_text};

fn name(id: &str) -> SetName {
    SetName {
        id: SetId::new(id),
        title: "Imported".to_owned(),
    }
}

fn gift(text: &str) -> Converted {
    into_set(
        import(text, Format::Gift, ImportOptions::default()),
        name("g"),
    )
}

fn answer_of<'a>(set: &'a QuestionSet, id: &str) -> &'a Answer {
    &set.questions
        .iter()
        .find(|q| q.id() == id)
        .unwrap_or_else(|| panic!("no question {id} in {:?}", ids(set)))
        .answer
}

fn ids(set: &QuestionSet) -> Vec<&str> {
    set.questions.iter().map(|q| q.id()).collect()
}

/// The set as RON loads with no error, as `allydeck check` would read it.
fn loads_cleanly(set: &QuestionSet) {
    let text = to_ron(set).unwrap();
    let parsed = parse_text("imported.ron", &text);
    let errors: Vec<_> = parsed.problems.iter().filter(|p| p.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}\n{text}");
    assert_eq!(parsed.set.unwrap().questions.len(), set.questions.len());
}

const MOODLE_EXAMPLES: &str = r"// From the kinds Moodle's GIFT page documents.
$CATEGORY: $course$/NATO/Article 5

::signed::Where was the North Atlantic Treaty signed?{
  =Washington#Yes, on 4 April 1949.
  ~Brussels#No, that is the headquarters.
  ~Paris
  ####It was signed in Washington, D.C.
}

::invoked:: Article 5 has been invoked once. {TRUE#Wrong.#Right: after 9/11.}

::false-one:: Article 5 was first invoked in 1990. {F}

::founders:: Name a founding member. {=Norway =Iceland =Denmark}

::capitals:: Match the capitals. {
  =Norway -> Oslo
  =Iceland -> Reykjavík
  =Denmark -> Copenhagen
}

::year:: In which year was the treaty signed? {#1949:0}

::range:: A year between 1948 and 1950. {#1948..1950}

::several:: The year of the treaty. {# =1949:0 =%50%1950:1}

::article:: The collective defence clause is Article {=5 =five} of the treaty.

::city:: The treaty was signed in {=Washington ~Brussels ~Paris} in 1949.

::multi:: Which are founding members? {~%50%Norway ~%50%Iceland ~%-100%Sweden}

::weights:: Which are Nordic founders? {~%70%Norway ~%30%Iceland ~%-100%Germany}

::essay:: Write about Article 5. {}

This is a description, with no answer block.

::escaped:: Is 1 \= 1 \{really\}\: a \#test? {T}

::html::[html]<p>Which <b>city</b> hosts&nbsp;NATO's headquarters?</p>{=Brussels ~Mons}

::lines:: A question
over two lines? {T}
";

#[test]
fn gift_reads_every_kind_the_documentation_shows() {
    let converted = gift(MOODLE_EXAMPLES);
    let set = &converted.set;
    assert_eq!(
        answer_of(set, "signed"),
        &Answer::Choice {
            options: vec!["Washington".into(), "Brussels".into(), "Paris".into()].into(),
            correct: Box::new([0]),
        }
    );
    let signed = set.questions.iter().find(|q| q.id() == "signed").unwrap();
    assert_eq!(
        signed.prompt(),
        "Where was the North Atlantic Treaty signed?"
    );
    assert_eq!(
        signed.explanation(),
        Some(
            "It was signed in Washington, D.C.\n“Washington”: Yes, on 4 April 1949.\n\
             “Brussels”: No, that is the headquarters."
        )
    );
    assert_eq!(&*signed.tags, ["nato", "article-5"]);
    assert_eq!(answer_of(set, "invoked"), &Answer::TrueFalse(true));
    assert_eq!(answer_of(set, "false-one"), &Answer::TrueFalse(false));
    assert_eq!(
        answer_of(set, "founders"),
        &Answer::Typed {
            accept: vec!["Norway".into(), "Iceland".into(), "Denmark".into()]
        }
    );
    assert_eq!(
        answer_of(set, "capitals"),
        &Answer::Match(vec![
            ("Norway".into(), "Oslo".into()),
            ("Iceland".into(), "Reykjavík".into()),
            ("Denmark".into(), "Copenhagen".into()),
        ])
    );
    let number = |value, tolerance| Answer::Number {
        value,
        tolerance,
        unit: None,
    };
    assert_eq!(answer_of(set, "year"), &number(1949.0, 0.0));
    assert_eq!(answer_of(set, "range"), &number(1949.0, 1.0));
    assert_eq!(answer_of(set, "several"), &number(1949.0, 0.0));
    let Answer::Cloze(cloze) = answer_of(set, "article") else {
        panic!("a missing-word short answer is a Cloze")
    };
    assert_eq!(
        cloze.text(),
        "The collective defence clause is Article {{5|five}} of the treaty."
    );
    let city = set.questions.iter().find(|q| q.id() == "city").unwrap();
    assert_eq!(city.prompt(), "The treaty was signed in _____ in 1949.");
    assert!(matches!(&city.answer, Answer::Choice { correct, .. } if **correct == [0]));
    assert!(
        matches!(answer_of(set, "multi"), Answer::Choice { correct, .. } if **correct == [0, 1])
    );
    let escaped = set.questions.iter().find(|q| q.id() == "escaped").unwrap();
    assert_eq!(escaped.prompt(), "Is 1 = 1 {really}: a #test?");
    let html = set.questions.iter().find(|q| q.id() == "html").unwrap();
    assert_eq!(html.prompt(), "Which city hosts\u{a0}NATO's headquarters?");
    let lines = set.questions.iter().find(|q| q.id() == "lines").unwrap();
    assert_eq!(lines.prompt(), "A question\nover two lines?");
    assert_eq!(set.questions.len(), 15);
    loads_cleanly(set);

    // What was not carried, or carried with a loss, with its line.
    let notes: Vec<(usize, bool, &str)> = converted
        .notes
        .iter()
        .map(|n| (n.line, n.skipped, n.message.as_str()))
        .collect();
    let find = |part: &str| {
        notes
            .iter()
            .find(|(_, _, m)| m.contains(part))
            .unwrap_or_else(|| panic!("no note with {part:?} in {notes:#?}"))
    };
    let at = |part: &str| {
        let (line, skipped, _) = find(part);
        (*line, *skipped)
    };
    assert_eq!(at("the 50% answer 1950:1 is not carried"), (27, false));
    assert_eq!(at("weights (70%, 30%)"), (35, false));
    assert_eq!(at("an essay question"), (37, true));
    assert_eq!(at("a description"), (39, true));
    assert_eq!(notes.len(), 4, "{notes:#?}");
}

#[test]
fn gift_essays_can_become_flashcards_and_broken_blocks_are_named_with_their_line() {
    let text = "::e:: Explain Article 5. { ####An attack on one is an attack on all. }\n\n\
                ::open:: Never closed {=a ~b\n\n::ok:: Fine? {T}\n\n\
                ::one:: One? {T}\n::two:: Two? {F}\n";
    let imported = import(
        text,
        Format::Gift,
        ImportOptions {
            essays_as_flashcards: true,
            ..ImportOptions::default()
        },
    );
    let converted = into_set(imported, name("g"));
    assert_eq!(
        answer_of(&converted.set, "e"),
        &Answer::Flashcard("An attack on one is an attack on all.".into())
    );
    // A block left open costs its own question only (a new question follows the blank
    // line); two questions without a blank line between them are reported too.
    assert_eq!(converted.notes.len(), 2, "{:?}", converted.notes);
    assert_eq!(converted.notes[0].line, 3);
    assert!(
        converted.notes[0].message.contains("not closed"),
        "{:?}",
        converted.notes
    );
    assert_eq!(converted.notes[1].line, 7);
    assert!(
        converted.notes[1]
            .message
            .contains("separated by a blank line")
    );
    assert_eq!(answer_of(&converted.set, "ok"), &Answer::TrueFalse(true));
}

#[test]
fn gift_zero_weight_answers_give_feedback_only_and_comments_inside_a_block_are_dropped() {
    let text =
        "::cap:: The capital of France is {=%100%Paris =%0%Lyon#Lyon is the third city.} today.

                ::who:: Who signed first? {\n=Acheson\n// a distractor = wrong\n~No one\n}

                ::half:: Which? {~%50%a ~b}
";
    let text = text.replace("\\n", "\n");
    let converted = gift(&text);
    let Answer::Cloze(cloze) = answer_of(&converted.set, "cap") else {
        panic!("a missing-word short answer is a Cloze")
    };
    assert_eq!(cloze.text(), "The capital of France is {{Paris}} today.");
    let cap = converted
        .set
        .questions
        .iter()
        .find(|q| q.id() == "cap")
        .unwrap();
    assert!(
        cap.explanation()
            .is_some_and(|e| e.contains("Lyon is the third city"))
    );
    assert_eq!(
        answer_of(&converted.set, "who"),
        &Answer::Choice {
            options: vec!["Acheson".into(), "No one".into()].into(),
            correct: Box::new([0]),
        }
    );
    assert!(
        converted
            .notes
            .iter()
            .any(|n| n.line == 9 && n.message.contains("worth 50%")),
        "{:?}",
        converted.notes
    );
}

/// One question of every kind, with everything a question can hold.
const EVERY_KIND: &str = r#"QuestionSet(
    id: "every-kind",
    title: "Every kind",
    questions: [
        (id: "pick", prompt: "Where was the treaty signed?", answer: Choice(options: ["Brussels", "Washington", "Paris"], correct: [1]), explanation: "In Washington, D.C.", source: "NATO, The North Atlantic Treaty", tags: ["history", "treaty"], difficulty: 1),
        (id: "both", prompt: "Which were founders?", answer: Choice(options: ["Norway", "Sweden", "Iceland"], correct: [0, 2]), explanation: "Sweden joined in 2024.", source: "NATO, member countries"),
        (id: "once", prompt: "Article 5 has been invoked once.", answer: TrueFalse(true), explanation: "After 11 September 2001.", source: "NATO, Collective defence"),
        (id: "city", prompt: "Where is the CCDCOE?", answer: Typed(accept: ["Tallinn", "Tallinn, Estonia"]), explanation: "In Estonia's capital.", source: "CCDCOE"),
        (id: "year", prompt: "When was the treaty signed?", answer: Number(value: 1949, tolerance: 0.5), explanation: "On 4 April 1949.", source: "NATO"),
        (id: "pairs", prompt: "Match them.", answer: Match([("Article 4", "consultation"), ("Article 5", "collective defence")]), explanation: "Articles 4 and 5.", source: "The treaty"),
        (id: "gap", answer: Cloze("The treaty was signed in {{Washington|Washington, D.C.}} in 1949."), explanation: "In 1949.", source: "NATO"),
        (id: "steps", prompt: "Put in order.", answer: Order(["1949", "1952", "2001"]), explanation: "Founding, first enlargement, invocation.", source: "NATO"),
        (id: "card", prompt: "Article 5", answer: Flashcard("An armed attack against one shall be considered an attack against them all."), explanation: "The collective defence clause.", source: "The treaty"),
        (id: "dist", prompt: "How far?", answer: Number(value: 12.5, tolerance: 0, unit: "km"), explanation: "A distance.", source: "A map"),
        (id: "two-gaps", answer: Cloze("{{4}} April {{1949}}"), explanation: "The date.", source: "NATO"),
    ],
)"#;

fn every_kind() -> QuestionSet {
    parse_text("every-kind.ron", EVERY_KIND)
        .set
        .expect("the set loads")
}

#[test]
fn a_set_through_gift_keeps_every_question_gift_can_carry() {
    let set = every_kind();
    let exported = export(&set, Format::Gift);
    let left_out: Vec<&str> = exported.notes.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        left_out,
        ["steps", "card", "dist", "two-gaps"],
        "{exported:?}"
    );
    let back = gift(&exported.text);
    assert!(back.notes.is_empty(), "{:?}\n{}", back.notes, exported.text);
    for question in &set.questions {
        if ["steps", "card", "two-gaps"].contains(&question.id()) {
            continue;
        }
        let again = back
            .set
            .questions
            .iter()
            .find(|q| q.id() == question.id())
            .unwrap_or_else(|| panic!("{} lost:\n{}", question.id(), exported.text));
        if question.id() == "dist" {
            // Carried without its unit, as the export said.
            assert!(matches!(again.answer, Answer::Number { unit: None, .. }));
            continue;
        }
        assert_eq!(again.answer, question.answer, "{}", question.id());
        assert_eq!(again.prompt(), question.prompt(), "{}", question.id());
        assert_eq!(again.explanation(), question.explanation());
        assert_eq!(again.source(), question.source());
        let tags: Vec<&str> = again.tags.iter().map(SmolStr::as_str).collect();
        let before: Vec<&str> = question.tags.iter().map(SmolStr::as_str).collect();
        assert_eq!(tags, before);
    }
}

#[test]
fn a_set_through_csv_and_tsv_keeps_everything() {
    let set = every_kind();
    for format in [Format::Csv, Format::Tsv] {
        let exported = export(&set, format);
        assert!(exported.notes.is_empty());
        let back = into_set(
            import(&exported.text, format, ImportOptions::default()),
            name("every-kind"),
        );
        assert!(back.notes.is_empty(), "{:?}\n{}", back.notes, exported.text);
        assert_eq!(back.set.questions, set.questions, "{}", exported.text);
        loads_cleanly(&back.set);
    }
}

#[test]
fn a_table_names_each_bad_row_with_its_line_and_reads_the_good_ones() {
    let text = "id,kind,prompt,answer,options,explanation,source,tags,difficulty\n\
                a,Choice,Where?,Rome,Brussels|Paris,e,s,,\n\
                b,Riddle,What?,x,,e,s,,\n\
                c,TrueFalse,Is it?,maybe,,e,s,,\n\
                d,Number,How many?,12,tolerance x,e,s,,\n\
                e,Match,Pairs,a = b,,e,s,,\n\
                f,Typed,Who?,Ismay,,e,s,,7\n\
                g,TrueFalse,\"Fine, really?\",true,,e,s,x|y,2\n\
                h,Choice,\"unterminated,true\n";
    let converted = into_set(
        import(text, Format::Csv, ImportOptions::default()),
        name("t"),
    );
    let lines: Vec<(usize, &str)> = converted
        .notes
        .iter()
        .map(|n| (n.line, n.message.as_str()))
        .collect();
    assert_eq!(lines.len(), 7, "{lines:#?}");
    assert!(lines[0].0 == 2 && lines[0].1.contains("\"Rome\" is not among the options"));
    assert!(lines[1].0 == 3 && lines[1].1.contains("kind \"Riddle\" is not one of"));
    assert!(lines[2].0 == 4 && lines[2].1.contains("`true` or `false`"));
    assert!(lines[3].0 == 5 && lines[3].1.contains("is not a number"));
    assert!(lines[4].0 == 6 && lines[4].1.contains("`left -> right`"));
    // A difficulty the set rules refuse is reported as they say it.
    assert!(lines[5].0 == 7 && lines[5].1.contains("difficulty 7 is out of range"));
    assert!(lines[6].0 == 9, "{lines:#?}");
    assert_eq!(ids(&converted.set), ["g"]);
    let g = &converted.set.questions[0];
    assert_eq!(g.prompt(), "Fine, really?");
    assert_eq!(&*g.tags, ["x", "y"]);
}

#[test]
fn two_column_files_from_quizlet_and_anki_become_flashcards_or_typed_questions() {
    let quizlet = "Article 5\tCollective defence\nArticle 4\tConsultation\n";
    let cards = into_set(
        import(quizlet, Format::Tsv, ImportOptions::default()),
        name("q"),
    );
    assert_eq!(ids(&cards.set), ["article-5", "article-4"]);
    assert_eq!(
        cards.set.questions[0].answer,
        Answer::Flashcard("Collective defence".into())
    );
    let anki = "#separator:tab\n#html:true\nFront\tBack\n<b>Article 5</b>\tCollective&nbsp;<i>defence</i>\n";
    let typed = into_set(
        import(
            anki,
            Format::Tsv,
            ImportOptions {
                typed: true,
                ..ImportOptions::default()
            },
        ),
        name("a"),
    );
    assert_eq!(typed.set.questions.len(), 1, "{:?}", typed.notes);
    assert_eq!(typed.set.questions[0].prompt(), "Article 5");
    assert_eq!(
        typed.set.questions[0].answer,
        Answer::Typed {
            accept: vec!["Collective\u{a0}defence".into()]
        }
    );
    assert_eq!(cards.kinds, [(Kind::Flashcard, 2)]);
}

#[test]
fn aiken_reads_good_questions_and_names_each_broken_one_with_its_line() {
    let text = "In which city was the treaty signed?\n\
                A. Brussels\n\
                B) Washington\n\
                C. Paris\n\
                ANSWER: B\n\
                \n\
                A. An option before any question\n\
                Only one option here?\n\
                A. Alone\n\
                ANSWER: A\n\
                Never answered?\n\
                A. Yes\n\
                B. No\n\
                Which year?\n\
                A. 1949\n\
                B. 1950\n\
                ANSWER: E\n\
                Last one?\n\
                A. Yes\n\
                B. No\n";
    let converted = into_set(
        import(text, Format::Aiken, ImportOptions::default()),
        name("a"),
    );
    assert_eq!(converted.set.questions.len(), 1);
    assert_eq!(
        converted.set.questions[0].answer,
        Answer::Choice {
            options: vec!["Brussels".into(), "Washington".into(), "Paris".into()].into(),
            correct: Box::new([1]),
        }
    );
    let notes: Vec<(usize, &str)> = converted
        .notes
        .iter()
        .map(|n| (n.line, n.message.as_str()))
        .collect();
    assert_eq!(notes.len(), 5, "{notes:#?}");
    assert!(notes[0].0 == 7 && notes[0].1.contains("before any question"));
    assert!(notes[1].0 == 8 && notes[1].1.contains("1 option"));
    assert!(notes[2].0 == 11 && notes[2].1.contains("not finished"));
    assert!(notes[3].0 == 17 && notes[3].1.contains("ANSWER: E names no option"));
    assert!(notes[4].0 == 18 && notes[4].1.contains("before the end of the file"));
}

#[test]
fn aiken_writes_single_answer_choices_and_reads_them_back() {
    let set = every_kind();
    let exported = export(&set, Format::Aiken);
    assert_eq!(exported.notes.len(), set.questions.len() - 1);
    let back = into_set(
        import(&exported.text, Format::Aiken, ImportOptions::default()),
        name("a"),
    );
    assert_eq!(back.set.questions.len(), 1);
    assert_eq!(back.set.questions[0].answer, set.questions[0].answer);
    assert_eq!(back.set.questions[0].prompt(), set.questions[0].prompt());
}

#[test]
fn ids_are_made_unique_and_a_question_the_rules_refuse_is_reported_not_written() {
    let text = "::same:: One? {T}\n\n::same:: Two? {F}\n\n::Same Thing!:: Three? {T}\n\n\
                Four words for an id? {T}\n\n::dup:: Dup? {=a ~a}\n";
    let converted = gift(text);
    assert_eq!(
        ids(&converted.set),
        ["same", "same-2", "same-thing", "four-words-for-an-id"]
    );
    assert_eq!(converted.notes.len(), 1);
    assert!(converted.notes[0].line == 9, "{:?}", converted.notes);
    loads_cleanly(&converted.set);
}

#[test]
fn the_format_is_told_by_the_extension_or_else_by_the_text() {
    assert_eq!(Format::detect("x.gift", ""), Some(Format::Gift));
    assert_eq!(Format::detect("x.CSV", ""), Some(Format::Csv));
    assert_eq!(Format::detect("x.tsv", ""), Some(Format::Tsv));
    assert_eq!(
        Format::detect("x.txt", "Q?\nA. a\nB. b\nANSWER: A\n"),
        Some(Format::Aiken)
    );
    assert_eq!(Format::detect("x.txt", "Q? {T}"), Some(Format::Gift));
    assert_eq!(
        Format::detect("x", "#separator:tab\na\tb"),
        Some(Format::Tsv)
    );
    assert_eq!(Format::detect("x", "a,b"), Some(Format::Csv));
    assert_eq!(Format::detect("x", "just words"), None);
}

/// The first fenced block after `heading` in `questions/FORMAT.md`.
fn documented_example(heading: &str) -> String {
    let doc = include_str!("../../questions/FORMAT.md");
    let after = &doc[doc.find(heading).expect("the heading is in FORMAT.md")..];
    let start = after.find("```\n").expect("an example follows") + 4;
    let end = start + after[start..].find("```").expect("the example ends");
    after[start..end].to_owned()
}

#[test]
fn the_examples_in_the_format_guide_import_whole() {
    for (heading, format, questions) in [
        ("### GIFT (Moodle)", Format::Gift, 6),
        ("### Aiken (Moodle)", Format::Aiken, 1),
        ("### CSV and TSV", Format::Csv, 9),
    ] {
        let example = documented_example(heading);
        let converted = into_set(
            import(&example, format, ImportOptions::default()),
            name("doc"),
        );
        assert!(
            converted.notes.is_empty(),
            "{heading}: {:?}",
            converted.notes
        );
        assert_eq!(converted.set.questions.len(), questions, "{heading}");
        assert_eq!(
            Format::detect("example.txt", &example),
            Some(format),
            "{heading}"
        );
    }
}

#[test]
fn a_set_through_an_anki_package_keeps_every_prompt_and_answer_and_its_card_keys() {
    let set = every_kind();
    let (bytes, losses) = anki_write::write(&set, 1_764_590_400_000).unwrap();
    assert_eq!(losses.len(), 1, "{losses:?}");
    assert_eq!(losses[0].0, "gap");
    let package = anki::read(&bytes).unwrap();
    assert_eq!(package.decks.len(), 1);
    assert_eq!(package.decks[0].name, "Every kind");
    let back = &package.decks[0].imported.questions;
    assert_eq!(back.len(), set.questions.len());
    for ((_, again), question) in back.iter().zip(&set.questions) {
        match &question.answer {
            Answer::Cloze(cloze) => {
                let Answer::Cloze(again) = &again.answer else {
                    panic!("{} is not a Cloze: {again:?}", question.id())
                };
                let first: Vec<&str> = cloze.gaps().map(|g| g[0]).collect();
                let read: Vec<Vec<&str>> = again.gaps().collect();
                assert_eq!(read, first.iter().map(|g| vec![*g]).collect::<Vec<_>>());
                assert!(again.filled() == cloze.filled(), "{}", question.id());
            }
            answer => {
                assert_eq!(again.prompt, question.prompt(), "{}", question.id());
                let Answer::Flashcard(back) = &again.answer else {
                    panic!("{} is not a Flashcard: {again:?}", question.id())
                };
                let answer = match answer {
                    Answer::Flashcard(back) => back.to_string(),
                    other => crate::grade::solution(other),
                };
                assert!(
                    back.starts_with(&answer),
                    "{}: {back:?} for {answer:?}",
                    question.id()
                );
                if let Some(explanation) = question.explanation() {
                    assert!(back.contains(explanation), "{}", question.id());
                }
            }
        }
    }
    // Each note's GUID is its card key, on every export: importing again updates the notes.
    let guids = |bytes: &[u8]| {
        let mut archive = ::zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut collection = Vec::new();
        std::io::Read::read_to_end(
            &mut archive.by_name("collection.anki2").unwrap(),
            &mut collection,
        )
        .unwrap();
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), collection).unwrap();
        let conn = rusqlite::Connection::open(file.path()).unwrap();
        let mut stmt = conn.prepare("SELECT guid FROM notes ORDER BY id").unwrap();
        stmt.query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(Result::unwrap)
            .collect::<Vec<_>>()
    };
    let first = guids(&bytes);
    assert_eq!(first[0], "every-kind/pick");
    let (later, _) = anki_write::write(&set, 1_764_676_800_000).unwrap();
    assert_eq!(guids(&later), first);
}

#[test]
fn gift_export_keeps_punctuation_and_percent_signs_and_names_what_it_cannot_carry() {
    let text = r#"QuestionSet(id: "edge", title: "Edge", questions: [
        (id: "comma", answer: Cloze("Signed in {{Washington}}, in 1949."), explanation: "e", source: "s"),
        (id: "end", answer: Cloze("The capital is {{Brussels}}"), explanation: "e", source: "s"),
        (id: "asked", prompt: "Fill in:", answer: Cloze("Signed in {{1949}} then."), explanation: "e", source: "s"),
        (id: "pct", prompt: "Which?", answer: Choice(options: ["%50 of members", "all"], correct: [1]), explanation: "e", source: "s"),
        (id: "arrow", prompt: "Match", answer: Match([("a -> b", "c"), ("d", "e")]), explanation: "e", source: "s"),
    ])"#;
    let set = parse_text("edge.ron", text).set.unwrap();
    let exported = export(&set, Format::Gift);
    let notes: Vec<&str> = exported.notes.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(notes, ["end", "asked", "arrow"], "{:?}", exported.notes);
    assert_eq!(
        exported.left_out, 2,
        "the prompt of `asked` is a loss, not a question left out"
    );
    let back = gift(&exported.text);
    assert!(back.notes.is_empty(), "{:?}\n{}", back.notes, exported.text);
    let Answer::Cloze(comma) = answer_of(&back.set, "comma") else {
        panic!("a Cloze")
    };
    assert_eq!(comma.text(), "Signed in {{Washington}}, in 1949.");
    assert_eq!(answer_of(&back.set, "pct"), &set.questions[3].answer);
}

#[test]
fn a_table_keeps_cells_as_written_and_reads_ankis_header_lines() {
    // Spaces inside a cell survive the trip; a first cell starting with `#` is data.
    let text = "id,kind,prompt,answer,options,explanation,source,tags,difficulty\n\
                a,Flashcard,#1 rule,  spaced back  ,,  lead,s,,\n";
    let converted = into_set(
        import(text, Format::Csv, ImportOptions::default()),
        name("t"),
    );
    let q = &converted.set.questions[0];
    assert_eq!((q.prompt(), q.explanation()), ("#1 rule", Some("  lead")));
    assert_eq!(q.answer, Answer::Flashcard("  spaced back  ".into()));
    let anki = "#separator:semicolon\n#html:false\n#tags column:3\n\
                Article 5;Collective defence, for all;nato treaty\n\
                # of Allies;32;nato\n\
                ;empty front;x\n";
    let converted = into_set(
        import(anki, Format::Csv, ImportOptions::default()),
        name("a"),
    );
    let fronts: Vec<&str> = converted.set.questions.iter().map(|q| q.prompt()).collect();
    assert_eq!(fronts, ["Article 5", "# of Allies"]);
    assert_eq!(
        converted.set.questions[0].answer,
        Answer::Flashcard("Collective defence, for all".into())
    );
    assert_eq!(&*converted.set.questions[0].tags, ["nato", "treaty"]);
    // Lines are the file's own, the header counted.
    assert_eq!(converted.notes.len(), 1, "{:?}", converted.notes);
    assert_eq!(converted.notes[0].line, 6);
}
