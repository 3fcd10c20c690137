//! Anki packages (`.apkg`) read: both layouts Anki writes, the older one (`collection.anki2`
//! or `collection.anki21`, SQLite, note types as JSON in the `col` row) and the current one
//! (`collection.anki21b`, zstd-compressed SQLite with tables of note types, fields and decks,
//! beside a `meta` entry).
//!
//! Each deck becomes a set. A note of a standard type (Basic, Basic and reversed, ...) becomes
//! a Flashcard (its first field the front, its second the back), a Cloze note a Cloze
//! question (`{{c1::text::hint}}` as a gap, its second field the explanation). HTML becomes
//! text; media (images, sounds) is left out with a note. The review history comes with the
//! package, as reviews of the questions, for a student who wants what FSRS knows of them.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Cursor, Read as _};

use super::{Imported, Note, fields, html, unique_id};
use crate::bank::{Answer, QuestionId};

/// The most a package may hold, all entries unpacked: a bigger one is surely not a deck of
/// questions, and unpacking it could fill the disk.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

/// Why a package cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    /// Not a zip archive.
    #[error("not an Anki package: it is not a zip archive ({0})")]
    NotZip(String),
    /// An entry's name would be written outside the package's folder.
    #[error("an entry of the package climbs out of it ({0:?}): the package is not read")]
    Escapes(String),
    /// Unpacked, it would be too large.
    #[error("the package unpacks to more than 256 MiB: not read")]
    TooLarge,
    /// No collection inside.
    #[error("no collection inside (collection.anki21b, collection.anki21 or collection.anki2)")]
    NoCollection,
    /// The collection cannot be read.
    #[error("the collection inside the package is damaged: {0}")]
    Damaged(String),
}

/// One deck of a package, as questions.
#[derive(Debug, Default)]
pub struct Deck {
    /// The deck's name, `::` between its levels.
    pub name: String,
    /// Its notes as questions, each with a unique id.
    pub imported: Imported,
}

/// A review of the package's history, of question `question` of deck `deck`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Review {
    /// The index of the deck in [`Package::decks`].
    pub deck: usize,
    /// The question's id.
    pub question: String,
    /// When, in milliseconds since 1970 (the revlog's id).
    pub at_ms: i64,
    /// The button: 1 Again, 2 Hard, 3 Good, 4 Easy.
    pub ease: u8,
    /// How long the answer took, in milliseconds.
    pub duration_ms: u32,
}

/// What a package holds.
#[derive(Debug, Default)]
pub struct Package {
    /// Each deck with notes, by name.
    pub decks: Vec<Deck>,
    /// The review history, oldest first.
    pub reviews: Vec<Review>,
    /// What concerns the package as a whole (media left out, history not carried).
    pub notes: Vec<Note>,
}

/// Reads a package.
///
/// # Errors
/// The file is not a zip archive, an entry climbs out of it, it unpacks to more than 256 MiB,
/// or its collection is missing or damaged. Nothing is written anywhere but a temporary file.
pub fn read(bytes: &[u8]) -> Result<Package, PackageError> {
    read_within(bytes, MAX_UNPACKED_BYTES)
}

/// As [`read`], with `limit` in place of 256 MiB.
fn read_within(bytes: &[u8], limit: u64) -> Result<Package, PackageError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| PackageError::NotZip(e.to_string()))?;
    let mut total: u64 = 0;
    let mut names = Vec::new();
    for i in 0..archive.len() {
        let entry = archive
            .by_index(i)
            .map_err(|e| PackageError::NotZip(e.to_string()))?;
        let name = entry
            .name()
            .map_err(|e| PackageError::NotZip(e.to_string()))?
            .into_owned();
        if entry.enclosed_name().is_none() {
            return Err(PackageError::Escapes(name));
        }
        total = total.saturating_add(entry.size());
        names.push(name);
    }
    if total > limit {
        return Err(PackageError::TooLarge);
    }
    let (name, compressed) = [
        "collection.anki21b",
        "collection.anki21",
        "collection.anki2",
    ]
    .into_iter()
    .find(|n| names.iter().any(|m| m == n))
    .map(|n| (n, n.ends_with('b')))
    .ok_or(PackageError::NoCollection)?;
    let mut raw = Vec::new();
    archive
        .by_name(name)
        .map_err(|e| PackageError::Damaged(e.to_string()))?
        .take(limit + 1)
        .read_to_end(&mut raw)
        .map_err(|e| PackageError::Damaged(e.to_string()))?;
    let database = if compressed {
        let mut out = Vec::new();
        zstd::stream::read::Decoder::new(raw.as_slice())
            .map_err(|e| PackageError::Damaged(e.to_string()))?
            .take(limit + 1)
            .read_to_end(&mut out)
            .map_err(|e| PackageError::Damaged(format!("cannot unpack it: {e}")))?;
        out
    } else {
        raw
    };
    if database.len() as u64 > limit {
        return Err(PackageError::TooLarge);
    }
    let mut package = read_collection(&database)?;
    let media = names.iter().filter(|n| n.parse::<u64>().is_ok()).count();
    if media > 0 {
        package.notes.push(Note::loss(
            0,
            format!("{media} media files (images, sounds) are not carried"),
        ));
    }
    Ok(package)
}

