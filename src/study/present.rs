//! How a question is shown: options, items and partners in a shuffled order, drawn from a
//! seed so that the same seed shows the same arrangement.

use rand::SeedableRng as _;
use rand::rngs::Xoshiro256PlusPlus;
use rand::seq::SliceRandom as _;

use crate::bank::Answer;

/// The arrangement of one question on screen.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Presentation {
    /// `Choice`: option indices in display order. `Order`: the items' starting arrangement,
    /// never already right. `Match`: right-hand sides in display order. Empty otherwise.
    pub order: Vec<usize>,
}

/// The arrangement of `answer` for `seed`.
pub fn present(answer: &Answer, seed: u64) -> Presentation {
    let n = match answer {
        Answer::Choice { options, .. } => options.len(),
        Answer::Order(items) => items.len(),
        Answer::Match(pairs) => pairs.len(),
        _ => return Presentation::default(),
    };
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut rng);
    // An Order that starts right, or a Match whose partners line up, asks nothing.
    let must_differ = matches!(answer, Answer::Order(_) | Answer::Match(_));
    if must_differ && n >= 2 && order.iter().enumerate().all(|(i, &o)| i == o) {
        order.rotate_left(1);
    }
    Presentation { order }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_arrangement_and_orders_never_start_right() {
        let items: Vec<smol_str::SmolStr> = (0..4).map(|i| i.to_string().into()).collect();
        let order = Answer::Order(items.clone());
        assert_eq!(present(&order, 9), present(&order, 9));
        for seed in 0..500 {
            let p = present(&order, seed);
            let mut sorted = p.order.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, [0, 1, 2, 3], "a permutation");
            assert_ne!(
                p.order,
                [0, 1, 2, 3],
                "seed {seed} starts in the right order"
            );
        }
        let two = Answer::Order(vec!["a".into(), "b".into()]);
        assert_eq!(present(&two, 1).order, [1, 0]);
        let choice = Answer::Choice {
            options: items.into(),
            correct: Box::new([0]),
        };
        let arrangements: std::collections::HashSet<Vec<usize>> =
            (0..200).map(|seed| present(&choice, seed).order).collect();
        assert!(
            arrangements.len() > 12,
            "options are shuffled: {}",
            arrangements.len()
        );
        assert!(present(&Answer::TrueFalse(true), 3).order.is_empty());
    }
}
