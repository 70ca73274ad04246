//! The bar charts of section 3 and of the workload: the kinds of miss on typed codes, and the cards
//! due on each of the next days.

use chrono::Datelike;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use codedrill_core::day::Day;
use codedrill_core::mistake::MissKind;
use codedrill_core::report::Precision;
use codedrill_core::words::plural;

use super::figure::{ACCENT, Figure, HEIGHT, Table, above, axes, draw, font, headroom};
use super::{date_of, short_date};

/// The height of one row of the mistake chart: its label above, its bar under it.
const ROW: u32 = 46;

/// Misses on typed codes by class, one row each (label above, bar with its count under it), coloured
/// by kind; `None` while there is no miss. Blank answers are "I don't know", not misses of precision:
/// the note under the chart counts them apart.
pub fn mistakes(precision: &Precision) -> Option<Figure> {
    let classes = &precision.classes;
    let max = classes.iter().map(|c| c.count).max()?;
    let total: u64 = classes.iter().map(|c| c.count).sum();
    let rows: Vec<(String, MissKind, u64)> = classes
        .iter()
        .map(|c| {
            (
                format!("{} — {}", c.label, kind_label(c.kind)),
                c.kind,
                c.count,
            )
        })
        .collect();
    let n = rows.len();
    let svg = draw(ROW * n as u32 + 64, move |root| {
        let mut chart = ChartBuilder::on(&root)
            .margin(14)
            .margin_right(24)
            .x_label_area_size(46)
            .build_cartesian_2d(0u64..headroom(max), 0f64..n as f64)?;
        axes(&mut chart.configure_mesh())
            .x_desc("misses")
            .x_labels(6)
            .y_labels(0)
            // The count is written at each bar's end: grid lines would only cross the labels.
            .disable_mesh()
            .draw()?;
        for (i, (label, kind, count)) in rows.iter().enumerate() {
            // Rows run top to bottom, the y axis bottom to top.
            let base = (n - 1 - i) as f64;
            let colour = kind_colour(*kind);
            chart.draw_series([Rectangle::new(
                [(0, base + 0.12), (*count, base + 0.5)],
                colour.filled(),
            )])?;
            let left = |px| font(px).pos(Pos::new(HPos::Left, VPos::Center));
            chart.draw_series([
                EmptyElement::at((0, base + 0.76)) + Text::new(label.clone(), (2, 0), left(14.0)),
                EmptyElement::at((*count, base + 0.31))
                    + Text::new(count.to_string(), (6, 0), left(15.0)),
            ])?;
        }
        Ok(())
    });
    Some(Figure {
        id: "mistakes",
        title: format!(
            "What went wrong in the {} you typed: {} by kind",
            plural(precision.typed as i64, "code"),
            plural(total as i64, "miss")
        ),
        desc: format!(
            "One bar per kind of miss, its length the count: {}.",
            classes
                .iter()
                .map(|c| format!("{} ({}), {}", c.label, kind_label(c.kind), c.count))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        svg,
        table: Table {
            head: vec!["What went wrong", "Kind", "Misses"],
            words: 2,
            rows: classes
                .iter()
                .map(|c| {
                    vec![
                        c.label.into(),
                        kind_label(c.kind).into(),
                        c.count.to_string(),
                    ]
                })
                .collect(),
        },
        note: Some(blank_note(precision.blank)),
    })
}

/// The kind of a miss, said so that "other" explains itself.
fn kind_label(kind: MissKind) -> &'static str {
    match kind {
        MissKind::Other => "too far from the answer to tell",
        kind => kind.label(),
    }
}

fn blank_note(blank: u64) -> String {
    format!(
        "Not counted here: {blank} left blank (\"I don't know\"). Not knowing a code is not a slip of typing."
    )
}

/// Slips in the accent colour, knowledge errors in orange (the pair reads apart in every common kind
/// of colour blindness), the rest grey; the label names the kind too, so colour is never the only cue.
fn kind_colour(kind: MissKind) -> RGBColor {
    match kind {
        MissKind::Slip => ACCENT,
        MissKind::Knowledge => RGBColor(214, 120, 30),
        MissKind::Blank | MissKind::Other => RGBColor(150, 150, 150),
    }
}

/// Cards due on each of the next days from `today` (overdue cards count for today); `None` when
/// nothing is due.
pub fn forecast(due: &[i64], today: Day) -> Option<Figure> {
    let all: i64 = due.iter().sum();
    if all <= 0 {
        return None;
    }
    let data: Vec<(u32, u64)> = (0u32..).zip(due.iter().map(|&n| n.max(0) as u64)).collect();
    let max = data.iter().map(|d| d.1).max().unwrap_or(0);
    let n = data.len() as u32;
    let table = calendar(&data, today);
    let svg = draw(HEIGHT, move |root| {
        let mut chart = ChartBuilder::on(&root)
            .margin(14)
            .x_label_area_size(46)
            .y_label_area_size(72)
            .build_cartesian_2d((0u32..n).into_segmented(), 0u64..headroom(max))?;
        // A date every week, starting today: a label on every bar would not fit.
        let label = |x: &SegmentValue<u32>| match x {
            SegmentValue::CenterOf(0) => "today".into(),
            SegmentValue::CenterOf(i) if i % 7 == 0 => short_date(today + i64::from(*i)),
            _ => String::new(),
        };
        axes(&mut chart.configure_mesh())
            .x_desc("day")
            .y_desc("cards due")
            .x_labels(n as usize)
            .y_labels(6)
            .x_label_formatter(&label)
            .disable_x_mesh()
            .draw()?;
        chart.draw_series(
            Histogram::vertical(&chart)
                .style(ACCENT.filled())
                .margin(2)
                .data(data.iter().copied()),
        )?;
        chart.draw_series(data.iter().map(|&(i, count)| {
            EmptyElement::at((SegmentValue::CenterOf(i), count))
                + Text::new(count.to_string(), (0, -3), above(11.0))
        }))?;
        Ok(())
    });
    let later = due.iter().skip(1).copied().max().unwrap_or(0);
    Some(Figure {
        id: "forecast",
        title: format!("Cards due on each of the next {n} days ({all} in all)"),
        desc: format!(
            "One bar per day: {} due today (overdue cards included), {} tomorrow, at most {later} on any \
             later day, {all} in all.",
            due.first().copied().unwrap_or(0),
            due.get(1).copied().unwrap_or(0)
        ),
        svg,
        table,
        note: Some(format!(
            "Today is {}; cards overdue are counted for today.",
            date_of(today).format("%A %-d %B")
        )),
    })
}

/// The forecast as a calendar: a row per week (Monday first), the count under each day.
fn calendar(data: &[(u32, u64)], today: Day) -> Table {
    let weekday = |day: Day| i64::from(date_of(day).weekday().num_days_from_monday());
    let first_monday = today - weekday(today);
    let last = today + data.len() as i64 - 1;
    let count = |day: Day| {
        u32::try_from(day - today)
            .ok()
            .and_then(|i| data.get(i as usize))
            .map_or(String::new(), |d| d.1.to_string())
    };
    let rows = (first_monday..=last)
        .step_by(7)
        .map(|monday| {
            let mut row = vec![short_date(monday)];
            row.extend((monday..monday + 7).map(count));
            row
        })
        .collect();
    Table {
        head: vec!["Week of", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        words: 1,
        rows,
    }
}
