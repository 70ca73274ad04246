//! Names from outside: a file, folder or output path is printed cleaned, whatever it holds; deck names
//! are one deck whatever their case or Unicode form, for import, export and removal alike.

use crate::support::Env;

#[test]
fn untrusted_file_names_and_paths_are_cleaned_before_they_are_printed() {
    let env = Env::new();
    let hostile = "deck\u{1b}]0;owned\u{7}\u{202e}.csv";
    for (text, code, starts) in [
        (
            "code,description\nA1,one\n",
            Some(0),
            "deck]0;owned.csv imported into deck 'deck-0-owned': 1 added,",
        ),
        (
            "code,description\nA1,\n",
            Some(1),
            "deck]0;owned.csv:2: the description of 'A1' is empty",
        ),
    ] {
        std::fs::write(env.data().join(hostile), text).unwrap();
        let out = env.run_in(env.data(), &["import", hostile]);
        assert_eq!(out.code, code, "{}{}", out.stdout, out.stderr);
        let shown = if code == Some(0) {
            &out.stdout
        } else {
            &out.stderr
        };
        assert!(shown.starts_with(starts), "{shown}");
    }
    let to = format!("out\u{1b}[2J{hostile}");
    let out = env.run_in(env.data(), &["export", "deck", "deck-0-owned", "-o", &to]);
    out.success();
    assert_eq!(out.stderr, "Wrote 1 card to out[2Jdeck]0;owned.csv.\n");
    // The data folder as named on the command line.
    let folder = env.data().join("data\u{1b}[31m");
    let out = env.run_in(
        env.data(),
        &["--data-dir", folder.to_str().unwrap(), "decks"],
    );
    out.success();
    for text in [&out.stdout, &out.stderr] {
        assert!(!text.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{text:?}");
    }
    assert!(out.stdout.contains("data[31m"), "{}", out.stdout);
}

#[test]
fn deck_names_are_one_deck_whatever_their_case_or_unicode_form() {
    let env = Env::new();
    let file = env.data().join("first.csv");
    std::fs::write(&file, "code,description\nA1,one\n").unwrap();
    let path = file.to_str().unwrap();
    env.run(&["import", path, "--deck", "Café Cardio"], "")
        .success();
    std::fs::write(&file, "code,description\nB2,two\n").unwrap();
    // The same name in lower case, with the é typed as e and a combining accent.
    let out = env.run(&["import", path, "--deck", "cafe\u{301} cardio"], "");
    out.success();
    assert!(
        out.stdout
            .contains("imported into deck 'Café Cardio': 1 added, 0 updated"),
        "{}",
        out.stdout
    );
    assert_eq!(env.user_decks(), ["Café Cardio"]);
    let export = env.run(&["export", "deck", "CAFÉ CARDIO"], "");
    export.success();
    assert_eq!(
        export.stdout.lines().skip(1).collect::<Vec<_>>(),
        ["A1,one,code,,,,,,,", "B2,two,code,,,,,,,"]
    );
    let removed = env.run(&["decks", "remove", "café cardio", "--yes"], "");
    removed.success();
    assert!(
        removed
            .stdout
            .starts_with("Deleted the deck 'Café Cardio'."),
        "{}",
        removed.stdout
    );
    assert!(env.user_decks().is_empty());
}
