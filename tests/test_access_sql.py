"""`westminster-casefile sql` and westminster_casefile.connect(): the nine tables, nothing else.

The sandbox is DuckDB's own (external access off, extensions never auto-installed or loaded,
configuration locked), so these tests try the real escape routes against a real connection."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

import westminster_casefile
from westminster_casefile.cli import app

runner = CliRunner()

ESCAPES = {
    "read_text": "SELECT * FROM read_text('/etc/passwd')",
    "read_csv": "SELECT * FROM read_csv('/etc/passwd')",
    "copy_to": "COPY (SELECT 1 AS a) TO '{tmp}/out.csv'",
    "attach": "ATTACH '{tmp}/other.duckdb' AS other",
    "install": "INSTALL httpfs",
    "load": "LOAD httpfs",
    "set": "SET enable_external_access = true",
    "reset": "RESET lock_configuration",
    "export": "EXPORT DATABASE '{tmp}/dump'",
    "url": "SELECT * FROM read_csv('https://example.com/x.csv')",
}


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_connect_refuses_files_network_extensions_and_settings(name, tmp_path):
    import duckdb

    con = westminster_casefile.connect()
    with pytest.raises(duckdb.Error, match="disabled|locked"):
        con.execute(ESCAPES[name].format(tmp=tmp_path))
    assert list(tmp_path.iterdir()) == []  # nothing written
    # the package's tables are still there after the refusal
    assert con.execute("SELECT count(*) FROM statements").fetchone()[0] == len(westminster_casefile.load("statements"))


@pytest.mark.parametrize("name", ["read_text", "copy_to", "attach", "install", "set"])
def test_sql_command_refuses_with_a_clear_message(name, tmp_path):
    result = runner.invoke(app, ["sql", ESCAPES[name].format(tmp=tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith("error: ") and "Traceback" not in result.output
    assert "reads the package's nine tables only" in result.output
    assert list(tmp_path.iterdir()) == []


def test_sql_does_not_cut_cells():
    longest = max(westminster_casefile.load("statements").text, key=len)
    assert len(longest) > 60
    result = runner.invoke(app, ["sql", "SELECT text FROM statements ORDER BY length(text) DESC LIMIT 1"])
    assert result.exit_code == 0
    assert longest in result.output.splitlines()[2]


def test_sql_keeps_duckdbs_did_you_mean_hints():
    result = runner.invoke(app, ["sql", "SELECT txt FROM statements"])
    assert result.exit_code == 1 and 'Candidate bindings: "text"' in result.output
    result = runner.invoke(app, ["sql", "SELECT * FROM statement"])
    assert result.exit_code == 1 and 'Did you mean "statements"' in result.output


def test_version_and_short_help():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"westminster-casefile {westminster_casefile.__version__}"
    for args in (["-h"], ["sql", "-h"], ["info", "-h"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0 and "Usage" in result.output, args


def test_sql_on_a_missing_or_damaged_package_is_a_clear_error(project):
    folder = project / "datapackage"
    (folder / "parquet" / "people.parquet").write_bytes(b"PAR1 not really")
    result = runner.invoke(app, ["sql", "SELECT 1", "--package", str(folder)])
    assert result.exit_code == 1 and "cannot read the package" in result.output and "Traceback" not in result.output
    (folder / "parquet" / "people.parquet").unlink()
    result = runner.invoke(app, ["sql", "SELECT 1", "--package", str(folder)])
    assert result.exit_code == 1 and "cannot read the package" in result.output


def test_connect_to_a_package_folder(project):
    con = westminster_casefile.connect(project / "datapackage")
    assert con.execute("SELECT count(*) FROM people").fetchone()[0] == len(westminster_casefile.load("people"))
