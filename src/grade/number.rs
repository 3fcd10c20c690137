//! Numbers as students write them in an answer: `12`, `1,949`, `twelve`, `twenty-one`,
//! `one hundred`, `the fifth`, `12th`, `once`, and a number with words around it (`8 measures`,
//! `about 12`, `7 aircraft`, `1 time`). An answer that names two different numbers (`12 or
//! 13`) is not read as either.

use super::parse_number;
use crate::text::fold;

/// What an answer says as a number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ReadNumber {
    /// One number.
    Value(f64),
    /// Two or more different numbers.
    Several,
    /// No number.
    None,
}

const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// The cardinal a number word or ordinal names: `twelve` 12, `twelfth` 12, `first` 1.
fn word_value(word: &str) -> Option<u32> {
    let ordinal_of = |word: &str| -> Option<&'static str> {
        Some(match word {
            "first" => "one",
            "second" => "two",
            "third" => "three",
            "fifth" => "five",
            "eighth" => "eight",
            "ninth" => "nine",
            "twelfth" => "twelve",
            _ => return None,
        })
    };
    let cardinal = ordinal_of(word).unwrap_or(word);
    let stem = cardinal
        .strip_suffix("ieth")
        .map(|s| format!("{s}y"))
        .or_else(|| cardinal.strip_suffix("th").map(str::to_owned))
        .unwrap_or_else(|| cardinal.to_owned());
    for candidate in [cardinal, stem.as_str()] {
        if let Some(n) = UNITS.iter().position(|&u| u == candidate) {
            return u32::try_from(n).ok();
        }
        if let Some(n) = TENS.iter().position(|&t| t == candidate) {
            return u32::try_from(20 + 10 * n).ok();
        }
    }
    None
}

/// Words that change what a number says (`not 12`, `fewer than 12`, `minus 12`, `12 and a
/// half`): an answer with one is not read as a number.
const QUALIFIERS: [&str; 28] = [
    "not", "no", "never", "none", "nor", "less", "fewer", "under", "over", "more", "above",
    "below", "minus", "negative", "except", "than", "half", "quarter", "least", "most", "plus",
    "but", "isnt", "isn't", "isn’t", "almost", "nearly", "up",
];

/// Words that multiply the number before them, or stand for one alone (`a thousand`).
fn magnitude(word: &str) -> Option<f64> {
    match word {
        "dozen" => Some(12.0),
        "thousand" => Some(1e3),
        "million" => Some(1e6),
        "billion" => Some(1e9),
        _ => None,
    }
}

/// A vague plural (`dozens`, `thousands`) or a fraction (`two thirds`, `12 hundredths`): the
/// answer names no one number.
fn vague(word: &str) -> bool {
    matches!(
        word,
        "dozens"
            | "hundreds"
            | "thousands"
            | "millions"
            | "billions"
            | "thirds"
            | "quarters"
            | "halves"
    ) || (word.ends_with("ths") && word_value(&word[..word.len() - 1]).is_some())
}

/// Units of time and length as written (plural, abbreviated, British and American), each with
/// the unit it names: an answer in another unit than the question's (`10 months` for 10
/// years, `10 miles` for 10 km) is not read.
const UNITS_OF_MEASURE: [(&str, &str); 43] = [
    ("s", "second"),
    ("sec", "second"),
    ("secs", "second"),
    ("second", "second"),
    ("seconds", "second"),
    ("min", "minute"),
    ("mins", "minute"),
    ("minute", "minute"),
    ("minutes", "minute"),
    ("h", "hour"),
    ("hr", "hour"),
    ("hrs", "hour"),
    ("hour", "hour"),
    ("hours", "hour"),
    ("day", "day"),
    ("days", "day"),
    ("week", "week"),
    ("weeks", "week"),
    ("month", "month"),
    ("months", "month"),
    ("mo", "month"),
    ("mos", "month"),
    ("yr", "year"),
    ("yrs", "year"),
    ("year", "year"),
    ("years", "year"),
    ("decade", "decade"),
    ("decades", "decade"),
    ("century", "century"),
    ("centuries", "century"),
    ("km", "km"),
    ("kms", "km"),
    ("kilometre", "km"),
    ("kilometres", "km"),
    ("kilometer", "km"),
    ("kilometers", "km"),
    ("m", "m"),
    ("metre", "m"),
    ("metres", "m"),
    ("meter", "m"),
    ("meters", "m"),
    ("mile", "mile"),
    ("miles", "mile"),
];