/// Note types by id.
type NoteTypes = HashMap<i64, NoteType>;

/// Deck names by id.
type Decks = HashMap<i64, String>;

/// A note type: whether it is a cloze type, and its fields' names.
struct NoteType {
    cloze: bool,
    fields: Vec<String>,
}

fn damaged(e: impl std::fmt::Display) -> PackageError {
    PackageError::Damaged(e.to_string())
}

fn read_collection(database: &[u8]) -> Result<Package, PackageError> {
    let mut file = tempfile::NamedTempFile::new().map_err(damaged)?;
    std::io::Write::write_all(&mut file, database).map_err(damaged)?;
    let conn = rusqlite::Connection::open_with_flags(
        file.path(),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(damaged)?;
    // Anki's own tables name a collation of its own; comparing case-blind is all it does.
    conn.create_collation("unicase", |a: &str, b: &str| {
        a.to_lowercase().cmp(&b.to_lowercase())
    })
    .map_err(damaged)?;
    let current: bool = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'notetypes'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map_err(damaged)?
        > 0;
    let (types, decks) = if current {
        (current_types(&conn)?, current_decks(&conn)?)
    } else {
        legacy_types_and_decks(&conn)?
    };
    notes(&conn, &types, &decks)
}

/// Note types of the current layout: the `notetypes` and `fields` tables.
fn current_types(conn: &rusqlite::Connection) -> Result<HashMap<i64, NoteType>, PackageError> {
    let mut types = HashMap::new();
    let mut stmt = conn
        .prepare("SELECT id, config FROM notetypes")
        .map_err(damaged)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)))
        .map_err(damaged)?;
    for row in rows {
        let (id, config) = row.map_err(damaged)?;
        types.insert(
            id,
            NoteType {
                cloze: kind_of(&config) == 1,
                fields: Vec::new(),
            },
        );
    }
    let mut stmt = conn
        .prepare("SELECT ntid, name FROM fields ORDER BY ntid, ord")
        .map_err(damaged)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
        .map_err(damaged)?;
    for row in rows {
        let (id, name) = row.map_err(damaged)?;
        if let Some(t) = types.get_mut(&id) {
            t.fields.push(name);
        }
    }
    Ok(types)
}

/// The `kind` of a note type's config (protobuf field 1: 0 normal, 1 cloze); 0 when absent.
fn kind_of(config: &[u8]) -> u64 {
    let mut at = 0;
    while at < config.len() {
        let Some((key, next)) = varint(config, at) else {
            return 0;
        };
        at = next;
        let (field, wire) = (key >> 3, key & 7);
        match wire {
            0 => {
                let Some((value, next)) = varint(config, at) else {
                    return 0;
                };
                if field == 1 {
                    return value;
                }
                at = next;
            }
            2 => {
                let Some((len, next)) = varint(config, at) else {
                    return 0;
                };
                at = next.saturating_add(usize::try_from(len).unwrap_or(usize::MAX));
            }
            1 => at += 8,
            5 => at += 4,
            _ => return 0,
        }
    }
    0
}

/// A protobuf varint at `at`: its value and the position after it.
fn varint(bytes: &[u8], mut at: usize) -> Option<(u64, usize)> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(at)?;
        at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some((value, at));
        }
    }
    None
}

fn current_decks(conn: &rusqlite::Connection) -> Result<HashMap<i64, String>, PackageError> {
    let mut stmt = conn
        .prepare("SELECT id, name FROM decks")
        .map_err(damaged)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
        .map_err(damaged)?;
    rows.map(|row| {
        row.map(|(id, name)| (id, name.replace('\u{1f}', "::")))
            .map_err(damaged)
    })
    .collect()
}

