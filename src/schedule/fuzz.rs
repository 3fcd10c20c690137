//! Anki's interval fuzz: a small, reproducible random spread of review intervals, so that
//! cards learnt together do not stay due together forever.
//!
//! The ranges are Anki's (`rslib/src/scheduler/states/fuzz.rs`). The random factor comes from
//! the card key and its review count through FNV-1a and `SplitMix64`, whose outputs are fixed by
//! their definitions, so replaying a history gives the same intervals on every machine and
//! every version of every dependency.

use crate::bank::CardKey;

/// A range of intervals (in days) and the share of each day in it that is added to the fuzz.
struct FuzzRange {
    start: f32,
    end: f32,
    factor: f32,
}

const FUZZ_RANGES: [FuzzRange; 3] = [
    FuzzRange {
        start: 2.5,
        end: 7.0,
        factor: 0.15,
    },
    FuzzRange {
        start: 7.0,
        end: 20.0,
        factor: 0.1,
    },
    FuzzRange {
        start: 20.0,
        end: f32::MAX,
        factor: 0.05,
    },
];

/// How far an interval may move each way: none below 2.5 days, then 1 day plus a share of
/// every day in each range.
fn fuzz_delta(interval: f32) -> f32 {
    if interval < 2.5 {
        0.0
    } else {
        FUZZ_RANGES.iter().fold(1.0, |delta, range| {
            delta + range.factor * (interval.min(range.end) - range.start).max(0.0)
        })
    }
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // Rounded, clamped day counts.
fn round_days(x: f32) -> u32 {
    // Far beyond any maximum interval, and exactly representable as f32.
    const CEILING: f32 = 1.0e9;
    x.round().clamp(0.0, CEILING) as u32
}

/// The fuzz range of `interval`, kept within `minimum..=maximum` and at least two days wide
/// where the limits allow.
pub fn bounds(interval: f32, minimum: u32, maximum: u32) -> (u32, u32) {
    let minimum = minimum.min(maximum);
    #[allow(clippy::cast_precision_loss)] // Day counts are far below 2^24.
    let interval = interval.clamp(minimum as f32, maximum as f32);
    let delta = fuzz_delta(interval);
    let lower = round_days(interval - delta).clamp(minimum, maximum);
    let mut upper = round_days(interval + delta).clamp(minimum, maximum);
    if upper == lower && upper > 2 && upper < maximum {
        upper = lower + 1;
    }
    (lower, upper)
}

/// `interval` rounded to whole days within `minimum..=maximum`, spread by `factor` (0..1)
/// across its fuzz range; without a factor, just rounded and clamped.
pub fn apply(factor: Option<f64>, interval: f32, minimum: u32, maximum: u32) -> u32 {
    match factor {
        None => round_days(interval).clamp(minimum.min(maximum), maximum),
        Some(factor) => {
            let (lower, upper) = bounds(interval, minimum, maximum);
            let span = f64::from(upper - lower + 1);
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let offset = (factor.clamp(0.0, 1.0) * span).floor().min(span - 1.0) as u32;
            lower + offset
        }
    }
}

/// The fuzz factor (0..1) of a card's review number `reps`: the same inputs give the same
/// factor, different reviews of one card give unrelated ones.
pub fn factor(card: &CardKey, reps: u32) -> f64 {
    #[allow(clippy::cast_precision_loss)] // 53 bits fit a double exactly.
    let unit = (hash(card, reps) >> 11) as f64 / (1u64 << 53) as f64;
    unit
}

/// A 64-bit hash of a card key and a number, fixed by definition (FNV-1a, then `SplitMix64`'s
/// finaliser to spread the bits): the same on every machine and in every version, so it can
/// seed anything that must be reproducible, such as fuzz and the order of a card's options.
pub fn hash(card: &CardKey, salt: u32) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let key = card.to_string();
    for byte in key.bytes().chain(salt.to_le_bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let mut z = hash.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same lower, middle and upper intervals as Anki's own fuzz tests.
    #[test]
    fn fuzz_ranges_match_ankis() {
        let cases: [(f32, u32, u32, [u32; 3]); 16] = [
            (1.0, 1, 1000, [1, 1, 1]),
            (2.49, 1, 1000, [2, 2, 2]),
            (2.5, 1, 1000, [2, 3, 4]),
            (7.0, 1, 1000, [5, 7, 9]),
            (17.0, 1, 1000, [14, 17, 20]),
            (37.0, 1, 1000, [33, 37, 41]),
            (2.0, 2, 1000, [2, 2, 2]),
            (2.0, 3, 1000, [3, 4, 4]),
            (2.0, 3, 3, [3, 3, 3]),
            (6.9, 3, 1000, [5, 7, 9]),
            (7.1, 3, 1000, [5, 7, 9]),
            (19.9, 3, 1000, [17, 20, 23]),
            (20.1, 3, 1000, [17, 20, 23]),
            (100.0, 101, 1000, [101, 105, 108]),
            (100.0, 1, 99, [92, 96, 99]),
            (100.0, 97, 103, [97, 100, 103]),
        ];
        for (interval, min, max, expected) in cases {
            let got = [0.0, 0.5, 0.99].map(|f| apply(Some(f), interval, min, max));
            assert_eq!(got, expected, "interval {interval} in {min}..={max}");
        }
        assert_eq!(apply(None, 1.5, 1, 100), 2);
        assert_eq!(apply(None, 0.1, 1, 100), 1);
        assert_eq!(apply(None, 101.0, 1, 100), 100);
        // Inverted limits do not panic.
        let _ = bounds(1.0, 3, 2);
    }

    #[test]
    fn the_factor_is_reproducible_and_spread() {
        let key: CardKey = "article-5/signed".parse().unwrap();
        assert_eq!(factor(&key, 3).to_bits(), factor(&key, 3).to_bits());
        // Pinned to values computed independently (a Python transcription of FNV-1a and
        // SplitMix64): a change here would move every fuzzed interval in every history.
        assert!((factor(&key, 0) - 0.032_107_043_454_808_97).abs() < 1e-15);
        assert!((factor(&key, 7) - 0.813_213_783_936_730_5).abs() < 1e-15);
        let draws: Vec<f64> = (0..1000).map(|reps| factor(&key, reps)).collect();
        assert!(draws.iter().all(|f| (0.0..1.0).contains(f)));
        let mean = draws.iter().sum::<f64>() / 1000.0;
        assert!((mean - 0.5).abs() < 0.05, "mean {mean}");
        let low = draws.iter().filter(|&&f| f < 0.1).count();
        assert!((60..=140).contains(&low), "{low} of 1000 below 0.1");
    }
}
