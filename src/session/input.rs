//! Reading the learner: one line sorted into an answer, a command or a refusal, and the questions asked
//! with it. Every question is the same loop (`question`): show the prompt, read a line, let the question decide
//! whether it has its answer or asks again. The session's keys work at every prompt of a drill: `:q` (and the
//! end of input) stops, keeping what was judged; `:u` takes back the last answer; `?` helps. Before an
//! answer (`card_question`) `:h` hints and `:s` skips; after a verdict (`after_verdict`) they have nothing to
//! act on, and say so.
//!
//! One concept: every prompt of a drill goes through the one loop here, so the keys cannot drift apart.

use std::io::{self, BufRead, Write};

use chrono::{DateTime, Utc};

use codedrill_core::answer::Judging;
use codedrill_core::choice::{self, Choices};
use codedrill_core::deck::{CardContent, Side, System};
use codedrill_core::sanitize::{clean_line, has_unsafe};
use codedrill_core::schedule::{CardSchedule, Rating};

use super::card::Outcome;
use super::judge::Given;
use super::lookup::Lookup;
use super::view;
use super::{Drill, Ending};
use crate::clock::Day;
use crate::store::Card;

/// What `:r` says where there is no wrong meaning to override.
const OVERRIDE_LATER: &str =
    ":r (I was right) works after a wrong meaning; codes are always exact.";

/// The longest line read as an answer; anything longer is refused rather than stored.
const MAX_LINE_BYTES: usize = 4_096;

