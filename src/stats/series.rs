//! The series behind the Statistics screen and `allydeck stats --json`: reviews per day by
//! kind, the due forecast, true retention per week, quiz scores over time, the study calendar
//! with its streaks, cards by phase and the distribution of stability.
//!
//! Every review counts on the study day of its own moment and UTC offset, as the scheduler
//! counts it; "today" is the study day of `now`.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::Serialize;

use crate::bank::SetId;
use crate::schedule::{CardState, Phase, Rating, StudyDay};
use crate::store::{QuizPoint, ReviewPoint};

/// What the series are computed from.
#[derive(Clone, Copy, Debug)]
pub struct SeriesInput<'a> {
    /// Every review.
    pub reviews: &'a [ReviewPoint],
    /// Set ids, indexed by [`ReviewPoint::set`].
    pub sets: &'a [SetId],
    /// Every quiz score per set and attempt.
    pub quiz: &'a [QuizPoint],
    /// The moment "today" contains.
    pub now: DateTime<Utc>,
    /// The student's UTC offset now.
    pub utc_offset: FixedOffset,
    /// The hour a study day begins.
    pub rollover_hour: u8,
    /// How many days the per-day and per-week series cover (30, 90 or 365).
    pub range_days: u32,
    /// Only this set, or every set.
    pub set: Option<&'a SetId>,
}

/// Reviews of one study day, by the card's phase before each.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DayReviews {
    /// The local date the study day begins on.
    pub date: NaiveDate,
    /// Days before today (0 is today).
    pub days_ago: u32,
    /// Answers to new and learning cards.
    pub learning: u32,
    /// Answers to review cards.
    pub review: u32,
    /// Answers to relearning cards.
    pub relearning: u32,
}

impl DayReviews {
    /// All answers of the day.
    pub fn total(&self) -> u32 {
        self.learning + self.review + self.relearning
    }
}

/// Cards falling due on one study day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DayDue {
    /// The local date the study day begins on.
    pub date: NaiveDate,
    /// Days from today (0 is today, overdue cards included).
    pub in_days: u32,
    /// Cards due that day.
    pub cards: u32,
}

/// True retention of one week.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WeekRetention {
    /// The local date of the week's first day.
    pub from: NaiveDate,
    /// Weeks before this one (0 is the week ending today).
    pub weeks_ago: u32,
    /// Answers to review cards.
    pub reviews: u32,
    /// Of those, the ones not `Again`.
    pub kept: u32,
    /// `kept / reviews`, if there were any.
    pub retention: Option<f64>,
}

/// The quiz scores of one set over time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuizSeries {
    /// The set.
    pub set: SetId,
    /// Each attempt's score for the set, oldest first: (RFC 3339 time, score 0 to 1).
    pub scores: Vec<(String, f64)>,
}

/// One day of the study calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CalendarDay {
    /// The local date the study day begins on.
    pub date: NaiveDate,
    /// Answers given that day.
    pub reviews: u32,
}

/// Cards by phase.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PhaseCounts {
    /// Never answered.
    pub new: u32,
    /// In learning.
    pub learning: u32,
    /// In review.
    pub review: u32,
    /// In relearning.
    pub relearning: u32,
}

/// Cards whose stability falls in `from_days..to_days`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StabilityBucket {
    /// How the bucket is labelled: "< 1 d", "1–3 d", ...
    pub label: &'static str,
    /// Lower bound in days (included).
    pub from_days: f32,
    /// Upper bound in days (excluded; infinite for the last).
    pub to_days: Option<f32>,
    /// Cards in the bucket.
    pub cards: u32,
}

/// Every series, for one range and one set (or all).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Series {
    /// Days covered by `reviews_per_day` and `retention_per_week`.
    pub range_days: u32,
    /// The set the series are limited to, if any.
    pub set: Option<SetId>,
    /// Reviews per study day, oldest first, ending today.
    pub reviews_per_day: Vec<DayReviews>,
    /// Cards due on each of the next 30 study days, today first.
    pub due_forecast: Vec<DayDue>,
    /// True retention per week, oldest first, ending with the week that ends today.
    pub retention_per_week: Vec<WeekRetention>,
    /// Quiz scores over time, per set.
    pub quiz_scores: Vec<QuizSeries>,
    /// Reviews per day over the last year, oldest first, ending today.
    pub calendar: Vec<CalendarDay>,
    /// Days in a row with at least one answer, up to today (or yesterday, if today has none
    /// yet: the day is not over).
    pub current_streak: u32,
    /// The longest such run in the whole history.
    pub longest_streak: u32,
    /// Cards by phase.
    pub phases: PhaseCounts,
    /// Cards by stability.
    pub stability: Vec<StabilityBucket>,
    /// Answers in the range whose verdict the student overruled ("I was right", or `Again`
    /// after a right answer).
    pub overridden: u32,
}

