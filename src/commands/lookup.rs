//! `codedrill lookup WORDS...`: the Alphabetic Index searched as the printed book is used, its see and see
//! also followed by number (`--follow N`, again for the next); `codedrill lookup --code CODE`: the Tabular
//! List entry a coder reads next. The answers are gathered and written by `crate::lookup`; `IndexBook`
//! hands the same to a lookup drill.

use std::process::ExitCode;

use anyhow::Result;

use super::Context;
use crate::lookup::{index, tabular};
use crate::session::{Book, Looked, Shelf};
use crate::store::{Store, TabularNode};
use crate::view::style::Style;
use codedrill_core::sanitize::clean_line;

const HOW_TO_ADD: &str = "download the year's \"Code Tables, Tabular and Index\" zip from CMS and run \
    codedrill codeset add FILE (the README's \"A new code year\" has the steps)";

/// What `codedrill lookup` was asked.
pub(super) struct Asked<'a> {
    pub words: &'a [String],
    pub follow: &'a [usize],
    pub code: Option<&'a str>,
    pub year: Option<u16>,
    pub json: bool,
}

pub(super) fn run(ctx: &mut Context, asked: &Asked) -> Result<ExitCode> {
    let style = ctx.style();
    let store = ctx.store()?;
    if let Some(code) = asked.code {
        return code_entry(store, code, asked.year, asked.json, &style);
    }
    let year = index_year(store, asked.year)?.map_err(anyhow::Error::msg)?;
    let query = asked.words.join(" ");
    let mut answer = index::answer(store, year, &query)?;
    for &number in asked.follow {
        answer = index::follow(store, &answer, number)?;
    }
    if asked.json {
        say!("{}", serde_json::to_string_pretty(&answer)?);
    } else {
        say_inline!("{}", answer.text(&style));
        notes(&answer, asked, &style)?;
    }
    Ok(if answer.main_terms.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// What to do next: complete an incomplete code in the tabular, follow a reference.
fn notes(
    answer: &index::IndexAnswer,
    asked: &Asked,
    style: &crate::view::style::Style,
) -> Result<()> {
    if let Some(code) = answer.first_incomplete() {
        let sentence = format!(
            "A code ending in - is incomplete: the Tabular List gives the characters it needs \
             (codedrill lookup --code {code})."
        );
        say!("\n{}", style.wrap(&sentence, "", ""));
    }
    if !answer.references().is_empty() {
        let mut command = String::from("codedrill lookup");
        for n in asked.follow {
            command.push_str(&format!(" --follow {n}"));
        }
        let words: Vec<String> = asked.words.iter().map(|w| shell_word(w)).collect();
        let sentence = format!(
            "Follow a see or see also by its number: {command} --follow 1 {}.",
            words.join(" ")
        );
        say!("\n{}", style.wrap(&sentence, "", ""));
    }
    Ok(())
}

/// A word as it can be typed again at a shell prompt.
fn shell_word(word: &str) -> String {
    let word = clean_line(word);
    if word
        .chars()
        .all(|c| c.is_alphanumeric() || "-._".contains(c))
    {
        word.into_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

fn code_entry(
    store: &Store,
    code: &str,
    year: Option<u16>,
    json: bool,
    style: &Style,
) -> Result<ExitCode> {
    let (year, node) = tabular_node(store, code, year)?.map_err(anyhow::Error::msg)?;
    let entry = tabular::entry(store, year, node)?;
    if json {
        say!("{}", serde_json::to_string_pretty(&entry)?);
    } else {
        say_inline!("{}", entry.text(style));
    }
    Ok(ExitCode::SUCCESS)
}

/// The installed index of `year`, or the newest; `Err` is the sentence saying there is none and how to
/// add one.
fn index_year(store: &Store, year: Option<u16>) -> Result<Result<u16, String>> {
    let years = store.index_years()?;
    Ok(match year {
        None => match years.first() {
            Some((y, _)) => Ok(*y),
            None => Err(format!("no Alphabetic Index is installed; {HOW_TO_ADD}")),
        },
        Some(y) if years.iter().any(|(i, _)| *i == y) => Ok(y),
        Some(y) => Err(format!(
            "the FY{y} Alphabetic Index is not installed; {HOW_TO_ADD}"
        )),
    })
}

/// The node `code` names in the tabular of `year` (the newest installed when none is named); `Err` is
/// the sentence saying why there is none.
fn tabular_node(
    store: &Store,
    code: &str,
    year: Option<u16>,
) -> Result<Result<(u16, TabularNode), String>> {
    let year = match year {
        Some(y) => y,
        None => match store.codesets()?.first() {
            Some(set) => set.year,
            None => {
                return Ok(Err(format!(
                    "no ICD-10-CM code set is installed; {HOW_TO_ADD}"
                )));
            }
        },
    };
    Ok(match tabular::node(store, year, code)? {
        Some(node) => Ok((year, node)),
        None => Err(format!(
            "{} is not in the FY{year} tabular; check the code, or look the condition up with codedrill \
             lookup WORDS",
            clean_line(code)
        )),
    })
}

/// The books a lookup drill opens (`/words`, `=CODE`): what `codedrill lookup` prints, as lines (the
/// drill indents and wraps them).
pub(crate) struct IndexBook;

impl Book for IndexBook {
    fn shelf(&self, store: &Store) -> Result<Shelf> {
        Ok(Shelf {
            index: store.index_years()?.first().map(|(y, _)| *y),
            tabular: store.codesets()?.first().map(|set| set.year),
            how_to_add: HOW_TO_ADD,
        })
    }

    fn search(&self, store: &Store, words: &str) -> Result<Looked> {
        let year = match index_year(store, None)? {
            Ok(year) => year,
            Err(why) => return Ok(Looked::Nothing(why)),
        };
        let answer = index::answer(store, year, words)?;
        let mut lines: Vec<String> = answer
            .text(&Style::plain())
            .lines()
            .map(str::to_owned)
            .collect();
        if let Some(code) = answer.first_incomplete() {
            lines.push(String::new());
            lines.push(format!(
                "A code ending in - is incomplete: the Tabular List gives the characters it needs (={code})."
            ));
        }
        if let Some(first) = answer.references().first() {
            // A reference's words, searched, lead where it does: the drill needs no numbers of its own.
            lines.push(String::new());
            lines.push(format!(
                "To follow a see or see also, search its words: /{first}"
            ));
        }
        Ok(Looked::Lines(lines))
    }

    fn entry(&self, store: &Store, code: &str) -> Result<Looked> {
        Ok(match tabular_node(store, code, None)? {
            Ok((year, node)) => {
                let text = tabular::entry(store, year, node)?.text(&Style::plain());
                Looked::Lines(text.lines().map(str::to_owned).collect())
            }
            Err(why) => Looked::Nothing(why),
        })
    }
}
