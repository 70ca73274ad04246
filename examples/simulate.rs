//! Simulates a learner into a data directory, to try `codedrill report` on weeks of study:
//! `cargo run --example simulate -- DIR [memory factor] [days] [seed]`, then `CODEDRILL_HOME=DIR codedrill report`.
use codedrill::{builtin::BUILTIN, store::Store, synthetic};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = std::path::PathBuf::from(args.first().map_or("simulated", String::as_str));
    let factor: f64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1.0);
    let days: u32 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(14);
    let seed: u64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(7);
    let start =
        chrono::DateTime::parse_from_rfc3339("2026-11-01T19:00:00Z")?.with_timezone(&chrono::Utc);
    let mut store = Store::open(&dir)?;
    store.sync_builtin(BUILTIN, start)?;
    let decks = vec![BUILTIN.iter().map(|d| d.name.to_owned()).collect()];
    let plan = synthetic::Plan {
        start,
        days,
        new_per_day: 20,
        decks,
        seed,
    };
    synthetic::simulate(&mut store, &synthetic::Learner::with_memory(factor), &plan)?;
    println!(
        "simulated {days} days (memory x{factor}) into {}",
        dir.display()
    );
    Ok(())
}
