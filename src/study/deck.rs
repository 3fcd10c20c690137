//! The loaded questions with their cards' states, and today's queue kept up to date as cards
//! are answered: what sessions draw from.
//!
//! The queue is indexed, not recomputed: every card sits in one lane (learning by due time,
//! review by due day, new by position), for all sets and for its own set. An answer moves one
//! card between lanes in O(log n); the next card and the counts are read off the front of the
//! lanes. Only a new bank rebuilds the lanes; a new study day only renews [`Today`].
//!
//! The daily limits are the student's, not a set's: today's reviews are the most overdue
//! `reviews_left` of every set, and today's new cards the first `new_left` in turn over the
//! sets (the first question of every set, then the second of every set, ...). A set's share
//! of today is its cards among those, so the counts of the sets add up to the total and
//! studying one set shows exactly what its row said.

use std::collections::{BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash as _, Hasher as _};
use std::sync::Arc;

use hashbrown::HashTable;

use chrono::{DateTime, Duration, FixedOffset, Utc};

use crate::bank::{Bank, CardKey, LoadedSet, Question, SetId};
use crate::grade::Reading;
use crate::schedule::{CardState, Config, DoneToday, Hold, Phase, StudyDay};
use crate::stats::{self, SetStats};

/// How far ahead a learning card may be shown when nothing else is due (Anki's default).
pub const LEARN_AHEAD: Duration = Duration::minutes(20);

/// Where one card of the deck is in the bank: its set and its question's index there. The key
/// and the question stay in the bank; the deck keeps 8 bytes per card, and a state only for
/// cards with history.
#[derive(Clone, Copy, Debug)]
struct Place {
    set: u32,
    question: u32,
}

/// The study day the queue is for, its limits and what was already done in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Today {
    /// The study day.
    pub day: StudyDay,
    /// The student's UTC offset the day was computed with.
    pub utc_offset: FixedOffset,
    /// The hour a study day begins.
    pub rollover_hour: u8,
    /// When the next study day begins.
    pub tomorrow_starts: DateTime<Utc>,
    /// New cards allowed per day.
    pub new_per_day: u32,
    /// Reviews allowed per day.
    pub reviews_per_day: u32,
    /// What the log says was studied today.
    pub done: DoneToday,
    /// New cards the student asked for on top of the daily allowance ("study more"), for
    /// this day only.
    pub extra_new: u32,
}

impl Today {
    /// The study day containing `now` under `config`, with `done` already studied.
    pub fn new(
        now: DateTime<Utc>,
        utc_offset: FixedOffset,
        config: &Config,
        done: DoneToday,
    ) -> Self {
        let day = StudyDay::of(now, utc_offset, config.rollover_hour);
        Self {
            day,
            utc_offset,
            rollover_hour: config.rollover_hour,
            tomorrow_starts: day.plus(1).start(utc_offset, config.rollover_hour),
            new_per_day: config.new_per_day,
            reviews_per_day: config.reviews_per_day,
            done,
            extra_new: 0,
        }
    }

    fn new_left(&self) -> usize {
        self.new_per_day
            .saturating_add(self.extra_new)
            .saturating_sub(self.done.new_cards) as usize
    }

    fn reviews_left(&self) -> usize {
        self.reviews_per_day.saturating_sub(self.done.reviews) as usize
    }
}

/// What is left to study today, as Home and the review header count it (Anki's three
/// numbers): disjoint, and together what "Study now" shows over the rest of the day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DueCounts {
    /// Learning and relearning cards due before the next study day (some maybe later today).
    pub learning: usize,
    /// Review cards due today or overdue, within the day's limit.
    pub review: usize,
    /// New cards, within what is left of the day's allowance.
    pub new: usize,
}

impl DueCounts {
    /// Every card left today.
    pub fn total(&self) -> usize {
        self.learning + self.review + self.new
    }
}

type ReviewSlot = (StudyDay, DateTime<Utc>, u32);

/// The cards of one scope (every set, or one) by lane.
#[derive(Clone, Debug, Default)]
struct Lanes {
    /// Learning and relearning cards by due moment.
    learning: BTreeSet<(DateTime<Utc>, u32)>,
    /// Review cards by due study day, then due moment.
    review: BTreeSet<ReviewSlot>,
    /// Cards never answered, in the order they are introduced: by their question's position
    /// in its set, then by deck position (so the sets take turns).
    new: BTreeSet<(u32, u32)>,
}