/// Days in the due forecast.
pub const FORECAST_DAYS: u32 = 30;
/// Days in the study calendar.
pub const CALENDAR_DAYS: u32 = 365;

const STABILITY_BUCKETS: [(&str, f32, Option<f32>); 7] = [
    ("< 1 d", 0.0, Some(1.0)),
    ("1–3 d", 1.0, Some(3.0)),
    ("3–7 d", 3.0, Some(7.0)),
    ("7–21 d", 7.0, Some(21.0)),
    ("21–90 d", 21.0, Some(90.0)),
    ("90–365 d", 90.0, Some(365.0)),
    ("≥ 1 y", 365.0, None),
];

/// Computes every series from the reviews, the quiz scores and `cards`, each loaded card as
/// its set id and state (`None`: never answered).
pub fn series<'s, I>(input: &SeriesInput<'_>, cards: I) -> Series
where
    I: IntoIterator<Item = (&'s SetId, Option<&'s CardState>)>,
{
    let today = StudyDay::of(input.now, input.utc_offset, input.rollover_hour);
    let date_of = |day: StudyDay| {
        day.start(input.utc_offset, input.rollover_hour)
            .with_timezone(&input.utc_offset)
            .date_naive()
    };
    let range = input.range_days.max(1);
    let tally = tally_days(input, today, range.max(CALENDAR_DAYS));
    let day_at = |ago: u32| StudyDay(today.0 - i64::from(ago));
    let reviews_per_day = (0..range)
        .rev()
        .map(|ago| {
            let [learning, review, relearning, _] = tally.days[ago as usize];
            DayReviews {
                date: date_of(day_at(ago)),
                days_ago: ago,
                learning,
                review,
                relearning,
            }
        })
        .collect();
    let retention_per_week = (0..range.div_ceil(7))
        .rev()
        .map(|week| {
            let first = week * 7;
            let (reviews, kept) = (first..(first + 7).min(range))
                .map(|ago| tally.days[ago as usize])
                .fold((0, 0), |(r, k), d| (r + d[1], k + d[3]));
            WeekRetention {
                from: date_of(day_at((first + 6).min(range - 1))),
                weeks_ago: week,
                reviews,
                kept,
                retention: (reviews > 0).then(|| f64::from(kept) / f64::from(reviews)),
            }
        })
        .collect();
    let calendar = (0..CALENDAR_DAYS)
        .rev()
        .map(|ago| {
            let d = tally.days[ago as usize];
            CalendarDay {
                date: date_of(day_at(ago)),
                reviews: d[0] + d[1] + d[2],
            }
        })
        .collect();
    let (current_streak, longest_streak) = streaks(&tally.active_days, today);
    let cards = tally_cards(input, today, cards);
    let due_forecast = cards
        .due
        .into_iter()
        .zip(0..)
        .map(|(cards, in_days)| DayDue {
            date: date_of(today.plus(in_days)),
            in_days,
            cards,
        })
        .collect();
    Series {
        range_days: range,
        set: input.set.cloned(),
        reviews_per_day,
        due_forecast,
        retention_per_week,
        quiz_scores: quiz_series(input),
        calendar,
        current_streak,
        longest_streak,
        overridden: tally.overridden,
        phases: cards.phases,
        stability: cards.stability,
    }
}

/// Answers per study day, by kind, over the last `history` days, and every day with one.
struct DayTally {
    /// Per day ago: learning, review, relearning, and review answers not forgotten.
    days: Vec<[u32; 4]>,
    /// Every study day with at least one answer, however long ago.
    active_days: HashSet<i64>,
    /// Overruled verdicts within the range.
    overridden: u32,
}

