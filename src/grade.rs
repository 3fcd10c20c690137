//! Grading: a student's response against a question gives a [`Verdict`].
//!
//! The rules, which `questions/FORMAT.md` repeats for teachers:
//! - **Typed** (and each gap of a **Cloze**): case, accents, punctuation and spacing are
//!   ignored, and any accepted answer counts. So are a leading article (`the United States`),
//!   a name written surname first (`Robertson, George`), and the dots of an acronym (`U.S.A.`);
//!   an acronym in capitals matches the initials of an accepted name of several words (`NAC`
//!   for `North Atlantic Council`, `USA` for `United States of America`). One slip of a letter
//!   (a letter added, left out, replaced, or two neighbours swapped) is forgiven in one word of
//!   at least [`TYPO_MIN_CHARS`] letters without a digit, not at its first letter: `Lord
//!   Robretson` is right, with the spelling shown, while `1948` for `1949`, `Ireland` for
//!   `Iceland` and `Article IV` for `Article V` are wrong. Words that change the meaning (`not Tallinn`) are never dropped.
//! - **Dates** (an accepted answer that reads as a date, see [`date`]): any common form of the
//!   same day, month and year is right (`October 2, 2001`, `2nd Oct. 2001`, `2001-10-02`), a
//!   different one never is, and no slip is forgiven.
//! - **Number**: right within the tolerance; `1,949`, `1 949` and `1949.0` all read as 1949,
//!   a decimal comma (`2,5`) as 2.5, number words and ordinals (`twelve`, `the fifth`) as
//!   their value, and a number among words (`8 measures`, `about 12`) as that number; an answer
//!   naming two different numbers is not read. The feedback always gives the right answer.
//! - **Choice** with several right options, **Order**, **Match** and a **Cloze** with several
//!   gaps earn partial scores, but count as correct only when entirely right.

pub mod date;
mod number;

use std::fmt::Write as _;

use smol_str::SmolStr;

pub use date::NumericOrder;

use crate::bank::cloze::Cloze;
use crate::bank::model::{Answer, Kind};
use crate::text::fold;

/// How the answers of a set are read: what its language settles (the order of a numeric date
/// such as `2/10/2001`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    /// Day first, month first, or not known.
    pub numeric_dates: NumericOrder,
}

impl Reading {
    /// The reading of a set written in `language` (a BCP 47 tag: `en`, `en-GB`, `en-US`).
    pub fn for_language(language: &str) -> Self {
        Self {
            numeric_dates: NumericOrder::for_language(language),
        }
    }
}

/// The word with a one-letter slip needs at least this many letters for the slip to be
/// forgiven: short words differ by one letter too often (`Iceland`, `Ireland`, `Iran`, `Iraq`).
pub const TYPO_MIN_CHARS: usize = 8;

/// What the student gave, in terms of the question as written (not as shuffled on screen).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Response {
    /// The indices of the options picked.
    Choice(Vec<usize>),
    /// True or false.
    TrueFalse(bool),
    /// The text typed.
    Typed(String),
    /// The number as typed; read leniently.
    Number(String),
    /// The items in the order the student put them, as indices of the items as written.
    Order(Vec<usize>),
    /// For each pair as written, the index of the right-hand side the student chose for it.
    Match(Vec<Option<usize>>),
    /// The text typed in each gap, in order.
    Cloze(Vec<String>),
    /// Whether the student recalled the back of the card.
    Flashcard {
        /// True unless the student rated the card `Again`.
        recalled: bool,
    },
}

impl Response {
    fn kind(&self) -> Kind {
        match self {
            Response::Choice(_) => Kind::Choice,
            Response::TrueFalse(_) => Kind::TrueFalse,
            Response::Typed(_) => Kind::Typed,
            Response::Number(_) => Kind::Number,
            Response::Order(_) => Kind::Order,
            Response::Match(_) => Kind::Match,
            Response::Cloze(_) => Kind::Cloze,
            Response::Flashcard { .. } => Kind::Flashcard,
        }
    }
}

