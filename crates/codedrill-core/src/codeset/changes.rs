//! What changed between two years: billable codes that are new, deleted (gone, or now a header), or
//! revised (the same code with another description), and what replaced a deleted code where the tabular
//! says so (a code that became a header is replaced by the billable codes under it).

use std::collections::{HashMap, HashSet};

use super::key;

/// A code whose description changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revised {
    pub code: String,
    pub old: String,
    pub new: String,
}

/// The billable codes that differ between an older and a newer year, each list in the newer (for
/// deleted codes, the older) year's order, with descriptions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<(String, String)>,
    pub deleted: Vec<(String, String)>,
    pub revised: Vec<Revised>,
}

impl Changes {
    /// `old` and `new` are each year's billable codes with their descriptions, in order.
    pub fn between(old: &[(String, String)], new: &[(String, String)]) -> Changes {
        let old_by_key: HashMap<String, &str> =
            old.iter().map(|(c, d)| (key(c), d.as_str())).collect();
        let new_keys: HashSet<String> = new.iter().map(|(c, _)| key(c)).collect();
        let mut changes = Changes::default();
        for (code, description) in new {
            match old_by_key.get(&key(code)) {
                None => changes.added.push((code.clone(), description.clone())),
                Some(&before) if before != description => changes.revised.push(Revised {
                    code: code.clone(),
                    old: before.to_owned(),
                    new: description.clone(),
                }),
                Some(_) => {}
            }
        }
        changes.deleted = old
            .iter()
            .filter(|(c, _)| !new_keys.contains(&key(c)))
            .cloned()
            .collect();
        changes
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.deleted.is_empty() && self.revised.is_empty()
    }
}

/// The billable codes of the newer year that replace a deleted `code`: the codes under it when it
/// became a header (N18.3 -> N18.30, N18.31, N18.32); none when the tabular dropped it altogether.
pub fn replacements<'a>(code: &str, new: &'a [(String, String)]) -> Vec<&'a str> {
    let stem = key(code);
    new.iter()
        .map(|(c, _)| c.as_str())
        .filter(|c| {
            let k = key(c);
            k.len() > stem.len() && k.starts_with(&stem)
        })
        .collect()
}