enum Slot {
    Learning((DateTime<Utc>, u32)),
    Review(ReviewSlot),
    New((u32, u32)),
}

/// The lane slot of the card at deck position `i`, question `q` of its set.
fn slot(i: u32, q: u32, state: Option<&CardState>) -> Slot {
    match state {
        None => Slot::New((q, i)),
        Some(state) => match state.phase {
            Phase::New => Slot::New((q, i)),
            Phase::Learning | Phase::Relearning => Slot::Learning((state.due, i)),
            // A review card without a last review day (a hand-edited cache) counts as due.
            Phase::Review => Slot::Review((
                state.review_due_day().unwrap_or(StudyDay(i64::MIN)),
                state.due,
                i,
            )),
        },
    }
}

impl Lanes {
    /// The lanes of `cards` (deck position and question position, with the state), built in
    /// bulk: sorted once into full nodes, which holds half the memory of inserting one by one.
    fn of<'a>(cards: impl Iterator<Item = ((u32, u32), Option<&'a CardState>)>) -> Self {
        let (mut learning, mut review, mut new) = (Vec::new(), Vec::new(), Vec::new());
        for ((i, q), state) in cards {
            match slot(i, q, state) {
                Slot::Learning(k) => learning.push(k),
                Slot::Review(k) => review.push(k),
                Slot::New(k) => new.push(k),
            }
        }
        Self {
            learning: learning.into_iter().collect(),
            review: review.into_iter().collect(),
            new: new.into_iter().collect(),
        }
    }

    fn insert(&mut self, (i, q): (u32, u32), state: Option<&CardState>) {
        match slot(i, q, state) {
            Slot::Learning(k) => self.learning.insert(k),
            Slot::Review(k) => self.review.insert(k),
            Slot::New(k) => self.new.insert(k),
        };
    }

    fn remove(&mut self, (i, q): (u32, u32), state: Option<&CardState>) {
        match slot(i, q, state) {
            Slot::Learning(k) => self.learning.remove(&k),
            Slot::Review(k) => self.review.remove(&k),
            Slot::New(k) => self.new.remove(&k),
        };
    }

    fn learning_due(&self, now: DateTime<Utc>) -> impl Iterator<Item = u32> + '_ {
        self.learning.range(..=(now, u32::MAX)).map(|&(_, i)| i)
    }

    fn reviews_due(&self, today: StudyDay) -> impl Iterator<Item = u32> + '_ {
        self.review
            .range(..=(today, DateTime::<Utc>::MAX_UTC, u32::MAX))
            .map(|&(_, _, i)| i)
    }

    fn learning_today(&self, today: &Today) -> usize {
        self.learning.range(..(today.tomorrow_starts, 0)).count()
    }
}

/// Where the card at deck position `i` is, given the position of each set's first card: in
/// the last set starting at or before it (a set without cards starts where the next does).
fn place(set_starts: &[u32], i: u32) -> Place {
    let set = set_starts
        .partition_point(|&start| start <= i)
        .saturating_sub(1);
    let start = set_starts.get(set).copied().unwrap_or(0);
    Place {
        set: u32::try_from(set).unwrap_or(u32::MAX),
        question: i - start.min(i),
    }
}

/// The hash a card key is found by in [`Deck`]'s index: fixed keys, so the deck is the same
/// on every run (nothing here is exposed to input that could aim for collisions).
fn hash_key(key: &CardKey) -> u64 {
    let mut hasher = DefaultHasher::new();
    key.hash(&mut hasher);
    hasher.finish()
}

/// Which cards a count or a queue is for: every set, or the one at this index.
#[derive(Clone, Copy)]
enum Scope {
    All,
    Set(u32),
}

/// The bank and the state of every card, kept side by side in set order, with today's queue.
/// States of cards no loaded set contains (orphans) are kept too: a reload may bring their
/// questions back.
#[derive(Debug)]
pub struct Deck {
    bank: Bank,
    /// The deck position of each set's first card: cards are in set order, so this says
    /// where every card is in the bank.
    set_starts: Vec<u32>,
    states: Vec<Option<Box<CardState>>>,
    /// Deck positions by card key: the keys stay in the bank, so a card costs 4 bytes here
    /// (a map holding its own copy of every key cost 40 at 100,000 cards).
    index: HashTable<u32>,
    set_index: HashMap<SetId, u32>,
    orphans: HashMap<CardKey, CardState>,
    /// Cards the student set aside (orphans included). A card its hold keeps out today is in
    /// no lane: it is not asked and not counted.
    holds: HashMap<CardKey, Hold>,
    all: Lanes,
    per_set: Vec<Lanes>,
    today: Today,
}

