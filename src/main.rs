use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = codedrill::cli::parse();
    match codedrill::commands::run(cli) {
        Ok(code) => code,
        // A closed pipe (`codedrill decks | head`) is not an error worth reporting.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!(
                "error: {}",
                codedrill_core::sanitize::clean(&format!("{err:#}"))
            );
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
