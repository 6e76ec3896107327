"""The command line, through typer's CliRunner and, where start-up matters, a real process."""
from __future__ import annotations

import json
import subprocess
import sys

import typer
from typer.testing import CliRunner

from westminster_casefile.cli import app

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
    code = ("import sys; from westminster_casefile.cli import app; "
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


def test_sql_over_all_tables_in_three_formats():
    query = "SELECT s.kind, count(*) AS n FROM statements s JOIN evidence e ON e.record_id = s.statement_id GROUP BY 1 ORDER BY 1"
    table = runner.invoke(app, ["sql", query])
    assert table.exit_code == 0 and "full_quote" in table.output
    as_json = json.loads(runner.invoke(app, ["sql", query, "--format", "json"]).output)
    assert {row["kind"] for row in as_json} == {"full_quote", "partial_quote", "paraphrase"}
    as_csv = runner.invoke(app, ["sql", "SELECT person_id, aliases FROM people WHERE person_id = 'cai-qi'", "--format", "csv"])
    assert as_csv.output.splitlines() == ["person_id,aliases", 'cai-qi,"[""Cai""]"']


def test_sql_error_is_one_clear_line():
    result = runner.invoke(app, ["sql", "SELECT nope FROM nowhere"])
    assert result.exit_code == 1 and result.output.startswith("error:") and "Traceback" not in result.output


def test_validate_reports_a_precision_that_does_not_fit_the_dates(project):
    import hashlib

    folder = project / "datapackage"
    path = folder / "csv" / "events.csv"
    text = path.read_text(encoding="utf-8")
    assert ",2022-10-01,2022-10-31,month," in text  # Cai Qi's promotion, "In October 2022"
    path.write_text(text.replace(",2022-10-01,2022-10-31,month,", ",2022-10-01,2022-10-31,day,"), encoding="utf-8")
    descriptor = json.loads((folder / "datapackage.json").read_text())
    for res in descriptor["resources"]:
        if res["path"] == "csv/events.csv":
            data = path.read_bytes()
            res["bytes"], res["hash"] = len(data), "sha256:" + hashlib.sha256(data).hexdigest()
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    result = runner.invoke(app, ["validate", str(folder), "--json"])
    assert result.exit_code == 1
    problems = json.loads(result.output)["problems"]
    assert any(p["code"] == "date" and "precision 'day'" in p["message"] and
               p["where"] == "csv/events.csv [cai-qi-promoted-standing-committee]" for p in problems)


def test_validate_ignores_articles_the_package_was_not_built_from(project):
    # a changed article beside the package: its offsets cannot be checked, so they are not
    # reported as broken; the package itself is still valid
    path = project / "sources" / "004_46aa628ade0cc412.txt"
    path.write_bytes(b"Something else entirely.\n" + path.read_bytes())
    result = runner.invoke(app, ["validate", str(project / "datapackage"), "--sources", str(project / "sources")])
    assert result.exit_code == 0, result.output
