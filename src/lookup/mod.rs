//! The Alphabetic Index and the Tabular List as a coder reads them, gathered from the store and written
//! as text or JSON: `index` (the answer to words typed, and the cross-references followed from it) and
//! `tabular` (a code's entry with its notes). `codedrill lookup` prints them; a drill may show them too.
//! Everything from CMS's files is cleaned (`sanitize`) before it is kept here.

pub mod index;
pub mod tabular;

/// The version of both JSON answers (docs/json.md).
pub const SCHEMA_VERSION: u32 = 1;

fn clean(text: &str) -> String {
    codedrill_core::sanitize::clean_line(text).into_owned()
}
