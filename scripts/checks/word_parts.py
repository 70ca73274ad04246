#!/usr/bin/env python3
"""Check decks/word-parts.csv, the built-in deck of medical word parts.

Usage: python3 scripts/checks/word_parts.py [path/to/word-parts.csv]

Exits 1 and lists every problem if any hard check fails. Warnings (cards that
share a meaning without naming each other) are printed but do not fail.
"""
import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HEADER = ["code", "description", "system", "category", "tags", "aliases",
          "note", "source", "version", "id"]
CATEGORIES = {"prefix", "combining form", "suffix"}
MIN_CARDS = 200
NOTE_RE = re.compile(r"^Example: (?P<word>[^—]+?) — (?P<meaning>.+)$")
CODE_RE = {
    "prefix": re.compile(r"^[a-z]+-$"),
    "suffix": re.compile(r"^-[a-z]+$"),
    "combining form": re.compile(r"^[a-z]+/[aeiou]$"),
}


def norm(text):
    """What the trainer compares: lower case, letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", text.lower())


def stem(code):
    """The letters a word containing the part must show: brady- -> brady, cardi/o -> cardi."""
    return code.strip("-").split("/")[0]


def main():
    default = Path(__file__).resolve().parents[2] / "decks" / "word-parts.csv"
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    raw = path.read_bytes()
    errors, warnings = [], []
    if raw.startswith(b"\xef\xbb\xbf"):
        errors.append("file starts with a BOM")
    if b"\r" in raw:
        errors.append("file has CR characters (want LF line endings)")
    if not raw.endswith(b"\n"):
        errors.append("file does not end with a newline")
    text = raw.decode("utf-8")

    rows = list(csv.reader(text.splitlines(keepends=True)))
    if rows[0] != HEADER:
        errors.append(f"header is {rows[0]!r}, want {HEADER!r}")
    cards = []
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != len(HEADER):
            errors.append(f"line {n}: {len(row)} fields, want {len(HEADER)}")
            continue
        cards.append((n, dict(zip(HEADER, row))))

    codes = Counter(c["code"] for _, c in cards)
    for code, k in codes.items():
        if k > 1:
            errors.append(f"code {code!r} appears {k} times")

    by_meaning = defaultdict(list)
    for n, c in cards:
        where = f"line {n} ({c['code']})"
        for field in ("code", "description", "system", "category", "tags", "note", "source"):
            if not c[field].strip():
                errors.append(f"{where}: empty {field}")
            if c[field] != c[field].strip():
                errors.append(f"{where}: {field} has leading or trailing spaces")
        if c["system"] != "term":
            errors.append(f"{where}: system {c['system']!r}, want 'term'")
        if c["source"] != "original":
            errors.append(f"{where}: source {c['source']!r}, want 'original'")
        if c["version"] or c["id"]:
            errors.append(f"{where}: version and id must be empty")
        cat = c["category"]
        if cat not in CATEGORIES:
            errors.append(f"{where}: unknown category {cat!r}")
        elif not CODE_RE[cat].match(c["code"]):
            errors.append(f"{where}: code does not look like a {cat}")
        if not re.fullmatch(r"[a-z-]+", c["tags"]):
            errors.append(f"{where}: tags {c['tags']!r} should be one lower-case word")
        words = c["description"].split()
        if not 1 <= len(words) <= 4:
            errors.append(f"{where}: description should be 1-4 words")
        if c["description"] != c["description"].lower():
            errors.append(f"{where}: description should be lower case")

        desc = norm(c["description"])
        if not desc:
            errors.append(f"{where}: description normalises to nothing")
        seen = {desc: "description"}
        aliases = c["aliases"].split(";") if c["aliases"] else []
        for a in aliases:
            if a != a.strip() or not a:
                errors.append(f"{where}: alias {a!r} is empty or padded")
            key = norm(a)
            if not key:
                errors.append(f"{where}: alias {a!r} normalises to nothing")
            elif key in seen:
                errors.append(f"{where}: alias {a!r} is the same answer as {seen[key]}")
            else:
                seen[key] = f"alias {a!r}"

        note = c["note"]
        m = NOTE_RE.match(note)
        if not note.startswith("Example:"):
            errors.append(f"{where}: note does not start with 'Example:'")
        elif not m:
            errors.append(f"{where}: note is not 'Example: <word> — <meaning>.'")
        else:
            example = m.group("word").lower()
            if stem(c["code"]) not in re.sub(r"[^a-z ]", "", example):
                errors.append(f"{where}: example {example!r} does not contain {stem(c['code'])!r}")
            if cat == "prefix" and not any(w.startswith(stem(c["code"])) for w in example.split()):
                errors.append(f"{where}: example {example!r} does not start with the prefix")
        if not note.endswith("."):
            errors.append(f"{where}: note should end with a full stop")
        by_meaning[(cat, desc)].append(c)

    # Forms that share a meaning should point at each other (nephr/o <-> ren/o).
    for (cat, desc), group in by_meaning.items():
        if len(group) < 2:  # grouped by (category, meaning)
            continue
        for c in group:
            others = [o["code"] for o in group if o is not c]
            if not any(o in c["note"] for o in others):
                warnings.append(f"{c['code']}: shares '{c['description']}' with {', '.join(others)} but names none of them")

    counts = Counter(c["category"] for _, c in cards)
    if len(cards) < MIN_CARDS:
        errors.append(f"only {len(cards)} cards, want at least {MIN_CARDS}")
    print(f"{path}: {len(cards)} cards")
    for cat in sorted(counts):
        print(f"  {cat}: {counts[cat]}")
    tags = Counter(c["tags"] for _, c in cards)
    print("  tags: " + ", ".join(f"{t} {k}" for t, k in sorted(tags.items())))
    print(f"  aliases: {sum(len(c['aliases'].split(';')) for _, c in cards if c['aliases'])}")
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("error:", e)
    if errors:
        print(f"FAILED: {len(errors)} problem(s)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