impl Deck {
    /// The deck of `bank` with the stored `states`, its queue planned for `today`.
    pub fn new(bank: Bank, stored: HashMap<CardKey, CardState>, today: Today) -> Self {
        Self::with_holds(bank, stored, HashMap::new(), today)
    }

    /// The deck of `bank` with the stored `states` and `holds`, its queue planned for `today`.
    pub fn with_holds(
        bank: Bank,
        mut stored: HashMap<CardKey, CardState>,
        holds: HashMap<CardKey, Hold>,
        today: Today,
    ) -> Self {
        let n = bank.question_count();
        let mut set_starts = Vec::with_capacity(bank.sets.len());
        let mut states = Vec::with_capacity(n);
        for loaded in &bank.sets {
            set_starts.push(u32::try_from(states.len()).unwrap_or(u32::MAX));
            states.extend(
                loaded
                    .keys
                    .iter()
                    .map(|key| stored.remove(key).map(Box::new)),
            );
        }
        let held_out = |s: usize, q: u32| {
            holds
                .get(&bank.sets[s].keys[q as usize])
                .is_some_and(|h| h.keeps_out(today.day))
        };
        let cards_of = |s: usize| {
            let start = set_starts[s];
            let states = &states;
            (0..u32::try_from(bank.sets[s].keys.len()).unwrap_or(u32::MAX))
                .filter(move |&q| !held_out(s, q))
                .map(move |q| {
                    let i = start + q;
                    ((i, q), states[i as usize].as_deref())
                })
        };
        let all = Lanes::of((0..bank.sets.len()).flat_map(cards_of));
        let per_set = (0..bank.sets.len())
            .map(|s| Lanes::of(cards_of(s)))
            .collect();
        let key_at = |i: u32| {
            let place = place(&set_starts, i);
            &bank.sets[place.set as usize].keys[place.question as usize]
        };
        let mut index = HashTable::with_capacity(n);
        for i in 0..u32::try_from(states.len()).unwrap_or(u32::MAX) {
            index.insert_unique(hash_key(key_at(i)), i, |&j| hash_key(key_at(j)));
        }
        let set_index = bank
            .sets
            .iter()
            .zip(0..)
            .map(|(l, i)| (l.set.id.clone(), i))
            .collect();
        Self {
            bank,
            set_starts,
            states,
            index,
            set_index,
            orphans: stored,
            holds,
            all,
            per_set,
            today,
        }
    }

    /// Replaces the bank (a question file changed), keeping every card's state and the day.
    pub fn reload(&mut self, bank: Bank) {
        let mut states = std::mem::take(&mut self.orphans);
        for (i, state) in (0..).zip(std::mem::take(&mut self.states)) {
            if let Some(state) = state {
                states.insert(self.key(i).clone(), *state);
            }
        }
        let holds = std::mem::take(&mut self.holds);
        *self = Self::with_holds(bank, states, holds, self.today);
    }

    /// The deck position of the card with `key`, if a loaded set contains it.
    fn position(&self, key: &CardKey) -> Option<u32> {
        self.index
            .find(hash_key(key), |&i| self.key(i) == key)
            .copied()
    }

    /// Where the card at deck position `i` is in the bank.
    fn place(&self, i: u32) -> Place {
        place(&self.set_starts, i)
    }

    /// The key of the card at `i` in deck order.
    fn key(&self, i: u32) -> &CardKey {
        let place = self.place(i);
        &self.bank.sets[place.set as usize].keys[place.question as usize]
    }

    /// The day the queue is planned for.
    pub fn today(&self) -> &Today {
        &self.today
    }

    /// Plans the queue for another study day, or other limits. The lanes stay as they are,
    /// but for buried cards: a new day takes back those buried for the day before.
    pub fn set_today(&mut self, today: Today) {
        let before = self.today.day;
        self.today = today;
        if before == today.day {
            return;
        }
        let moved: Vec<(CardKey, bool)> = self
            .holds
            .iter()
            .filter(|(_, h)| h.keeps_out(before) != h.keeps_out(today.day))
            .map(|(k, h)| (k.clone(), h.keeps_out(today.day)))
            .collect();
        for (key, out) in moved {
            self.place_in_lanes(&key, !out);
        }
        self.holds.retain(|_, h| !h.is_over(today.day));
    }

