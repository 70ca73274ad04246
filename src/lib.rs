//! codedrill: a spaced-repetition trainer for medical coding.
//!
//! The pure core (`schedule`, `answer`, `queue`, `deck` parsing, `sanitize`) takes values and returns
//! values. Around it sit the clock (`clock`), storage (`store`), the terminal session (`drill`) and the
//! commands (`commands`, `cli`). See ARCHITECTURE.md for the map and the invariants.

pub mod answer;
pub mod backup;
pub mod chart;
pub mod choice;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod deck;
pub mod deck_index;
pub mod drill;
pub mod export;
pub mod failpoint;
pub mod fit;
pub mod html;
pub mod import;
pub mod mistake;
pub mod notice;
pub mod queue;
pub mod report;
pub mod sanitize;
pub mod schedule;
pub mod stats;
pub mod store;
pub mod style;
pub mod synthetic;
