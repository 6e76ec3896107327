"""schemas/ is the single source of truth: complete, self-consistent, and what the checks enforce."""
from __future__ import annotations

import json
from datetime import date

import pytest

from westminster_casefile import checks, schema

DESIGN_COLUMNS = {  # the table contract of DESIGN.md: these columns must exist
    "sources": "source_id title publisher publisher_basis published_start published_end published_precision "
               "published_basis url language translated text_sha256 text_chars",
    "people": "person_id name aliases description",
    "institutions": "institution_id name aliases kind country parent_institution_id",
    "affiliations": "affiliation_id person_id institution_id role date_start date_end",
    "events": "event_id event_type title date_start date_end date_precision date_text date_basis status",
    "event_participants": "event_id participant_type participant_id role",
    "statements": "statement_id speaker_person_id speaker_institution_id speaker_label text kind medium "
                  "date_start date_end date_precision event_id",
    "evidence": "evidence_id source_id record_table record_id start end quote",
    "mentions": "source_id entity_table entity_id start end surface",
}


@pytest.mark.parametrize("table", schema.TABLES)
def test_schema_has_contract_columns_and_documents_every_field(table, root):
    s = json.loads((root / "schemas" / f"{table}.json").read_text())
    names = [f["name"] for f in s["fields"]]
    assert set(DESIGN_COLUMNS[table].split()) <= set(names)
    assert s["title"] and s["description"]
    for f in s["fields"]:
        assert f["title"] and f["description"], f"{table}.{f['name']}"
        enum = f.get("constraints", {}).get("enum")
        if enum:
            assert set(f["enumDescriptions"]) == set(enum), f"{table}.{f['name']}: every enum value described"
            assert all(f["enumDescriptions"][v] for v in enum)
    for key in schema.primary_key(table):
        assert key in names
    for field, ref_table, ref_field in schema.foreign_keys(table):
        assert field in names and ref_field in schema.field_names(ref_table)


def test_every_enum_value_used_is_in_the_schema(built):
    for table, rows in built.tables.items():
        for f in schema.fields(table):
            allowed = f.get("constraints", {}).get("enum")
            if allowed:
                used = {r[f["name"]] for r in rows if r[f["name"]] is not None}
                assert used <= set(allowed), f"{table}.{f['name']}"


def test_derived_pandera_schema_rejects_what_the_table_schema_forbids(built):
    good = dict(built.tables["events"][0])
    assert checks.check_table("events", [good], "events") == []
    bad = [
        {**good, "event_type": "coup"},           # enum
        {**good, "event_id": "Not A Slug"},       # pattern
        {**good, "title": None},                  # required
        {**good, "source_count": 0},              # minimum
    ]
    problems = checks.check_table("events", bad, "events")
    messages = " | ".join(p.message for p in problems)
    for expected in ("event_type", "event_id", "title", "source_count"):
        assert expected in messages
    # types are checked first, as rows become Arrow columns of the declared types
    (wrong_type,) = checks.check_table("events", [{**good, "date_start": "2025-13-01"}], "events")
    assert wrong_type.message == "date_start: must be a date (got '2025-13-01')"
    dup = checks.check_table("events", [good, good], "events")
    assert any("unique" in p.message for p in dup)


def test_cross_checks_catch_broken_references_and_dates(built):
    tables = {k: [dict(r) for r in v] for k, v in built.tables.items()}
    tables["statements"][0]["event_id"] = "no-such-event"
    tables["events"][0]["date_start"], tables["events"][0]["date_end"] = date(2025, 1, 2), date(2025, 1, 1)
    tables["evidence"][0]["start"] += 1
    problems = checks.cross_checks(tables, None, where=str)
    codes = {p.code for p in problems}
    assert {"foreign-key", "date", "offsets"} <= codes
