//! One card, from showing it to saving its answer: show, read, judge, schedule, record, verdict, regrade.
//!
//! The answer is committed before its verdict is printed, so no answer shown as judged can be lost to a
//! crash. A changed grade or an undo voids the earlier review in a new transaction: the log stays
//! append-only.

use std::io::{BufRead, Write};

use anyhow::Result;
use chrono::{DateTime, Utc};
use rand::SeedableRng;

use codedrill_core::answer::{Judging, Lookups, MAX_CODING_MS, Mode};
use codedrill_core::choice::{self, Choices};
use codedrill_core::deck::{CardContent, Side};
use codedrill_core::mistake::Mistake;
use codedrill_core::queue::Counts;
use codedrill_core::schedule::{
    CardSchedule, MAX_ANSWER_MS, Rating, ReviewKind, Scheduler, State, VoidReason, fuzz_seed,
    is_leech,
};

use super::input::Then;
use super::judge::{Given, Judged};
use super::lookup::Lookup;
use super::{Counted, Drill, Ending, Options, lock};
use crate::clock::{self, Day};
use crate::store::{Card, NewReview};

/// What became of one card.
pub(super) enum Outcome {
    Answered {
        after: CardSchedule,
        undo: Undo,
    },
    /// `:u` before answering: the previous answer is to be taken back.
    Undo,
    /// `:u` after the verdict: this answer was taken back; the card is to be asked again.
    TakenBack,
    Skip,
    Stop(Ending),
}

/// What is needed to take an answer back.
pub(super) struct Undo {
    pub review_id: i64,
    pub card_id: i64,
    pub before: CardSchedule,
    pub leeched: bool,
    pub counted: Counted,
}

/// One judged answer, and everything its review row is made of.
struct Answer<'c> {
    card: &'c Card,
    session: i64,
    at: DateTime<Utc>,
    today: Day,
    duration_ms: i64,
    mode: Mode,
    /// In a lookup drill: the lookups made, and the whole time from the card shown to the answer.
    lookups: Option<Lookups>,
    /// Practice outside the schedule: the card's schedule is left as it is.
    cram: bool,
    judged: Judged,
    /// The card's next schedule for each grade, Again to Easy.
    outcomes: [CardSchedule; 4],
}

impl Answer<'_> {
    fn after(&self, rating: Rating) -> &CardSchedule {
        &self.outcomes[rating as usize - 1]
    }

    fn review(&self, rating: Rating) -> NewReview<'_> {
        let before = &self.card.schedule;
        NewReview {
            card_id: self.card.id,
            session_id: Some(self.session),
            at: self.at,
            rating,
            answer: &self.judged.answer,
            correct: self.judged.correct,
            duration_ms: self.duration_ms,
            kind: if self.cram {
                ReviewKind::Cram
            } else {
                ReviewKind::of(before.state)
            },
            side: self.card.side,
            mode: self.mode,
            hinted: self.judged.hinted,
            lookups: self.lookups,
            before,
            after: self.after(rating),
            mistake: self.judged.mistake.as_ref().map(Mistake::class),
            // Only the first record of an answer can make a leech (a regrade is always a right answer).
            leech: false,
        }
    }

    /// Whether this answer makes the card a leech, to be set aside.
    fn leeched(&self) -> bool {
        let before = &self.card.schedule;
        let rating = self.judged.rating;
        !self.cram && is_leech(before, rating, self.after(rating))
    }

    /// Only a right answer typed or chosen without a hint, on the schedule, can change its grade.
    fn regradable(&self) -> bool {
        let judged = &self.judged;
        judged.correct && !judged.hinted && !self.cram && self.mode != Mode::Flip
    }

    /// Only a wrong meaning that was typed (not left blank), on the schedule and not set aside as a
    /// leech, can be counted as right with `:r`: codes are exact, and a blank claims nothing.
    fn overridable(&self, leeched: bool) -> bool {
        let judging = Judging::for_card(self.card.content.system, self.card.side);
        !self.judged.correct
            && judging == Judging::Text
            && self.card.side == Side::Meaning
            && self.mode == Mode::Type
            && !self.judged.answer.is_empty()
            && !self.cram
            && !leeched
    }

    fn counted(&self) -> Counted {
        Counted {
            correct: self.judged.correct,
            new_card: self.card.schedule.state == State::New && !self.cram,
            duration_ms: self.duration_ms,
            mistake: self.judged.mistake.as_ref().map(Mistake::class),
        }
    }
}