/// Note types and decks of the older layout: JSON in the `col` row.
fn legacy_types_and_decks(conn: &rusqlite::Connection) -> Result<(NoteTypes, Decks), PackageError> {
    let (models, decks): (String, String) = conn
        .query_row("SELECT models, decks FROM col", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .map_err(damaged)?;
    let models: serde_json::Value = serde_json::from_str(&models).map_err(damaged)?;
    let decks: serde_json::Value = serde_json::from_str(&decks).map_err(damaged)?;
    let id = |key: &str| key.parse::<i64>().ok();
    let types = models
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(key, model)| {
            let fields = model["flds"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|f| f["name"].as_str().map(str::to_owned))
                .collect();
            Some((
                id(key)?,
                NoteType {
                    cloze: model["type"].as_i64() == Some(1),
                    fields,
                },
            ))
        })
        .collect();
    let decks = decks
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(key, deck)| Some((id(key)?, deck["name"].as_str()?.to_owned())))
        .collect();
    Ok((types, decks))
}

/// One note as read: its note type, fields, tags and the deck of its first card.
struct RawNote {
    id: i64,
    note_type: i64,
    fields: String,
    tags: String,
    deck: Option<i64>,
}

fn notes(
    conn: &rusqlite::Connection,
    types: &HashMap<i64, NoteType>,
    decks: &HashMap<i64, String>,
) -> Result<Package, PackageError> {
    let mut stmt = conn
        .prepare(
            "SELECT n.id, n.mid, n.flds, n.tags, \
             (SELECT c.did FROM cards c WHERE c.nid = n.id ORDER BY c.ord LIMIT 1) \
             FROM notes n ORDER BY n.id",
        )
        .map_err(damaged)?;
    let rows = stmt
        .query_map([], |r| {
            Ok(RawNote {
                id: r.get(0)?,
                note_type: r.get(1)?,
                fields: r.get(2)?,
                tags: r.get(3)?,
                deck: r.get(4)?,
            })
        })
        .map_err(damaged)?;
    let mut package = Package::default();
    let mut by_deck: BTreeMap<String, usize> = BTreeMap::new();
    let mut taken: Vec<HashSet<String>> = Vec::new();
    // The question each note became: its deck and id, for the review history.
    let mut asked: HashMap<i64, (usize, String)> = HashMap::new();
    for (n, row) in rows.enumerate() {
        let note = row.map_err(damaged)?;
        let place = n + 1;
        let deck_name = note
            .deck
            .and_then(|d| decks.get(&d))
            .cloned()
            .unwrap_or_else(|| "Default".to_owned());
        let deck = *by_deck.entry(deck_name.clone()).or_insert_with(|| {
            package.decks.push(Deck {
                name: deck_name,
                imported: Imported::default(),
            });
            taken.push(HashSet::new());
            package.decks.len() - 1
        });
        let imported = &mut package.decks[deck].imported;
        let Some(note_type) = types.get(&note.note_type) else {
            imported.notes.push(Note::skipped(
                place,
                "a note of a note type the package does not have",
            ));
            continue;
        };
        if let Some(mut fields) = question(&note, note_type, &mut imported.notes, place) {
            let id = unique_id(&fields, &mut taken[deck]);
            fields.id = QuestionId::new(id.as_str());
            asked.insert(note.id, (deck, id));
            imported.questions.push((place, fields));
        }
    }
    package.reviews = reviews(conn, &asked, &mut package.notes)?;
    Ok(package)
}

