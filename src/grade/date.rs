//! Dates as students write them: `2 October 2001`, `October 2, 2001`, `2nd of October 2001`,
//! `2 Oct. 2001`, `2001-10-02`, `02.10.2001`, `2/10/2001`, `October 2001`, `September 11th`.
//!
//! A date is read into its parts (day, month, year; two of them at least, one being the
//! month) and two dates are the same only when every part is: no slip is forgiven, since a
//! different day is a different fact. Month names are read by chrono (`October`, `Oct`, in any
//! case) and whole dates checked by it (no 31 September). A slashed or dashed numeric date whose
//! day and month could be swapped (`2/10/2001`) is read only when both readings agree, one of
//! them is impossible (`25/10/2001`), or the set's language settles the order (`en-GB` day
//! first, `en-US` month first); a dotted one (`02.10.2001`) is day first, as everywhere it is
//! written so, and `2001-10-02` is ISO 8601.

use chrono::{Datelike as _, Month, NaiveDate};

use crate::text::fold;

/// Which comes first in a numeric date such as `2/10/2001`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NumericOrder {
    /// Day first (`en-GB`, and most of the world).
    DayFirst,
    /// Month first (`en-US`).
    MonthFirst,
    /// Not known: an ambiguous numeric date is not read.
    #[default]
    Unknown,
}

impl NumericOrder {
    /// The order a set's `language` (a BCP 47 tag) settles, from its region: month first in
    /// the United States and the few places that write dates as it does (`en-US`,
    /// `en-Latn-US`, `en-PH`); day first for any other region (`en-GB`, `de-DE`) and for a
    /// language other than English without one (`fr`); left open for plain `en` and for a tag
    /// that cannot be read.
    pub fn for_language(language: &str) -> Self {
        let tag = language.trim().to_ascii_lowercase().replace('_', "-");
        let mut subtags = tag.split('-');
        let Some(lang) = subtags
            .next()
            .filter(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_lowercase()))
        else {
            return NumericOrder::Unknown;
        };
        let region = subtags.find(|s| {
            (s.len() == 2 && s.bytes().all(|b| b.is_ascii_lowercase()))
                || (s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()))
        });
        match region {
            Some("us" | "ph" | "fm" | "mh" | "pw") => NumericOrder::MonthFirst,
            None if lang == "en" => NumericOrder::Unknown,
            Some(_) | None => NumericOrder::DayFirst,
        }
    }
}

/// The parts of a written date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WrittenDate {
    /// 1 to 31.
    pub day: Option<u32>,
    /// 1 to 12.
    pub month: u32,
    /// The year, if written.
    pub year: Option<i32>,
}

/// What a text says as a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadDate {
    /// One date.
    Date(WrittenDate),
    /// A numeric date that reads as two different dates (`2/10/2001`), day first and month
    /// first.
    Ambiguous(WrittenDate, WrittenDate),
    /// Not a date.
    NotADate,
}

/// Reads `text` as a date, with `order` for numeric dates whose day and month could swap.
pub fn read(text: &str, order: NumericOrder) -> ReadDate {
    let folded = fold(text);
    // Quotes, brackets and a question mark around the date; a leading "on".
    let trimmed = folded
        .trim()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .trim();
    let trimmed = trimmed.strip_prefix("on ").unwrap_or(trimmed).trim();
    if let Some(numeric) = read_numeric(trimmed, order) {
        return numeric;
    }
    read_words(trimmed).map_or(ReadDate::NotADate, ReadDate::Date)
}

/// `2001-10-02`, `02.10.2001`, `2/10/2001`, `2-10-2001`.
fn read_numeric(text: &str, order: NumericOrder) -> Option<ReadDate> {
    let separator = text.chars().find(|c| matches!(c, '-' | '.' | '/'))?;
    let parts: Vec<&str> = text.split(separator).map(str::trim).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let number = |s: &str| s.parse::<u32>().ok();
    let (a, b, c) = (number(parts[0])?, number(parts[1])?, number(parts[2])?);
    let date = |day: u32, month: u32, year: u32| {
        let year = i32::try_from(year).ok()?;
        NaiveDate::from_ymd_opt(year, month, day)?;
        Some(WrittenDate {
            day: Some(day),
            month,
            year: Some(year),
        })
    };
    if parts[0].len() == 4 {
        // ISO 8601: year, month, day, whatever the separator.
        return Some(date(c, b, a).map_or(ReadDate::NotADate, ReadDate::Date));
    }
    if parts[2].len() != 4 {
        return Some(ReadDate::NotADate);
    }
    if separator == '.' {
        return Some(date(a, b, c).map_or(ReadDate::NotADate, ReadDate::Date));
    }
    Some(match (date(a, b, c), date(b, a, c)) {
        (Some(day_first), Some(month_first)) if day_first == month_first => {
            ReadDate::Date(day_first)
        }
        (Some(day_first), Some(month_first)) => match order {
            NumericOrder::DayFirst => ReadDate::Date(day_first),
            NumericOrder::MonthFirst => ReadDate::Date(month_first),
            NumericOrder::Unknown => ReadDate::Ambiguous(day_first, month_first),
        },
        (Some(only), None) | (None, Some(only)) => ReadDate::Date(only),
        (None, None) => ReadDate::NotADate,
    })
}

/// A month's name, as chrono reads it (`october`, `oct`), or `sept`.
fn month(word: &str) -> Option<u32> {
    if word == "sept" {
        return Some(9);
    }
    word.parse::<Month>().ok().map(|m| m.number_from_month())
}

