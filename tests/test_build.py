"""The real build of the real articles: offsets, provenance, determinism, the committed package."""
from __future__ import annotations

import hashlib

from westminster_casefile import schema
from westminster_casefile.build import build


def test_every_table_is_built_and_non_empty(built):
    assert list(built.tables) == list(schema.TABLES)
    for name, rows in built.tables.items():
        assert rows, f"{name} is empty"


def test_every_evidence_quote_is_at_its_offsets(built, texts):
    for row in built.tables["evidence"]:
        assert texts[row["source_id"]][row["start"]:row["end"]] == row["quote"], row["evidence_id"]


def test_every_mention_is_at_its_offsets_and_names_a_known_entity(built, texts):
    names = {}
    for table, key in (("people", "person_id"), ("institutions", "institution_id")):
        for row in built.tables[table]:
            names[row[key]] = {row["name"], *row["aliases"]}
    for row in built.tables["mentions"]:
        assert texts[row["source_id"]][row["start"]:row["end"]] == row["surface"]
        assert row["surface"] in names[row["entity_id"]]


def test_longest_name_wins_in_mentions(built, texts):
    # "Christopher Cash" is one mention of the full name, not also a mention of "Cash".
    starts = {(m["source_id"], m["start"]): m for m in built.tables["mentions"]}
    text = texts["004_46aa628ade0cc412"]
    i = text.index("Christopher Cash")
    assert starts[("004_46aa628ade0cc412", i)]["surface"] == "Christopher Cash"
    assert ("004_46aa628ade0cc412", i + len("Christopher ")) not in starts


def test_source_metadata_matches_the_files(built, root):
    for row in built.tables["sources"]:
        raw = (root / "sources" / f"{row['source_id']}.txt").read_bytes()
        assert row["text_sha256"] == hashlib.sha256(raw).hexdigest()
        assert row["text_chars"] == len(raw.decode("utf-8"))


def test_rows_are_sorted_by_primary_key(built):
    for name, rows in built.tables.items():
        keys = [tuple(str(r[k]) for k in schema.primary_key(name)) for r in rows]
        assert len(set(keys)) == len(keys), f"{name} has duplicate keys"


def test_source_count_matches_distinct_evidence_sources(built):
    cited = {}
    for ev in built.tables["evidence"]:
        cited.setdefault((ev["record_table"], ev["record_id"]), set()).add(ev["source_id"])
    for table, key in (("people", "person_id"), ("events", "event_id"), ("statements", "statement_id")):
        for row in built.tables[table]:
            assert row["source_ids"] == sorted(cited[(table, row[key])])
            assert row["source_count"] == len(row["source_ids"])
    # the drop of the case is reported by all five articles
    events = {r["event_id"]: r for r in built.tables["events"]}
    assert events["cps-drops-case"]["source_count"] == 5


def test_two_builds_are_byte_identical(built, tmp_path, root):
    again = build(root, tmp_path / "again")
    assert again.files.keys() == built.files.keys()
    for rel, data in built.files.items():
        assert data == again.files[rel], rel
        assert (tmp_path / "again" / rel).read_bytes() == data


def test_committed_datapackage_is_the_fresh_build(built, root):
    committed = {p.relative_to(root / "datapackage").as_posix(): p.read_bytes()
                 for p in (root / "datapackage").rglob("*") if p.is_file()}
    assert committed.keys() == built.files.keys(), "stale datapackage/: run `westminster-casefile build`"
    stale = [rel for rel, data in built.files.items() if committed[rel] != data]
    assert not stale, f"stale datapackage/ files {stale}: run `westminster-casefile build` and commit"


def test_relative_dates_are_resolved_against_the_source(built):
    events = {r["event_id"]: r for r in built.tables["events"]}
    letter = events["committee-chairs-letter-to-parkinson"]  # "On Monday", in an article of Thu 2 Oct 2025
    assert (str(letter["date_start"]), letter["date_precision"], letter["date_basis"]) == ("2025-09-29", "day", "resolved")
    trial = events["woolwich-trial"]  # "from October 6", scheduled, in an article of the week of 15 Sep 2025
    assert (str(trial["date_start"]), trial["status"]) == ("2025-10-06", "cancelled")


def test_translated_source_flags_its_evidence_and_statements(built):
    translated = {r["source_id"] for r in built.tables["sources"] if r["translated"]}
    assert translated == {"000_0746aee393909495"}
    for ev in built.tables["evidence"]:
        assert ev["translated"] == (ev["source_id"] in translated)
    by_id = {}
    for ev in built.tables["evidence"]:
        if ev["record_table"] == "statements":
            by_id.setdefault(ev["record_id"], set()).add(ev["source_id"])
    for st in built.tables["statements"]:
        assert st["translated"] == (by_id[st["statement_id"]] <= translated)


def test_statement_text_and_wording_variants_come_from_the_evidence(built):
    quotes = {}
    for ev in built.tables["evidence"]:
        if ev["record_table"] == "statements":
            quotes.setdefault(ev["record_id"], []).append(ev)
    with_variants = [s for s in built.tables["statements"] if s["wording_variants"]]
    assert with_variants, "the back-translated quotes of 000 should differ from 001's wording"
    for st in built.tables["statements"]:
        evidence = quotes[st["statement_id"]]
        first_source = evidence[0]["source_id"]
        assert st["text"].startswith(evidence[0]["quote"])
        own = [e["quote"] for e in evidence if e["source_id"] == first_source]
        for part in st["text"].split(" … "):
            assert all(any(word in q for q in own) for word in part.split()), (st["statement_id"], part)
        others = {e["source_id"] for e in evidence} - {first_source}
        assert len(st["wording_variants"]) <= len(others)
        for variant in st["wording_variants"]:
            assert variant != st["text"]
            assert any(variant.startswith(e["quote"]) for e in evidence if e["source_id"] in others)


def test_quotations_across_paragraphs_join_and_fragments_mark_the_elision(built):
    by_id = {s["statement_id"]: s for s in built.tables["statements"]}
    letter = by_id["starmer-letter-no-pressure-on-witnesses"]["text"]  # four paragraphs in 003
    assert letter.startswith("I can confirm") and "Let me also say" in letter and "Furthermore" in letter
    assert "…" not in letter
    # 004: said his team had considered "alternative offences" but concluded "none were suitable"
    assert by_id["parkinson-alternative-offences-none-suitable"]["text"] == "alternative offences … none were suitable"


def test_events_record_how_other_articles_word_the_date(built):
    events = {r["event_id"]: r for r in built.tables["events"]}
    dropped = events["cps-drops-case"]
    assert dropped["date_text"] == "On 15 September"  # 001
    assert {"000_0746aee393909495: September 15", "004_46aa628ade0cc412: earlier this week",
            "002_3e7309714ba7935b: last month"} <= set(dropped["date_variants"])
    # 001: "between December 2021 and February 2023"; 004: "between 2021 and 2023"
    assert "004_46aa628ade0cc412: between 2021 and 2023" in events["cash-berry-alleged-espionage"]["date_variants"]


def test_a_waived_mention_is_excluded_at_its_place_only(built, texts):
    # 001: "A former party secretary for Beijing" is the city; "Beijing-sceptic" is the state
    text = texts["001_cb6e592867268d02"]
    city, state = text.index("Beijing,"), text.index("Beijing-sceptic")
    at = {(m["source_id"], m["start"]): m["entity_id"] for m in built.tables["mentions"]}
    assert ("001_cb6e592867268d02", city) not in at
    assert at[("001_cb6e592867268d02", state)] == "china"