    /// The hold on a card, if the student set it aside (a bury of a past day is over).
    pub fn hold(&self, key: &CardKey) -> Option<Hold> {
        self.holds
            .get(key)
            .copied()
            .filter(|h| !h.is_over(self.today.day))
    }

    /// Every card set aside, orphans included.
    pub fn holds(&self) -> impl Iterator<Item = (&CardKey, Hold)> {
        self.holds.iter().map(|(k, h)| (k, *h))
    }

    /// Sets aside a card (`Some`) or takes its hold off (`None`): a card its hold keeps out
    /// today leaves the queue, one no longer kept out takes its place there again.
    pub fn set_hold(&mut self, key: &CardKey, hold: Option<Hold>) {
        let day = self.today.day;
        let was_out = self.holds.get(key).is_some_and(|h| h.keeps_out(day));
        let out = hold.is_some_and(|h| h.keeps_out(day));
        match hold {
            Some(hold) => self.holds.insert(key.clone(), hold),
            None => self.holds.remove(key),
        };
        if was_out != out {
            self.place_in_lanes(key, !out);
        }
    }

    /// Puts a loaded card in its lanes (`true`) or takes it out of them.
    fn place_in_lanes(&mut self, key: &CardKey, into: bool) {
        let Some(i) = self.position(key) else {
            return;
        };
        let place = self.place(i);
        let state = self.states[i as usize].as_deref();
        let at = (i, place.question);
        let lanes = &mut self.per_set[place.set as usize];
        if into {
            self.all.insert(at, state);
            lanes.insert(at, state);
        } else {
            self.all.remove(at, state);
            lanes.remove(at, state);
        }
    }

    /// Whether a hold keeps this card out of today's queue.
    pub fn held_out(&self, key: &CardKey) -> bool {
        self.holds
            .get(key)
            .is_some_and(|h| h.keeps_out(self.today.day))
    }

    /// Counts an answer given on `day` to a card that was in `phase` against today's limits,
    /// or, `taken_back`, uncounts one that was undone. Answers of another day do not count.
    pub fn count_done(&mut self, day: StudyDay, phase: Phase, taken_back: bool) {
        if day != self.today.day {
            return;
        }
        let counter = match phase {
            Phase::New => &mut self.today.done.new_cards,
            Phase::Review => &mut self.today.done.reviews,
            Phase::Learning | Phase::Relearning => return,
        };
        *counter = if taken_back {
            counter.saturating_sub(1)
        } else {
            counter.saturating_add(1)
        };
    }

    /// The loaded sets and the problems found loading them.
    pub fn bank(&self) -> &Bank {
        &self.bank
    }

    /// The question a card asks, if a loaded set contains it.
    pub fn question(&self, key: &CardKey) -> Option<&Arc<Question>> {
        let place = self.place(self.position(key)?);
        self.bank.sets[place.set as usize]
            .set
            .questions
            .get(place.question as usize)
    }

    /// The set a card belongs to, if loaded.
    pub fn set_of(&self, key: &CardKey) -> Option<&LoadedSet> {
        let place = self.place(self.position(key)?);
        self.bank.sets.get(place.set as usize)
    }

    /// How the answers of a card's set are read (its language settles numeric dates).
    pub fn reading(&self, key: &CardKey) -> Reading {
        self.set_of(key)
            .map(|loaded| Reading::for_language(&loaded.set.language))
            .unwrap_or_default()
    }

    /// The card's state, if it has been answered.
    pub fn state(&self, key: &CardKey) -> Option<&CardState> {
        match self.position(key) {
            Some(i) => self.states[i as usize].as_deref(),
            None => self.orphans.get(key),
        }
    }

    /// Sets (or, with `None`, clears) a card's state after an answer or an undo, moving it
    /// to its new place in the queue.
    pub fn set_state(&mut self, key: &CardKey, state: Option<CardState>) {
        let Some(i) = self.position(key) else {
            match state {
                Some(state) => self.orphans.insert(key.clone(), state),
                None => self.orphans.remove(key),
            };
            return;
        };
        if self.held_out(key) {
            // Set aside: its state changes (an answer just before the hold, an undo), but it
            // stays out of the lanes.
            self.states[i as usize] = state.map(Box::new);
            return;
        }
        let place = self.place(i);
        let lanes = &mut self.per_set[place.set as usize];
        let old = self.states[i as usize].as_deref();
        let at = (i, place.question);
        self.all.remove(at, old);
        lanes.remove(at, old);
        self.all.insert(at, state.as_ref());
        lanes.insert(at, state.as_ref());
        self.states[i as usize] = state.map(Box::new);
    }