/// `2 October 2001`, `October 2, 2001`, `the 2nd of October 2001`, `Oct 2001`, `11 September`.
fn read_words(text: &str) -> Option<WrittenDate> {
    let (mut day, mut month_number, mut year) = (None, None, None);
    let mut named_weekday = None;
    let tokens = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.'))
        .filter(|t| !t.is_empty());
    for token in tokens {
        if matches!(token, "the" | "of") {
            continue;
        }
        if let Ok(named) = token.parse::<chrono::Weekday>() {
            if named_weekday.replace(named).is_some() {
                return None;
            }
            continue;
        }
        let digits: &str = &token[..token.bytes().take_while(u8::is_ascii_digit).count()];
        let suffix = &token[digits.len()..];
        if digits.is_empty() {
            // A word: the month, once.
            if month_number.replace(month(token)?).is_some() {
                return None;
            }
            continue;
        }
        let value: u32 = digits.parse().ok()?;
        let ordinal = matches!(suffix, "st" | "nd" | "rd" | "th");
        if !suffix.is_empty() && !ordinal {
            return None;
        }
        if digits.len() <= 2 {
            if day.replace(value).is_some() {
                return None;
            }
        } else if digits.len() == 4 && !ordinal {
            if year.replace(i32::try_from(value).ok()?).is_some() {
                return None;
            }
        } else {
            return None;
        }
    }
    let month_number = month_number?;
    if day.is_none() && year.is_none() {
        return None;
    }
    if let Some(day) = day {
        // Without a year, a leap year lets 29 February be a date.
        let date = NaiveDate::from_ymd_opt(year.unwrap_or(2000), month_number, day)?;
        // A weekday named must be the date's (`Tuesday, 2 October 2001`).
        if let Some(named) = named_weekday
            && (year.is_none() || date.weekday() != named)
        {
            return None;
        }
    } else if named_weekday.is_some() {
        return None;
    }
    Some(WrittenDate {
        day,
        month: month_number,
        year,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(day: u32, month: u32, year: i32) -> ReadDate {
        ReadDate::Date(WrittenDate {
            day: Some(day),
            month,
            year: Some(year),
        })
    }

    #[test]
    fn every_common_form_of_a_date_reads_the_same() {
        for text in [
            "2 October 2001",
            "October 2, 2001",
            "2nd October 2001",
            "the 2nd of October 2001",
            "Oct 2 2001",
            "2 Oct. 2001",
            "2 OCT 2001",
            "October 2nd, 2001",
            "2001-10-02",
            "02.10.2001",
            "2.10.2001",
            "2 October 2001.",
            "(2 October 2001)",
            "“2 October 2001”",
            "2 October 2001?",
            "on 2 October 2001",
            "Tuesday, 2 October 2001",
        ] {
            assert_eq!(
                read(text, NumericOrder::Unknown),
                ymd(2, 10, 2001),
                "{text}"
            );
        }
        assert_eq!(
            read("September 11th", NumericOrder::Unknown),
            ReadDate::Date(WrittenDate {
                day: Some(11),
                month: 9,
                year: None
            })
        );
        assert_eq!(
            read("Sept 2001", NumericOrder::Unknown),
            ReadDate::Date(WrittenDate {
                day: None,
                month: 9,
                year: Some(2001)
            })
        );
    }

    #[test]
    fn a_slashed_date_is_read_only_when_its_order_is_settled() {
        let (gb, us, open) = (
            NumericOrder::DayFirst,
            NumericOrder::MonthFirst,
            NumericOrder::Unknown,
        );
        assert_eq!(read("2/10/2001", gb), ymd(2, 10, 2001));
        assert_eq!(read("2/10/2001", us), ymd(10, 2, 2001));
        assert_eq!(
            read("2/10/2001", open),
            ReadDate::Ambiguous(
                WrittenDate {
                    day: Some(2),
                    month: 10,
                    year: Some(2001)
                },
                WrittenDate {
                    day: Some(10),
                    month: 2,
                    year: Some(2001)
                }
            )
        );
        assert_eq!(
            read("25/10/2001", open),
            ymd(25, 10, 2001),
            "25 cannot be a month"
        );
        assert_eq!(
            read("10/10/2001", open),
            ymd(10, 10, 2001),
            "both readings agree"
        );
        assert_eq!(NumericOrder::for_language("en-GB"), gb);
        assert_eq!(NumericOrder::for_language("en_US"), us);
        assert_eq!(NumericOrder::for_language("en"), open);
        assert_eq!(NumericOrder::for_language("fr"), gb);
        assert_eq!(NumericOrder::for_language("en-Latn-US"), us);
        assert_eq!(NumericOrder::for_language("en-PH"), us);
        assert_eq!(NumericOrder::for_language("english"), open, "not a tag");
    }

    #[test]
    fn what_is_not_a_date_is_not_read_as_one() {
        for text in [
            "2001",
            "October",
            "early October 2001",
            "31 September 2001",
            "2 Octobr 2001",
            "2 October 2001 and 3 October 2001",
            "Monday, 2 October 2001",
            "12/2001",
            "2/10/01",
            "1949-13-01",
            "Washington",
        ] {
            assert_eq!(
                read(text, NumericOrder::Unknown),
                ReadDate::NotADate,
                "{text}"
            );
        }
    }
}
