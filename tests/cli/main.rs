//! Integration tests: the real binary in a temporary data directory, with the clock frozen.
#![allow(clippy::unwrap_used)]

mod codeset;
mod commands;
mod concurrency;
mod decks;
mod drill;
mod export;
mod fuzz;
pub mod golden;
mod import;
mod install;
mod leech;
mod limits;
mod lookup;
mod lookup_drill;
mod malformed;
mod manage;
mod mistakes;
mod modes;
mod names;
mod reliability;
pub mod report;
mod session;
mod shell;
mod storage;
mod strict;
mod support;
mod trial;
