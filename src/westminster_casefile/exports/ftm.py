"""The case as FollowTheMoney entities (for Aleph, OpenAleph and other FtM tools).

    from westminster_casefile.exports.ftm import entities, write_ftm
    for proxy in entities(): ...            # followthemoney EntityProxy objects
    write_ftm(Path("case.ftm.json"))        # one JSON entity per line

Mapping (FtM's current schema): each article is an Article (metadata only: no body text); a
person a Person; an institution a PublicBody (state bodies) or an Organization; an affiliation
a Membership, an Employment (role `employee`), between two people a Representation
(`counsel`) or an UnknownLink, and a post held at no named institution an Occupancy of a Position; an event an Event (a day, month or year as a date of that
precision, a range as startDate/endDate, an unknown date as no date; its status in `summary`);
a statement a Note on its speaker (the words in `description`, quoted or paraphrased as
`summary` says).

Provenance on every entity: `proof` -> the Article entities it is known from, `publisher` ->
their publishers, `recordId` (where the schema has it) or `notes` -> the table:row id, and
`notes` (`description` on links, which have no notes) -> each piece of evidence as
`<source_id> [start:end] "quote"`.

Every value goes through FtM's own cleaning; a value FtM would drop (an invalid date, an
unknown property) raises instead, so the file says exactly what the tables say."""
from __future__ import annotations

import json
import re
from pathlib import Path

from westminster_casefile.site.model import rows

PREFIX = "wcf"  # entity ids: wcf-<kind>-<row id> (with "_" as "."), stable across builds
PUBLIC_KINDS = {"government_body", "prosecutor", "court", "police", "intelligence_agency", "legislature",
                "parliamentary_committee", "embassy", "office"}


class FtmError(ValueError):
    """A value the FollowTheMoney model rejects."""


def _eid(kind: str, rid: str) -> str:
    # FtM ids allow letters, digits, '.' and '-' only: the '_' of source ids becomes '.'
    return re.sub(r"[^0-9A-Za-z.-]", "-", f"{PREFIX}-{kind}-{rid}".replace("_", "."))


def _clean(v):
    from westminster_casefile.site.model import clean

    return clean(v)


def _add(proxy, prop: str, values) -> None:
    """Add values, refusing any that FtM's cleaning would drop."""
    values = _clean(values)
    if values is None:
        return
    for value in values if isinstance(values, list) else [values]:
        value = _clean(value)
        if value is None or value == "":
            continue
        before = len(proxy.get(prop, quiet=False))
        proxy.add(prop, str(value), quiet=False)
        after = proxy.get(prop)
        if len(after) == before and str(value) not in after:
            raise FtmError(f"{proxy.schema.name}.{prop}: FollowTheMoney rejects {value!r} ({proxy.id})")


def _date_props(start, end, precision) -> dict:
    if precision == "unknown" or (start is None and end is None):
        return {}
    if precision == "day":
        return {"date": start.isoformat()}
    if precision == "month":
        return {"date": start.isoformat()[:7]}
    if precision == "year":
        return {"date": start.isoformat()[:4]}
    return {k: v.isoformat() for k, v in (("startDate", start), ("endDate", end)) if v is not None}


