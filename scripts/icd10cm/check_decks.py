#!/usr/bin/env python3
"""Check decks/icd10cm-common.csv and decks/icd10cm-conventions.csv.

Both decks: UTF-8 without BOM, LF line endings, the exact header of docs/deck-format.md,
required fields non-empty, unique card keys (id, or code when id is empty), unique prompts.

icd10cm-common.csv: every row is re-checked against the pinned package, independently of
generate.py (billable code, exact official description, chapter title as category).

icd10cm-conventions.csv: every card has a unique id; every code mentioned in a prompt or
note exists in the release; and each card whose answer is a fact of the tabular is checked
against the package (chapter ranges, 7th characters, placeholder, laterality, notes ...).
Cards whose source names the Official Guidelines carry rules that are not in the tabular
data; they are listed at the end for a human to review.

Usage: python scripts/icd10cm/check_decks.py     (exit status 1 on any failure)
"""

from __future__ import annotations

import csv
import re
import sys
from importlib import resources
from pathlib import Path

import simple_icd_10_cm as cm

HERE = Path(__file__).resolve().parent
DECKS = HERE.parent.parent / "decks"
HEADER = ["code", "description", "system", "category", "tags", "aliases", "note", "source", "version", "id"]
CODE = re.compile(r"^(?:[A-Z][0-9][0-9A-Z]|QA0)(?:\.[0-9A-Z]{1,4})?$")
MENTION = re.compile(r"\b(?:[A-Z][0-9][0-9A-Z]|QA0)(?:\.[0-9A-Z]{1,4})?\b")
# Tokens that notes mention on purpose although they are not codes ("ends at K95, not K99").
NOT_CODES_ON_PURPOSE = {"K99", "F00"}
GUIDELINE_SOURCE = "Official Guidelines"

failures: list[str] = []


def fail(msg: str) -> None:
    failures.append(msg)


def check(cond: bool, msg: str) -> None:
    if not cond:
        fail(msg)


