"""A synthetic case file of N articles, for measuring how build and validate scale.

    python benchmarks/synthetic.py DIR N

Each article is ~2.5 KB of text naming people and institutions, with quotations, dates and
relative dates; its annotations cite it verbatim (people, institutions, affiliations, events
with participants, statements), so the build exercises every stage on realistic shapes."""
from __future__ import annotations

import hashlib
import random
import sys
from datetime import date, timedelta
from pathlib import Path

import yaml

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

FIRST = ["Alex", "Brooke", "Casey", "Dana", "Eli", "Frances", "Gale", "Harper", "Indra", "Jules", "Kit", "Lane"]
LAST = ["Abbott", "Barrow", "Carver", "Dunmore", "Ellery", "Fenwick", "Garside", "Holloway", "Ingram", "Jessop"]
BODIES = ["Audit Office", "Review Board", "Standards Panel", "Oversight Committee", "Records Agency"]


def person(k: int) -> tuple[str, str, str]:
    name = f"{FIRST[k % len(FIRST)]} {LAST[(k // len(FIRST)) % len(LAST)]}{k}"
    return f"person-{k}", name, name.split()[-1]


def institution(k: int) -> tuple[str, str]:
    return f"body-{k}", f"Northern {BODIES[k % len(BODIES)]} {k}"


def article(i: int, rng: random.Random, shared: int):
    published = date(2025, 1, 1) + timedelta(days=i % 300)
    local = [person(shared + 2 * i), person(shared + 2 * i + 1)]
    common = [person(k) for k in rng.sample(range(shared), 2)]
    bodies = [institution(i), institution(10_000 + i % 50)]
    p1, p2 = local
    paragraphs = [
        f"Report {i}: {p1[1]} of the {bodies[0][1]} said on Monday that the inquiry number {i} would continue.",
        f"“We will publish everything about case {i} in due course,” {p1[2]} said, adding that the "
        f"{bodies[1][1]} had been consulted last month.",
        f"{p2[1]}, a spokesperson for the {bodies[0][1]}, said the hearing of case {i} was set for March {2026 + i % 3}.",
        f"{common[0][1]} and {common[1][1]} declined to comment on matter {i}.",
        f"In a letter last month, {p2[2]} wrote that “the decision in matter {i} was taken independently” and "
        f"“no pressure was applied to the board in case {i}”.",
        "Filler sentence about procedure and context. " * 12,
    ]
    text = "\n".join(paragraphs) + "\n"
    return published, text, local, common, bodies


def generate(root: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    shared = max(10, n // 10)
    (root / "sources").mkdir(parents=True, exist_ok=True)
    (root / "annotations").mkdir(parents=True, exist_ok=True)
    sources, people, institutions = [], {}, {}
    for i in range(n):
        sid = f"{i % 1000:03d}_{hashlib.sha256(str(i).encode()).hexdigest()[:16]}"
        published, text, local, common, bodies = article(i, rng, shared)
        raw = text.encode()
        (root / "sources" / f"{sid}.txt").write_bytes(raw)
        sources.append({"id": sid, "title": f"Synthetic report {i}", "publisher": "Synthetic Wire",
                        "publisher_basis": "stated_in_text", "published": {"value": published.isoformat(), "basis": "stated_in_text"},
                        "language": "en", "translated": False, "sha256": hashlib.sha256(raw).hexdigest()})
        for pid, name, short in local + common:
            entry = people.setdefault(pid, {"id": pid, "name": name, "aliases": [short] if (pid, name, short) in local else [],
                                            "description": "A synthetic person.", "evidence": []})
            if len(entry["evidence"]) < 3:
                entry["evidence"].append({"source": sid, "quote": name, "occurrence": 1})
        for bid, name in bodies:
            entry = institutions.setdefault(bid, {"id": bid, "name": name, "kind": "other", "country": "GB",
                                                  "description": "A synthetic body.", "evidence": []})
            if len(entry["evidence"]) < 3:
                entry["evidence"].append({"source": sid, "quote": name, "occurrence": 1})
        p1, p2 = local
        doc = {
            "affiliations": [{"id": f"aff-{i}", "person": p2[0], "institution": bodies[0][0], "role": "employee",
                              "title": "spokesperson", "status": "current",
                              "evidence": [{"source": sid, "quote": f"a spokesperson for the {bodies[0][1]}"}]}],
            "events": [
                {"id": f"inquiry-{i}", "type": "inquiry", "title": f"Inquiry {i} continues", "status": "happened", "about_case": True,
                 "date": {"text": "on Monday"}, "participants": [{"id": p1[0], "role": "speaker"}, {"id": bodies[0][0], "role": "organiser"}],
                 "evidence": [{"source": sid, "quote": f"the inquiry number {i} would continue"}]},
                {"id": f"hearing-{i}", "type": "court_hearing", "title": f"Hearing of case {i}", "status": "scheduled", "about_case": True,
                 "date": {"text": f"March {2026 + i % 3}"}, "participants": [{"id": bodies[0][0], "role": "organiser"}],
                 "evidence": [{"source": sid, "quote": f"the hearing of case {i} was set for March {2026 + i % 3}"}]},
            ],
            "statements": [
                {"id": f"publish-{i}", "speaker_person": p1[0], "speaker_label": p1[2], "kind": "full_quote", "medium": "interview",
                 "event": f"inquiry-{i}", "date": {"text": "last month"}, "about_case": True,
                 "evidence": [{"source": sid, "role": "words", "quote": f"We will publish everything about case {i} in due course,"}]},
                {"id": f"independent-{i}", "speaker_person": p2[0], "speaker_institution": bodies[0][0], "speaker_label": p2[2],
                 "kind": "partial_quote", "medium": "letter", "addressees": [bodies[1][0]], "about_case": True,
                 "evidence": [{"source": sid, "role": "words", "quote": f"the decision in matter {i} was taken independently"}]},
                {"id": f"no-pressure-{i}", "speaker_person": p2[0], "speaker_label": p2[2], "kind": "partial_quote", "medium": "letter",
                 "about_case": True,
                 "evidence": [{"source": sid, "role": "words", "quote": f"no pressure was applied to the board in case {i}"}]},
            ],
        }
        (root / "annotations" / f"article-{i:05d}.yaml").write_text(yaml.dump(doc, Dumper=DUMPER, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (root / "sources" / "sources.yaml").write_text(yaml.dump({"sources": sources}, Dumper=DUMPER, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (root / "annotations" / "people.yaml").write_text(yaml.dump({"people": list(people.values())}, Dumper=DUMPER, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (root / "annotations" / "institutions.yaml").write_text(yaml.dump({"institutions": list(institutions.values())}, Dumper=DUMPER, allow_unicode=True, sort_keys=False), encoding="utf-8")


if __name__ == "__main__":
    generate(Path(sys.argv[1]), int(sys.argv[2]))