def entities(tables: dict | None = None) -> list:
    """All entities of the case, as followthemoney EntityProxy objects, in a stable order."""
    from followthemoney import model

    if tables is None:
        import westminster_casefile

        tables = westminster_casefile.load_all()
    sources = {r["source_id"]: r for r in rows(tables["sources"])}
    evidence: dict[tuple[str, str], list[str]] = {}
    for e in rows(tables["evidence"]):
        evidence.setdefault((e["record_table"], e["record_id"]), []).append(
            f"{e['source_id']} [{e['start']}:{e['end']}] \u201c{e['quote']}\u201d")
    out = []

    def make(schema: str, eid: str, table: str, rid: str, source_ids) -> object:
        proxy = model.make_entity(schema)
        proxy.id = eid
        source_ids = _clean(source_ids) or []
        _add(proxy, "proof", [_eid("source", s) for s in source_ids])
        _add(proxy, "publisher", sorted({sources[s]["publisher"] for s in source_ids if _clean(sources[s]["publisher"])}))
        _add(proxy, "sourceUrl", sorted({sources[s]["url"] for s in source_ids if _clean(sources[s]["url"])}))
        record = f"{table}:{rid}"
        if "recordId" in proxy.schema.properties:
            _add(proxy, "recordId", record)
        # links (Membership, Employment, ...) have no `notes` in FtM: their evidence goes in `description`
        text_prop = "notes" if "notes" in proxy.schema.properties else "description"
        _add(proxy, text_prop, [f"westminster-casefile row {record}"] + evidence.get((table, rid), []))
        out.append(proxy)
        return proxy

    for sid, s in sorted(sources.items()):
        p = model.make_entity("Article")
        p.id = _eid("source", sid)
        _add(p, "title", s["title"])
        _add(p, "name", _clean(s["title"]) or f"article {sid}")  # an untitled article is named by its id
        _add(p, "publisher", s["publisher"])
        _add(p, "sourceUrl", s["url"])
        _add(p, "language", {"en": "eng"}.get(s["language"], s["language"]))
        _add(p, "publishedAt", _date_props(s["published_start"], s["published_end"], s["published_precision"]).get("date"))
        _add(p, "notes", [f"westminster-casefile row sources:{sid}", f"sha256 of the article's text: {s['text_sha256']}",
                          f"published: {s['published_precision']} precision, {s['published_basis']}"
                          + (f" ({s['published_start']}..{s['published_end']})" if s["published_precision"] == "range" else "")])
        out.append(p)
    for r in rows(tables["people"]):
        p = make("Person", _eid("person", r["person_id"]), "people", r["person_id"], r["source_ids"])
        _add(p, "name", r["name"])
        _add(p, "alias", r["aliases"])
        _add(p, "description", r["description"])
    for r in rows(tables["institutions"]):
        schema = "PublicBody" if r["kind"] in PUBLIC_KINDS else "Organization"
        p = make(schema, _eid("institution", r["institution_id"]), "institutions", r["institution_id"], r["source_ids"])
        _add(p, "name", r["name"])
        _add(p, "alias", r["aliases"])
        _add(p, "description", r["description"])
        _add(p, "classification", r["kind"])
        _add(p, "country", r["country"])
        if _clean(r["parent_institution_id"]):
            _add(p, "parent", _eid("institution", r["parent_institution_id"]))
    for r in rows(tables["affiliations"]):
        rid = r["affiliation_id"]
        person = _eid("person", r["person_id"])
        if _clean(r["institution_id"]):
            org = _eid("institution", r["institution_id"])
            if r["role"] == "employee":
                p = make("Employment", _eid("affiliation", rid), "affiliations", rid, r["source_ids"])
                _add(p, "employee", person)
                _add(p, "employer", org)
            else:
                p = make("Membership", _eid("affiliation", rid), "affiliations", rid, r["source_ids"])
                _add(p, "member", person)
                _add(p, "organization", org)
        elif not _clean(r["related_person_id"]):
            # a post held with no institution named (e.g. "shadow home secretary"): FtM's
            # Position (named by the title as written) and an Occupancy of it
            post = make("Position", _eid("position", rid), "affiliations", rid, r["source_ids"])
            _add(post, "name", r["title"] or r["role"])
            p = make("Occupancy", _eid("affiliation", rid), "affiliations", rid, r["source_ids"])
            _add(p, "holder", person)
            _add(p, "post", post.id)
        else:
            other = _eid("person", r["related_person_id"])
            if r["role"] == "counsel":
                p = make("Representation", _eid("affiliation", rid), "affiliations", rid, r["source_ids"])
                _add(p, "agent", person)
                _add(p, "client", other)
            else:
                p = make("UnknownLink", _eid("affiliation", rid), "affiliations", rid, r["source_ids"])
                _add(p, "subject", person)
                _add(p, "object", other)
        if p.schema.name != "Occupancy":  # an Occupancy's role is its Position, named above
            _add(p, "role", [r["role"], r["title"]])
        _add(p, "status", r["status"])
        for k, v in _date_props(r["date_start"], r["date_end"], "range").items():
            _add(p, k, v)
    involved: dict[str, list[tuple[str, str]]] = {}
    for r in rows(tables["event_participants"]):
        kind = "person" if r["participant_type"] == "person" else "institution"
        involved.setdefault(r["event_id"], []).append((_eid(kind, r["participant_id"]), r["role"]))
    events = tables["events"]
    for r in rows(events):
        p = make("Event", _eid("event", r["event_id"]), "events", r["event_id"], r["source_ids"])
        _add(p, "name", r["title"])
        _add(p, "summary", f"status: {r['status']}; date precision: {r['date_precision']}, basis: {r['date_basis']}")
        _add(p, "description", r["date_note"])
        for k, v in _date_props(r["date_start"], r["date_end"], r["date_precision"]).items():
            _add(p, k, v)
        for eid, role in involved.get(r["event_id"], []):
            _add(p, "organizer" if role == "organiser" else "involved", eid)
        _add(p, "keywords", [r["event_type"]] + (["about the case"] if "about_case" in events.columns and r["about_case"] else []))
    for r in rows(tables["statements"]):
        sid = r["statement_id"]
        p = make("Note", _eid("statement", sid), "statements", sid, r["source_ids"])
        speaker = (_eid("person", r["speaker_person_id"]) if _clean(r["speaker_person_id"])
                   else _eid("institution", r["speaker_institution_id"]) if _clean(r["speaker_institution_id"]) else None)
        _add(p, "entity", speaker)
        _add(p, "name", sid)
        _add(p, "description", r["text"])
        date = _date_props(r["date_start"], r["date_end"], r["date_precision"])
        _add(p, "summary", f"{r['kind'].replace('_', ' ')} by {r['speaker_label']}; medium: {r['medium']}; "
                           f"date: {date.get('date') or '/'.join(filter(None, [date.get('startDate'), date.get('endDate')])) or 'unknown'}")
        _add(p, "notes", [f"wording in another source: {v}" for v in (_clean(r["wording_variants"]) or [])])
    return out


def write_ftm(path: Path, tables: dict | None = None, overwrite: bool = False) -> Path:
    """Write the entities as FtM JSON lines, atomically, to a new file (or over an existing regular
    file if `overwrite`: fsutil.write_file_atomic); returns the path."""
    from westminster_casefile.fsutil import write_file_atomic

    lines = [json.dumps(p.to_dict(), ensure_ascii=False, sort_keys=True) for p in entities(tables)]
    write_file_atomic(Path(path), ("\n".join(lines) + "\n").encode("utf-8"), overwrite)
    return Path(path)
