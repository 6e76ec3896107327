"""Completeness of the curation, measured on the articles themselves (issue: the complete case file).

- every quotation in every article is covered by a statement's evidence, or waived with a reason;
- every capitalised name-like phrase resolves to a known name or alias, or is waived;
- no event is dated after the articles that report it, unless scheduled (or cancelled)."""
from __future__ import annotations

import pytest

from westminster_casefile.build import anchor, curation
from westminster_casefile.text import find_quotations, name_phrases

SOURCES = ["000_0746aee393909495", "001_cb6e592867268d02", "002_3e7309714ba7935b",
           "003_ec0cfd7908f470a4", "004_46aa628ade0cc412"]
# Capitalised words that open sentences or name months and days: never entities on their own.
GENERIC = set("""A An And As At But By During Even For From He Her His However I If In It Its Last Many Members
Meanwhile Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
August September October November December More Most Mr Ms My No Not Of On One Our Overnight Particularly
Prof Professor Sir Some That The Their There These They This Those To Under We What When Where While Who Will
With You Asked Both Christopher Contact Clearly Do Giving Let Furthermore Previously Observers Speaking
Terrorism Those Former Labour's Chairmen""".split())


@pytest.fixture(scope="module")
def waivers(root):
    records, problems = curation.read(root / "annotations", root)
    assert not problems, problems
    return records


def _covered(span, spans) -> float:
    start, end = span
    chars = [i for i in range(start, end)]
    hit = sum(1 for i in chars if any(s <= i < e for s, e in spans))
    return hit / max(1, len(chars))


@pytest.mark.parametrize("source_id", SOURCES)
def test_every_quotation_is_a_statement_or_waived(source_id, built, texts, waivers):
    text = texts[source_id]
    spans = [(e["start"], e["end"]) for e in built.tables["evidence"]
             if e["source_id"] == source_id and e["record_table"] == "statements"]
    for w in waivers["waived_quotations"]:
        if w.get("source") == source_id:
            found = anchor.anchor(text, w.get("quote"), w.get("occurrence"))
            assert not isinstance(found, str), f"waiver {w.where}: {found}"
            spans.append(found)
    quotations = find_quotations(text)
    assert quotations, "the quotation finder found nothing"
    missing = [q.text for q in quotations if _covered((q.start, q.end), spans) < 0.9]
    assert not missing, f"quotations in {source_id} neither curated nor waived: {missing}"


@pytest.mark.parametrize("source_id", SOURCES)
def test_every_name_resolves_or_is_waived(source_id, built, texts, waivers):
    text = texts[source_id]
    mentioned = [(m["start"], m["end"]) for m in built.tables["mentions"] if m["source_id"] == source_id]
    for w in waivers["waived_mentions"]:  # a reviewed exclusion resolves the name too
        if w.get("source") == source_id:
            mentioned.append(anchor.anchor(text, w.get("quote"), w.get("occurrence")))
    waived = {w.get("phrase") for w in waivers["waived_names"]}
    unresolved = []
    for phrase in name_phrases(text):
        words = phrase.text.split()
        if phrase.text in waived or all(w.strip("’'") in GENERIC for w in words):
            continue
        if any(s < phrase.end and phrase.start < e for s, e in mentioned):
            continue
        if any(w in waived for w in words) and all(w in waived or w in GENERIC for w in words):
            continue
        unresolved.append(phrase.text)
    assert not unresolved, f"name-like phrases in {source_id} that match no entity and no waiver: {unresolved}"


def test_no_event_is_dated_after_the_articles_reporting_it(built):
    published_end = {s["source_id"]: s["published_end"] for s in built.tables["sources"]}
    sources_of = {}
    for ev in built.tables["evidence"]:
        if ev["record_table"] == "events":
            sources_of.setdefault(ev["record_id"], set()).add(ev["source_id"])
    checked = 0
    for event in built.tables["events"]:
        if event["date_start"] is None or event["status"] in ("scheduled", "cancelled"):
            continue
        latest = max(published_end[s] for s in sources_of[event["event_id"]])
        assert event["date_start"] <= latest, event["event_id"]
        checked += 1
    assert checked >= 10


def test_every_waiver_has_a_reason(waivers):
    for w in waivers["waived_quotations"] + waivers["waived_names"] + waivers["waived_mentions"]:
        assert len(w.get("reason", "").split()) >= 2, w.where


def test_quotation_finder_joins_quotes_continued_across_paragraphs(texts):
    # Starmer's letter in 003 runs over four paragraphs, each opening with “ and only the last closing.
    parts = [q for q in find_quotations(texts["003_ec0cfd7908f470a4"]) if q.continued or not q.closed]
    assert [q.continued for q in parts] == [False, True, True, True]
    assert parts[0].text.startswith("I can confirm") and parts[-1].text.startswith("Furthermore")
    # straight quotes, same rule (Kearns to The Telegraph in 004)
    straight = [q for q in find_quotations(texts["004_46aa628ade0cc412"]) if q.continued]
    assert len(straight) == 3


