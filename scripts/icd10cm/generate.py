#!/usr/bin/env python3
"""Generate decks/icd10cm-common.csv from the hand-picked list in codes.txt.

Every card comes from the pinned ICD-10-CM release shipped by simple-icd-10-cm==1.5.0
(NCHS/CDC tabular, FY2026, April 1, 2026 update). The script refuses (exits non-zero,
naming the code) anything that is not a valid, billable code in that release, any code
listed twice in codes.txt, and any deck in which two cards would share a description.

If decks/cases.csv exists, every ICD-10-CM code in its `code` column is added too, so
that each coding-case answer can also be studied as a single card.

With --full it writes instead the whole code set the benchmark imports: every billable code
of the same release, in tabular order, as `code,description` with the descriptions exactly as
published, gzip-compressed (benches/data/icd10cm-fy2026.csv.gz).

Usage (from anywhere):
    python scripts/icd10cm/generate.py           # check everything, then write the deck
    python scripts/icd10cm/generate.py --check   # check, and fail if the deck on disk differs
    python scripts/icd10cm/generate.py --full [--check]   # the same for the benchmark's whole list
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

PINNED_PACKAGE = "simple-icd-10-cm"
PINNED_VERSION = "1.5.0"
PINNED_DATA_FILE = "icd10c-tabular-April-1-2026.xml"

HEADER = ["code", "description", "system", "category", "tags", "aliases", "note", "source", "version", "id"]
SYSTEM = "ICD-10-CM"
SOURCE = "NCHS/CDC ICD-10-CM"
VERSION = "FY2026 (April 1, 2026 update)"
MIN_CARDS = 420
MAX_NOTE_CHARS = 160
# Billable codes in the pinned release: what --full must write, no more, no fewer.
FULL_CODES = 74_719

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_CODES = HERE / "codes.txt"
DEFAULT_CASES = REPO / "decks" / "cases.csv"
DEFAULT_OUT = REPO / "decks" / "icd10cm-common.csv"
DEFAULT_FULL_OUT = REPO / "benches" / "data" / "icd10cm-fy2026.csv.gz"

# A dotted or 3-character ICD-10-CM code: letter, digit, alphanumeric (QA0 is the one
# category whose 2nd character is a letter), then optionally a dot and 1-4 characters.
CODE_DOTTED = re.compile(r"^(?:[A-Z][0-9][0-9A-Z]|QA0)(?:\.[0-9A-Z]{1,4})?$")
# The same without the dot (E119, S52531A).
CODE_UNDOTTED = re.compile(r"^(?:[A-Z][0-9][0-9A-Z]|QA0)[0-9A-Z]{1,4}$")
# HCPCS Level II shape: one letter and four digits (J1100, G0439). Undotted, such a
# token is read as HCPCS even if it would also spell an ICD-10-CM code (J1100 = J11.00).
HCPCS_SHAPE = re.compile(r"^[A-Z][0-9]{4}$")
TOPIC = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class Refusal(Exception):
    """A problem that must stop the build; the message names the code."""


@dataclass
class Entry:
    code: str           # dotted, upper case
    topic: str          # topic tag
    note: str           # optional short hint
    origin: str         # where it came from, for messages


def load_package():
    try:
        installed = metadata.version(PINNED_PACKAGE)
    except metadata.PackageNotFoundError:
        raise Refusal(f"{PINNED_PACKAGE} is not installed; run: pip install -r {HERE / 'requirements.txt'}")
    if installed != PINNED_VERSION:
        raise Refusal(f"{PINNED_PACKAGE} {installed} is installed but the deck is pinned to {PINNED_VERSION} "
                      f"(FY2026, April 1, 2026 update); run: pip install -r {HERE / 'requirements.txt'}")
    import simple_icd_10_cm as cm
    from simple_icd_10_cm import simple_icd_10_cm as impl
    data_file = getattr(impl, "_classification_data_package_file_name", None)
    if data_file != PINNED_DATA_FILE:
        raise Refusal(f"{PINNED_PACKAGE} loads {data_file!r}, expected {PINNED_DATA_FILE!r}")
    return cm


def normalise(token: str) -> str:
    """Upper-case and put the dot after the 3rd character (E119 -> E11.9, I10 stays)."""
    t = token.strip().upper()
    if CODE_UNDOTTED.match(t):
        t = t[:3] + "." + t[3:]
    return t


def parse_codes_file(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    topic = ""
    with path.open(encoding="utf-8") as f:
        for lineno, raw in enumerate(f, start=1):
            line = raw.strip()
            where = f"{path.name}:{lineno}"
            if not line or line.startswith("#"):
                continue
            if line.startswith("@topic"):
                parts = line.split()
                if len(parts) != 2 or not TOPIC.match(parts[1]):
                    raise Refusal(f"{where}: bad topic line {line!r} (want '@topic word', lowercase letters, digits, hyphens)")
                topic = parts[1]
                continue
            code_part, sep, note = line.partition("|")
            code_part, note = code_part.strip(), note.strip()
            if sep and not note:
                raise Refusal(f"{where}: '|' with no note after it for {code_part!r}")
            if "|" in note:
                raise Refusal(f"{where}: only one '|' allowed per line ({code_part!r})")
            if len(code_part.split()) != 1:
                raise Refusal(f"{where}: expected one code per line, got {code_part!r}")
            if not topic:
                raise Refusal(f"{where}: code {code_part!r} comes before any '@topic' line")
            if len(note) > MAX_NOTE_CHARS:
                raise Refusal(f"{where}: note for {code_part} is {len(note)} characters (max {MAX_NOTE_CHARS})")
            code = normalise(code_part)
            if not CODE_DOTTED.match(code):
                raise Refusal(f"{where}: {code_part!r} does not have the shape of an ICD-10-CM code")
            if code in seen:
                raise Refusal(f"{where}: duplicate code {code} (first listed on line {seen[code]})")
            seen[code] = lineno
            entries.append(Entry(code, topic, note, where))
    return entries


def parse_cases_file(path: Path) -> list[Entry]:
    """ICD-10-CM codes from the `code` column of a case deck (other code systems are skipped)."""
    entries: list[Entry] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None:
            return entries
        names = [h.strip().lower() for h in header]
        if "code" not in names:
            raise Refusal(f"{path}: no 'code' column in the header {header!r}")
        col = names.index("code")
        for rowno, row in enumerate(reader, start=2):
            if col >= len(row):
                continue
            for token in re.split(r"[\s,;]+", row[col].strip()):
                if not token:
                    continue
                t = token.upper()
                where = f"{path.name} row {rowno}"
                if t[0].isdigit() or len(t) <= 2:
                    continue  # CPT / CPT-style (99213, 0001F, 0042T), ICD-10-PCS (0DTJ4ZZ), modifiers (25, LT)
                if CODE_DOTTED.match(t):
                    code = t  # dotted or 3 characters: unambiguously ICD-10-CM
                elif HCPCS_SHAPE.match(t):
                    continue  # HCPCS Level II (J1100, G0439); write ICD-10-CM codes with their dot
                elif CODE_UNDOTTED.match(t):
                    code = normalise(t)
                    print(f"note: {where}: {token!r} read as ICD-10-CM {code}; please write it with its dot",
                          file=sys.stderr)
                else:
                    print(f"note: {where}: {token!r} is not an ICD-10-CM code; skipped", file=sys.stderr)
                    continue
                if code not in seen:
                    seen.add(code)
                    entries.append(Entry(code, "cases", "", where))
    return entries


def chapter_of(cm, code: str) -> str:
    ancestors = cm.get_ancestors(code)
    if not ancestors or not cm.is_chapter(ancestors[-1]):
        raise Refusal(f"{code}: could not find its chapter in the package")
    return ancestors[-1]


# The everyday outpatient codes a newcomer meets first (content-sources.md): they lead the deck, so new
# cards are introduced in this order before the rest follow chapter by chapter.
FIRST = ["I10", "E11.9", "E78.5", "J06.9", "Z00.00", "M54.50", "R07.9", "K21.9", "N39.0", "R51.9",
         "J45.909", "I25.10", "F32.A", "Z23"]


def build_rows(cm, entries: list[Entry]) -> list[list[str]]:
    all_codes = set(cm.get_all_codes(with_dots=True))
    rows = []
    by_description: dict[str, str] = {}
    for e in entries:
        if e.code not in all_codes or not cm.is_valid_item(e.code):
            raise Refusal(f"{e.origin}: {e.code} is not a valid ICD-10-CM code in the pinned FY2026 release")
        if cm.is_chapter(e.code) or cm.is_block(e.code) and not cm.is_category_or_subcategory(e.code):
            raise Refusal(f"{e.origin}: {e.code} is a chapter or block, not a code")
        if not cm.is_leaf(e.code):
            children = cm.get_children(e.code)
            raise Refusal(f"{e.origin}: {e.code} ({cm.get_description(e.code)}) is a header, not billable; "
                          f"pick one of its {len(children)} subdivisions, e.g. {', '.join(children[:4])}")
        desc = cm.get_description(e.code)
        if not desc or desc != desc.strip() or CONTROL.search(desc) or "  " in desc:
            raise Refusal(f"{e.origin}: {e.code}: the package description {desc!r} is empty or carries a "
                          f"formatting artefact (tab, line break, doubled space); pick another code")
        key = desc.casefold()
        if key in by_description:
            raise Refusal(f"{e.origin}: {e.code} has the same description as {by_description[key]} ({desc!r}); "
                          f"a card must have exactly one right answer, drop one of them")
        by_description[key] = e.code
        chapter = chapter_of(cm, e.code)
        tags = f"ch{int(chapter):02d} {e.topic}"
        rows.append((int(chapter), e.code, [e.code, desc, SYSTEM, cm.get_description(chapter), tags, "", e.note,
                                             SOURCE, VERSION, ""]))
    listed = {code for _, code, _ in rows}
    missing = [code for code in FIRST if code not in listed]
    if missing:
        raise Refusal(f"FIRST names codes that codes.txt does not list: {', '.join(missing)}")
    rows.sort(key=lambda r: (0, FIRST.index(r[1]), "") if r[1] in FIRST else (1, r[0], r[1]))
    return [r[2] for r in rows]


def check_release_wide_uniqueness(cm, rows: list[list[str]]) -> None:
    """No other billable code in the whole release may share a card's description."""
    wanted = {row[1].casefold(): row[0] for row in rows}
    for code in cm.get_all_codes(with_dots=True):
        if not CODE_DOTTED.match(code) or not cm.is_leaf(code):
            continue
        key = cm.get_description(code).casefold()
        if key in wanted and wanted[key] != code:
            raise Refusal(f"{wanted[key]}: billable code {code} has the same description; the card would be ambiguous")