def read_deck(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    check(not raw.startswith(b"\xef\xbb\xbf"), f"{path.name}: starts with a BOM")
    check(b"\r" not in raw, f"{path.name}: has CR characters (want LF line endings)")
    check(raw.endswith(b"\n"), f"{path.name}: does not end with a line break")
    text = raw.decode("utf-8")
    reader = csv.reader(text.splitlines(keepends=True))
    header = next(reader)
    check(header == HEADER, f"{path.name}: header {header} is not {HEADER}")
    rows = []
    for n, row in enumerate(reader, start=2):
        check(len(row) == len(HEADER), f"{path.name} line {n}: {len(row)} fields")
        rows.append(dict(zip(HEADER, row)))
    return rows


def common_checks(name: str, rows: list[dict[str, str]], required: list[str]) -> None:
    keys, prompts = set(), set()
    for r in rows:
        for field in required:
            check(r[field].strip() != "", f"{name}: card {r['id'] or r['code']}: empty {field}")
        for field, value in r.items():
            check(value == value.strip(), f"{name}: card {r['id'] or r['code']}: {field} has outer spaces")
        key = r["id"] or r["code"]
        check(key not in keys, f"{name}: duplicate card key {key}")
        keys.add(key)
        prompt = re.sub(r"\W+", "", r["description"].casefold())
        check(prompt not in prompts, f"{name}: duplicate prompt {r['description']!r}")
        prompts.add(prompt)


def check_common(rows: list[dict[str, str]]) -> None:
    common_checks("icd10cm-common", rows, ["code", "description", "system", "category", "tags", "source", "version"])
    check(len(rows) >= 420, f"icd10cm-common: only {len(rows)} cards")
    codes_seen = set()
    for r in rows:
        c = r["code"]
        check(c not in codes_seen, f"icd10cm-common: duplicate code {c}")
        codes_seen.add(c)
        if not (CODE.match(c) and cm.is_valid_item(c)):
            fail(f"icd10cm-common: {c} is not a valid code")
            continue
        check(cm.is_leaf(c), f"icd10cm-common: {c} is not billable")
        check(r["description"] == cm.get_description(c), f"icd10cm-common: {c} description differs from the package")
        chapter = cm.get_ancestors(c)[-1]
        check(r["category"] == cm.get_description(chapter), f"icd10cm-common: {c} category is not its chapter")
        check(r["tags"].split()[0] == f"ch{int(chapter):02d}", f"icd10cm-common: {c} tags do not start with its chapter")
        check(r["system"] == "ICD-10-CM" and r["aliases"] == "" and r["id"] == "", f"icd10cm-common: {c} system/aliases/id")
        for token in MENTION.findall(r["note"]):
            check(cm.is_valid_item(token), f"icd10cm-common: note of {c} mentions {token}, not a code")


def intro_notes() -> str:
    xml = resources.files("simple_icd_10_cm.data").joinpath("icd10c-tabular-April-1-2026.xml").read_text("utf-8")
    return xml[: xml.index("</introduction>")]


def billable_codes() -> list[str]:
    return [c for c in cm.get_all_codes() if CODE.match(c) and cm.is_leaf(c)]


def conventions_facts(cards: dict[str, dict[str, str]]) -> None:
    def answer(card_id: str) -> str:
        if card_id not in cards:
            fail(f"conventions: expected card {card_id} is missing")
            return ""
        return cards[card_id]["code"]

    def fact(card_id: str, cond: bool, what: str) -> None:
        check(cond, f"conventions: {card_id}: {what}")

    # Chapters: one card per chapter, range and title from the package.
    for n in range(1, 23):
        title = cm.get_description(str(n))
        m = re.fullmatch(r"(.*) \(([A-Z0-9]+-[A-Z0-9]+)\)", title)
        cid = f"conv-ch{n:02d}"
        fact(cid, m is not None and answer(cid) == m.group(2), f"range should be {m and m.group(2)}")
        if cid in cards and m:
            fact(cid, cards[cid]["description"] == f"ICD-10-CM chapter {n}, {m.group(1)}: which code range?", "prompt/title")

    # 7th characters, checked in the category each prompt names.
    seventh = {
        "conv-7th-initial": ("S93", "A", "initial encounter"),
        "conv-7th-subsequent": ("S39", "D", "subsequent encounter"),
        "conv-7th-sequela": ("S93", "S", "sequela"),
        "conv-7th-open-1-2": ("S52", "B", "initial encounter for open fracture type I or II"),
        "conv-7th-delayed": ("S52", "G", "subsequent encounter for closed fracture with delayed healing"),
        "conv-7th-nonunion": ("S52", "K", "subsequent encounter for closed fracture with nonunion"),
        "conv-7th-malunion": ("S52", "P", "subsequent encounter for closed fracture with malunion"),
        "conv-7th-o32-single": ("O32", "0", "not applicable or unspecified"),
    }
    for cid, (cat, char, meaning) in seventh.items():
        d = cm.get_seven_chr_def(cat)
        fact(cid, answer(cid) == char and d.get(char, "").split("/")[0] == meaning, f"{cat} 7th character {char} != {meaning!r}")
        fact(cid, sum(1 for v in d.values() if v.split("/")[0] == meaning) == 1, f"{meaning!r} is not unique in {cat}")
    fact("conv-7th-sequela", cm.get_seven_chr_def("T36").get("S") == "sequela", "T36 S != sequela")
    s52 = cm.get_seven_chr_def("S52")
    fact("conv-7th-s52-count", answer("conv-7th-s52-count") == str(len(s52)) == "16", "S52 does not define 16")
    fact("conv-7th-s52-count", "".join(s52) == "ABCDEFGHJKMNPQRS", "S52 letters")
    fact("conv-7th-missing", not cm.is_leaf("S93.401") and cm.is_leaf("S93.401A"), "S93.401 / S93.401A")

    # Placeholder X.
    fact("conv-ph-w19", cm.is_leaf("W19.XXXA") and answer("conv-ph-w19") == "W19.XXXA"
         and cards["conv-ph-w19"]["description"].startswith(cm.get_description("W19.XXXA") + ":"), "W19.XXXA")
    fact("conv-ph-t36", cm.is_leaf("T36.0X1A") and answer("conv-ph-t36") == "T36.0X1A"
         and cards["conv-ph-t36"]["description"].startswith(cm.get_description("T36.0X1A") + ":"), "T36.0X1A")
    fact("conv-ph-position", answer("conv-ph-position") == str("T36.0X1A".replace(".", "").index("X") + 1), "X position")
    fact("conv-ph-char", answer("conv-ph-char") == "X" and "placeholder X" in intro_notes(), "placeholder X")

    # Laterality.
    lat = {"H61.20": "unspecified ear", "H61.21": "right ear", "H61.22": "left ear", "H61.23": "bilateral",
           "M17.11": "right knee", "M17.12": "left knee", "M25.569": "unspecified knee", "M25.561": "right knee",
           "M25.562": "left knee"}
    for code, words in lat.items():
        check(cm.is_leaf(code) and cm.get_description(code).endswith(words), f"conventions: laterality {code} !~ {words}")
    check(not cm.is_valid_item("M17.13") and cm.get_description("M17.0") == "Bilateral primary osteoarthritis of knee",
          "conventions: M17.13 / M17.0")
    fact("conv-lat-right", answer("conv-lat-right") == "1", "right")
    fact("conv-lat-left", answer("conv-lat-left") == "2", "left")
    fact("conv-lat-bilateral", answer("conv-lat-bilateral") == "3", "bilateral")
    fact("conv-lat-unspec-0", answer("conv-lat-unspec-0") == "0", "unspecified 0")
    fact("conv-lat-unspec-9", answer("conv-lat-unspec-9") == "9", "unspecified 9")

    # Instructional notes.
    intro = intro_notes()
    fact("conv-excludes1", answer("conv-excludes1") == "Excludes1" and "'NOT CODED HERE!'" in intro, "Excludes1 intro")
    fact("conv-excludes2", answer("conv-excludes2") == "Excludes2" and "'Not included here'" in intro, "Excludes2 intro")
    fact("conv-excl-i10-pregnancy", answer("conv-excl-i10-pregnancy") == "Excludes1"
         and any("(O10-O11, O13-O16)" in e for e in cm.get_excludes1("I10")), "I10 Excludes1")
    fact("conv-excl-i10-brain", answer("conv-excl-i10-brain") == "Excludes2"
         and any("vessels of brain (I60-I69)" in e for e in cm.get_excludes2("I10")), "I10 Excludes2")
    inc = " ".join(cm.get_includes("I12"))
    fact("conv-includes", "hypertensive nephropathy" in inc and "nephrosclerosis" in inc, "I12 Includes")
    fact("conv-use-additional", "(N18.1-N18.6)" in cm.get_use_additional_code("E11.22"), "E11.22 use additional code")
    cf = cm.get_code_first("N18")
    fact("conv-code-first", "E11.22" in cf and "I12.-" in cf and "I13.-" in cf, "N18 code first")
    fact("conv-code-also", "sequencing of the two codes is discretionary" in intro, "code also intro")
    fact("conv-etiology-first", "underlying condition be sequenced first followed by the manifestation" in intro, "etiology intro")
    fact("conv-elsewhere-first", "never permitted to be used as first listed or principal diagnosis" in intro, "elsewhere intro")

    # Billable codes and structure.
    fact("conv-header-n183", not cm.is_leaf("N18.3") and all(cm.is_leaf(c) for c in ("N18.30", "N18.31", "N18.32"))
         and cm.get_children("N18.3") == ["N18.30", "N18.31", "N18.32"], "N18.3 family")
    fact("conv-3char-billable", all(cm.is_leaf(c) for c in ("I10", "N10", "Z23")) and not cm.is_leaf("N18"), "3-character codes")
    billable = billable_codes()
    lengths = {len(c.replace(".", "")) for c in billable}
    fact("conv-max-length", max(lengths) == 7 and min(lengths) == 3 and answer("conv-max-length") == "7", f"lengths {sorted(lengths)}")
    fact("conv-dot", all(c.index(".") == 3 for c in billable if "." in c), "dot position")
    fact("conv-first-char", all(c[0].isalpha() for c in billable), "first character")
    fact("conv-first-char", all(cm.is_valid_item(c) for c in ("F32.A", "M1A", "O9A", "QA0")), "letters later in codes")
    fact("conv-letter-u", cm.get_description("22").endswith("(U00-U85)") and cm.get_description("U07.1") == "COVID-19"
         and cm.get_description("U09.9") == "Post COVID-19 condition, unspecified", "chapter 22")

    # Examples quoted in notes of guideline cards.
    check(cm.get_description("I89.0") == "Lymphedema, not elsewhere classified", "conventions: I89.0 NEC example")
    check(cm.get_description("D64.9") == "Anemia, unspecified", "conventions: D64.9 example")
    check(cm.get_description("F41.0") == "Panic disorder [episodic paroxysmal anxiety]", "conventions: F41.0 brackets example")
    check(cm.get_description("I10") == "Essential (primary) hypertension", "conventions: I10 parentheses example")
    check(cm.get_description("A09") == "Infectious gastroenteritis and colitis, unspecified", "conventions: A09 'and' example")
    check(cm.get_children("N18.3") == ["N18.30", "N18.31", "N18.32"] and cm.get_description("N18.31").endswith("3a"), "N18.31")

    # Hypertension with CKD; trimesters; chapter 15 note.
    fact("conv-htn-ckd", cm.get_description("I12") == "Hypertensive chronic kidney disease"
         and "N18" in cm.get_use_additional_code("I12.9")
         and cm.get_description("I13") == "Hypertensive heart and chronic kidney disease", "I12/I13")
    tri = {"O13.1": "first trimester", "O13.2": "second trimester", "O13.3": "third trimester", "O13.9": "unspecified trimester",
           "O13.4": "complicating childbirth", "O13.5": "complicating the puerperium"}
    fact("conv-trimester", all(cm.get_description(c).endswith(t) for c, t in tri.items()), "O13 trimesters")
    fact("conv-ch15-maternal", "MATERNAL RECORDS, NEVER ON NEWBORN RECORDS" in cm.get_notes("15"), "chapter 15 note")


def check_conventions(rows: list[dict[str, str]]) -> list[str]:
    common_checks("icd10cm-conventions", rows,
                  ["code", "description", "system", "category", "tags", "note", "source", "version", "id"])
    check(len(rows) >= 60, f"icd10cm-conventions: only {len(rows)} cards")
    ids = [r["id"] for r in rows]
    check(len(ids) == len(set(ids)) and all(i.startswith("conv-") for i in ids), "icd10cm-conventions: ids")
    guideline_cards = []
    for r in rows:
        check(r["system"] == "convention" and r["version"] == "FY2026", f"conventions: {r['id']} system/version")
        norm = lambda s: re.sub(r"[\W_]+", "", s.casefold())
        answers = [r["code"]] + [a for a in r["aliases"].split(";") if a.strip()]
        check(all(norm(a) for a in answers), f"conventions: {r['id']}: an answer is empty once punctuation is ignored")
        check(len({norm(a) for a in answers}) == len(answers), f"conventions: {r['id']}: aliases repeat the answer")
        for token in MENTION.findall(r["description"] + " " + r["note"]):
            check(token in NOT_CODES_ON_PURPOSE or cm.is_valid_item(token), f"conventions: {r['id']} mentions {token}, not a code")
        if GUIDELINE_SOURCE in r["source"]:
            guideline_cards.append(r["id"])
    conventions_facts({r["id"]: r for r in rows})
    return guideline_cards


def main() -> int:
    common = read_deck(DECKS / "icd10cm-common.csv")
    check_common(common)
    conv = read_deck(DECKS / "icd10cm-conventions.csv")
    guideline_cards = check_conventions(conv)
    for f in failures:
        print("FAIL:", f, file=sys.stderr)
    if failures:
        return 1
    print(f"ok: icd10cm-common.csv {len(common)} cards, icd10cm-conventions.csv {len(conv)} cards")
    print(f"review by hand (rules from the Official Guidelines, not in the tabular data): {', '.join(guideline_cards)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
