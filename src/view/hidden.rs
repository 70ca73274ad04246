//! The sentence that says which decks are hidden and left out of a view (`stats`, the report, its HTML
//! page), and how to bring them back.

use codedrill_core::sanitize::clean_line;

/// What `stats` and the report say under their figures when decks are hidden: which, and how to bring
/// them back. `None` when no deck is hidden.
pub fn left_out(hidden: &[String], what: &str) -> Option<String> {
    let hidden: Vec<String> = hidden.iter().map(|n| clean_line(n).into_owned()).collect();
    let (names, command) = match hidden.as_slice() {
        [] => return None,
        [one] => (
            format!("'{one}' is"),
            format!("`codedrill decks show {one}` brings it back"),
        ),
        [all @ .., last] => (
            format!(
                "{} and '{last}' are",
                all.iter()
                    .map(|n| format!("'{n}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "`codedrill decks show NAME` brings one back".to_owned(),
        ),
    };
    Some(format!("{names} hidden and left out of {what}; {command}."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hidden_decks_are_named_with_how_to_bring_them_back() {
        let names = |n: &[&str]| n.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(left_out(&[], "this report"), None);
        assert_eq!(
            left_out(&names(&["billing"]), "this report").unwrap(),
            "'billing' is hidden and left out of this report; `codedrill decks show billing` brings it back."
        );
        assert_eq!(
            left_out(&names(&["a", "b", "c"]), "these figures").unwrap(),
            "'a', 'b' and 'c' are hidden and left out of these figures; `codedrill decks show NAME` brings \
             one back."
        );
    }
}
