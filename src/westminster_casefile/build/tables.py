"""Assembling the nine tables from the sources and the curated records.

Here the build derives what can be derived mechanically: evidence offsets, the speaker and
participant types, dates resolved from relative expressions, source counts, wording variants,
and mentions. It never invents a fact: every row comes from a curated record or a name match."""
from __future__ import annotations

import contextlib
import json
import operator
import re
from collections import defaultdict
from datetime import date

from westminster_casefile import text as article_text
from westminster_casefile.build import anchor, dates, fidelity, memo, mentions
from westminster_casefile.build.curation import ENTITY_KINDS, Record, did_you_mean, schema_slug
from westminster_casefile.build.sources import Source
from westminster_casefile.problems import Problem

ENTITY_TABLES = {"people": "person", "institutions": "institution"}
QUOTE_KINDS = ("full_quote", "partial_quote")
# Words a description may use only when a cited article uses them too: each names a kind of
# body or a standing that is easy to supply from general knowledge ("the prime minister's office",
# "news agency") rather than from the articles.
RISKY_DESCRIPTION_WORDS = ("newspaper", "news agency", "agency", "prime minister's office", "broadcaster",
                           "chairs", "chaired", "leader", "headquarters", "founded", "former", "spokesperson",
                           "ministry", "department", "intelligence chief", "top intelligence")
# Shared words shorter than this are not taken as the same utterance ("no longer met").
SAME_WORDS_MIN = 30


def join_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """One article's wording of a statement from its words spans, in article order.

    Spans that follow each other with only space, quotation marks or a paragraph break between
    them, or that end one paragraph and open a later one (a quotation continued across
    paragraphs, perhaps past a photo caption), are joined with a space; spans with other words
    between them are joined with " … ", marking the elision. A span whose words are already in
    the text, or inside another words span, is not repeated."""
    spans = sorted(set(spans))
    # A fragment the article also prints inside a longer words span (a lede quoting a phrase of
    # the letter it then prints in full) is not repeated.
    quotes = [text[a:b] for a, b in spans]
    spans = [sp for sp, q in zip(spans, quotes) if not any(q in other and q != other for other in quotes)]
    if not spans:
        return ""
    out, prev = text[spans[0][0]:spans[0][1]], spans[0]
    for start, end in spans[1:]:
        quote = text[start:end]
        if quote in out:
            continue
        gap = text[prev[1]:start] if prev[1] <= start else "x"
        ends_paragraph = text[prev[1]:prev[1] + 3].lstrip("”’\"' ")[:1] in ("\n", "")
        opens_paragraph = text[max(0, start - 3):start].rstrip("“‘\"' ")[-1:] in ("\n", "")
        continued = not gap.strip(" \n\t“”‘’\"'") or (prev[1] <= start and ends_paragraph and opens_paragraph)
        out += (" " if continued else " … ") + quote
        prev = (start, end)
    return out


def statement_wordings(evidence: list[dict], texts: dict[str, str]) -> tuple[str, list[str]]:
    """A statement's `text` and `wording_variants`, recomputed from its evidence rows.

    `evidence` are the statement's evidence rows in annotation order (dicts with source_id,
    start, end, role); `texts` maps source_id to the article text. Only `words` rows count:
    the text is the first article's words spans in article order (that article is the one of
    the first words row), and each other article whose words differ gives "<source_id>:
    <wording>". Validation calls this to check a package's statements against its evidence."""
    words = [ev for ev in evidence if ev.get("role") == "words"]
    if not words:
        return "", []
    by_source: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for ev in words:
        by_source[ev["source_id"]].append((ev["start"], ev["end"]))
    first = words[0]["source_id"]
    text = join_spans(texts[first], by_source[first])
    variants = sorted({f"{sid}: {w}" for sid, spans in by_source.items() if sid != first
                       for w in [join_spans(texts[sid], spans)] if w != text})
    return text, variants


def inside_quotation(quotations: list, start: int, end: int) -> bool:
    """True when [start, end) lies within one quotation's marks."""
    return any(q.start <= start and end <= q.end for q in quotations)


def _dated_by_another_article(meta: dict) -> bool:
    """Whether an article's publication date is known only from other articles (sources.yaml's
    `cited_by_other_source`, or `resolved` from its own relative words against their dates)."""
    return (meta.get("published") or {}).get("basis") in ("cited_by_other_source", "resolved")


