//! The tabular XML (`icd10cm_tabular_YYYY.xml`): `ICD10CM.tabular` > `version`, then `chapter` >
//! `section` > nested `diag`, each with `name`, `desc` and its notes (`inclusionTerm`, `includes`,
//! `excludes1`, `excludes2`, `codeFirst`, `useAdditionalCode`, `codeAlso`, `sevenChrNote`, `notes`) and
//! perhaps a `sevenChrDef` of `extension`s. The billable codes are the leaves, each extended by the
//! nearest `sevenChrDef` (placeholder X up to six characters) where one applies.

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::{CodeSet, CodesetError, Node, NodeKind, Note, NoteKind, Seventh, is_fiscal_year, key};

/// Reads a whole tabular. A file that is not a tabular, is cut short, or names no year is refused.
pub fn parse_tabular(text: &str) -> Result<CodeSet, CodesetError> {
    let mut parser = Parser::default();
    read_xml(text, &mut parser)?;
    parser.finish()
}

/// What reads the events of one of the official XML files (the tabular, the index).
pub(super) trait Handler {
    fn start(&mut self, e: &BytesStart) -> Result<(), CodesetError>;
    fn end(&mut self);
    fn text(&mut self, text: &str);
}

/// Feeds a whole XML file to `handler`, with entity references resolved into its text.
pub(super) fn read_xml(text: &str, handler: &mut impl Handler) -> Result<(), CodesetError> {
    let mut reader = Reader::from_str(text.trim_start_matches('\u{feff}'));
    loop {
        let event = reader.read_event().map_err(|e| CodesetError::Damaged {
            at: reader.error_position(),
            reason: e.to_string(),
        })?;
        match event {
            Event::Start(e) => handler.start(&e)?,
            Event::Empty(e) => {
                handler.start(&e)?;
                handler.end();
            }
            Event::End(_) => handler.end(),
            Event::Text(t) => handler.text(&t.xml10_content()),
            Event::CData(t) => handler.text(&t.xml10_content()),
            Event::GeneralRef(r) => handler.text(&entity(&r)?),
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The text an entity reference stands for: the five XML entities or a character reference.
fn entity(r: &BytesRef) -> Result<String, CodesetError> {
    let damaged = |reason: &str| CodesetError::Damaged {
        at: 0,
        reason: reason.to_owned(),
    };
    if let Some(c) = r.resolve_char_ref().map_err(|e| damaged(&e.to_string()))? {
        return Ok(c.to_string());
    }
    let text = match &*r.xml10_content() {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        other => return Err(damaged(&format!("an unknown entity &{other};"))),
    };
    Ok(text.to_owned())
}

/// What an open element is, as far as the reading goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    Root,
    Version,
    Chapter,
    Section,
    Diag,
    Name,
    Desc,
    Notes(NoteKind),
    Note,
    SevenDef,
    Extension(char),
    /// An element whose content is not read (the introduction, a chapter's section index, the
    /// visual-impairment table) and everything inside it.
    Skipped,
}

/// A chapter, section or code being read, and what applies to the codes below it.
#[derive(Default)]
struct Frame {
    /// Its node in `Parser::nodes`.
    node: usize,
    has_children: bool,
    seventh: Option<Vec<(char, String)>>,
    /// "7th characters D and S do not apply to codes ... with 6th character 7 or 8": (7th, 6th) pairs.
    not_applicable: Vec<(Vec<char>, Vec<char>)>,
}

#[derive(Default)]
struct Parser {
    path: Vec<Tag>,
    frames: Vec<Frame>,
    text: String,
    year: Option<u16>,
    chapter: Option<u8>,
    set: CodeSet,
}

impl Handler for Parser {
    fn start(&mut self, e: &BytesStart) -> Result<(), CodesetError> {
        let name = e.local_name();
        let name = name.as_ref();
        let Some(&parent) = self.path.last() else {
            if name != "ICD10CM.tabular" {
                let root = name.to_owned();
                return Err(CodesetError::NotTabular { root });
            }
            self.path.push(Tag::Root);
            return Ok(());
        };
        let tag = match (parent, name) {
            (Tag::Skipped, _) => Tag::Skipped,
            (Tag::Root, "version") => Tag::Version,
            (Tag::Root, "chapter") => self.open(NodeKind::Chapter, String::new()),
            (Tag::Chapter, "section") => self.open(NodeKind::Section, section_name(e)),
            (Tag::Section | Tag::Diag, "diag") => self.open(NodeKind::Code, String::new()),
            (Tag::Chapter | Tag::Section | Tag::Diag, "name") => Tag::Name,
            (Tag::Chapter | Tag::Section | Tag::Diag, "desc") => Tag::Desc,
            (Tag::Chapter | Tag::Section | Tag::Diag, "sevenChrDef") => {
                self.frame().seventh = Some(Vec::new());
                Tag::SevenDef
            }
            (Tag::SevenDef, "extension") => {
                Tag::Extension(attribute(e, "char").chars().next().unwrap_or('?'))
            }
            (Tag::SevenDef | Tag::Notes(_), "note") => Tag::Note,
            (Tag::Chapter | Tag::Section | Tag::Diag, other) => match NoteKind::of_element(other) {
                Some(kind) => Tag::Notes(kind),
                None => Tag::Skipped,
            },
            _ => Tag::Skipped,
        };
        self.text.clear();
        self.path.push(tag);
        Ok(())
    }

    fn text(&mut self, text: &str) {
        if matches!(
            self.path.last(),
            Some(Tag::Version | Tag::Name | Tag::Desc | Tag::Note | Tag::Extension(_))
        ) {
            self.text.push_str(text);
        }
    }

    fn end(&mut self) {
        let Some(tag) = self.path.pop() else { return };
        let text = std::mem::take(&mut self.text).trim().to_owned();
        match tag {
            Tag::Version => self.year = text.parse().ok().filter(|y| is_fiscal_year(*y)),
            Tag::Name => self.named(text),
            Tag::Desc => self.node().description = text,
            Tag::Note => self.note(text),
            Tag::Extension(character) => {
                if let Some(def) = &mut self.frame().seventh {
                    def.push((character, text));
                }
            }
            Tag::SevenDef => self.seventh_defined(),
            Tag::Chapter | Tag::Section | Tag::Diag => self.close(),
            Tag::Root | Tag::Notes(_) | Tag::Skipped => {}
        }
    }
}

impl Parser {
    /// A new node, under the innermost open one.
    fn open(&mut self, kind: NodeKind, name: String) -> Tag {
        let parent = self.frames.last_mut().map(|f| {
            f.has_children = true;
            self.set.nodes[f.node].name.clone()
        });
        self.set.nodes.push(Node {
            name,
            kind,
            parent,
            billable: false,
            short_description: String::new(),
            description: String::new(),
            chapter: self.chapter,
        });
        self.frames.push(Frame {
            node: self.set.nodes.len() - 1,
            ..Frame::default()
        });
        match kind {
            NodeKind::Chapter => Tag::Chapter,
            NodeKind::Section => Tag::Section,
            NodeKind::Code => Tag::Diag,
        }
    }

    fn frame(&mut self) -> &mut Frame {
        self.frames.last_mut().expect("an element inside a node")
    }

    fn node(&mut self) -> &mut Node {
        let index = self.frames.last().map_or(0, |f| f.node);
        &mut self.set.nodes[index]
    }

    fn named(&mut self, name: String) {
        let node = self.node();
        if node.kind == NodeKind::Chapter {
            let number = name.parse().ok();
            node.chapter = number;
            self.chapter = number;
        }
        self.node().name = name;
    }

    /// A `note` of a notes element, or the further text of the 7th character just defined.
    fn note(&mut self, text: String) {
        match self.path.last() {
            Some(Tag::SevenDef) => {
                if let Some((_, meaning)) = self.frame().seventh.as_mut().and_then(|d| d.last_mut())
                {
                    // Kept apart from the meaning, which is what the order file's titles use.
                    meaning.push(FURTHER);
                    meaning.push_str(&text);
                }
            }
            Some(&Tag::Notes(kind)) => {
                if kind == NoteKind::Note
                    && let Some(rule) = not_applicable(&text)
                {
                    self.frame().not_applicable.push(rule);
                }
                let node = self.node().name.clone();
                self.set.notes.push(Note { node, kind, text });
            }
            _ => {}
        }
    }

    fn seventh_defined(&mut self) {
        let node = self.node().name.clone();
        let def = self.frame().seventh.clone().unwrap_or_default();
        for (character, text) in def {
            let (meaning, also) = text.split_once(FURTHER).unwrap_or((&text, ""));
            self.set.sevenths.push(Seventh {
                node: node.clone(),
                character,
                meaning: meaning.to_owned(),
                also: also.to_owned(),
            });
        }
    }

    /// A node ends: a code without children is billable, or extended by the 7th characters that apply.
    fn close(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        let node = self.set.nodes[frame.node].clone();
        if node.kind != NodeKind::Code || frame.has_children {
            return;
        }
        let open: Vec<&Frame> = std::iter::once(&frame)
            .chain(self.frames.iter().rev())
            .collect();
        let Some(def) = open.iter().find_map(|f| f.seventh.as_ref()) else {
            self.set.nodes[frame.node].billable = true;
            return;
        };
        let code = key(&node.name);
        let sixth = code.chars().nth(5).unwrap_or('X');
        let skipped: Vec<char> = open
            .iter()
            .flat_map(|f| &f.not_applicable)
            .filter(|(_, sixths)| sixths.contains(&sixth))
            .flat_map(|(sevenths, _)| sevenths.iter().copied())
            .collect();
        let extended: Vec<Node> = def
            .iter()
            .filter(|(c, _)| !skipped.contains(c))
            .map(|(c, text)| Node {
                name: super::dotted(&format!("{code:X<6}{c}")),
                kind: NodeKind::Code,
                parent: Some(node.name.clone()),
                billable: true,
                short_description: String::new(),
                description: format!("{}, {}", node.description, meaning_of(text)),
                chapter: node.chapter,
            })
            .collect();
        self.set.nodes.extend(extended);
    }

    fn finish(mut self) -> Result<CodeSet, CodesetError> {
        if !self.path.is_empty() {
            return Err(CodesetError::Truncated { what: "tabular" });
        }
        self.set.year = self.year.ok_or(CodesetError::NoYear)?;
        if self.set.billable_count() == 0 {
            return Err(CodesetError::Empty);
        }
        Ok(self.set)
    }
}

/// A section's name: its range (`E08-E13`). A section of one category (`<section id="B20">`) is named
/// `B20-B20`, so that it is never taken for the category itself.
fn section_name(e: &BytesStart) -> String {
    let id = attribute(e, "id");
    if id.contains('-') {
        id
    } else {
        format!("{id}-{id}")
    }
}

/// A 7th character's meaning, without the further text kept beside it.
fn meaning_of(text: &str) -> &str {
    text.split(FURTHER).next().unwrap_or_default()
}

/// Separates a 7th character's meaning from a further text the tabular gives for it, while reading.
const FURTHER: char = '\u{1f}';

pub(super) fn attribute(e: &BytesStart, name: &str) -> String {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
        .unwrap_or_default()
}

/// Reads the one kind of exception the tabular states in words (category S06 in FY2026): "7th
/// characters D and S do not apply to codes in category S06 with 6th character 7 - ..., or 8 - ...".
/// Returns the 7th characters that do not apply and the 6th characters they do not apply to.
fn not_applicable(note: &str) -> Option<(Vec<char>, Vec<char>)> {
    let rest = note.strip_prefix("7th characters ")?;
    let (sevenths, rest) = rest.split_once(" do not apply to codes")?;
    let (_, sixths) = rest.split_once("with 6th character ")?;
    let sevenths: Vec<char> = sevenths
        .split([' ', ','])
        .filter(|w| w.len() == 1)
        .filter_map(|w| w.chars().next())
        .collect();
    let sixths: Vec<char> = sixths
        .split(", or ")
        .filter_map(|part| part.trim().chars().next())
        .collect();
    (!sevenths.is_empty() && !sixths.is_empty()).then_some((sevenths, sixths))
}
