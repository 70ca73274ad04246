//! HTML in imported fields turned into plain text: Anki exports carry `<br>`, `<b>`, `&nbsp;` and the like,
//! which mean nothing at a terminal prompt and would make a typed answer never match.

use std::borrow::Cow;

/// The text of an HTML fragment: tags removed (line-breaking ones become line breaks), `<style>` and
/// `<script>` dropped with their content, entities decoded, blank runs tidied. A `<` that does not start
/// a tag (`HbA1c < 7%`) is kept.
pub fn to_text(html: &str) -> Cow<'_, str> {
    if !html.contains(['<', '&']) {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('<') {
            match tag_at(rest) {
                Some((name, len)) => {
                    rest = &rest[len..];
                    if matches!(name.as_str(), "style" | "script") {
                        let close = format!("</{name}");
                        let end = find_ignore_case(rest, &close).unwrap_or(rest.len());
                        rest = &rest[end..];
                    } else if matches!(
                        name.as_str(),
                        "br" | "/div" | "/p" | "/li" | "/tr" | "/h1" | "/h2" | "/h3"
                    ) {
                        out.push('\n');
                    }
                }
                None => {
                    out.push('<');
                    rest = &rest[1..];
                }
            }
        } else {
            let (text, len) = entity_at(rest).unwrap_or(("&".into(), 1));
            out.push_str(&text);
            rest = &rest[len..];
        }
    }
    out.push_str(rest);
    Cow::Owned(tidy(&out))
}

/// A tag at the start of `s`: its lower-case name (with a leading `/` for a closing tag) and its length.
fn tag_at(s: &str) -> Option<(String, usize)> {
    let body = s.strip_prefix('<')?;
    let first = body.chars().next()?;
    if !(first.is_ascii_alphabetic() || first == '/' || first == '!') {
        return None;
    }
    let end = body.find('>')?;
    let name: String = body[..end]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '/' || *c == '!' || *c == '-')
        .flat_map(|c| c.to_lowercase())
        .collect();
    let name = name.trim_end_matches('/').to_owned();
    Some((name, end + 2))
}

fn entity_at(s: &str) -> Option<(String, usize)> {
    // Entities are short; look for the ';' among the first bytes (it is ASCII, so a char boundary).
    let end = s.as_bytes().iter().take(12).position(|b| *b == b';')?;
    let name = &s[1..end];
    let text = match name {
        "amp" => "&".to_owned(),
        "lt" => "<".to_owned(),
        "gt" => ">".to_owned(),
        "quot" => "\"".to_owned(),
        "apos" => "'".to_owned(),
        "nbsp" => " ".to_owned(),
        n if n.starts_with("#x") || n.starts_with("#X") => {
            char::from_u32(u32::from_str_radix(&n[2..], 16).ok()?)?.to_string()
        }
        n if n.starts_with('#') => char::from_u32(n[1..].parse().ok()?)?.to_string(),
        _ => return None,
    };
    Some((text, end + 1))
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .to_ascii_lowercase()
        .find(&needle.to_ascii_lowercase())
}

/// Spaces collapsed within lines, lines trimmed, no blank lines at either end or twice in a row.
fn tidy(text: &str) -> String {
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    for line in &lines {
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_go_and_line_breaks_stay() {
        assert_eq!(to_text("<b>E11.9</b>"), "E11.9");
        assert_eq!(
            to_text("Type 2 diabetes<br>without complications"),
            "Type 2 diabetes\nwithout complications"
        );
        assert_eq!(to_text("<div>one</div><div>two</div>"), "one\ntwo");
        assert_eq!(to_text("<style>.card{color:red}</style>Heart"), "Heart");
    }

    #[test]
    fn entities_are_decoded_and_bare_brackets_kept() {
        assert_eq!(
            to_text("A&amp;P &lt;3&gt;&nbsp;x &#233; &#x41;"),
            "A&P <3> x é A"
        );
        assert_eq!(to_text("HbA1c < 7% & fasting"), "HbA1c < 7% & fasting");
        assert_eq!(to_text("plain text"), "plain text");
        assert_eq!(to_text("&bogus; <"), "&bogus; <");
        assert_eq!(
            to_text("&éééééé; x"),
            "&éééééé; x",
            "never split a character"
        );
    }
}