/// The card's next schedule for each grade, Again to Easy, if answered at `at`.
fn outcomes(scheduler: &Scheduler, card: &Card, at: DateTime<Utc>) -> [CardSchedule; 4] {
    let before = &card.schedule;
    let seed = fuzz_seed(card.id, before.reps);
    scheduler.outcomes(before, at, clock::study_day(at), seed)
}

impl<R: BufRead, W: Write> Drill<'_, R, W> {
    /// Shows one card, reads and judges the answer, saves it, and says how it went.
    pub(super) fn ask(
        &mut self,
        scheduler: &Scheduler,
        options: &Options,
        card: &Card,
        session: i64,
        counts: Counts,
    ) -> Result<Outcome> {
        let cram = options.cram.is_some();
        // Read before the answer: recording it marks the revision as shown.
        let revision = self.store.revision(card.note_id)?;
        self.view().card(card, counts, cram)?;
        if let Some(edit) = self.store.unshown_edit(card.note_id)? {
            self.view().edited(&edit)?;
        }
        let shown_at = self.clock.now();
        let given = match self.read_answer(scheduler, options.mode, cram, card, shown_at)? {
            Ok(given) => given,
            Err(outcome) => return Ok(outcome),
        };
        let at = self.clock.now();
        let mode = given.mode();
        let lookups = given.lookups().map(|count| Lookups {
            count,
            coding_ms: (at - shown_at).num_milliseconds().clamp(0, MAX_CODING_MS),
        });
        let answer = Answer {
            card,
            session,
            at,
            today: clock::study_day(at),
            duration_ms: (at - shown_at).num_milliseconds().clamp(0, MAX_ANSWER_MS),
            mode,
            lookups,
            cram,
            judged: self.judge(card, given)?,
            outcomes: if cram {
                [card.schedule; 4]
            } else {
                outcomes(scheduler, card, at)
            },
        };
        let leeched = answer.leeched();
        let review_id = self.record(&answer, leeched)?;
        let mut undo = Undo {
            review_id,
            card_id: card.id,
            before: card.schedule,
            leeched,
            counted: answer.counted(),
        };
        self.tell(&answer, leeched)?;
        if let Some(revision) = &revision {
            self.view().revision(card, revision)?;
        }
        let rating = match self.follow_up(&answer, &mut undo)? {
            Ok(rating) => rating,
            Err(Then::Stop(ending)) => return Ok(Outcome::Stop(ending)),
            Err(Then::TakeBack) => {
                self.take_back(&undo)?;
                return Ok(Outcome::TakenBack);
            }
            Err(Then::Override) => {
                self.overrule(&answer, &mut undo)?;
                Rating::Good
            }
        };
        writeln!(self.out)?;
        Ok(Outcome::Answered {
            after: *answer.after(rating),
            undo,
        })
    }

    /// Reads the answer the way `mode` asks. `Err` carries a command that ends this card early.
    fn read_answer(
        &mut self,
        scheduler: &Scheduler,
        mode: Mode,
        cram: bool,
        card: &Card,
        shown_at: DateTime<Utc>,
    ) -> Result<Result<Given, Outcome>> {
        let judging = Judging::for_card(card.content.system, card.side);
        if mode == Mode::Choice
            && judging != Judging::CodeSet
            && let Some((choices, neighbours)) = self.choices(card)?
        {
            return Ok(self.read_choice(choices, neighbours, card.side)?);
        }
        if mode == Mode::Flip {
            if let Err(outcome) = self.wait_to_reveal()? {
                return Ok(Err(outcome));
            }
            self.view().reveal(card)?;
            let outcomes = (!cram).then(|| outcomes(scheduler, card, shown_at));
            let today = clock::study_day(shown_at);
            let grade = self.read_self_grade(outcomes.as_ref(), shown_at, today)?;
            return Ok(grade.map(Given::SelfGraded));
        }
        if mode == Mode::Lookup {
            return self.read_with_books(card, judging);
        }
        Ok(self.read_typed(card, judging, Lookup::Off)?)
    }

    /// The options for a multiple-choice question, drawn from the card's neighbours in its deck; `None`
    /// when the deck has no wrong option to offer.
    fn choices(&mut self, card: &Card) -> Result<Option<(Choices, Vec<CardContent>)>> {
        let neighbours = self.deck_index(card.deck_id)?.neighbours(&card.content, 40);
        let seed = fuzz_seed(card.id, card.schedule.reps);
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        let choices = choice::build(&card.content, card.side, &neighbours, &mut rng);
        Ok(choices.map(|c| (c, neighbours)))
    }

    /// Commits the answer, its new schedule and, when `leeched`, the leech mark, then counts it. The
    /// tally stays locked meanwhile, so a Ctrl-C summary waits for a commit in progress.
    fn record(&mut self, answer: &Answer, leeched: bool) -> Result<i64> {
        let mut tally = lock(&self.tally);
        crate::failpoint::hit("answer-before-commit")?;
        let review = NewReview {
            leech: leeched,
            ..answer.review(answer.judged.rating)
        };
        // The leech mark commits with the answer: a crash between them cannot lose it.
        let id = self.store.record_review(&review, None)?;
        crate::failpoint::hit("answer-after-commit")?;
        tally.count(&answer.counted());
        Ok(id)
    }

    /// Says how the answer went (flip mode has shown the answer already), and whether it made a leech.
    fn tell(&mut self, answer: &Answer, leeched: bool) -> Result<()> {
        if answer.mode != Mode::Flip {
            self.view().verdict(answer.card, &answer.judged)?;
            if let Some(lookups) = answer.lookups {
                self.coded_in(lookups)?;
            }
            self.out.flush()?;
        }
        crate::failpoint::hit("answer-after-verdict")?;
        if leeched {
            let lapses = answer.after(answer.judged.rating).lapses;
            self.view().leech(answer.card, lapses)?;
        }
        Ok(())
    }

    /// After the verdict: a right answer may change its grade; otherwise Enter goes on. Returns the grade
    /// that stands, or what comes instead of the next card (a stop, the answer taken back).
    fn follow_up(&mut self, answer: &Answer, undo: &mut Undo) -> Result<Result<Rating, Then>> {
        let (judged, at, today) = (&answer.judged, answer.at, answer.today);
        if answer.regradable() {
            let rating = match self.ask_grade(&answer.outcomes, at, today)? {
                Ok(rating) => rating,
                Err(then) => return Ok(Err(then)),
            };
            if rating != judged.rating {
                undo.review_id = self.regrade(answer, undo.review_id, rating)?;
            }
            return Ok(Ok(rating));
        }
        if answer.mode != Mode::Flip {
            if !answer.cram {
                let after = answer.after(judged.rating);
                let hinted = judged.hinted && judged.correct;
                self.view().comes_back(after, hinted, at, today)?;
            }
            if let Err(then) = self.go_on(answer.overridable(undo.leeched))? {
                return Ok(Err(then));
            }
        }
        Ok(Ok(judged.rating))
    }

    /// Logs the answer again with a changed grade, voiding the review it replaces in the same commit.
    fn regrade(&mut self, answer: &Answer, review_id: i64, rating: Rating) -> Result<i64> {
        let _tally = lock(&self.tally);
        let void = Some((review_id, VoidReason::GradeChanged));
        self.store.record_review(&answer.review(rating), void)
    }

    /// `:r` after a wrong meaning: the answer is logged again as right (good), voiding the miss as
    /// overridden in the same commit, and counted as right.
    fn overrule(&mut self, answer: &Answer, undo: &mut Undo) -> Result<()> {
        let mut tally = lock(&self.tally);
        let review = NewReview {
            correct: true,
            mistake: None,
            ..answer.review(Rating::Good)
        };
        let void = Some((undo.review_id, VoidReason::Overridden));
        undo.review_id = self.store.record_review(&review, void)?;
        tally.uncount(&undo.counted);
        undo.counted.correct = true;
        undo.counted.mistake = None;
        tally.count(&undo.counted);
        drop(tally);
        let after = answer.after(Rating::Good);
        self.view().overridden(after, answer.at, answer.today)?;
        Ok(())
    }

    /// Takes back an answer: voids its review, restores the card, corrects the tally.
    pub(super) fn take_back(&mut self, undo: &Undo) -> Result<()> {
        let now = self.clock.now();
        let mut tally = lock(&self.tally);
        self.store.void_review(
            undo.review_id,
            undo.card_id,
            &undo.before,
            now,
            VoidReason::Undone,
            undo.leeched,
        )?;
        tally.uncount(&undo.counted);
        drop(tally);
        self.view().undone()?;
        Ok(())
    }
}
