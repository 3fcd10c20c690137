//! Every series on a fixed log, with exact numbers.

use chrono::{DateTime, Duration, FixedOffset, Utc};

use super::*;
use crate::bank::SetId;
use crate::schedule::Memory;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// A review at `when` (UTC, offset +1 h) of a card of set `set`.
fn point(when: &str, kind: Phase, rating: Rating, set: u32) -> ReviewPoint {
    ReviewPoint {
        at_ms: at(when).timestamp_millis(),
        utc_offset_s: 3600,
        rating,
        kind,
        set,
        overridden: false,
    }
}

const SETS: [&str; 2] = ["alpha", "beta"];

/// Now: 2026-03-10 12:00 UTC, 13:00 local (+1); study days start at 04:00 local.
fn input<'a>(
    reviews: &'a [ReviewPoint],
    sets: &'a [SetId],
    quiz: &'a [QuizPoint],
    range: u32,
    set: Option<&'a SetId>,
) -> SeriesInput<'a> {
    SeriesInput {
        reviews,
        sets,
        quiz,
        now: at("2026-03-10T12:00:00Z"),
        utc_offset: FixedOffset::east_opt(3600).unwrap(),
        rollover_hour: 4,
        range_days: range,
        set,
    }
}

fn log() -> Vec<ReviewPoint> {
    vec![
        // Today (10 March).
        point("2026-03-10T08:00:00Z", Phase::New, Rating::Good, 0),
        point("2026-03-10T08:01:00Z", Phase::Learning, Rating::Good, 0),
        point("2026-03-10T09:00:00Z", Phase::Review, Rating::Good, 1),
        point("2026-03-10T09:05:00Z", Phase::Review, Rating::Again, 0),
        point("2026-03-10T09:06:00Z", Phase::Relearning, Rating::Good, 0),
        // 02:30 UTC on 10 March is 03:30 local: still the study day of 9 March.
        point("2026-03-10T02:30:00Z", Phase::Review, Rating::Hard, 1),
        // 8 March: nothing. 7 March and 6 March: one each.
        point("2026-03-07T10:00:00Z", Phase::Review, Rating::Good, 0),
        point("2026-03-06T10:00:00Z", Phase::Review, Rating::Again, 1),
        // Five days in a row, long ago (a longer streak than the current one).
        point("2025-12-01T10:00:00Z", Phase::New, Rating::Good, 0),
        point("2025-12-02T10:00:00Z", Phase::Learning, Rating::Good, 0),
        point("2025-12-03T10:00:00Z", Phase::Review, Rating::Good, 0),
        point("2025-12-04T10:00:00Z", Phase::Review, Rating::Good, 0),
        point("2025-12-05T10:00:00Z", Phase::Review, Rating::Good, 0),
    ]
}

fn sets() -> Vec<SetId> {
    SETS.iter().map(|s| SetId::new(*s)).collect()
}

#[test]
fn reviews_per_day_count_each_kind_on_its_study_day() {
    let (reviews, sets) = (log(), sets());
    let s = series(&input(&reviews, &sets, &[], 30, None), std::iter::empty());
    assert_eq!(s.reviews_per_day.len(), 30);
    let today = s.reviews_per_day.last().unwrap();
    assert_eq!(today.date.to_string(), "2026-03-10");
    assert_eq!(
        (
            today.days_ago,
            today.learning,
            today.review,
            today.relearning
        ),
        (0, 2, 2, 1)
    );
    let yesterday = &s.reviews_per_day[28];
    assert_eq!(
        (yesterday.date.to_string().as_str(), yesterday.review),
        ("2026-03-09", 1)
    );
    let totals: Vec<u32> = s.reviews_per_day[25..]
        .iter()
        .map(DayReviews::total)
        .collect();
    assert_eq!(totals, [1, 1, 0, 1, 5], "6, 7, 8, 9 and 10 March");
    assert_eq!(s.reviews_per_day[0].date.to_string(), "2026-02-09");
    // The December reviews are outside 30 days but inside the year-long calendar.
    let s = series(&input(&reviews, &sets, &[], 365, None), std::iter::empty());
    assert_eq!(
        s.reviews_per_day.iter().map(DayReviews::total).sum::<u32>(),
        13
    );
}

#[test]
fn true_retention_per_week_counts_review_phase_answers_not_forgotten() {
    let (reviews, sets) = (log(), sets());
    let s = series(&input(&reviews, &sets, &[], 30, None), std::iter::empty());
    assert_eq!(
        s.retention_per_week.len(),
        5,
        "30 days make four weeks and two days"
    );
    let this_week = s.retention_per_week.last().unwrap();
    // 4 to 10 March: review answers Good, Again, Hard, Good, Again: 3 of 5 kept.
    assert_eq!(this_week.from.to_string(), "2026-03-04");
    assert_eq!((this_week.reviews, this_week.kept), (5, 3));
    assert!((this_week.retention.unwrap() - 0.6).abs() < 1e-12);
    assert_eq!(
        s.retention_per_week[0].retention, None,
        "no answer that week"
    );
    assert_eq!(s.retention_per_week[0].from.to_string(), "2026-02-09");
}

#[test]
fn the_calendar_covers_a_year_and_streaks_count_days_in_a_row() {
    let (reviews, sets) = (log(), sets());
    let s = series(&input(&reviews, &sets, &[], 30, None), std::iter::empty());
    assert_eq!(s.calendar.len(), 365);
    assert_eq!(s.calendar.last().unwrap().reviews, 5);
    assert_eq!(s.calendar.iter().map(|d| d.reviews).sum::<u32>(), 13);
    // 9 and 10 March; 8 March breaks it.
    assert_eq!(s.current_streak, 2);
    assert_eq!(s.longest_streak, 5);
    // Before today's first answer, yesterday's streak still counts.
    let before_today: Vec<ReviewPoint> = reviews
        .iter()
        .copied()
        .filter(|r| r.at_ms < at("2026-03-10T03:00:00Z").timestamp_millis())
        .collect();
    let s = series(
        &input(&before_today, &sets, &[], 30, None),
        std::iter::empty(),
    );
    assert_eq!(s.current_streak, 1);
}