    /// Every card of the loaded sets, in set order.
    pub fn cards(&self) -> impl Iterator<Item = &CardKey> {
        self.bank.sets.iter().flat_map(|s| s.keys.iter())
    }

    /// Every card of the loaded sets with its state, in set order.
    pub fn card_states(&self) -> impl Iterator<Item = (&CardKey, Option<&CardState>)> {
        self.cards().zip(self.states.iter().map(Option::as_deref))
    }

    /// The scope of `scope`; `None` for a set no loaded file holds.
    fn scope(&self, scope: Option<&SetId>) -> Option<Scope> {
        match scope {
            None => Some(Scope::All),
            Some(set) => self.set_index.get(set).map(|&s| Scope::Set(s)),
        }
    }

    fn lanes(&self, scope: Scope) -> &Lanes {
        match scope {
            Scope::All => &self.all,
            Scope::Set(s) => &self.per_set[s as usize],
        }
    }

    fn in_scope(&self, scope: Scope, i: u32) -> bool {
        match scope {
            Scope::All => true,
            Scope::Set(s) => self.place(i).set == s,
        }
    }

    /// Today's reviews over every set, within the day's limit, the most overdue first.
    fn todays_reviews(&self) -> impl Iterator<Item = u32> + '_ {
        self.all
            .reviews_due(self.today.day)
            .take(self.today.reviews_left())
    }

    /// Today's new cards over every set, within what is left of the allowance, in turn over
    /// the sets.
    fn todays_new(&self) -> impl Iterator<Item = u32> + '_ {
        self.all
            .new
            .iter()
            .take(self.today.new_left())
            .map(|&(_, i)| i)
    }

    fn counts(&self, scope: Scope) -> DueCounts {
        DueCounts {
            learning: self.lanes(scope).learning_today(&self.today),
            review: self
                .todays_reviews()
                .filter(|&i| self.in_scope(scope, i))
                .count(),
            new: self
                .todays_new()
                .filter(|&i| self.in_scope(scope, i))
                .count(),
        }
    }

    /// What is left to study today, over every set or only `scope` (its share of the day's
    /// limits; nothing for a set no loaded file holds).
    pub fn due_counts(&self, scope: Option<&SetId>) -> DueCounts {
        self.scope(scope)
            .map(|scope| self.counts(scope))
            .unwrap_or_default()
    }

    /// [`Deck::due_counts`] of every loaded set, in bank order, in one pass over today's
    /// queue. The counts add up to those of every set.
    pub fn due_counts_by_set(&self) -> Vec<DueCounts> {
        let mut counts: Vec<DueCounts> = self
            .per_set
            .iter()
            .map(|lanes| DueCounts {
                learning: lanes.learning_today(&self.today),
                ..DueCounts::default()
            })
            .collect();
        for i in self.todays_reviews() {
            counts[self.place(i).set as usize].review += 1;
        }
        for i in self.todays_new() {
            counts[self.place(i).set as usize].new += 1;
        }
        counts
    }

    /// The first `n` cards to show now, in order: learning cards due now, the longest waiting
    /// first, then reviews and new cards mixed so that, over the day, new cards keep pace
    /// with reviews (a day is not all new cards first, nor all at the end).
    fn order(&self, scope: Scope, now: DateTime<Utc>, n: usize) -> Vec<u32> {
        let mut out: Vec<u32> = self.lanes(scope).learning_due(now).take(n).collect();
        let counts = self.counts(scope);
        let mut reviews = self.todays_reviews().filter(|&i| self.in_scope(scope, i));
        let mut news = self.todays_new().filter(|&i| self.in_scope(scope, i));
        let (mut rev_left, mut new_left) = (counts.review, counts.new);
        let done = self.today.done;
        let (mut r, mut k) = (done.reviews as usize, done.new_cards as usize);
        let (rev_total, new_total) = (r + rev_left, k + new_left);
        while out.len() < n && rev_left + new_left > 0 {
            // A new card when the share of the day's new cards shown is not ahead of the
            // share of its reviews.
            let take_new = new_left > 0 && (rev_left == 0 || k * rev_total <= r * new_total);
            let next = if take_new {
                new_left -= 1;
                k += 1;
                news.next()
            } else {
                rev_left -= 1;
                r += 1;
                reviews.next()
            };
            out.extend(next);
        }
        out
    }

    /// The card to show next at `now`, over every set or only `scope`: the first due, unless
    /// it is `avoid` (the card just answered) and another is due; when nothing is due, a
    /// learning card due within [`LEARN_AHEAD`] today.
    pub fn next_card(
        &self,
        scope: Option<&SetId>,
        now: DateTime<Utc>,
        avoid: Option<&CardKey>,
    ) -> Option<&CardKey> {
        let scope = self.scope(scope)?;
        let first_two = self.order(scope, now, 2);
        let key = |i: u32| self.key(i);
        let due = first_two
            .iter()
            .map(|&i| key(i))
            .find(|&k| Some(k) != avoid)
            .or_else(|| first_two.first().map(|&i| key(i)));
        due.or_else(|| {
            let &(at, i) = self.lanes(scope).learning.first()?;
            (at <= now + LEARN_AHEAD && at < self.today.tomorrow_starts).then(|| key(i))
        })
    }

    /// Reviewing ahead ("study more"): the review card of every set, or of `scope`, that falls
    /// due first within the `days` study days after today, unless it is `avoid` and another
    /// is. Today's limits do not apply: the student asked for these.
    pub fn next_ahead(
        &self,
        scope: Option<&SetId>,
        days: u32,
        avoid: Option<&CardKey>,
    ) -> Option<&CardKey> {
        let lanes = self.lanes(self.scope(scope)?);
        let mut ahead = self.ahead(lanes, days).map(|i| self.key(i));
        let first = ahead.next()?;
        if Some(first) != avoid {
            return Some(first);
        }
        Some(ahead.next().unwrap_or(first))
    }

    /// How many review cards of every set, or of `scope`, fall due within 1, 2, ..., `days`
    /// study days after today: `counts[d - 1]` for `d` days.
    pub fn due_ahead(&self, scope: Option<&SetId>, days: u32) -> Vec<usize> {
        let Some(scope) = self.scope(scope) else {
            return vec![0; days as usize];
        };
        let lanes = self.lanes(scope);
        let mut counts = vec![0; days as usize];
        for &(day, _, _) in lanes.review.range(self.ahead_range(days)) {
            let d = usize::try_from(day.0 - self.today.day.0).unwrap_or(usize::MAX);
            if let Some(count) = counts.get_mut(d.saturating_sub(1)) {
                *count += 1;
            }
        }
        let mut total = 0;
        for count in &mut counts {
            total += *count;
            *count = total;
        }
        counts
    }

    /// Cards never answered beyond today's allowance, over every set or `scope`: what "N
    /// more new cards" can draw from.
    pub fn new_beyond_today(&self, scope: Option<&SetId>) -> usize {
        let Some(scope) = self.scope(scope) else {
            return 0;
        };
        self.lanes(scope)
            .new
            .len()
            .saturating_sub(self.counts(scope).new)
    }

    fn ahead_range(&self, days: u32) -> std::ops::RangeInclusive<ReviewSlot> {
        (self.today.day.plus(1), DateTime::<Utc>::MIN_UTC, 0)
            ..=(
                self.today.day.plus(days),
                DateTime::<Utc>::MAX_UTC,
                u32::MAX,
            )
    }

    fn ahead<'a>(&self, lanes: &'a Lanes, days: u32) -> impl Iterator<Item = u32> + 'a {
        lanes
            .review
            .range(self.ahead_range(days))
            .map(|&(_, _, i)| i)
    }

    /// The earliest moment a card of every set, or of `scope`, falls due after `now`: a
    /// learning card's due moment, or the start of the first later study day a review falls
    /// on (counted in today's UTC offset, so a change of offset since the card was scheduled
    /// never gives a moment already past).
    pub fn next_due_after(
        &self,
        scope: Option<&SetId>,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let lanes = self.lanes(self.scope(scope)?);
        let after = now + Duration::milliseconds(1);
        let learning = lanes.learning.range((after, 0)..).next().map(|&(at, _)| at);
        let review = lanes
            .review
            .range((self.today.day.plus(1), DateTime::<Utc>::MIN_UTC, 0)..)
            .next()
            .map(|&(day, _, _)| day.start(self.today.utc_offset, self.today.rollover_hour));
        learning.into_iter().chain(review).min()
    }

    /// Per-set counts for the home screen and the statistics.
    pub fn set_counts(&self, now: DateTime<Utc>, config: &Config) -> Vec<SetStats> {
        stats::set_counts(
            &self.bank,
            |key| stats::Standing {
                state: self.state(key),
                hold: self.hold(key),
            },
            now,
            self.today.utc_offset,
            config,
        )
    }
}

