"""Draft quality on held-out articles: `westminster-casefile draft` against hand-made gold.

    python benchmarks/draft_heldout.py SPLIT_DIR [SPLIT_DIR ...] [--calibrate] [--loso] [--show]

Each SPLIT_DIR holds, per article, <stem>.txt and <stem>.gold.yaml (format: the held-out set's
README; `quotations:` with quote, occurrence, style, nested_in, continues, speech, speaker,
speaker_kind, speaker_aliases, and `reported:` with sentence, speaker, speaker_kind; the
publication date in provenance.published). The gold is read from the directory given and
nothing is copied from it. The drafter runs with the case file of this checkout, as
`westminster-casefile draft` would. Prints, per split:

- isolation recall per quotation style: a gold speech quotation counts when one drafted
  quotation covers at least 90% of its characters;
- named-speaker accuracy: of the gold speech quotations whose speaker is named, the share whose
  drafted quotation names the gold speaker or one of its aliases (case and the honorifics
  Mr/Mrs/Ms/Dr/Sir/Lord/Lady/Dame and a leading "the" ignored); a TODO, or a quotation not
  isolated, is wrong;
- accuracy at confidence >= 0.8: of the drafted speakers given at that confidence (quotations
  and reported sentences matched to gold speech), the share that is right (a named speaker
  matching the gold one, or an unnamed description where the gold speaker is unnamed);
- candidate precision: drafted candidates that overlap a gold quotation or reported sentence
  by at least half of the shorter of the two;
- reported-speech recall and time (characters per second of drafting).

--calibrate pools the splits given (development splits only: never a test split not yet
scored) and prints, per reason (pattern and resolution), how often the speaker was right (every
guess judged, none left TODO) and the figures for draft/confidence.py: shares shrunk towards a
conservative prior, each the lowest of its all-article and leave-one-article-out estimates, and
below 0.8 for a reason right less than 0.9 of the time (see confidence.py); then
checks the method by scoring each article with a table made without it (share right at >= 0.8,
and per confidence bin). --loso checks the calibration split by split: each split given is drafted
with confidence tables made (the same way) from the other splits only, and its named-speaker
accuracy and share right at >= 0.8 are printed next to those with the tables in confidence.py.
--show lists each wrong speaker."""
from __future__ import annotations

import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

from westminster_casefile.build import dates
from westminster_casefile.draft import Drafter, known_entities

ROOT = Path(__file__).resolve().parents[1]
from westminster_casefile.draft import confidence
from westminster_casefile.draft.confidence import FALLBACKS, K, PRIOR_ATTRIBUTED, PRIOR_FALLBACK
STYLES = ("curly-double", "straight-double", "curly-single", "straight-single")
_HONORIFIC = re.compile(r"^(?:(?:mr|mrs|ms|dr|sir|lord|lady|dame)\.?\s+)+")  # and a leading "the"


def norm(name: str | None) -> str:
    """Case, honorifics, punctuation and spacing aside."""
    if not name:
        return ""
    n = re.sub(r"[^\w\s-]", "", name.lower().replace("’", "'").replace("'s ", " "))
    return _HONORIFIC.sub("", " ".join(n.split())).removeprefix("the ")


def nth_index(text: str, sub: str, n: int) -> int:
    start = -1
    for _ in range(n):
        start = text.find(sub, start + 1)
        if start < 0:
            return -1
    return start


