//! The one way tests run codedrill: the real binary, in a temporary data directory, with a frozen clock
//! and every environment variable that changes behaviour cleared first.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use chrono::{DateTime, Utc};
use codedrill::builtin::BUILTIN;
use codedrill_core::deck::{CardContent, Side, parse_deck};

pub const START: &str = "2026-11-23T09:00:00Z";

pub struct Env {
    pub dir: tempfile::TempDir,
    pub now: String,
    pub extra: Vec<(String, String)>,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
            now: START.into(),
            extra: Vec::new(),
        }
    }

    pub fn data(&self) -> &Path {
        self.dir.path()
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("codedrill.db")
    }

    /// Moves the frozen clock to `start` plus `days` days.
    pub fn on_day(&mut self, days: i64) -> &mut Env {
        let start: DateTime<Utc> = START.parse().unwrap();
        self.now = (start + chrono::Duration::days(days)).to_rfc3339();
        self
    }

    pub fn env(&mut self, key: &str, value: &str) -> &mut Env {
        self.extra.push((key.into(), value.into()));
        self
    }

    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_codedrill"));
        // Everything that changes what codedrill does or prints: the data folder, the clock, the
        // failpoints, colour, the time zone, and the width clap wraps the help to.
        for var in [
            "CODEDRILL_HOME",
            "CODEDRILL_NOW",
            "CODEDRILL_TICK",
            "CODEDRILL_FAILPOINT",
            "NO_COLOR",
            "TZ",
            "COLUMNS",
            "LINES",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("CODEDRILL_HOME", self.dir.path())
            .env("CODEDRILL_NOW", &self.now)
            .env("TZ", "UTC");
        for (k, v) in &self.extra {
            cmd.env(k, v);
        }
        cmd
    }

    /// Starts codedrill with `args`, its input and both outputs piped to the test.
    pub fn spawn(&self, args: &[&str]) -> Child {
        self.command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }

    /// Runs codedrill with `args` and `stdin`, waiting for it to end.
    #[must_use = "check the exit code and the output"]
    pub fn run(&self, args: &[&str], stdin: &str) -> Output {
        let mut child = self.spawn(args);
        let mut input = child.stdin.take().unwrap();
        let stdin = stdin.to_owned();
        let writer = std::thread::spawn(move || {
            // The drill may stop reading early (e.g. `:q`): a closed pipe is fine here.
            let _ = input.write_all(stdin.as_bytes());
        });
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap();
        Output {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs codedrill in `dir` (so file names in messages are as typed), waiting for it to end.
    #[must_use = "check the exit code and the output"]
    pub fn run_in(&self, dir: &Path, args: &[&str]) -> Output {
        let out = self.command().current_dir(dir).args(args).output().unwrap();
        Output {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// The names of the imported decks, in order.
    pub fn user_decks(&self) -> Vec<String> {
        self.rows("SELECT name FROM deck WHERE origin = 'import' ORDER BY name")
            .into_iter()
            .map(|r| r[0].clone())
            .collect()
    }

    /// Starts an interactive drill that a test answers prompt by prompt.
    pub fn drive(&self, args: &[&str]) -> Driver {
        let mut child = self
            .command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        let mut stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Driver {
            child,
            stdin,
            rx,
            seen: String::new(),
            all: String::new(),
        }
    }

    pub fn sql<T: rusqlite::types::FromSql>(&self, query: &str) -> T {
        let conn = rusqlite::Connection::open(self.db()).unwrap();
        conn.query_row(query, [], |r| r.get(0)).unwrap()
    }

    pub fn rows(&self, query: &str) -> Vec<Vec<String>> {
        let conn = rusqlite::Connection::open(self.db()).unwrap();
        let mut stmt = conn.prepare(query).unwrap();
        let n = stmt.column_count();
        stmt.query_map([], |r| {
            Ok((0..n)
                .map(|i| match r.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Null => "NULL".to_string(),
                    rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                    rusqlite::types::ValueRef::Real(v) => v.to_string(),
                    rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    rusqlite::types::ValueRef::Blob(_) => "<blob>".to_string(),
                })
                .collect())
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    }
}

pub struct Output {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    #[track_caller]
    pub fn success(&self) -> &Output {
        assert_eq!(
            self.code,
            Some(0),
            "stdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn failure(&self) -> &Output {
        assert_eq!(
            self.code,
            Some(1),
            "stdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }
}

/// A card as a prompt shows it: the text after the `[k/n]` line, the options of a multiple-choice
/// question, and the word before `›`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub shown: String,
    pub options: Vec<String>,
    pub kind: String,
}

pub struct Driver {
    pub child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Vec<u8>>,
    /// Output since the last prompt was taken.
    seen: String,
    /// Everything printed so far.
    pub all: String,
}

impl Driver {
    /// Reads output until the program waits at a prompt (`› `), or ends. Returns the text read.
    #[must_use = "check what was printed before the prompt"]
    pub fn until_prompt(&mut self) -> Option<String> {
        loop {
            if self.seen.ends_with("› ") {
                return Some(std::mem::take(&mut self.seen));
            }
            match self.rx.recv_timeout(Duration::from_secs(20)) {
                Ok(bytes) => {
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    self.seen.push_str(&text);
                    self.all.push_str(&text);
                }
                Err(RecvTimeoutError::Disconnected) => return None,
                Err(RecvTimeoutError::Timeout) => {
                    panic!("no prompt within 20 s; output:\n{}", self.all)
                }
            }
        }
    }

    /// The next card prompt, skipping anything before it; `None` when the drill ends.
    pub fn next_card(&mut self) -> Option<Prompt> {
        let text = self.until_prompt()?;
        parse_prompt(&text)
    }

    pub fn send(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(line.as_bytes()).unwrap();
        stdin.write_all(b"\n").unwrap();
        stdin.flush().unwrap();
    }

    /// Closes the input and waits for the program to finish; returns its exit code and everything it
    /// printed.
    #[must_use = "check the exit code"]
    pub fn finish(mut self) -> (Option<i32>, String) {
        drop(self.stdin.take());
        self.exit()
    }

    /// Closes the input, waits for the program to end and checks that it ended well; returns everything
    /// it printed.
    #[track_caller]
    pub fn finish_ok(self) -> String {
        let (code, out) = self.finish();
        assert_eq!(code, Some(0), "{out}");
        out
    }

    /// Types the right answer to `prompt`, checks it is judged right, and keeps the grade (Enter).
    /// Returns the verdict.
    #[track_caller]
    pub fn answer_right(&mut self, answers: &Answers, prompt: &Prompt) -> String {
        self.send(&answers.right(prompt));
        let verdict = self
            .until_prompt()
            .expect("a grade prompt after a right answer");
        assert!(verdict.contains("✓ right"), "{verdict}");
        self.send("");
        verdict
    }

    /// Answers every card right until the drill ends. Returns the keys of the cards shown, in order.
    pub fn answer_everything(&mut self, answers: &Answers) -> Vec<String> {
        let mut shown = Vec::new();
        while let Some(prompt) = self.next_card() {
            self.answer_right(answers, &prompt);
            shown.push(answers.card(&prompt).key.clone());
        }
        shown
    }

    /// Waits for the program to end by itself (after a signal, say) with its input still open, so that
    /// the end of input cannot be what stopped it; returns its exit code and everything it printed.
    #[must_use = "check the exit code"]
    pub fn exit(mut self) -> (Option<i32>, String) {
        loop {
            match self.rx.recv_timeout(Duration::from_secs(20)) {
                Ok(bytes) => self.all.push_str(&String::from_utf8_lossy(&bytes)),
                Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => {
                    let _ = self.child.kill();
                    panic!("still running after 20 s; output:\n{}", self.all)
                }
            }
        }
        let status = self.child.wait().unwrap();
        (status.code(), self.all)
    }
}

/// Finds the card in a chunk of output that ends at its prompt.
pub fn parse_prompt(text: &str) -> Option<Prompt> {
    let start = text
        .rfind("\n[")
        .map(|i| i + 1)
        .or_else(|| text.starts_with('[').then_some(0))?;
    let block = &text[start..];
    let mut lines = block.lines();
    lines.next()?; // [k/n] system · category
    let body: Vec<&str> = lines.collect();
    let (last, shown) = body.split_last()?;
    let kind = last.trim().trim_end_matches('›').trim().to_string();
    let is_option = |l: &str| {
        ["    1) ", "    2) ", "    3) ", "    4) "]
            .iter()
            .any(|p| l.starts_with(p))
    };
    let mut options = Vec::new();
    for line in shown.iter().filter(|l| is_option(l)) {
        // "    1) A   2) B" on one line (codes), or one option a line (meanings).
        for part in line.trim().split("   ") {
            if let Some((_, text)) = part.split_once(") ") {
                options.push(text.trim().to_string());
            }
        }
    }
    let shown = shown
        .iter()
        .filter(|l| !is_option(l))
        .map(|l| l.strip_prefix("  ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    Some(Prompt {
        shown,
        options,
        kind,
    })
}

/// Every built-in card, found by what its prompt shows (either side).
pub struct Answers {
    by_description: HashMap<String, CardContent>,
    by_code: HashMap<String, CardContent>,
}

impl Answers {
    pub fn builtin() -> Answers {
        let mut answers = Answers {
            by_description: HashMap::new(),
            by_code: HashMap::new(),
        };
        for deck in BUILTIN {
            for card in parse_deck(deck.csv).unwrap() {
                answers
                    .by_description
                    .insert(card.description.clone(), card.clone());
                answers.by_code.insert(card.code.clone(), card);
            }
        }
        answers
    }

    /// One built-in deck's cards.
    pub fn builtin_deck(name: &str) -> Vec<CardContent> {
        let deck = BUILTIN.iter().find(|d| d.name == name).unwrap();
        parse_deck(deck.csv).unwrap()
    }

    /// The side a prompt asks to type, from the word before `›`.
    pub fn side(prompt: &Prompt) -> Side {
        if prompt.kind == "meaning" {
            Side::Meaning
        } else {
            Side::Code
        }
    }

    pub fn card(&self, prompt: &Prompt) -> &CardContent {
        let found = match Answers::side(prompt) {
            Side::Code => self.by_description.get(&prompt.shown),
            Side::Meaning => self.by_code.get(&prompt.shown),
        };
        found.unwrap_or_else(|| panic!("no built-in card shows {:?}", prompt.shown))
    }

    /// The right answer to type for a prompt (or, for a multiple-choice one, the right option's number).
    pub fn right(&self, prompt: &Prompt) -> String {
        let card = self.card(prompt);
        let answer = match Answers::side(prompt) {
            Side::Code => card.code.clone(),
            Side::Meaning => card.description.clone(),
        };
        match prompt.options.iter().position(|o| *o == answer) {
            Some(i) if prompt.kind.starts_with("choice") => (i + 1).to_string(),
            _ => answer,
        }
    }
}
