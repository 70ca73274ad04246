//! How output looks: colour on a terminal (unless `NO_COLOR` is set), plain text everywhere else; text
//! wrapped to the terminal's width; bars and sparklines drawn with block characters.

use textwrap::{Options, WordSeparator, WordSplitter};

/// Narrower than this, wrapping would do more harm than the terminal's own.
const MIN_WIDTH: usize = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    color: bool,
    /// The width text is wrapped to; `None` leaves lines as they are.
    width: Option<usize>,
}

impl Style {
    pub fn plain() -> Style {
        Style {
            color: false,
            width: None,
        }
    }

    /// Colour when writing to a terminal and `NO_COLOR` is unset or empty (https://no-color.org); the
    /// width from `width`.
    pub fn detect(is_terminal: bool) -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            color: is_terminal && !no_color,
            width: width(is_terminal),
        }
    }

    /// The same style, wrapping to `width` columns.
    pub fn wrapped(self, width: Option<usize>) -> Style {
        Style { width, ..self }
    }

    pub fn color(&self) -> bool {
        self.color
    }

    pub fn width(&self) -> Option<usize> {
        self.width
    }

    /// `text` wrapped to the width, the first line after `first`, the others after `rest`; lines are
    /// broken at spaces only, so a word or a code is never split (a word longer than a line stands
    /// alone on its line). Without a width, each line of `text` is indented and left as it is.
    pub fn wrap(&self, text: &str, first: &str, rest: &str) -> String {
        let Some(width) = self.width else {
            let mut out = String::new();
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                out.push_str(if i == 0 { first } else { rest });
                out.push_str(line);
            }
            return out;
        };
        let options = Options::new(width.max(MIN_WIDTH))
            .initial_indent(first)
            .subsequent_indent(rest)
            .break_words(false)
            .word_separator(WordSeparator::AsciiSpace)
            .word_splitter(WordSplitter::NoHyphenation);
        textwrap::wrap(text, options).join("\n")
    }

    /// A prompt wrapped like `wrap`, ending in one space for the answer.
    pub fn prompt(&self, text: &str, first: &str, rest: &str) -> String {
        format!("{} ", self.wrap(text.trim_end(), first, rest))
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    pub fn good(&self, text: &str) -> String {
        self.paint("32", text)
    }

    pub fn bad(&self, text: &str) -> String {
        self.paint("31", text)
    }

    pub fn warn(&self, text: &str) -> String {
        self.paint("33", text)
    }

    pub fn accent(&self, text: &str) -> String {
        self.paint("36", text)
    }

    pub fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }

    pub fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }
}

/// The width to wrap to, decided here and nowhere else: `COLUMNS` when it is set to a number (as
/// shells set it, and as tests do), else the terminal's width when writing to one; a pipe or a file is
/// not wrapped.
fn width(is_terminal: bool) -> Option<usize> {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| *c > 0)
    {
        return Some(columns);
    }
    if !is_terminal {
        return None;
    }
    terminal_size::terminal_size().map(|(terminal_size::Width(w), _)| usize::from(w))
}

/// A horizontal bar `width` cells long at full `max`, in eighths of a cell.
pub fn bar(value: f64, max: f64, width: usize) -> String {
    const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    if max.is_nan() || value.is_nan() || max <= 0.0 || value <= 0.0 {
        return String::new();
    }
    let eighths = ((value / max).min(1.0) * width as f64 * 8.0).round() as usize;
    let mut out = "█".repeat(eighths / 8);
    out.push_str(EIGHTHS[eighths % 8]);
    if out.is_empty() {
        out.push('▏');
    }
    out
}

/// A sparkline: one block character per value, scaled to the largest.
pub fn sparkline(values: &[f64]) -> String {
    const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = values.iter().copied().fold(0.0, f64::max);
    values
        .iter()
        .map(|&v| {
            if v <= 0.0 || max <= 0.0 {
                ' '
            } else {
                LEVELS[((v / max) * 7.0).round() as usize]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_and_sparklines_scale_to_the_largest_value() {
        assert_eq!(bar(10.0, 10.0, 4), "████");
        assert_eq!(bar(5.0, 10.0, 4), "██");
        assert_eq!(bar(1.0, 10.0, 4), "▍");
        assert_eq!(bar(0.0, 10.0, 4), "");
        assert_eq!(sparkline(&[0.0, 1.0, 7.0]), " ▂█");
    }

    #[test]
    fn plain_style_adds_nothing() {
        let s = Style::plain();
        assert_eq!(s.good("ok"), "ok");
        let colour = Style {
            color: true,
            width: None,
        };
        assert_eq!(colour.bad("no"), "\x1b[31mno\x1b[0m");
    }

    #[test]
    fn wrapping_breaks_at_spaces_only_and_never_splits_a_code() {
        let s = Style::plain().wrapped(Some(24));
        assert_eq!(
            s.wrap("Codes 99100-99140 and Z79.4 stay whole here", "  ", "    "),
            "  Codes 99100-99140 and\n    Z79.4 stay whole\n    here"
        );
        let long = "a-code-longer-than-any-line-at-all";
        assert_eq!(s.wrap(long, "  ", "  "), format!("  {long}"));
        assert_eq!(Style::plain().wrap("one\ntwo", "> ", "  "), "> one\n  two");
        let colour = Style {
            color: true,
            width: Some(20),
        };
        let text = format!("{} eight nine ten", colour.bold("one two three four"));
        for line in colour.wrap(&text, "", "").lines() {
            assert!(textwrap::core::display_width(line) <= 20, "{line:?}");
        }
    }
}