/// The unit a word names, if it names one (`years` -> `year`, `kilometers` -> `km`).
fn unit_of(word: &str) -> Option<&'static str> {
    UNITS_OF_MEASURE
        .iter()
        .find(|(written, _)| *written == word)
        .map(|(_, unit)| *unit)
}

/// Reads the number words at the start of `words` (`twenty one`, `one hundred and five`):
/// the value and how many words it took.
fn number_words(words: &[&str]) -> Option<(u32, usize)> {
    let mut value: Option<u32> = None;
    let mut used = 0;
    let mut i = 0;
    while i < words.len() {
        let word = words[i];
        if matches!(word, "hundred" | "hundredth") {
            value = Some(value.unwrap_or(1).checked_mul(100)?);
            i += 1;
            used = i;
            // "one hundred and five": the "and" belongs to the number only if one follows.
            if words.get(i) == Some(&"and")
                && words.get(i + 1).and_then(|w| word_value(w)).is_some()
            {
                i += 1;
            }
            continue;
        }
        let Some(n) = word_value(word) else { break };
        let current = value.unwrap_or(0);
        let last_two = current % 100;
        // "twenty one" adds; "one two" is two numbers.
        let joins = value.is_none()
            || (last_two == 0)
            || (last_two >= 20 && last_two.is_multiple_of(10) && n < 10);
        if !joins {
            break;
        }
        value = Some(current.checked_add(n)?);
        i += 1;
        used = i;
    }
    value.map(|v| (v, used))
}

/// Whether an answer names a number in a way that one value cannot say: a fraction, a
/// comparison, a sign a number among words would lose, a qualifier or vague plural, or a unit
/// other than the question's.
fn unreadable(text: &str, folded: &str, words: &[&str], unit: Option<&str>) -> bool {
    if text.contains(['½', '¼', '¾', '⅓', '/', '<', '>', '≤', '≥', '±', '+', '~']) {
        return true;
    }
    // A dash that does not join two words or numbers (`-1`, `(-1)`, `- 1`, `-twelve`) is a
    // sign.
    let chars: Vec<char> = folded.chars().collect();
    let signed = chars.iter().enumerate().any(|(i, &c)| {
        matches!(c, '-' | '−' | '–' | '—' | '‑')
            && !i
                .checked_sub(1)
                .and_then(|j| chars.get(j))
                .is_some_and(|p| p.is_alphanumeric())
            && chars[i + 1..]
                .iter()
                .find(|n| !n.is_whitespace())
                .is_some_and(|n| n.is_alphanumeric())
    });
    if signed || words.iter().any(|w| QUALIFIERS.contains(w) || vague(w)) {
        return true;
    }
    let wanted_unit = unit.and_then(|u| unit_of(&fold(u)));
    words
        .iter()
        .filter_map(|w| unit_of(w))
        .any(|u| wanted_unit.is_some_and(|wanted| wanted != u))
}

