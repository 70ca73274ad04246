//! `codedrill cards [--deck NAME] [SEARCH]`: the cards matching a code, words of the description or a
//! tag, with their state, when they are due, how often they were answered and missed, and their last
//! answers; as a table or as JSON. `cards suspend`, `unsuspend` and `edit` are in their own rooms.

use std::collections::HashSet;
use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Context, edit_card, suspend};
use crate::cli::{CardsAction, CardsArgs};
use crate::clock::{self, Day};
use crate::store::{Listed, Store};
use crate::view::style::Style;
use codedrill_core::deck::Side;
use codedrill_core::find::{Query, due_words};
use codedrill_core::sanitize::clean_line;
use codedrill_core::schedule::Due;
use codedrill_core::words::plural;

pub(super) fn run(ctx: &mut Context, args: &CardsArgs) -> Result<ExitCode> {
    match &args.action {
        Some(CardsAction::Suspend { card }) => suspend::run(ctx, card, true),
        Some(CardsAction::Unsuspend { card }) => suspend::run(ctx, card, false),
        Some(CardsAction::Edit(edit)) => edit_card::run(ctx, edit),
        None => list(ctx, args),
    }
}

/// Lists the cards found; exits with 1 when there are none, as grep and ripgrep do.
fn list(ctx: &mut Context, args: &CardsArgs) -> Result<ExitCode> {
    let style = ctx.style();
    let (store, clock) = ctx.store_and_clock()?;
    let (ids, text) = scope(store, args)?;
    let query = Query::new(&text);
    let found = store.list_cards(&ids, &|card| query.matches(card))?;
    let hidden: HashSet<String> = store.hidden_decks()?.into_iter().collect();
    let now = clock.now();
    let today = clock::study_day(now);
    let rows: Vec<Row> = found
        .iter()
        .map(|listed| Row::of(listed, hidden.contains(&listed.card.deck), now, today))
        .collect();
    if args.json {
        let json = Json {
            schema_version: 1,
            cards: rows.iter().map(|r| &r.json).collect(),
        };
        say!("{}", serde_json::to_string_pretty(&json)?);
    } else if rows.is_empty() {
        say!("{}", style.wrap(&nothing_found(&text), "", ""));
    } else {
        let mut out = io::stdout().lock();
        write_table(&mut out, &rows, style)?;
        write_footer(&mut out, &rows, style)?;
    }
    Ok(if rows.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The decks to look in and what to look for. Looking a card up is not studying: hidden decks are
/// searched too unless decks are named. A card named as DECK:KEY (as this list and the leech list show
/// it) is looked for in its deck.
fn scope(store: &Store, args: &CardsArgs) -> Result<(Vec<i64>, String)> {
    let text = args.search.join(" ");
    if !args.decks.is_empty() {
        return Ok((store.deck_ids(&args.decks)?, text));
    }
    if !text.contains(char::is_whitespace) {
        for (at, _) in text.match_indices(':') {
            if let Some(deck) = store.deck_info(&text[..at])? {
                return Ok((vec![deck.id], text[at + 1..].to_owned()));
            }
        }
    }
    Ok((store.deck_ids_with_hidden()?, text))
}

fn nothing_found(text: &str) -> String {
    if text.trim().is_empty() {
        return "Those decks have no cards.".into();
    }
    format!(
        "No card matches '{}'. Look for a code (E11.65, e1165, or its start: E11), words of the description \
         (diabetes hyperglycemia) or a tag; `codedrill decks` lists the decks.",
        clean_line(text)
    )
}

/// `codedrill cards --json`.
#[derive(Serialize)]
struct Json<'a> {
    schema_version: u32,
    cards: Vec<&'a CardJson>,
}

/// One card in `codedrill cards --json` (docs/json.md).
#[derive(Serialize)]
struct CardJson {
    deck: String,
    key: String,
    side: Side,
    code: String,
    description: String,
    tags: String,
    deck_hidden: bool,
    state: &'static str,
    suspended: bool,
    leech: bool,
    /// A study day's date (a review), an instant (learning), or null (new).
    due: Option<String>,
    due_in_words: String,
    reviews: i64,
    lapses: u32,
    last_answers: Vec<AnswerJson>,
}

#[derive(Serialize)]
struct AnswerJson {
    at: String,
    answer: String,
    correct: bool,
}

/// A card as the table shows it, and as the JSON writes it.
struct Row {
    name: String,
    state: String,
    due: String,
    marks: String,
    shown: String,
    json: CardJson,
}

impl Row {
    fn of(listed: &Listed, deck_hidden: bool, now: DateTime<Utc>, today: Day) -> Row {
        let card = &listed.card;
        let state = if card.leech {
            "leech"
        } else if card.suspended {
            "suspended"
        } else {
            card.schedule.state.name()
        };
        let due = due_words(card.schedule.due, now, today);
        let mut shown = clean_line(&card.content.description).into_owned();
        if card.side != card.content.system.asks() {
            shown = format!("(reversed) {shown}");
        }
        Row {
            name: clean_line(&format!("{}:{}", card.deck, card.content.key)).into_owned(),
            state: state.to_owned(),
            due: if card.suspended {
                "-".into()
            } else {
                due.clone()
            },
            // Oldest first, so that they read left to right as they came.
            marks: listed
                .last
                .iter()
                .rev()
                .map(|a| if a.correct { '✓' } else { '✗' })
                .collect(),
            shown,
            json: CardJson {
                deck: card.deck.clone(),
                key: card.content.key.clone(),
                side: card.side,
                code: card.content.code.clone(),
                description: card.content.description.clone(),
                tags: card.content.tags.clone(),
                deck_hidden,
                state,
                suspended: card.suspended,
                leech: card.leech,
                due: due_json(card.schedule.due),
                due_in_words: due,
                reviews: listed.answers,
                lapses: card.schedule.lapses,
                last_answers: listed
                    .last
                    .iter()
                    .map(|a| AnswerJson {
                        at: a.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                        answer: a.answer.clone(),
                        correct: a.correct,
                    })
                    .collect(),
            },
        }
    }
}

fn due_json(due: Due) -> Option<String> {
    match due {
        Due::New => None,
        Due::Day(day) => Some(codedrill_core::find::date_of(day).to_string()),
        Due::At(at) => Some(at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
    }
}

const HEADERS: [&str; 7] = [
    "card",
    "state",
    "due",
    "reviews",
    "lapses",
    "last answers",
    "description",
];

/// The cards under a bold header, each column as wide as its longest cell; the description last, wrapped
/// to the width when one is known: beside the other columns, or under its row when they leave too little
/// room.
fn write_table(out: &mut impl Write, rows: &[Row], style: Style) -> Result<()> {
    let widest = |cell: fn(&Row) -> &str, header: &str| {
        rows.iter()
            .map(|r| cell(r).chars().count())
            .chain([header.chars().count()])
            .max()
            .unwrap_or(0)
    };
    let w = [
        widest(|r| &r.name, HEADERS[0]),
        widest(|r| &r.state, HEADERS[1]),
        widest(|r| &r.due, HEADERS[2]),
        HEADERS[3].len(),
        HEADERS[4].len(),
        widest(|r| &r.marks, HEADERS[5]),
    ];
    let line = |cells: [&str; 6]| {
        format!(
            "{:<a$}  {:<b$}  {:<c$}  {:>d$}  {:>e$}  {:<f$}  ",
            cells[0],
            cells[1],
            cells[2],
            cells[3],
            cells[4],
            cells[5],
            a = w[0],
            b = w[1],
            c = w[2],
            d = w[3],
            e = w[4],
            f = w[5],
        )
    };
    let head = line([
        HEADERS[0], HEADERS[1], HEADERS[2], HEADERS[3], HEADERS[4], HEADERS[5],
    ]);
    writeln!(out, "{}", style.bold(&format!("{head}{}", HEADERS[6])))?;
    // With too little room beside the other columns, each description goes under its row instead.
    let beside = head.chars().count();
    let under = style.width().is_some_and(|w| w < beside + MIN_DESCRIPTION);
    let indent = " ".repeat(if under { UNDER } else { beside });
    for r in rows {
        let (reviews, lapses) = (r.json.reviews.to_string(), r.json.lapses.to_string());
        let start = line([&r.name, &r.state, &r.due, &reviews, &lapses, &r.marks]);
        let text = if under {
            writeln!(out, "{}", start.trim_end())?;
            style.wrap(&r.shown, &indent, &indent)
        } else {
            style.wrap(&r.shown, &start, &indent)
        };
        writeln!(out, "{}", text.trim_end())?;
    }
    Ok(())
}

/// The least room a description gets beside the other columns.
const MIN_DESCRIPTION: usize = 30;
/// How far a description under its row is indented.
const UNDER: usize = 4;

/// How many cards, and which of their decks are hidden.
fn write_footer(out: &mut impl Write, rows: &[Row], style: Style) -> Result<()> {
    writeln!(out, "{}.", plural(rows.len() as i64, "card"))?;
    let mut hidden: Vec<&str> = rows
        .iter()
        .filter(|r| r.json.deck_hidden)
        .map(|r| r.json.deck.as_str())
        .collect();
    hidden.dedup();
    for deck in hidden {
        let deck = clean_line(deck);
        let text = format!(
            "'{deck}' is hidden: its cards are not drilled until `codedrill decks show {deck}`."
        );
        writeln!(out, "{}", style.wrap(&text, "", ""))?;
    }
    Ok(())
}
