//! Setting cards aside and looking into them: suspend and bury from the review screen (`@`,
//! `-`) and the Sets screen, the leech notice, and the card info (`i`).

use super::{App, Screen};
use crate::app::{AppError, At};
use crate::bank::CardKey;
use crate::schedule::Hold;
use crate::study::StudyError;
use crate::ui::action::Action;
use crate::ui::card_info::{self, CardInfoView};

impl App {
    pub(super) fn apply_aside(&mut self, action: &Action, at: At) -> Result<(), String> {
        match action {
            Action::Suspend(card) | Action::Release(card) => {
                self.hold_from_sets(card, matches!(action, Action::Suspend(_)), at)
            }
            Action::ShowCardInfo => self.show_card_info(at),
            Action::CloseCardInfo => {
                if let Screen::Review(screen) = &mut self.screen {
                    screen.info = None;
                    // The answer field has the keyboard back, so that what is typed next is
                    // the answer, not `-`, `@` or `i` taken as shortcuts.
                    screen.input.focus_first = true;
                }
                Ok(())
            }
            _ => self.aside_in_session(action, at),
        }
    }

    /// Suspends a card from the Sets screen, or takes its hold off.
    fn hold_from_sets(&mut self, card: &CardKey, suspend: bool, at: At) -> Result<(), String> {
        let hold = suspend.then_some(Hold::Suspended);
        let card = card.clone();
        let collection = self.collection_mut()?;
        let result = collection.set_hold(&card, hold, at);
        let flags = collection.flags().get(&card).copied().unwrap_or_default();
        let prompt = collection
            .deck()
            .question(&card)
            .map_or_else(|| card.to_string(), |q| q.prompt().to_owned());
        // The row shows the hold the card has now, whether or not this write took, and the
        // search is made again (a card unsuspended leaves `is:suspended`).
        if let Screen::Sets(screen) = &mut self.screen
            && let Some(row) = screen.rows.iter_mut().find(|r| r.key == card)
        {
            row.flags = flags;
            screen.shown = crate::app::browse::matching(&screen.rows, &screen.order, &screen.query);
        }
        result.map_err(|e| format!("The card could not be set aside: {e}"))?;
        self.info = Some(match hold {
            Some(_) => format!("Suspended “{prompt}”: it is not asked until you unsuspend it."),
            None => format!("“{prompt}” is back in the study queue."),
        });
        Ok(())
    }

    /// Opens the card info of the card shown in the review.
    fn show_card_info(&mut self, at: At) -> Result<(), String> {
        let Screen::Review(screen) = &self.screen else {
            return Ok(());
        };
        let Some((card, question)) = screen.session.phase().asked() else {
            return Ok(());
        };
        let (card, prompt) = (card.clone(), question.prompt().to_owned());
        let collection = self
            .collection()
            .ok_or_else(|| "Your progress is not open.".to_owned())?;
        let lines = collection.card_info(&card).map_err(|e| e.to_string())?;
        let mut status = Vec::new();
        if let Some(state) = collection.deck().state(&card) {
            let threshold = collection.config().leech_threshold;
            let forgotten = match state.lapses {
                0 => "never forgotten".to_owned(),
                n => format!("forgotten {}", crate::ui::home::times(n)),
            };
            let leech = if crate::schedule::is_leech(state.lapses, threshold) {
                format!(": a leech (the threshold is {threshold})")
            } else {
                String::new()
            };
            status.push(format!(
                "{} review{}, {forgotten} since it was learnt{leech}.",
                state.reps,
                if state.reps == 1 { "" } else { "s" },
            ));
            let interval = match state.interval_days {
                0 => "in a learning step".to_owned(),
                1 => "interval 1 day".to_owned(),
                n => format!("interval {n} days"),
            };
            status.push(format!(
                "Phase: {}, {interval}; due {}.",
                state.phase.name(),
                crate::ui::home::when(state.due, at),
            ));
        }
        match collection.deck().hold(&card) {
            Some(Hold::Suspended) => status.push("Suspended.".to_owned()),
            Some(Hold::Buried { .. }) => status.push("Buried until tomorrow.".to_owned()),
            None => {}
        }
        let view = CardInfoView {
            title: format!("{card}: {prompt}"),
            status,
            lines: card_info::lines_of(lines),
        };
        if let Screen::Review(screen) = &mut self.screen {
            screen.info = Some(view);
        }
        Ok(())
    }

    /// Suspends or buries the card shown, or acts on the leech notice.
    fn aside_in_session(&mut self, action: &Action, at: At) -> Result<(), String> {
        let Screen::Review(screen) = &mut self.screen else {
            return Ok(());
        };
        let super::Core::Open(collection) = &mut self.core else {
            return Err("Your progress is not open.".to_owned());
        };
        let session = &mut screen.session;
        let shown = session
            .phase()
            .asked()
            .map(|(card, question)| (card.clone(), question.prompt().to_owned()));
        let leech = session.leech().map(|l| l.question.prompt().to_owned());
        let depth = session.undo_depth();
        let result = match action {
            Action::SuspendShown => collection.suspend(session, at),
            Action::BuryShown => collection.bury(session, at),
            Action::SuspendLeech => collection.suspend_leech(session, at),
            Action::DismissLeech => {
                crate::app::Collection::dismiss_leech(session);
                Ok(())
            }
            _ => Ok(()),
        };
        screen.progress = collection.progress(session, at).unwrap_or_default();
        // No new step: another window had set the card aside already, and nothing was written.
        let stepped = session.undo_depth() != depth
            || matches!(
                session.undo_step(),
                Some(crate::app::UndoStep::Suspend | crate::app::UndoStep::Bury)
            ) && depth == crate::app::UNDO_STEPS;
        match result {
            Err(AppError::Study(StudyError::NotNow(_))) => {}
            Ok(()) if !stepped && action != &Action::DismissLeech => {
                let prompt = if action == &Action::SuspendLeech {
                    leech
                } else {
                    shown.map(|(_, p)| p)
                };
                if let Some(prompt) = prompt {
                    self.info = Some(format!(
                        "“{prompt}” was set aside in another window already."
                    ));
                }
            }
            Ok(()) => {
                // Say what happened, and how to take it back: the card is gone from view.
                let said = match (action, shown, leech) {
                    (Action::SuspendShown, Some((_, prompt)), _)
                    | (Action::SuspendLeech, _, Some(prompt)) => Some(format!(
                        "Suspended “{prompt}”: it is not asked until you unsuspend it on \
                             the Sets screen. Undo (U) takes it back."
                    )),
                    (Action::BuryShown, Some((_, prompt)), _) => Some(format!(
                        "Buried “{prompt}” until tomorrow. Undo (U) takes it back."
                    )),
                    _ => None,
                };
                if said.is_some() {
                    self.info = said;
                }
            }
            Err(e) => return Err(format!("The card could not be set aside: {e}")),
        }
        Ok(())
    }
}