def _overlap(a, b) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score_article(drafter: Drafter, text: str, gold: dict):
    # an article that prints no date is drafted as `draft --published 1990/2030` would be: relative
    # dates then resolve to wide ranges and no title is matched to a holder the case file knows
    published = dates.parse_value(str(gold["provenance"].get("published") or "1990/2030"))
    t0 = time.perf_counter()
    draft = drafter.draft(gold.get("stem", "heldout"), text, published)
    elapsed = time.perf_counter() - t0
    # every name a gold speaker goes by in this article
    names: dict[str, set[str]] = defaultdict(set)
    items = []  # (span, gold record, kind)
    for q in gold.get("quotations") or []:
        start = nth_index(text, q["quote"], q["occurrence"])
        items.append(((start, start + len(q["quote"])), q, "quotation"))
    for r in gold.get("reported") or []:
        start = text.find(r["sentence"])
        items.append(((start, start + len(r["sentence"])), r, "reported"))
    for _, g, _ in items:
        if g.get("speaker"):
            names[g["speaker"]].update(norm(a) for a in [g["speaker"], *(g.get("speaker_aliases") or [])])
    quotes = [c for c in draft.statements if c.style is not None]

    def right(c, g) -> bool | None:
        """Whether the drafted speaker is right; None when the gold has no speaker to judge by."""
        if g.get("speaker_kind") == "named":
            return bool(c.speaker_name) and norm(c.speaker_name) in names[g["speaker"]]
        if g.get("speaker_kind") == "unnamed":
            return not c.speaker_name or norm(c.speaker_name) in names[g["speaker"]]
        return None

    rows = []  # per gold item: dict
    matched_candidates = set()
    for span, g, kind in items:
        pool = quotes if kind == "quotation" else draft.statements
        best = max(pool, key=lambda c: (_overlap((c.start, c.end), span), -(c.end - c.start)), default=None)
        covered = best is not None and _overlap((best.start, best.end), span) >= 0.9 * (span[1] - span[0])
        if kind == "reported":
            covered = best is not None and _overlap((best.start, best.end), span) >= 0.5 * min(
                span[1] - span[0], best.end - best.start)
        rows.append({"kind": kind, "gold": g, "covered": covered, "cand": best if covered else None,
                     "right": right(best, g) if covered else (False if g.get("speaker_kind") == "named" else None)})
    for c in draft.statements:
        if any(_overlap((c.start, c.end), span) >= 0.5 * min(c.end - c.start, span[1] - span[0])
               for span, _, _ in items):
            matched_candidates.add(id(c))
    return {"rows": rows, "candidates": len(draft.statements), "useful": len(matched_candidates),
            "chars": len(text), "seconds": elapsed, "draft": draft}


def score_split(split_dir: Path, drafter: Drafter) -> dict:
    results = {}
    for gold_path in sorted(split_dir.glob("*.gold.yaml")):
        stem = gold_path.name[: -len(".gold.yaml")]
        text = gold_path.with_name(stem + ".txt").read_text(encoding="utf-8")
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        results[stem] = score_article(drafter, text, gold)
    return results


def summary(results: dict) -> dict:
    rows = [r for res in results.values() for r in res["rows"]]
    speech = [r for r in rows if r["kind"] == "quotation" and r["gold"]["speech"]]
    out = {"articles": len(results)}
    for style in STYLES:
        mine = [r for r in speech if r["gold"]["style"] == style]
        out[f"isolated {style}"] = (sum(r["covered"] for r in mine), len(mine))
    out["isolated all"] = (sum(r["covered"] for r in speech), len(speech))
    named = [r for r in speech if r["gold"]["speaker_kind"] == "named"]
    out["named speaker right"] = (sum(bool(r["right"]) for r in named), len(named))
    judged = [r for r in rows if r["cand"] is not None and r["right"] is not None and r["cand"].confidence >= 0.8
              and (r["cand"].speaker_name or r["cand"].speaker_label)]
    out["right at confidence >= 0.8"] = (sum(bool(r["right"]) for r in judged), len(judged))
    reported = [r for r in rows if r["kind"] == "reported"]
    out["reported found"] = (sum(r["covered"] for r in reported), len(reported))
    out["reported named speaker right"] = (sum(bool(r["right"]) for r in reported if r["gold"]["speaker_kind"] == "named"),
                                           sum(1 for r in reported if r["gold"]["speaker_kind"] == "named"))
    out["candidate precision"] = (sum(r["useful"] for r in results.values()), sum(r["candidates"] for r in results.values()))
    chars, seconds = sum(r["chars"] for r in results.values()), sum(r["seconds"] for r in results.values())
    out["time"] = f"{seconds:.3f} s for {chars} characters ({chars / max(seconds, 1e-9) / 1e6:.2f} MB/s)"
    return out


def _fmt(value) -> str:
    if isinstance(value, tuple):
        n, d = value
        return f"{n / d:.3f} ({n}/{d})" if d else "n/a (0/0)"
    return str(value)


# Confidence calibration: leave-one-article-out, shrunk towards a conservative prior.


def _tally(rows_by_article: dict) -> dict:
    """reason -> article -> [right, judged]"""
    t: dict = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for stem, rows in rows_by_article.items():
        for reason, ok in rows:
            t[reason][stem][0] += ok
            t[reason][stem][1] += 1
    return t