def test_every_audit_finding_has_a_resolution(built, root):
    """audits/*.yaml: every finding an independent audit made is fixed (saying what changed) or
    kept (saying why), and the rows a kept finding names still exist. A file holds the first
    audit's `findings` and, under `later_audits`, each later audit (`audit`, `findings`)."""
    import re

    import yaml

    keys = {"people": "person_id", "institutions": "institution_id", "affiliations": "affiliation_id",
            "events": "event_id", "statements": "statement_id", "sources": "source_id"}
    existing = {(table, row[key]) for table, key in keys.items() for row in built.tables[table]}
    files = sorted((root / "audits").glob("*.yaml"))
    assert {f.stem for f in files} >= {s["source_id"][:3] for s in built.tables["sources"]}, "one audit file per article"
    seen = set()
    r3 = {}
    for path in files:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert doc["article"] in {s["source_id"] for s in built.tables["sources"]}, path.name
        assert doc["findings"], path.name
        later = doc.get("later_audits") or []
        for audit in later:
            assert str(audit.get("audit", "")).strip() and audit["findings"], f"{path.name}: a later audit without its name or findings"
        for f in doc["findings"] + [f for audit in later for f in audit["findings"]]:
            where = f"{path.name}: {f.get('id')}"
            assert f["id"] not in seen, f"{where}: listed twice"
            seen.add(f["id"])
            assert f["kind"] in ("wrong", "misleading", "debatable", "recall"), where
            assert f["found"].strip() and isinstance(f["rows"], list), where
            assert f["resolution"] in ("fixed", "kept"), where
            if f["resolution"] == "fixed":
                assert f.get("change", "").strip(), f"{where}: fixed without saying what changed"
            else:
                assert f.get("reason", "").strip(), f"{where}: kept without a reason"
                for row in f["rows"]:
                    table, _, rid = row.partition("/")
                    if table in keys:
                        assert (table, rid) in existing, f"{where}: kept row {row} does not exist"
            m = re.fullmatch(r"R([345])-(\d{3})-(\d+)", f["id"])
            if m:
                # the R3, R4 and R5 audits numbered each article's findings 1..n: the file of that
                # article holds them all, and a fixed finding whose row is gone says so by its id
                assert m.group(2) == path.stem and doc["article"] in f["articles"], where
                if m.group(1) == "3":
                    r3.setdefault(path.stem, []).append(int(m.group(3)))
                for row in f["rows"]:
                    table, _, rid = row.partition("/")
                    if table in keys and (table, rid) not in existing:
                        assert rid in f.get("change", ""), f"{where}: row {row} is gone but the change does not say what became of it"
    assert len(seen) >= 77
    for stem, numbers in r3.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), f"audits/{stem}.yaml: R3 findings missing or duplicated"
    assert {"000", "001"} <= set(r3)


# Findings per article in each fresh audit of 2026-11-28, as its reports number them (R3 after the
# first fixes, R4 after R3's, R5 after R4's, R6 after R5's, R7 after the R6 calls were settled, R8 after R7's, R9 after R8's, R10 after R9's, R11 after R10's): a fresh reader per article, given only the article,
# the rows citing it, schemas/ and CURATION.md.
FRESH_AUDITS = {
    "R3": {"000": 15, "001": 18, "002": 17, "003": 17, "004": 12},
    "R4": {"000": 13, "001": 13, "002": 13, "003": 11, "004": 10},
    "R5": {"000": 10, "001": 15, "002": 13, "003": 8, "004": 11},
    "R6": {"000": 12, "001": 13, "002": 11, "003": 7, "004": 10},
    "R7": {"000": 9, "001": 10, "002": 8, "003": 8, "004": 9},
    "R8": {"000": 6, "001": 7, "002": 6, "003": 5, "004": 4},
    "R9": {"000": 8, "001": 6, "002": 7, "003": 7, "004": 7},
    "R10": {"000": 6, "001": 5, "002": 7, "003": 3, "004": 5},
    "R11": {"000": 7, "001": 5, "002": 6, "003": 4, "004": 3},
}


@pytest.mark.parametrize("audit", sorted(FRESH_AUDITS))
def test_every_fresh_audit_finding_is_recorded(root, audit):
    """An audit's findings on an article are all in its audit file, numbered <audit>-<nnn>-1 ...
    without a gap, as many as the audit report has, and filed under that audit (a `later_audits`
    entry whose name starts "2026-11-28 fresh audit <audit>", or `audit:` on the finding); the
    resolution itself is checked by test_every_audit_finding_has_a_resolution."""
    import re

    import yaml

    recorded = {}
    for path in sorted((root / "audits").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        found = [(f, f.get("audit", "")) for f in doc["findings"]]
        found += [(f, a["audit"]) for a in doc.get("later_audits") or [] for f in a["findings"]]
        numbers = []
        for f, name in found:
            if not str(f["id"]).startswith(f"{audit}-"):
                continue
            m = re.fullmatch(rf"{audit}-{path.stem}-(\d+)", f["id"])
            assert m, f"{path.name}: {f['id']} belongs to another article's file"
            assert str(name).startswith(f"2026-11-28 fresh audit {audit}"), f"{path.name}: {f['id']} not filed under audit {audit}"
            numbers.append(int(m.group(1)))
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), f"{path.name}: {audit} findings missing or repeated"
        recorded[path.stem] = len(numbers)
    for article, count in FRESH_AUDITS[audit].items():
        assert recorded.get(article) == count, f"audits/{article}.yaml: {recorded.get(article)} {audit} findings, the audit has {count}"