/// The review history of the notes that became questions: the reviews of each note's first
/// card (a question is asked once, where Anki asks a reversed note or each gap of a cloze as
/// cards of their own).
fn reviews(
    conn: &rusqlite::Connection,
    asked: &HashMap<i64, (usize, String)>,
    notes: &mut Vec<Note>,
) -> Result<Vec<Review>, PackageError> {
    let mut stmt = conn
        .prepare(
            "SELECT r.id, c.nid, c.ord, r.ease, r.time FROM revlog r JOIN cards c ON c.id = r.cid \
             ORDER BY r.id",
        )
        .map_err(damaged)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })
        .map_err(damaged)?;
    let mut reviews = Vec::new();
    let (mut other_cards, mut not_answers) = (0usize, 0usize);
    for row in rows {
        let (at_ms, note, ord, ease, time) = row.map_err(damaged)?;
        let Some((deck, question)) = asked.get(&note) else {
            continue;
        };
        if ord != 0 {
            other_cards += 1;
            continue;
        }
        let Some(ease) = u8::try_from(ease).ok().filter(|e| (1..=4).contains(e)) else {
            // 0: a card rescheduled by hand, not an answer.
            not_answers += 1;
            continue;
        };
        reviews.push(Review {
            deck: *deck,
            question: question.clone(),
            at_ms,
            ease,
            duration_ms: u32::try_from(time.max(0)).unwrap_or(u32::MAX),
        });
    }
    if other_cards > 0 {
        notes.push(Note::loss(
            0,
            format!(
                "{other_cards} reviews of a note's other cards (its reverse, its other gaps) \
                 are not carried: allydeck asks a note once"
            ),
        ));
    }
    if not_answers > 0 {
        notes.push(Note::loss(
            0,
            format!("{not_answers} entries of the history are reschedulings, not answers"),
        ));
    }
    Ok(reviews)
}

/// The question a note becomes, or `None` (with a note) if it cannot become one.
fn question(
    note: &RawNote,
    note_type: &NoteType,
    notes: &mut Vec<Note>,
    place: usize,
) -> Option<crate::bank::QuestionFields> {
    let raw: Vec<&str> = note.fields.split('\u{1f}').collect();
    let mut media = false;
    let field = |i: usize, media: &mut bool| {
        let (text, had) = without_media(raw.get(i).copied().unwrap_or_default());
        *media |= had;
        html::to_text(&text)
    };
    let first = field(0, &mut media);
    let second = field(1, &mut media);
    let mut fields = if note_type.cloze {
        let (text, hints) = cloze_text(&first);
        if hints {
            notes.push(Note::loss(
                place,
                "the hints of its cloze gaps are not carried",
            ));
        }
        let mut q = fields(String::new(), Answer::Cloze(text.as_str().into()));
        q.explanation = Some(second).filter(|s| !s.is_empty());
        q
    } else {
        if first.is_empty() || second.is_empty() {
            notes.push(Note::skipped(
                place,
                format!(
                    "a note with an empty {}: no card to ask",
                    if first.is_empty() { "front" } else { "back" }
                ),
            ));
            return None;
        }
        fields(first, Answer::Flashcard(second.as_str().into()))
    };
    let unused: Vec<&str> = (2..raw.len())
        .filter(|&i| !html::to_text(raw[i]).trim().is_empty())
        .map(|i| note_type.fields.get(i).map_or("a field", String::as_str))
        .collect();
    if !unused.is_empty() {
        notes.push(Note::loss(
            place,
            format!("its fields {} are not carried", unused.join(", ")),
        ));
    }
    if media {
        notes.push(Note::loss(place, "its images or sounds are not carried"));
    }
    fields.tags = note
        .tags
        .split_whitespace()
        .map(crate::bank::ids::slugify)
        .filter(|t| !t.is_empty())
        .map(Into::into)
        .collect();
    Some(fields)
}

/// `text` without `<img ...>` tags and `[sound:...]` references, and whether it had any.
fn without_media(text: &str) -> (String, bool) {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut had = false;
    loop {
        let img = rest.find("<img");
        let sound = rest.find("[sound:");
        let Some(start) = [img, sound].into_iter().flatten().min() else {
            out.push_str(rest);
            return (out, had);
        };
        out.push_str(&rest[..start]);
        let close = if Some(start) == img { '>' } else { ']' };
        had = true;
        match rest[start..].find(close) {
            Some(end) => rest = &rest[start + end + 1..],
            None => return (out, had),
        }
    }
}

