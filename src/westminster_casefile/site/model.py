"""The case file as plain Python objects for the site's templates, read through the public loader.

Everything the pages show comes from the nine tables; the only other input is the optional
sentence around each quotation (see sentences.py). Missing values become None, lists become
lists, so templates never meet NaN or numpy arrays."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

STATUSES = ("happened", "alleged", "claimed", "scheduled", "cancelled")
_VARIANT = re.compile(r"^(\d{3}_[0-9a-f]{16}):\s*(.*)$", re.S)


def clean(value):
    """One plain Python value from a loader DataFrame cell: NaN/NaT/None -> None, pandas
    Timestamps (date columns are datetime64) -> datetime.date, numpy arrays -> lists, everything
    else unchanged. The site and the exports read the tables through this one function."""
    if value is None or type(value).__name__ == "NaTType":
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "to_pydatetime"):  # a pandas Timestamp: every date column holds dates only
        return value.date()
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        return [clean(v) for v in value.tolist()]
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


def rows(df) -> list[dict]:
    return [{k: clean(v) for k, v in rec.items()} for rec in df.to_dict("records")]


def fmt_date(start, end, precision) -> str:
    """A date as precise as the data says, never more."""
    if precision == "unknown" or (start is None and end is None):
        return "date unknown"
    if precision == "day":
        return f"{start:%-d %B %Y}"
    if precision == "month":
        return f"{start:%B %Y}"
    if precision == "year":
        return f"{start:%Y}"
    if start is None:
        return f"by {end:%-d %B %Y} (start not known)"
    if end is None:
        return f"from {start:%-d %B %Y} (end not known)"
    return f"between {start:%-d %B %Y} and {end:%-d %B %Y}"


@dataclass
class Case:
    version: str
    sources: dict[str, dict]
    people: dict[str, dict]
    institutions: dict[str, dict]
    affiliations: list[dict]
    events: dict[str, dict]
    participants: list[dict]
    statements: dict[str, dict]
    evidence: dict[tuple[str, str], list[dict]] = field(default_factory=dict)
    has_about_case: bool = False

    # ---- lookups used by the templates -------------------------------------------------
    def entity(self, eid: str | None) -> dict | None:
        if eid is None:
            return None
        return self.people.get(eid) or self.institutions.get(eid) or self.events.get(eid)

    def evidence_for(self, table: str, rid: str) -> list[dict]:
        return self.evidence.get((table, rid), [])


def _entity_url(kind: str, eid: str) -> str:
    return f"{kind}/{eid}.html"


def load_case(tables: dict, version: str) -> Case:
    """Build the Case from the loader's DataFrames (westminster_casefile.load_all())."""
    sources = {r["source_id"]: r for r in rows(tables["sources"])}
    for s in sources.values():
        s["date"] = fmt_date(s["published_start"], s["published_end"], s["published_precision"])
        s["label"] = f"{s['publisher'] or 'publisher unknown'}, {s['date']}"
        s["url_page"] = f"sources.html#src-{s['source_id']}"
    people = {r["person_id"]: {**r, "id": r["person_id"], "etype": "person", "url": _entity_url("person", r["person_id"])}
              for r in rows(tables["people"])}
    institutions = {r["institution_id"]: {**r, "id": r["institution_id"], "etype": "institution",
                                          "url": _entity_url("institution", r["institution_id"])}
                    for r in rows(tables["institutions"])}
    events_df = tables["events"]
    has_about = "about_case" in events_df.columns
    events = {}
    for r in rows(events_df):
        r.update(id=r["event_id"], etype="event", name=r["title"], url=_entity_url("event", r["event_id"]),
                 date=fmt_date(r["date_start"], r["date_end"], r["date_precision"]),
                 about_case=bool(r.get("about_case")) if has_about else None,
                 date_wordings=[_variant(v) for v in (r.get("date_variants") or [])])
        events[r["event_id"]] = r
    statements = {}
    st_about = "about_case" in tables["statements"].columns
    for r in rows(tables["statements"]):
        r["about_case"] = bool(r.get("about_case")) if st_about else None
        r.update(id=r["statement_id"], url=f"statement/{r['statement_id']}.html",
                 date=fmt_date(r["date_start"], r["date_end"], r["date_precision"]),
                 addressee_ids=r["addressee_ids"] or [], concerns_ids=r["concerns_ids"] or [],
                 variants=[_variant(v) for v in (r.get("wording_variants") or [])])
        statements[r["statement_id"]] = r
    affiliations = rows(tables["affiliations"])
    for a in affiliations:
        a["date"] = fmt_date(a["date_start"], a["date_end"], "range") if (a["date_start"] or a["date_end"]) else None
    participants = rows(tables["event_participants"])
    evidence: dict[tuple[str, str], list[dict]] = {}
    for e in rows(tables["evidence"]):
        e["source"] = sources.get(e["source_id"])
        e["anchor"] = "ev-" + re.sub(r"[^A-Za-z0-9_-]", "-", e["evidence_id"])
        evidence.setdefault((e["record_table"], e["record_id"]), []).append(e)
    return Case(version, sources, people, institutions, affiliations, events, participants, statements,
                evidence, has_about)


def _variant(text: str) -> dict:
    m = _VARIANT.match(text)
    return {"source_id": m.group(1), "text": m.group(2)} if m else {"source_id": None, "text": text}
