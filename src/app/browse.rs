//! The Sets screen's table: every question of every set with its right answer in words and
//! how this profile has done on it, searched and sorted. Built once when the screen opens or
//! the questions reload; a search or a sort is a pass over the rows, never over the log.

use std::collections::HashMap;
use std::sync::Arc;

use crate::bank::{Bank, CardKey, Kind, Origin, Question, SetId};
use crate::schedule::Hold;
use crate::text::fold;

/// How often a card was answered, and how often right.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Answered {
    /// Answers in the log.
    pub times: u32,
    /// Those rated anything but Again.
    pub right: u32,
}

impl Answered {
    /// The share answered right, if answered at all.
    pub fn share_right(self) -> Option<f64> {
        (self.times > 0).then(|| f64::from(self.right) / f64::from(self.times))
    }
}

/// What the student did with a card beside answering it, and whether it will not stick.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    /// Suspended, or buried for today.
    pub hold: Option<Hold>,
    /// A leech: forgotten at least the leech threshold's times.
    pub leech: bool,
    /// How often it was forgotten since it was learnt.
    pub lapses: u32,
}

impl Flags {
    /// What the table says of the card: `suspended`, `buried`, `leech`, joined.
    pub fn words(self) -> String {
        let mut words: Vec<&str> = self.hold.map(Hold::name).into_iter().collect();
        if self.leech {
            words.push("leech");
        }
        words.join(", ")
    }
}

/// One question in the table.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Its card.
    pub key: CardKey,
    /// Its set's title.
    pub set_title: Arc<str>,
    /// Whether its set is shipped (read only).
    pub shipped: bool,
    /// The question.
    pub question: Arc<Question>,
    /// Its kind.
    pub kind: Kind,
    /// The right answer in words (option texts, not indices).
    pub answer: String,
    /// Its tags, the set's first, joined by commas.
    pub tags: String,
    /// What this profile has done on it.
    pub answered: Answered,
    /// Set aside, a leech.
    pub flags: Flags,
    /// Everything searched, folded (case and accents ignored).
    haystack: String,
}

/// A column of the table, to sort by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Column {
    /// The set's title (ties: the order written).
    #[default]
    Set,
    /// The question's id.
    Id,
    /// Its kind.
    Kind,
    /// Its prompt.
    Prompt,
    /// Its right answer.
    Answer,
    /// Its tags.
    Tags,
    /// Its difficulty (none first).
    Difficulty,
    /// Times answered.
    Answered,
    /// Share right (never answered first).
    Right,
}

impl Column {
    /// Every column, in the table's order.
    pub const ALL: [Column; 9] = [
        Column::Set,
        Column::Id,
        Column::Kind,
        Column::Prompt,
        Column::Answer,
        Column::Tags,
        Column::Difficulty,
        Column::Answered,
        Column::Right,
    ];

    /// The column's heading.
    pub fn heading(self) -> &'static str {
        match self {
            Column::Set => "Set",
            Column::Id => "Id",
            Column::Kind => "Kind",
            Column::Prompt => "Prompt",
            Column::Answer => "Right answer",
            Column::Tags => "Tags",
            Column::Difficulty => "Diff.",
            Column::Answered => "Answered",
            Column::Right => "Right",
        }
    }
}

/// The table's rows: every question of `bank`, in load order, with `counts` and `flags`.
pub fn rows<S: std::hash::BuildHasher, T: std::hash::BuildHasher>(
    bank: &Bank,
    counts: &HashMap<CardKey, Answered, S>,
    flags: &HashMap<CardKey, Flags, T>,
) -> Vec<Row> {
    let mut rows = Vec::with_capacity(bank.question_count());
    for loaded in &bank.sets {
        let set_title: Arc<str> = loaded.set.title.as_str().into();
        let shipped = matches!(loaded.origin, Origin::Shipped(_));
        for (key, question) in loaded.cards() {
            let tags = loaded
                .set
                .tags
                .iter()
                .chain(question.tags.iter())
                .map(smol_str::SmolStr::as_str)
                .collect::<Vec<_>>()
                .join(", ");
            let answer = crate::grade::solution(&question.answer);
            let kind = question.answer.kind();
            let haystack = fold(&format!(
                "{} {} {} {} {} {}",
                question.id(),
                question.prompt(),
                answer,
                tags,
                set_title,
                kind.name()
            ));
            rows.push(Row {
                key: key.clone(),
                set_title: set_title.clone(),
                shipped,
                question: question.clone(),
                kind,
                answer,
                tags,
                answered: counts.get(key).copied().unwrap_or_default(),
                flags: flags.get(key).copied().unwrap_or_default(),
                haystack,
            });
        }
    }
    rows
}

