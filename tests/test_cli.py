"""The command line, through typer's CliRunner and, where start-up matters, a real process."""
from __future__ import annotations

import json
import subprocess
import sys

import typer
from typer.testing import CliRunner

from casefile.cli import app

runner = CliRunner()


def test_every_command_has_help():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    commands = sorted(typer.main.get_command(app).commands)
    assert {"build", "validate", "info"} <= set(commands)
    for command in commands:
        sub = runner.invoke(app, [command, "--help"])
        assert sub.exit_code == 0 and "Usage" in sub.output, command


def test_help_does_not_import_heavy_libraries():
    code = ("import sys; from casefile.cli import app; "
            "heavy = [m for m in ('pandas', 'pyarrow', 'pandera', 'frictionless', 'duckdb', 'polars') if m in sys.modules]; "
            "print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_build_then_validate(project):
    result = runner.invoke(app, ["build", "--root", str(project), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "built" in result.output and "statements" in result.output
    result = runner.invoke(app, ["validate", str(project / "datapackage"), "--sources", str(project / "sources")])
    assert result.exit_code == 0, result.output
    assert "valid" in result.output


def test_build_json_output(project):
    result = runner.invoke(app, ["build", "--root", str(project), "--format", "json"])
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["valid"] is True and report["rows"]["statements"] > 0


def test_validate_reports_a_tampered_file_by_its_hash(project):
    csv_path = project / "datapackage" / "csv" / "people.csv"
    csv_path.write_bytes(csv_path.read_bytes().replace(b"Cai Qi", b"Cai Qx", 1))
    parquet_path = project / "datapackage" / "parquet" / "events.parquet"
    parquet_path.write_bytes(parquet_path.read_bytes() + b"\0")
    result = runner.invoke(app, ["validate", str(project / "datapackage"), "--json"])
    assert result.exit_code == 1
    problems = json.loads(result.output)["problems"]
    tampered = {p["where"] for p in problems if p["code"] == "tampered"}
    assert {"csv/people.csv", "parquet/events.parquet"} <= tampered
    assert any(p["code"] == "formats-differ" and p["where"] == "people" for p in problems)


def test_validate_missing_path_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["validate", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "does not exist" in result.output and "Traceback" not in result.output


def test_info_lists_tables_and_sources():
    result = runner.invoke(app, ["info"])
    assert result.exit_code == 0
    assert "CC-BY-4.0" in result.output and "statements" in result.output
    assert "The Telegraph" in result.output and "[translated]" in result.output
