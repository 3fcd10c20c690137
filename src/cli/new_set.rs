//! `allydeck new-set FILE --id ID --title TITLE`: a new question set from the template.

use std::io::Write as _;
use std::path::Path;

use anyhow::Result;

use crate::app::editor::from_template;
use crate::app::files::write_new;

/// Writes a new set to `file`, never over an existing file.
///
/// # Errors
/// The id or title is not valid, the file exists, or it cannot be written.
pub fn new_set(file: &Path, id: &str, title: &str) -> Result<()> {
    let text = from_template(id, title)?;
    write_new(file, |out| out.write_all(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::parse_text;

    #[test]
    fn a_set_that_cannot_be_written_whole_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("new.ron");
        let error = write_new(&file, |out| {
            out.write_all(b"QuestionSet(")?;
            Err(std::io::Error::from(std::io::ErrorKind::StorageFull))
        })
        .unwrap_err();
        assert!(format!("{error:#}").contains("cannot write"), "{error:#}");
        assert!(!file.exists(), "no half file is left");
        // And an existing file is never written over.
        std::fs::write(&file, "mine").unwrap();
        assert!(write_new(&file, |_| Ok(())).is_err());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    }

    #[test]
    fn a_new_set_has_the_id_and_title_given_and_loads_cleanly() {
        let text = from_template("my-class", "Article 5 \"for beginners\"").unwrap();
        let parsed = parse_text("x.ron", &text);
        let set = parsed.set.unwrap();
        assert_eq!(set.id.as_str(), "my-class");
        assert_eq!(set.title, "Article 5 \"for beginners\"");
        assert!(parsed.problems.is_empty());
        assert_eq!(set.questions.len(), 8, "one question of each kind");
    }

    #[test]
    fn a_bad_id_or_an_empty_title_is_refused() {
        let err = from_template("My Class", "T").unwrap_err().to_string();
        assert!(err.contains("(for example \"my-class\")"), "{err}");
        assert!(from_template("ok", "  ").is_err());
    }

    #[test]
    fn an_existing_file_is_never_overwritten() {
        let dir = tempfile::TempDir::new().unwrap();
        let file = dir.path().join("set.ron");
        std::fs::write(&file, "precious").unwrap();
        assert!(new_set(&file, "x", "X").is_err());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "precious");
        let fresh = dir.path().join("fresh.ron");
        new_set(&fresh, "fresh", "Fresh").unwrap();
        assert!(
            std::fs::read_to_string(&fresh)
                .unwrap()
                .contains("id: \"fresh\"")
        );
    }
}
