#!/usr/bin/env python3
"""Re-check decks/cases.csv (the built-in coding-case deck).

Needs the pinned ICD-10-CM release:  pip install simple-icd-10-cm==1.5.0  (FY2026, April 1, 2026 update).

Checks:
  * file is UTF-8 without BOM, LF line endings, exact header;
  * every row: system "case", unique id "case-NN", 1-4 codes, no duplicate code, 3-6 note lines;
  * every 5-digit code is an office/outpatient visit level 99202-99205 or 99211-99215, at most one per case;
  * every other code is a valid, billable (leaf) ICD-10-CM code in the pinned release, written in dotted form;
  * no two codes of one answer are caught by an Excludes1 note of the other (reported as a warning
    to review by hand, since some Excludes1 notes carry conditions the script cannot read).

Usage: python3 scripts/cases/check.py [path/to/cases.csv] [--verbose]
  --verbose also prints, for every code, its description and the "use additional code" and
  "code first" notes found on it and its ancestors, so a person can confirm each answer is complete.
Exit status 0 when every hard check passes.
"""
import csv
import os
import re
import sys

import simple_icd_10_cm as cm

HEADER = ["code", "description", "system", "category", "tags", "aliases", "note", "source", "version", "id"]
EM = {"99202", "99203", "99204", "99205", "99211", "99212", "99213", "99214", "99215"}
CODE_RE = re.compile(r"[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?")
REF_RE = re.compile(r"([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{0,4})?)(?:\.?-)?(?:\s*-\s*([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{0,4})?))?")


def chain(code):
    """The code and its ancestors up to (not including) the chapter."""
    return [code] + [a for a in cm.get_ancestors(code) if not cm.is_chapter(a)]


def ref_matches(ref_from, ref_to, code):
    flat = code.replace(".", "")
    a = ref_from.replace(".", "")
    if ref_to is None:
        return flat.startswith(a)
    b = ref_to.replace(".", "")
    return a[:3] <= flat[:3] <= b[:3]


def excludes1_hits(code, others):
    hits = []
    for node in chain(code):
        for text in cm.get_excludes1(node) or []:
            for m in re.finditer(r"\(([^()]*)\)", text):
                for r in REF_RE.finditer(m.group(1)):
                    for o in others:
                        if ref_matches(r.group(1), r.group(2), o):
                            hits.append((node, text, o))
    return hits


def main(argv):
    verbose = "--verbose" in argv
    args = [a for a in argv if not a.startswith("--")]
    here = os.path.dirname(os.path.abspath(__file__))
    path = args[0] if args else os.path.join(here, "..", "..", "decks", "cases.csv")
    errors, warnings = [], []

    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        errors.append("file starts with a BOM")
    if b"\r" in raw:
        errors.append("file contains CR characters (want LF only)")
    text = raw.decode("utf-8")

    rows = list(csv.reader(text.splitlines(keepends=True)))
    if not rows or rows[0] != HEADER:
        errors.append("header is %r, want %r" % (rows[0] if rows else None, HEADER))
    reader = csv.DictReader(text.splitlines(keepends=True))
    seen_ids = set()
    icd_codes = set()
    n = 0
    for row in reader:
        n += 1
        rid = row.get("id", "")
        where = rid or ("row %d" % n)
        if not re.fullmatch(r"case-\d{2,3}", rid):
            errors.append("%s: bad id %r" % (where, rid))
        if rid in seen_ids:
            errors.append("%s: duplicate id" % where)
        seen_ids.add(rid)
        if row["system"] != "case":
            errors.append("%s: system is %r, want 'case'" % (where, row["system"]))
        for col in ("description", "category", "note", "source", "version"):
            if not row[col].strip():
                errors.append("%s: empty %s" % (where, col))
        if row["aliases"]:
            errors.append("%s: aliases must be empty" % where)
        nlines = len(row["description"].split("\n"))
        if not 3 <= nlines <= 6:
            errors.append("%s: description has %d lines, want 3-6" % (where, nlines))
        if row["code"] != " ".join(row["code"].split()):
            errors.append("%s: codes must be separated by single spaces" % where)
        codes = row["code"].split()
        if not 1 <= len(codes) <= 4:
            errors.append("%s: %d codes, want 1-4" % (where, len(codes)))
        if len(set(codes)) != len(codes):
            errors.append("%s: a code is repeated" % where)
        em = [c for c in codes if re.fullmatch(r"\d{5}", c)]
        for c in em:
            if c not in EM:
                errors.append("%s: %s is not 99202-99205 or 99211-99215" % (where, c))
        if len(em) > 1:
            errors.append("%s: more than one visit level" % where)
        icd = [c for c in codes if c not in em]
        if not icd:
            errors.append("%s: no ICD-10-CM code" % where)
        for c in icd:
            if not cm.is_valid_item(c):
                errors.append("%s: %s is not an ICD-10-CM code in the pinned release" % (where, c))
                continue
            if not cm.is_leaf(c):
                errors.append("%s: %s is a header, not billable" % (where, c))
            if c != cm.add_dot(cm.remove_dot(c)):
                errors.append("%s: %s is not written in the official dotted form" % (where, c))
            icd_codes.add(c)
        valid = [c for c in icd if cm.is_valid_item(c)]
        for c in valid:
            for node, note, other in excludes1_hits(c, [o for o in valid if o != c]):
                warnings.append("%s: %s Excludes1 at %s mentions %s: %s" % (where, c, node, other, note))
        if verbose:
            print("== %s [%s] %s" % (rid, row["category"], row["code"]))
            for c in valid:
                print("   %s  %s" % (c, cm.get_description(c)))
                for node in chain(c) + [a for a in cm.get_ancestors(c) if cm.is_chapter(a)]:
                    for label, fn in (("use additional", cm.get_use_additional_code),
                                      ("code first", cm.get_code_first)):
                        v = fn(node)
                        if v:
                            print("      [%s] %s: %s" % (node, label, " | ".join(v.split("\n"))))

    for w in warnings:
        print("WARNING (review):", w)
    for e in errors:
        print("ERROR:", e)
    print("%d cases, %d distinct ICD-10-CM codes: %s" % (n, len(icd_codes), " ".join(sorted(icd_codes))))
    print("OK" if not errors else "FAILED (%d errors)" % len(errors))
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
