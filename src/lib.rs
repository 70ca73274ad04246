//! codedrill: a spaced-repetition trainer for medical coding.
//!
//! This package is the shell around the pure core (`codedrill_core`): the command line (`cli`), one
//! room per command (`commands`), the drill's session loop (`session`), the terminal and HTML views
//! (`view`), the clock (`clock`) and progress in SQLite (`store`). See ARCHITECTURE.md for the map, the
//! invariants and the path of one answer.

pub mod builtin;
pub mod cli;
pub mod clock;
pub mod commands;
mod failpoint;
pub mod lookup;
mod notice;
pub mod session;
pub mod store;
/// Simulated learners and synthetic collections: support for tests and benchmarks, not used by commands.
#[doc(hidden)]
pub mod synthetic;
pub mod view;