def _estimates(tally: dict, leave_out: str | None = None) -> tuple[dict, dict, dict]:
    """Shrunk shares from every article but `leave_out`: pattern -> share and resolution -> share
    (each towards its prior), (pattern, resolution) -> share (towards the lower of the two: a
    pattern that is reliable with names says little of how it does with a pronoun)."""
    pat: dict = defaultdict(lambda: [0, 0])
    res: dict = defaultdict(lambda: [0, 0])
    pair: dict = defaultdict(lambda: [0, 0])
    for reason, per in tally.items():
        pattern, _, via = reason.partition(": ")
        for stem, (n, d) in per.items():
            if stem == leave_out:
                continue
            for table, key in ((pat, pattern), (res, via), (pair, (pattern, via))):
                table[key][0] += n
                table[key][1] += d
    p = {k: (n + K * _prior(k)) / (d + K) for k, (n, d) in pat.items()}
    r = {k: (n + K * PRIOR_ATTRIBUTED) / (d + K) for k, (n, d) in res.items()}
    q = {k: (n + K * min(p[k[0]], r[k[1]])) / (d + K) for k, (n, d) in pair.items() if d}
    return p, r, q


def _prior(pattern: str) -> float:
    return PRIOR_FALLBACK if pattern in FALLBACKS else PRIOR_ATTRIBUTED


def loao_table(tally: dict) -> tuple[dict, dict, dict]:
    """Each figure is the lowest of the estimate from all articles and its leave-one-article-out
    estimates: a reason right on one or two articles only falls back to its prior when one of
    them is left out."""
    stems = {s for per in tally.values() for s in per}
    folds = {s: _estimates(tally, s) for s in stems}
    full = _estimates(tally)
    seen: dict = {0: defaultdict(set), 1: defaultdict(set)}  # pattern / resolution -> articles
    for reason, per in tally.items():
        pattern, _, via = reason.partition(": ")
        seen[0][pattern] |= set(per)
        seen[1][via] |= set(per)
    out = []
    for level, prior in ((0, _prior), (1, lambda k: PRIOR_ATTRIBUTED)):
        out.append({k: min([full[level][k]] + [folds[s][level].get(k, prior(k)) for s in arts])
                    for k, arts in seen[level].items()})
    pattern_of, resolution_of = out
    pair_of = {}
    for reason, per in tally.items():
        pattern, _, via = reason.partition(": ")
        key = (pattern, via)
        pair_of[key] = min([full[2][key]] + [
            folds[s][2].get(key, min(folds[s][0].get(pattern, _prior(pattern)), folds[s][1].get(via, PRIOR_ATTRIBUTED)))
            for s in per])
    # a figure of HIGH or more promises HIGH_RIGHT: a pattern, resolution or reason right less often
    # than that on these articles stays below HIGH, however the shrinking came out
    raw: dict = {0: defaultdict(lambda: [0, 0]), 1: defaultdict(lambda: [0, 0]), 2: defaultdict(lambda: [0, 0])}
    for reason, per in tally.items():
        pattern, _, via = reason.partition(": ")
        for n, d in per.values():
            for level, key in ((0, pattern), (1, via), (2, (pattern, via))):
                raw[level][key][0] += n
                raw[level][key][1] += d
    for level, table in enumerate((pattern_of, resolution_of, pair_of)):
        for key in table:
            n, d = raw[level][key]
            if d and n / d < confidence.HIGH_RIGHT:
                table[key] = min(table[key], round(confidence.HIGH - 0.01, 2))
    return pattern_of, resolution_of, pair_of


def _calibration_rows(results: dict) -> dict:
    """article -> [(reason, right)] for every drafted speaker the gold can judge."""
    out: dict = {}
    for stem, res in results.items():
        out[stem] = [(r["cand"].reason.split(" (below")[0], bool(r["right"])) for r in res["rows"]
                     if r["cand"] is not None and r["right"] is not None
                     and not r["cand"].reason.startswith("no attribution")
                     and not r["cand"].reason.split(" (below")[0].endswith(tuple(confidence.NEVER))]
    return out


def _conf(tables: tuple, reason: str) -> float:
    pattern_of, resolution_of, pair_of = tables
    pattern, _, via = reason.partition(": ")
    return pair_of.get((pattern, via), min(pattern_of.get(pattern, _prior(pattern)),
                                           resolution_of.get(via, PRIOR_ATTRIBUTED)))


