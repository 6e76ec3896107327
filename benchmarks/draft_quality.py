"""Draft quality: `westminster-casefile draft` on each of the five articles against their curated statements.

    python benchmarks/draft_quality.py

Prints recall of curated statements (quote found), precision of candidates, and speaker
accuracy per article; the README records the figures and tests/test_draft.py holds the bar."""
from __future__ import annotations

from pathlib import Path

import westminster_casefile
from westminster_casefile.build import dates
from westminster_casefile.draft import Drafter, evaluate, known_entities

ROOT = Path(__file__).resolve().parents[1]


def measure() -> list[dict]:
    drafter = Drafter(*known_entities(ROOT))
    tables = westminster_casefile.load_all(format="arrow")
    statements = tables["statements"].to_pylist()
    evidence = tables["evidence"].to_pylist()
    results = []
    for src in tables["sources"].to_pylist():
        text = (ROOT / "sources" / f"{src['source_id']}.txt").read_text(encoding="utf-8")
        published = dates.Span(src["published_start"], src["published_end"], src["published_precision"])
        results.append(evaluate(drafter.draft(src["source_id"], text, published), statements, evidence))
    return results


if __name__ == "__main__":
    print(f"{'source':<22} {'curated':>7} {'found':>5} {'recall':>6} {'cands':>5} {'precision':>9} {'speaker':>9}")
    for r in measure():
        print(f"{r['source_id']:<22} {r['curated']:>7} {r['found']:>5} {r['recall']:>6.2f} {r['candidates']:>5} "
              f"{r['precision']:>9.2f} {r['speaker_right']:>4}/{r['speaker_judged']:<4} {r['speaker_accuracy']:.2f}")
