"""`westminster-casefile export sqlite`, read back with sqlite3 and served by a real Datasette;
and `datapackage-to-datasette` on the package itself."""
from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

import westminster_casefile
from westminster_casefile import schema
from westminster_casefile.cli import app

pytest.importorskip("sqlite_utils")
runner = CliRunner()


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("sqlite") / "westminster-casefile.db"
    result = runner.invoke(app, ["export", "sqlite", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_every_table_with_its_rows_types_and_keys(exported):
    con = sqlite3.connect(exported)
    con.execute("PRAGMA foreign_keys = ON")
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    for table in schema.TABLES:
        arrow = westminster_casefile.load(table, format="arrow")
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == arrow.num_rows
        info = {row[1]: row for row in con.execute(f"PRAGMA table_info({table})")}
        assert list(info) == schema.field_names(table)
        for f in schema.fields(table):
            cid, name, sqltype, notnull, _, pk = info[f["name"]]
            assert sqltype == ("INTEGER" if f["type"] in ("integer", "boolean") else "TEXT"), (table, name)
            assert bool(notnull) == bool(f.get("constraints", {}).get("required")) or pk, (table, name)
        assert [r[1] for r in sorted(info.values(), key=lambda r: r[5]) if r[5]] == schema.primary_key(table)
        fks = {(r[3], r[2], r[4]) for r in con.execute(f"PRAGMA foreign_key_list({table})")}
        assert fks == set(schema.foreign_keys(table)), table
    # the same values as the loader: dates as ISO text, lists as JSON, booleans 0/1
    first = con.execute("SELECT statement_id, date_start, source_ids, translated FROM statements "
                        "WHERE date_start IS NOT NULL ORDER BY statement_id LIMIT 1").fetchone()
    arrow = {r["statement_id"]: r for r in westminster_casefile.load("statements", format="arrow").to_pylist()}
    row = arrow[first[0]]
    assert first[1:] == (row["date_start"].isoformat(), json.dumps(row["source_ids"]), int(row["translated"]))


def test_foreign_key_columns_are_indexed(exported):
    con = sqlite3.connect(exported)
    for table in schema.TABLES:
        first_columns = {con.execute(f"PRAGMA index_info('{name}')").fetchone()[2]
                         for (_, name, *_rest) in con.execute(f"PRAGMA index_list('{table}')")}
        for column, _, _ in schema.foreign_keys(table):
            assert column in first_columns, (table, column)


def test_full_text_search_over_statements_and_evidence(exported):
    con = sqlite3.connect(exported)
    hits = con.execute("SELECT s.statement_id FROM statements_fts JOIN statements s ON s.rowid = statements_fts.rowid "
                       "WHERE statements_fts MATCH 'prejudicial'").fetchall()
    expected = [r for r in westminster_casefile.load("statements", format="arrow").to_pylist() if "prejudicial" in r["text"].lower()]
    assert len(hits) == len(expected) > 0
    quotes = con.execute("SELECT count(*) FROM evidence_fts WHERE evidence_fts MATCH 'spy'").fetchone()[0]
    assert quotes > 0


def test_refuses_to_replace_what_is_not_an_export(exported, tmp_path):
    precious = tmp_path / "notes.db"
    precious.write_text("not a database I made")
    result = runner.invoke(app, ["export", "sqlite", "--out", str(precious)])
    assert result.exit_code == 1 and "--force" in result.output
    assert precious.read_text() == "not a database I made"
    again = tmp_path / "again.db"
    shutil.copy(exported, again)
    assert runner.invoke(app, ["export", "sqlite", "--out", str(again)]).exit_code == 0  # an earlier export


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return json.loads(response.read())


@pytest.fixture(scope="module")
def datasette(exported):
    pytest.importorskip("datasette")
    port = _free_port()
    metadata = exported.with_name("westminster-casefile.metadata.json")
    proc = subprocess.Popen([sys.executable, "-m", "datasette", "serve", str(exported), "--metadata", str(metadata),
                             "-h", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(f"{base}/-/versions.json")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"datasette did not start: {proc.stderr.read().decode()[-2000:]}") from None
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_datasette_serves_a_table_with_its_metadata(datasette):
    people = _get(f"{datasette}/westminster-casefile/people.json?_shape=array&_size=max")
    assert len(people) == len(westminster_casefile.load("people"))
    assert {"person_id", "name", "aliases"} <= set(people[0])
    meta = _get(f"{datasette}/-/metadata.json")
    assert meta["license"] == "CC-BY-4.0" and meta["source"]
    tables = meta["databases"]["westminster-casefile"]["tables"]
    assert tables["statements"]["columns"]["text"] == next(f["description"] for f in schema.fields("statements") if f["name"] == "text")


def test_datasette_full_text_search(datasette):
    query = urllib.parse.urlencode({"_search": "prejudicial", "_shape": "array"})
    hits = _get(f"{datasette}/westminster-casefile/statements.json?{query}")
    assert hits and all("prejudicial" in h["text"].lower() for h in hits)
    query = urllib.parse.urlencode({"_search": "Alex", "_shape": "array"})
    quotes = _get(f"{datasette}/westminster-casefile/evidence.json?{query}")
    assert quotes and all("alex" in q["quote"].lower() for q in quotes)


def test_datapackage_to_datasette_loads_the_package(root, tmp_path):
    tool = shutil.which("datapackage-to-datasette", path=str(Path(sys.executable).parent))
    if tool is None:
        pytest.skip("datapackage-to-datasette is not installed")
    out = subprocess.run([tool, "dp.db", str(root / "datapackage" / "datapackage.json"), "dp.metadata.json"],
                         capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    con = sqlite3.connect(tmp_path / "dp.db")
    for table in schema.TABLES:
        n = len(westminster_casefile.load(table))
        assert con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == n
        assert con.execute(f'SELECT count(*) FROM "{table}-parquet"').fetchone()[0] == n
    meta = json.loads((tmp_path / "dp.metadata.json").read_text())
    assert meta["databases"]["dp.db"]["license"] == "CC-BY-4.0"
