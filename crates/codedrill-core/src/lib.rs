//! The pure core of codedrill: what a card is and how decks are read and written, when a card comes
//! back (FSRS-6 with learning steps, fuzz and the 4 am day), how an answer is judged and a miss
//! classified, the order of a session, the statistics over the review log and the fit report's model.
//!
//! Values in, values out: no database, terminal, command line or clock read lives here (the root
//! package `codedrill` holds those), so the compiler keeps the arrows pointing inwards. See
//! ARCHITECTURE.md for the map.

pub mod answer;
pub mod choice;
pub mod day;
pub mod deck;
pub mod deck_index;
pub mod export;
pub mod html;
pub mod import;
pub mod memory;
pub mod mistake;
pub mod queue;
pub mod report;
pub mod sanitize;
pub mod schedule;
pub mod stats;
pub mod words;
