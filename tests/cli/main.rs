//! Integration tests: the real binary in a temporary data directory, with the clock frozen.
#![allow(clippy::unwrap_used)]

mod codeset;
mod commands;
mod decks;
mod drill;
mod fuzz;
pub mod golden;
mod import;
mod leech;
mod manage;
mod mistakes;
mod modes;
mod reliability;
mod report;
mod session;
mod support;
mod trial;
