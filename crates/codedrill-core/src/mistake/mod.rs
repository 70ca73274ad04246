//! What kind of miss a wrong answer was. Pure: the typed text, the right answer and (when the typed code
//! is a real code, another card's) that card's description in; one class and a plain sentence out.
//!
//! Every class is of one [`MissKind`]. A **slip** is a typing error, after Verhoeff's study of errors in
//! copying numbers (one wrong character, neighbours swapped, a character left out or added, twin and
//! jump errors), and is only ever found in a string that is no real code. A **knowledge** error names
//! something real: another code, another category or chapter, the other side, another 7th character, a
//! header for a billable code, the placeholder rule, the wrong detail, an E/M level, new for established,
//! another card's answer. Giving a real code for another is a matter of knowing the codes, never of
//! typing, however close the two look (modifier 24 for 22).

mod cpt;
mod explain;
mod icd;
mod shape;
mod slip;

use crate::answer::code_key;
use crate::deck::System;

pub use cpt::cpt_section;
pub use icd::icd_chapter;
pub use shape::system_by_shape;

/// A mistake with its particulars, stored in the review log by its [`MistakeClass`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mistake {
    NoAnswer,
    /// Two neighbouring characters swapped: 1I0 for I10.
    Transposition {
        first: char,
        second: char,
    },
    /// One character wrong: E11.8 for E11.9.
    OneWrong {
        typed: char,
        right: char,
    },
    /// A character left out.
    Missing {
        right: char,
    },
    /// A character added.
    Extra {
        typed: char,
    },
    /// A doubled character doubled wrong: 9922 for 9911.
    Twin {
        typed: char,
        right: char,
    },
    /// Two characters one apart swapped: 12345 for 32145.
    Jump {
        first: char,
        second: char,
    },
    /// ICD-10-CM: only the 7th character (the encounter) is wrong.
    SeventhCharacter {
        typed: char,
        right: char,
    },
    /// ICD-10-CM: the placeholder X left out (T36.01A for T36.0X1A).
    Placeholder,
    /// ICD-10-CM: the code for the other side (right, left, bilateral).
    Laterality {
        typed_side: Option<&'static str>,
        right_side: Option<&'static str>,
    },
    /// ICD-10-CM: a category header given where a billable code is needed (E11 for E11.9).
    Header,
    /// Right category (first three characters), wrong detail.
    Specificity {
        category: String,
    },
    /// ICD-10-CM: a code of another category in the same chapter (D50.9 for D51.9).
    Category {
        typed: String,
        right: String,
    },
    /// A code from another chapter.
    Chapter {
        typed: &'static str,
        right: &'static str,
    },
    /// CPT-style: right section, wrong code.
    Section {
        name: &'static str,
    },
    /// CPT-style: an E/M level off by `off` levels.
    EmLevel {
        off: i32,
    },
    /// CPT-style: a new-patient E/M code for an established patient, or the reverse.
    EmNewEstablished {
        right_is_new: bool,
    },
    /// Another real code, none of the above (modifier 24 for 22, HCPCS A4259 for A4253).
    WrongCode,
    /// The answer to another card (for meanings and terms).
    OtherCard,
    Other,
}

crate::vocab::vocabulary! {
    /// The class of a mistake: what the review log stores and statistics count. Listed in the order
    /// reports show them.
    pub enum MistakeClass {
        OneWrong = "one-wrong",
        Transposition = "transposition",
        Missing = "missing",
        Extra = "extra",
        Twin = "twin",
        Jump = "jump",
        SeventhCharacter = "seventh-character",
        Placeholder = "placeholder",
        Laterality = "laterality",
        Header = "header",
        Specificity = "specificity",
        Category = "category",
        Chapter = "chapter",
        Section = "section",
        EmLevel = "em-level",
        EmNewEstablished = "em-new-established",
        WrongCode = "wrong-code",
        OtherCard = "other-card",
        NoAnswer = "no-answer",
        Other = "other",
    }
}

crate::vocab::vocabulary! {
    /// What a miss says about the learner: nothing given, a slip of typing, or not knowing the codes.
    pub enum MissKind {
        /// Nothing typed: "I don't know".
        Blank = "blank",
        /// A typing error: a string that is no real code, one slip from the answer.
        Slip = "slip",
        /// Something real given for the answer: another code, side, level, category or card's answer.
        Knowledge = "knowledge",
        /// Too far from the answer to say.
        Other = "other",
    }
}

