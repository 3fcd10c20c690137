//! A set written as an Anki package that Anki 2.1.50 and later imports: the older layout
//! (`collection.anki2`, schema 11, which every Anki since 2.1 reads), one note per question.
//!
//! A question's prompt is the front of a Basic-like note and the back holds the answer in
//! words, the explanation and the source; a Cloze question is a Cloze note (`{{x}}` as
//! `{{c1::x}}`), the explanation and source its Back Extra. The deck is named after the set.
//! Each note's GUID is its card key, so exporting the set again and importing it updates the
//! notes instead of adding copies.

use std::io::{Cursor, Write as _};

use serde_json::json;

use crate::bank::cloze::Piece;
use crate::bank::{Answer, Question, QuestionSet};

/// The note types' ids: fixed, so every export uses the same two and Anki keeps one of each.
const BASIC_ID: i64 = 1_733_000_000_001;
const CLOZE_ID: i64 = 1_733_000_000_002;

/// Per question carried with a loss: its id and why.
pub type Losses = Vec<(String, String)>;

/// Why the package could not be made (a bug, or no room for a temporary file).
#[derive(Debug, thiserror::Error)]
#[error("cannot make the Anki package: {0}")]
pub struct WriteError(String);

fn failed(e: impl std::fmt::Display) -> WriteError {
    WriteError(e.to_string())
}

/// The package of `set`, its times `now_ms` (milliseconds since 1970; the core reads no clock),
/// and per question carried with a loss its id and why: Anki's gaps take one answer, so a
/// gap's alternatives are dropped.
///
/// # Errors
/// A temporary file for the collection cannot be made, or SQLite or the zip writer fails.
pub fn write(set: &QuestionSet, now_ms: i64) -> Result<(Vec<u8>, Losses), WriteError> {
    let mut losses = Vec::new();
    for question in &set.questions {
        if let Answer::Cloze(cloze) = &question.answer
            && cloze.gaps().any(|accept| accept.len() > 1)
        {
            losses.push((
                question.id().to_owned(),
                "the alternatives of its gaps are not carried: an Anki gap has one answer"
                    .to_owned(),
            ));
        }
    }
    let file = tempfile::NamedTempFile::new().map_err(failed)?;
    {
        let conn = rusqlite::Connection::open(file.path()).map_err(failed)?;
        conn.execute_batch(SCHEMA).map_err(failed)?;
        let deck_id = deck_id(set);
        let seconds = now_ms / 1000;
        conn.execute(
            "INSERT INTO col VALUES (1, ?1, ?2, ?2, 11, 0, 0, 0, ?3, ?4, ?5, ?6, '{}')",
            rusqlite::params![
                seconds,
                now_ms,
                json!({"nextPos": 1, "curDeck": deck_id, "activeDecks": [deck_id]}).to_string(),
                models(deck_id, seconds).to_string(),
                decks(set, deck_id, seconds).to_string(),
                DECK_CONFIG,
            ],
        )
        .map_err(failed)?;
        for (i, question) in set.questions.iter().enumerate() {
            let n = i64::try_from(i).unwrap_or(i64::MAX);
            // Ids are creation times in milliseconds, one apart; card ids are their own.
            let note_id = now_ms.saturating_add(n);
            let card_base = now_ms.saturating_add(n.saturating_mul(1000));
            let (model, fields, cards) = note_of(question);
            let key = format!("{}/{}", set.id, question.id());
            let sort_field = fields.first().cloned().unwrap_or_default();
            conn.execute(
                "INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, 0, 0, '')",
                rusqlite::params![
                    note_id,
                    key,
                    model,
                    seconds,
                    tags_of(question),
                    fields.join("\u{1f}"),
                    sort_field,
                ],
            )
            .map_err(failed)?;
            for ord in 0..cards {
                conn.execute(
                    "INSERT INTO cards VALUES (?1, ?2, ?3, ?4, ?5, -1, 0, 0, ?6, 0, 0, 0, 0, 0, 0, 0, 0, '')",
                    rusqlite::params![card_base + ord, note_id, deck_id, ord, seconds, n + 1],
                )
                .map_err(failed)?;
            }
        }
    }
    let collection = std::fs::read(file.path()).map_err(failed)?;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("collection.anki2", options)
        .map_err(failed)?;
    zip.write_all(&collection).map_err(failed)?;
    zip.start_file("media", options).map_err(failed)?;
    zip.write_all(b"{}").map_err(failed)?;
    Ok((zip.finish().map_err(failed)?.into_inner(), losses))
}

/// A deck id of the set's own, the same on every export.
fn deck_id(set: &QuestionSet) -> i64 {
    // FNV-1a of the set id, kept within the range Anki's ids use.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in set.id.as_str().bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    1_000_000_000 + i64::try_from(hash % 1_000_000_000_000).unwrap_or(0)
}

