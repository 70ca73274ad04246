//! Anki's cloze notes: `{{c1::Metformin}} is first-line for {{c2::type 2 diabetes}}` becomes one card per
//! number, as Anki makes them. Each card shows the text with its deletion as `[...]` (or `[hint]` for
//! `{{c1::answer::hint}}`) and the others filled in; the answer is the deleted text. docs/deck-format.md.

use crate::deck::{CardContent, System};

/// One card of a cloze note.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Cloze {
    pub(super) number: u32,
    /// The deleted text (several deletions with one number: joined with ", ").
    pub(super) answer: String,
    /// The note's text with this card's deletions blanked.
    pub(super) prompt: String,
}

struct Deletion<'a> {
    number: u32,
    answer: &'a str,
    hint: Option<&'a str>,
    /// Byte range of the whole `{{c1::...}}` in the text.
    start: usize,
    end: usize,
}

/// Whether `text` holds a cloze deletion (`{{c` and a number and `::`).
pub(super) fn is_cloze(text: &str) -> bool {
    text.contains("{{c") && opener_at(text, 0).is_some()
}

/// The next `{{cN::` at or after `from`: its start, number and where its text begins.
fn opener_at(text: &str, from: usize) -> Option<(usize, u32, usize)> {
    let mut search = from;
    while let Some(i) = text[search..].find("{{c").map(|i| i + search) {
        let digits = text[i + 3..].bytes().take_while(u8::is_ascii_digit).count();
        let after = i + 3 + digits;
        if digits > 0 && text[after..].starts_with("::") {
            let number = text[i + 3..after].parse().ok()?;
            return Some((i, number, after + 2));
        }
        search = i + 3;
    }
    None
}

fn deletions(text: &str) -> Result<Vec<Deletion<'_>>, String> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some((start, number, inner)) = opener_at(text, from) {
        let Some(close) = text[inner..].find("}}").map(|i| i + inner) else {
            return Err(format!(
                "a cloze deletion ({{{{c{number}::) opens here and never closes with }}}}; close it"
            ));
        };
        let (answer, hint) = match text[inner..close].split_once("::") {
            Some((answer, hint)) => (answer, Some(hint)),
            None => (&text[inner..close], None),
        };
        if answer.trim().is_empty() {
            return Err(format!(
                "the cloze deletion c{number} is empty; put the text to recall in it"
            ));
        }
        found.push(Deletion {
            number,
            answer: answer.trim(),
            hint: hint.map(str::trim).filter(|h| !h.is_empty()),
            start,
            end: close + 2,
        });
        from = close + 2;
    }
    Ok(found)
}

/// The cards of a cloze note, by number, or what is wrong with its deletions.
pub(super) fn cards(text: &str) -> Result<Vec<Cloze>, String> {
    let deletions = deletions(text)?;
    let mut numbers: Vec<u32> = deletions.iter().map(|d| d.number).collect();
    numbers.sort_unstable();
    numbers.dedup();
    Ok(numbers
        .into_iter()
        .map(|number| {
            let mut prompt = String::with_capacity(text.len());
            let mut answers = Vec::new();
            let mut last = 0;
            for d in &deletions {
                prompt.push_str(&text[last..d.start]);
                if d.number == number {
                    prompt.push_str(&format!("[{}]", d.hint.unwrap_or("...")));
                    answers.push(d.answer);
                } else {
                    prompt.push_str(d.answer);
                }
                last = d.end;
            }
            prompt.push_str(&text[last..]);
            Cloze {
                number,
                answer: answers.join(", "),
                prompt: prompt.trim().to_owned(),
            }
        })
        .collect())
}

impl Cloze {
    /// The card: the answer is typed (judged exactly if it looks like a code, as text otherwise); the
    /// key is the note's id (or a fingerprint of its text) and the number, so a re-import finds it.
    pub(super) fn card(self, note_key: &str, extra: CardContent) -> CardContent {
        let system = match System::guess(&self.answer) {
            System::Code => System::Code,
            _ => System::Convention,
        };
        CardContent {
            key: format!("{note_key} c{}", self.number),
            code: self.answer,
            description: self.prompt,
            system,
            ..extra
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_card_per_number_with_its_deletions_blanked() {
        let text = "{{c1::Metformin}} is first-line for {{c2::type 2 diabetes::disease}}; \
                    {{c1::it}} lowers glucose";
        let cards = cards(text).unwrap();
        assert_eq!(
            cards,
            [
                Cloze {
                    number: 1,
                    answer: "Metformin, it".into(),
                    prompt: "[...] is first-line for type 2 diabetes; [...] lowers glucose".into(),
                },
                Cloze {
                    number: 2,
                    answer: "type 2 diabetes".into(),
                    prompt: "Metformin is first-line for [disease]; it lowers glucose".into(),
                },
            ]
        );
    }

    #[test]
    fn braces_that_are_not_a_deletion_are_text() {
        assert!(!is_cloze("a {{c::x}} b {{cx::y}}"));
        assert!(is_cloze("code {{c12::E11.9}}"));
        assert_eq!(cards("{{c2::E11.9}} diabetes").unwrap()[0].answer, "E11.9");
    }

    #[test]
    fn a_deletion_that_never_closes_or_is_empty_is_refused() {
        assert!(cards("{{c1::open").unwrap_err().contains("never closes"));
        assert!(cards("{{c1:: }} x").unwrap_err().contains("is empty"));
    }
}
