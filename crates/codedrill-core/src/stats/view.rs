//! What `codedrill stats` shows and `--json` writes: the summary shaped for people (docs/json.md).

use serde::Serialize;

use crate::deck::Role;

use super::{PassRate, Summary};

/// A pass rate as the JSON shows it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Rate {
    pub passed: u64,
    pub total: u64,
    pub rate: Option<f64>,
}

impl From<PassRate> for Rate {
    fn from(p: PassRate) -> Rate {
        Rate {
            passed: p.passed,
            total: p.total,
            rate: p.rate(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RetentionView {
    pub period: &'static str,
    pub young: Rate,
    pub mature: Rate,
    pub total: Rate,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CardCounts {
    pub new: i64,
    pub learning: i64,
    pub review: i64,
    pub suspended: i64,
    pub leeches: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DeckView {
    pub name: String,
    pub role: &'static str,
    pub cards: CardCounts,
    pub answers: u64,
    pub accuracy: Option<f64>,
    pub retention: Rate,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TodayView {
    pub answers: u64,
    pub right: u64,
    pub new_cards: u64,
    pub study_minutes: f64,
}

/// What `codedrill stats` shows (and `--json` writes).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatsReport {
    pub schema_version: u32,
    pub today: TodayView,
    pub cards: CardCounts,
    pub retention: Vec<RetentionView>,
    /// Cards due on each of the next 30 days (index 0 is today, overdue included).
    pub forecast: Vec<i64>,
    /// Answers on each of the last 30 days, oldest first.
    pub answers_last_30_days: Vec<u64>,
    pub mean_answer_ms: Option<i64>,
    pub median_answer_ms: Option<i64>,
    pub study_days: u64,
    pub current_streak: u64,
    pub longest_streak: u64,
    pub decks: Vec<DeckView>,
    /// Decks set aside (`decks hide`) and left out of these figures; empty when decks were named.
    pub hidden_decks: Vec<String>,
}

impl StatsReport {
    /// `decks`: (deck id, name, role, card counts) for every deck shown.
    pub fn build(
        summary: &Summary,
        decks: Vec<(i64, String, Role, CardCounts)>,
        forecast: Vec<i64>,
    ) -> StatsReport {
        let today = summary.day(summary.today);
        let mut cards = CardCounts::default();
        let decks = decks
            .into_iter()
            .map(|(id, name, role, counts)| {
                cards.new += counts.new;
                cards.learning += counts.learning;
                cards.review += counts.review;
                cards.suspended += counts.suspended;
                cards.leeches += counts.leeches;
                let group = summary.by_deck.get(&id).cloned().unwrap_or_default();
                DeckView {
                    name,
                    role: role.as_str(),
                    cards: counts,
                    answers: group.answers,
                    accuracy: group.accuracy(),
                    retention: group.delayed.into(),
                }
            })
            .collect();
        StatsReport {
            schema_version: 1,
            today: TodayView {
                answers: today.map_or(0, |d| d.answers),
                right: today.map_or(0, |d| d.right),
                new_cards: today.map_or(0, |d| d.new_cards),
                study_minutes: today.map_or(0.0, |d| d.study_ms as f64 / 60_000.0),
            },
            cards,
            retention: summary
                .retention
                .iter()
                .map(|r| RetentionView {
                    period: r.period,
                    young: r.young.into(),
                    mature: r.mature.into(),
                    total: r.total.into(),
                })
                .collect(),
            forecast,
            answers_last_30_days: (0..30)
                .rev()
                .map(|back| summary.day(summary.today - back).map_or(0, |d| d.answers))
                .collect(),
            mean_answer_ms: summary.mean_answer_ms,
            median_answer_ms: summary.median_answer_ms,
            study_days: summary.study_days,
            current_streak: summary.current_streak,
            longest_streak: summary.longest_streak,
            decks,
            hidden_decks: Vec::new(),
        }
    }
}
