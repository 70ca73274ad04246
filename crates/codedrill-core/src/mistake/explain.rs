//! A miss said in plain words, as the drill prints it under the verdict. A knowledge error is named for
//! what it is and never called a slip; what the typed code means is said beside it by the drill.

use super::Mistake;

impl Mistake {
    /// What to tell the learner, in plain words; `None` when there is nothing to add.
    pub fn explain(&self) -> Option<String> {
        Some(match self {
            Mistake::NoAnswer | Mistake::Other | Mistake::OtherCard => return None,
            Mistake::Transposition { first, second } => format!("you swapped {first} and {second}"),
            Mistake::OneWrong { typed, right } => {
                format!("one character is wrong: {typed} where {right} belongs")
            }
            Mistake::Missing { right } => format!("a character is missing: the {right}"),
            Mistake::Extra { typed } => format!("there is an extra {typed}"),
            Mistake::Twin { typed, right } => {
                format!(
                    "the doubled characters are wrong: {typed}{typed} instead of {right}{right}"
                )
            }
            Mistake::Jump { first, second } => {
                format!("you swapped {first} and {second}, one character apart")
            }
            Mistake::SeventhCharacter { typed, right } => format!(
                "only the 7th character is wrong: {typed} instead of {right} (it says which encounter: \
                 A initial, D subsequent, S sequela; fractures have more)"
            ),
            Mistake::Placeholder => {
                "the placeholder X is missing: a code that takes a 7th character \
                                     is filled out to six characters with X first"
                    .into()
            }
            Mistake::Laterality {
                typed_side,
                right_side,
            } => match (typed_side, right_side) {
                (Some(t), Some(r)) => {
                    format!("wrong side: that code is for the {t}; this one is the {r}")
                }
                _ => "wrong side: check the laterality digit (1 right, 2 left, 3 bilateral)".into(),
            },
            Mistake::Header => {
                "that is a header, not a billable code: it needs more characters".into()
            }
            Mistake::Specificity { category } => {
                format!("right category ({category}), but the wrong detail after it")
            }
            Mistake::Category { typed, right } => format!(
                "that code is in another category ({typed}) of the same chapter; this one is in {right}"
            ),
            Mistake::Chapter { typed, right } => {
                format!("that code is in another chapter ({typed}); this one is in {right}")
            }
            Mistake::Section { name } => format!("right section ({name}), wrong code"),
            Mistake::EmLevel { off } => em_level(*off),
            Mistake::EmNewEstablished { right_is_new } => {
                let (that, this) = if *right_is_new {
                    ("an established", "new")
                } else {
                    ("a new", "established")
                };
                format!("that is the code for {that} patient; this one is {this}")
            }
            Mistake::WrongCode => "that is another code, with a meaning of its own".into(),
        })
    }
}

fn em_level(off: i32) -> String {
    format!(
        "E/M level {} {}: the level follows the decision making (straightforward, low, moderate, high)",
        off.abs(),
        if off > 0 { "too high" } else { "too low" }
    )
}
