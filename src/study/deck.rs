//! The loaded questions with their cards' states, in set order: what sessions draw from.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, Utc};

use crate::bank::{Bank, CardKey, Question, QuestionSet, SetId};
use crate::schedule::{CardState, Config, DoneToday, Queue, queue};
use crate::stats::{self, SetStats};

/// One question of the bank with its card's state.
#[derive(Clone, Debug)]
struct Entry {
    key: CardKey,
    set: usize,
    question: usize,
    state: Option<CardState>,
}

/// The bank and the state of every card, kept side by side in set order so that today's queue
/// is one pass over a slice. States of cards no loaded set contains (orphans) are kept too: a
/// reload may bring their questions back.
#[derive(Debug, Default)]
pub struct Deck {
    bank: Bank,
    entries: Vec<Entry>,
    index: HashMap<CardKey, usize>,
    orphans: HashMap<CardKey, CardState>,
}

impl Deck {
    /// The deck of `bank` with the stored `states`.
    pub fn new(bank: Bank, mut states: HashMap<CardKey, CardState>) -> Self {
        let mut entries = Vec::new();
        for (s, loaded) in bank.sets.iter().enumerate() {
            for (q, question) in loaded.set.questions.iter().enumerate() {
                let key = CardKey::new(loaded.set.id.clone(), question.id.clone());
                let state = states.remove(&key);
                entries.push(Entry {
                    key,
                    set: s,
                    question: q,
                    state,
                });
            }
        }
        let index = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.key.clone(), i))
            .collect();
        Self {
            bank,
            entries,
            index,
            orphans: states,
        }
    }

    /// Replaces the bank (a question file changed), keeping every card's state.
    pub fn reload(&mut self, bank: Bank) {
        let mut states = std::mem::take(&mut self.orphans);
        for entry in self.entries.drain(..) {
            if let Some(state) = entry.state {
                states.insert(entry.key, state);
            }
        }
        *self = Self::new(bank, states);
    }

    /// The loaded sets and the problems found loading them.
    pub fn bank(&self) -> &Bank {
        &self.bank
    }

    /// The question a card asks, if a loaded set contains it.
    pub fn question(&self, key: &CardKey) -> Option<&Question> {
        let entry = &self.entries[*self.index.get(key)?];
        Some(&self.bank.sets[entry.set].set.questions[entry.question])
    }

    /// The set a card belongs to, if loaded.
    pub fn set_of(&self, key: &CardKey) -> Option<&QuestionSet> {
        let entry = &self.entries[*self.index.get(key)?];
        Some(&self.bank.sets[entry.set].set)
    }

    /// The card's state, if it has been answered.
    pub fn state(&self, key: &CardKey) -> Option<&CardState> {
        match self.index.get(key) {
            Some(&i) => self.entries[i].state.as_ref(),
            None => self.orphans.get(key),
        }
    }

    /// Sets (or, with `None`, clears) a card's state after an answer or an undo.
    pub fn set_state(&mut self, key: &CardKey, state: Option<CardState>) {
        match self.index.get(key) {
            Some(&i) => self.entries[i].state = state,
            None => match state {
                Some(state) => {
                    self.orphans.insert(key.clone(), state);
                }
                None => {
                    self.orphans.remove(key);
                }
            },
        }
    }

    /// Every card of the loaded sets, in set order.
    pub fn cards(&self) -> impl Iterator<Item = &CardKey> {
        self.entries.iter().map(|e| &e.key)
    }

    /// Today's queue at `now`, over every set or only `scope`.
    pub fn queue(
        &self,
        scope: Option<&SetId>,
        now: DateTime<Utc>,
        utc_offset: FixedOffset,
        config: &Config,
        done: DoneToday,
    ) -> Queue {
        let in_scope = |e: &&Entry| scope.is_none_or(|s| &e.key.set == s);
        queue::build(
            self.entries
                .iter()
                .filter(in_scope)
                .map(|e| (&e.key, e.state.as_ref())),
            now,
            utc_offset,
            config,
            done,
        )
    }

    /// Per-set counts for the home screen.
    pub fn set_counts(
        &self,
        now: DateTime<Utc>,
        utc_offset: FixedOffset,
        config: &Config,
    ) -> Vec<SetStats> {
        stats::set_counts(&self.bank, |key| self.state(key), now, utc_offset, config)
    }

    /// The earliest moment any loaded card falls due after `now`, for "next card due at".
    pub fn next_due_after(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.entries
            .iter()
            .filter_map(|e| e.state.as_ref())
            .filter(|s| s.due > now)
            .map(|s| s.due)
            .min()
    }
}
