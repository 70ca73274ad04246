//! Values out of range (issue 15): every number and step on the command line, a clock that reads 1970,
//! inputs that never end, and the words of errors. None may panic, abort or print a raw error.

use std::process::Stdio;
use std::sync::mpsc::channel;
use std::time::Duration;

use clap::Parser;
use codedrill::cli::{Cli, Command};
use proptest::prelude::*;

use crate::support::Env;

/// A number as a person might type one: small, at a limit, just past it, or far past any type's.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => (0u64..300).prop_map(|n| n.to_string()),
        3 => proptest::sample::select(vec![
            "0",
            "1",
            "36500",
            "36501",
            "100000",
            "100001",
            "1000000000",
            "4294967295",
            "4294967296",
            "9223372036854775807",
            "9223372036854775808",
            "18446744073709551616",
            "-1",
            "1e9",
            "",
        ])
        .prop_map(str::to_owned),
        2 => "[0-9]{1,30}",
    ]
}

/// Learning steps as typed, sensible or not.
fn steps() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            number(),
            proptest::sample::select(vec!["s", "m", "h", "d", "", "x"])
        )
            .prop_map(|(n, unit)| format!("{n}{unit}")),
        proptest::collection::vec((number(), "[smhd]"), 0..30).prop_map(|steps| {
            steps
                .into_iter()
                .map(|(n, u)| format!("{n}{u}"))
                .collect::<Vec<_>>()
                .join(" ")
        }),
    ]
}

/// One option of a drill with any value.
fn option() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        number().prop_map(|n| vec!["--new".to_owned(), n]),
        number().prop_map(|n| vec!["--reviews".to_owned(), n]),
        number().prop_map(|n| vec!["--minutes".to_owned(), n]),
        number().prop_map(|n| vec!["--max-interval".to_owned(), n]),
        number().prop_map(|n| vec!["--retention".to_owned(), format!("0.{n}")]),
        steps().prop_map(|s| vec!["--learning-steps".to_owned(), s]),
        steps().prop_map(|s| vec!["--relearning-steps".to_owned(), s]),
    ]
}

