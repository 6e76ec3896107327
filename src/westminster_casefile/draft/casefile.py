"""What the case file already knows, as the drafter needs it: names and aliases of people and
institutions, and the role titles a single person is known to hold, with the dates of the
articles that say so (a title is matched only at a date inside that range)."""
from __future__ import annotations

from pathlib import Path


def known_entities(root) -> tuple[list[tuple[str, str, list[str]]], dict[str, list[tuple]]]:
    """(entities, titles) of the project's annotations, or of the installed package when run
    outside a checkout: `Drafter(*known_entities(root))`. entities: (table, id, [name, *aliases]);
    titles: lower-case title -> [(person id, first date, last date)]."""
    import westminster_casefile

    annotations = Path(root) / "annotations" if root else None
    if annotations and annotations.is_dir():
        from westminster_casefile.build import curation, sources

        records, _ = curation.read(annotations, Path(root))
        srcs, _ = sources.read(Path(root))
        entities = [(kind, r.id, [r.get("name"), *r.get("aliases", [])]) for kind in ("people", "institutions")
                    for r in records[kind]]
        published = {sid: (s.published.start, s.published.end) for sid, s in srcs.items()}
        affiliations = [{"person_id": r.get("person"), "title": r.get("title"), "status": r.get("status"),
                         "role": r.get("role"), "institution_id": r.get("institution"),
                         "source_ids": sorted({e.get("source") for e in r.get("evidence", []) if isinstance(e, dict)})}
                        for r in records["affiliations"]]
    else:
        entities = []
        for table, key in (("people", "person_id"), ("institutions", "institution_id")):
            for row in westminster_casefile.load(table, format="arrow").to_pylist():
                entities.append((table, row[key], [row["name"], *row["aliases"]]))
        affiliations = westminster_casefile.load("affiliations", format="arrow").to_pylist()
        published = {s["source_id"]: (s["published_start"], s["published_end"])
                     for s in westminster_casefile.load("sources", format="arrow").to_pylist()}
    names_of: dict[str, list[str]] = {}
    for table, entity_id, surfaces in entities:
        if table == "institutions":
            names_of[entity_id] = [x for x in surfaces if x]
    titles: dict[str, list[tuple]] = {}
    for a in affiliations:
        # the head of an institution is also "the head of MI5", "the MI5 chief"
        if a.get("role") == "head" and a.get("status") == "current" and a.get("institution_id") in names_of:
            spans = [published[s] for s in a.get("source_ids") or [] if s in published and published[s][0]]
            for name in names_of[a["institution_id"]] if spans else []:
                for title in (f"head of {name}", f"{name} chief", f"{name} head", f"{name} boss", f"chief of {name}"):
                    titles.setdefault(title.lower().removeprefix("the "), []).append(
                        (a["person_id"], min(s[0] for s in spans), max(s[1] for s in spans)))
    for a in affiliations:
        if not a.get("title") or a.get("status") != "current" or not a.get("person_id"):
            continue
        spans = [published[s] for s in a.get("source_ids") or [] if s in published and published[s][0]]
        if spans:
            title = str(a["title"]).lower().removeprefix("the ")
            titles.setdefault(title, []).append((a["person_id"], min(s[0] for s in spans), max(s[1] for s in spans)))
    return entities, titles
