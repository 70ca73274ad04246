//! One chart of the page and its text alternative. The chart is an SVG drawn with plotters, given a
//! `<title>` and a `<desc>` so a screen reader names and describes it; under it, a table holds the same
//! figures, so a screen reader or a text browser gets everything a sighted reader does.

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::escape;

/// The drawing size of every chart: it scales to the page's width, up on a wide screen and down on a
/// narrow one, so it is drawn at about the width a phone shows it and its text stays readable there.
pub const WIDTH: u32 = 560;
pub const HEIGHT: u32 = 300;

/// Colours: one for the data, dark text, light grid lines.
pub const ACCENT: RGBColor = RGBColor(40, 110, 180);
pub const INK: RGBColor = RGBColor(34, 34, 34);
pub const GRID: RGBColor = RGBColor(225, 225, 225);

/// plotters' SVG backend writes a font size of the asked size divided by 1.24 twice (its estimate of
/// a font's em box without font files), so sizes are asked for this much larger.
const NAIVE_FONT_SCALE: f64 = 1.24 * 1.24;

/// A sans-serif font of `px` pixels, in the chart's own units.
pub fn font<'b>(px: f64) -> TextStyle<'b> {
    TextStyle::from(("sans-serif", px * NAIVE_FONT_SCALE)).color(&INK)
}

/// The look of every chart's axes: tick labels and axis names at a size that stays readable when the
/// chart shrinks to a phone's width, and light lines across at the major ticks only.
pub fn axes<'m, 'a, 'b, X: Ranged, Y: Ranged, DB: DrawingBackend>(
    mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB> {
    mesh.label_style(font(14.0))
        .axis_desc_style(font(14.0))
        .light_line_style(WHITE)
        .bold_line_style(GRID)
}

/// A count written at the top of a vertical bar, just above it.
pub fn above(px: f64) -> TextStyle<'static> {
    font(px).pos(Pos::new(HPos::Center, VPos::Bottom))
}

/// The area a chart is painted on.
pub type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// What a painter returns: plotters' errors borrow the backend, hence the lifetime.
pub type Painted<'a> = Result<(), Box<dyn std::error::Error + 'a>>;

/// A table of the figures a chart shows.
pub struct Table {
    pub head: Vec<&'static str>,
    /// How many columns, from the left, hold words (aligned left); the rest hold figures.
    pub words: usize,
    /// The first cell of each row names the row (a `<th>`).
    pub rows: Vec<Vec<String>>,
}

/// A chart with its name, its description and its figures.
pub struct Figure {
    pub id: &'static str,
    /// What the chart shows, in a line: its caption and its SVG `<title>`.
    pub title: String,
    /// The figures in a sentence or two: the SVG `<desc>`.
    pub desc: String,
    pub svg: String,
    pub table: Table,
    /// A line under the table, for what the chart leaves out on purpose.
    pub note: Option<String>,
}

/// Paints a chart of `height` pixels into an SVG string. A chart that cannot be drawn leaves its
/// space empty rather than failing the report: its table still holds the figures.
pub fn draw(height: u32, paint: impl for<'a> FnOnce(Area<'a>) -> Painted<'a>) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let _ = root
            .fill(&WHITE)
            .map_err(|e| e.to_string())
            .and_then(|_| paint(root.clone()).map_err(|e| e.to_string()));
        let _ = root.present();
    }
    svg
}

impl Figure {
    /// The figure as HTML: caption, chart, then the same figures as a table.
    pub fn html(&self) -> String {
        let mut out = format!(
            "<figure id=\"{id}\">\n<figcaption>{title}</figcaption>\n{svg}\n",
            id = self.id,
            title = escape(&self.title),
            svg = self.accessible_svg()
        );
        out.push_str(&self.table.html(&self.title));
        if let Some(note) = &self.note {
            out.push_str(&format!("<p class=\"note\">{}</p>\n", escape(note)));
        }
        out.push_str("</figure>\n");
        out
    }

    /// The SVG as an image with a name and a description (`role="img"`, `<title>`, `<desc>`).
    fn accessible_svg(&self) -> String {
        let Some(open_end) = self
            .svg
            .find("<svg")
            .and_then(|start| self.svg[start..].find('>').map(|end| start + end))
        else {
            return String::new();
        };
        format!(
            "{head} role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\
             <title id=\"{id}-title\">{title}</title><desc id=\"{id}-desc\">{desc}</desc>{rest}",
            head = &self.svg[..open_end],
            id = self.id,
            title = escape(&self.title),
            desc = escape(&self.desc),
            rest = &self.svg[open_end + 1..]
        )
    }
}

impl Table {
    /// Figures line up on the right, words on the left.
    fn align(&self, column: usize) -> &'static str {
        if column < self.words {
            " class=\"words\""
        } else {
            ""
        }
    }

    fn html(&self, title: &str) -> String {
        let mut out = format!(
            "<table>\n<caption>The figures: {}</caption>\n<thead><tr>",
            escape(&lowercase_first(title))
        );
        for (i, h) in self.head.iter().enumerate() {
            out.push_str(&format!(
                "<th scope=\"col\"{}>{}</th>",
                self.align(i),
                escape(h)
            ));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in &self.rows {
            out.push_str("<tr>");
            for (i, cell) in row.iter().enumerate() {
                if i == 0 {
                    out.push_str(&format!("<th scope=\"row\">{}</th>", escape(cell)));
                } else {
                    out.push_str(&format!("<td{}>{}</td>", self.align(i), escape(cell)));
                }
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
        out
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or(String::new(), |c| {
        c.to_lowercase().chain(chars).collect::<String>()
    })
}

/// The top of an axis of counts: the largest count with room above it for its label.
pub fn headroom(max: u64) -> u64 {
    max.max(1) + max.max(1) / 8 + 1
}
