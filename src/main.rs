use std::io::Write as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = codedrill::cli::parse();
    match codedrill::commands::run(cli) {
        Ok(code) => code,
        // A closed pipe (`codedrill decks | head`) is not an error worth reporting.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // Not eprintln!, which panics when standard error cannot be written (a full disk).
            let _ = writeln!(
                std::io::stderr(),
                "error: {}",
                codedrill::commands::message(&err)
            );
            ExitCode::FAILURE
        }
    }
}

/// Whether writing to a closed pipe is what failed, directly or inside a CSV writer's error (which does
/// not expose its cause as a source).
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    let broken = |e: &std::io::Error| e.kind() == std::io::ErrorKind::BrokenPipe;
    err.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(broken)
            || cause
                .downcast_ref::<csv::Error>()
                .is_some_and(|e| matches!(e.kind(), csv::ErrorKind::Io(io) if broken(io)))
    })
}