/// The grade of one response.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// 0 (nothing right) to 1 (all right).
    pub score: f64,
    /// Whether the response counts as right: only when entirely right.
    pub correct: bool,
    /// One or two sentences for the student.
    pub feedback: String,
    /// Which parts were right, for marking them on screen: per option (as written) for a
    /// Choice, per position of the student's order for an Order, per pair for a Match, per
    /// gap for a Cloze; empty for the other kinds.
    pub parts: Vec<bool>,
}

impl Verdict {
    fn all_or_nothing(correct: bool, feedback: String) -> Self {
        Self {
            score: if correct { 1.0 } else { 0.0 },
            correct,
            feedback,
            parts: Vec::new(),
        }
    }

    fn partial(parts: Vec<bool>, score: f64, feedback: String) -> Self {
        let correct = parts.iter().all(|&p| p) && score >= 1.0;
        Self {
            score: score.clamp(0.0, 1.0),
            correct,
            feedback,
            parts,
        }
    }
}

/// A response that does not fit its question: a bug in the caller, reported, not panicked on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GradeError {
    /// A response of another kind than the question.
    #[error("a {given} response cannot answer a {expected} question")]
    KindMismatch {
        /// The question's kind.
        expected: Kind,
        /// The response's kind.
        given: Kind,
    },
    /// Indices or parts that do not fit the question (out of range, repeated, too few).
    #[error("the response does not fit the question: {0}")]
    Malformed(String),
}

/// Grades `response` against `answer`, reading dates with no settled numeric order.
///
/// # Errors
/// A response of another kind than the question, or one whose indices or parts do not fit it.
pub fn grade(answer: &Answer, response: &Response) -> Result<Verdict, GradeError> {
    grade_with(answer, response, Reading::default())
}

/// Grades `response` against `answer`, reading it as `reading` (the set's language) says.
///
/// # Errors
/// As [`grade`].
pub fn grade_with(
    answer: &Answer,
    response: &Response,
    reading: Reading,
) -> Result<Verdict, GradeError> {
    let mismatch = || GradeError::KindMismatch {
        expected: answer.kind(),
        given: response.kind(),
    };
    match (answer, response) {
        (Answer::Choice { options, correct }, Response::Choice(picked)) => {
            choice(options, correct, picked)
        }
        (Answer::TrueFalse(truth), Response::TrueFalse(said)) => Ok(true_false(*truth, *said)),
        (Answer::Typed { accept }, Response::Typed(typed)) => {
            Ok(typed_verdict(accept, typed, reading))
        }
        (
            Answer::Number {
                value,
                tolerance,
                unit,
            },
            Response::Number(typed),
        ) => Ok(number(*value, *tolerance, unit.as_deref(), typed)),
        (Answer::Order(items), Response::Order(order)) => order_verdict(items, order),
        (Answer::Match(pairs), Response::Match(chosen)) => match_verdict(pairs, chosen),
        (Answer::Cloze(text), Response::Cloze(filled)) => cloze_verdict(text, filled, reading),
        (Answer::Flashcard(_), Response::Flashcard { recalled }) => Ok(Verdict::all_or_nothing(
            *recalled,
            if *recalled {
                "Recalled.".to_owned()
            } else {
                "Not recalled this time.".to_owned()
            },
        )),
        _ => Err(mismatch()),
    }
}