#[test]
fn the_forecast_phases_and_stability_come_from_the_card_states() {
    let (reviews, sets) = (log(), sets());
    let today_start = at("2026-03-10T03:00:00Z"); // 04:00 local
    let day = crate::schedule::StudyDay::of(today_start, FixedOffset::east_opt(3600).unwrap(), 4);
    let review = |days_from_today: i64, interval: u32, stability: f32| CardState {
        phase: Phase::Review,
        interval_days: interval,
        last_review_day: Some(crate::schedule::StudyDay(
            day.0 + days_from_today - i64::from(interval),
        )),
        due: today_start + Duration::days(days_from_today),
        memory: Some(Memory {
            stability,
            difficulty: 5.0,
        }),
        ..CardState::new_card()
    };
    let learning = CardState {
        phase: Phase::Learning,
        due: at("2026-03-10T12:05:00Z"),
        memory: Some(Memory {
            stability: 0.5,
            difficulty: 5.0,
        }),
        ..CardState::new_card()
    };
    let states = [
        review(-3, 2, 2.5),  // overdue: counted today
        review(0, 4, 4.0),   // today
        review(1, 10, 25.0), // tomorrow
        review(29, 30, 400.0),
        review(45, 50, 100.0), // beyond 30 days
    ];
    let (alpha, beta) = (SetId::new("alpha"), SetId::new("beta"));
    let cards: Vec<(&SetId, Option<&CardState>)> = states
        .iter()
        .map(|s| (&alpha, Some(s)))
        .chain([(&alpha, Some(&learning)), (&alpha, None), (&beta, None)])
        .collect();
    let s = series(
        &input(&reviews, &sets, &[], 30, None),
        cards.iter().copied(),
    );
    let due: Vec<u32> = s.due_forecast.iter().map(|d| d.cards).collect();
    assert_eq!(due.len(), 30);
    assert_eq!(
        (due[0], due[1], due[29]),
        (3, 1, 1),
        "two review cards and the learning card today"
    );
    assert_eq!(due.iter().sum::<u32>(), 5);
    assert_eq!(
        s.phases,
        PhaseCounts {
            new: 2,
            learning: 1,
            review: 5,
            relearning: 0
        }
    );
    let buckets: Vec<u32> = s.stability.iter().map(|b| b.cards).collect();
    assert_eq!(buckets, [1, 1, 1, 0, 1, 1, 1]);
    // Only set beta: its one new card and none of alpha's.
    let only_beta = series(
        &input(&reviews, &sets, &[], 30, Some(&beta)),
        cards.iter().copied(),
    );
    assert_eq!(
        only_beta.phases,
        PhaseCounts {
            new: 1,
            ..PhaseCounts::default()
        }
    );
    // Beta's answers on 6, 9 and 10 March.
    assert_eq!(
        only_beta
            .reviews_per_day
            .iter()
            .map(DayReviews::total)
            .sum::<u32>(),
        3
    );
}

#[test]
fn quiz_scores_are_kept_per_set_in_time_order() {
    let (reviews, sets) = (log(), sets());
    let quiz = [
        QuizPoint {
            finished_at: at("2026-03-05T10:00:00Z"),
            set: "beta".into(),
            score: 0.5,
        },
        QuizPoint {
            finished_at: at("2026-03-01T10:00:00Z"),
            set: "alpha".into(),
            score: 0.25,
        },
        QuizPoint {
            finished_at: at("2026-03-09T10:00:00Z"),
            set: "alpha".into(),
            score: 0.75,
        },
    ];
    let s = series(&input(&reviews, &sets, &quiz, 30, None), std::iter::empty());
    assert_eq!(s.quiz_scores.len(), 2);
    assert_eq!(s.quiz_scores[0].set, "alpha");
    assert_eq!(
        s.quiz_scores[0].scores,
        [
            ("2026-03-01T11:00:00+01:00".to_owned(), 0.25),
            ("2026-03-09T11:00:00+01:00".to_owned(), 0.75)
        ]
    );
    let s = series(
        &input(&reviews, &sets, &quiz, 30, Some(&SetId::new("beta"))),
        std::iter::empty(),
    );
    assert_eq!(s.quiz_scores.len(), 1);
}

#[test]
fn overruled_verdicts_are_counted_in_the_range_and_set() {
    let sets = sets();
    let overruled = |when: &str, set: u32| ReviewPoint {
        overridden: true,
        ..point(when, Phase::Review, Rating::Good, set)
    };
    let reviews = vec![
        overruled("2026-03-10T09:00:00Z", 0),
        overruled("2026-03-01T09:00:00Z", 1),
        overruled("2025-12-01T09:00:00Z", 0), // more than 30 days ago
        point("2026-03-09T09:00:00Z", Phase::Review, Rating::Good, 0),
    ];
    let all = series(&input(&reviews, &sets, &[], 30, None), std::iter::empty());
    assert_eq!(all.overridden, 2);
    let year = series(&input(&reviews, &sets, &[], 365, None), std::iter::empty());
    assert_eq!(year.overridden, 3);
    let beta = SetId::new("beta");
    let only_beta = series(
        &input(&reviews, &sets, &[], 30, Some(&beta)),
        std::iter::empty(),
    );
    assert_eq!(only_beta.overridden, 1);
}
