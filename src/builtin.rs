//! The decks built into the binary: CSV files in `decks/`, compiled in with `include_str!` so that
//! `cargo run --release` works anywhere, offline.

use codedrill_core::deck::Role;

/// The ICD-10-CM fiscal year of the built-in decks (FY2026, April 1, 2026 update). `codedrill codeset
/// update` moves them to a newer year.
pub const ICD10CM_YEAR: u16 = 2026;

/// The HCPCS Level II year of the built-in decks (CMS's January 2026 file).
pub const HCPCS_YEAR: u16 = 2026;

/// A deck compiled into the binary.
pub struct BuiltinDeck {
    pub name: &'static str,
    pub title: &'static str,
    pub role: Role,
    pub csv: &'static str,
}

macro_rules! builtin {
    ($name:literal, $title:literal, $role:expr) => {
        BuiltinDeck {
            name: $name,
            title: $title,
            role: $role,
            csv: include_str!(concat!("../decks/", $name, ".csv")),
        }
    };
}

/// The decks that ship with codedrill, in the order they are listed and their new cards introduced.
pub const BUILTIN: &[BuiltinDeck] = &[
    builtin!("icd10cm-common", "ICD-10-CM common diagnoses", Role::Coding),
    builtin!(
        "icd10cm-conventions",
        "ICD-10-CM structure and conventions",
        Role::Coding
    ),
    builtin!(
        "cpt-style",
        "CPT-style procedures and E/M levels",
        Role::Coding
    ),
    builtin!(
        "modifiers",
        "Modifiers (CPT-style and HCPCS Level II)",
        Role::Coding
    ),
    builtin!("hcpcs", "HCPCS Level II codes", Role::Coding),
    builtin!("word-parts", "Medical word parts", Role::Terminology),
    builtin!("abbreviations", "Clinical abbreviations", Role::Terminology),
    builtin!("billing", "Billing and the revenue cycle", Role::Billing),
    builtin!("cases", "Coding cases", Role::Coding),
];
