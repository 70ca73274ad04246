//! What a person sees: colour and bars (`style`), the `stats` and `report` text, the report's
//! self-contained HTML page with its charts (`html`), and the sentence about hidden decks (`hidden`). Views
//! take the core's models and return text; they decide nothing.

pub mod hidden;
pub mod html;
pub mod report;
pub mod stats;
pub mod style;