/// Reads `text` as one number, with words or a unit around it. `unit` is the question's unit,
/// if it has one: another unit of time or length makes the answer unreadable.
pub fn read(text: &str, unit: Option<&str>) -> ReadNumber {
    if let Some(x) = parse_number(text) {
        return ReadNumber::Value(x);
    }
    let folded = fold(text);
    let spaced: String = folded
        .chars()
        .map(|c| {
            if matches!(c, '-' | '−' | '–' | '—' | '‑') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let words: Vec<&str> = spaced
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '.' | ',')))
        .map(|w| w.trim_end_matches(['.', ',']))
        .filter(|w| !w.is_empty())
        .collect();
    if unreadable(text, &folded, &words, unit) {
        return ReadNumber::None;
    }
    let mut found: Vec<f64> = Vec::new();
    // Whether the last number found ended at the word before: `12 thousand` multiplies it,
    // and a smaller number after a `thousand` adds to it (`two thousand one hundred`).
    let mut number_ends_at = None;
    let mut after_magnitude: Option<f64> = None;
    let mut i = 0;
    while i < words.len() {
        let word = words[i];
        if let Some(factor) = magnitude(word) {
            match (number_ends_at, found.last_mut()) {
                (Some(end), Some(last)) if end == i => *last *= factor,
                _ => found.push(factor),
            }
            i += 1;
            if words.get(i) == Some(&"and") {
                i += 1;
            }
            number_ends_at = Some(i);
            after_magnitude = Some(factor);
            continue;
        }
        if let (Some(factor), Some(end)) = (after_magnitude.take(), number_ends_at)
            && end == i
            && let Some((n, used)) = number_words(&words[i..])
            && f64::from(n) < factor
            && let Some(last) = found.last_mut()
        {
            *last += f64::from(n);
            i += used;
            number_ends_at = Some(i);
            continue;
        }
        let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &word[digits.len()..];
        let ordinal_digits = matches!(suffix, "st" | "nd" | "rd" | "th" | "");
        if let Some(x) = (!digits.is_empty() && ordinal_digits)
            .then(|| parse_number(digits))
            .flatten()
        {
            found.push(x);
            i += 1;
            number_ends_at = Some(i);
        } else if let Some((n, used)) = number_words(&words[i..]) {
            found.push(f64::from(n));
            i += used;
            number_ends_at = Some(i);
        } else {
            match word {
                "once" => found.push(1.0),
                "twice" => found.push(2.0),
                _ => {}
            }
            i += 1;
        }
    }
    found.dedup_by(|a, b| (*a - *b).abs() < f64::EPSILON);
    match found.as_slice() {
        [] => ReadNumber::None,
        [x] => ReadNumber::Value(*x),
        [first, rest @ ..] if rest.iter().all(|x| (x - first).abs() < f64::EPSILON) => {
            ReadNumber::Value(*first)
        }
        _ => ReadNumber::Several,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_words_ordinals_and_numbers_among_words_are_read() {
        let cases: [(&str, f64); 18] = [
            ("twelve", 12.0),
            ("Twelve.", 12.0),
            ("zero", 0.0),
            ("twenty-one", 21.0),
            ("twenty one", 21.0),
            ("ninety-nine", 99.0),
            ("one hundred", 100.0),
            ("a hundred", 100.0),
            ("one hundred and five", 105.0),
            ("the fifth", 5.0),
            ("twentieth", 20.0),
            ("twenty-first", 21.0),
            ("12th", 12.0),
            ("8 measures", 8.0),
            ("about 12", 12.0),
            ("7 aircraft", 7.0),
            ("1 time", 1.0),
            ("once", 1.0),
        ];
        for (text, value) in cases {
            assert_eq!(read(text, None), ReadNumber::Value(value), "{text}");
        }
        assert_eq!(read("1,949", None), ReadNumber::Value(1949.0));
        assert_eq!(read("12 members, 12 in all", None), ReadNumber::Value(12.0));
    }

    #[test]
    fn two_different_numbers_or_none_are_not_read() {
        for text in ["12 or 13", "between 10 and 12", "one two", "1949 and 1994"] {
            assert_eq!(read(text, None), ReadNumber::Several, "{text}");
        }
        for text in ["many", "", "a few"] {
            assert_eq!(read(text, None), ReadNumber::None, "{text}");
        }
    }
}
