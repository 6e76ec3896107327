"""Mentions: every occurrence of a known person's or institution's name or alias in an article.

Matching is case-sensitive, on word boundaries, longest name first, without overlaps: in
"Christopher Cash" the mention is the person's full name, not also "Cash". Names are indexed
by their first word, so the scan is linear in the text whatever the number of names (one big
regex alternation of every name would slow down as the case file grows)."""
from __future__ import annotations

import re

_WORD = re.compile(r"\w+")


def surface_index(entities: list[tuple[str, str, list[str]]]) -> tuple[dict[str, tuple[str, str]], dict[str, set]]:
    """Map each surface form to (entity_table, entity_id).

    `entities` holds (entity_table, entity_id, [name, *aliases]). Returns the index and the
    surfaces claimed by more than one entity (ambiguous: left out, reported by the caller)."""
    owners: dict[str, set] = {}
    for table, entity_id, surfaces in entities:
        for surface in surfaces:
            if surface:
                owners.setdefault(surface, set()).add((table, entity_id))
    index = {s: next(iter(o)) for s, o in owners.items() if len(o) == 1}
    clashes = {s: o for s, o in owners.items() if len(o) > 1}
    return index, clashes


def compile_matcher(index: dict[str, tuple[str, str]]) -> dict[str, list[int]]:
    """First word of each surface -> the lengths of the surfaces starting with it, longest first.

    Lengths, not surfaces: however many names share a first word ("Alex ..."), only a handful
    of distinct lengths need a dictionary look-up at each word of the text."""
    by_first: dict[str, set[int]] = {}
    for surface in index:
        m = _WORD.match(surface)
        key = m.group(0) if m else surface[:1]
        by_first.setdefault(key, set()).add(len(surface))
    return {key: sorted(lengths, reverse=True) for key, lengths in by_first.items()}


def _boundary(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalnum() and text[start - 1] != "_") and \
           (end == len(text) or not text[end].isalnum() and text[end] != "_")


def find_mentions(source_id: str, text: str, index, matcher) -> list[dict]:
    rows = []
    pos = 0
    while True:
        m = _WORD.search(text, pos)
        if m is None:
            break
        start = m.start()
        hit = None
        for length in matcher.get(m.group(0), ()):
            candidate = text[start:start + length]
            if candidate in index and _boundary(text, start, start + length):
                hit = candidate
                break
        if hit is None:
            pos = m.end()
            continue
        table, entity_id = index[hit]
        rows.append({"source_id": source_id, "entity_table": table, "entity_id": entity_id,
                     "start": start, "end": start + len(hit), "surface": hit})
        pos = start + len(hit)
    return rows
