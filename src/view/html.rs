//! The report as one self-contained HTML page: the text of the fit report and four charts (learning
//! curve, retention by interval, forecast, mistake classes) drawn as inline SVG with plotters. No
//! scripts, fonts or network: it opens in any browser, offline. The page is also well-formed XML, so a
//! test can parse it strictly.

use plotters::prelude::*;

use codedrill_core::mistake::MistakeClass;
use codedrill_core::report::{Report, Section};
use codedrill_core::stats::{PassRate, StatsReport, Summary};
use codedrill_core::words::plural;

const WIDTH: u32 = 640;
const HEIGHT: u32 = 300;
const ACCENT: RGBColor = RGBColor(40, 110, 180);
const MUTED: RGBColor = RGBColor(200, 200, 200);

/// A chart as an SVG string, with its id and caption.
pub struct Chart {
    pub id: &'static str,
    pub caption: String,
    pub svg: String,
}

/// The four charts of the page.
pub fn charts(summary: &Summary, stats: &StatsReport) -> Vec<Chart> {
    vec![
        learning_curve(summary),
        retention_by_interval(&summary.by_interval),
        forecast(&stats.forecast),
        mistakes(summary),
    ]
}

fn draw(
    id: &'static str,
    caption: String,
    paint: impl FnOnce(
        DrawingArea<SVGBackend, plotters::coord::Shift>,
    ) -> Result<(), Box<dyn std::error::Error + '_>>,
) -> Chart {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        // A chart that cannot be drawn leaves its space empty rather than failing the report.
        let _ = root
            .fill(&WHITE)
            .map_err(|e| e.to_string())
            .and_then(|_| paint(root.clone()).map_err(|e| e.to_string()));
        let _ = root.present();
    }
    Chart { id, caption, svg }
}

/// Cards learned (first right answer a day or more later), summed over study days.
fn learning_curve(summary: &Summary) -> Chart {
    let mut total = 0u64;
    let points: Vec<(i64, u64)> = summary
        .days
        .iter()
        .map(|d| {
            total += d.learned;
            (d.day - summary.first_day.unwrap_or(d.day), total)
        })
        .collect();
    let days = points.last().map_or(1, |p| p.0.max(1));
    let max = total.max(1);
    draw(
        "learning-curve",
        format!("Learning curve: cards learned over your study days ({total} so far)"),
        move |root| {
            let mut chart = ChartBuilder::on(&root)
                .margin(12)
                .x_label_area_size(34)
                .y_label_area_size(44)
                .build_cartesian_2d(0i64..days, 0u64..max + max / 10 + 1)?;
            chart
                .configure_mesh()
                .x_desc("days since you began")
                .y_desc("cards learned")
                .light_line_style(MUTED.mix(0.3))
                .draw()?;
            chart.draw_series(LineSeries::new(
                points.iter().copied(),
                ACCENT.stroke_width(2),
            ))?;
            chart.draw_series(
                points
                    .iter()
                    .map(|&(x, y)| Circle::new((x, y), 3, ACCENT.filled())),
            )?;
            Ok(())
        },
    )
}

