//! Turning what the learner gave (typed, chosen or self-graded) into a judged answer: right or not, the
//! grade it earns, and for a miss its mistake class and what the wrong answer is instead.

use std::collections::hash_map::Entry;
use std::io::{BufRead, Write};

use anyhow::Result;

use codedrill_core::answer::{self, Judging, Mode, Verdict};
use codedrill_core::choice::Choices;
use codedrill_core::deck::{CardContent, Side, System};
use codedrill_core::deck_index::DeckIndex;
use codedrill_core::mistake::{self, Mistake};
use codedrill_core::sanitize::clean_line;
use codedrill_core::schedule::Rating;

use super::Drill;
use crate::store::Card;

/// How a card was answered, before judging.
pub(super) enum Given {
    /// The typed line, and whether a hint was asked for first.
    Typed(String, bool),
    /// The choices offered, the one picked (none: Enter alone), and the cards the wrong options came
    /// from.
    Chose(Choices, Option<usize>, Vec<CardContent>),
    SelfGraded(Rating),
    /// Typed in a lookup drill (as `Typed`), with the number of lookups made before it.
    LookedUp(String, bool, u32),
}

impl Given {
    /// How the card was actually answered: a coding case, or a deck too small for choices, is typed.
    pub fn mode(&self) -> Mode {
        match self {
            Given::Typed(..) => Mode::Type,
            Given::Chose(..) => Mode::Choice,
            Given::SelfGraded(_) => Mode::Flip,
            Given::LookedUp(..) => Mode::Lookup,
        }
    }

    /// The lookups made before the answer, in a lookup drill.
    pub fn lookups(&self) -> Option<u32> {
        match self {
            Given::LookedUp(_, _, count) => Some(*count),
            _ => None,
        }
    }
}

/// A judged answer.
pub(super) struct Judged {
    pub correct: bool,
    pub rating: Rating,
    pub answer: String,
    pub hinted: bool,
    pub mistake: Option<Mistake>,
    /// A sentence about what the wrong answer is instead ("E11.8 is ...").
    pub instead: Option<String>,
    /// How a typed answer compares with the right one; `None` when it was chosen or self-graded.
    pub verdict: Option<Verdict>,
}

impl<R: BufRead, W: Write> Drill<'_, R, W> {
    pub(super) fn judge(&mut self, card: &Card, given: Given) -> Result<Judged> {
        Ok(match given {
            Given::SelfGraded(rating) => Judged {
                correct: rating != Rating::Again,
                rating,
                answer: String::new(),
                hinted: false,
                mistake: None,
                instead: None,
                verdict: None,
            },
            Given::Chose(choices, i, neighbours) => judge_choice(card, &choices, i, &neighbours),
            Given::Typed(typed, hinted) | Given::LookedUp(typed, hinted, _) => {
                self.judge_typed(card, typed.trim(), hinted)?
            }
        })
    }

    fn judge_typed(&mut self, card: &Card, typed: &str, hinted: bool) -> Result<Judged> {
        let verdict = answer::judge(&card.content, card.side, typed);
        let (mistake, instead) = if verdict.correct {
            (None, None)
        } else {
            let (mistake, instead) = self.classify(card, typed, &verdict)?;
            (Some(mistake), instead)
        };
        let rating = match (verdict.correct, hinted) {
            (false, _) => Rating::Again,
            (true, true) => Rating::Hard,
            (true, false) => Rating::Good,
        };
        Ok(Judged {
            correct: verdict.correct,
            rating,
            answer: typed.to_owned(),
            hinted,
            mistake,
            instead,
            verdict: Some(verdict),
        })
    }

    /// The kind of a typed miss, and what the typed answer is instead when it is another card's.
    fn classify(
        &mut self,
        card: &Card,
        typed: &str,
        verdict: &Verdict,
    ) -> Result<(Mistake, Option<String>)> {
        if typed.is_empty() {
            return Ok((Mistake::NoAnswer, None));
        }
        Ok(match Judging::for_card(card.content.system, card.side) {
            Judging::Code(system) => self.classify_code(card, system, typed)?,
            Judging::CodeSet => self.classify_code_set(verdict)?,
            Judging::Text => {
                let other =
                    self.deck_index(card.deck_id)?
                        .answered_by(card.side, typed, &card.content.key);
                let instead = other.map(|o| match card.side {
                    Side::Meaning => format!("that is the meaning of {}", clean_line(&o.code)),
                    Side::Code => format!("that is the answer to: {}", clean_line(&o.description)),
                });
                (mistake::classify_text(typed, other.is_some()), instead)
            }
        })
    }

    /// A wrong code: how it differs, and whose code it is when another card has it.
    fn classify_code(
        &mut self,
        card: &Card,
        system: System,
        typed: &str,
    ) -> Result<(Mistake, Option<String>)> {
        let content = &card.content;
        let other = self
            .store
            .card_by_code(typed)?
            .filter(|o| o.note_id != card.note_id);
        Ok(classify_against(
            system,
            typed,
            other,
            &content.code,
            &content.description,
        ))
    }

    /// A coding case with one code given in place of another is classified like a code card of that
    /// code (its system told by its shape); anything else is other.
    fn classify_code_set(&mut self, verdict: &Verdict) -> Result<(Mistake, Option<String>)> {
        let missing: Vec<&str> = verdict
            .parts
            .iter()
            .filter(|(_, found)| !found)
            .map(|(c, _)| c.as_str())
            .collect();
        let ([right], [wrong]) = (missing.as_slice(), verdict.extra.as_slice()) else {
            return Ok((Mistake::Other, None));
        };
        let other = self.store.card_by_code(wrong)?;
        let right_description = self
            .store
            .card_by_code(right)?
            .map(|c| c.content.description)
            .unwrap_or_default();
        Ok(classify_against(
            System::Code,
            wrong,
            other,
            right,
            &right_description,
        ))
    }

    /// The deck's cards in memory, read from the store the first time a session needs them.
    pub(super) fn deck_index(&mut self, deck_id: i64) -> Result<&mut DeckIndex> {
        Ok(match self.decks.entry(deck_id) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => {
                entry.insert(DeckIndex::new(self.store.deck_cards_placed(deck_id)?))
            }
        })
    }
}

