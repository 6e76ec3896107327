"""datapackage.json is Data Package v2 as the standard writes it, every Frictionless tool reads
it, and the data dictionary says what the descriptor says (both derived from schemas/)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from westminster_casefile import descriptor, dictionary, schema


@pytest.fixture(scope="module")
def package(root):
    return root / "datapackage"


@pytest.fixture(scope="module")
def dp(package):
    return json.loads((package / "datapackage.json").read_text(encoding="utf-8"))


def _schemas(package, dp):
    return {r["name"]: json.loads((package / r["schema"]).read_text(encoding="utf-8")) for r in dp["resources"]}


def test_package_properties_of_v2(dp):
    assert dp["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert dp["name"] == "westminster-casefile" and dp["id"].startswith(dp["homepage"])
    assert dp["homepage"].startswith("https://") and dp["version"] in dp["id"]
    assert len(dp["created"]) == 20 and dp["created"].endswith("Z")
    assert all(set(c["roles"]) <= {"creator", "contributor"} for c in dp["contributors"])


def test_resources_are_tables_with_schemas_by_path_written_once(package, dp):
    paths = {}
    for r in dp["resources"]:
        assert r["type"] == "table"
        assert isinstance(r["schema"], str) and (package / r["schema"]).is_file(), r["name"]
        paths.setdefault(r["schema"], []).append(r["name"])
    for table in schema.TABLES:
        has_lists = any(f["type"] == "array" for f in schema.fields(table))
        # CSV and Parquet share one schema file unless list columns must differ for frictionless
        assert (paths[f"schemas/{table}.json"] == [table, f"{table}-parquet"]) != has_lists
    shipped = {p.relative_to(package).as_posix() for p in (package / "schemas").iterdir()}
    assert shipped == set(paths)  # no orphan schema files
    # nothing inlined: the descriptor is a small index
    assert len((package / "datapackage.json").read_bytes()) < 20_000


def test_keys_are_arrays_and_self_references_omit_resource(package, dp):
    for name, s in _schemas(package, dp).items():
        table = name.removesuffix("-parquet")
        assert s["primaryKey"] == schema.primary_key(table)
        assert isinstance(s["primaryKey"], list)
        for fk in s.get("foreignKeys", []):
            assert isinstance(fk["fields"], list) and isinstance(fk["reference"]["fields"], list)
            assert fk["reference"].get("resource", "missing") != ""
            assert fk["reference"].get("resource") in set(schema.TABLES) - {table} or "resource" not in fk["reference"]
    parent = _schemas(package, dp)["institutions"]["foreignKeys"]
    assert {"fields": ["parent_institution_id"], "reference": {"fields": ["institution_id"]}} in parent
    assert '"resource": ""' not in json.dumps(_schemas(package, dp))


def test_csv_dialect_is_the_flat_v2_form(dp):
    for r in dp["resources"]:
        if r["format"] == "csv":
            assert r["dialect"] == {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"',
                                    "doubleQuote": True, "header": True}


def test_allowed_values_are_v2_categories_from_schemas(package, dp):
    shipped = _schemas(package, dp)
    assert "enumDescriptions" not in json.dumps(shipped)
    for table in schema.TABLES:
        declared = {f["name"]: f for f in shipped[table]["fields"]}
        for f in schema.fields(table):
            if "enumDescriptions" in f:
                cats = declared[f["name"]]["categories"]
                assert [c["value"] for c in cats] == f["constraints"]["enum"]
                assert {c["value"]: c["label"] for c in cats} == f["enumDescriptions"]
                labels = [c["label"] for c in cats]
                assert len(set(labels)) == len(labels), f"{table}.{f['name']}: v2 labels must be unique"


def test_committed_descriptor_is_what_descriptor_py_renders(package, dp):
    for r in dp["resources"]:
        table, fmt = r["name"].removesuffix("-parquet"), r["format"]
        assert json.loads((package / r["schema"]).read_text()) == descriptor.table_schema(table, fmt)


def test_frictionless_validates_the_package(package):
    pytest.importorskip("frictionless")
    out = subprocess.run([sys.executable, "-m", "frictionless", "validate", "--json", "datapackage.json"],
                         capture_output=True, text=True, cwd=package)
    report = json.loads(out.stdout)
    assert report["valid"], [(t["name"], t["errors"][:2]) for t in report["tasks"] if not t["valid"]]
    assert len(report["tasks"]) == 2 * len(schema.TABLES)


def test_csv_resources_validate_with_plain_frictionless(package, tmp_path):
    # A fresh virtualenv with `pip install frictionless`, no [parquet] extra (no pyarrow), as the
    # README says: the nine CSV resources validate (foreign keys too), the Parquet ones ask for it.
    import venv

    env = tmp_path / "venv"
    venv.create(env, with_pip=True, system_site_packages=False)
    subprocess.run([str(env / "bin" / "python"), "-m", "pip", "install", "-q", "frictionless"], check=True)
    has_pyarrow = subprocess.run([str(env / "bin" / "python"), "-c", "import pyarrow"], capture_output=True)
    assert has_pyarrow.returncode != 0  # really without the extra
    out = subprocess.run([str(env / "bin" / "frictionless"), "validate", "--json", "datapackage.json"],
                         capture_output=True, text=True, cwd=package)
    tasks = {t["name"]: t for t in json.loads(out.stdout)["tasks"]}
    for table in schema.TABLES:
        assert tasks[table]["valid"], (table, tasks[table]["errors"][:2])
        parquet = tasks[f"{table}-parquet"]
        assert not parquet["valid"] and "frictionless[parquet]" in json.dumps(parquet["errors"])


def test_dictionary_says_what_the_descriptor_says():
    text = dictionary.render()
    for table in schema.TABLES:
        for f in descriptor.table_schema(table)["fields"]:
            for c in f.get("categories", []):
                assert f"- `{c['value']}`: {c['label']}" in text.split(f"\n## {table}\n")[1].split("\n## ")[0]


def test_published_basis_is_described_as_the_date_not_the_publisher():
    text = dictionary.render()
    section = text.split("`published_basis` values:")[1].split("\n\n")[1]
    assert "publisher" not in section and "dates it" in section
    # no enum field of a table borrows another field's description of the same value
    for table in schema.TABLES:
        seen = {}
        for f in schema.fields(table):
            for value, label in (f.get("enumDescriptions") or {}).items():
                assert (value, label) not in seen, f"{table}.{f['name']} repeats {seen.get((value, label))}'s text for {value}"
                seen[(value, label)] = f["name"]


def test_descriptor_constraints_are_schemas_except_patterns_of_optional_columns(package, dp):
    shipped = _schemas(package, dp)
    for table in schema.TABLES:
        declared = {f["name"]: f for f in shipped[table]["fields"]}
        for f in schema.fields(table):
            truth = f.get("constraints", {})
            got = declared[f["name"]].get("constraints", {})
            if truth.get("required"):
                assert got == truth, (table, f["name"])
            else:
                assert got == {k: v for k, v in truth.items() if k != "pattern"}, (table, f["name"])
