//! The charts of sections 1 and 2: cards learned over the study days, and recall by the time since
//! the last answer.

use plotters::prelude::*;

use codedrill_core::stats::{PassRate, Summary};

use super::figure::{ACCENT, Figure, HEIGHT, Table, above, axes, draw, headroom};
use super::short_date;

/// Cards learned (first right answer a day or more later), summed over the study days; `None` until
/// the first card is learned.
pub fn learning_curve(summary: &Summary) -> Option<Figure> {
    let first = summary.first_day?;
    let mut total = 0u64;
    let mut rows = Vec::new();
    let points: Vec<(i64, u64)> = summary
        .days
        .iter()
        .map(|d| {
            total += d.learned;
            rows.push(vec![
                short_date(d.day),
                d.learned.to_string(),
                total.to_string(),
            ]);
            (d.day - first, total)
        })
        .collect();
    if total == 0 {
        return None;
    }
    let span = points.last().map_or(1, |p| p.0.max(1));
    let svg = draw(HEIGHT, move |root| {
        let mut chart = ChartBuilder::on(&root)
            .margin(14)
            .margin_right(36)
            .x_label_area_size(46)
            .y_label_area_size(72)
            .build_cartesian_2d(0i64..span, 0u64..headroom(total))?;
        let label = |x: &i64| short_date(first + x);
        axes(&mut chart.configure_mesh())
            .x_desc("date")
            .y_desc("cards learned, in all")
            .x_labels(8)
            .y_labels(6)
            .x_label_formatter(&label)
            .draw()?;
        chart.draw_series(LineSeries::new(
            points.iter().copied(),
            ACCENT.stroke_width(3),
        ))?;
        chart.draw_series(points.iter().map(|&p| Circle::new(p, 3, ACCENT.filled())))?;
        if let Some(&(x, y)) = points.last() {
            chart.draw_series([
                EmptyElement::at((x, y)) + Text::new(y.to_string(), (0, -8), above(15.0))
            ])?;
        }
        Ok(())
    });
    let days = rows.len();
    Some(Figure {
        id: "learning-curve",
        title: format!("Cards learned, in all, by date ({total} so far)"),
        desc: format!(
            "A line rising from 0 to {total} cards learned over {days} study days, from {} to {}.",
            short_date(first),
            short_date(first + span)
        ),
        svg,
        table: Table {
            head: vec!["Date", "Learned that day", "Learned in all"],
            words: 1,
            rows,
        },
        note: None,
    })
}

/// Share of answers recalled a day or more later, by how long it had been since the last answer;
/// `None` until there is such an answer.
pub fn retention_by_interval(buckets: &[(&'static str, PassRate)]) -> Option<Figure> {
    if buckets.iter().all(|(_, r)| r.total == 0) {
        return None;
    }
    let svg = retention_svg(buckets);
    Some(Figure {
        id: "retention-by-interval",
        title: "Recalled a day or more later, by the time since the last answer".into(),
        desc: format!(
            "One bar for each length of time, its height the share recalled: {}.",
            buckets
                .iter()
                .map(|(label, r)| format!("{label}, {}", recalled_of(r)))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        svg,
        table: Table {
            head: vec![
                "Time since the last answer",
                "Recalled",
                "Answers",
                "Share recalled",
            ],
            words: 1,
            rows: buckets
                .iter()
                .map(|(label, r)| {
                    vec![
                        (*label).to_owned(),
                        r.passed.to_string(),
                        r.total.to_string(),
                        r.rate()
                            .map_or("-".into(), |x| format!("{}%", whole_percent(x))),
                    ]
                })
                .collect(),
        },
        note: Some(
            "A code recalled but mistyped counts as recalled here (and as a slip under section 3)."
                .into(),
        ),
    })
}

/// The bars of recall by interval, each with its share and its count above it.
fn retention_svg(buckets: &[(&'static str, PassRate)]) -> String {
    let bars: Vec<(u32, u32, u64)> = (0u32..)
        .zip(buckets)
        .filter_map(|(i, (_, r))| r.rate().map(|x| (i, whole_percent(x), r.total)))
        .collect();
    // "1 day", "3-4 days": the axis says "days", so each tick holds only its number.
    let labels: Vec<&'static str> = buckets
        .iter()
        .map(|(l, _)| l.trim_end_matches(" days").trim_end_matches(" day"))
        .collect();
    let empty: Vec<u32> = (0u32..)
        .zip(buckets)
        .filter(|(_, (_, r))| r.total == 0)
        .map(|(i, _)| i)
        .collect();
    draw(HEIGHT + 20, move |root| {
        let n = labels.len() as u32;
        let mut chart = ChartBuilder::on(&root)
            .margin(14)
            .x_label_area_size(46)
            .y_label_area_size(72)
            .build_cartesian_2d((0u32..n).into_segmented(), 0u32..125u32)?;
        axes(&mut chart.configure_mesh())
            .x_desc("days since the last answer")
            .y_desc("% recalled")
            .x_labels(labels.len())
            .y_labels(6)
            .x_label_formatter(&|x| match x {
                SegmentValue::CenterOf(i) => labels.get(*i as usize).copied().unwrap_or("").into(),
                _ => String::new(),
            })
            // The axis runs above 100% to leave room for the labels on the bars; it is not a share.
            .y_label_formatter(&|y| {
                if *y <= 100 {
                    format!("{y}%")
                } else {
                    String::new()
                }
            })
            .disable_x_mesh()
            .draw()?;
        chart.draw_series(
            Histogram::vertical(&chart)
                .style(ACCENT.filled())
                .margin(10)
                .data(bars.iter().map(|&(i, pct, _)| (i, pct))),
        )?;
        chart.draw_series(bars.iter().map(|&(i, pct, total)| {
            EmptyElement::at((SegmentValue::CenterOf(i), pct))
                + Text::new(format!("{pct}%"), (0, -21), above(15.0))
                + Text::new(format!("of {total}"), (0, -5), above(12.0))
        }))?;
        chart.draw_series(empty.iter().map(|&i| {
            EmptyElement::at((SegmentValue::CenterOf(i), 0))
                + Text::new("none", (0, -5), above(12.0))
        }))?;
        Ok(())
    })
}

fn recalled_of(r: &PassRate) -> String {
    match r.rate() {
        Some(x) => format!("{}% ({} of {})", whole_percent(x), r.passed, r.total),
        None => "no answers yet".into(),
    }
}

/// A share as a whole percentage, rounded as the report rounds it.
fn whole_percent(rate: f64) -> u32 {
    (rate * 100.0).round() as u32
}
