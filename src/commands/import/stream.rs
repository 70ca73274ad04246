//! The file read on one thread while its cards are written on this one. The reading thread hands over
//! batches of cards as the file gives them, and then how the read ended; the writing side opens the store
//! only once the first batch (or the end) has come, so a file refused in its first rows never opens it,
//! and commits only once the whole file is read without a problem: a refused file leaves the database as
//! it was and makes no backup (`store::import`).

use std::cell::Cell;
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};

use anyhow::Result;

use super::{apart_from_builtin, check_deck_name};
use crate::cli::ImportArgs;
use crate::commands::Context;
use crate::store::{ImportDone, ImportPlan, Importer, SyncCounts, SyncMode};
use codedrill_core::deck::{Problem, Role, System};
use codedrill_core::import::{Event, OnDuplicate, Options, Streamed};

/// Cards handed over at once: few enough to keep little in memory, enough to make a hand-over rare.
const BATCH: usize = 1_024;
/// Batches waiting to be written before the reading thread waits.
const IN_FLIGHT: usize = 4;

/// What the reading thread sends.
enum Message {
    Events(Vec<Event>),
    /// How the read ended: the last message.
    End(Result<Streamed, Vec<Problem>>),
}

/// Why an import did not happen.
pub(super) enum Failure {
    /// The file has problems: they are listed, and nothing was written.
    Refused(Vec<Problem>),
    /// Something else went wrong (after the file's notes, if it was read whole, are printed).
    Error(anyhow::Error, Option<Streamed>),
}

/// What an import wrote: how the file was read, each deck (the number of the file's decks merged into
/// it, its counts), and the backup made before it.
pub(super) struct Written {
    pub(super) read: Streamed,
    pub(super) decks: Vec<(String, SyncCounts)>,
    pub(super) backup: Option<std::path::PathBuf>,
    /// Notes about the decks' names, to print after the file's own.
    pub(super) notes: Vec<String>,
}

