//! Two windows and many processes at once (issue 15): a deck in use is not removed, an answer waits for
//! another codedrill's write instead of being lost, and imports or first commands run side by side all
//! succeed. Real processes, a bounded number of them.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use crate::support::{Answers, Env, Output};

/// How many processes run side by side (the machines that run the tests have two cores).
const PARALLEL: usize = 12;

/// Starts `PARALLEL` codedrills with the arguments `args(i)` at once, and waits for them all.
fn side_by_side(env: &Env, args: impl Fn(usize) -> Vec<String>) -> Vec<Output> {
    let children: Vec<Child> = (0..PARALLEL)
        .map(|i| {
            env.command()
                .args(args(i))
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|child| {
            let out = child.wait_with_output().unwrap();
            Output {
                code: out.status.code(),
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            }
        })
        .collect()
}

#[test]
fn a_deck_cannot_be_removed_while_a_drill_runs() {
    let env = Env::new();
    let file = env.data().join("mine.csv");
    std::fs::write(&file, "code,description\nA1,one\nA2,two\n").unwrap();
    env.run(&["import", file.to_str().unwrap()], "").success();
    let mut drill = env.drive(&["--deck", "mine"]);
    drill.next_card().unwrap();
    let removal = env.run(&["decks", "remove", "mine", "--yes"], "");
    removal.failure();
    assert_eq!(
        removal.stderr,
        format!(
            "error: a drill is running on {}, so no deck can be removed now. Finish or close that drill \
             first (its answers are saved as it goes), then remove the deck; nothing was changed\n",
            env.data().display()
        )
    );
    drill.send("A1");
    let verdict = drill.until_prompt().unwrap();
    assert!(verdict.contains('✓') || verdict.contains('✗'), "{verdict}");
    drill.send(":q");
    drill.finish_ok();
    assert_eq!(env.sql::<i64>("SELECT count(*) FROM review"), 1);
    // With the drill over, the deck goes.
    env.run(&["decks", "remove", "mine", "--yes"], "").success();
}

/// A drill whose standard error is read line by line too, to see it say that it waits.
struct Watched {
    child: Child,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
}

impl Watched {
    fn start(env: &Env, args: &[&str]) -> Watched {
        let mut child = env.spawn(args);
        let stdout = lines(child.stdout.take().unwrap());
        let stderr = lines(child.stderr.take().unwrap());
        Watched {
            child,
            stdout,
            stderr,
        }
    }

    fn send(&mut self, line: &str) {
        let stdin = self.child.stdin.as_mut().unwrap();
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
    }
}

/// Whatever `from` prints, a piece at a time (a prompt has no line end, so pieces, not lines).
fn lines(from: impl std::io::Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(from);
        loop {
            let buf = match reader.fill_buf() {
                Ok([]) | Err(_) => break,
                Ok(buf) => buf.to_vec(),
            };
            reader.consume(buf.len());
            if tx.send(String::from_utf8_lossy(&buf).into_owned()).is_err() {
                break;
            }
        }
    });
    rx
}

/// Reads from `rx` until the text so far contains `wanted`; panics after 30 s.
fn until(rx: &Receiver<String>, wanted: &str) -> String {
    let mut seen = String::new();
    while !seen.contains(wanted) {
        match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(piece) => seen.push_str(&piece),
            Err(e) => panic!("no {wanted:?} ({e}); saw:\n{seen}"),
        }
    }
    seen
}

/// A drill that has been sent the right answer to its first card while another connection holds the
/// write lock (as a long import does), once it has said that it waits. Returns the drill and that other
/// connection, still holding the lock.
fn an_answer_waiting_on_a_held_write(env: &Env) -> (Watched, rusqlite::Connection) {
    let answers = Answers::builtin();
    let mut drill = Watched::start(env, &["--deck", "billing", "--new", "1"]);
    let prompt = crate::support::parse_prompt(&until(&drill.stdout, "› ")).unwrap();
    let import = rusqlite::Connection::open(env.db()).unwrap();
    import.execute_batch("BEGIN IMMEDIATE").unwrap();
    drill.send(&answers.right(&prompt));
    let said = until(&drill.stderr, "Nothing is lost meanwhile");
    assert_eq!(
        said,
        "note: another codedrill is writing to your progress (an import, perhaps); waiting for it to \
         finish. Nothing is lost meanwhile; Ctrl-C stops.\n"
    );
    (drill, import)
}

#[test]
fn an_answer_waits_for_another_codedrills_write_and_is_saved() {
    let env = Env::new();
    let (mut drill, import) = an_answer_waiting_on_a_held_write(&env);
    let saved = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row("SELECT count(*) FROM review", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(saved(&import), 0);
    import.execute_batch("COMMIT").unwrap();
    // The write is done: the answer is saved and judged.
    assert!(until(&drill.stdout, "› ").contains("✓ right"));
    drill.send("");
    drop(drill.child.stdin.take());
    let status = drill.child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert_eq!(saved(&import), 1);
}

#[test]
fn ctrl_c_ends_a_drill_waiting_for_another_codedrills_write() {
    let env = Env::new();
    let (mut drill, import) = an_answer_waiting_on_a_held_write(&env);
    let pid = drill.child.id().to_string();
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let status = drill.child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    import.execute_batch("ROLLBACK").unwrap();
    assert_eq!(
        env.sql::<i64>("SELECT count(*) FROM review"),
        0,
        "never shown as judged"
    );
}

#[test]
fn imports_side_by_side_all_succeed() {
    let env = Env::new();
    env.run(&["decks"], "").success();
    for i in 0..PARALLEL {
        let file = env.data().join(format!("d{i}.csv"));
        std::fs::write(&file, format!("code,description\nX{i},card {i}\n")).unwrap();
    }
    let outs = side_by_side(&env, |i| {
        vec![
            "import".into(),
            env.data().join(format!("d{i}.csv")).display().to_string(),
        ]
    });
    for (i, out) in outs.iter().enumerate() {
        assert_eq!(out.code, Some(0), "import {i}: {}", out.stderr);
    }
    assert_eq!(
        env.sql::<i64>("SELECT count(*) FROM deck WHERE origin = 'import'"),
        PARALLEL as i64
    );
    let backups: Vec<String> = std::fs::read_dir(env.data().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(backups.len(), codedrill::store::backup::KEEP, "{backups:?}");
    assert_eq!(env.sql::<String>("PRAGMA integrity_check"), "ok");
}

#[test]
fn first_commands_side_by_side_on_a_new_folder_all_succeed() {
    let env = Env::new();
    let outs = side_by_side(&env, |i| {
        let command = ["decks", "stats", "leeches", "export"][i % 4];
        match command {
            "export" => vec!["export".into(), "reviews".into()],
            other => vec![other.into()],
        }
    });
    for (i, out) in outs.iter().enumerate() {
        assert_eq!(out.code, Some(0), "command {i}: {}", out.stderr);
        // At most the note that it waited for another.
        assert!(
            out.stderr
                .lines()
                .all(|l| l.starts_with("note: another codedrill is writing to your progress")),
            "command {i}: {}",
            out.stderr
        );
    }
    assert_eq!(env.sql::<String>("PRAGMA integrity_check"), "ok");
    let decks = env.run(&["decks"], "");
    decks.success();
    assert_eq!(
        env.sql::<i64>("SELECT count(*) FROM deck"),
        codedrill::builtin::BUILTIN.len() as i64
    );
}
