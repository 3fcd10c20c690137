//! Today's queue computed from scratch: what to study now within the daily limits.
//!
//! The window and the commands use the deck's queue (`study::Deck`), kept up to date per
//! answer. This straightforward computation from every card is kept as the reference the
//! deck's tests compare it with, and [`DoneToday`], what the log says was studied today, is
//! shared by both.

#[cfg(test)]
use chrono::{DateTime, FixedOffset, Utc};

#[cfg(test)]
use super::card::{CardState, Phase};
#[cfg(test)]
use super::config::Config;
#[cfg(test)]
use super::day::StudyDay;
#[cfg(test)]
use crate::bank::CardKey;

/// What was already studied today, from the review log: it counts against the limits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DoneToday {
    /// New cards answered for the first time today.
    pub new_cards: u32,
    /// Review-phase cards answered today.
    pub reviews: u32,
}

/// The cards to study now.
#[cfg(test)]
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Queue {
    /// Learning and relearning cards due now, the longest-waiting first.
    pub learning: Vec<CardKey>,
    /// Learning and relearning cards that come back later today.
    pub learning_later: usize,
    /// Review cards due today or overdue, the most overdue first, up to the daily limit.
    pub review: Vec<CardKey>,
    /// New cards up to the daily limit, the sets taking turns: the first question of every
    /// set, then the second of every set, and so on.
    pub new: Vec<CardKey>,
    /// When the next learning card falls due later today, if one does.
    pub next_learning_due: Option<DateTime<Utc>>,
}

#[cfg(test)]
impl Queue {
    /// Cards due now, in the order to show them: learning cards first, then reviews with the
    /// new cards spread evenly among them (so a session is not all new cards at the end).
    pub fn order(&self) -> Vec<&CardKey> {
        let mut order: Vec<&CardKey> = self.learning.iter().collect();
        let (reviews, news) = (self.review.len(), self.new.len());
        let total = reviews + news;
        let (mut r, mut n) = (0, 0);
        for slot in 0..total {
            // Take a new card whenever the new cards have fallen behind their share.
            let new_due = n < news && (n * total <= slot * news || r == reviews);
            if new_due {
                order.push(&self.new[n]);
                n += 1;
            } else {
                order.push(&self.review[r]);
                r += 1;
            }
        }
        order
    }

    /// How many cards are due now.
    pub fn len(&self) -> usize {
        self.learning.len() + self.review.len() + self.new.len()
    }