/// One line of input, read and sorted.
enum Input {
    Text(String),
    Command(Command),
    /// Not usable as an answer; the reason is shown and the question asked again.
    Refused(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Command {
    Help,
    Hint,
    Skip,
    Undo,
    Quit,
    /// `:r`: "I was right", after a wrong meaning.
    Right,
}

/// A line for a card's question to decide on, once the session's commands are handled.
enum Reply {
    Text(String),
    Hint,
    Refused(String),
}

/// What a prompt after the verdict leads to, other than going on.
pub(super) enum Then {
    /// Stop the session; the answer stands.
    Stop(Ending),
    /// Take back the answer just given, and ask the card again.
    TakeBack,
    /// `:r`: count the wrong meaning just given as right.
    Override,
}

/// What the pause before learning cards that are not due yet leads to.
pub(super) enum Waited {
    Go,
    Undo,
    Stop(Ending),
}

impl<R: BufRead, W: Write> Drill<'_, R, W> {
    /// Asks until `decide` has an answer: it sees each line read (`None` at the end of input) and returns
    /// `None` to ask again.
    fn question<T>(
        &mut self,
        prompt: &str,
        mut decide: impl FnMut(&mut Self, Option<Input>) -> io::Result<Option<T>>,
    ) -> io::Result<T> {
        loop {
            write!(self.out, "{prompt}")?;
            self.out.flush()?;
            let input = self.read_input()?;
            if let Some(answer) = decide(self, input)? {
                return Ok(answer);
            }
        }
    }

    /// Asks a question about the card on screen. `Err` carries a command that ends this card early.
    fn card_question<T>(
        &mut self,
        prompt: &str,
        mut decide: impl FnMut(&mut Self, Reply) -> io::Result<Option<T>>,
    ) -> io::Result<Result<T, Outcome>> {
        self.question(prompt, |drill, input| {
            let reply = match input {
                None => return Ok(Some(Err(Outcome::Stop(Ending::EndOfInput)))),
                Some(Input::Command(Command::Help)) => {
                    drill.view().help()?;
                    return Ok(None);
                }
                Some(Input::Command(Command::Quit)) => {
                    return Ok(Some(Err(Outcome::Stop(Ending::Quit))));
                }
                Some(Input::Command(Command::Undo)) => return Ok(Some(Err(Outcome::Undo))),
                Some(Input::Command(Command::Skip)) => return Ok(Some(Err(Outcome::Skip))),
                Some(Input::Command(Command::Hint)) => Reply::Hint,
                Some(Input::Command(Command::Right)) => {
                    drill.view().warn(OVERRIDE_LATER)?;
                    return Ok(None);
                }
                Some(Input::Text(text)) => Reply::Text(text),
                Some(Input::Refused(why)) => Reply::Refused(why),
            };
            Ok(decide(drill, reply)?.map(Ok))
        })
    }

    /// A typed answer; `:h` gives a hint first, and the answer then counts as hinted.
    /// In a lookup drill (`lookup` not `Off`) `/words` and `=CODE` open the books instead.
    pub(super) fn read_typed(
        &mut self,
        card: &Card,
        judging: Judging,
        mut lookup: Lookup,
    ) -> io::Result<Result<Given, Outcome>> {
        let word = match judging {
            Judging::CodeSet => "codes",
            Judging::Code(System::Modifier) => "modifier",
            Judging::Code(_) => "code",
            Judging::Text if card.side == Side::Code => "answer",
            Judging::Text => "meaning",
        };
        let mut hinted = false;
        self.card_question(&view::prompt(self.style, word), |drill, reply| {
            match reply {
                Reply::Text(text) if drill.look_up(&text, &mut lookup)? => {}
                Reply::Text(text) => return Ok(Some(Given::Typed(text, hinted))),
                Reply::Hint => {
                    hinted = true;
                    drill.view().hint(card, judging)?;
                }
                Reply::Refused(why) => drill.view().warn(&why)?,
            }
            Ok(None)
        })
    }

    /// Multiple choice: the options are shown, then a number or letter is read.
    pub(super) fn read_choice(
        &mut self,
        choices: Choices,
        neighbours: Vec<CardContent>,
        side: Side,
    ) -> io::Result<Result<Given, Outcome>> {
        self.view().choices(&choices, side)?;
        let count = choices.options.len();
        let picked = self.card_question(
            &view::prompt(self.style, &format!("choice (1-{count})")),
            |drill, reply| {
                match reply {
                    // Enter alone: "I don't know", as when typing; the answer is shown.
                    Reply::Text(text) if text.trim().is_empty() => return Ok(Some(None)),
                    Reply::Text(text) => match choice::pick(&choices, &text) {
                        Some(i) => return Ok(Some(Some(i))),
                        None => drill
                            .view()
                            .warn(&format!("Type the number of your choice, 1 to {count}."))?,
                    },
                    Reply::Hint => drill.view().warn("No hints in multiple choice.")?,
                    Reply::Refused(why) => drill.view().warn(&why)?,
                }
                Ok(None)
            },
        )?;
        Ok(picked.map(|i| Given::Chose(choices, i, neighbours)))
    }

    /// Flip mode: waits until the learner has recalled the answer in their head.
    pub(super) fn wait_to_reveal(&mut self) -> io::Result<Result<(), Outcome>> {
        let prompt = view::prompt(self.style, "Enter to show the answer");
        self.card_question(&prompt, |drill, reply| match reply {
            Reply::Hint => {
                drill.view().warn("No hints when flipping.")?;
                Ok(None)
            }
            Reply::Text(_) | Reply::Refused(_) => Ok(Some(())),
        })
    }

    /// Flip mode: the learner grades their own recall, 1 to 4. `outcomes` shows when each grade brings
    /// the card back (none in practice outside the schedule).
    pub(super) fn read_self_grade(
        &mut self,
        outcomes: Option<&[CardSchedule; 4]>,
        now: DateTime<Utc>,
        today: Day,
    ) -> io::Result<Result<Rating, Outcome>> {
        let prompt = view::self_grade_prompt(self.style, outcomes, now, today);
        self.card_question(&prompt, |drill, reply| {
            let rating = match reply {
                Reply::Text(text) => self_grade(&text.trim().to_lowercase()),
                Reply::Hint | Reply::Refused(_) => None,
            };
            if rating.is_none() {
                drill
                    .view()
                    .warn("Type 1 (again), 2 (hard), 3 (good) or 4 (easy).")?;
            }
            Ok(rating)
        })
    }

    /// After a right answer: Enter keeps Good; h or e change the grade. `:q` and the end of input stop
    /// with the answer kept as good; `:u` takes it back.
    pub(super) fn ask_grade(
        &mut self,
        outcomes: &[CardSchedule; 4],
        now: DateTime<Utc>,
        today: Day,
    ) -> io::Result<Result<Rating, Then>> {
        let prompt = view::grade_prompt(self.style, outcomes, now, today);
        let again =
            "Press Enter to keep it as good, or type h (hard) or e (easy); :u takes it back.";
        self.after_verdict(&prompt, again, false, |text| {
            grade_after_right(&text.trim().to_lowercase())
        })
    }

    /// After a verdict with nothing to ask: Enter (or any line) goes on. `overridable`: a wrong meaning,
    /// which `:r` counts as right.
    pub(super) fn go_on(&mut self, overridable: bool) -> io::Result<Result<(), Then>> {
        let prompt = view::go_on_prompt(self.style);
        let again = "Press Enter to go on; :u takes that answer back.";
        self.after_verdict(&prompt, again, overridable, |_| Some(()))
    }

    /// A question asked once an answer is saved: `decide` reads a typed line (`None` to ask again, after
    /// `again`); `:q` and the end of input stop, `:u` takes the answer back, `?` helps.
    fn after_verdict<T>(
        &mut self,
        prompt: &str,
        again: &str,
        overridable: bool,
        mut decide: impl FnMut(&str) -> Option<T>,
    ) -> io::Result<Result<T, Then>> {
        self.question(prompt, |drill, input| {
            let decided = match input {
                Some(Input::Command(Command::Right)) if overridable => {
                    return Ok(Some(Err(Then::Override)));
                }
                Some(Input::Command(Command::Right)) => {
                    drill.view().warn(OVERRIDE_LATER)?;
                    return Ok(None);
                }
                None => return Ok(Some(Err(Then::Stop(Ending::EndOfInput)))),
                Some(Input::Command(Command::Quit)) => {
                    return Ok(Some(Err(Then::Stop(Ending::Quit))));
                }
                Some(Input::Command(Command::Undo)) => return Ok(Some(Err(Then::TakeBack))),
                Some(Input::Command(Command::Help)) => {
                    drill.view().help()?;
                    return Ok(None);
                }
                Some(Input::Text(text)) => decide(&text),
                // `:h`, `:s` or an unreadable line: nothing to act on once the answer is in.
                Some(Input::Command(Command::Hint | Command::Skip) | Input::Refused(_)) => None,
            };
            if decided.is_none() {
                drill.view().warn(again)?;
            }
            Ok(decided.map(Ok))
        })
    }

    /// The pause when only learning cards are left and none is due: Enter goes on (the card comes, early
    /// if need be), `:u` takes back the last answer, `:q` and the end of input stop.
    pub(super) fn wait_for_learning(&mut self) -> io::Result<Waited> {
        let prompt = view::go_on_prompt(self.style);
        self.question(&prompt, |drill, input| {
            Ok(Some(match input {
                None => Waited::Stop(Ending::EndOfInput),
                Some(Input::Command(Command::Quit)) => Waited::Stop(Ending::Quit),
                Some(Input::Command(Command::Undo)) => Waited::Undo,
                Some(Input::Command(Command::Help)) => {
                    drill.view().help()?;
                    return Ok(None);
                }
                Some(Input::Command(Command::Hint | Command::Skip | Command::Right)) => {
                    drill
                        .view()
                        .warn("No card is on screen: press Enter when ready, or :q to stop.")?;
                    return Ok(None);
                }
                Some(Input::Text(_) | Input::Refused(_)) => Waited::Go,
            }))
        })
    }

    /// The optional question the fit report's "what you enjoyed" rests on: 1 to 5, or `None` if skipped.
    pub(super) fn ask_enjoyment(&mut self) -> io::Result<Option<u8>> {
        self.question(&view::enjoyment_prompt(self.style), |drill, input| {
            let Some(Input::Text(text)) = input else {
                return Ok(Some(None));
            };
            let enjoyment = match text.trim() {
                "" => return Ok(Some(None)),
                "1" => 1,
                "2" => 2,
                "3" => 3,
                "4" => 4,
                "5" => 5,
                _ => {
                    drill
                        .view()
                        .warn("Type a number from 1 to 5, or press Enter to skip.")?;
                    return Ok(None);
                }
            };
            Ok(Some(Some(enjoyment)))
        })
    }

    /// One line of input, sorted into an answer, a command or a refusal. `None` at the end of input.
    fn read_input(&mut self) -> io::Result<Option<Input>> {
        let Some(bytes) = self.read_line()? else {
            return Ok(None);
        };
        if bytes.len() > MAX_LINE_BYTES {
            return Ok(Some(Input::Refused(format!(
                "That line is longer than {MAX_LINE_BYTES} characters; type a shorter answer."
            ))));
        }
        if self.echo {
            // Only cosmetic: an output that has gone away must not stop the answer being judged and saved.
            let _ = writeln!(self.out, "{}", clean_line(&String::from_utf8_lossy(&bytes)));
        }
        Ok(Some(sort(bytes)))
    }

    /// One line's bytes without its line ending. A line over `MAX_LINE_BYTES` comes back cut one byte
    /// past the limit, and the rest of it is dropped so it is not read as the next answers.
    fn read_line(&mut self) -> io::Result<Option<Vec<u8>>> {
        let mut bytes = Vec::new();
        let read = io::Read::take(&mut self.input, MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut bytes)?;
        if read == 0 {
            return Ok(None);
        }
        if bytes.len() > MAX_LINE_BYTES && !bytes.ends_with(b"\n") {
            self.input.read_until(b'\n', &mut Vec::new())?;
            return Ok(Some(bytes));
        }
        while bytes.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            bytes.pop();
        }
        Ok(Some(bytes))
    }
}