/// A wrong code against the right one: `other` is the card the typed code belongs to, if any (then the
/// miss is a knowledge error, and the sentence says what that code is).
fn classify_against(
    system: System,
    typed: &str,
    other: Option<Card>,
    right: &str,
    right_description: &str,
) -> (Mistake, Option<String>) {
    let m = mistake::classify_code(
        system,
        typed,
        right,
        other.as_ref().map(|o| o.content.description.as_str()),
        right_description,
    );
    let instead =
        other.and_then(|o| what_it_is(&o.content.code, &o.content.description, Side::Code));
    (m, instead)
}

/// A pick among the choices; a wrong one is classified against the card the option came from. No pick
/// (Enter alone) is a miss with no answer.
fn judge_choice(
    card: &Card,
    choices: &Choices,
    picked: Option<usize>,
    neighbours: &[CardContent],
) -> Judged {
    let Some(i) = picked else {
        return Judged {
            correct: false,
            rating: Rating::Again,
            answer: String::new(),
            hinted: false,
            mistake: Some(Mistake::NoAnswer),
            instead: None,
            verdict: None,
        };
    };
    let content = &card.content;
    let correct = i == choices.right;
    let (mistake, instead) = match choices.from[i] {
        Some(n) if !correct => {
            let other = &neighbours[n];
            let m = match Judging::for_card(content.system, card.side) {
                Judging::Code(system) => mistake::classify_code(
                    system,
                    &other.code,
                    &content.code,
                    Some(&other.description),
                    &content.description,
                ),
                _ => Mistake::OtherCard,
            };
            (
                Some(m),
                what_it_is(&other.code, &other.description, card.side),
            )
        }
        _ => (None, None),
    };
    Judged {
        correct,
        rating: if correct { Rating::Good } else { Rating::Again },
        answer: choices.options[i].clone(),
        hinted: false,
        mistake,
        instead,
        verdict: None,
    }
}

/// A sentence saying what an answer belongs to: "E11.8 is Type 2 diabetes ... complications". `None`
/// when the other card's text is a question of its own: repeating it would explain nothing.
fn what_it_is(code: &str, description: &str, side: Side) -> Option<String> {
    let description = clean_line(description);
    match side {
        Side::Code if description.trim_end().ends_with('?') => None,
        Side::Code => Some(format!("{} is: {description}", clean_line(code))),
        Side::Meaning => Some(format!("that is the meaning of {}", clean_line(code))),
    }
}