/// The accepted answer each typed part of `response` matched: one entry for a `Typed`
/// answer, one per gap for a `Cloze` (`None` where nothing matched); empty for the other kinds.
/// For a teacher trying answers against an accept list.
pub fn matched_answers(
    answer: &Answer,
    response: &Response,
    reading: Reading,
) -> Vec<Option<String>> {
    match (answer, response) {
        (Answer::Typed { accept }, Response::Typed(typed)) => {
            vec![best_match(typed, accept, reading).1.map(str::to_owned)]
        }
        (Answer::Cloze(cloze), Response::Cloze(filled)) => cloze
            .gaps()
            .zip(filled)
            .map(|(accept, typed)| best_match(typed, &accept, reading).1.map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// The right answer, written out for the student.
pub fn solution(answer: &Answer) -> String {
    match answer {
        Answer::Choice { options, correct } => correct
            .iter()
            .filter_map(|&i| options.get(i))
            .map(|o| format!("“{o}”"))
            .collect::<Vec<_>>()
            .join(" and "),
        Answer::TrueFalse(truth) => if *truth { "True" } else { "False" }.to_owned(),
        Answer::Typed { accept } => accept.first().map(ToString::to_string).unwrap_or_default(),
        Answer::Number {
            value,
            tolerance,
            unit,
        } => {
            let mut text = format_number(*value);
            if *tolerance > 0.0 {
                let t = *tolerance;
                let _ = write!(text, " (± {})", format_number(t));
            }
            if let Some(unit) = unit {
                text.push(' ');
                text.push_str(unit);
            }
            text
        }
        Answer::Order(items) => items
            .iter()
            .map(SmolStr::as_str)
            .collect::<Vec<_>>()
            .join(" › "),
        Answer::Match(pairs) => pairs
            .iter()
            .map(|(l, r)| format!("{l} — {r}"))
            .collect::<Vec<_>>()
            .join("; "),
        Answer::Cloze(cloze) => cloze.filled(),
        Answer::Flashcard(back) => back.to_string(),
    }
}

fn choice(options: &[SmolStr], correct: &[usize], picked: &[usize]) -> Result<Verdict, GradeError> {
    if let Some(&bad) = picked.iter().find(|&&i| i >= options.len()) {
        return Err(GradeError::Malformed(format!(
            "option {bad} of {} picked",
            options.len()
        )));
    }
    let is_correct = |i: usize| correct.contains(&i);
    let is_picked = |i: usize| picked.contains(&i);
    let parts: Vec<bool> = (0..options.len())
        .map(|i| is_correct(i) == is_picked(i))
        .collect();
    let right_options = correct.len();
    let wrong_options = options.len() - right_options;
    let hits = (0..options.len())
        .filter(|&i| is_correct(i) && is_picked(i))
        .count();
    let false_picks = (0..options.len())
        .filter(|&i| !is_correct(i) && is_picked(i))
        .count();
    // Moodle's rule for multiple answers: each right option found adds its share, each wrong
    // one picked takes away its share, so picking everything scores 0.
    let score = ratio(hits, right_options) - ratio(false_picks, wrong_options);
    let all_right = parts.iter().all(|&p| p);
    let feedback = if all_right {
        "Correct.".to_owned()
    } else if right_options == 1 {
        format!("The answer is {}.", solution_of_choice(options, correct))
    } else {
        format!(
            "You found {hits} of the {right_options} right options{}. The answer is {}.",
            match false_picks {
                0 => String::new(),
                1 => " and picked 1 wrong one".to_owned(),
                n => format!(" and picked {n} wrong ones"),
            },
            solution_of_choice(options, correct)
        )
    };
    Ok(Verdict::partial(parts, score, feedback))
}

fn solution_of_choice(options: &[SmolStr], correct: &[usize]) -> String {
    solution(&Answer::Choice {
        options: options.into(),
        correct: correct.into(),
    })
}

#[allow(clippy::cast_precision_loss)] // Counts of options, items and gaps are tiny.
fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

fn true_false(truth: bool, said: bool) -> Verdict {
    let statement = if truth { "true" } else { "false" };
    if truth == said {
        Verdict::all_or_nothing(true, format!("Correct: the statement is {statement}."))
    } else {
        Verdict::all_or_nothing(false, format!("The statement is {statement}."))
    }
}

/// How a typed text matched an accepted answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TextMatch {
    Exact,
    /// An acronym in capitals for the initials of the accepted answer.
    Acronym,
    Typo,
    /// A numeric date whose day and month could be swapped, for a date answer.
    AmbiguousDate,
    Wrong,
}

/// Words that name nothing when they lead an answer: `the United States`.
const ARTICLES: [&str; 3] = ["the", "a", "an"];
/// Words an acronym may leave out: `USA` for `United States of America`.
const MINOR_WORDS: [&str; 8] = ["of", "the", "and", "for", "on", "in", "to", "de"];

/// Characters that group the thousands of a number (`4,000`, `1 949`, `1.000`, `1’000`).
const THOUSANDS: [char; 6] = [',', ' ', '.', '\'', '’', '\u{a0}'];

/// The words of `text`, folded: lowercase letters and digits. A number stays one word when
/// its thousands are grouped (`4,000`), and two numbers stay two, with what stands between them
/// as a word of its own (`5(1)`, `4.1`, `4-1`, `4, 1` are four different answers, and none is
/// `41`), so that `Article 5(1)` never reads as `Article 51`.
fn words(text: &str) -> Vec<String> {
    let folded: Vec<char> = fold(text).chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut between = String::new();
    for (i, &c) in folded.iter().enumerate() {
        if c.is_alphanumeric() {
            let after_number = words
                .last()
                .and_then(|w| w.chars().last())
                .is_some_and(|d| d.is_ascii_digit());
            if word.is_empty() && c.is_ascii_digit() && after_number && !between.is_empty() {
                words.push(separator(&between));
            }
            between.clear();
            word.push(c);
            continue;
        }
        // `4,000`: a separator between digits followed by exactly three digits.
        let digits_before = word.chars().last().is_some_and(|d| d.is_ascii_digit());
        let run = folded[i + 1..]
            .iter()
            .take_while(|d| d.is_ascii_digit())
            .count();
        let after = folded.get(i + 1 + run);
        let grouping = THOUSANDS.contains(&c)
            && digits_before
            && run == 3
            && !after.is_some_and(|d| d.is_alphanumeric());
        if grouping {
            continue;
        }
        if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        between.push(c);
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// What stands between two numbers, as a word: a point or a decimal comma, a dash, a slash, a
/// bracket, a space, or a list (`, `).
fn separator(between: &str) -> String {
    let trimmed = between.trim();
    let class = match trimmed.chars().next() {
        None => ' ',
        Some(_) if trimmed.len() < between.len() => ';',
        Some('.' | ',') => '.',
        Some('-' | '–' | '—' | '‑' | '−') => '-',
        Some(c) => c,
    };
    class.to_string()
}

/// The key of some words: joined (two numbers keep the word that stood between them).
fn key(words: &[String]) -> String {
    words.concat()
}

/// The keys a text may be compared by: as written, without a leading article, and, written
/// `Surname, Given names`, in the other order.
fn forms(text: &str) -> Vec<String> {
    let mut candidates = vec![text.to_owned()];
    if let Some((last, first)) = text.split_once(',')
        && !first.contains(',')
        && last.chars().any(char::is_alphabetic)
        && first.chars().any(char::is_alphabetic)
    {
        candidates.push(format!("{first} {last}"));
    }
    let mut keys = Vec::new();
    for candidate in candidates {
        let words = words(&candidate);
        keys.push(key(&words));
        if words.len() > 1 && ARTICLES.contains(&words[0].as_str()) {
            keys.push(key(&words[1..]));
        }
    }
    keys
}

/// The words of `text` without a leading article.
fn main_words(text: &str) -> Vec<String> {
    let mut words = words(text);
    if words.len() > 1 && ARTICLES.contains(&words[0].as_str()) {
        words.remove(0);
    }
    words
}

/// `typed` as an acronym, lowercased, if it is one: three to eight letters, dotted or not, in
/// capitals or with at least two capitals (`NAC`, `U.S.A.`, `PfP`), after a leading article.
/// Two letters stand for too much (`JS` is Jaap Scheffer and Javier Solana): list them.
fn acronym(typed: &str) -> Option<String> {
    let trimmed = typed.trim();
    let without_article = trimmed
        .split_once(' ')
        .filter(|(first, _)| ARTICLES.contains(&first.to_lowercase().as_str()))
        .map_or(trimmed, |(_, rest)| rest.trim());
    let letters: String = without_article.chars().filter(|c| *c != '.').collect();
    let capitals = letters.chars().filter(char::is_ascii_uppercase).count();
    let is_acronym = (3..=8).contains(&letters.chars().count())
        && letters.chars().all(|c| c.is_ascii_alphabetic())
        && (capitals == letters.len()
            || capitals >= 2 && letters.starts_with(|c: char| c.is_ascii_uppercase()));
    is_acronym.then(|| letters.to_ascii_lowercase())
}

/// Whether `word` is a Roman numeral such as `ii` or `iv` (World War II, Article V).
fn roman_numeral(word: &str) -> bool {
    !word.is_empty() && word.len() <= 4 && word.chars().all(|c| "ivxlcdm".contains(c))
}

/// Whether `acronym` gives the initials of `accepted`'s words (all of them, or leaving out
/// the small ones), when it has several and none is a number.
fn initials_match(acronym: &str, accepted: &str) -> bool {
    let words = words(accepted);
    let numbered = words
        .iter()
        .any(|w| w.chars().all(|c| c.is_ascii_digit()) || roman_numeral(w));
    if words.len() < 2 || numbered {
        return false;
    }
    let initials = |keep: &dyn Fn(&String) -> bool| -> String {
        words
            .iter()
            .filter(|w| keep(w))
            .filter_map(|w| w.chars().next())
            .collect()
    };
    acronym == initials(&|_| true) || acronym == initials(&|w| !MINOR_WORDS.contains(&w.as_str()))
}

/// Whether `typed` is `accepted` with one slip: in one word of at least [`TYPO_MIN_CHARS`]
/// letters and no digit, not at its first letter (`Robretson`; never `Iran` for `Iraq`, `IV` for
/// `V`, `symmetric` for `asymmetric`, `1948` for `1949`).
fn one_slip(typed: &str, accepted: &str) -> bool {
    let (typed, accepted) = (main_words(typed), main_words(accepted));
    if typed.len() != accepted.len() {
        return false;
    }
    let mut differing = typed.iter().zip(&accepted).filter(|(t, a)| t != a);
    let (Some((t, a)), None) = (differing.next(), differing.next()) else {
        return false;
    };
    let no_digit = |w: &str| !w.chars().any(|c| c.is_ascii_digit());
    a.chars().count() >= TYPO_MIN_CHARS
        && no_digit(t)
        && no_digit(a)
        && t.chars().next() == a.chars().next()
        && strsim::damerau_levenshtein(t, a) == 1
}

fn match_text(typed: &str, accepted: &str, reading: Reading) -> TextMatch {
    if let date::ReadDate::Date(right) = date::read(accepted, reading.numeric_dates) {
        // A date answer: the same day, month and year, in any form; no slip forgiven.
        return match date::read(typed, reading.numeric_dates) {
            date::ReadDate::Date(given) if given == right => TextMatch::Exact,
            date::ReadDate::Ambiguous(..) => TextMatch::AmbiguousDate,
            _ => TextMatch::Wrong,
        };
    }
    let typed_forms = forms(typed);
    if typed_forms.iter().all(String::is_empty) {
        return TextMatch::Wrong;
    }
    let accepted_forms = forms(accepted);
    if typed_forms
        .iter()
        .any(|t| !t.is_empty() && accepted_forms.contains(t))
    {
        return TextMatch::Exact;
    }
    if acronym(typed).is_some_and(|a| initials_match(&a, accepted)) {
        return TextMatch::Acronym;
    }
    if one_slip(typed, accepted) {
        TextMatch::Typo
    } else {
        TextMatch::Wrong
    }
}

/// The best match of `typed` among `accept`, and the accepted answer it matched.
fn best_match<'a, S: AsRef<str>>(
    typed: &str,
    accept: &'a [S],
    reading: Reading,
) -> (TextMatch, Option<&'a str>) {
    // The accepted answer written as typed first, then one the acronym stands for, then one
    // with a slip.
    let (mut by_acronym, mut typo) = (None, None);
    let mut ambiguous = false;
    for accepted in accept.iter().map(AsRef::as_ref) {
        match match_text(typed, accepted, reading) {
            TextMatch::Exact => return (TextMatch::Exact, Some(accepted)),
            TextMatch::Acronym if by_acronym.is_none() => by_acronym = Some(accepted),
            TextMatch::Typo if typo.is_none() => typo = Some(accepted),
            TextMatch::AmbiguousDate => ambiguous = true,
            _ => {}
        }
    }
    match (by_acronym, typo) {
        (Some(accepted), _) => (TextMatch::Acronym, Some(accepted)),
        (None, Some(accepted)) => (TextMatch::Typo, Some(accepted)),
        (None, None) if ambiguous => (TextMatch::AmbiguousDate, None),
        (None, None) => (TextMatch::Wrong, None),
    }
}

/// Why a numeric date was not read, for the feedback.
const AMBIGUOUS_DATE: &str = "it could be read day first or month first: write the month as a word";

fn typed_verdict(accept: &[SmolStr], typed: &str, reading: Reading) -> Verdict {
    let shown = accept.first().map_or("", SmolStr::as_str);
    match best_match(typed, accept, reading) {
        (TextMatch::Exact | TextMatch::Acronym, _) => {
            Verdict::all_or_nothing(true, "Correct.".to_owned())
        }
        (TextMatch::Typo, Some(spelling)) => Verdict::all_or_nothing(
            true,
            format!("Correct, with a slip: it is spelt “{spelling}”."),
        ),
        _ if typed.trim().is_empty() => {
            Verdict::all_or_nothing(false, format!("No answer given: it is “{shown}”."))
        }
        (TextMatch::AmbiguousDate, _) => Verdict::all_or_nothing(
            false,
            format!(
                "“{}” is not read: {AMBIGUOUS_DATE}. The answer is “{shown}”.",
                typed.trim()
            ),
        ),
        _ => Verdict::all_or_nothing(false, format!("The answer is “{shown}”.")),
    }
}

/// Reads a number as people type it: `1949`, `1,949`, `1 949`, `1.234,5`, `−3`, `2.5` or
/// `2,5`. Returns `None` for anything else.
///
/// With both `.` and `,`, the last is the decimal mark. A lone `,` groups thousands when it
/// is followed by groups of exactly three digits and the number does not start with `0`
/// (`1,949`); otherwise it is a decimal comma (`2,5`, `0,500`). Several `.` group thousands.
pub fn parse_number(typed: &str) -> Option<f64> {
    // Spaces inside a number only group its thousands (`1 949`, `12 000`): `1 2` and `25, 99`
    // are two numbers, not one.
    let parts: Vec<&str> = typed.split_whitespace().collect();
    let grouped = parts.len() <= 1
        || (parts[0].trim_start_matches(['-', '+', '−']).len() <= 3
            && parts[..parts.len() - 1].iter().all(|p| !p.ends_with(','))
            && parts[1..].iter().enumerate().all(|(i, p)| {
                let digits = if i + 2 == parts.len() {
                    p.split(['.', ',']).next().unwrap_or(p)
                } else {
                    p
                };
                digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit())
            }));
    if !grouped {
        return None;
    }
    let s: String = typed
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '\'' | '’'))
        .map(|c| {
            if matches!(c, '−' | '–' | '—' | '‑') {
                '-'
            } else {
                c
            }
        })
        .collect();
    let unsigned = s.trim_start_matches(['-', '+']);
    let normalised = match (s.rfind('.'), s.rfind(',')) {
        (Some(dot), Some(comma)) if comma > dot => s.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => s.replace(',', ""),
        (None, Some(_)) => {
            let groups: Vec<&str> = unsigned.split(',').collect();
            let thousands = (1..=3).contains(&groups[0].len())
                && !groups[0].starts_with('0')
                && groups[1..].iter().all(|g| g.len() == 3);
            if thousands {
                s.replace(',', "")
            } else {
                s.replace(',', ".")
            }
        }
        (Some(_), None) if s.matches('.').count() > 1 => s.replace('.', ""),
        _ => s,
    };
    let valid = !normalised.is_empty()
        && normalised
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    if !valid {
        return None;
    }
    normalised.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// A number as a student reads it: no `.0` on whole numbers.
pub fn format_number(x: f64) -> String {
    format!("{x}")
}

fn number(value: f64, tolerance: f64, unit: Option<&str>, typed: &str) -> Verdict {
    let typed = typed.trim();
    let typed_number = unit
        .map_or(typed, |u| typed.trim_end_matches(u).trim_end())
        .trim_end_matches('%');
    let answer = solution(&Answer::Number {
        value,
        tolerance,
        unit: unit.map(Box::from),
    });
    let read = parse_number(typed_number)
        .map_or_else(|| number::read(typed, unit), number::ReadNumber::Value);
    let x = match read {
        number::ReadNumber::Value(x) => x,
        number::ReadNumber::Several => {
            return Verdict::all_or_nothing(
                false,
                format!("“{typed}” names more than one number: the answer is {answer}."),
            );
        }
        number::ReadNumber::None if typed.is_empty() => {
            return Verdict::all_or_nothing(false, format!("No answer given: it is {answer}."));
        }
        number::ReadNumber::None => {
            return Verdict::all_or_nothing(
                false,
                format!("“{typed}” is not read as a number: the answer is {answer}."),
            );
        }
    };
    // Decimal input is rounded in binary; allow for it so that 0.3 is within 0.1 of 0.2.
    let slack = 1e-9 * value.abs().max(1.0);
    let correct = (x - value).abs() <= tolerance + slack;
    if correct && (x - value).abs() > slack {
        Verdict::all_or_nothing(true, format!("Correct: within the tolerance of {answer}."))
    } else if correct {
        Verdict::all_or_nothing(true, "Correct.".to_owned())
    } else {
        Verdict::all_or_nothing(false, format!("The answer is {answer}."))
    }
}

fn check_permutation(order: &[usize], n: usize) -> Result<(), GradeError> {
    let mut seen = vec![false; n];
    if order.len() != n {
        return Err(GradeError::Malformed(format!(
            "{} items ordered, {n} expected",
            order.len()
        )));
    }
    for &i in order {
        if i >= n || std::mem::replace(&mut seen[i], true) {
            return Err(GradeError::Malformed(format!(
                "item {i} is out of range or repeated"
            )));
        }
    }
    Ok(())
}

fn order_verdict(items: &[SmolStr], order: &[usize]) -> Result<Verdict, GradeError> {
    check_permutation(order, items.len())?;
    // The items in a longest increasing subsequence are already in the right order relative
    // to each other; every other item has to move. So `n - lis` is the fewest moves that fix
    // the order, and the score is the share of the way from reversed (lis = 1) to right.
    let in_place = longest_increasing(order);
    let parts: Vec<bool> = (0..order.len()).map(|i| in_place.contains(&i)).collect();
    let n = items.len();
    let out_of_place = n - in_place.len();
    let score = ratio(in_place.len().saturating_sub(1), n.saturating_sub(1));
    let feedback = match out_of_place {
        0 => "Correct.".to_owned(),
        1 => format!(
            "One item is out of place. The order is: {}.",
            items.join(" › ")
        ),
        k => format!(
            "{k} items are out of place. The order is: {}.",
            items.join(" › ")
        ),
    };
    Ok(Verdict::partial(parts, score, feedback))
}

/// Positions (in `seq`) of one longest strictly increasing subsequence of `seq`.
fn longest_increasing(seq: &[usize]) -> Vec<usize> {
    // O(n^2) is plenty: an Order has a handful of items.
    let n = seq.len();
    let mut length = vec![1usize; n];
    let mut previous = vec![None; n];
    for i in 0..n {
        for j in 0..i {
            if seq[j] < seq[i] && length[j] + 1 > length[i] {
                length[i] = length[j] + 1;
                previous[i] = Some(j);
            }
        }
    }
    let mut positions = Vec::new();
    let mut at = (0..n).max_by_key(|&i| (length[i], std::cmp::Reverse(i)));
    while let Some(i) = at {
        positions.push(i);
        at = previous[i];
    }
    positions.reverse();
    positions
}

fn match_verdict(
    pairs: &[(SmolStr, SmolStr)],
    chosen: &[Option<usize>],
) -> Result<Verdict, GradeError> {
    if chosen.len() != pairs.len() {
        return Err(GradeError::Malformed(format!(
            "{} partners chosen for {} pairs",
            chosen.len(),
            pairs.len()
        )));
    }
    if let Some(bad) = chosen.iter().flatten().find(|&&j| j >= pairs.len()) {
        return Err(GradeError::Malformed(format!(
            "partner {bad} does not exist"
        )));
    }
    let parts: Vec<bool> = chosen
        .iter()
        .enumerate()
        .map(|(i, &c)| c == Some(i))
        .collect();
    let right = parts.iter().filter(|&&p| p).count();
    let feedback = if right == pairs.len() {
        "Correct.".to_owned()
    } else {
        format!("{right} of {} pairs are right.", pairs.len())
    };
    Ok(Verdict::partial(parts, ratio(right, pairs.len()), feedback))
}

fn cloze_verdict(
    cloze: &Cloze,
    filled: &[String],
    reading: Reading,
) -> Result<Verdict, GradeError> {
    let gaps: Vec<Vec<&str>> = cloze.gaps().collect();
    if filled.len() != gaps.len() {
        return Err(GradeError::Malformed(format!(
            "{} gaps filled, {} expected",
            filled.len(),
            gaps.len()
        )));
    }
    let matches: Vec<(TextMatch, &str)> = gaps
        .iter()
        .zip(filled)
        .map(|(accept, typed)| {
            let shown = accept.first().copied().unwrap_or_default();
            (best_match(typed, accept, reading).0, shown)
        })
        .collect();
    let parts: Vec<bool> = matches
        .iter()
        .map(|(m, _)| matches!(m, TextMatch::Exact | TextMatch::Acronym | TextMatch::Typo))
        .collect();
    let right = parts.iter().filter(|&&p| p).count();
    let slips: Vec<&str> = matches
        .iter()
        .filter(|(m, _)| *m == TextMatch::Typo)
        .map(|(_, a)| *a)
        .collect();
    let mut feedback = if right == gaps.len() {
        "Correct.".to_owned()
    } else if gaps.len() == 1 {
        format!("The gap is “{}”.", gaps[0][0])
    } else {
        format!("{right} of {} gaps are right.", gaps.len())
    };
    if !slips.is_empty() {
        let spelt = slips
            .iter()
            .map(|s| format!("“{s}”"))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = write!(feedback, " Mind the spelling: {spelt}.");
    }
    if matches.iter().any(|(m, _)| *m == TextMatch::AmbiguousDate) {
        feedback.push_str(
            " A numeric date such as 2/10/2001 could be read day first or month first: write \
             the month as a word.",
        );
    }
    Ok(Verdict::partial(parts, ratio(right, gaps.len()), feedback))
}

#[cfg(test)]
mod tests;
