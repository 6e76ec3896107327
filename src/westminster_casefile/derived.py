"""Derived columns, recomputed and compared: what the build derives mechanically must still be
what the package holds.

The recomputation calls the build's own derivation functions (build/tables.py, build/dates.py,
build/mentions.py), so a change to how the build derives a column changes what is checked here
with it. From the package alone: `translated` (evidence from its source, statements from their
evidence), `event_status`, `date_variants`, a one-part statement's text. With the articles at hand (pinned by
sha256): statement text and `wording_variants` from the evidence spans, mentions from the names,
date texts present in the cited articles and dates agreeing with their text."""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from types import SimpleNamespace

from westminster_casefile.problems import Problem


def check(rep, tables, texts) -> None:
    _translated(rep, tables)
    _event_status(rep, tables)
    if "evidence" not in tables:
        return
    _date_variants(rep, tables)
    _statement_text(rep, tables, texts)
    if texts:
        _date_texts(rep, tables, texts)
        _mentions(rep, tables, texts)


def _cited(tables, record_table: str, columns: list[str]) -> dict[str, list[dict]]:
    """record_id -> its evidence rows (only `columns`) in citation order: evidence ids end in
    the item's number, so sorting by them gives the order the curator cited them in. Only one
    record table's evidence is materialised, and only the columns needed."""
    import pyarrow.compute as pc

    ev = tables["evidence"]
    mine = ev.filter(pc.equal(ev.column("record_table"), record_table)).sort_by("evidence_id")
    out: dict[str, list[dict]] = defaultdict(list)
    for rid, *values in zip(*(mine.column(c).to_pylist() for c in ["record_id", *columns])):
        out[rid].append(dict(zip(columns, values)))
    return out


def _differs(data, key: str, column: str, ref, ref_key: str, ref_column: str, null_differs: bool = False):
    """Mask of `data`'s rows whose `column` differs from `ref_column` of the `ref` row with the same
    key (a join, so nothing becomes Python objects); rows without a `ref` row are not flagged."""
    import pyarrow as pa
    import pyarrow.compute as pc

    row = pa.array(range(data.num_rows), pa.int64())
    keyed = pa.table({"__key": data.column(key), "__mine": data.column(column), "__row": row})
    theirs = ref.select([ref_key, ref_column]).rename_columns(["__key", "__theirs"])
    j = keyed.join(theirs, keys="__key", join_type="inner")
    differ = pc.fill_null(pc.not_equal(j.column("__mine"), j.column("__theirs")), null_differs)
    return pc.is_in(row, value_set=pc.filter(j.column("__row"), differ).combine_chunks())


def _translated(rep, tables) -> None:
    import pyarrow.compute as pc

    if "evidence" in tables and "sources" in tables:
        ev = tables["evidence"]
        mask = _differs(ev, "source_id", "translated", tables["sources"], "source_id", "translated")
        rep.rows("evidence", mask, "translated differs from its source's `translated`", "rebuild", "derived")
    if "evidence" in tables and "statements" in tables:
        ev = tables["evidence"]
        mine = ev.filter(pc.and_(pc.equal(ev.column("record_table"), "statements"), pc.equal(ev.column("role"), "words")))
        # the first words item (evidence ids sort in citation order) gives the article the text is taken from
        mine = mine.sort_by("evidence_id")
        first = mine.group_by("record_id", use_threads=False).aggregate([("translated", "first")])
        mask = _differs(tables["statements"], "statement_id", "translated", first, "record_id", "translated_first")
        rep.rows("statements", mask, "translated disagrees with its text's article (true when the first words item is a translation)",
                 "rebuild", "derived")


def _event_status(rep, tables) -> None:
    """A participant row carries its event's status, so that the table read alone does not make
    a part in an alleged event a fact."""
    if "event_participants" not in tables or "events" not in tables:
        return
    mask = _differs(tables["event_participants"], "event_id", "event_status", tables["events"], "event_id", "status",
                    null_differs=True)
    rep.rows("event_participants", mask, "event_status differs from its event's status", "rebuild", "derived")


def _rows(data, columns):
    return zip(range(data.num_rows), *(data.column(c).to_pylist() for c in columns))


def _date_variants(rep, tables) -> None:
    from westminster_casefile.build.tables import Assembler

    if "events" not in tables:
        return
    cited = _cited(tables, "events", ["source_id", "quote"])
    for _, event_id, date_text, variants in _rows(tables["events"], ["event_id", "date_text", "date_variants"]):
        expected = Assembler.date_variants(cited.get(event_id, []), date_text)
        if expected != variants:
            rep.add("events", event_id, f"date_variants {variants} differ from what its evidence words ({expected})",
                    "rebuild", "derived")