#[cfg(test)]
mod tests {
    //! The kept queue against the queue computed from scratch (`schedule::queue::build`, the
    //! straightforward reference), over random banks, states, reloads and study days.

    use std::fmt::Write as _;

    use rand::rngs::Xoshiro256PlusPlus;
    use rand::{RngExt as _, SeedableRng as _};
    use tempfile::TempDir;

    use super::*;
    use crate::bank::Source;
    use crate::schedule::queue;

    #[test]
    fn a_card_is_placed_in_its_set_even_after_sets_without_cards() {
        let starts = [0, 0, 3, 3, 7];
        let at = |i| {
            let p = place(&starts, i);
            (p.set, p.question)
        };
        assert_eq!(
            [at(0), at(2), at(3), at(6), at(7), at(9)],
            [(1, 0), (1, 2), (3, 0), (3, 3), (4, 0), (4, 2)]
        );
    }

    fn bank_of(dir: &TempDir, round: usize, sets: &[(&str, std::ops::Range<usize>)]) -> Bank {
        let folder = dir.path().join(format!("round-{round}"));
        std::fs::create_dir_all(&folder).unwrap();
        for (id, questions) in sets {
            let mut text = format!("QuestionSet(id: \"{id}\", title: \"T\", questions: [");
            for q in questions.clone() {
                let _ = write!(
                    text,
                    "(id: \"q{q}\", prompt: \"P\", answer: TrueFalse(true), explanation: \"e\", source: \"s\"),"
                );
            }
            text.push_str("])");
            std::fs::write(folder.join(format!("{id}.ron")), text).unwrap();
        }
        Bank::load(&[Source::Path {
            path: folder,
            required: true,
        }])
    }

