"""Compare a draft with the curated statements of the same article (training figures)."""
from __future__ import annotations

from westminster_casefile.draft.core import Candidate, Draft


def evaluate(d: Draft, statements: list[dict], evidence: list[dict]) -> dict:
    """Compare a draft with the curated statements of the same article.

    A curated statement is found when a candidate and one of its evidence spans in this article
    share at least half of the shorter of the two; its speaker is right when the best candidate names the curated
    speaker person (or, for a statement by an institution alone, that institution). Statements
    whose speaker is unnamed are left out of speaker accuracy."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for ev in evidence:
        if ev["record_table"] == "statements" and ev["source_id"] == d.source_id:
            spans.setdefault(ev["record_id"], []).append((ev["start"], ev["end"]))
    curated = [s for s in statements if s["statement_id"] in spans]

    def overlap(c: Candidate, span) -> float:
        # shared characters over the shorter span: a quotation found inside a curated
        # paraphrase counts, as does a sentence candidate around a curated quotation
        lo, hi = max(c.start, span[0]), min(c.end, span[1])
        return max(0, hi - lo) / max(1, min(c.end - c.start, span[1] - span[0]))

    # Curators split a joint utterance ("Both men denied ...") into one statement per speaker,
    # all citing the same words: naming any of those speakers is right.
    speakers_of: dict[tuple, set] = {}
    for st in curated:
        for span in spans[st["statement_id"]]:
            speakers_of.setdefault(span, set()).add((st["speaker_person_id"], st["speaker_institution_id"]))
    found = right = judged = 0
    for st in curated:
        best = max(((overlap(c, span), c) for c in d.statements for span in spans[st["statement_id"]]),
                   key=lambda t: (round(t[0], 3), -(t[1].end - t[1].start)), default=(0, None))
        if best[0] < 0.5:
            continue
        found += 1
        if st["speaker_person_id"] or st["speaker_institution_id"]:
            judged += 1
            c = best[1]
            allowed = set().union(*(speakers_of[span] for span in spans[st["statement_id"]]))
            right += any((c.speaker_person == person) if person else
                         (c.speaker_institution == institution and not c.speaker_person)
                         for person, institution in allowed if person or institution)
    useful = sum(1 for c in d.statements
                 if any(max(0, min(c.end, b) - max(c.start, a)) > 0 for ss in spans.values() for a, b in ss))
    return {"source_id": d.source_id, "curated": len(curated), "found": found,
            "recall": found / len(curated) if curated else 1.0, "candidates": len(d.statements),
            "precision": useful / len(d.statements) if d.statements else 1.0,
            "speaker_judged": judged, "speaker_right": right,
            "speaker_accuracy": right / judged if judged else 1.0}
