use super::*;
use crate::bank::{Answer, Source};

const FILE: &str = r#"// My class's set. Keep this comment.
QuestionSet(
    id: "class",
    title: "Class",
    questions: [
        (
            id: "signed",
            prompt: "When was the North Atlantic Treaty signed?",
            // Counted from 1 by mistake: the right one is the second.
            answer: Choice(options: ["24 August 1949", "4 April 1949", "26 June 1945"], correct: [2]),
            explanation: "Signed in Washington on 4 April 1949.",
            source: "North Atlantic Treaty (1949)",
        ),
        /* odd spacing, kept */ (id:"members",prompt:"How many countries signed it in 1949?",answer:Number(value:12),explanation:"Twelve.",source:"North Atlantic Treaty (1949)"),
    ],
)
"#;

fn file(dir: &tempfile::TempDir, text: &str) -> PathBuf {
    let path = dir.path().join("class.ron");
    std::fs::write(&path, text).unwrap();
    path
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn id(s: &str) -> QuestionId {
    QuestionId::new(s)
}

#[test]
fn ticking_another_right_option_changes_that_question_and_no_other_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(&dir, FILE);
    let mut opened = SetFile::open(&path).unwrap();
    let mut question = opened.set.questions[0].fields();
    let Answer::Choice { correct, .. } = &mut question.answer else {
        panic!("a choice")
    };
    *correct = vec![1].into();
    let saved = opened
        .save(&Target::Existing(id("signed")), &question)
        .unwrap();
    assert_eq!(saved, id("signed"), "an edited question keeps its id");
    let after = read(&path);
    let start = FILE.find("        (\n            id: \"signed\"").unwrap() + 8;
    let end = FILE.find("        /* odd spacing").unwrap() - 2;
    assert_eq!(&after[..start], &FILE[..start]);
    assert!(after.ends_with(&FILE[end..]), "{after}");
    assert_eq!(
        after,
        FILE.replace("correct: [2]),", "correct: [1]),"),
        "only the changed value is rewritten: the comment inside the question stays"
    );
    assert_eq!(opened.text, after);
    let loaded = parse_text("class.ron", &after);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.set.unwrap().questions[0].fields(), question);
}

#[test]
fn a_new_question_is_appended_with_an_id_from_its_prompt_and_a_deleted_one_leaves_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(&dir, FILE);
    let mut opened = SetFile::open(&path).unwrap();
    let mut question = opened.set.questions[1].fields();
    question.id = id("");
    question.prompt = "How many countries signed it?".to_owned();
    let saved = opened.save(&Target::New, &question).unwrap();
    assert_eq!(saved, id("how-many-countries-signed-it"));
    question.prompt = "How many countries signed it".to_owned();
    question.id = id("");
    let again = opened.save(&Target::New, &question).unwrap();
    assert_eq!(
        again,
        id("how-many-countries-signed-it-2"),
        "unique in its set"
    );
    let with_two = read(&path);
    assert!(with_two.starts_with(&FILE[..FILE.find("    ],").unwrap()]));
    opened.delete(&id(saved.as_str())).unwrap();
    opened.delete(&id(again.as_str())).unwrap();
    assert_eq!(
        read(&path),
        FILE,
        "adding then deleting gives the file back"
    );
    opened.delete(&id("members")).unwrap();
    let without = read(&path);
    assert!(!without.contains("members"));
    assert!(without.contains("// Counted from 1 by mistake"));
    assert!(matches!(
        opened.delete(&id("members")),
        Err(EditorError::Gone(_))
    ));
}

#[test]
fn a_file_changed_on_disk_is_not_written_over_until_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(&dir, FILE);
    let mut opened = SetFile::open(&path).unwrap();
    let theirs = FILE.replace("Keep this comment.", "Someone else's change.");
    std::fs::write(&path, &theirs).unwrap();
    let mut question = opened.set.questions[0].fields();
    question.prompt = "When was it signed?".to_owned();
    let target = Target::Existing(id("signed"));
    assert!(matches!(
        opened.save(&target, &question),
        Err(EditorError::Changed(_))
    ));
    assert!(matches!(
        opened.delete(&id("members")),
        Err(EditorError::Changed(_))
    ));
    assert_eq!(read(&path), theirs, "nothing written");
    opened.reread().unwrap();
    opened.save(&target, &question).unwrap();
    let both = read(&path);
    assert!(both.contains("Someone else's change.") && both.contains("When was it signed?"));
}