    fn random_state(
        rng: &mut Xoshiro256PlusPlus,
        now: DateTime<Utc>,
        offset: FixedOffset,
    ) -> Option<CardState> {
        let today = StudyDay::of(now, offset, 4);
        let due = now + Duration::minutes(rng.random_range(-3000..3000));
        match rng.random_range(0..10) {
            0 | 1 => None,
            2 | 3 => Some(CardState {
                phase: Phase::Learning,
                due,
                reps: 1,
                last_review_day: Some(today),
                ..CardState::new_card()
            }),
            4 => Some(CardState {
                phase: Phase::Relearning,
                due,
                reps: 3,
                last_review_day: Some(today),
                ..CardState::new_card()
            }),
            _ => {
                let last = StudyDay(today.0 - rng.random_range(0..30));
                let interval = rng.random_range(1..30);
                let then = FixedOffset::east_opt(3600 * rng.random_range(-2..3)).unwrap();
                Some(CardState {
                    phase: Phase::Review,
                    interval_days: interval,
                    last_review_day: Some(last),
                    due: last.plus(interval).start(then, 4),
                    reps: 4,
                    ..CardState::new_card()
                })
            }
        }
    }

    /// The deck's counts, order, learn-ahead and next due moment for `scope` at `now` are those
    /// of the queue built from scratch.
    fn assert_agrees(
        deck: &Deck,
        scope: Option<&SetId>,
        now: DateTime<Utc>,
        offset: FixedOffset,
        config: &Config,
        at: &str,
    ) {
        let built = queue::build(
            deck.card_states(),
            scope,
            now,
            offset,
            config,
            deck.today().done,
            |k| deck.held_out(k),
        );
        let counts = deck.due_counts(scope);
        assert_eq!(
            (counts.learning, counts.review, counts.new),
            (
                built.learning.len() + built.learning_later,
                built.review.len(),
                built.new.len()
            ),
            "{at}"
        );
        if scope.is_none() {
            let by_set = deck.due_counts_by_set();
            let sum = by_set.iter().fold(DueCounts::default(), |a, b| DueCounts {
                learning: a.learning + b.learning,
                review: a.review + b.review,
                new: a.new + b.new,
            });
            assert_eq!(sum, counts, "the sets' counts add up to the total: {at}");
        }
        let order = match deck.scope(scope) {
            Some(scope) => deck.order(scope, now, usize::MAX),
            None => Vec::new(),
        };
        let learning_now = built.learning.len();
        let shown: Vec<&CardKey> = order.iter().map(|&i| deck.key(i)).collect();
        assert_eq!(shown.len(), built.len(), "{at}");
        assert_eq!(
            shown[..learning_now],
            built.learning.iter().collect::<Vec<_>>()[..],
            "learning cards, the longest waiting first: {at}"
        );
        let new: Vec<&CardKey> = shown[learning_now..]
            .iter()
            .copied()
            .filter(|k| deck.state(k).is_none_or(|s| s.phase != Phase::Review))
            .collect();
        let expected: Vec<&CardKey> = built.new.iter().collect();
        assert_eq!(
            new, expected,
            "new cards within the limit, the sets in turn: {at}"
        );
        let due_day = |k: &CardKey| deck.state(k).and_then(CardState::review_due_day);
        let mut days: Vec<_> = shown[learning_now..]
            .iter()
            .filter(|k| deck.state(k).is_some_and(|s| s.phase == Phase::Review))
            .map(|k| due_day(k))
            .collect();
        days.sort();
        let mut expected: Vec<_> = built.review.iter().map(due_day).collect();
        expected.sort();
        assert_eq!(days, expected, "the most overdue reviews: {at}");
        if built.is_empty() {
            let ahead = built
                .next_learning_due
                .filter(|&due| due <= now + LEARN_AHEAD)
                .and_then(|due| {
                    queue::build(
                        deck.card_states(),
                        scope,
                        due,
                        offset,
                        config,
                        deck.today().done,
                        |k| deck.held_out(k),
                    )
                    .learning
                    .first()
                    .cloned()
                });
            assert_eq!(deck.next_card(scope, now, None).cloned(), ahead, "{at}");
        }
        if let Some(next) = deck.next_due_after(scope, now) {
            assert!(next > now, "{at}: the next card is due in the past");
        }
    }

