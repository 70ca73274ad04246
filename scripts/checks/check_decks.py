#!/usr/bin/env python3
"""Check the built-in study decks (decks/*.csv) for format and content-safety rules.

Usage: python3 scripts/checks/check_decks.py [deck.csv ...]   (default: the three built-in decks; the
deleted-code guard reads every deck in decks/ against scripts/checks/deleted_codes.csv)
Exit status 1 if any error is found. Needs only the Python standard library.
"""
import csv
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DECKS = ["decks/cpt-style.csv", "decks/modifiers.csv", "decks/hcpcs.csv"]
HEADER = ["code", "description", "system", "category", "tags", "aliases", "note", "source", "version", "id"]
MIN_ROWS = {"cpt-style.csv": 60, "modifiers.csv": 35, "hcpcs.csv": 60}
MAX_REAL_CPT_NUMBERS = 60  # "a few dozen" real CPT numbers at most, counting every field (tests/cli/decks.rs: 60 too)

FORMATS = {
    "CPT-style": re.compile(r"^(\d{5}|\d{4}[FT])$"),
    "HCPCS": re.compile(r"^[A-CE-V]\d{4}$"),  # one letter A-V except D (CDT belongs to the ADA), then four digits
    "modifier": re.compile(r"^[A-Z0-9]{2}$"),
}
# HCPCS and CPT numbers deleted since 2020 (and a few older ones), each with the last day it was valid and
# the source that says so: one table, read by this script and by `cargo test` (tests/cli/decks.rs).
DELETED_TABLE = Path(__file__).resolve().parent / "deleted_codes.csv"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def load_deleted() -> dict:
    """The deleted-code table by code; a malformed row stops the check."""
    table = {}
    with open(DELETED_TABLE, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != ["code", "system", "last_day", "replaced_by", "source"]:
            raise SystemExit(f"{DELETED_TABLE}: unexpected header {reader.fieldnames}")
        for n, row in enumerate(reader, start=2):
            ok = (FORMATS.get("CPT-style" if row["system"] == "CPT" else row["system"], re.compile("$^")).match(row["code"])
                  and DATE.match(row["last_day"]) and row["source"].strip() and row["code"] not in table)
            if not ok:
                raise SystemExit(f"{DELETED_TABLE}:{n}: needs a CPT or HCPCS code (once), a YYYY-MM-DD date and a source")
            table[row["code"]] = row
    return table


def about_deletion(row: dict) -> bool:
    """A card may ask for a deleted code only when it is about the deletion: tagged and worded so."""
    return "deleted" in row["tags"].split() and "deleted" in row["description"].lower()


def answers(row: dict) -> list:
    """Every answer a card accepts: its code (each code of a case) and its aliases."""
    codes = re.split(r"[\s,;]+", row["code"].strip()) if row["system"] == "case" else [row["code"].strip()]
    return codes + [a.strip() for a in row["aliases"].split(";") if a.strip()]


def deleted_answers(path: Path, deleted: dict) -> list:
    """Cards of one deck that would accept a deleted code as a right answer."""
    errors = []
    with open(path, newline="", encoding="utf-8") as f:
        for n, row in enumerate(csv.DictReader(f), start=2):
            for answer in answers(row):
                gone = deleted.get(answer.upper())
                if gone and not about_deletion(row):
                    errors.append(f"line {n}: {answer} is a deleted code (last valid {gone['last_day']}, "
                                  f"{gone['source']}); tag the card 'deleted' and say so in its prompt if it is "
                                  f"about the deletion")
    return errors


# Fingerprints of AMA descriptor/guideline wording that must not appear in CPT-style or CPT-modifier text.
AMA_PHRASES = [
    "which requires a medically appropriate history",
    "for the evaluation and management of a new patient",
    "for the evaluation and management of an established patient",
    "must be met or exceeded",
    "separately identifiable evaluation and management service by the same physician",
    "distinct procedural service",
    "increased procedural services",
    "bilateral procedure",
    "reduced services",
    "discontinued procedure",
    "decision for surgery",
    "repeat procedure or service by same physician",
    "staged or related procedure or service by the same physician",
    "unplanned return to the operating/procedure room",
    "unrelated procedure or service by the same physician",
    "repeat clinical diagnostic laboratory test",
    "synchronous telemedicine service rendered via",
    "infectious agent antigen detection by immunoassay",
    "collection of venous blood by venipuncture",
    "immunization administration (includes percutaneous",
]
CODE_LIKE = re.compile(r"^([A-Z]\d{4}|\d{5}|\d{4}[FT]|[A-Z]\d{2}(\.\w+)?)$")
CPT_NUMBER = re.compile(r"(?<![\d.A-Za-z-])(\d{5})(?![\d-])")


def check(path: Path) -> list:
    errors = []
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        errors.append("file starts with a UTF-8 BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return [f"not valid UTF-8: {e}"]
    if "\r" in text:
        errors.append("contains CR characters (line endings must be LF)")
    if not text.endswith("\n"):
        errors.append("does not end with a newline")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows or rows[0] != HEADER:
        errors.append(f"header must be exactly {','.join(HEADER)}")
        return errors
    body = rows[1:]
    if len(body) < MIN_ROWS.get(path.name, 1):
        errors.append(f"only {len(body)} cards; at least {MIN_ROWS.get(path.name)} required")

    keys, codes, descs = {}, {}, {}
    cpt_numbers = set()
    for n, row in enumerate(body, start=2):
        where = f"line {n}"
        if len(row) != len(HEADER):
            errors.append(f"{where}: {len(row)} fields, expected {len(HEADER)}")
            continue
        r = dict(zip(HEADER, row))
        for k, v in r.items():
            if v != v.strip():
                errors.append(f"{where}: field {k} has leading/trailing spaces")
        code, desc, system = r["code"], r["description"], r["system"]
        if not code or not desc:
            errors.append(f"{where}: code and description are required")
            continue
        if not system:
            errors.append(f"{where}: system should be set explicitly in a built-in deck")
        if not r["source"] or not r["version"]:
            errors.append(f"{where}: source and version are required in a built-in deck")
        key = r["id"] or code
        if key in keys:
            errors.append(f"{where}: duplicate key {key!r} (also line {keys[key]})")
        keys[key] = n
        if code in codes:
            errors.append(f"{where}: duplicate code {code!r} (also line {codes[code]})")
        codes[code] = n
        nd = re.sub(r"\W+", " ", desc.lower()).strip()
        if nd in descs:
            errors.append(f"{where}: duplicate description (also line {descs[nd]})")
        descs[nd] = n
        fmt = FORMATS.get(system)
        if fmt and not fmt.match(code):
            errors.append(f"{where}: code {code!r} has the wrong format for system {system}")
        if system in FORMATS and re.search(r"(?<![A-Za-z0-9])" + re.escape(code) + r"(?![A-Za-z0-9])", desc,
                                           0 if len(code) <= 2 else re.IGNORECASE):
            errors.append(f"{where}: the description gives away the code {code!r}")
        if system == "HCPCS" and code.startswith("D"):
            errors.append(f"{where}: D-codes (CDT) are ADA property and may not ship")
        for alias in filter(None, (a.strip() for a in r["aliases"].split(";"))):
            if system != "convention" and CODE_LIKE.match(alias.upper()):
                errors.append(f"{where}: alias {alias!r} looks like another code")
        is_cpt_text = path.name == "cpt-style.csv" or (system == "modifier" and code.isdigit())
        if is_cpt_text:
            low = (desc + " " + r["note"]).lower()
            for phrase in AMA_PHRASES:
                if phrase in low:
                    errors.append(f"{where}: contains AMA-style wording {phrase!r}")
        if path.name == "cpt-style.csv":
            if system == "CPT-style" or (system == "convention" and CPT_NUMBER.fullmatch(code)):
                cpt_numbers.add(code)
            for field in (desc, r["note"]):
                for m in CPT_NUMBER.finditer(field):
                    cpt_numbers.add(m.group(1))
    if path.name == "cpt-style.csv":
        print(f"  {path.name}: {len(cpt_numbers)} distinct real CPT numbers mentioned")
        if len(cpt_numbers) > MAX_REAL_CPT_NUMBERS:
            errors.append(f"{len(cpt_numbers)} distinct real CPT numbers; keep to about {MAX_REAL_CPT_NUMBERS} at most")
    print(f"  {path.name}: {len(body)} cards")
    return errors


def main(argv):
    paths = [Path(a) for a in argv] or [ROOT / d for d in DEFAULT_DECKS]
    failed = False
    for p in paths:
        errs = check(p)
        for e in errs:
            print(f"{p}: {e}")
        failed |= bool(errs)
    deleted = load_deleted()
    every_deck = [Path(a) for a in argv] or sorted((ROOT / "decks").glob("*.csv"))
    for p in every_deck:
        errs = deleted_answers(p, deleted)
        for e in errs:
            print(f"{p}: {e}")
        failed |= bool(errs)
    print(f"  deleted-code guard: {len(deleted)} deleted codes, {len(every_deck)} decks")
    print("FAILED" if failed else "OK")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