class _Watched(dict):
    """A mapping that tells the assembler each key a record's assembly looks up (see `kept`)."""

    def __init__(self, data, tell):
        super().__init__(data)
        self._tell = tell

    def __getitem__(self, key):
        self._tell(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._tell(key)
        return super().get(key, default)

    def __contains__(self, key):
        self._tell(key)
        return super().__contains__(key)


class _WatchedSet(set):
    """A set of ids that tells the assembler each id a record's assembly asks about."""

    def __init__(self, data, name: str, tell):
        super().__init__(data)
        self._name, self._tell = name, tell

    def __contains__(self, key):
        found = super().__contains__(key)
        self._tell(self._name, key, found)
        return found


class Assembler:
    def __init__(self, sources: dict[str, Source], records: dict[str, list[Record]], cache_dir=None):
        self.records = records
        self.problems: list[Problem] = []
        self.evidence: list[dict] = []
        self.cache_dir = cache_dir
        # What the record being assembled reads of the rest of the case file, while it is
        # recorded (`kept`): articles, ids asked about, speakers' names.
        self._deps: dict | None = None
        self._keep = True  # False once the record read something the cache cannot record
        self._fingerprints: dict = {}
        self.sources = _Watched(sources, self._read_source)
        self.texts = _Watched({sid: src.text for sid, src in sources.items()}, self._read_source)  # once, not per statement
        self._id_sets = {kind: _WatchedSet((r.id for r in records[kind]), kind, self._asked)
                         for kind in ("people", "institutions", "events", "statements")}
        self._id_sets["entities"] = _WatchedSet(self._id_sets["people"] | self._id_sets["institutions"], "entities", self._asked)
        self.ids = self._id_sets
        self.entity_ids = self._id_sets["entities"]
        self._names_of = {r.id: [n for n in [r.get("name"), *r.get("aliases", [])] if n]
                          for table in ENTITY_TABLES for r in records[table]}
        self._names = _Watched(self._names_of, self._read_names)
        # Event types as the event rows will carry them (fidelity.check reads a statement's event's).
        self._event_types = {r.id: r.get("type") for r in records["events"]}
        self._dates = {kind: memo.date_fields(kind) for kind in ENTITY_KINDS}
        self._keys: dict[tuple, tuple] = {}
        # A statement id given twice (a duplicate-id problem) pools both rows' evidence in
        # fidelity.check: such statements are checked again, as without the cache.
        seen: set = set()
        self._shared_statement_ids = {r.id for r in records["statements"] if r.id in seen or seen.add(r.id)}
        self.event_types = _Watched(self._event_types, self._read_event_type)

    # -- the assembly cache ---------------------------------------------------------------------
    def _fingerprint(self, sid):
        if sid not in self._fingerprints:
            src = dict.get(self.sources, sid) if isinstance(sid, str) else None
            self._fingerprints[sid] = memo.source_fingerprint(src) if src is not None else None
        return self._fingerprints[sid]

    def _read_source(self, sid):
        if self._deps is not None:
            if isinstance(sid, str) or sid is None:
                self._deps["s"][sid] = self._fingerprint(sid)
            else:
                self._keep = False

    def _asked(self, name, key, found):
        if self._deps is not None:
            if isinstance(key, str):
                self._deps["i"][(name, key)] = found
            else:
                self._keep = False

    def _read_names(self, key):
        if self._deps is not None:
            if isinstance(key, str):
                self._deps["n"][key] = self._names_of.get(key)
            else:
                self._keep = False

    def _read_event_type(self, key):
        if self._deps is not None:
            if isinstance(key, str) or key is None:
                self._deps["e"][key] = self._event_types.get(key)
            else:
                self._keep = False

    def _holds(self, deps: dict) -> bool:
        """Whether every fact saved rows were computed from still holds."""
        try:
            return (all(self._fingerprint(sid) == fp for sid, fp in deps["s"])
                    and all(set.__contains__(self._id_sets[name], key) == found for name, key, found in deps["i"])
                    and all(self._names_of.get(key) == names for key, names in deps["n"])
                    and all(self._event_types.get(key) == kind for key, kind in deps["e"]))
        except (KeyError, TypeError, ValueError):
            return False

    def kept(self, rec: Record, compute):
        """compute() -> (row, extra rows) for one record, or the rows saved for it.

        Returns (row, extra, evidence rows of the record). Saved rows are used when the record's
        file is unchanged (its entry) and every fact its records were computed from holds; a
        file any of whose records meets a problem is not saved, so its problems are found again."""
        unit = rec.unit
        if unit is not None and unit.reuse is None:
            unit.reuse = unit.cached and self._holds(unit.saved["deps"])
            if unit.reuse:
                unit.saved["columns"] = {c: self._shared_keys(keys) for c, keys in unit.saved["columns"].items()}
            else:
                unit.saved = {}
        if unit is not None and unit.reuse:
            saved = unit.saved["rows"].pop(rec.slot, None)  # (read once: its lists can go when decoded)
            columns = unit.saved["columns"]
            try:
                row = memo.decode_row(columns[f"row:{rec.kind}"], saved["row"], self._dates[rec.kind])
                extra = [memo.decode_row(columns[f"extra:{rec.kind}"], r) for r in saved["extra"]]
                # Evidence rows are made again from the record's items and the saved offsets (their
                # text is the record's and the article's own: no second copy of every quote).
                items = rec.get("evidence", [])
                evidence = [self.evidence_row(rec.kind, rec, i, items[i - 1], dict.get(self.sources, items[i - 1]["source"]),
                                              start, end) for i, start, end in saved["evidence"]]
            except (KeyError, TypeError, ValueError):
                unit.complete = False  # (an entry lacking a record's rows: assembled, not saved)
            else:
                self.evidence.extend(evidence)
                return row, extra, evidence
        problems, start = len(self.problems), len(self.evidence)
        if unit is not None:
            self._deps, self._keep = unit.deps, True
        try:
            row, extra = compute()
        finally:
            self._deps = None
        evidence = self.evidence[start:]
        if unit is not None and unit.complete:
            kept = (self._keep and len(self.problems) == problems
                    and self._columns(unit, f"row:{rec.kind}", [row]) and self._columns(unit, f"extra:{rec.kind}", extra))
            rows = [memo.encode_row(row, self._dates[rec.kind]), *map(memo.encode_row, extra)] if kept else [None]
            offsets = self._offsets(rec, evidence) if kept else None
            if None in rows or offsets is None:
                unit.complete = False
            else:
                unit.rows[rec.slot] = {"row": rows[0], "extra": rows[1:], "evidence": offsets}
        return row, extra, evidence

    def _offsets(self, rec: Record, evidence: list[dict]) -> list | None:
        """[i, start, end] of each evidence row, when the rows are made again from them exactly."""
        items = rec.get("evidence", [])
        out = []
        for i, row in enumerate(evidence, start=1):
            again = self.evidence_row(rec.kind, rec, i, items[i - 1], dict.get(self.sources, items[i - 1]["source"]),
                                      row["start"], row["end"]) if i <= len(items) else None
            if again != row or list(again) != list(row):
                return None
            out.append([i, row["start"], row["end"]])
        return out

    def _shared_keys(self, keys) -> tuple:
        """One tuple of key strings for every entry's rows of a table (not a copy per entry)."""
        keys = tuple(keys)
        return self._keys.setdefault(keys, keys)

    @staticmethod
    def _columns(unit, name: str, rows: list[dict]) -> bool:
        """Note the keys of `rows` as the file's columns `name`; False when they differ."""
        for row in rows:
            keys = list(row)
            if unit.columns.setdefault(name, keys) != keys:
                return False
        return True

    def reused(self, rec: Record) -> bool:
        """For fidelity.check: the statement's file's saved rows are reused, so it passed those
        checks against the same facts, unless its note names articles by number (which article
        a number names is not recorded) or its id is given twice: such a statement is checked again."""
        return (rec.unit is not None and rec.unit.reuse is True and not fidelity.names_articles(rec.get("note") or "")
                and rec.id not in self._shared_statement_ids)

    @contextlib.contextmanager
    def recording(self, rec: Record, problems: list):
        """For fidelity.check: record what a statement assembled anew reads; a problem keeps its
        file out of the cache."""
        unit = rec.unit
        if unit is None or unit.reuse:
            yield
            return
        before = len(problems)
        self._deps, self._keep = unit.deps, True
        try:
            yield
        finally:
            self._deps = None
            if len(problems) != before or not self._keep:
                unit.complete = False

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
            role = ev.get("role")
            if table == "statements" and role is None:
                self.problem(rec, f"evidence {i} in {src.id}: no `role`",
                             "write `role: words` for the speaker's words (they make up the text) or "
                             "`role: support` for attribution, paraphrase, headline or context", "missing-field", line)
            elif table != "statements" and role not in (None, "support"):
                self.problem(rec, f"evidence {i}: role {role!r} on a {table} row",
                             "only statements have words; remove `role:`", "bad-enum", line)
            rows.append(self.evidence_row(table, rec, i, ev, src, start, end))
        self.evidence.extend(rows)
        source_ids = sorted({r["source_id"] for r in rows})
        return rows, source_ids

    @staticmethod
    def evidence_row(table: str, rec: Record, i: int, ev: dict, src: Source, start: int, end: int) -> dict:
        """The evidence row of a record's i-th evidence item, anchored at [start, end)."""
        return {"evidence_id": f"{table}:{rec.id}:{i:02d}", "source_id": src.id, "record_table": table,
                "record_id": rec.id, "start": start, "end": end, "quote": ev["quote"],
                "role": ev.get("role") or "support", "annotation_file": f"{rec.file}:{ev.get('__line__') or rec.line}",
                "translated": bool(src.meta["translated"])}

    def provenance(self, source_ids: list[str]) -> dict:
        return {"source_count": len(source_ids), "source_ids": source_ids}

    def when(self, rec: Record, key: str, cited: list[dict], *, future: bool = False) -> dict:
        """date_start/date_end/date_precision/date_text/date_basis/date_note of a date mapping."""
        self.date_sources(rec, key, cited)
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
            if basis == "resolved" and _dated_by_another_article(src.meta):
                basis = "inferred_across_sources"  # the publication date it is resolved against comes from another article
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
        return [self.kept(rec, lambda rec=rec: (self.person(rec), []))[0] for rec in self.records["people"]]

    def person(self, rec: Record) -> dict:
        cited, sids = self.cite("people", rec)
        self.description_words(rec, sids)
        nationality = rec.get("nationality")
        if nationality and not any(nationality.lower() in ev["quote"].lower() for ev in cited):
            self.problem(rec, f"nationality {nationality!r} is in none of the person's evidence quotes",
                         "cite the words that give it (\"two British researchers, Christopher Berry and ...\")", "no-evidence")
        age = rec.get("age") or {}
        as_of = self.sources.get(age.get("source")) if age else None
        if age and as_of is None:
            self.problem(rec, f"age: unknown source {age.get('source')!r}", "the article that prints the age", "unknown-source")
        elif age and age.get("source") not in sids:
            self.problem(rec, "age: the printing article is not among the evidence",
                         "cite the words that give the age (\"Christopher Cash, 30,\")", "no-evidence")
        return {"person_id": rec.id, "name": rec.get("name"), "aliases": list(rec.get("aliases", [])),
                "description": rec.get("description"), "nationality": nationality,
                "age": str(age["years"]) if age else None,
                "age_as_of_start": as_of.published.start if as_of else None,
                "age_as_of_end": as_of.published.end if as_of else None,
                "age_source_id": age.get("source") if as_of else None, **self.provenance(sids)}

    def institutions(self) -> list[dict]:
        return [self.kept(rec, lambda rec=rec: (self.institution(rec), []))[0] for rec in self.records["institutions"]]

    def institution(self, rec: Record) -> dict:
        _, sids = self.cite("institutions", rec)
        self.description_words(rec, sids)
        parent = self.ref(rec, rec.get("parent"), self.ids["institutions"], "institution")
        if parent == rec.id:
            self.problem(rec, "is its own parent", "remove `parent:`", "bad-ref")
        return {"institution_id": rec.id, "name": rec.get("name"), "aliases": list(rec.get("aliases", [])),
                "kind": rec.get("kind"), "country": rec.get("country"), "parent_institution_id": parent,
                "description": rec.get("description"), **self.provenance(sids)}

    def affiliations(self) -> list[dict]:
        return [self.kept(rec, lambda rec=rec: (self.affiliation(rec), []))[0] for rec in self.records["affiliations"]]

    def affiliation(self, rec: Record) -> dict:
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
        role_basis = rec.get("basis") or "stated"
        if role_basis == "stated" and cited and all(
                inside_quotation(self.quotations(ev["source_id"]), ev["start"], ev["end"]) for ev in cited):
            # the articles give the role only in someone's quoted words (the CPS letter's "a research
            # group chaired by you"): the row must not read as the article's own statement (audit R6-004-6)
            self.problem(rec, "every evidence span of the role lies inside someone's quotation marks",
                         "write `basis: attributed` and say in `note` whose words give the role", "role-only-in-quotes")
        return {"affiliation_id": rec.id, "person_id": person, "institution_id": institution,
                "related_person_id": related, "role": rec.get("role"), "title": rec.get("title"),
                "status": rec.get("status") or "unknown", "role_basis": role_basis,
                "date_start": start["date_start"],
                "date_end": end["date_end"], "date_text": "; ".join(texts) or None,
                "date_basis": basis, "note": rec.get("note"), **self.provenance(sids)}

    def events(self) -> tuple[list[dict], list[dict]]:
        rows, participants = [], []
        for rec in self.records["events"]:
            row, theirs, _ = self.kept(rec, lambda rec=rec: self.event(rec))
            rows.append(row)
            participants.extend(theirs)
        return rows, participants

    def event(self, rec: Record) -> tuple[dict, list[dict]]:
        """An event's row and its participants' rows."""
        cited, sids = self.cite("events", rec)
        future = rec.get("status") in ("scheduled", "cancelled")
        when = self.when(rec, "date", cited, future=future)
        row = {"event_id": rec.id, "event_type": rec.get("type"), "title": rec.get("title"),
               **when, "date_variants": self.date_variants(cited, when["date_text"]),
               "status": rec.get("status"), "about_case": self.about_case(rec), **self.provenance(sids)}
        participants = []
        for p in rec.get("participants", []):
            pid = self.ref(rec, p["id"], self.entity_ids, "person or institution")
            if pid:
                ptype = "person" if pid in self.ids["people"] else "institution"
                participants.append({"event_id": rec.id, "participant_type": ptype,
                                     "participant_id": pid, "role": p["role"], "event_status": rec.get("status")})
        return row, participants

    def statements(self) -> list[dict]:
        rows = []
        spans: dict[str, list[dict]] = {}
        for rec in self.records["statements"]:
            row, _, cited = self.kept(rec, lambda rec=rec: (self.statement(rec), []))
            rows.append(row)
            spans[rec.id] = [ev for ev in cited if ev["role"] == "words"]
        self.same_words(rows, spans)
        return rows

    def statement(self, rec: Record) -> dict:
        statement_ids = self.ids["statements"]
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
        text, variants = self.check_words(rec, cited)
        # the text is the first words article's wording: it is a back-translation when that article is
        # a translation, whatever support other articles add (audits R7-000-1, R8-000-2)
        words = [ev for ev in cited if ev["role"] == "words"]
        translated = bool(words) and bool(words[0]["translated"])
        utterance = rec.get("utterance") or rec.id
        if not schema_slug(utterance):
            self.problem(rec, f"utterance {utterance!r} is not a slug", "use the statement id of the joint utterance's first row", "bad-id")
        for other in rec.get("distinct_from", []):
            if other not in statement_ids:
                self.problem(rec, f"distinct_from: unknown statement {other!r}",
                             did_you_mean(other, statement_ids) or "", "unknown-ref")
        self.speakers_named(rec, cited, person, institution)
        self.label_printed(rec, cited)
        return {"statement_id": rec.id, "utterance_id": utterance, "speaker_person_id": person,
                "speaker_institution_id": institution,
                "speaker_label": rec.get("speaker_label"), "text": text, "kind": rec.get("kind"),
                "medium": rec.get("medium"), **self.when(rec, "date", cited), "event_id": event,
                "addressee_ids": addressees, "concerns_ids": concerns, "about_case": self.about_case(rec),
                "translated": translated, "wording_variants": variants, "note": rec.get("note"),
                **self.provenance(sids)}

    def check_words(self, rec: Record, cited: list[dict]) -> tuple[str, list[str]]:
        """The statement's text and wording variants from its words spans, after checking that
        there are words and that a quote's words lie inside quotation marks."""
        words = [ev for ev in cited if ev["role"] == "words"]
        if cited and not words:
            self.problem(rec, "no evidence item has `role: words`, so the statement has no text",
                         "mark the span(s) that are the speaker's words `role: words`", "no-words")
        if rec.get("kind") in QUOTE_KINDS:
            for ev in words:
                if not inside_quotation(self.quotations(ev["source_id"]), ev["start"], ev["end"]):
                    self.problems.append(Problem(ev["annotation_file"],
                        f"statement {rec.id}: a {rec.get('kind')}'s words span is not inside quotation marks in "
                        f"{ev['source_id']}: {ev['quote']!r}",
                        "quote only the words between the quotation marks as `role: words`; keep attribution or "
                        "the reporter's paraphrase as `role: support`, or make the kind `paraphrase`", "words-outside-quotes"))
        if rec.get("kind") == "partial_quote":
            # A fragment whose reported clause the row itself cites as support needs that clause to
            # keep its meaning (a negation: "no proof that Berry had ever met “...”"; a subject:
            # "Members of the politburo “really aren’t accessible”"): the row is a paraphrase.
            support = [ev for ev in cited if ev["role"] == "support"]
            for ev in words:
                if any(s["source_id"] == ev["source_id"] and s["start"] <= ev["start"] and ev["end"] <= s["end"]
                       and (s["start"], s["end"]) != (ev["start"], ev["end"]) for s in support):
                    self.problems.append(Problem(ev["annotation_file"],
                        f"statement {rec.id}: a partial_quote's fragment {ev['quote']!r} sits inside its own support "
                        f"span in {ev['source_id']}, so it needs the reporter's clause to keep its meaning",
                        "make the kind `paraphrase` whose words are the reported clause, quotation marks kept "
                        "(and drop the fragment's own words item)", "fragment-needs-clause"))
        text, variants = statement_wordings(cited, self.texts)
        if rec.get("text") and cited and rec.get("text") != text:
            self.problem(rec, "`text` differs from its words evidence",
                         "remove `text:` (it is taken from the words evidence) or make it identical", "text-mismatch")
        return text or rec.get("text") or "", variants

    def about_case(self, rec: Record) -> bool | None:
        """`about_case` is curated, never defaulted (a draft leaves it out; the build asks for it)."""
        value = rec.get("about_case")
        if value is None:
            self.problem(rec, "no `about_case`", "write `about_case: true` when the row is part of the Cash/Berry case "
                         "itself, `false` for context (the rule is in CURATION.md)", "missing-field")
        return value

    def description_words(self, rec: Record, source_ids: list[str]):
        """Descriptions say only what the articles say: a risky word must occur in a cited article."""
        description = (rec.get("description") or "").lower().replace("’", "'")
        cited = " ".join(self.sources[s].text.lower().replace("’", "'") for s in source_ids)
        for word in RISKY_DESCRIPTION_WORDS:
            if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", description) and not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", cited):
                self.problem(rec, f"description says {word!r}, which no article cited by the row says",
                             "describe it only in the articles' words (or cite the article that says it)", "unsupported-description")

    def date_sources(self, rec: Record, key: str, cited: list[dict]):
        """A date taken from another article than the row's own evidence is `inferred_across_sources`;
        a `stated` date's text is printed in the article it is read from."""
        spec = rec.get(key)
        if not spec or not cited:
            return
        line = spec.get("__line__")
        basis = spec.get("basis") or ("stated" if spec.get("value") else None)
        own = {ev["source_id"] for ev in cited}
        src_id = spec.get("source") or cited[0]["source_id"]
        src = self.sources.get(src_id)
        if basis == "stated":
            if not spec.get("text"):
                self.problem(rec, f"{key}: basis stated without the date's `text`",
                             "quote the date as the article prints it in `text:`", "bad-date", line)
            elif src is not None and spec["text"] not in src.text:
                self.problem(rec, f"{key}: the date text {spec['text']!r} is not in {src_id}",
                             "give `source:` (the article that prints it)", "bad-date", line)
        # A row bounded by its article's publication date, which only another article gives (001 is
        # dated by 000's "a report in The Guardian on October 2"; 002 by 003's "on Wednesday night"),
        # takes its date across sources.
        borrowed = {s: _dated_by_another_article(self.sources[s].meta) for s in own if s in self.sources}
        across = sorted(s for s, yes in borrowed.items() if yes)

        def bounds(ids) -> set[str]:
            return {b for s in ids for b in str((self.sources[s].meta.get("published") or {}).get("value")).split("/")}
        parts = set(str(spec.get("value")).split("/"))
        if basis == "inferred" and parts & bounds(across) and not parts & bounds(s for s, yes in borrowed.items() if not yes):
            self.problem(rec, f"{key}: bounded by the publication date of {', '.join(across)}, which only another article gives",
                         "make the basis `inferred_across_sources` and name that article in the note", "bad-date", line)
        # ... and so does a relative expression ("In June") read in such an article, even where the
        # curator narrows it by hand (audit R7-001-3)
        if (basis == "inferred" and spec.get("text") and src is not None and _dated_by_another_article(src.meta)
                and (dates.resolve(spec["text"], src.published) or (None, None))[1] == "resolved"):
            self.problem(rec, f"{key}: {spec['text']!r} is relative to the publication date of {src_id}, which only another article gives",
                         "make the basis `inferred_across_sources` and say so in the note", "bad-date", line)
        if src_id not in own and basis not in ("inferred_across_sources",):
            self.problem(rec, f"{key}: the date is read from {src_id}, which is not among the row's evidence",
                         "cite that article as evidence, or make the basis `inferred_across_sources` with a note", "bad-date", line)

    def quotations(self, source_id: str) -> list:
        cache = self.__dict__.setdefault("_quotations", {})
        self._read_source(source_id)  # read once per article: the records after the first depend on it too
        if source_id not in cache:
            cache[source_id] = article_text.find_quotations(self.sources[source_id].text)
        return cache[source_id]

    def speakers_named(self, rec: Record, cited: list[dict], person: str | None, institution: str | None):
        """A speaker id only where an article names that speaker near the words: the person or
        body (by name or alias) must occur in the paragraph of a cited span or in one of the three
        paragraphs before it (a quotation continued, "he added"), unless the row's `note` says
        how the article identifies the speaker (naming the speaker, or saying "speaker" or
        "attributed")."""
        names = self._names  # built once (rebuilding it for every statement was quadratic)
        for speaker in (person, institution):
            # A note on the row says how the speaker is identified where the article does so by
            # a role or a pronoun only ("the government’s deputy national security adviser").
            note = rec.get("note") or ""
            if not speaker or any(n in note for n in names.get(speaker, [])) or re.search(r"speaker|attribut", note):
                continue
            found = False
            for ev in cited:
                window = _paragraphs_around(self.sources[ev["source_id"]].text, ev["start"], ev["end"])
                if any(_named_in(n, window) for n in names.get(speaker, [])):
                    found = True
                    break
            if not found:
                self.problem(rec, f"speaker {speaker!r} is named in no article near the statement's evidence",
                             "give a speaker id only where the article names that speaker (or the body they speak for); "
                             "otherwise leave it out and say who in speaker_label", "speaker-not-named")

    def label_printed(self, rec: Record, cited: list[dict]):
        """speaker_label is how an article names the speaker, so it is printed in a cited article
        ("He", not "He (Armstrong)": who "He" is goes in the row's `note`). A speaker no article
        names at all is labelled "not named (...)"."""
        label = rec.get("speaker_label") or ""
        if not label or not cited or label.lower().startswith("not named"):
            return
        if not any(label.lower() in self.sources[ev["source_id"]].text.lower() for ev in cited):
            self.problem(rec, f"speaker_label {label!r} is printed in no article the row cites",
                         "copy the label as the article prints it (a pronoun stays \"He\"); say who it is in `note`",
                         "speaker-label-not-printed")
        # ... and printed where the article attributes the words: in the paragraph of a cited span or
        # the one before, not a name taken from elsewhere for a "He said" (audit R7-004-9)
        elif not any(_named_in(label.lower(), _paragraphs_around(self.sources[ev["source_id"]].text, ev["start"], ev["end"], 1).lower())
                     or label.lower() == str(self.sources[ev["source_id"]].meta.get("publisher") or "").lower()
                     for ev in cited):  # a publisher speaking in its own narration is labelled by its name
            self.problem(rec, f"speaker_label {label!r} is not printed next to the words it labels",
                         "copy the attribution as the article prints it beside the words (\"He said\" gives \"He\"); "
                         "say who it is in `note`", "speaker-label-not-printed")

    def same_words(self, rows: list[dict], spans: dict[str, list[dict]]):
        """One utterance, one row: two statements of different utterances whose words share a
        run of SAME_WORDS_MIN characters must be merged, or say `distinct_from` (same words, other
        occasion). Compared: rows with the same speaker (person, institution or label) and rows
        whose words are the same printed span (a joint report such as "Both men denied ...").

        Candidates come from an index of word-initial shingles, so the check stays linear in the
        size of the case file rather than comparing every pair of statements."""
        by_id = {r["statement_id"]: r for r in rows}
        recs = {r.id: r for r in self.records["statements"]}
        shingle = SAME_WORDS_MIN * 2 // 3  # a shared run of SAME_WORDS_MIN holds a word start followed by this many
        index: dict[str, set[str]] = defaultdict(set)
        for sid, evs in spans.items():
            for ev in evs:
                q = ev["quote"]
                for m in re.finditer(r"(?<!\w)\w", q):
                    if m.start() + shingle <= len(q):
                        index[q[m.start():m.start() + shingle]].add(sid)
        # A shingle shared by very many statements is boilerplate; a real shared run has other,
        # rarer shingles that still pair its statements.
        pairs = {tuple(sorted((x, y))) for ids in index.values() if 1 < len(ids) <= 50
                 for x in ids for y in ids if x < y}

        def speakers(r):
            return {("p", r["speaker_person_id"]), ("i", r["speaker_institution_id"]),
                    ("l", (r["speaker_label"] or "").lower())} - {("p", None), ("i", None)}

        def same_span(a, b):
            return any(x["source_id"] == y["source_id"] and x["start"] < y["end"] and y["start"] < x["end"]
                       for x in spans[a] for y in spans[b])

        for a, b in sorted(pairs):
            ra, rb = by_id[a], by_id[b]
            if ra["utterance_id"] == rb["utterance_id"]:
                continue
            if b in recs[a].get("distinct_from", []) or a in recs[b].get("distinct_from", []):
                continue
            if not (speakers(ra) & speakers(rb) or same_span(a, b)):
                continue
            shared = _longest_shared([e["quote"] for e in spans[a]], [e["quote"] for e in spans[b]])
            if len(shared) >= SAME_WORDS_MIN:
                self.problem(recs[b], f"its words share {shared!r} with statement {a}",
                             "one utterance is one row: merge them (more evidence on one row), give both the "
                             "same `utterance:` for a joint statement, or list the other in `distinct_from` "
                             "when the same words were said on another occasion or one sentence groups separate "
                             "speakers' reactions", "same-words")

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
                # A bare year that opens a name ("the 1911 Official Secrets Act") dates nothing.
                if re.fullmatch(r"\d{4}", expression) and re.match(r" [A-Z]", ev["quote"][m.end():m.end() + 2]):
                    continue
                if bare(expression) not in own:
                    found.add(f"{ev['source_id']}: {expression}")
        return sorted(found)

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
        # Each article's mentions depend on its text and on every name of the case file: kept
        # per article under a key of all the names (an edit that changes no name finds none again).
        name = memo.mentions_name(index) if self.cache_dir is not None else None
        saved = memo.load_mentions(name, self.cache_dir) if name else {}
        now, fresh = {}, False
        rows = []
        for sid, src in sorted(self.sources.items()):
            article = f"{sid}:{src.sha256}"
            found = saved.get(article)
            if not isinstance(found, list):
                found = [[m["entity_table"], m["entity_id"], m["start"], m["end"], m["surface"]]
                         for m in mentions.find_mentions(sid, src.text, index, matcher)]
                fresh = True
            now[article] = found
            rows.extend({"source_id": sid, "entity_table": table, "entity_id": entity_id, "start": start,
                         "end": end, "surface": surface}
                        for table, entity_id, start, end, surface in found if (sid, start) not in excluded)
        if name and (fresh or len(now) != len(saved)):
            memo.save_mentions(name, now, self.cache_dir)
        return rows