    #[test]
    fn the_kept_queue_agrees_with_the_queue_built_from_scratch() {
        let dir = TempDir::new().unwrap();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
        let offset = FixedOffset::east_opt(3600).unwrap();
        let mut now: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-03-02T10:00:00Z")
            .unwrap()
            .into();
        for round in 0..30 {
            let config = Config {
                new_per_day: rng.random_range(0..8),
                reviews_per_day: rng.random_range(0..15),
                ..Config::default()
            };
            let done = DoneToday {
                new_cards: rng.random_range(0..4),
                reviews: rng.random_range(0..4),
            };
            let bank = bank_of(
                &dir,
                round * 1000,
                &[
                    ("a", 0..rng.random_range(0..15)),
                    ("b", 0..rng.random_range(0..15)),
                ],
            );
            let mut deck = Deck::new(bank, HashMap::new(), Today::new(now, offset, &config, done));
            for step in 0..150 {
                let keys: Vec<CardKey> = deck.cards().cloned().collect();
                match rng.random_range(0..20) {
                    0 => {
                        // A reload that drops some cards and brings others.
                        let b = rng.random_range(0..5)..rng.random_range(5..15);
                        let bank = bank_of(
                            &dir,
                            round * 1000 + step + 1,
                            &[("b", b), ("a", 0..rng.random_range(0..15))],
                        );
                        deck.reload(bank);
                    }
                    1 => {
                        now += Duration::minutes(rng.random_range(0..2000));
                        deck.set_today(Today::new(now, offset, &config, done));
                    }
                    2..=4 if !keys.is_empty() => {
                        // Suspend, bury for today or for yesterday, or take the hold off.
                        let key = &keys[rng.random_range(0..keys.len())];
                        let day = deck.today().day;
                        let hold = match rng.random_range(0..4) {
                            0 => Some(Hold::Suspended),
                            1 => Some(Hold::Buried { day }),
                            2 => Some(Hold::Buried {
                                day: StudyDay(day.0 - 1),
                            }),
                            _ => None,
                        };
                        deck.set_hold(key, hold);
                    }
                    _ if !keys.is_empty() => {
                        let key = &keys[rng.random_range(0..keys.len())];
                        deck.set_state(key, random_state(&mut rng, now, offset));
                    }
                    _ => {
                        let orphan: CardKey = "a/q99".parse().unwrap();
                        deck.set_state(&orphan, random_state(&mut rng, now, offset));
                    }
                }
                for scope in [None, Some(SetId::new("a")), Some(SetId::new("b"))] {
                    let at = format!("round {round} step {step} scope {scope:?}");
                    assert_agrees(&deck, scope.as_ref(), now, offset, &config, &at);
                }
            }
        }
    }
}