impl MistakeClass {
    /// A short label for people.
    pub fn label(self) -> &'static str {
        match self {
            MistakeClass::OneWrong => "one character wrong",
            MistakeClass::Transposition => "neighbouring characters swapped",
            MistakeClass::Missing => "a character left out",
            MistakeClass::Extra => "a character added",
            MistakeClass::Twin => "twin error (aa for bb)",
            MistakeClass::Jump => "jump transposition (abc for cba)",
            MistakeClass::SeventhCharacter => "wrong 7th character (encounter)",
            MistakeClass::Placeholder => "placeholder X left out",
            MistakeClass::Laterality => "wrong side (laterality)",
            MistakeClass::Header => "header code, not billable",
            MistakeClass::Specificity => "right category, wrong detail",
            MistakeClass::Category => "another category, same chapter",
            MistakeClass::Chapter => "wrong chapter",
            MistakeClass::Section => "right CPT section, wrong code",
            MistakeClass::EmLevel => "E/M level off",
            MistakeClass::EmNewEstablished => "E/M new vs established",
            MistakeClass::WrongCode => "another real code",
            MistakeClass::OtherCard => "the answer to another card",
            MistakeClass::NoAnswer => "no answer",
            MistakeClass::Other => "other",
        }
    }

    /// A slip of typing: the learner recalled the code and typed it wrong. For the memory figures it
    /// counts as recalled; for precision, as a slip.
    pub fn is_slip(self) -> bool {
        self.kind() == MissKind::Slip
    }

    /// The kind of miss this class is.
    pub fn kind(self) -> MissKind {
        match self {
            MistakeClass::NoAnswer => MissKind::Blank,
            MistakeClass::OneWrong
            | MistakeClass::Transposition
            | MistakeClass::Missing
            | MistakeClass::Extra
            | MistakeClass::Twin
            | MistakeClass::Jump => MissKind::Slip,
            MistakeClass::SeventhCharacter
            | MistakeClass::Placeholder
            | MistakeClass::Laterality
            | MistakeClass::Header
            | MistakeClass::Specificity
            | MistakeClass::Category
            | MistakeClass::Chapter
            | MistakeClass::Section
            | MistakeClass::EmLevel
            | MistakeClass::EmNewEstablished
            | MistakeClass::WrongCode
            | MistakeClass::OtherCard => MissKind::Knowledge,
            MistakeClass::Other => MissKind::Other,
        }
    }
}

impl MissKind {
    /// A short label for people.
    pub fn label(self) -> &'static str {
        match self {
            MissKind::Blank => "no answer",
            MissKind::Slip => "slip of typing",
            MissKind::Knowledge => "not knowing the code",
            MissKind::Other => "other",
        }
    }
}

impl Mistake {
    /// The class stored in the review log and counted by statistics.
    pub fn class(&self) -> MistakeClass {
        match self {
            Mistake::NoAnswer => MistakeClass::NoAnswer,
            Mistake::Transposition { .. } => MistakeClass::Transposition,
            Mistake::OneWrong { .. } => MistakeClass::OneWrong,
            Mistake::Missing { .. } => MistakeClass::Missing,
            Mistake::Extra { .. } => MistakeClass::Extra,
            Mistake::Twin { .. } => MistakeClass::Twin,
            Mistake::Jump { .. } => MistakeClass::Jump,
            Mistake::SeventhCharacter { .. } => MistakeClass::SeventhCharacter,
            Mistake::Placeholder => MistakeClass::Placeholder,
            Mistake::Laterality { .. } => MistakeClass::Laterality,
            Mistake::Header => MistakeClass::Header,
            Mistake::Specificity { .. } => MistakeClass::Specificity,
            Mistake::Category { .. } => MistakeClass::Category,
            Mistake::Chapter { .. } => MistakeClass::Chapter,
            Mistake::Section { .. } => MistakeClass::Section,
            Mistake::EmLevel { .. } => MistakeClass::EmLevel,
            Mistake::EmNewEstablished { .. } => MistakeClass::EmNewEstablished,
            Mistake::WrongCode => MistakeClass::WrongCode,
            Mistake::OtherCard => MistakeClass::OtherCard,
            Mistake::Other => MistakeClass::Other,
        }
    }

    /// The kind of miss: blank, slip, knowledge or other.
    pub fn kind(&self) -> MissKind {
        self.class().kind()
    }
}

/// Classifies a wrong code. `typed_description` is the description of the typed code when it is a real
/// code (another card of any deck): then the miss is a knowledge error, never a slip. A deck that names
/// no system (`System::Code`) is classified by the shape of its right answer.
pub fn classify_code(
    system: System,
    typed: &str,
    right: &str,
    typed_description: Option<&str>,
    right_description: &str,
) -> Mistake {
    let t = code_key(system, typed);
    let r = code_key(system, right);
    if t.is_empty() {
        return Mistake::NoAnswer;
    }
    if t == r {
        return Mistake::Other;
    }
    let known = typed_description.is_some();
    let system = match system {
        System::Code | System::Case => system_by_shape(right),
        other => other,
    };
    match system {
        System::IcdCm => icd::classify_icd(&t, &r, typed_description, right_description),
        System::CptStyle => cpt::classify_cpt(&t, &r, known),
        _ if known => Mistake::WrongCode,
        _ => slip::slip(&t, &r).unwrap_or(Mistake::Other),
    }
}

/// Classifies a wrong meaning or term: blank, the answer to another card, or other.
pub fn classify_text(typed: &str, is_other_card: bool) -> Mistake {
    if typed.trim().is_empty() {
        Mistake::NoAnswer
    } else if is_other_card {
        Mistake::OtherCard
    } else {
        Mistake::Other
    }
}

#[cfg(test)]
mod tests;