def _paragraphs_around(text: str, start: int, end: int, back: int = 3) -> str:
    """The paragraph(s) of [start, end) and the `back` non-blank paragraphs before them."""
    s = text.rfind("\n", 0, start) + 1
    while back > 0 and s > 0:
        s = text.rfind("\n", 0, s - 1) + 1
        back -= bool(text[s:text.find("\n", s)].strip())
    e = text.find("\n", end)
    return text[s:len(text) if e < 0 else e]


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"  # what `\w` matches in a str pattern


def _named_in(name: str, text: str) -> bool:
    r"""re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text), without compiling a pattern per
    name (thousands of names overflow re's cache, and compiling was most of the check's time)."""
    i = text.find(name)
    while i >= 0:
        j = i + len(name)
        if (i == 0 or not _is_word_char(text[i - 1])) and (j == len(text) or not _is_word_char(text[j])):
            return True
        i = text.find(name, i + 1)
    return False


def _longest_shared(a: list[str], b: list[str]) -> str:
    import difflib
    best = ""
    for x in a:
        for y in b:
            m = difflib.SequenceMatcher(None, x, y, autojunk=False).find_longest_match(0, len(x), 0, len(y))
            if m.size > len(best):
                best = x[m.a:m.a + m.size]
    return best.strip()


