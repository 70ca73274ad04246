//! Multiple choice: the right answer among three wrong ones that look like it, so that a guess is not
//! free. Pure: the card, its neighbours and a random source in; four options out.
//!
//! A wrong option is better the nearer it is to the right one: the code for the other side (laterality),
//! the same code with another 7th character, the same category, a code one or two characters away.

use rand::Rng;
use rand::seq::SliceRandom;

use crate::answer::{align, code_key, head, text_key};
use crate::deck::{CardContent, Side};

/// Four options (or fewer, when the deck has too few cards), one of them right.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choices {
    /// The text of each option: codes (asked for the code) or descriptions (asked for the meaning).
    pub options: Vec<String>,
    /// Which option is right.
    pub right: usize,
    /// The card each wrong option belongs to, by its index in `neighbours` (`None` for the right one).
    pub from: Vec<Option<usize>>,
}

/// Builds the options for `card` on `side` from `neighbours` (cards of the same deck and system). `None`
/// when there is no wrong option to offer.
pub fn build(
    card: &CardContent,
    side: Side,
    neighbours: &[CardContent],
    rng: &mut impl Rng,
) -> Option<Choices> {
    let shown = |c: &CardContent| match side {
        Side::Code => c.code.clone(),
        Side::Meaning => c.description.clone(),
    };
    let right_key = text_key(&shown(card));
    let mut scored: Vec<(i32, usize)> = neighbours
        .iter()
        .enumerate()
        .filter(|(_, n)| text_key(&shown(n)) != right_key)
        .map(|(i, n)| (likeness(card, n), i))
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    // Each wrong option must differ from the others too.
    let mut seen = vec![right_key];
    let mut pool: Vec<usize> = Vec::new();
    for (_, i) in scored {
        let key = text_key(&shown(&neighbours[i]));
        if !seen.contains(&key) {
            seen.push(key);
            pool.push(i);
        }
        if pool.len() == 5 {
            break;
        }
    }
    // The closest option always stays (the other side, another 7th character); the other two are drawn
    // from the next closest, so the same card does not always meet the same options.
    let mut picked: Vec<usize> = pool.first().copied().into_iter().collect();
    let mut rest: Vec<usize> = pool.into_iter().skip(1).collect();
    rest.shuffle(rng);
    picked.extend(rest.into_iter().take(2));
    if picked.is_empty() {
        return None;
    }
    let mut order: Vec<Option<usize>> = std::iter::once(None)
        .chain(picked.into_iter().map(Some))
        .collect();
    order.shuffle(rng);
    let right = order.iter().position(Option::is_none).unwrap_or(0);
    let options = order
        .iter()
        .map(|o| match o {
            None => shown(card),
            Some(i) => shown(&neighbours[*i]),
        })
        .collect();
    Some(Choices {
        options,
        right,
        from: order,
    })
}

/// How much `other` looks like `card`: higher is a better wrong option.
pub fn likeness(card: &CardContent, other: &CardContent) -> i32 {
    let a = code_key(card.system, &card.code);
    let b = code_key(other.system, &other.code);
    let mut score = 0;
    if a.chars().count() == 7 && b.chars().count() == 7 && head(&a, 6) == head(&b, 6) {
        score += 8; // the same code with another 7th character
    }
    if only_side_differs(&card.description, &other.description) {
        score += 8; // the other side
    }
    if a.get(..3).is_some() && a.get(..3) == b.get(..3) {
        score += 4;
    }
    if a.chars().next() == b.chars().next() {
        score += 2;
    }
    if shape(&a) == shape(&b) {
        score += 6; // a range among ranges, a letter among letters: the form gives nothing away
    }
    if !card.category.is_empty() && card.category == other.category {
        score += 1;
    }
    let distance = align(&a, &b)
        .iter()
        .filter(|s| !matches!(s, crate::answer::Step::Same(_)))
        .count();
    score + 3 - distance.min(3) as i32
}

