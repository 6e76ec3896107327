"""The draft as an annotation file: candidates plus comments saying why and how sure."""
from __future__ import annotations

from westminster_casefile.draft.core import Draft, slug
from westminster_casefile.yamlio import escape_breaks
from westminster_casefile.yamlio import quote as _q  # reads back as written, even U+0085 or U+2028


def to_yaml(d: Draft, published_value: str) -> str:
    lines = [f"# westminster-casefile draft of {d.source_id} (published {published_value}).",
             "# Candidates for a person to confirm, correct or delete; nothing here is a fact yet.",
             f"# {len(d.statements)} statement candidates, {len(d.dates)} date expressions, "
             f"{len(d.new_people)} new people and {len(d.new_institutions)} new institutions proposed.",
             "# Each statement's comment gives the confidence and the reason: the pattern that found the",
             "# speaker and how the words were resolved to a person. A speaker is TODO when none was found",
             "# or the confidence is too low to propose one.",
             "#", "# Known entities mentioned:"]
    lines += [f"#   {k} x{n}" for k, n in sorted(d.mentioned.items())] or ["#   (none)"]
    lines += ["#", f"# Could not resolve ({len(d.unresolved)}):"]
    lines += [f"#   {u}" for u in d.unresolved] or ["#   (nothing)"]
    lines += ["#", "# Date expressions:"]
    for text, offset, resolved in d.dates:
        if resolved:
            span, basis = resolved
            lines.append(f"#   {text!r} at {offset}: {span.start}..{span.end} ({span.precision}, {basis})")
        else:
            lines.append(f"#   {text!r} at {offset}: not resolved")
    seen: set[str] = set()
    ids: dict[str, str] = {}

    def new_id(name: str) -> str:  # unique slugs, even for two names that slug alike
        base = slug(name)
        new, n = base, 2
        while new in seen:
            new, n = f"{base}-{n}", n + 1
        seen.add(new)
        return new

    lines += ["", "people:" if d.new_people else "people: []"]
    for person_id, name, description, quote, occurrence in d.new_people:
        ids[person_id] = new_id(person_id)
        occ = f", occurrence: {occurrence}" if occurrence else ""
        lines += [f"  - id: {ids[person_id]}  # new-entity candidate", f"    name: {_q(name)}", "    aliases: []",
                  f"    description: {_q(description) if description else 'TODO'}", "    evidence:",
                  f"      - {{source: {d.source_id}, quote: {_q(quote)}{occ}}}"]
    lines += ["", "institutions:" if d.new_institutions else "institutions: []"]
    for name, occurrence in d.new_institutions:
        occ = f", occurrence: {occurrence}" if occurrence else ""
        lines += [f"  - id: {new_id(name)}  # new-entity candidate", f"    name: {_q(name)}", "    kind: other",
                  "    evidence:", f"      - {{source: {d.source_id}, quote: {_q(name)}{occ}}}"]
    lines += ["", "statements:" if d.statements else "statements: []"]
    for n, c in enumerate(d.statements, 1):
        lines.append(f"  - id: draft-{d.source_id[:3]}-{n:03d}  # confidence {c.confidence:.2f}: {c.reason}")
        if c.speaker_person:
            person = ids.get(c.speaker_person, c.speaker_person) if c.new_person else c.speaker_person
            lines.append(f"    speaker_person: {person}" + ("  # new person, proposed above" if c.new_person else ""))
        if c.speaker_institution:
            lines.append(f"    speaker_institution: {c.speaker_institution}")
        lines.append(f"    speaker_label: {_q(c.speaker_label or 'TODO')}")
        lines += [f"    kind: {c.kind}", "    medium: unknown",
                  "    # about_case: true or false (is it part of the Cash/Berry case itself? see CURATION.md)",
                  "    evidence:"]
        occ = f", occurrence: {c.occurrence}" if c.occurrence else ""
        # the drafted span is the words said; add attribution as `role: support` items
        lines.append(f"      - {{source: {d.source_id}, quote: {_q(c.quote)}{occ}, role: words}}")
    return escape_breaks("\n".join(lines) + "\n")  # article text in a comment must not end it