/// Whether `row` matches `query`: every word of it is found (case and accents ignored);
/// a word `tag:x` asks for a tag starting with `x`, `set:x` for a set id starting with `x`,
/// and `is:suspended`, `is:buried` and `is:leech` for cards so (Anki's words).
fn matches(row: &Row, words: &[String]) -> bool {
    words.iter().all(|word| {
        if let Some(flag) = word.strip_prefix("is:") {
            match flag {
                "suspended" => row.flags.hold == Some(Hold::Suspended),
                "buried" => matches!(row.flags.hold, Some(Hold::Buried { .. })),
                "leech" => row.flags.leech,
                _ => false,
            }
        } else if let Some(tag) = word.strip_prefix("tag:") {
            row.tags.split(", ").any(|t| fold(t).starts_with(tag))
        } else if let Some(set) = word.strip_prefix("set:") {
            fold(row.key.set.as_str()).starts_with(set)
        } else {
            row.haystack.contains(word.as_str())
        }
    })
}

/// Every position in `rows`, sorted by `column`, ascending or not; rows that tie keep the
/// order written either way. Computed when the sort changes, not per key press: a search
/// filters this order.
pub fn sorted(rows: &[Row], column: Column, ascending: bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let direction = |o: std::cmp::Ordering| if ascending { o } else { o.reverse() };
    match column {
        Column::Difficulty => order.sort_by(|&a, &b| {
            direction(
                rows[a]
                    .question
                    .difficulty()
                    .cmp(&rows[b].question.difficulty()),
            )
        }),
        Column::Answered => {
            order.sort_by(|&a, &b| direction(rows[a].answered.times.cmp(&rows[b].answered.times)));
        }
        Column::Right => order.sort_by(|&a, &b| {
            let share = |i: usize| rows[i].answered.share_right().unwrap_or(-1.0);
            direction(share(a).total_cmp(&share(b)))
        }),
        _ => {
            let keys: Vec<String> = rows
                .iter()
                .map(|row| match column {
                    Column::Set => fold(&row.set_title),
                    Column::Id => row.question.id().to_owned(),
                    Column::Kind => row.kind.name().to_owned(),
                    Column::Prompt => fold(row.question.prompt()),
                    Column::Answer => fold(&row.answer),
                    _ => fold(&row.tags),
                })
                .collect();
            order.sort_by(|&a, &b| direction(keys[a].cmp(&keys[b])));
        }
    }
    order
}

/// The positions in `order` of the rows matching `query`, in that order.
pub fn matching(rows: &[Row], order: &[usize], query: &str) -> Vec<usize> {
    let words: Vec<String> = fold(query).split_whitespace().map(str::to_owned).collect();
    if words.is_empty() {
        return order.to_vec();
    }
    order
        .iter()
        .copied()
        .filter(|&i| matches(&rows[i], &words))
        .collect()
}

/// The positions in `rows` of those matching `query`, sorted by `column`.
pub fn shown(rows: &[Row], query: &str, column: Column, ascending: bool) -> Vec<usize> {
    matching(rows, &sorted(rows, column, ascending), query)
}