/// The form of a code: each letter `a`, each digit `9`, anything else as it is ("A00-B99" is "a99-a99").
fn shape(code: &str) -> String {
    code.chars()
        .map(|c| match c {
            c if c.is_alphabetic() => 'a',
            c if c.is_ascii_digit() => '9',
            c => c,
        })
        .collect()
}

fn only_side_differs(a: &str, b: &str) -> bool {
    let strip = |d: &str| -> Vec<String> {
        d.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| {
                !w.is_empty() && !matches!(*w, "right" | "left" | "bilateral" | "unspecified")
            })
            .map(str::to_owned)
            .collect()
    };
    a != b && strip(a) == strip(b)
}

/// Which option a typed answer picks: its number (1-4), its letter (a-d), or its text.
pub fn pick(choices: &Choices, typed: &str) -> Option<usize> {
    let typed = typed.trim();
    let n = choices.options.len();
    if let Ok(i) = typed.parse::<usize>() {
        return (1..=n).contains(&i).then(|| i - 1);
    }
    let mut chars = typed.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        let i = (c.to_ascii_lowercase() as usize).wrapping_sub('a' as usize);
        if i < n {
            return Some(i);
        }
    }
    let key = text_key(typed);
    choices
        .options
        .iter()
        .position(|o| !key.is_empty() && text_key(o) == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::System;
    use rand::SeedableRng;

    fn card(code: &str, description: &str) -> CardContent {
        CardContent::new(code, description, System::IcdCm)
    }

    #[test]
    fn near_neighbours_make_the_wrong_options() {
        let right = card("M17.11", "Unilateral primary osteoarthritis, right knee");
        let deck = [
            card("I10", "Essential (primary) hypertension"),
            card("M17.12", "Unilateral primary osteoarthritis, left knee"),
            card("M17.0", "Bilateral primary osteoarthritis of knee"),
            card("Z23", "Encounter for immunization"),
            card("M17.9", "Osteoarthritis of knee, unspecified"),
            card("E11.9", "Type 2 diabetes mellitus without complications"),
            card("J06.9", "Acute upper respiratory infection, unspecified"),
            card(
                "K21.9",
                "Gastro-esophageal reflux disease without esophagitis",
            ),
        ];
        for seed in 0..20 {
            let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
            let c = build(&right, Side::Code, &deck, &mut rng).unwrap();
            assert_eq!(c.options.len(), 4);
            assert_eq!(c.options[c.right], "M17.11");
            assert!(
                c.options.contains(&"M17.12".to_string()),
                "the other knee is always offered"
            );
            let distinct: std::collections::HashSet<_> = c.options.iter().collect();
            assert_eq!(distinct.len(), 4);
        }
    }

    #[test]
    fn another_seventh_character_is_a_close_option() {
        let right = card(
            "S52.501A",
            "Unspecified fracture of the lower end of right radius, initial encounter for closed fracture",
        );
        let d = card(
            "S52.501D",
            "Unspecified fracture of the lower end of right radius, subsequent encounter for closed fracture with routine healing",
        );
        let far = card("I10", "Essential (primary) hypertension");
        assert!(likeness(&right, &d) > likeness(&right, &far) + 8);
    }

    #[test]
    fn options_are_picked_by_number_letter_or_text() {
        let c = Choices {
            options: vec!["E11.9".into(), "I10".into(), "Z23".into(), "J06.9".into()],
            right: 1,
            from: vec![Some(0), None, Some(1), Some(2)],
        };
        assert_eq!(pick(&c, "2"), Some(1));
        assert_eq!(pick(&c, "B"), Some(1));
        assert_eq!(pick(&c, "z23"), Some(2));
        assert_eq!(pick(&c, "5"), None);
        assert_eq!(pick(&c, "x"), None);
        assert_eq!(pick(&c, ""), None);
    }

    #[test]
    fn a_deck_of_one_has_no_choice() {
        let right = card("I10", "Essential (primary) hypertension");
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        assert!(build(&right, Side::Code, std::slice::from_ref(&right), &mut rng).is_none());
    }
}