/// Share of answers right a day or more later, by how long it had been.
fn retention_by_interval(buckets: &[(&'static str, PassRate)]) -> Chart {
    let labels: Vec<&'static str> = buckets.iter().map(|(l, _)| *l).collect();
    let rates: Vec<(usize, u32)> = buckets
        .iter()
        .enumerate()
        .filter_map(|(i, (_, r))| r.rate().map(|x| (i, (x * 100.0).round() as u32)))
        .collect();
    draw(
        "retention-by-interval",
        "Retention by interval: recalled after 1 day, 2 days, ... since the last answer".into(),
        move |root| {
            let n = labels.len() as u32;
            let mut chart = ChartBuilder::on(&root)
                .margin(12)
                .x_label_area_size(34)
                .y_label_area_size(44)
                .build_cartesian_2d((0u32..n).into_segmented(), 0u32..101u32)?;
            chart
                .configure_mesh()
                .x_desc("time since the last answer")
                .y_desc("% recalled")
                .x_label_formatter(&|x| match x {
                    SegmentValue::CenterOf(i) => {
                        labels.get(*i as usize).copied().unwrap_or("").to_owned()
                    }
                    _ => String::new(),
                })
                .light_line_style(MUTED.mix(0.3))
                .draw()?;
            chart.draw_series(
                Histogram::vertical(&chart)
                    .style(ACCENT.filled())
                    .margin(8)
                    .data(rates.iter().map(|&(i, r)| (i as u32, r))),
            )?;
            Ok(())
        },
    )
}

fn forecast(due: &[i64]) -> Chart {
    let max = due.iter().copied().max().unwrap_or(0).max(1) as u32;
    let data: Vec<(u32, u32)> = due
        .iter()
        .enumerate()
        .map(|(i, &n)| (i as u32, n.max(0) as u32))
        .collect();
    let n = data.len().max(1) as u32;
    draw(
        "forecast",
        format!(
            "Forecast: cards due on each of the next {n} days ({} in all)",
            due.iter().sum::<i64>()
        ),
        move |root| {
            let mut chart = ChartBuilder::on(&root)
                .margin(12)
                .x_label_area_size(34)
                .y_label_area_size(44)
                .build_cartesian_2d((0u32..n).into_segmented(), 0u32..max + max / 10 + 1)?;
            chart
                .configure_mesh()
                .x_desc("days from today")
                .y_desc("cards due")
                .light_line_style(MUTED.mix(0.3))
                .draw()?;
            chart.draw_series(
                Histogram::vertical(&chart)
                    .style(ACCENT.filled())
                    .margin(2)
                    .data(data),
            )?;
            Ok(())
        },
    )
}

fn mistakes(summary: &Summary) -> Chart {
    let counts: Vec<(&'static str, u64)> = MistakeClass::ALL
        .iter()
        .filter_map(|class| {
            summary
                .overall
                .mistakes
                .get(class)
                .map(|&n| (class.label(), n))
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    let total: u64 = counts.iter().map(|(_, n)| n).sum();
    let labels: Vec<&'static str> = counts.iter().map(|(l, _)| *l).collect();
    let max = counts.iter().map(|(_, n)| *n).max().unwrap_or(1) as u32;
    draw(
        "mistakes",
        format!(
            "What went wrong: your {} by kind",
            plural(total as i64, "miss")
        ),
        move |root| {
            let n = labels.len().max(1) as u32;
            let mut chart = ChartBuilder::on(&root)
                .margin(12)
                .x_label_area_size(30)
                .y_label_area_size(230)
                .build_cartesian_2d(0u32..max + max / 10 + 1, (0u32..n).into_segmented())?;
            chart
                .configure_mesh()
                .x_desc("misses")
                .disable_y_mesh()
                .y_labels(labels.len().max(1))
                .y_label_formatter(&|y| match y {
                    SegmentValue::CenterOf(i) => {
                        labels.get(*i as usize).copied().unwrap_or("").to_owned()
                    }
                    _ => String::new(),
                })
                .draw()?;
            chart.draw_series(
                Histogram::horizontal(&chart)
                    .style(ACCENT.filled())
                    .margin(4)
                    .data(
                        counts
                            .iter()
                            .enumerate()
                            .map(|(i, (_, n))| (i as u32, *n as u32)),
                    ),
            )?;
            Ok(())
        },
    )
}

/// Text made safe inside HTML (and XML).
pub fn escape(text: &str) -> String {
    let text = codedrill_core::sanitize::clean(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The whole page.
pub fn page(report: &Report, charts: &[Chart]) -> String {
    let mut body = String::new();
    let section = |body: &mut String, title: &str, text: &str| {
        body.push_str(&format!(
            "<section><h2>{}</h2><p>{}</p></section>\n",
            escape(title),
            escape(text)
        ));
    };
    body.push_str("<section><h2>In short</h2>\n<ul>\n");
    for v in &report.in_short {
        body.push_str(&format!(
            "<li>{}<br/><small>rule ({}): {}</small></li>\n",
            escape(&v.says),
            v.topic,
            escape(v.rule)
        ));
    }
    body.push_str("</ul></section>\n");
    for part in Section::ALL {
        section(&mut body, part.title(), report.says(part));
    }
    if !report.workload.is_empty() {
        body.push_str("<section><h2>What it would take</h2>\n<ul>\n");
        for w in &report.workload {
            body.push_str(&format!(
                "<li>{}: {} days of about {:.0} minutes, then about {:.0} minutes a day to keep them</li>\n",
                escape(&w.what),
                w.days_to_learn,
                w.learning_minutes_per_day,
                w.keeping_minutes_per_day
            ));
        }
        body.push_str("</ul></section>\n");
    }
    body.push_str("<section><h2>Keep in mind</h2>\n<ul>\n");
    for c in report.caveats.iter().chain(&report.next_steps) {
        body.push_str(&format!("<li>{}</li>\n", escape(c)));
    }
    body.push_str("</ul></section>\n<section><h2>Charts</h2>\n");
    for chart in charts {
        body.push_str(&format!(
            "<figure id=\"{}\">\n{}\n<figcaption>{}</figcaption></figure>\n",
            chart.id,
            chart.svg,
            escape(&chart.caption)
        ));
    }
    body.push_str("</section>\n");
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <title>codedrill: your fit report</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n\
         <h1>Does code memorization suit you?</h1>\n<p class=\"lead\">{}</p>\n{body}\
         <footer>Made by codedrill on {}. Your own figures, not a prediction or an aptitude score.</footer>\n\
         </body>\n</html>\n",
        escape(&super::report::evidence(report)),
        escape(&report.generated_at)
    )
}

const CSS: &str = "body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; line-height: 1.5; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem; }
.lead { color: #555; } small { color: #666; }
figure { margin: 1.5rem 0; } figure svg { max-width: 100%; height: auto; }
figcaption { color: #555; font-size: 0.9rem; }
footer { margin-top: 2rem; color: #777; font-size: 0.85rem; }
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_html() {
        assert_eq!(escape("a < b & \"c\""), "a &lt; b &amp; &quot;c&quot;");
        assert_eq!(escape("x\u{1b}[31m"), "x[31m");
    }
}
