//! The verdict on an answer: right, or what was right and how the answer differs from it (a code
//! lined up character by character, the codes of a case found or missing), with the accepted aliases and
//! the card's note. Flip mode's reveal shows the same answer before the learner grades themselves.

use std::io::{self, Write};

use codedrill_core::answer::{self, Judging, Step, Verdict};
use codedrill_core::deck::Side;
use codedrill_core::mistake::Mistake;
use codedrill_core::sanitize::{clean, clean_line};
use codedrill_core::words::plural;

use super::judge::Judged;
use super::view::View;
use crate::store::Card;

impl<W: Write> View<'_, W> {
    /// How the answer went: right, or what was right and how the answer differs.
    pub fn verdict(&mut self, card: &Card, judged: &Judged) -> io::Result<()> {
        let (expected, aliases) = answer::expected(&card.content, card.side);
        let expected = clean(expected);
        let parts = judged.verdict.as_ref().filter(|v| !v.parts.is_empty());
        if judged.correct {
            self.right(card, &expected)?;
        } else if let Some(verdict) = parts {
            self.code_set_miss(verdict, &expected)?;
        } else {
            self.miss(card, judged, &expected)?;
            self.aliases("also accepted", aliases)?;
        }
        if let Some(explained) = judged.mistake.as_ref().and_then(Mistake::explain) {
            let warned = self.style.warn(&explained);
            self.line("    ", "    ", &warned)?;
        }
        if let Some(instead) = &judged.instead {
            let dim = self.style.dim(instead);
            self.line("    ", "    ", &dim)?;
        }
        self.note(&card.content.note)
    }

    fn right(&mut self, card: &Card, expected: &str) -> io::Result<()> {
        let shown = match card.side {
            Side::Code => expected.to_owned(),
            Side::Meaning => format!("{} = {expected}", clean_line(&card.content.code)),
        };
        let s = self.style;
        self.line(
            "  ",
            "    ",
            &format!("{} {}", s.good("✓ right:"), s.bold(&shown)),
        )
    }

    /// A coding case answered in part: each code found or missing, and each code that does not belong.
    fn code_set_miss(&mut self, verdict: &Verdict, expected: &str) -> io::Result<()> {
        let s = self.style;
        self.line(
            "  ",
            "    ",
            &format!("{} {}", s.bad("✗ not quite:"), s.bold(expected)),
        )?;
        let mut marks: Vec<String> = verdict
            .parts
            .iter()
            .map(|(code, found)| {
                if *found {
                    s.good(&format!("✓ {code}"))
                } else {
                    s.bad(&format!("✗ {code} (missing)"))
                }
            })
            .collect();
        marks.extend(
            verdict
                .extra
                .iter()
                .map(|c| s.bad(&format!("✗ {} (not part of the answer)", clean_line(c)))),
        );
        // A mark is one unit: a line breaks between marks, never inside one.
        let row = marks
            .join("  ")
            .replace(' ', "\u{a0}")
            .replace("\u{a0}\u{a0}", "  ");
        let wrapped = s.wrap(&row, "    ", "    ").replace('\u{a0}', " ");
        writeln!(self.out, "{wrapped}")?;
        let found = verdict.parts.iter().filter(|(_, f)| *f).count();
        let tally = s.dim(&format!(
            "{found} of {} right; a case counts only when all are",
            plural(verdict.parts.len() as i64, "code")
        ));
        self.line("    ", "    ", &tally)
    }

    /// A wrong answer: what is right, and what was typed or chosen instead.
    fn miss(&mut self, card: &Card, judged: &Judged, expected: &str) -> io::Result<()> {
        let s = self.style;
        let content = &card.content;
        let what = match (card.side, content.system.is_code()) {
            (Side::Code, true) => "the code is",
            (Side::Code, false) => "the answer is",
            (Side::Meaning, _) => "it means",
        };
        let head = format!("{} {}", s.bad(&format!("✗ {what}")), s.bold(expected));
        self.line("  ", "    ", &head)?;
        let typed = judged.answer.as_str();
        if typed.is_empty() {
            writeln!(self.out, "    {}", s.dim("(no answer given)"))
        } else if judged.verdict.is_none() {
            self.line(
                "    ",
                "               ",
                &format!("you chose  {}", clean_line(typed)),
            )
        } else if matches!(
            Judging::for_card(content.system, card.side),
            Judging::Code(_)
        ) {
            self.code_diff(typed, expected)
        } else {
            self.line("    ", "    ", &format!("you typed: {}", clean_line(typed)))
        }
    }

    /// Lines up what was typed with the right code and marks each character that differs. Only for near
    /// misses: marking every character of an unrelated code says nothing.
    fn code_diff(&mut self, typed: &str, expected: &str) -> io::Result<()> {
        let steps = answer::align(&clean_line(typed), expected);
        let differences = steps.iter().filter(|s| !matches!(s, Step::Same(_))).count();
        if differences > 2 {
            return self.line("    ", "    ", &format!("you typed  {}", clean_line(typed)));
        }
        let (mut top, mut bottom, mut marks) = (String::new(), String::new(), String::new());
        for step in &steps {
            let (t, b, m) = match *step {
                Step::Same(c) => (c, c, ' '),
                Step::Changed(t, b) => (t, b, '^'),
                Step::Extra(t) => (t, '_', '^'),
                Step::Missing(b) => ('_', b, '^'),
            };
            top.push(t);
            bottom.push(b);
            marks.push(m);
        }
        writeln!(self.out, "    you typed  {top}")?;
        writeln!(self.out, "    right      {bottom}")?;
        writeln!(
            self.out,
            "               {}",
            self.style.warn(marks.trim_end())
        )
    }

    /// The other accepted answers, the first four of them.
    fn aliases(&mut self, lead: &str, aliases: &[String]) -> io::Result<()> {
        if aliases.is_empty() {
            return Ok(());
        }
        let list: Vec<_> = aliases
            .iter()
            .take(4)
            .map(|a| clean_line(a).into_owned())
            .collect();
        let text = self.style.dim(&format!("{lead}: {}", list.join("; ")));
        self.line("    ", "    ", &text)
    }

    fn note(&mut self, note: &str) -> io::Result<()> {
        let s = self.style;
        for (i, line) in clean(note).lines().enumerate() {
            let lead = if i == 0 { "note:" } else { "     " };
            self.line(
                "  ",
                "        ",
                &format!("{} {}", s.dim(lead), s.dim(line)),
            )?;
        }
        Ok(())
    }

    /// Flip mode: the answer, shown after the learner has recalled it in their head.
    pub fn reveal(&mut self, card: &Card) -> io::Result<()> {
        let (expected, aliases) = answer::expected(&card.content, card.side);
        let s = self.style;
        self.line(
            "  ",
            "    ",
            &format!("{} {}", s.accent("="), s.bold(&clean(expected))),
        )?;
        self.aliases("also", aliases)?;
        self.note(&card.content.note)
    }
}
