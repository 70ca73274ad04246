//! Integration tests: the real binary in a temporary data directory, with the clock frozen.
#![allow(clippy::unwrap_used)]

mod codeset;
mod commands;
mod decks;
mod drill;
mod export;
mod fuzz;
pub mod golden;
mod import;
mod install;
mod leech;
mod mistakes;
mod modes;
mod reliability;
mod report;
mod session;
mod shell;
mod support;
mod trial;