fn tally_days(input: &SeriesInput<'_>, today: StudyDay, history: u32) -> DayTally {
    let range = input.range_days as usize;
    let wanted_set = input
        .set
        .map(|wanted| input.sets.iter().position(|s| s == wanted));
    let in_scope = |set: u32| match wanted_set {
        None => true,
        Some(Some(index)) => usize::try_from(set).is_ok_and(|s| s == index),
        Some(None) => false,
    };
    let mut tally = DayTally {
        days: vec![[0u32; 4]; history as usize],
        active_days: HashSet::new(),
        overridden: 0,
    };
    for r in input.reviews.iter().filter(|r| in_scope(r.set)) {
        let (Some(at), Some(offset)) = (
            DateTime::from_timestamp_millis(r.at_ms),
            FixedOffset::east_opt(r.utc_offset_s),
        ) else {
            continue;
        };
        let day = StudyDay::of(at, offset, input.rollover_hour);
        tally.active_days.insert(day.0);
        let ago = usize::try_from(today.0 - day.0).ok();
        if r.overridden && ago.is_some_and(|ago| ago < range) {
            tally.overridden += 1;
        }
        let Some(slot) = ago.and_then(|ago| tally.days.get_mut(ago)) else {
            continue;
        };
        match r.kind {
            Phase::New | Phase::Learning => slot[0] += 1,
            Phase::Review => {
                slot[1] += 1;
                if r.rating != Rating::Again {
                    slot[3] += 1;
                }
            }
            Phase::Relearning => slot[2] += 1,
        }
    }
    tally
}

/// What the card states give: the due forecast, the phases and the stability buckets.
struct CardTally {
    due: Vec<u32>,
    phases: PhaseCounts,
    stability: Vec<StabilityBucket>,
}

fn tally_cards<'s, I>(input: &SeriesInput<'_>, today: StudyDay, cards: I) -> CardTally
where
    I: IntoIterator<Item = (&'s SetId, Option<&'s CardState>)>,
{
    let mut phases = PhaseCounts::default();
    let mut due = vec![0u32; FORECAST_DAYS as usize];
    let mut stability = vec![0u32; STABILITY_BUCKETS.len()];
    for (set, state) in cards {
        if input.set.is_some_and(|s| s != set) {
            continue;
        }
        let Some(state) = state else {
            phases.new += 1;
            continue;
        };
        match state.phase {
            Phase::New => phases.new += 1,
            Phase::Learning => phases.learning += 1,
            Phase::Review => phases.review += 1,
            Phase::Relearning => phases.relearning += 1,
        }
        if state.phase != Phase::New {
            let due_day = state
                .review_due_day()
                .unwrap_or_else(|| StudyDay::of(state.due, input.utc_offset, input.rollover_hour));
            let in_days = due_day.0.saturating_sub(today.0).max(0);
            if let Some(slot) = usize::try_from(in_days).ok().and_then(|d| due.get_mut(d)) {
                *slot += 1;
            }
        }
        if let Some(memory) = state.memory {
            let bucket = STABILITY_BUCKETS.iter().position(|&(_, from, to)| {
                memory.stability >= from && to.is_none_or(|t| memory.stability < t)
            });
            if let Some(b) = bucket {
                stability[b] += 1;
            }
        }
    }
    CardTally {
        due,
        phases,
        stability: STABILITY_BUCKETS
            .iter()
            .zip(stability)
            .map(|(&(label, from_days, to_days), cards)| StabilityBucket {
                label,
                from_days,
                to_days,
                cards,
            })
            .collect(),
    }
}

/// The current streak (ending today, or yesterday if today has no answer yet) and the longest.
fn streaks(active: &HashSet<i64>, today: StudyDay) -> (u32, u32) {
    let run_back_from = |mut day: i64| {
        let mut n = 0;
        while active.contains(&day) {
            n += 1;
            day -= 1;
        }
        n
    };
    let current = if active.contains(&today.0) {
        run_back_from(today.0)
    } else {
        run_back_from(today.0 - 1)
    };
    let longest = active
        .iter()
        .filter(|&&day| !active.contains(&(day - 1)))
        .map(|&start| {
            let mut n = 0;
            while active.contains(&(start + n)) {
                n += 1;
            }
            u32::try_from(n).unwrap_or(u32::MAX)
        })
        .max()
        .unwrap_or(0);
    (current, longest)
}

fn quiz_series(input: &SeriesInput<'_>) -> Vec<QuizSeries> {
    let mut by_set: HashMap<&SetId, Vec<(DateTime<Utc>, f64)>> = HashMap::new();
    for point in input.quiz {
        if input.set.is_some_and(|s| s != &point.set) {
            continue;
        }
        by_set
            .entry(&point.set)
            .or_default()
            .push((point.finished_at, point.score));
    }
    let mut series: Vec<QuizSeries> = by_set
        .into_iter()
        .map(|(set, mut scores)| {
            scores.sort_by_key(|(t, _)| *t);
            QuizSeries {
                set: set.clone(),
                scores: scores
                    .into_iter()
                    .map(|(t, s)| (t.with_timezone(&input.utc_offset).to_rfc3339(), s))
                    .collect(),
            }
        })
        .collect();
    series.sort_by(|a, b| a.set.cmp(&b.set));
    series
}

#[cfg(test)]
mod tests;
