#!/usr/bin/env python3
"""Check the built-in decks decks/abbreviations.csv and decks/billing.csv.

Usage: python3 scripts/checks/abbrev_billing.py [DECKS_DIR]

Hard checks (exit 1 when any fails):
  - UTF-8 without BOM, LF line endings, final newline, the exact header, 10 fields a row;
  - code, description, system, category, note and source filled, no padding;
  - system is 'abbreviation' / 'billing', source is 'original', id empty,
    version empty or '2026' (and '2026' where a card states a year-bound fact);
  - codes unique within a deck after normalising (lower case, letters and digits only,
    which is how the trainer compares answers);
  - no description contains its own code or one of its aliases as a whole word
    (case-insensitive): in the billing deck the description is the prompt and must not
    give the answer away;
  - every alias is non-empty, differs from the code (and, for abbreviations, from the
    description) after normalising, and is not repeated within its card;
  - no code or alias of one card equals (normalised) the code or an alias of another
    card of the same deck;
  - at least 100 abbreviation cards and 60 billing cards, known categories.
Warnings (printed, not failing): two abbreviation cards with the same typed meaning,
two billing cards with the same prompt.
"""
import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HEADER = ["code", "description", "system", "category", "tags", "aliases",
          "note", "source", "version", "id"]
DECKS = {
    "abbreviations.csv": {
        "system": "abbreviation",
        "min": 100,
        "categories": {"frequency", "route", "history and exam", "diagnosis", "test",
                       "procedure", "setting", "general", "coding"},
    },
    "billing.csv": {
        "system": "billing",
        "min": 60,
        "categories": {"claims", "payments", "patient costs", "insurance plans",
                       "compliance", "identifiers", "revenue cycle", "place of service",
                       "modifiers"},
    },
}
# Billing cards whose facts are tied to a year must carry version 2026.
YEAR_BOUND_CODES = {"timely filing", "place of service code", "appeal"}
YEAR_BOUND_CATEGORIES = {"place of service"}


def norm(text):
    """What the trainer compares: lower case, letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", text.lower())


def contains_word(haystack, needle):
    """True when needle occurs in haystack as a whole word, ignoring case."""
    pattern = r"(?<![0-9A-Za-z])" + re.escape(needle) + r"(?![0-9A-Za-z])"
    return re.search(pattern, haystack, flags=re.IGNORECASE) is not None


def check_deck(path, spec):
    errors, warnings = [], []
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        errors.append("file starts with a BOM")
    if b"\r" in raw:
        errors.append("file has CR characters (want LF line endings)")
    if not raw.endswith(b"\n"):
        errors.append("file does not end with a newline")
    rows = list(csv.reader(raw.decode("utf-8").splitlines(keepends=True)))
    if not rows or rows[0] != HEADER:
        errors.append(f"header is {rows[0] if rows else None!r}, want {HEADER!r}")
    cards = []
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != len(HEADER):
            errors.append(f"line {n}: {len(row)} fields, want {len(HEADER)}")
            continue
        cards.append((n, dict(zip(HEADER, row))))

    is_abbrev = spec["system"] == "abbreviation"
    owners = defaultdict(list)      # normalised answer key -> cards that accept it
    meanings = defaultdict(list)    # abbreviations: normalised meaning -> codes
    prompts = defaultdict(list)     # billing: normalised description -> codes
    for n, c in cards:
        where = f"line {n} ({c['code']})"
        for field in HEADER:
            if c[field] != c[field].strip():
                errors.append(f"{where}: {field} has leading or trailing spaces")
        for field in ("code", "description", "system", "category", "note", "source"):
            if not c[field].strip():
                errors.append(f"{where}: empty {field}")
        if c["system"] != spec["system"]:
            errors.append(f"{where}: system {c['system']!r}, want {spec['system']!r}")
        if c["source"] != "original":
            errors.append(f"{where}: source {c['source']!r}, want 'original'")
        if c["id"]:
            errors.append(f"{where}: id should be empty (the code is the key)")
        if c["version"] not in ("", "2026"):
            errors.append(f"{where}: version {c['version']!r}, want empty or 2026")
        if not is_abbrev and (c["code"] in YEAR_BOUND_CODES
                              or c["category"] in YEAR_BOUND_CATEGORIES):
            if c["version"] != "2026":
                errors.append(f"{where}: year-bound fact needs version 2026")
        if c["category"] not in spec["categories"]:
            errors.append(f"{where}: unknown category {c['category']!r}")
        if not c["note"].endswith("."):
            errors.append(f"{where}: note should end with a full stop")
        if c["tags"] and not re.fullmatch(r"[a-z0-9-]+( [a-z0-9-]+)*", c["tags"]):
            errors.append(f"{where}: tags {c['tags']!r} should be lower-case words")

        code_key = norm(c["code"])
        if not code_key:
            errors.append(f"{where}: code normalises to nothing")
        desc = c["description"]
        if contains_word(desc, c["code"]):
            errors.append(f"{where}: description contains its own code")
        aliases = c["aliases"].split(";") if c["aliases"] else []
        seen = {code_key: "the code"}
        if is_abbrev:
            seen.setdefault(norm(desc), "the description")
        for a in aliases:
            if not a or a != a.strip():
                errors.append(f"{where}: alias {a!r} is empty or padded")
                continue
            key = norm(a)
            if not key:
                errors.append(f"{where}: alias {a!r} normalises to nothing")
            elif key in seen:
                errors.append(f"{where}: alias {a!r} is the same answer as {seen[key]}")
            else:
                seen[key] = f"alias {a!r}"
            if contains_word(desc, a):
                errors.append(f"{where}: description contains its alias {a!r}")

        # The code and every alias, checked against other cards' code and aliases.
        for key in {code_key} | {norm(a) for a in aliases if norm(a)}:
            owners[key].append(c["code"])
        if is_abbrev:
            for key in {norm(desc)} | {norm(a) for a in aliases}:
                meanings[key].append(c["code"])
        else:
            prompts[norm(desc)].append(c["code"])

    codes = Counter(norm(c["code"]) for _, c in cards)
    for key, k in codes.items():
        if k > 1:
            errors.append(f"code {key!r} (normalised) appears {k} times")
    for key, who in owners.items():
        if len(set(who)) > 1:
            errors.append(f"{key!r} is the code or an alias of several cards: {', '.join(sorted(set(who)))}")
    for key, who in meanings.items():
        if len(set(who)) > 1:
            warnings.append(f"meaning {key!r} is shared by {', '.join(sorted(set(who)))}")
    for key, who in prompts.items():
        if len(set(who)) > 1:
            errors.append(f"the same prompt is used by {', '.join(sorted(set(who)))}")

    if len(cards) < spec["min"]:
        errors.append(f"only {len(cards)} cards, want at least {spec['min']}")
    print(f"{path}: {len(cards)} cards, "
          f"{sum(len(c['aliases'].split(';')) for _, c in cards if c['aliases'])} aliases")
    for cat, k in sorted(Counter(c["category"] for _, c in cards).items()):
        print(f"  {cat}: {k}")
    return errors, warnings


def main():
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "decks"
    failed = 0
    for name, spec in DECKS.items():
        errors, warnings = check_deck(root / name, spec)
        for w in warnings:
            print("  warning:", w)
        for e in errors:
            print("  error:", e)
        failed += len(errors)
    if failed:
        print(f"FAILED: {failed} problem(s)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
