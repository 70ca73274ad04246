//! What ships beside the binary: the shell completions and the man page, both made from the command line's
//! own definition.

use clap::CommandFactory;
use codedrill::cli::Cli;

use crate::support::Env;

/// Every command a person can type, with its full name (`export deck`), hidden ones and `help` left out.
fn commands() -> Vec<String> {
    fn walk(command: &clap::Command, prefix: &str, names: &mut Vec<String>) {
        for sub in command.get_subcommands() {
            if sub.is_hide_set() || sub.get_name() == "help" {
                continue;
            }
            let name = format!("{prefix}{}", sub.get_name());
            names.push(name.clone());
            walk(sub, &format!("{name} "), names);
        }
    }
    let mut names = Vec::new();
    walk(&Cli::command(), "", &mut names);
    names
}

#[test]
fn the_commands_are_what_the_help_lists() {
    let names = commands();
    for expected in [
        "drill",
        "decks remove",
        "export deck",
        "export reviews",
        "completions",
    ] {
        assert!(names.iter().any(|n| n == expected), "{names:?}");
    }
    assert!(
        !names.iter().any(|n| n == "man"),
        "the man page command is hidden"
    );
}

#[test]
fn completions_are_made_for_every_shell_and_offer_the_real_commands() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = env.run(&["completions", shell], "");
        out.success();
        assert_eq!(out.stderr, "", "{shell}");
        for command in commands() {
            // Each shell names a nested command by its last word.
            let word = command.rsplit(' ').next().unwrap();
            assert!(out.stdout.contains(word), "{shell} lacks {command}");
        }
        for option in ["deck", "format", "data-dir", "on-duplicate"] {
            // fish names a long option `-l deck`; the others as typed.
            let spelled = match shell {
                "fish" => format!("-l {option}"),
                _ => format!("--{option}"),
            };
            assert!(out.stdout.contains(&spelled), "{shell} lacks {spelled}");
        }
        for value in ["anki", "readable", "powershell"] {
            assert!(
                out.stdout.contains(value),
                "{shell} lacks the value {value}"
            );
        }
    }
    let unknown = env.run(&["completions", "tcsh"], "");
    assert_eq!(unknown.code, Some(2));
    assert!(
        unknown.stderr.contains("invalid value 'tcsh'"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn the_bash_completion_script_is_valid_bash() {
    let env = Env::new();
    let script = env.data().join("codedrill.bash");
    std::fs::write(
        &script,
        &env.run(&["completions", "bash"], "").success().stdout,
    )
    .unwrap();
    match std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
    {
        Ok(check) => assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stderr)
        ),
        Err(_) => eprintln!("skipped: bash is not installed"),
    }
}

#[test]
fn completions_and_the_man_page_need_no_data_folder() {
    let env = Env::new();
    for args in [&["completions", "fish"][..], &["man"]] {
        let out = env
            .command()
            .env_remove("CODEDRILL_HOME")
            .env_remove("HOME")
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stdout.is_empty());
    }
}

#[test]
fn the_man_page_holds_every_command_with_its_options() {
    let env = Env::new();
    let out = env.run(&["man"], "");
    out.success();
    let page = &out.stdout;
    assert!(
        page.lines().any(|l| l.starts_with(".TH codedrill 1 ")),
        "{page}"
    );
    for command in commands() {
        let heading = format!(".SS \"codedrill {command}\"");
        let plain = format!(".SS codedrill {command}");
        assert!(
            page.lines().any(|l| l == heading || l == plain),
            "no section for {command}"
        );
    }
    for part in [
        ".SH OPTIONS",
        ".SH COMMANDS",
        ".SH EXAMPLES",
        ".SH ENVIRONMENT",
        ".SH FILES",
    ] {
        assert!(page.contains(part), "{part}");
    }
    for option in [
        r"\-\-on\-duplicate",
        r"\-\-format",
        r"\-\-unsuspend\-all",
        "CODEDRILL_HOME",
    ] {
        assert!(page.contains(option), "{option}");
    }
    let help = env.run(&["--help"], "").success().stdout.clone();
    assert!(
        !help.lines().any(|l| l.trim_start().starts_with("man ")),
        "{help}"
    );
}

#[test]
fn the_man_page_renders_without_warnings() {
    let env = Env::new();
    let page = env.data().join("codedrill.1");
    std::fs::write(&page, &env.run(&["man"], "").success().stdout).unwrap();
    let check = std::process::Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(&page)
        .output();
    match check {
        Ok(check) => {
            assert!(check.status.success());
            assert_eq!(String::from_utf8_lossy(&check.stderr), "", "groff warns");
        }
        Err(_) => eprintln!("skipped: groff is not installed"),
    }
}
