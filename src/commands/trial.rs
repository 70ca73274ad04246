//! `codedrill trial`: the guided first step, a 15-minute mixed session, then checks after 1 and 3 days
//! of the cards learned in it.
//!
//! A session counts for the trial only when it has answers: the day the trial began is written before
//! its first session (so that Ctrl-C keeps it), but a start with no answer since is no start, and the
//! next `codedrill trial` begins afresh. A trial refused because another drill holds the lock writes
//! nothing.

use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::{DateTime, Local, Utc};

use super::{Context, session};
use crate::builtin::BUILTIN;
use crate::clock::{self, Day};
use crate::session::Options;
use crate::store::{MetaKey, SessionLock, Store};
use crate::view::hidden::left_out;
use crate::view::style::Style;
use codedrill_core::answer::Mode;
use codedrill_core::deck::Direction;
use codedrill_core::report::{CHECK_DAYS, Trial, TrialStage, trial_stage};
use codedrill_core::schedule::Settings;
use codedrill_core::words::plural;

/// Where the study day the trial began is kept.
pub(super) const TRIAL_KEY: MetaKey = MetaKey::TrialStartedDay;

/// The study day the trial began, if it has.
pub(super) fn started(store: &Store) -> Result<Option<Day>> {
    Ok(store.meta(TRIAL_KEY)?.and_then(|d| d.parse().ok()))
}

/// What `codedrill trial` does today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// The first session (again, the same day).
    First,
    /// The check that opens `CHECK_DAYS[i]` days after the first session.
    Check(usize),
    /// Nothing today: the next check opens on that study day.
    Wait(Day),
    Complete,
}

/// Where a trial that began on `start` (if it has) stands today, and what it does.
fn step(stage: &Trial, today: Day) -> Step {
    let Some(start) = stage.started else {
        return Step::First;
    };
    match stage.stage {
        TrialStage::NotStarted => Step::First,
        TrialStage::FirstDay if today == start => Step::First,
        TrialStage::FirstDay => Step::Check(0),
        TrialStage::OneDayCheck if today >= start + CHECK_DAYS[1] => Step::Check(1),
        TrialStage::OneDayCheck => Step::Wait(start + CHECK_DAYS[1]),
        TrialStage::Complete => Step::Complete,
    }
}

/// Whether one of the trial's checks is due today: plain `codedrill` then runs it.
pub(super) fn check_due(ctx: &mut Context) -> Result<bool> {
    let (store, clock) = ctx.store_and_clock()?;
    let today = clock::study_day(clock.now());
    let start = started(store)?;
    let stage = trial_stage(start, &studied_days(store, start)?, today);
    Ok(matches!(step(&stage, today), Step::Check(_)))
}

pub(super) fn run(ctx: &mut Context) -> Result<ExitCode> {
    let style = ctx.style();
    let dir = ctx.dir().to_path_buf();
    let (store, clock) = ctx.store_and_clock()?;
    let now = clock.now();
    let today = clock::study_day(now);
    let started = started(store)?;
    let stage = trial_stage(started, &studied_days(store, started)?, today);
    let step = step(&stage, today);
    let start = stage.started.unwrap_or(today);
    match step {
        Step::Wait(check) => {
            let text = format!(
                "Trial: the 1-day check is done; the 3-day check opens {}: run `codedrill trial` then. \
                 Until then, `codedrill` drills what is due.",
                when(check, now)
            );
            say!("{}", style.wrap(&text, "", ""));
            return Ok(ExitCode::SUCCESS);
        }
        Step::Complete => {
            tell_next(style, &stage, start, now)?;
            return Ok(ExitCode::SUCCESS);
        }
        Step::First | Step::Check(_) => {}
    }
    // Refused while another drill runs, or with every built-in deck hidden: nothing is written.
    let (decks, hidden) = trial_decks(store)?;
    drop(SessionLock::acquire(&dir)?);
    if stage.started.is_none() {
        store.set_meta(TRIAL_KEY, &start.to_string())?;
    }
    let check = match step {
        Step::Check(_) => learned_before(store, today)?,
        _ => Vec::new(),
    };
    introduce(style, step, today - start, check.len())?;
    if let Some(left_out) = left_out(&hidden, "the trial") {
        say!("{}\n", style.wrap(&left_out, "", ""));
    }
    let parameters = store.parameters()?.unwrap_or_default();
    let new_per_day = match step {
        Step::First => 30,
        _ if check.is_empty() => 10,
        _ => 0,
    };
    let code = session::run(ctx, &decks, |ids| Options {
        decks: ids,
        direction: Direction::Auto,
        mode: Mode::Type,
        new_per_day,
        reviews_per_day: 200,
        minutes: Some(15),
        settings: Settings {
            parameters,
            ..Settings::default()
        },
        cram: None,
        check,
    })?;
    let store = ctx.store()?;
    let stage = trial_stage(Some(start), &studied_days(store, Some(start))?, today);
    tell_next(style, &stage, start, now)?;
    Ok(code)
}

