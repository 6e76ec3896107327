"""Mentions: every occurrence of a known person's or institution's name or alias in an article.

Matching is case-sensitive, on word boundaries, longest name first, without overlaps: in
"Christopher Cash" the mention is the person's full name, not also "Cash"."""
from __future__ import annotations

import re


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


def compile_matcher(index: dict[str, tuple[str, str]]) -> re.Pattern | None:
    if not index:
        return None
    alternatives = "|".join(re.escape(s) for s in sorted(index, key=lambda s: (-len(s), s)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def find_mentions(source_id: str, text: str, index, matcher) -> list[dict]:
    if matcher is None:
        return []
    rows = []
    for m in matcher.finditer(text):
        table, entity_id = index[m.group(0)]
        rows.append({"source_id": source_id, "entity_table": table, "entity_id": entity_id,
                     "start": m.start(), "end": m.end(), "surface": m.group(0)})
    return rows
