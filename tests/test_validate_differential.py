"""Differential: on an edited descriptor (the data untouched, what datapackage.json declares
about it changed), `westminster-casefile validate` finds every table frictionless finds invalid,
because it compares the descriptor with schemas/ (issue 9, "Bad data that passes as valid")."""
from __future__ import annotations

import json
import shutil

import pytest

from westminster_casefile import schema
from westminster_casefile.validate import validate


def _edit(folder, edits):
    path = folder / "datapackage.json"
    d = json.loads(path.read_text())
    by_name = {r["name"]: r for r in d["resources"]}
    for name, fn in edits:
        resource = d if name is None else by_name[name]
        if name is not None and isinstance(resource.get("schema"), str):
            # Data Package v2 names the schema by path: the edit inlines an edited copy of it
            resource["schema"] = json.loads((folder / resource["schema"]).read_text())
        fn(resource)
    path.write_text(json.dumps(d, indent=1))


def _field(resource, name):
    return next(f for f in resource["schema"]["fields"] if f["name"] == name)


EDITS = {
    "type": ("events", lambda r: _field(r, "source_count").update(type="date")),
    "pattern": ("institutions", lambda r: _field(r, "country")["constraints"].update(pattern="^[a-z]{2}$")),
    "enum": ("statements-parquet", lambda r: _field(r, "kind")["constraints"].update(enum=["full_quote"])),
    "dialect": ("people", lambda r: r["dialect"].update(delimiter=";")),
    "required": ("sources", lambda r: _field(r, "url").setdefault("constraints", {}).update(required=True)),
    "primary-key": ("affiliations", lambda r: r["schema"].update(primaryKey=["person_id"])),
    "foreign-key": ("evidence", lambda r: r["schema"]["foreignKeys"].append(
        {"fields": "record_id", "reference": {"resource": "people", "fields": "person_id"}})),
    "minimum": ("mentions-parquet", lambda r: _field(r, "start")["constraints"].update(minimum=500)),
}


def _covered(ours) -> set[str]:
    """Tables we flag, and the tables whose foreign keys point into one whose descriptor we
    flag: frictionless reports those knock-on failures too, we report their cause once."""
    tables = {p.where.split(" ")[0].split("/")[-1].split(".")[0] for p in ours}
    causes = {p.where.split("/")[-1].split(".")[0] for p in ours if p.code == "descriptor-differs"}
    return tables | {t for t in schema.TABLES for _, ref, _ in schema.foreign_keys(t) if ref in causes}


def _frictionless_invalid(folder) -> set[tuple[str, str]]:
    from frictionless import Package

    report = Package(str(folder / "datapackage.json")).validate()
    return {(task.name, err.type) for task in report.tasks for err in task.errors}


@pytest.mark.parametrize("kind", sorted(EDITS))
def test_an_edited_descriptor_is_caught_wherever_frictionless_catches_it(root, tmp_path, kind):
    folder = tmp_path / "datapackage"
    shutil.copytree(root / "datapackage", folder)
    _edit(folder, [EDITS[kind]])
    theirs = _frictionless_invalid(folder)
    ours = validate(folder)
    assert ours, f"an edited descriptor ({kind}) passed as valid"
    tables = _covered(ours)
    for resource, error_type in theirs:
        assert resource.removesuffix("-parquet") in tables, f"missed frictionless' {error_type} in {resource}"
    assert all(p.code == "descriptor-differs" for p in ours)


def test_all_edits_at_once_and_the_licence(root, tmp_path):
    folder = tmp_path / "datapackage"
    shutil.copytree(root / "datapackage", folder)
    _edit(folder, [*EDITS.values(), (None, lambda d: d["licenses"][0].update(name="CC0-1.0"))])
    theirs = {r.removesuffix("-parquet") for r, _ in _frictionless_invalid(folder)}
    assert len(theirs) >= 3  # the "frictionless reports three tables invalid"
    ours = validate(folder)
    tables = _covered(ours)
    assert theirs <= tables
    assert any("licence" in p.message and "CC0-1.0" in p.message for p in ours)