/// A drill with up to `most` options, or a cram with any `--limit`.
fn command_line(most: usize) -> impl Strategy<Value = Vec<String>> {
    let options = proptest::collection::vec(option(), 1..=most);
    let cram = proptest::bool::weighted(0.25);
    (options, cram, number()).prop_map(|(options, cram, limit)| {
        let mut line = vec!["codedrill".to_owned()];
        if cram {
            line.extend(["cram".to_owned(), "--limit".to_owned(), limit]);
        } else {
            line.push("drill".into());
            line.extend(options.into_iter().flatten());
        }
        line
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// What `codedrill` does with its arguments before it opens anything: clap's parsing and range
    /// checks, then the drill's own check of its settings. Neither may panic, whatever the numbers.
    #[test]
    fn any_numbers_on_the_command_line_are_checked_without_a_panic(line in command_line(4)) {
        if let Ok(cli) = Cli::try_parse_from(&line)
            && let Some(Command::Drill(args)) = cli.command
            && let Ok(settings) = args.settings()
        {
            prop_assert!(args.new_per_day <= 100_000 && args.reviews_per_day <= 100_000);
            prop_assert!(settings.maximum_interval <= 36_500);
            prop_assert!(settings.learning_steps.iter().all(|s| s.num_days() <= 100));
        }
    }
}

proptest! {
    // Each case runs the real binary: a few dozen, not thousands.
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// One option at a time, so that a value refused early does not hide another that would crash.
    #[test]
    fn the_binary_neither_panics_nor_aborts_on_any_numbers(line in command_line(1)) {
        let env = Env::new();
        let out = env.run(&line[1..].iter().map(String::as_str).collect::<Vec<_>>(), ":q\n");
        // 0: it ran; 1: a setting refused; 2: clap refused the command line. A panic is 101, an abort a
        // signal (no code).
        prop_assert!(matches!(out.code, Some(0..=2)), "{line:?}: {:?} {}", out.code, out.stderr);
        prop_assert!(!out.stderr.contains("panicked"), "{line:?}: {}", out.stderr);
    }
}

#[test]
fn the_numbers_that_crashed_codedrill_are_refused_plainly() {
    let env = Env::new();
    for (args, said) in [
        (
            &["--learning-steps", "200000000000d"][..],
            "'200000000000d' is not a usable step length; steps go from 1s to 100d",
        ),
        (
            &["--relearning-steps", "9223372036854775807s"],
            "is not a usable step length",
        ),
        (&["--new", "9223372036854775807"], "is not in 0..=100000"),
        (&["--new", "1000000000"], "is not in 0..=100000"),
        (&["--reviews", "18446744073709551616"], "invalid value"),
        (&["--max-interval", "4294967295"], "is not in 1..=36500"),
        (&["cram", "--limit", "1000000000"], "is not in 1..=100000"),
    ] {
        let out = env.run(args, ":q\n");
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(said), "{args:?}: {}", out.stderr);
        assert!(!out.stderr.contains("panicked"), "{args:?}: {}", out.stderr);
    }
    // At the limits, a drill runs.
    env.run(
        &["--new", "100000", "--reviews", "100000", "--deck", "hcpcs"],
        ":q\n",
    )
    .success();
}

#[test]
fn a_clock_that_reads_1970_is_refused_in_one_sentence() {
    let mut env = Env::new();
    env.run(&["--deck", "hcpcs", "--new", "1"], "x\n\n")
        .success();
    for now in [
        "1970-01-01T02:00:00Z",
        "1970-01-01T03:59:59Z",
        "1970-01-02T12:00:00Z",
    ] {
        env.now = now.into();
        let out = env.run(&["--deck", "hcpcs"], "x\n\n");
        out.failure();
        assert!(
            !out.stdout.contains("Nothing is due"),
            "{now}: {}",
            out.stdout
        );
        assert_eq!(
            out.stderr,
            format!(
                "error: CODEDRILL_NOW says {}, which cannot be right, and codedrill would find nothing \
                 due by it. Set the date and time (most systems can take it from the network), then run \
                 codedrill again\n",
                now[..16].replace('T', " ")
            )
        );
    }
    assert_eq!(
        env.sql::<i64>("SELECT count(*) FROM review"),
        1,
        "nothing written"
    );
}

#[test]
fn errors_never_end_in_an_os_error_or_a_parsers_words() {
    let mut env = Env::new();
    let missing = env.data().join("missing.csv");
    let out = env.run(&["import", missing.to_str().unwrap()], "");
    out.failure();
    assert_eq!(
        out.stderr,
        format!(
            "error: cannot read {}; check the file's name and place: there is no such file or folder\n",
            missing.display()
        )
    );
    let folder = env.run(&["import", env.data().to_str().unwrap()], "");
    folder.failure();
    assert!(!folder.stderr.contains("(os error"), "{}", folder.stderr);
    env.now = "2026".into();
    let clock = env.run(&["stats"], "");
    clock.failure();
    assert_eq!(
        clock.stderr,
        "error: CODEDRILL_NOW is set to '2026', which is not a date and time in RFC 3339 form. Use a \
         value like 2026-11-23T09:30:00Z, or unset it to use the real clock\n"
    );
}

#[test]
fn an_endless_input_stops_at_the_size_limit() {
    if !std::path::Path::new("/dev/zero").exists() {
        eprintln!("no /dev/zero on this machine: skipped");
        return;
    }
    let env = Env::new();
    let child = env
        .command()
        .args(["import", "/dev/zero"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let (tx, rx) = channel();
    let waiter = std::thread::spawn(move || {
        let out = child.wait_with_output().unwrap();
        let _ = tx.send(());
        out
    });
    if rx.recv_timeout(Duration::from_secs(60)).is_err() {
        let _ = std::process::Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status();
        panic!("import /dev/zero still reading after 60 s");
    }
    let out = waiter.join().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: /dev/zero is longer than the 100 MB codedrill reads; split it into smaller files\n"
    );
    assert!(!env.db().exists(), "nothing was opened");
}
