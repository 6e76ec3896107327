"""Validate the held-out gold set: every quotation occurs in its article as declared.

Usage: python benchmarks/heldout/check_gold.py [SPLIT ...]   (dev, test, dev2, test2, test3; default: dev test)

For each ``<split>/<stem>.gold.yaml`` next to ``<split>/<stem>.txt`` this checks that
- every field is present and has an allowed value;
- each ``quote`` occurs verbatim in the text at least ``occurrence`` times, and the
  character just before that occurrence is the opening mark its ``style`` names (the
  quote is then the exact span between the marks);
- the character just after it is a closing mark, or the end of the paragraph (a
  quotation continued in the next paragraph has no closing mark);
- quotations are listed in article order; ``nested_in`` points to an earlier quotation
  whose span contains this one; ``continues`` points to an earlier quotation in an
  earlier paragraph;
- speech/speaker/speaker_kind agree (no speaker for non-speech, a speaker for
  named/unnamed);
- every ``reported`` sentence occurs verbatim in the text.
It also prints, per article, the number of opening curly marks in the text against the
number annotated, as a completeness hint (apostrophes make this impossible for '…').
Exit status 1 if any check fails.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
OPENING = {
    "curly-double": "\u201c",
    "straight-double": '"',
    "curly-single": "\u2018",
    "straight-single": "'",
}
# Closing marks seen in real copy; a straight-double quotation closed by a curly mark
# (mixed marks, as Cork Beo prints them) is still a quotation.
CLOSING = {"\u201d", '"', "\u2019", "'"}
KINDS = {"named", "unnamed", "none"}
PROVENANCE_KEYS = {"repo", "path", "commit", "publisher", "url", "published", "headline"}


def nth_index(text: str, sub: str, n: int) -> int:
    """Start of the n-th (1-based) occurrence of sub, overlapping allowed; -1 if absent."""
    start = -1
    for _ in range(n):
        start = text.find(sub, start + 1)
        if start < 0:
            return -1
    return start


def paragraph_of(text: str, pos: int) -> int:
    return text.count("\n\n", 0, pos)


def check_article(gold_path: Path) -> list[str]:
    errors: list[str] = []
    stem = gold_path.name[: -len(".gold.yaml")]
    txt_path = gold_path.with_name(stem + ".txt")
    if not txt_path.exists():
        return [f"{gold_path}: no {txt_path.name}"]
    text = txt_path.read_text(encoding="utf-8")
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))

    def err(msg: str) -> None:
        errors.append(f"{gold_path.parent.name}/{stem}: {msg}")

    if gold.get("stem") != stem:
        err(f"stem is {gold.get('stem')!r}")
    prov = gold.get("provenance") or {}
    missing = PROVENANCE_KEYS - set(prov)
    if missing:
        err(f"provenance lacks {sorted(missing)}")
    if not re.fullmatch(r"[0-9a-f]{40}", str(prov.get("commit", ""))):
        err("provenance.commit is not 40 hex digits")
    if not re.fullmatch(r"[\w.-]+/[\w.-]+", str(prov.get("repo", ""))):
        err("provenance.repo is not owner/name")

    spans: list[tuple[int, int, int]] = []  # (start, end, paragraph)
    quotes = gold.get("quotations") or []
    for i, q in enumerate(quotes):
        where = f"quotation {i}"
        for key in ("quote", "occurrence", "style", "nested_in", "continues", "speech",
                    "speaker", "speaker_kind"):
            if key not in q:
                err(f"{where}: missing {key}")
        quote, style = q.get("quote"), q.get("style")
        if not isinstance(quote, str) or not quote:
            err(f"{where}: empty quote")
            spans.append((-1, -1, -1))
            continue
        if style not in OPENING:
            err(f"{where}: style {style!r}")
        occ = q.get("occurrence")
        if not isinstance(occ, int) or occ < 1:
            err(f"{where}: occurrence {occ!r}")
            occ = 1
        start = nth_index(text, quote, occ)
        if start < 0:
            err(f"{where}: {quote[:50]!r} does not occur {occ} time(s)")
            spans.append((-1, -1, -1))
            continue
        end = start + len(quote)
        spans.append((start, end, paragraph_of(text, start)))
        if style in OPENING and (start == 0 or text[start - 1] != OPENING[style]):
            err(f"{where}: {quote[:40]!r} is not preceded by {OPENING[style]!r}")
        after = text[end:end + 1]
        if after not in CLOSING and after != "\n" and after != "":
            err(f"{where}: {quote[:40]!r} is followed by {after!r}, not a closing mark")
        if i and spans[i - 1][0] >= 0 and start < spans[i - 1][0]:
            err(f"{where}: out of article order")
        nested = q.get("nested_in")
        if nested is not None:
            if not isinstance(nested, int) or not 0 <= nested < i:
                err(f"{where}: nested_in {nested!r}")
            else:
                s, e, _ = spans[nested]
                if not (s <= start and end <= e + 1):
                    err(f"{where}: not inside quotation {nested}")
        cont = q.get("continues")
        if cont is not None:
            if not isinstance(cont, int) or not 0 <= cont < i:
                err(f"{where}: continues {cont!r}")
            elif spans[cont][2] >= spans[i][2]:
                err(f"{where}: continues quotation {cont} from the same paragraph")
        speech, speaker, kind = q.get("speech"), q.get("speaker"), q.get("speaker_kind")
        if not isinstance(speech, bool):
            err(f"{where}: speech {speech!r}")
        if kind not in KINDS:
            err(f"{where}: speaker_kind {kind!r}")
        if kind == "none" and speaker is not None:
            err(f"{where}: speaker {speaker!r} with speaker_kind none")
        if kind in ("named", "unnamed") and not speaker:
            err(f"{where}: speaker_kind {kind} without a speaker")
        if speech is False and kind != "none":
            err(f"{where}: not speech but speaker_kind {kind}")
        aliases = q.get("speaker_aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            err(f"{where}: speaker_aliases must be a list of strings")
    for i, r in enumerate(gold.get("reported") or []):
        sentence = r.get("sentence")
        if not isinstance(sentence, str) or sentence not in text:
            err(f"reported {i}: sentence not in text: {str(sentence)[:50]!r}")
        if not r.get("speaker"):
            err(f"reported {i}: no speaker")
        if r.get("speaker_kind") not in ("named", "unnamed"):
            err(f"reported {i}: speaker_kind {r.get('speaker_kind')!r}")

    for style, mark in (("curly-double", "\u201c"), ("curly-single", "\u2018")):
        in_text = text.count(mark)
        annotated = sum(1 for q in quotes if q.get("style") == style)
        if in_text != annotated:
            print(f"  note {gold_path.parent.name}/{stem}: {in_text} {mark!r} in text, "
                  f"{annotated} {style} annotated")
    return errors


def summarise(split: str) -> None:
    """Print the counts the README reports: articles, quotations per style, publishers."""
    golds = [yaml.safe_load(p.read_text(encoding="utf-8"))
             for p in sorted((HERE / split).glob("*.gold.yaml"))]
    if not golds:
        return
    quotes = [q for g in golds for q in g["quotations"]]
    styles = {s: sum(q["style"] == s for q in quotes) for s in OPENING}
    publishers = sorted({g["provenance"]["publisher"] for g in golds})
    print(f"{split}: {len(golds)} articles, {len(quotes)} quotations {styles}")
    print(f"  nested {sum(q['nested_in'] is not None for q in quotes)}, "
          f"continued {sum(q['continues'] is not None for q in quotes)}, "
          f"speech {sum(q['speech'] for q in quotes)} "
          f"(named {sum(q['speaker_kind'] == 'named' for q in quotes)}, "
          f"unnamed {sum(q['speaker_kind'] == 'unnamed' for q in quotes)}), "
          f"reported {sum(len(g.get('reported') or []) for g in golds)}, "
          f"hard-wrapped articles {sum(any(chr(10) in q['quote'] for q in g['quotations']) for g in golds)}")
    print(f"  {len(publishers)} publishers: {publishers}")


def main(argv: list[str]) -> int:
    splits = argv or ["dev", "test"]
    errors: list[str] = []
    for split in splits:
        for gold_path in sorted((HERE / split).glob("*.gold.yaml")):
            errors.extend(check_article(gold_path))
        summarise(split)
    for e in errors:
        print("ERROR", e)
    print(f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