    /// Whether nothing is due now.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Builds the queue for the moment `now` from every card the loaded sets contain, in set
/// order, each with its state if it has been answered, and keeps the cards of `scope` (every
/// set if `None`). The daily limits are over every set: a set's queue is its cards among the
/// most overdue reviews and the first new cards of all. Cards with history that no set
/// contains (orphans) are simply not passed in.
#[cfg(test)]
pub fn build<'a, I>(
    cards: I,
    scope: Option<&crate::bank::SetId>,
    now: DateTime<Utc>,
    utc_offset: FixedOffset,
    config: &Config,
    done: DoneToday,
    held_out: impl Fn(&CardKey) -> bool,
) -> Queue
where
    I: IntoIterator<Item = (&'a CardKey, Option<&'a CardState>)>,
{
    let today = StudyDay::of(now, utc_offset, config.rollover_hour);
    let tomorrow_starts = today.plus(1).start(utc_offset, config.rollover_hour);
    let new_left = config.new_per_day.saturating_sub(done.new_cards) as usize;
    let reviews_left = config.reviews_per_day.saturating_sub(done.reviews) as usize;
    let in_scope = |key: &CardKey| scope.is_none_or(|set| &key.set == set);

    let mut learning: Vec<(DateTime<Utc>, &CardKey)> = Vec::new();
    let mut learning_later = 0;
    let mut review = Vec::new();
    let mut new = Vec::new();
    let mut next_learning_due: Option<DateTime<Utc>> = None;
    // The position of each card in its set (cards come set by set).
    let mut position_in_set = 0;
    let mut last_set = None;
    for (deck_position, (key, state)) in cards.into_iter().enumerate() {
        if last_set != Some(&key.set) {
            last_set = Some(&key.set);
            position_in_set = 0;
        }
        let new_slot = (position_in_set, deck_position, key);
        position_in_set += 1;
        if held_out(key) {
            // Suspended, or buried today: in no queue, but still in its place in its set.
            continue;
        }
        match state {
            None => new.push(new_slot),
            Some(state) => match state.phase {
                Phase::New => new.push(new_slot),
                Phase::Learning | Phase::Relearning => {
                    if !in_scope(key) {
                    } else if state.due <= now {
                        learning.push((state.due, key));
                    } else if state.due < tomorrow_starts {
                        learning_later += 1;
                        next_learning_due =
                            Some(next_learning_due.map_or(state.due, |d| d.min(state.due)));
                    }
                }
                Phase::Review => {
                    if state.due_by(today, tomorrow_starts) {
                        let day = state.review_due_day().unwrap_or(StudyDay(i64::MIN));
                        review.push((day, state.due, deck_position, key));
                    }
                }
            },
        }
    }
    learning.sort_unstable();
    review.sort_unstable();
    review.truncate(reviews_left);
    new.sort_unstable();
    new.truncate(new_left);
    Queue {
        learning: learning.into_iter().map(|(_, k)| k.clone()).collect(),
        learning_later,
        review: review
            .into_iter()
            .map(|(_, _, _, k)| k)
            .filter(|k| in_scope(k))
            .cloned()
            .collect(),
        new: new
            .into_iter()
            .map(|(_, _, k)| k)
            .filter(|k| in_scope(k))
            .cloned()
            .collect(),
        next_learning_due,
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    fn key(i: usize) -> CardKey {
        format!("set/q-{i}").parse().unwrap()
    }

    fn state(phase: Phase, due: DateTime<Utc>) -> CardState {
        CardState {
            phase,
            due,
            ..CardState::new_card()
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn learning_first_then_reviews_due_today_then_new_within_limits() {
        let now = at("2026-06-10T12:00:00Z");
        let utc = FixedOffset::east_opt(0).unwrap();
        let keys: Vec<CardKey> = (0..8).collect::<Vec<_>>().into_iter().map(key).collect();
        let states = [
            Some(state(Phase::Learning, now - Duration::minutes(1))), // due now
            Some(state(Phase::Relearning, now - Duration::minutes(5))), // due earlier
            Some(state(Phase::Learning, now + Duration::minutes(8))), // later today
            Some(state(Phase::Review, at("2026-06-10T04:00:00Z"))),   // due today
            Some(state(Phase::Review, at("2026-06-01T04:00:00Z"))),   // overdue
            Some(state(Phase::Review, at("2026-06-11T04:00:00Z"))),   // tomorrow
            None,                                                     // new
            None,                                                     // new, over the limit
        ];
        let config = Config {
            new_per_day: 3,
            ..Config::default()
        };
        let done = DoneToday {
            new_cards: 2,
            reviews: 0,
        };
        let queue = build(
            keys.iter().zip(states.iter().map(Option::as_ref)),
            None,
            now,
            utc,
            &config,
            done,
            |_| false,
        );
        assert_eq!(queue.learning, [key(1), key(0)]);
        assert_eq!(queue.review, [key(4), key(3)]);
        assert_eq!(queue.new, [key(6)], "3 a day, 2 already introduced");
        assert_eq!(queue.next_learning_due, Some(now + Duration::minutes(8)));
        assert_eq!(queue.learning_later, 1);
        assert_eq!(queue.len(), 5);
        let order: Vec<&CardKey> = queue.order();
        assert_eq!(order[..2], [&key(1), &key(0)]);
    }

    #[test]
    fn a_review_falls_due_by_study_days_whatever_the_offset_now() {
        // Reviewed in summer time (+2) with a 3-day interval: due on the study day three days
        // later. After the clocks go back (+1), that day's 04:00 (+2) is 03:00 (+1), still
        // the day before: counted in instants, the card would come a day early.
        let summer = FixedOffset::east_opt(2 * 3600).unwrap();
        let winter = FixedOffset::east_opt(3600).unwrap();
        let reviewed = at("2026-10-22T10:00:00Z");
        let review_day = StudyDay::of(reviewed, summer, 4);
        let state = CardState {
            phase: Phase::Review,
            interval_days: 3,
            last_review_day: Some(review_day),
            last_review: Some(reviewed),
            due: review_day.plus(3).start(summer, 4),
            ..CardState::new_card()
        };
        let keys = [key(1)];
        let config = Config::default();
        let day_before = at("2026-10-24T12:00:00Z");
        let queue = build(
            keys.iter().zip([Some(&state)]),
            None,
            day_before,
            winter,
            &config,
            DoneToday::default(),
            |_| false,
        );
        assert!(queue.review.is_empty(), "not due the day before");
        let due_day = at("2026-10-25T12:00:00Z");
        let queue = build(
            keys.iter().zip([Some(&state)]),
            None,
            due_day,
            winter,
            &config,
            DoneToday::default(),
            |_| false,
        );
        assert_eq!(queue.review, [key(1)]);
    }

    #[test]
    fn the_review_limit_keeps_the_most_overdue() {
        let now = at("2026-06-10T12:00:00Z");
        let utc = FixedOffset::east_opt(0).unwrap();
        let keys: Vec<CardKey> = (0..10).map(key).collect();
        let states: Vec<CardState> = (0..10)
            .map(|i| state(Phase::Review, now - Duration::days(i64::from(i))))
            .collect();
        let config = Config {
            reviews_per_day: 5,
            ..Config::default()
        };
        let done = DoneToday {
            new_cards: 0,
            reviews: 2,
        };
        let queue = build(
            keys.iter().zip(states.iter().map(Some)),
            None,
            now,
            utc,
            &config,
            done,
            |_| false,
        );
        assert_eq!(queue.review, [key(9), key(8), key(7)]);
    }

    #[test]
    fn new_cards_are_spread_evenly_among_reviews() {
        let queue = Queue {
            learning: vec![],
            review: (0..6).map(key).collect(),
            new: (100..102).map(key).collect(),
            ..Queue::default()
        };
        let order: Vec<String> = queue
            .order()
            .iter()
            .map(|k| k.question.to_string())
            .collect();
        assert_eq!(
            order,
            ["q-100", "q-0", "q-1", "q-2", "q-101", "q-3", "q-4", "q-5"]
        );
        let only_new = Queue {
            new: (0..3).map(key).collect(),
            ..Queue::default()
        };
        assert_eq!(only_new.order().len(), 3);
    }

    #[test]
    fn new_cards_come_from_the_sets_in_turn_and_a_set_gets_its_share() {
        let now = at("2026-06-10T12:00:00Z");
        let utc = FixedOffset::east_opt(0).unwrap();
        let keys: Vec<CardKey> = ["a/1", "a/2", "a/3", "b/1", "b/2", "c/1"]
            .iter()
            .map(|k| k.parse().unwrap())
            .collect();
        let config = Config {
            new_per_day: 4,
            ..Config::default()
        };
        let new = |scope: Option<&str>| {
            let scope = scope.map(crate::bank::SetId::from);
            build(
                keys.iter().map(|k| (k, None)),
                scope.as_ref(),
                now,
                utc,
                &config,
                DoneToday::default(),
                |_| false,
            )
            .new
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
        };
        assert_eq!(new(None), ["a/1", "b/1", "c/1", "a/2"]);
        assert_eq!(new(Some("a")), ["a/1", "a/2"]);
        assert_eq!(new(Some("b")), ["b/1"]);
        assert_eq!(new(Some("c")), ["c/1"]);
    }
}
