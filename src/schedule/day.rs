//! Study days: the day a review counts for, starting at a rollover hour in local time.
//!
//! A student who studies at 01:00 is still in "yesterday" as far as their habits go, so a study
//! day begins at the rollover hour (default 04:00 local), as in Anki. The local offset is passed
//! in with each instant: the core never asks the system for the time zone.

use chrono::{DateTime, FixedOffset, TimeZone as _, Utc};
use serde::{Deserialize, Serialize};

const SECONDS_PER_DAY: i64 = 86_400;

/// A study day, counted from the one that contains 1970-01-01 at the rollover hour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct StudyDay(pub i64);

impl StudyDay {
    /// The study day containing `at`, for a student at `offset` whose days begin at
    /// `rollover_hour` (0-23) local time.
    pub fn of(at: DateTime<Utc>, offset: FixedOffset, rollover_hour: u8) -> Self {
        let local = at.timestamp() + i64::from(offset.local_minus_utc());
        Self((local - i64::from(rollover_hour) * 3600).div_euclid(SECONDS_PER_DAY))
    }

    /// The instant this study day begins, for a student at `offset`.
    pub fn start(self, offset: FixedOffset, rollover_hour: u8) -> DateTime<Utc> {
        let seconds = self.0 * SECONDS_PER_DAY + i64::from(rollover_hour) * 3600
            - i64::from(offset.local_minus_utc());
        Utc.timestamp_opt(seconds, 0)
            .single()
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    /// The day `days` after this one.
    #[must_use]
    pub fn plus(self, days: u32) -> Self {
        Self(self.0 + i64::from(days))
    }

    /// Whole study days from `earlier` to `self`; 0 if `earlier` is not earlier.
    pub fn days_since(self, earlier: Self) -> u32 {
        u32::try_from(self.0.saturating_sub(earlier.0).max(0)).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_study_day_begins_at_the_rollover_hour_local_time() {
        let paris = FixedOffset::east_opt(3600).unwrap();
        // 03:59 local on 2 March is still the study day of 1 March; 04:00 starts 2 March.
        let before = StudyDay::of(utc("2026-03-02T02:59:00Z"), paris, 4);
        let after = StudyDay::of(utc("2026-03-02T03:00:00Z"), paris, 4);
        assert_eq!(after.0 - before.0, 1);
        assert_eq!(after.start(paris, 4), utc("2026-03-02T03:00:00Z"));
        assert_eq!(before.start(paris, 4), utc("2026-03-01T03:00:00Z"));
    }

    #[test]
    fn days_since_counts_day_boundaries_not_24_hour_periods() {
        let utc0 = FixedOffset::east_opt(0).unwrap();
        // 23:00 and 05:00 the next morning are one study day apart though only 6 hours pass.
        let evening = StudyDay::of(utc("2026-05-01T23:00:00Z"), utc0, 4);
        let morning = StudyDay::of(utc("2026-05-02T05:00:00Z"), utc0, 4);
        assert_eq!(morning.days_since(evening), 1);
        // 05:00 and 03:00 the next night are the same study day.
        let night = StudyDay::of(utc("2026-05-03T03:00:00Z"), utc0, 4);
        assert_eq!(night.days_since(morning), 0);
        assert_eq!(evening.days_since(morning), 0, "never negative");
    }

    #[test]
    fn days_before_1970_and_far_west_offsets_work() {
        let honolulu = FixedOffset::west_opt(10 * 3600).unwrap();
        let day = StudyDay::of(utc("1949-04-04T12:00:00Z"), honolulu, 4);
        assert!(day.0 < 0);
        assert_eq!(StudyDay::of(day.start(honolulu, 4), honolulu, 4), day);
    }
}