/// A line's bytes as an answer, a command, or a refusal when they are not text that can be stored.
fn sort(bytes: Vec<u8>) -> Input {
    let Ok(text) = String::from_utf8(bytes) else {
        return Input::Refused(
            "That answer is not readable text (check the keyboard layout); type it again.".into(),
        );
    };
    if has_unsafe(&text) {
        return Input::Refused(
            "That answer has control characters in it (from arrow or function keys?); type it again."
                .into(),
        );
    }
    match text.trim() {
        "?" => Input::Command(Command::Help),
        ":h" | ":hint" => Input::Command(Command::Hint),
        ":s" | ":skip" => Input::Command(Command::Skip),
        ":u" | ":undo" => Input::Command(Command::Undo),
        ":q" | ":quit" => Input::Command(Command::Quit),
        ":r" | ":right" => Input::Command(Command::Right),
        _ => Input::Text(text),
    }
}

/// Flip mode's grades, by number, letter or word; Enter alone is good.
fn self_grade(text: &str) -> Option<Rating> {
    match text {
        "1" | "a" | "again" => Some(Rating::Again),
        "2" | "h" | "hard" => Some(Rating::Hard),
        "" | "3" | "g" | "good" => Some(Rating::Good),
        "4" | "e" | "easy" => Some(Rating::Easy),
        _ => None,
    }
}

/// The grades a right answer can keep or change to; Enter alone keeps good.
fn grade_after_right(text: &str) -> Option<Rating> {
    match text {
        "" | "g" | "good" => Some(Rating::Good),
        "h" | "hard" => Some(Rating::Hard),
        "e" | "easy" => Some(Rating::Easy),
        _ => None,
    }
}