def _statement_text(rep, tables, texts) -> None:
    """Statement text is the first article's `words` spans (build.tables.statement_wordings, the
    build's own function), and wording_variants the other articles' words that differ."""
    from westminster_casefile.build.tables import statement_wordings

    if "statements" not in tables:
        return
    cited = _cited(tables, "statements", ["source_id", "start", "end", "quote", "role"])
    st = tables["statements"]
    for _, sid, text, variants in _rows(st, ["statement_id", "text", "wording_variants"]):
        words = [ev for ev in cited.get(sid, []) if ev["role"] == "words"]
        if not words:
            continue  # "cites no evidence" / "no words" is reported by the evidence checks
        if texts and all(ev["source_id"] in texts for ev in words):
            expected, expected_variants = statement_wordings(words, texts)
            if expected != text:
                rep.add("statements", sid, f"text differs from its words evidence: the evidence reads {expected!r}",
                        "rebuild: the text is taken from the evidence marked `words`", "derived")
            if sorted(variants or []) != expected_variants:
                rep.add("statements", sid, f"wording_variants {variants} differ from the other articles' words ({expected_variants})",
                        "rebuild", "derived")
        else:  # without the articles: one words span is the text itself; several must all stand in it
            first = words[0]["source_id"]
            mine = [ev["quote"] for ev in words if ev["source_id"] == first]
            if (len(mine) == 1 and mine[0] != text) or any(q not in (text or "") for q in mine):
                rep.add("statements", sid, "text does not hold every words quote of its first article's evidence",
                        "rebuild: the text is taken from the evidence marked `words`", "derived")


def _date_texts(rep, tables, texts) -> None:
    """A date's text appears in an article the record cites, and its value is what the build
    makes of that text (build/dates.resolve against the citing article's publication date)."""
    from westminster_casefile.build import dates

    @lru_cache(maxsize=65536)  # the same few expressions against the same few dates
    def resolve(text, span, future):
        try:
            return dates.resolve(text, span, future=future)
        except Exception:  # noqa: BLE001 - a text the build cannot resolve is not compared
            return None

    published = {}
    if "sources" in tables:
        s = tables["sources"]
        for _, sid, a, b, p in _rows(s, ["source_id", "published_start", "published_end", "published_precision"]):
            published[sid] = dates.Span(a, b, p)
    for table, id_field in (("events", "event_id"), ("statements", "statement_id"), ("affiliations", "affiliation_id")):
        if table not in tables:
            continue
        data = tables[table]
        cited = _cited(tables, table, ["source_id"])
        cols = [id_field, "date_text", "date_start", "date_end", "date_basis"] + (["status"] if table == "events" else [])
        for _, rid, date_text, start, end, basis, *status in _rows(data, cols):
            if not date_text:
                continue
            sources = sorted({ev["source_id"] for ev in cited.get(rid, [])})
            if not sources or any(s not in texts for s in sources):
                continue  # not all its articles are at hand: the text may be in the missing one
            pieces = date_text.split("; ") if table == "affiliations" else [date_text]
            missing = [p for p in pieces if not any(p in texts[s] for s in sources)]
            if missing:
                rep.add(table, rid, f"date_text {missing[0]!r} appears in none of the articles it cites ({', '.join(sources)})",
                        "the date's text is quoted from the article that dates it", "date-text")
                continue
            if table == "affiliations" or basis not in ("stated", "resolved"):
                continue  # a curator's value ("inferred") need not follow from the text
            future = bool(status) and status[0] in ("scheduled", "cancelled")
            spans = set()
            for s in sources:
                got = resolve(date_text, published.get(s, dates.Span(None, None, "unknown")), future)
                if got:
                    spans.add((got[0].start, got[0].end))
            if spans and (start, end) not in spans:
                (first,) = sorted(spans)[:1]
                rep.add(table, rid, f"dated {start}..{end}, but its text {date_text!r} says {first[0]}..{first[1]}",
                        "fix the value or the text", "date-text")


def _mentions(rep, tables, texts) -> None:
    """Every mention is one the build's matcher finds for the names in the package (a waived
    mention is left out of the package, so the package's mentions are a subset)."""
    from westminster_casefile.build import mentions

    if "mentions" not in tables or "people" not in tables or "institutions" not in tables:
        return
    entities = []
    for table, id_field in (("people", "person_id"), ("institutions", "institution_id")):
        for _, eid, name, aliases in _rows(tables[table], [id_field, "name", "aliases"]):
            entities.append((table, eid, [name, *(aliases or [])]))
    index, _ = mentions.surface_index(entities)
    matcher = mentions.compile_matcher(index)
    m = tables["mentions"]
    by_source: dict[str, list] = defaultdict(list)
    for _, sid, start, end, table, eid in _rows(m, ["source_id", "start", "end", "entity_table", "entity_id"]):
        by_source[sid].append((start, end, table, eid))
    bad = []
    for sid, rows in by_source.items():
        if sid not in texts:
            continue
        found = {(r["start"], r["end"], r["entity_table"], r["entity_id"])
                 for r in mentions.find_mentions(sid, texts[sid], index, matcher)}
        bad += [(sid, r) for r in rows if r not in found]
    for sid, (start, end, table, eid) in bad[:50]:
        rep.add("mentions", f"{sid}/{start}", f"is not a mention of {table}/{eid} that the names in the package give at "
                f"{start}..{end}", "rebuild", "derived")
    if len(bad) > 50:
        rep.problems.append(Problem(rep.where("mentions"), f"... and {len(bad) - 50} more mentions the names do not give",
                                    "rebuild", "derived"))