/// Reads `bytes` on a second thread while writing its cards here; see the module's comment.
/// `progress` is told how many cards are written, and about how many the file holds. The reading thread
/// owns the file's bytes and frees them when it is done, before the commit needs its memory.
pub(super) fn import(
    ctx: &mut Context,
    args: &ImportArgs,
    bytes: Vec<u8>,
    options: &Options,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Written, Failure> {
    std::thread::scope(|scope| {
        // Made inside the scope: if this side panics, its ends are dropped before the scope waits for
        // the reading thread, whose sends then fail instead of waiting for room.
        let (sender, receiver) = sync_channel(IN_FLIGHT);
        let (give_back, given_back) = channel();
        scope.spawn(move || read(&bytes, options, &sender, &given_back));
        let written = write(ctx, args, &receiver, &give_back, progress);
        match written {
            Err(Failure::Error(error, None)) => match drain(&receiver) {
                // The file's problems come first, as when it was read before anything was opened.
                Some(Err(problems)) => Err(Failure::Refused(problems)),
                read => Err(Failure::Error(error, read.and_then(Result::ok))),
            },
            other => other,
        }
    })
}

/// The reading thread: batches of cards, then the end. With `--on-duplicate update` a later row changes
/// a card handed over earlier, so that file is read whole before its cards are handed over. Batches the
/// writer is done with come back (`given_back`) to be emptied here: the cards' text is freed by the
/// thread that made it, off the writer's path.
fn read(
    bytes: &[u8],
    options: &Options,
    out: &SyncSender<Message>,
    given_back: &Receiver<Vec<Event>>,
) {
    let mut batch = Vec::with_capacity(BATCH);
    let mut hand_over = |event| {
        batch.push(event);
        if batch.len() == BATCH {
            let next = match given_back.try_recv() {
                Ok(mut done) => {
                    done.clear();
                    done
                }
                Err(_) => Vec::with_capacity(BATCH),
            };
            // A writer that stopped no longer listens; reading goes on to say what is wrong with the file.
            let _ = out.send(Message::Events(std::mem::replace(&mut batch, next)));
        }
    };
    let read = if options.duplicates == Some(OnDuplicate::Update) {
        codedrill_core::import::parse_with(bytes, options).map(|parsed| {
            for (number, deck) in parsed.decks.into_iter().enumerate() {
                hand_over(Event::Deck {
                    capacity: deck.cards.len(),
                    name: deck.name,
                });
                for (card, line) in deck.cards.into_iter().zip(deck.lines) {
                    hand_over(Event::Card {
                        deck: number,
                        card,
                        line,
                    });
                }
            }
            parsed.read
        })
    } else {
        codedrill_core::import::stream_with(bytes, options, &mut hand_over)
    };
    if read.is_ok() && !batch.is_empty() {
        let _ = out.send(Message::Events(batch));
    }
    let _ = out.send(Message::End(read));
}

/// What is left of the reading after the writing stopped: its end, once it comes.
fn drain(receiver: &Receiver<Message>) -> Option<Result<Streamed, Vec<Problem>>> {
    receiver.iter().find_map(|m| match m {
        Message::End(read) => Some(read),
        Message::Events(_) => None,
    })
}

/// The writing side: waits for the first batch, then writes every card in one transaction.
fn write(
    ctx: &mut Context,
    args: &ImportArgs,
    receiver: &Receiver<Message>,
    give_back: &Sender<Vec<Event>>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Written, Failure> {
    let lost = || {
        Failure::Error(
            anyhow::anyhow!("reading the file stopped unexpectedly"),
            None,
        )
    };
    let first = match receiver.recv().map_err(|_| lost())? {
        Message::End(Err(problems)) => return Err(Failure::Refused(problems)),
        Message::End(Ok(_)) => return Err(lost()),
        Message::Events(events) => events,
    };
    let error = |e| Failure::Error(e, None);
    let (store, clock) = ctx.store_and_clock().map_err(error)?;
    let on_duplicate = args.on_duplicate.map_or(OnDuplicate::Update, Into::into);
    let expected = Cell::new(0);
    let mut decks = Decks::new(args, &expected);
    let mut progress = |done| progress(done, expected.get());
    let plan = ImportPlan {
        mode: SyncMode::Merge(on_duplicate),
        dry_run: args.dry_run,
        now: clock.now(),
        progress: &mut progress,
    };
    let done = store.import_streamed(plan, |importer| {
        decks.take(importer, &first)?;
        let _ = give_back.send(first);
        loop {
            match receiver.recv() {
                Ok(Message::Events(events)) => {
                    decks.take(importer, &events)?;
                    let _ = give_back.send(events);
                }
                Ok(Message::End(Ok(read))) => {
                    decks.set_roles(importer)?;
                    return Ok(Ok(read));
                }
                // Returned as a value so the transaction is rolled back without an error to explain.
                Ok(Message::End(Err(problems))) => return Ok(Err(problems)),
                Err(_) => anyhow::bail!("reading the file stopped unexpectedly"),
            }
        }
    });
    match done {
        Ok(ImportDone {
            read: Ok(read),
            decks: imported,
            backup,
        }) => {
            let mut counts: Vec<(String, SyncCounts)> =
                imported.into_iter().map(|d| (d.name, d.counts)).collect();
            for (slot, skipped) in decks.slots.iter().zip(&read.skipped) {
                counts[*slot].1.skipped += skipped;
            }
            Ok(Written {
                read,
                decks: counts,
                backup,
                notes: decks.notes,
            })
        }
        Ok(ImportDone {
            read: Err(problems),
            ..
        }) => Err(Failure::Refused(problems)),
        Err(e) => Err(error(e)),
    }
}

/// The file's decks as they come: each one's deck in the store, and what its cards are.
struct Decks<'a> {
    default_name: String,
    source_path: String,
    /// The store deck (the importer's number) of each of the file's decks.
    slots: Vec<usize>,
    /// What the cards of each store deck are, to tell its role.
    roles: Vec<RoleTally>,
    /// About how many cards the file holds, as the reader guessed it, for the progress line.
    expected: &'a Cell<usize>,
    notes: Vec<String>,
}

impl<'a> Decks<'a> {
    fn new(args: &ImportArgs, expected: &'a Cell<usize>) -> Decks<'a> {
        Decks {
            expected,
            default_name: args
                .deck
                .clone()
                .unwrap_or_else(|| super::deck_name_from_path(&args.file)),
            source_path: std::fs::canonicalize(&args.file)
                .unwrap_or_else(|_| args.file.clone())
                .display()
                .to_string(),
            slots: Vec::new(),
            roles: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn take(&mut self, importer: &mut Importer, events: &[Event]) -> Result<()> {
        for event in events {
            match event {
                Event::Deck { name, capacity } => {
                    let name = check_deck_name(name.as_ref().unwrap_or(&self.default_name))?;
                    let (name, note) = apart_from_builtin(name);
                    self.notes.extend(note);
                    self.expected.set(self.expected.get() + capacity);
                    let (slot, _) = importer.deck(&name, &self.source_path, *capacity)?;
                    if slot == self.roles.len() {
                        self.roles.push(RoleTally::default());
                    }
                    self.slots.push(slot);
                }
                Event::Card { deck, card, .. } => {
                    let slot = self.slots[*deck];
                    self.roles[slot].add(card.system);
                    importer.card(slot, card)?;
                }
                Event::Replace { .. } => {
                    anyhow::bail!(
                        "a card was changed after it was written; this is a bug in codedrill"
                    )
                }
            }
        }
        Ok(())
    }

    fn set_roles(&self, importer: &mut Importer) -> Result<()> {
        for (slot, tally) in self.roles.iter().enumerate() {
            importer.set_role(slot, tally.role())?;
        }
        Ok(())
    }
}

/// Which side of the work a deck belongs to, from what most of its cards are.
#[derive(Default)]
pub(super) struct RoleTally {
    billing: usize,
    terms: usize,
    all: usize,
}

impl RoleTally {
    pub(super) fn add(&mut self, system: System) {
        self.all += 1;
        match system {
            System::Billing => self.billing += 1,
            System::Term | System::Abbreviation => self.terms += 1,
            _ => {}
        }
    }

    pub(super) fn role(&self) -> Role {
        let coding = self.all - self.billing - self.terms;
        if self.billing * 2 > self.all {
            Role::Billing
        } else if self.terms * 2 > self.all {
            Role::Terminology
        } else if coding * 2 > self.all {
            Role::Coding
        } else {
            Role::Other
        }
    }
}