#[test]
fn a_question_with_errors_is_not_saved_and_says_why_as_check_does() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(&dir, FILE);
    let mut opened = SetFile::open(&path).unwrap();
    let mut question = opened.set.questions[0].fields();
    question.answer = Answer::Choice {
        options: vec!["Only one".into()].into(),
        correct: vec![0].into(),
    };
    let target = Target::Existing(id("signed"));
    let notes = opened.check(&target, &question);
    assert!(
        notes
            .iter()
            .any(|n| n.severity == Severity::Error && n.message.contains("at least 2 options")),
        "{notes:?}"
    );
    assert!(matches!(
        opened.save(&target, &question),
        Err(EditorError::Invalid(_))
    ));
    question = opened.set.questions[0].fields();
    question.id = id("members");
    let notes = opened.check(&target, &question);
    assert!(
        notes.iter().any(|n| n.message.contains("members")),
        "an id used twice: {notes:?}"
    );
    assert_eq!(read(&path), FILE);
}

#[test]
fn a_file_ron_cannot_read_is_not_opened_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(&dir, &FILE.replace("title: \"Class\",", "title: \"Class\""));
    let err = SetFile::open(&path).unwrap_err().to_string();
    assert!(err.contains("class.ron:5:"), "{err}");
    let missing = SetFile::open(&dir.path().join("none.ron")).unwrap_err();
    assert!(matches!(missing, EditorError::Read(..)));
}

#[test]
fn a_shipped_set_is_copied_under_a_new_id_and_a_new_set_starts_from_the_template() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("questions");
    let sources = [
        Source::Shipped,
        Source::Path {
            path: folder.clone(),
            required: false,
        },
    ];
    let bank = Bank::load(&sources);
    let (copy, copy_id) = copy_shipped(&SetId::new("article-5"), &folder, &bank).unwrap();
    assert_eq!(copy_id.as_str(), "article-5-copy");
    let text = read(&copy);
    let shipped = crate::bank::shipped::FILES
        .iter()
        .find(|(n, _)| *n == "questions/article-5.ron")
        .unwrap()
        .1;
    assert!(text.starts_with(&shipped[..shipped.find("QuestionSet(").unwrap()]));
    let bank = Bank::load(&sources);
    assert!(bank.problems.is_empty(), "{:?}", bank.problems);
    let loaded = bank.set(&copy_id).unwrap();
    assert!(loaded.set.title.starts_with("Copy: Article 5"));
    assert_eq!(
        loaded.set.questions,
        bank.set(&SetId::new("article-5")).unwrap().set.questions
    );
    let (_, second) = copy_shipped(&SetId::new("article-5"), &folder, &bank).unwrap();
    assert_eq!(second.as_str(), "article-5-copy-2");
    assert!(
        copy_shipped(&copy_id, &folder, &bank).is_err(),
        "not a shipped set"
    );

    let (made, made_id) = new_set(&folder, "Baltic air policing", &bank).unwrap();
    assert_eq!(made_id.as_str(), "baltic-air-policing");
    assert_eq!(
        read(&made),
        TEMPLATE
            .replace("id: \"my-set\"", "id: \"baltic-air-policing\"")
            .replace(
                "title: \"My question set\"",
                "title: \"Baltic air policing\""
            )
    );
    assert!(new_set(&folder, "  ", &bank).is_err());
}

#[test]
fn saving_a_question_as_it_is_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(&dir, FILE);
    let mut opened = SetFile::open(&path).unwrap();
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let question = opened.set.questions[1].fields();
    opened
        .save(&Target::Existing(id("members")), &question)
        .unwrap();
    assert_eq!(read(&path), FILE);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        before
    );
}

#[cfg(unix)]
#[test]
fn a_linked_file_is_saved_where_it_is_and_a_read_only_one_is_refused() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let real = file(&dir, FILE);
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let mut opened = SetFile::open(&link).unwrap();
    let mut question = opened.set.questions[1].fields();
    question.prompt = "How many signed?".to_owned();
    opened
        .save(&Target::Existing(id("members")), &question)
        .unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        read(&real).contains("How many signed?"),
        "the file linked to changed"
    );

    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o444)).unwrap();
    let mut opened = SetFile::open(&real).unwrap();
    question.prompt = "Read only?".to_owned();
    let err = opened
        .save(&Target::Existing(id("members")), &question)
        .unwrap_err()
        .to_string();
    assert!(err.contains("read-only"), "{err}");
    assert!(!read(&real).contains("Read only?"));
}

#[test]
fn a_long_title_used_twice_gets_an_id_that_is_still_valid() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("questions");
    let bank = Bank::default();
    let title = "a".repeat(70);
    let (_, first) = new_set(&folder, &title, &bank).unwrap();
    let (_, second) = new_set(&folder, &title, &bank).unwrap();
    assert_eq!(first.as_str().len(), 64);
    assert!(
        is_slug(second.as_str()) && second.as_str().ends_with("-2"),
        "{second:?}"
    );
}
