//! The table `codedrill cards` prints: a line a card, the description last, fitted to the width.

use std::io::Write;

use anyhow::Result;
use chrono::{DateTime, Utc};

use crate::clock::Day;
use crate::store::Listed;
use crate::view::style::Style;
use codedrill_core::find::due_words;
use codedrill_core::sanitize::clean_line;
use codedrill_core::words::plural;

/// A card as the table shows it, cleaned for the terminal.
pub(super) struct Row {
    name: String,
    state: &'static str,
    due: String,
    reviews: String,
    lapses: String,
    marks: String,
    shown: String,
    /// Its deck, when the deck is hidden.
    hidden_deck: Option<String>,
}

impl Row {
    pub(super) fn of(listed: &Listed, deck_hidden: bool, now: DateTime<Utc>, today: Day) -> Row {
        let card = &listed.card;
        let mut shown = clean_line(&card.content.description).into_owned();
        if card.side != card.content.system.asks() {
            shown = format!("(reversed) {shown}");
        }
        Row {
            name: clean_line(&format!("{}:{}", card.deck, card.content.key)).into_owned(),
            state: super::state(card),
            due: if card.suspended {
                "-".into()
            } else {
                due_words(card.schedule.due, now, today)
            },
            reviews: listed.answers.to_string(),
            lapses: card.schedule.lapses.to_string(),
            // Oldest first, so that they read left to right as they came.
            marks: listed
                .last
                .iter()
                .rev()
                .map(|a| if a.correct { '✓' } else { '✗' })
                .collect(),
            shown,
            hidden_deck: deck_hidden.then(|| clean_line(&card.deck).into_owned()),
        }
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
pub(super) fn write_table(out: &mut impl Write, rows: &[Row], style: Style) -> Result<()> {
    let widest = |cell: fn(&Row) -> &str, header: &str| {
        rows.iter()
            .map(|r| cell(r).chars().count())
            .chain([header.chars().count()])
            .max()
            .unwrap_or(0)
    };
    let w = [
        widest(|r| &r.name, HEADERS[0]),
        widest(|r| r.state, HEADERS[1]),
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
        let start = line([&r.name, r.state, &r.due, &r.reviews, &r.lapses, &r.marks]);
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
pub(super) fn write_footer(out: &mut impl Write, rows: &[Row], style: Style) -> Result<()> {
    writeln!(out, "{}.", plural(rows.len() as i64, "card"))?;
    let mut hidden: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.hidden_deck.as_deref())
        .collect();
    hidden.dedup();
    for deck in hidden {
        let text = format!(
            "'{deck}' is hidden: plain `codedrill` leaves its cards out until `codedrill decks show {deck}`."
        );
        writeln!(out, "{}", style.wrap(&text, "", ""))?;
    }
    Ok(())
}