def _sort_key(row: dict, keys: list[str]):
    return tuple((v is None, v if not isinstance(v, (list, date)) else json.dumps(v, default=str))
                 for v in (row[k] for k in keys))


def assemble(sources: dict[str, Source], records: dict[str, list[Record]],
             cache_dir=None) -> tuple[dict[str, list[dict]], list[Problem]]:
    """The nine tables, rows sorted by primary key, and every problem met on the way.

    With `cache_dir` (westminster_casefile.build.memo's folder), records read with their
    assembly-cache entries reuse the rows saved there, and mentions are kept per article."""
    from westminster_casefile import schema

    a = Assembler(sources, records, cache_dir)
    events, participants = a.events()
    tables = {"sources": a.sources_table(), "people": a.people(), "institutions": a.institutions(),
              "affiliations": a.affiliations(), "events": events, "event_participants": participants,
              "statements": a.statements(), "mentions": a.mentions()}
    tables["evidence"] = a.evidence
    a.problems.extend(fidelity.check(records, a.sources, a.evidence, events, reused=a.reused, recording=a.recording,
                                     event_type=a.event_types))
    for name, rows in tables.items():
        keys = schema.primary_key(name)
        plain = all(set(map(type, map(operator.itemgetter(k), rows))) <= {str, int} for k in keys)
        # Keys of plain text and numbers (every table of a built case file) sort as themselves:
        # the same order as _sort_key's (False, value) pairs, without a tuple of pairs per row.
        rows.sort(key=operator.itemgetter(*keys) if plain else lambda r: _sort_key(r, keys))
    return {name: tables[name] for name in schema.TABLES}, a.problems