/// The built-in decks the trial mixes (those not hidden), and the hidden ones it leaves out.
fn trial_decks(store: &Store) -> Result<(Vec<String>, Vec<String>)> {
    let hidden = store.hidden_decks()?;
    let (hidden, decks): (Vec<String>, Vec<String>) = BUILTIN
        .iter()
        .map(|d| d.name.to_owned())
        .partition(|name| hidden.contains(name));
    if decks.is_empty() {
        bail!(
            "every built-in deck is hidden, so the trial has nothing to ask; `codedrill decks` lists them \
             and `codedrill decks show NAME` brings one back"
        );
    }
    Ok((decks, hidden))
}

fn introduce(style: Style, step: Step, days: i64, checked: usize) -> Result<()> {
    let text = match step {
        Step::Check(i) if checked > 0 => format!(
            "Trial: the {}-day check{}. The {} you answered right before today come back now, to see \
             what stayed, with any card still being learned.",
            CHECK_DAYS[i],
            late(days - CHECK_DAYS[i], days),
            plural(checked as i64, "card")
        ),
        Step::Check(i) => format!(
            "Trial: the {}-day check{}. No card was answered right before today, so there is nothing to \
             check yet: this session teaches a few more.",
            CHECK_DAYS[i],
            late(days - CHECK_DAYS[i], days)
        ),
        _ => "Your codedrill trial: about 15 minutes with a mix of what coders and billers learn: \
              ICD-10-CM diagnoses, CPT-style procedures, HCPCS codes, modifiers, word parts, \
              abbreviations, billing terms and coding cases.\nNot knowing most answers is expected: type \
              your best guess, or press Enter to see the answer."
            .to_owned(),
    };
    say!("{}\n", style.wrap(&text, "", ""));
    Ok(())
}

/// " (2 days late: 3 days after your first session)", or nothing when on time.
fn late(by: i64, days: i64) -> String {
    if by <= 0 {
        return String::new();
    }
    format!(
        " ({} late: {} after your first session)",
        plural(by, "day"),
        plural(days, "day")
    )
}

/// The study days `trial_stage` needs: the first day with an answer (practice included) on or after the
/// trial's start and on or after each check's day. They say whether the learner studied after each as
/// every day studied would, without a pass over the whole log: plain `codedrill` asks at every start.
fn studied_days(store: &Store, start: Option<Day>) -> Result<Vec<Day>> {
    let Some(start) = start else {
        return Ok(Vec::new());
    };
    let ids = store.all_deck_ids()?;
    let mut days = Vec::new();
    for after in [0, CHECK_DAYS[0], CHECK_DAYS[1]] {
        if let Some(at) = store.first_answer_since(&ids, clock::day_start(start + after))? {
            days.push(clock::study_day(at));
        }
    }
    Ok(days)
}

/// The cards learned before `today` (answered right at least once) and not answered today: what a check
/// asks.
fn learned_before(store: &Store, today: Day) -> Result<Vec<i64>> {
    let mut learned = Vec::new();
    let mut today_answered = Vec::new();
    store.for_each_fact(&store.all_deck_ids()?, &mut |f, _| {
        if f.day >= today {
            today_answered.push(f.card);
        } else if f.correct && !learned.contains(&f.card) {
            learned.push(f.card);
        }
    })?;
    learned.retain(|card| !today_answered.contains(card));
    Ok(learned)
}

/// When study day `day` begins (4 am), in words from `now`: "today from 4 am", "tomorrow (Tuesday 24
/// November) from 4 am", "on Thursday 26 November from 4 am".
fn when(day: Day, now: DateTime<Utc>) -> String {
    let opens = clock::day_start(day).with_timezone(&Local);
    let today = now.with_timezone(&Local).date_naive();
    let date = opens.format("%A %-d %B");
    match (opens.date_naive() - today).num_days() {
        ..=0 => format!("today from {}", opens.format("%-I %P")),
        1 => format!("tomorrow ({date}) from {}", opens.format("%-I %P")),
        _ => format!("on {date} from {}", opens.format("%-I %P")),
    }
}

/// Where the trial stands after a session, and when the next check opens.
fn tell_next(style: Style, stage: &Trial, start: Day, now: DateTime<Utc>) -> Result<()> {
    let text = match stage.stage {
        TrialStage::NotStarted => {
            "No answers, so the trial has not begun: run `codedrill trial` when you are ready.".into()
        }
        TrialStage::Complete => "Your trial is complete: first session, 1-day check and 3-day check. Run \
                                 `codedrill report` for your read; keep drilling with `codedrill` to firm it up."
            .into(),
        TrialStage::FirstDay | TrialStage::OneDayCheck => {
            let (which, days) = if stage.stage == TrialStage::FirstDay {
                ("1-day", CHECK_DAYS[0])
            } else {
                ("3-day", CHECK_DAYS[1])
            };
            let opens = if start + days <= clock::study_day(now) {
                "is open now".to_owned()
            } else {
                format!("opens {}", when(start + days, now))
            };
            format!(
                "Next: the {which} check {opens} (run `codedrill trial`, or plain `codedrill`). \
                 `codedrill report` shows your evidence at any time."
            )
        }
    };
    say!("\n{}", style.wrap(&text, "", ""));
    Ok(())
}