/// The note type, fields and number of cards of `question`.
fn note_of(question: &Question) -> (i64, Vec<String>, i64) {
    let mut extra = Vec::new();
    if let Some(explanation) = question.explanation() {
        extra.push(html(explanation));
    }
    if let Some(source) = question.source() {
        extra.push(format!("<i>Source: {}</i>", html(source)));
    }
    if let Answer::Cloze(cloze) = &question.answer {
        let mut text = String::new();
        if !question.prompt().trim().is_empty() {
            text.push_str(&html(question.prompt()));
            text.push_str("<br>");
        }
        let mut gap = 0;
        for piece in cloze.segments() {
            match piece {
                Piece::Text(words) => text.push_str(&html(words)),
                Piece::Gap(accept) => {
                    gap += 1;
                    let _ = std::fmt::Write::write_fmt(
                        &mut text,
                        format_args!(
                            "{{{{c{gap}::{}}}}}",
                            html(accept.first().copied().unwrap_or_default())
                        ),
                    );
                }
            }
        }
        return (CLOZE_ID, vec![text, extra.join("<br>")], gap.max(1));
    }
    let answer = match &question.answer {
        Answer::Flashcard(back) => html(back),
        other => html(&crate::grade::solution(other)),
    };
    let mut back = vec![answer];
    back.extend(extra);
    (
        BASIC_ID,
        vec![html(question.prompt()), back.join("<br><br>")],
        1,
    )
}

/// The question's tags as Anki writes them: space-separated, with spaces around.
fn tags_of(question: &Question) -> String {
    if question.tags.is_empty() {
        String::new()
    } else {
        let tags: Vec<&str> = question
            .tags
            .iter()
            .map(smol_str::SmolStr::as_str)
            .collect();
        format!(" {} ", tags.join(" "))
    }
}

/// `text` as HTML: `&`, `<`, `>` escaped, new lines as `<br>`.
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\n', "<br>")
}

fn models(deck_id: i64, seconds: i64) -> serde_json::Value {
    let field = |name: &str, ord: usize| {
        json!({"name": name, "ord": ord, "sticky": false, "rtl": false, "font": "Arial",
               "size": 20, "media": []})
    };
    let template = |name: &str, qfmt: &str, afmt: &str| {
        json!({"name": name, "ord": 0, "qfmt": qfmt, "afmt": afmt, "did": null,
               "bqfmt": "", "bafmt": "", "bfont": "", "bsize": 0})
    };
    let model = |id: i64, name: &str, kind: i64, fields: Vec<serde_json::Value>, tmpl| {
        json!({
            "id": id.to_string(), "name": name, "type": kind, "mod": seconds, "usn": -1,
            "sortf": 0, "did": deck_id, "tmpls": [tmpl], "flds": fields,
            "css": ".card { font-family: arial; font-size: 20px; text-align: center; }",
            "latexPre": "", "latexPost": "", "latexsvg": false, "req": [[0, "any", [0]]],
            "tags": [], "vers": []
        })
    };
    json!({
        BASIC_ID.to_string(): model(
            BASIC_ID,
            "allydeck Basic",
            0,
            vec![field("Front", 0), field("Back", 1)],
            template("Card 1", "{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}"),
        ),
        CLOZE_ID.to_string(): model(
            CLOZE_ID,
            "allydeck Cloze",
            1,
            vec![field("Text", 0), field("Back Extra", 1)],
            template("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>{{Back Extra}}"),
        ),
    })
}

fn decks(set: &QuestionSet, deck_id: i64, seconds: i64) -> serde_json::Value {
    let deck = |id: i64, name: &str, desc: &str| {
        json!({
            "id": id, "name": name, "desc": desc, "mod": seconds, "usn": -1, "collapsed": false,
            "conf": 1, "dyn": 0, "extendNew": 0, "extendRev": 50,
            "newToday": [0, 0], "revToday": [0, 0], "lrnToday": [0, 0], "timeToday": [0, 0]
        })
    };
    json!({
        "1": deck(1, "Default", ""),
        deck_id.to_string(): deck(deck_id, &set.title, &set.description),
    })
}

/// Anki's default deck options, as a schema-11 collection holds them.
const DECK_CONFIG: &str = r#"{"1": {"id": 1, "name": "Default", "mod": 0, "usn": 0, "maxTaken": 60,
"autoplay": true, "timer": 0, "replayq": true, "dyn": false,
"new": {"bury": true, "delays": [1, 10], "initialFactor": 2500, "ints": [1, 4, 7], "order": 1, "perDay": 20, "separate": true},
"lapse": {"delays": [10], "leechAction": 0, "leechFails": 8, "minInt": 1, "mult": 0},
"rev": {"bury": true, "ease4": 1.3, "fuzz": 0.05, "ivlFct": 1, "maxIvl": 36500, "minSpace": 1, "perDay": 100}}}"#;

/// The tables of a schema-11 collection (as Anki 2.1 and genanki write them).
const SCHEMA: &str = "
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null,
    scm integer not null, ver integer not null, dty integer not null, usn integer not null,
    ls integer not null, conf text not null, models text not null, decks text not null,
    dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null,
    mod integer not null, usn integer not null, tags text not null, flds text not null,
    sfld integer not null, csum integer not null, flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null,
    ord integer not null, mod integer not null, usn integer not null, type integer not null,
    queue integer not null, due integer not null, ivl integer not null, factor integer not null,
    reps integer not null, lapses integer not null, left integer not null, odue integer not null,
    odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null,
    ease integer not null, ivl integer not null, lastIvl integer not null,
    factor integer not null, time integer not null, type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);
";
