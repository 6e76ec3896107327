"""Every mistake a curator can make stops the build with a message naming the file and line (or
record) and the fix; no traceback; datapackage/ untouched; all problems of a run reported."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from typer.testing import CliRunner

from westminster_casefile.cli import app

runner = CliRunner()


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def build_fails(project: Path) -> list[dict]:
    """Run `westminster-casefile build --format json`; assert it failed cleanly; return the problems."""
    before = snapshot(project / "datapackage")
    result = runner.invoke(app, ["build", "--root", str(project), "--format", "json"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert snapshot(project / "datapackage") == before, "a failed build touched datapackage/"
    assert not [p for p in project.iterdir() if p.name.startswith(".datapackage")], "staging left behind"
    report = json.loads(result.output)
    assert report["valid"] is False and report["problems"]
    for p in report["problems"]:
        assert p["where"] and p["message"]
    return report["problems"]


def text_output(project: Path) -> str:
    result = runner.invoke(app, ["build", "--root", str(project)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    return result.output


def located(problems, file: str, code: str) -> list[dict]:
    """Problems of this code located at a line of this file."""
    return [p for p in problems if p["code"] == code and re.fullmatch(rf"{re.escape(file)}:\d+", p["where"])]


def test_malformed_yaml(project):
    path = project / "annotations" / "people.yaml"
    edit(path, "  name: Cai Qi", "  name: [Cai Qi")
    problems = build_fails(project)
    assert located(problems, "annotations/people.yaml", "malformed-yaml")


def test_unknown_key_with_did_you_mean(project):
    edit(project / "annotations" / "people.yaml", "  description:", "  descripton:")
    (p,) = [p for p in build_fails(project) if p["code"] == "unknown-key"]
    assert "descripton" in p["message"] and "description" in p["hint"]
    assert re.fullmatch(r"annotations/people.yaml:\d+", p["where"])


def test_missing_required_field_and_wrong_type(project):
    path = project / "annotations" / "events.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\n    type: \w+\n", "\n", text, count=1)            # the first event loses its type
    text = re.sub(r"(\n    title: )", r"\1[not, text]\n    # ", text, count=1)  # a list where text belongs
    path.write_text(text, encoding="utf-8")
    problems = build_fails(project)
    assert located(problems, "annotations/events.yaml", "missing-field")
    assert located(problems, "annotations/events.yaml", "wrong-type")


def test_duplicate_id(project):
    path = project / "annotations" / "people.yaml"
    text = path.read_text(encoding="utf-8")
    first = re.search(r"\n  - id: ([a-z-]+)\n", text).group(1)
    second = re.findall(r"\n  - id: ([a-z-]+)\n", text)[1]
    path.write_text(text.replace(f"- id: {second}\n", f"- id: {first}\n", 1), encoding="utf-8")
    problems = build_fails(project)
    (dup,) = located(problems, "annotations/people.yaml", "duplicate-id")
    assert first in dup["message"] and "also at annotations/people.yaml:" in dup["message"]


def test_unknown_reference_with_did_you_mean(project):
    edit(project / "annotations" / "affiliations.yaml", "person: cai-qi", "person: cai-qui")
    (p,) = [p for p in build_fails(project) if p["code"] == "unknown-ref"]
    assert "cai-qui" in p["message"] and "'cai-qi'" in p["hint"]
    assert p["where"].startswith("annotations/affiliations.yaml:")


def test_quote_not_found_shows_the_closest_passage(project):
    # a straight apostrophe typed where the article prints a curly one
    edit(project / "annotations" / "statements-000-001.yaml", "really aren’t accessible", "really aren't accessible")
    problems = build_fails(project)
    (p,) = [p for p in problems if p["code"] == "quote-not-found"]
    assert "really aren’t accessible" in p["hint"]  # the passage as printed
    assert p["where"].startswith("annotations/statements-000-001.yaml:")


def test_quote_found_twice_needs_an_occurrence(project):
    path = project / "annotations" / "people.yaml"
    text = path.read_text(encoding="utf-8")
    # cite a name that occurs many times in its article, without saying which occurrence
    text = text.replace("people:\n", "people:\n  - id: test-person\n    name: Test Person\n    description: A test.\n"
                        "    evidence:\n      - {source: 001_cb6e592867268d02, quote: Cai}\n", 1)
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("      - {source: 001_cb6e592867268d02, quote: Cai}") + 1
    (p,) = [p for p in build_fails(project) if p["code"] == "quote-ambiguous"]
    assert "occurrence" in p["message"] and p["where"] == f"annotations/people.yaml:{line}"


def test_changed_article_is_refused_by_its_pinned_sha256(project):
    path = project / "sources" / "004_46aa628ade0cc412.txt"
    path.write_bytes(path.read_bytes().replace(b"Prosecutors", b"Prosecutor", 1))
    problems = build_fails(project)
    (p,) = [p for p in problems if p["code"] == "sha-mismatch"]
    assert "004_46aa628ade0cc412" in p["message"] and "offsets would be stale" in p["hint"]


def test_article_that_is_not_utf8(project):
    path = project / "sources" / "004_46aa628ade0cc412.txt"
    raw = path.read_text(encoding="utf-8").encode("cp1252", errors="replace") + b"\x81\x8d"
    path.write_bytes(raw)
    digest = hashlib.sha256(raw).hexdigest()
    edit(project / "sources" / "sources.yaml", "c05533fb014e0fc5664b1bc61810fd04fef64a6add26f60ddb118f9fe815445d", digest)
    assert any(p["code"] == "not-utf8" for p in build_fails(project))


def test_source_path_outside_sources(project):
    edit(project / "sources" / "sources.yaml", "  - id: 004_46aa628ade0cc412\n",
         "  - id: 004_46aa628ade0cc412\n    file: ../annotations/people.yaml\n")
    assert any(p["code"] == "path-outside" for p in build_fails(project))


def test_impossible_date_and_end_before_start(project):
    path = project / "annotations" / "events.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('value: "2022-10"', 'value: "2022-02-30"', 1)
    text = text.replace('value: "2021-12/2023-02"', 'value: "2023-02/2021-12"', 1)
    path.write_text(text, encoding="utf-8")
    problems = [p for p in build_fails(project) if p["code"] == "bad-date"]
    messages = " ".join(p["message"] for p in problems)
    assert "not a real date" in messages and "before it starts" in messages


def test_event_dated_after_the_articles_that_report_it(project):
    edit(project / "annotations" / "events.yaml", 'value: "2022-10"', 'value: "2026-10"')
    problems = build_fails(project)
    assert any(p["code"] == "date-after-sources" and "cai-qi-promoted-standing-committee" in p["where"] for p in problems)


def test_enum_value_lists_the_allowed_ones(project):
    edit(project / "annotations" / "events.yaml", "status: happened", "status: hapened")
    (p,) = [p for p in build_fails(project) if p["code"] == "bad-enum"]
    assert "'happened'" in p["hint"] and "scheduled" in p["hint"] and "cancelled" in p["hint"]


def test_empty_statement_text(project):
    path = project / "annotations" / "statements-004.yaml"
    edit(path, "\n    kind:", '\n    text: "   "\n    kind:')
    (p,) = [p for p in build_fails(project) if p["code"] == "empty-text"]
    assert "'text'" in p["message"]


def test_formula_like_curated_text_is_refused(project):
    edit(project / "annotations" / "people.yaml", "  name: Cai Qi", "  name: =HYPERLINK(\"http://x\")")
    assert any(p["code"] == "formula" for p in build_fails(project))


def test_all_problems_of_a_run_are_reported_together(project):
    edit(project / "annotations" / "people.yaml", "  description:", "  descripton:")
    edit(project / "annotations" / "events.yaml", "status: happened", "status: hapened")
    edit(project / "annotations" / "affiliations.yaml", "person: cai-qi", "person: cai-qui")
    codes = {p["code"] for p in build_fails(project)}
    assert {"unknown-key", "bad-enum", "unknown-ref"} <= codes


def test_text_output_names_file_line_and_fix(project):
    edit(project / "annotations" / "events.yaml", "status: happened", "status: hapened")
    out = text_output(project)
    assert re.search(r"annotations/events.yaml:\d+: event [a-z-]+: status 'hapened' is not allowed", out)
    assert "fix: did you mean 'happened'?" in out


def test_huge_article_is_handled_in_linear_time(project):
    # 4 MB of text and a quote that is not in it: anchoring and the closest-passage search must
    # stay linear (a quadratic search would not finish within the test run).
    path = project / "sources" / "004_46aa628ade0cc412.txt"
    raw = path.read_bytes() * 800
    path.write_bytes(raw)
    edit(project / "sources" / "sources.yaml", "c05533fb014e0fc5664b1bc61810fd04fef64a6add26f60ddb118f9fe815445d",
         hashlib.sha256(raw).hexdigest())
    problems = build_fails(project)  # the article's quotes now occur 800 times each
    assert any(p["code"] == "quote-ambiguous" for p in problems)