def calibrate(rows_by_article: dict) -> None:
    tally = _tally(rows_by_article)
    print("  reason                                   right/judged  articles  table")
    tables = loao_table(tally)
    for reason, per in sorted(tally.items(), key=lambda kv: -sum(d for _, d in kv[1].values())):
        n, d = sum(v[0] for v in per.values()), sum(v[1] for v in per.values())
        print(f"  {reason:<40} {n:>5}/{d:<5} {len(per):>8}  {_conf(tables, reason):.2f}")
    # How well this way of calibrating carries over: each article scored with a table made
    # without it (the table made from the other articles, the same way).
    hi = [0, 0]
    todo = [0, 0]
    bins: dict = defaultdict(lambda: [0, 0])  # confidence bin -> [right, judged], the reliability diagram
    for stem, rows in rows_by_article.items():
        others = {s: r for s, r in rows_by_article.items() if s != stem}
        without = loao_table(_tally(others))
        for reason, ok in rows:
            c = _conf(without, reason)
            b = min(9, int(c * 10)) / 10
            bins[b][0] += ok
            bins[b][1] += 1
            if c >= 0.8:
                hi[0] += ok
                hi[1] += 1
            if c < confidence.TODO_BELOW:
                todo[0] += ok
                todo[1] += 1
    print(f"  leave-one-article-out check: right at >= 0.8 {hi[0]}/{hi[1]} = {hi[0] / max(1, hi[1]):.3f}; "
          f"left TODO {todo[1]} (of which right guesses {todo[0]})")
    print("  reliability (each article scored with a table made without it): " + "; ".join(
        f"[{b:.1f}, {b + 0.1:.1f}) {n}/{d} = {n / d:.2f}" for b, (n, d) in sorted(bins.items())))
    for name, table in zip(("PATTERN", "RESOLUTION", "TABLE"), tables):
        print(f"  {name} = {{{', '.join(f'{k!r}: {v:.2f}' for k, v in sorted(table.items()))}}}")


def main(argv: list[str]) -> int:
    flags = {a for a in argv if a.startswith("--")}
    dirs = [Path(a) for a in argv if not a.startswith("--")]
    if not dirs or flags - {"--calibrate", "--show", "--loso"}:
        print(__doc__)
        return 2
    drafter = Drafter(*known_entities(ROOT))
    for split_dir in dirs:
        if not split_dir.is_dir():
            print(f"error: {split_dir} is not a directory")
            return 1
        results = score_split(split_dir, drafter)
        print(f"split {split_dir.name} ({split_dir})")
        for key, value in summary(results).items():
            print(f"  {key:<32} {_fmt(value)}")
        if "--show" in flags:
            for stem, res in results.items():
                for r in res["rows"]:
                    if r["right"] is False or (r["kind"] == "quotation" and r["gold"]["speech"] and not r["covered"]):
                        c, g = r["cand"], r["gold"]
                        got = f"{c.speaker_name or c.speaker_label or 'TODO'} @{c.confidence:.2f} {c.reason}" if c else "NOT FOUND"
                        text = g.get("quote") or g.get("sentence")
                        print(f"  {stem} [{r['kind'][:3]}] gold={g.get('speaker')} got={got} :: {text[:70]!r}")
    if "--calibrate" in flags or "--loso" in flags:
        # every guess kept (no TODO), so that each reason is judged on all its speakers
        keep, confidence.TODO_BELOW = confidence.TODO_BELOW, -1.0
        try:
            rows = {}
            for split_dir in dirs:
                rows.update({f"{split_dir.name}/{k}": v
                             for k, v in _calibration_rows(score_split(split_dir, drafter)).items()})
        finally:
            confidence.TODO_BELOW = keep
        if "--calibrate" in flags:
            print(f"calibration on {', '.join(d.name for d in dirs)} ({len(rows)} articles)")
            calibrate(rows)
        if "--loso" in flags:
            leave_one_split_out(dirs, rows, drafter)
    return 0


def leave_one_split_out(dirs: list[Path], rows: dict, drafter: Drafter) -> None:
    """Each split drafted with confidence tables made from the other splits alone."""
    print("leave-one-split-out calibration (tables from the other splits | tables in confidence.py)")
    installed = (confidence.PATTERN, confidence.RESOLUTION, confidence.TABLE)
    for split_dir in dirs:
        others = {k: v for k, v in rows.items() if not k.startswith(split_dir.name + "/")}
        confidence.PATTERN, confidence.RESOLUTION, confidence.TABLE = loao_table(_tally(others))
        try:
            held = summary(score_split(split_dir, drafter))
        finally:
            confidence.PATTERN, confidence.RESOLUTION, confidence.TABLE = installed
        full = summary(score_split(split_dir, drafter))
        print(f"  {split_dir.name:<6} named speaker right {_fmt(held['named speaker right'])} | "
              f"{_fmt(full['named speaker right'])};  right at >= 0.8 {_fmt(held['right at confidence >= 0.8'])} | "
              f"{_fmt(full['right at confidence >= 0.8'])}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