def full_rows(cm) -> list[list[str]]:
    """Every billable code of the release, in tabular order, with its description as published.

    The package's leaves number 74,736: its `is_leaf` also answers yes for 12 block ranges without
    children (C00-C96, V00-X58, ...), which are headings, so the code shape leaves them out, and its
    list of codes names 5 codes twice (B20, F99, P84, R99 and Z66 sit in two blocks each), which are
    written once, where they first appear."""
    seen: set[str] = set()
    rows = []
    for code in cm.get_all_codes(with_dots=True):
        if CODE_DOTTED.match(code) and cm.is_leaf(code) and code not in seen:
            seen.add(code)
            rows.append([code, cm.get_description(code)])
    if len(rows) != FULL_CODES:
        raise Refusal(f"the pinned release gave {len(rows)} billable codes, expected {FULL_CODES}")
    return rows


def render(rows: list[list[str]], header: list[str] = HEADER) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def write_atomically(out: Path, data: bytes) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".icd10cm-", suffix=out.suffix, dir=out.parent)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, out)


def main_full(out: Path, check: bool) -> int:
    """The benchmark's whole code set. It is compared decompressed, so another zlib cannot fail --check."""
    try:
        text = render(full_rows(load_package()), ["code", "description"])
    except Refusal as err:
        print(f"REFUSED: {err}", file=sys.stderr)
        return 1
    if check:
        current = gzip.decompress(out.read_bytes()).decode("utf-8") if out.exists() else None
        if current != text:
            print(f"OUT OF DATE: {out} differs from what {Path(__file__).name} --full generates; rerun it",
                  file=sys.stderr)
            return 1
        print(f"ok: {out} is up to date ({FULL_CODES} codes)")
        return 0
    # mtime 0 and no file name inside: the same list gives the same bytes, so git sees no change.
    write_atomically(out, gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"wrote {out}: {FULL_CODES} codes")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--codes", type=Path, default=DEFAULT_CODES, help="hand-picked list (default: %(default)s)")
    ap.add_argument("--cases", type=Path, default=DEFAULT_CASES, help="case deck to take codes from, if it exists")
    ap.add_argument("--out", type=Path, help=f"deck to write (default: {DEFAULT_OUT}, with --full {DEFAULT_FULL_OUT})")
    ap.add_argument("--check", action="store_true", help="do not write; fail if the deck on disk is not up to date")
    ap.add_argument("--full", action="store_true", help="the benchmark's list of every billable code instead")
    args = ap.parse_args(argv)
    if args.full:
        return main_full(args.out or DEFAULT_FULL_OUT, args.check)
    args.out = args.out or DEFAULT_OUT

    try:
        cm = load_package()
        entries = parse_codes_file(args.codes)
        listed = {e.code for e in entries}
        from_cases = 0
        if args.cases.exists():
            for e in parse_cases_file(args.cases):
                if e.code not in listed:
                    entries.append(e)
                    listed.add(e.code)
                    from_cases += 1
        rows = build_rows(cm, entries)
        check_release_wide_uniqueness(cm, rows)
        if len(rows) < MIN_CARDS:
            raise Refusal(f"only {len(rows)} cards; the deck must hold at least {MIN_CARDS}")
    except Refusal as err:
        print(f"REFUSED: {err}", file=sys.stderr)
        return 1

    text = render(rows)
    cases_msg = f", {from_cases} more from {args.cases.name}" if args.cases.exists() else f", no {args.cases.name} found"
    if args.check:
        current = args.out.read_bytes().decode("utf-8") if args.out.exists() else None
        if current != text:
            print(f"OUT OF DATE: {args.out} differs from what {Path(__file__).name} generates; rerun it", file=sys.stderr)
            return 1
        print(f"ok: {args.out} is up to date ({len(rows)} cards)")
        return 0

    write_atomically(args.out, text.encode("utf-8"))
    print(f"wrote {args.out}: {len(rows)} cards ({len(rows) - from_cases} from {args.codes.name}{cases_msg})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