/// Anki's `{{c1::answer::hint}}` gaps as allydeck's `{{answer}}`; and whether a hint was
/// dropped.
fn cloze_text(text: &str) -> (String, bool) {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut hints = false;
    while let Some(start) = rest.find("{{c") {
        let after = &rest[start + 3..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        let Some(body) = after[digits..].strip_prefix("::").filter(|_| digits > 0) else {
            out.push_str(&rest[..start + 3]);
            rest = after;
            continue;
        };
        let Some(end) = body.find("}}") else {
            break;
        };
        out.push_str(&rest[..start]);
        let inner = &body[..end];
        let answer = match inner.split_once("::") {
            Some((answer, _hint)) => {
                hints = true;
                answer
            }
            None => inner,
        };
        out.push_str("{{");
        out.push_str(answer.trim());
        out.push_str("}}");
        rest = &body[end + 2..];
    }
    out.push_str(rest);
    (out, hints)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            writer
                .start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut writer, data).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    fn error(bytes: &[u8], limit: u64) -> String {
        read_within(bytes, limit).unwrap_err().to_string()
    }

    #[test]
    fn a_bad_package_is_refused_with_the_reason_and_nothing_read() {
        assert!(error(b"just text", 1 << 20).starts_with("not an Anki package: it is not a zip"));
        let climbing = zip_of(&[("../../outside", b"x"), ("collection.anki2", b"")]);
        assert!(
            error(&climbing, 1 << 20).contains("climbs out"),
            "{}",
            error(&climbing, 1 << 20)
        );
        let big = zip_of(&[("collection.anki2", &[0u8; 4096])]);
        assert_eq!(
            error(&big, 1000),
            "the package unpacks to more than 256 MiB: not read"
        );
        let empty = zip_of(&[("media", b"{}")]);
        assert!(error(&empty, 1 << 20).starts_with("no collection inside"));
        let damaged = zip_of(&[("collection.anki2", b"SQLite format 3\0 but not really")]);
        assert!(
            error(&damaged, 1 << 20).starts_with("the collection inside the package is damaged")
        );
        let not_zstd = zip_of(&[("collection.anki21b", b"not zstd")]);
        assert!(
            error(&not_zstd, 1 << 20).contains("damaged"),
            "{}",
            error(&not_zstd, 1 << 20)
        );
    }

    #[test]
    fn both_layouts_anki_writes_are_read() {
        let folder =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats");
        let old = read(&std::fs::read(folder.join("genanki.apkg")).unwrap()).unwrap();
        let names: Vec<&str> = old.decks.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["NATO::Article 5", "Tallinn"]);
        let article = &old.decks[0].imported.questions;
        assert_eq!(article.len(), 3);
        assert_eq!(article[0].1.prompt, "Article 5");
        assert_eq!(
            article[0].1.answer,
            Answer::Flashcard(
                "An armed attack against one\u{a0}shall be considered an attack against them all."
                    .into()
            )
        );
        assert_eq!(
            article[2].1.answer,
            Answer::Cloze("The treaty was signed in {{Washington}} in {{1949}}.".into())
        );
        assert_eq!(article[2].1.explanation.as_deref(), Some("On 4 April."));
        let current = read(&std::fs::read(folder.join("current.apkg")).unwrap()).unwrap();
        assert_eq!(current.decks.len(), 1);
        assert_eq!(current.decks[0].name, "Partnership for Peace");
        let pfp = &current.decks[0].imported.questions;
        assert_eq!(pfp[0].1.answer, Answer::Flashcard("1994".into()));
        assert_eq!(
            pfp[1].1.answer,
            Answer::Cloze("PfP was launched at the {{Brussels}} summit.".into())
        );
        assert_eq!(
            current.reviews,
            [
                Review {
                    deck: 0,
                    question: pfp[0].1.id.to_string(),
                    at_ms: 1_767_261_600_000,
                    ease: 3,
                    duration_ms: 6000
                },
                Review {
                    deck: 0,
                    question: pfp[0].1.id.to_string(),
                    at_ms: 1_767_348_000_000,
                    ease: 1,
                    duration_ms: 6000
                },
            ]
        );
    }

    #[test]
    fn anki_gaps_become_allydeck_gaps_and_hints_are_noted() {
        assert_eq!(
            cloze_text("Signed in {{c1::Washington::a city}} in {{c2::1949}}."),
            ("Signed in {{Washington}} in {{1949}}.".to_owned(), true)
        );
        assert_eq!(
            cloze_text("no gaps {{x}}"),
            ("no gaps {{x}}".to_owned(), false)
        );
    }

    #[test]
    fn media_is_cut_out_of_a_field() {
        assert_eq!(
            without_media("Once<br><img src=\"a.jpg\"> [sound:b.mp3]after"),
            ("Once<br> after".to_owned(), true)
        );
    }

    #[test]
    fn the_kind_of_a_note_type_is_read_from_its_config() {
        assert_eq!(kind_of(&[0x08, 0x01, 0x1a, 0x00]), 1);
        assert_eq!(kind_of(&[0x1a, 0x02, 0x41, 0x42, 0x2a, 0x00]), 0);
        assert_eq!(kind_of(&[0xff]), 0);
    }
}