/// The sets a question can be added to: those in the teacher's folders, by title.
pub fn editable_sets(bank: &Bank) -> Vec<(SetId, String)> {
    bank.sets
        .iter()
        .filter(|s| matches!(s.origin, Origin::File(_)))
        .map(|s| (s.set.id.clone(), s.set.title.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Source;

    fn bank() -> Bank {
        Bank::load(&[Source::Shipped])
    }

    #[test]
    fn every_question_is_a_row_with_its_right_option_in_words_and_its_counts() {
        let bank = bank();
        let signed = CardKey::new(
            SetId::new("article-5"),
            crate::bank::QuestionId::new("signed"),
        );
        let counts = HashMap::from([(signed.clone(), Answered { times: 4, right: 3 })]);
        let rows = rows(&bank, &counts, &HashMap::new());
        assert_eq!(rows.len(), bank.question_count());
        let row = rows.iter().find(|r| r.key == signed).unwrap();
        assert_eq!(row.answer, "“4 April 1949”");
        assert_eq!(row.kind, Kind::Choice);
        assert_eq!(row.tags, "treaty, dates");
        assert!(row.shipped);
        assert_eq!(row.answered.share_right(), Some(0.75));
        assert!(
            rows.iter()
                .filter(|r| r.key != signed)
                .all(|r| r.answered.times == 0)
        );
    }

    #[test]
    fn a_search_finds_every_word_ignoring_case_and_accents_and_tags_and_sets_narrow_it() {
        let rows = rows(&bank(), &HashMap::new(), &HashMap::new());
        let ids = |query: &str| -> Vec<String> {
            shown(&rows, query, Column::Set, true)
                .into_iter()
                .map(|i| rows[i].key.to_string())
                .collect()
        };
        assert_eq!(
            ids("  ").len(),
            rows.len(),
            "an empty search finds every question"
        );
        let signed = ids("NORTH atlantic SIGNED");
        assert!(
            signed.contains(&"article-5/signed".to_owned()),
            "{signed:?}"
        );
        assert!(
            ids("tag:dates set:article")
                .iter()
                .all(|k| k.starts_with("article-5/"))
        );
        assert!(!ids("tag:dates").is_empty());
        assert!(ids("no-such-word-anywhere").is_empty());
        assert!(ids("is:suspended").is_empty() && ids("is:nonsense").is_empty());
        assert_eq!(ids("tallínn"), ids("TALLINN"), "accents ignored");
    }

    #[test]
    fn is_suspended_buried_and_leech_find_the_cards_so_flagged() {
        let bank = bank();
        let keys: Vec<CardKey> = bank.sets[0].keys.iter().take(3).cloned().collect();
        let flags = HashMap::from([
            (
                keys[0].clone(),
                Flags {
                    hold: Some(Hold::Suspended),
                    leech: true,
                    lapses: 8,
                },
            ),
            (
                keys[1].clone(),
                Flags {
                    hold: Some(Hold::Buried {
                        day: crate::schedule::StudyDay(3),
                    }),
                    leech: false,
                    lapses: 0,
                },
            ),
            (
                keys[2].clone(),
                Flags {
                    hold: None,
                    leech: true,
                    lapses: 9,
                },
            ),
        ]);
        let rows = rows(&bank, &HashMap::new(), &flags);
        let found = |query: &str| -> Vec<CardKey> {
            shown(&rows, query, Column::Set, true)
                .into_iter()
                .map(|i| rows[i].key.clone())
                .collect()
        };
        assert_eq!(found("is:suspended"), [keys[0].clone()]);
        assert_eq!(found("IS:BURIED"), [keys[1].clone()]);
        assert_eq!(found("is:leech"), [keys[0].clone(), keys[2].clone()]);
        assert_eq!(found("is:leech is:suspended"), [keys[0].clone()]);
        assert_eq!(rows[0].flags.words(), "suspended, leech");
    }

    #[test]
    fn sorting_orders_by_the_column_and_keeps_ties_in_file_order() {
        let mut counts = HashMap::new();
        let all = rows(&bank(), &HashMap::new(), &HashMap::new());
        for (n, row) in all.iter().take(3).enumerate() {
            let n = u32::try_from(n).unwrap();
            counts.insert(
                row.key.clone(),
                Answered {
                    times: n + 1,
                    right: n,
                },
            );
        }
        let rows = rows(&bank(), &counts, &HashMap::new());
        let by_answered = shown(&rows, "", Column::Answered, false);
        assert_eq!(
            &by_answered[..5],
            &[2, 1, 0, 3, 4],
            "ties in file order, descending too"
        );
        let by_set = shown(&rows, "", Column::Set, true);
        let titles: Vec<String> = by_set.iter().map(|&i| fold(&rows[i].set_title)).collect();
        assert!(titles.windows(2).all(|w| w[0] <= w[1]), "by title");
        let by_right = shown(&rows, "", Column::Right, false);
        assert_eq!(by_right[0], 2, "2 of 3 right first");
        let by_prompt = shown(&rows, "", Column::Prompt, true);
        let prompts: Vec<String> = by_prompt
            .iter()
            .map(|&i| fold(rows[i].question.prompt()))
            .collect();
        assert!(prompts.windows(2).all(|w| w[0] <= w[1]));
        let by_kind = shown(&rows, "", Column::Kind, true);
        let first_choice: Vec<usize> = by_kind
            .iter()
            .copied()
            .filter(|&i| rows[i].kind == Kind::Choice)
            .collect();
        assert!(
            first_choice.windows(2).all(|w| w[0] < w[1]),
            "ties in file order"
        );
    }
}
