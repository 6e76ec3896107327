"""Assembling the nine tables from the sources and the curated records.

Here the build derives what can be derived mechanically: evidence offsets, the speaker and
participant types, dates resolved from relative expressions, source counts, wording variants,
and mentions. It never invents a fact: every row comes from a curated record or a name match."""
from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date

from westminster_casefile.build import anchor, dates, mentions
from westminster_casefile.build.curation import Record, did_you_mean
from westminster_casefile.build.sources import Source
from westminster_casefile.problems import Problem

ENTITY_TABLES = {"people": "person", "institutions": "institution"}


class Assembler:
    def __init__(self, sources: dict[str, Source], records: dict[str, list[Record]]):
        self.sources = sources
        self.records = records
        self.problems: list[Problem] = []
        self.evidence: list[dict] = []
        self.ids = {kind: {r.id for r in records[kind]} for kind in ("people", "institutions", "events")}
        self.entity_ids = self.ids["people"] | self.ids["institutions"]

    # -- helpers ------------------------------------------------------------------------------
    def problem(self, rec: Record, message: str, hint: str = "", code: str = "", line: int | None = None):
        where = f"{rec.file}:{line}" if line else rec.where
        self.problems.append(Problem(where, f"{rec.kind[:-1] if rec.kind != 'people' else 'person'} {rec.id}: {message}", hint, code))

    def ref(self, rec: Record, value, allowed: set, what: str) -> str | None:
        """Check a reference to another record's id; None when absent or unknown."""
        if value in (None, ""):
            return None
        if value not in allowed:
            hint = did_you_mean(value, allowed) or f"define {what} {value!r} in annotations/, or fix the id"
            self.problem(rec, f"unknown {what} {value!r}", hint, "unknown-ref")
            return None
        return value

    def cite(self, table: str, rec: Record) -> tuple[list[dict], list[str]]:
        """Anchor every evidence item of a record; returns its evidence rows and source ids."""
        rows = []
        for i, ev in enumerate(rec.get("evidence", []), start=1):
            line = ev.get("__line__")
            src = self.sources.get(ev["source"])
            if src is None:
                self.problem(rec, f"evidence {i}: unknown source {ev['source']!r}",
                             did_you_mean(ev["source"], self.sources) or "source ids are the file names in sources/",
                             "unknown-source", line)
                continue
            found = anchor.anchor(src.text, ev["quote"], ev.get("occurrence"))
            if isinstance(found, str):
                hint = "copy the quote character for character from the article"
                if "not in the article" in found:
                    hint = anchor.hint(src.text, ev["quote"])
                self.problem(rec, f"evidence {i} in {src.id}: {found}: {ev['quote']!r}", hint,
                             "quote-not-found" if "not in" in found else "quote-ambiguous", line)
                continue
            start, end = found
            rows.append({"evidence_id": f"{table}:{rec.id}:{i:02d}", "source_id": src.id, "record_table": table,
                         "record_id": rec.id, "start": start, "end": end, "quote": ev["quote"],
                         "translated": bool(src.meta["translated"]), "annotation_file": f"{rec.file}:{line or rec.line}"})
        self.evidence.extend(rows)
        source_ids = sorted({r["source_id"] for r in rows})
        return rows, source_ids

    def provenance(self, source_ids: list[str]) -> dict:
        return {"source_count": len(source_ids), "source_ids": source_ids}

    def when(self, rec: Record, key: str, cited: list[dict], *, future: bool = False) -> dict:
        """date_start/date_end/date_precision/date_text/date_basis/date_note of a date mapping."""
        spec = rec.get(key)
        out = {"date_start": None, "date_end": None, "date_precision": "unknown",
               "date_text": None, "date_basis": "unknown", "date_note": None}
        if not spec:
            return out
        line = spec.get("__line__")
        out["date_text"] = spec.get("text")
        out["date_note"] = spec.get("note")
        if spec.get("value"):
            try:
                span = dates.parse_value(spec["value"])
            except ValueError as exc:
                self.problem(rec, f"{key}: {exc}", "", "bad-date", line)
                return out
            basis = spec.get("basis") or "stated"
        elif spec.get("text"):
            source_id = spec.get("source") or (cited[0]["source_id"] if cited else None)
            src = self.sources.get(source_id)
            if src is None:
                self.problem(rec, f"{key}: cannot resolve {spec['text']!r}: unknown source {source_id!r}",
                             "give `source:` (the article the expression is relative to)", "bad-date", line)
                return out
            resolved = dates.resolve(spec["text"], src.published, future=future)
            if resolved is None:
                self.problem(rec, f"{key}: cannot resolve {spec['text']!r} against {src.id} (published {src.meta['published'].get('value')})",
                             "write `value:` (an ISO date or range) and `basis:`", "bad-date", line)
                return out
            span, basis = resolved
            if spec.get("basis") and spec["basis"] != basis:
                self.problem(rec, f"{key}: basis {spec['basis']!r} given, but the text resolves as {basis!r}",
                             f"remove `basis:` or give `value:` with basis {spec['basis']!r}", "bad-date", line)
        else:
            if spec.get("basis") not in (None, "unknown"):
                self.problem(rec, f"{key}: basis {spec['basis']!r} without a value or text", "add `value:` or `text:`", "bad-date", line)
            return out
        out.update(date_start=span.start, date_end=span.end, date_precision=span.precision, date_basis=basis)
        return out

    # -- tables -------------------------------------------------------------------------------
    def sources_table(self) -> list[dict]:
        rows = []
        for sid, src in sorted(self.sources.items()):
            m = src.meta
            rows.append({
                "source_id": sid, "title": m.get("title"), "publisher": m.get("publisher"),
                "publisher_basis": m["publisher_basis"], "published_start": src.published.start,
                "published_end": src.published.end, "published_precision": src.published.precision,
                "published_basis": m["published"].get("basis") or "unknown", "published_note": m.get("published_note"),
                "url": m.get("url"), "language": m["language"], "translated": bool(m["translated"]),
                "translation_note": m.get("translation_note"), "text_sha256": src.sha256, "text_chars": len(src.text)})
        return rows

    def people(self) -> list[dict]:
        rows = []
        for rec in self.records["people"]:
            _, sids = self.cite("people", rec)
            rows.append({"person_id": rec.id, "name": rec.get("name"), "aliases": list(rec.get("aliases", [])),
                         "description": rec.get("description"), **self.provenance(sids)})
        return rows

    def institutions(self) -> list[dict]:
        rows = []
        for rec in self.records["institutions"]:
            _, sids = self.cite("institutions", rec)
            parent = self.ref(rec, rec.get("parent"), self.ids["institutions"], "institution")
            if parent == rec.id:
                self.problem(rec, "is its own parent", "remove `parent:`", "bad-ref")
            rows.append({"institution_id": rec.id, "name": rec.get("name"), "aliases": list(rec.get("aliases", [])),
                         "kind": rec.get("kind"), "country": rec.get("country"), "parent_institution_id": parent,
                         "description": rec.get("description"), **self.provenance(sids)})
        return rows

    def affiliations(self) -> list[dict]:
        rows = []
        for rec in self.records["affiliations"]:
            cited, sids = self.cite("affiliations", rec)
            person = self.ref(rec, rec.get("person"), self.ids["people"], "person")
            institution = self.ref(rec, rec.get("institution"), self.ids["institutions"], "institution")
            related = self.ref(rec, rec.get("related_person"), self.ids["people"], "person")
            if not rec.get("institution") and not rec.get("related_person") and rec.get("role") != "officeholder":
                self.problem(rec, "names neither an institution nor a related person",
                             "add `institution:` or `related_person:`", "missing-field")
            start = self.when(rec, "date", cited)
            end = self.when(rec, "end_date", cited)
            basis = start["date_basis"] if start["date_start"] else end["date_basis"]
            texts = [t for t in (start["date_text"], end["date_text"]) if t]
            rows.append({"affiliation_id": rec.id, "person_id": person, "institution_id": institution,
                         "related_person_id": related, "role": rec.get("role"), "title": rec.get("title"),
                         "status": rec.get("status") or "unknown", "date_start": start["date_start"],
                         "date_end": end["date_end"], "date_text": "; ".join(texts) or None,
                         "date_basis": basis, **self.provenance(sids)})
        return rows

    def events(self) -> tuple[list[dict], list[dict]]:
        rows, participants = [], []
        for rec in self.records["events"]:
            cited, sids = self.cite("events", rec)
            future = rec.get("status") in ("scheduled", "cancelled")
            when = self.when(rec, "date", cited, future=future)
            rows.append({"event_id": rec.id, "event_type": rec.get("type"), "title": rec.get("title"),
                         **when, "date_variants": self.date_variants(cited, when["date_text"]),
                         "status": rec.get("status"), **self.provenance(sids)})
            for p in rec.get("participants", []):
                pid = self.ref(rec, p["id"], self.entity_ids, "person or institution")
                if pid:
                    ptype = "person" if pid in self.ids["people"] else "institution"
                    participants.append({"event_id": rec.id, "participant_type": ptype,
                                         "participant_id": pid, "role": p["role"]})
        return rows, participants

    def statements(self) -> list[dict]:
        rows = []
        for rec in self.records["statements"]:
            cited, sids = self.cite("statements", rec)
            person = self.ref(rec, rec.get("speaker_person"), self.ids["people"], "person")
            institution = self.ref(rec, rec.get("speaker_institution"), self.ids["institutions"], "institution")
            # An unnamed speaker ("Cash's lawyer", "China experts") has neither id; speaker_label
            # (required) then says who, as the article does.
            event = self.ref(rec, rec.get("event"), self.ids["events"], "event")
            addressees = [a for a in (self.ref(rec, a, self.entity_ids, "person or institution")
                                      for a in rec.get("addressees", [])) if a]
            concerns = [a for a in (self.ref(rec, a, self.entity_ids, "person or institution")
                                    for a in rec.get("concerns", [])) if a]
            # The text is what the first article prints (parts of a quote continued across
            # paragraphs joined); each other article's wording is a variant when it differs.
            parts: dict[str, list[dict]] = defaultdict(list)
            for ev in cited:
                parts[ev["source_id"]].append(ev)
            wordings = {sid: self.join_parts(sid, evs) for sid, evs in parts.items()}
            first = cited[0]["source_id"] if cited else None
            text = wordings[first] if first else (rec.get("text") or "")
            if rec.get("text") and cited and rec.get("text") != text:
                self.problem(rec, "`text` differs from its first evidence quote(s)",
                             "remove `text:` (it is taken from the evidence) or make it identical", "text-mismatch")
            variants = sorted({w for sid, w in wordings.items() if sid != first and w != text})
            translated = bool(cited) and all(ev["translated"] for ev in cited)
            rows.append({"statement_id": rec.id, "speaker_person_id": person, "speaker_institution_id": institution,
                         "speaker_label": rec.get("speaker_label"), "text": text, "kind": rec.get("kind"),
                         "medium": rec.get("medium"), **self.when(rec, "date", cited), "event_id": event,
                         "addressee_ids": addressees, "concerns_ids": concerns, "translated": translated,
                         "wording_variants": variants, **self.provenance(sids)})
        return rows

    @staticmethod
    def date_variants(cited: list[dict], date_text: str | None) -> list[str]:
        """How the articles word the date of the same happening, where their evidence says it:
        'source_id: expression' for each date expression in an evidence quote, other than the
        one the date was taken from (so "On 15 September" in 001 sits beside 004's "on Monday")."""
        def bare(expression: str) -> str:
            return re.sub(r"^(on|in|at|from)\s+", "", expression.strip().lower())

        own = bare(date_text or "")
        found = set()
        for ev in cited:
            for m in dates.EXPRESSION_RX.finditer(ev["quote"]):
                expression = m.group(0)
                if bare(expression) not in own:
                    found.add(f"{ev['source_id']}: {expression}")
        return sorted(found)

    def join_parts(self, source_id: str, evidence: list[dict]) -> str:
        """One article's wording of a statement cited in several parts.

        Parts that follow each other in the article with only space, quotation marks or a
        paragraph break between them, or that end one paragraph and open a later one (a quotation
        continued across paragraphs, perhaps past a photo caption), are joined with a space;
        parts with other words between them are joined with " … ", marking the elision.
        A part whose words are already in the text (a headline or lede echoing the full quote)
        supports the statement as evidence but is not repeated in its text."""
        text = self.sources[source_id].text
        out, prev = evidence[0]["quote"], evidence[0]
        for ev in evidence[1:]:
            if ev["quote"] in out:
                continue
            gap = text[prev["end"]:ev["start"]] if prev["end"] <= ev["start"] else "x"
            ends_paragraph = text[prev["end"]:prev["end"] + 3].lstrip("”’\"' ")[:1] in ("\n", "")
            opens_paragraph = text[max(0, ev["start"] - 3):ev["start"]].rstrip("“‘\"' ")[-1:] in ("\n", "")
            continued = not gap.strip(" \n\t“”‘’\"'") or (prev["end"] <= ev["start"] and ends_paragraph and opens_paragraph)
            out += (" " if continued else " … ") + ev["quote"]
            prev = ev
        return out

    def mentions(self) -> list[dict]:
        entities = []
        for table in ENTITY_TABLES:
            for rec in self.records[table]:
                entities.append((table, rec.id, [rec.get("name"), *rec.get("aliases", [])]))
        index, clashes = mentions.surface_index(entities)
        for surface, owners in sorted(clashes.items()):
            names = ", ".join(f"{t}/{i}" for t, i in sorted(owners))
            self.problems.append(Problem("annotations/", f"the name {surface!r} belongs to more than one entity ({names})",
                                         "keep it as the alias of one entity only (mentions must be unambiguous)",
                                         "ambiguous-alias"))
        matcher = mentions.compile_matcher(index)
        # An alias that names something else at one place ("party secretary for Beijing", the
        # city, not the state) is excluded there by a `waived_mentions` entry.
        excluded = set()
        for rec in self.records["waived_mentions"]:
            src = self.sources.get(rec.get("source"))
            found = anchor.anchor(src.text, rec.get("quote"), rec.get("occurrence")) if src else "unknown source"
            if isinstance(found, str):
                self.problems.append(Problem(rec.where, f"waived mention {rec.get('quote')!r} in {rec.get('source')}: {found}",
                                             "quote the name exactly, with `occurrence` when it repeats", "quote-not-found"))
            else:
                excluded.add((src.id, found[0]))
        rows = []
        for sid, src in sorted(self.sources.items()):
            rows.extend(m for m in mentions.find_mentions(sid, src.text, index, matcher) if (sid, m["start"]) not in excluded)
        return rows


def _sort_key(row: dict, keys: list[str]):
    return tuple((v is None, v if not isinstance(v, (list, date)) else json.dumps(v, default=str))
                 for v in (row[k] for k in keys))


def assemble(sources: dict[str, Source], records: dict[str, list[Record]]) -> tuple[dict[str, list[dict]], list[Problem]]:
    """The nine tables, rows sorted by primary key, and every problem met on the way."""
    from westminster_casefile import schema

    a = Assembler(sources, records)
    events, participants = a.events()
    tables = {"sources": a.sources_table(), "people": a.people(), "institutions": a.institutions(),
              "affiliations": a.affiliations(), "events": events, "event_participants": participants,
              "statements": a.statements(), "mentions": a.mentions()}
    tables["evidence"] = a.evidence
    for name, rows in tables.items():
        keys = schema.primary_key(name)
        rows.sort(key=lambda r: _sort_key(r, keys))
    return {name: tables[name] for name in schema.TABLES}, a.problems
